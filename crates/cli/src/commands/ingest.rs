//! `newsgraph ingest PATH|URL|-…`: read sources into the store; documents are annotated in
//! parallel and written in input order, several whole documents per transaction.

use crate::output::{Global, Outcome, print_json};
use clap::Args;
use engine::{Engine, IngestEvent, IngestOptions, Input};
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files, folders, http(s) URLs, or `-` for standard input.
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Largest file accepted, in bytes.
    #[arg(long, default_value_t = ingest_default_max())]
    pub max_bytes: u64,
    /// Let URLs listed in OPML files (and their redirects) reach loopback, private and
    /// link-local addresses. Local paths in fetched content stay refused.
    #[arg(long)]
    pub allow_private: bool,
    /// How deep OPML lists may nest (a list named here is level 1).
    #[arg(long, default_value_t = ingest::DEFAULT_MAX_OPML_DEPTH)]
    pub max_opml_depth: u32,
    /// How many feeds all OPML lists of one run may add.
    #[arg(long, default_value_t = ingest::DEFAULT_MAX_FEEDS)]
    pub max_feeds: usize,
    /// Annotation threads (default: one per core). One more thread writes.
    #[arg(long)]
    pub threads: Option<usize>,
    /// Documents written per transaction (an interrupted run loses at most these, never part
    /// of a document).
    #[arg(long, default_value_t = ingest::DEFAULT_BATCH_DOCS)]
    pub batch: usize,
    /// Print where the time went (annotation stages summed over threads; reading, waiting,
    /// resolution, writing and commits on the writer) to standard error.
    #[arg(long)]
    pub timings: bool,
    #[command(flatten)]
    pub relate: super::annotate::RelateFlags,
}

fn ingest_default_max() -> u64 {
    IngestOptions::default().max_bytes
}

pub fn run(g: &Global, args: IngestArgs) -> anyhow::Result<Outcome> {
    let mut engine = Engine::open(&g.db)?.with_relate_options(args.relate.options());
    let inputs: Vec<Input> = args.inputs.iter().map(|a| Input::parse(a)).collect();
    let opts = IngestOptions {
        max_bytes: args.max_bytes,
        allow_private: args.allow_private,
        max_opml_depth: args.max_opml_depth,
        max_feeds: args.max_feeds,
        threads: args.threads.filter(|&n| n > 0),
        batch_docs: args.batch.max(1),
        ..IngestOptions::default()
    };
    let bar = if g.quiet || g.json {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::new_spinner();
        b.set_style(
            ProgressStyle::with_template("{spinner} {pos} documents ({per_sec}) {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        b
    };
    let report = engine.ingest(&inputs, &opts, &mut |ev| match ev {
        IngestEvent::Source(s) => bar.set_message(s.to_string()),
        IngestEvent::Stored { .. } => bar.inc(1),
        IngestEvent::Failed(f) => bar.suspend(|| eprintln!("error: {}", f.error)),
    })?;
    bar.finish_and_clear();
    if args.timings {
        let secs = |t: &pipeline::Timings| {
            t.stages
                .iter()
                .map(|(n, d)| format!("{n} {:.2}", d.as_secs_f64()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        eprintln!("annotation (s, all threads): {}", secs(&report.timings));
        eprintln!("writer (s): {}", secs(&report.writer));
    }
    if g.json {
        print_json(&report)?;
    } else {
        if !g.quiet {
            for w in &report.warnings {
                eprintln!("warning: {w}");
            }
        }
        let summary = format!(
            "{} sources: {} documents inserted, {} updated, {} unchanged, {} not modified, {} failed",
            report.sources,
            report.inserted,
            report.updated,
            report.unchanged,
            report.not_modified,
            report.failed.len()
        );
        if report.failed.is_empty() {
            if !g.quiet {
                println!("{summary}");
            }
        } else {
            eprintln!("{summary}");
        }
    }
    Ok(if report.failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::InputFailures
    })
}
