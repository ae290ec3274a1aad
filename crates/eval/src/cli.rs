//! What the `newsgraph train` and `newsgraph eval` commands do, as library functions that return
//! the report to print.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use tag::PosTagger;

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("unknown task `{0}` (expected {1})")]
    Task(String, &'static str),
    #[error(transparent)]
    Model(#[from] learn::ModelError),
    #[error(transparent)]
    TrainPos(#[from] tag::TrainError),
    #[error(transparent)]
    TrainNer(#[from] ner::TrainError),
    #[error(transparent)]
    TrainDeps(#[from] parse::TrainError),
    #[error(transparent)]
    Eval(#[from] crate::ner::EvalError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |source| CliError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// `train pos|ner|deps --data DIR --out FILE --seed N`: trains with the default settings, writes the
/// model file and returns a summary line with its size and FNV-1a 64 hash.
pub fn train(task: &str, data: &Path, out: &Path, seed: u64) -> Result<String, CliError> {
    let bytes = match task {
        "pos" => tag::train(
            data,
            &tag::TrainConfig {
                seed,
                ..Default::default()
            },
        )?,
        "ner" => {
            let pos = PosTagger::embedded()?;
            ner::train(
                data,
                &ner::TrainConfig {
                    seed,
                    ..Default::default()
                },
                &pos,
            )?
        }
        "deps" => {
            let pos = PosTagger::embedded()?;
            parse::train(
                data,
                &parse::TrainConfig {
                    seed,
                    ..Default::default()
                },
                &pos,
            )?
        }
        other => return Err(CliError::Task(other.to_string(), "pos, ner or deps")),
    };
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    std::fs::write(out, &bytes).map_err(io(out))?;
    Ok(format!(
        "wrote {} ({} bytes, fnv1a64 {:016x}, seed {seed})",
        out.display(),
        bytes.len(),
        learn::fnv1a(&bytes)
    ))
}

/// Options of `eval`.
#[derive(Clone, Debug, Default)]
pub struct EvalOptions<'a> {
    /// Where to write the NER predictions (interchange JSONL).
    pub pred_out: Option<&'a Path>,
    /// Score only these labels (like `score.py ner --labels`).
    pub labels: Option<Vec<String>>,
    /// A POS model file instead of the embedded one.
    pub pos_model: Option<&'a Path>,
    /// An NER model file instead of the embedded one.
    pub ner_model: Option<&'a Path>,
    /// A dependency model file instead of the embedded one.
    pub deps_model: Option<&'a Path>,
    /// Only the JSON line (`deps`).
    pub json: bool,
}

/// `eval ner|tokens|sentences|pos|deps --gold FILE`: returns the report. For `ner` the gold file is
/// interchange JSONL and the report is the one `score.py ner` prints; for the others it is a
/// CoNLL-U file (or, for `sentences`, a directory of them).
pub fn evaluate(task: &str, gold: &Path, opts: &EvalOptions<'_>) -> Result<String, CliError> {
    let pos = || -> Result<PosTagger, CliError> {
        Ok(match opts.pos_model {
            Some(p) => PosTagger::load(p)?,
            None => PosTagger::embedded()?,
        })
    };
    let mut out = String::new();
    match task {
        "ner" => {
            let nt = match opts.ner_model {
                Some(p) => ner::NerTagger::load(p)?,
                None => ner::NerTagger::embedded()?,
            };
            let mut buf: Vec<u8> = Vec::new();
            crate::ner::predict_jsonl(gold, &pos()?, &nt, &mut buf)?;
            if let Some(p) = opts.pred_out {
                let mut f = std::fs::File::create(p).map_err(io(p))?;
                f.write_all(&buf).map_err(io(p))?;
            }
            let labels: Option<Vec<&str>> = opts
                .labels
                .as_ref()
                .map(|v| v.iter().map(String::as_str).collect());
            let f = std::fs::File::open(gold).map_err(io(gold))?;
            let s = crate::ner::score_readers(
                gold,
                std::io::BufReader::new(f),
                &buf[..],
                labels.as_deref(),
            )?;
            let pred_name = opts
                .pred_out
                .map_or("-".to_string(), |p| p.display().to_string());
            let _ = writeln!(
                out,
                "NER exact-span  docs={}  gold={}  pred={}",
                s.docs,
                gold.display(),
                pred_name
            );
            let _ = write!(out, "{s}");
            let _ = writeln!(out, "{}", s.to_json());
        }
        "tokens" => {
            let s = crate::tokens::score_conllu(gold).map_err(io(gold))?;
            let _ = writeln!(out, "token boundaries {}: {s}", gold.display());
        }
        "sentences" => {
            let files = if gold.is_dir() {
                crate::sentences::conllu_files(gold, "GUM_reddit").map_err(io(gold))?
            } else {
                vec![gold.to_path_buf()]
            };
            let refs: Vec<&Path> = files.iter().map(|p| p.as_path()).collect();
            for (name, join) in [
                ("one sentence per line", crate::sentences::Join::Lines),
                ("running paragraphs", crate::sentences::Join::Paragraphs),
            ] {
                let s = crate::sentences::score_conllu(&refs, join).map_err(io(gold))?;
                let _ = writeln!(out, "sentence boundaries ({name}) {}: {s}", gold.display());
            }
        }
        "pos" => {
            let s = crate::pos::score_conllu(&pos()?, gold).map_err(io(gold))?;
            let _ = writeln!(out, "pos {}: {s}", gold.display());
        }
        "deps" => {
            let parser = match opts.deps_model {
                Some(p) => parse::DepParser::load(p)?,
                None => parse::DepParser::embedded()?,
            };
            let s = crate::deps::score_conllu(&pos()?, &parser, gold).map_err(io(gold))?;
            if !opts.json {
                let _ = writeln!(out, "deps {}: {s}", gold.display());
            }
            let _ = writeln!(out, "{}", s.to_json());
        }
        other => {
            return Err(CliError::Task(
                other.to_string(),
                "ner, tokens, sentences, pos or deps",
            ));
        }
    }
    Ok(out)
}
