//! `newsgraph eval`: runs the pipeline on a gold file, writes predictions, prints scores.

use crate::output::Global;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Task to evaluate: `ner` (gold interchange JSONL; prints what `score.py ner` prints),
    /// `tokens`, `pos`, `deps` (gold CoNLL-U file; gold words, tags from the tagger; UAS/LAS over
    /// all words, `--json` prints only `{"uas","las","las_universal","tokens"}`) or `sentences`
    /// (CoNLL-U file or directory), or `facts` (hand-listed facts file, e.g.
    /// `eval/facts/polnear-dev.jsonl`, with `--data`; see `eval/facts/README.md`).
    pub task: String,
    /// Gold file (interchange JSONL for `ner`, hand-listed facts JSONL for `facts`, CoNLL-U
    /// otherwise).
    #[arg(long)]
    pub gold: PathBuf,
    /// Where to write the prediction JSONL (`ner`).
    #[arg(long)]
    pub pred_out: Option<PathBuf>,
    /// Score only these labels, comma-separated (like `score.py ner --labels`), e.g. PER,ORG,LOC.
    #[arg(long, value_delimiter = ',')]
    pub labels: Option<Vec<String>>,
    /// POS model file to use instead of the embedded one.
    #[arg(long)]
    pub pos_model: Option<PathBuf>,
    /// NER model file to use instead of the embedded one.
    #[arg(long)]
    pub ner_model: Option<PathBuf>,
    /// Dependency model file to use instead of the embedded one.
    #[arg(long)]
    pub deps_model: Option<PathBuf>,
    /// `facts`: the interchange JSONL holding the documents the facts name.
    #[arg(long)]
    pub data: Option<PathBuf>,
    /// `facts`: list the missed facts and the false positives.
    #[arg(long)]
    pub show: bool,
}

pub fn run(g: &Global, args: EvalArgs) -> anyhow::Result<()> {
    if args.task == "facts" {
        let data = args
            .data
            .as_deref()
            .ok_or_else(|| crate::output::user_error("eval facts needs --data DOCS.jsonl"))?;
        let a = super::eval_facts::FactsArgs {
            gold: &args.gold,
            data,
            show: args.show,
        };
        return super::eval_facts::run(g, a);
    }
    let opts = eval::cli::EvalOptions {
        pred_out: args.pred_out.as_deref(),
        labels: args.labels.clone(),
        pos_model: args.pos_model.as_deref(),
        ner_model: args.ner_model.as_deref(),
        deps_model: args.deps_model.as_deref(),
        json: g.json,
    };
    let report = eval::cli::evaluate(&args.task, &args.gold, &opts)?;
    print!("{report}");
    Ok(())
}
