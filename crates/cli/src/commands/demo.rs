//! `newsgraph demo`: ingest the bundled examples into a fresh database and show the graph.

use crate::output::{Global, Outcome, shorten};
use clap::Args;
use engine::{Engine, IngestOptions, Input};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// The demo database to (re)create. It is deleted first, so it is never `--db`'s default.
    #[arg(long, default_value = "newsgraph-demo.db")]
    pub into: PathBuf,
    /// The examples folder (default: the repository's `examples/`).
    #[arg(long)]
    pub examples: Option<PathBuf>,
}

fn examples_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p);
    }
    let candidates = [
        PathBuf::from("examples"),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples"),
    ];
    candidates
        .into_iter()
        .find(|p| p.join("articles").is_dir())
        .ok_or_else(|| {
            crate::output::user_error(
                "cannot find the bundled examples/ folder; run from the repository or pass --examples",
            )
        })
}

pub fn run(g: &Global, args: DemoArgs) -> anyhow::Result<Outcome> {
    let dir = examples_dir(args.examples)?;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = args.into.clone().into_os_string();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut engine = Engine::open(&args.into)?;
    let inputs = ["articles", "pages", "feeds"].map(|d| Input::Path(dir.join(d)));
    let report = engine.ingest(&inputs, &IngestOptions::default(), &mut |_| {})?;
    for f in &report.failed {
        eprintln!("error: {}", f.error);
    }
    let s = engine.store().stats()?;
    let db = args.into.display();
    println!(
        "newsgraph demo: {} sources from {}",
        report.sources,
        dir.display()
    );
    println!(
        "graph in {db}: {} documents, {} entities ({} mentions), {} quotes, {} time expressions, {} facts",
        s.documents, s.entities, s.mentions, s.quotes, s.timexes, s.facts
    );
    println!("pipeline: {}", engine.pipeline()?.stage_names().join(" → "));
    if g.quiet {
        return Ok(Outcome::Ok);
    }
    let store = engine.store();
    if s.entities > 0 {
        println!();
        println!("most mentioned entities");
        for e in store.entities(12, None)? {
            let aliases: Vec<&str> = e
                .aliases
                .iter()
                .map(String::as_str)
                .filter(|a| *a != e.name)
                .take(3)
                .collect();
            let aka = if aliases.is_empty() {
                String::new()
            } else {
                format!("  (also: {})", aliases.join("; "))
            };
            println!(
                "  {:<4} {:<40} {:>3} mentions{aka}",
                e.label.as_str(),
                e.name,
                e.mention_count
            );
        }
    }
    if s.quotes > 0 {
        println!();
        println!("quotes");
        let speech = store.quotes(None, 64)?.into_iter();
        for q in speech
            .filter(|q| q.kind.as_deref() != Some("designation"))
            .take(8)
        {
            let who = q.speaker_name.as_deref().unwrap_or("(unattributed)");
            println!("  {who}: “{}”", shorten(&q.text, 90));
        }
    }
    if s.timexes > 0 {
        println!();
        println!("timeline");
        for t in store.timeline(None, 10)? {
            println!("  {:<14} {}", t.label, shorten(&t.evidence, 90));
        }
    }
    println!();
    println!("documents");
    store.for_each_document(|_, d| -> anyhow::Result<()> {
        let title = d.meta.title.clone().unwrap_or_else(|| d.meta.id.clone());
        println!(
            "  {}  ({} sentences, {} tokens{})",
            shorten(&title, 70),
            d.sentence_items().len(),
            d.token_items().len(),
            d.meta
                .published_date()
                .map(|p| format!(", {p}"))
                .unwrap_or_default()
        );
        Ok(())
    })?;
    println!();
    println!(
        "explore: newsgraph --db {db} entities | show NAME | quotes | timeline | search WORDS"
    );
    Ok(if report.failed.is_empty() {
        Outcome::Ok
    } else {
        Outcome::InputFailures
    })
}
