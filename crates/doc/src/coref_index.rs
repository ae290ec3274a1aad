//! `CorefIndex`: the coreference layer's spans indexed once per document, so that "which chain
//! holds this range" costs a hash look-up or a binary search instead of a scan over every
//! chain (a scan per mention made coreference consumers quadratic in the document's length).

use crate::{CorefChain, Document, TextRange};
use std::collections::HashMap;

/// Spans read back from a look-up's position when searching for spans that contain a range.
/// Chain spans are mentions and role nominals: they nest only a few deep, so a short backward
/// scan finds every span that covers a range; past it, a containing span is ignored.
const SCAN: usize = 64;

/// The chains' spans, by exact range and sorted by start.
#[derive(Clone, Debug, Default)]
pub struct CorefIndex {
    /// The first chain (in layer order) with a span equal to the key.
    exact: HashMap<TextRange, usize>,
    /// `(span, chain)` sorted by span.
    sorted: Vec<(TextRange, usize)>,
}

impl CorefIndex {
    /// Indexes `doc`'s coreference layer (empty without one).
    pub fn new(doc: &Document) -> Self {
        Self::from_chains(doc.coref().map_or(&[], |l| l.items.as_slice()))
    }

    pub fn from_chains(chains: &[CorefChain]) -> Self {
        let mut exact = HashMap::new();
        let mut sorted = Vec::new();
        for (i, c) in chains.iter().enumerate() {
            for s in &c.spans {
                exact.entry(*s).or_insert(i);
                sorted.push((*s, i));
            }
        }
        sorted.sort_unstable();
        CorefIndex { exact, sorted }
    }

    /// The first chain with a span equal to `r`.
    pub fn exact(&self, r: TextRange) -> Option<usize> {
        self.exact.get(&r).copied()
    }

    /// Every `(span, chain)` whose span contains `r` (nearest start first).
    pub fn containing(&self, r: TextRange) -> impl Iterator<Item = (TextRange, usize)> + '_ {
        let k = self.sorted.partition_point(|(s, _)| s.start <= r.start);
        self.sorted
            .get(..k)
            .unwrap_or_default()
            .iter()
            .rev()
            .take(SCAN)
            .filter(move |(s, _)| s.contains_range(r))
            .copied()
    }

    /// Every `(span, chain)` whose span lies inside `r`, in text order.
    pub fn inside(&self, r: TextRange) -> impl Iterator<Item = (TextRange, usize)> + '_ {
        let a = self.sorted.partition_point(|(s, _)| s.start < r.start);
        let b = self.sorted.partition_point(|(s, _)| s.start < r.end);
        self.sorted
            .get(a..b.max(a))
            .unwrap_or_default()
            .iter()
            .filter(move |(s, _)| r.contains_range(*s))
            .copied()
    }

    /// The first chain (in layer order) with a span containing `r`.
    pub fn first_containing(&self, r: TextRange) -> Option<usize> {
        self.containing(r).map(|(_, c)| c).min()
    }

    /// The chain that holds `r`: a span equal to it, else the shortest span inside it, else the
    /// shortest span containing it (ties: the earlier span, then the earlier chain).
    pub fn chain_of(&self, r: TextRange) -> Option<usize> {
        if let Some(c) = self.exact(r) {
            return Some(c);
        }
        let best = |it: &mut dyn Iterator<Item = (TextRange, usize)>| {
            it.min_by_key(|(s, c)| (s.len(), s.start, *c))
                .map(|(_, c)| c)
        };
        best(&mut self.inside(r)).or_else(|| best(&mut self.containing(r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EntityLabel;

    fn chain(spans: &[(u32, u32)]) -> CorefChain {
        CorefChain {
            canonical: "x".into(),
            label: EntityLabel::Per,
            spans: spans.iter().map(|&(a, b)| TextRange::new(a, b)).collect(),
        }
    }

    #[test]
    fn finds_exact_inside_and_containing_spans() {
        let ix =
            CorefIndex::from_chains(&[chain(&[(0, 10), (40, 45)]), chain(&[(2, 5), (40, 45)])]);
        assert_eq!(ix.exact(TextRange::new(40, 45)), Some(0));
        assert_eq!(ix.exact(TextRange::new(1, 5)), None);
        assert_eq!(ix.first_containing(TextRange::new(3, 4)), Some(0));
        // Shortest span inside wins over a containing one.
        assert_eq!(ix.chain_of(TextRange::new(1, 6)), Some(1));
        // No span inside: the shortest containing span.
        assert_eq!(ix.chain_of(TextRange::new(3, 4)), Some(1));
        assert_eq!(ix.chain_of(TextRange::new(20, 30)), None);
        let inside: Vec<usize> = ix.inside(TextRange::new(0, 50)).map(|(_, c)| c).collect();
        assert_eq!(inside, vec![0, 1, 0, 1]);
    }
}
