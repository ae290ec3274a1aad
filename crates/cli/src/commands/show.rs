//! `newsgraph show NAME`: everything known about one entity, each item with its source.

use crate::output::{Global, Outcome, print_json, shorten};
use clap::Args;
use engine::Engine;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Entity name or alias (case-insensitive; a unique part of a name works too).
    pub name: String,
    /// At most this many items per section.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
}

pub fn run(g: &Global, args: ShowArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    super::entities::require_entities(&engine)?;
    let id = engine.entity_named(&args.name)?;
    let Some(d) = engine.store().entity_detail(id, args.limit)? else {
        anyhow::bail!(crate::output::UserError(format!(
            "no entity named {:?}",
            args.name
        )));
    };
    if g.json {
        print_json(&d)?;
        return Ok(Outcome::Ok);
    }
    let s = &d.summary;
    println!(
        "{} [{}]  (id {}, {} mentions)",
        s.name, s.label, s.id, s.mention_count
    );
    let aliases: Vec<&str> = s
        .aliases
        .iter()
        .map(String::as_str)
        .filter(|a| *a != s.name)
        .collect();
    if !aliases.is_empty() {
        println!("aliases: {}", aliases.join("; "));
    }
    let section = |title: &str, n: usize| {
        println!();
        println!("{title} ({n})");
    };
    section("roles", d.roles.len());
    for f in &d.roles {
        let what = f
            .object_value
            .clone()
            .or_else(|| f.object_entity.as_ref().map(|e| e.name.clone()))
            .unwrap_or_default();
        println!("  {} {}  — {}", f.predicate, what, source(&f.doc));
    }
    section("affiliations", d.affiliations.len());
    for f in &d.affiliations {
        let obj = f
            .object_entity
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default();
        println!(
            "  {} {} {}  — {}",
            f.subject.name,
            f.predicate,
            obj,
            source(&f.doc)
        );
    }
    section("quotes", d.quotes.len());
    for q in &d.quotes {
        println!("  “{}”  — {}", shorten(&q.text, 110), source(&q.doc));
    }
    section("timeline", d.timeline.len());
    for t in &d.timeline {
        println!("  {:<10} {}", t.value, shorten(&t.evidence, 100));
    }
    section("sources", d.sources.len());
    for r in &d.sources {
        println!("  {}", source(r));
    }
    Ok(Outcome::Ok)
}

pub fn source(r: &engine::DocRef) -> String {
    let title = r.title.as_deref().unwrap_or(&r.key);
    match (&r.published, &r.url) {
        (Some(p), Some(u)) => format!(
            "{} ({}, {})",
            shorten(title, 60),
            p.get(..10).unwrap_or(p),
            u
        ),
        (Some(p), None) => format!("{} ({})", shorten(title, 60), p.get(..10).unwrap_or(p)),
        (None, Some(u)) => format!("{} ({})", shorten(title, 60), u),
        (None, None) => shorten(title, 60),
    }
}
