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
    let statements: usize = d.facts.iter().map(|x| x.facts.len()).sum();
    if statements == 0 {
        section("facts", 0);
    }
    for sec in &d.facts {
        section(&sec.title, sec.facts.len());
        print_section(sec);
    }
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
        println!(
            "  {:<14} {}{}",
            t.label,
            shorten(&t.evidence, 100),
            super::timeline::why(t)
        );
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

/// How many evidence sentences each statement shows.
const EVIDENCE_SHOWN: usize = 3;

/// One predicate's statements: each conflict's accounts together under a marker, then the rest.
fn print_section(sec: &store::FactSection) {
    let mut shown = vec![false; sec.facts.len()];
    for c in &sec.conflicts {
        println!("  ⚠ conflicting accounts: {}", c.about);
        for i in &c.facts {
            if let Some(f) = sec.facts.get(*i) {
                print_fact(f, "    ▸ ");
                if let Some(s) = shown.get_mut(*i) {
                    *s = true;
                }
            }
        }
    }
    for (f, done) in sec.facts.iter().zip(&shown) {
        if !done {
            print_fact(f, "  ");
        }
    }
}

/// A date as shown: its day (publication times are cut to the date).
fn day(s: &str) -> &str {
    s.get(..10).unwrap_or(s)
}

fn print_fact(f: &store::AggregatedFact, lead: &str) {
    let when = f
        .when
        .as_ref()
        .map(|w| format!(" ({w})"))
        .unwrap_or_default();
    let plural = |n: u64, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let seen = match (&f.first_seen, &f.last_seen) {
        (Some(a), Some(b)) if day(a) == day(b) => format!("; seen {}", day(a)),
        (Some(a), Some(b)) => format!("; first seen {}, last seen {}", day(a), day(b)),
        _ => String::new(),
    };
    println!(
        "{lead}{}{when} — {}, {}{seen}; conf {:.2}",
        f.text,
        plural(f.documents, "document", "documents"),
        plural(f.mentions, "mention", "mentions"),
        f.confidence
    );
    let pad = " ".repeat(lead.chars().count() + 4);
    for e in f.evidence.iter().take(EVIDENCE_SHOWN) {
        println!("{pad}“{}” — {}", shorten(&e.sentence, 150), source(&e.doc));
    }
    let more = f.mentions.saturating_sub(EVIDENCE_SHOWN as u64);
    if more > 0 {
        println!("{pad}(+{more} more)");
    }
}
