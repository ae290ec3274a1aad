//! `newsgraph throughput`: end-to-end speed, measured like `../shared/tools/peers/throughput.py`
//! (words = whitespace-separated tokens of each document's `text`; one warm-up pass, then the
//! best of `--reps` timed passes; model loading excluded), plus store ingest documents/s.

use crate::output::{Global, Outcome, print_json, user_error};
use clap::Args;
use doc::{DocMeta, Document};
use pipeline::Timings;
use std::io::BufReader;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct ThroughputArgs {
    /// Text corpus: an interchange JSONL file (e.g. ../shared/data/gold/conll2003.dev.jsonl).
    /// Default: the bundled examples' article texts.
    #[arg(long, conflicts_with = "text")]
    pub gold: Option<PathBuf>,
    /// Plain-text files, each one document (e.g. a generated 10 MB line without sentence ends:
    /// the linear-cost check). Read as UTF-8, invalid bytes replaced.
    #[arg(long, num_args = 1..)]
    pub text: Vec<PathBuf>,
    /// Timed passes after a warm-up (the best one counts); 0 times one pass with no warm-up.
    #[arg(long, default_value_t = 3)]
    pub reps: usize,
    /// Documents to write for the store ingest measurement (language stages aside).
    #[arg(long, default_value_t = 2000)]
    pub ingest_docs: usize,
    /// Accepted for compatibility: the dependency parser is always part of the pipeline.
    #[arg(long, hide = true)]
    pub deps: bool,
}

#[derive(serde::Serialize)]
struct Report {
    documents: usize,
    words: usize,
    stages: Vec<String>,
    /// Seconds in each stage during the first timed single-threaded pass, in pipeline order.
    stage_seconds: Vec<(String, f64)>,
    pipeline_seconds: f64,
    words_per_second: f64,
    words_per_second_parallel: f64,
    threads: usize,
    ingest_documents: usize,
    ingest_seconds: f64,
    ingest_documents_per_second: f64,
}

fn load_texts(gold: &Option<PathBuf>, text: &[PathBuf]) -> anyhow::Result<Vec<String>> {
    if !text.is_empty() {
        return text
            .iter()
            .map(|p| {
                std::fs::read(p)
                    .map(|b| String::from_utf8_lossy(&b).into_owned())
                    .map_err(|e| user_error(format!("{}: {e}", p.display())))
            })
            .collect();
    }
    match gold {
        Some(p) => {
            let f =
                std::fs::File::open(p).map_err(|e| user_error(format!("{}: {e}", p.display())))?;
            let mut out = Vec::new();
            for r in interchange::read_records(BufReader::new(f)) {
                out.push(r?.text().to_string());
            }
            Ok(out)
        }
        None => {
            let dir = PathBuf::from("examples/articles");
            let mut out = Vec::new();
            let mut entries: Vec<_> = std::fs::read_dir(&dir)
                .map_err(|e| user_error(format!("{}: {e} (pass --gold FILE)", dir.display())))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            entries.sort();
            for p in entries {
                out.push(std::fs::read_to_string(p)?);
            }
            Ok(out)
        }
    }
}

/// The best of `reps` timed passes after a warm-up; `reps == 0` times a single pass alone (for
/// inputs too big to run twice).
fn best_of(reps: usize, mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<f64> {
    if reps == 0 {
        let t0 = Instant::now();
        f()?;
        return Ok(t0.elapsed().as_secs_f64());
    }
    f()?;
    let mut best = f64::INFINITY;
    for _ in 0..reps.max(1) {
        let t0 = Instant::now();
        f()?;
        best = best.min(t0.elapsed().as_secs_f64());
    }
    Ok(best)
}

pub fn run(g: &Global, args: ThroughputArgs) -> anyhow::Result<Outcome> {
    use rayon::prelude::*;
    let texts = load_texts(&args.gold, &args.text)?;
    let words: usize = texts.iter().map(|t| t.split_whitespace().count()).sum();
    let pipeline = engine::default_pipeline()?;
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(DocMeta::new(format!("d{i}")), t.as_str()))
        .collect::<Result<_, _>>()?;
    let mut stage_times: Option<Timings> = None;
    let seq = best_of(args.reps, || {
        let mut t = Timings::default();
        for d in &docs {
            let mut d = d.clone();
            pipeline.run(&mut d, &mut t)?;
        }
        stage_times.get_or_insert(t);
        Ok(())
    })?;
    let par = best_of(args.reps, || {
        docs.par_iter().try_for_each(|d| -> anyhow::Result<()> {
            let mut d = d.clone();
            pipeline.run(&mut d, &mut Timings::default())?;
            Ok(())
        })
    })?;

    // Store ingest, language stages aside: documents straight into a fresh file database.
    let dir = tempfile::tempdir()?;
    let mut store = engine::Store::open(dir.path().join("throughput.db"))?;
    let n = args.ingest_docs;
    let t0 = Instant::now();
    for i in 0..n {
        let text = texts.get(i % texts.len().max(1)).map_or("", String::as_str);
        let text = format!("{text}\n[copy {i}]");
        let d = Document::new(DocMeta::new(format!("bench:{i}")), text)?;
        let h = ingest::normalized_text_hash(d.text());
        store.upsert_document(&d, &h)?;
    }
    let ingest_s = t0.elapsed().as_secs_f64();

    let r = Report {
        documents: docs.len(),
        words,
        stages: pipeline
            .stage_names()
            .iter()
            .map(|s| s.to_string())
            .collect(),
        stage_seconds: stage_times
            .map(|t| {
                t.stages
                    .iter()
                    .map(|(n, d)| (n.to_string(), d.as_secs_f64()))
                    .collect()
            })
            .unwrap_or_default(),
        pipeline_seconds: seq,
        words_per_second: words as f64 / seq.max(1e-9),
        words_per_second_parallel: words as f64 / par.max(1e-9),
        threads: rayon::current_num_threads(),
        ingest_documents: n,
        ingest_seconds: ingest_s,
        ingest_documents_per_second: n as f64 / ingest_s.max(1e-9),
    };
    if g.json {
        print_json(&r)?;
    } else {
        println!(
            "pipeline ({}): {} documents, {} words, {:.0} words/s single-threaded, {:.0} words/s on {} threads",
            r.stages.join(" → "),
            r.documents,
            r.words,
            r.words_per_second,
            r.words_per_second_parallel,
            r.threads
        );
        let per_stage: Vec<String> = r
            .stage_seconds
            .iter()
            .map(|(n, s)| format!("{n} {s:.3} s"))
            .collect();
        println!("stages (one pass): {}", per_stage.join(", "));
        println!(
            "store ingest (language stages aside): {} documents in {:.2} s = {:.0} documents/s",
            n, ingest_s, r.ingest_documents_per_second
        );
    }
    Ok(Outcome::Ok)
}
