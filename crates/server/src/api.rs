//! The routes: JSON API handlers, the OpenAPI document, web assets, and the layers around them
//! (`Host` check, body, query-string and time limits, security headers, JSON errors, the
//! bearer-token guard).

use crate::assets;
use crate::budget::{Budget, CancelOnDrop};
use crate::error::{ApiError, ErrorCode};
use crate::graph::{self, Filters};
use crate::pool::Pool;
use crate::reader;
use crate::{AppState, BODY_LIMIT, CSP, REQUEST_TIMEOUT};
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use doc::EntityLabel;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use store::{DocId, EntityId, Store};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

/// Default page size of lists.
pub const DEFAULT_LIMIT: usize = 50;
/// Largest page size of lists.
pub const MAX_LIMIT: usize = 200;
/// Largest offset into the entity list (filtered in memory).
pub const MAX_ENTITY_OFFSET: usize = 1_000_000;
/// Largest offset into quote lists (read from the store up to offset + limit).
pub const MAX_QUOTE_OFFSET: usize = 10_000;
/// Largest graph depth.
pub const MAX_DEPTH: usize = 3;
/// Largest graph node budget a client may ask for.
pub const MAX_NODES: usize = 500;
/// Largest `min_support` of a graph.
pub const MAX_SUPPORT: usize = 1_000_000;
/// Longest path searched (`max_hops` of `/api/path`).
pub const MAX_HOPS: usize = 6;
/// Longest query string of an API request (bytes, as sent).
pub const MAX_QUERY_STRING: usize = 2048;
/// Longest value of one query parameter (bytes, decoded).
pub const MAX_PARAM_BYTES: usize = 256;
/// Most words in a search (`q` of `/api/search` and `/api/quotes`).
pub const MAX_SEARCH_WORDS: usize = 16;
/// Most prefix searches (`word*`) in one search.
pub const MAX_SEARCH_PREFIXES: usize = 3;
/// Fewest letters or digits before the `*` of a prefix search.
pub const MIN_PREFIX_CHARS: usize = 3;
/// How long store work may run before it is stopped (a little under the request timeout, so
/// that the worker is free by the time the client hears of it).
pub const WORK_BUDGET: Duration = Duration::from_millis(9_500);

/// Query parameters of every endpoint (each reads the ones it documents).
#[derive(Debug, Default, Deserialize)]
pub(crate) struct Params {
    q: Option<String>,
    #[serde(rename = "type")]
    ty: Option<String>,
    limit: Option<String>,
    offset: Option<String>,
    by: Option<String>,
    depth: Option<String>,
    max_nodes: Option<String>,
    entity: Option<String>,
    predicate: Option<String>,
    since: Option<String>,
    until: Option<String>,
    min_support: Option<String>,
    from: Option<String>,
    to: Option<String>,
    max_hops: Option<String>,
}

type Q = Result<Query<Params>, QueryRejection>;

fn params(q: Q) -> Result<Params, ApiError> {
    let p = q
        .map(|Query(p)| p)
        .map_err(|e| ApiError::bad_request(format!("query string: {}", e.body_text())))?;
    for (name, v) in [
        ("q", &p.q),
        ("type", &p.ty),
        ("limit", &p.limit),
        ("offset", &p.offset),
        ("by", &p.by),
        ("depth", &p.depth),
        ("max_nodes", &p.max_nodes),
        ("entity", &p.entity),
        ("predicate", &p.predicate),
        ("since", &p.since),
        ("until", &p.until),
        ("min_support", &p.min_support),
        ("from", &p.from),
        ("to", &p.to),
        ("max_hops", &p.max_hops),
    ] {
        if v.as_ref().is_some_and(|v| v.len() > MAX_PARAM_BYTES) {
            return Err(ApiError::new(
                ErrorCode::ParameterTooLong,
                format!("{name} is longer than {MAX_PARAM_BYTES} bytes"),
            ));
        }
    }
    Ok(p)
}

/// Checks search words against the caps on words and prefix searches (a short prefix such as
/// `t*` makes the full-text index merge the lists of every word that starts with it).
fn search_words(q: &str) -> Result<(), ApiError> {
    let mut words = 0;
    let mut prefixes = 0;
    for w in q.split_whitespace() {
        let core = w.trim_end_matches('*');
        if !core.chars().any(char::is_alphanumeric) {
            continue;
        }
        words += 1;
        if core.len() < w.len() {
            prefixes += 1;
            // The full-text tokenizer splits on punctuation: the prefix is the last run.
            let last = core
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("");
            if last.chars().count() < MIN_PREFIX_CHARS {
                return Err(ApiError::new(
                    ErrorCode::QueryTooComplex,
                    format!(
                        "a prefix search needs at least {MIN_PREFIX_CHARS} letters before the *: {w:?}"
                    ),
                ));
            }
        }
    }
    if words > MAX_SEARCH_WORDS {
        return Err(ApiError::new(
            ErrorCode::QueryTooComplex,
            format!("a search may have at most {MAX_SEARCH_WORDS} words"),
        ));
    }
    if prefixes > MAX_SEARCH_PREFIXES {
        return Err(ApiError::new(
            ErrorCode::QueryTooComplex,
            format!("a search may have at most {MAX_SEARCH_PREFIXES} prefix searches (word*)"),
        ));
    }
    Ok(())
}

fn number(name: &str, v: Option<&str>, default: usize, max: usize) -> Result<usize, ApiError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(default),
        Some(s) => {
            let n: usize = s.parse().map_err(|_| {
                ApiError::bad_request(format!("{name} must be a non-negative integer, not {s:?}"))
            })?;
            if n > max {
                return Err(ApiError::bad_request(format!(
                    "{name} must be at most {max}"
                )));
            }
            Ok(n)
        }
    }
}

fn page(p: &Params, max_offset: usize) -> Result<(usize, usize), ApiError> {
    Ok((
        number("offset", p.offset.as_deref(), 0, max_offset)?,
        number("limit", p.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?,
    ))
}

fn id_of(s: &str, what: &str) -> Result<i64, ApiError> {
    s.parse::<i64>()
        .map_err(|_| ApiError::bad_request(format!("{what} id must be an integer, not {s:?}")))
}

fn text_param(v: Option<&String>) -> Option<&str> {
    v.map(|s| s.trim()).filter(|s| !s.is_empty())
}

/// A page of a list.
#[derive(Debug, Serialize)]
pub(crate) struct Page<T> {
    /// Items matching in all, when known without reading them all.
    total: Option<usize>,
    offset: usize,
    limit: usize,
    /// Whether a next page may hold more.
    more: bool,
    items: Vec<T>,
}

impl<T> Page<T> {
    /// A page from `rows`, the list's first `offset + limit + 1` items (or fewer when it ends):
    /// skips `offset`, keeps `limit`, and `more` says whether a row was left over.
    fn from_prefix(rows: Vec<T>, offset: usize, limit: usize) -> Self {
        let more = rows.len() > offset + limit;
        let items = rows.into_iter().skip(offset).take(limit).collect();
        Page::uncounted(items, offset, limit, more)
    }

    /// A page from `items`, up to `limit + 1` items read from `offset` on: the extra one only
    /// says that there is more.
    fn from_window(mut items: Vec<T>, offset: usize, limit: usize) -> Self {
        let more = items.len() > limit;
        items.truncate(limit);
        Page::uncounted(items, offset, limit, more)
    }

    /// A page of a list whose total is not counted.
    fn uncounted(items: Vec<T>, offset: usize, limit: usize, more: bool) -> Self {
        Page {
            total: None,
            offset,
            limit,
            more,
            items,
        }
    }
}

/// A JSON response from bytes already serialized.
fn json_bytes(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// Answers a read from the response cache, or runs `f` with a pooled connection on the
/// blocking pool (at most `workers` at once) and caches its JSON under `key`. The work runs
/// under a [`Budget`] of [`WORK_BUDGET`]; when this future is dropped (the request timed out or
/// the client went away) the budget is cancelled and the running statement interrupted.
async fn blocking<T, F>(state: &AppState, key: &Uri, f: F) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Store, &Pool, &Budget) -> Result<T, ApiError> + Send + 'static,
{
    work(state, key, false, f).await
}

/// [`blocking`] for heavy work (graphs, whole documents): at most half the workers run it at
/// once, so that cheap requests are not queued behind it.
async fn heavy<T, F>(state: &AppState, key: &Uri, f: F) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Store, &Pool, &Budget) -> Result<T, ApiError> + Send + 'static,
{
    work(state, key, true, f).await
}

async fn work<T, F>(state: &AppState, key: &Uri, heavy: bool, f: F) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Store, &Pool, &Budget) -> Result<T, ApiError> + Send + 'static,
{
    let key = key.to_string();
    if let Some(hit) = state.pool.cached(&key) {
        return Ok(json_bytes(hit));
    }
    // One computation per key at a time; those who waited find it cached.
    let gate = state.pool.gate(&key);
    let _computing = gate.lock().await;
    let pool = Arc::clone(&state.pool);
    let shutting_down = |_| ApiError::new(ErrorCode::Unavailable, "the server is shutting down");
    let heavy_permit = if heavy {
        Some(
            Arc::clone(&state.heavy)
                .acquire_owned()
                .await
                .map_err(shutting_down)?,
        )
    } else {
        None
    };
    let permit = Arc::clone(&state.workers)
        .acquire_owned()
        .await
        .map_err(shutting_down)?;
    let budget = Budget::new(WORK_BUDGET);
    let cancel = CancelOnDrop::new(budget.clone());
    let body = tokio::task::spawn_blocking(move || {
        let _permits = (permit, heavy_permit);
        budget.check()?;
        let store = pool.get()?;
        budget.attach(Some(store.interrupter()));
        let out = (|| {
            let version = pool.version(&store)?;
            if let Some(hit) = pool.cached(&key) {
                return Ok(hit);
            }
            let value = f(&store, &pool, &budget)?;
            budget.check()?;
            let body = Bytes::from(
                serde_json::to_vec(&value).map_err(|e| ApiError::internal(format!("json: {e}")))?,
            );
            pool.put(key, version, body.clone());
            Ok::<_, ApiError>(body)
        })();
        // Before the connection goes back to the pool: a late cancel must not reach it.
        budget.attach(None);
        out
    })
    .await
    .map_err(|e| ApiError::internal(format!("worker: {e}")))?;
    cancel.disarm();
    Ok(json_bytes(body?))
}

/// Resolves `by`/`entity` (an id, or a name looked up like `show NAME`).
fn entity_ref(store: &Store, s: &str) -> Result<EntityId, ApiError> {
    if let Ok(n) = s.parse::<i64>() {
        return Ok(EntityId(n));
    }
    store
        .find_entity(s)?
        .ok_or_else(|| ApiError::not_found(format!("no entity named {s:?}")))
}

async fn stats(State(st): State<AppState>, uri: Uri) -> Result<Response, ApiError> {
    blocking(&st, &uri, |s, _, _| Ok(s.stats()?)).await
}

async fn entities(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_ENTITY_OFFSET)?;
    let label = match text_param(p.ty.as_ref()) {
        None => None,
        Some(t) => Some(EntityLabel::parse(t).ok_or_else(|| {
            ApiError::bad_request(format!("type must be PER, ORG, LOC or MISC, not {t:?}"))
        })?),
    };
    blocking(&st, &uri, move |s, pool, _| {
        let index = pool.index(s)?;
        let (total, items) = index.filter(text_param(p.q.as_ref()), label, offset, limit);
        Ok(Page {
            total: Some(total),
            offset,
            limit,
            more: offset + items.len() < total,
            items,
        })
    })
    .await
}

async fn entity(
    State(st): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
    q: Q,
) -> Result<Response, ApiError> {
    let id = EntityId(id_of(&id, "entity")?);
    let p = params(q)?;
    let limit = number("limit", p.limit.as_deref(), DEFAULT_LIMIT, MAX_LIMIT)?;
    blocking(&st, &uri, move |s, _, _| {
        // One more of each list than shown says whether a next page holds more.
        let mut d = s
            .entity_detail(id, limit + 1)?
            .ok_or_else(|| ApiError::not_found(format!("no entity with id {}", id.0)))?;
        let more = More {
            roles: d.roles.len() > limit,
            affiliations: d.affiliations.len() > limit,
            quotes: d.quotes.len() > limit,
            timeline: d.timeline.len() > limit,
            sources: d.sources.len() > limit,
        };
        d.roles.truncate(limit);
        d.affiliations.truncate(limit);
        d.quotes.truncate(limit);
        d.timeline.truncate(limit);
        d.sources.truncate(limit);
        d.merges.truncate(limit);
        Ok(Profile {
            detail: d,
            limit,
            more,
        })
    })
    .await
}

/// Which lists of a profile were cut at `limit` (page on with `/api/quotes?by=`,
/// `/api/timeline?entity=`, `/api/entities/{id}/sources`).
#[derive(Debug, Serialize)]
struct More {
    roles: bool,
    affiliations: bool,
    quotes: bool,
    timeline: bool,
    sources: bool,
}

/// `GET /api/entities/{id}`: the profile, each list at most `limit` long.
#[derive(Debug, Serialize)]
struct Profile {
    #[serde(flatten)]
    detail: store::EntityDetail,
    limit: usize,
    more: More,
}

async fn entity_sources(
    State(st): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
    q: Q,
) -> Result<Response, ApiError> {
    let id = EntityId(id_of(&id, "entity")?);
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    blocking(&st, &uri, move |s, _, _| {
        Ok(Page::from_window(
            s.sources_page(id, offset, limit + 1)?,
            offset,
            limit,
        ))
    })
    .await
}

/// `GET /api/timeline/months`: dated items by period.
#[derive(Debug, Serialize)]
struct Months {
    entity: Option<EntityId>,
    periods: Vec<store::MonthCount>,
}

async fn timeline_months(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    blocking(&st, &uri, move |s, _, _| {
        let entity = match text_param(p.entity.as_ref()) {
            Some(e) => Some(entity_ref(s, e)?),
            None => None,
        };
        Ok(Months {
            entity,
            periods: s.timeline_months(entity)?,
        })
    })
    .await
}

async fn new_facts(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    let Some(since) = text_param(p.since.as_ref()) else {
        return Err(ApiError::bad_request(
            "since is required (a date such as 2019-05-01)",
        ));
    };
    let since = store::time_bound(since).ok_or_else(|| {
        ApiError::bad_request(format!(
            "since must be a date such as 2000, 2019-05 or 2019-05-31, not {since:?}"
        ))
    })?;
    blocking(&st, &uri, move |s, _, _| {
        let (items, more) = s.new_facts(&since, offset, limit)?;
        Ok(Page::uncounted(items, offset, limit, more))
    })
    .await
}

async fn entity_graph(
    State(st): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
    q: Q,
) -> Result<Response, ApiError> {
    let id = EntityId(id_of(&id, "entity")?);
    let p = params(q)?;
    let query = graph_query(&p, number("depth", p.depth.as_deref(), 1, MAX_DEPTH)?)?;
    heavy(&st, &uri, move |s, _, budget| {
        graph::neighbourhood(s, id, &query, budget)?
            .ok_or_else(|| ApiError::not_found(format!("no entity with id {}", id.0)))
    })
    .await
}

/// The graph filters of a request (`predicate`, `type`, `since`, `until`, `min_support`,
/// `max_nodes`) for `depth` hops.
fn graph_query(p: &Params, depth: usize) -> Result<store::GraphQuery, ApiError> {
    let max_nodes = number(
        "max_nodes",
        p.max_nodes.as_deref(),
        graph::DEFAULT_NODES,
        MAX_NODES,
    )?
    .max(1);
    let filters = Filters {
        predicate: text_param(p.predicate.as_ref()),
        types: text_param(p.ty.as_ref()),
        since: text_param(p.since.as_ref()),
        until: text_param(p.until.as_ref()),
        min_support: number("min_support", p.min_support.as_deref(), 0, MAX_SUPPORT)? as u64,
    };
    graph::query(depth, max_nodes, &filters)
}

/// `GET /api/path?from=&to=`: a shortest chain of facts between two entities.
#[derive(Debug, Serialize)]
struct PathAnswer {
    found: bool,
    hops: Vec<store::PathHop>,
}

async fn path(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (Some(from), Some(to)) = (
        text_param(p.from.as_ref()).map(str::to_string),
        text_param(p.to.as_ref()).map(str::to_string),
    ) else {
        return Err(ApiError::bad_request("from and to are required"));
    };
    let hops = number("max_hops", p.max_hops.as_deref(), 4, MAX_HOPS)?;
    let query = graph_query(&p, hops)?;
    heavy(&st, &uri, move |s, _, budget| {
        let (a, b) = (entity_ref(s, &from)?, entity_ref(s, &to)?);
        let stop = || budget.is_spent();
        let found = s.path(a, b, &query, &stop);
        budget.check()?;
        let hops = found?;
        Ok(PathAnswer {
            found: hops.is_some(),
            hops: hops.unwrap_or_default(),
        })
    })
    .await
}

async fn quotes(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    if let Some(words) = text_param(p.q.as_ref()) {
        search_words(words)?;
    }
    blocking(&st, &uri, move |s, _, _| {
        let mut rows = match (text_param(p.by.as_ref()), text_param(p.q.as_ref())) {
            (_, Some(words)) => s.search_quotes(words, offset + limit + 1)?,
            (Some(by), None) => {
                let id = entity_ref(s, by)?;
                s.quotes(Some(id), offset + limit + 1)?
            }
            (None, None) => s.quotes(None, offset + limit + 1)?,
        };
        if let (Some(by), Some(_)) = (text_param(p.by.as_ref()), text_param(p.q.as_ref())) {
            let id = entity_ref(s, by)?;
            rows.retain(|r| r.speaker_entity == Some(id));
        }
        Ok(Page::from_prefix(rows, offset, limit))
    })
    .await
}

async fn timeline(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    blocking(&st, &uri, move |s, _, _| {
        let who = match text_param(p.entity.as_ref()) {
            Some(e) => Some(entity_ref(s, e)?),
            None => None,
        };
        let rows = s.timeline(who, offset + limit + 1)?;
        Ok(Page::from_prefix(rows, offset, limit))
    })
    .await
}

async fn document(
    State(st): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = DocId(id_of(&id, "document")?);
    heavy(&st, &uri, move |s, pool, budget| {
        let not_found = || ApiError::not_found(format!("no document with id {}", id.0));
        let doc_ref = s.doc_ref(id)?.ok_or_else(not_found)?;
        let d = s.document(id)?.ok_or_else(not_found)?;
        let index = pool.index(s)?;
        budget.check()?;
        Ok(reader::view(doc_ref, &d, &index))
    })
    .await
}

/// Search results: documents (full text), entities by name, quotes (full text).
#[derive(Debug, Serialize)]
struct SearchResults {
    query: String,
    documents: Vec<store::SearchHit>,
    entities: Vec<store::EntitySummary>,
    quotes: Vec<store::QuoteRow>,
}

async fn search(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let limit = number("limit", p.limit.as_deref(), 20, MAX_LIMIT)?;
    let Some(words) = text_param(p.q.as_ref()).map(str::to_string) else {
        return Err(ApiError::bad_request("q is required"));
    };
    search_words(&words)?;
    blocking(&st, &uri, move |s, pool, budget| {
        let index = pool.index(s)?;
        let (_, entities) = index.filter(Some(&words), None, 0, limit);
        let documents = s.search(&words, limit)?;
        budget.check()?;
        Ok(SearchResults {
            documents,
            quotes: s.search_quotes(&words, limit)?,
            entities,
            query: words,
        })
    })
    .await
}

async fn openapi() -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        assets::OPENAPI,
    )
        .into_response()
}

/// The ontology's predicates as JSON: what the web explorer reads facts with.
pub fn ontology_json() -> serde_json::Value {
    let types = |t: &[ontology::EntityType]| t.iter().map(|t| t.as_str()).collect::<Vec<_>>();
    let side = |s: &ontology::Side| serde_json::json!({"phrase": s.phrase, "former": s.former});
    let rows: Vec<serde_json::Value> = ontology::PREDICATES
        .iter()
        .map(|p| {
            serde_json::json!({
                "name": p.name,
                "description": p.description,
                "title": p.readings.title,
                "outgoing": side(&p.readings.outgoing),
                "incoming": side(&p.readings.incoming),
                "subject_types": types(p.subject_types),
                "object_types": types(p.object_types),
                "ftm_schema": p.ftm_schema(),
                "schema_org": p.schema_org.map(|s| s.property),
                "symmetric": p.symmetric,
            })
        })
        .collect();
    serde_json::Value::Array(rows)
}

async fn ontology_route() -> Response {
    axum::Json(ontology_json()).into_response()
}

async fn api_not_found() -> ApiError {
    ApiError::not_found("no such API endpoint")
}

/// Adds the security headers and turns every non-JSON error into the JSON error shape.
async fn harden(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let code = ErrorCode::from_status(status);
        let message = match code {
            ErrorCode::Timeout => "the request took too long".to_string(),
            ErrorCode::PayloadTooLarge => {
                format!("request bodies are limited to {BODY_LIMIT} bytes")
            }
            ErrorCode::MethodNotAllowed => "method not allowed".to_string(),
            ErrorCode::NotFound => "not found".to_string(),
            _ => status.canonical_reason().unwrap_or("error").to_string(),
        };
        let mut json = ApiError::new(code, message).into_response();
        *json.status_mut() = status;
        res = json;
    }
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Constant-time comparison of two byte strings (length is not hidden).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Answers only the `Host` names of the state's policy (421 otherwise): a page on another
/// site that rebinds its name to this server's address still sends its own name.
async fn check_host(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let header = req.headers().get(header::HOST).map(|v| v.to_str().ok());
    let authority = req.uri().authority().map(|a| a.as_str());
    let ok = match (header, authority) {
        (None, None) | (Some(None), _) => false,
        (Some(Some(h)), a) => st.hosts.allows(h) && a.is_none_or(|a| st.hosts.allows(a)),
        (None, Some(a)) => st.hosts.allows(a),
    };
    if ok {
        return next.run(req).await;
    }
    ApiError::new(
        ErrorCode::MisdirectedRequest,
        format!(
            "this server does not answer to that Host; it answers to {} (start it with \
             --allow-host NAME to add a name)",
            st.hosts.names().join(", ")
        ),
    )
    .into_response()
}

/// Refuses an API query string longer than [`MAX_QUERY_STRING`] before anything parses it.
async fn cap_query(req: Request, next: Next) -> Response {
    if req
        .uri()
        .query()
        .is_some_and(|q| q.len() > MAX_QUERY_STRING)
    {
        return ApiError::new(
            ErrorCode::ParameterTooLong,
            format!("the query string is longer than {MAX_QUERY_STRING} bytes"),
        )
        .into_response();
    }
    next.run(req).await
}

/// Without a token, reads are open and anything that could write is refused. With a token,
/// every API request (reads too) needs `Authorization: Bearer <token>`.
async fn guard(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let m = req.method();
    let read = m == Method::GET || m == Method::HEAD || m == Method::OPTIONS;
    let Some(token) = &st.token else {
        if read {
            return next.run(req).await;
        }
        return ApiError::new(
            ErrorCode::Unauthorized,
            "this server is read-only: start it with --token to allow curation",
        )
        .into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(g) if same(g.as_bytes(), token.as_bytes()) => next.run(req).await,
        _ => {
            let mut r = ApiError::new(
                ErrorCode::Unauthorized,
                "missing or wrong bearer token: send `Authorization: Bearer <token>`",
            )
            .into_response();
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"newsgraph\""),
            );
            r
        }
    }
}

pub(crate) fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/stats", get(stats))
        .route("/entities", get(entities))
        .route("/entities/{id}", get(entity))
        .route("/entities/{id}/graph", get(entity_graph))
        .route("/entities/{id}/sources", get(entity_sources))
        .route("/path", get(path))
        .route("/facts/new", get(new_facts))
        .route("/timeline/months", get(timeline_months))
        .route("/quotes", get(quotes))
        .route("/timeline", get(timeline))
        .route("/documents/{id}", get(document))
        .route("/search", get(search))
        .route("/openapi.json", get(openapi))
        .route("/ontology", get(ontology_route))
        .merge(crate::curation::router())
        .fallback(api_not_found)
        .layer(middleware::from_fn(cap_query))
        .layer(middleware::from_fn_with_state(state.clone(), guard));
    Router::new()
        .nest("/api", api)
        .merge(assets::router())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(middleware::from_fn(harden))
        .with_state(state)
}
