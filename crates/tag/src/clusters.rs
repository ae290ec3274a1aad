//! Word clusters for the tagger, built from the training text with `learn::cluster::exchange`:
//! classes by following words, by preceding words, and a coarse class by following words.

use crate::features::normalize;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Settings of the clustering.
#[derive(Clone, Copy, Debug)]
pub struct ClusterConfig {
    pub min_count: usize,
    pub fine: usize,
    pub coarse: usize,
    pub iters: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            min_count: 3,
            fine: 256,
            coarse: 64,
            iters: 6,
        }
    }
}

/// Clusters the normalized words of `sentences`; returns them sorted by word.
pub fn build(sentences: &[Vec<&str>], cfg: &ClusterConfig) -> BTreeMap<String, [u16; 3]> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in sentences {
        for w in s {
            *counts.entry(normalize(w)).or_default() += 1;
        }
    }
    let vocab: Vec<String> = counts
        .into_iter()
        .filter(|&(_, n)| n >= cfg.min_count)
        .map(|(w, _)| w)
        .collect();
    let ids: FxHashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.as_str(), i as u32))
        .collect();
    let unk = vocab.len() as u32;
    let fwd: Vec<Vec<u32>> = sentences
        .iter()
        .map(|s| {
            s.iter()
                .map(|w| ids.get(normalize(w).as_str()).copied().unwrap_or(unk))
                .collect()
        })
        .collect();
    let bwd: Vec<Vec<u32>> = fwd
        .iter()
        .map(|s| s.iter().rev().copied().collect())
        .collect();
    let v = vocab.len();
    let a = learn::cluster::exchange(&fwd, v, cfg.fine, cfg.iters);
    let b = learn::cluster::exchange(&bwd, v, cfg.fine, cfg.iters);
    let c = learn::cluster::exchange(&fwd, v, cfg.coarse, cfg.iters);
    vocab
        .into_iter()
        .enumerate()
        .map(|(i, w)| {
            let g = |x: &[u16]| x.get(i).copied().unwrap_or(0);
            (w, [g(&a), g(&b), g(&c)])
        })
        .collect()
}
