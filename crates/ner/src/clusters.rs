//! Word clusters built from unlabeled text with `learn::cluster::exchange`: three views (classes
//! by following words at two granularities, and by preceding words) used as NER features.

use learn::{ModelError, Reader, Writer};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use tag::normalize;

/// Cluster ids of a word in each view.
pub type Ids = [u16; 3];

/// The cluster lexicon.
#[derive(Clone, Debug, Default)]
pub struct Clusters {
    map: FxHashMap<String, Ids>,
    /// Lower-cased word → how often it is capitalized inside a sentence, in fifths (0..=4).
    caps: FxHashMap<String, u8>,
}

/// Settings of the clustering (shared with the tagger's clusters).
pub use tag::ClusterConfig;

impl Clusters {
    /// Clusters the words of `sentences` (raw token strings).
    pub fn build(sentences: &[Vec<String>], cfg: &ClusterConfig) -> Clusters {
        let words: Vec<Vec<&str>> = sentences
            .iter()
            .map(|s| s.iter().map(String::as_str).collect())
            .collect();
        let map = tag::word_clusters(&words, cfg).into_iter().collect();
        let mut cap_counts: BTreeMap<String, (u32, u32)> = BTreeMap::new();
        for s in sentences {
            for w in s.iter().skip(1) {
                if !w.chars().any(char::is_alphabetic) {
                    continue;
                }
                let e = cap_counts.entry(normalize(w).to_lowercase()).or_default();
                e.0 += 1;
                e.1 += u32::from(w.starts_with(char::is_uppercase));
            }
        }
        let caps = cap_counts
            .into_iter()
            .filter(|&(_, (n, _))| n as usize >= cfg.min_count)
            .map(|(w, (n, c))| (w, ((c * 5) / n).min(4) as u8))
            .collect();
        Clusters { map, caps }
    }

    /// [`Clusters::get`] for a word already normalized (`norm`) and lower-cased (`lower`).
    pub fn lookup(&self, norm: &str, lower: &str) -> Option<Ids> {
        self.map.get(norm).or_else(|| self.map.get(lower)).copied()
    }

    /// [`Clusters::cap_ratio`] for a normalized, lower-cased word.
    pub fn cap_ratio_lower(&self, lower: &str) -> Option<u8> {
        self.caps.get(lower).copied()
    }

    /// How often the word is capitalized inside a sentence in the unlabeled text, in fifths.
    pub fn cap_ratio(&self, w: &str) -> Option<u8> {
        self.caps.get(&normalize(w).to_lowercase()).copied()
    }

    /// Cluster ids of a word (its normalized form, else its lower-cased form).
    pub fn get(&self, w: &str) -> Option<Ids> {
        let n = normalize(w);
        self.map
            .get(&n)
            .or_else(|| self.map.get(&n.to_lowercase()))
            .copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn write(&self, w: &mut Writer) {
        let mut entries: Vec<(&String, &Ids)> = self.map.iter().collect();
        entries.sort();
        w.u32(entries.len() as u32);
        for (word, ids) in entries {
            w.str(word);
            for &x in ids {
                w.u16(x);
            }
        }
        let caps: BTreeMap<&String, &u8> = self.caps.iter().collect();
        w.u32(caps.len() as u32);
        for (word, &c) in caps {
            w.str(word);
            w.u8(c);
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Clusters, ModelError> {
        let n = r.u32()? as usize;
        let mut map = FxHashMap::default();
        for _ in 0..n {
            let word = r.str()?;
            let ids = [r.u16()?, r.u16()?, r.u16()?];
            map.insert(word, ids);
        }
        let n = r.u32()? as usize;
        let mut caps = FxHashMap::default();
        for _ in 0..n {
            let word = r.str()?;
            caps.insert(word, r.u8()?);
        }
        Ok(Clusters { map, caps })
    }
}
