//! `Document`: immutable text + metadata + append-only layers.

use crate::layers::*;
use crate::{DepTree, DocMeta, OffsetIndex, TextRange, TokenView};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Errors a document reports: they are programming or data-contract errors, not odd input.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocError {
    #[error("layer `{0}` is already present; layers are append-only")]
    LayerExists(LayerKind),
    #[error("layer `{kind}` requires layer `{missing}`")]
    Missing { kind: LayerKind, missing: LayerKind },
    #[error("range {range} is out of bounds or not on a character boundary (text is {len} bytes)")]
    BadRange { range: TextRange, len: u32 },
    #[error("document text is larger than 4 GiB")]
    TooLarge,
}

/// A document: its text never changes after creation; annotators only add layers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Document {
    text: String,
    pub meta: DocMeta,
    tokens: Option<Layer<Token>>,
    sentences: Option<Layer<Sentence>>,
    pos: Option<Layer<PosTag>>,
    #[serde(default)]
    deps: Option<Layer<Dependency>>,
    entities: Option<Layer<Mention>>,
    coref: Option<Layer<CorefChain>>,
    quotes: Option<Layer<Quote>>,
    timexes: Option<Layer<Timex>>,
    relations: Option<Layer<Relation>>,
    /// The token view, built on first use from the tokens, sentences and POS layers; setting
    /// one of those layers drops it. Derived data: never serialized.
    #[serde(skip)]
    view: OnceLock<TokenView>,
    /// The dependency tree, built on first use from the tokens and dependency layers; setting
    /// one of them drops it. Derived data: never serialized.
    #[serde(skip)]
    tree: OnceLock<DepTree>,
}

macro_rules! layer_accessors {
    ($($field:ident, $set:ident, $ty:ty, $kind:expr, $viewed:expr, $treed:expr);* $(;)?) => {
        $(
            pub fn $field(&self) -> Option<&Layer<$ty>> {
                self.$field.as_ref()
            }

            /// Adds the layer. Fails if it is already present (layers are append-only) or if a
            /// range lies outside the text.
            pub fn $set(&mut self, layer: Layer<$ty>) -> Result<(), DocError> {
                if self.$field.is_some() {
                    return Err(DocError::LayerExists($kind));
                }
                for r in layer.items.iter().flat_map(|i| i.ranges()) {
                    self.check_range(r)?;
                }
                self.$field = Some(layer);
                if $viewed {
                    self.view = OnceLock::new();
                }
                if $treed {
                    self.tree = OnceLock::new();
                }
                Ok(())
            }
        )*
    };
}

impl Document {
    /// A new document. Fails only for texts over 4 GiB (offsets are `u32`).
    pub fn new(meta: DocMeta, text: impl Into<String>) -> Result<Self, DocError> {
        let text = text.into();
        if text.len() > u32::MAX as usize {
            return Err(DocError::TooLarge);
        }
        Ok(Document {
            text,
            meta,
            tokens: None,
            sentences: None,
            pos: None,
            deps: None,
            entities: None,
            coref: None,
            quotes: None,
            timexes: None,
            relations: None,
            view: OnceLock::new(),
            tree: OnceLock::new(),
        })
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of a range. Out-of-bounds or split-character ranges give `""`.
    pub fn slice(&self, r: TextRange) -> &str {
        self.text.get(r.as_usize()).unwrap_or("")
    }

    pub fn offset_index(&self) -> OffsetIndex {
        OffsetIndex::new(&self.text)
    }

    /// Checks that a range lies inside the text on character boundaries.
    pub fn check_range(&self, r: TextRange) -> Result<(), DocError> {
        let ok = r.start <= r.end
            && (r.end as usize) <= self.text.len()
            && self.text.is_char_boundary(r.start as usize)
            && self.text.is_char_boundary(r.end as usize);
        if ok {
            Ok(())
        } else {
            Err(DocError::BadRange {
                range: r,
                len: self.text.len() as u32,
            })
        }
    }

    /// Which layers are present.
    pub fn layer_kinds(&self) -> Vec<LayerKind> {
        LayerKind::ALL
            .into_iter()
            .filter(|k| self.has(*k))
            .collect()
    }

    pub fn has(&self, kind: LayerKind) -> bool {
        match kind {
            LayerKind::Tokens => self.tokens.is_some(),
            LayerKind::Sentences => self.sentences.is_some(),
            LayerKind::Pos => self.pos.is_some(),
            LayerKind::Deps => self.deps.is_some(),
            LayerKind::Entities => self.entities.is_some(),
            LayerKind::Coref => self.coref.is_some(),
            LayerKind::Quotes => self.quotes.is_some(),
            LayerKind::Timexes => self.timexes.is_some(),
            LayerKind::Relations => self.relations.is_some(),
        }
    }

    /// The producer of a layer, when present.
    pub fn producer(&self, kind: LayerKind) -> Option<&Producer> {
        match kind {
            LayerKind::Tokens => self.tokens.as_ref().map(|l| &l.producer),
            LayerKind::Sentences => self.sentences.as_ref().map(|l| &l.producer),
            LayerKind::Pos => self.pos.as_ref().map(|l| &l.producer),
            LayerKind::Deps => self.deps.as_ref().map(|l| &l.producer),
            LayerKind::Entities => self.entities.as_ref().map(|l| &l.producer),
            LayerKind::Coref => self.coref.as_ref().map(|l| &l.producer),
            LayerKind::Quotes => self.quotes.as_ref().map(|l| &l.producer),
            LayerKind::Timexes => self.timexes.as_ref().map(|l| &l.producer),
            LayerKind::Relations => self.relations.as_ref().map(|l| &l.producer),
        }
    }

    layer_accessors! {
        tokens, set_tokens, Token, LayerKind::Tokens, true, true;
        sentences, set_sentences, Sentence, LayerKind::Sentences, true, false;
        pos, set_pos, PosTag, LayerKind::Pos, true, false;
        deps, set_deps, Dependency, LayerKind::Deps, false, true;
        entities, set_entities, Mention, LayerKind::Entities, false, false;
        coref, set_coref, CorefChain, LayerKind::Coref, false, false;
        quotes, set_quotes, Quote, LayerKind::Quotes, false, false;
        timexes, set_timexes, Timex, LayerKind::Timexes, false, false;
        relations, set_relations, Relation, LayerKind::Relations, false, false;
    }

    /// The shared token view (lower-cased forms, POS tags, each token's sentence), built once
    /// from the tokens, sentences and POS layers present now and kept until one of them is added.
    pub fn view(&self) -> &TokenView {
        self.view.get_or_init(|| TokenView::build(self))
    }

    /// The dependency layer as a tree (each token's head and dependents), built once from the
    /// tokens and dependency layers present now and kept until one of them is added.
    pub fn tree(&self) -> &DepTree {
        self.tree.get_or_init(|| DepTree::build(self))
    }

    /// Token items as a slice (empty when the layer is absent).
    pub fn token_items(&self) -> &[Token] {
        self.tokens.as_ref().map_or(&[], |l| &l.items)
    }

    pub fn sentence_items(&self) -> &[Sentence] {
        self.sentences.as_ref().map_or(&[], |l| &l.items)
    }

    pub fn entity_items(&self) -> &[Mention] {
        self.entities.as_ref().map_or(&[], |l| &l.items)
    }

    pub fn quote_items(&self) -> &[Quote] {
        self.quotes.as_ref().map_or(&[], |l| &l.items)
    }

    pub fn timex_items(&self) -> &[Timex] {
        self.timexes.as_ref().map_or(&[], |l| &l.items)
    }
}

/// Items that carry text ranges, so a layer can be checked against its text on insertion.
pub(crate) trait Ranged {
    fn ranges(&self) -> Vec<TextRange>;
}

impl Ranged for Token {
    fn ranges(&self) -> Vec<TextRange> {
        vec![self.range]
    }
}
impl Ranged for Sentence {
    fn ranges(&self) -> Vec<TextRange> {
        vec![self.range]
    }
}
impl Ranged for PosTag {
    fn ranges(&self) -> Vec<TextRange> {
        Vec::new()
    }
}
impl Ranged for Dependency {
    fn ranges(&self) -> Vec<TextRange> {
        Vec::new()
    }
}
impl Ranged for Mention {
    fn ranges(&self) -> Vec<TextRange> {
        vec![self.range]
    }
}
impl Ranged for CorefChain {
    fn ranges(&self) -> Vec<TextRange> {
        self.spans.clone()
    }
}
impl Ranged for Quote {
    fn ranges(&self) -> Vec<TextRange> {
        let mut v = vec![self.range];
        v.extend(self.speaker);
        v.extend(self.cue);
        v.extend(self.time_evidence);
        v
    }
}
impl Ranged for Timex {
    fn ranges(&self) -> Vec<TextRange> {
        let mut v = vec![self.range];
        if let Some(TimexAnchor::Expression(r)) = self.anchor {
            v.push(r);
        }
        v.extend(self.span_to.as_ref().map(|s| s.to));
        v
    }
}
impl Ranged for Relation {
    fn ranges(&self) -> Vec<TextRange> {
        vec![self.evidence]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new(DocMeta::new("t"), text).unwrap()
    }

    #[test]
    fn layers_are_append_only() {
        let mut d = doc("Zakayev spoke.");
        let p = Producer::new("test", "1");
        let toks = vec![Token {
            range: TextRange::new(0, 7),
        }];
        d.set_tokens(Layer::new(p.clone(), toks.clone())).unwrap();
        assert_eq!(
            d.set_tokens(Layer::new(p, toks)),
            Err(DocError::LayerExists(LayerKind::Tokens))
        );
        assert_eq!(d.layer_kinds(), vec![LayerKind::Tokens]);
        assert_eq!(d.producer(LayerKind::Tokens).unwrap().annotator, "test");
    }

    #[test]
    fn bad_ranges_are_refused() {
        let mut d = doc("“Hi”");
        let p = Producer::new("test", "1");
        // byte 1 is inside the 3-byte opening quote
        let bad = vec![Token {
            range: TextRange::new(1, 4),
        }];
        assert!(matches!(
            d.set_tokens(Layer::new(p.clone(), bad)),
            Err(DocError::BadRange { .. })
        ));
        let past = vec![Token {
            range: TextRange::new(0, 99),
        }];
        assert!(d.set_tokens(Layer::new(p, past)).is_err());
        assert!(!d.has(LayerKind::Tokens));
    }

    #[test]
    fn slice_never_panics() {
        let d = doc("“Hi”");
        assert_eq!(d.slice(TextRange::new(0, 3)), "“");
        assert_eq!(d.slice(TextRange::new(1, 3)), "");
        assert_eq!(d.slice(TextRange::new(0, 100)), "");
    }
}
