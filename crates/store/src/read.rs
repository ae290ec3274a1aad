//! Queries for the CLI and API: stats, entities, `show`, quotes, timelines, facts and search.
//!
//! Results carry byte offsets, code-point offsets and the evidence text, computed here through
//! [`doc::OffsetIndex`] so the edges never convert.

use crate::names::name_key;
use crate::sql::{OptionalExtension, Row, params};
use crate::{
    DocId, DocRef, EntityDetail, EntityId, EntityName, EntitySummary, FactId, FactRow, FactSummary,
    QuoteRow, SearchHit, Span, Stats, Store, StoreError, TimelineRow,
};
use doc::{EntityLabel, OffsetIndex};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Document columns for a [`DocRef`], in this order, from a table aliased `d`.
const DOC_COLS: &str = "d.id, d.doc_key, d.title, d.url, d.published";

fn doc_ref(r: &Row, at: usize) -> crate::sql::Result<DocRef> {
    Ok(DocRef {
        id: DocId(r.get(at)?),
        key: r.get(at + 1)?,
        title: r.get(at + 2)?,
        url: r.get(at + 3)?,
        published: r.get(at + 4)?,
    })
}

fn label_of(s: &str) -> Result<EntityLabel, StoreError> {
    EntityLabel::parse(s).ok_or_else(|| StoreError::Corrupt(format!("entity type {s:?}")))
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn limit(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Texts of the documents a query touches, with their offset indexes.
struct Texts<'a> {
    store: &'a Store,
    docs: BTreeMap<i64, (String, OffsetIndex)>,
}

impl<'a> Texts<'a> {
    fn new(store: &'a Store) -> Self {
        Texts {
            store,
            docs: BTreeMap::new(),
        }
    }

    fn get(&mut self, id: DocId) -> Result<&(String, OffsetIndex), StoreError> {
        if !self.docs.contains_key(&id.0) {
            let text: String = self
                .store
                .conn
                .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
                .query_row([id.0], |r| r.get(0))?;
            let index = OffsetIndex::new(&text);
            self.docs.insert(id.0, (text, index));
        }
        self.docs
            .get(&id.0)
            .ok_or_else(|| StoreError::Corrupt(format!("text of document {id}")))
    }

    /// The span (both offset kinds) and text of a byte range of a document.
    fn span(&mut self, id: DocId, start: i64, end: i64) -> Result<(Span, String), StoreError> {
        let (text, index) = self.get(id)?;
        let s = u32::try_from(start).unwrap_or(0);
        let e = u32::try_from(end).unwrap_or(0).max(s);
        let span = Span {
            start: s,
            end: e,
            char_start: index.byte_to_char(s),
            char_end: index.byte_to_char(e),
        };
        let slice = text.get(s as usize..e as usize).unwrap_or("").to_string();
        Ok((span, slice))
    }

    fn slice(
        &mut self,
        id: DocId,
        start: Option<i64>,
        end: Option<i64>,
    ) -> Result<Option<String>, StoreError> {
        match (start, end) {
            (Some(s), Some(e)) => Ok(Some(self.span(id, s, e)?.1)),
            _ => Ok(None),
        }
    }
}

/// A key that sorts TimeML values in time order: a season, quarter or week goes with the
/// month it starts in (`2024-SP` with `2024-03`, after the month itself), a half with its first
/// month; everything else sorts as written (`199` before `1994`, `2024` before `2024-03`).
pub(crate) fn time_order(value: &str) -> String {
    // Years before the common era sort before every other value (which start with a digit),
    // the earliest first: `BC0490` → `-9509`.
    if let Some(y) = value.strip_prefix("BC")
        && let Some(y) = y.get(..4).and_then(|y| y.parse::<u32>().ok())
    {
        return format!(
            "-{:04}{}",
            9999u32.saturating_sub(y),
            value.get(6..).unwrap_or("")
        );
    }
    let (Some(year), Some(rest)) = (value.get(..4), value.get(5..)) else {
        return value.to_string();
    };
    if value.as_bytes().get(4) != Some(&b'-') {
        return value.to_string();
    }
    let month = match rest {
        "WI" => Some(12),
        "SP" => Some(3),
        "SU" => Some(6),
        "FA" => Some(9),
        "H1" => Some(1),
        "H2" => Some(7),
        _ => match (
            rest.as_bytes().first(),
            rest.get(1..).map(str::parse::<u32>),
        ) {
            (Some(b'Q'), Some(Ok(q))) if (1..=4).contains(&q) => Some(q * 3 - 2),
            // ISO week n starts near day 7n - 6 of the year.
            (Some(b'W'), Some(Ok(w))) if (1..=53).contains(&w) => {
                Some(((w * 7).saturating_sub(6) * 12 / 366 + 1).min(12))
            }
            _ => None,
        },
    };
    match month {
        Some(m) => format!("{year}-{m:02}~{rest}"),
        None => value.to_string(),
    }
}

/// One timeline item before its texts are read: value, kind, text (facts), `[start, end,
/// ctx_start, ctx_end]`, document, and for a quote its speaker and dating expression.
struct RawEvent {
    value: String,
    kind: &'static str,
    text: Option<String>,
    at: [i64; 4],
    doc: DocRef,
    speaker: Option<String>,
    speaker_at: Option<[i64; 2]>,
    time_at: Option<[i64; 2]>,
    /// For a time expression: what it was resolved against (`document`, `expression`), the
    /// span of that expression, and a range's duration.
    anchor: Option<(String, Option<[i64; 2]>)>,
    duration: Option<String>,
}

/// Turns a user's search words into a safe FTS5 query: every word becomes a quoted string
/// (a trailing `*` keeps prefix search), words without letters or digits are dropped, and the
/// words are ANDed. `None` when nothing searchable is left.
pub(crate) fn fts_query(q: &str) -> Option<String> {
    let terms: Vec<String> = q
        .split_whitespace()
        .filter_map(|w| {
            let prefix = w.ends_with('*');
            let core = w.trim_end_matches('*');
            if !core.chars().any(char::is_alphanumeric) {
                return None;
            }
            let quoted = format!("\"{}\"", core.replace('"', "\"\""));
            Some(if prefix { format!("{quoted}*") } else { quoted })
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

/// The same query for PostgreSQL's `to_tsquery('simple', ...)`: each word split as the
/// `simple` parser splits it (letters and digits), lower-cased, ANDed; `word*` a prefix.
pub(crate) fn ts_query(q: &str) -> Option<String> {
    let mut terms: Vec<String> = Vec::new();
    for w in q.split_whitespace() {
        let prefix = w.ends_with('*');
        let parts: Vec<String> = w
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect();
        let n = parts.len();
        for (i, p) in parts.into_iter().enumerate() {
            terms.push(if prefix && i + 1 == n {
                format!("{p}:*")
            } else {
                p
            });
        }
    }
    (!terms.is_empty()).then(|| terms.join(" & "))
}

/// Escapes `%`, `_` and `\` for a `LIKE ... ESCAPE '\'` pattern.
fn like_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Dated items of one period, for the timeline chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`, or `YYYY` for items dated only to a year (or a season, quarter, week).
    pub period: String,
    /// True when `period` is a month.
    pub month: bool,
    pub timexes: u64,
    pub facts: u64,
    pub quotes: u64,
}

/// A statement first seen on or after a date, with its first source.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NewFact {
    pub subject: EntityName,
    pub predicate: String,
    pub object_entity: Option<EntityName>,
    pub object_value: Option<String>,
    /// The earliest and latest dates of its documents (published, else retrieved).
    pub first_seen: String,
    pub last_seen: String,
    /// How many documents state it.
    pub support: u64,
    pub confidence: f32,
    /// The first fact's document, span and sentence.
    pub doc: DocRef,
    pub span: Span,
    pub evidence: String,
}

/// The time expressions in a sentence that mentions entity `?1` or where it is quoted, found
/// from its mentions and quotes (by document, then overlap).
const ENTITY_TIMEXES: &str = "t.id IN (
    SELECT t2.id FROM mentions m JOIN timexes t2 ON t2.doc_id = m.doc_id
        AND m.start < t2.ctx_end AND m.end > t2.ctx_start
    WHERE m.entity_id = ?1
    UNION SELECT t3.id FROM quotes q JOIN timexes t3 ON t3.doc_id = q.doc_id
        AND q.ctx_start < t3.ctx_end AND q.ctx_end > t3.ctx_start
    WHERE q.speaker_entity_id = ?1)";

/// The period of a TimeML value for the month chart: `YYYY-MM` when it names a month or a day,
/// else `YYYY` (a year, season, quarter or week), else none (a decade, `PRESENT_REF`).
const PERIOD: &str = "CASE WHEN {v} GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]*' THEN substr({v}, 1, 7)
     WHEN {v} GLOB '[0-9][0-9][0-9][0-9]*' THEN substr({v}, 1, 4) END";

fn period(column: &str) -> String {
    PERIOD.replace("{v}", column)
}

impl Store {
    /// How many mentions are linked to an entity.
    pub fn mention_count(&self, id: EntityId) -> Result<u64, StoreError> {
        Ok(count(
            self.conn
                .prepare_cached("SELECT count(*) FROM mentions WHERE entity_id = ?1")?
                .query_row([id.0], |r| r.get(0))?,
        ))
    }

    /// Counts of dated items by period (see [`MonthCount`]): the time expressions, dated facts
    /// and dated quotes of the timeline (of one entity, or all), in time order.
    pub fn timeline_months(&self, entity: Option<EntityId>) -> Result<Vec<MonthCount>, StoreError> {
        let mut by: BTreeMap<String, [u64; 3]> = BTreeMap::new();
        let mut add = |sql: String, slot: usize| -> Result<(), StoreError> {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![entity.map(|e| e.0)], |r| {
                Ok((r.get::<Option<String>>(0)?, r.get::<i64>(1)?))
            })?;
            for row in rows {
                let (p, n) = row?;
                if let Some(p) = p {
                    by.entry(p).or_default()[slot] += count(n);
                }
            }
            Ok(())
        };
        let timex_filter = match entity {
            None => "?1 IS NULL",
            Some(_) => ENTITY_TIMEXES,
        };
        add(
            format!(
                "SELECT {} AS p, count(*) FROM timexes t
                 WHERE t.type IN ('DATE', 'TIME') AND t.value GLOB '[0-9]*' AND {timex_filter}
                 GROUP BY p",
                period("t.value")
            ),
            0,
        )?;
        let fact_filter = match entity {
            None => "?1 IS NULL",
            Some(_) => {
                "f.id IN (SELECT id FROM facts WHERE subject_entity_id = ?1
                          UNION ALL SELECT id FROM facts WHERE object_entity_id = ?1)"
            }
        };
        add(
            format!(
                "SELECT {} AS p, count(*) FROM facts f
                 WHERE f.valid_from IS NOT NULL AND {fact_filter} GROUP BY p",
                period("f.valid_from")
            ),
            1,
        )?;
        let quote_filter = match entity {
            None => "?1 IS NULL",
            Some(_) => "q.speaker_entity_id = ?1",
        };
        add(
            format!(
                "SELECT {} AS p, count(*) FROM quotes q
                 LEFT JOIN entities e ON e.id = q.speaker_entity_id
                 WHERE q.time_value GLOB '[0-9]*' AND {quote_filter}
                   AND coalesce(e.suppressed, 0) = 0
                 GROUP BY p",
                period("q.time_value")
            ),
            2,
        )?;
        Ok(by
            .into_iter()
            .map(|(period, [timexes, facts, quotes])| MonthCount {
                month: period.len() == 7,
                period,
                timexes,
                facts,
                quotes,
            })
            .collect())
    }

    /// Statements first seen on or after `since` (the earliest of their documents' dates,
    /// published else retrieved), newest first: a page of `limit` after `offset`, and whether
    /// more follow. Each carries its first document and sentence.
    pub fn new_facts(
        &self,
        since: &str,
        offset: usize,
        limit_n: usize,
    ) -> Result<(Vec<NewFact>, bool), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "WITH recent AS (
                 SELECT DISTINCT f.subject_entity_id AS s, f.predicate AS p,
                        f.object_entity_id AS o, f.object_value AS v
                 FROM documents d JOIN facts f ON f.doc_id = d.id
                 WHERE coalesce(d.published, d.retrieved_at) >= ?1),
             stated AS (
                 SELECT r.s, r.p, r.o, r.v, f.id, f.doc_id,
                        coalesce(d.published, d.retrieved_at) AS seen, f.confidence
                 FROM recent r
                 JOIN facts f ON f.subject_entity_id = r.s AND f.predicate = r.p
                             AND f.object_entity_id IS r.o AND f.object_value IS r.v
                 JOIN documents d ON d.id = f.doc_id)
             SELECT s, p, o, v, min(seen) AS first, max(seen), count(DISTINCT doc_id),
                    max(confidence), min(id)
             FROM stated
             GROUP BY s, p, o, v
             HAVING first >= ?1
             ORDER BY first DESC, min(id)
             LIMIT ?2 OFFSET ?3",
        )?;
        type Raw = (
            i64,
            String,
            Option<i64>,
            Option<String>,
            String,
            String,
            i64,
            f64,
            i64,
        );
        let raw: Vec<Raw> = stmt
            .query_map(
                params![since, limit(limit_n.saturating_add(1)), limit(offset)],
                |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                        r.get(6)?,
                        r.get(7)?,
                        r.get(8)?,
                    ))
                },
            )?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        let more = raw.len() > limit_n;
        let mut texts = Texts::new(self);
        let mut out = Vec::new();
        for (s, predicate, o, value, first, last, docs, conf, fact) in raw.into_iter().take(limit_n)
        {
            let Some(subject) = self.entity_name(EntityId(s))? else {
                continue;
            };
            let object_entity = match o {
                Some(o) => match self.entity_name(EntityId(o))? {
                    Some(n) => Some(n),
                    None => continue,
                },
                None => None,
            };
            let (doc_id, start, end): (i64, i64, i64) = self
                .conn
                .prepare_cached("SELECT doc_id, start, end FROM facts WHERE id = ?1")?
                .query_row([fact], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
            let Some(doc) = self.doc_ref(DocId(doc_id))? else {
                continue;
            };
            let (span, evidence) = texts.span(doc.id, start, end)?;
            out.push(NewFact {
                subject,
                predicate,
                object_entity,
                object_value: value,
                first_seen: first,
                last_seen: last,
                support: count(docs),
                confidence: conf as f32,
                doc,
                span,
                evidence,
            });
        }
        Ok((out, more))
    }

    /// An entity's id, name and type, unless it is suppressed or gone.
    fn entity_name(&self, id: EntityId) -> Result<Option<EntityName>, StoreError> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached("SELECT name, type FROM entities WHERE id = ?1 AND suppressed = 0")?
            .query_row([id.0], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        row.map(|(name, ty)| {
            Ok(EntityName {
                id,
                name,
                label: label_of(&ty)?,
            })
        })
        .transpose()
    }

    /// Counts of documents, entities, mentions, quotes, timexes and facts.
    pub fn stats(&self) -> Result<Stats, StoreError> {
        self.conn.query_row(
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities),
                    (SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes),
                    (SELECT count(*) FROM timexes), (SELECT count(*) FROM facts)",
            (),
            |r| {
                Ok(Stats {
                    documents: count(r.get(0)?),
                    entities: count(r.get(1)?),
                    mentions: count(r.get(2)?),
                    quotes: count(r.get(3)?),
                    timexes: count(r.get(4)?),
                    facts: count(r.get(5)?),
                })
            },
        )
    }

    /// How many documents the store holds.
    pub fn document_count(&self) -> Result<u64, StoreError> {
        Ok(count(self.conn.query_row(
            "SELECT count(*) FROM documents",
            (),
            |r| r.get(0),
        )?))
    }

    /// The id of the document stored under `key` (its `meta.id`, or a key it arrived under).
    pub fn document_id(&self, key: &str) -> Result<Option<DocId>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT doc_id FROM doc_keys WHERE key = ?1")?
            .query_row([key], |r| r.get(0))
            .optional()?
            .map(DocId))
    }

    /// A short reference to a document.
    pub fn doc_ref(&self, id: DocId) -> Result<Option<DocRef>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT {DOC_COLS} FROM documents d WHERE d.id = ?1"
            ))?
            .query_row([id.0], |r| doc_ref(r, 0))
            .optional()
    }

    /// Entities ordered by mention count (most first, then name, then id), optionally of one
    /// type, at most `limit`.
    pub fn entities(
        &self,
        limit_n: usize,
        label: Option<EntityLabel>,
    ) -> Result<Vec<EntitySummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT e.id, e.name, e.type,
                    (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS n
             FROM entities e
             WHERE (?1 IS NULL OR e.type = ?1) AND e.suppressed = 0
             ORDER BY n DESC, e.name, e.id
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![label.map(|l| l.as_str()), limit(limit_n)], |r| {
            Ok((
                r.get::<i64>(0)?,
                r.get::<String>(1)?,
                r.get::<String>(2)?,
                r.get::<i64>(3)?,
            ))
        })?;
        let mut raw = Vec::new();
        for row in rows {
            raw.push(row?);
        }
        drop(stmt);
        raw.into_iter()
            .map(|(id, name, ty, n)| {
                Ok(EntitySummary {
                    id: EntityId(id),
                    aliases: self.aliases(EntityId(id))?,
                    name,
                    label: label_of(&ty)?,
                    mention_count: count(n),
                })
            })
            .collect()
    }

    /// One entity's summary.
    pub fn entity(&self, id: EntityId) -> Result<Option<EntitySummary>, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT e.name, e.type, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                 FROM entities e WHERE e.id = ?1",
            )?
            .query_row([id.0], |r| {
                Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<i64>(2)?))
            })
            .optional()?;
        let Some((name, ty, n)) = row else {
            return Ok(None);
        };
        Ok(Some(EntitySummary {
            id,
            name,
            label: label_of(&ty)?,
            aliases: self.aliases(id)?,
            mention_count: count(n),
        }))
    }

    fn aliases(&self, id: EntityId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY count DESC, alias",
        )?;
        let rows = stmt.query_map([id.0], |r| r.get::<String>(0))?;
        rows.collect::<Result<_, _>>()
    }

    /// Finds an entity by name: its name key ([`crate::name_key`], a person's under the person
    /// rules, others under the rest), then an alias's key, then a substring of a name's or an
    /// alias's key (whole-word matches first); ties go to the most mentioned. Suppressed
    /// entities (false positives) are not found.
    pub fn find_entity(&self, name: &str) -> Result<Option<EntityId>, StoreError> {
        self.find_entity_with(name, false)
    }

    /// [`Store::find_entity`], suppressed entities included (for hand corrections).
    pub fn find_any_entity(&self, name: &str) -> Result<Option<EntityId>, StoreError> {
        self.find_entity_with(name, true)
    }

    fn find_entity_with(
        &self,
        name: &str,
        suppressed: bool,
    ) -> Result<Option<EntityId>, StoreError> {
        // The key of a name under the person rules (titles dropped) and under the others (a
        // leading `the` dropped); an entity matches the one of its type.
        let per = name_key(name, EntityLabel::Per);
        let other = name_key(name, EntityLabel::Org);
        let (per, other) = match (per.is_empty(), other.is_empty()) {
            (true, true) => return Ok(None),
            (true, false) => (other.clone(), other),
            (false, true) => (per.clone(), per),
            (false, false) => (per, other),
        };
        let exact = self
            .conn
            .prepare_cached(
                "SELECT e.id FROM entities e
                 WHERE e.key = CASE WHEN e.type = 'PER' THEN ?1 ELSE ?2 END
                   AND (?3 OR e.suppressed = 0)
                 ORDER BY (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) DESC, e.id
                 LIMIT 1",
            )?
            .query_row(params![&per, &other, suppressed], |r| r.get(0))
            .optional()?;
        if let Some(id) = exact {
            return Ok(Some(EntityId(id)));
        }
        let alias = self
            .conn
            .prepare_cached(
                "SELECT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id
                 WHERE a.key = CASE WHEN e.type = 'PER' THEN ?1 ELSE ?2 END
                   AND (?3 OR e.suppressed = 0)
                 GROUP BY a.entity_id ORDER BY sum(a.count) DESC, a.entity_id LIMIT 1",
            )?
            .query_row(params![&per, &other, suppressed], |r| r.get(0))
            .optional()?;
        if let Some(id) = alias {
            return Ok(Some(EntityId(id)));
        }
        let like = |k: &str| {
            (
                format!("%{}%", like_escape(k)),
                format!("% {} %", like_escape(k)),
            )
        };
        let ((per_any, per_word), (other_any, other_word)) = (like(&per), like(&other));
        let fuzzy = self
            .conn
            .prepare_cached(
                "WITH c(id, key) AS (
                    SELECT id, key FROM entities
                    UNION SELECT entity_id, key FROM aliases)
                 SELECT c.id FROM c JOIN entities e ON e.id = c.id
                 WHERE (?5 OR e.suppressed = 0)
                   AND c.key LIKE CASE WHEN e.type = 'PER' THEN ?1 ELSE ?3 END ESCAPE '\\'
                 GROUP BY c.id
                 ORDER BY max(CASE WHEN (' ' || c.key || ' ')
                              LIKE CASE WHEN e.type = 'PER' THEN ?2 ELSE ?4 END ESCAPE '\\'
                          THEN 1 ELSE 0 END) DESC,
                          (SELECT count(*) FROM mentions m WHERE m.entity_id = c.id) DESC, c.id
                 LIMIT 1",
            )?
            .query_row(
                params![&per_any, &per_word, &other_any, &other_word, suppressed],
                |r| r.get(0),
            )
            .optional()?;
        Ok(fuzzy.map(EntityId))
    }

    /// Everything `show` prints about an entity: summary, roles, affiliations, quotes,
    /// timeline and sources. `limit` bounds each list.
    pub fn entity_detail(
        &self,
        id: EntityId,
        limit_n: usize,
    ) -> Result<Option<EntityDetail>, StoreError> {
        let Some(summary) = self.entity(id)? else {
            return Ok(None);
        };
        // Every fact about the entity, read once: the role and affiliation lists and the
        // aggregated sections both come from these rows.
        let facts = self.facts(Some(id), usize::MAX)?;
        let (mut roles, mut affiliations) = (Vec::new(), Vec::new());
        for f in facts.iter().cloned() {
            let p = f.predicate.to_lowercase();
            let is_role = f.subject.id == id
                && (p.contains("role") || p.contains("title") || f.object_value.is_some());
            if is_role {
                roles.push(f);
            } else if f.object_entity.is_some() {
                affiliations.push(f);
            }
        }
        roles.truncate(limit_n);
        affiliations.truncate(limit_n);
        Ok(Some(EntityDetail {
            summary,
            roles,
            affiliations,
            facts: self.entity_facts_of(id, facts, limit_n)?,
            quotes: self.quotes(Some(id), limit_n)?,
            timeline: self.timeline(Some(id), limit_n)?,
            sources: self.sources(id, limit_n)?,
            merges: self.merge_reasons(id, limit_n)?,
        }))
    }

    /// Documents that mention an entity or quote it, newest first.
    pub fn sources(&self, id: EntityId, limit_n: usize) -> Result<Vec<DocRef>, StoreError> {
        self.sources_page(id, 0, limit_n)
    }

    /// A page of [`Store::sources`]: `limit` documents after the first `offset`.
    pub fn sources_page(
        &self,
        id: EntityId,
        offset: usize,
        limit_n: usize,
    ) -> Result<Vec<DocRef>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DOC_COLS} FROM documents d
             WHERE d.id IN (SELECT doc_id FROM mentions WHERE entity_id = ?1
                            UNION SELECT doc_id FROM quotes WHERE speaker_entity_id = ?1
                            UNION SELECT doc_id FROM facts
                                  WHERE subject_entity_id = ?1 OR object_entity_id = ?1)
             ORDER BY d.published IS NULL, d.published DESC, d.id
             LIMIT ?2 OFFSET ?3"
        ))?;
        let rows = stmt.query_map(params![id.0, limit(limit_n), limit(offset)], |r| {
            doc_ref(r, 0)
        })?;
        rows.collect::<Result<_, _>>()
    }

    /// Facts about an entity (as subject or object), or all facts; by predicate, then date.
    pub fn facts(
        &self,
        entity: Option<EntityId>,
        limit_n: usize,
    ) -> Result<Vec<FactRow>, StoreError> {
        // About one entity: through the subject and object indexes (an `OR` with `?1 IS NULL`
        // would scan every fact).
        let filter = if entity.is_some() {
            "WHERE f.id IN (SELECT id FROM facts WHERE subject_entity_id = ?1
                            UNION ALL SELECT id FROM facts WHERE object_entity_id = ?1)"
        } else {
            "WHERE ?1 IS NULL"
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT f.id, f.subject_entity_id, s.name, s.type, f.predicate,
                    f.object_entity_id, o.name, o.type, f.object_value, f.valid_from, f.valid_to,
                    f.start, f.end, f.producer, f.confidence, f.status, {DOC_COLS}
             FROM facts f
             JOIN entities s ON s.id = f.subject_entity_id
             LEFT JOIN entities o ON o.id = f.object_entity_id
             JOIN documents d ON d.id = f.doc_id
             {filter}
             ORDER BY f.predicate, f.valid_from IS NULL, f.valid_from, d.published, f.doc_id, f.start, f.id
             LIMIT ?2"
        ))?;
        struct Raw {
            id: i64,
            subject: (i64, String, String),
            predicate: String,
            object: Option<(i64, String, String)>,
            object_value: Option<String>,
            valid_from: Option<String>,
            valid_to: Option<String>,
            status: Option<String>,
            start: i64,
            end: i64,
            producer: String,
            confidence: f64,
            doc: DocRef,
        }
        let rows = stmt.query_map(params![entity.map(|e| e.0), limit(limit_n)], |r| {
            let object = match r.get::<Option<i64>>(5)? {
                Some(oid) => Some((oid, r.get(6)?, r.get(7)?)),
                None => None,
            };
            Ok(Raw {
                id: r.get(0)?,
                subject: (r.get(1)?, r.get(2)?, r.get(3)?),
                predicate: r.get(4)?,
                object,
                object_value: r.get(8)?,
                valid_from: r.get(9)?,
                valid_to: r.get(10)?,
                start: r.get(11)?,
                end: r.get(12)?,
                producer: r.get(13)?,
                confidence: r.get(14)?,
                status: r.get(15)?,
                doc: doc_ref(r, 16)?,
            })
        })?;
        let raw: Vec<Raw> = rows.collect::<Result<_, _>>()?;
        drop(stmt);
        let mut texts = Texts::new(self);
        raw.into_iter()
            .map(|f| {
                let (span, evidence) = texts.span(f.doc.id, f.start, f.end)?;
                let name =
                    |(id, name, ty): (i64, String, String)| -> Result<EntityName, StoreError> {
                        Ok(EntityName {
                            id: EntityId(id),
                            name,
                            label: label_of(&ty)?,
                        })
                    };
                Ok(FactRow {
                    id: FactId(f.id),
                    subject: name(f.subject)?,
                    predicate: f.predicate,
                    object_entity: f.object.map(name).transpose()?,
                    object_value: f.object_value,
                    valid_from: f.valid_from,
                    valid_to: f.valid_to,
                    status: f.status,
                    doc: f.doc,
                    span,
                    evidence,
                    producer: f.producer,
                    confidence: f.confidence as f32,
                })
            })
            .collect()
    }

    /// Facts aggregated by (subject, predicate, object entity, object value), about one entity
    /// (either side) or all: best supported first.
    pub fn fact_summaries(
        &self,
        entity: Option<EntityId>,
        limit_n: usize,
    ) -> Result<Vec<FactSummary>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT f.subject_entity_id, s.name, s.type, f.predicate, f.object_entity_id, o.name,
                    o.type, f.object_value, min(f.valid_from), max(f.valid_to),
                    count(DISTINCT f.doc_id), min(d.published), max(d.published),
                    max(f.confidence), group_concat(f.id), max(f.status)
             FROM facts f
             JOIN entities s ON s.id = f.subject_entity_id
             LEFT JOIN entities o ON o.id = f.object_entity_id
             JOIN documents d ON d.id = f.doc_id
             WHERE ?1 IS NULL OR f.subject_entity_id = ?1 OR f.object_entity_id = ?1
             GROUP BY f.subject_entity_id, f.predicate, f.object_entity_id, f.object_value, s.id, o.id
             ORDER BY count(DISTINCT f.doc_id) DESC, f.predicate, s.name, o.name, f.object_value
             LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![entity.map(|e| e.0), limit(limit_n)], |r| {
            let object = match r.get::<Option<i64>>(4)? {
                Some(oid) => Some((oid, r.get::<String>(5)?, r.get::<String>(6)?)),
                None => None,
            };
            Ok((
                (r.get::<i64>(0)?, r.get::<String>(1)?, r.get::<String>(2)?),
                r.get::<String>(3)?,
                object,
                r.get::<Option<String>>(7)?,
                [r.get::<Option<String>>(8)?, r.get(9)?],
                r.get::<i64>(10)?,
                [r.get::<Option<String>>(11)?, r.get(12)?],
                r.get::<f64>(13)?,
                r.get::<String>(14)?,
                r.get::<Option<String>>(15)?,
            ))
        })?;
        let name = |(id, name, ty): (i64, String, String)| -> Result<EntityName, StoreError> {
            Ok(EntityName {
                id: EntityId(id),
                name,
                label: label_of(&ty)?,
            })
        };
        let mut out = Vec::new();
        for row in rows {
            let (
                subject,
                predicate,
                object,
                object_value,
                [vf, vt],
                n,
                [first, last],
                conf,
                ids,
                status,
            ) = row?;
            let mut facts: Vec<FactId> = ids
                .split(',')
                .filter_map(|i| i.parse().ok())
                .map(FactId)
                .collect();
            facts.sort();
            out.push(FactSummary {
                subject: name(subject)?,
                predicate,
                object_entity: object.map(name).transpose()?,
                object_value,
                valid_from: vf,
                valid_to: vt,
                status,
                support: count(n),
                first_seen: first,
                last_seen: last,
                max_confidence: conf as f32,
                facts,
            });
        }
        Ok(out)
    }

    /// Quotes, all or by one speaker entity, oldest source first, at most `limit`.
    pub fn quotes(
        &self,
        by: Option<EntityId>,
        limit_n: usize,
    ) -> Result<Vec<QuoteRow>, StoreError> {
        // One speaker: through the speaker index (an `OR` with `?1 IS NULL` would scan them all).
        let filter = if by.is_some() {
            "WHERE q.speaker_entity_id = ?1 AND coalesce(e.suppressed, 0) = 0"
        } else {
            "WHERE ?1 IS NULL AND coalesce(e.suppressed, 0) = 0"
        };
        self.quote_rows(
            filter,
            "d.published IS NULL, d.published, q.doc_id, q.ord",
            params![by.map(|e| e.0), limit(limit_n)],
        )
    }

    /// Quotes whose text matches a full-text query (words ANDed; see [`Store::search`]).
    pub fn search_quotes(&self, query: &str, limit_n: usize) -> Result<Vec<QuoteRow>, StoreError> {
        let Some(q) = fts_query(query) else {
            return Ok(Vec::new());
        };
        if self.conn.is_pg() {
            let Some(q) = ts_query(query) else {
                return Ok(Vec::new());
            };
            return self.quote_rows(
                "WHERE q.fts @@ to_tsquery('simple', newsgraph_fold(?1)) AND coalesce(e.suppressed, 0) = 0",
                "d.published IS NULL, d.published, q.doc_id, q.ord",
                params![q, limit(limit_n)],
            );
        }
        self.quote_rows(
            "WHERE q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?1)
               AND coalesce(e.suppressed, 0) = 0",
            "d.published IS NULL, d.published, q.doc_id, q.ord",
            params![q, limit(limit_n)],
        )
    }

    fn quote_rows(
        &self,
        filter: &str,
        order: &str,
        args: &[&dyn crate::sql::ToValue],
    ) -> Result<Vec<QuoteRow>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT q.id, q.start, q.end, q.direct, q.speaker_start, q.speaker_end, q.cue_start,
                    q.cue_end, q.speaker_entity_id, e.name, q.confidence, q.ctx_start, q.ctx_end,
                    q.time_value, q.time_start, q.time_end, q.kind, {DOC_COLS}
             FROM quotes q
             JOIN documents d ON d.id = q.doc_id
             LEFT JOIN entities e ON e.id = q.speaker_entity_id
             {filter}
             ORDER BY {order}
             LIMIT ?2"
        ))?;
        type Raw = (
            i64,
            [i64; 2],
            bool,
            [Option<i64>; 4],
            Option<i64>,
            Option<String>,
            f64,
            [i64; 2],
            (Option<String>, Option<i64>, Option<i64>),
            Option<String>,
            DocRef,
        );
        let rows = stmt.query_map(args, |r| -> crate::sql::Result<Raw> {
            Ok((
                r.get(0)?,
                [r.get(1)?, r.get(2)?],
                r.get(3)?,
                [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?],
                r.get(8)?,
                r.get(9)?,
                r.get(10)?,
                [r.get(11)?, r.get(12)?],
                (r.get(13)?, r.get(14)?, r.get(15)?),
                r.get(16)?,
                doc_ref(r, 17)?,
            ))
        })?;
        let raw: Vec<Raw> = rows.collect::<Result<_, _>>()?;
        drop(stmt);
        let mut texts = Texts::new(self);
        raw.into_iter()
            .map(
                |(
                    id,
                    [s, e],
                    direct,
                    [ss, se, cs, ce],
                    ent,
                    ent_name,
                    conf,
                    [xs, xe],
                    (time, ts, te),
                    kind,
                    doc,
                )| {
                    let (span, text) = texts.span(doc.id, s, e)?;
                    let time_text = match time {
                        Some(_) => texts.slice(doc.id, ts, te)?,
                        None => None,
                    };
                    let speaker_text = texts.slice(doc.id, ss, se)?;
                    let cue = texts.slice(doc.id, cs, ce)?;
                    let (_, sentence) = texts.span(doc.id, xs, xe)?;
                    Ok(QuoteRow {
                        id,
                        doc,
                        text,
                        span,
                        direct,
                        speaker_name: ent_name.or_else(|| speaker_text.clone()),
                        speaker_entity: ent.map(EntityId),
                        speaker_text,
                        cue,
                        sentence,
                        confidence: conf as f32,
                        time_label: time.as_deref().map(timex::display),
                        time,
                        time_text,
                        kind,
                    })
                },
            )
            .collect()
    }

    /// Dated items in order of their normalized value: for an entity, the `DATE`/`TIME`
    /// expressions in sentences that mention it (or where it is quoted), its facts with a
    /// start date and its quotes that carry a time; without an entity, every dated expression
    /// and every dated quote. A quote stands in for the expression that dates it. At most
    /// `limit`.
    pub fn timeline(
        &self,
        entity: Option<EntityId>,
        limit_n: usize,
    ) -> Result<Vec<TimelineRow>, StoreError> {
        let mut raw: Vec<RawEvent> = Vec::new();
        {
            // One entity: its expressions are found from its mentions and quotes (through their
            // indexes), not by testing every expression of the store.
            let filter = match entity {
                None => "?1 IS NULL",
                Some(_) => ENTITY_TIMEXES,
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT t.value, t.start, t.end, t.ctx_start, t.ctx_end,
                        t.anchor, t.anchor_start, t.anchor_end, t.duration, {DOC_COLS}
                 FROM timexes t JOIN documents d ON d.id = t.doc_id
                 WHERE t.type IN ('DATE', 'TIME') AND (t.value GLOB '[0-9]*' OR t.value GLOB 'BC[0-9]*')
                   AND {filter}
                 ORDER BY t.value, d.published, t.doc_id, t.start
                 LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![entity.map(|e| e.0), limit(limit_n)], |r| {
                let anchor_at = match (r.get::<Option<i64>>(6)?, r.get::<Option<i64>>(7)?) {
                    (Some(a), Some(b)) => Some([a, b]),
                    _ => None,
                };
                Ok(RawEvent {
                    value: r.get(0)?,
                    kind: "timex",
                    text: None,
                    at: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
                    doc: doc_ref(r, 9)?,
                    speaker: None,
                    speaker_at: None,
                    time_at: None,
                    anchor: r.get::<Option<String>>(5)?.map(|a| (a, anchor_at)),
                    duration: r.get(8)?,
                })
            })?;
            for row in rows {
                raw.push(row?);
            }
        }
        {
            let speaker = if entity.is_some() {
                "q.speaker_entity_id = ?1"
            } else {
                "?1 IS NULL"
            };
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT q.time_value, q.start, q.end, q.ctx_start, q.ctx_end, e.name,
                        q.speaker_start, q.speaker_end, q.time_start, q.time_end, {DOC_COLS}
                 FROM quotes q JOIN documents d ON d.id = q.doc_id
                 LEFT JOIN entities e ON e.id = q.speaker_entity_id
                 WHERE q.time_value GLOB '[0-9]*'
                   AND {speaker}
                   AND coalesce(e.suppressed, 0) = 0
                 ORDER BY q.time_value, d.published, q.doc_id, q.start
                 LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![entity.map(|e| e.0), limit(limit_n)], |r| {
                let pair = |a: usize, b: usize| -> crate::sql::Result<Option<[i64; 2]>> {
                    Ok(match (r.get::<Option<i64>>(a)?, r.get::<Option<i64>>(b)?) {
                        (Some(s), Some(e)) => Some([s, e]),
                        _ => None,
                    })
                };
                Ok(RawEvent {
                    value: r.get(0)?,
                    kind: "quote",
                    text: None,
                    at: [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
                    speaker: r.get(5)?,
                    speaker_at: pair(6, 7)?,
                    time_at: pair(8, 9)?,
                    doc: doc_ref(r, 10)?,
                    anchor: None,
                    duration: None,
                })
            })?;
            for row in rows {
                raw.push(row?);
            }
        }
        // The expression that dates a quote is shown with the quote, not twice.
        let dating: BTreeSet<(i64, i64)> = raw
            .iter()
            .filter_map(|x| x.time_at.map(|t| (x.doc.id.0, t[0])))
            .collect();
        raw.retain(|x| x.kind != "timex" || !dating.contains(&(x.doc.id.0, x.at[0])));
        if let Some(id) = entity {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT f.valid_from, f.predicate, coalesce(o.name, f.object_value), f.start, f.end,
                        {DOC_COLS}
                 FROM facts f JOIN documents d ON d.id = f.doc_id
                 LEFT JOIN entities o ON o.id = f.object_entity_id
                 WHERE (f.subject_entity_id = ?1 OR f.object_entity_id = ?1)
                   AND f.valid_from IS NOT NULL
                 ORDER BY f.valid_from, d.published, f.doc_id, f.start
                 LIMIT ?2"
            ))?;
            let rows = stmt.query_map(params![id.0, limit(limit_n)], |r| {
                let predicate: String = r.get(1)?;
                let object: Option<String> = r.get(2)?;
                let text = match object {
                    Some(o) => format!("{predicate} {o}"),
                    None => predicate,
                };
                let (s, e): (i64, i64) = (r.get(3)?, r.get(4)?);
                Ok(RawEvent {
                    value: r.get(0)?,
                    kind: "fact",
                    text: Some(text),
                    at: [s, e, s, e],
                    doc: doc_ref(r, 5)?,
                    speaker: None,
                    speaker_at: None,
                    time_at: None,
                    anchor: None,
                    duration: None,
                })
            })?;
            for row in rows {
                raw.push(row?);
            }
        }
        // A time expression that dates a fact of the same sentence is shown with the fact.
        let dated_facts: BTreeSet<(i64, i64, String)> = raw
            .iter()
            .filter(|x| x.kind == "fact")
            .map(|x| (x.doc.id.0, x.at[0], x.value.clone()))
            .collect();
        if !dated_facts.is_empty() {
            raw.retain(|x| {
                x.kind != "timex"
                    || !dated_facts
                        .range(
                            (x.doc.id.0, x.at[2], String::new())
                                ..(x.doc.id.0, x.at[3], String::new()),
                        )
                        .any(|(_, _, v)| *v == x.value)
            });
        }
        raw.sort_by_cached_key(|x| {
            (
                time_order(&x.value),
                x.doc.published.clone(),
                x.doc.id,
                x.at[0],
            )
        });
        raw.truncate(limit_n);
        let mut texts = Texts::new(self);
        raw.into_iter()
            .map(|x| {
                let [s, e, xs, xe] = x.at;
                let (span, surface) = texts.span(x.doc.id, s, e)?;
                let (_, evidence) = texts.span(x.doc.id, xs, xe)?;
                let speaker = match (x.speaker, x.speaker_at) {
                    (Some(name), _) => Some(name),
                    (None, Some([a, b])) => Some(texts.span(x.doc.id, a, b)?.1),
                    (None, None) => None,
                };
                let time_text = match x.time_at {
                    Some([a, b]) => Some(texts.span(x.doc.id, a, b)?.1),
                    None => None,
                };
                let (anchor, anchor_text) = match x.anchor {
                    Some((kind, Some([a, b]))) => (Some(kind), Some(texts.span(x.doc.id, a, b)?.1)),
                    Some((kind, None)) => (Some(kind), None),
                    None => (None, None),
                };
                Ok(TimelineRow {
                    label: timex::display(&x.value),
                    value: x.value,
                    kind: x.kind.to_string(),
                    text: x.text.unwrap_or(surface),
                    speaker,
                    time_text,
                    anchor,
                    anchor_text,
                    duration_label: x.duration.as_deref().map(timex::display),
                    duration: x.duration,
                    span,
                    evidence,
                    doc: x.doc,
                })
            })
            .collect()
    }

    /// Full-text search over document titles and text. The query is taken as plain words
    /// (ANDed; `word*` for a prefix), so FTS syntax in it never errors. Best hits first;
    /// snippets mark matches with `[` and `]`.
    pub fn search(&self, query: &str, limit_n: usize) -> Result<Vec<SearchHit>, StoreError> {
        let (sql, q) = if self.conn.is_pg() {
            let Some(q) = ts_query(query) else {
                return Ok(Vec::new());
            };
            // Title words weigh twice the text's (`A` and `B`, as bm25's 2.0 and 1.0); the
            // rank is negated so that, as with bm25, lower is better.
            (
                format!(
                    "SELECT {DOC_COLS},
                        ts_headline('simple', d.text, to_tsquery('simple', newsgraph_fold(?1)),
                            'StartSel=[, StopSel=], MaxWords=16, MinWords=4, ShortWord=0,
                             MaxFragments=1, FragmentDelimiter=…'),
                        -ts_rank(d.fts, to_tsquery('simple', newsgraph_fold(?1))) AS score
                 FROM documents d
                 WHERE d.fts @@ to_tsquery('simple', newsgraph_fold(?1))
                 ORDER BY score, d.id
                 LIMIT ?2"
                ),
                q,
            )
        } else {
            let Some(q) = fts_query(query) else {
                return Ok(Vec::new());
            };
            (
                format!(
                    "SELECT {DOC_COLS}, snippet(documents_fts, -1, '[', ']', '…', 16),
                    bm25(documents_fts, 2.0, 1.0) AS score
             FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
             WHERE documents_fts MATCH ?1
             ORDER BY score, d.id
             LIMIT ?2"
                ),
                q,
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![q, limit(limit_n)], |r| {
            Ok(SearchHit {
                doc: doc_ref(r, 0)?,
                snippet: r.get(5)?,
                rank: r.get(6)?,
            })
        })?;
        rows.collect::<Result<_, _>>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(fts_query("Zakayev"), Some("\"Zakayev\"".into()));
        assert_eq!(fts_query("AND ("), Some("\"AND\"".into()));
        assert_eq!(fts_query("\""), None);
        assert_eq!(
            fts_query("say\"s Kyi*"),
            Some("\"say\"\"s\" \"Kyi\"*".into())
        );
        assert_eq!(fts_query("   "), None);
    }

    #[test]
    fn time_values_sort_in_time_order() {
        let mut v = vec![
            "2024-SP",
            "2024-08-25",
            "2024",
            "199",
            "2024-Q3",
            "1994",
            "2024-03",
            "2024-W34",
            "2023-WI",
            "2024-02",
            "BC0490",
            "0070",
            "BC1200",
        ];
        v.sort_by_cached_key(|x| time_order(x));
        assert_eq!(
            v,
            vec![
                "BC1200",
                "BC0490",
                "0070",
                "199",
                "1994",
                "2023-WI",
                "2024",
                "2024-02",
                "2024-03",
                "2024-SP",
                "2024-Q3",
                "2024-08-25",
                "2024-W34"
            ]
        );
        assert_eq!(time_order("PRESENT_REF"), "PRESENT_REF");
        assert_eq!(time_order("2024-W99"), "2024-W99");
        assert_eq!(time_order("20"), "20");
    }

    #[test]
    fn like_patterns_are_escaped() {
        assert_eq!(like_escape("50%_a\\"), "50\\%\\_a\\\\");
    }
}
