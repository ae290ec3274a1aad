//! `newsgraph eval relations --redocred FILE [--split all|train|heldout] [--rules-only |
//! --doc-level] [--no-place-chains]` and
//! `newsgraph train relations`: Re-DocRED figures (mapped types, gold mentions) of the relation
//! rules plus the learned scorer, and the scorer's reproducible training.

use crate::output::{Global, user_error};
use relate::redocred::{self, Mode, Split};
use relate::scorer::{self, Scorer};
use std::path::{Path, PathBuf};

/// What `eval relations` scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// The rules alone (`--rules-only`).
    Rules,
    /// What the pipeline emits: rules plus the sentence scorer (and place chains unless
    /// `--no-place-chains`).
    Default,
    /// Rules, sentence scorer and the document-level model (`--doc-level`).
    Document,
}

/// Evaluates relations on a DocRED-format file; `--json` prints one line
/// `{"micro": {"p","r","f1",...}, "by_predicate": {pred: {"p","r","f1","gold","pred",...}}, ...}`.
pub fn run(
    g: &Global,
    file: &Path,
    split: &str,
    level: Level,
    model: Option<&Path>,
    options: &engine::RelateOptions,
) -> anyhow::Result<()> {
    let rules_only = level == Level::Rules;
    let split =
        Split::parse(split).ok_or_else(|| user_error("--split takes all, train or heldout"))?;
    let docs = redocred::read(file, split)?;
    let reader = redocred::Reader::embedded()?;
    let scorer = match model {
        Some(m) => Some(Scorer::load(m)?),
        None if rules_only => None,
        None => Some(Scorer::embedded()?),
    };
    let mode = match &scorer {
        Some(s) if level == Level::Document => Mode::WithDocLevel(s),
        Some(s) if !rules_only => Mode::RulesAndScorer(s),
        _ => Mode::Rules,
    };
    let report = redocred::evaluate_with(&docs, &reader, mode, options)?;
    if g.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", redocred::table(&report));
    }
    Ok(())
}

/// Trains the scorer on a DocRED-format file (or a directory holding `dev_revised.json`):
/// its train split, the threshold from its held-out split.
pub fn train(data: &Path, out: &Path, seed: u64) -> anyhow::Result<String> {
    let file: PathBuf = if data.is_dir() {
        data.join("dev_revised.json")
    } else {
        data.to_path_buf()
    };
    let (bytes, s) = scorer::train(&file, seed)?;
    std::fs::write(out, &bytes)?;
    let (r, w) = (&s.heldout_rules.micro, &s.heldout_with_scorer.micro);
    Ok(format!(
        "relations model: {} bytes, {} features, {} weights, threshold {:.4}; {} training documents ({} pairs, {} positive), {} held out: rules P {:.3} R {:.3} F1 {:.3}, rules + scorer P {:.3} R {:.3} F1 {:.3}",
        bytes.len(),
        s.features,
        s.weights,
        s.threshold,
        s.train_docs,
        s.instances,
        s.positives,
        s.heldout_docs,
        r.p,
        r.r,
        r.f1,
        w.p,
        w.r,
        w.f1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TINY: &str = r#"[
     {"title": "Lake Town",
      "sents": [["Lake", "Town", "is", "a", "village", "in", "Kent", ",", "England", "."]],
      "vertexSet": [[{"name": "Lake Town", "sent_id": 0, "pos": [0, 2], "type": "LOC"}],
                    [{"name": "Kent", "sent_id": 0, "pos": [6, 7], "type": "LOC"}],
                    [{"name": "England", "sent_id": 0, "pos": [8, 9], "type": "LOC"}]],
      "labels": [{"h": 0, "t": 1, "r": "P131"}, {"h": 1, "t": 2, "r": "P17"}]},
     {"title": "Springfield",
      "sents": [["Springfield", "is", "a", "city", "in", "Illinois", "."]],
      "vertexSet": [[{"name": "Springfield", "sent_id": 0, "pos": [0, 1], "type": "LOC"}],
                    [{"name": "Illinois", "sent_id": 0, "pos": [5, 6], "type": "LOC"}]],
      "labels": [{"h": 0, "t": 1, "r": "P131"}]}
    ]"#;

    #[test]
    fn trains_and_evaluates_a_tiny_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data = dir.path().join("tiny.json");
        std::fs::write(&data, TINY).expect("write");
        let model = dir.path().join("relations.model");
        let summary = train(&data, &model, 1).expect("train");
        assert!(summary.starts_with("relations model:"), "{summary}");
        let g = Global {
            db: dir.path().join("db"),
            json: true,
            quiet: true,
        };
        let o = engine::RelateOptions::default();
        run(&g, &data, "heldout", Level::Default, Some(&model), &o).expect("eval with the model");
        run(&g, &data, "all", Level::Rules, None, &o).expect("eval rules only");
        run(&g, &data, "all", Level::Document, Some(&model), &o)
            .expect("eval with the document level");
        assert!(run(&g, &data, "some", Level::Default, None, &o).is_err());
    }
}
