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
    let roles = group_facts(&d.roles, |f| {
        let what = f.object_value.clone().unwrap_or_default();
        match &f.object_entity {
            Some(o) if !what.contains(&o.name) => format!("{} {what} (of {})", f.predicate, o.name),
            _ => format!("{} {what}", f.predicate),
        }
    });
    section("roles", roles.len());
    print_groups(&roles);
    let affiliations = group_facts(&d.affiliations, |f| {
        let obj = f
            .object_entity
            .as_ref()
            .map(|e| e.name.clone())
            .unwrap_or_default();
        format!("{} {} {}", f.subject.name, f.predicate, obj)
    });
    section("affiliations", affiliations.len());
    print_groups(&affiliations);
    section("why these names", d.merges.len());
    for m in &d.merges {
        let from = match (&m.event, &m.doc) {
            (Some(e), _) => format!("curation #{e}"),
            (None, Some(r)) => source(r),
            (None, None) => String::new(),
        };
        let docs = if m.docs > 1 {
            format!(" ({} docs)", m.docs)
        } else {
            String::new()
        };
        println!("  {} — {}{docs}; {from}", m.name, m.reason);
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

/// Facts that say the same thing, grouped: the statement, how many times it was found, and the
/// first fact as evidence.
fn group_facts(
    facts: &[engine::FactRow],
    key: impl Fn(&engine::FactRow) -> String,
) -> Vec<(String, usize, &engine::FactRow)> {
    let mut out: Vec<(String, usize, &engine::FactRow)> = Vec::new();
    for f in facts {
        let k = key(f).split_whitespace().collect::<Vec<_>>().join(" ");
        match out.iter_mut().find(|(g, _, _)| *g == k) {
            Some((_, n, _)) => *n += 1,
            None => out.push((k, 1, f)),
        }
    }
    out
}

fn print_groups(groups: &[(String, usize, &engine::FactRow)]) {
    for (what, n, f) in groups {
        let times = if *n > 1 {
            format!(" (×{n})")
        } else {
            String::new()
        };
        println!("  {what}{times}");
        println!("      “{}” — {}", shorten(&f.evidence, 120), source(&f.doc));
    }
}
