//! Reproducible training from CoNLL-U treebanks: tags from the committed tagger, projectivized
//! trees, fixed-seed shuffling and exploration, sorted relation set, so the same data and seed
//! give byte-identical model files.

use crate::conllu::{self, Tree};
use crate::features::{self, Toks};
use crate::parser::{
    best_label, best_valid, joint_class, joint_valid, lookup, word_feature, write_payload,
};
use crate::system::{LEFT, N_MOVES, NONE, RIGHT, SHIFT, State};
use crate::trainer::Trainer3;
use learn::{SplitMix64, Trainer};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeSet;
use std::path::Path;
use tag::PosTagger;

/// Training settings. The defaults are the committed model's.
///
/// Measured on UD EWT dev (UAS / LAS, all words, predicted tags; `cargo run --release -p parse
/// --example deps_dev`). The defaults (jackknifed tags from 4 folds, words seen once share one
/// key, the extra templates, 12 epochs, always following the prediction from epoch 2 on,
/// pruning at 2.0 / 2.0) give 0.8541 / 0.8174 before punctuation re-attachment and
/// 0.8564 / 0.8196 after it (11.0 MB). Following the prediction with probability 0.9 (the
/// previous default) gave 0.8486 / 0.8139 (0.8502 / 0.8154 after re-attachment), with 0.8
/// 0.8489 / 0.8135; on GUM dev (non-reddit, after re-attachment) 1.0 gives 0.8447 / 0.8107
/// against 0.8473 / 0.8122 for 0.9. With 1.0 the curve (after re-attachment) reads epoch 8
/// 0.8522 / 0.8155, 10 0.8508 / 0.8152, 11 0.8551 / 0.8191, 12 0.8564 / 0.8196, 13
/// 0.8572 / 0.8207, 14 0.8552 / 0.8187, 15 0.8564 / 0.8197 (16: 13.0 MB). Rare words keyed by
/// their shape and last three characters instead of one shared key gave 0.8471 / 0.8107
/// (with 0.9; worse). Earlier measurements, all with 0.9 and before re-attachment. From the
/// 0.8486 / 0.8139 model: pruning transitions at 2.5 gives 0.8443 / 0.8096 (8.1 MB), at 3.0
/// 0.8393 / 0.8050 (6.1 MB); relations at 1.5 0.8483 / 0.8146 (12.0 MB). Adding word clusters
/// (and relations pruned at 1.0) gives 0.8509 / 0.8143 (14.7 MB) but parses about half as fast
/// (20 more templates, larger tables); 10 jackknife folds instead of 4 gave 0.8483 / 0.8127 in
/// that setting. Without the extra templates, clusters, vocabulary cut-off and jackknifing
/// (the previous model): 0.8405 / 0.8028 after 12 epochs; the extra templates alone were worth
/// +0.5 UAS / +0.6 LAS at equal epochs, the cut-off nothing measurable either way (it shrinks
/// the model). The curve flattens after 8-10 epochs. `joint` (labeled transitions) gave
/// 0.8386 / 0.8062 after 4 epochs against 0.8366 / 0.8003 for the split classifiers, but trains
/// about 10 times slower and parses about 5 times slower (sparse rows over 103 classes).
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub seed: u64,
    pub epochs: usize,
    /// From this epoch on (0-based) the parser follows its own predictions (dynamic oracle
    /// exploration); before it, the best-scoring zero-cost move.
    pub explore_from: usize,
    /// Probability of following the prediction while exploring.
    pub explore_p: f64,
    /// Averaged transition weights with a smaller magnitude are pruned.
    pub min_weight: f32,
    /// Averaged relation weights with a smaller magnitude are pruned.
    pub label_min_weight: f32,
    /// Word clusters from the training text as features, or none.
    pub clusters: Option<tag::ClusterConfig>,
    /// One classifier over labeled transitions (SHIFT, LEFT-l, RIGHT-l) instead of a 3-way
    /// transition classifier plus a relation classifier on arcs.
    pub joint: bool,
    /// Jackknife folds for the training tags: each fold is tagged by a tagger trained (with the
    /// tagger's default settings and this seed) on the other folds; 0 or 1: the given tagger.
    pub jackknife: usize,
    /// Words seen fewer times than this in the training trees share one feature key (0 or 1:
    /// every word is its own feature).
    pub min_word_count: usize,
    /// Third-order (children of children), look-ahead, label-set/valency combination and
    /// punctuation-between templates.
    pub extra_features: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 1,
            epochs: 12,
            explore_from: 1,
            explore_p: 1.0,
            min_weight: 2.0,
            label_min_weight: 2.0,
            clusters: None,
            jackknife: 4,
            joint: false,
            min_word_count: 2,
            extra_features: true,
        }
    }
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Files(#[from] tag::TrainError),
    #[error("jackknife tagger: {0}")]
    Tagger(learn::ModelError),
    #[error("no training trees found under {0}")]
    NoData(String),
}

/// Reads the gold training trees under `data` (as `tag::collect_conllu` finds them: EWT train
/// and GUM train without reddit) and keeps the well-formed ones.
pub fn read_trees(data: &Path) -> Result<Vec<Tree>, TrainError> {
    let mut trees = Vec::new();
    for p in tag::collect_conllu(data)? {
        let ts = conllu::read_path(&p).map_err(|e| TrainError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        trees.extend(ts.into_iter().filter(Tree::is_well_formed));
    }
    Ok(trees)
}

/// Replaces the tags of `trees` by `tagger`'s.
pub fn retag(trees: &mut [Tree], tagger: &PosTagger) {
    for t in trees {
        let words: Vec<&str> = t.words.iter().map(|w| w.form.as_str()).collect();
        let tags: Vec<(String, String)> = tagger
            .tag(&words)
            .into_iter()
            .map(|(u, x)| (u.to_string(), x.to_string()))
            .collect();
        for (w, (u, x)) in t.words.iter_mut().zip(tags) {
            w.upos = u;
            w.xpos = x;
        }
    }
}

/// Replaces the gold tags of `trees` by jackknifed ones: tree `i` is in fold `i % folds`, tagged
/// by a tagger trained on the other folds.
pub fn jackknife(trees: &mut [Tree], folds: usize, seed: u64) -> Result<(), TrainError> {
    let folds = folds.max(2);
    let mut taggers = Vec::with_capacity(folds);
    for f in 0..folds {
        let sents: Vec<Vec<(String, String, String)>> = trees
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds != f)
            .map(|(_, t)| {
                t.words
                    .iter()
                    .map(|w| (w.form.clone(), w.upos.clone(), w.xpos.clone()))
                    .collect()
            })
            .collect();
        let cfg = tag::TrainConfig {
            seed,
            ..Default::default()
        };
        let bytes = tag::train_sentences(&sents, &cfg);
        taggers.push(PosTagger::from_bytes(&bytes).map_err(TrainError::Tagger)?);
    }
    for (f, tagger) in taggers.iter().enumerate() {
        let mut fold: Vec<Tree> = trees
            .iter()
            .enumerate()
            .filter(|(i, _)| i % folds == f)
            .map(|(_, t)| t.clone())
            .collect();
        retag(&mut fold, tagger);
        for (k, t) in fold.into_iter().enumerate() {
            if let Some(slot) = trees.get_mut(k * folds + f) {
                *slot = t;
            }
        }
    }
    Ok(())
}

/// Trains on every training CoNLL-U file under `data` and returns the model file bytes. The
/// training tags are jackknifed (`cfg.jackknife`) or else come from `tagger`.
pub fn train(data: &Path, cfg: &TrainConfig, tagger: &PosTagger) -> Result<Vec<u8>, TrainError> {
    let mut trees = read_trees(data)?;
    if trees.is_empty() {
        return Err(TrainError::NoData(data.display().to_string()));
    }
    if cfg.jackknife > 1 {
        jackknife(&mut trees, cfg.jackknife, cfg.seed)?;
    } else {
        retag(&mut trees, tagger);
    }
    Ok(train_trees(&trees, cfg))
}

/// The serialized rows of `m`.
fn model_bytes(m: &learn::Model) -> Vec<u8> {
    let mut w = learn::Writer::new();
    m.write(&mut w);
    w.into_inner()
}

/// One training sentence, prepared once.
struct Example {
    toks: Toks,
    /// Gold heads of the projectivized tree, index 0 unused.
    gold: Vec<u32>,
    rels: Vec<u16>,
}

/// Trains on trees (their UPOS/XPOS as the parser will see them) and returns the model bytes.
pub fn train_trees(trees: &[Tree], cfg: &TrainConfig) -> Vec<u8> {
    train_trees_monitored(trees, cfg, |_, _| {})
}

/// Builds the model file of the weights so far with the given pruning thresholds (transition,
/// relation).
pub type Snapshot<'a> = dyn Fn(f32, f32) -> Vec<u8> + 'a;

/// [`train_trees`], calling `on_epoch(epoch, snapshot)` after every epoch (for learning curves
/// and pruning sweeps; the result does not depend on it).
pub fn train_trees_monitored(
    trees: &[Tree],
    cfg: &TrainConfig,
    mut on_epoch: impl FnMut(usize, &Snapshot<'_>),
) -> Vec<u8> {
    let labels: Vec<String> = trees
        .iter()
        .flat_map(|t| t.words.iter().map(|w| w.deprel.clone()))
        .chain(std::iter::once("root".to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
    let clusters: Vec<(String, [u16; 3])> = match &cfg.clusters {
        Some(cc) => {
            let sents: Vec<Vec<&str>> = trees
                .iter()
                .map(|t| t.words.iter().map(|w| w.form.as_str()).collect())
                .collect();
            tag::word_clusters(&sents, cc).into_iter().collect()
        }
        None => Vec::new(),
    };
    let map: FxHashMap<String, [u16; 3]> = clusters.iter().cloned().collect();
    let vocab: Option<Vec<u64>> = (cfg.min_word_count > 1).then(|| {
        let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
        for t in trees.iter().filter(|t| t.is_well_formed()) {
            for w in &t.words {
                *counts.entry(features::word_key(&w.form)).or_default() += 1;
            }
        }
        let mut keys: Vec<u64> = counts
            .into_iter()
            .filter(|&(_, n)| n >= cfg.min_word_count)
            .map(|(k, _)| k)
            .collect();
        keys.sort_unstable();
        keys
    });
    let vocab_set: Option<FxHashSet<u64>> = vocab.as_ref().map(|v| v.iter().copied().collect());
    let examples: Vec<Example> = trees
        .iter()
        .filter(|t| t.is_well_formed())
        .map(|t| {
            let mut toks = Toks::default();
            toks.clear();
            toks.clusters = !map.is_empty();
            toks.extra = cfg.extra_features;
            for w in &t.words {
                let c = if map.is_empty() {
                    [u16::MAX; 3]
                } else {
                    lookup(&map, &w.form)
                };
                toks.push(
                    word_feature(features::word_key(&w.form), vocab_set.as_ref()),
                    features::tag_key(&w.xpos),
                    features::tag_key(&w.upos),
                    c,
                    w.upos == "PUNCT",
                );
            }
            let mut heads = t.heads();
            conllu::projectivize(&mut heads);
            let mut gold = vec![NONE];
            gold.extend(heads);
            let mut rels = vec![0];
            rels.extend(
                t.words
                    .iter()
                    .map(|w| labels.binary_search(&w.deprel).map_or(0, |i| i as u16)),
            );
            Example { toks, gold, rels }
        })
        .collect();

    let n_labels = labels.len();
    let mut trans = Trainer::new(if cfg.joint { 1 + 2 * n_labels } else { N_MOVES });
    let mut rel = Trainer::new(labels.len());
    let mut t3 = Trainer3::default();
    let mut rng = SplitMix64::new(cfg.seed);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut st = State::default();
    let mut feats = Vec::with_capacity(128);
    let mut scores = Vec::new();
    let threshold = (cfg.explore_p.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
    for epoch in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let ex = &examples[i];
            st.reset(ex.gold.len() - 1);
            if cfg.joint {
                while !st.is_terminal() {
                    let valid = st.valid();
                    let costs = st.costs(&ex.gold);
                    features::transition(&st, &ex.toks, &mut feats);
                    trans.scores(&feats, &mut scores);
                    let s0 = st.s(0);
                    let cost = |c: usize| {
                        let (mv, l) = joint_class(c, n_labels);
                        let mut k = costs[mv];
                        if mv != SHIFT {
                            let (h, d) = st.arc(mv);
                            if ex.gold[d as usize] == h && ex.rels[d as usize] != l {
                                k += 1;
                            }
                        }
                        let _ = s0;
                        k
                    };
                    let mut pred: Option<(usize, f32)> = None;
                    let mut gold: Option<(usize, f32, u32)> = None;
                    for (c, &x) in scores.iter().enumerate() {
                        if !joint_valid(c, &st, &valid, root, n_labels) {
                            continue;
                        }
                        if pred.is_none_or(|(_, b)| x > b) {
                            pred = Some((c, x));
                        }
                        let k = cost(c);
                        if gold.is_none_or(|(_, b, gk)| k < gk || (k == gk && x > b)) {
                            gold = Some((c, x, k));
                        }
                    }
                    let (Some((pred, _)), Some((gold, _, gk))) = (pred, gold) else {
                        break;
                    };
                    if cost(pred) > gk {
                        trans.update(&feats, gold, pred);
                    }
                    trans.tick();
                    let c = if epoch >= cfg.explore_from && rng.next_u64() < threshold {
                        pred
                    } else {
                        gold
                    };
                    let (mv, l) = joint_class(c, n_labels);
                    st.apply(mv, l);
                }
                continue;
            }
            while !st.is_terminal() {
                let valid = st.valid();
                let costs = st.costs(&ex.gold);
                let mv = if valid.iter().filter(|&&v| v).count() == 1 {
                    valid.iter().position(|&v| v).unwrap_or(SHIFT)
                } else {
                    features::transition(&st, &ex.toks, &mut feats);
                    let s = t3.scores(&feats);
                    let pred = best_valid(&s, &valid);
                    let min = (0..N_MOVES).map(|m| costs[m]).min().unwrap_or(0);
                    let zero: [bool; N_MOVES] = std::array::from_fn(|m| costs[m] == min);
                    let gold = best_valid(&s, &zero);
                    if costs[pred] > min {
                        t3.update(&feats, gold, pred);
                    }
                    t3.tick();
                    if epoch >= cfg.explore_from && rng.next_u64() < threshold {
                        pred
                    } else {
                        gold
                    }
                };
                let label = if mv == LEFT || mv == RIGHT {
                    let (h, d) = st.arc(mv);
                    if h == 0 {
                        root
                    } else {
                        features::relation(&st, &ex.toks, h, d, &mut feats);
                        rel.scores(&feats, &mut scores);
                        let pred = best_label(&scores, root);
                        if ex.gold[d as usize] == h {
                            let g = ex.rels[d as usize];
                            rel.update(&feats, usize::from(g), usize::from(pred));
                            rel.tick();
                        }
                        pred
                    }
                } else {
                    0
                };
                st.apply(mv, label);
            }
        }
        let snapshot = |tw: f32, rw: f32| {
            let t = if cfg.joint {
                model_bytes(&trans.clone().finish(tw))
            } else {
                t3.finish(tw)
            };
            let r = model_bytes(&rel.clone().finish(rw));
            write_payload(
                &labels,
                &clusters,
                vocab.as_deref(),
                cfg.extra_features,
                &t,
                &r,
            )
        };
        on_epoch(epoch, &snapshot);
    }
    let trans = if cfg.joint {
        model_bytes(&trans.finish(cfg.min_weight))
    } else {
        t3.finish(cfg.min_weight)
    };
    let rel = model_bytes(&rel.finish(cfg.label_min_weight));
    write_payload(
        &labels,
        &clusters,
        vocab.as_deref(),
        cfg.extra_features,
        &trans,
        &rel,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::DepParser;

    const TOY: &str = "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tbarks\tbark\tVERB\tVBZ\t_\t0\troot\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n1\tA\ta\tDET\tDT\t_\t2\tdet\t_\t_\n2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n3\tsaw\tsee\tVERB\tVBD\t_\t0\troot\t_\t_\n4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_\n5\tdog\tdog\tNOUN\tNN\t_\t3\tobj\t_\t_\n6\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n";

    #[test]
    fn learns_toy_trees_reproducibly() {
        let trees = conllu::read(TOY.as_bytes()).unwrap();
        let cfg = TrainConfig {
            epochs: 10,
            min_weight: 0.0,
            label_min_weight: 0.0,
            clusters: None,
            ..Default::default()
        };
        let a = train_trees(&trees, &cfg);
        assert_eq!(a, train_trees(&trees, &cfg));
        let p = DepParser::from_bytes(&a).unwrap();
        let r = p.parse(
            &["The", "cat", "saw", "a", "dog", "."],
            &["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
            &["DT", "NN", "VBD", "DT", "NN", "."],
        );
        assert_eq!(r.heads, vec![2, 3, 0, 5, 3, 3]);
        let rels: Vec<&str> = r.labels.iter().map(|&l| p.label(l)).collect();
        assert_eq!(rels, ["det", "nsubj", "root", "det", "obj", "punct"]);
        assert!(DepParser::from_bytes(&a[..a.len() - 1]).is_err());
    }

    #[test]
    fn options_round_trip_and_any_length_parses() {
        let trees = conllu::read(TOY.as_bytes()).unwrap();
        let cfg = TrainConfig {
            epochs: 5,
            min_weight: 0.0,
            label_min_weight: 0.0,
            min_word_count: 2,
            extra_features: true,
            ..Default::default()
        };
        let a = train_trees(&trees, &cfg);
        assert_eq!(a, train_trees(&trees, &cfg));
        let p = DepParser::from_bytes(&a).unwrap();
        for n in [0usize, 1, 2, 7, 300] {
            let words: Vec<&str> = (0..n)
                .map(|i| ["the", "zyx", ",", "barks"][i % 4])
                .collect();
            let upos: Vec<&str> = (0..n)
                .map(|i| ["DET", "X", "PUNCT", "VERB"][i % 4])
                .collect();
            let r = p.parse(&words, &upos, &upos);
            assert_eq!(r.heads.len(), n);
            assert_eq!(r.labels.len(), n);
            assert_eq!(
                r.heads.iter().filter(|&&h| h == 0).count(),
                usize::from(n > 0)
            );
            assert!(
                r.heads
                    .iter()
                    .enumerate()
                    .all(|(i, &h)| h as usize != i + 1)
            );
        }
    }

    #[test]
    fn annotates_a_document() {
        use doc::{
            Annotator, DocMeta, Document, Layer, PosTag, Producer, Sentence, TextRange, Token,
        };
        let trees = conllu::read(TOY.as_bytes()).unwrap();
        let cfg = TrainConfig {
            epochs: 10,
            min_weight: 0.0,
            label_min_weight: 0.0,
            ..Default::default()
        };
        let p = DepParser::from_bytes(&train_trees(&trees, &cfg)).unwrap();
        let text = "Hi. The dog barks.";
        let mut d = Document::new(DocMeta::new("t"), text).unwrap();
        assert!(p.annotate(&mut d).is_err());
        let pr = Producer::new("test", "1");
        let spans = [(0, 2), (2, 3), (4, 7), (8, 11), (12, 17), (17, 18)];
        let toks = spans
            .iter()
            .map(|&(a, b)| Token {
                range: TextRange::new(a, b),
            })
            .collect();
        d.set_tokens(Layer::new(pr.clone(), toks)).unwrap();
        let sents = vec![
            Sentence {
                range: TextRange::new(0, 3),
                tokens: (0, 2),
            },
            Sentence {
                range: TextRange::new(4, 18),
                tokens: (2, 6),
            },
        ];
        d.set_sentences(Layer::new(pr.clone(), sents)).unwrap();
        let tags = [
            ("INTJ", "UH"),
            ("PUNCT", "."),
            ("DET", "DT"),
            ("NOUN", "NN"),
            ("VERB", "VBZ"),
            ("PUNCT", "."),
        ]
        .iter()
        .map(|&(u, x)| PosTag {
            upos: doc::Upos::parse(u).expect("a UPOS tag"),
            xpos: doc::Xpos::parse(x).expect("an XPOS tag"),
        })
        .collect();
        d.set_pos(Layer::new(pr, tags)).unwrap();
        p.annotate(&mut d).unwrap();
        let deps = &d.deps().unwrap().items;
        assert_eq!(deps.len(), 6);
        let heads: Vec<Option<u32>> = deps.iter().map(|x| x.head).collect();
        assert_eq!(&heads[2..], &[Some(3), Some(4), None, Some(4)]);
        assert_eq!(deps[4].rel, "root");
        assert_eq!(deps.iter().filter(|x| x.head.is_none()).count(), 2);
        assert!(deps[0].head.is_none() || deps[1].head.is_none());
    }
}
