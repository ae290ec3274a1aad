//! API tests: a store built from `examples/` plus a hand-written XSS article, the router on
//! 127.0.0.1:0, and every endpoint hit over real HTTP (JSON shapes, errors, limits, headers).

use serde_json::Value;
use std::path::PathBuf;
use std::sync::OnceLock;

const XSS_TEXT: &str = "Millbrook council hears from Jane Doe\n\n\
Jane Doe told the Millbrook council on Monday that <script>alert(1)</script> had appeared on the \
town website. A banner with <img src=x onerror=alert(1)> was removed, officials said. \
Another visitor typed \" onmouseover=\"alert(1) into the form, Jane Doe added.\n";

struct Fixture {
    base: String,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("test.db");
        let xss_dir = dir.path().join("xss");
        std::fs::create_dir_all(&xss_dir).expect("mkdir");
        std::fs::write(xss_dir.join("xss-article.txt"), XSS_TEXT).expect("write fixture");
        let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
        {
            let mut engine = engine::Engine::open(&db).expect("open engine");
            let report = engine
                .ingest(
                    &[engine::Input::Path(examples), engine::Input::Path(xss_dir)],
                    &engine::IngestOptions::default(),
                    &mut |_| {},
                )
                .expect("ingest");
            assert!(report.failed.is_empty(), "{:?}", report.failed);
        }
        let addr = start(db, "test-token");
        Fixture {
            base: format!("http://{addr}"),
            _dir: dir,
        }
    })
}

/// Serves the router over `db` on 127.0.0.1:0 in a background runtime; returns its address.
fn start(db: PathBuf, token: &str) -> std::net::SocketAddr {
    let state = server::AppState::new(db, Some(token.to_string()));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            tx.send(listener.local_addr().expect("addr")).expect("send");
            axum::serve(listener, server::router(state))
                .await
                .expect("serve");
        });
    });
    rx.recv().expect("server address")
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

fn reply(res: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut res = res.expect("request");
    let status = res.status().as_u16();
    let headers = res
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let body = res.body_mut().read_to_string().expect("body");
    Reply {
        status,
        headers,
        body,
    }
}

fn get(path: &str) -> Reply {
    reply(agent().get(format!("{}{path}", fixture().base)).call())
}

/// GET that must answer 200 JSON with the security headers.
fn get_json(path: &str) -> Value {
    let r = get(path);
    assert_eq!(r.status, 200, "{path}: {}", r.body);
    assert_secure(&r, path);
    assert!(
        r.header("content-type")
            .is_some_and(|v| v.starts_with("application/json")),
        "{path}"
    );
    r.json()
}

fn assert_secure(r: &Reply, path: &str) {
    assert_eq!(
        r.header("content-security-policy"),
        Some(server::CSP),
        "{path}"
    );
    assert_eq!(
        r.header("x-content-type-options"),
        Some("nosniff"),
        "{path}"
    );
}

fn assert_error(r: &Reply, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.body);
    let v = r.json();
    assert_eq!(v["error"]["code"], code, "{}", r.body);
    assert!(
        v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty())
    );
    assert_eq!(r.header("content-security-policy"), Some(server::CSP));
}

fn entity_id(name: &str) -> i64 {
    let v = get_json(&format!("/api/entities?q={name}&type=PER"));
    v["items"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("no entity {name}: {v}"))
}

#[test]
fn stats_counts_the_store() {
    let v = get_json("/api/stats");
    assert_eq!(v["documents"].as_u64(), Some(11), "{v}");
    assert!(v["entities"].as_u64().is_some_and(|n| n > 10));
    for k in ["mentions", "quotes", "timexes", "facts"] {
        assert!(v[k].is_u64(), "{k}");
    }
}

#[test]
fn entities_filter_and_paginate() {
    let all = get_json("/api/entities?limit=5");
    let total = all["total"].as_u64().expect("total");
    assert!(total > 5);
    assert_eq!(all["items"].as_array().map(Vec::len), Some(5));
    assert_eq!(all["more"], true);
    let next = get_json("/api/entities?limit=5&offset=5");
    assert_ne!(all["items"][0]["id"], next["items"][0]["id"]);
    // Most mentioned first.
    let counts: Vec<u64> = all["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["mention_count"].as_u64())
        .collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    let z = get_json("/api/entities?q=zakayev");
    assert!(
        z["items"][0]["name"]
            .as_str()
            .is_some_and(|n| n.contains("Zakayev"))
    );
    let orgs = get_json("/api/entities?type=ORG&limit=200");
    assert!(
        orgs["items"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| e["type"] == "ORG")
    );
    let none = get_json("/api/entities?q=qwertyuiopasdf");
    assert_eq!(none["total"], 0);
    assert_eq!(none["more"], false);
}

#[test]
fn entity_profile_has_every_section() {
    let id = entity_id("Zakayev");
    let v = get_json(&format!("/api/entities/{id}"));
    assert_eq!(v["summary"]["id"], id);
    assert_eq!(v["summary"]["type"], "PER");
    for k in ["roles", "affiliations", "quotes", "timeline", "sources"] {
        assert!(v[k].is_array(), "{k}: {v}");
    }
    assert!(v["sources"].as_array().is_some_and(|s| !s.is_empty()));
    assert_error(&get("/api/entities/999999"), 404, "not_found");
    assert_error(&get("/api/entities/abc"), 400, "bad_request");
}

#[test]
fn graph_links_entities_with_evidence() {
    let id = entity_id("Zakayev");
    let g = get_json(&format!("/api/entities/{id}/graph?depth=2"));
    assert_eq!(g["center"], id);
    let nodes = g["nodes"].as_array().expect("nodes");
    let edges = g["edges"].as_array().expect("edges");
    assert!(nodes.iter().any(|n| n["id"] == id));
    assert!(!edges.is_empty(), "{g}");
    let ids: Vec<&Value> = nodes.iter().map(|n| &n["id"]).collect();
    for e in edges {
        assert!(ids.contains(&&e["source"]) && ids.contains(&&e["target"]));
        let ev = &e["evidence"][0];
        let doc = ev["doc"]["id"].as_i64().expect("evidence doc");
        let text = ev["text"].as_str().expect("evidence text");
        // The evidence is the document's text at the code-point span.
        let d = get_json(&format!("/api/documents/{doc}"));
        let chars: Vec<char> = d["text"].as_str().expect("text").chars().collect();
        let (cs, ce) = (
            ev["span"]["char_start"].as_u64().expect("cs") as usize,
            ev["span"]["char_end"].as_u64().expect("ce") as usize,
        );
        let at: String = chars.get(cs..ce).expect("span in text").iter().collect();
        assert_eq!(at, text);
    }
    assert!(nodes.len() <= 200);
    assert_error(
        &get(&format!("/api/entities/{id}/graph?depth=9")),
        400,
        "bad_request",
    );
    assert_error(&get("/api/entities/999999/graph"), 404, "not_found");
}

#[test]
fn quotes_and_timeline_page() {
    let q = get_json("/api/quotes?limit=3");
    assert!(q["items"].as_array().is_some_and(|a| a.len() <= 3));
    let id = entity_id("Zakayev");
    let by = get_json(&format!("/api/quotes?by={id}"));
    for item in by["items"].as_array().into_iter().flatten() {
        assert_eq!(item["speaker_entity"], id);
    }
    get_json("/api/quotes?by=Zakayev");
    assert_error(
        &get("/api/quotes?by=Nobody%20Atall%20Xyzzy"),
        404,
        "not_found",
    );
    assert_error(&get("/api/quotes?limit=100000"), 400, "bad_request");
    assert_error(&get("/api/quotes?offset=-1"), 400, "bad_request");
    let t = get_json(&format!("/api/timeline?entity={id}"));
    assert!(t["items"].is_array());
}

#[test]
fn documents_carry_code_point_spans() {
    let hits = get_json("/api/search?q=Zakayev");
    let doc = hits["documents"][0]["doc"]["id"].as_i64().expect("a hit");
    let d = get_json(&format!("/api/documents/{doc}"));
    let text = d["text"].as_str().expect("text");
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(d["char_len"].as_u64(), Some(chars.len() as u64));
    let ents = d["entities"].as_array().expect("entities");
    assert!(!ents.is_empty());
    for e in ents {
        let (cs, ce) = (
            e["span"]["char_start"].as_u64().expect("cs") as usize,
            e["span"]["char_end"].as_u64().expect("ce") as usize,
        );
        let (bs, be) = (
            e["span"]["start"].as_u64().expect("s") as usize,
            e["span"]["end"].as_u64().expect("e") as usize,
        );
        let by_chars: String = chars.get(cs..ce).expect("in text").iter().collect();
        assert_eq!(Some(by_chars.as_str()), text.get(bs..be));
    }
    assert!(ents.iter().any(|e| e["entity_id"].is_i64()));
    for k in ["quotes", "timexes", "sentences"] {
        assert!(d[k].is_array(), "{k}");
    }
    assert_error(&get("/api/documents/424242"), 404, "not_found");
}

#[test]
fn search_finds_documents_and_entities() {
    let v = get_json("/api/search?q=Zakayev");
    assert!(v["documents"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(v["entities"].as_array().is_some_and(|a| !a.is_empty()));
    assert!(v["quotes"].is_array());
    assert!(
        v["documents"][0]["snippet"]
            .as_str()
            .is_some_and(|s| s.contains('['))
    );
    // FTS syntax in the query is data, not an error.
    get_json("/api/search?q=%22NEAR(%20AND%20*");
    assert_error(&get("/api/search"), 400, "bad_request");
}

#[test]
fn xss_article_is_served_as_inert_json() {
    let v = get_json("/api/search?q=onerror");
    let doc = v["documents"][0]["doc"]["id"]
        .as_i64()
        .expect("xss doc found");
    let r = get(&format!("/api/documents/{doc}"));
    assert_eq!(r.status, 200);
    assert_secure(&r, "xss document");
    assert!(
        r.header("content-type")
            .is_some_and(|t| t.starts_with("application/json"))
    );
    let d = r.json();
    let text = d["text"].as_str().expect("text");
    // The payloads survive as data (the UI puts them in text nodes) ...
    assert!(text.contains("<script>alert(1)</script>"));
    assert!(text.contains("<img src=x onerror=alert(1)>"));
    assert!(text.contains("\" onmouseover=\"alert(1)"));
    // ... and the served page itself never carries data nor inline script.
    let page = get("/");
    assert_eq!(page.status, 200);
    assert_secure(&page, "/");
    assert!(!page.body.contains("alert(1)"));
    assert!(!page.body.contains("<script>"));
}

#[test]
fn assets_and_openapi_are_served() {
    let page = get("/");
    assert!(
        page.header("content-type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    for (path, ty) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/graph.js", "text/javascript"),
        ("/assets/dom.js", "text/javascript"),
        ("/assets/style.css", "text/css"),
    ] {
        let r = get(path);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").is_some_and(|t| t.starts_with(ty)),
            "{path}"
        );
        assert_secure(&r, path);
    }
    let spec = get_json("/api/openapi.json");
    assert!(
        spec["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3."))
    );
    assert_error(&get("/assets/nope.js"), 404, "not_found");
    assert_error(&get("/api/nope"), 404, "not_found");
}

#[test]
fn writes_need_the_token_and_bodies_are_capped() {
    let url = format!("{}/api/entities", fixture().base);
    let r = reply(agent().post(&url).send("{}"));
    assert_error(&r, 401, "unauthorized");
    assert!(r.header("www-authenticate").is_some());
    let r = reply(
        agent()
            .post(&url)
            .header("Authorization", "Bearer wrong")
            .send("{}"),
    );
    assert_error(&r, 401, "unauthorized");
    // With the token, the write guard lets it through to the router, which has no write here.
    let r = reply(
        agent()
            .post(&url)
            .header("Authorization", "Bearer test-token")
            .send("{}"),
    );
    assert_error(&r, 405, "method_not_allowed");
    let big = "x".repeat(server::BODY_LIMIT + 1);
    let r = reply(
        agent()
            .post(&url)
            .header("Authorization", "Bearer test-token")
            .send(big.as_str()),
    );
    assert_error(&r, 413, "payload_too_large");
}

#[test]
fn curation_needs_the_token_and_changes_the_graph() {
    // A store of its own: curation rewrites entities.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("curate.db");
    let article = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/articles/04-millbrook-council.txt");
    {
        let mut engine = engine::Engine::open(&db).expect("open engine");
        engine
            .ingest(
                &[engine::Input::Path(article)],
                &engine::IngestOptions::default(),
                &mut |_| {},
            )
            .expect("ingest");
    }
    let base = format!("http://{}", start(db, "curate-token"));
    let call = |path: &str, token: Option<&str>, body: &str| {
        let mut req = agent().post(format!("{base}{path}"));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        reply(req.header("Content-Type", "application/json").send(body))
    };
    let get = |path: &str| reply(agent().get(format!("{base}{path}")).call());
    let list = get("/api/entities?limit=2").json();
    let a = list["items"][0]["id"].as_i64().expect("an entity");
    let b = list["items"][1]["id"].as_i64().expect("a second entity");

    let rename = format!(r#"{{"entity": {a}, "name": "Renamed Entity"}}"#);
    assert_error(
        &call("/api/curation/rename", None, &rename),
        401,
        "unauthorized",
    );
    assert_error(
        &call("/api/curation/rename", Some("nope"), &rename),
        401,
        "unauthorized",
    );
    let r = call("/api/curation/rename", Some("curate-token"), &rename);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["entity"]["name"], "Renamed Entity");
    let after = get(&format!("/api/entities/{a}")).json();
    assert_eq!(after["summary"]["name"], "Renamed Entity");
    // The cached name index follows the write.
    let found = get("/api/entities?q=renamed").json();
    assert_eq!(found["items"][0]["id"], a);

    let merge = format!(r#"{{"into": {a}, "from": {b}}}"#);
    let r = call("/api/curation/merge", Some("curate-token"), &merge);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_error(&get(&format!("/api/entities/{b}")), 404, "not_found");
    assert_error(
        &call("/api/curation/merge", Some("curate-token"), &merge),
        400,
        "bad_request",
    );
    assert_error(
        &call("/api/curation/merge", Some("curate-token"), "{not json"),
        400,
        "bad_request",
    );
    assert_error(
        &call(
            "/api/curation/rename",
            Some("curate-token"),
            &format!(r#"{{"entity": {a}}}"#),
        ),
        400,
        "bad_request",
    );
}
