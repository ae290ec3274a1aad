//! `newsgraph entities`: entities, most mentioned first.

use crate::output::{Global, Outcome, print_json, print_table};
use clap::Args;
use doc::EntityLabel;
use engine::Engine;

#[derive(Debug, Args)]
pub struct EntitiesArgs {
    /// Only this type (PER, ORG, LOC, MISC).
    #[arg(long = "type", value_parser = parse_label)]
    pub label: Option<EntityLabel>,
    /// At most this many.
    #[arg(long, default_value_t = 50)]
    pub limit: usize,
}

pub fn parse_label(s: &str) -> Result<EntityLabel, String> {
    EntityLabel::parse(s).ok_or_else(|| format!("unknown entity type {s:?} (PER, ORG, LOC, MISC)"))
}

pub fn run(g: &Global, args: EntitiesArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let list = engine.store().entities(args.limit, args.label)?;
    if g.json {
        print_json(&list)?;
        return Ok(Outcome::Ok);
    }
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|e| {
            vec![
                e.id.to_string(),
                e.name.clone(),
                e.label.to_string(),
                e.mention_count.to_string(),
                e.aliases
                    .iter()
                    .filter(|a| **a != e.name)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("; "),
            ]
        })
        .collect();
    print_table(&["id", "name", "type", "mentions", "aliases"], &rows);
    Ok(Outcome::Ok)
}
