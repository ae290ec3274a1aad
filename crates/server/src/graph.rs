//! The network around an entity, built hop by hop: edges from stored facts between entities
//! (each with its provenance) and from entities named in the same sentence (each with that
//! sentence as evidence). Work is bounded: nodes, edges, documents read, sentences read per node
//! and time all have budgets; a graph cut short by one says `truncated: true`. Each document is
//! read and indexed once per request (which sentence names which entities), so expanding a node
//! costs only the sentences that name it, however long the document.

use crate::budget::Budget;
use crate::error::ApiError;
use crate::pool::EntityIndex;
use doc::{EntityLabel, OffsetIndex, TextRange};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::time::Duration;
use store::{DocId, DocRef, EntityId, Span, Store};

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
    /// Sentences read per expanded node and document for co-mentions.
    pub sentences_per_node: usize,
    /// Time after which no more nodes are expanded (the answer so far is returned, truncated).
    pub time: Duration,
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
            sentences_per_node: 500,
            time: Duration::from_secs(4),
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

/// One document as co-mention evidence: its sentences, which entities each names, and the
/// sentences that name each entity.
struct CoDoc {
    doc_ref: DocRef,
    text: String,
    index: OffsetIndex,
    sentences: Vec<TextRange>,
    /// Per sentence: the entities it names (sorted, distinct).
    members: Vec<Vec<EntityId>>,
    /// Per entity: the sentences that name it (in order).
    by_entity: HashMap<EntityId, Vec<usize>>,
}

impl CoDoc {
    fn build(
        doc_ref: DocRef,
        d: &doc::Document,
        names: &EntityIndex,
        budget: &Budget,
    ) -> Result<CoDoc, ApiError> {
        let text = d.text();
        // Mentions linked to entity ids, by byte start; each distinct name is looked up once.
        let mut seen: HashMap<(&str, EntityLabel), Option<EntityId>> = HashMap::new();
        let mut linked: Vec<(u32, EntityId)> = Vec::new();
        for (i, m) in d.entity_items().iter().enumerate() {
            if i % 4096 == 0 {
                budget.check()?;
            }
            let surface = text.get(m.range.as_usize()).unwrap_or("");
            let name = m.entity.as_deref().unwrap_or(surface);
            let id = *seen.entry((name, m.label)).or_insert_with(|| {
                names
                    .lookup(name, m.label)
                    .or_else(|| names.lookup(surface, m.label))
            });
            if let Some(id) = id {
                linked.push((m.range.start, id));
            }
        }
        linked.sort_unstable();
        let mut sentences: Vec<TextRange> = d.sentence_items().iter().map(|s| s.range).collect();
        sentences.sort_unstable_by_key(|r| (r.start, r.end));
        budget.check()?;
        // One sweep: mentions and sentences both in order of start.
        let mut members = Vec::with_capacity(sentences.len());
        let mut by_entity: HashMap<EntityId, Vec<usize>> = HashMap::new();
        let mut at = 0;
        for (si, s) in sentences.iter().enumerate() {
            while at < linked.len() && linked[at].0 < s.start {
                at += 1;
            }
            let mut inside: Vec<EntityId> = linked[at..]
                .iter()
                .take_while(|(start, _)| *start < s.end)
                .map(|(_, id)| *id)
                .collect();
            inside.sort_unstable();
            inside.dedup();
            if inside.len() > 1 {
                for id in &inside {
                    by_entity.entry(*id).or_default().push(si);
                }
            }
            members.push(inside);
        }
        Ok(CoDoc {
            doc_ref,
            text: text.to_string(),
            index: d.offset_index(),
            sentences,
            members,
            by_entity,
        })
    }

    fn evidence(&self, si: usize) -> GraphEvidence {
        let r = self.sentences[si];
        GraphEvidence {
            doc: self.doc_ref.clone(),
            span: Span {
                start: r.start,
                end: r.end,
                char_start: self.index.byte_to_char(r.start),
                char_end: self.index.byte_to_char(r.end),
            },
            text: self.text.get(r.as_usize()).unwrap_or("").to_string(),
            producer: None,
            confidence: None,
        }
    }
}

struct Builder<'a> {
    store: &'a Store,
    names: &'a EntityIndex,
    caps: Caps,
    budget: &'a Budget,
    nodes: BTreeMap<EntityId, GraphNode>,
    edges: BTreeMap<String, GraphEdge>,
    docs: BTreeMap<DocId, Option<Rc<CoDoc>>>,
    truncated: bool,
}

impl Builder<'_> {
    fn add_node(&mut self, id: EntityId, depth: usize) -> Result<bool, ApiError> {
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

    /// Adds one piece of evidence to the edge `key`, creating the edge when the edge budget
    /// allows; `ev` is only called when the evidence is kept.
    fn add_edge(
        &mut self,
        key: String,
        (source, target): (EntityId, EntityId),
        kind: &'static str,
        label: &str,
        ev: impl FnOnce() -> GraphEvidence,
    ) {
        let cap = self.caps.evidence_per_edge;
        if let Some(e) = self.edges.get_mut(&key) {
            e.weight += 1;
            if e.evidence.len() < cap {
                let ev = ev();
                let dup = e
                    .evidence
                    .iter()
                    .any(|x| x.doc.id == ev.doc.id && x.span == ev.span);
                if !dup {
                    e.evidence.push(ev);
                }
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
                evidence: vec![ev()],
            },
        );
    }

    /// The co-mention index of a document, read once per request (`None` past the budget of
    /// documents, or when it is gone).
    fn document(&mut self, id: DocId) -> Result<Option<Rc<CoDoc>>, ApiError> {
        if let Some(d) = self.docs.get(&id) {
            return Ok(d.clone());
        }
        if self.docs.len() >= self.caps.max_docs {
            self.truncated = true;
            return Ok(None);
        }
        self.budget.check()?;
        let loaded = match (self.store.doc_ref(id)?, self.store.document(id)?) {
            (Some(r), Some(d)) => {
                self.budget.check()?;
                Some(Rc::new(CoDoc::build(r, &d, self.names, self.budget)?))
            }
            _ => None,
        };
        self.docs.insert(id, loaded.clone());
        Ok(loaded)
    }

    /// Adds the neighbours of `e` (facts, then co-mentions); returns the newly added nodes.
    fn expand(&mut self, e: EntityId, depth: usize) -> Result<Vec<EntityId>, ApiError> {
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
            let ev = || GraphEvidence {
                doc: f.doc.clone(),
                span: f.span,
                text: f.evidence.clone(),
                producer: Some(f.producer.clone()),
                confidence: Some(f.confidence),
            };
            self.add_edge(key, (s, o), "fact", &f.predicate, ev);
        }
        let Some(me) = self.names.get(e).map(|s| s.id) else {
            return Ok(found);
        };
        for src in self.store.sources(e, self.caps.docs_per_node)? {
            self.budget.check()?;
            let Some(d) = self.document(src.id)? else {
                continue;
            };
            let Some(sentences) = d.by_entity.get(&me) else {
                continue;
            };
            if sentences.len() > self.caps.sentences_per_node {
                self.truncated = true;
            }
            for &si in sentences.iter().take(self.caps.sentences_per_node) {
                for &other in d.members[si].iter().filter(|o| **o != me) {
                    let known = self.nodes.contains_key(&other);
                    if !self.add_node(other, depth)? {
                        continue;
                    }
                    if !known {
                        found.push(other);
                    }
                    let (a, b) = if me <= other {
                        (me, other)
                    } else {
                        (other, me)
                    };
                    let key = format!("c:{}:{}", a.0, b.0);
                    self.add_edge(key, (me, other), "co-mention", "mentioned with", || {
                        d.evidence(si)
                    });
                }
            }
        }
        Ok(found)
    }
}

/// The graph around `center`, or `None` when there is no such entity. Stops with a timeout
/// error when the budget is cancelled; stops expanding (and says `truncated`) after
/// `caps.time`.
pub fn neighbourhood(
    store: &Store,
    names: &EntityIndex,
    center: EntityId,
    caps: Caps,
    budget: &Budget,
) -> Result<Option<Graph>, ApiError> {
    let mut b = Builder {
        store,
        names,
        caps,
        budget,
        nodes: BTreeMap::new(),
        edges: BTreeMap::new(),
        docs: BTreeMap::new(),
        truncated: false,
    };
    if !b.add_node(center, 0)? {
        return Ok(None);
    }
    let mut frontier = vec![center];
    'hops: for d in 1..=caps.depth {
        let mut next = Vec::new();
        for e in frontier {
            budget.check()?;
            if budget.elapsed() >= caps.time {
                b.truncated = true;
                break 'hops;
            }
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
