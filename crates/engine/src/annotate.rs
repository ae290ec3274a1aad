//! Streaming annotation of interchange JSONL: read a batch, annotate it in parallel, write it in
//! input order. Memory is bounded by the batch size, so a 50 MB file is one pass.

use crate::EngineError;
use interchange::{Record, read_records, write_document_with};
use pipeline::{Pipeline, Timings};
use rayon::prelude::*;
use std::io::{BufRead, Write};

/// What an annotation run did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct AnnotateReport {
    pub documents: u64,
    pub bytes: u64,
    /// Lines that could not be read, each with its line number and reason.
    pub errors: Vec<String>,
    #[serde(skip)]
    pub timings: Timings,
}

const BATCH: usize = 256;

/// Annotates every record of `input` and writes it to `out`, keeping `id`, `text`, `date` and
/// unknown keys as they were and replacing layer keys with the pipeline's output. Bad lines are
/// reported and skipped; the rest continue.
pub fn annotate_jsonl(
    pipeline: &Pipeline,
    input: impl BufRead,
    out: &mut impl Write,
    mut progress: impl FnMut(u64),
) -> Result<AnnotateReport, EngineError> {
    let mut report = AnnotateReport::default();
    let mut batch: Vec<Record> = Vec::with_capacity(BATCH);
    let mut records = read_records(input);
    loop {
        batch.clear();
        for r in records.by_ref() {
            match r {
                Ok(r) => batch.push(r),
                Err(e) => report.errors.push(e.to_string()),
            }
            if batch.len() == BATCH {
                break;
            }
        }
        if batch.is_empty() {
            break;
        }
        let results: Vec<_> = batch
            .par_iter()
            .map(|rec| {
                let mut t = Timings::default();
                let r = rec
                    .to_document()
                    .map_err(|e| e.to_string())
                    .and_then(|mut d| {
                        pipeline
                            .run(&mut d, &mut t)
                            .map(|_| d)
                            .map_err(|e| format!("line {}: {e}", rec.line))
                    });
                (r, t)
            })
            .collect();
        for (rec, (r, t)) in batch.iter().zip(results) {
            report.timings.add(&t);
            match r {
                Ok(d) => {
                    let names = d.coref().map(|_| coref::mention_entities(&d));
                    write_document_with(out, &d, Some(rec), names.as_deref())
                        .map_err(EngineError::Output)?;
                    report.documents += 1;
                    report.bytes += d.text().len() as u64;
                }
                Err(e) => report.errors.push(e),
            }
        }
        progress(report.documents);
    }
    out.flush().map_err(EngineError::Output)?;
    Ok(report)
}
