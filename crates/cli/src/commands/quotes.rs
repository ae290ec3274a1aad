//! `newsgraph quotes [--by NAME]`: quotes with speakers and sources.

use crate::output::{Global, Outcome, print_json, shorten};
use clap::Args;
use doc::LayerKind;
use engine::Engine;

#[derive(Debug, Args)]
pub struct QuotesArgs {
    /// Only quotes by this entity.
    #[arg(long)]
    pub by: Option<String>,
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

pub fn run(g: &Global, args: QuotesArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    if !engine.pipeline().provides().contains(&LayerKind::Quotes)
        && engine.store().stats()?.quotes == 0
    {
        anyhow::bail!(crate::output::UserError(
            "this build has no quote extractor yet, so there are no quotes to show".into()
        ));
    }
    let by = match &args.by {
        Some(n) => Some(engine.entity_named(n)?),
        None => None,
    };
    let rows = engine.store().quotes(by, args.limit)?;
    if g.json {
        print_json(&rows)?;
        return Ok(Outcome::Ok);
    }
    for q in &rows {
        let who = q.speaker_name.as_deref().unwrap_or("(unattributed)");
        println!("“{}”", shorten(&q.text, 160));
        println!("    — {who}, {}", super::show::source(&q.doc));
    }
    if rows.is_empty() {
        println!("no quotes");
    }
    Ok(Outcome::Ok)
}
