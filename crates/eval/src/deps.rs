//! Dependency attachment scores against a CoNLL-U file: the gold words are tagged by the tagger
//! and parsed; every word counts, punctuation included (as in CoNLL 2018).

use parse::{DepParser, Scratch, conllu};
use std::path::Path;
use tag::PosTagger;

/// Attachment counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DepScore {
    pub tokens: usize,
    /// Right head.
    pub uas_correct: usize,
    /// Right head and relation, subtype included (`obl:tmod`).
    pub las_correct: usize,
    /// Right head and universal part of the relation (`obl`), the CoNLL 2018 LAS.
    pub las_universal_correct: usize,
}

impl DepScore {
    pub fn uas(&self) -> f64 {
        self.uas_correct as f64 / self.tokens.max(1) as f64
    }

    pub fn las(&self) -> f64 {
        self.las_correct as f64 / self.tokens.max(1) as f64
    }

    pub fn las_universal(&self) -> f64 {
        self.las_universal_correct as f64 / self.tokens.max(1) as f64
    }

    /// `{"uas": …, "las": …, "las_universal": …, "tokens": …}`, fractions rounded to 4 places.
    pub fn to_json(&self) -> String {
        let r = |x: f64| (x * 10_000.0).round() / 10_000.0;
        serde_json::json!({
            "uas": r(self.uas()),
            "las": r(self.las()),
            "las_universal": r(self.las_universal()),
            "tokens": self.tokens,
        })
        .to_string()
    }
}

impl std::fmt::Display for DepScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UAS={:.4} LAS={:.4} LAS(universal)={:.4} tokens={}",
            self.uas(),
            self.las(),
            self.las_universal(),
            self.tokens
        )
    }
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Tags and parses the gold words of every sentence and compares heads and relations.
pub fn score_conllu(
    tagger: &PosTagger,
    parser: &DepParser,
    path: &Path,
) -> std::io::Result<DepScore> {
    let mut s = DepScore::default();
    let mut sc = Scratch::default();
    for tree in conllu::read_path(path)? {
        let words: Vec<&str> = tree.words.iter().map(|w| w.form.as_str()).collect();
        let (upos, xpos): (Vec<&str>, Vec<&str>) = tagger.tag(&words).into_iter().unzip();
        let p = parser.parse_with(&mut sc, &words, &upos, &xpos);
        for (i, w) in tree.words.iter().enumerate() {
            let head_ok = p.heads.get(i) == Some(&w.head);
            let rel = p.labels.get(i).map_or("", |&l| parser.label(l));
            s.tokens += 1;
            s.uas_correct += usize::from(head_ok);
            s.las_correct += usize::from(head_ok && rel == w.deprel);
            s.las_universal_correct +=
                usize::from(head_ok && universal(rel) == universal(&w.deprel));
        }
    }
    Ok(s)
}
