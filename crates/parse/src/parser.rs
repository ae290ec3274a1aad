//! The dependency parser: model loading (file or embedded) and greedy decoding.

use crate::features::{self, Toks};
use crate::system::{LEFT, N_MOVES, RIGHT, SHIFT, State};
use learn::{Model, ModelError, Reader, Writer, file};
use std::path::Path;

/// The kind recorded in dependency model files.
pub const MODEL_KIND: &str = "deps";

/// Version of the feature templates; a model trained with other templates is refused.
pub(crate) const FEATURES_VERSION: u32 = 1;

/// A trained parser: a 3-way transition classifier (SHIFT, LEFT, RIGHT) and a relation
/// classifier asked only when an arc is added.
#[derive(Clone, Debug)]
pub struct DepParser {
    labels: Vec<String>,
    root: u16,
    trans: Model,
    rel: Model,
    id: String,
}

/// One parsed sentence: per word, its head (1-based word index, 0 for the root) and relation
/// (an index into [`DepParser::labels`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Parse {
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
}

/// Reusable decoding buffers (one per thread), so parsing a sentence allocates only its result.
#[derive(Clone, Debug, Default)]
pub struct Scratch {
    st: State,
    toks: Toks,
    feats: Vec<u64>,
    scores: Vec<f32>,
}

pub(crate) fn write_payload(labels: &[String], trans: &Model, rel: &Model) -> Vec<u8> {
    let mut w = Writer::new();
    w.u32(FEATURES_VERSION);
    w.strs(labels);
    trans.write(&mut w);
    rel.write(&mut w);
    file::wrap(MODEL_KIND, &w.into_inner())
}

impl DepParser {
    /// The model committed in `models/deps.model`, compiled into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::from_bytes(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/deps.model"
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
        let v = r.u32()?;
        if v != FEATURES_VERSION {
            return Err(ModelError::Corrupt(format!(
                "dependency feature templates version {v}, this build has {FEATURES_VERSION}"
            )));
        }
        let labels = r.strs()?;
        let trans = Model::read(&mut r)?;
        let rel = Model::read(&mut r)?;
        let root = labels.iter().position(|l| l == "root");
        let Some(root) = root.filter(|_| labels.len() < usize::from(u16::MAX)) else {
            return Err(ModelError::Corrupt("relation set lacks `root`".into()));
        };
        if trans.n_classes() != N_MOVES || rel.n_classes() != labels.len() || !r.is_empty() {
            return Err(ModelError::Corrupt(
                "transition or relation weights disagree with the model header".into(),
            ));
        }
        Ok(DepParser {
            labels,
            root: root as u16,
            trans,
            rel,
            id: format!("deps-{:016x}", learn::fnv1a(bytes)),
        })
    }

    /// A short identifier of the model (kind + hash of its bytes), recorded as the producer model.
    pub fn model_id(&self) -> &str {
        &self.id
    }

    /// The relation names, sorted; [`Parse::labels`] index into them.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The name of relation `id`.
    pub fn label(&self, id: u16) -> &str {
        self.labels
            .get(usize::from(id))
            .map_or("dep", String::as_str)
    }

    /// Number of weighted features and of non-zero weights of the transition and relation
    /// classifiers.
    pub fn stats(&self) -> [(usize, usize); 2] {
        [self.trans.size(), self.rel.size()]
    }

    /// Parses one sentence given its words and their UPOS and XPOS tags (equal lengths).
    pub fn parse(&self, words: &[&str], upos: &[&str], xpos: &[&str]) -> Parse {
        self.parse_with(&mut Scratch::default(), words, upos, xpos)
    }

    /// [`DepParser::parse`] with reusable buffers.
    pub fn parse_with(
        &self,
        sc: &mut Scratch,
        words: &[&str],
        upos: &[&str],
        xpos: &[&str],
    ) -> Parse {
        sc.toks.clear();
        for (i, w) in words.iter().enumerate() {
            let u = upos.get(i).copied().unwrap_or("X");
            let x = xpos.get(i).copied().unwrap_or("XX");
            sc.toks.push(
                features::word_key(w),
                features::tag_key(x),
                features::tag_key(u),
            );
        }
        self.decode(sc, words.len())
    }

    /// Greedy decoding over the token keys already in `sc.toks`.
    pub(crate) fn decode(&self, sc: &mut Scratch, n: usize) -> Parse {
        let Scratch {
            st,
            toks,
            feats,
            scores,
        } = sc;
        st.reset(n);
        while !st.is_terminal() {
            let valid = st.valid();
            let mv = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(SHIFT)
            } else {
                features::transition(st, toks, feats);
                let mut s = [0f32; N_MOVES];
                self.trans.add_scores(feats, &mut s);
                best_valid(&s, &valid)
            };
            let label = if mv == LEFT || mv == RIGHT {
                let (h, d) = st.arc(mv);
                self.relation(st, toks, h, d, feats, scores)
            } else {
                0
            };
            st.apply(mv, label);
        }
        Parse {
            heads: st.heads.iter().skip(1).map(|&h| h.min(st.n)).collect(),
            labels: st.labels.iter().skip(1).copied().collect(),
        }
    }

    /// The relation of arc `h` → `d`: `root` for ROOT's dependent, otherwise the best other one.
    pub(crate) fn relation(
        &self,
        st: &State,
        toks: &Toks,
        h: u32,
        d: u32,
        feats: &mut Vec<u64>,
        scores: &mut Vec<f32>,
    ) -> u16 {
        if h == 0 {
            return self.root;
        }
        features::relation(st, toks, h, d, feats);
        self.rel.scores(feats, scores);
        best_label(scores, self.root)
    }
}

/// The best-scoring valid move (lowest index on ties).
pub(crate) fn best_valid(s: &[f32; N_MOVES], valid: &[bool; N_MOVES]) -> usize {
    let mut best = usize::MAX;
    for m in 0..N_MOVES {
        if valid[m] && (best == usize::MAX || s[m] > s[best]) {
            best = m;
        }
    }
    if best == usize::MAX { SHIFT } else { best }
}

/// The best-scoring relation other than `root` (lowest index on ties).
pub(crate) fn best_label(s: &[f32], root: u16) -> u16 {
    let mut best = None;
    for (i, &x) in s.iter().enumerate() {
        if i == usize::from(root) {
            continue;
        }
        if best.is_none_or(|(_, b)| x > b) {
            best = Some((i, x));
        }
    }
    best.map_or(0, |(i, _)| i as u16)
}
