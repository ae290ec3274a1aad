//! Value resolution: a name without a year ("March", "Tuesday", "the third quarter") placed
//! against the document date, the tense of its clause and the year a story is telling.

use super::{Rel, Scanner, Tense};
use crate::calendar::{self as cal, SEASONS};
use jiff::civil::Date;

impl Scanner<'_> {
    pub(super) fn dct_ymd(&self) -> Option<(i32, u8, u8)> {
        self.dct().map(cal::ymd)
    }

    pub(super) fn day_from_dct(&self, n: i64) -> String {
        self.dct()
            .and_then(|d| cal::add_days(d, n))
            .map_or_else(|| "XXXX-XX-XX".to_string(), cal::fmt_day)
    }

    pub(super) fn month_from_dct(&self, n: i64) -> String {
        match self.dct_ymd() {
            Some((y, m, _)) => {
                let (y, m) = cal::add_months(y, m, n);
                cal::fmt_month(y, m)
            }
            None => "XXXX-XX".to_string(),
        }
    }

    pub(super) fn year_from_dct(&self, n: i32) -> String {
        self.dct_ymd()
            .map_or_else(|| "XXXX".to_string(), |(y, _, _)| cal::fmt_year(y + n))
    }

    pub(super) fn week_from_dct(&self, n: i64) -> String {
        self.dct()
            .and_then(|d| cal::add_days(d, 7 * n))
            .map_or_else(|| "XXXX-WXX".to_string(), cal::fmt_week)
    }

    pub(super) fn quarter_from_dct(&self, n: i64) -> String {
        match self.dct_ymd() {
            Some((y, m, _)) => {
                let t = i64::from(y) * 4 + i64::from(cal::quarter_of(m)) - 1 + n;
                format!(
                    "{}-Q{}",
                    cal::fmt_year(t.div_euclid(4) as i32),
                    t.rem_euclid(4) + 1
                )
            }
            None => "XXXX-QX".to_string(),
        }
    }

    pub(super) fn weekday_date(&self, wd: i8, rel: Rel, tense: Tense) -> Option<Date> {
        let d = self.dct()?;
        let delta = i64::from(wd - cal::weekday(d));
        let off = match rel {
            Rel::Last => {
                if delta < 0 {
                    delta
                } else {
                    delta - 7
                }
            }
            Rel::Next => {
                if delta > 0 {
                    delta
                } else {
                    delta + 7
                }
            }
            Rel::This => delta,
            Rel::ByTense => {
                if delta == 0 {
                    0
                } else if tense == Tense::Present {
                    let a = if delta < 0 { delta } else { delta - 7 };
                    let b = if delta > 0 { delta } else { delta + 7 };
                    if b < -a { b } else { a }
                } else if tense == Tense::Future {
                    if delta > 0 { delta } else { delta + 7 }
                } else if delta < 0 {
                    delta
                } else {
                    delta - 7
                }
            }
        };
        cal::add_days(d, off)
    }

    /// The year of a month (and day) named without a year.
    pub(super) fn year_for(
        &self,
        key: (u8, u8),
        cur: (u8, u8),
        cy: i32,
        rel: Rel,
        tense: Tense,
    ) -> i32 {
        match rel {
            Rel::Last => {
                if key < cur {
                    cy
                } else {
                    cy - 1
                }
            }
            Rel::Next => {
                if key > cur {
                    cy
                } else {
                    cy + 1
                }
            }
            Rel::This => cy,
            Rel::ByTense => {
                // The nearest occurrence, with a penalty against the tense's direction.
                let pos =
                    |y: i32, k: (u8, u8)| i64::from(y) * 400 + i64::from(k.0) * 31 + i64::from(k.1);
                let now = pos(cy, cur);
                let pen = if cur.1 == 0 && key.1 == 0 && cur.0 <= 12 {
                    10_000
                } else {
                    90
                };
                let mut best = (i64::MAX, cy);
                for y in [cy - 1, cy, cy + 1] {
                    let d = pos(y, key) - now;
                    let mut c = d.abs();
                    if (tense == Tense::Past && d > 0) || (tense == Tense::Future && d < 0) {
                        c += pen;
                    }
                    if c < best.0 {
                        best = (c, y);
                    }
                }
                best.1
            }
        }
    }

    /// The year a story is telling when a month, day or season is named without one (the
    /// reference time moves with the narrative). Without a document date, the last year
    /// written in the text. With one, news about the present keeps the publication year, so the
    /// story's year leads only when all of these hold: it was set by an adverbial year ("In
    /// 1994, tanks rolled in… In March, …"; not "since 1990" or "the 1988 bombing") in the same
    /// paragraph, no expression has spoken from the document date since, the clause is in the
    /// past tense, the year lies before the publication year, and it was stated in this
    /// sentence or the one before, or lies five or more years back (a history passage).
    fn narrative_year(&self, at: usize, rel: Rel, tense: Tense) -> Option<i32> {
        if rel != Rel::ByTense {
            return None;
        }
        let Some((cy, _, _)) = self.dct_ymd() else {
            return self.year_in_focus();
        };
        let (y, p, sent) = self.story?;
        let leads = y < cy
            && tense == Tense::Past
            && self.para.get(at) == Some(&p)
            && (self.sent_no <= sent + 1 || cy - y >= 5);
        if leads {
            self.note(self.src_story.map(super::Src::Hit));
        }
        leads.then_some(y)
    }

    /// The value of a month (and day) named without a year, at token `at`: the narrative's year
    /// when it leads, else placed around the document date by `rel` and tense.
    pub(super) fn month_value(
        &self,
        at: usize,
        m: u8,
        day: Option<u8>,
        rel: Rel,
        tense: Tense,
    ) -> String {
        if let Some(y) = self.narrative_year(at, rel, tense) {
            return match day {
                Some(d) => cal::date(y, m, d).map_or_else(
                    || format!("{}-{m:02}-{d:02}", cal::fmt_year(y)),
                    cal::fmt_day,
                ),
                None => cal::fmt_month(y, m),
            };
        }
        let Some((cy, cm, cd)) = self.dct_ymd() else {
            return match day {
                Some(d) => format!("XXXX-{m:02}-{d:02}"),
                None => format!("XXXX-{m:02}"),
            };
        };
        let (key, cur) = match day {
            Some(d) => ((m, d), (cm, cd)),
            None => ((m, 0), (cm, 0)),
        };
        let y = self.year_for(key, cur, cy, rel, tense);
        match day {
            Some(d) => {
                cal::date(y, m, d).map_or_else(|| format!("XXXX-{m:02}-{d:02}"), cal::fmt_day)
            }
            None => cal::fmt_month(y, m),
        }
    }

    pub(super) fn season_value(&self, at: usize, s: u8, rel: Rel, tense: Tense) -> String {
        let code = SEASONS.get(usize::from(s)).copied().unwrap_or("SP");
        if let Some(y) = self.narrative_year(at, rel, tense) {
            return format!("{}-{code}", cal::fmt_year(y));
        }
        let Some((cy, cm, _)) = self.dct_ymd() else {
            return format!("XXXX-{code}");
        };
        let cur = cal::season_index(cm);
        // January and February belong to the winter that began the year before.
        let cy = if cm <= 2 { cy - 1 } else { cy };
        let y = self.year_for((s, 0), (cur, 0), cy, rel, tense);
        format!("{}-{code}", cal::fmt_year(y))
    }

    pub(super) fn quarter_value(&self, q: u8, rel: Rel, tense: Tense) -> String {
        let Some((cy, cm, _)) = self.dct_ymd() else {
            return format!("XXXX-Q{q}");
        };
        let cur = cal::quarter_of(cm);
        let y = match rel {
            Rel::ByTense if tense != Tense::Future && q > cur => cy - 1,
            Rel::ByTense => cy,
            _ => self.year_for((q, 0), (cur, 0), cy, rel, tense),
        };
        format!("{}-Q{q}", cal::fmt_year(y))
    }
}
