//! Days: "Tuesday", "yesterday", "last night", "this morning", "tonight", "Friday morning",
//! "Monday, Oct. 26", and "today" as the present ("what it is today").

use super::{Match, PRESENT_REF, Rel, Scanner, Tense, w};
use crate::calendar as cal;
use crate::table::{Table, WordMap, WordSet};
use crate::words as lex;
use doc::TimexType;
use jiff::civil::Date;

struct DayWords {
    /// Modifiers kept in the span before a day: "late yesterday", "Earlier Sunday".
    modifier: WordSet,
    /// Words after "the" that place a day: "the previous Friday", "the following day".
    after_the: WordSet,
    /// Direction words before a day or a part of day: -1 last, 0 this, 1 next.
    direction: WordMap<i8>,
    /// Words after "this" that turn it: "this coming Friday" (1), "this past Monday" (-1).
    after_this: WordMap<i8>,
    /// Days named from the document date, with their offset in days.
    day_offset: WordMap<i64>,
    /// Days by name that make a day expression: "yesterday", "today", "tomorrow".
    named_day: WordSet,
    /// "today"; after a copula it is the present.
    today: WordSet,
    /// "tonight": the night of the document date.
    tonight: WordSet,
    /// "night": "last night" is the night before.
    night: WordSet,
    /// Copulas before "today" that make it the present: "what it is today".
    copula: WordSet,
}

impl DayWords {
    fn read(t: &Table) -> DayWords {
        DayWords {
            modifier: t.set("modifier"),
            after_the: t.set("after_the"),
            direction: t.map("direction"),
            after_this: t.map("after_this"),
            day_offset: t.map("day_offset"),
            named_day: t.set("named_day"),
            today: t.set("today"),
            tonight: t.set("tonight"),
            night: t.set("night"),
            copula: t.set("copula"),
        }
    }
}

word_table!("day.tsv", DayWords);

impl Scanner<'_> {
    /// A day named by a weekday or yesterday/today/tomorrow: `(next, date)`.
    pub(super) fn day_word(&self, i: usize, tense: Tense) -> Option<(usize, Option<Date>)> {
        let word = self.word(i);
        if let Some(&o) = WORDS.day_offset.get(word) {
            return Some((i + 1, self.dct().and_then(|d| cal::add_days(d, o))));
        }
        let wd = lex::weekday(word)?;
        if !self.capitalized(i) {
            return None;
        }
        Some((i + 1, self.weekday_date(wd, Rel::ByTense, tense)))
    }

    pub(super) fn day_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let mut j = i;
        // "early", "late", "earlier", "later" before a day ("late yesterday", "Earlier Sunday").
        if self.word_in(j, &words.modifier) {
            j += 1;
        }
        let core = j;
        if self.word(j) == w::THE && self.word_in(j + 1, &words.after_the) {
            j += 1;
        }
        let mut rel = Rel::ByTense;
        if let Some(&d) = words.direction.get(self.word(j)) {
            rel = Rel::from_direction(d);
            j += 1;
            if rel == Rel::This
                && let Some(&d) = words.after_this.get(self.word(j))
            {
                rel = Rel::from_direction(d);
                j += 1;
            }
        }
        let word = self.word(j);
        // "this morning", "last night", "tonight".
        if rel != Rel::ByTense
            && let Some(p) = lex::part_of_day(word)
        {
            let night = words.night.contains(word);
            let off = if rel == Rel::Last && night {
                -1
            } else if rel == Rel::Next {
                1
            } else {
                0
            };
            if rel == Rel::Last && !night {
                return None;
            }
            return Some(Match::new(
                j + 1,
                TimexType::Time,
                format!("{}{p}", self.day_from_dct(off)),
                false,
            ));
        }
        if words.tonight.contains(word) && rel == Rel::ByTense {
            return Some(Match::new(
                j + 1,
                TimexType::Time,
                format!("{}TNI", self.day_from_dct(0)),
                false,
            ));
        }
        let is_day = lex::weekday(word).is_some() || words.named_day.contains(word);
        let today = words.today.contains(word);
        if today && lex::possessive(self.word(j + 1)) {
            return None;
        }
        if !is_day {
            return None;
        }
        let tense = self.day_tense(i, j + 2);
        let (mut e, date, is_today) =
            if let Some(wd) = lex::weekday(word).filter(|_| self.capitalized(j)) {
                let d = self.weekday_date(wd, rel, tense);
                let d = if self.dct().is_none() { None } else { d };
                (j + 1, d.ok_or(wd), false)
            } else if rel == Rel::ByTense && self.word_in(j, &words.named_day) {
                let (e, d) = self.day_word(j, tense)?;
                (e, d.ok_or(0), today)
            } else {
                return None;
            };
        // "Monday, Oct. 26" / "Tuesday, March 5, 2024": the explicit date wins.
        if date.is_err() || lex::weekday(word).is_some() {
            let k = if self.word(e) == w::COMMA { e + 1 } else { e };
            if let Some(m) = self.calendar_expression(k)
                && m.value.len() == 10
            {
                return Some(Match::new(m.end, TimexType::Date, m.value, m.explicit));
            }
        }
        // A part of day after the day ("Friday morning", "yesterday afternoon").
        if let Some(p) = lex::part_of_day(self.word(e)) {
            e += 1;
            let v = match date {
                Ok(d) => format!("{}{p}", cal::fmt_day(d)),
                Err(wd) if wd > 0 => format!("XXXX-WXX-{wd}{p}"),
                Err(_) => format!("XXXX-XX-XX{p}"),
            };
            // TempEval-3 types a weekday's part of day as a DATE ("Wednesday night").
            let kind = if lex::weekday(word).is_some() {
                TimexType::Date
            } else {
                TimexType::Time
            };
            return Some(Match::new(e, kind, v, false));
        }
        if is_today && core == i && rel == Rel::ByTense {
            // "today" in the general sense is the present.
            if words.copula.contains(self.word_before(i)) {
                return Match::date(e, PRESENT_REF.into());
            }
        }
        let v = match date {
            Ok(d) => cal::fmt_day(d),
            Err(wd) if wd > 0 => format!("XXXX-WXX-{wd}"),
            Err(_) => "XXXX-XX-XX".to_string(),
        };
        Match::date(e, v)
    }
}
