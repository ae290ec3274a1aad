//! The network view's request: query parameters turned into a [`store::GraphQuery`] (the
//! graph query `newsgraph graph` runs too), run under the request's budget. Expansion stops,
//! `truncated`, after [`EXPAND_TIME`]; a cancelled budget answers with a timeout.

use crate::budget::Budget;
use crate::error::ApiError;
use std::time::Duration;
use store::{CO_MENTION, EntityId, GraphQuery, Neighbourhood, Store, split_list, time_bound};

/// Default node cap of a graph.
pub const DEFAULT_NODES: usize = 200;
/// Edges in all, whatever the node cap.
pub const MAX_EDGES: usize = 2000;
/// Evidence items kept per edge.
pub const EVIDENCE_PER_EDGE: usize = 5;
/// Time after which no more nodes are expanded (the answer so far is returned, truncated).
pub const EXPAND_TIME: Duration = Duration::from_secs(4);

/// The filters of `GET /api/entities/{id}/graph`, as sent.
#[derive(Debug, Default)]
pub struct Filters<'a> {
    pub predicate: Option<&'a str>,
    pub types: Option<&'a str>,
    pub since: Option<&'a str>,
    pub until: Option<&'a str>,
    pub min_support: u64,
}

/// The query for `depth` hops and at most `max_nodes` nodes under `f`; a bad filter is a
/// `bad_request` naming it. Co-mention edges come with every unfiltered view; with a predicate
/// list, only when it names `co-mention`.
pub fn query(depth: usize, max_nodes: usize, f: &Filters) -> Result<GraphQuery, ApiError> {
    let predicates = f.predicate.map(split_list).unwrap_or_default();
    for p in &predicates {
        if p != CO_MENTION && ontology::get(p).is_none() {
            return Err(ApiError::bad_request(format!(
                "predicate {p:?} is not one of the ontology's (GET /api/ontology) nor {CO_MENTION:?}"
            )));
        }
    }
    let mut types = Vec::new();
    for t in f.types.map(split_list).unwrap_or_default() {
        types.push(
            doc::EntityLabel::parse(&t.to_ascii_uppercase()).ok_or_else(|| {
                ApiError::bad_request(format!("type must be PER, ORG, LOC or MISC, not {t:?}"))
            })?,
        );
    }
    let bound = |name: &str, v: Option<&str>| -> Result<Option<String>, ApiError> {
        match v.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => time_bound(s).map(Some).ok_or_else(|| {
                ApiError::bad_request(format!(
                    "{name} must be a date such as 2000, 2019-05 or 2019-05-31, not {s:?}"
                ))
            }),
        }
    };
    Ok(GraphQuery {
        depth,
        predicates,
        co_mentions: true,
        types,
        since: bound("since", f.since)?,
        until: bound("until", f.until)?,
        min_support: f.min_support,
        max_nodes,
        max_edges: MAX_EDGES,
        evidence_per_edge: EVIDENCE_PER_EDGE,
        ..GraphQuery::default()
    })
}

/// The graph around `center`, or `None` when there is no such entity. Only edges between two
/// entities are kept (a fact with a literal object is not drawn).
pub fn neighbourhood(
    store: &Store,
    center: EntityId,
    q: &GraphQuery,
    budget: &Budget,
) -> Result<Option<Neighbourhood>, ApiError> {
    let stop = || budget.is_spent() || budget.elapsed() >= EXPAND_TIME;
    let found = store.neighbourhood(center, q, &stop);
    budget.check()?;
    let Some(mut g) = found? else {
        return Ok(None);
    };
    g.edges.retain(|e| e.target.is_some());
    Ok(Some(g))
}
