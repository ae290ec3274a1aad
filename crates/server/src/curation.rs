//! Curation endpoints (merge, split, rename, alias add/remove, suppress): hand corrections to
//! the entity graph through the store's curation API. They write, so the write guard in
//! `api` lets them through only with `Authorization: Bearer <token>`.

use crate::AppState;
use crate::error::{ApiError, ErrorCode};
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use std::sync::Arc;
use store::{Curated, EntityId, Store, StoreError};

/// `{"into": ID, "from": ID}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MergeBody {
    into: i64,
    from: i64,
}

/// `{"entity": ID, "name": "..."}` / `{"entity": ID, "alias": "..."}` / `{"entity": ID}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntityBody {
    entity: i64,
    name: Option<String>,
    alias: Option<String>,
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    b.map(|Json(t)| t)
        .map_err(|e| ApiError::bad_request(format!("request body: {}", e.body_text())))
}

fn required(v: Option<String>, what: &str) -> Result<String, ApiError> {
    v.map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .ok_or_else(|| ApiError::bad_request(format!("{what} is required")))
}

/// Runs one write on a pooled connection and drops the cached entity index afterwards.
async fn write<F>(st: &AppState, f: F) -> Result<Json<Curated>, ApiError>
where
    F: FnOnce(&mut Store) -> Result<Curated, StoreError> + Send + 'static,
{
    let pool = Arc::clone(&st.pool);
    let permit = Arc::clone(&st.workers)
        .acquire_owned()
        .await
        .map_err(|_| ApiError::new(ErrorCode::Unavailable, "the server is shutting down"))?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let mut store = pool.get()?;
        let out = f(&mut store);
        pool.invalidate();
        out.map_err(|e| match e {
            StoreError::Curation(m) => ApiError::bad_request(m),
            other => ApiError::from(other),
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("worker: {e}")))?
    .map(Json)
}

async fn merge(
    State(st): State<AppState>,
    b: Result<Json<MergeBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    write(&st, move |s| {
        s.merge_entities(EntityId(b.into), EntityId(b.from))
    })
    .await
}

async fn rename(
    State(st): State<AppState>,
    b: Result<Json<EntityBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    let name = required(b.name, "name")?;
    write(&st, move |s| s.rename_entity(EntityId(b.entity), &name)).await
}

async fn split(
    State(st): State<AppState>,
    b: Result<Json<EntityBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    let alias = required(b.alias, "alias")?;
    write(&st, move |s| s.split_alias(EntityId(b.entity), &alias)).await
}

async fn alias_add(
    State(st): State<AppState>,
    b: Result<Json<EntityBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    let alias = required(b.alias, "alias")?;
    write(&st, move |s| s.add_alias(EntityId(b.entity), &alias)).await
}

async fn alias_remove(
    State(st): State<AppState>,
    b: Result<Json<EntityBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    let alias = required(b.alias, "alias")?;
    write(&st, move |s| s.remove_alias(EntityId(b.entity), &alias)).await
}

async fn suppress(
    State(st): State<AppState>,
    b: Result<Json<EntityBody>, JsonRejection>,
) -> Result<Json<Curated>, ApiError> {
    let b = body(b)?;
    write(&st, move |s| s.suppress_entity(EntityId(b.entity))).await
}

/// The `/curation/...` routes (nested under `/api`).
pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route("/curation/merge", post(merge))
        .route("/curation/rename", post(rename))
        .route("/curation/split", post(split))
        .route("/curation/alias/add", post(alias_add))
        .route("/curation/alias/remove", post(alias_remove))
        .route("/curation/suppress", post(suppress))
}
