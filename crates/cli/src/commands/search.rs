//! `newsgraph search QUERY`: full-text search over documents.

use crate::output::{Global, Outcome, print_json};
use clap::Args;
use engine::Engine;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to look for (all must occur; "quoted phrases" work).
    pub query: String,
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(g: &Global, args: SearchArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let hits = engine.store().search(&args.query, args.limit)?;
    if g.json {
        print_json(&hits)?;
        return Ok(Outcome::Ok);
    }
    for h in &hits {
        println!("{}", super::show::source(&h.doc));
        println!(
            "    {}",
            h.snippet.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    if hits.is_empty() {
        println!("no matches");
    }
    Ok(Outcome::Ok)
}
