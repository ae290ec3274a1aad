//! Calendar names: dates ("March 5, 2024", "5 March 2024", "2024-03-07", "3/5/2024"), months
//! ("last March", "mid-November", "June last year"), years ("1994", "fiscal 1989", "nineteen
//! ninety-six"), decades ("the 1990s", "the nineties"), centuries ("the 20th century"), seasons
//! ("this spring", "the winter of 1994"), quarters ("the third quarter", "Q3", "2024-Q1") and
//! holidays ("Christmas Eve", "Thanksgiving").

use super::{Match, Rel, Scanner, Tense, w};
use crate::calendar::{self as cal, SEASONS};
use crate::table::{Table, WordMap, WordSet};
use crate::words as lex;
use doc::TimexType;

struct CalendarWords {
    /// Before a boundary word: "the end of", "by the turn of".
    boundary_lead: WordSet,
    /// "end", "beginning", "start", "middle", "turn" (of a year, a month...).
    boundary: WordSet,
    /// Modifiers kept in the span: "early", "late", "mid".
    modifier: WordSet,
    /// Lowercase words that may start a calendar expression (a cheap gate before the rules).
    gate: WordSet,
    /// "twenties".."nineties"; value: the decade's year in its century.
    decade_word: WordMap<i32>,
    /// Possessive pronouns before "30s" that make it an age ("in his 30s").
    age_owner: WordSet,
    /// "century" after an ordinal.
    century: WordSet,
    /// Prefixes of a hyphenated month: "mid-November".
    month_modifier: WordSet,
    /// "this", "last", "next" before "year"; value: the year's offset.
    year_direction: WordMap<i8>,
    /// "quarter", "period" after "this year's".
    period: WordSet,
    /// Direction words before a month, season or quarter; value: -1 last, 0 this, 1 next.
    direction: WordMap<i8>,
    /// Prepositions before a bare season that make it a date ("in spring").
    season_preposition: WordSet,
    /// "fiscal" before a year ("fiscal 1989") or after it ("1990 fiscal year").
    fiscal: WordSet,
    /// "fiscal", "fiscal-year" before a quarter.
    fiscal_quarter: WordSet,
    /// Words as written before a four-digit number that make it no year ("$1994", "Flight 1994").
    not_year_before: WordSet,
    /// Words after a four-digit number that make it no year ("1994 people", "2000 votes").
    not_year_after: WordSet,
    /// "may": a modal verb unless a date or a preposition is around it.
    may: WordSet,
    /// Words before "May" that make it the month.
    may_context: WordSet,
    /// "thousand" of "two thousand".
    thousand: WordSet,
    /// Between two days of one month: "and" of "April 24 and 25".
    day_join: WordSet,
    /// "half" of a year.
    half: WordSet,
    /// Before "half": which half (1 first, 2 second or last).
    half_ordinal: WordMap<u8>,
}

impl CalendarWords {
    fn read(t: &Table) -> CalendarWords {
        CalendarWords {
            boundary_lead: t.set("boundary_lead"),
            boundary: t.set("boundary"),
            modifier: t.set("modifier"),
            gate: t.set("gate"),
            decade_word: t.map("decade_word"),
            age_owner: t.set("age_owner"),
            century: t.set("century"),
            month_modifier: t.set("month_modifier"),
            year_direction: t.map("year_direction"),
            period: t.set("period"),
            direction: t.map("direction"),
            season_preposition: t.set("season_preposition"),
            fiscal: t.set("fiscal"),
            fiscal_quarter: t.set("fiscal_quarter"),
            not_year_before: t.set("not_year_before"),
            not_year_after: t.set("not_year_after"),
            may: t.set("may"),
            may_context: t.set("may_context"),
            thousand: t.set("thousand"),
            day_join: t.set("day_join"),
            half: t.set("half"),
            half_ordinal: t.map("half_ordinal"),
        }
    }
}

word_table!("calendar.tsv", CalendarWords);

/// What the calendar core matched: the end token, the value, whether it names a year written
/// in the text, and whether it may follow "the" ("the 1990s", not "the 2024-03-05").
pub(super) struct CalendarName {
    pub end: usize,
    pub value: String,
    pub explicit: bool,
    pub takes_the: bool,
}

impl CalendarName {
    fn some(end: usize, value: String, explicit: bool, takes_the: bool) -> Option<CalendarName> {
        Some(CalendarName {
            end,
            value,
            explicit,
            takes_the,
        })
    }
}

/// `YYYY-MM-DD` of a day of a year, or the same shape unchecked when the day does not exist.
fn day_of_year(y: i32, m: u8, d: u8) -> String {
    cal::date(y, m, d).map_or_else(
        || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
        cal::fmt_day,
    )
}

impl Scanner<'_> {
    /// A calendar expression with its modifiers ("the end of", "the", "early", "mid").
    pub(crate) fn calendar_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let mut j = i;
        let mut the = false;
        if self.word_in(j, &words.boundary_lead)
            && self.word_in(j + 1, &words.boundary)
            && self.word(j + 2) == w::OF
        {
            j += 3;
        }
        if self.word(j) == w::THE {
            the = true;
            j += 1;
        }
        if self.word_in(j, &words.modifier) {
            j += 1;
        }
        if the && j == i + 1 && self.word(j).ends_with("-quarter") {
            return None;
        }
        let c = self.calendar_name(j, i)?;
        if the && !c.takes_the {
            return None;
        }
        Some(Match::new(c.end, TimexType::Date, c.value, c.explicit))
    }

    /// The calendar name at `i` of an expression that starts at `start`.
    fn calendar_name(&self, i: usize, start: usize) -> Option<CalendarName> {
        let words = &*WORDS;
        let word = self.word(i);
        // Cheap gate: most words cannot start a calendar expression.
        let first = word.as_bytes().first().copied()?;
        let plausible = first.is_ascii_digit()
            || !first.is_ascii_lowercase()
            || self.capitalized(i)
            || word.contains('-')
            || words.gate.contains(word)
            || lex::ORDINAL_SUFFIXES.iter().any(|x| word.ends_with(x))
            || word.ends_with("ties")
            || (word.len() <= 9 && lex::number(word).is_some());
        if !plausible {
            return None;
        }
        let tense = || self.month_tense(start, i + 3);
        // ISO date token.
        if word.len() == 10
            && let Some(d) = cal::parse_iso(word)
        {
            return CalendarName::some(i + 1, cal::fmt_day(d), true, false);
        }
        // ISO quarter token 2024-Q1.
        if let Some((y, q)) = word.split_once("-q")
            && let (Some(y), Ok(q @ 1..=4)) = (lex::year(y), q.parse::<u8>())
        {
            return CalendarName::some(i + 1, format!("{}-Q{q}", cal::fmt_year(y)), true, false);
        }
        // US numeric date 3/5/2024.
        if let Some(v) = us_date(word) {
            return CalendarName::some(i + 1, v, true, false);
        }
        // "mid-1996".
        if let Some(y) = word.strip_prefix("mid-").and_then(lex::year) {
            return CalendarName::some(i + 1, cal::fmt_year(y), true, true);
        }
        // "the nineties".
        if let Some(&d) = words
            .decade_word
            .get(word)
            .filter(|_| self.word_before(i) == w::THE || start < i)
        {
            let dct_year = self.dct_ymd().map(|x| x.0);
            let mut y = dct_year.map_or(1900, |x| x.div_euclid(100) * 100) + d;
            if dct_year.is_some_and(|x| y > x) {
                y -= 100;
            }
            return CalendarName::some(i + 1, format!("{:03}", y.clamp(0, 9999) / 10), true, true);
        }
        // Decades ("in his 30s" is an age).
        if let Some(d) = lex::decade(word)
            .filter(|_| word.len() > 3 || !words.age_owner.contains(self.word_before(i)))
        {
            return CalendarName::some(i + 1, format!("{d:03}"), true, true);
        }
        // Centuries: "20th century", "the 11th century", "this century".
        if self.word_in(i + 1, &words.century)
            && let Some(n) = lex::ordinal(word)
            && (1..=30).contains(&n)
        {
            return CalendarName::some(i + 2, format!("{:02}", n - 1), true, true);
        }
        // "mid-November", "late-November".
        if let Some((pre, rest)) = word.split_once('-')
            && words.month_modifier.contains(pre)
            && let Some(m) = lex::month(rest)
            && rest.len() > 3
        {
            return CalendarName::some(
                i + 1,
                self.month_value(i, m, None, Rel::ByTense, tense()),
                false,
                true,
            );
        }
        // Holidays.
        if let Some(r) = self.holiday(i, tense) {
            return Some(r);
        }
        // "this year's third quarter", "last year's quarter".
        if let Some(&off) = words.year_direction.get(word)
            && self.word(i + 1) == w::YEAR
            && lex::possessive(self.word(i + 2))
        {
            let y = self.dct_ymd().map(|d| d.0 + i32::from(off));
            if let Some(c) = self.quarter(i + 3, Rel::ByTense, start) {
                let v = c.value;
                let q = v
                    .get(v.len().saturating_sub(2)..)
                    .unwrap_or("QX")
                    .to_string();
                let v = match y {
                    Some(y) => format!("{}-{q}", cal::fmt_year(y)),
                    None => format!("XXXX-{q}"),
                };
                return CalendarName::some(c.end, v, false, true);
            }
            if self.word_in(i + 3, &words.period) {
                let v = match (self.quarter_in_focus(), y) {
                    (Some((_, q)), Some(y)) => format!("{}-Q{q}", cal::fmt_year(y)),
                    _ => return None,
                };
                return CalendarName::some(i + 4, v, false, true);
            }
        }
        // Spelled-out years: "nineteen ninety-six", "two thousand".
        if let Some(r) = self.spelled_year(i) {
            return Some(r);
        }
        // Halves of a year: "the first half of 2023", "the second half", "first-half".
        if let Some(r) = self.half(i, start) {
            return Some(r);
        }
        // Direction words before months, seasons, quarters.
        let (rel, k) = match words.direction.get(word) {
            Some(&0) if self.word(i + 1) == w::PAST => (Rel::Last, i + 2),
            Some(&d) => (Rel::from_direction(d), i + 1),
            None => (Rel::ByTense, i),
        };
        let wk = self.word(k);
        // Quarters.
        if let Some(r) = self.quarter(k, rel, start) {
            return Some(r);
        }
        // Seasons: "this spring", "the winter of 1994", "spring 2024".
        if let Some(s) = lex::season(wk) {
            let s = SEASONS.iter().position(|x| *x == s).unwrap_or(0) as u8;
            let code = SEASONS.get(usize::from(s)).copied().unwrap_or(SEASONS[0]);
            let mut e = k + 1;
            if self.word(e) == w::OF {
                e += 1;
            }
            if let Some(y) = lex::year(self.word(e)) {
                return CalendarName::some(
                    e + 1,
                    format!("{}-{code}", cal::fmt_year(y)),
                    true,
                    true,
                );
            }
            if let Some(c) = self.spelled_year(e) {
                return CalendarName::some(c.end, format!("{}-{code}", c.value), true, true);
            }
            let e = k + 1;
            let before = self.word_before(start);
            // "that winter": the season of the year the text spoke of last.
            if before == w::THAT
                && rel == Rel::ByTense
                && let Some(y) = self.year_in_focus()
            {
                return CalendarName::some(e, format!("{}-{code}", cal::fmt_year(y)), false, true);
            }
            if rel != Rel::ByTense || words.season_preposition.contains(before) {
                return CalendarName::some(
                    e,
                    self.season_value(start, s, rel, tense()),
                    false,
                    true,
                );
            }
            return None;
        }
        // Months.
        // An abbreviation without its period, only before a day ("Aug 27").
        let undotted = || {
            lexicon::month_abbreviation(wk)
                .filter(|_| lex::digits(self.word(k + 1)).is_some_and(|d| (1..=31).contains(&d)))
        };
        let m = lex::month(wk).or_else(undotted);
        if let Some(m) = m.filter(|_| self.capitalized(k)) {
            return self.month_name(k, m, rel, start).map(|c| CalendarName {
                takes_the: rel != Rel::ByTense,
                ..c
            });
        }
        if rel != Rel::ByTense {
            return None;
        }
        // The second of two days of one month: "25" of "April 24 and 25".
        if let Some(r) = self.joined_day(i, start) {
            return Some(r);
        }
        // Day-first dates: "5 March 2024", "the 5th of March".
        if let Some(d) = lex::digits(word).or_else(|| lex::ordinal(word))
            && (1..=31).contains(&d)
            && word.len() <= 4
        {
            let mut e = i + 1;
            if self.word(e) == w::OF {
                e += 1;
            }
            if let Some(m) = lex::month(self.word(e)).filter(|_| self.capitalized(e)) {
                e += 1;
                if self.word(e) == w::COMMA && lex::year(self.word(e + 1)).is_some() {
                    e += 1;
                }
                if let Some(y) = lex::year(self.word(e)) {
                    return CalendarName::some(e + 1, day_of_year(y, m, d as u8), true, true);
                }
                let v = self.month_value(
                    start,
                    m,
                    Some(d as u8),
                    Rel::ByTense,
                    self.tense(start, i + 3),
                );
                return CalendarName::some(e, v, false, true);
            }
        }
        // "fiscal 1989", "the year 2000", plain years.
        let mut k = i;
        let is_year = word == w::YEAR;
        if words.fiscal.contains(word) || (is_year && start < i) {
            k += 1;
        }
        if is_year
            && start < i
            && let Some(c) = self.spelled_year(k)
        {
            return CalendarName::some(c.end, c.value, true, true);
        }
        let y = lex::year(self.word(k))?;
        if !self.year_ok(k) {
            return None;
        }
        let mut e = k + 1;
        // "the 1989 period": that year's quarter in focus.
        if self.word_in(e, &words.period)
            && let Some((_, q)) = self.quarter_in_focus()
        {
            return CalendarName::some(e + 1, format!("{}-Q{q}", cal::fmt_year(y)), true, true);
        }
        // "1994 or later"? keep the year only. "2001-2009" is tokenized apart elsewhere.
        if self.word_in(e, &words.fiscal) && self.word(e + 1) == w::YEAR {
            e += 2;
        }
        CalendarName::some(e, cal::fmt_year(y), true, is_year)
    }

    /// "nineteen ninety-six" → 1996, "two thousand" → 2000.
    fn spelled_year(&self, i: usize) -> Option<CalendarName> {
        let a = lex::number(self.word(i))?;
        if !(10..=20).contains(&a) {
            if a == 2 && self.word_in(i + 1, &WORDS.thousand) {
                let mut e = i + 2;
                let mut y = 2000;
                if self.word(e) == w::AND {
                    if let Some(b) = lex::number(self.word(e + 1)).filter(|b| *b < 100) {
                        y += b;
                        e += 2;
                    }
                } else if let Some(b) = lex::number(self.word(e)).filter(|b| *b < 100) {
                    y += b;
                    e += 1;
                }
                return CalendarName::some(e, cal::fmt_year(y as i32), true, true);
            }
            return None;
        }
        let nx = self.word(i + 1);
        let b = lex::number(nx).filter(|b| (10..100).contains(b) && lex::digits(nx).is_none())?;
        CalendarName::some(i + 2, cal::fmt_year((a * 100 + b) as i32), true, true)
    }

    /// Holidays with a fixed or computable date: Christmas, Thanksgiving, New Year's Day...
    fn holiday(&self, i: usize, tense: impl Fn() -> Tense) -> Option<CalendarName> {
        if !self.capitalized(i) {
            return None;
        }
        let word = self.word(i);
        let next = self.word(i + 1);
        let (m, d, e) = match word {
            "christmas" => {
                if next == "eve" {
                    (12, 24, i + 2)
                } else if next == w::DAY {
                    (12, 25, i + 2)
                } else {
                    (12, 25, i + 1)
                }
            }
            "new" if next == w::YEAR && lex::possessive(self.word(i + 2)) => {
                match self.word(i + 3) {
                    w::DAY => (1, 1, i + 4),
                    "eve" => (12, 31, i + 4),
                    _ => return None,
                }
            }
            "halloween" => (10, 31, i + 1),
            "thanksgiving" => (11, 0, if next == w::DAY { i + 2 } else { i + 1 }),
            "election" if next == w::DAY && self.capitalized(i + 1) => (11, 1, i + 2),
            "independence" if next == w::DAY && self.capitalized(i + 1) => (7, 4, i + 2),
            "veterans" if next == w::DAY => (11, 11, i + 2),
            _ => return None,
        };
        let t = tense();
        let v = match self.dct_ymd() {
            Some((cy, cm, cd)) => {
                let y = self.year_for((m, d.max(22)), (cm, cd), cy, Rel::ByTense, t);
                let d = match (m, d) {
                    // Thanksgiving: fourth Thursday of November; Election Day: Tuesday after
                    // the first Monday of November.
                    (11, 0) => cal::date(y, 11, 1).map(|f| 1 + (4 - cal::weekday(f) + 7) % 7 + 21),
                    (11, 1) => cal::date(y, 11, 1).map(|f| {
                        let mon = 1 + (1 - cal::weekday(f) + 7) % 7;
                        mon + 1
                    }),
                    _ => Some(d as i8),
                };
                d.and_then(|d| cal::date(y, m, d as u8))
                    .map_or_else(|| format!("{}-{m:02}", cal::fmt_year(y)), cal::fmt_day)
            }
            None if d > 1 || m != 11 => format!("XXXX-{m:02}-{d:02}"),
            None => format!("XXXX-{m:02}-XX"),
        };
        CalendarName::some(e, v, false, false)
    }

    /// Whether a four-digit number at `k` reads as a year.
    fn year_ok(&self, k: usize) -> bool {
        let words = &*WORDS;
        let p = if k > self.lo {
            self.raw_word(k - 1)
        } else {
            ""
        };
        if words.not_year_before.contains(p) {
            return false;
        }
        let n = self.word(k + 1);
        if words.not_year_after.contains(n) && !(n == w::TO && self.dated_after(k + 2)) {
            return false;
        }
        // Part of a larger number ("1,500" is one token; "1994.5" is odd data).
        !(n == "." && lex::digits(self.word(k + 2)).is_some())
    }

    /// Whether a calendar name with its year starts at `k`: a year ("1994"), or a month with
    /// it ("March 1991", "March 3, 1991"); what makes "1990 to" a range's start.
    fn dated_after(&self, k: usize) -> bool {
        if lex::year(self.word(k)).is_some() {
            return true;
        }
        if lex::month(self.word(k)).is_none() || !self.capitalized(k) {
            return false;
        }
        let mut j = k + 1;
        if lex::digits(self.word(j)).is_some_and(|d| (1..=31).contains(&d)) {
            j += 1;
            if self.word(j) == w::COMMA {
                j += 1;
            }
        }
        lex::year(self.word(j)).is_some()
    }

    /// A month name at `k` with its day and year: "March 5, 2024", "June last year", "May".
    fn month_name(&self, k: usize, m: u8, rel: Rel, start: usize) -> Option<CalendarName> {
        let words = &*WORDS;
        let mut e = k + 1;
        // "May" is a modal verb unless a date or a time preposition is around it.
        let word = self.word(k);
        let mut day: Option<u8> = None;
        let nx = self.word(e);
        if let Some(d) = lex::digits(nx).or_else(|| lex::ordinal(nx))
            && (1..=31).contains(&d)
            && nx.len() <= 4
            && lex::year(nx).is_none()
        {
            day = Some(d as u8);
            e += 1;
        }
        let mut year = None;
        let j = if self.word(e) == w::COMMA || self.word(e) == w::OF {
            e + 1
        } else {
            e
        };
        if let Some(y) = lex::year(self.word(j)) {
            year = Some(y);
            e = j + 1;
        } else if day.is_none()
            && let Some(c) = self.spelled_year(j)
        {
            year = c.value.parse().ok();
            e = c.end;
        }
        if words.may.contains(word)
            && day.is_none()
            && year.is_none()
            && rel == Rel::ByTense
            && !words.may_context.contains(self.word_before(start))
        {
            return None;
        }
        // "March 3 or 4, 2009": the first day takes the year written after the second.
        if year.is_none()
            && day.is_some()
            && self.word_in(e, &words.day_join)
            && lex::digits(self.word(e + 1)).is_some_and(|d| (1..=31).contains(&d))
        {
            let k = if self.word(e + 2) == w::COMMA {
                e + 3
            } else {
                e + 2
            };
            year = lex::year(self.word(k));
        }
        if let Some(y) = year {
            let v = match day {
                Some(d) => day_of_year(y, m, d),
                None => cal::fmt_month(y, m),
            };
            return CalendarName::some(e, v, true, true);
        }
        // "January this year", "June last year".
        let mut rel = rel;
        if day.is_none()
            && self.word(e + 1) == w::YEAR
            && let Some(&off) = words.year_direction.get(self.word(e))
        {
            if let Some((cy, _, _)) = self.dct_ymd() {
                return CalendarName::some(
                    e + 2,
                    cal::fmt_month(cy + i32::from(off), m),
                    false,
                    true,
                );
            }
            rel = Rel::This;
            e += 2;
        }
        let tense = self.month_tense(start, e);
        CalendarName::some(e, self.month_value(start, m, day, rel, tense), false, true)
    }

    /// A day number after a month's day and a join ("April 24 and 25", "March 3 or 4, 2009"):
    /// a date of that month, with the year written after it if any.
    fn joined_day(&self, i: usize, start: usize) -> Option<CalendarName> {
        let words = &*WORDS;
        let word = self.word(i);
        let d = lex::digits(word).filter(|d| (1..=31).contains(d) && word.len() <= 2)?;
        if i < self.lo + 3 || start != i || !self.word_in(i - 1, &words.day_join) {
            return None;
        }
        let first = self.word(i - 2);
        lex::digits(first).filter(|d| (1..=31).contains(d) && first.len() <= 2)?;
        let m = lex::month(self.word(i - 3)).filter(|_| self.capitalized(i - 3))?;
        let k = if self.word(i + 1) == w::COMMA {
            i + 2
        } else {
            i + 1
        };
        if let Some(y) = lex::year(self.word(k)) {
            return CalendarName::some(k + 1, day_of_year(y, m, d as u8), true, true);
        }
        let v = self.month_value(
            i - 3,
            m,
            Some(d as u8),
            Rel::ByTense,
            self.tense(i - 3, i + 1),
        );
        CalendarName::some(i + 1, v, false, true)
    }

    /// Halves of a year: "the first half of 2023", "the last half of fiscal 1989", "the
    /// second half of the year", "first-half profit". Without a year, a half is a date only
    /// where a quarter is in focus (a report's periods; "the first half" of a match is none)
    /// or "of the year" follows, and is placed by tense as a quarter is.
    fn half(&self, i: usize, start: usize) -> Option<CalendarName> {
        let words = &*WORDS;
        let word = self.word(i);
        let (h, mut e) = match word.split_once('-') {
            Some((a, b)) if words.half.contains(b) => (*words.half_ordinal.get(a)?, i + 1),
            Some(_) => return None,
            None if self.word_in(i + 1, &words.half) => (*words.half_ordinal.get(word)?, i + 2),
            None => return None,
        };
        if !(1..=2).contains(&h) {
            return None;
        }
        let code = |y: String| format!("{y}-H{h}");
        if self.word(e) == w::OF {
            let k = if self.word_in(e + 1, &words.fiscal) {
                e + 2
            } else {
                e + 1
            };
            if let Some(y) = lex::year(self.word(k)) {
                return CalendarName::some(k + 1, code(cal::fmt_year(y)), true, true);
            }
            // "of the year", "of this year", "of last year".
            let (off, k) = match words.year_direction.get(self.word(e + 1)) {
                Some(&o) => (Some(i32::from(o)), e + 2),
                None if self.word(e + 1) == w::THE => (None, e + 2),
                None => (None, e),
            };
            if k > e && self.word(k) == w::YEAR {
                let v = match (self.dct_ymd(), off) {
                    (Some((cy, _, _)), Some(o)) => cal::fmt_year(cy + o),
                    (Some(_), None) => return self.half_by_tense(h, k + 1, start),
                    (None, _) => "XXXX".to_string(),
                };
                return CalendarName::some(k + 1, code(v), false, true);
            }
            // "the last half of the '80s" is no half of a year.
            return None;
        } else if let Some(y) = lex::year(self.word(e)) {
            e += 1;
            return CalendarName::some(e, code(cal::fmt_year(y)), true, true);
        }
        // Only in a report's periods: a quarter is in focus.
        self.quarter_in_focus()?;
        self.half_by_tense(h, e, start)
    }

    /// A half named without a year, ending before `e`: this year's, or last year's when it
    /// lies ahead of the document date and the clause is not in the future tense.
    fn half_by_tense(&self, h: u8, e: usize, start: usize) -> Option<CalendarName> {
        let v = match self.dct_ymd() {
            Some((cy, cm, _)) => {
                let cur = if cm <= 6 { 1 } else { 2 };
                let y = if h > cur && self.tense(start, e) != Tense::Future {
                    cy - 1
                } else {
                    cy
                };
                format!("{}-H{h}", cal::fmt_year(y))
            }
            None => format!("XXXX-H{h}"),
        };
        CalendarName::some(e, v, false, true)
    }

    /// Quarters: "the third quarter", "third-quarter", "the fiscal first quarter of 1990", "Q3".
    pub(super) fn quarter(&self, k: usize, rel: Rel, start: usize) -> Option<CalendarName> {
        let words = &*WORDS;
        let mut j = k;
        let mut year: Option<i32> = None;
        if let Some(y) = lex::year(self.word(j)) {
            year = Some(y);
            j += 1;
        }
        if self.word_in(j, &words.fiscal_quarter) {
            j += 1;
        }
        let word = self.word(j);
        let (q, e) = if let Some((a, b)) = word.split_once('-') {
            if b != w::QUARTER {
                return None;
            }
            let a = a.strip_prefix("fiscal-").unwrap_or(a);
            (lex::ordinal(a)?, j + 1)
        } else if let Some(n) = word.strip_prefix('q').filter(|s| s.len() == 1) {
            (lex::digits(n)?, j + 1)
        } else {
            let q = lex::ordinal(word)?;
            if self.word(j + 1) != w::QUARTER {
                return None;
            }
            (q, j + 2)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        let q = q as u8;
        let mut e = e;
        if self.word(e) == w::OF {
            if let Some(y) = lex::year(self.word(e + 1)) {
                year = Some(y);
                e += 2;
            } else if self.word(e + 1) == w::FISCAL
                && let Some(y) = lex::year(self.word(e + 2))
            {
                year = Some(y);
                e += 3;
            }
        } else if let Some(y) = lex::year(self.word(e)) {
            year = Some(y);
            e += 1;
        }
        if let Some(y) = year {
            return CalendarName::some(e, format!("{}-Q{q}", cal::fmt_year(y)), true, true);
        }
        let tense = self.tense(start, e);
        CalendarName::some(e, self.quarter_value(q, rel, tense), false, true)
    }
}

/// A US numeric date `3/5/2024` → `2024-03-05`.
fn us_date(word: &str) -> Option<String> {
    let mut it = word.split('/');
    let m: u8 = it.next()?.parse().ok()?;
    let d: u8 = it.next()?.parse().ok()?;
    let y = lex::year(it.next()?)?;
    if it.next().is_some() {
        return None;
    }
    cal::date(y, m, d).map(cal::fmt_day)
}
