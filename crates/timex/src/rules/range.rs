//! Ranges written as one token, read as their two points: "1915-17", "1861-1863", "March 3-5,
//! 2009"; and two expressions joined as a range ("from 1915 to 1917", "between May and July
//! 2009"). The first point carries the range's duration (`Hit::duration`). The words that open
//! and join a range of two expressions are in `resources/range.tsv`.

use super::{Hit, Rel, Scanner, w};
use crate::calendar as cal;
use crate::table::{Table, WordSet};
use crate::words as lex;
use doc::TimexType;

struct RangeWords {
    /// Before the first point: "from", "between".
    open: WordSet,
    /// Between the two points: "to", "and", a dash.
    join: WordSet,
}

impl RangeWords {
    fn read(t: &Table) -> RangeWords {
        RangeWords {
            open: t.set("open"),
            join: t.set("join"),
        }
    }
}

word_table!("range.tsv", RangeWords);

/// The duration of the range from `a` to `b`, both ends counted ("1915" to "1917": `P3Y`), when
/// both are written to the same unit (years, months or days) and `b` comes after `a`.
pub(super) fn range_duration(a: &str, b: &str) -> Option<String> {
    let year = |v: &str| -> Option<i32> {
        (v.len() == 4 && v.bytes().all(|c| c.is_ascii_digit()))
            .then(|| v.parse().ok())
            .flatten()
    };
    let month = |v: &str| -> Option<i64> {
        let (y, m) = v.split_once('-')?;
        let (y, m) = (
            year(y)?,
            m.parse::<i64>().ok().filter(|m| (1..=12).contains(m))?,
        );
        (v.len() == 7).then_some(i64::from(y) * 12 + m - 1)
    };
    if let (Some(x), Some(y)) = (year(a), year(b)) {
        return (y > x && y - x < 1000).then(|| format!("P{}Y", y - x + 1));
    }
    if let (Some(x), Some(y)) = (month(a), month(b)) {
        return (y > x && y - x < 1200).then(|| format!("P{}M", y - x + 1));
    }
    let (x, y) = (cal::parse_iso(a)?, cal::parse_iso(b)?);
    let days = y.since(x).ok()?.get_days();
    (days > 0 && days < 10_000).then(|| format!("P{}D", days + 1))
}

/// `"1915-17"` → `("1915", "17")`: two runs of ASCII digits joined by a hyphen or an en dash.
fn split_range(word: &str) -> Option<(&str, &str)> {
    let (a, b) = word
        .split_once('-')
        .or_else(|| word.split_once('\u{2013}'))?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then_some((a, b))
}

impl Scanner<'_> {
    /// Whether the hits `a` and `b` (in this order, in the sentence being scanned) are joined as
    /// a range: one joining word between them, and an opening word before `a` or a dash
    /// between ("from 1915 to 1917", "between 1861 and 1863", "May – July 2009").
    pub(super) fn joined_range(&self, a: &Hit, b: &Hit) -> Option<String> {
        let words = &*WORDS;
        if a.kind != TimexType::Date
            || b.kind != TimexType::Date
            || a.start < self.lo
            || a.trail.is_some()
            || b.lead != 0
            || a.end + 1 != b.start
            || !self.word_in(a.end, &words.join)
        {
            return None;
        }
        let dash = !self.word(a.end).chars().any(char::is_alphanumeric);
        if !dash && !words.open.contains(self.word_before(a.start)) {
            return None;
        }
        range_duration(&a.value, &b.value)
    }

    /// A range written as one token, read as its two points: years ("1861-1863", "1915-17",
    /// "(1915-16)", "1998-99") and days of a month ("March 3-5, 2009": "March 3" and "5,
    /// 2009").
    pub(super) fn range_points(&self, i: usize) -> Option<(Hit, Hit)> {
        let point = |start, end, value, explicit, lead, trail| Hit {
            start,
            end,
            kind: TimexType::Date,
            value,
            explicit,
            lead,
            trail,
            anchor: None,
            duration: None,
        };
        let word = self.word(i);
        // Years: the second point as four digits, or two (same century).
        if let Some((a, b)) = split_range(word)
            && let Some(y1) = lex::year(a)
        {
            let y2 = match b.len() {
                4 => lex::year(b)?,
                2 => {
                    let y = y1 - y1 % 100 + i32::from(b.parse::<u8>().ok()?);
                    // "1999-00" runs into the next century.
                    if y <= y1 { y + 100 } else { y }
                }
                _ => return None,
            };
            if y2 <= y1 || y2 - y1 > 100 {
                return None;
            }
            let sep = word.len() - a.len() - b.len();
            let mut first = point(i, i + 1, cal::fmt_year(y1), true, 0, Some(a.len()));
            first.duration = Some(format!("P{}Y", y2 - y1 + 1));
            return Some((
                first,
                point(i, i + 1, cal::fmt_year(y2), true, a.len() + sep, None),
            ));
        }
        // Days: "March 3-5", with an optional ", 2009".
        let m = lex::month(word).filter(|_| self.capitalized(i))?;
        let t = self.word(i + 1);
        let (a, b) = split_range(t)?;
        let (d1, d2) = (a.parse::<u8>().ok()?, b.parse::<u8>().ok()?);
        if !(1..=31).contains(&d1) || d2 <= d1 || d2 > 31 || a.len() > 2 || b.len() > 2 {
            return None;
        }
        let mut end = i + 2;
        let year = if self.word(end) == w::COMMA && lex::year(self.word(end + 1)).is_some() {
            end += 2;
            lex::year(self.word(end - 1))
        } else if let Some(y) = lex::year(self.word(end)) {
            end += 1;
            Some(y)
        } else {
            None
        };
        let day = |d: u8| match year {
            Some(y) => cal::date(y, m, d).map_or_else(
                || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                cal::fmt_day,
            ),
            None => {
                let tense = self.tense(i, end);
                self.month_value(i, m, Some(d), Rel::ByTense, tense)
            }
        };
        let sep = t.len() - a.len() - b.len();
        let mut first = point(i, i + 2, day(d1), year.is_some(), 0, Some(a.len()));
        first.duration = Some(format!("P{}D", d2 - d1 + 1));
        Some((
            first,
            point(i + 1, end, day(d2), year.is_some(), a.len() + sep, None),
        ))
    }
}
