//! References to the present, the past and the future ("now", "currently", "recently", "these
//! days", "in the past", "the near future", "the recent sale", "future earnings"), and anaphora
//! that take the value of the date the text spoke of last ("at that time", "during this period").

use super::{FUTURE_REF, Match, PAST_REF, PRESENT_REF, Scanner, Tense, w};
use crate::table::{Table, WordMap, WordSet};
use crate::words as lex;

struct ReferenceWords {
    /// Adverbs of a time reference; value: `PRESENT_REF`, `PAST_REF` or `FUTURE_REF`.
    adverb: WordMap<&'static str>,
    /// "current": the present, unless a unit follows ("current year").
    current: WordSet,
    /// Adjectives of a time reference before a noun ("the recent sale"); value: the reference.
    adjective: WordMap<&'static str>,
    /// Before "future" that make it part of a longer expression ("the future", "near future").
    not_before_future: WordSet,
    /// Owners before "future": "the boy's future", "their future".
    owner: WordSet,
    /// Demonstratives of an anaphor: "that time", "this period".
    anaphor: WordSet,
    /// Nouns of an anaphor: "time", "period", "days", "era".
    anaphor_noun: WordSet,
    /// Prepositions before an anaphor: "at that time".
    anaphor_preposition: WordSet,
    /// After "the": "the past", "the future", "the present"; value: the reference.
    after_the: WordMap<&'static str>,
    /// Before "term": "the near term", "the long term" (the future).
    term_adjective: WordSet,
    /// "term".
    term: WordSet,
    /// "near" of "the near future".
    near: WordSet,
    /// After "the past": an amount or a unit makes a duration ("the past few years").
    amount: WordSet,
    /// "at" of "at the present".
    at: WordSet,
    /// "these" of "these days"; "days".
    these: WordSet,
    days: WordSet,
    /// "soon": the future unless past, a conjunction or before "after".
    soon: WordMap<&'static str>,
    /// After "soon": no reference ("soon after").
    soon_not: WordSet,
    /// "as" of "as soon as".
    as_: WordSet,
    /// Ends "as soon as ...": "possible".
    soon_end: WordSet,
}

impl ReferenceWords {
    fn read(t: &Table) -> ReferenceWords {
        ReferenceWords {
            adverb: t.text_map("adverb"),
            current: t.set("current"),
            adjective: t.text_map("adjective"),
            not_before_future: t.set("not_before_future"),
            owner: t.set("owner"),
            anaphor: t.set("anaphor"),
            anaphor_noun: t.set("anaphor_noun"),
            anaphor_preposition: t.set("anaphor_preposition"),
            after_the: t.text_map("after_the"),
            term_adjective: t.set("term_adjective"),
            term: t.set("term"),
            near: t.set("near"),
            amount: t.set("amount"),
            at: t.set("at"),
            these: t.set("these"),
            days: t.set("days"),
            soon: t.text_map("soon"),
            soon_not: t.set("soon_not"),
            as_: t.set("as"),
            soon_end: t.set("soon_end"),
        }
    }
}

word_table!("reference.tsv", ReferenceWords);

impl Scanner<'_> {
    pub(super) fn reference_expression(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let word = self.word(i);
        if let Some(&v) = words.adverb.get(word) {
            return Match::date(i + 1, v.into());
        }
        if words.current.contains(word) {
            if lex::unit(self.word(i + 1)).is_some() {
                return None;
            }
            return Match::date(i + 1, PRESENT_REF.into());
        }
        // As adjectives: "the recent sale", "future losses", "the boy's future". A unit after
        // them makes a duration ("recent days"), read elsewhere.
        if let Some(&v) = words.adjective.get(word) {
            let future = word == w::FUTURE;
            let nx = self.word(i + 1);
            let noun_follows = i + 1 < self.hi
                && nx.bytes().all(|b| b.is_ascii_lowercase())
                && !nx.is_empty()
                && !lex::function_word(nx);
            if future && words.not_before_future.contains(self.word_before(i)) {
                return None;
            }
            if lex::unit(nx).is_some() {
                // "future quarters": the unit belongs to the expression.
                return (future && nx.ends_with('s')).then(|| {
                    Match::new(i + 2, doc::TimexType::Date, FUTURE_REF.to_string(), false)
                });
            }
            let possessed = future && words.owner.contains(self.word_before(i));
            if !noun_follows && !possessed {
                return None;
            }
            return Match::date(i + 1, v.into());
        }
        // Anaphoric: "at that time", "during this period" take the value of the date the text
        // spoke of last; without one, a past reference.
        let next = self.word(i + 1);
        if words.anaphor.contains(word)
            && words.anaphor_noun.contains(next)
            && words.anaphor_preposition.contains(self.word_before(i))
            && !(word == "this" && next == "time")
        {
            let v = self
                .story_value_in_focus()
                .map_or_else(|| PAST_REF.to_string(), str::to_string);
            return Match::date(i + 2, v);
        }
        if word == w::THE {
            let v = if let Some(&v) = words.after_the.get(next) {
                v
            } else if (words.term_adjective.contains(next) && self.word_in(i + 2, &words.term))
                || (words.near.contains(next) && self.word(i + 2) == w::FUTURE)
            {
                // "the near term", "the long term", "the near future".
                return Match::date(i + 3, FUTURE_REF.into());
            } else {
                return None;
            };
            // "the past" only as a noun phrase ("in the past", "the past decade" is not it).
            let nx = self.word(i + 2);
            if lex::unit(nx).is_some() || lex::number(nx).is_some() || words.amount.contains(nx) {
                return None;
            }
            if v == PRESENT_REF && !words.at.contains(self.word_before(i)) {
                return None;
            }
            return Match::date(i + 2, v.into());
        }
        // "as soon as possible"; "as soon as he arrives" is a conjunction.
        if words.as_.contains(word)
            && let Some(&v) = words.soon.get(next)
            && self.word_in(i + 2, &words.as_)
            && self.word_in(i + 3, &words.soon_end)
        {
            return Match::date(i + 4, v.into());
        }
        if let Some(&v) = words.soon.get(word) {
            let conjunction = words.as_.contains(self.word_before(i)) && words.as_.contains(next);
            if conjunction || words.soon_not.contains(next) || self.tense(i, i + 1) == Tense::Past {
                return None;
            }
            return Match::date(i + 1, v.into());
        }
        if words.these.contains(word) && words.days.contains(next) {
            return Match::date(i + 2, PRESENT_REF.into());
        }
        None
    }
}
