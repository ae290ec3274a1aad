//! `newsgraph train pos|ner|deps|relations`: trains a model from a corpus under ../shared/data, reproducibly.

use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum TrainTask {
    Pos,
    Ner,
    Deps,
    Relations,
}

#[derive(Debug, Args)]
pub struct TrainArgs {
    /// What to train.
    pub task: TrainTask,
    /// Corpus directory or file: for `pos` and `deps` a CoNLL-U file or a directory searched for
    /// training `*.conllu` files (e.g. ../shared/data: EWT + GUM train); for `ner` a gold JSONL file or a
    /// directory holding `conll2003.train.jsonl` (e.g. ../shared/data/gold), whose other training
    /// texts feed the word clusters and GUM names the gazetteer; for `relations` a DocRED JSON
    /// file or a directory holding `dev_revised.json` (e.g. ../shared/data/re_docred).
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
    let task = match args.task {
        TrainTask::Pos => "pos",
        TrainTask::Ner => "ner",
        TrainTask::Deps => "deps",
        TrainTask::Relations => {
            let summary = super::eval_relations::train(&args.data, &args.out, args.seed)?;
            println!("{summary}");
            return Ok(());
        }
    };
    let summary = eval::cli::train(task, &args.data, &args.out, args.seed)?;
    println!("{summary}");
    Ok(())
}
