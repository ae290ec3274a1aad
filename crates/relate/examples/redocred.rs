//! Re-DocRED figures for the relation types that map onto this crate's ontology, given the gold
//! entity mentions (see `relate::redocred`; `newsgraph eval relations --redocred FILE` prints the
//! same as JSON).
//!
//! `cargo run --release -p relate --example redocred -- --data ../shared/data/re_docred
//! [--split all|train|heldout] [--scorer] [--model FILE] [--train OUT --seed 1]`
//! (default: all of dev, rules only; `--scorer` adds the embedded learned scorer, or `--model`'s;
//! `--train` trains a scorer on the train split and writes it to OUT)

use relate::redocred::{self, Mode, Split};
use relate::scorer::{self, Scorer};
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |k: &str| {
        args.iter()
            .position(|a| a == k)
            .and_then(|i| args.get(i + 1))
    };
    let dir = arg("--data").ok_or("usage: redocred --data DIR")?;
    let file = Path::new(dir).join("dev_revised.json");
    if let Some(out) = arg("--train") {
        let seed = arg("--seed").map_or(Ok(1), |s| s.parse())?;
        let t = std::time::Instant::now();
        let (bytes, s) = scorer::train(&file, seed)?;
        std::fs::write(out, &bytes)?;
        eprintln!(
            "trained in {:.1}s: {} train docs, {} held out, {} pairs ({} positive), {} features, {} weights, threshold {:.4}",
            t.elapsed().as_secs_f64(),
            s.train_docs,
            s.heldout_docs,
            s.instances,
            s.positives,
            s.features,
            s.weights,
            s.threshold
        );
        for (t, m) in &s.curve {
            eprintln!("t {t:.2}: P {:.3} R {:.3} F1 {:.3}", m.p, m.r, m.f1);
        }
        print!(
            "held-out, rules only\n{}",
            redocred::table(&s.heldout_rules)
        );
        print!(
            "held-out, rules + sentence scorer\n{}",
            redocred::table(&s.heldout_sentence)
        );
        if let Some(d) = scorer::Scorer::from_bytes(&bytes)?.doc_model() {
            eprintln!("document-level thresholds {:?}", d.thresholds());
        }
        print!(
            "held-out, rules + scorer\n{}",
            redocred::table(&s.heldout_with_scorer)
        );
        return Ok(());
    }
    let split = match arg("--split") {
        Some(s) => Split::parse(s).ok_or("--split all|train|heldout")?,
        None => Split::All,
    };
    let docs = redocred::read(&file, split)?;
    let reader = redocred::Reader::embedded()?;
    let model = match arg("--model") {
        Some(m) => Some(Scorer::load(Path::new(m))?),
        None if args.iter().any(|a| a == "--scorer") => Some(Scorer::embedded()?),
        None => None,
    };
    let mode = match &model {
        Some(s) => Mode::RulesAndScorer(s),
        None => Mode::Rules,
    };
    print!(
        "{}",
        redocred::table(&redocred::evaluate(&docs, &reader, mode)?)
    );
    Ok(())
}
