//! The schema as an ordered list of migrations, applied by `PRAGMA user_version`.
//!
//! Migration `i` (0-based) brings a database from version `i` to `i + 1`. Never edit a migration
//! that has shipped: append a new one.

use crate::StoreError;
use crate::sql::Conn;

/// Version 1: documents, layers, mentions, entities, aliases, quotes, timexes, facts, fetch cache,
/// FTS5 over document text and quote text.
const V1: &str = r#"
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES ('seq', 0);

-- Who made a layer or a row: annotator, version, model ('' when none).
CREATE TABLE producers (
    id        INTEGER PRIMARY KEY,
    annotator TEXT NOT NULL,
    version   TEXT NOT NULL,
    model     TEXT NOT NULL DEFAULT '',
    UNIQUE (annotator, version, model)
);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    doc_key      TEXT NOT NULL UNIQUE,      -- meta.id of the first source that delivered it
    url          TEXT,
    guid         TEXT,
    title        TEXT,
    authors      TEXT NOT NULL DEFAULT '[]', -- JSON array of strings
    publisher    TEXT,
    published    TEXT,
    modified     TEXT,
    feed         TEXT,
    retrieved_at TEXT,
    language     TEXT,
    source       TEXT,
    extra        TEXT NOT NULL DEFAULT '{}', -- JSON object of strings
    text         TEXT NOT NULL,
    text_hash    TEXT NOT NULL,             -- hash of the normalized text (dedup), from the caller
    content_hash TEXT NOT NULL,             -- hash of text + metadata + layers (change detection)
    created_seq  INTEGER NOT NULL,          -- store write counter when inserted (no clock)
    updated_seq  INTEGER NOT NULL           -- store write counter when last changed
);
CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_guid ON documents(guid) WHERE guid IS NOT NULL;
CREATE INDEX documents_text_hash ON documents(text_hash);
CREATE INDEX documents_published ON documents(published);

-- Every key (meta.id) a document was delivered under, with the content hash it last had there.
CREATE TABLE doc_keys (
    key          TEXT PRIMARY KEY,
    doc_id       INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX doc_keys_doc ON doc_keys(doc_id);

-- Which layers a document has and who made them. Token, sentence, POS and coreference items are
-- stored compactly in `items`; entity, quote, timex and relation items live in their own tables.
CREATE TABLE layers (
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    producer_id INTEGER NOT NULL REFERENCES producers(id),
    items       BLOB,
    PRIMARY KEY (doc_id, kind)
) WITHOUT ROWID;

CREATE TABLE entities (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,              -- canonical display name
    type        TEXT NOT NULL CHECK (type IN ('PER', 'ORG', 'LOC', 'MISC')),
    norm        TEXT NOT NULL,              -- normalized key of the name
    created_seq INTEGER NOT NULL,
    UNIQUE (norm, type)
);

CREATE TABLE aliases (
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias     TEXT NOT NULL,                -- surface form as written
    norm      TEXT NOT NULL,                -- normalized key of the surface form
    count     INTEGER NOT NULL DEFAULT 0,   -- mentions with this surface form
    PRIMARY KEY (entity_id, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_norm ON aliases(norm);

CREATE TABLE mentions (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,           -- index in the document's entities layer
    start       INTEGER NOT NULL,           -- UTF-8 byte offsets
    end         INTEGER NOT NULL,
    label       TEXT NOT NULL,
    fine_label  TEXT,
    confidence  REAL NOT NULL,
    entity_id   INTEGER REFERENCES entities(id),
    surface     TEXT NOT NULL,
    producer_id INTEGER NOT NULL REFERENCES producers(id),
    UNIQUE (doc_id, ord),
    CHECK (start <= end)
);
CREATE INDEX mentions_entity ON mentions(entity_id, doc_id);

CREATE TABLE quotes (
    id                INTEGER PRIMARY KEY,
    doc_id            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord               INTEGER NOT NULL,
    start             INTEGER NOT NULL,
    end               INTEGER NOT NULL,
    direct            INTEGER NOT NULL,
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    cue_start         INTEGER,
    cue_end           INTEGER,
    speaker_entity_id INTEGER REFERENCES entities(id),
    confidence        REAL NOT NULL,
    text              TEXT NOT NULL,        -- the quoted content (for FTS)
    ctx_start         INTEGER NOT NULL,     -- evidence: the sentence(s) around quote, speaker, cue
    ctx_end           INTEGER NOT NULL,
    producer_id       INTEGER NOT NULL REFERENCES producers(id),
    UNIQUE (doc_id, ord),
    CHECK (start <= end)
);
CREATE INDEX quotes_speaker ON quotes(speaker_entity_id);

CREATE TABLE timexes (
    id          INTEGER PRIMARY KEY,
    doc_id      INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    type        TEXT NOT NULL,
    value       TEXT NOT NULL,
    ctx_start   INTEGER NOT NULL,           -- evidence: the sentence around the expression
    ctx_end     INTEGER NOT NULL,
    producer_id INTEGER NOT NULL REFERENCES producers(id),
    UNIQUE (doc_id, ord),
    CHECK (start <= end)
);
CREATE INDEX timexes_value ON timexes(value);

-- Typed facts. Every fact carries its provenance: document, byte range, producer, confidence.
CREATE TABLE facts (
    id                INTEGER PRIMARY KEY,
    subject_entity_id INTEGER NOT NULL REFERENCES entities(id),
    predicate         TEXT NOT NULL CHECK (length(trim(predicate)) > 0),
    object_entity_id  INTEGER REFERENCES entities(id),
    object_value      TEXT,
    valid_from        TEXT,
    valid_to          TEXT,
    doc_id            INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start             INTEGER NOT NULL CHECK (start >= 0),
    end               INTEGER NOT NULL,
    producer          TEXT NOT NULL CHECK (length(trim(producer)) > 0),
    confidence        REAL NOT NULL CHECK (confidence >= 0.0 AND confidence <= 1.0),
    rel_ord           INTEGER,              -- index in the document's relations layer, if from it
    subject_mention   INTEGER,              -- mention indices, if from the relations layer
    object_mention    INTEGER,
    created_seq       INTEGER NOT NULL,
    CHECK (end >= start)
);
CREATE INDEX facts_subject ON facts(subject_entity_id, predicate);
CREATE INDEX facts_object ON facts(object_entity_id) WHERE object_entity_id IS NOT NULL;
CREATE INDEX facts_doc ON facts(doc_id);

-- Conditional GET validators per URL.
CREATE TABLE fetch_cache (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search: external-content FTS5 tables kept in sync by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;
CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, text ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO quotes_fts(rowid, text) VALUES (new.id, new.text);
END;
"#;

/// Version 2: cross-document resolution and curation. Blocking keys on entities and aliases
/// (computed in Rust by `resolve`, backfilled on open), hand-curation flags, the curation event
/// log, the name rules curation derives (pins and blocks), and why each name joined an entity.
const V2: &str = r#"
ALTER TABLE entities ADD COLUMN key TEXT;         -- resolve::name_key of the canonical name
ALTER TABLE entities ADD COLUMN surname TEXT;     -- resolve::surname_key (PER)
ALTER TABLE entities ADD COLUMN acronym TEXT;     -- acronym letters (other types)
ALTER TABLE entities ADD COLUMN suppressed INTEGER NOT NULL DEFAULT 0; -- false positive, hidden
ALTER TABLE entities ADD COLUMN curated INTEGER NOT NULL DEFAULT 0;    -- changed by hand: kept, never absorbed
ALTER TABLE entities ADD COLUMN name_locked INTEGER NOT NULL DEFAULT 0; -- renamed by hand: name kept
ALTER TABLE aliases ADD COLUMN key TEXT;
ALTER TABLE aliases ADD COLUMN surname TEXT;
ALTER TABLE aliases ADD COLUMN acronym TEXT;
ALTER TABLE aliases ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;     -- added by hand: kept at count 0
CREATE INDEX entities_key ON entities(key);
CREATE INDEX entities_surname ON entities(surname) WHERE surname IS NOT NULL;
CREATE INDEX entities_acronym ON entities(acronym) WHERE acronym IS NOT NULL;
CREATE INDEX aliases_key ON aliases(key);
CREATE INDEX aliases_surname ON aliases(surname) WHERE surname IS NOT NULL;
CREATE INDEX aliases_acronym ON aliases(acronym) WHERE acronym IS NOT NULL;

-- Hand corrections, in order. `args` is JSON (names and ids at the time).
CREATE TABLE curation_events (
    seq  INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split', 'rename', 'alias_add', 'alias_remove', 'suppress')),
    args TEXT NOT NULL CHECK (json_valid(args))
);

-- Name rules derived from curation, consulted by resolution at every ingest: a name key of a
-- type pinned to an entity, or blocked from one.
CREATE TABLE curated_names (
    key       TEXT NOT NULL,
    type      TEXT NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    rule      TEXT NOT NULL CHECK (rule IN ('pin', 'block')),
    event_seq INTEGER NOT NULL REFERENCES curation_events(seq),
    PRIMARY KEY (key, type, rule, entity_id)
) WITHOUT ROWID;
CREATE INDEX curated_names_entity ON curated_names(entity_id);

-- Why a name joined an entity: a resolution reason with its document, or a curation event.
CREATE TABLE entity_evidence (
    id          INTEGER PRIMARY KEY,
    entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
    doc_id      INTEGER REFERENCES documents(id) ON DELETE CASCADE,
    event_seq   INTEGER REFERENCES curation_events(seq),
    created_seq INTEGER NOT NULL
);
CREATE INDEX entity_evidence_entity ON entity_evidence(entity_id);
CREATE INDEX entity_evidence_doc ON entity_evidence(doc_id) WHERE doc_id IS NOT NULL;
"#;

/// Version 3: the time a quote refers to (TimeML value and the span of the time expression
/// that gives it). Quotes stored before stay undated until their document is ingested again.
const V3: &str = r#"
ALTER TABLE quotes ADD COLUMN time_value TEXT;    -- `2024-SP`, `2024-03`, `1994`…
ALTER TABLE quotes ADD COLUMN time_start INTEGER; -- the time expression (UTF-8 byte offsets)
ALTER TABLE quotes ADD COLUMN time_end INTEGER;
CREATE INDEX quotes_time ON quotes(time_value) WHERE time_value IS NOT NULL;
"#;

/// Version 4: a fact's status: `former` when its sentence says the relation has ended without
/// saying when (a dated end is `valid_to`). Facts stored before have none until their document
/// is ingested again.
const V4: &str = r#"
ALTER TABLE facts ADD COLUMN status TEXT CHECK (status IS NULL OR length(trim(status)) > 0);
"#;

/// Version 5: a quote's kind (`direct`, `indirect`, `mixed`, `designation`). Quotes stored
/// before have none until their document is ingested again.
const V5: &str = r#"
ALTER TABLE quotes ADD COLUMN kind TEXT
    CHECK (kind IS NULL OR kind IN ('direct', 'indirect', 'mixed', 'designation'));
"#;

/// Version 6: what a time expression was resolved against (`document`, or `expression` with
/// the span of the earlier expression, UTF-8 byte offsets) and, on the first point of a range
/// written as one expression ("1915-17"), the span of its second point and the range's duration
/// (`P3Y`). Expressions stored before have none until their document is ingested again.
const V6: &str = r#"
ALTER TABLE timexes ADD COLUMN anchor TEXT CHECK (anchor IS NULL OR anchor IN ('document', 'expression'));
ALTER TABLE timexes ADD COLUMN anchor_start INTEGER;
ALTER TABLE timexes ADD COLUMN anchor_end INTEGER;
ALTER TABLE timexes ADD COLUMN range_to_start INTEGER;
ALTER TABLE timexes ADD COLUMN range_to_end INTEGER;
ALTER TABLE timexes ADD COLUMN duration TEXT;
"#;

/// Version 7: one name key. Entities and aliases are keyed by `resolve::name_key` alone (the
/// `key` columns of version 2); the `norm` columns of version 1 (a second, finer key) go, and
/// with them the uniqueness of `(norm, type)`: two entities may share a key (one split off
/// by hand, or a name blocked from the other), so `(key, type)` is an index, not a constraint.
/// SQLite cannot drop a column that a table constraint names, so `entities` is rebuilt (ids and
/// every other column kept; [`migrate`] switches foreign-key enforcement off around it, as
/// SQLite's documented table rebuild requires, and checks the references before committing).
const V7: &str = r#"
DROP INDEX aliases_norm;
ALTER TABLE aliases DROP COLUMN norm;
CREATE TABLE entities_v7 (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,              -- canonical display name
    type        TEXT NOT NULL CHECK (type IN ('PER', 'ORG', 'LOC', 'MISC')),
    created_seq INTEGER NOT NULL,
    key         TEXT,                       -- resolve::name_key of the canonical name
    surname     TEXT,                       -- resolve::surname_key (PER)
    acronym     TEXT,                       -- acronym letters (other types)
    suppressed  INTEGER NOT NULL DEFAULT 0, -- false positive, hidden
    curated     INTEGER NOT NULL DEFAULT 0, -- changed by hand: kept, never absorbed
    name_locked INTEGER NOT NULL DEFAULT 0  -- renamed by hand: name kept
);
INSERT INTO entities_v7(id, name, type, created_seq, key, surname, acronym, suppressed, curated,
                        name_locked)
    SELECT id, name, type, created_seq, key, surname, acronym, suppressed, curated, name_locked
    FROM entities;
DROP TABLE entities;
ALTER TABLE entities_v7 RENAME TO entities;
CREATE INDEX entities_key ON entities(key, type);
CREATE INDEX entities_surname ON entities(surname) WHERE surname IS NOT NULL;
CREATE INDEX entities_acronym ON entities(acronym) WHERE acronym IS NOT NULL;
"#;

/// Version 7 in PostgreSQL, which drops a column with the constraints and indexes that name it.
const V7_PG: &str = r#"
DROP INDEX aliases_norm;
ALTER TABLE aliases DROP COLUMN norm;
ALTER TABLE entities DROP COLUMN norm;
DROP INDEX entities_key;
CREATE INDEX entities_key ON entities(key, type);
"#;

/// The migration whose SQLite form rebuilds a table (run with foreign-key enforcement off).
const REBUILDS: &[usize] = &[6];

/// Migrations PostgreSQL runs in another form than SQLite's (indexed by migration).
const PG_FORM: &[(usize, &str)] = &[(6, V7_PG)];

/// What PostgreSQL adds to a migration in place of what it cannot translate (the FTS5 tables
/// and their triggers of version 1 become `tsvector` columns with GIN indexes; diacritics are
/// folded by the `unaccent` extension, as FTS5's `remove_diacritics`). Indexed by
/// migration; a migration without an entry needs nothing more.
const PG_EXTRA: &[(usize, &str)] = &[(
    0,
    r#"
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE FUNCTION newsgraph_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $fold$ SELECT public.unaccent('public.unaccent'::regdictionary, t) $fold$;
ALTER TABLE documents ADD COLUMN fts tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', newsgraph_fold(coalesce(title, ''))), 'A')
    || setweight(to_tsvector('simple', newsgraph_fold(text)), 'B')) STORED;
CREATE INDEX documents_fts ON documents USING GIN (fts);
ALTER TABLE quotes ADD COLUMN fts tsvector GENERATED ALWAYS AS (
    to_tsvector('simple', newsgraph_fold(text))) STORED;
CREATE INDEX quotes_fts ON quotes USING GIN (fts);
"#,
)];

/// The migrations, in order. `MIGRATIONS.len()` is the schema version this build writes.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The schema version of an open database: SQLite's `PRAGMA user_version`, PostgreSQL's
/// `newsgraph_schema` row (0 when the table is missing: a fresh database).
pub(crate) fn version(conn: &Conn) -> Result<u32, StoreError> {
    if conn.is_pg() {
        let exists: bool = conn.query_row(
            "SELECT to_regclass('newsgraph_schema') IS NOT NULL",
            (),
            |r| r.get(0),
        )?;
        if !exists {
            return Ok(0);
        }
        return conn.query_row("SELECT version FROM newsgraph_schema", (), |r| r.get(0));
    }
    conn.query_row("PRAGMA user_version", (), |r| r.get(0))
}

/// Brings the database up to [`SCHEMA_VERSION`], one write transaction per migration (the
/// version is re-read under the write lock, so two processes opening a fresh database do not
/// race). Refuses a database from a newer version.
pub(crate) fn migrate(conn: &mut Conn, path: &str) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current == SCHEMA_VERSION {
        return Ok(());
    }
    // A table rebuild needs foreign-key enforcement off (dropping the old table would cascade
    // its deletes); the pragma is a no-op inside a transaction, so it is set around them.
    let rebuild = !conn.is_pg() && REBUILDS.iter().any(|&m| m as u32 >= current);
    if rebuild {
        conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    }
    let out = apply(conn, path);
    if rebuild {
        conn.execute_batch("PRAGMA foreign_keys = ON")?;
    }
    out
}

/// The migration loop of [`migrate`].
fn apply(conn: &mut Conn, path: &str) -> Result<(), StoreError> {
    loop {
        let tx = conn.transaction()?;
        if tx.is_pg() {
            tx.execute_batch(
                "CREATE TABLE IF NOT EXISTS newsgraph_schema (version INTEGER NOT NULL);
                 INSERT INTO newsgraph_schema(version)
                     SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM newsgraph_schema);",
            )?;
        }
        let found = version(&tx)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_string(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            return Ok(());
        };
        let pg_form = PG_FORM.iter().find(|(at, _)| *at == found as usize);
        match pg_form {
            Some((_, pg)) if tx.is_pg() => tx.execute_batch(pg)?,
            _ => tx.execute_batch(sql)?,
        }
        if !tx.is_pg() && REBUILDS.contains(&(found as usize)) {
            let dangling: i64 =
                tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", (), |r| {
                    r.get(0)
                })?;
            if dangling > 0 {
                return Err(StoreError::Corrupt(format!(
                    "{dangling} reference(s) to missing rows after migration {}",
                    found + 1
                )));
            }
        }
        if tx.is_pg() {
            for (_, extra) in PG_EXTRA.iter().filter(|(at, _)| *at == found as usize) {
                tx.execute_batch(extra)?;
            }
            tx.execute("UPDATE newsgraph_schema SET version = ?1", [found + 1])?;
        } else {
            tx.execute_batch(&format!("PRAGMA user_version = {}", found + 1))?;
        }
        tx.commit()?;
    }
}
