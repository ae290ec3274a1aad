//! The context of an expression: the tense of the clause around it, which places a name
//! without a year ("in March") before or after the document date.

use super::{Scanner, Tense, w};
use crate::table::{Table, WordSet};
use crate::words as lex;

struct ContextWords {
    /// Prepositions of a deadline: a deadline set in the past may lie ahead.
    deadline: WordSet,
    /// Future markers that are adjectives or adverbs, not modals: "next", "upcoming".
    not_modal: WordSet,
    /// Adjectives that speak of the future more weakly than a verb: "its next round".
    weak_future: WordSet,
    /// Present auxiliaries: a participle after one is present ("the case is heard").
    present_auxiliary: WordSet,
    /// Words allowed between a modal and its verb: "will not be", "would also have".
    verb_chain: WordSet,
    /// Prepositions of a deadline before a weekday ("until").
    day_deadline: WordSet,
    /// Words before such a preposition that make it no deadline ("not until").
    not_deadline: WordSet,
    /// Verbs of attribution ("said", "told"): after a clause mark they tell when, not the tense.
    reporting: WordSet,
    /// Tokens that close a reported clause before its verb of attribution (",", "''", ")").
    clause_mark: WordSet,
}

impl ContextWords {
    fn read(t: &Table) -> ContextWords {
        ContextWords {
            deadline: t.set("deadline"),
            not_modal: t.set("not_modal"),
            weak_future: t.set("weak_future"),
            present_auxiliary: t.set("present_auxiliary"),
            verb_chain: t.set("verb_chain"),
            day_deadline: t.set("day_deadline"),
            not_deadline: t.set("not_deadline"),
            reporting: t.set("reporting"),
            clause_mark: t.set("clause_mark"),
        }
    }
}

word_table!("context.tsv", ContextWords);

impl Scanner<'_> {
    /// The tense of the nearest tense marker in the sentence, outside `[a, b)`.
    pub(super) fn tense(&self, a: usize, b: usize) -> Tense {
        self.tense_at(a, b).1
    }

    /// The tense for a month, season or year named at `[a, b)`: as [`Self::tense`], except
    /// that an infinitive between the marker and the name governs it ("agreed to buy the unit
    /// in February" looks ahead).
    pub(super) fn month_tense(&self, a: usize, b: usize) -> Tense {
        let (at, t) = self.tense_at(a, b);
        // A deadline set in the past ("gave them until mid-November") may lie ahead; one that
        // opens its clause tells the story's time ("By August, the city was free").
        if t == Tense::Past && WORDS.deadline.contains(self.word_before(a)) {
            let opens = a == self.lo + 1 || (a >= self.lo + 2 && self.word(a - 2) == w::COMMA);
            if !opens {
                return Tense::Unknown;
            }
        }
        if t != Tense::Future
            && let Some(j) = at.filter(|j| *j < a)
            && (j + 1..a).any(|k| self.word(k) == w::TO && self.infinitive(k + 1))
        {
            return Tense::Future;
        }
        t
    }

    /// The tense for a weekday named at `[a, b)`: as [`Self::tense`], except that a deadline set
    /// in the past ("extended the deadline until Tuesday") lies ahead, unless the phrase opens
    /// its clause ("Until Tuesday, they had ...", "not until Tuesday").
    pub(super) fn day_tense(&self, a: usize, b: usize) -> Tense {
        let words = &*WORDS;
        let t = self.tense(a, b);
        if t == Tense::Past && a > self.lo + 1 && words.day_deadline.contains(self.word_before(a)) {
            let p = a - 2;
            let open = !self.raw_word(p).bytes().all(|c| c.is_ascii_lowercase())
                || words.not_deadline.contains(self.word(p));
            if !open {
                return Tense::Future;
            }
        }
        t
    }

    /// The nearest tense marker outside `[a, b)`: its token and tense.
    fn tense_at(&self, a: usize, b: usize) -> (Option<usize>, Tense) {
        let words = &*WORDS;
        let mut best = (usize::MAX, None, Tense::Unknown);
        // A window keeps run-on "sentences" (tables, lists) linear.
        let from = self.lo.max(a.saturating_sub(40));
        let to = self.hi.min(b.saturating_add(40));
        for j in from..to {
            if j >= a && j < b {
                continue;
            }
            let word = self.word(j);
            let t = if lex::future_word(word) {
                Tense::Future
            } else if lex::past_verb(word) || lex::present_verb(word) || self.ed_form(word) {
                if self.after_modal(j) {
                    // "will meet", "won't meet", "would be paid", "to be held": the modal or
                    // infinitive sets the tense of the verb it governs.
                    Tense::Future
                } else if (lex::past_verb(word) || self.ed_form(word))
                    && !words.present_auxiliary.contains(self.word_before(j))
                {
                    // A participle after a present auxiliary is present: "the case is heard".
                    Tense::Past
                } else {
                    Tense::Present
                }
            } else {
                continue;
            };
            let mut d = if j < a { a - j } else { j + 1 - b };
            // An adjective ("its next round") speaks of the future more weakly than a verb.
            if words.weak_future.contains(word) {
                d += 10;
            }
            // "... will leave at 4 a.m. Thursday,'' Castro said": the verb of attribution after
            // the reported clause is when it was said; a marker inside the clause comes first.
            if j >= b
                && words.reporting.contains(word)
                && (b..j).any(|k| self.word_in(k, &words.clause_mark))
            {
                d += 40;
            }
            if d < best.0 {
                best = (d, Some(j), t);
            }
        }
        (best.1, best.2)
    }

    /// A regular past form ("collapsed"), not a word that only ends like one ("need").
    fn ed_form(&self, word: &str) -> bool {
        word.len() > 4
            && word.ends_with("ed")
            // "unspecified", "undisclosed": adjectives, not verbs.
            && !word.starts_with("un")
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !lex::false_ed(word)
    }

    /// The verb at `j` follows a future modal or an infinitive `to`, possibly through `not`
    /// and `be`/`have`: "will meet", "won't meet", "would be paid", "to be held".
    fn after_modal(&self, j: usize) -> bool {
        let words = &*WORDS;
        let mut k = j;
        for _ in 0..3 {
            if k <= self.lo {
                return false;
            }
            k -= 1;
            let word = self.word(k);
            if lex::future_word(word) && !words.not_modal.contains(word) {
                return true;
            }
            if word == w::TO {
                return k + 1 < j || self.infinitive(j);
            }
            if !words.verb_chain.contains(word) {
                return false;
            }
        }
        false
    }

    /// A bare verb after `to` (no article, pronoun, number or name): "to purchase".
    pub(super) fn infinitive(&self, j: usize) -> bool {
        let word = self.word(j);
        !word.is_empty()
            && word.bytes().all(|b| b.is_ascii_lowercase())
            && !self.capitalized(j)
            && !lex::object_after_to(word)
            && lex::number(word).is_none()
            && lex::month(word).is_none()
            && lex::unit(word).is_none()
    }
}
