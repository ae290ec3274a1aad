//! Quantities of time: durations ("three decades", "nearly five months", "5 1/2 hours", "a
//! two-year term", "the past two months", "years"), offsets from the document date or the focus
//! ("three years ago", "thirty years later", "a year earlier") and rates ("$5 a year").

use super::{FUTURE_REF, Match, PAST_REF, Scanner, w};
use crate::calendar as cal;
use crate::table::{Table, WordMap, WordSet};
use crate::words::{self as lex, Unit};
use doc::TimexType;

struct QuantityWords {
    /// One-word approximations before a quantity: "nearly", "about", "over".
    approx: WordSet,
    /// Comparatives before "than": "more than", "fewer than".
    comparative: WordSet,
    /// After "at": "at least", "at most".
    at_bound: WordSet,
    /// After "no", before "than": "no more than".
    no_comparative: WordSet,
    /// After "well": "well over".
    well_bound: WordSet,
    /// Articles: "a year", "an hour".
    article: WordSet,
    /// Vague quantities: "several", "many".
    vague: WordSet,
    /// Words after "the" or starting a span that make a period ("the past two years", "the
    /// next decade"); value: direction, -1 back, 1 ahead.
    lead: WordMap<i8>,
    /// Lead words that place "past year" without "the" ("past year", "previous month").
    lead_start: WordSet,
    /// "recent": "recent years", "recent days".
    recent: WordSet,
    /// Words between a number and its unit: "two more years", "five trading days".
    unit_modifier: WordSet,
    /// After the unit, a relation that is no rate: "a year ago".
    offset_after: WordSet,
    /// Before "a year", an amount that makes it a rate ("$5 a year", "twice a year").
    rate_before: WordSet,
    /// After the unit: an offset from the document date ("three years ago"); value: sign.
    from_dct: WordMap<i8>,
    /// After the unit: an offset from the date in focus ("two days later"); value: sign.
    from_focus: WordMap<i8>,
    /// Offsets that are prepositions unless nothing follows ("two days before.").
    prepositional: WordSet,
    /// Tokens that end a clause: after them a prepositional offset stands alone.
    clause_end: WordSet,
    /// Words before a bare plural of a long unit that make it no duration ("light years").
    not_before_long_plural: WordSet,
    /// Words before a bare plural of a short unit that make it a duration ("for days").
    before_short_plural: WordSet,
    /// Plural units before "-long": "decades-long".
    long_plural: WordSet,
}

impl QuantityWords {
    fn read(t: &Table) -> QuantityWords {
        QuantityWords {
            approx: t.set("approx"),
            comparative: t.set("comparative"),
            at_bound: t.set("at_bound"),
            no_comparative: t.set("no_comparative"),
            well_bound: t.set("well_bound"),
            article: t.set("article"),
            vague: t.set("vague"),
            lead: t.map("lead"),
            lead_start: t.set("lead_start"),
            recent: t.set("recent"),
            unit_modifier: t.set("unit_modifier"),
            offset_after: t.set("offset_after"),
            rate_before: t.set("rate_before"),
            from_dct: t.map("from_dct"),
            from_focus: t.map("from_focus"),
            prepositional: t.set("prepositional"),
            clause_end: t.set("clause_end"),
            not_before_long_plural: t.set("not_before_long_plural"),
            before_short_plural: t.set("before_short_plural"),
            long_plural: t.set("long_plural"),
        }
    }
}

word_table!("quantity.tsv", QuantityWords);

/// "half" of "a half", "half an hour", "two and a half".
const HALF: &str = "half";

/// An amount read before a unit.
struct Amount {
    /// The token after the amount.
    next: usize,
    /// The number; `None` for a vague amount ("several").
    n: Option<u32>,
    /// A half more ("5 1/2", "two and a half"), or a half alone with `n` 0.
    half: bool,
}

impl Amount {
    fn some(next: usize, n: Option<u32>, half: bool) -> Option<Amount> {
        Some(Amount { next, n, half })
    }
}

impl Scanner<'_> {
    /// Length of an approximation prefix ("nearly", "more than", "at least").
    fn approx(&self, i: usize) -> usize {
        let words = &*WORDS;
        let word = self.word(i);
        if words.approx.contains(word) {
            return 1;
        }
        let next = self.word(i + 1);
        // "more than", "at least", "up to", "well over".
        if (words.comparative.contains(word) && next == w::THAN)
            || (word == "at" && words.at_bound.contains(next))
            || (word == "up" && next == w::TO)
            || (word == "well" && words.well_bound.contains(next))
        {
            return 2;
        }
        // "no more than".
        if word == "no" && words.no_comparative.contains(next) && self.word(i + 2) == w::THAN {
            return 3;
        }
        0
    }

    /// The amount at `i`: a number, a vague amount or a half.
    fn amount(&self, i: usize) -> Option<Amount> {
        let words = &*WORDS;
        let word = self.word(i);
        if words.article.contains(word) {
            return match self.word(i + 1) {
                "few" => Amount::some(i + 2, None, false),
                "couple" if self.word(i + 2) == w::OF => Amount::some(i + 3, Some(2), false),
                "couple" => Amount::some(i + 2, Some(2), false),
                HALF => Amount::some(i + 2, Some(0), true),
                "dozen" => Amount::some(i + 2, Some(12), false),
                _ => Amount::some(i + 1, Some(1), false),
            };
        }
        if words.vague.contains(word) {
            return Amount::some(i + 1, None, false);
        }
        if word == HALF && self.word_in(i + 1, &words.article) {
            return Amount::some(i + 2, Some(0), true);
        }
        let mut n = lex::number(word)?;
        let mut i = i;
        if (20..100).contains(&n)
            && n % 10 == 0
            && lex::digits(word).is_none()
            && let Some(u) = lex::number(self.word(i + 1))
                .filter(|u| *u < 10 && lex::digits(self.word(i + 1)).is_none())
        {
            n += u;
            i += 1;
        }
        if self.raw_word(i + 1) == "1/2" {
            return Amount::some(i + 2, Some(n), true);
        }
        if self.word(i + 1) == w::AND && self.word(i + 2) == w::A && self.word(i + 3) == HALF {
            return Amount::some(i + 4, Some(n), true);
        }
        Amount::some(i + 1, Some(n), false)
    }

    pub(super) fn quantity_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let mut j = i;
        let mut lead = false; // "the past", "the next", "the first"...
        let mut dir = 0i32;
        if self.word(j) == w::THE {
            j += 1;
            lead = true;
        }
        if let Some(&d) = words.lead.get(self.word(j)) {
            dir = i32::from(d);
            j += 1;
            lead = true;
        }
        // "recent years", "coming months", "recent days".
        if self.word_in(j, &words.recent) && !lead {
            if let Some((u, true)) = lex::unit(self.word(j + 1)) {
                if matches!(u, Unit::Year | Unit::Decade) {
                    return Match::date(j + 2, PAST_REF.into());
                }
                return Some(Match::new(
                    j + 2,
                    TimexType::Duration,
                    dur(None, u, false),
                    false,
                ));
            }
            return None;
        }
        if self.word(j) == w::COMING
            && !lead
            && let Some((u, true)) = lex::unit(self.word(j + 1))
        {
            return Some(Match::new(
                j + 2,
                TimexType::Duration,
                dur(None, u, false),
                false,
            ));
        }
        let ap = if lead { 0 } else { self.approx(j) };
        let q0 = j + ap;
        // Hyphenated compounds: "two-year", "16-hour", "8-month-old", "day-long".
        if let Some((n, u)) = compound(self.word(q0))
            && lex::year(self.word(q0)).is_none()
        {
            return Some(Match::new(
                q0 + 1,
                TimexType::Duration,
                dur(n, u, false),
                false,
            ));
        }
        let Some(Amount { next: k, n, half }) = self.amount(q0) else {
            // "the past year", "the next decade" (no number); bare plural "years".
            let (u, plural) = lex::unit(self.word(q0))?;
            if lead && dir != 0 && !plural && q0 == j {
                if self.word(i) == w::THE || self.word_in(i, &words.lead_start) {
                    let off = i64::from(dir);
                    let v = match u {
                        Unit::Year => self.year_from_dct(dir),
                        Unit::Month => self.month_from_dct(off),
                        Unit::Week => self.week_from_dct(off),
                        Unit::Quarter => self.quarter_from_dct(off),
                        Unit::Decade | Unit::Century => {
                            return Some(Match::new(
                                q0 + 1,
                                TimexType::Duration,
                                dur(Some(1), u, false),
                                false,
                            ));
                        }
                        _ => return None,
                    };
                    return Match::date(q0 + 1, v);
                }
                return None;
            }
            if plural && !lead && ap == 0 {
                return self.bare_plural(q0, u);
            }
            if plural && lead {
                // A bare "the" is left out of the span ("the weeks" → "weeks").
                if q0 == i + 1 {
                    return None;
                }
                return Some(Match::new(
                    q0 + 1,
                    TimexType::Duration,
                    dur(None, u, false),
                    false,
                ));
            }
            return None;
        };
        let mut k = k;
        if self.word_in(k, &words.unit_modifier) {
            k += 1;
        }
        let (u, _) = lex::unit(self.word(k))?;
        if u == Unit::Second && self.word_in(q0, &words.article) {
            return None;
        }
        // "a quarter of the market" is a fraction.
        if u == Unit::Quarter
            && self.word(k + 1) == w::OF
            && !(self.word(k + 2) == w::THE || self.word(k + 2) == w::A)
        {
            return None;
        }
        if u == Unit::Quarter && self.word_in(q0, &words.article) && self.word(k + 1) == w::OF {
            return None;
        }
        // Ages ("52 years old") are not annotated in TempEval-3.
        if self.word(k + 1) == w::OLD {
            return None;
        }
        // "a year" after an amount is a rate: "$5 a year".
        if n == Some(1)
            && self.word_in(q0, &words.article)
            && !lead
            && ap == 0
            && !self.word_in(k + 1, &words.offset_after)
        {
            let p = self.word_before(q0);
            if lex::digits(p).is_some() || words.rate_before.contains(p) || p.ends_with("illion") {
                return Some(Match::new(
                    k + 1,
                    TimexType::Set,
                    dur(Some(1), u, false),
                    false,
                ));
            }
        }
        let mut e = k + 1;
        // "ten years old" is an age: a duration. "years-old" handled by compound.
        // Offsets: "three years ago", "thirty years later", "a year earlier".
        if !lead {
            let after = self.word(e);
            let from_now = after == "from" && self.word(e + 1) == "now";
            let back = if let Some(&s) = words.from_dct.get(after) {
                Some((s, false))
            } else if let Some(&s) = words.from_focus.get(after) {
                Some((s, true))
            } else if from_now {
                Some((1, false))
            } else {
                None
            };
            let back = if words.prepositional.contains(after) {
                // Only when nothing follows ("two days before."), else it is a preposition.
                let nx = self.word(e + 1);
                back.filter(|_| nx.is_empty() || words.clause_end.contains(nx))
            } else {
                back
            };
            if let Some((sign, focus)) = back {
                e += if from_now { 2 } else { 1 };
                let (kind, value) = self.offset(n, half, u, i32::from(sign), focus);
                return Some(Match::new(e, kind, value, false));
            }
        }
        Some(Match::new(e, TimexType::Duration, dur(n, u, half), false))
    }

    /// A bare plural unit ("for years", "in days") as a vague duration.
    fn bare_plural(&self, k: usize, u: Unit) -> Option<Match> {
        let words = &*WORDS;
        let p = self.word_before(k);
        let ok = match u {
            Unit::Year | Unit::Decade | Unit::Century | Unit::Month | Unit::Week => {
                !words.not_before_long_plural.contains(p)
            }
            Unit::Day | Unit::Hour | Unit::Minute => words.before_short_plural.contains(p),
            _ => false,
        };
        if !ok || self.word(k + 1) == w::OLD || self.word(k + 1) == w::OF && u == Unit::Day {
            return None;
        }
        Some(Match::new(
            k + 1,
            TimexType::Duration,
            dur(None, u, false),
            false,
        ))
    }

    /// The value of "N units ago/later": a date at the unit's granularity.
    fn offset(
        &self,
        n: Option<u32>,
        half: bool,
        u: Unit,
        sign: i32,
        focus: bool,
    ) -> (TimexType, String) {
        let Some(n) = n else {
            let v = if sign < 0 { PAST_REF } else { FUTURE_REF };
            return (TimexType::Date, v.to_string());
        };
        if half && n == 0 {
            return (TimexType::Duration, dur(Some(0), u, true));
        }
        let n = i64::from(n) * i64::from(sign);
        // Read only the reference the unit needs, so that the anchor noted is the one used.
        let base_day = || {
            if focus {
                self.day_in_focus().or_else(|| self.dct())
            } else {
                self.dct()
            }
        };
        let base_year = || {
            if focus {
                self.year_in_focus().or_else(|| self.dct_ymd().map(|d| d.0))
            } else {
                self.dct_ymd().map(|d| d.0)
            }
        };
        let v = match u {
            Unit::Year | Unit::Decade | Unit::Century => {
                let mult = match u {
                    Unit::Decade => 10,
                    Unit::Century => 100,
                    _ => 1,
                };
                let recent_q = self
                    .quarter_in_focus()
                    .filter(|(y, _)| Some(*y) == self.dct_ymd().map(|d| d.0));
                if n.abs() == 1
                    && mult == 1
                    && (focus || recent_q.is_some())
                    && let Some((y, q)) = self.quarter_in_focus()
                {
                    return (
                        TimexType::Date,
                        format!("{}-Q{q}", cal::fmt_year(y + n as i32)),
                    );
                }
                match base_year() {
                    Some(y) => {
                        let y = i64::from(y).saturating_add(n.saturating_mul(mult));
                        i32::try_from(y).map_or_else(|_| "XXXX".to_string(), cal::fmt_year)
                    }
                    None => "XXXX".to_string(),
                }
            }
            Unit::Quarter => self.quarter_from_dct(n),
            Unit::Month => match base_day() {
                Some(d) => {
                    let (y, m, _) = cal::ymd(d);
                    let (y, m) = cal::add_months(y, m, n);
                    cal::fmt_month(y, m)
                }
                None => "XXXX-XX".to_string(),
            },
            Unit::Week => base_day()
                .and_then(|d| cal::add_days(d, 7 * n))
                .map_or_else(|| "XXXX-WXX".to_string(), cal::fmt_week),
            Unit::Day => base_day()
                .and_then(|d| cal::add_days(d, n))
                .map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day),
            Unit::Hour | Unit::Minute | Unit::Second => {
                let v = base_day().map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day);
                return (TimexType::Time, format!("{v}TXX:XX"));
            }
        };
        (TimexType::Date, v)
    }
}

/// `P3Y`, `PT5H`, `PXY`, `P2Y6M` (halves), `P3DE`.
pub(super) fn dur(n: Option<u32>, u: Unit, half: bool) -> String {
    let (time, code) = u.code();
    let t = if time { "T" } else { "" };
    let Some(n) = n else {
        return format!("P{t}X{code}");
    };
    // A counted decade or century is written in years, as the TimeML corpora write it ("two
    // decades" P20Y); a vague one keeps its unit ("decades" PXDE).
    if !half {
        match u {
            Unit::Decade => return format!("P{}Y", n.saturating_mul(10)),
            Unit::Century => return format!("P{}Y", n.saturating_mul(100)),
            _ => {}
        }
    }
    if half {
        let extra = match u {
            Unit::Year => Some("6M"),
            Unit::Month => Some("2W"),
            Unit::Day => Some("T12H"),
            Unit::Hour => Some("30M"),
            Unit::Minute => Some("30S"),
            Unit::Decade => {
                return format!("P{}Y", n.saturating_mul(10).saturating_add(5));
            }
            _ => None,
        };
        if let Some(x) = extra {
            if n == 0 {
                return match u {
                    Unit::Year => "P6M".to_string(),
                    Unit::Day => "PT12H".to_string(),
                    Unit::Hour => "PT30M".to_string(),
                    Unit::Minute => "PT30S".to_string(),
                    Unit::Month => "P2W".to_string(),
                    _ => format!("P{t}X{code}"),
                };
            }
            return format!("P{t}{n}{code}{x}");
        }
    }
    format!("P{t}{n}{code}")
}

/// A hyphenated duration compound: `two-year`, `16-hour`, `8-month-old`, `day-long`.
fn compound(word: &str) -> Option<(Option<u32>, Unit)> {
    if !word.contains('-') {
        return None;
    }
    let mut parts = word.split('-');
    let a = parts.next()?;
    let b = parts.next()?;
    if let Some((u, false)) = lex::unit(a) {
        if b == w::LONG && parts.next().is_none() {
            return Some((Some(1), u));
        }
        return None;
    }
    if WORDS.long_plural.contains(a) {
        let (u, _) = lex::unit(a)?;
        return (b == w::LONG).then_some((None, u));
    }
    let n = lex::number(a)?;
    let (u, plural) = lex::unit(b)?;
    if plural {
        return None;
    }
    match parts.next() {
        None => Some((Some(n), u)),
        Some(w::LONG) => Some((Some(n), u)),
        Some(_) => None,
    }
}
