//! Sentence-boundary F1: documents rebuilt from CoNLL-U sentences, split again by the tokenizer.

use crate::Prf;
use std::collections::BTreeSet;
use std::path::Path;
use tag::conllu;
use tokenize::Tokenizer;

/// How sentences of a document are joined back into text before splitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    /// One sentence per line, as in the gold JSONL files.
    Lines,
    /// Sentences of a paragraph joined by a space, paragraphs by a newline: running text.
    Paragraphs,
}

/// Boundary F1 over all documents of the given CoNLL-U files. A boundary is the end offset of
/// every sentence but the last of its document.
pub fn score_conllu(paths: &[&Path], join: Join) -> std::io::Result<Prf> {
    Ok(score_with_errors(paths, join, 0)?.0)
}

/// [`score_conllu`] plus up to `max_errors` missed (`-`) or spurious (`+`) boundaries in context.
pub fn score_with_errors(
    paths: &[&Path],
    join: Join,
    max_errors: usize,
) -> std::io::Result<(Prf, Vec<String>)> {
    let t = Tokenizer::new();
    let mut errors = Vec::new();
    let mut total = Prf::default();
    for p in paths {
        let sents = conllu::read_path(p)?;
        let mut docs: Vec<Vec<&conllu::Sentence>> = Vec::new();
        for (k, s) in sents.iter().enumerate() {
            if k == 0 || s.new_doc {
                docs.push(Vec::new());
            }
            if let Some(d) = docs.last_mut() {
                d.push(s);
            }
        }
        for d in docs {
            let mut text = String::new();
            let mut gold = BTreeSet::new();
            for (k, s) in d.iter().enumerate() {
                if k > 0 {
                    gold.insert(text.len());
                    text.push_str(match join {
                        Join::Lines => "\n",
                        Join::Paragraphs if s.new_par => "\n",
                        Join::Paragraphs => " ",
                    });
                }
                text.push_str(&s.text);
            }
            let toks = t.tokenize(&text);
            let ss = t.split_sentences(&text, &toks);
            let pred: BTreeSet<usize> = ss
                .iter()
                .take(ss.len().saturating_sub(1))
                .map(|s| s.range.end as usize)
                .collect();
            for (sign, set) in [("-", gold.difference(&pred)), ("+", pred.difference(&gold))] {
                for &b in set {
                    if errors.len() < max_errors {
                        let lo = text.floor_char_boundary(b.saturating_sub(60));
                        let hi = text.ceil_char_boundary((b + 40).min(text.len()));
                        let ctx = format!("{}<|>{}", &text[lo..b], &text[b..hi]);
                        errors.push(format!("{sign} {}", ctx.replace('\n', "\\n")));
                    }
                }
            }
            total.add(Prf {
                tp: gold.intersection(&pred).count(),
                pred: pred.len(),
                gold: gold.len(),
            });
        }
    }
    Ok((total, errors))
}

/// The `*.conllu` files of a directory, sorted, skipping names that start with `skip_prefix`.
pub fn conllu_files(dir: &Path, skip_prefix: &str) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut v: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conllu"))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| skip_prefix.is_empty() || !n.starts_with(skip_prefix))
        })
        .collect();
    v.sort();
    Ok(v)
}
