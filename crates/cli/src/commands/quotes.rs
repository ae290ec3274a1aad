//! `newsgraph quotes [--by NAME]`: quotes with speakers, the time they refer to, and sources.

use crate::output::{Global, Outcome, print_json, shorten};
use clap::Args;
use engine::Engine;

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Only quotes by this entity.
    #[arg(long)]
    pub by: Option<String>,
    /// Only quotes whose text matches these words (full-text search).
    #[arg(long)]
    pub search: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

pub fn run(g: &Global, args: QuotesArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let by = match &args.by {
        Some(n) => Some(engine.entity_named(n)?),
        None => None,
    };
    let mut rows = match &args.search {
        Some(q) => engine.store().search_quotes(q, args.limit.max(1) * 4)?,
        None => engine.store().quotes(by, args.limit)?,
    };
    if args.search.is_some() && by.is_some() {
        rows.retain(|q| q.speaker_entity == by);
    }
    rows.truncate(args.limit);
    if g.json {
        print_json(&rows)?;
        return Ok(Outcome::Ok);
    }
    for q in &rows {
        let who = match (q.kind.as_deref(), q.speaker_name.as_deref()) {
            (Some("designation"), _) => "(designation, not speech)",
            (_, Some(w)) => w,
            (_, None) => "(unattributed)",
        };
        println!("“{}”", shorten(&q.text, 160));
        let cue = q
            .cue
            .as_deref()
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        println!("    — {who}{cue}, {}", super::show::source(&q.doc));
        if let Some(t) = q.time_label.as_ref().or(q.time.as_ref()) {
            let said = q
                .time_text
                .as_deref()
                .map(|x| format!(" (“{x}”)"))
                .unwrap_or_default();
            println!("      time {t}{said}");
        }
    }
    if rows.is_empty() {
        println!("no quotes");
    }
    Ok(Outcome::Ok)
}
