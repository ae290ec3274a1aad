//! `newsgraph annotate [IN|-] [-o OUT]`: interchange JSONL in, every layer the pipeline fills out.

use crate::output::{Global, Outcome};
use clap::Args;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct AnnotateArgs {
    /// Input JSONL (`-` or nothing for standard input).
    pub input: Option<PathBuf>,
    /// Output JSONL (standard output when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Accepted for compatibility: the dependency parser is always part of the pipeline, and
    /// the `deps` key (one `{"head", "rel"}` per token) is always written.
    #[arg(long, hide = true)]
    pub deps: bool,
    #[command(flatten)]
    pub relate: RelateFlags,
}

/// The relation options of the pipeline as flags (`annotate`, `eval`; the engine takes them as
/// `engine::RelateOptions`). Without flags, what the pipeline always runs: rules, the learned
/// scorer and place chains, and the document-level model in documents that open by defining
/// their subject.
#[derive(Clone, Copy, Debug, Default, Args)]
pub struct RelateFlags {
    /// Relations: the document-level model (entity pairs across sentences) in every document;
    /// by default only in documents that open by defining their subject ("X is a …"), since
    /// on news most of what it adds is unstated.
    #[arg(long, conflicts_with_all = ["no_relation_scorer", "no_doc_level"])]
    pub doc_level: bool,
    /// Relations: no document-level model, whatever the document.
    #[arg(long)]
    pub no_doc_level: bool,
    /// Relations: leave out the places chained through a place the rules state ("A in B" and
    /// "B in C" give "A in C").
    #[arg(long)]
    pub no_place_chains: bool,
    /// Relations: the rules alone, without the learned scorer (and so without place chains).
    #[arg(long, alias = "rules-only")]
    pub no_relation_scorer: bool,
}

impl RelateFlags {
    pub fn options(&self) -> engine::RelateOptions {
        engine::RelateOptions {
            scorer: !self.no_relation_scorer,
            place_chains: !self.no_place_chains,
            doc_level: if self.doc_level {
                relate::DocLevel::On
            } else if self.no_doc_level {
                relate::DocLevel::Off
            } else {
                relate::DocLevel::Definitional
            },
        }
    }
}

pub fn run(g: &Global, args: AnnotateArgs) -> anyhow::Result<Outcome> {
    let pipeline = engine::pipeline_with(&args.relate.options())?;
    let input: Box<dyn BufRead> = match &args.input {
        Some(p) if p.as_os_str() != "-" => {
            Box::new(BufReader::new(std::fs::File::open(p).map_err(|e| {
                crate::output::user_error(format!("{}: {e}", p.display()))
            })?))
        }
        _ => Box::new(BufReader::new(std::io::stdin().lock())),
    };
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => {
            Box::new(BufWriter::new(std::fs::File::create(p).map_err(|e| {
                crate::output::user_error(format!("{}: {e}", p.display()))
            })?))
        }
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let name = args
        .input
        .as_ref()
        .map_or("<stdin>".to_string(), |p| p.display().to_string());
    let report = engine::annotate_jsonl(&pipeline, input, &mut out, |_| {})?;
    for e in &report.errors {
        eprintln!("error: {name}: {e}");
    }
    if !g.quiet {
        eprintln!(
            "annotated {} documents ({} stages: {})",
            report.documents,
            pipeline.stage_names().len(),
            pipeline.stage_names().join(", ")
        );
    }
    Ok(if report.errors.is_empty() {
        Outcome::Ok
    } else {
        Outcome::InputFailures
    })
}
