//! The routes: JSON API handlers, the OpenAPI document, web assets, and the layers around them
//! (body size and time limits, security headers, JSON errors, bearer-token guard for writes).

use crate::assets;
use crate::error::{ApiError, ErrorCode};
use crate::graph::{self, Caps};
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
}

type Q = Result<Query<Params>, QueryRejection>;

fn params(q: Q) -> Result<Params, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::bad_request(format!("query string: {}", e.body_text())))
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
/// blocking pool (at most `workers` at once) and caches its JSON under `key`.
async fn blocking<T, F>(state: &AppState, key: &Uri, f: F) -> Result<Response, ApiError>
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Store, &Pool) -> Result<T, ApiError> + Send + 'static,
{
    let key = key.to_string();
    if let Some(hit) = state.pool.cached(&key) {
        return Ok(json_bytes(hit));
    }
    // One computation per key at a time; those who waited find it cached.
    let gate = state.pool.gate(&key);
    let _computing = gate.lock().await;
    let pool = Arc::clone(&state.pool);
    let permit = Arc::clone(&state.workers)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the server is shutting down"))?;
    let body = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let store = pool.get()?;
        let version = pool.version(&store)?;
        if let Some(hit) = pool.cached(&key) {
            return Ok(hit);
        }
        let value = f(&store, &pool)?;
        let body = Bytes::from(
            serde_json::to_vec(&value).map_err(|e| ApiError::internal(format!("json: {e}")))?,
        );
        pool.put(key, version, body.clone());
        Ok::<_, ApiError>(body)
    })
    .await
    .map_err(|e| ApiError::internal(format!("worker: {e}")))??;
    Ok(json_bytes(body))
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
    blocking(&st, &uri, |s, _| Ok(s.stats()?)).await
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
    blocking(&st, &uri, move |s, pool| {
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
    blocking(&st, &uri, move |s, _| {
        s.entity_detail(id, limit)?
            .ok_or_else(|| ApiError::not_found(format!("no entity with id {}", id.0)))
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
    let defaults = Caps::default();
    let caps = Caps {
        depth: number("depth", p.depth.as_deref(), 1, MAX_DEPTH)?,
        max_nodes: number("max_nodes", p.max_nodes.as_deref(), defaults.max_nodes, 200)?.max(1),
        ..defaults
    };
    blocking(&st, &uri, move |s, pool| {
        let index = pool.index(s)?;
        graph::neighbourhood(s, &index, id, caps)?
            .ok_or_else(|| ApiError::not_found(format!("no entity with id {}", id.0)))
    })
    .await
}

async fn quotes(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    blocking(&st, &uri, move |s, _| {
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
        let more = rows.len() > offset + limit;
        let items: Vec<_> = rows.into_iter().skip(offset).take(limit).collect();
        Ok(Page {
            total: None,
            offset,
            limit,
            more,
            items,
        })
    })
    .await
}

async fn timeline(State(st): State<AppState>, uri: Uri, q: Q) -> Result<Response, ApiError> {
    let p = params(q)?;
    let (offset, limit) = page(&p, MAX_QUOTE_OFFSET)?;
    blocking(&st, &uri, move |s, _| {
        let who = match text_param(p.entity.as_ref()) {
            Some(e) => Some(entity_ref(s, e)?),
            None => None,
        };
        let rows = s.timeline(who, offset + limit + 1)?;
        let more = rows.len() > offset + limit;
        let items: Vec<_> = rows.into_iter().skip(offset).take(limit).collect();
        Ok(Page {
            total: None,
            offset,
            limit,
            more,
            items,
        })
    })
    .await
}

async fn document(
    State(st): State<AppState>,
    uri: Uri,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let id = DocId(id_of(&id, "document")?);
    blocking(&st, &uri, move |s, pool| {
        let not_found = || ApiError::not_found(format!("no document with id {}", id.0));
        let doc_ref = s.doc_ref(id)?.ok_or_else(not_found)?;
        let d = s.document(id)?.ok_or_else(not_found)?;
        let index = pool.index(s)?;
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
    if words.len() > 500 {
        return Err(ApiError::bad_request("q is longer than 500 bytes"));
    }
    blocking(&st, &uri, move |s, pool| {
        let index = pool.index(s)?;
        let (_, entities) = index.filter(Some(&words), None, 0, limit);
        Ok(SearchResults {
            documents: s.search(&words, limit)?,
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

/// Reads are open; anything that could write needs `Authorization: Bearer <token>`, and is
/// refused outright when the server was started without a token.
async fn guard_writes(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let m = req.method();
    if m == Method::GET || m == Method::HEAD || m == Method::OPTIONS {
        return next.run(req).await;
    }
    let Some(token) = &st.token else {
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
            let mut r = ApiError::new(ErrorCode::Unauthorized, "missing or wrong bearer token")
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
        .route("/quotes", get(quotes))
        .route("/timeline", get(timeline))
        .route("/documents/{id}", get(document))
        .route("/search", get(search))
        .route("/openapi.json", get(openapi))
        .merge(crate::curation::router())
        .fallback(api_not_found)
        .layer(middleware::from_fn_with_state(state.clone(), guard_writes));
    Router::new()
        .nest("/api", api)
        .merge(assets::router())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(middleware::from_fn(harden))
        .with_state(state)
}
