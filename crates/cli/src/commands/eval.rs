//! `newsgraph eval`: runs the pipeline on a gold file, writes predictions, prints scores.

use crate::output::Global;
use clap::Args;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Task to evaluate: `ner` (gold interchange JSONL; prints what `score.py ner` prints),
    /// `tokens`, `pos`, `deps` (gold CoNLL-U file; gold words, tags from the tagger; UAS/LAS over
    /// all words, `--json` prints only `{"uas","las","las_universal","tokens"}`) or `sentences`
    /// (CoNLL-U file or directory); `facts` (hand-listed facts file, e.g.
    /// `eval/facts/polnear-dev.jsonl`, with `--data`; see `eval/facts/README.md`); `relations`
    /// (`--redocred FILE`).
    pub task: String,
    /// Gold file (interchange JSONL for `ner`, hand-listed facts JSONL for `facts`, CoNLL-U
    /// otherwise).
    #[arg(long, required_unless_present = "redocred")]
    pub gold: Option<PathBuf>,
    /// `relations`: a DocRED-format JSON file (e.g. ../shared/data/re_docred/dev_revised.json).
    #[arg(long)]
    pub redocred: Option<PathBuf>,
    /// `relations`: the documents to score, `all`, `train` or `heldout` (one in five by title).
    #[arg(long, default_value = "all")]
    pub split: String,
    /// `relations` and `facts`: the relation options (`--doc-level`, `--no-place-chains`,
    /// `--no-relation-scorer`, also spelled `--rules-only`).
    #[command(flatten)]
    pub relate: super::annotate::RelateFlags,
    /// `relations`: a relations model file instead of the embedded one.
    #[arg(long)]
    pub relations_model: Option<PathBuf>,
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
    if let (Some(file), "relations") = (&args.redocred, args.task.as_str()) {
        let model = args.relations_model.as_deref();
        let mode = if args.relate.no_relation_scorer {
            super::eval_relations::Level::Rules
        } else if args.relate.doc_level {
            super::eval_relations::Level::Document
        } else {
            super::eval_relations::Level::Default
        };
        let options = args.relate.options();
        return super::eval_relations::run(g, file, &args.split, mode, model, &options);
    }
    let gold = args
        .gold
        .clone()
        .ok_or_else(|| crate::output::user_error("--gold is required"))?;
    if args.task == "facts" {
        let data = args
            .data
            .as_deref()
            .ok_or_else(|| crate::output::user_error("eval facts needs --data DOCS.jsonl"))?;
        let a = super::eval_facts::FactsArgs {
            gold: &gold,
            data,
            show: args.show,
            relate: args.relate.options(),
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
    let report = eval::cli::evaluate(&args.task, &gold, &opts)?;
    print!("{report}");
    Ok(())
}
