//! `newsgraph export --format jsonl`: the store as interchange JSONL (code-point offsets).

use crate::output::{Global, Outcome, user_error};
use clap::{Args, ValueEnum};
use engine::Engine;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// Interchange JSONL, one document per line with its layers.
    Jsonl,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Output file (standard output when absent).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(g: &Global, args: ExportArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(BufWriter::new(
            std::fs::File::create(p).map_err(|e| user_error(format!("{}: {e}", p.display())))?,
        )),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    let Format::Jsonl = args.format;
    let n = engine
        .store()
        .for_each_document(|_, d| -> anyhow::Result<()> {
            interchange::write_document(&mut out, &d, None)?;
            Ok(())
        })?;
    out.flush()?;
    if !g.quiet && args.output.is_some() {
        eprintln!("exported {n} documents");
    }
    Ok(Outcome::Ok)
}
