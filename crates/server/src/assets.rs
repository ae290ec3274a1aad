//! The web explorer's files, embedded in the binary at build time (no build step to run it),
//! and the hand-written OpenAPI 3 document. Cytoscape.js is vendored here too (see
//! `assets/VENDORED.md`): nothing is loaded from another origin.

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The OpenAPI 3 document of the JSON API.
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// (name, content type, body) of every file under `/assets/`.
const FILES: &[(&str, &str, &str)] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "graph.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/graph.js"),
    ),
    (
        "cytoscape.esm.min.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/cytoscape.esm.min.js"),
    ),
    (
        "cytoscape.LICENSE.txt",
        "text/plain; charset=utf-8",
        include_str!("../assets/cytoscape.LICENSE.txt"),
    ),
    (
        "dom.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/dom.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_str!("../assets/style.css"),
    ),
];

const INDEX: &str = include_str!("../assets/index.html");

fn html() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        INDEX,
    )
        .into_response()
}

async fn index() -> Response {
    html()
}

async fn file(Path(name): Path<String>) -> Response {
    match FILES.iter().find(|(n, _, _)| *n == name) {
        Some((_, ty, body)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static(ty)),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `/` and `/assets/{file}`.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/assets/{name}", get(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_is_json_and_lists_every_route() {
        let v: serde_json::Value = serde_json::from_str(OPENAPI).expect("valid JSON");
        let paths = v.get("paths").and_then(|p| p.as_object()).expect("paths");
        for p in [
            "/api/stats",
            "/api/entities",
            "/api/entities/{id}",
            "/api/entities/{id}/graph",
            "/api/quotes",
            "/api/timeline",
            "/api/documents/{id}",
            "/api/search",
            "/api/ontology",
            "/api/path",
            "/api/facts/new",
            "/api/timeline/months",
            "/api/entities/{id}/sources",
        ] {
            assert!(paths.contains_key(p), "openapi lacks {p}");
        }
    }

    #[test]
    fn no_inline_script_in_the_page() {
        // CSP forbids inline script: the page only loads modules from /assets/.
        assert!(!INDEX.contains("<script>"));
        assert!(!INDEX.contains("onclick"));
        assert!(INDEX.contains("src=\"/assets/app.js\""));
    }

    #[test]
    fn the_graph_library_is_vendored_not_fetched() {
        let file = |n: &str| FILES.iter().find(|(name, _, _)| *name == n).map(|f| f.2);
        let lib = file("cytoscape.esm.min.js").expect("cytoscape is served");
        assert!(
            lib.contains("version=\"3.35.0\""),
            "vendored version changed"
        );
        assert!(
            file("cytoscape.LICENSE.txt")
                .is_some_and(|l| l.contains("MIT") || l.contains("Permission is hereby granted"))
        );
        let notes = include_str!("../assets/VENDORED.md");
        assert!(
            notes.contains("cytoscape@3.35.0"),
            "VENDORED.md names the version"
        );
        let graph = file("graph.js").expect("graph.js");
        assert!(graph.contains("from './cytoscape.esm.min.js'"));
        for (name, _, body) in FILES.iter().filter(|f| f.0.ends_with(".js")) {
            for cdn in [
                "unpkg.com",
                "jsdelivr",
                "cdnjs",
                "googleapis",
                "import(\"http",
                "from 'http",
                "from \"http",
            ] {
                assert!(!body.contains(cdn), "{name} loads from {cdn}");
            }
        }
        assert!(
            !INDEX.contains("http"),
            "the page loads nothing from another origin"
        );
    }

    #[test]
    fn scripts_never_assign_inner_html() {
        for (name, _, body) in FILES {
            assert!(!body.contains("innerHTML"), "{name} uses innerHTML");
            assert!(!body.contains("outerHTML"), "{name} uses outerHTML");
            assert!(!body.contains("insertAdjacentHTML"), "{name}");
            assert!(!body.contains("document.write"), "{name}");
        }
    }
}
