//! The dependency parser: model loading (file or embedded) and greedy decoding.

use crate::features::{self, Toks};
use crate::system::{LEFT, N_MOVES, RIGHT, SHIFT, State};
use crate::table::{Dense3, Rows, Sparse};
use doc::{Annotator, Dependency, Diagnostic, DocError, Document, Layer, LayerKind, Producer};
use learn::{ModelError, Reader, Writer, file};
use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

/// The kind recorded in dependency model files.
pub const MODEL_KIND: &str = "deps";

/// Version of the feature templates; a model trained with other templates is refused.
/// Version 2 adds the word vocabulary (words seen fewer times in training share one key);
/// version 1 models (no vocabulary) still load.
pub(crate) const FEATURES_VERSION: u32 = 2;

/// A trained parser: a 3-way transition classifier (SHIFT, LEFT, RIGHT) and a relation
/// classifier asked only when an arc is added.
#[derive(Clone, Debug)]
pub struct DepParser {
    labels: Vec<String>,
    root: u16,
    /// The 3-way transition weights (empty when `joint`).
    trans: Dense3,
    /// The labeled transition weights (only when `joint`).
    trans_joint: Sparse,
    rel: Sparse,
    /// Labeled transitions (SHIFT, LEFT-l, RIGHT-l in one classifier; `rel` is unused).
    joint: bool,
    /// Features and weights of the transition and relation classifiers.
    stats: [(usize, usize); 2],
    /// Word clusters by normalized word (empty: no cluster features).
    clusters: FxHashMap<String, [u16; 3]>,
    /// Keys of the words frequent enough in training to be features of their own (`None`: all).
    vocab: Option<FxHashSet<u64>>,
    /// Whether the third-order and punctuation templates are on.
    extra: bool,
    /// The relation of punctuation (UPOS `PUNCT`) dependents, without asking the classifier.
    punct: Option<u16>,
    /// Whether punctuation is re-attached by the UD rules after decoding.
    fix_punct: bool,
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
    scores: Vec<i32>,
    fix: crate::punct::Buf,
}

pub(crate) fn write_payload(
    labels: &[String],
    clusters: &[(String, [u16; 3])],
    vocab: Option<&[u64]>,
    extra: bool,
    trans: &[u8],
    rel: &[u8],
) -> Vec<u8> {
    let mut w = Writer::new();
    w.u32(FEATURES_VERSION);
    w.strs(labels);
    w.u32(clusters.len() as u32);
    for (word, ids) in clusters {
        w.str(word);
        for &c in ids {
            w.u16(c);
        }
    }
    match vocab {
        Some(keys) => {
            w.u8(1);
            w.u32(keys.len() as u32);
            for &k in keys {
                w.u64(k);
            }
        }
        None => w.u8(0),
    }
    w.u8(u8::from(extra));
    w.bytes_raw(trans);
    w.bytes_raw(rel);
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
        if v != FEATURES_VERSION && v != 1 {
            return Err(ModelError::Corrupt(format!(
                "dependency feature templates version {v}, this build has {FEATURES_VERSION}"
            )));
        }
        let labels = r.strs()?;
        let n = r.u32()? as usize;
        let mut clusters = FxHashMap::default();
        clusters.reserve(n.min(1 << 20));
        for _ in 0..n {
            let w = r.str()?;
            clusters.insert(w, [r.u16()?, r.u16()?, r.u16()?]);
        }
        let vocab = if v >= 2 && r.u8()? == 1 {
            let n = r.u32()? as usize;
            let mut set = FxHashSet::default();
            set.reserve(n.min(1 << 22));
            for _ in 0..n {
                set.insert(r.u64()?);
            }
            Some(set)
        } else {
            None
        };
        let extra = v >= 2 && r.u8()? == 1;
        let trans = Rows::read(&mut r)?;
        let rel = Rows::read(&mut r)?;
        let root = labels.iter().position(|l| l == "root");
        let Some(root) = root.filter(|_| labels.len() < usize::from(u16::MAX)) else {
            return Err(ModelError::Corrupt("relation set lacks `root`".into()));
        };
        let joint = trans.n_classes == 1 + 2 * labels.len();
        if !(joint || trans.n_classes == N_MOVES) || rel.n_classes != labels.len() || !r.is_empty()
        {
            return Err(ModelError::Corrupt(
                "transition or relation weights disagree with the model header".into(),
            ));
        }
        let stats = [
            (trans.keys.len(), trans.pairs.len()),
            (rel.keys.len(), rel.pairs.len()),
        ];
        let (trans, trans_joint) = if joint {
            (Dense3::default(), Sparse::new(&trans))
        } else {
            (Dense3::new(&trans), Sparse::default())
        };
        // Version 1 models asked the classifier for punctuation too.
        let punct = (v >= 2)
            .then(|| labels.iter().position(|l| l == "punct"))
            .flatten()
            .map(|i| i as u16);
        Ok(DepParser {
            labels,
            root: root as u16,
            trans,
            trans_joint,
            rel: Sparse::new(&rel),
            joint,
            stats,
            clusters,
            vocab,
            extra,
            punct,
            fix_punct: true,
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
        self.stats
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
        sc.toks.clusters = !self.clusters.is_empty();
        sc.toks.extra = self.extra;
        for (i, w) in words.iter().enumerate() {
            let u = upos.get(i).copied().unwrap_or("X");
            let x = xpos.get(i).copied().unwrap_or("XX");
            sc.toks.push(
                word_feature(features::word_key(w), self.vocab.as_ref()),
                features::tag_key(x),
                features::tag_key(u),
                self.clusters_of(w),
                u == "PUNCT",
            );
        }
        let mut p = self.decode(sc, words.len());
        if self.fix_punct && sc.toks.punct.last().is_some_and(|&k| k > 0) {
            let mut flags = std::mem::take(&mut sc.fix.flags);
            flags.clear();
            flags.extend((1..=words.len() as u32).map(|k| sc.toks.is_punct(k)));
            crate::punct::fix(&mut sc.fix, words, &flags, &mut p.heads);
            sc.fix.flags = flags;
        }
        p
    }

    /// Turns the punctuation re-attachment after decoding ([`crate::punct`]) on or off (on by
    /// default).
    pub fn set_fix_punct(&mut self, on: bool) {
        self.fix_punct = on;
    }

    /// The cluster ids of a word (`u16::MAX` each when it has none).
    pub(crate) fn clusters_of(&self, w: &str) -> [u16; 3] {
        if self.clusters.is_empty() {
            return [u16::MAX; 3];
        }
        lookup(&self.clusters, w)
    }

    /// Greedy decoding over the token keys already in `sc.toks`.
    pub(crate) fn decode(&self, sc: &mut Scratch, n: usize) -> Parse {
        let Scratch {
            st,
            toks,
            feats,
            scores,
            fix: _,
        } = sc;
        st.reset(n);
        if self.joint {
            let n_labels = self.labels.len();
            while !st.is_terminal() {
                let valid = st.valid();
                features::transition(st, toks, feats);
                scores.clear();
                scores.resize(self.trans_joint.n_classes, 0);
                self.trans_joint.add_scores(feats, scores);
                let (mv, label) = best_joint(scores, st, &valid, self.root, n_labels);
                st.apply(mv, label);
            }
            return Parse {
                heads: st.heads.iter().skip(1).map(|&h| h.min(st.n)).collect(),
                labels: st.labels.iter().skip(1).copied().collect(),
            };
        }
        while !st.is_terminal() {
            let valid = st.valid();
            let mv = if valid.iter().filter(|&&v| v).count() == 1 {
                valid.iter().position(|&v| v).unwrap_or(SHIFT)
            } else {
                features::transition(st, toks, feats);
                best_valid(&self.trans.scores(feats), &valid)
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

    /// The relation of arc `h` → `d`: `root` for ROOT's dependent, `punct` for punctuation
    /// (UPOS `PUNCT`; version 2 models), otherwise the best other one.
    pub(crate) fn relation(
        &self,
        st: &State,
        toks: &Toks,
        h: u32,
        d: u32,
        feats: &mut Vec<u64>,
        scores: &mut Vec<i32>,
    ) -> u16 {
        if h == 0 {
            return self.root;
        }
        if let Some(p) = self.punct.filter(|_| toks.is_punct(d)) {
            return p;
        }
        features::relation(st, toks, h, d, feats);
        scores.clear();
        scores.resize(self.rel.n_classes, 0);
        self.rel.add_scores(feats, scores);
        best_label(scores, self.root)
    }
}

/// The word feature of word key `k`: itself if `vocab` (when given) holds it, else the key of
/// rare words.
#[inline]
pub(crate) fn word_feature(k: u64, vocab: Option<&FxHashSet<u64>>) -> u64 {
    match vocab {
        Some(v) if !v.contains(&k) => features::RARE,
        _ => k,
    }
}

/// The cluster ids of `w` in `map` (keyed by `tag::normalize`d words).
pub(crate) fn lookup(map: &FxHashMap<String, [u16; 3]>, w: &str) -> [u16; 3] {
    // Short ASCII words without backquotes normalize to themselves with digits as `0` (and
    // `''` as `"`): done in a stack buffer, without allocating.
    let mut buf = [0u8; 48];
    if w.is_ascii() && w.len() <= buf.len() && !w.contains('`') {
        for (o, &b) in buf.iter_mut().zip(w.as_bytes()) {
            *o = if b.is_ascii_digit() { b'0' } else { b };
        }
        let n = if w == "''" {
            "\""
        } else {
            std::str::from_utf8(&buf[..w.len()]).unwrap_or("")
        };
        return map.get(n).copied().unwrap_or([u16::MAX; 3]);
    }
    map.get(tag::normalize(w).as_str())
        .copied()
        .unwrap_or([u16::MAX; 3])
}

/// The move and relation of joint class `c` (SHIFT, LEFT-l..., RIGHT-l...).
#[inline]
pub(crate) fn joint_class(c: usize, n_labels: usize) -> (usize, u16) {
    if c == 0 {
        (SHIFT, 0)
    } else if c <= n_labels {
        (LEFT, (c - 1) as u16)
    } else {
        (RIGHT, (c - 1 - n_labels) as u16)
    }
}

/// Whether joint class `c` is allowed: its move is valid, and `root` is used exactly for
/// ROOT's dependent.
#[inline]
pub(crate) fn joint_valid(
    c: usize,
    st: &State,
    valid: &[bool; N_MOVES],
    root: u16,
    n: usize,
) -> bool {
    let (mv, l) = joint_class(c, n);
    if !valid[mv] {
        return false;
    }
    match mv {
        SHIFT => true,
        LEFT => l != root,
        _ => (st.s(1) == 0) == (l == root),
    }
}

/// The best-scoring allowed joint class as (move, relation).
pub(crate) fn best_joint<T: PartialOrd + Copy>(
    scores: &[T],
    st: &State,
    valid: &[bool; N_MOVES],
    root: u16,
    n_labels: usize,
) -> (usize, u16) {
    let mut best: Option<(usize, T)> = None;
    for (c, &x) in scores.iter().enumerate() {
        if best.is_some_and(|(_, b)| x <= b) || !joint_valid(c, st, valid, root, n_labels) {
            continue;
        }
        best = Some((c, x));
    }
    joint_class(best.map_or(0, |(c, _)| c), n_labels)
}

/// The best-scoring valid move (lowest index on ties).
pub(crate) fn best_valid<T: PartialOrd>(s: &[T; N_MOVES], valid: &[bool; N_MOVES]) -> usize {
    let mut best = usize::MAX;
    for m in 0..N_MOVES {
        if valid[m] && (best == usize::MAX || s[m] > s[best]) {
            best = m;
        }
    }
    if best == usize::MAX { SHIFT } else { best }
}

/// The best-scoring relation other than `root` (lowest index on ties).
pub(crate) fn best_label<T: PartialOrd + Copy>(s: &[T], root: u16) -> u16 {
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

impl Annotator for DepParser {
    fn name(&self) -> &'static str {
        "deps"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Pos]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Deps]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for k in self.requires() {
            if !doc.has(*k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Deps,
                    missing: *k,
                });
            }
        }
        let toks = doc.token_items();
        // The shared token view (built once per document, read again by the later stages).
        let tv = doc.view();
        let mut deps = vec![
            Dependency {
                head: None,
                rel: "dep".into(),
            };
            toks.len()
        ];
        let mut sc = Scratch::default();
        let (mut words, mut upos, mut xpos) = (Vec::new(), Vec::new(), Vec::new());
        for s in doc.sentence_items() {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
            let Some(sent) = toks.get(a..b) else { continue };
            words.clear();
            upos.clear();
            xpos.clear();
            for (k, t) in sent.iter().enumerate() {
                words.push(doc.slice(t.range));
                upos.push(tv.upos(a + k).map_or("X", doc::Upos::as_str));
                xpos.push(tv.xpos(a + k).map_or("XX", doc::Xpos::as_str));
            }
            let p = self.parse_with(&mut sc, &words, &upos, &xpos);
            for (k, (&h, &l)) in p.heads.iter().zip(&p.labels).enumerate() {
                if let Some(slot) = deps.get_mut(a + k) {
                    *slot = Dependency {
                        head: (h > 0).then(|| (a as u32) + h - 1),
                        rel: self.label(l).to_string(),
                    };
                }
            }
        }
        let producer = Producer::new("deps", env!("CARGO_PKG_VERSION")).with_model(self.id.clone());
        doc.set_deps(Layer::new(producer, deps))?;
        Ok(Vec::new())
    }
}
