//! `newsgraph train pos|ner`: trains a model from a corpus under ../shared/data, reproducibly.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TrainTask {
    Pos,
    Ner,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// What to train.
    pub task: TrainTask,
    /// Corpus directory or file (e.g. ../shared/data/conll2003).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the model file.
    #[arg(long)]
    pub out: PathBuf,
    /// Random seed: the same data and seed give a byte-identical model.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: TrainArgs) -> anyhow::Result<()> {
    anyhow::bail!(
        "`train {:?}` is not available in this build yet (data {})",
        args.task,
        args.data.display()
    )
}
