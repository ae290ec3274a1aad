//! Facts as `show` presents them: aggregated across documents, one section per predicate in
//! ontology order, outgoing and incoming facts both, with conflicting accounts kept side by side.
//!
//! [`aggregate_facts`] is pure: it takes the fact rows about one entity (as
//! [`crate::Store::facts`] returns them) and a [`FactContext`] (when each document was seen,
//! which places contain which) and returns [`FactSection`]s. Nothing is dropped to resolve a
//! disagreement: two documents that give different seats for one organization, or different
//! years for one founding, both stay, marked as one [`Conflict`].
//! [`crate::Store::entity_facts`] reads the rows and the context and calls it.

use crate::{DocId, DocRef, EntityId, EntityName, FactId, FactRow, Span};
use ontology::{Conflict as Rule, EntityType, PredicateInfo};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The ontology's row for a predicate, with its section order (unknown predicates: none).
fn reading(predicate: &str) -> Option<(usize, &'static PredicateInfo)> {
    Some((ontology::position(predicate)?, ontology::get(predicate)?))
}

/// The predicates `show` knows, in section order (the `ontology` crate's table).
pub fn fact_predicates() -> Vec<&'static str> {
    ontology::names().collect()
}

/// Which side of a fact the shown entity is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The entity is the subject ("founded X").
    Outgoing,
    /// The entity is the object ("founded by X").
    Incoming,
}

/// What is known besides the fact rows: when each document was seen, and which places lie in
/// which (so "based in Vilnius" and "based in Lithuania" do not conflict).
#[derive(Clone, Debug, Default)]
pub struct FactContext {
    /// A document's publication date, else when it was retrieved.
    pub seen: BTreeMap<DocId, String>,
    /// `(a, b)`: `a` lies in or is part of `b`.
    pub containment: BTreeSet<(EntityId, EntityId)>,
}

/// One supporting statement of an aggregated fact: a document and the sentence in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactEvidence {
    pub fact: FactId,
    pub doc: DocRef,
    /// The document's publication date, else when it was retrieved.
    pub seen: Option<String>,
    /// The sentence: its span and text.
    pub span: Span,
    pub sentence: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `former` when the sentence says the relation has ended without saying when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub producer: String,
    pub confidence: f32,
}

/// One statement about the entity, aggregated over every document that makes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AggregatedFact {
    pub predicate: String,
    pub direction: Direction,
    /// The predicate read from the entity's side: "founded", "founded by".
    pub phrase: String,
    /// The whole statement from the entity's side: "founded by Oleg Magaletsky".
    pub text: String,
    pub subject: EntityName,
    pub object_entity: Option<EntityName>,
    pub object_value: Option<String>,
    /// The entity on the other side, if any.
    pub other: Option<EntityName>,
    /// Earliest `valid_from` and latest `valid_to` among the supporting statements.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// Those times to read: "2021" for an event, "from 2015", "until 2019", "2015 to 2019".
    pub when: Option<String>,
    /// `former` when a supporting statement says the relation has ended without a date (the
    /// phrase and text then read "formerly …"); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// How many documents make the statement, and how many sentences in all.
    pub documents: u64,
    pub mentions: u64,
    /// When the first and the last of those documents were seen (published, else retrieved).
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    /// The best confidence among the supporting statements.
    pub confidence: f32,
    /// Who produced the statements, sorted.
    pub producers: Vec<String>,
    /// Index into the section's `conflicts` when other accounts disagree with this one.
    pub conflict: Option<usize>,
    /// The supporting statements, oldest document first (at most the `limit` asked for).
    pub evidence: Vec<FactEvidence>,
}

/// Accounts that disagree, kept side by side.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// `object` (different objects for one subject, or subjects for one object, or roles),
    /// `time` (different dates for one event), or `object+time`.
    pub kind: String,
    /// What the accounts disagree about: "Baltic Freedom League based in".
    pub about: String,
    /// Indexes into the section's `facts`, in order.
    pub facts: Vec<usize>,
}

/// All facts of one predicate about the entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactSection {
    pub predicate: String,
    pub title: String,
    /// Conflicting accounts first (each conflict's accounts together), then the rest, best
    /// supported first.
    pub facts: Vec<AggregatedFact>,
    pub conflicts: Vec<Conflict>,
}

/// A normalized object value: case and spacing ignored.
fn norm_value(v: &str) -> String {
    v.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A value on one line, spacing collapsed.
fn one_line(v: &str) -> String {
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A normalized time value, if it is a date (starts with a digit).
fn date(v: Option<&String>) -> Option<&str> {
    v.map(String::as_str)
        .filter(|s| s.bytes().next().is_some_and(|b| b.is_ascii_digit()))
}

/// Two date values name the same time at different precision ("2022" and "2022-05").
fn same_time(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// `a` (an end) is strictly before `b` (a start), at the precision both share.
fn before(a: &str, b: &str) -> bool {
    !same_time(a, b) && a < b
}

/// Intervals overlap, unknown bounds being open.
fn overlaps(a: (Option<&str>, Option<&str>), b: (Option<&str>, Option<&str>)) -> bool {
    let a_before_b = matches!((a.1, b.0), (Some(end), Some(start)) if before(end, start));
    let b_before_a = matches!((b.1, a.0), (Some(end), Some(start)) if before(end, start));
    !a_before_b && !b_before_a
}

/// What makes facts the same statement: predicate, subject, object entity, object value. Not
/// the dates and not the status: "former chair" and "chair" are one statement told at different
/// times; the aggregate is former when any account says so (as its `valid_to` is the latest).
type StatementKey = (String, EntityId, Option<EntityId>, Option<String>);

fn statement_key(f: &FactRow) -> StatementKey {
    (
        f.predicate.clone(),
        f.subject.id,
        f.object_entity.as_ref().map(|o| o.id),
        f.object_value.as_deref().map(norm_value),
    )
}

/// The date an event statement gives: its start, else its end.
fn event_date(f: &FactRow) -> Option<&str> {
    date(f.valid_from.as_ref()).or_else(|| date(f.valid_to.as_ref()))
}

/// Splits an event statement's facts by the dates they give: one group per distinct date
/// (dates at different precision that agree go together); undated facts join the only dated
/// group, or form their own when dates disagree. Returns the groups and whether dates disagree.
fn split_by_date(facts: Vec<&FactRow>) -> (Vec<Vec<&FactRow>>, bool) {
    let mut dated: Vec<(String, Vec<&FactRow>)> = Vec::new();
    let mut undated = Vec::new();
    let mut sorted = facts;
    sorted.sort_by(|a, b| {
        (event_date(a).map(str::len), event_date(a), a.id).cmp(&(
            event_date(b).map(str::len),
            event_date(b),
            b.id,
        ))
    });
    for f in sorted {
        match event_date(f) {
            Some(d) => match dated.iter_mut().find(|(k, _)| same_time(k, d)) {
                Some((_, g)) => g.push(f),
                None => dated.push((d.to_string(), vec![f])),
            },
            None => undated.push(f),
        }
    }
    dated.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<Vec<&FactRow>> = dated.into_iter().map(|(_, g)| g).collect();
    let disagree = groups.len() > 1;
    match groups.first_mut() {
        Some(g) if !disagree => g.extend(undated),
        _ if !undated.is_empty() => groups.push(undated),
        _ => {}
    }
    (groups, disagree)
}

/// A readable statement from the entity's side, in the ontology's readings; `former` reads
/// a relation that has ended ("formerly led by").
fn statement_text(
    r: Option<&PredicateInfo>,
    predicate: &str,
    dir: Direction,
    former: bool,
    other: Option<&EntityName>,
    value: Option<&str>,
) -> (String, String) {
    let quoted = value.map(|v| format!("“{}”", one_line(v)));
    let other = other.map(|o| o.name.as_str());
    let side = r.map(|r| r.readings.side(dir == Direction::Outgoing));
    let phrase = match (side, dir) {
        (Some(s), _) if former => s.former.to_string(),
        (Some(s), _) => s.phrase.to_string(),
        (None, Direction::Outgoing) if former => {
            format!("formerly {}", predicate.replace('_', " "))
        }
        (None, Direction::Outgoing) => predicate.replace('_', " "),
        (None, Direction::Incoming) if former => {
            format!("formerly {} (by)", predicate.replace('_', " "))
        }
        (None, Direction::Incoming) => format!("{} (by)", predicate.replace('_', " ")),
    };
    let template = side.map_or("{phrase} {other} {value}", |s| {
        if former {
            s.former_with_value
        } else {
            s.with_value
        }
    });
    let text = match (other, quoted) {
        (Some(o), Some(v)) => ontology::fill(template, &phrase, o, &v),
        (Some(o), None) => format!("{phrase} {o}"),
        (None, Some(v)) => format!("{phrase} {v}"),
        (None, None) => phrase.clone(),
    };
    (phrase, text)
}

/// Builds one aggregated fact from its supporting rows (not empty).
fn aggregate_one(
    entity: EntityId,
    rows: &[&FactRow],
    ctx: &FactContext,
    limit: usize,
) -> Option<AggregatedFact> {
    let first = rows.first()?;
    let dir = if first.subject.id == entity {
        Direction::Outgoing
    } else {
        Direction::Incoming
    };
    let other = match dir {
        Direction::Outgoing => first.object_entity.clone(),
        Direction::Incoming => Some(first.subject.clone()),
    };
    let r = reading(&first.predicate).map(|(_, r)| r);
    let value = first.object_value.as_deref();
    // An ending once stated holds (as the latest `valid_to` does): the statement is former when
    // any supporting statement says the relation ended.
    let status = rows.iter().filter_map(|f| f.status.clone()).max();
    let former = status.as_deref() == Some(ontology::FORMER);
    let (phrase, text) = statement_text(r, &first.predicate, dir, former, other.as_ref(), value);
    let seen = |f: &FactRow| ctx.seen.get(&f.doc.id).cloned();
    let mut evidence: Vec<FactEvidence> = rows
        .iter()
        .map(|f| FactEvidence {
            fact: f.id,
            doc: f.doc.clone(),
            seen: seen(f),
            span: f.span,
            sentence: f.evidence.trim().to_string(),
            valid_from: f.valid_from.clone(),
            valid_to: f.valid_to.clone(),
            status: f.status.clone(),
            producer: f.producer.clone(),
            confidence: f.confidence,
        })
        .collect();
    // one entry per sentence: the best supported statement of it
    evidence.sort_by(|a, b| {
        (a.doc.id, a.span.start, a.span.end)
            .cmp(&(b.doc.id, b.span.start, b.span.end))
            .then(b.confidence.total_cmp(&a.confidence))
            .then(a.fact.cmp(&b.fact))
    });
    evidence.dedup_by(|b, a| a.doc.id == b.doc.id && a.span == b.span);
    evidence.sort_by(|a, b| {
        (a.seen.is_none(), &a.seen, a.doc.id, a.span.start, a.fact).cmp(&(
            b.seen.is_none(),
            &b.seen,
            b.doc.id,
            b.span.start,
            b.fact,
        ))
    });
    let docs: BTreeSet<DocId> = rows.iter().map(|f| f.doc.id).collect();
    let sentences: BTreeSet<(DocId, u32, u32)> = rows
        .iter()
        .map(|f| (f.doc.id, f.span.start, f.span.end))
        .collect();
    let seen_dates: Vec<String> = rows.iter().filter_map(|f| seen(f)).collect();
    let producers: BTreeSet<String> = rows.iter().map(|f| f.producer.clone()).collect();
    let confidence = rows.iter().map(|f| f.confidence).fold(0.0f32, f32::max);
    let valid_from = rows
        .iter()
        .filter_map(|f| date(f.valid_from.as_ref()))
        .min()
        .map(str::to_string);
    let valid_to = rows
        .iter()
        .filter_map(|f| date(f.valid_to.as_ref()))
        .max()
        .map(str::to_string);
    evidence.truncate(limit.max(1));
    let event = r.is_some_and(|r| r.conflict == Rule::Event);
    // Written as people read them ("March 2024", "the 1990s"); the fields keep TimeML.
    let (from, to) = (
        valid_from.as_deref().map(timex::display),
        valid_to.as_deref().map(timex::display),
    );
    let when = match (from.as_deref(), to.as_deref()) {
        (Some(f), None) if event => Some(f.to_string()),
        (Some(f), Some(t)) if f == t => Some(f.to_string()),
        (Some(f), None) => Some(format!("from {f}")),
        (None, Some(t)) => Some(format!("until {t}")),
        (Some(f), Some(t)) => Some(format!("{f} to {t}")),
        (None, None) => None,
    };
    Some(AggregatedFact {
        predicate: first.predicate.clone(),
        direction: dir,
        phrase,
        text,
        subject: first.subject.clone(),
        object_entity: first.object_entity.clone(),
        object_value: first.object_value.as_deref().map(one_line),
        other,
        valid_from,
        valid_to,
        when,
        status,
        documents: docs.len() as u64,
        mentions: sentences.len() as u64,
        first_seen: seen_dates.iter().min().cloned(),
        last_seen: seen_dates.iter().max().cloned(),
        confidence,
        producers: producers.into_iter().collect(),
        conflict: None,
        evidence,
    })
}

/// The documents behind an aggregated fact.
fn doc_set(rows: &[&FactRow]) -> BTreeSet<DocId> {
    rows.iter().map(|r| r.doc.id).collect()
}

/// Where two accounts of a one-at-a-time predicate can disagree: the fixed side (as a key)
/// and the side that varies (as a value), or `None` when the rule does not apply.
fn functional_key(rule: Rule, f: &AggregatedFact) -> Option<(FunctionalKey, Variant)> {
    let object = f.object_entity.as_ref().map(|o| o.id);
    let value = f.object_value.as_deref().map(norm_value);
    match rule {
        // Subjects with a history (a person's places: moves, exile, travel), not rival
        // accounts.
        Rule::OneObject { history }
            if etype(f.subject.label).is_some_and(|t| history.contains(&t)) =>
        {
            None
        }
        Rule::OneObject { .. } => {
            let v = match (object, value) {
                (Some(o), _) => Variant::Entity(o),
                (None, Some(v)) => Variant::Value(v),
                (None, None) => return None,
            };
            Some(((f.subject.id, None), v))
        }
        Rule::OneSubject => Some(((object?, None), Variant::Entity(f.subject.id))),
        Rule::OneValue => Some(((f.subject.id, Some(object?)), Variant::Value(value?))),
        Rule::None | Rule::Event => None,
    }
}

/// The ontology's type of an entity label.
fn etype(label: doc::EntityLabel) -> Option<EntityType> {
    EntityType::parse(label.as_str())
}

/// Whether an aggregated fact holds for good (the ontology's time rule for its arguments).
fn timeless(info: Option<&PredicateInfo>, f: &AggregatedFact) -> bool {
    info.is_some_and(|r| {
        r.time.is_timeless(
            etype(f.subject.label),
            f.object_entity.as_ref().and_then(|o| etype(o.label)),
        )
    })
}

/// The fixed side of a one-at-a-time predicate: an entity, and for roles the organization.
type FunctionalKey = (EntityId, Option<EntityId>);

/// The varying side of a one-at-a-time predicate.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Variant {
    Entity(EntityId),
    Value(String),
}

/// Disjoint sets over indexes.
fn find(parent: &mut [usize], i: usize) -> usize {
    let mut root = i;
    while let Some(&p) = parent.get(root) {
        if p == root {
            break;
        }
        root = p;
    }
    let mut cur = i;
    while let Some(&p) = parent.get(cur) {
        if p == root {
            break;
        }
        if let Some(slot) = parent.get_mut(cur) {
            *slot = root;
        }
        cur = p;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb
        && let Some(slot) = parent.get_mut(ra.max(rb))
    {
        *slot = ra.min(rb);
    }
}

/// Aggregates the fact rows about `entity` (either side; other rows are ignored) into sections, one per predicate in
/// ontology order (unknown predicates after, by name). Facts that state the same thing (same
/// predicate, subject, object entity and object value, case and spacing ignored) become one
/// [`AggregatedFact`]; disagreements become [`Conflict`]s, their accounts shown together:
///
/// * one-at-a-time predicates (`based_in`, `located_in`, `origin`, `nationality`, `part_of`;
///   `leads` from the organization's side; `holds_role` of one organization): different
///   objects, when each is made by a document that does not make the other, and their times
///   overlap or are unknown; a place that lies in the other (per `ctx.containment`) is no
///   conflict;
/// * one-off events (`founded`, `designated`): the same statement with different dates.
///
/// The rules are the `ontology` crate's ([`ontology::Conflict`]). What holds for good
/// ([`ontology::Time`]: a nationality, an origin, a place inside a place) conflicts whatever
/// the dates; otherwise an account of a relation that has ended (status `former`) conflicts
/// with none.
///
/// `limit` bounds the accounts per section (conflicting accounts are always all kept) and the
/// evidence per account.
pub fn aggregate_facts(
    entity: EntityId,
    rows: &[FactRow],
    ctx: &FactContext,
    limit: usize,
) -> Vec<FactSection> {
    let mut by_predicate: BTreeMap<(usize, String), BTreeMap<StatementKey, Vec<&FactRow>>> =
        BTreeMap::new();
    let about = |f: &&FactRow| {
        f.subject.id == entity || f.object_entity.as_ref().is_some_and(|o| o.id == entity)
    };
    for f in rows.iter().filter(about) {
        let order = reading(&f.predicate).map_or(ontology::PREDICATES.len(), |(i, _)| i);
        by_predicate
            .entry((order, f.predicate.clone()))
            .or_default()
            .entry(statement_key(f))
            .or_default()
            .push(f);
    }
    let mut sections = Vec::new();
    for ((_, predicate), statements) in by_predicate {
        let info = reading(&predicate).map(|(_, r)| r);
        let rule = info.map_or(Rule::None, |r| r.conflict);
        let mut facts: Vec<AggregatedFact> = Vec::new();
        let mut docs: Vec<BTreeSet<DocId>> = Vec::new();
        // pairs of accounts in conflict, with the kind
        let mut pairs: Vec<(usize, usize, &'static str)> = Vec::new();
        for (_, group) in statements {
            let (groups, disagree) = if rule == Rule::Event {
                split_by_date(group)
            } else {
                (vec![group], false)
            };
            let mut dated = Vec::new();
            for g in groups {
                let Some(a) = aggregate_one(entity, &g, ctx, limit) else {
                    continue;
                };
                if g.iter().any(|f| event_date(f).is_some()) {
                    dated.push(facts.len());
                }
                docs.push(doc_set(&g));
                facts.push(a);
            }
            if disagree {
                for w in dated.windows(2) {
                    if let [a, b] = *w {
                        pairs.push((a, b, "time"));
                    }
                }
            }
        }
        // one-at-a-time predicates: different objects for one key
        let mut keyed: BTreeMap<FunctionalKey, Vec<(usize, Variant)>> = BTreeMap::new();
        for (i, f) in facts.iter().enumerate() {
            if let Some((k, v)) = functional_key(rule, f) {
                keyed.entry(k).or_default().push((i, v));
            }
        }
        for members in keyed.values() {
            for (x, (i, vi)) in members.iter().enumerate() {
                for (j, vj) in members.iter().skip(x + 1) {
                    if vi == vj || contained(vi, vj, ctx) {
                        continue;
                    }
                    let (Some(fi), Some(fj)) = (facts.get(*i), facts.get(*j)) else {
                        continue;
                    };
                    let interval = |f: &AggregatedFact| {
                        (
                            f.valid_from.as_deref().map(str::to_string),
                            f.valid_to.as_deref().map(str::to_string),
                        )
                    };
                    let (a, b) = (interval(fi), interval(fj));
                    let former = |f: &AggregatedFact| f.status.as_deref() == Some(ontology::FORMER);
                    // What holds for good cannot hold at different times; a relation that has
                    // ended ("former") was followed by the other, not rivalled by it.
                    let overlap = if timeless(info, fi) && timeless(info, fj) {
                        true
                    } else if former(fi) || former(fj) {
                        false
                    } else {
                        overlaps(
                            (a.0.as_deref(), a.1.as_deref()),
                            (b.0.as_deref(), b.1.as_deref()),
                        )
                    };
                    let (Some(di), Some(dj)) = (docs.get(*i), docs.get(*j)) else {
                        continue;
                    };
                    let apart = !di.is_subset(dj) && !dj.is_subset(di);
                    if overlap && apart {
                        pairs.push((*i, *j, "object"));
                    }
                }
            }
        }
        sections.push(build_section(predicate, facts, pairs, limit));
    }
    sections
}

/// One place lies in the other, so both accounts can be true.
fn contained(a: &Variant, b: &Variant, ctx: &FactContext) -> bool {
    match (a, b) {
        (Variant::Entity(a), Variant::Entity(b)) => {
            ctx.containment.contains(&(*a, *b)) || ctx.containment.contains(&(*b, *a))
        }
        _ => false,
    }
}

/// Orders a section's accounts (conflicts first, each conflict's accounts together, then the
/// rest by support) and numbers its conflicts.
fn build_section(
    predicate: String,
    facts: Vec<AggregatedFact>,
    pairs: Vec<(usize, usize, &'static str)>,
    limit: usize,
) -> FactSection {
    let mut parent: Vec<usize> = (0..facts.len()).collect();
    for (a, b, _) in &pairs {
        union(&mut parent, *a, *b);
    }
    let mut kinds: BTreeMap<usize, BTreeSet<&'static str>> = BTreeMap::new();
    for (a, _, kind) in &pairs {
        let root = find(&mut parent, *a);
        kinds.entry(root).or_default().insert(kind);
    }
    let support = |f: &AggregatedFact| (f.documents, f.mentions);
    // members of each conflict, best supported first
    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new();
    for root in kinds.keys() {
        let mut members: Vec<usize> = (0..facts.len())
            .filter(|i| find(&mut parent, *i) == *root)
            .collect();
        members.sort_by(|a, b| order(&facts, *a, *b, support));
        groups.push((*root, members));
    }
    groups.sort_by(|(_, a), (_, b)| {
        let best = |m: &Vec<usize>| m.first().copied().unwrap_or(0);
        order(&facts, best(a), best(b), support)
    });
    let in_conflict: BTreeSet<usize> = groups.iter().flat_map(|(_, m)| m.clone()).collect();
    let mut rest: Vec<usize> = (0..facts.len())
        .filter(|i| !in_conflict.contains(i))
        .collect();
    rest.sort_by(|a, b| order(&facts, *a, *b, support));
    rest.truncate(limit.saturating_sub(in_conflict.len()));
    let title = reading(&predicate).map_or_else(
        || predicate.replace('_', " "),
        |(_, r)| r.readings.title.to_string(),
    );
    let mut slots: Vec<Option<AggregatedFact>> = facts.into_iter().map(Some).collect();
    let mut out_facts = Vec::new();
    let mut conflicts = Vec::new();
    for (root, members) in &groups {
        let kind = kinds
            .get(root)
            .map(|k| k.iter().copied().collect::<Vec<_>>().join("+"))
            .unwrap_or_default();
        let mut idx = Vec::new();
        let mut about = String::new();
        for m in members {
            if let Some(mut f) = slots.get_mut(*m).and_then(Option::take) {
                if about.is_empty() {
                    about = conflict_about(&f, &kind);
                }
                f.conflict = Some(conflicts.len());
                idx.push(out_facts.len());
                out_facts.push(f);
            }
        }
        conflicts.push(Conflict {
            kind,
            about,
            facts: idx,
        });
    }
    for i in rest {
        if let Some(f) = slots.get_mut(i).and_then(Option::take) {
            out_facts.push(f);
        }
    }
    FactSection {
        predicate,
        title,
        facts: out_facts,
        conflicts,
    }
}

/// What a conflict is about, from one of its accounts.
fn conflict_about(f: &AggregatedFact, kind: &str) -> String {
    let p = f.predicate.replace('_', " ");
    let obj = f.object_entity.as_ref().map(|o| o.name.as_str());
    let info = reading(&f.predicate).map(|(_, r)| r);
    match (info.map(|r| r.conflict), kind) {
        // one subject per object: who holds the object's single seat
        (Some(Rule::OneSubject), "object") => format!(
            "who {} {}",
            info.map_or(p.as_str(), |r| r.readings.outgoing.phrase),
            obj.unwrap_or("?")
        ),
        (Some(Rule::OneValue), "object") => {
            format!("{}'s role in {}", f.subject.name, obj.unwrap_or("?"))
        }
        (_, "object") => format!("{} {p}", f.subject.name),
        _ => match (obj, &f.object_value) {
            (Some(o), _) => format!("when {} {p} {o}", f.subject.name),
            (None, Some(v)) => format!("when {} {p} “{v}”", f.subject.name),
            (None, None) => format!("when {} {p}", f.subject.name),
        },
    }
}

/// Best supported first; ties by confidence, direction, the other side's name, value, first id.
fn order(
    facts: &[AggregatedFact],
    a: usize,
    b: usize,
    support: impl Fn(&AggregatedFact) -> (u64, u64),
) -> std::cmp::Ordering {
    let (Some(fa), Some(fb)) = (facts.get(a), facts.get(b)) else {
        return a.cmp(&b);
    };
    support(fb)
        .cmp(&support(fa))
        .then(fb.confidence.total_cmp(&fa.confidence))
        .then(fa.direction.cmp(&fb.direction))
        .then_with(|| {
            let name = |f: &AggregatedFact| f.other.as_ref().map(|o| o.name.clone());
            name(fa).cmp(&name(fb))
        })
        .then_with(|| fa.object_value.cmp(&fb.object_value))
        .then_with(|| fa.valid_from.cmp(&fb.valid_from))
        .then_with(|| {
            let id = |f: &AggregatedFact| f.evidence.first().map(|e| e.fact);
            id(fa).cmp(&id(fb))
        })
        .then(a.cmp(&b))
}

impl crate::Store {
    /// Every fact about an entity (as subject or object), aggregated by [`aggregate_facts`]:
    /// documents seen at their publication date (else when retrieved), places that contain one
    /// another not in conflict. Facts whose other side is a suppressed entity are left out.
    pub fn entity_facts(
        &self,
        id: EntityId,
        limit: usize,
    ) -> Result<Vec<FactSection>, crate::StoreError> {
        let rows = self.facts(Some(id), usize::MAX)?;
        self.entity_facts_of(id, rows, limit)
    }

    /// [`crate::Store::entity_facts`] over rows already read (every fact about `id`).
    pub(crate) fn entity_facts_of(
        &self,
        id: EntityId,
        mut rows: Vec<FactRow>,
        limit: usize,
    ) -> Result<Vec<FactSection>, crate::StoreError> {
        let mut suppressed: BTreeMap<EntityId, bool> = BTreeMap::new();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT suppressed FROM entities WHERE id = ?1")?;
        for f in &rows {
            for e in [Some(&f.subject), f.object_entity.as_ref()]
                .into_iter()
                .flatten()
            {
                if e.id != id && !suppressed.contains_key(&e.id) {
                    let s: i64 = stmt.query_row([e.id.0], |r| r.get(0))?;
                    suppressed.insert(e.id, s != 0);
                }
            }
        }
        drop(stmt);
        rows.retain(|f| {
            [Some(&f.subject), f.object_entity.as_ref()]
                .into_iter()
                .flatten()
                .all(|e| !suppressed.get(&e.id).copied().unwrap_or(false))
        });
        let ctx = self.fact_context(&rows)?;
        Ok(aggregate_facts(id, &rows, &ctx, limit))
    }

    /// When the documents of `rows` were seen, and which of their object entities lie in or
    /// are part of one another (one fact of a containment predicate of the ontology,
    /// `located_in` / `part_of` / `based_in`, in any document).
    pub fn fact_context(&self, rows: &[FactRow]) -> Result<FactContext, crate::StoreError> {
        let mut ctx = FactContext::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT coalesce(published, retrieved_at) FROM documents WHERE id = ?1",
        )?;
        let docs: BTreeSet<DocId> = rows.iter().map(|f| f.doc.id).collect();
        for d in docs {
            let seen: Option<String> = stmt.query_row([d.0], |r| r.get(0))?;
            if let Some(s) = seen {
                ctx.seen.insert(d, s);
            }
        }
        drop(stmt);
        let objects: BTreeSet<EntityId> = rows
            .iter()
            .filter_map(|f| f.object_entity.as_ref().map(|o| o.id))
            .collect();
        // The ontology's containment predicates, as a JSON array bound to the query.
        let containment =
            serde_json::to_string(&ontology::containment_predicates().collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".to_string());
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT object_entity_id FROM facts
             WHERE subject_entity_id = ?1 AND object_entity_id IS NOT NULL
               AND predicate IN (SELECT value FROM json_each(?2))",
        )?;
        for o in &objects {
            let inside =
                stmt.query_map(crate::sql::params![o.0, containment], |r| r.get::<i64>(0))?;
            for b in inside {
                let b = EntityId(b?);
                if objects.contains(&b) && b != *o {
                    ctx.containment.insert((*o, b));
                }
            }
        }
        Ok(ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::EntityLabel;

    fn ent(id: i64, name: &str, label: EntityLabel) -> EntityName {
        EntityName {
            id: EntityId(id),
            name: name.to_string(),
            label,
        }
    }

    fn league() -> EntityName {
        ent(1, "Baltic Freedom League", EntityLabel::Org)
    }
    fn vilnius() -> EntityName {
        ent(2, "Vilnius", EntityLabel::Loc)
    }
    fn riga() -> EntityName {
        ent(3, "Riga", EntityLabel::Loc)
    }
    fn lithuania() -> EntityName {
        ent(4, "Lithuania", EntityLabel::Loc)
    }
    fn oleg() -> EntityName {
        ent(5, "Oleg Magaletsky", EntityLabel::Per)
    }
    fn anna() -> EntityName {
        ent(6, "Anna Kovalenko", EntityLabel::Per)
    }

    struct F {
        id: i64,
        doc: i64,
        start: u32,
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        f: F,
        subject: EntityName,
        predicate: &str,
        object: Option<EntityName>,
        value: Option<&str>,
        from: Option<&str>,
        sentence: &str,
    ) -> FactRow {
        FactRow {
            id: FactId(f.id),
            subject,
            predicate: predicate.to_string(),
            object_entity: object,
            object_value: value.map(str::to_string),
            valid_from: from.map(str::to_string),
            valid_to: None,
            status: None,
            doc: DocRef {
                id: DocId(f.doc),
                key: format!("doc{}", f.doc),
                title: Some(format!("Article {}", f.doc)),
                url: None,
                published: None,
            },
            span: Span {
                start: f.start,
                end: f.start + sentence.len() as u32,
                char_start: f.start,
                char_end: f.start + sentence.len() as u32,
            },
            evidence: format!(" {sentence} "),
            producer: "relate/1".to_string(),
            confidence: 0.8,
        }
    }

    fn ctx(seen: &[(i64, &str)]) -> FactContext {
        FactContext {
            seen: seen
                .iter()
                .map(|(d, s)| (DocId(*d), s.to_string()))
                .collect(),
            containment: BTreeSet::new(),
        }
    }

    fn section<'a>(s: &'a [FactSection], p: &str) -> &'a FactSection {
        s.iter().find(|x| x.predicate == p).expect("section")
    }

    #[test]
    fn same_statement_in_two_documents_is_one_fact_with_support_and_dates() {
        let rows = vec![
            row(
                F {
                    id: 10,
                    doc: 2,
                    start: 0,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                None,
                "Oleg Magaletsky founded the Baltic Freedom League.",
            ),
            row(
                F {
                    id: 11,
                    doc: 1,
                    start: 40,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                None,
                "The league was founded by Oleg Magaletsky.",
            ),
            row(
                F {
                    id: 12,
                    doc: 1,
                    start: 90,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                None,
                "Magaletsky founded it.",
            ),
        ];
        let c = ctx(&[(1, "2024-01-05"), (2, "2024-03-09T10:00:00Z")]);
        // seen from the organization: incoming, phrased from its side
        let s = aggregate_facts(league().id, &rows, &c, 10);
        assert_eq!(s.len(), 1);
        let f = section(&s, "founded");
        assert_eq!(f.facts.len(), 1);
        assert!(f.conflicts.is_empty());
        let a = &f.facts[0];
        assert_eq!(a.direction, Direction::Incoming);
        assert_eq!(a.text, "founded by Oleg Magaletsky");
        assert_eq!(a.other.as_ref().map(|o| o.id), Some(oleg().id));
        assert_eq!((a.documents, a.mentions), (2, 3));
        assert_eq!(a.first_seen.as_deref(), Some("2024-01-05"));
        assert_eq!(a.last_seen.as_deref(), Some("2024-03-09T10:00:00Z"));
        // evidence oldest document first, sentences trimmed
        let ev: Vec<i64> = a.evidence.iter().map(|e| e.fact.0).collect();
        assert_eq!(ev, vec![11, 12, 10]);
        // a second statement of one sentence adds no mention and no evidence
        let mut twice = rows.clone();
        if let Some(mut r) = rows.first().cloned() {
            r.id = FactId(13);
            r.confidence = 0.9;
            twice.push(r);
        }
        let s = aggregate_facts(league().id, &twice, &c, 10);
        let a2 = &section(&s, "founded").facts[0];
        assert_eq!((a2.documents, a2.mentions), (2, 3));
        let ev: Vec<i64> = a2.evidence.iter().map(|e| e.fact.0).collect();
        assert_eq!(ev, vec![11, 12, 13]);
        assert_eq!(
            a.evidence[0].sentence,
            "The league was founded by Oleg Magaletsky."
        );
        // seen from the founder: outgoing
        let s = aggregate_facts(oleg().id, &rows, &c, 10);
        let a = &section(&s, "founded").facts[0];
        assert_eq!(a.direction, Direction::Outgoing);
        assert_eq!(a.text, "founded Baltic Freedom League");
        // the evidence limit keeps the counts
        let s = aggregate_facts(oleg().id, &rows, &c, 1);
        let a = &section(&s, "founded").facts[0];
        assert_eq!(a.evidence.len(), 1);
        assert_eq!((a.documents, a.mentions), (2, 3));
    }

    #[test]
    fn a_persons_places_are_a_history_not_a_conflict() {
        let f = |id: i64, doc: i64, place: EntityName, sentence: &str| {
            row(
                F { id, doc, start: 0 },
                oleg(),
                "located_in",
                Some(place),
                None,
                None,
                sentence,
            )
        };
        let rows = vec![
            f(1, 1, vilnius(), "Magaletsky lives in Vilnius."),
            f(2, 2, riga(), "Magaletsky moved to Riga."),
        ];
        let s = aggregate_facts(oleg().id, &rows, &ctx(&[]), 10);
        let l = section(&s, "located_in");
        assert_eq!(l.facts.len(), 2);
        assert!(l.conflicts.is_empty());
        // the same two places for an organization are rival accounts
        let org: Vec<FactRow> = rows
            .into_iter()
            .map(|mut r| {
                r.subject = league();
                r
            })
            .collect();
        let s = aggregate_facts(league().id, &org, &ctx(&[]), 10);
        assert_eq!(section(&s, "located_in").conflicts.len(), 1);
    }

    #[test]
    fn different_seats_from_different_documents_conflict_side_by_side() {
        let rows = vec![
            row(
                F {
                    id: 1,
                    doc: 1,
                    start: 0,
                },
                league(),
                "based_in",
                Some(vilnius()),
                None,
                None,
                "The Baltic Freedom League is based in Vilnius.",
            ),
            row(
                F {
                    id: 2,
                    doc: 2,
                    start: 0,
                },
                league(),
                "based_in",
                Some(riga()),
                None,
                None,
                "The Baltic Freedom League, based in Riga, met.",
            ),
            row(
                F {
                    id: 3,
                    doc: 3,
                    start: 0,
                },
                league(),
                "based_in",
                Some(vilnius()),
                None,
                None,
                "The Vilnius-based league spoke.",
            ),
            row(
                F {
                    id: 4,
                    doc: 3,
                    start: 50,
                },
                oleg(),
                "member_of",
                Some(league()),
                None,
                None,
                "Magaletsky is a member of the league.",
            ),
        ];
        let s = aggregate_facts(league().id, &rows, &ctx(&[]), 10);
        // ontology order: member_of before based_in
        let order: Vec<&str> = s.iter().map(|x| x.predicate.as_str()).collect();
        assert_eq!(order, vec!["member_of", "based_in"]);
        assert_eq!(
            section(&s, "member_of").facts[0].text,
            "has member Oleg Magaletsky"
        );
        let b = section(&s, "based_in");
        assert_eq!(b.facts.len(), 2);
        assert_eq!(b.conflicts.len(), 1);
        let c = &b.conflicts[0];
        assert_eq!(c.kind, "object");
        assert_eq!(c.about, "Baltic Freedom League based in");
        assert_eq!(c.facts, vec![0, 1]);
        // both kept, the better supported first, each with its own sources
        let names: Vec<&str> = b
            .facts
            .iter()
            .filter_map(|f| f.other.as_ref().map(|o| o.name.as_str()))
            .collect();
        assert_eq!(names, vec!["Vilnius", "Riga"]);
        assert_eq!(b.facts[0].documents, 2);
        assert_eq!(b.facts[1].documents, 1);
        assert!(b.facts.iter().all(|f| f.conflict == Some(0)));
        assert_eq!(b.facts[1].evidence[0].doc.id, DocId(2));

        // a place inside the other is no conflict
        let mut inside = rows.clone();
        if let Some(r) = inside.get_mut(1) {
            r.object_entity = Some(lithuania());
        }
        let mut c = ctx(&[]);
        c.containment.insert((vilnius().id, lithuania().id));
        let s = aggregate_facts(league().id, &inside, &c, 10);
        assert!(section(&s, "based_in").conflicts.is_empty());
        assert_eq!(section(&s, "based_in").facts.len(), 2);

        // one document that names both places is no conflict either
        let mut same_doc = rows.clone();
        if let Some(r) = same_doc.get_mut(1) {
            r.doc.id = DocId(1);
        }
        same_doc.truncate(2);
        let s = aggregate_facts(league().id, &same_doc, &ctx(&[]), 10);
        assert!(section(&s, "based_in").conflicts.is_empty());
    }

    #[test]
    fn seats_at_different_times_do_not_conflict() {
        let mut a = row(
            F {
                id: 1,
                doc: 1,
                start: 0,
            },
            league(),
            "based_in",
            Some(vilnius()),
            None,
            Some("2015"),
            "From 2015 the league was based in Vilnius.",
        );
        a.valid_to = Some("2019".into());
        let b = row(
            F {
                id: 2,
                doc: 2,
                start: 0,
            },
            league(),
            "based_in",
            Some(riga()),
            None,
            Some("2021-04"),
            "Since April 2021 it has been based in Riga.",
        );
        let s = aggregate_facts(league().id, &[a.clone(), b.clone()], &ctx(&[]), 10);
        let seats = section(&s, "based_in");
        assert!(seats.conflicts.is_empty());
        let when: Vec<Option<&str>> = seats.facts.iter().map(|f| f.when.as_deref()).collect();
        assert_eq!(when, vec![Some("from April 2021"), Some("2015 to 2019")]);
        // an end in the same year as the start overlaps
        a.valid_to = Some("2021".into());
        let s = aggregate_facts(league().id, &[a, b], &ctx(&[]), 10);
        assert_eq!(section(&s, "based_in").conflicts.len(), 1);
    }

    #[test]
    fn an_event_dated_differently_is_a_time_conflict() {
        let rows = vec![
            row(
                F {
                    id: 1,
                    doc: 1,
                    start: 0,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                Some("2022"),
                "Magaletsky founded the league in 2022.",
            ),
            row(
                F {
                    id: 2,
                    doc: 2,
                    start: 0,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                Some("2023-02"),
                "Magaletsky founded the league in February 2023.",
            ),
            row(
                F {
                    id: 3,
                    doc: 3,
                    start: 0,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                Some("2022-06"),
                "In June 2022 Magaletsky founded the league.",
            ),
            row(
                F {
                    id: 4,
                    doc: 4,
                    start: 0,
                },
                oleg(),
                "founded",
                Some(league()),
                None,
                None,
                "Magaletsky, who founded the league, spoke.",
            ),
        ];
        let s = aggregate_facts(oleg().id, &rows, &ctx(&[]), 10);
        let f = section(&s, "founded");
        assert_eq!(f.conflicts.len(), 1);
        assert_eq!(f.conflicts[0].kind, "time");
        assert_eq!(
            f.conflicts[0].about,
            "when Oleg Magaletsky founded Baltic Freedom League"
        );
        let dated: Vec<(Option<&str>, u64)> = f
            .facts
            .iter()
            .filter(|x| x.conflict.is_some())
            .map(|x| (x.valid_from.as_deref(), x.documents))
            .collect();
        // 2022 and 2022-06 agree; 2023-02 does not
        assert_eq!(dated, vec![(Some("2022"), 2), (Some("2023-02"), 1)]);
        // the undated account stays, outside the conflict
        let undated: Vec<&AggregatedFact> =
            f.facts.iter().filter(|x| x.conflict.is_none()).collect();
        assert_eq!(undated.len(), 1);
        assert_eq!(undated[0].valid_from, None);
        // one date only: undated statements join it
        let s = aggregate_facts(oleg().id, &rows[2..], &ctx(&[]), 10);
        let f = section(&s, "founded");
        assert!(f.conflicts.is_empty());
        assert_eq!(f.facts.len(), 1);
        assert_eq!(f.facts[0].documents, 2);
        assert_eq!(f.facts[0].valid_from.as_deref(), Some("2022-06"));
        assert_eq!(f.facts[0].when.as_deref(), Some("June 2022"));
    }

    #[test]
    fn leaders_and_roles_conflict_per_organization() {
        let rows = vec![
            row(
                F {
                    id: 1,
                    doc: 1,
                    start: 0,
                },
                oleg(),
                "leads",
                Some(league()),
                None,
                None,
                "Magaletsky leads the league.",
            ),
            row(
                F {
                    id: 2,
                    doc: 2,
                    start: 0,
                },
                anna(),
                "leads",
                Some(league()),
                None,
                None,
                "Kovalenko heads the league.",
            ),
            row(
                F {
                    id: 3,
                    doc: 1,
                    start: 30,
                },
                oleg(),
                "holds_role",
                Some(league()),
                Some("chairman"),
                None,
                "Magaletsky, chairman of the league, spoke.",
            ),
            row(
                F {
                    id: 4,
                    doc: 2,
                    start: 30,
                },
                oleg(),
                "holds_role",
                Some(league()),
                Some("Deputy  Chairman"),
                None,
                "Magaletsky, deputy chairman of the league.",
            ),
            row(
                F {
                    id: 5,
                    doc: 3,
                    start: 0,
                },
                oleg(),
                "holds_role",
                None,
                Some("journalist"),
                None,
                "Magaletsky, a journalist.",
            ),
            row(
                F {
                    id: 6,
                    doc: 4,
                    start: 0,
                },
                oleg(),
                "holds_role",
                None,
                Some("restaurateur"),
                None,
                "Magaletsky, a restaurateur.",
            ),
            row(
                F {
                    id: 7,
                    doc: 5,
                    start: 0,
                },
                oleg(),
                "holds_role",
                Some(league()),
                Some("chairman"),
                None,
                "The league's Chairman, Magaletsky.",
            ),
        ];
        let s = aggregate_facts(league().id, &rows, &ctx(&[]), 10);
        let l = section(&s, "leads");
        assert_eq!(l.conflicts.len(), 1);
        assert_eq!(l.conflicts[0].about, "who leads Baltic Freedom League");
        assert!(l.facts.iter().all(|f| f.direction == Direction::Incoming));
        assert_eq!(l.facts[0].phrase, "led by");
        // from Magaletsky's side only his own leadership is known: no conflict
        let s = aggregate_facts(oleg().id, &rows, &ctx(&[]), 10);
        assert!(section(&s, "leads").conflicts.is_empty());
        let r = section(&s, "holds_role");
        assert_eq!(r.title, "roles");
        assert_eq!(r.conflicts.len(), 1);
        let c = &r.conflicts[0];
        assert_eq!(c.about, "Oleg Magaletsky's role in Baltic Freedom League");
        let in_conflict: Vec<&str> = c
            .facts
            .iter()
            .filter_map(|i| r.facts.get(*i))
            .map(|f| f.text.as_str())
            .collect();
        // "chairman" twice (case and spacing ignored elsewhere), "deputy chairman" once
        assert_eq!(
            in_conflict,
            vec![
                "holds role “chairman” of Baltic Freedom League",
                "holds role “Deputy Chairman” of Baltic Freedom League"
            ]
        );
        assert_eq!(r.facts[0].documents, 2);
        // roles without an organization never conflict
        assert_eq!(r.facts.len(), 4);
        assert!(r.facts[2..].iter().all(|f| f.conflict.is_none()));
    }

    #[test]
    fn unknown_predicates_come_last_and_the_limit_keeps_conflicts() {
        let mut rows = vec![row(
            F {
                id: 1,
                doc: 1,
                start: 0,
            },
            league(),
            "sponsors",
            Some(riga()),
            None,
            None,
            "The league sponsors Riga.",
        )];
        for (i, place) in [vilnius(), riga(), lithuania()].into_iter().enumerate() {
            rows.push(row(
                F {
                    id: 10 + i as i64,
                    doc: 10 + i as i64,
                    start: 0,
                },
                league(),
                "based_in",
                Some(place),
                None,
                None,
                "The league is based there.",
            ));
        }
        rows.push(row(
            F {
                id: 20,
                doc: 20,
                start: 0,
            },
            oleg(),
            "member_of",
            Some(league()),
            None,
            None,
            "Magaletsky joined.",
        ));
        rows.push(row(
            F {
                id: 21,
                doc: 21,
                start: 0,
            },
            anna(),
            "member_of",
            Some(league()),
            None,
            None,
            "Kovalenko joined.",
        ));
        let s = aggregate_facts(league().id, &rows, &ctx(&[]), 1);
        let order: Vec<&str> = s.iter().map(|x| x.predicate.as_str()).collect();
        assert_eq!(order, vec!["member_of", "based_in", "sponsors"]);
        assert_eq!(section(&s, "member_of").facts.len(), 1);
        let b = section(&s, "based_in");
        assert_eq!(b.facts.len(), 3);
        assert_eq!(b.conflicts[0].facts, vec![0, 1, 2]);
        assert_eq!(section(&s, "sponsors").facts[0].text, "sponsors Riga");
        let s = aggregate_facts(riga().id, &rows, &ctx(&[]), 5);
        assert_eq!(
            section(&s, "sponsors").facts[0].text,
            "sponsors (by) Baltic Freedom League"
        );
        assert_eq!(
            section(&s, "based_in").facts[0].text,
            "base of Baltic Freedom League"
        );
    }

    #[test]
    fn statements_read_from_either_side() {
        let moscow = ent(7, "Moscow", EntityLabel::Loc);
        let rows = vec![
            row(
                F {
                    id: 1,
                    doc: 1,
                    start: 0,
                },
                moscow.clone(),
                "designated",
                Some(league()),
                Some("undesirable organization"),
                Some("2023"),
                "Moscow declared the league an undesirable organization in 2023.",
            ),
            row(
                F {
                    id: 2,
                    doc: 1,
                    start: 70,
                },
                oleg(),
                "holds_role",
                Some(league()),
                Some("chairman"),
                None,
                "Magaletsky, the league's chairman.",
            ),
            row(
                F {
                    id: 3,
                    doc: 1,
                    start: 90,
                },
                oleg(),
                "description",
                None,
                Some("restaurateur"),
                None,
                "Magaletsky is a restaurateur.",
            ),
        ];
        let text = |id: EntityId, p: &str| {
            let s = aggregate_facts(id, &rows, &ctx(&[]), 10);
            let f = &section(&s, p).facts[0];
            (f.text.clone(), f.when.clone())
        };
        assert_eq!(
            text(league().id, "designated"),
            (
                "designated by Moscow as “undesirable organization”".to_string(),
                Some("2023".to_string())
            )
        );
        assert_eq!(
            text(moscow.id, "designated").0,
            "designated Baltic Freedom League as “undesirable organization”"
        );
        assert_eq!(
            text(league().id, "holds_role").0,
            "role “chairman” held by Oleg Magaletsky"
        );
        assert_eq!(
            text(oleg().id, "description").0,
            "described as “restaurateur”"
        );
    }

    #[test]
    fn a_former_relation_reads_former_and_rivals_nothing_that_holds_for_good_does() {
        let former = |mut f: FactRow| {
            f.status = Some("former".to_string());
            f
        };
        let at = |id: i64, doc: i64| F { id, doc, start: 0 };
        let rows = vec![
            // Anna formerly led the league; Oleg leads it now: a succession, not a conflict.
            former(row(
                at(1, 1),
                anna(),
                "leads",
                Some(league()),
                None,
                None,
                "Anna Kovalenko, the league's former leader.",
            )),
            row(
                at(2, 2),
                oleg(),
                "leads",
                Some(league()),
                None,
                None,
                "Oleg Magaletsky leads the league.",
            ),
            former(row(
                at(3, 1),
                anna(),
                "holds_role",
                Some(league()),
                Some("chair"),
                None,
                "Anna Kovalenko, the former chair of the league.",
            )),
            former(row(
                at(4, 3),
                anna(),
                "holds_role",
                None,
                Some("minister"),
                None,
                "Anna Kovalenko, a former minister.",
            )),
            // an origin holds for good: "former" does not keep two origins apart
            former(row(
                at(5, 1),
                anna(),
                "origin",
                Some(riga()),
                None,
                None,
                "Kovalenko, formerly of Riga.",
            )),
            row(
                at(6, 2),
                anna(),
                "origin",
                Some(vilnius()),
                None,
                None,
                "Kovalenko comes from Vilnius.",
            ),
        ];
        let s = aggregate_facts(league().id, &rows, &ctx(&[]), 10);
        let l = section(&s, "leads");
        assert!(l.conflicts.is_empty());
        let texts: Vec<&str> = l.facts.iter().map(|f| f.text.as_str()).collect();
        assert!(
            texts.contains(&"formerly led by Anna Kovalenko"),
            "{texts:?}"
        );
        assert!(texts.contains(&"led by Oleg Magaletsky"), "{texts:?}");
        let r = section(&s, "holds_role");
        assert_eq!(
            r.facts[0].text,
            "role “chair” formerly held by Anna Kovalenko"
        );
        assert_eq!(r.facts[0].phrase, "role formerly held by");

        let s = aggregate_facts(anna().id, &rows, &ctx(&[]), 10);
        let l = section(&s, "leads");
        assert_eq!(l.facts[0].text, "formerly led Baltic Freedom League");
        assert_eq!(l.facts[0].status.as_deref(), Some("former"));
        let r = section(&s, "holds_role");
        let texts: Vec<&str> = r.facts.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"formerly held role “chair” of Baltic Freedom League"));
        assert!(texts.contains(&"formerly held role “minister”"));
        let o = section(&s, "origin");
        assert_eq!(o.conflicts.len(), 1, "origins conflict whatever the status");
        assert!(o.facts.iter().any(|f| f.text == "comes from Riga"));
    }

    #[test]
    fn status_is_no_part_of_a_statements_identity() {
        let a = row(
            F {
                id: 1,
                doc: 1,
                start: 0,
            },
            oleg(),
            "member_of",
            Some(league()),
            None,
            None,
            "Magaletsky is a member of the league.",
        );
        let mut b = row(
            F {
                id: 2,
                doc: 2,
                start: 0,
            },
            oleg(),
            "member_of",
            Some(league()),
            None,
            None,
            "Magaletsky, a former member of the league.",
        );
        b.status = Some("former".to_string());
        let s = aggregate_facts(oleg().id, &[a, b], &ctx(&[]), 10);
        let m = section(&s, "member_of");
        assert_eq!(m.facts.len(), 1);
        assert_eq!(m.facts[0].documents, 2);
        assert_eq!(m.facts[0].text, "former member of Baltic Freedom League");
        let statuses: Vec<Option<&str>> = m.facts[0]
            .evidence
            .iter()
            .map(|e| e.status.as_deref())
            .collect();
        assert_eq!(statuses.len(), 2);
        assert!(statuses.contains(&Some("former")) && statuses.contains(&None));
    }

    #[test]
    fn dates_compare_at_shared_precision() {
        assert!(same_time("2022", "2022-06"));
        assert!(!same_time("2022", "2023"));
        assert!(before("2021", "2022-01"));
        assert!(!before("2022", "2022-01"));
        assert!(!overlaps((Some("2020"), None), (None, Some("2019"))));
        assert!(overlaps((None, None), (Some("2020"), Some("2021"))));
        assert_eq!(date(Some(&"PRESENT_REF".to_string())), None);
        assert_eq!(date(Some(&"199".to_string())), Some("199"));
        assert_eq!(fact_predicates().first(), Some(&"member_of"));
    }
}
