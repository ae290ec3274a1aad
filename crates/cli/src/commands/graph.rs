//! `newsgraph graph NAME --depth N` and `newsgraph path A B`: the network of facts around an
//! entity, and how two entities connect through facts and the documents that state them. Both
//! are thin callers of the store's graph queries (`Store::neighbourhood`, `Store::path`), the
//! same the server's network view uses, with the same filters.

use crate::output::{Global, Outcome, print_json, user_error};
use clap::Args;
use engine::Engine;
use serde::Serialize;
use std::collections::BTreeMap;
use store::{GraphQuery, split_list, time_bound};

/// The filters `graph` and `path` share (those of `GET /api/entities/{id}/graph`).
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// Only facts of these predicates, comma-separated (`holds_role,located_in`).
    #[arg(long, value_name = "LIST")]
    pub predicate: Option<String>,
    /// Only neighbours of these entity types, comma-separated (`PER,ORG`).
    #[arg(long = "type", value_name = "LIST")]
    pub types: Option<String>,
    /// Only facts whose time (else first/last-seen date) reaches this date or later (`2000`, `2019-05`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only facts whose time (else first/last-seen date) starts by this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Only facts stated by at least this many documents.
    #[arg(long, default_value_t = 0)]
    pub min_support: u64,
}

impl FilterArgs {
    /// The query these flags describe (bad values are user errors).
    fn query(&self, depth: usize) -> anyhow::Result<GraphQuery> {
        let mut types = Vec::new();
        for t in self.types.as_deref().map(split_list).unwrap_or_default() {
            match doc::EntityLabel::parse(&t.to_ascii_uppercase()) {
                Some(l) => types.push(l),
                None => {
                    return Err(user_error(format!(
                        "--type takes PER, ORG, LOC or MISC, not {t:?}"
                    )));
                }
            }
        }
        let bound = |flag: &str, v: &Option<String>| -> anyhow::Result<Option<String>> {
            match v {
                None => Ok(None),
                Some(s) => match time_bound(s) {
                    Some(b) => Ok(Some(b)),
                    None => Err(user_error(format!(
                        "--{flag} takes a date such as 2000, 2019-05 or 2019-05-31, not {s:?}"
                    ))),
                },
            }
        };
        Ok(GraphQuery {
            depth,
            predicates: self
                .predicate
                .as_deref()
                .map(split_list)
                .unwrap_or_default(),
            types,
            since: bound("since", &self.since)?,
            until: bound("until", &self.until)?,
            min_support: self.min_support,
            ..GraphQuery::default()
        })
    }
}

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
    /// Also link entities named in one sentence (edges with predicate `co-mention`).
    #[arg(long)]
    pub co_mentions: bool,
    #[command(flatten)]
    pub filter: FilterArgs,
}

#[derive(Debug, Args)]
pub struct PathArgs {
    pub a: String,
    pub b: String,
    /// The longest path searched, in hops.
    #[arg(long, default_value_t = 4)]
    pub max_hops: usize,
    #[command(flatten)]
    pub filter: FilterArgs,
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

pub fn run_graph(g: &Global, args: GraphArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let center = engine.entity_named(&args.name)?;
    let query = GraphQuery {
        max_edges: args.limit,
        co_mentions: args.co_mentions,
        ..args.filter.query(args.depth.max(1))?
    };
    let Some(n) = engine.store().neighbourhood(center, &query, &|| false)? else {
        return Err(user_error(format!("no entity named {:?}", args.name)));
    };
    let names: BTreeMap<store::EntityId, &str> =
        n.nodes.iter().map(|x| (x.id, x.name.as_str())).collect();
    let name = |id: store::EntityId| names.get(&id).copied().unwrap_or_default().to_string();
    let edges: Vec<GraphEdge> = n
        .edges
        .iter()
        .map(|e| GraphEdge {
            depth: e.depth,
            subject: name(e.source),
            predicate: e.label.clone(),
            object: match (e.target, &e.value) {
                (Some(o), Some(v)) => format!("{} [{v}]", name(o)),
                (Some(o), None) => name(o),
                (None, Some(v)) => format!("\"{v}\""),
                (None, None) => String::new(),
            },
            support: e.support,
            confidence: e.confidence.unwrap_or(0.0),
            mentions: e.weight,
            when: e.when.clone(),
            first_seen: e.first_seen.clone(),
            last_seen: e.last_seen.clone(),
            conflicting: e.conflicting,
            documents: e.documents(),
        })
        .collect();
    let out = GraphOut {
        center: name(center),
        depth: args.depth,
        nodes: n.nodes.iter().map(|x| x.name.clone()).collect(),
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

pub fn run_path(g: &Global, args: PathArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    let a = engine.entity_named(&args.a)?;
    let b = engine.entity_named(&args.b)?;
    let query = args.filter.query(args.max_hops)?;
    // Breadth-first over facts (either direction): the first path found is a shortest one.
    let path = engine.store().path(a, b, &query, &|| false)?;
    let found = path.is_some();
    let hops = path.unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(predicate: Option<&str>, types: Option<&str>, since: Option<&str>) -> FilterArgs {
        FilterArgs {
            predicate: predicate.map(str::to_string),
            types: types.map(str::to_string),
            since: since.map(str::to_string),
            until: None,
            min_support: 2,
        }
    }

    #[test]
    fn flags_become_the_store_query() {
        let q = filter(
            Some("holds_role, located_in"),
            Some("per,LOC"),
            Some("2000"),
        )
        .query(2)
        .expect("valid flags");
        assert_eq!(q.depth, 2);
        assert_eq!(q.predicates, vec!["holds_role", "located_in"]);
        assert_eq!(q.types, vec![doc::EntityLabel::Per, doc::EntityLabel::Loc]);
        assert_eq!(q.since.as_deref(), Some("2000"));
        assert_eq!(q.min_support, 2);
    }

    #[test]
    fn bad_flags_are_user_errors() {
        for f in [
            filter(None, Some("PLANET"), None),
            filter(None, None, Some("soon")),
        ] {
            let err = f.query(1).expect_err("refused");
            assert_eq!(crate::output::exit_code(&err), 1, "{err}");
        }
    }
}
