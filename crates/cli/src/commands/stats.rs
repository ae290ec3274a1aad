//! `newsgraph stats`: counts of what the store holds.

use crate::output::{Global, Outcome, print_json};
use engine::Engine;

pub fn run(g: &Global) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let s = engine.store().stats()?;
    if g.json {
        print_json(&s)?;
    } else {
        println!("documents  {}", s.documents);
        println!("entities   {}", s.entities);
        println!("mentions   {}", s.mentions);
        println!("quotes     {}", s.quotes);
        println!("timexes    {}", s.timexes);
        println!("facts      {}", s.facts);
    }
    Ok(Outcome::Ok)
}
