//! Reproducible training of the POS tagger from CoNLL-U files: fixed-seed shuffling, sorted tag
//! set and dictionary, so the same data and seed give byte-identical model files.

use crate::conllu;
use crate::features::{self, normalize};
use learn::{FeatureBuf, SplitMix64, Trainer, Writer, file};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub seed: u64,
    pub epochs: usize,
    /// Averaged weights with a smaller magnitude are pruned.
    pub min_weight: f32,
    /// Words seen at least this often with one tag in at least 97% of cases go to the dictionary.
    pub dict_min_count: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 1,
            epochs: 8,
            min_weight: 1.0,
            dict_min_count: 20,
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
    #[error("no training sentences found under {0}")]
    NoData(String),
}

/// CoNLL-U training files under `path`: the file itself, or every `*.conllu` below a directory
/// whose path contains `train` (GUM reddit files, whose text is withheld, are skipped). Sorted.
pub fn collect_conllu(path: &Path) -> Result<Vec<PathBuf>, TrainError> {
    let io = |e| TrainError::Io {
        path: path.display().to_string(),
        source: e,
    };
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut out = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).map_err(io)? {
            let p = e.map_err(io)?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "conllu")
                && p.to_string_lossy().contains("train")
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("GUM_reddit"))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Trains on every training CoNLL-U file under `data` and returns the model file bytes.
pub fn train(data: &Path, cfg: &TrainConfig) -> Result<Vec<u8>, TrainError> {
    let mut sents = Vec::new();
    for p in collect_conllu(data)? {
        let ss = conllu::read_path(&p).map_err(|e| TrainError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        for s in ss {
            sents.push(
                s.words
                    .into_iter()
                    .map(|w| (w.form, w.upos, w.xpos))
                    .collect::<Vec<_>>(),
            );
        }
    }
    if sents.is_empty() {
        return Err(TrainError::NoData(data.display().to_string()));
    }
    Ok(train_sentences(&sents, cfg))
}

/// Trains on sentences of `(form, upos, xpos)` and returns the model file bytes.
pub fn train_sentences(sents: &[Vec<(String, String, String)>], cfg: &TrainConfig) -> Vec<u8> {
    let tagset: BTreeSet<String> = sents
        .iter()
        .flatten()
        .map(|(_, u, x)| format!("{u}\t{x}"))
        .collect();
    let tags: Vec<String> = tagset.into_iter().collect();
    let class = |u: &str, x: &str| tags.binary_search(&format!("{u}\t{x}")).unwrap_or(0);
    // Tag dictionary of frequent unambiguous words.
    let mut counts: BTreeMap<String, BTreeMap<usize, usize>> = BTreeMap::new();
    for (w, u, x) in sents.iter().flatten() {
        *counts
            .entry(normalize(w))
            .or_default()
            .entry(class(u, x))
            .or_default() += 1;
    }
    let mut dict: BTreeMap<String, u16> = BTreeMap::new();
    for (w, cs) in &counts {
        let n: usize = cs.values().sum();
        if let Some((&c, &k)) = cs.iter().max_by_key(|&(c, k)| (*k, std::cmp::Reverse(*c)))
            && n >= cfg.dict_min_count
            && k as f64 / n as f64 >= 0.97
        {
            dict.insert(w.clone(), c as u16);
        }
    }
    let data: Vec<(Vec<&str>, Vec<usize>)> = sents
        .iter()
        .map(|s| {
            (
                s.iter().map(|(w, _, _)| w.as_str()).collect(),
                s.iter().map(|(_, u, x)| class(u, x)).collect(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix64::new(cfg.seed);
    let mut t = Trainer::new(tags.len());
    let mut f = FeatureBuf::new();
    let mut buf = Vec::new();
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let Some((words, gold)) = data.get(k) else {
                continue;
            };
            let mut toks = features::prepare(words);
            for tk in &mut toks {
                if let Some(h) = dict.get(&tk.norm).and_then(|&c| tags.get(c as usize)) {
                    tk.hint.clone_from(h);
                }
            }
            let mut hist: Vec<usize> = Vec::with_capacity(words.len());
            for (i, tok) in toks.iter().enumerate() {
                let g = gold.get(i).copied().unwrap_or(0);
                let pred = if let Some(&c) = dict.get(&tok.norm) {
                    c as usize
                } else {
                    let name = |back: usize| {
                        i.checked_sub(back)
                            .and_then(|j| hist.get(j))
                            .and_then(|&c| tags.get(c))
                            .map_or("-START-", String::as_str)
                    };
                    features::extract(&toks, i, name(1), name(2), &mut f);
                    let p = t.predict(f.as_slice(), &mut buf);
                    t.update(f.as_slice(), g, p);
                    t.tick();
                    p
                };
                hist.push(pred);
            }
        }
    }
    let model = t.finish(cfg.min_weight);
    let mut w = Writer::new();
    w.strs(&tags);
    w.u32(dict.len() as u32);
    for (word, c) in &dict {
        w.str(word);
        w.u16(*c);
    }
    model.write(&mut w);
    file::wrap(crate::MODEL_KIND, &w.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PosTagger;

    fn toy() -> Vec<Vec<(String, String, String)>> {
        let raw = [
            "the/DET/DT dog/NOUN/NN runs/VERB/VBZ ./PUNCT/.",
            "a/DET/DT cat/NOUN/NN sleeps/VERB/VBZ ./PUNCT/.",
            "the/DET/DT man/NOUN/NN eats/VERB/VBZ ./PUNCT/.",
            "Zakayev/PROPN/NNP speaks/VERB/VBZ ./PUNCT/.",
        ];
        raw.iter()
            .map(|s| {
                s.split(' ')
                    .map(|t| {
                        let v: Vec<&str> = t.split('/').collect();
                        (v[0].to_string(), v[1].to_string(), v[2].to_string())
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn training_is_byte_reproducible_and_learns() {
        let cfg = TrainConfig {
            epochs: 10,
            dict_min_count: 1000,
            ..TrainConfig::default()
        };
        let a = train_sentences(&toy(), &cfg);
        let b = train_sentences(&toy(), &cfg);
        assert_eq!(a, b);
        let other = train_sentences(
            &toy(),
            &TrainConfig {
                seed: 99,
                ..cfg.clone()
            },
        );
        assert_eq!(
            PosTagger::from_bytes(&other)
                .map(|t| t.tag(&["a"]).len())
                .ok(),
            Some(1)
        );
        let t = PosTagger::from_bytes(&a).unwrap();
        let tags = t.tag(&["the", "bird", "sings", "."]);
        assert_eq!(tags[0], ("DET", "DT"));
        assert_eq!(tags[3], ("PUNCT", "."));
        assert_eq!(t.tag(&[]).len(), 0);
    }

    #[test]
    fn corrupt_models_are_refused() {
        let a = train_sentences(&toy(), &TrainConfig::default());
        let mut bad = a.clone();
        let mid = bad.len() / 2;
        bad[mid] ^= 0x55;
        assert!(PosTagger::from_bytes(&bad).is_err());
        assert!(PosTagger::from_bytes(&a[..a.len() / 2]).is_err());
        let ner = learn::file::wrap("ner", b"x");
        assert!(matches!(
            PosTagger::from_bytes(&ner),
            Err(learn::ModelError::WrongKind { .. })
        ));
    }
}
