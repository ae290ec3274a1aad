//! The POS tagger: model loading (file or embedded), greedy decoding and the `Annotator`.

use crate::features::{self, normalize};
use doc::{Annotator, Diagnostic, DocError, Document, Layer, LayerKind, PosTag, Producer};
use learn::{FeatureBuf, Model, ModelError, Reader, file};
use rustc_hash::FxHashMap;
use std::path::Path;

/// The kind recorded in POS model files.
pub const MODEL_KIND: &str = "pos";

const START: &str = "-START-";

/// A trained POS tagger. Classes are joint `UPOS\tXPOS` pairs, so both tag sets agree.
#[derive(Clone, Debug)]
pub struct PosTagger {
    tags: Vec<String>,
    upos: Vec<String>,
    xpos: Vec<String>,
    dict: FxHashMap<String, u16>,
    model: Model,
    id: String,
}

impl PosTagger {
    /// The model committed in `models/pos.model`, compiled into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::from_bytes(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/pos.model"
        )))
    }

    /// Loads a model file.
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        Self::from_bytes(&file::read_file(path)?)
    }

    /// Parses model file bytes (checks magic, version, kind and checksum).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let payload = file::unwrap(bytes, MODEL_KIND)?;
        let mut r = Reader::new(payload);
        let tags = r.strs()?;
        let n = r.u32()? as usize;
        let mut dict = FxHashMap::default();
        for _ in 0..n {
            let w = r.str()?;
            let c = r.u16()?;
            if c as usize >= tags.len() {
                return Err(ModelError::Corrupt(
                    "tag dictionary class out of range".into(),
                ));
            }
            dict.insert(w, c);
        }
        let model = Model::read(&mut r)?;
        if model.n_classes() != tags.len() || tags.is_empty() {
            return Err(ModelError::Corrupt("tag set and weights disagree".into()));
        }
        let (upos, xpos) = tags
            .iter()
            .map(|t| {
                let (u, x) = t.split_once('\t').unwrap_or((t.as_str(), t.as_str()));
                (u.to_string(), x.to_string())
            })
            .unzip();
        let id = format!("pos-{:016x}", learn::fnv1a(bytes));
        Ok(PosTagger {
            tags,
            upos,
            xpos,
            dict,
            model,
            id,
        })
    }

    /// Number of classes (joint UPOS/XPOS tags), of weighted features and of non-zero weights.
    pub fn stats(&self) -> (usize, usize, usize) {
        let (k, w) = self.model.size();
        (self.tags.len(), k, w)
    }

    /// A short identifier of the model (kind + hash of its bytes), recorded as the producer model.
    pub fn model_id(&self) -> &str {
        &self.id
    }

    /// Class indices for the words of one sentence.
    pub fn tag_indices(&self, words: &[&str]) -> Vec<usize> {
        let mut toks = features::prepare(words);
        for t in &mut toks {
            if let Some(h) = self
                .dict
                .get(&t.norm)
                .and_then(|&c| self.tags.get(c as usize))
            {
                t.hint.clone_from(h);
            }
        }
        let mut out: Vec<usize> = Vec::with_capacity(words.len());
        let mut f = FeatureBuf::new();
        let mut scores = Vec::new();
        for i in 0..toks.len() {
            let c = match toks.get(i).and_then(|t| self.dict.get(&t.norm)) {
                Some(&c) => c as usize,
                None => {
                    let p1 = self.prev(&out, 1);
                    let p2 = self.prev(&out, 2);
                    features::extract(&toks, i, p1, p2, &mut f);
                    self.model.scores(f.as_slice(), &mut scores);
                    learn::perceptron::argmax(&scores)
                }
            };
            out.push(c);
        }
        out
    }

    fn prev(&self, out: &[usize], k: usize) -> &str {
        out.len()
            .checked_sub(k)
            .and_then(|j| out.get(j))
            .and_then(|&c| self.tags.get(c))
            .map_or(START, String::as_str)
    }

    /// `(UPOS, XPOS)` for the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<(&str, &str)> {
        self.tag_indices(words)
            .into_iter()
            .map(|c| {
                (
                    self.upos.get(c).map_or("X", String::as_str),
                    self.xpos.get(c).map_or("XX", String::as_str),
                )
            })
            .collect()
    }

    /// Whether `word` is in the tag dictionary (always tagged the same way).
    pub fn in_dictionary(&self, word: &str) -> bool {
        self.dict.contains_key(&normalize(word))
    }
}

impl Annotator for PosTagger {
    fn name(&self) -> &'static str {
        "pos"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Pos]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for k in [LayerKind::Tokens, LayerKind::Sentences] {
            if !doc.has(k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Pos,
                    missing: k,
                });
            }
        }
        let toks = doc.token_items();
        let mut tags = vec![
            PosTag {
                upos: "X".into(),
                xpos: "XX".into(),
            };
            toks.len()
        ];
        for s in doc.sentence_items() {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
            let Some(sent) = toks.get(a..b) else { continue };
            let words: Vec<&str> = sent.iter().map(|t| doc.slice(t.range)).collect();
            for (k, (u, x)) in self.tag(&words).into_iter().enumerate() {
                if let Some(slot) = tags.get_mut(a + k) {
                    *slot = PosTag {
                        upos: u.to_string(),
                        xpos: x.to_string(),
                    };
                }
            }
        }
        let producer = Producer::new("pos", env!("CARGO_PKG_VERSION")).with_model(self.id.clone());
        doc.set_pos(Layer::new(producer, tags))?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::{DocMeta, TextRange, Token};

    #[test]
    fn embedded_model_tags_a_sentence() {
        let t = PosTagger::embedded().unwrap();
        let tags = t.tag(&["The", "Chechen", "leader", "spoke", "in", "Kyiv", "."]);
        assert_eq!(tags[0], ("DET", "DT"));
        assert_eq!(tags[3].0, "VERB");
        assert_eq!(tags[5], ("PROPN", "NNP"));
        assert_eq!(tags[6].0, "PUNCT");
        let (classes, keys, _) = t.stats();
        assert!(classes > 17 && keys > 0);
    }

    #[test]
    fn annotator_needs_tokens_and_sentences() {
        let t = PosTagger::embedded().unwrap();
        let mut d = Document::new(DocMeta::new("t"), "Hi there").unwrap();
        assert!(matches!(t.annotate(&mut d), Err(DocError::Missing { .. })));
        let p = Producer::new("test", "1");
        let toks = vec![
            Token {
                range: TextRange::new(0, 2),
            },
            Token {
                range: TextRange::new(3, 8),
            },
        ];
        d.set_tokens(Layer::new(p.clone(), toks)).unwrap();
        d.set_sentences(Layer::new(
            p,
            vec![doc::Sentence {
                range: TextRange::new(0, 8),
                tokens: (0, 2),
            }],
        ))
        .unwrap();
        t.annotate(&mut d).unwrap();
        assert_eq!(d.pos().unwrap().items.len(), 2);
    }
}
