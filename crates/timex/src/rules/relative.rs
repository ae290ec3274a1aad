//! Calendar units placed from the document date or the date in focus: "last week", "this
//! year", "next month", "the weekend", "earlier in the year", "the end of the month", "that
//! year", "the following day", "the year-ago quarter", "the current quarter".

use super::{Match, Rel, Scanner, Tense, w};
use crate::calendar as cal;
use crate::table::{Table, WordMap, WordSet};
use crate::words::{self as lex, Unit};
use doc::TimexType;

struct RelativeWords {
    /// Modifiers kept in the span: "earlier this year", "late in the month".
    modifier: WordSet,
    /// "in" of "earlier in the year".
    within: WordSet,
    /// Boundaries after "the": "the end of the month".
    boundary: WordSet,
    /// Unit names as the relative rules read them (no abbreviations); value: one unit in ISO.
    unit: WordMap<Unit>,
    /// "weekend".
    weekend: WordSet,
    /// "quarter", "period": a reporting period.
    period: WordSet,
    /// After "the year": what makes it no relative year ("the year's", "the year ago").
    not_after_the_year: WordSet,
    /// Before "the year": a duration of one year ("for the year").
    year_duration: WordSet,
    /// Before "the year" as the phrase's first word: this year ("in the year").
    this_year: WordSet,
    /// After "the": words of a reporting period ("the latest quarter", "the current year").
    reporting: WordSet,
    /// "current": the current unit from the document date.
    current: WordSet,
    /// "latest", "just-ended": "the latest quarter" is the last one reported (the quarter in
    /// focus once it has ended).
    latest: WordSet,
    /// After "the": a unit from the date in focus ("the following day"); value: offset.
    focus_direction: WordMap<i8>,
    /// Direction words before a unit without "the" ("last week"); value: -1 last, 0 this, 1 next.
    direction: WordMap<i8>,
    /// Direction words that make no relative date after "the" ("the past year" is a duration).
    not_after_the: WordSet,
    /// Before "year-ago": "the comparable year-ago quarter".
    comparable: WordSet,
    /// "year-ago", "year-earlier", "year-before".
    year_ago: WordSet,
    /// "year-end": the end of the year in one token.
    year_end: WordSet,
    /// "end" of "year end".
    end: WordSet,
    /// "since" before a year's end: it lies behind.
    since_word: WordSet,
    /// "year's" as one token.
    year_possessive: WordSet,
    /// "full" of "the full year": the document date's year.
    full: WordSet,
    /// "ended" of "the quarter ended Sept. 30".
    ended: WordSet,
}

impl RelativeWords {
    fn read(t: &Table) -> RelativeWords {
        RelativeWords {
            modifier: t.set("modifier"),
            within: t.set("within"),
            boundary: t.set("boundary"),
            unit: t.map("unit"),
            weekend: t.set("weekend"),
            period: t.set("period"),
            not_after_the_year: t.set("not_after_the_year"),
            year_duration: t.set("year_duration"),
            this_year: t.set("this_year"),
            reporting: t.set("reporting"),
            current: t.set("current"),
            latest: t.set("latest"),
            focus_direction: t.map("focus_direction"),
            direction: t.map("direction"),
            not_after_the: t.set("not_after_the"),
            comparable: t.set("comparable"),
            year_ago: t.set("year_ago"),
            year_end: t.set("year_end"),
            end: t.set("end"),
            since_word: t.set("since_word"),
            year_possessive: t.set("year_possessive"),
            full: t.set("full"),
            ended: t.set("ended"),
        }
    }
}

word_table!("relative.tsv", RelativeWords);

impl Scanner<'_> {
    pub(super) fn relative_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let mut j = i;
        // Modifiers kept in the span.
        if self.word_in(j, &words.modifier) {
            j += 1;
            if self.word_in(j, &words.within) && self.word(j + 1) == w::THE {
                // "earlier in the year"
                if let Some((u, false)) = lex::unit(self.word(j + 2)) {
                    let v = match u {
                        Unit::Year => self.year_from_dct(0),
                        Unit::Month => self.month_from_dct(0),
                        Unit::Week => self.week_from_dct(0),
                        Unit::Day => self.day_from_dct(0),
                        _ => return None,
                    };
                    return Match::date(j + 3, v);
                }
            }
        } else if self.word(j) == w::THE
            && self.word_in(j + 1, &words.boundary)
            && self.word(j + 2) == w::OF
        {
            j += 3;
        }
        let word = self.word(j);
        // "by year-end", "around year end", "by year's end": the end of the document date's
        // year ("since year-end": the last one).
        let year_end = if self.word_in(j, &words.year_end) {
            Some(j + 1)
        } else if (word == w::YEAR || words.year_possessive.contains(word))
            && self.word_in(j + 1, &words.end)
        {
            Some(j + 2)
        } else if word == w::YEAR
            && lex::possessive(self.word(j + 1))
            && self.word_in(j + 2, &words.end)
        {
            Some(j + 3)
        } else {
            None
        };
        if let Some(e) = year_end.filter(|_| j == i || self.word_in(i, &words.modifier)) {
            let back = self.word_in(i.wrapping_sub(1), &words.since_word) && i > self.lo;
            return Match::date(e, self.year_from_dct(if back { -1 } else { 0 }));
        }
        // Year-ago comparisons of financial reports.
        if let Some(r) = self.year_ago_period(j) {
            return Some(r);
        }
        if word == w::THE {
            let n = self.word(j + 1);
            let unit = words.unit.get(n).copied();
            // "the end of the month": the current unit.
            if j > i && self.word(i) == w::THE {
                let v = match unit {
                    Some(Unit::Year) => Some(self.year_from_dct(0)),
                    Some(Unit::Month) => Some(self.month_from_dct(0)),
                    Some(Unit::Week) => Some(self.week_from_dct(0)),
                    Some(Unit::Quarter) => Some(self.focus_quarter()),
                    _ => None,
                };
                if let Some(v) = v {
                    return Match::date(j + 2, v);
                }
            }
            if words.weekend.contains(n) {
                return Match::date(j + 2, self.weekend(Rel::ByTense, self.tense(i, j + 2)));
            }
            if words.period.contains(n) && self.quarter_context(j) {
                // "the quarter ended Sept. 30": the quarter in focus (a company's fiscal
                // quarter may end in another calendar quarter), else the quarter of that day.
                let v = match self.quarter_in_focus() {
                    Some(_) => self.focus_quarter(),
                    None => self
                        .ended_quarter(j + 2)
                        .unwrap_or_else(|| self.focus_quarter()),
                };
                return Match::date(j + 2, v);
            }
            let fiscal = n == w::FISCAL;
            if (unit == Some(Unit::Year) || fiscal)
                && !self.word_in(j + 2, &words.not_after_the_year)
            {
                let e = if fiscal {
                    if self.word(j + 2) != w::YEAR {
                        return None;
                    }
                    j + 3
                } else {
                    j + 2
                };
                if lex::year(self.word(e)).is_some() || lex::number(self.word(e)).is_some() {
                    return None;
                }
                let before = self.word_before(i);
                if words.year_duration.contains(before) {
                    return Some(Match::new(e, TimexType::Duration, "P1Y".to_string(), false));
                }
                if words.this_year.contains(before) && i == j {
                    return Match::date(e, self.year_from_dct(0));
                }
                return None;
            }
            if words.reporting.contains(n) {
                let u = self.word(j + 2);
                let u = if u == w::FISCAL { self.word(j + 3) } else { u };
                let e = if self.word(j + 2) == w::FISCAL {
                    j + 4
                } else {
                    j + 3
                };
                let current = words.current.contains(n);
                return match words.unit.get(u) {
                    Some(Unit::Quarter) if current => Match::date(e, self.quarter_from_dct(0)),
                    Some(Unit::Year) if current => Match::date(e, self.year_from_dct(0)),
                    Some(Unit::Month) if current => Match::date(e, self.month_from_dct(0)),
                    Some(Unit::Week) if current => Match::date(e, self.week_from_dct(0)),
                    // "the full year": the year in focus; "the latest fiscal year": the
                    // last one completed.
                    Some(Unit::Year) if words.full.contains(n) => {
                        let y = self.dct_ymd().map(|d| d.0).or_else(|| self.year_in_focus());
                        Match::date(e, y.map_or_else(|| "XXXX".to_string(), cal::fmt_year))
                    }
                    Some(Unit::Year) if words.latest.contains(n) => {
                        Match::date(e, self.year_from_dct(-1))
                    }
                    Some(Unit::Quarter) if words.latest.contains(n) => {
                        Match::date(e, self.reported_quarter())
                    }
                    Some(Unit::Quarter) => Match::date(e, self.focus_quarter()),
                    _ if words.latest.contains(n) && words.period.contains(u) => {
                        Match::date(e, self.reported_quarter())
                    }
                    _ => None,
                };
            }
            if let Some(&off) = words.focus_direction.get(n) {
                return self.focus_unit(j + 2, i32::from(off));
            }
            return None;
        }
        if word == w::THAT
            && self.word_in(j + 1, &words.period)
            && self.quarter_in_focus().is_some()
        {
            return Match::date(j + 2, self.focus_quarter());
        }
        if word == w::THAT || word == w::SAME {
            let k = if word == w::THAT && self.word(j + 1) == w::SAME {
                j + 2
            } else {
                j + 1
            };
            return self.focus_unit(k, 0);
        }
        let off = i64::from(*words.direction.get(word)?);
        let rel = Rel::from_direction(off as i8);
        // "past year" without "the" reads as a duration unless it starts the phrase.
        if words.not_after_the.contains(word) && self.word_before(j) == w::THE {
            return None;
        }
        let e = j + 2;
        let next = self.word(j + 1);
        if words.weekend.contains(next) {
            return Match::date(e, self.weekend(rel, Tense::Unknown));
        }
        let v = match words.unit.get(next)? {
            Unit::Year => self.year_from_dct(off as i32),
            Unit::Month => self.month_from_dct(off),
            Unit::Week => self.week_from_dct(off),
            Unit::Quarter => self.quarter_from_dct(off),
            Unit::Decade => match self.dct_ymd() {
                Some((y, _, _)) => format!("{:03}", y / 10 + off as i32),
                None => "XXX".to_string(),
            },
            Unit::Century => match self.dct_ymd() {
                Some((y, _, _)) => format!("{:02}", y / 100 + off as i32),
                None => "XX".to_string(),
            },
            _ => return None,
        };
        Match::date(e, v)
    }

    /// "that year", "the following day", "the same month": relative to the date in focus.
    fn focus_unit(&self, k: usize, off: i32) -> Option<Match> {
        let word = self.word(k);
        let pod = lex::part_of_day(word);
        match WORDS.unit.get(word) {
            Some(Unit::Year) => {
                let y = self
                    .year_in_focus()
                    .or_else(|| self.dct_ymd().map(|d| d.0))?;
                Match::date(k + 1, cal::fmt_year(y + off))
            }
            Some(Unit::Day) | None if pod.is_some() || word == w::DAY => {
                let d = self.day_in_focus().or_else(|| self.dct())?;
                let d = cal::add_days(d, i64::from(off))?;
                let pod = pod.unwrap_or("");
                let kind = if pod.is_empty() {
                    TimexType::Date
                } else {
                    TimexType::Time
                };
                Some(Match::new(
                    k + 1,
                    kind,
                    format!("{}{pod}", cal::fmt_day(d)),
                    false,
                ))
            }
            Some(Unit::Month) => {
                let d = self.day_in_focus().or_else(|| self.dct())?;
                let (y, m, _) = cal::ymd(d);
                let (y, m) = cal::add_months(y, m, i64::from(off));
                Match::date(k + 1, cal::fmt_month(y, m))
            }
            Some(Unit::Week) => {
                let d = self.day_in_focus().or_else(|| self.dct())?;
                let d = cal::add_days(d, 7 * i64::from(off))?;
                Match::date(k + 1, cal::fmt_week(d))
            }
            _ => None,
        }
    }

    /// Whether a bare "the quarter" talks about a reporting quarter (a quarter is in focus or
    /// the DCT is known).
    fn quarter_context(&self, _j: usize) -> bool {
        self.quarter_in_focus().is_some() || self.dct().is_some()
    }

    /// The quarter in focus, else the last completed quarter before the DCT.
    fn focus_quarter(&self) -> String {
        match self.quarter_in_focus() {
            Some((y, q)) => format!("{}-Q{q}", cal::fmt_year(y)),
            None => self.quarter_from_dct(-1),
        }
    }

    /// The calendar quarter of the day after an "ended" word at `k` ("ended Sept. 30").
    fn ended_quarter(&self, k: usize) -> Option<String> {
        if !self.word_in(k, &WORDS.ended) || !self.capitalized(k + 1) {
            return None;
        }
        let m = lex::month(self.word(k + 1))?;
        let d = lex::digits(self.word(k + 2)).filter(|d| (1..=31).contains(d))?;
        let y = match lex::year(self.word(k + 3)) {
            Some(y) => y,
            None if self.word(k + 3) == w::COMMA => {
                lex::year(self.word(k + 4)).or_else(|| self.day_year(k + 1, m, d as u8))?
            }
            None => self.day_year(k + 1, m, d as u8)?,
        };
        Some(format!("{}-Q{}", cal::fmt_year(y), cal::quarter_of(m)))
    }

    /// The year of a month and day named without one, in a past clause at `at`.
    fn day_year(&self, at: usize, m: u8, d: u8) -> Option<i32> {
        let v = self.month_value(at, m, Some(d), Rel::ByTense, Tense::Past);
        v.get(0..4)?.parse().ok()
    }

    /// The quarter a report speaks of ("the latest quarter"): the quarter in focus when it has
    /// ended by the document date, else the last quarter completed before it (a quarter still
    /// running, as in "a fourth-quarter charge" written in November, has no results yet).
    fn reported_quarter(&self) -> String {
        let ended = |(y, q): (i32, u8)| {
            self.dct_ymd()
                .is_none_or(|(cy, cm, _)| (y, q) < (cy, cal::quarter_of(cm)))
        };
        match self.quarter_in_focus().filter(|f| ended(*f)) {
            Some((y, q)) => format!("{}-Q{q}", cal::fmt_year(y)),
            None => self.quarter_from_dct(-1),
        }
    }

    /// "the year-ago quarter", "year-earlier", "last year's quarter", "the year-ago period".
    fn year_ago_period(&self, j: usize) -> Option<Match> {
        let words = &*WORDS;
        let mut k = j;
        if self.word(k) == w::THE {
            k += 1;
        }
        if self.word_in(k, &words.comparable) {
            k += 1;
        }
        if !self.word_in(k, &words.year_ago) {
            return None;
        }
        k += 1;
        if let Some(c) = self.quarter(k, Rel::ByTense, j) {
            // "the year-ago third quarter": that quarter, a year before.
            let v = c.value;
            let y: Option<i32> = v.get(0..4).and_then(|x| x.parse().ok());
            let q = v.get(5..).unwrap_or("QX");
            let v = match y {
                Some(y) => format!("{}-{q}", cal::fmt_year(y - 1)),
                None => format!("XXXX-{q}"),
            };
            return Match::date(c.end, v);
        }
        if self.word_in(k, &words.period) {
            k += 1;
        } else if k - j > 1 {
            return None;
        }
        let v = match self.quarter_in_focus() {
            Some((y, q)) => format!("{}-Q{q}", cal::fmt_year(y - 1)),
            None => self.year_from_dct(-1),
        };
        Match::date(k, v)
    }

    /// The weekend placed by `rel` (and by tense when it is not given).
    fn weekend(&self, rel: Rel, tense: Tense) -> String {
        let Some(d) = self.dct() else {
            return "XXXX-WXX-WE".to_string();
        };
        let wd = cal::weekday(d);
        let off = match rel {
            Rel::Last => -7,
            Rel::Next => 7,
            Rel::This => 0,
            Rel::ByTense => {
                if wd >= 6 || tense == Tense::Future {
                    0
                } else {
                    -7
                }
            }
        };
        cal::add_days(d, off).map_or_else(
            || "XXXX-WXX-WE".to_string(),
            |x| format!("{}-WE", cal::fmt_week(x)),
        )
    }
}
