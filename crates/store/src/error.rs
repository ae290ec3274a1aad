//! `StoreError`: what can go wrong in the store, user errors apart from internal ones.

use std::path::PathBuf;

/// Errors of the store.
///
/// [`StoreError::is_user_error`] tells the two families apart: a user error is something the
/// person running newsgraph can fix (a database from a newer version, a file that is not a
/// database, a fact without provenance); everything else is internal (a SQLite failure, stored
/// data that cannot be read back).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database was written by a newer newsgraph (its schema version is above ours).
    #[error(
        "database `{path}` is from a newer newsgraph (schema version {found}, this build knows up to {supported}); upgrade newsgraph or use another --db"
    )]
    TooNew {
        path: String,
        found: u32,
        supported: u32,
    },
    /// The file exists but is not a SQLite database.
    #[error("`{0}` is not a newsgraph database (not a SQLite file)")]
    NotADatabase(PathBuf),
    /// The file could not be opened or created.
    #[error("cannot open database `{path}`: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    /// The PostgreSQL server could not be reached or refused the connection.
    #[error("cannot connect to PostgreSQL `{target}`: {source}")]
    Connect {
        target: String,
        #[source]
        source: postgres::Error,
    },
    /// A fact was refused because its provenance (document, range, producer, confidence) is
    /// missing or invalid.
    #[error("fact refused: {0}")]
    InvalidFact(String),
    /// An entity id passed in does not exist.
    #[error("no entity with id {0}")]
    UnknownEntity(i64),
    /// A document id passed in does not exist.
    #[error("no document with id {0}")]
    UnknownDocument(i64),
    /// A hand correction that cannot be made (an unknown alias, a name another entity holds).
    #[error("{0}")]
    Curation(String),
    /// The database is busy (another process holds the write lock past the busy timeout).
    #[error("database is busy (another newsgraph process is writing); try again")]
    Busy,
    /// A SQLite failure.
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
    /// A PostgreSQL failure.
    #[error("postgres: {0}")]
    Postgres(postgres::Error),
    /// A query that must return a row returned none.
    #[error("query returned no rows")]
    NoRows,
    /// Stored data that cannot be turned back into a document or row.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// JSON (de)serialization of stored metadata failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A failure injected by a test hook.
    #[cfg(test)]
    #[error("injected failure")]
    Injected,
}

impl StoreError {
    /// True for errors the user can act on; false for internal ones.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            StoreError::TooNew { .. }
                | StoreError::NotADatabase(_)
                | StoreError::Open { .. }
                | StoreError::Connect { .. }
                | StoreError::InvalidFact(_)
                | StoreError::UnknownEntity(_)
                | StoreError::UnknownDocument(_)
                | StoreError::Curation(_)
                | StoreError::Busy
        )
    }

    /// True when a statement was stopped by [`crate::Interrupter::interrupt`].
    pub fn is_interrupted(&self) -> bool {
        match self {
            StoreError::Sqlite(e) => {
                e.sqlite_error_code() == Some(rusqlite::ErrorCode::OperationInterrupted)
            }
            StoreError::Postgres(e) => e.code() == Some(&postgres::error::SqlState::QUERY_CANCELED),
            _ => false,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy
            }
            _ if matches!(e, rusqlite::Error::QueryReturnedNoRows) => StoreError::NoRows,
            _ => StoreError::Sqlite(e),
        }
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Postgres(e)
    }
}
