//! `newsgraph serve`: a JSON HTTP API over a newsgraph store and the web explorer that uses it,
//! both served by one axum router on our own hyper accept loop. The web assets are embedded in
//! the binary.
//!
//! Requests run their store queries in `spawn_blocking` on a small pool of SQLite connections
//! (a `rusqlite::Connection` is not `Sync`), under a time budget: a request that times out or
//! whose client goes away interrupts its statement and stops its work. Every response carries a
//! strict Content-Security-Policy; errors are JSON with stable codes; request heads, bodies,
//! query parameters, idle connections and times are capped; the `Host` header is checked.
//! Binding a non-loopback address without a bearer token is refused; with a token, every API
//! request needs it.

mod api;
mod assets;
mod budget;
mod conn;
mod curation;
mod error;
mod graph;
mod hosts;
mod pool;
mod reader;

pub use api::{
    MAX_DEPTH, MAX_HOPS, MAX_NODES, MAX_PARAM_BYTES, MAX_QUERY_STRING, MAX_SEARCH_PREFIXES,
    MAX_SEARCH_WORDS, MIN_PREFIX_CHARS, WORK_BUDGET,
};
pub use conn::{Limits, serve};
pub use error::{ApiError, ErrorCode};
pub use hosts::HostPolicy;
pub use pool::{EntityIndex, Pool};
pub use reader::{DocumentView, EntitySpan, QuoteSpan, TimexSpan};
pub use store::{GraphEdge, GraphEvidence, GraphNode, Neighbourhood as Graph};

use axum::Router;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The Content-Security-Policy every response carries: no inline script, no foreign origin.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/// Largest request body accepted (bytes).
pub const BODY_LIMIT: usize = 64 * 1024;

/// How long one request may take before it is answered with a `timeout` error.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// What `serve` needs to run.
#[derive(Clone, Debug)]
pub struct Config {
    /// The database file (must exist).
    pub db: PathBuf,
    /// The address to bind (`127.0.0.1:8080`, `localhost:0`, `[::1]:8080`, ...).
    pub bind: String,
    /// Bearer token: when set, every API request needs it (`Authorization: Bearer ...`), and
    /// curation is allowed. Required for a non-loopback bind.
    pub token: Option<String>,
    /// More `Host` names to answer to (`--allow-host`), besides those of the bind address.
    pub allow_hosts: Vec<String>,
    /// Connection limits.
    pub limits: Limits,
}

/// Errors of starting or running the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// A user error: bad address, non-loopback bind without a token, missing database.
    #[error("{0}")]
    User(String),
    #[error(transparent)]
    Store(#[from] store::StoreError),
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

impl ServerError {
    pub fn is_user_error(&self) -> bool {
        match self {
            ServerError::User(_) => true,
            ServerError::Store(e) => e.is_user_error(),
            ServerError::Io(_) => false,
        }
    }
}

/// Resolves `bind` and refuses a non-loopback address when no token is set (or an empty one).
pub fn check_bind(bind: &str, token: Option<&str>) -> Result<Vec<SocketAddr>, ServerError> {
    let addrs: Vec<SocketAddr> = bind
        .to_socket_addrs()
        .map_err(|e| ServerError::User(format!("cannot use bind address {bind:?}: {e}")))?
        .collect();
    if addrs.is_empty() {
        return Err(ServerError::User(format!(
            "bind address {bind:?} resolves to nothing"
        )));
    }
    let has_token = token.is_some_and(|t| !t.trim().is_empty());
    if let Some(open) = addrs.iter().find(|a| !a.ip().is_loopback())
        && !has_token
    {
        return Err(ServerError::User(format!(
            "refusing to bind {open} (not a loopback address) without --token: anyone who can \
             reach it could read the database. Pass --token (or NEWSGRAPH_TOKEN), and every API \
             request will need `Authorization: Bearer <token>`; or bind 127.0.0.1"
        )));
    }
    Ok(addrs)
}

/// Shared state of the router.
#[derive(Clone)]
pub struct AppState {
    pub(crate) pool: Arc<Pool>,
    pub(crate) token: Option<Arc<str>>,
    /// Bounds the store work running at once (threads and open connections).
    pub(crate) workers: Arc<tokio::sync::Semaphore>,
    /// Bounds the heavy work (graphs, whole documents) to half the workers, so that cheap
    /// requests always find one free.
    pub(crate) heavy: Arc<tokio::sync::Semaphore>,
    /// The `Host` headers answered.
    pub(crate) hosts: Arc<HostPolicy>,
}

impl AppState {
    /// State over the database at `db` (opened lazily, one connection per concurrent request),
    /// answering loopback host names only (see [`AppState::with_hosts`]).
    pub fn new(db: PathBuf, token: Option<String>) -> AppState {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let workers = (2 * cores).clamp(4, 32);
        AppState {
            pool: Arc::new(Pool::new(db)),
            token: token.filter(|t| !t.trim().is_empty()).map(Arc::from),
            workers: Arc::new(tokio::sync::Semaphore::new(workers)),
            heavy: Arc::new(tokio::sync::Semaphore::new(workers / 2)),
            hosts: Arc::new(HostPolicy::loopback()),
        }
    }

    /// The same state answering the `Host` names of `policy`.
    pub fn with_hosts(mut self, policy: HostPolicy) -> AppState {
        self.hosts = Arc::new(policy);
        self
    }
}

/// The whole application: API, OpenAPI document, web assets, limits and security headers.
pub fn router(state: AppState) -> Router {
    api::router(state)
}

/// Binds the configured address, calls `on_listening` with the bound address, and serves until
/// Ctrl-C. Builds its own multi-threaded tokio runtime.
pub fn serve_blocking(
    config: Config,
    on_listening: impl FnOnce(SocketAddr),
) -> Result<(), ServerError> {
    let addrs = check_bind(&config.bind, config.token.as_deref())?;
    let postgres = config.db.to_str().is_some_and(store::is_postgres_url);
    if !postgres && !config.db.is_file() {
        return Err(ServerError::User(format!(
            "no database at {}; ingest something first (newsgraph ingest ...)",
            config.db.display()
        )));
    }
    // Open once up front so a bad or newer database is reported before listening.
    drop(store::Store::open(&config.db)?);
    let hosts = HostPolicy::for_bind(&config.bind, &addrs, &config.allow_hosts);
    let state = AppState::new(config.db, config.token).with_hosts(hosts);
    let limits = config.limits;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addrs.as_slice()).await?;
        on_listening(listener.local_addr()?);
        serve(listener, router(state), limits, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_binds_need_no_token() {
        assert!(check_bind("127.0.0.1:0", None).is_ok());
        assert!(check_bind("[::1]:0", None).is_ok());
    }

    #[test]
    fn open_binds_need_a_token() {
        let err = check_bind("0.0.0.0:0", None).unwrap_err();
        assert!(err.is_user_error());
        assert!(err.to_string().contains("--token"), "{err}");
        assert!(check_bind("0.0.0.0:0", Some("  ")).is_err());
        assert!(check_bind("0.0.0.0:0", Some("s3cret")).is_ok());
    }

    #[test]
    fn bad_addresses_are_user_errors() {
        let err = check_bind("not an address", None).unwrap_err();
        assert!(err.is_user_error());
    }
}
