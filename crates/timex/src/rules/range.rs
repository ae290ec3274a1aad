//! Ranges written as one token, read as their two points: "1915-17", "1861-1863", "March 3-5,
//! 2009". The range family needs no word table: a range is digits around a hyphen or a dash.

use super::{Hit, Rel, Scanner, w};
use crate::calendar as cal;
use crate::words as lex;
use doc::TimexType;

/// `"1915-17"` → `("1915", "17")`: two runs of ASCII digits joined by a hyphen or an en dash.
fn split_range(word: &str) -> Option<(&str, &str)> {
    let (a, b) = word
        .split_once('-')
        .or_else(|| word.split_once('\u{2013}'))?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then_some((a, b))
}

impl Scanner<'_> {
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
            return Some((
                point(i, i + 1, cal::fmt_year(y1), true, 0, Some(a.len())),
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
        Some((
            point(i, i + 2, day(d1), year.is_some(), 0, Some(a.len())),
            point(i + 1, end, day(d2), year.is_some(), a.len() + sep, None),
        ))
    }
}
