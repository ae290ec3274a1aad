//! Reproducible training from CoNLL-U treebanks: tags from the committed tagger, projectivized
//! trees, fixed-seed shuffling and exploration, sorted relation set, so the same data and seed
//! give byte-identical model files.

use crate::conllu::{self, Tree};
use crate::features::{self, Toks};
use crate::parser::{best_label, best_valid, write_payload};
use crate::system::{LEFT, N_MOVES, NONE, RIGHT, SHIFT, State};
use learn::{SplitMix64, Trainer};
use std::collections::BTreeSet;
use std::path::Path;
use tag::PosTagger;

/// Training settings. The defaults are the committed model's.
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
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 1,
            epochs: 12,
            explore_from: 1,
            explore_p: 0.9,
            min_weight: 0.5,
            label_min_weight: 0.5,
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
    #[error("no training trees found under {0}")]
    NoData(String),
}

/// Reads the training trees under `data` (as `tag::collect_conllu` finds them: EWT train and
/// GUM train without reddit), keeps the well-formed ones and replaces their tags by `tagger`'s.
pub fn read_trees(data: &Path, tagger: &PosTagger) -> Result<Vec<Tree>, TrainError> {
    let mut trees = Vec::new();
    for p in tag::collect_conllu(data)? {
        let ts = conllu::read_path(&p).map_err(|e| TrainError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        trees.extend(ts.into_iter().filter(Tree::is_well_formed));
    }
    for t in &mut trees {
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
    Ok(trees)
}

/// Trains on every training CoNLL-U file under `data`, tagged by `tagger`, and returns the
/// model file bytes.
pub fn train(data: &Path, cfg: &TrainConfig, tagger: &PosTagger) -> Result<Vec<u8>, TrainError> {
    let trees = read_trees(data, tagger)?;
    if trees.is_empty() {
        return Err(TrainError::NoData(data.display().to_string()));
    }
    Ok(train_trees(&trees, cfg))
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
    let labels: Vec<String> = trees
        .iter()
        .flat_map(|t| t.words.iter().map(|w| w.deprel.clone()))
        .chain(std::iter::once("root".to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let root = labels.iter().position(|l| l == "root").unwrap_or(0) as u16;
    let examples: Vec<Example> = trees
        .iter()
        .filter(|t| t.is_well_formed())
        .map(|t| {
            let mut toks = Toks::default();
            toks.clear();
            for w in &t.words {
                toks.push(
                    features::word_key(&w.form),
                    features::tag_key(&w.xpos),
                    features::tag_key(&w.upos),
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

    let mut trans = Trainer::new(N_MOVES);
    let mut rel = Trainer::new(labels.len());
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
            while !st.is_terminal() {
                let valid = st.valid();
                let costs = st.costs(&ex.gold);
                let mv = if valid.iter().filter(|&&v| v).count() == 1 {
                    valid.iter().position(|&v| v).unwrap_or(SHIFT)
                } else {
                    features::transition(&st, &ex.toks, &mut feats);
                    trans.scores(&feats, &mut scores);
                    let s = [scores[0], scores[1], scores[2]];
                    let pred = best_valid(&s, &valid);
                    let min = (0..N_MOVES).map(|m| costs[m]).min().unwrap_or(0);
                    let zero: [bool; N_MOVES] = std::array::from_fn(|m| costs[m] == min);
                    let gold = best_valid(&s, &zero);
                    if costs[pred] > min {
                        trans.update(&feats, gold, pred);
                    }
                    trans.tick();
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
    }
    let trans = trans.finish(cfg.min_weight);
    let rel = rel.finish(cfg.label_min_weight);
    write_payload(&labels, &trans, &rel)
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
}
