//! Writes: document upserts (dedup, change detection, layer rows, entity links), facts,
//! deletion and the fetch cache.

use crate::codec;
use crate::curate::{alias_keys_params, entity_keys_params, gc_entities, rename_auto};
use crate::names::{EntityLinks, EntityRef, LinkNote, clean_name, entity_with_key, name_key};
use crate::sql::{Conn, OptionalExtension, params};
use crate::{DocId, EntityId, Fact, FactId, Store, StoreError, Upsert, Validators};
use doc::{Document, EntityLabel, LayerKind, Producer, TextRange};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// How an existing document was found for an incoming one.
enum Found {
    /// By one of its keys; `key_hash` is what that key delivered last time.
    Key { id: DocId, key_hash: String },
    /// By URL or GUID (the same article under another key).
    Source(DocId),
    /// By the normalized-text hash (the same text from another source).
    Text(DocId),
}

/// The hash that detects a change: text, metadata (but not `id` or `retrieved_at`, which say
/// nothing about content) and layers. The entity links are not part of it: they depend on what
/// the store held when the document came (and on hand corrections made since), so the same
/// document ingested again is unchanged and keeps its (possibly curated) links.
fn content_hash(doc: &Document) -> Result<String, StoreError> {
    #[derive(Serialize)]
    struct Hashed<'a> {
        doc: &'a Document,
    }
    let mut d = doc.clone();
    d.meta.id.clear();
    d.meta.retrieved_at = None;
    // Where the bytes were read from (a path spelled another way) is not content.
    d.meta.source = None;
    let bytes = serde_json::to_vec(&Hashed { doc: &d })?;
    let digest = Sha256::digest(&bytes);
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// A document ready to be written, with the hashes that cost time to compute (the content hash
/// serializes every layer), so that they can be computed on the thread that annotated it rather
/// than on the single writer.
#[derive(Clone, Debug)]
pub struct Prepared {
    doc: Document,
    text_hash: String,
    content_hash: String,
    rows: RowParts,
}

/// What a document's rows need that depends on the document alone (layer blobs, mention
/// surfaces with their name keys, evidence ranges of quotes and time expressions), computed
/// before the writer takes it.
#[derive(Clone, Debug, Default)]
struct RowParts {
    /// The encoded items of each layer kind the document has, in `layer_kinds` order.
    blobs: Vec<(LayerKind, Option<Vec<u8>>)>,
    /// Per mention: its cleaned surface, and the alias columns (key, surname, acronym).
    surfaces: Vec<(String, KeyParams)>,
    /// Per quote and per time expression: the evidence range around it.
    quote_ctx: Vec<TextRange>,
    timex_ctx: Vec<TextRange>,
}

type KeyParams = (String, Option<String>, Option<String>);

impl RowParts {
    fn of(doc: &Document) -> Result<RowParts, StoreError> {
        let mut blobs = Vec::new();
        for kind in doc.layer_kinds() {
            let items: Option<Vec<u8>> = match kind {
                LayerKind::Tokens => Some(codec::encode_tokens(doc.token_items())),
                LayerKind::Sentences => Some(codec::encode_sentences(doc.sentence_items())),
                LayerKind::Pos => Some(codec::encode_pos(doc.pos().map_or(&[][..], |l| &l.items))?),
                LayerKind::Coref => Some(codec::encode_coref(
                    doc.coref().map_or(&[][..], |l| &l.items),
                )?),
                LayerKind::Deps => Some(codec::encode_deps(
                    doc.deps().map_or(&[][..], |l| &l.items),
                )?),
                LayerKind::Entities
                | LayerKind::Quotes
                | LayerKind::Timexes
                | LayerKind::Relations => None,
            };
            blobs.push((kind, items));
        }
        let surfaces = doc
            .entity_items()
            .iter()
            .map(|m| {
                let surface = clean_name(doc.slice(m.range));
                let keys = alias_keys_params(&surface, m.label);
                (surface, keys)
            })
            .collect();
        let quote_ctx = doc
            .quote_items()
            .iter()
            .map(|q| {
                let mut around = q.range;
                for r in q.speaker.iter().chain(q.cue.iter()) {
                    around = around.cover(*r);
                }
                context_range(doc, around)
            })
            .collect();
        let timex_ctx = doc
            .timex_items()
            .iter()
            .map(|t| context_range(doc, t.range))
            .collect();
        Ok(RowParts {
            blobs,
            surfaces,
            quote_ctx,
            timex_ctx,
        })
    }
}

impl Prepared {
    /// Computes the content hash of `doc` and what its rows need; `text_hash` is the caller's
    /// normalized-text hash (the dedup key for the same text from another source).
    pub fn new(doc: Document, text_hash: String) -> Result<Prepared, StoreError> {
        let content_hash = content_hash(&doc)?;
        let rows = RowParts::of(&doc)?;
        Ok(Prepared {
            doc,
            text_hash,
            content_hash,
            rows,
        })
    }

    pub fn doc(&self) -> &Document {
        &self.doc
    }

    pub fn into_doc(self) -> Document {
        self.doc
    }
}

/// Counts row writes so a test can inject a failure in the middle of a document.
struct Budget(Option<usize>);

impl Budget {
    fn spend(&mut self) -> Result<(), StoreError> {
        match &mut self.0 {
            Some(0) => Err(injected()),
            Some(n) => {
                *n -= 1;
                Ok(())
            }
            None => Ok(()),
        }
    }
}

#[cfg(test)]
fn injected() -> StoreError {
    StoreError::Injected
}

/// Unreachable outside tests: the budget can only be armed by a test hook.
#[cfg(not(test))]
fn injected() -> StoreError {
    StoreError::Corrupt("injected failure".into())
}

fn opt_i64(v: Option<u32>) -> Option<i64> {
    v.map(i64::from)
}

/// Clamps a confidence into `[0, 1]` (NaN counts as 0): stored layer confidences are data.
fn unit(c: f32) -> f64 {
    if c.is_nan() {
        0.0
    } else {
        f64::from(c.clamp(0.0, 1.0))
    }
}

/// The evidence range around `r`: the sentences it overlaps (or the one containing its start),
/// or without a sentence layer the line around it, at most 400 bytes either side.
pub(crate) fn context_range(doc: &Document, r: TextRange) -> TextRange {
    let sentences = doc.sentence_items();
    let mut cover: Option<TextRange> = None;
    for s in sentences {
        let hit = s.range.overlaps(r) || (s.range.start <= r.start && r.start < s.range.end);
        if hit {
            cover = Some(cover.map_or(s.range, |c| c.cover(s.range)));
        }
    }
    if let Some(c) = cover {
        return c.cover(r);
    }
    let text = doc.text();
    const REACH: usize = 400;
    let rs = (r.start as usize).min(text.len());
    let re = (r.end as usize).clamp(rs, text.len());
    let mut start = text
        .get(..rs)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    if rs - start > REACH {
        start = rs - REACH;
        while start < rs && !text.is_char_boundary(start) {
            start += 1;
        }
    }
    let mut end = text
        .get(re..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| re + i);
    if end - re > REACH {
        end = re + REACH;
        while end > re && !text.is_char_boundary(end) {
            end -= 1;
        }
    }
    TextRange::from_usize(start, end)
}

impl Store {
    /// Upserts a document with no entity links: its mentions are stored unlinked, and its
    /// quotes without speakers' entities. Links come from the engine's resolution, through
    /// [`Store::upsert_document_with`].
    ///
    /// Dedup: by key (`meta.id`, or any key it arrived under before), then URL, then GUID, then
    /// the normalized-text hash. Identical → `Unchanged`; changed text, metadata or layers →
    /// `Updated` (its rows replaced); same text from another source → `Unchanged`; else
    /// `Inserted`. One transaction: all the document's rows or none.
    pub fn upsert_document(
        &mut self,
        doc: &Document,
        text_hash: &str,
    ) -> Result<Upsert, StoreError> {
        self.upsert_document_with(doc, text_hash, &EntityLinks::default())
    }

    /// Upserts a document with entity links supplied by the caller (a resolver). Slot `i` of
    /// `links.mentions` links mention `i`, slot `i` of `links.speakers` links quote `i`.
    pub fn upsert_document_with(
        &mut self,
        doc: &Document,
        text_hash: &str,
        links: &EntityLinks,
    ) -> Result<Upsert, StoreError> {
        let hash = content_hash(doc)?;
        let parts = RowParts::of(doc)?;
        self.upsert_hashed(doc, text_hash, &hash, &parts, links)
    }

    /// Upserts a [`Prepared`] document (its hashes computed beforehand, e.g. on the thread that
    /// annotated it) with the caller's entity links; otherwise as [`Store::upsert_document_with`].
    pub fn upsert_prepared(
        &mut self,
        p: &Prepared,
        links: &EntityLinks,
    ) -> Result<Upsert, StoreError> {
        self.upsert_hashed(&p.doc, &p.text_hash, &p.content_hash, &p.rows, links)
    }

    /// Writes a [`Prepared`] document into the open write batch without a savepoint of its own
    /// (a savepoint per document made SQLite copy every page a document touched into the
    /// statement journal and flush the full-text indexes at each one). On an error the batch
    /// holds part of the document: the caller must roll the batch back (and may write its
    /// earlier documents again, which gives the same rows). Without an open batch this is
    /// [`Store::upsert_prepared`].
    pub fn upsert_prepared_in_batch(
        &mut self,
        p: &Prepared,
        links: &EntityLinks,
    ) -> Result<Upsert, StoreError> {
        if !self.in_batch() {
            return self.upsert_prepared(p, links);
        }
        let mut budget = Budget(self.fail_after.take());
        upsert_rows(
            &self.conn,
            &p.doc,
            &p.text_hash,
            &p.content_hash,
            &p.rows,
            links,
            &mut budget,
        )
    }

    /// Starts a write batch: one transaction (taking the write lock now) that the following
    /// upserts join, each inside its own savepoint, until [`Store::commit_batch`]. A document
    /// whose upsert fails is rolled back alone; a crash or a dropped store rolls back the whole
    /// batch, so what is committed is always whole documents. Reads on this store see the
    /// batch's writes. Commands with their own transaction (`add_fact`, curation) refuse to run
    /// inside a batch.
    ///
    /// Statements prepared inside a batch get the query planner stability guarantee
    /// (`SQLITE_DBCONFIG_ENABLE_QPSG`): their plans never depend on bound values, so SQLite
    /// does not prepare a cached statement again each time it is bound anew (it did for most
    /// resolution look-ups: a tenth of the ingest time). Without `ANALYZE` data the plans are
    /// the same.
    ///
    /// In PostgreSQL the batch is a transaction that holds the writers' advisory lock until it
    /// ends, so entity resolution, which reads the store and then writes what it decided, never
    /// interleaves with another process's writes.
    pub fn begin_batch(&mut self) -> Result<(), StoreError> {
        self.qpsg(true)?;
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    /// How many pages the write-ahead log may grow to before a commit copies it into the
    /// database file (SQLite's `wal_autocheckpoint`, 1000 unless changed; nothing in
    /// PostgreSQL). A long ingest raises it so that a page its batches write again and again
    /// is copied once, not at every thousandth page; the log is copied when the run lowers it
    /// again, or when the last connection closes.
    pub fn set_checkpoint_pages(&self, pages: u32) -> Result<(), StoreError> {
        if let Conn::Lite(c) = &self.conn {
            c.execute_batch(&format!("PRAGMA wal_autocheckpoint = {pages}"))?;
        }
        Ok(())
    }

    fn qpsg(&self, on: bool) -> Result<(), StoreError> {
        if let Conn::Lite(c) = &self.conn {
            c.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, on)?;
        }
        Ok(())
    }

    /// Commits the open write batch (nothing happens when none is open).
    pub fn commit_batch(&mut self) -> Result<(), StoreError> {
        if self.in_batch() {
            if self.conn.is_pg() {
                // What this connection wrote is no change for its own caches.
                let seq = self.seq_value()?;
                self.conn.execute_batch("COMMIT")?;
                let (_, version) = self.pg_version.get();
                self.pg_version.set((Some(seq), version));
            } else {
                self.conn.prepare_cached("COMMIT")?.execute(())?;
            }
        }
        self.qpsg(false)
    }

    /// Rolls the open write batch back (nothing happens when none is open).
    pub fn rollback_batch(&mut self) -> Result<(), StoreError> {
        if self.in_batch() {
            self.conn.execute_batch("ROLLBACK")?;
        }
        self.qpsg(false)
    }

    fn seq_value(&self) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT value FROM counters WHERE name = 'seq'")?
            .query_row((), |r| r.get(0))
    }

    /// Changes when another connection commits, so a cache of store contents kept by this
    /// connection's writer knows when to start over: SQLite's `PRAGMA data_version`; in
    /// PostgreSQL a count of the times the store's write counter was found moved by someone
    /// else.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        if self.conn.is_pg() {
            let seq = self.seq_value()?;
            let (own, version) = self.pg_version.get();
            if own == Some(seq) {
                return Ok(version);
            }
            self.pg_version.set((Some(seq), version + 1));
            return Ok(version + 1);
        }
        self.conn
            .prepare_cached("PRAGMA data_version")?
            .query_row((), |r| r.get(0))
    }

    /// Whether any name is pinned to an entity by hand (see [`Store::pinned_entity`]).
    pub fn has_pins(&self) -> Result<bool, StoreError> {
        self.conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM curated_names WHERE rule = 'pin')")?
            .query_row((), |r| r.get(0))
    }

    /// The distinct entities a stored document's mentions link to.
    pub fn document_entities(&self, id: DocId) -> Result<Vec<EntityId>, StoreError> {
        self
            .conn
            .prepare_cached(
                "SELECT DISTINCT entity_id FROM mentions WHERE doc_id = ?1 AND entity_id IS NOT NULL",
            )?
            .query_map([id.0], |r| r.get(0).map(EntityId))?
            .collect::<Result<_, _>>()
    }

    /// Whether a write batch is open.
    pub fn in_batch(&self) -> bool {
        !self.conn.is_autocommit()
    }

    /// One document's upsert: in its own transaction, or in a savepoint of the open batch.
    fn upsert_hashed(
        &mut self,
        doc: &Document,
        text_hash: &str,
        hash: &str,
        parts: &RowParts,
        links: &EntityLinks,
    ) -> Result<Upsert, StoreError> {
        let mut budget = Budget(self.fail_after.take());
        if self.in_batch() {
            self.conn.prepare_cached("SAVEPOINT doc")?.execute(())?;
            match upsert_rows(&self.conn, doc, text_hash, hash, parts, links, &mut budget) {
                Ok(outcome) => {
                    self.conn.prepare_cached("RELEASE doc")?.execute(())?;
                    Ok(outcome)
                }
                Err(e) => {
                    // The document's rows go; the batch's earlier documents stay.
                    self.conn.execute_batch("ROLLBACK TO doc; RELEASE doc")?;
                    Err(e)
                }
            }
        } else {
            let tx = self.conn.transaction()?;
            let outcome = upsert_rows(&tx, doc, text_hash, hash, parts, links, &mut budget)?;
            tx.commit()?;
            Ok(outcome)
        }
    }

    /// Adds a fact. Refused (nothing written) when its provenance is missing or invalid: an
    /// unknown document, a range outside the document's text or off a character boundary, an
    /// empty producer or predicate, a confidence outside `[0, 1]`, or an unknown entity.
    ///
    /// A fact belongs to its document: when the document is updated or deleted, it goes too.
    pub fn add_fact(&mut self, fact: &Fact) -> Result<FactId, StoreError> {
        if fact.producer.trim().is_empty() {
            return Err(StoreError::InvalidFact("no producer".into()));
        }
        if fact.predicate.trim().is_empty() {
            return Err(StoreError::InvalidFact("no predicate".into()));
        }
        if !(0.0..=1.0).contains(&fact.confidence) {
            return Err(StoreError::InvalidFact(format!(
                "confidence {} is not in [0, 1]",
                fact.confidence
            )));
        }
        if fact.range.start > fact.range.end {
            return Err(StoreError::InvalidFact(format!(
                "evidence range {} is reversed",
                fact.range
            )));
        }
        let tx = self.conn.transaction()?;
        let text: Option<String> = tx
            .prepare_cached("SELECT text FROM documents WHERE id = ?1")?
            .query_row([fact.doc.0], |r| r.get(0))
            .optional()?;
        let Some(text) = text else {
            return Err(StoreError::InvalidFact(format!(
                "no document with id {}",
                fact.doc
            )));
        };
        let (s, e) = (fact.range.start as usize, fact.range.end as usize);
        if e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            return Err(StoreError::InvalidFact(format!(
                "evidence range {} is outside the document text ({} bytes) or splits a character",
                fact.range,
                text.len()
            )));
        }
        for id in std::iter::once(fact.subject).chain(fact.object_entity) {
            if !entity_exists(&tx, id)? {
                return Err(StoreError::UnknownEntity(id.0));
            }
        }
        let seq = next_seq(&tx)?;
        let id = insert_fact(
            &tx,
            fact,
            FactOrigin {
                rel_ord: None,
                subject_mention: None,
                object_mention: None,
            },
            seq,
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Deletes a document and all its rows; entities left without mentions, quotes or facts go
    /// too. Returns whether the document existed.
    pub fn delete_document(&mut self, id: DocId) -> Result<bool, StoreError> {
        let tx = self.conn.transaction()?;
        let touched = clear_rows(&tx, id)?;
        let n = tx.execute("DELETE FROM documents WHERE id = ?1", [id.0])?;
        gc_entities(&tx, &touched)?;
        tx.commit()?;
        Ok(n > 0)
    }

    /// The conditional-GET validators stored for a URL.
    pub fn get_validators(&self, url: &str) -> Result<Option<Validators>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT etag, last_modified, fetched_at FROM fetch_cache WHERE url = ?1",
            )?
            .query_row([url], |r| {
                Ok(Validators {
                    etag: r.get(0)?,
                    last_modified: r.get(1)?,
                    fetched_at: r.get(2)?,
                })
            })
            .optional()
    }

    /// Stores (replaces) the conditional-GET validators for a URL. `fetched_at` comes from the
    /// caller's clock.
    pub fn put_validators(
        &mut self,
        url: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
        fetched_at: &str,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO fetch_cache(url, etag, last_modified, fetched_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(url) DO UPDATE SET etag = excluded.etag,
                   last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
            )?
            .execute(params![url, etag, last_modified, fetched_at])?;
        Ok(())
    }
}

/// Dedup, change detection and the rows of one document, on a connection inside a transaction.
fn upsert_rows(
    tx: &Conn,
    doc: &Document,
    text_hash: &str,
    hash: &str,
    parts: &RowParts,
    links: &EntityLinks,
    budget: &mut Budget,
) -> Result<Upsert, StoreError> {
    let key = doc_key(doc, text_hash, hash);
    let key = key.as_str();
    Ok(match find_existing(tx, key, doc, text_hash)? {
        Some(Found::Key { id, key_hash }) => {
            if key_hash == hash {
                Upsert::Unchanged(id)
            } else {
                set_key_hash(tx, key, id, hash)?;
                if stored_hash(tx, id)? == hash {
                    Upsert::Unchanged(id)
                } else {
                    replace(tx, id, doc, text_hash, hash, parts, links, budget)?;
                    Upsert::Updated(id)
                }
            }
        }
        Some(Found::Source(id)) => {
            set_key_hash(tx, key, id, hash)?;
            if stored_hash(tx, id)? == hash {
                Upsert::Unchanged(id)
            } else {
                replace(tx, id, doc, text_hash, hash, parts, links, budget)?;
                Upsert::Updated(id)
            }
        }
        Some(Found::Text(id)) => {
            set_key_hash(tx, key, id, hash)?;
            Upsert::Unchanged(id)
        }
        None => {
            let seq = next_seq(tx)?;
            let id = insert_document_row(tx, key, doc, text_hash, hash, seq)?;
            set_key_hash(tx, key, id, hash)?;
            write_rows(tx, id, doc, parts, links, seq, budget)?;
            Upsert::Inserted(id)
        }
    })
}

fn next_seq(tx: &Conn) -> Result<i64, StoreError> {
    tx.prepare_cached("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value")?
        .query_row((), |r| r.get(0))
}

fn stored_hash(tx: &Conn, id: DocId) -> Result<String, StoreError> {
    tx.prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")?
        .query_row([id.0], |r| r.get(0))
}

fn set_key_hash(tx: &Conn, key: &str, id: DocId, hash: &str) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO doc_keys(key, doc_id, content_hash) VALUES (?1, ?2, ?3)
         ON CONFLICT(key) DO UPDATE SET doc_id = excluded.doc_id, content_hash = excluded.content_hash",
    )?
    .execute(params![key, id.0, hash])?;
    Ok(())
}

fn entity_exists(tx: &Conn, id: EntityId) -> Result<bool, StoreError> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM entities WHERE id = ?1")?
        .query_row([id.0], |_| Ok(()))
        .optional()?
        .is_some())
}

/// The key a document is stored under: its `meta.id`, or for a document without one its URL,
/// GUID or text hash (so two keyless documents are never taken for one).
fn doc_key(doc: &Document, text_hash: &str, content_hash: &str) -> String {
    let m = &doc.meta;
    let pick = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    pick(Some(&m.id))
        .or_else(|| pick(m.url.as_deref()))
        .or_else(|| pick(m.guid.as_deref()).map(|g| format!("guid:{g}")))
        .or_else(|| pick(Some(text_hash)).map(|h| format!("text:{h}")))
        .unwrap_or_else(|| format!("content:{content_hash}"))
}

fn find_existing(
    tx: &Conn,
    key: &str,
    doc: &Document,
    text_hash: &str,
) -> Result<Option<Found>, StoreError> {
    let by_key = tx
        .prepare_cached("SELECT doc_id, content_hash FROM doc_keys WHERE key = ?1")?
        .query_row([key], |r| {
            Ok(Found::Key {
                id: DocId(r.get(0)?),
                key_hash: r.get(1)?,
            })
        })
        .optional()?;
    if by_key.is_some() {
        return Ok(by_key);
    }
    let one = |sql: &str, v: &str| -> Result<Option<DocId>, StoreError> {
        Ok(tx
            .prepare_cached(sql)?
            .query_row([v], |r| r.get::<Option<i64>>(0))?
            .map(DocId))
    };
    let url = doc.meta.url.as_deref().filter(|u| !u.is_empty());
    if let Some(id) = url
        .map(|u| one("SELECT min(id) FROM documents WHERE url = ?1", u))
        .transpose()?
        .flatten()
    {
        return Ok(Some(Found::Source(id)));
    }
    let guid = doc.meta.guid.as_deref().filter(|g| !g.is_empty());
    if let Some(id) = guid
        .map(|g| one("SELECT min(id) FROM documents WHERE guid = ?1", g))
        .transpose()?
        .flatten()
    {
        return Ok(Some(Found::Source(id)));
    }
    let hash = Some(text_hash).filter(|h| !h.is_empty());
    Ok(hash
        .map(|h| one("SELECT min(id) FROM documents WHERE text_hash = ?1", h))
        .transpose()?
        .flatten()
        .map(Found::Text))
}

/// Metadata columns in table order after `doc_key`.
fn meta_params(doc: &Document) -> Result<(String, String), StoreError> {
    Ok((
        serde_json::to_string(&doc.meta.authors)?,
        serde_json::to_string(&doc.meta.extra)?,
    ))
}

fn insert_document_row(
    tx: &Conn,
    key: &str,
    doc: &Document,
    text_hash: &str,
    hash: &str,
    seq: i64,
) -> Result<DocId, StoreError> {
    let m = &doc.meta;
    let (authors, extra) = meta_params(doc)?;
    let id = tx
        .prepare_cached(
            "INSERT INTO documents(doc_key, url, guid, title, authors, publisher, published, modified,
               feed, retrieved_at, language, source, extra, text, text_hash, content_hash,
               created_seq, updated_seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)
             RETURNING id",
        )?
        .query_row(
            params![
                key,
                m.url,
                m.guid,
                m.title,
                authors,
                m.publisher,
                m.published,
                m.modified,
                m.feed,
                m.retrieved_at,
                m.language,
                m.source,
                extra,
                doc.text(),
                text_hash,
                hash,
                seq
            ],
            |r| r.get(0),
        )?;
    Ok(DocId(id))
}

/// Replaces an existing document's text, metadata and rows (the key stays the first one).
#[allow(clippy::too_many_arguments)]
fn replace(
    tx: &Conn,
    id: DocId,
    doc: &Document,
    text_hash: &str,
    hash: &str,
    parts: &RowParts,
    links: &EntityLinks,
    budget: &mut Budget,
) -> Result<(), StoreError> {
    let seq = next_seq(tx)?;
    let touched = clear_rows(tx, id)?;
    let m = &doc.meta;
    let (authors, extra) = meta_params(doc)?;
    tx.prepare_cached(
        "UPDATE documents SET url = ?2, guid = ?3, title = ?4, authors = ?5, publisher = ?6,
           published = ?7, modified = ?8, feed = ?9, retrieved_at = ?10, language = ?11,
           source = ?12, extra = ?13, text = ?14, text_hash = ?15, content_hash = ?16,
           updated_seq = ?17
         WHERE id = ?1",
    )?
    .execute(params![
        id.0,
        m.url,
        m.guid,
        m.title,
        authors,
        m.publisher,
        m.published,
        m.modified,
        m.feed,
        m.retrieved_at,
        m.language,
        m.source,
        extra,
        doc.text(),
        text_hash,
        hash,
        seq
    ])?;
    write_rows(tx, id, doc, parts, links, seq, budget)?;
    gc_entities(tx, &touched)?;
    Ok(())
}

/// Deletes a document's layer rows (not the document) and returns the entities they touched.
fn clear_rows(tx: &Conn, id: DocId) -> Result<Vec<EntityId>, StoreError> {
    let mut touched = Vec::new();
    {
        let mut stmt = tx.prepare_cached(
            "SELECT entity_id FROM mentions WHERE doc_id = ?1 AND entity_id IS NOT NULL
             UNION SELECT speaker_entity_id FROM quotes WHERE doc_id = ?1 AND speaker_entity_id IS NOT NULL
             UNION SELECT subject_entity_id FROM facts WHERE doc_id = ?1
             UNION SELECT object_entity_id FROM facts WHERE doc_id = ?1 AND object_entity_id IS NOT NULL",
        )?;
        let rows = stmt.query_map([id.0], |r| r.get::<i64>(0))?;
        for row in rows {
            touched.push(EntityId(row?));
        }
    }
    tx.prepare_cached(
        "UPDATE aliases SET count = count - (SELECT count(*) FROM mentions m
             WHERE m.doc_id = ?1 AND m.entity_id = aliases.entity_id AND m.surface = aliases.alias)
         WHERE entity_id IN (SELECT entity_id FROM mentions WHERE doc_id = ?1)",
    )?
    .execute([id.0])?;
    tx.prepare_cached(
        "DELETE FROM aliases WHERE count <= 0 AND pinned = 0
         AND entity_id IN (SELECT entity_id FROM mentions WHERE doc_id = ?1)",
    )?
    .execute([id.0])?;
    for sql in [
        "DELETE FROM entity_evidence WHERE doc_id = ?1",
        "DELETE FROM facts WHERE doc_id = ?1",
        "DELETE FROM quotes WHERE doc_id = ?1",
        "DELETE FROM timexes WHERE doc_id = ?1",
        "DELETE FROM mentions WHERE doc_id = ?1",
        "DELETE FROM layers WHERE doc_id = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([id.0])?;
    }
    Ok(touched)
}

fn producer_id(tx: &Conn, p: &Producer) -> Result<i64, StoreError> {
    let model = p.model.as_deref().unwrap_or("");
    let found: Option<i64> = tx
        .prepare_cached(
            "SELECT id FROM producers WHERE annotator = ?1 AND version = ?2 AND model = ?3",
        )?
        .query_row(params![p.annotator, p.version, model], |r| r.get(0))
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.prepare_cached(
        "INSERT INTO producers(annotator, version, model) VALUES (?1, ?2, ?3) RETURNING id",
    )?
    .query_row(params![p.annotator, p.version, model], |r| r.get(0))
}

/// Resolves entity references to ids within one document's transaction.
struct Linker<'a> {
    tx: &'a Conn,
    seq: i64,
    cache: BTreeMap<(String, EntityLabel), EntityId>,
}

impl Linker<'_> {
    fn resolve(&mut self, r: Option<&EntityRef>) -> Result<Option<EntityId>, StoreError> {
        match r {
            None => Ok(None),
            Some(EntityRef::Id(id)) => {
                if entity_exists(self.tx, *id)? {
                    Ok(Some(*id))
                } else {
                    Err(StoreError::UnknownEntity(id.0))
                }
            }
            Some(EntityRef::Key { name, label }) => {
                let cache_key = (clean_name(name), *label);
                if let Some(id) = self.cache.get(&cache_key) {
                    return Ok(Some(*id));
                }
                let (name, label) = &cache_key;
                let key = name_key(name, *label);
                if key.is_empty() {
                    return Ok(None);
                }
                let id = match entity_with_key(self.tx, &key, *label, name, None)? {
                    Some(id) => id,
                    None => {
                        let (key, surname, acronym) = entity_keys_params(name, *label);
                        EntityId(
                            self.tx
                                .prepare_cached(
                                    "INSERT INTO entities(name, type, created_seq, key, surname, acronym)
                                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                                )?
                                .query_row(
                                    params![name, label.as_str(), self.seq, key, surname, acronym],
                                    |r| r.get(0),
                                )?,
                        )
                    }
                };
                self.cache.insert(cache_key, id);
                Ok(Some(id))
            }
        }
    }
}

struct FactOrigin {
    rel_ord: Option<u32>,
    subject_mention: Option<u32>,
    object_mention: Option<u32>,
}

fn insert_fact(tx: &Conn, f: &Fact, origin: FactOrigin, seq: i64) -> Result<FactId, StoreError> {
    let id = tx
        .prepare_cached(
            "INSERT INTO facts(subject_entity_id, predicate, object_entity_id, object_value,
               valid_from, valid_to, doc_id, start, end, producer, confidence, rel_ord,
               subject_mention, object_mention, created_seq, status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             RETURNING id",
        )?
        .query_row(
            params![
                f.subject.0,
                f.predicate,
                f.object_entity.map(|e| e.0),
                f.object_value,
                f.valid_from,
                f.valid_to,
                f.doc.0,
                f.range.start,
                f.range.end,
                f.producer,
                f64::from(f.confidence),
                origin.rel_ord,
                origin.subject_mention,
                origin.object_mention,
                seq,
                f.status.as_deref().map(str::trim).filter(|s| !s.is_empty())
            ],
            |r| r.get(0),
        )?;
    Ok(FactId(id))
}

/// The columns of one quote row that are not read straight from the quote.
struct QuoteCols<'a> {
    q: &'a doc::Quote,
    ord: i64,
    speaker_start: Option<i64>,
    speaker_end: Option<i64>,
    cue_start: Option<i64>,
    cue_end: Option<i64>,
    speaker: Option<i64>,
    confidence: f64,
    text: &'a str,
    ctx: TextRange,
    time_start: Option<i64>,
    time_end: Option<i64>,
    kind: Option<&'a str>,
}

/// Statement sizes for [`insert_many`], largest first (a few sizes, so a few cached statements).
const ROWS_PER_INSERT: [usize; 3] = [16, 4, 1];

/// Inserts `rows` (each one value per column, in the order of `head`'s column list) with
/// multi-row `INSERT … VALUES (…), (…)` statements, in order.
fn insert_many<const N: usize>(
    tx: &Conn,
    head: &str,
    rows: &[[&dyn crate::sql::ToValue; N]],
) -> Result<(), StoreError> {
    let mut rest = rows;
    while !rest.is_empty() {
        let n = ROWS_PER_INSERT
            .iter()
            .copied()
            .find(|&n| n <= rest.len())
            .unwrap_or(1);
        let (chunk, tail) = rest.split_at(n.min(rest.len()));
        let mut sql = String::with_capacity(head.len() + n * N * 6 + 8);
        sql.push_str(head);
        sql.push_str(" VALUES ");
        for r in 0..chunk.len() {
            sql.push_str(if r == 0 { "(" } else { ", (" });
            for c in 0..N {
                if c > 0 {
                    sql.push_str(", ");
                }
                sql.push('?');
                sql.push_str(&(r * N + c + 1).to_string());
            }
            sql.push(')');
        }
        let args: Vec<&dyn crate::sql::ToValue> = chunk.iter().flatten().copied().collect();
        tx.prepare_cached(&sql)?.execute(&args[..])?;
        rest = tail;
    }
    Ok(())
}

/// Writes every layer row of a document: the layers table, mentions (with entity links and
/// aliases), quotes, timexes and facts from the relations layer.
fn write_rows(
    tx: &Conn,
    id: DocId,
    doc: &Document,
    parts: &RowParts,
    links: &EntityLinks,
    seq: i64,
    budget: &mut Budget,
) -> Result<(), StoreError> {
    let mut producers: Vec<(LayerKind, i64)> = Vec::new();
    for (kind, items) in &parts.blobs {
        let kind = *kind;
        let Some(p) = doc.producer(kind) else {
            continue;
        };
        let pid = producer_id(tx, p)?;
        producers.push((kind, pid));
        budget.spend()?;
        tx.prepare_cached(
            "INSERT INTO layers(doc_id, kind, producer_id, items) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id.0, kind.name(), pid, items])?;
    }
    let pid_of = |k: LayerKind| producers.iter().find(|(kind, _)| *kind == k).map(|p| p.1);
    let mut linker = Linker {
        tx,
        seq,
        cache: BTreeMap::new(),
    };

    // Mentions, their entities and aliases.
    let mut mention_entities: Vec<Option<EntityId>> = Vec::new();
    if let Some(pid) = pid_of(LayerKind::Entities) {
        let mut rows: Vec<(i64, &doc::Mention, Option<i64>, f64, &String)> =
            Vec::with_capacity(doc.entity_items().len());
        // Each (entity, surface) once per document, counted, in order of first mention.
        let mut aliases: Vec<(EntityId, usize, i64)> = Vec::new();
        let mut alias_at: std::collections::HashMap<(EntityId, &str), usize> =
            std::collections::HashMap::new();
        for (i, m) in doc.entity_items().iter().enumerate() {
            let entity = linker.resolve(links.mentions.get(i).and_then(Option::as_ref))?;
            mention_entities.push(entity);
            let Some((surface, _)) = parts.surfaces.get(i) else {
                return Err(StoreError::Corrupt("mention surfaces out of step".into()));
            };
            budget.spend()?;
            rows.push((
                i as i64,
                m,
                entity.map(|e| e.0),
                unit(m.confidence),
                surface,
            ));
            if let (Some(e), false) = (entity, surface.is_empty()) {
                match alias_at.entry((e, surface.as_str())) {
                    std::collections::hash_map::Entry::Occupied(at) => {
                        if let Some(a) = aliases.get_mut(*at.get()) {
                            a.2 += 1;
                        }
                    }
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(aliases.len());
                        aliases.push((e, i, 1));
                    }
                }
            }
        }
        let labels: Vec<&str> = rows.iter().map(|r| r.1.label.as_str()).collect();
        let values: Vec<[&dyn crate::sql::ToValue; 10]> = rows
            .iter()
            .zip(&labels)
            .map(|((ord, m, entity, confidence, surface), label)| {
                [
                    &id.0 as &dyn crate::sql::ToValue,
                    ord,
                    &m.range.start,
                    &m.range.end,
                    label,
                    &m.fine_label,
                    confidence,
                    entity,
                    surface,
                    &pid,
                ]
            })
            .collect();
        insert_many(
            tx,
            "INSERT INTO mentions(doc_id, ord, start, end, label, fine_label, confidence,
               entity_id, surface, producer_id)",
            &values,
        )?;
        let mut alias = tx.prepare_cached(
            "INSERT INTO aliases(entity_id, alias, count, key, surname, acronym)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT(entity_id, alias) DO UPDATE SET count = aliases.count + excluded.count",
        )?;
        for (e, i, n) in aliases {
            let Some((surface, (key, surname, acronym))) = parts.surfaces.get(i) else {
                continue;
            };
            alias.execute(params![e.0, surface, n, key, surname, acronym])?;
        }
    }

    if let Some(pid) = pid_of(LayerKind::Quotes) {
        // Several rows per statement: each statement that fills a full-text index flushes it
        // first (its statement journal opens a savepoint on the index), so one statement per
        // quote made one index segment per quote.
        let mut rows = Vec::with_capacity(doc.quote_items().len());
        for (i, q) in doc.quote_items().iter().enumerate() {
            let speaker = linker.resolve(links.speakers.get(i).and_then(Option::as_ref))?;
            let Some(ctx) = parts.quote_ctx.get(i) else {
                return Err(StoreError::Corrupt("quote contexts out of step".into()));
            };
            budget.spend()?;
            rows.push((i as i64, q, speaker.map(|e| e.0), ctx));
        }
        let mut owned: Vec<QuoteCols<'_>> = Vec::with_capacity(rows.len());
        for (i, q, speaker, ctx) in rows {
            owned.push(QuoteCols {
                ord: i,
                speaker_start: opt_i64(q.speaker.map(|r| r.start)),
                speaker_end: opt_i64(q.speaker.map(|r| r.end)),
                cue_start: opt_i64(q.cue.map(|r| r.start)),
                cue_end: opt_i64(q.cue.map(|r| r.end)),
                speaker,
                confidence: unit(q.confidence),
                text: doc.slice(q.range),
                time_start: opt_i64(q.time_evidence.map(|r| r.start)),
                time_end: opt_i64(q.time_evidence.map(|r| r.end)),
                kind: q.kind.map(doc::QuoteKind::as_str),
                q,
                ctx: *ctx,
            });
        }
        let mut values: Vec<[&dyn crate::sql::ToValue; 19]> = Vec::with_capacity(owned.len());
        for c in &owned {
            values.push([
                &id.0,
                &c.ord,
                &c.q.range.start,
                &c.q.range.end,
                &c.q.direct,
                &c.speaker_start,
                &c.speaker_end,
                &c.cue_start,
                &c.cue_end,
                &c.speaker,
                &c.confidence,
                &c.text,
                &c.ctx.start,
                &c.ctx.end,
                &pid,
                &c.q.time,
                &c.time_start,
                &c.time_end,
                &c.kind,
            ]);
        }
        insert_many(
            tx,
            "INSERT INTO quotes(doc_id, ord, start, end, direct, speaker_start, speaker_end,
               cue_start, cue_end, speaker_entity_id, confidence, text, ctx_start, ctx_end,
               producer_id, time_value, time_start, time_end, kind)",
            &values,
        )?;
    }

    // Why each name joined its entity, and canonical-name updates.
    {
        let mut evidence: Vec<(i64, &LinkNote)> = Vec::with_capacity(links.notes.len());
        for note in &links.notes {
            let Some(entity) = linker.resolve(Some(&note.target))? else {
                continue;
            };
            if let Some(new) = &note.rename_to {
                rename_auto(tx, entity, new)?;
            }
            if note.reason.trim().is_empty() {
                continue;
            }
            evidence.push((entity.0, note));
        }
        let values: Vec<[&dyn crate::sql::ToValue; 5]> = evidence
            .iter()
            .map(|(entity, note)| {
                [
                    entity as &dyn crate::sql::ToValue,
                    &note.name,
                    &note.reason,
                    &id.0,
                    &seq,
                ]
            })
            .collect();
        insert_many(
            tx,
            "INSERT INTO entity_evidence(entity_id, name, reason, doc_id, created_seq)",
            &values,
        )?;
    }

    if let Some(pid) = pid_of(LayerKind::Timexes) {
        let mut ins = tx.prepare_cached(
            "INSERT INTO timexes(doc_id, ord, start, end, type, value, ctx_start, ctx_end, producer_id,
                                 anchor, anchor_start, anchor_end, range_to_start, range_to_end, duration)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        )?;
        for (i, t) in doc.timex_items().iter().enumerate() {
            let Some(ctx) = parts.timex_ctx.get(i) else {
                return Err(StoreError::Corrupt(
                    "time expression contexts out of step".into(),
                ));
            };
            budget.spend()?;
            let (anchor, anchor_at) = match t.anchor {
                Some(doc::TimexAnchor::Document) => (Some("document"), None),
                Some(doc::TimexAnchor::Expression(r)) => (Some("expression"), Some(r)),
                None => (None, None),
            };
            let to = t.span_to.as_ref();
            ins.execute(params![
                id.0,
                i as i64,
                t.range.start,
                t.range.end,
                t.kind.as_str(),
                t.value,
                ctx.start,
                ctx.end,
                pid,
                anchor,
                anchor_at.map(|r| r.start),
                anchor_at.map(|r| r.end),
                to.map(|x| x.to.start),
                to.map(|x| x.to.end),
                to.map(|x| x.duration.as_str()),
            ])?;
        }
    }

    if let Some(layer) = doc.relations() {
        let producer = layer.producer.label();
        for (i, r) in layer.items.iter().enumerate() {
            let subject = mention_entities.get(r.subject as usize).copied().flatten();
            let object = match r.object {
                Some(o) => match mention_entities.get(o as usize).copied().flatten() {
                    Some(e) => Some(e),
                    None => continue, // the object mention is missing or unlinked
                },
                None => None,
            };
            let (Some(subject), false) = (subject, r.predicate.trim().is_empty()) else {
                continue; // no linked subject or no predicate: not a fact
            };
            let fact = Fact {
                subject,
                predicate: r.predicate.clone(),
                object_entity: object,
                object_value: r.object_value.clone(),
                valid_from: r.valid_from.clone(),
                valid_to: r.valid_to.clone(),
                status: r.status.clone(),
                doc: id,
                range: r.evidence,
                producer: producer.clone(),
                confidence: unit(r.confidence) as f32,
            };
            budget.spend()?;
            insert_fact(
                tx,
                &fact,
                FactOrigin {
                    rel_ord: Some(i as u32),
                    subject_mention: Some(r.subject),
                    object_mention: r.object,
                },
                seq,
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::{DocMeta, Layer, Mention, Producer};

    /// A document with one PER mention per listed occurrence (names may repeat).
    fn doc_with(key: &str, words: &[&str]) -> (Document, EntityLinks) {
        let text = format!("{}.", words.join(" and "));
        let mut d = Document::new(DocMeta::new(key), &text).unwrap();
        let mut at = 0;
        let mut mentions = Vec::new();
        for w in words {
            let s = at + text[at..].find(w).unwrap();
            at = s + w.len();
            mentions.push(Mention {
                range: TextRange::from_usize(s, at),
                label: EntityLabel::Per,
                fine_label: None,
                confidence: 0.9,
                entity: None,
            });
        }
        d.set_entities(Layer::new(Producer::new("ner", "1"), mentions))
            .unwrap();
        let links = EntityLinks {
            mentions: words
                .iter()
                .map(|w| {
                    Some(EntityRef::Key {
                        name: (*w).to_string(),
                        label: EntityLabel::Per,
                    })
                })
                .collect(),
            speakers: Vec::new(),
            notes: Vec::new(),
        };
        (d, links)
    }

    fn rows(s: &Store, sql: &str) -> Vec<(i64, i64, String)> {
        s.conn
            .prepare(sql)
            .unwrap()
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    const MENTIONS: &str = "SELECT id, ord, surface FROM mentions ORDER BY id";
    const ALIASES: &str = "SELECT entity_id, count, alias FROM aliases ORDER BY entity_id, alias";

    #[test]
    fn mentions_go_in_order_through_multi_row_inserts_and_aliases_are_counted() {
        // 21 mentions: statements of 16, 4 and 1 rows.
        let names = ["Ann", "Bob", "Cy"];
        let words: Vec<&str> = (0..21).map(|i| names[i % 3]).collect();
        let (d, links) = doc_with("a", &words);
        let mut s = Store::open_in_memory().unwrap();
        let p = Prepared::new(d, "h".into()).unwrap();
        s.begin_batch().unwrap();
        assert!(matches!(
            s.upsert_prepared_in_batch(&p, &links).unwrap(),
            Upsert::Inserted(_)
        ));
        s.commit_batch().unwrap();
        let m = rows(&s, MENTIONS);
        assert_eq!(m.len(), 21);
        for (i, (_, ord, surface)) in m.iter().enumerate() {
            assert_eq!(*ord, i as i64);
            assert_eq!(surface, names[i % 3]);
        }
        let a = rows(&s, ALIASES);
        assert_eq!(a.len(), 3, "{a:?}");
        assert!(a.iter().all(|(_, n, _)| *n == 7), "{a:?}");
    }

    #[test]
    fn a_batch_rolled_back_and_written_again_gives_the_same_rows() {
        let (d1, l1) = doc_with("one", &["Ann", "Bob", "Ann"]);
        let (d2, l2) = doc_with("two", &["Bob", "Cy", "Dee"]);
        let (p1, p2) = (
            Prepared::new(d1, "h1".into()).unwrap(),
            Prepared::new(d2, "h2".into()).unwrap(),
        );

        let mut clean = Store::open_in_memory().unwrap();
        clean.begin_batch().unwrap();
        clean.upsert_prepared_in_batch(&p1, &l1).unwrap();
        clean.commit_batch().unwrap();

        // The second document fails midway; the caller rolls back and writes the first again.
        let mut s = Store::open_in_memory().unwrap();
        s.begin_batch().unwrap();
        s.upsert_prepared_in_batch(&p1, &l1).unwrap();
        s.fail_after_rows(Some(2));
        assert!(s.upsert_prepared_in_batch(&p2, &l2).is_err());
        s.rollback_batch().unwrap();
        s.begin_batch().unwrap();
        s.upsert_prepared_in_batch(&p1, &l1).unwrap();
        s.commit_batch().unwrap();

        for sql in [
            MENTIONS,
            ALIASES,
            "SELECT id, created_seq, name FROM entities ORDER BY id",
        ] {
            assert_eq!(rows(&s, sql), rows(&clean, sql), "{sql}");
        }
        assert_eq!(s.stats().unwrap(), clean.stats().unwrap());
        assert_eq!(s.search("Dee", 5).unwrap().len(), 0);
        assert_eq!(s.search("Ann", 5).unwrap().len(), 1);
    }
}
