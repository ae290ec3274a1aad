//! A gazetteer of names derived from labeled training data: lower-cased token sequences with how
//! often each was a PER, ORG, LOC or MISC mention. During training each document sees the counts
//! without its own mentions (leave-one-out), so the feature is as reliable as at run time.

use crate::features::Tok;
use learn::{ModelError, Reader, Writer};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;

/// Longest name, in tokens, the gazetteer matches.
pub const MAX_LEN: usize = 6;

/// Name → label counts.
#[derive(Clone, Debug, Default)]
pub struct Gazetteer {
    map: FxHashMap<String, [u32; 4]>,
    /// First words of the names, to skip most lookups.
    firsts: rustc_hash::FxHashSet<String>,
}

/// The key of a token sequence.
pub fn key<S: AsRef<str>>(words: &[S]) -> String {
    let mut k = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.push_str(&tag::normalize(w.as_ref()).to_lowercase());
    }
    k
}

/// Keys of the first and last word of a person's name of two or more words (`Pauline Smith`
/// gives `pauline` and `smith`): each alone also names a person. Initials and short words are
/// skipped.
pub fn person_parts<S: AsRef<str>>(words: &[S]) -> Vec<String> {
    let mut out = Vec::new();
    if words.len() < 2 {
        return out;
    }
    for w in [words.first(), words.last()].into_iter().flatten() {
        let w = w.as_ref();
        let mut cs = w.chars();
        if cs.next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 3
            && w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
        {
            out.push(key(&[w]));
        }
    }
    out
}

impl Gazetteer {
    pub fn add(&mut self, key: String, label: usize, n: u32) {
        if let Some(first) = key.split(' ').next() {
            self.firsts.insert(first.to_string());
        }
        if let Some(slot) = self.map.entry(key).or_default().get_mut(label) {
            *slot += n;
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Sets `xg` on every token: each place name of the gazetteer that covers it and starts
    /// with a capitalized word, as `position-kind` of its majority kind.
    pub(crate) fn annotate_places(&self, toks: &mut [Tok]) {
        for t in toks.iter_mut() {
            std::mem::swap(&mut t.gz, &mut t.xg);
        }
        self.annotate_with(toks, None, true);
        for t in toks.iter_mut() {
            std::mem::swap(&mut t.gz, &mut t.xg);
        }
    }

    /// A place-name gazetteer from `kind<TAB>name` lines (kinds `country`, `subdivision`,
    /// `city`, `continent`; other lines skipped), each name split into words by `split`.
    pub fn from_tsv(text: &str, split: impl Fn(&str) -> Vec<String>) -> Gazetteer {
        let mut g = Gazetteer::default();
        for line in text.lines() {
            let Some((kind, name)) = line.split_once('\t') else {
                continue;
            };
            let k = match kind {
                "country" => 0,
                "subdivision" => 1,
                "city" => 2,
                "continent" => 3,
                _ => continue,
            };
            let ws = split(name);
            if !ws.is_empty() && ws.len() <= MAX_LEN {
                g.add(key(&ws), k, 1);
            }
        }
        g
    }

    /// Sets `gz` on every token: each name of the gazetteer (minus the counts in `minus`) that
    /// covers it, as `position-label` of its majority label.
    pub(crate) fn annotate(&self, toks: &mut [Tok], minus: Option<&Gazetteer>) {
        self.annotate_with(toks, minus, false);
    }

    fn annotate_with(&self, toks: &mut [Tok], minus: Option<&Gazetteer>, capitalized: bool) {
        let n = toks.len();
        for t in toks.iter_mut() {
            t.gz.clear();
        }
        let mut k = String::new();
        for a in 0..n {
            if (capitalized && !toks[a].shape.starts_with('X'))
                || !self.firsts.contains(&toks[a].lower)
            {
                continue;
            }
            k.clear();
            for b in a..n.min(a + MAX_LEN) {
                if b > a {
                    k.push(' ');
                }
                k.push_str(&toks[b].lower);
                let Some(c) = self.map.get(&k) else { continue };
                let mut c = *c;
                if let Some(m) = minus.and_then(|m| m.map.get(&k)) {
                    for (x, y) in c.iter_mut().zip(m) {
                        *x = x.saturating_sub(*y);
                    }
                }
                let (best, cnt) = c
                    .iter()
                    .enumerate()
                    .fold((0, 0), |acc, (i, &x)| if x > acc.1 { (i, x) } else { acc });
                if cnt == 0 {
                    continue;
                }

                for (j, t) in toks.iter_mut().enumerate().take(b + 1).skip(a) {
                    let pos = if a == b {
                        3
                    } else if j == a {
                        0
                    } else if j == b {
                        2
                    } else {
                        1
                    };
                    t.gz.push(1 + (pos * 4 + best) as u8);
                }
            }
        }
        for t in toks.iter_mut() {
            t.gz.sort();
            t.gz.dedup();
        }
    }

    pub fn write(&self, w: &mut Writer) {
        let sorted: BTreeMap<&String, &[u32; 4]> = self.map.iter().collect();
        w.u32(sorted.len() as u32);
        for (k, c) in sorted {
            w.str(k);
            for &x in c {
                w.u32(x);
            }
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Gazetteer, ModelError> {
        let n = r.u32()? as usize;
        let mut g = Gazetteer::default();
        for _ in 0..n {
            let k = r.str()?;
            let c = [r.u32()?, r.u32()?, r.u32()?, r.u32()?];
            if let Some(first) = k.split(' ').next() {
                g.firsts.insert(first.to_string());
            }
            g.map.insert(k, c);
        }
        Ok(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_names_match_capitalized_words_only() {
        let g = Gazetteer::from_tsv(
            "country\tNew Zealand\ncity\tBath\nbogus\tX\nno tab\n",
            |n| n.split(' ').map(String::from).collect(),
        );
        assert_eq!(g.len(), 2);
        let clusters = crate::clusters::Clusters::default();
        let caps = rustc_hash::FxHashSet::default();
        let words = ["New", "Zealand", "and", "a", "bath", "in", "Bath"];
        let pos = ["NNP"; 7];
        let mut toks = crate::features::prepare(&words, &pos, &caps, &clusters);
        g.annotate_places(&mut toks);
        // New Zealand: first and last of a country (kind 0); Bath: a city (kind 2) alone.
        assert_eq!(toks[0].xg, vec![1]);
        assert_eq!(toks[1].xg, vec![1 + 2 * 4]);
        assert!(toks[4].xg.is_empty());
        assert_eq!(toks[6].xg, vec![1 + 3 * 4 + 2]);
        assert!(toks.iter().all(|t| t.gz.is_empty()));
        let run = crate::features::name_run(&toks, false, 0);
        assert_eq!(run, (None, Some("zealand")));
        assert_eq!(
            crate::features::name_run(&toks, false, 1),
            (Some("new"), None)
        );
        assert_eq!(crate::features::name_run(&toks, true, 0), (None, None));
        assert_eq!(crate::features::name_run(&toks, false, 2), (None, None));
    }

    #[test]
    fn person_parts_are_first_and_last_names() {
        assert_eq!(
            person_parts(&["Pauline", "Smith"]),
            vec!["pauline", "smith"]
        );
        assert_eq!(person_parts(&["J.", "R.", "Ewing"]), vec!["ewing"]);
        assert_eq!(
            person_parts(&["Jean-Luc", "O'Neil"]),
            vec!["jean-luc", "o'neil"]
        );
        assert!(person_parts(&["Pauline"]).is_empty());
        assert!(person_parts(&["de", "Li"]).is_empty());
    }
}
