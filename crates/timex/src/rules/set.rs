//! Sets (repeated times): "weekly", "daily", "every other week", "each Monday", "every morning",
//! "twice a month", "three times a year", "Mondays", "Friday nights".

use super::{Match, Scanner, w};
use crate::table::{Table, WordMap, WordSet};
use crate::words::{self as lex, Unit};
use doc::TimexType;

struct SetWords {
    /// Frequency adverbs; value: the period ("weekly" P1W).
    frequency: WordMap<&'static str>,
    /// "nights" after a weekday ("Friday nights").
    nights: WordSet,
    /// "once", "twice": a count of times without "times".
    multiplier: WordSet,
    /// "times" after a number ("three times a year").
    times: WordSet,
    /// Before the unit of a count of times: "a", "per", "every".
    per: WordSet,
    /// "every", "each", "per" starting a set.
    every: WordSet,
    /// "per": "per second" and "per minute" are rates, no sets.
    rate: WordSet,
}

impl SetWords {
    fn read(t: &Table) -> SetWords {
        SetWords {
            frequency: t.text_map("frequency"),
            nights: t.set("nights"),
            multiplier: t.set("multiplier"),
            times: t.set("times"),
            per: t.set("per"),
            every: t.set("every"),
            rate: t.set("rate"),
        }
    }
}

word_table!("set.tsv", SetWords);

impl Scanner<'_> {
    pub(super) fn set_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let word = self.word(i);
        if let Some(v) = words.frequency.get(word) {
            return Some(Match::new(i + 1, TimexType::Set, (*v).to_string(), false));
        }
        if let Some(wd) = lex::weekday_plural(word).filter(|_| self.capitalized(i)) {
            return Some(Match::new(
                i + 1,
                TimexType::Set,
                format!("XXXX-WXX-{wd}"),
                false,
            ));
        }
        if let Some(wd) = lex::weekday(word).filter(|_| self.capitalized(i)) {
            if self.word_in(i + 1, &words.nights) {
                return Some(Match::new(
                    i + 2,
                    TimexType::Set,
                    format!("XXXX-WXX-{wd}TNI"),
                    false,
                ));
            }
            return None;
        }
        // "twice a week", "three times a year".
        let times = if words.multiplier.contains(word) {
            Some(i + 1)
        } else if lex::number(word).is_some() && self.word_in(i + 1, &words.times) {
            Some(i + 2)
        } else {
            None
        };
        if let Some(k) = times {
            if self.word_in(k, &words.per)
                && let Some((u, false)) = lex::unit(self.word(k + 1))
            {
                return Some(Match::new(
                    k + 2,
                    TimexType::Set,
                    super::quantity::dur(Some(1), u, false),
                    false,
                ));
            }
            return None;
        }
        if !words.every.contains(word) {
            return None;
        }
        let mut k = i + 1;
        if self.word(k) == w::OTHER {
            k += 1;
        }
        let nw = self.word(k);
        if let Some(wd) = lex::weekday(nw) {
            return Some(Match::new(
                k + 1,
                TimexType::Set,
                format!("XXXX-WXX-{wd}"),
                false,
            ));
        }
        if let Some(p) = lex::part_of_day(nw) {
            return Some(Match::new(
                k + 1,
                TimexType::Set,
                format!("XXXX-XX-XX{p}"),
                false,
            ));
        }
        if let Some(m) = lex::month(nw).filter(|_| self.capitalized(k)) {
            return Some(Match::new(
                k + 1,
                TimexType::Set,
                format!("XXXX-{m:02}"),
                false,
            ));
        }
        let mut n = 1;
        if let Some(x) = lex::number(nw) {
            n = x;
            k += 1;
        }
        if self.word(i + 1) == w::OTHER {
            n = n.saturating_mul(2);
        }
        let (u, _) = lex::unit(self.word(k))?;
        if words.rate.contains(word) && matches!(u, Unit::Second | Unit::Minute) {
            return None;
        }
        Some(Match::new(
            k + 1,
            TimexType::Set,
            super::quantity::dur(Some(n), u, false),
            false,
        ))
    }
}
