//! `newsgraph eval`: runs the pipeline on a gold file, writes predictions, prints scores.

use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Task to evaluate (ner, tokens, sentences, pos).
    pub task: String,
    /// Gold interchange JSONL file.
    #[arg(long)]
    pub gold: PathBuf,
    /// Where to write the prediction JSONL.
    #[arg(long)]
    pub pred_out: Option<PathBuf>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    anyhow::bail!(
        "`eval {}` is not available in this build yet ({})",
        args.task,
        args.gold.display()
    )
}
