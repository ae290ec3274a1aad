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
mod error;
mod facts;
mod graph;
mod names;
mod read;
mod rebuild;
mod schema;
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
pub use names::{EntityLinks, EntityRef, LinkNote, clean_name, normalize_name};
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
use std::path::Path;
use std::time::Duration;

/// How long a writer waits for another process's write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Stops the statement running on one connection, from any thread: it fails with an error for
/// which [`StoreError::is_interrupted`] is true. A statement started after the last one ended is
/// not affected.
pub struct Interrupter(rusqlite::InterruptHandle);

impl Interrupter {
    /// Interrupts the running statement, if any.
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

impl std::fmt::Debug for Interrupter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Interrupter")
    }
}

/// An open newsgraph database.
pub struct Store {
    conn: Connection,
    /// Test hook: fail after this many more row writes inside an upsert.
    fail_after: Option<usize>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

impl Store {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    /// Refuses a file that is not a SQLite database or comes from a newer newsgraph.
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        let path = path.as_ref();
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

    /// A fresh in-memory database (for tests and one-shot runs).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let conn = Connection::open_in_memory()?;
        Self::setup(conn, ":memory:")
    }

    fn setup(mut conn: Connection, path: &str) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // SQLite does not call the busy handler everywhere: switching a fresh file to WAL, or
        // reading while another connection builds the WAL index, can answer SQLITE_BUSY at once.
        // Several processes (or threads) opening one new file at the same moment hit exactly
        // that, so the set-up steps are retried until the same deadline the busy handler uses.
        retry_busy(|| {
            // journal_mode returns the resulting mode ("wal", or "memory" in memory).
            let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
            Ok(())
        })?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "cache_size", -16_000)?; // KiB: 16 MB of page cache
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.set_prepared_statement_cache_capacity(64);
        retry_busy(|| schema::migrate(&mut conn, path))?;
        retry_busy(|| curate::backfill_keys(&mut conn))?;
        Ok(Store {
            conn,
            fail_after: None,
        })
    }

    /// A handle that stops the statement running on this connection from another thread (the
    /// server uses it when a request times out or its client goes away).
    pub fn interrupter(&self) -> Interrupter {
        Interrupter(self.conn.get_interrupt_handle())
    }

    /// The schema version of the open database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// Runs `PRAGMA integrity_check` and returns its lines (`["ok"]` when all is well), plus a
    /// foreign-key check reported as `foreign key: ...` lines and the FTS5 indexes' own
    /// integrity checks (against their content tables) as `fts ...` lines.
    pub fn integrity_check(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for row in rows {
            out.push(row?);
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
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
            if let Err(e) = self.conn.execute(&sql, []) {
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
