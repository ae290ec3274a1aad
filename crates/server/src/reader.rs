//! The document reader's view: a document's text with its annotation spans (entities linked to
//! entity ids, quotes with speakers, time expressions with normalized values), each span given
//! in UTF-8 bytes and in code points (what the browser's strings index by).

use crate::pool::EntityIndex;
use doc::{Document, EntityLabel, OffsetIndex, TextRange};
use serde::Serialize;
use store::{DocRef, EntityId, Span};

/// A document as the reader shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DocumentView {
    pub doc: DocRef,
    pub publisher: Option<String>,
    pub authors: Vec<String>,
    pub language: Option<String>,
    pub source: Option<String>,
    pub text: String,
    /// Length of `text` in code points.
    pub char_len: u32,
    pub entities: Vec<EntitySpan>,
    pub quotes: Vec<QuoteSpan>,
    pub timexes: Vec<TimexSpan>,
    pub sentences: Vec<Span>,
}

/// An entity mention.
#[derive(Clone, Debug, Serialize)]
pub struct EntitySpan {
    pub span: Span,
    #[serde(rename = "type")]
    pub label: EntityLabel,
    /// The canonical name of the entity it resolves to, else the mention text.
    pub name: String,
    pub entity_id: Option<EntityId>,
    pub confidence: f32,
}

/// A quote with its speaker.
#[derive(Clone, Debug, Serialize)]
pub struct QuoteSpan {
    pub span: Span,
    pub direct: bool,
    pub speaker: Option<Span>,
    pub cue: Option<Span>,
    pub speaker_name: Option<String>,
    pub speaker_entity: Option<EntityId>,
    pub confidence: f32,
    /// The time the quote refers to (TimeML value), when its sentence gives one.
    pub time: Option<String>,
    /// The time expression that gives it.
    pub time_evidence: Option<Span>,
    /// `direct`, `indirect`, `mixed` or `designation` (not speech); `None` when not recorded.
    pub kind: Option<&'static str>,
}

/// A time expression.
#[derive(Clone, Debug, Serialize)]
pub struct TimexSpan {
    pub span: Span,
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

fn span(index: &OffsetIndex, r: TextRange) -> Span {
    Span {
        start: r.start,
        end: r.end,
        char_start: index.byte_to_char(r.start),
        char_end: index.byte_to_char(r.end),
    }
}

/// Builds the view of a rebuilt document.
pub fn view(doc_ref: DocRef, d: &Document, names: &EntityIndex) -> DocumentView {
    let index = d.offset_index();
    let text = d.text();
    let entities = d
        .entity_items()
        .iter()
        .map(|m| {
            let surface = text.get(m.range.as_usize()).unwrap_or("");
            let name = m.entity.clone().unwrap_or_else(|| surface.to_string());
            EntitySpan {
                span: span(&index, m.range),
                label: m.label,
                entity_id: names
                    .lookup(&name, m.label)
                    .or_else(|| names.lookup(surface, m.label)),
                name,
                confidence: m.confidence,
            }
        })
        .collect();
    let quotes = d
        .quote_items()
        .iter()
        .map(|q| {
            let speaker_text = q.speaker.and_then(|r| text.get(r.as_usize()));
            let speaker_name = q
                .speaker_entity
                .clone()
                .or_else(|| speaker_text.map(str::to_string));
            QuoteSpan {
                span: span(&index, q.range),
                direct: q.direct,
                speaker: q.speaker.map(|r| span(&index, r)),
                cue: q.cue.map(|r| span(&index, r)),
                speaker_entity: q
                    .speaker_entity
                    .as_deref()
                    .and_then(|n| names.lookup(n, EntityLabel::Per).or(names.lookup_any(n))),
                speaker_name,
                confidence: q.confidence,
                time: q.time.clone(),
                time_evidence: q.time_evidence.map(|r| span(&index, r)),
                kind: q.kind.map(doc::QuoteKind::as_str),
            }
        })
        .collect();
    let timexes = d
        .timex_items()
        .iter()
        .map(|t| TimexSpan {
            span: span(&index, t.range),
            kind: t.kind.as_str().to_string(),
            value: t.value.clone(),
        })
        .collect();
    let sentences = d
        .sentence_items()
        .iter()
        .map(|s| span(&index, s.range))
        .collect();
    DocumentView {
        doc: doc_ref,
        publisher: d.meta.publisher.clone(),
        authors: d.meta.authors.clone(),
        language: d.meta.language.clone(),
        source: d.meta.source.clone(),
        text: text.to_string(),
        char_len: index.len_chars(),
        entities,
        quotes,
        timexes,
        sentences,
    }
}
