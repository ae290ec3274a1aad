//! API tests: a store built from `examples/` plus a hand-written XSS article, the server's own
//! accept loop on 127.0.0.1:0, and every endpoint hit over real HTTP (JSON shapes, errors,
//! limits, headers, `Host` checks, the bearer token, connection timeouts).

use serde_json::Value;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const TOKEN: &str = "test-token";

const XSS_TEXT: &str = "Millbrook council hears from Jane Doe\n\n\
Jane Doe told the Millbrook council on Monday that <script>alert(1)</script> had appeared on the \
town website. A banner with <img src=x onerror=alert(1)> was removed, officials said. \
Another visitor typed \" onmouseover=\"alert(1) into the form, Jane Doe added.\n";

struct Fixture {
    base: String,
    addr: SocketAddr,
    db: PathBuf,
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
        let addr = start(db.clone(), Some(TOKEN));
        Fixture {
            base: format!("http://{addr}"),
            addr,
            db,
            _dir: dir,
        }
    })
}

/// Serves the router over `db` on 127.0.0.1:0 in a background runtime; returns its address.
fn start(db: PathBuf, token: Option<&str>) -> SocketAddr {
    start_with(db, token, server::Limits::default())
}

fn start_with(db: PathBuf, token: Option<&str>, limits: server::Limits) -> SocketAddr {
    let state = server::AppState::new(db, token.map(str::to_string));
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
            server::serve(
                listener,
                server::router(state),
                limits,
                std::future::pending(),
            )
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

/// GET with the fixture's token.
fn get(path: &str) -> Reply {
    reply(
        agent()
            .get(format!("{}{path}", fixture().base))
            .header("Authorization", format!("Bearer {TOKEN}"))
            .call(),
    )
}

/// Sends `request` as is on a new connection and reads until the server closes it or `wait`
/// passes; returns the status code and the body (after the blank line).
fn raw(addr: SocketAddr, request: &str, wait: Duration) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(wait)).expect("timeout");
    s.write_all(request.as_bytes()).expect("write");
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn raw_get(path: &str, host: &str, token: Option<&str>) -> (u16, String) {
    let auth = token.map_or(String::new(), |t| format!("Authorization: Bearer {t}\r\n"));
    raw(
        fixture().addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"),
        Duration::from_secs(20),
    )
}

fn error_code(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v["error"]["code"].as_str().unwrap_or("").to_string()
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
fn the_ontology_is_served_in_section_order() {
    let v = get_json("/api/ontology");
    let rows = v.as_array().expect("an array");
    assert_eq!(rows.len(), ontology::PREDICATES.len());
    for (row, p) in rows.iter().zip(ontology::PREDICATES) {
        assert_eq!(row["name"], p.name);
        assert_eq!(row["incoming"]["phrase"], p.readings.incoming.phrase);
    }
    let leads = rows.iter().find(|r| r["name"] == "leads").expect("leads");
    assert_eq!(leads["incoming"]["former"], "formerly led by");
    assert_eq!(leads["ftm_schema"], "Directorship");
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

/// The edges of a graph answer.
fn edges_of(g: &Value) -> Vec<&Value> {
    g["edges"].as_array().expect("edges").iter().collect()
}

#[test]
fn graph_filters_keep_only_what_was_asked() {
    let id = entity_id("Zakayev");
    let full = get_json(&format!("/api/entities/{id}/graph?depth=2"));
    let facts: Vec<&str> = edges_of(&full)
        .iter()
        .filter(|e| e["kind"] == "fact")
        .filter_map(|e| e["label"].as_str())
        .collect();
    assert!(!facts.is_empty(), "no fact edge around Zakayev: {full}");
    assert!(
        edges_of(&full).iter().any(|e| e["kind"] == "co-mention"),
        "an unfiltered view has co-mentions"
    );
    // Predicates: only those asked for, and no co-mentions unless asked.
    let chosen = facts[0];
    let g = get_json(&format!(
        "/api/entities/{id}/graph?depth=2&predicate={chosen},located_in&since=1900&until=2100"
    ));
    assert!(!edges_of(&g).is_empty(), "{g}");
    for e in edges_of(&g) {
        assert!(e["label"] == chosen || e["label"] == "located_in", "{e}");
        assert_eq!(e["kind"], "fact");
        assert!(e["support"].as_u64().is_some_and(|n| n >= 1));
    }
    let co = get_json(&format!("/api/entities/{id}/graph?predicate=co-mention"));
    assert!(edges_of(&co).iter().all(|e| e["kind"] == "co-mention"));
    // Types: every neighbour of the type asked for, the centre kept.
    let g = get_json(&format!("/api/entities/{id}/graph?depth=2&type=LOC,org"));
    let nodes = g["nodes"].as_array().expect("nodes");
    assert!(nodes.iter().any(|n| n["id"] == id));
    for n in nodes.iter().filter(|n| n["id"] != id) {
        assert!(n["type"] == "LOC" || n["type"] == "ORG", "{n}");
    }
    // Support: every edge stated by at least that many documents.
    let g = get_json(&format!("/api/entities/{id}/graph?depth=2&min_support=2"));
    for e in edges_of(&g) {
        assert!(e["support"].as_u64().is_some_and(|n| n >= 2), "{e}");
    }
    // Time: nothing is dated in the far future; every fact edge of a window meets it.
    let none = get_json(&format!("/api/entities/{id}/graph?depth=2&since=3000"));
    assert!(edges_of(&none).is_empty(), "{none}");
    assert_eq!(none["nodes"].as_array().map(Vec::len), Some(1));
    let old = get_json(&format!("/api/entities/{id}/graph?depth=2&until=1000"));
    assert!(edges_of(&old).is_empty(), "{old}");
    // Bad filters are named.
    for bad in [
        "predicate=not_a_predicate",
        "type=PLANET",
        "since=yesterday",
        "until=2019/05",
        "min_support=-1",
        "max_nodes=100000",
    ] {
        assert_error(
            &get(&format!("/api/entities/{id}/graph?{bad}")),
            400,
            "bad_request",
        );
    }
}

#[test]
fn paths_profiles_months_and_new_facts() {
    let id = entity_id("Zakayev");
    // A path to a neighbour found through a fact is one hop long.
    let g = get_json(&format!("/api/entities/{id}/graph?predicate={}", {
        let full = get_json(&format!("/api/entities/{id}/graph"));
        edges_of(&full)
            .iter()
            .find(|e| e["kind"] == "fact")
            .and_then(|e| e["label"].as_str())
            .expect("a fact edge")
            .to_string()
    }));
    let e = edges_of(&g)[0];
    let other = if e["source"] == id {
        &e["target"]
    } else {
        &e["source"]
    };
    let p = get_json(&format!("/api/path?from={id}&to={other}"));
    assert_eq!(p["found"], true, "{p}");
    assert_eq!(p["hops"].as_array().map(Vec::len), Some(1), "{p}");
    assert!(p["hops"][0]["documents"][0]["id"].is_i64());
    assert_error(&get("/api/path?from=1"), 400, "bad_request");
    assert_error(
        &get(&format!("/api/path?from={id}&to={other}&max_hops=99")),
        400,
        "bad_request",
    );

    // Profiles page their lists.
    let v = get_json(&format!("/api/entities/{id}?limit=1"));
    assert_eq!(v["limit"], 1);
    for k in ["quotes", "timeline", "sources"] {
        let n = v[k].as_array().map_or(0, Vec::len);
        assert!(n <= 1, "{k}: {n}");
        assert!(v["more"][k].is_boolean(), "{k}");
    }
    let all = get_json(&format!("/api/entities/{id}?limit=200"));
    let sources = all["sources"].as_array().map_or(0, Vec::len);
    assert_eq!(v["more"]["sources"], sources > 1);
    let page = get_json(&format!("/api/entities/{id}/sources?offset=1&limit=200"));
    assert_eq!(
        page["items"].as_array().map_or(0, Vec::len),
        sources.saturating_sub(1)
    );
    assert_eq!(page["items"][0], all["sources"][1]);

    // Month counts add up to the dated items of the timeline.
    let months = get_json(&format!("/api/timeline/months?entity={id}"));
    let periods = months["periods"].as_array().expect("periods");
    let total: u64 = periods
        .iter()
        .map(|p| {
            ["timexes", "facts", "quotes"]
                .iter()
                .map(|k| p[k].as_u64().unwrap_or(0))
                .sum::<u64>()
        })
        .sum();
    let timeline = get_json(&format!("/api/timeline?entity={id}&limit=200"));
    let dated = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|t| {
            t["value"]
                .as_str()
                .is_some_and(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
        })
        .count() as u64;
    assert!(total >= dated, "months {total} < timeline {dated}");
    for p in periods {
        let period = p["period"].as_str().expect("period");
        assert_eq!(p["month"], period.len() == 7, "{p}");
    }
    let keys: Vec<&str> = periods
        .iter()
        .filter_map(|p| p["period"].as_str())
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");

    // New since: first seen on or after the date, newest first.
    let fresh = get_json("/api/facts/new?since=1900&limit=200");
    let items = fresh["items"].as_array().expect("items");
    assert!(!items.is_empty(), "{fresh}");
    let firsts: Vec<&str> = items
        .iter()
        .filter_map(|f| f["first_seen"].as_str())
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] >= w[1]), "{firsts:?}");
    let newest = firsts[0];
    let since = &newest[..10.min(newest.len())];
    let later = get_json(&format!("/api/facts/new?since={since}"));
    for f in later["items"].as_array().expect("items") {
        assert!(f["first_seen"].as_str().is_some_and(|d| d >= since), "{f}");
        assert!(f["evidence"].as_str().is_some_and(|t| !t.is_empty()));
    }
    assert!(
        get_json("/api/facts/new?since=9999")["items"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert_error(&get("/api/facts/new"), 400, "bad_request");
    assert_error(&get("/api/facts/new?since=soon"), 400, "bad_request");
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
            .header("Authorization", format!("Bearer {TOKEN}"))
            .send("{}"),
    );
    assert_error(&r, 405, "method_not_allowed");
    let big = "x".repeat(server::BODY_LIMIT + 1);
    let r = reply(
        agent()
            .post(&url)
            .header("Authorization", format!("Bearer {TOKEN}"))
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
    let base = format!("http://{}", start(db, Some("curate-token")));
    let call = |path: &str, token: Option<&str>, body: &str| {
        let mut req = agent().post(format!("{base}{path}"));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        reply(req.header("Content-Type", "application/json").send(body))
    };
    let get = |path: &str| {
        reply(
            agent()
                .get(format!("{base}{path}"))
                .header("Authorization", "Bearer curate-token")
                .call(),
        )
    };
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

#[test]
fn other_hosts_are_misdirected() {
    let (status, body) = raw_get("/api/stats", "attacker.example", Some(TOKEN));
    assert_eq!(status, 421, "{body}");
    assert_eq!(error_code(&body), "misdirected_request");
    let (status, _) = raw_get("/", "attacker.example:80", None);
    assert_eq!(status, 421);
    let (status, _) = raw_get("/api/stats", "localhost.attacker.example", Some(TOKEN));
    assert_eq!(status, 421);
    for host in ["localhost", "localhost:8080", "127.0.0.1", "[::1]:1234"] {
        let (status, body) = raw_get("/api/stats", host, Some(TOKEN));
        assert_eq!(status, 200, "{host}: {body}");
    }
}

#[test]
fn with_a_token_reads_need_it_too_but_the_page_loads() {
    let url = format!("{}/api/stats", fixture().base);
    let r = reply(agent().get(&url).call());
    assert_error(&r, 401, "unauthorized");
    assert!(r.header("www-authenticate").is_some());
    let r = reply(
        agent()
            .get(&url)
            .header("Authorization", "Bearer nope")
            .call(),
    );
    assert_error(&r, 401, "unauthorized");
    let r = reply(
        agent()
            .get(format!("{}/api/openapi.json", fixture().base))
            .call(),
    );
    assert_error(&r, 401, "unauthorized");
    for path in ["/", "/assets/app.js", "/assets/style.css"] {
        let r = reply(agent().get(format!("{}{path}", fixture().base)).call());
        assert_eq!(r.status, 200, "{path}");
    }
}

#[test]
fn without_a_token_reads_are_open_and_writes_refused() {
    let addr = start(fixture().db.clone(), None);
    let r = reply(agent().get(format!("http://{addr}/api/stats")).call());
    assert_eq!(r.status, 200, "{}", r.body);
    let r = reply(
        agent()
            .post(format!("http://{addr}/api/curation/merge"))
            .send("{}"),
    );
    assert_error(&r, 401, "unauthorized");
    assert!(r.body.contains("--token"), "{}", r.body);
}

#[test]
fn long_parameters_and_costly_searches_are_refused_quickly() {
    let started = Instant::now();
    let huge = "a".repeat(60_000);
    let r = get(&format!("/api/quotes?q={huge}"));
    assert_error(&r, 400, "parameter_too_long");
    assert!(started.elapsed() < Duration::from_secs(3));
    let long = "b".repeat(server::MAX_PARAM_BYTES + 1);
    for path in [
        format!("/api/search?q={long}"),
        format!("/api/entities?q={long}"),
        format!("/api/timeline?entity={long}"),
        format!("/api/quotes?by={long}"),
        format!("/api/entities?type={long}"),
        format!("/api/stats?unknown={huge}"),
    ] {
        assert_error(&get(&path), 400, "parameter_too_long");
    }
    // The reported case (`t*` 166 times) is over the length cap; fewer is over the word caps.
    let reported = ["t*"; 166].join("%20");
    assert_error(
        &get(&format!("/api/search?q={reported}")),
        400,
        "parameter_too_long",
    );
    let many_prefixes = ["the*"; 10].join("%20");
    assert_error(
        &get(&format!("/api/search?q={many_prefixes}")),
        400,
        "query_too_complex",
    );
    assert_error(&get("/api/search?q=t*"), 400, "query_too_complex");
    assert_error(&get("/api/search?q=x-t*"), 400, "query_too_complex");
    assert_error(
        &get("/api/search?q=abc*%20def*%20ghi*%20jkl*"),
        400,
        "query_too_complex",
    );
    let words = ["word"; server::MAX_SEARCH_WORDS + 1].join("%20");
    assert_error(
        &get(&format!("/api/quotes?q={words}")),
        400,
        "query_too_complex",
    );
    let v = get_json("/api/search?q=Zak*");
    assert!(
        v["documents"].as_array().is_some_and(|a| !a.is_empty()),
        "{v}"
    );
    get_json("/api/search?q=%2A%2A%2A");
}

fn quick_server(header_read_timeout: Duration, max_connections: usize) -> SocketAddr {
    start_with(
        fixture().db.clone(),
        None,
        server::Limits {
            max_connections,
            header_read_timeout,
            ..server::Limits::default()
        },
    )
}

/// Whether the server closed `s` within `within` (reads until EOF or an error).
fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let started = Instant::now();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout");
    let mut buf = [0u8; 4096];
    while started.elapsed() < within {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn slow_headers_and_idle_connections_are_closed() {
    let addr = quick_server(Duration::from_secs(1), 64);
    // A request head dripped a byte at a time never completes.
    let mut slow = TcpStream::connect(addr).expect("connect");
    let started = Instant::now();
    let mut closed = false;
    for b in b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaa" {
        if slow.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        if closed_within(&mut slow, Duration::from_millis(250)) {
            closed = true;
            break;
        }
    }
    assert!(closed, "a slow request head kept its connection");
    assert!(started.elapsed() < Duration::from_secs(5));
    // A kept-alive connection idle after its response is closed too.
    let mut idle = TcpStream::connect(addr).expect("connect");
    idle.write_all(b"GET /api/stats HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .expect("write");
    let mut first = [0u8; 12];
    idle.read_exact(&mut first).expect("a response");
    assert_eq!(&first, b"HTTP/1.1 200");
    assert!(closed_within(&mut idle, Duration::from_secs(5)));
}

#[test]
fn at_the_connection_cap_idle_connections_make_room() {
    // Header timeout far away: only eviction of an idle connection can free a slot quickly.
    let addr = quick_server(Duration::from_secs(60), 2);
    let _a = TcpStream::connect(addr).expect("connect");
    let _b = TcpStream::connect(addr).expect("connect");
    // Both slots are held by silent connections; the oldest is closed once idle for a second.
    std::thread::sleep(Duration::from_millis(100));
    let started = Instant::now();
    let (status, _) = raw(
        addr,
        "GET /api/stats HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert_eq!(status, 200);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(500) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
}
