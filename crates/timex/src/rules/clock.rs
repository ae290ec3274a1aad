//! Clock times: "10:35 a.m. local time", "9:30pm", "noon today", "8 p.m. EDT Tuesday", "at
//! 14:00".

use super::{Match, Scanner, w};
use crate::calendar as cal;
use crate::table::{Table, WordMap, WordSet};
use crate::words as lex;
use doc::TimexType;

struct ClockWords {
    /// "noon", "midday": 12:00, except in an idiom ("high noon").
    midday: WordSet,
    /// Words before "noon" that make it an idiom.
    midday_idiom: WordSet,
    /// "midnight": 24:00.
    midnight: WordSet,
    /// Suffixes that make one token a time ("10am", "9:30p.m."), in file order, with the hours
    /// they add (0 before noon, 12 after).
    meridiem_suffix: Vec<(&'static str, u32)>,
    /// The token after a number that makes it a time ("10 a.m."), with the hours it adds.
    meridiem: WordMap<u32>,
    /// "o'clock".
    oclock: WordSet,
    /// Prepositions that make "10:30" a time ("at 10:30").
    preposition: WordSet,
    /// "on": a weekday after it stays outside the time's span ("at 9 on Tuesday").
    on: WordSet,
    /// "local" of "local time".
    local: WordSet,
    /// "time" of "local time".
    time: WordSet,
}

impl ClockWords {
    fn read(t: &Table) -> ClockWords {
        ClockWords {
            midday: t.set("midday"),
            midday_idiom: t.set("midday_idiom"),
            midnight: t.set("midnight"),
            meridiem_suffix: t.list("meridiem_suffix"),
            meridiem: t.map("meridiem"),
            oclock: t.set("oclock"),
            preposition: t.set("preposition"),
            on: t.set("on"),
            local: t.set("local"),
            time: t.set("time"),
        }
    }
}

word_table!("clock.tsv", ClockWords);

/// The hour of a 12-hour clock `h` (1..=12) with the hours its a.m./p.m. adds.
fn hour24(h: u32, add: u32) -> u32 {
    match (add, h) {
        (12, 12) => 12,
        (_, 12) => 0,
        (add, h) => h + add,
    }
}

impl Scanner<'_> {
    /// `(next, hour, minute)` of a clock time at `i`.
    fn clock(&self, i: usize) -> Option<(usize, u32, u32)> {
        let words = &*WORDS;
        let word = self.word(i);
        if words.midday.contains(word) && !words.midday_idiom.contains(self.word_before(i)) {
            return Some((i + 1, 12, 0));
        }
        if words.midnight.contains(word) {
            return Some((i + 1, 24, 0));
        }
        // "10am", "9:30pm" in one token.
        for &(suffix, add) in &words.meridiem_suffix {
            if let Some(t) = word.strip_suffix(suffix) {
                let (h, m) = match t.split_once(':') {
                    Some((h, m)) if m.len() == 2 => (lex::digits(h)?, lex::digits(m)?),
                    Some(_) => return None,
                    None => (lex::digits(t).filter(|_| t.len() <= 2)?, 0),
                };
                if h == 0 || h > 12 || m > 59 {
                    return None;
                }
                return Some((i + 1, hour24(h, add), m));
            }
        }
        let (h, m, colon) = match word.split_once(':') {
            Some((h, m)) if m.len() == 2 => (lex::digits(h)?, lex::digits(m)?, true),
            Some(_) => return None,
            None => (lex::digits(word).filter(|_| word.len() <= 2)?, 0, false),
        };
        if h > 24 || m > 59 {
            return None;
        }
        if let Some(&add) = words.meridiem.get(self.word(i + 1)) {
            if h == 0 || h > 12 {
                return None;
            }
            return Some((i + 2, hour24(h, add), m));
        }
        if self.word_in(i + 1, &words.oclock) && h <= 12 {
            return Some((i + 2, h, m));
        }
        let after_preposition = self.word_in(i.wrapping_sub(1), &words.preposition) && i > self.lo;
        if colon && (after_preposition || lex::is_zone(self.raw_word(i + 1))) {
            return Some((i + 1, h, m));
        }
        None
    }

    /// A clock time with its zone, "local time" and day: `TIME` `2024-08-23T10:35`.
    pub(super) fn clock_time(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let (mut j, h, m) = self.clock(i)?;
        if lex::is_zone(self.raw_word(j)) {
            j += 1;
        }
        if self.word_in(j, &words.local) && self.word_in(j + 1, &words.time) {
            j += 2;
        }
        // An optional day after the time ("9 a.m. Tuesday", "noon today").
        let mut day = None;
        if self.word_in(j, &words.on) && lex::weekday(self.word(j + 1)).is_some() {
            // Keep "on Friday" outside the span, but read the time on that day.
            if let Some((_, d)) = self.day_word(j + 1, self.day_tense(j + 1, j + 2)) {
                day = Some(d);
            }
        } else if let Some((e, d)) = self.day_word(j, self.day_tense(i, j + 1)) {
            day = Some(d);
            j = e;
        }
        // A date after the time ("5 p.m. EST Nov. 9", "noon, March 5, 2024") is its day.
        let mut explicit = false;
        if day.is_none() {
            let k = if self.word(j) == w::COMMA { j + 1 } else { j };
            if let Some(c) = self.calendar_expression(k)
                && let Some(d) = cal::parse_iso(&c.value)
            {
                day = Some(Some(d));
                explicit = c.explicit;
                j = c.end;
            }
        }
        // Without a day of its own, a clock time belongs to the day named earlier in its
        // sentence ("On Friday ... at 10:35 a.m."), else to the DCT.
        let base = match day {
            Some(d) => d,
            None if self.focus_day_lo == Some(self.lo) => self.day_in_focus(),
            None => self.dct(),
        };
        let hm = format!("T{h:02}:{m:02}");
        let v = match base {
            Some(d) => format!("{}{hm}", cal::fmt_day(d)),
            None => format!("XXXX-XX-XX{hm}"),
        };
        Some(Match::new(j, TimexType::Time, v, explicit))
    }
}
