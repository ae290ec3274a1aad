//! `newsgraph timeline [NAME]`: dated items in date order, each with its evidence.

use crate::output::{Global, Outcome, print_json, shorten};
use clap::Args;
use doc::LayerKind;
use engine::Engine;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Only items about this entity.
    pub name: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

pub fn run(g: &Global, args: TimelineArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    if !engine.pipeline().provides().contains(&LayerKind::Timexes)
        && engine.store().stats()?.timexes == 0
    {
        anyhow::bail!(crate::output::UserError(
            "this build has no time-expression tagger yet, so there is no timeline to show".into()
        ));
    }
    let who = match &args.name {
        Some(n) => Some(engine.entity_named(n)?),
        None => None,
    };
    let rows = engine.store().timeline(who, args.limit)?;
    if g.json {
        print_json(&rows)?;
        return Ok(Outcome::Ok);
    }
    for t in &rows {
        println!("{:<10}  {}", t.value, shorten(&t.evidence, 110));
        println!("{:<10}  — {}", "", super::show::source(&t.doc));
    }
    if rows.is_empty() {
        println!("no dated items");
    }
    Ok(Outcome::Ok)
}
