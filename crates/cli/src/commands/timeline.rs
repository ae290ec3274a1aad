//! `newsgraph timeline [NAME]`: dated items (time expressions, facts, quotes) in date order,
//! each with its evidence and source.

use crate::output::{Global, Outcome, print_json, shorten};
use clap::Args;
use engine::Engine;

#[derive(Debug, Args)]
pub struct TimelineArgs {
    /// Only items about this entity.
    pub name: Option<String>,
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

/// Why a time expression has its value: the reference time it was read against and, for a
/// range's first point, the range's duration ("; after “In 1994”", "; from the publication
/// date", "; a range of 3 years").
pub fn why(t: &engine::TimelineRow) -> String {
    let mut s = match (t.anchor.as_deref(), t.anchor_text.as_deref()) {
        (Some("expression"), Some(a)) => format!("; read after “{a}”"),
        (Some("document"), _) => "; read from the publication date".to_string(),
        _ => String::new(),
    };
    if let Some(d) = &t.duration_label {
        s.push_str(&format!("; a range of {d}"));
    }
    s
}

pub fn run(g: &Global, args: TimelineArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let who = match &args.name {
        Some(n) => Some(engine.entity_named(n)?),
        None => None,
    };
    let rows = engine.store().timeline(who, args.limit)?;
    // Facts about the entity that no time expression dates, listed apart.
    let undated: Vec<engine::FactRow> = match who {
        Some(id) => engine
            .store()
            .facts(Some(id), args.limit)?
            .into_iter()
            .filter(|f| f.valid_from.is_none() && f.valid_to.is_none())
            .collect(),
        None => Vec::new(),
    };
    if g.json {
        print_json(&serde_json::json!({"dated": rows, "undated_facts": undated}))?;
        return Ok(Outcome::Ok);
    }
    for t in &rows {
        if t.kind == "quote" {
            let who = t.speaker.as_deref().unwrap_or("(unattributed)");
            println!(
                "{:<14}  [quote] {who}: “{}”",
                t.label,
                shorten(&t.text, 100)
            );
            let when = t
                .time_text
                .as_deref()
                .map(|x| format!("“{x}”, "))
                .unwrap_or_default();
            println!("{:<14}  — {when}{}", "", super::show::source(&t.doc));
            continue;
        }
        let what = if t.kind == "fact" {
            format!("[{}] ", t.text)
        } else {
            String::new()
        };
        println!("{:<14}  {what}{}", t.label, shorten(&t.evidence, 110));
        println!("{:<14}  — {}{}", "", super::show::source(&t.doc), why(t));
    }
    if rows.is_empty() {
        println!("no dated items");
    }
    if !undated.is_empty() {
        println!();
        println!("undated facts ({})", undated.len());
        for f in &undated {
            let obj = f
                .object_entity
                .as_ref()
                .map(|e| e.name.clone())
                .or_else(|| f.object_value.clone())
                .unwrap_or_default();
            println!("  {} {} {}", f.subject.name, f.predicate, obj);
            println!(
                "      “{}” — {}",
                shorten(&f.evidence, 110),
                super::show::source(&f.doc)
            );
        }
    }
    Ok(Outcome::Ok)
}
