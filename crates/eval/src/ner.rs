//! NER evaluation: runs tokenizer + POS + NER over gold interchange JSONL, writes predictions in
//! the interchange format, and scores exact spans like `score.py ner` (micro P/R/F1 overall and
//! per label, documents paired by id).

use crate::Prf;
use doc::{Annotator, Layer, Producer};
use ner::NerTagger;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Write};
use std::path::Path;
use tag::PosTagger;
use tokenize::Tokenizer;

/// Why an evaluation could not run.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: {message}")]
    Read { path: String, message: String },
    #[error("writing predictions: {0}")]
    Write(#[from] std::io::Error),
    #[error("annotating document {id}: {message}")]
    Annotate { id: String, message: String },
}

fn read_err(path: &Path, e: impl std::fmt::Display) -> EvalError {
    EvalError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Annotates every document of `gold` (its text only) and writes one prediction line per document
/// to `out`: the gold record's keys, with `entities` replaced by the predicted mentions (each with
/// its `confidence`). Returns the number of documents.
pub fn predict_jsonl(
    gold: &Path,
    pos: &PosTagger,
    ner: &NerTagger,
    out: &mut impl Write,
) -> Result<usize, EvalError> {
    let f = std::fs::File::open(gold).map_err(|e| read_err(gold, e))?;
    let tok = Tokenizer::new();
    let mut n = 0;
    for rec in interchange::read_records(std::io::BufReader::new(f)) {
        let rec = rec.map_err(|e| read_err(gold, e))?;
        let mut d = rec.to_document().map_err(|e| read_err(gold, e))?;
        let id = d.meta.id.clone();
        let wrap = |e: doc::DocError| EvalError::Annotate {
            id: id.clone(),
            message: e.to_string(),
        };
        tok.annotate(&mut d).map_err(wrap)?;
        pos.annotate(&mut d).map_err(wrap)?;
        let mentions = ner::mentions_of(ner, &d);
        let mut only = rec.to_document().map_err(|e| read_err(gold, e))?;
        only.set_entities(Layer::new(
            Producer::new("ner", env!("CARGO_PKG_VERSION")).with_model(ner.model_id()),
            mentions,
        ))
        .map_err(wrap)?;
        interchange::write_document(out, &only, Some(&rec))?;
        n += 1;
    }
    Ok(n)
}

/// Exact-span NER scores: overall micro figures and one entry per label.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NerScore {
    pub docs: usize,
    pub overall: Prf,
    pub per_label: BTreeMap<String, Prf>,
}

type Spans = BTreeSet<(u64, u64, String)>;

fn read_spans(
    path: &Path,
    reader: impl BufRead,
    labels: Option<&[&str]>,
) -> Result<Vec<(String, Option<Spans>)>, EvalError> {
    let mut out = Vec::new();
    for (k, line) in reader.lines().enumerate() {
        let line = line.map_err(|e| read_err(path, e))?;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(&line)
            .map_err(|e| read_err(path, format!("line {}: {e}", k + 1)))?;
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(x) => x.to_string(),
            None => String::new(),
        };
        let spans = v.get("entities").and_then(Value::as_array).map(|es| {
            es.iter()
                .filter_map(|e| {
                    let s = e.get("start")?.as_u64()?;
                    let t = e.get("end")?.as_u64()?;
                    let l = e.get("label")?.as_str()?.to_string();
                    let keep = labels.is_none_or(|ls| ls.contains(&l.as_str()));
                    keep.then_some((s, t, l))
                })
                .collect::<Spans>()
        });
        out.push((id, spans));
    }
    Ok(out)
}

/// Scores `pred` against `gold` like `score.py ner` (no label mapping; `labels` restricts the
/// scored labels on both sides, like `--labels`). Gold documents without `entities` are skipped;
/// gold documents missing from `pred` count as empty predictions.
pub fn score_files(
    gold: &Path,
    pred: &Path,
    labels: Option<&[&str]>,
) -> Result<NerScore, EvalError> {
    let open = |p: &Path| {
        std::fs::File::open(p)
            .map(std::io::BufReader::new)
            .map_err(|e| read_err(p, e))
    };
    score_readers(gold, open(gold)?, open(pred)?, labels)
}

/// [`score_files`] over readers (`gold_path` only names the gold file in errors).
pub fn score_readers(
    gold_path: &Path,
    gold: impl BufRead,
    pred: impl BufRead,
    labels: Option<&[&str]>,
) -> Result<NerScore, EvalError> {
    let g = read_spans(gold_path, gold, labels)?;
    let p: BTreeMap<String, Option<Spans>> = read_spans(Path::new("predictions"), pred, labels)?
        .into_iter()
        .collect();
    let mut s = NerScore::default();
    for (id, gs) in g {
        let Some(gs) = gs else { continue };
        s.docs += 1;
        let empty = Spans::new();
        let ps = p.get(&id).and_then(|x| x.as_ref()).unwrap_or(&empty);
        for (_, _, l) in &gs {
            s.per_label.entry(l.clone()).or_default().gold += 1;
        }
        for (_, _, l) in ps {
            s.per_label.entry(l.clone()).or_default().pred += 1;
        }
        for (_, _, l) in gs.intersection(ps) {
            s.per_label.entry(l.clone()).or_default().tp += 1;
        }
    }
    for v in s.per_label.values() {
        s.overall.add(*v);
    }
    Ok(s)
}

impl std::fmt::Display for NerScore {
    /// The table `score.py ner` prints (without its header line and JSON line).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<12} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
            "label", "gold", "pred", "tp", "P", "R", "F1"
        )?;
        let rows = self
            .per_label
            .iter()
            .map(|(l, p)| (l.as_str(), p))
            .chain([("ALL (micro)", &self.overall)]);
        for (l, p) in rows {
            writeln!(
                f,
                "{:<12} {:>6} {:>6} {:>6} {:>7.4} {:>7.4} {:>7.4}",
                l,
                p.gold,
                p.pred,
                p.tp,
                p.precision(),
                p.recall(),
                p.f1()
            )?;
        }
        Ok(())
    }
}

impl NerScore {
    /// The headline JSON object `score.py ner` prints last.
    pub fn to_json(&self) -> Value {
        let r4 = |x: f64| (x * 10_000.0).round() / 10_000.0;
        let per: serde_json::Map<String, Value> = self
            .per_label
            .iter()
            .map(|(l, p)| {
                (
                    l.clone(),
                    serde_json::json!({"p": r4(p.precision()), "r": r4(p.recall()), "f1": r4(p.f1()), "gold": p.gold, "pred": p.pred}),
                )
            })
            .collect();
        serde_json::json!({"task": "ner", "docs": self.docs, "p": r4(self.overall.precision()),
            "r": r4(self.overall.recall()), "f1": r4(self.overall.f1()), "gold": self.overall.gold,
            "pred": self.overall.pred, "per_label": per})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"id": "a", "text": "Zakayev met Putin in Kyiv.", "entities": [{"start": 0, "end": 7, "label": "PER"}, {"start": 12, "end": 17, "label": "PER"}, {"start": 21, "end": 25, "label": "LOC"}]}
{"id": "b", "text": "Acme Inc.", "entities": [{"start": 0, "end": 9, "label": "ORG"}]}
{"id": "c", "text": "no entities key"}
"#;

    const PRED: &str = r#"{"id": "a", "text": "Zakayev met Putin in Kyiv.", "entities": [{"start": 0, "end": 7, "label": "PER", "confidence": 0.9}, {"start": 12, "end": 17, "label": "ORG"}, {"start": 21, "end": 25, "label": "LOC"}, {"start": 21, "end": 25, "label": "MISC"}]}
"#;

    #[test]
    fn scores_like_score_py() {
        let s = score_readers(Path::new("gold"), GOLD.as_bytes(), PRED.as_bytes(), None).unwrap();
        // doc c has no entities key: skipped; doc b is missing from predictions: empty.
        assert_eq!(s.docs, 2);
        assert_eq!((s.overall.tp, s.overall.pred, s.overall.gold), (2, 4, 4));
        assert_eq!(s.per_label["PER"].tp, 1);
        assert_eq!(s.per_label["ORG"].gold, 1);
        assert_eq!(s.per_label["MISC"].pred, 1);
        assert!((s.overall.f1() - 0.5).abs() < 1e-9);
        let j = s.to_json();
        assert_eq!(j["f1"], 0.5);
        let table = s.to_string();
        assert!(table.contains("ALL (micro)"));
    }

    #[test]
    fn labels_restrict_both_sides() {
        let labels = ["PER", "LOC"];
        let s = score_readers(
            Path::new("gold"),
            GOLD.as_bytes(),
            PRED.as_bytes(),
            Some(&labels),
        )
        .unwrap();
        assert_eq!((s.overall.tp, s.overall.pred, s.overall.gold), (2, 2, 3));
        assert!(!s.per_label.contains_key("MISC"));
    }

    #[test]
    fn bad_json_is_an_error_not_a_panic() {
        let r = score_readers(
            Path::new("gold"),
            "{not json".as_bytes(),
            PRED.as_bytes(),
            None,
        );
        assert!(matches!(r, Err(EvalError::Read { .. })));
    }
}
