//! The SQLite graph store: schema and migrations, document upserts, facts and the queries the
//! CLI needs. This is the only crate in newsgraph that speaks SQL.
//!
//! One SQLite file in WAL mode. Every document is written in one transaction with all its rows
//! (layers, mentions, quotes, timexes, facts), so an interrupted ingest never leaves a partial
//! document. Offsets are UTF-8 bytes in the tables; query results also carry code-point offsets
//! and the evidence text, so the edges never convert. The store reads no clock: timestamps come
//! from the caller, and a write counter (`seq`) orders changes.

mod codec;
mod curate;
mod dialect;
mod error;
mod facts;
mod graph;
mod names;
mod read;
mod rebuild;
mod schema;
mod sql;
mod types;
mod write;

pub use error::StoreError;
pub use facts::{
    AggregatedFact, Conflict, Direction, FactContext, FactEvidence, FactSection, aggregate_facts,
    fact_predicates,
};
pub use graph::{
    CO_MENTION, GraphEdge, GraphEvidence, GraphNode, GraphQuery, Neighbourhood, PathHop, PathLink,
    split_list, time_bound,
};
pub use names::{EntityLinks, EntityRef, LinkNote, clean_name, name_key};
pub use read::{MonthCount, NewFact};
pub use rebuild::Documents;
pub use resolve;
pub use schema::SCHEMA_VERSION;
pub use types::{
    Curated, CurationEvent, DocId, DocRef, EntityDetail, EntityId, EntityName, EntitySummary, Fact,
    FactId, FactRow, FactSummary, MergeReason, QuoteRow, SearchHit, Span, Stats, TimelineRow,
    Upsert, Validators,
};
pub use write::Prepared;

use rusqlite::{Connection, OpenFlags};
use sql::Conn;
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Stops the statement running on one connection, from any thread: it fails with an error for
/// which [`StoreError::is_interrupted`] is true. A statement started after the last one ended is
/// not affected.
pub struct Interrupter(Interrupt);

enum Interrupt {
    Lite(rusqlite::InterruptHandle),
    Pg(postgres::CancelToken),
}

impl Interrupter {
    /// Interrupts the running statement, if any.
    pub fn interrupt(&self) {
        match &self.0 {
            Interrupt::Lite(h) => h.interrupt(),
            Interrupt::Pg(t) => {
                let _ = t.cancel_query(postgres::NoTls);
            }
        }
    }
}

impl std::fmt::Debug for Interrupter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupter")
    }
}

/// An open newsgraph database.
pub struct Store {
    conn: Conn,
    /// Test hook: fail after this many more row writes inside an upsert.
    fail_after: Option<usize>,
    /// PostgreSQL's stand-in for `PRAGMA data_version`: the write counter this connection
    /// committed last, and the version it reported then.
    pg_version: std::cell::Cell<(Option<i64>, i64)>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let target = match &self.conn {
            Conn::Lite(c) => c.path().unwrap_or(":memory:").to_string(),
            Conn::Pg(c) => c.target.clone(),
        };
        f.debug_struct("Store").field("path", &target).finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    /// Refuses a file that is not a SQLite database or comes from a newer newsgraph. A `path`
    /// that is a `postgres://` or `postgresql://` URL opens that PostgreSQL database instead
    /// (see [`Store::open_postgres`]).
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
        if let Some(url) = path.to_str().filter(|p| is_postgres_url(p)) {
            return Store::open_postgres(url);
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        })?;
        Self::setup(conn, &path.display().to_string()).map_err(|e| match e {
            StoreError::Sqlite(err)
                if err.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) =>
            {
                StoreError::NotADatabase(path.to_path_buf())
            }
            other => other,
        })
    }

    /// Connects to a PostgreSQL database (`postgres://user[:password]@host[:port]/db`, or any
    /// connection string the `postgres` crate accepts) and brings its schema up to date. The
    /// database must exist; its tables are created on first use.
    pub fn open_postgres(url: &str) -> Result<Store, StoreError> {
        let target = redact(url);
        let client = postgres::Client::connect(url, postgres::NoTls).map_err(|source| {
            StoreError::Connect {
                target: target.clone(),
                source,
            }
        })?;
        let mut conn = Conn::Pg(Box::new(sql::PgConn::new(client, target.clone())));
        // Quiet notices, a bounded wait for locks held by other writers.
        conn.execute_batch("SET client_min_messages = warning; SET lock_timeout = '10min'")?;
        schema::migrate(&mut conn, &target)?;
        curate::backfill_keys(&mut conn)?;
        Ok(Store {
            conn,
            fail_after: None,
            pg_version: std::cell::Cell::new((None, 0)),
        })
    }

    /// A fresh in-memory database (for tests and one-shot runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        Self::setup(conn, ":memory:")
    }

    fn setup(conn: Connection, path: &str) -> Result<Store, StoreError> {
        let mut conn = Conn::Lite(conn);
        let Conn::Lite(lite) = &mut conn else {
            unreachable!("just built")
        };
        lite.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite does not call the busy handler everywhere: switching a fresh file to WAL, or
        // reading while another connection builds the WAL index, can answer SQLITE_BUSY at once.
        // Several processes (or threads) opening one new file at the same moment hit exactly
        // that, so the set-up steps are retried until the same deadline the busy handler uses.
        retry_busy(|| {
            // journal_mode returns the resulting mode ("wal", or "memory" in memory).
            let _mode: String = lite.query_row("PRAGMA journal_mode = WAL", (), |r| r.get(0))?;
            Ok(())
        })?;
        lite.pragma_update(None, "synchronous", "NORMAL")?;
        lite.pragma_update(None, "foreign_keys", "ON")?;
        lite.pragma_update(None, "cache_size", -16_000)?; // KiB: 16 MB of page cache
        lite.pragma_update(None, "temp_store", "MEMORY")?;
        lite.set_prepared_statement_cache_capacity(64);
        retry_busy(|| schema::migrate(&mut conn, path))?;
        retry_busy(|| curate::backfill_keys(&mut conn))?;
        Ok(Store {
            conn,
            fail_after: None,
            pg_version: std::cell::Cell::new((None, 0)),
        })
    }

    /// Whether this store is a PostgreSQL database.
    pub fn is_postgres(&self) -> bool {
        self.conn.is_pg()
    }

    /// A handle that stops the statement running on this connection from another thread (the
    /// server uses it when a request times out or its client goes away).
    pub fn interrupter(&self) -> Interrupter {
        match &self.conn {
            Conn::Lite(c) => Interrupter(Interrupt::Lite(c.get_interrupt_handle())),
            Conn::Pg(c) => Interrupter(Interrupt::Pg(c.client.borrow().cancel_token())),
        }
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        schema::version(&self.conn)
    }

    /// Runs `PRAGMA integrity_check` and returns its lines (`["ok"]` when all is well), plus a
    /// foreign-key check reported as `foreign key: ...` lines and the FTS5 indexes' own
    /// integrity checks (against their content tables) as `fts ...` lines.
    /// PostgreSQL checks its constraints on every write; there the check reads every table
    /// once and answers `["ok"]`.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let conn = match &self.conn {
            Conn::Lite(c) => c,
            Conn::Pg(_) => {
                self.conn.execute_batch(
                    "SELECT count(*) FROM documents; SELECT count(*) FROM entities;
                     SELECT count(*) FROM mentions; SELECT count(*) FROM quotes;
                     SELECT count(*) FROM facts; SELECT count(*) FROM aliases",
                )?;
                return Ok(vec!["ok".to_string()]);
            }
        };
        let mut out = Vec::new();
        let mut stmt = conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
        let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
        let rows = stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {:?} -> {}",
                r.get::<_, String>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, String>(2)?
            ))
        })?;
        for row in rows {
            out.push(row?);
        }
        drop(stmt);
        for fts in ["documents_fts", "quotes_fts"] {
            let sql = format!("INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)");
            if let Err(e) = conn.execute(&sql, ()) {
                out.push(format!("fts {fts}: {e}"));
            }
        }
        Ok(out)
    }

    /// Test hook: make the next upsert fail after `n` row writes (`None` to disarm).
    #[cfg(test)]
    pub(crate) fn fail_after_rows(&mut self, n: Option<usize>) {
        self.fail_after = n;
    }
}

#[cfg(test)]
mod tests;

/// Whether `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// A connection URL without its password (for messages).
fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) => {
            let user = user.split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{host}")
        }
        None => url.to_string(),
    }
}

/// Runs `step` again while it fails with [`StoreError::Busy`], for at most [`BUSY_TIMEOUT`].
/// Each step is one transaction (or one pragma), so a retry starts from a clean state.
fn retry_busy<T>(mut step: impl FnMut() -> Result<T, StoreError>) -> Result<T, StoreError> {
    let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
    let mut pause = Duration::from_millis(1);
    loop {
        match step() {
            Err(StoreError::Busy) if std::time::Instant::now() < deadline => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(50));
            }
            other => return other,
        }
    }
}
