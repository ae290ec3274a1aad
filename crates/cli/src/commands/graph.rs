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
    /// How many documents state it.
    support: u64,
    confidence: f32,
    /// How many sentences state it.
    mentions: u64,
    /// Its time qualifier ("2021", "from 2015"), if any.
    when: Option<String>,
    first_seen: Option<String>,
    last_seen: Option<String>,
    /// Other documents give another account (see `show`).
    conflicting: bool,
    /// The documents that state it, oldest first.
    documents: Vec<store::DocRef>,
}

#[derive(Debug, Serialize)]
struct GraphOut {
    center: String,
    depth: usize,
    nodes: Vec<String>,
    edges: Vec<GraphEdge>,
}

fn object_name(f: &store::AggregatedFact) -> String {
    match (&f.object_entity, &f.object_value) {
        (Some(o), Some(v)) => format!("{} [{v}]", o.name),
        (Some(o), None) => o.name.clone(),
        (None, Some(v)) => format!("\"{v}\""),
        (None, None) => String::new(),
    }
}

/// The distinct documents of a fact's evidence, in evidence order.
fn documents(f: &store::AggregatedFact) -> Vec<store::DocRef> {
    let mut seen = BTreeSet::new();
    f.evidence
        .iter()
        .filter(|e| seen.insert(e.doc.id))
        .map(|e| e.doc.clone())
        .collect()
}

pub fn run_graph(g: &Global, args: GraphArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let center = engine.entity_named(&args.name)?;
    let store = engine.store();
    let center_name = store.entity(center)?.map(|e| e.name).unwrap_or_default();
    let mut seen: BTreeSet<store::EntityId> = BTreeSet::from([center]);
    let mut names: BTreeMap<store::EntityId, String> =
        BTreeMap::from([(center, center_name.clone())]);
    // (subject, predicate, object entity, object value, time): one edge each
    type EdgeKey = (i64, String, Option<i64>, Option<String>, Option<String>);
    let mut edges_seen: BTreeSet<EdgeKey> = BTreeSet::new();
    let mut edges = Vec::new();
    let mut frontier = vec![center];
    for depth in 1..=args.depth.max(1) {
        let mut next = Vec::new();
        for id in frontier {
            // every fact of the entity, as subject (outgoing) or object (incoming)
            for f in store
                .entity_facts(id, usize::MAX)?
                .into_iter()
                .flat_map(|s| s.facts)
            {
                let key = (
                    f.subject.id.0,
                    f.predicate.clone(),
                    f.object_entity.as_ref().map(|o| o.id.0),
                    f.object_value.as_ref().map(|v| v.to_lowercase()),
                    f.valid_from.clone(),
                );
                if edges.len() >= args.limit || !edges_seen.insert(key) {
                    continue;
                }
                for e in [Some(&f.subject), f.object_entity.as_ref()]
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
                    subject: f.subject.name.clone(),
                    predicate: f.predicate.clone(),
                    object: object_name(&f),
                    support: f.documents,
                    confidence: f.confidence,
                    mentions: f.mentions,
                    when: f.when.clone(),
                    first_seen: f.first_seen.clone(),
                    last_seen: f.last_seen.clone(),
                    conflicting: f.conflict.is_some(),
                    documents: documents(&f),
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
        let indent = "  ".repeat(e.depth.saturating_sub(1));
        let when = e
            .when
            .as_ref()
            .map(|w| format!(" ({w})"))
            .unwrap_or_default();
        let flag = if e.conflicting {
            "  ⚠ conflicting accounts"
        } else {
            ""
        };
        println!(
            "  {indent}{} —{}→ {}{when}  ({} doc{}, {} mention{}, conf {:.2}){flag}",
            e.subject,
            e.predicate,
            e.object,
            e.support,
            if e.support == 1 { "" } else { "s" },
            e.mentions,
            if e.mentions == 1 { "" } else { "s" },
            e.confidence
        );
        let docs: Vec<String> = e
            .documents
            .iter()
            .take(3)
            .map(super::show::source)
            .collect();
        let more = e.documents.len().saturating_sub(3);
        let more = if more > 0 {
            format!("; +{more} more")
        } else {
            String::new()
        };
        println!("  {indent}    in: {}{more}", docs.join("; "));
    }
    Ok(Outcome::Ok)
}

/// One fact between the two entities of a hop, with the documents that state it.
#[derive(Clone, Debug, Serialize)]
struct Link {
    subject: String,
    predicate: String,
    object: String,
    /// `outgoing` when the hop's `from` is the subject, `incoming` when it is the object.
    direction: store::Direction,
    /// How many documents state it, and how many sentences.
    support: u64,
    mentions: u64,
    documents: Vec<store::DocRef>,
    /// Evidence sentences with their document (URL or key).
    evidence: Vec<(String, String)>,
}

/// One hop of a path: the facts that link two entities and the documents that state them.
/// `subject`, `predicate` and `object` are those of the best supported link.
#[derive(Clone, Debug, Serialize)]
struct Hop {
    from: String,
    subject: String,
    predicate: String,
    object: String,
    to: String,
    /// How many documents state any of the links.
    support: u64,
    documents: Vec<store::DocRef>,
    /// Evidence sentences with their document (URL or key), all links.
    evidence: Vec<(String, String)>,
    /// Every fact between the two, best supported first.
    links: Vec<Link>,
}

/// The facts of `id` grouped by the entity on their other side, each group as a hop.
fn hops_from(
    store: &store::Store,
    id: store::EntityId,
) -> anyhow::Result<BTreeMap<store::EntityId, Hop>> {
    // (other entity) -> (subject, predicate, object) -> facts
    type Statement = (i64, String, i64);
    let mut grouped: BTreeMap<store::EntityId, BTreeMap<Statement, Vec<store::FactRow>>> =
        BTreeMap::new();
    for f in store.facts(Some(id), usize::MAX)? {
        let Some(o) = &f.object_entity else { continue };
        let other = if f.subject.id == id {
            o.id
        } else {
            f.subject.id
        };
        if other == id {
            continue;
        }
        grouped
            .entry(other)
            .or_default()
            .entry((f.subject.id.0, f.predicate.clone(), o.id.0))
            .or_default()
            .push(f);
    }
    let mut out = BTreeMap::new();
    for (other, statements) in grouped {
        let mut links: Vec<Link> = Vec::new();
        let (mut from, mut to) = (String::new(), String::new());
        for facts in statements.into_values() {
            let Some(first) = facts.first() else { continue };
            let object = first.object_entity.as_ref();
            let outgoing = first.subject.id == id;
            let (a, b) = match object {
                Some(o) if outgoing => (&first.subject.name, &o.name),
                Some(o) => (&o.name, &first.subject.name),
                None => continue,
            };
            (from, to) = (a.clone(), b.clone());
            let mut seen = BTreeSet::new();
            let documents: Vec<store::DocRef> = facts
                .iter()
                .filter(|f| seen.insert(f.doc.id))
                .map(|f| f.doc.clone())
                .collect();
            let sentences: BTreeSet<(store::DocId, u32)> =
                facts.iter().map(|f| (f.doc.id, f.span.start)).collect();
            links.push(Link {
                subject: first.subject.name.clone(),
                predicate: first.predicate.clone(),
                object: object.map(|o| o.name.clone()).unwrap_or_default(),
                direction: if outgoing {
                    store::Direction::Outgoing
                } else {
                    store::Direction::Incoming
                },
                support: documents.len() as u64,
                mentions: sentences.len() as u64,
                documents,
                evidence: facts
                    .iter()
                    .filter({
                        // one entry per sentence
                        let mut seen = BTreeSet::new();
                        move |f| seen.insert((f.doc.id, f.span.start, f.span.end))
                    })
                    .map(|f| {
                        let src = f.doc.url.clone().unwrap_or_else(|| f.doc.key.clone());
                        (f.evidence.trim().to_string(), src)
                    })
                    .collect(),
            });
        }
        links.sort_by(|a, b| {
            (b.support, b.mentions)
                .cmp(&(a.support, a.mentions))
                .then_with(|| a.predicate.cmp(&b.predicate))
                .then_with(|| a.direction.cmp(&b.direction))
        });
        let Some(best) = links.first() else { continue };
        let mut seen = BTreeSet::new();
        let documents: Vec<store::DocRef> = links
            .iter()
            .flat_map(|l| l.documents.iter())
            .filter(|d| seen.insert(d.id))
            .cloned()
            .collect();
        out.insert(
            other,
            Hop {
                from,
                subject: best.subject.clone(),
                predicate: best.predicate.clone(),
                object: best.object.clone(),
                to,
                support: documents.len() as u64,
                documents,
                evidence: links.iter().flat_map(|l| l.evidence.clone()).collect(),
                links,
            },
        );
    }
    Ok(out)
}

pub fn run_path(g: &Global, args: PathArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
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
        for (other, hop) in hops_from(store, id)? {
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
        println!(
            "{}. {} → {}  ({} document{})",
            i + 1,
            h.from,
            h.to,
            h.support,
            if h.support == 1 { "" } else { "s" }
        );
        for l in &h.links {
            println!(
                "     {} —{}→ {}  ({} document{}, {} mention{})",
                l.subject,
                l.predicate,
                l.object,
                l.support,
                if l.support == 1 { "" } else { "s" },
                l.mentions,
                if l.mentions == 1 { "" } else { "s" },
            );
            for (text, src) in l.evidence.iter().take(3) {
                let title = l
                    .documents
                    .iter()
                    .find(|d| d.url.as_deref() == Some(src.as_str()) || d.key == *src)
                    .map(super::show::source)
                    .unwrap_or_else(|| src.clone());
                println!(
                    "         “{}”  — {}",
                    crate::output::shorten(text, 100),
                    title
                );
            }
            if l.evidence.len() > 3 {
                println!("         (+{} more)", l.evidence.len() - 3);
            }
        }
    }
    Ok(Outcome::Ok)
}
