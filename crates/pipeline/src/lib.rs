//! The pipeline: an ordered list of annotators, checked once for requires/provides, then run on
//! each document with per-stage timings.
//!
//! Which annotators make up the default pipeline is decided by the `engine` crate; this crate only
//! knows the `doc::Annotator` trait, so it never depends on a model or a store.

use doc::{Annotator, Diagnostic, DocError, Document, LayerKind};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PipelineError {
    #[error("annotator `{annotator}` requires layer `{missing}`, which no earlier stage provides")]
    Unsatisfied {
        annotator: &'static str,
        missing: LayerKind,
    },
    #[error("layer `{layer}` is provided twice (by `{first}` and `{second}`)")]
    Duplicate {
        layer: LayerKind,
        first: &'static str,
        second: &'static str,
    },
    #[error("annotator `{annotator}` failed: {source}")]
    Annotator {
        annotator: &'static str,
        source: DocError,
    },
    /// A stage panicked on this document: the panic is caught and becomes this document's error,
    /// so one pathological input never ends a batch.
    #[error("annotator `{annotator}` panicked: {message}")]
    Panicked {
        annotator: &'static str,
        message: String,
    },
}

/// A checked, ordered list of annotators.
pub struct Pipeline {
    stages: Vec<Box<dyn Annotator>>,
}

/// Cumulative time spent in each stage, for throughput reports.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
    pub documents: u64,
    pub bytes: u64,
}

impl Timings {
    pub fn add(&mut self, other: &Timings) {
        for (name, d) in &other.stages {
            match self.stages.iter_mut().find(|(n, _)| n == name) {
                Some((_, t)) => *t += *d,
                None => self.stages.push((name, *d)),
            }
        }
        self.documents += other.documents;
        self.bytes += other.bytes;
    }

    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, d)| *d).sum()
    }
}

impl Pipeline {
    /// Checks that every stage's requirements are provided by an earlier stage (or are already
    /// present on input documents, listed in `given`) and that no layer is provided twice.
    pub fn new(
        stages: Vec<Box<dyn Annotator>>,
        given: &[LayerKind],
    ) -> Result<Self, PipelineError> {
        let mut have: Vec<(LayerKind, &'static str)> =
            given.iter().map(|k| (*k, "input")).collect();
        for s in &stages {
            for r in s.requires() {
                if !have.iter().any(|(k, _)| k == r) {
                    return Err(PipelineError::Unsatisfied {
                        annotator: s.name(),
                        missing: *r,
                    });
                }
            }
            for p in s.provides() {
                if let Some((_, first)) = have.iter().find(|(k, _)| k == p) {
                    return Err(PipelineError::Duplicate {
                        layer: *p,
                        first,
                        second: s.name(),
                    });
                }
                have.push((*p, s.name()));
            }
        }
        Ok(Pipeline { stages })
    }

    pub fn stage_names(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// The layers this pipeline adds.
    pub fn provides(&self) -> Vec<LayerKind> {
        self.stages
            .iter()
            .flat_map(|s| s.provides().iter().copied())
            .collect()
    }

    /// Runs every stage on `doc`. Stages whose layers are already present (e.g. gold layers read
    /// from a file) are skipped, so a document is never annotated twice.
    pub fn run(
        &self,
        doc: &mut Document,
        timings: &mut Timings,
    ) -> Result<Vec<Diagnostic>, PipelineError> {
        let mut diags = Vec::new();
        for s in &self.stages {
            if s.provides().iter().all(|k| doc.has(*k)) {
                continue;
            }
            let t0 = Instant::now();
            // A panic leaves `doc` with whatever layers were complete before the stage; the caller
            // drops the document on error, so nothing half-made is kept.
            let d = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| s.annotate(doc)))
                .map_err(|p| PipelineError::Panicked {
                    annotator: s.name(),
                    message: panic_message(p.as_ref()),
                })?
                .map_err(|e| PipelineError::Annotator {
                    annotator: s.name(),
                    source: e,
                })?;
            let dt = t0.elapsed();
            match timings.stages.iter_mut().find(|(n, _)| *n == s.name()) {
                Some((_, t)) => *t += dt,
                None => timings.stages.push((s.name(), dt)),
            }
            diags.extend(d);
        }
        timings.documents += 1;
        timings.bytes += doc.text().len() as u64;
        Ok(diags)
    }
}

/// The text of a panic payload (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::{DocMeta, Layer, Producer, TextRange, Token};

    struct Words;
    impl Annotator for Words {
        fn name(&self) -> &'static str {
            "words"
        }
        fn requires(&self) -> &'static [LayerKind] {
            &[]
        }
        fn provides(&self) -> &'static [LayerKind] {
            &[LayerKind::Tokens]
        }
        fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
            let text = doc.text();
            let mut toks = Vec::new();
            let mut start = None;
            for (i, c) in text
                .char_indices()
                .chain(std::iter::once((text.len(), ' ')))
            {
                match (c.is_whitespace(), start) {
                    (true, Some(s)) => {
                        toks.push(Token {
                            range: TextRange::from_usize(s, i),
                        });
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            doc.set_tokens(Layer::new(Producer::new("words", "1"), toks))?;
            Ok(Vec::new())
        }
    }

    struct NeedsPos;
    impl Annotator for NeedsPos {
        fn name(&self) -> &'static str {
            "needs-pos"
        }
        fn requires(&self) -> &'static [LayerKind] {
            &[LayerKind::Tokens, LayerKind::Pos]
        }
        fn provides(&self) -> &'static [LayerKind] {
            &[LayerKind::Entities]
        }
        fn annotate(&self, _doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
            Ok(Vec::new())
        }
    }

    #[test]
    fn checks_requirements_before_running() {
        let err = Pipeline::new(vec![Box::new(Words), Box::new(NeedsPos)], &[])
            .err()
            .unwrap();
        assert_eq!(
            err,
            PipelineError::Unsatisfied {
                annotator: "needs-pos",
                missing: LayerKind::Pos
            }
        );
        let dup = Pipeline::new(vec![Box::new(Words), Box::new(Words)], &[])
            .err()
            .unwrap();
        assert!(matches!(dup, PipelineError::Duplicate { .. }));
    }

    #[test]
    fn runs_and_times_stages_and_skips_present_layers() {
        let p = Pipeline::new(vec![Box::new(Words)], &[]).unwrap();
        let mut d = Document::new(DocMeta::new("a"), "Zakayev told Foreign Policy").unwrap();
        let mut t = Timings::default();
        p.run(&mut d, &mut t).unwrap();
        assert_eq!(d.token_items().len(), 4);
        // A second run does not try to add the layer again.
        p.run(&mut d, &mut t).unwrap();
        assert_eq!(t.documents, 2);
        assert_eq!(t.stages.len(), 1);
    }

    struct Panics;
    impl Annotator for Panics {
        fn name(&self) -> &'static str {
            "panics"
        }
        fn requires(&self) -> &'static [LayerKind] {
            &[]
        }
        fn provides(&self) -> &'static [LayerKind] {
            &[LayerKind::Tokens]
        }
        fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
            if doc.text().contains("boom") {
                panic!("boom in {}", doc.meta.id);
            }
            Words.annotate(doc)
        }
    }

    #[test]
    fn a_panicking_stage_is_that_documents_error_and_the_next_document_runs() {
        let p = Pipeline::new(vec![Box::new(Panics)], &[]).unwrap();
        let mut t = Timings::default();
        let mut bad = Document::new(DocMeta::new("bad"), "boom goes the stage").unwrap();
        let e = p.run(&mut bad, &mut t).unwrap_err();
        assert_eq!(
            e,
            PipelineError::Panicked {
                annotator: "panics",
                message: "boom in bad".into()
            }
        );
        let mut good = Document::new(DocMeta::new("good"), "all is well").unwrap();
        p.run(&mut good, &mut t).unwrap();
        assert_eq!(good.token_items().len(), 3);
    }
}
