//! POS accuracy against a CoNLL-U file, with the gold words given to the tagger.

use std::path::Path;
use tag::{PosTagger, conllu};

/// Token-level accuracy figures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PosScore {
    pub tokens: usize,
    pub upos_correct: usize,
    pub xpos_correct: usize,
}

impl PosScore {
    pub fn upos(&self) -> f64 {
        self.upos_correct as f64 / self.tokens.max(1) as f64
    }

    pub fn xpos(&self) -> f64 {
        self.xpos_correct as f64 / self.tokens.max(1) as f64
    }
}

impl std::fmt::Display for PosScore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "UPOS={:.4} XPOS={:.4} tokens={}",
            self.upos(),
            self.xpos(),
            self.tokens
        )
    }
}

/// Tags the gold words of every sentence and compares UPOS and XPOS.
pub fn score_conllu(tagger: &PosTagger, path: &Path) -> std::io::Result<PosScore> {
    let mut s = PosScore::default();
    for sent in conllu::read_path(path)? {
        let words: Vec<&str> = sent.words.iter().map(|w| w.form.as_str()).collect();
        for (w, (u, x)) in sent.words.iter().zip(tagger.tag(&words)) {
            s.tokens += 1;
            s.upos_correct += usize::from(w.upos == u);
            s.xpos_correct += usize::from(w.xpos == x);
        }
    }
    Ok(s)
}
