//! `newsgraph graph NAME --depth N` and `newsgraph path A B`: the network of facts around an
//! entity, and how two entities connect through facts and the documents that state them.

use crate::output::{Global, Outcome, print_json};
use clap::Args;
use engine::Engine;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

#[derive(Debug, Args)]
pub struct GraphArgs {
    /// The entity at the centre.
    pub name: String,
    /// How many hops out.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// At most this many edges in all.
    #[arg(long, default_value_t = 200)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    pub a: String,
    pub b: String,
    /// The longest path searched, in hops.
    #[arg(long, default_value_t = 4)]
    pub max_hops: usize,
}

/// One aggregated fact of the neighbourhood.
#[derive(Debug, Serialize)]
struct GraphEdge {
    depth: usize,
    subject: String,
    predicate: String,
    object: String,
    support: u64,
    confidence: f32,
}

#[derive(Debug, Serialize)]
struct GraphOut {
    center: String,
    depth: usize,
    nodes: Vec<String>,
    edges: Vec<GraphEdge>,
}

fn object_name(s: &store::FactSummary) -> String {
    match (&s.object_entity, &s.object_value) {
        (Some(o), Some(v)) => format!("{} [{v}]", o.name),
        (Some(o), None) => o.name.clone(),
        (None, Some(v)) => format!("\"{v}\""),
        (None, None) => String::new(),
    }
}

pub fn run_graph(g: &Global, args: GraphArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    super::entities::require_entities(&engine)?;
    let center = engine.entity_named(&args.name)?;
    let store = engine.store();
    let center_name = store.entity(center)?.map(|e| e.name).unwrap_or_default();
    let mut seen: BTreeSet<store::EntityId> = BTreeSet::from([center]);
    let mut names: BTreeMap<store::EntityId, String> =
        BTreeMap::from([(center, center_name.clone())]);
    let mut edges_seen: BTreeSet<(i64, String, Option<i64>, Option<String>)> = BTreeSet::new();
    let mut edges = Vec::new();
    let mut frontier = vec![center];
    for depth in 1..=args.depth.max(1) {
        let mut next = Vec::new();
        for id in frontier {
            for s in store.fact_summaries(Some(id), args.limit)? {
                let key = (
                    s.subject.id.0,
                    s.predicate.clone(),
                    s.object_entity.as_ref().map(|o| o.id.0),
                    s.object_value.clone(),
                );
                if edges.len() >= args.limit || !edges_seen.insert(key) {
                    continue;
                }
                for e in [Some(&s.subject), s.object_entity.as_ref()]
                    .into_iter()
                    .flatten()
                {
                    names.insert(e.id, e.name.clone());
                    if seen.insert(e.id) {
                        next.push(e.id);
                    }
                }
                edges.push(GraphEdge {
                    depth,
                    subject: s.subject.name.clone(),
                    predicate: s.predicate.clone(),
                    object: object_name(&s),
                    support: s.support,
                    confidence: s.max_confidence,
                });
            }
        }
        frontier = next;
    }
    let out = GraphOut {
        center: center_name,
        depth: args.depth,
        nodes: names.into_values().collect(),
        edges,
    };
    if g.json {
        print_json(&out)?;
        return Ok(Outcome::Ok);
    }
    println!(
        "{} — {} entities, {} facts within {} hop(s)",
        out.center,
        out.nodes.len(),
        out.edges.len(),
        out.depth
    );
    for e in &out.edges {
        println!(
            "  {}{} —{}→ {}  (support {}, conf {:.2})",
            "  ".repeat(e.depth.saturating_sub(1)),
            e.subject,
            e.predicate,
            e.object,
            e.support,
            e.confidence
        );
    }
    Ok(Outcome::Ok)
}

/// One hop of a path: the fact that links two entities and the documents that state it.
#[derive(Clone, Debug, Serialize)]
struct Hop {
    from: String,
    subject: String,
    predicate: String,
    object: String,
    to: String,
    /// Evidence sentences with their document (URL or key).
    evidence: Vec<(String, String)>,
}

pub fn run_path(g: &Global, args: PathArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    super::entities::require_entities(&engine)?;
    let a = engine.entity_named(&args.a)?;
    let b = engine.entity_named(&args.b)?;
    let store = engine.store();
    // Breadth-first over facts (either direction); the first path found is a shortest one.
    let mut prev: BTreeMap<store::EntityId, (store::EntityId, Hop)> = BTreeMap::new();
    let mut seen = BTreeSet::from([a]);
    let mut queue = VecDeque::from([(a, 0usize)]);
    let mut found = a == b;
    while let Some((id, d)) = queue.pop_front() {
        if found || d >= args.max_hops {
            break;
        }
        // Group this entity's facts by the other entity, keeping every supporting sentence.
        let mut links: BTreeMap<store::EntityId, Hop> = BTreeMap::new();
        for f in store.facts(Some(id), 500)? {
            let Some(o) = &f.object_entity else { continue };
            let (other, from, to) = if f.subject.id == id {
                (o.id, &f.subject.name, &o.name)
            } else {
                (f.subject.id, &o.name, &f.subject.name)
            };
            let hop = links.entry(other).or_insert_with(|| Hop {
                from: from.clone(),
                subject: f.subject.name.clone(),
                predicate: f.predicate.clone(),
                object: o.name.clone(),
                to: to.clone(),
                evidence: Vec::new(),
            });
            let src = f.doc.url.clone().unwrap_or_else(|| f.doc.key.clone());
            hop.evidence.push((f.evidence.trim().to_string(), src));
        }
        for (other, hop) in links {
            if seen.insert(other) {
                prev.insert(other, (id, hop));
                if other == b {
                    found = true;
                    break;
                }
                queue.push_back((other, d + 1));
            }
        }
    }
    let mut hops = Vec::new();
    let mut cur = b;
    while found && cur != a {
        let Some((p, hop)) = prev.get(&cur) else {
            break;
        };
        hops.push(hop.clone());
        cur = *p;
    }
    hops.reverse();
    if g.json {
        print_json(&serde_json::json!({"found": found, "hops": hops}))?;
        return Ok(Outcome::Ok);
    }
    if !found {
        println!(
            "no connection between {:?} and {:?} within {} hops",
            args.a, args.b, args.max_hops
        );
        return Ok(Outcome::Ok);
    }
    for (i, h) in hops.iter().enumerate() {
        println!("{}. {} —{}→ {}", i + 1, h.subject, h.predicate, h.object);
        for (text, src) in h.evidence.iter().take(3) {
            println!("     “{}”  — {}", crate::output::shorten(text, 100), src);
        }
    }
    Ok(Outcome::Ok)
}
