//! Plain, serde-serializable values that go in and out of the store.

use doc::{EntityLabel, TextRange};
use serde::{Deserialize, Serialize};

/// A document's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DocId(pub i64);

/// An entity's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(pub i64);

/// A fact's row id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FactId(pub i64);

impl std::fmt::Display for DocId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::fmt::Display for EntityId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What [`crate::Store::upsert_document`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", content = "id", rename_all = "snake_case")]
pub enum Upsert {
    /// A new document.
    Inserted(DocId),
    /// An existing document whose text, metadata or layers changed: its rows were replaced.
    Updated(DocId),
    /// Nothing changed (or the same text was already stored from another source).
    Unchanged(DocId),
}

impl Upsert {
    pub fn id(self) -> DocId {
        match self {
            Upsert::Inserted(id) | Upsert::Updated(id) | Upsert::Unchanged(id) => id,
        }
    }
}

/// A span given both ways: UTF-8 byte offsets (engine) and code-point offsets (edges).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: u32,
    pub end: u32,
    pub char_start: u32,
    pub char_end: u32,
}

impl Span {
    pub fn range(self) -> TextRange {
        TextRange::new(self.start, self.end)
    }
}

/// Counts of what the store holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub documents: u64,
    pub entities: u64,
    pub mentions: u64,
    pub quotes: u64,
    pub timexes: u64,
    pub facts: u64,
}

/// A short reference to a document, for listing sources and evidence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DocRef {
    pub id: DocId,
    /// The document's stable key (`meta.id`).
    pub key: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
}

/// An entity with its aliases and how often it is mentioned.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntitySummary {
    pub id: EntityId,
    pub name: String,
    #[serde(rename = "type")]
    pub label: EntityLabel,
    /// Surface forms seen, most frequent first.
    pub aliases: Vec<String>,
    pub mention_count: u64,
}

/// A named entity reference (id and canonical name).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityName {
    pub id: EntityId,
    pub name: String,
    #[serde(rename = "type")]
    pub label: EntityLabel,
}

/// A fact with its provenance, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactRow {
    pub id: FactId,
    pub subject: EntityName,
    pub predicate: String,
    pub object_entity: Option<EntityName>,
    pub object_value: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `former` when the sentence says the relation has ended without saying when.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    pub doc: DocRef,
    /// The evidence span and its text.
    pub span: Span,
    pub evidence: String,
    pub producer: String,
    pub confidence: f32,
}

/// One statement aggregated across the facts that support it: the same subject, predicate,
/// object entity and object value. Different objects stay apart (contradictions side by side).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FactSummary {
    pub subject: EntityName,
    pub predicate: String,
    pub object_entity: Option<EntityName>,
    pub object_value: Option<String>,
    /// Earliest `valid_from` and latest `valid_to` among the supporting facts.
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `former` when a supporting fact says the relation has ended without a date (status is
    /// not part of what makes facts the same statement).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// How many distinct documents support it.
    pub support: u64,
    /// Earliest and latest publication date of those documents.
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub max_confidence: f32,
    /// The supporting facts' ids, in id order.
    pub facts: Vec<FactId>,
}

/// A quote with its speaker, cue, sentence and source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuoteRow {
    pub id: i64,
    pub doc: DocRef,
    /// The quoted content.
    pub text: String,
    pub span: Span,
    pub direct: bool,
    /// The resolved speaker's canonical name, else the speaker's text.
    pub speaker_name: Option<String>,
    pub speaker_entity: Option<EntityId>,
    /// The speaker span's text as written (`he`, `Zakayev`).
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
    /// The sentence(s) around quote, speaker and cue.
    pub sentence: String,
    pub confidence: f32,
    /// The time the quote refers to (TimeML value such as `2024-SP`), from a time expression
    /// of its sentence or attribution; `None` when they have none (not the publication date).
    pub time: Option<String>,
    /// That time expression as written (`this spring`): the evidence for `time`.
    pub time_text: Option<String>,
    /// `time` as people write it ("spring 2024").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_label: Option<String>,
    /// `direct`, `indirect`, `mixed` or `designation` (a scare quote, never attributed);
    /// `None` for quotes stored before kinds were.
    pub kind: Option<String>,
}

/// One dated item of a timeline: a time expression near an entity, a fact with a start date,
/// or a quote with the time it refers to.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimelineRow {
    /// The normalized value (`2024-03`, `1994`, `199`), the sort key.
    pub value: String,
    /// The value as people write it ("March 2024", "the 1990s"), for display.
    pub label: String,
    /// `timex`, `fact` or `quote`.
    pub kind: String,
    /// The time expression as written, the fact as `predicate object`, or the quoted content.
    pub text: String,
    /// For a quote: its speaker (resolved name, else as written).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// For a quote: the time expression that dates it, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_text: Option<String>,
    /// For a time expression resolved against a reference time: `document` (the publication
    /// date) or `expression` (an earlier expression, `anchor_text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    /// The earlier expression the value was resolved against, as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchor_text: Option<String>,
    /// On the first point of a range written as one expression ("1915-17"): the range's
    /// duration (TimeML, `P3Y`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration: Option<String>,
    /// The duration as people write it ("3 years").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_label: Option<String>,
    pub span: Span,
    /// The evidence sentence.
    pub evidence: String,
    pub doc: DocRef,
}

/// Everything `show NAME` prints about one entity.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityDetail {
    pub summary: EntitySummary,
    /// Facts about the entity whose predicate is a role or title, or whose object is a literal.
    pub roles: Vec<FactRow>,
    /// Facts linking the entity to another entity (either direction).
    pub affiliations: Vec<FactRow>,
    /// Every fact about the entity (either direction), aggregated across documents, one
    /// section per predicate in ontology order, conflicting accounts side by side.
    pub facts: Vec<crate::FactSection>,
    pub quotes: Vec<QuoteRow>,
    pub timeline: Vec<TimelineRow>,
    /// Documents that mention the entity, newest first.
    pub sources: Vec<DocRef>,
    /// Why its names joined it: one row per distinct (name, reason), resolution reasons and
    /// hand corrections, oldest first.
    pub merges: Vec<MergeReason>,
}

/// Why a name belongs to an entity: a resolution reason seen in `docs` documents (the first of
/// them in `doc`), or a hand correction (`event`, the curation event's number).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MergeReason {
    pub name: String,
    pub reason: String,
    pub docs: u64,
    pub doc: Option<DocRef>,
    pub event: Option<i64>,
}

/// A hand correction as stored: its number (order of application), kind and arguments.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CurationEvent {
    pub seq: i64,
    /// `merge`, `split`, `rename`, `alias_add`, `alias_remove` or `suppress`.
    pub kind: String,
    pub args: serde_json::Value,
}

/// What a hand correction did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Curated {
    /// The curation event's number.
    pub event: i64,
    /// The entity that holds the result (the merge target, the split-off entity, ...).
    pub entity: EntityName,
    /// Mentions that changed entity.
    pub moved_mentions: u64,
}

/// A full-text search hit. `snippet` marks matched terms with `[` and `]`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc: DocRef,
    pub snippet: String,
    /// BM25 rank (lower is better).
    pub rank: f64,
}

/// Conditional GET validators for one URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub fetched_at: String,
}

/// A fact to add: a typed statement about an entity, with its provenance.
#[derive(Clone, Debug, PartialEq)]
pub struct Fact {
    pub subject: EntityId,
    pub predicate: String,
    pub object_entity: Option<EntityId>,
    pub object_value: Option<String>,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `former` when the text says the relation has ended without saying when.
    pub status: Option<String>,
    /// Provenance: the document, the byte range of the evidence, the producer and confidence.
    pub doc: DocId,
    pub range: TextRange,
    pub producer: String,
    pub confidence: f32,
}
