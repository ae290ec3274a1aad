//! Rebuilding `Document`s with their layers from the tables, one at a time (for export).

use crate::codec;
use crate::sql::{OptionalExtension, params};
use crate::{DocId, Store, StoreError};
use doc::{
    DocMeta, Document, EntityLabel, Layer, LayerKind, Mention, Producer, Quote, Relation,
    TextRange, Timex, TimexAnchor, TimexRangeEnd, TimexType,
};
use std::collections::BTreeMap;

/// How many document ids one page of [`Store::for_each_document`] reads.
const PAGE: i64 = 256;

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn range(s: i64, e: i64) -> Result<TextRange, StoreError> {
    match (u32::try_from(s), u32::try_from(e)) {
        (Ok(s), Ok(e)) if s <= e => Ok(TextRange { start: s, end: e }),
        _ => Err(corrupt(format_args!("range {s}..{e}"))),
    }
}

fn opt_range(s: Option<i64>, e: Option<i64>) -> Result<Option<TextRange>, StoreError> {
    match (s, e) {
        (Some(s), Some(e)) => range(s, e).map(Some),
        _ => Ok(None),
    }
}

fn idx(v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| corrupt(format_args!("index {v}")))
}

/// Every document of a store, rebuilt with its layers, in id order: see [`Store::documents`].
pub struct Documents<'a> {
    store: &'a Store,
    after: i64,
    page: std::collections::VecDeque<i64>,
    done: bool,
}

impl Documents<'_> {
    fn refill(&mut self) -> Result<(), StoreError> {
        let mut stmt = self
            .store
            .conn
            .prepare_cached("SELECT id FROM documents WHERE id > ?1 ORDER BY id LIMIT ?2")?;
        let rows = stmt.query_map(params![self.after, PAGE], |r| r.get::<i64>(0))?;
        for row in rows {
            self.page.push_back(row?);
        }
        match self.page.back() {
            Some(&last) => self.after = last,
            None => self.done = true,
        }
        Ok(())
    }
}

impl Iterator for Documents<'_> {
    type Item = Result<(DocId, Document), StoreError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(id) = self.page.pop_front() {
                match self.store.document(DocId(id)) {
                    Ok(Some(d)) => return Some(Ok((DocId(id), d))),
                    Ok(None) => continue, // deleted meanwhile
                    Err(e) => return Some(Err(e)),
                }
            }
            if self.done {
                return None;
            }
            if let Err(e) = self.refill() {
                self.done = true;
                return Some(Err(e));
            }
        }
    }
}

impl Store {
    /// Every document rebuilt with its layers, in id order, as a streaming iterator: it reads
    /// a page of ids at a time and one document at a time.
    pub fn documents(&self) -> Documents<'_> {
        Documents {
            store: self,
            after: i64::MIN,
            page: std::collections::VecDeque::new(),
            done: false,
        }
    }

    /// Calls `f` with every document, rebuilt with its layers, in id order. Reads the ids a page
    /// at a time and one document at a time, so memory stays flat however large the store.
    /// Returns how many documents were visited; stops at the first error `f` returns.
    pub fn for_each_document<F, E>(&self, mut f: F) -> Result<usize, E>
    where
        F: FnMut(DocId, Document) -> Result<(), E>,
        E: From<StoreError>,
    {
        let mut n = 0usize;
        for item in self.documents() {
            let (id, d) = item?;
            f(id, d)?;
            n += 1;
        }
        Ok(n)
    }

    /// One document rebuilt with all its layers; mentions carry their entity's canonical name
    /// and quotes their speaker entity's.
    pub fn document(&self, id: DocId) -> Result<Option<Document>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT doc_key, url, guid, title, authors, publisher, published, modified, feed,
                        retrieved_at, language, source, extra, text
                 FROM documents WHERE id = ?1",
            )?
            .query_row([id.0], |r| {
                Ok((
                    DocMeta {
                        id: r.get(0)?,
                        url: r.get(1)?,
                        guid: r.get(2)?,
                        title: r.get(3)?,
                        authors: Vec::new(),
                        publisher: r.get(5)?,
                        published: r.get(6)?,
                        modified: r.get(7)?,
                        feed: r.get(8)?,
                        retrieved_at: r.get(9)?,
                        language: r.get(10)?,
                        source: r.get(11)?,
                        extra: BTreeMap::new(),
                    },
                    r.get::<String>(4)?,
                    r.get::<String>(12)?,
                    r.get::<String>(13)?,
                ))
            })
            .optional()?;
        let Some((mut meta, authors, extra, text)) = row else {
            return Ok(None);
        };
        meta.authors = serde_json::from_str(&authors)?;
        meta.extra = serde_json::from_str(&extra)?;
        let mut d = Document::new(meta, text).map_err(corrupt)?;

        let layers: Vec<(String, Producer, Option<Vec<u8>>)> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT l.kind, p.annotator, p.version, p.model, l.items
                 FROM layers l JOIN producers p ON p.id = l.producer_id
                 WHERE l.doc_id = ?1 ORDER BY l.kind",
            )?;
            let rows = stmt.query_map([id.0], |r| {
                let model: String = r.get(3)?;
                Ok((
                    r.get(0)?,
                    Producer {
                        annotator: r.get(1)?,
                        version: r.get(2)?,
                        model: (!model.is_empty()).then_some(model),
                    },
                    r.get(4)?,
                ))
            })?;
            rows.collect::<Result<_, _>>()?
        };
        // Set layers in pipeline order so each one's prerequisites exist.
        let mut by_kind: BTreeMap<LayerKind, (Producer, Option<Vec<u8>>)> = BTreeMap::new();
        for (kind, producer, items) in layers {
            let kind = LayerKind::ALL
                .into_iter()
                .find(|k| k.name() == kind)
                .ok_or_else(|| corrupt(format_args!("layer kind {kind:?}")))?;
            by_kind.insert(kind, (producer, items));
        }
        for (kind, (p, items)) in by_kind {
            let blob = items.unwrap_or_default();
            let r = match kind {
                LayerKind::Tokens => d.set_tokens(Layer::new(p, codec::decode_tokens(&blob)?)),
                LayerKind::Sentences => {
                    d.set_sentences(Layer::new(p, codec::decode_sentences(&blob)?))
                }
                LayerKind::Pos => d.set_pos(Layer::new(p, codec::decode_pos(&blob)?)),
                LayerKind::Deps => d.set_deps(Layer::new(p, codec::decode_deps(&blob)?)),
                LayerKind::Coref => d.set_coref(Layer::new(p, codec::decode_coref(&blob)?)),
                LayerKind::Entities => d.set_entities(Layer::new(p, self.mention_items(id)?)),
                LayerKind::Quotes => d.set_quotes(Layer::new(p, self.quote_items(id)?)),
                LayerKind::Timexes => d.set_timexes(Layer::new(p, self.timex_items(id)?)),
                LayerKind::Relations => d.set_relations(Layer::new(p, self.relation_items(id)?)),
            };
            r.map_err(corrupt)?;
        }
        Ok(Some(d))
    }

    fn mention_items(&self, id: DocId) -> Result<Vec<Mention>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT m.start, m.end, m.label, m.fine_label, m.confidence, e.name
             FROM mentions m LEFT JOIN entities e ON e.id = m.entity_id
             WHERE m.doc_id = ?1 ORDER BY m.ord",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<i64>(1)?,
                r.get::<String>(2)?,
                r.get::<Option<String>>(3)?,
                r.get::<f64>(4)?,
                r.get::<Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (s, e, label, fine_label, confidence, entity) = row?;
            out.push(Mention {
                range: range(s, e)?,
                label: EntityLabel::parse(&label)
                    .ok_or_else(|| corrupt(format_args!("label {label:?}")))?,
                fine_label,
                confidence: confidence as f32,
                entity,
            });
        }
        Ok(out)
    }

    fn quote_items(&self, id: DocId) -> Result<Vec<Quote>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT q.start, q.end, q.direct, q.speaker_start, q.speaker_end, q.cue_start,
                    q.cue_end, e.name, q.confidence, q.time_value, q.time_start, q.time_end,
                    q.kind
             FROM quotes q LEFT JOIN entities e ON e.id = q.speaker_entity_id
             WHERE q.doc_id = ?1 ORDER BY q.ord",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                [r.get::<i64>(0)?, r.get::<i64>(1)?],
                r.get::<bool>(2)?,
                [r.get::<Option<i64>>(3)?, r.get(4)?, r.get(5)?, r.get(6)?],
                r.get::<Option<String>>(7)?,
                r.get::<f64>(8)?,
                (
                    r.get::<Option<String>>(9)?,
                    r.get::<Option<i64>>(10)?,
                    r.get::<Option<i64>>(11)?,
                ),
                r.get::<Option<String>>(12)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let ([s, e], direct, [ss, se, cs, ce], speaker_entity, confidence, (tv, ts, te), kind) =
                row?;
            out.push(Quote {
                range: range(s, e)?,
                direct,
                speaker: opt_range(ss, se)?,
                cue: opt_range(cs, ce)?,
                speaker_entity,
                confidence: confidence as f32,
                time_evidence: tv.as_ref().and(opt_range(ts, te)?),
                time: tv,
                kind: kind.as_deref().and_then(doc::QuoteKind::parse),
            });
        }
        Ok(out)
    }

    fn timex_items(&self, id: DocId) -> Result<Vec<Timex>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT start, end, type, value, anchor, anchor_start, anchor_end,
                    range_to_start, range_to_end, duration
             FROM timexes WHERE doc_id = ?1 ORDER BY ord",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                (
                    r.get::<i64>(0)?,
                    r.get::<i64>(1)?,
                    r.get::<String>(2)?,
                    r.get::<String>(3)?,
                ),
                (
                    r.get::<Option<String>>(4)?,
                    r.get::<Option<i64>>(5)?,
                    r.get::<Option<i64>>(6)?,
                ),
                (
                    r.get::<Option<i64>>(7)?,
                    r.get::<Option<i64>>(8)?,
                    r.get::<Option<String>>(9)?,
                ),
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let ((s, e, ty, value), anchor, to) = row?;
            let anchor = match anchor {
                (Some(a), _, _) if a == "document" => Some(TimexAnchor::Document),
                (Some(a), Some(x), Some(y)) if a == "expression" => {
                    Some(TimexAnchor::Expression(range(x, y)?))
                }
                (None, _, _) => None,
                (Some(a), _, _) => return Err(corrupt(format_args!("timex anchor {a:?}"))),
            };
            let span_to = match to {
                (Some(x), Some(y), Some(duration)) => Some(TimexRangeEnd {
                    to: range(x, y)?,
                    duration,
                }),
                _ => None,
            };
            out.push(Timex {
                range: range(s, e)?,
                kind: TimexType::parse(&ty)
                    .ok_or_else(|| corrupt(format_args!("timex type {ty:?}")))?,
                value,
                anchor,
                span_to,
            });
        }
        Ok(out)
    }

    fn relation_items(&self, id: DocId) -> Result<Vec<Relation>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT subject_mention, predicate, object_mention, object_value, start, end, confidence,
                    valid_from, valid_to, status
             FROM facts WHERE doc_id = ?1 AND rel_ord IS NOT NULL ORDER BY rel_ord",
        )?;
        let rows = stmt.query_map([id.0], |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<Option<i64>>(2)?,
                r.get::<Option<String>>(3)?,
                r.get::<i64>(4)?,
                r.get::<i64>(5)?,
                r.get::<f64>(6)?,
                r.get::<Option<String>>(7)?,
                r.get::<Option<String>>(8)?,
                r.get::<Option<String>>(9)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (subject, predicate, object, object_value, s, e, confidence, from, to, status) =
                row?;
            out.push(Relation {
                subject: idx(subject)?,
                predicate,
                object: object.map(idx).transpose()?,
                object_value,
                evidence: range(s, e)?,
                confidence: confidence as f32,
                valid_from: from,
                valid_to: to,
                status,
            });
        }
        Ok(out)
    }
}
