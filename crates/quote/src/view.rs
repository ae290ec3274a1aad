//! A token view over a document: lower-cased words, sentence and paragraph numbers, tags.

use crate::lexicon::*;
use doc::{Document, TextRange, Upos};

/// One token with what the rules ask about it.
#[derive(Clone, Debug)]
pub(crate) struct Tok<'a> {
    pub r: TextRange,
    pub s: &'a str,
    pub sent: usize,
    pub para: usize,
    pub upos: Option<Upos>,
    /// Index of the quotation region the token lies in (marks included).
    pub region: Option<usize>,
}

/// Tokens plus sentence token ranges, over the document's shared [`doc::TokenView`].
pub(crate) struct View<'a> {
    pub toks: Vec<Tok<'a>>,
    pub sents: Vec<(usize, usize)>,
    tv: &'a doc::TokenView,
}

impl<'a> View<'a> {
    pub fn new(doc: &'a Document, regions: &[crate::marks::Region]) -> Self {
        let text = doc.text();
        let tv = doc.view();
        let mut toks = Vec::with_capacity(doc.token_items().len());
        let mut para = 0usize;
        let mut last_end = 0usize;
        let mut reg = 0usize;
        for (i, t) in doc.token_items().iter().enumerate() {
            let (a, b) = (t.range.start as usize, t.range.end as usize);
            if let Some(gap) = text.get(last_end.min(a)..a) {
                para += gap.bytes().filter(|&c| c == b'\n').count();
            }
            last_end = b;
            let s = text.get(a..b).unwrap_or("");
            while regions.get(reg).is_some_and(|r| r.end <= t.range.start) {
                reg += 1;
            }
            let region = regions
                .get(reg)
                .filter(|r| r.open <= t.range.start && t.range.end <= r.end.max(r.content.end))
                .map(|_| reg);
            toks.push(Tok {
                r: t.range,
                s,
                sent: tv.sent_of(i),
                para,
                upos: tv.upos(i),
                region,
            });
        }
        let sents = tv.sents().filter(|&(a, b)| a < b).collect();
        View { toks, sents, tv }
    }

    pub fn low(&self, i: usize) -> &str {
        self.tv.lower(i)
    }

    pub fn s(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.s)
    }

    pub fn has_pos(&self) -> bool {
        self.toks.first().is_some_and(|t| t.upos.is_some())
    }

    pub fn upos(&self, i: usize) -> Option<Upos> {
        self.toks.get(i).and_then(|t| t.upos)
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.s(i)
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric())
    }

    pub fn is_cap(&self, i: usize) -> bool {
        let s = self.s(i);
        s.chars().next().is_some_and(|c| c.is_uppercase())
            && s.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '’' | '\''))
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        matches!(self.s(i), "’s" | "'s" | "’" | "'")
    }

    pub fn in_region(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.region.is_some())
    }

    /// A cue starting at token `i`: returns the token index just past it.
    pub fn cue_at(&self, i: usize) -> Option<usize> {
        let low = self.low(i);
        if low == "according" && self.low(i + 1) == "to" {
            return Some(i + 2);
        }
        if low == "pointed" && self.low(i + 1) == "out" {
            return Some(i + 2);
        }
        if !is_cue_verb(low) {
            return None;
        }
        // `added to the wall`: a physical addition, not speech.
        if matches!(low, "added" | "adds" | "adding") && self.low(i + 1) == "to" {
            return None;
        }
        // A passive participle is no cue (`was declared an “undesirable organization”`).
        if i > 0
            && is_passive_auxiliary(self.low(i - 1))
            && (low.ends_with("ed") || is_irregular_participle(low))
        {
            return None;
        }
        // A capitalized cue only opens a sentence (`Said Ellis: …`); elsewhere it is a name.
        if self.s(i).chars().next().is_some_and(char::is_uppercase) {
            let first = i == 0
                || self.toks.get(i - 1).is_some_and(|p| {
                    self.toks
                        .get(i)
                        .is_some_and(|t| t.sent != p.sent || t.para != p.para)
                });
            if !first {
                return None;
            }
        }
        if self.has_pos() {
            if !matches!(self.upos(i), Some(Upos::Verb | Upos::Aux)) {
                return None;
            }
        } else if is_ambiguous_noun(low) && i > 0 {
            let p = self.low(i - 1);
            if is_determiner(p) || p == "’s" || p == "'s" {
                return None;
            }
            // `satellite states: …`, `attacks committed against …`: a plural noun.
            let n = self.s(i + 1);
            let participle = n.ends_with("ed") && n.chars().next().is_some_and(char::is_lowercase);
            if low.ends_with('s') && (n == ":" || participle) {
                return None;
            }
        }
        Some(i + 1)
    }

    /// A word that can head a speaker noun phrase.
    pub fn np_head(&self, i: usize) -> bool {
        let low = self.low(i);
        if !self.is_word(i) {
            return false;
        }
        if matches!(low, "he" | "she" | "they" | "i" | "we" | "it") {
            return true;
        }
        if is_cue_verb(low) {
            return false;
        }
        if let Some(u) = self.upos(i) {
            return matches!(u, Upos::Noun | Upos::Propn | Upos::Num | Upos::Pron)
                && !is_function_word(low);
        }
        if self.is_cap(i) {
            return !is_cap_stop(low) || is_title(low);
        }
        if is_function_word(low) || is_pronoun(low) || is_determiner(low) {
            return false;
        }
        if is_source_noun(low) || is_role_noun(low) {
            return true;
        }
        i > 0 && {
            let p = self.low(i - 1);
            is_determiner(p)
                || self.is_possessive(i - 1)
                || self.is_cap(i - 1)
                || (self.is_word(i - 1)
                    && !p.ends_with("ly")
                    && self.np_mod(i - 1)
                    && i > 1
                    && (is_determiner(self.low(i - 2))
                        || self.is_possessive(i - 2)
                        || self.is_cap(i - 2)))
        }
    }

    /// A word that may stand inside a speaker noun phrase, left of its head.
    pub fn np_mod(&self, i: usize) -> bool {
        let low = self.low(i);
        if self.is_possessive(i) {
            return true;
        }
        if !self.is_word(i) {
            return false;
        }
        if let Some(u) = self.upos(i) {
            return matches!(
                u,
                Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num
            ) && !is_function_word(low)
                || is_determiner(low);
        }
        if is_determiner(low) {
            return true;
        }
        if is_cue_verb(low) || is_pronoun(low) || is_function_word(low) {
            return false;
        }
        true
    }

    /// The speaker noun phrase ending just before `cue` (skipping auxiliaries and adverbs),
    /// not reaching before `lo`.
    pub fn left_np(&self, cue: usize, lo: usize) -> Option<(usize, usize)> {
        let mut end = cue;
        let mut skipped = 0;
        loop {
            while end > lo && is_cue_skip(self.low(end - 1)) && skipped < 3 {
                end -= 1;
                skipped += 1;
            }
            // `Sanders on Tuesday said`, `prosecutors in April charged`: a time adjunct.
            let k = (end.saturating_sub(4)..end)
                .rev()
                .take_while(|&k| k > lo && !self.in_region(k))
                .find(|&k| matches!(self.low(k), "on" | "in" | "last" | "this" | "earlier"));
            match k {
                Some(k)
                    if k + 1 < end
                        && is_time_word(self.low(end - 1))
                        && (k + 1..end).all(|j| self.is_word(j)) =>
                {
                    end = k;
                }
                _ => break,
            }
        }
        // `Sen. David Perdue (R-Ga.) said`.
        if end > lo && self.s(end - 1) == ")" {
            let open = (lo.max(end.saturating_sub(9))..end - 1)
                .rev()
                .find(|&k| self.s(k) == "(")?;
            end = open;
        }
        if end <= lo || self.in_region(end - 1) {
            return None;
        }
        let head = end - 1;
        if !self.np_head(head) {
            return None;
        }
        if is_pronoun(self.low(head)) {
            return Some((head, end));
        }
        let mut start = head;
        while start > lo && end - start < 8 && !self.in_region(start - 1) {
            let p = start - 1;
            if !self.np_mod(p) || matches!(self.low(p), "that" | "this" | "these" | "those") {
                break;
            }
            start = p;
            if is_determiner(self.low(p)) {
                break;
            }
        }
        Some((start, end))
    }

    /// The subject of the clause starting at `lo`: a pronoun or a phrase with a name, possibly
    /// after an introductory phrase ending in a comma.
    pub fn subject(&self, lo: usize, hi: usize) -> Option<(usize, usize)> {
        let good = |(a, b): (usize, usize)| {
            (b == a + 1 && matches!(self.low(a), "he" | "she" | "they" | "i" | "we"))
                || (a..b).any(|k| self.is_cap(k) && !is_cap_stop(self.low(k)))
        };
        let demonstrative = |k: usize| matches!(self.low(k), "that" | "this" | "these" | "those");
        if !demonstrative(lo)
            && let Some(np) = self.right_np(lo, hi).filter(|&np| good(np))
        {
            return Some(np);
        }
        let comma = (lo..hi.min(lo + 10)).find(|&k| self.s(k) == ",")?;
        if demonstrative(comma + 1) {
            return None;
        }
        self.right_np(comma + 1, hi).filter(|&np| good(np))
    }

    /// The noun phrase starting at `from` (after commas), not reaching `hi`.
    pub fn right_np(&self, from: usize, hi: usize) -> Option<(usize, usize)> {
        let mut i = from;
        while i < hi && self.s(i) == "," {
            i += 1;
        }
        if i >= hi || self.in_region(i) {
            return None;
        }
        let first = self.low(i);
        if is_pronoun(first) && first != "it" && first != "you" {
            return Some((i, i + 1));
        }
        let lenient = self.is_word(i)
            && !is_function_word(first)
            && !is_cue_verb(first)
            && !is_pronoun(first)
            && (!first.ends_with("ing") || self.is_cap(i));
        if !(is_determiner(first) || self.np_head(i) || lenient) {
            return None;
        }
        let start = i;
        let mut end = i + 1;
        while end < hi && end - start < 8 && !self.in_region(end) {
            let l = self.low(end);
            let ok = self.is_possessive(end)
                || (self.is_word(end)
                    && !is_function_word(l)
                    && !is_cue_verb(l)
                    && !is_determiner(l)
                    && (!l.ends_with("ing")
                        || self.is_cap(end)
                        || l.contains('-')
                        || self.upos(end) == Some(Upos::Noun))
                    && (self.upos(end).is_some()
                        || self.is_cap(end)
                        || !(l.ends_with("ed") || l.ends_with("ly")))
                    && self.upos(end).is_none_or(|u| {
                        matches!(
                            u,
                            Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num | Upos::Part
                        )
                    }));
            if !ok {
                break;
            }
            end += 1;
        }
        // A determiner alone is no phrase.
        if end == start + 1 && is_determiner(first) {
            return None;
        }
        Some((start, end))
    }
}
