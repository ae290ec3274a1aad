//! The POS tagger: model loading (file or embedded), greedy, two-pass and beam decoding, and
//! the `Annotator`.

use crate::fast::{Fast, Words};
use crate::features::{self, normalize};
use doc::{
    Annotator, Diagnostic, DocError, Document, Layer, LayerKind, PosTag, Producer, Upos, Xpos,
};
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
    /// Each class as the document's closed tags (a label outside the sets reads as `X`/`XX`).
    classes: Vec<PosTag>,
    dict: FxHashMap<String, u16>,
    clusters: FxHashMap<String, [u16; 3]>,
    opts: features::Opts,
    beam: usize,
    /// The second pass retags only words whose first-pass margin is below this.
    min_margin: f32,
    /// The first-pass model of a two-pass tagger.
    first: Option<Model>,
    model: Model,
    /// Decode tables of greedy one-pass models without clusters (the committed kind).
    fast: Option<Fast>,
    id: String,
}

/// Decoding settings and word clusters stored after the weights (absent in older models).
pub(crate) struct Extension<'a> {
    pub beam: usize,
    pub opts: features::Opts,
    pub clusters: Vec<(&'a str, [u16; 3])>,
    pub first: Option<&'a Model>,
    pub min_margin: f32,
}

impl Extension<'_> {
    pub(crate) fn write(&self, w: &mut learn::Writer) {
        w.u32(self.beam as u32);
        w.u8(u8::from(self.opts.clusters) | (u8::from(self.opts.two_pass) << 1));
        w.u32(self.clusters.len() as u32);
        for (word, ids) in &self.clusters {
            w.str(word);
            for &c in ids {
                w.u16(c);
            }
        }
        if let Some(m) = self.first {
            m.write(w);
            w.f32(self.min_margin);
        }
    }
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
        let (mut beam, mut opts, mut clusters) =
            (1, features::Opts::default(), FxHashMap::default());
        let mut first = None;
        let mut min_margin = f32::INFINITY;
        if !r.is_empty() {
            beam = (r.u32()? as usize).clamp(1, 64);
            let flags = r.u8()?;
            opts.clusters = flags & 1 != 0;
            opts.two_pass = flags & 2 != 0;
            let n = r.u32()? as usize;
            clusters.reserve(n.min(1 << 20));
            for _ in 0..n {
                let w = r.str()?;
                let ids = [r.u16()?, r.u16()?, r.u16()?];
                clusters.insert(w, ids);
            }
            if opts.two_pass {
                let m = Model::read(&mut r)?;
                if m.n_classes() != tags.len() {
                    return Err(ModelError::Corrupt("first-pass tag set disagrees".into()));
                }
                first = Some(m);
                if !r.is_empty() {
                    min_margin = r.f32()?;
                }
            }
        }
        if model.n_classes() != tags.len() || tags.is_empty() {
            return Err(ModelError::Corrupt("tag set and weights disagree".into()));
        }
        let (upos, xpos): (Vec<String>, Vec<String>) = tags
            .iter()
            .map(|t| {
                let (u, x) = t.split_once('\t').unwrap_or((t.as_str(), t.as_str()));
                (u.to_string(), x.to_string())
            })
            .unzip();
        let classes = upos
            .iter()
            .zip(&xpos)
            .map(|(u, x)| PosTag {
                upos: Upos::parse_or_unknown(u),
                xpos: Xpos::parse_or_unknown(x),
            })
            .collect();
        let id = format!("pos-{:016x}", learn::fnv1a(bytes));
        let fast =
            (first.is_none() && !opts.clusters && !opts.two_pass).then(|| Fast::new(&model, &tags));
        Ok(PosTagger {
            tags,
            upos,
            xpos,
            classes,
            dict,
            clusters,
            opts,
            beam,
            min_margin,
            first,
            model,
            fast,
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

    /// Decoding passes: 2 for a two-pass model, else 1.
    pub fn passes(&self) -> usize {
        if self.first.is_some() { 2 } else { 1 }
    }

    /// The decoding beam width (1: greedy).
    pub fn beam_width(&self) -> usize {
        self.beam
    }

    /// Uses another beam width for decoding (1: greedy).
    pub fn set_beam_width(&mut self, beam: usize) {
        self.beam = beam.clamp(1, 64);
    }

    fn prepare(&self, words: &[&str]) -> Vec<features::Tok> {
        let mut toks = features::prepare(words);
        for t in &mut toks {
            if let Some(h) = self
                .dict
                .get(&t.norm)
                .and_then(|&c| self.tags.get(c as usize))
            {
                t.hint.clone_from(h);
            }
            if let Some(c) = self.clusters.get(&t.norm) {
                t.cl = *c;
            }
        }
        toks
    }

    /// Class indices for the words of one sentence.
    pub fn tag_indices(&self, words: &[&str]) -> Vec<usize> {
        self.tag_indices_with(words, &mut Words::default())
    }

    /// [`PosTagger::tag_indices`] with reusable scratch space.
    fn tag_indices_with(&self, words: &[&str], ws: &mut Words) -> Vec<usize> {
        if self.beam == 1
            && let Some(f) = &self.fast
        {
            return f.tag(words, &self.dict, ws);
        }
        self.tag_indices_slow(words)
    }

    /// Decoding through the model itself (beam, two-pass and cluster models).
    fn tag_indices_slow(&self, words: &[&str]) -> Vec<usize> {
        let mut toks = self.prepare(words);
        if self.beam > 1 {
            if let Some(m) = &self.first {
                let o = features::Opts {
                    two_pass: false,
                    ..self.opts
                };
                let g = greedy(m, &self.tags, &self.dict, &toks, o);
                features::set_first(&mut toks, &g, &self.tags);
            }
            return self.beam_search(&toks);
        }
        // The features that read neither tag history nor first-pass tags, hashed once for both
        // passes (dictionary words need none).
        let base = BaseKeys::new(&toks, &self.dict, self.opts);
        if let Some(m) = &self.first {
            let o = features::Opts {
                two_pass: false,
                ..self.opts
            };
            let mut margins = Vec::with_capacity(toks.len());
            let g = greedy_keys(
                m,
                &self.tags,
                &self.dict,
                &toks,
                o,
                &base,
                None,
                Some(&mut margins),
            );
            features::set_first(&mut toks, &g, &self.tags);
            let gate = Gate {
                first: &g,
                margins: &margins,
                min_margin: self.min_margin,
            };
            return greedy_keys(
                &self.model,
                &self.tags,
                &self.dict,
                &toks,
                self.opts,
                &base,
                Some(gate),
                None,
            );
        }
        greedy_keys(
            &self.model,
            &self.tags,
            &self.dict,
            &toks,
            self.opts,
            &base,
            None,
            None,
        )
    }

    /// Beam search over tag sequences; hypotheses that agree on their last two tags are
    /// recombined (the features see no further back), so the best one of each pair survives.
    fn beam_search(&self, toks: &[features::Tok]) -> Vec<usize> {
        struct Hyp {
            score: f32,
            tags: Vec<usize>,
        }
        let n_classes = self.tags.len();
        let mut beam = vec![Hyp {
            score: 0.0,
            tags: Vec::with_capacity(toks.len()),
        }];
        let mut fs = FeatureBuf::new();
        let mut fh = FeatureBuf::new();
        let mut base = Vec::new();
        let mut sc = vec![0f32; n_classes];
        let mut cands: Vec<(f32, usize, usize)> = Vec::new();
        for i in 0..toks.len() {
            if let Some(&c) = toks.get(i).and_then(|t| self.dict.get(&t.norm)) {
                for h in &mut beam {
                    h.tags.push(c as usize);
                }
                continue;
            }
            features::extract_static(toks, i, self.opts, &mut fs);
            self.model.scores(fs.as_slice(), &mut base);
            cands.clear();
            for (k, h) in beam.iter().enumerate() {
                fh.clear();
                features::push_history(
                    toks,
                    i,
                    self.prev(&h.tags, 1),
                    self.prev(&h.tags, 2),
                    self.opts,
                    &mut fh,
                );
                sc.copy_from_slice(&base);
                self.model.add_scores(fh.as_slice(), &mut sc);
                let start = cands.len();
                for (c, &s) in sc.iter().enumerate() {
                    cands.push((h.score + s, k, c));
                }
                // Keep only the best `beam` extensions of this hypothesis.
                let part = &mut cands[start..];
                if part.len() > self.beam {
                    part.select_nth_unstable_by(self.beam - 1, |a, b| {
                        b.0.total_cmp(&a.0).then(a.2.cmp(&b.2))
                    });
                    cands.truncate(start + self.beam);
                }
            }
            cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mut next: Vec<Hyp> = Vec::with_capacity(self.beam);
            let mut keys: Vec<(Option<usize>, usize)> = Vec::with_capacity(self.beam);
            for &(score, k, c) in &cands {
                if next.len() >= self.beam {
                    break;
                }
                let Some(h) = beam.get(k) else { continue };
                let key = (h.tags.last().copied(), c);
                if keys.contains(&key) {
                    continue;
                }
                keys.push(key);
                let mut tags = h.tags.clone();
                tags.push(c);
                next.push(Hyp { score, tags });
            }
            if next.is_empty() {
                break;
            }
            beam = next;
        }
        let mut best = beam.into_iter().next().map(|h| h.tags).unwrap_or_default();
        best.resize(toks.len(), 0);
        best
    }

    fn prev(&self, out: &[usize], k: usize) -> &str {
        prev(&self.tags, out, k)
    }

    /// `(UPOS, XPOS)` for the words of one sentence.
    pub fn tag(&self, words: &[&str]) -> Vec<(&str, &str)> {
        self.tag_with(words, &mut Words::default())
    }

    fn tag_with(&self, words: &[&str], ws: &mut Words) -> Vec<(&str, &str)> {
        self.tag_indices_with(words, ws)
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

fn prev<'a>(tags: &'a [String], out: &[usize], k: usize) -> &'a str {
    out.len()
        .checked_sub(k)
        .and_then(|j| out.get(j))
        .and_then(|&c| tags.get(c))
        .map_or(START, String::as_str)
}

/// The hashed history- and first-pass-independent features of every token of a sentence.
pub(crate) struct BaseKeys {
    keys: Vec<u64>,
    offsets: Vec<usize>,
}

impl BaseKeys {
    pub(crate) fn new(
        toks: &[features::Tok],
        dict: &FxHashMap<String, u16>,
        opts: features::Opts,
    ) -> BaseKeys {
        let mut f = FeatureBuf::new();
        let mut offsets = Vec::with_capacity(toks.len() + 1);
        offsets.push(0);
        for (i, t) in toks.iter().enumerate() {
            if !dict.contains_key(&t.norm) {
                features::push_base(toks, i, opts, &mut f);
            }
            offsets.push(f.keys.len());
        }
        BaseKeys {
            keys: f.keys,
            offsets,
        }
    }

    fn get(&self, i: usize) -> &[u64] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&a), Some(&b)) => self.keys.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// Greedy left-to-right decoding; dictionary words get their dictionary tag.
pub(crate) fn greedy(
    model: &Model,
    tags: &[String],
    dict: &FxHashMap<String, u16>,
    toks: &[features::Tok],
    opts: features::Opts,
) -> Vec<usize> {
    let base = BaseKeys::new(toks, dict, opts);
    greedy_keys(model, tags, dict, toks, opts, &base, None, None)
}

/// Where a second pass keeps the first pass's tag: where the first pass's best class beat the
/// runner-up by at least `min_margin`.
struct Gate<'a> {
    first: &'a [usize],
    margins: &'a [f32],
    min_margin: f32,
}

/// Greedy decoding over precomputed base features (the same features, in the same order, as
/// `features::extract`).
#[allow(clippy::too_many_arguments)]
fn greedy_keys(
    model: &Model,
    tags: &[String],
    dict: &FxHashMap<String, u16>,
    toks: &[features::Tok],
    opts: features::Opts,
    base: &BaseKeys,
    gate: Option<Gate<'_>>,
    mut margins: Option<&mut Vec<f32>>,
) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::with_capacity(toks.len());
    let mut f = FeatureBuf::new();
    let mut scores = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        if let Some(g) = &gate
            && g.margins.get(i).is_some_and(|&m| m >= g.min_margin)
            && let Some(&c) = g.first.get(i)
        {
            out.push(c);
            continue;
        }
        let c = match dict.get(&t.norm) {
            Some(&c) => {
                if let Some(ms) = margins.as_deref_mut() {
                    ms.push(f32::INFINITY);
                }
                c as usize
            }
            None => {
                let p1 = prev(tags, &out, 1);
                let p2 = prev(tags, &out, 2);
                f.clear();
                f.keys.extend_from_slice(base.get(i));
                if opts.two_pass {
                    features::push_first(toks, i, &mut f);
                }
                features::push_history(toks, i, p1, p2, opts, &mut f);
                model.scores(f.as_slice(), &mut scores);
                let best = learn::perceptron::argmax(&scores);
                if let Some(ms) = margins.as_deref_mut() {
                    let top = scores.get(best).copied().unwrap_or(0.0);
                    let second = scores
                        .iter()
                        .enumerate()
                        .filter(|&(c, _)| c != best)
                        .map(|(_, &s)| s)
                        .fold(f32::NEG_INFINITY, f32::max);
                    ms.push(top - second);
                }
                best
            }
        };
        out.push(c);
    }
    out
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
        let mut tags: Vec<Option<PosTag>> = vec![None; toks.len()];
        let mut ws = Words::default();
        let mut words: Vec<&str> = Vec::new();
        for s in doc.sentence_items() {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
            let Some(sent) = toks.get(a..b) else { continue };
            words.clear();
            words.extend(sent.iter().map(|t| doc.slice(t.range)));
            for (k, c) in self
                .tag_indices_with(&words, &mut ws)
                .into_iter()
                .enumerate()
            {
                if let Some(slot) = tags.get_mut(a + k) {
                    *slot = self.classes.get(c).copied();
                }
            }
        }
        let tags: Vec<PosTag> = tags
            .into_iter()
            .map(|t| {
                t.unwrap_or(PosTag {
                    upos: Upos::X,
                    xpos: Xpos::Xx,
                })
            })
            .collect();
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
    fn fast_path_tags_like_the_model() {
        let t = PosTagger::embedded().unwrap();
        assert!(t.fast.is_some());
        let sents: [&[&str]; 5] = [
            &["The", "Chechen", "leader", "spoke", "in", "Kyiv", "."],
            &[
                "Ex-president",
                "Zakayev’s",
                "1,000",
                "well-known",
                "“fans”",
                "ΣΑΣ",
                "''",
            ],
            &["a"],
            &[],
            &[
                "I",
                "don't",
                "know",
                "--",
                "it's",
                "U.S.",
                "policy",
                "that",
                "Ünïcödé",
                "runs",
            ],
        ];
        for _ in 0..2 {
            for w in sents {
                assert_eq!(t.tag_indices(w), t.tag_indices_slow(w), "{w:?}");
            }
        }
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
