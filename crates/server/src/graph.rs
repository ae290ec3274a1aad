//! The network around an entity, built hop by hop: edges from stored facts between entities
//! (each with its provenance) and from entities named in the same sentence (each with that
//! sentence as evidence). Sizes are capped so a large store never yields a huge graph.

use crate::pool::EntityIndex;
use doc::{Document, EntityLabel};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use store::{DocId, DocRef, EntityId, Span, Store, StoreError};

/// Caps for one graph request.
#[derive(Clone, Copy, Debug)]
pub struct Caps {
    pub depth: usize,
    pub max_nodes: usize,
    pub max_edges: usize,
    /// Documents read per expanded node for co-mentions.
    pub docs_per_node: usize,
    /// Documents read in all for one request.
    pub max_docs: usize,
    /// Evidence items kept per edge.
    pub evidence_per_edge: usize,
}

impl Default for Caps {
    fn default() -> Self {
        Caps {
            depth: 1,
            max_nodes: 60,
            max_edges: 300,
            docs_per_node: 10,
            max_docs: 60,
            evidence_per_edge: 5,
        }
    }
}

/// A node: an entity.
#[derive(Clone, Debug, Serialize)]
pub struct GraphNode {
    pub id: EntityId,
    pub name: String,
    #[serde(rename = "type")]
    pub label: EntityLabel,
    pub mention_count: u64,
    /// Hops from the centre.
    pub depth: usize,
}

/// One piece of evidence for an edge: the sentence (or fact evidence span) and its document.
#[derive(Clone, Debug, Serialize)]
pub struct GraphEvidence {
    pub doc: DocRef,
    pub span: Span,
    pub text: String,
    pub producer: Option<String>,
    pub confidence: Option<f32>,
}

/// An edge: a fact's predicate (`kind: "fact"`) or a co-mention (`kind: "co-mention"`).
#[derive(Clone, Debug, Serialize)]
pub struct GraphEdge {
    /// Stable within one answer: `f:<source>:<target>:<predicate>` or `c:<a>:<b>`.
    pub id: String,
    pub source: EntityId,
    pub target: EntityId,
    pub kind: &'static str,
    pub label: String,
    /// How many evidence items were seen (more than `evidence` holds when capped).
    pub weight: usize,
    pub evidence: Vec<GraphEvidence>,
}

/// The answer of `/api/entities/{id}/graph`.
#[derive(Clone, Debug, Serialize)]
pub struct Graph {
    pub center: EntityId,
    pub depth: usize,
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
    /// True when a cap cut the graph short.
    pub truncated: bool,
}

struct Builder<'a> {
    store: &'a Store,
    names: &'a EntityIndex,
    caps: Caps,
    nodes: BTreeMap<EntityId, GraphNode>,
    edges: BTreeMap<String, GraphEdge>,
    docs: BTreeMap<DocId, Option<(DocRef, Document)>>,
    truncated: bool,
}

impl Builder<'_> {
    fn add_node(&mut self, id: EntityId, depth: usize) -> Result<bool, StoreError> {
        if self.nodes.contains_key(&id) {
            return Ok(true);
        }
        if self.nodes.len() >= self.caps.max_nodes {
            self.truncated = true;
            return Ok(false);
        }
        let summary = match self.names.get(id) {
            Some(s) => Some(s.clone()),
            None => self.store.entity(id)?,
        };
        let Some(s) = summary else {
            return Ok(false);
        };
        self.nodes.insert(
            id,
            GraphNode {
                id,
                name: s.name,
                label: s.label,
                mention_count: s.mention_count,
                depth,
            },
        );
        Ok(true)
    }

    fn add_edge(
        &mut self,
        key: String,
        (source, target): (EntityId, EntityId),
        kind: &'static str,
        label: &str,
        ev: GraphEvidence,
    ) {
        let cap = self.caps.evidence_per_edge;
        if let Some(e) = self.edges.get_mut(&key) {
            e.weight += 1;
            let dup = e
                .evidence
                .iter()
                .any(|x| x.doc.id == ev.doc.id && x.span == ev.span);
            if e.evidence.len() < cap && !dup {
                e.evidence.push(ev);
            }
            return;
        }
        if self.edges.len() >= self.caps.max_edges {
            self.truncated = true;
            return;
        }
        self.edges.insert(
            key.clone(),
            GraphEdge {
                id: key,
                source,
                target,
                kind,
                label: label.to_string(),
                weight: 1,
                evidence: vec![ev],
            },
        );
    }

    fn document(&mut self, id: DocId) -> Result<Option<&(DocRef, Document)>, StoreError> {
        if !self.docs.contains_key(&id) {
            if self.docs.len() >= self.caps.max_docs {
                self.truncated = true;
                return Ok(None);
            }
            let loaded = match (self.store.doc_ref(id)?, self.store.document(id)?) {
                (Some(r), Some(d)) => Some((r, d)),
                _ => None,
            };
            self.docs.insert(id, loaded);
        }
        Ok(self.docs.get(&id).and_then(Option::as_ref))
    }

    /// Adds the neighbours of `e` (facts, then co-mentions); returns the newly added nodes.
    fn expand(&mut self, e: EntityId, depth: usize) -> Result<Vec<EntityId>, StoreError> {
        let mut found = Vec::new();
        for f in self.store.facts(Some(e), self.caps.max_edges)? {
            let Some(obj) = &f.object_entity else {
                continue;
            };
            let (s, o) = (f.subject.id, obj.id);
            let other = if s == e { o } else { s };
            let known = self.nodes.contains_key(&other);
            if !self.add_node(other, depth)? {
                continue;
            }
            if !known {
                found.push(other);
            }
            let key = format!("f:{}:{}:{}", s.0, o.0, f.predicate);
            let ev = GraphEvidence {
                doc: f.doc.clone(),
                span: f.span,
                text: f.evidence.clone(),
                producer: Some(f.producer.clone()),
                confidence: Some(f.confidence),
            };
            self.add_edge(key, (s, o), "fact", &f.predicate, ev);
        }
        let Some(me) = self.names.get(e).cloned() else {
            return Ok(found);
        };
        let names = self.names;
        for src in self.store.sources(e, self.caps.docs_per_node)? {
            let Some((doc_ref, d)) = self.document(src.id)? else {
                continue;
            };
            let doc_ref = doc_ref.clone();
            let index = d.offset_index();
            let text = d.text();
            // Mentions linked to entity ids, with their byte start.
            let linked: Vec<(u32, EntityId)> = d
                .entity_items()
                .iter()
                .filter_map(|m| {
                    let surface = text.get(m.range.as_usize()).unwrap_or("");
                    let name = m.entity.as_deref().unwrap_or(surface);
                    names
                        .lookup(name, m.label)
                        .or_else(|| names.lookup(surface, m.label))
                        .map(|id| (m.range.start, id))
                })
                .collect();
            let mut pairs: Vec<(EntityId, GraphEvidence)> = Vec::new();
            for s in d.sentence_items() {
                let inside: BTreeSet<EntityId> = linked
                    .iter()
                    .filter(|(at, _)| s.range.start <= *at && *at < s.range.end)
                    .map(|(_, id)| *id)
                    .collect();
                if !inside.contains(&me.id) {
                    continue;
                }
                let ev = GraphEvidence {
                    doc: doc_ref.clone(),
                    span: Span {
                        start: s.range.start,
                        end: s.range.end,
                        char_start: index.byte_to_char(s.range.start),
                        char_end: index.byte_to_char(s.range.end),
                    },
                    text: text.get(s.range.as_usize()).unwrap_or("").to_string(),
                    producer: None,
                    confidence: None,
                };
                for other in inside.into_iter().filter(|o| *o != me.id) {
                    pairs.push((other, ev.clone()));
                }
            }
            for (other, ev) in pairs {
                let known = self.nodes.contains_key(&other);
                if !self.add_node(other, depth)? {
                    continue;
                }
                if !known {
                    found.push(other);
                }
                let (a, b) = if me.id <= other {
                    (me.id, other)
                } else {
                    (other, me.id)
                };
                let key = format!("c:{}:{}", a.0, b.0);
                self.add_edge(key, (me.id, other), "co-mention", "mentioned with", ev);
            }
        }
        Ok(found)
    }
}

/// The graph around `center`, or `None` when there is no such entity.
pub fn neighbourhood(
    store: &Store,
    names: &EntityIndex,
    center: EntityId,
    caps: Caps,
) -> Result<Option<Graph>, StoreError> {
    let mut b = Builder {
        store,
        names,
        caps,
        nodes: BTreeMap::new(),
        edges: BTreeMap::new(),
        docs: BTreeMap::new(),
        truncated: false,
    };
    if !b.add_node(center, 0)? {
        return Ok(None);
    }
    let mut frontier = vec![center];
    for d in 1..=caps.depth {
        let mut next = Vec::new();
        for e in frontier {
            next.extend(b.expand(e, d)?);
        }
        if next.is_empty() {
            break;
        }
        frontier = next;
    }
    // Edges only between nodes that made it in (facts may point outside when capped).
    let nodes: Vec<GraphNode> = b.nodes.into_values().collect();
    let ids: BTreeSet<EntityId> = nodes.iter().map(|n| n.id).collect();
    let edges = b
        .edges
        .into_values()
        .filter(|e| ids.contains(&e.source) && ids.contains(&e.target))
        .collect();
    Ok(Some(Graph {
        center,
        depth: caps.depth,
        nodes,
        edges,
        truncated: b.truncated,
    }))
}
