//! The graph queries both `newsgraph graph`/`path` and the server's network view call: the
//! neighbourhood of an entity, hop by hop, and the shortest chain of facts between two
//! entities, both under one [`GraphQuery`] of filters (predicates, entity types, a time window,
//! a least support) and budgets.
//!
//! Fact edges are the statements of [`crate::Store::entity_facts`] (aggregated across
//! documents, conflicts marked), so the graph says what `show` says. Co-mention edges (two
//! entities named in one sentence) are read from the stored mentions and the sentence layer,
//! each document once per query. Every edge keeps its evidence: document, span and sentence.
//! Work is bounded: nodes, edges, documents and sentences have caps, and a `stop` callback
//! (the server's time budget) ends expansion early; an answer cut short says `truncated`.

use crate::codec;
use crate::facts::AggregatedFact;
use crate::sql::{OptionalExtension, params};
use crate::{DocId, DocRef, EntityId, FactRow, Span, Store, StoreError};
use doc::{EntityLabel, LayerKind, OffsetIndex, TextRange};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;

/// The label of co-mention edges, and the pseudo-predicate that asks for them in a filter.
pub const CO_MENTION: &str = "co-mention";

/// Filters and budgets of a graph or path query.
#[derive(Clone, Debug)]
pub struct GraphQuery {
    /// Hops out from the centre.
    pub depth: usize,
    /// Only facts of these predicates (empty: every predicate). [`CO_MENTION`] in the list
    /// asks for co-mention edges too.
    pub predicates: Vec<String>,
    /// Add co-mention edges (entities named in one sentence). Ignored, and off, when
    /// `predicates` is not empty and does not name [`CO_MENTION`].
    pub co_mentions: bool,
    /// Only neighbours of these types (empty: every type); the centre is always kept.
    pub types: Vec<EntityLabel>,
    /// A time window on a fact's own time (`valid_from`–`valid_to`), else on when its
    /// documents were seen (first to last), a relation with a start and no end reaching as far
    /// as it was last reported; a co-mention goes by its document's date. Values
    /// are ISO dates or their prefixes (`2000`, `2019-05`); a bound compares on the shorter of
    /// the two lengths, so `until=2024` keeps `2024-12-31`.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Only edges that at least this many documents support.
    pub min_support: u64,
    pub max_nodes: usize,
    pub max_edges: usize,
    /// Evidence items kept per edge (the support counts stay exact).
    pub evidence_per_edge: usize,
    /// Documents read per expanded node for co-mentions, and in all.
    pub docs_per_node: usize,
    pub max_docs: usize,
    /// Sentences read per expanded node and document for co-mentions.
    pub sentences_per_node: usize,
}

impl Default for GraphQuery {
    fn default() -> Self {
        GraphQuery {
            depth: 1,
            predicates: Vec::new(),
            co_mentions: false,
            types: Vec::new(),
            since: None,
            until: None,
            min_support: 0,
            max_nodes: usize::MAX,
            max_edges: usize::MAX,
            evidence_per_edge: usize::MAX,
            docs_per_node: 10,
            max_docs: 60,
            sentences_per_node: 500,
        }
    }
}

/// Splits a comma-separated list (`holds_role,located_in`), trimmed, empties dropped.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Checks a time bound: digits and `-` only, starting with a year digit, at most a full date
/// (`2000`, `2019-05`, `2019-05-31`). `None` when it is not one.
pub fn time_bound(s: &str) -> Option<String> {
    let s = s.trim();
    let ok = !s.is_empty()
        && s.len() <= 10
        && s.as_bytes()[0].is_ascii_digit()
        && s.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    ok.then(|| s.to_string())
}

/// `a` compared with `b` on the shorter of the two lengths (`2024` equals `2024-05`).
fn cmp_prefix(a: &str, b: &str) -> std::cmp::Ordering {
    let n = a.len().min(b.len());
    a.as_bytes()[..n].cmp(&b.as_bytes()[..n])
}

/// A time value usable in a window: it starts with a digit (not `PRESENT_REF`, `XXXX`).
fn dated(v: Option<&String>) -> Option<&str> {
    v.map(String::as_str)
        .filter(|v| v.as_bytes().first().is_some_and(u8::is_ascii_digit))
}

impl GraphQuery {
    fn wants_facts(&self) -> bool {
        self.predicates.is_empty() || self.predicates.iter().any(|p| p != CO_MENTION)
    }

    fn wants_co_mentions(&self) -> bool {
        if self.predicates.is_empty() {
            self.co_mentions
        } else {
            self.predicates.iter().any(|p| p == CO_MENTION)
        }
    }

    fn admits_predicate(&self, p: &str) -> bool {
        self.predicates.is_empty() || self.predicates.iter().any(|x| x == p)
    }

    fn admits_type(&self, label: EntityLabel) -> bool {
        self.types.is_empty() || self.types.contains(&label)
    }

    fn has_window(&self) -> bool {
        self.since.is_some() || self.until.is_some()
    }

    /// Whether the interval `lo`–`hi` (either end open) meets the window. An item with no
    /// time at all is outside any window.
    fn admits_time(&self, lo: Option<&str>, hi: Option<&str>) -> bool {
        if !self.has_window() {
            return true;
        }
        if lo.is_none() && hi.is_none() {
            return false;
        }
        let after_since = match (&self.since, hi) {
            (Some(s), Some(h)) => cmp_prefix(h, s).is_ge(),
            _ => true,
        };
        let before_until = match (&self.until, lo) {
            (Some(u), Some(l)) => cmp_prefix(l, u).is_le(),
            _ => true,
        };
        after_since && before_until
    }

    /// A fact's time: its own (`valid_from`–`valid_to`), else when its documents were seen. A
    /// relation with a start and no end holds as far as it was last reported (its last
    /// document's date, or its start when that is later).
    fn admits_fact_time(
        &self,
        from: Option<&String>,
        to: Option<&String>,
        seen: [Option<&String>; 2],
    ) -> bool {
        let (from, to) = (dated(from), dated(to));
        match (from, to) {
            (None, None) => self.admits_time(dated(seen[0]), dated(seen[1])),
            (Some(f), None) => {
                let last = dated(seen[1]).filter(|l| cmp_prefix(l, f).is_gt());
                self.admits_time(Some(f), Some(last.unwrap_or(f)))
            }
            _ => self.admits_time(from, to),
        }
    }

    fn admits_statement(&self, f: &AggregatedFact) -> bool {
        self.admits_predicate(&f.predicate)
            && f.documents >= self.min_support
            && self.admits_fact_time(
                f.valid_from.as_ref(),
                f.valid_to.as_ref(),
                [f.first_seen.as_ref(), f.last_seen.as_ref()],
            )
            && f.other.as_ref().is_none_or(|o| self.admits_type(o.label))
    }

    fn admits_row(&self, f: &FactRow, other: EntityLabel) -> bool {
        self.admits_predicate(&f.predicate)
            && self.admits_type(other)
            && self.admits_fact_time(
                f.valid_from.as_ref(),
                f.valid_to.as_ref(),
                [f.doc.published.as_ref(), f.doc.published.as_ref()],
            )
    }
}

/// A node: an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphNode {
    pub id: EntityId,
    pub name: String,
    #[serde(rename = "type")]
    pub label: EntityLabel,
    pub mention_count: u64,
    /// Hops from the centre.
    pub depth: usize,
}

/// One piece of evidence for an edge: a sentence and its document.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphEvidence {
    pub doc: DocRef,
    pub span: Span,
    pub text: String,
    pub producer: Option<String>,
    pub confidence: Option<f32>,
}

/// An edge: a fact (`kind: "fact"`, aggregated over its documents) or a co-mention
/// (`kind: "co-mention"`). A fact whose object is a value, not an entity, has no `target`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GraphEdge {
    /// Stable within one answer: `f:<subject>:<object>:<predicate>[:<from>]`,
    /// `v:<subject>:<predicate>:<value>` or `c:<a>:<b>`.
    pub id: String,
    pub source: EntityId,
    pub target: Option<EntityId>,
    pub kind: &'static str,
    /// The predicate, or `co-mention`.
    pub label: String,
    /// The hop at which it was found.
    pub depth: usize,
    /// The literal object of a fact (a role, a title), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How many documents support it.
    pub support: u64,
    /// How many sentences state it.
    pub weight: u64,
    pub confidence: Option<f32>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// The fact's time to read ("2021", "from 2015").
    pub when: Option<String>,
    /// `former` when an account says the relation has ended without a date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// When its first and last supporting documents were seen.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// Other documents give another account (see `show`).
    pub conflicting: bool,
    /// At most [`GraphQuery::evidence_per_edge`] items, oldest document first.
    pub evidence: Vec<GraphEvidence>,
}

impl GraphEdge {
    /// The distinct documents of the evidence, in evidence order.
    pub fn documents(&self) -> Vec<DocRef> {
        let mut seen = BTreeSet::new();
        self.evidence
            .iter()
            .filter(|e| seen.insert(e.doc.id))
            .map(|e| e.doc.clone())
            .collect()
    }
}

/// The network around an entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Neighbourhood {
    pub center: EntityId,
    pub depth: usize,
    pub nodes: Vec<GraphNode>,
    /// Ordered by hop, then as found.
    pub edges: Vec<GraphEdge>,
    /// True when a cap or the `stop` callback cut it short.
    pub truncated: bool,
}

/// One fact between the two entities of a hop, with the documents that state it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathLink {
    pub subject: String,
    pub predicate: String,
    pub object: String,
    /// `outgoing` when the hop's `from` is the subject, `incoming` when it is the object.
    pub direction: crate::Direction,
    /// How many documents state it, and how many sentences.
    pub support: u64,
    pub mentions: u64,
    pub documents: Vec<DocRef>,
    /// Evidence sentences with their document (URL or key).
    pub evidence: Vec<(String, String)>,
}

/// One hop of a path: the facts that link two entities and the documents that state them.
/// `subject`, `predicate` and `object` are those of the best supported link.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathHop {
    pub from: String,
    pub subject: String,
    pub predicate: String,
    pub object: String,
    pub to: String,
    /// How many documents state any of the links.
    pub support: u64,
    pub documents: Vec<DocRef>,
    /// Evidence sentences with their document (URL or key), all links.
    pub evidence: Vec<(String, String)>,
    /// Every fact between the two, best supported first.
    pub links: Vec<PathLink>,
}

/// A document as co-mention evidence: its sentences, which entities each names, and the
/// sentences that name each entity.
struct CoDoc {
    doc_ref: DocRef,
    seen: Option<String>,
    text: String,
    index: OffsetIndex,
    sentences: Vec<TextRange>,
    /// Per sentence: the entities it names (sorted, distinct).
    members: Vec<Vec<EntityId>>,
    /// Per entity: the sentences that name it with another entity (in order).
    by_entity: HashMap<EntityId, Vec<usize>>,
}

impl CoDoc {
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
    q: &'a GraphQuery,
    nodes: BTreeMap<EntityId, GraphNode>,
    /// Entities looked up and found suppressed or missing.
    absent: BTreeSet<EntityId>,
    edges: Vec<GraphEdge>,
    edge_at: HashMap<String, usize>,
    docs: BTreeMap<DocId, Option<Rc<CoDoc>>>,
    /// Co-mention sentences `(edge, document, sentence)` and documents `(edge, document)`
    /// already counted.
    co_seen: HashSet<(usize, DocId, usize)>,
    co_docs: HashSet<(usize, DocId)>,
    truncated: bool,
}

impl Builder<'_> {
    /// The entity as a node (`None` when suppressed or gone).
    fn lookup(&mut self, id: EntityId, depth: usize) -> Result<Option<GraphNode>, StoreError> {
        if self.absent.contains(&id) {
            return Ok(None);
        }
        let row = self
            .store
            .conn
            .prepare_cached(
                "SELECT e.name, e.type, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                 FROM entities e WHERE e.id = ?1 AND e.suppressed = 0",
            )?
            .query_row([id.0], |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<i64>(2)?))
            })
            .optional()?;
        let Some((name, ty, n)) = row else {
            self.absent.insert(id);
            return Ok(None);
        };
        let Some(label) = EntityLabel::parse(&ty) else {
            return Err(StoreError::Corrupt(format!("entity type {ty:?}")));
        };
        Ok(Some(GraphNode {
            id,
            name,
            label,
            mention_count: u64::try_from(n).unwrap_or(0),
            depth,
        }))
    }

    /// Adds a node unless the node cap is reached; true when it is in the graph.
    fn add_node(&mut self, id: EntityId, depth: usize) -> Result<bool, StoreError> {
        if self.nodes.contains_key(&id) {
            return Ok(true);
        }
        if self.nodes.len() >= self.q.max_nodes {
            self.truncated = true;
            return Ok(false);
        }
        match self.lookup(id, depth)? {
            Some(n) if depth == 0 || self.q.admits_type(n.label) => {
                self.nodes.insert(id, n);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// True when the edge budget still allows a new edge (and says `truncated` when not).
    fn room_for_edge(&mut self) -> bool {
        if self.edges.len() >= self.q.max_edges {
            self.truncated = true;
            return false;
        }
        true
    }

    /// Adds the fact statements of `e`; returns the entities newly added.
    fn expand_facts(&mut self, e: EntityId, depth: usize) -> Result<Vec<EntityId>, StoreError> {
        let mut found = Vec::new();
        let sections = self.store.entity_facts(e, self.q.evidence_per_edge)?;
        for f in sections.into_iter().flat_map(|s| s.facts) {
            if !self.q.admits_statement(&f) {
                continue;
            }
            let key = match (&f.object_entity, &f.object_value) {
                (Some(o), _) => format!(
                    "f:{}:{}:{}{}",
                    f.subject.id.0,
                    o.id.0,
                    f.predicate,
                    f.valid_from
                        .as_ref()
                        .map(|v| format!(":{v}"))
                        .unwrap_or_default()
                ),
                (None, Some(v)) => {
                    format!("v:{}:{}:{}", f.subject.id.0, f.predicate, v.to_lowercase())
                }
                (None, None) => continue,
            };
            if self.edge_at.contains_key(&key) {
                continue;
            }
            if let Some(other) = &f.other
                && other.id != e
            {
                let known = self.nodes.contains_key(&other.id);
                if !self.add_node(other.id, depth)? {
                    continue;
                }
                if !known {
                    found.push(other.id);
                }
            }
            if !self.room_for_edge() {
                continue;
            }
            let evidence = f
                .evidence
                .iter()
                .map(|ev| GraphEvidence {
                    doc: ev.doc.clone(),
                    span: ev.span,
                    text: ev.sentence.clone(),
                    producer: Some(ev.producer.clone()),
                    confidence: Some(ev.confidence),
                })
                .collect();
            self.edge_at.insert(key.clone(), self.edges.len());
            self.edges.push(GraphEdge {
                id: key,
                source: f.subject.id,
                target: f.object_entity.as_ref().map(|o| o.id),
                kind: "fact",
                label: f.predicate.clone(),
                depth,
                value: f.object_value.clone(),
                support: f.documents,
                weight: f.mentions,
                confidence: Some(f.confidence),
                valid_from: f.valid_from.clone(),
                valid_to: f.valid_to.clone(),
                when: f.when.clone(),
                status: f.status.clone(),
                first_seen: f.first_seen.clone(),
                last_seen: f.last_seen.clone(),
                conflicting: f.conflict.is_some(),
                evidence,
            });
        }
        Ok(found)
    }

    /// The co-mention index of a document, read once per query (`None` past the budget of
    /// documents, or when it is gone).
    fn document(&mut self, id: DocId) -> Result<Option<Rc<CoDoc>>, StoreError> {
        if let Some(d) = self.docs.get(&id) {
            return Ok(d.clone());
        }
        if self.docs.len() >= self.q.max_docs {
            self.truncated = true;
            return Ok(None);
        }
        let loaded = self.store.co_doc(id)?.map(Rc::new);
        self.docs.insert(id, loaded.clone());
        Ok(loaded)
    }

    /// Adds the co-mentions of `me`; returns the entities newly added.
    fn expand_co_mentions(
        &mut self,
        me: EntityId,
        depth: usize,
    ) -> Result<Vec<EntityId>, StoreError> {
        let mut found = Vec::new();
        let docs: Vec<DocId> = self
            .store
            .conn
            .prepare_cached(
                "SELECT d.id FROM documents d
                 WHERE d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?1)
                 ORDER BY d.published IS NULL, d.published DESC, d.id LIMIT ?2",
            )?
            .query_map(
                params![
                    me.0,
                    i64::try_from(self.q.docs_per_node).unwrap_or(i64::MAX)
                ],
                |r| r.get(0).map(DocId),
            )?
            .collect::<Result<_, _>>()?;
        for id in docs {
            let Some(d) = self.document(id)? else {
                continue;
            };
            let seen = d.seen.as_deref();
            if !self.q.admits_time(seen, seen) {
                continue;
            }
            let Some(sentences) = d.by_entity.get(&me) else {
                continue;
            };
            if sentences.len() > self.q.sentences_per_node {
                self.truncated = true;
            }
            for &si in sentences.iter().take(self.q.sentences_per_node) {
                for &other in d.members[si].iter().filter(|o| **o != me) {
                    let (a, b) = if me <= other {
                        (me, other)
                    } else {
                        (other, me)
                    };
                    let key = format!("c:{}:{}", a.0, b.0);
                    if let Some(&at) = self.edge_at.get(&key) {
                        // Each sentence counts once, whichever side found it.
                        if !self.co_seen.insert((at, id, si)) {
                            continue;
                        }
                        let new_doc = self.co_docs.insert((at, id));
                        let cap = self.q.evidence_per_edge;
                        let edge = &mut self.edges[at];
                        edge.weight += 1;
                        if new_doc {
                            edge.support += 1;
                            if let Some(s) = &d.seen {
                                if edge.first_seen.as_ref().is_none_or(|f| s < f) {
                                    edge.first_seen = Some(s.clone());
                                }
                                if edge.last_seen.as_ref().is_none_or(|l| s > l) {
                                    edge.last_seen = Some(s.clone());
                                }
                            }
                        }
                        if edge.evidence.len() < cap {
                            edge.evidence.push(d.evidence(si));
                        }
                        continue;
                    }
                    let known = self.nodes.contains_key(&other);
                    if !self.add_node(other, depth)? {
                        continue;
                    }
                    if !known {
                        found.push(other);
                    }
                    if !self.room_for_edge() {
                        continue;
                    }
                    let at = self.edges.len();
                    self.co_seen.insert((at, id, si));
                    self.co_docs.insert((at, id));
                    self.edge_at.insert(key.clone(), at);
                    self.edges.push(GraphEdge {
                        id: key,
                        source: me,
                        target: Some(other),
                        kind: "co-mention",
                        label: CO_MENTION.to_string(),
                        depth,
                        value: None,
                        support: 1,
                        weight: 1,
                        confidence: None,
                        valid_from: None,
                        valid_to: None,
                        when: None,
                        status: None,
                        first_seen: d.seen.clone(),
                        last_seen: d.seen.clone(),
                        conflicting: false,
                        evidence: vec![d.evidence(si)],
                    });
                }
            }
        }
        Ok(found)
    }
}

impl Store {
    /// The network around `center` under `q`, or `None` when there is no such entity (or it is
    /// suppressed). `stop` is asked before each node is expanded: when it says true the
    /// answer so far is returned, `truncated`.
    pub fn neighbourhood(
        &self,
        center: EntityId,
        q: &GraphQuery,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Neighbourhood>, StoreError> {
        let mut b = Builder {
            store: self,
            q,
            nodes: BTreeMap::new(),
            absent: BTreeSet::new(),
            edges: Vec::new(),
            edge_at: HashMap::new(),
            docs: BTreeMap::new(),
            co_seen: HashSet::new(),
            co_docs: HashSet::new(),
            truncated: false,
        };
        if !b.add_node(center, 0)? {
            return Ok(None);
        }
        let mut frontier = vec![center];
        'hops: for depth in 1..=q.depth {
            let mut next = Vec::new();
            for e in frontier {
                if stop() {
                    b.truncated = true;
                    break 'hops;
                }
                if q.wants_facts() {
                    next.extend(b.expand_facts(e, depth)?);
                }
                if q.wants_co_mentions() {
                    next.extend(b.expand_co_mentions(e, depth)?);
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        let ids: BTreeSet<EntityId> = b.nodes.keys().copied().collect();
        let mut edges = b.edges;
        edges.retain(|e| {
            ids.contains(&e.source) && e.target.is_none_or(|t| ids.contains(&t)) && {
                e.kind != "co-mention" || e.support >= q.min_support
            }
        });
        Ok(Some(Neighbourhood {
            center,
            depth: q.depth,
            nodes: b.nodes.into_values().collect(),
            edges,
            truncated: b.truncated,
        }))
    }

    /// A document's sentences and which linked, unsuppressed entities each names.
    fn co_doc(&self, id: DocId) -> Result<Option<CoDoc>, StoreError> {
        let Some(doc_ref) = self.doc_ref(id)? else {
            return Ok(None);
        };
        let row: Option<(String, Option<String>)> = self
            .conn
            .prepare_cached(
                "SELECT text, coalesce(published, retrieved_at) FROM documents WHERE id = ?1",
            )?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((text, seen)) = row else {
            return Ok(None);
        };
        let blob: Option<Vec<u8>> = self
            .conn
            .prepare_cached("SELECT items FROM layers WHERE doc_id = ?1 AND kind = ?2")?
            .query_row(params![id.0, LayerKind::Sentences.name()], |r| r.get(0))
            .optional()?
            .flatten();
        let mut sentences: Vec<TextRange> = match blob {
            Some(b) => codec::decode_sentences(&b)?
                .into_iter()
                .map(|s| s.range)
                .collect(),
            None => Vec::new(),
        };
        sentences.sort_unstable_by_key(|r| (r.start, r.end));
        let linked: Vec<(u32, EntityId)> = self
            .conn
            .prepare_cached(
                "SELECT m.start, m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id
                 WHERE m.doc_id = ?1 AND e.suppressed = 0 ORDER BY m.start",
            )?
            .query_map([id.0], |r| {
                Ok((
                    u32::try_from(r.get::<i64>(0)?).unwrap_or(u32::MAX),
                    EntityId(r.get(1)?),
                ))
            })?
            .collect::<Result<_, _>>()?;
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
                for e in &inside {
                    by_entity.entry(*e).or_default().push(si);
                }
            }
            members.push(inside);
        }
        let index = OffsetIndex::new(&text);
        Ok(Some(CoDoc {
            doc_ref,
            seen,
            text,
            index,
            sentences,
            members,
            by_entity,
        }))
    }

    /// The facts of `id` that pass `q`, grouped by the entity on their other side, each group
    /// as a hop.
    fn hops_from(
        &self,
        id: EntityId,
        q: &GraphQuery,
    ) -> Result<BTreeMap<EntityId, PathHop>, StoreError> {
        // (other entity) -> (subject, predicate, object) -> facts
        type Statement = (i64, String, i64);
        let mut grouped: BTreeMap<EntityId, BTreeMap<Statement, Vec<FactRow>>> = BTreeMap::new();
        for f in self.facts(Some(id), usize::MAX)? {
            let Some(o) = &f.object_entity else { continue };
            let (other, label) = if f.subject.id == id {
                (o.id, o.label)
            } else {
                (f.subject.id, f.subject.label)
            };
            if other == id || !q.admits_row(&f, label) {
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
            let mut links: Vec<PathLink> = Vec::new();
            let (mut from, mut to) = (String::new(), String::new());
            for facts in statements.into_values() {
                let Some(first) = facts.first() else { continue };
                let Some(object) = first.object_entity.as_ref() else {
                    continue;
                };
                let outgoing = first.subject.id == id;
                let (a, b) = if outgoing {
                    (&first.subject.name, &object.name)
                } else {
                    (&object.name, &first.subject.name)
                };
                (from, to) = (a.clone(), b.clone());
                let mut seen = BTreeSet::new();
                let documents: Vec<DocRef> = facts
                    .iter()
                    .filter(|f| seen.insert(f.doc.id))
                    .map(|f| f.doc.clone())
                    .collect();
                if (documents.len() as u64) < q.min_support {
                    continue;
                }
                let sentences: BTreeSet<(DocId, u32)> =
                    facts.iter().map(|f| (f.doc.id, f.span.start)).collect();
                let mut one_per_sentence = BTreeSet::new();
                links.push(PathLink {
                    subject: first.subject.name.clone(),
                    predicate: first.predicate.clone(),
                    object: object.name.clone(),
                    direction: if outgoing {
                        crate::Direction::Outgoing
                    } else {
                        crate::Direction::Incoming
                    },
                    support: documents.len() as u64,
                    mentions: sentences.len() as u64,
                    documents,
                    evidence: facts
                        .iter()
                        .filter(|f| one_per_sentence.insert((f.doc.id, f.span.start, f.span.end)))
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
            let documents: Vec<DocRef> = links
                .iter()
                .flat_map(|l| l.documents.iter())
                .filter(|d| seen.insert(d.id))
                .cloned()
                .collect();
            out.insert(
                other,
                PathHop {
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

    /// A shortest chain of facts (either direction) from `a` to `b` that pass `q` (its
    /// `depth` is the most hops searched), or `None` when there is none. `stop` is asked
    /// before each entity is expanded; when it says true the search ends with `None`.
    pub fn path(
        &self,
        a: EntityId,
        b: EntityId,
        q: &GraphQuery,
        stop: &dyn Fn() -> bool,
    ) -> Result<Option<Vec<PathHop>>, StoreError> {
        let mut prev: BTreeMap<EntityId, (EntityId, PathHop)> = BTreeMap::new();
        let mut seen = BTreeSet::from([a]);
        let mut queue = VecDeque::from([(a, 0usize)]);
        let mut found = a == b;
        while let Some((id, d)) = queue.pop_front() {
            if found || d >= q.depth || stop() {
                break;
            }
            for (other, hop) in self.hops_from(id, q)? {
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
        if !found {
            return Ok(None);
        }
        let mut hops = Vec::new();
        let mut cur = b;
        while cur != a {
            let Some((p, hop)) = prev.remove(&cur) else {
                break;
            };
            hops.push(hop);
            cur = p;
        }
        hops.reverse();
        Ok(Some(hops))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn window(since: Option<&str>, until: Option<&str>) -> GraphQuery {
        GraphQuery {
            since: since.map(str::to_string),
            until: until.map(str::to_string),
            ..GraphQuery::default()
        }
    }

    #[test]
    fn time_windows_compare_on_the_shorter_prefix() {
        let q = window(Some("2000"), Some("2024"));
        assert!(q.admits_time(Some("2000-01-05"), Some("2000-01-05")));
        assert!(q.admits_time(Some("2024-12-31"), None));
        assert!(!q.admits_time(Some("2025-01"), None));
        assert!(!q.admits_time(Some("1994"), Some("1999-12")));
        // open-ended: from 1990 on reaches into the window
        assert!(q.admits_time(Some("1990"), None));
        // a decade value: the 1990s end before 2000
        assert!(!q.admits_time(Some("199"), Some("199")));
        assert!(!q.admits_time(None, None));
        assert!(GraphQuery::default().admits_time(None, None));
    }

    #[test]
    fn facts_without_their_own_time_go_by_when_they_were_seen() {
        let q = window(Some("2010"), None);
        let seen = "2016-05-01T00:00:00Z".to_string();
        let old = "1999".to_string();
        assert!(q.admits_fact_time(None, None, [Some(&seen), Some(&seen)]));
        // its own time wins over the documents' dates
        assert!(!q.admits_fact_time(Some(&old), Some(&old), [Some(&seen), Some(&seen)]));
        // "from 1999", still so when reported in 2016: it reaches 2010, not 2020
        assert!(q.admits_fact_time(Some(&old), None, [Some(&seen), Some(&seen)]));
        let later = window(Some("2020"), None);
        assert!(!later.admits_fact_time(Some(&old), None, [Some(&seen), Some(&seen)]));
        // a start after the last report is its own end
        let future = "2030".to_string();
        assert!(later.admits_fact_time(Some(&future), None, [Some(&seen), Some(&seen)]));
        // a value that is no date is no time
        let present = "PRESENT_REF".to_string();
        assert!(q.admits_fact_time(Some(&present), None, [Some(&seen), None]));
        assert!(!q.admits_fact_time(None, None, [None, None]));
    }

    #[test]
    fn predicate_lists_choose_facts_and_co_mentions() {
        let mut q = GraphQuery {
            co_mentions: true,
            ..GraphQuery::default()
        };
        assert!(q.wants_facts() && q.wants_co_mentions());
        q.predicates = split_list("holds_role, located_in,,");
        assert_eq!(q.predicates, vec!["holds_role", "located_in"]);
        assert!(q.wants_facts() && !q.wants_co_mentions());
        assert!(q.admits_predicate("located_in") && !q.admits_predicate("member_of"));
        q.predicates = vec![CO_MENTION.to_string()];
        assert!(!q.wants_facts() && q.wants_co_mentions());
    }

    #[test]
    fn time_bounds_are_dates_or_their_prefixes() {
        assert_eq!(time_bound(" 2000 "), Some("2000".to_string()));
        assert_eq!(time_bound("2019-05-31"), Some("2019-05-31".to_string()));
        assert_eq!(time_bound("yesterday"), None);
        assert_eq!(time_bound("-2000"), None);
        assert_eq!(time_bound(""), None);
        assert_eq!(time_bound("2019-05-31T00:00"), None);
    }
}
