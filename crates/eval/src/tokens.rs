//! Token-boundary F1: our tokens of each sentence's `# text` against the gold word spans.

use crate::Prf;
use std::collections::BTreeSet;
use std::path::Path;
use tag::conllu;
use tokenize::Tokenizer;

/// Scores the tokenizer on every sentence of a CoNLL-U file (e.g. UD English-EWT dev). Gold
/// spans are syntactic words where a multiword token spells out its words (`do|n't`), else the
/// multiword token. A token counts as correct when both its ends match a gold span.
pub fn score_conllu(path: &Path) -> std::io::Result<Prf> {
    let sents = conllu::read_path(path)?;
    let t = Tokenizer::new();
    let mut total = Prf::default();
    for s in &sents {
        let gold: BTreeSet<(usize, usize)> = conllu::word_spans(s).into_iter().flatten().collect();
        let pred: BTreeSet<(usize, usize)> = t
            .tokenize(&s.text)
            .iter()
            .map(|x| (x.range.start as usize, x.range.end as usize))
            .collect();
        total.add(Prf {
            tp: gold.intersection(&pred).count(),
            pred: pred.len(),
            gold: gold.len(),
        });
    }
    Ok(total)
}

/// Same as [`score_conllu`]; the name the CLI uses for UD English-EWT.
pub fn score_ewt(path: &Path) -> std::io::Result<Prf> {
    score_conllu(path)
}
