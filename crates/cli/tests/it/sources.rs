//! Which sources `ingest` reads (issue 13, part 1): fetched content can never name local files,
//! and URLs it lists reach only public addresses unless `--allow-private`. A loopback web server
//! started here serves an OPML list (also under a feed's name and content type) that names a
//! `file://` URL, an absolute path, a folder and a loopback feed.

use super::{ng, stats};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::{Arc, Mutex};

type Requests = Arc<Mutex<Vec<String>>>;

/// Serves every connection with `handler(request path)` → (content type, body) and records
/// the request paths.
fn serve(
    handler: impl Fn(&str) -> Option<(&'static str, String)> + Send + 'static,
) -> (String, Requests) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen: Requests = Arc::default();
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => head.extend_from_slice(&buf[..n]),
                }
            }
            let head = String::from_utf8_lossy(&head).into_owned();
            let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
            log.lock().unwrap().push(path.clone());
            let resp = match handler(&path) {
                Some((ct, body)) => format!(
                    "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                ),
                None => "HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
                    .to_string(),
            };
            let _ = s.write_all(resp.as_bytes());
            let _ = s.flush();
        }
    });
    (base, seen)
}

const SECRET: &str = "SECRET-LOCAL-CONTENT the minister said nothing in Vilnius.";

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Wire</title>
<item><title>Pier opens</title><link>https://wire.example/pier</link><guid>https://wire.example/pier</guid>
<pubDate>Mon, 26 Aug 2024 09:00:00 GMT</pubDate><description>The new pier in Klaipeda opened to walkers on Monday morning.</description></item>
</channel></rss>"#;

/// Local files an attacker's list points at, and the server that lists them.
struct Setup {
    secrets: tempfile::TempDir,
    base: String,
    seen: Requests,
}

fn setup() -> Setup {
    let secrets = tempfile::tempdir().unwrap();
    let s = secrets.path();
    std::fs::write(s.join("by-url.txt"), SECRET).unwrap();
    std::fs::write(s.join("by-path.txt"), SECRET).unwrap();
    std::fs::create_dir(s.join("folder")).unwrap();
    std::fs::write(s.join("folder/inside.txt"), SECRET).unwrap();
    let listener_base = Arc::new(Mutex::new(String::new()));
    let lb = Arc::clone(&listener_base);
    let dir = s.to_path_buf();
    let (base, seen) = serve(move |path| {
        let base = lb.lock().unwrap().clone();
        let opml = opml(&dir, &base);
        match path {
            "/list.opml" => Some(("text/x-opml", opml)),
            "/news/feed.rss" => Some(("application/rss+xml", opml)),
            "/private-feed.xml" => Some(("application/rss+xml", FEED.to_string())),
            _ => None,
        }
    });
    *listener_base.lock().unwrap() = base.clone();
    Setup {
        secrets,
        base,
        seen,
    }
}

fn opml(dir: &Path, base: &str) -> String {
    let d = dir.display();
    format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE opml>
<opml version="2.0"><head><title>Totally normal subscriptions</title></head><body>
<outline text="by url" type="rss" xmlUrl="file://{d}/by-url.txt"/>
<outline text="by path" type="rss" xmlUrl="{d}/by-path.txt"/>
<outline text="folder" type="rss" xmlUrl="{d}/folder"/>
<outline text="loopback" type="rss" xmlUrl="{base}/private-feed.xml"/>
</body></opml>"#
    )
}

fn ingest_json(dir: &Path, args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = ng(dir)
        .args(["--json", "ingest"])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{stderr}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code(), v)
}

fn texts(dir: &Path) -> Vec<String> {
    let store = store::Store::open(dir.join("newsgraph.db")).unwrap();
    let mut docs = Vec::new();
    store
        .for_each_document(|_, d| -> Result<(), store::StoreError> {
            docs.push(d.text().to_string());
            Ok(())
        })
        .unwrap();
    docs
}

fn failures(report: &serde_json::Value) -> Vec<(String, String)> {
    report["failed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_string(),
                f["error"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn fetched_lists_cannot_read_local_files_or_reach_loopback() {
    let s = setup();
    for list in ["/list.opml", "/news/feed.rss"] {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("{}{list}", s.base);
        s.seen.lock().unwrap().clear();
        let (code, report) = ingest_json(dir.path(), &[&url]);
        assert_eq!(code, Some(1), "{report}");
        assert_eq!(stats(dir.path())["documents"], 0, "{report}");
        let seen = s.seen.lock().unwrap().clone();
        assert_eq!(seen, vec![list.to_string()], "only the list is fetched");
        let failed = failures(&report);
        assert_eq!(failed.len(), 4, "{failed:#?}");
        let local: Vec<_> = failed
            .iter()
            .filter(|(_, e)| e.contains("local files and folders are read only"))
            .collect();
        assert_eq!(local.len(), 3, "{failed:#?}");
        for name in ["by-url.txt", "by-path.txt", "folder"] {
            assert!(
                local
                    .iter()
                    .any(|(src, e)| src.ends_with(name) && e.contains(&url)),
                "{name}: {failed:#?}"
            );
        }
        let feed = format!("{}/private-feed.xml", s.base);
        let (src, err) = failed.iter().find(|(src, _)| *src == feed).unwrap();
        assert!(
            err.contains("127.0.0.1")
                && err.contains("loopback")
                && err.contains("--allow-private"),
            "{src}: {err}"
        );
    }
}

#[test]
fn allow_private_reaches_the_loopback_feed_but_still_no_local_files() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("{}/news/feed.rss", s.base);
    let (code, report) = ingest_json(dir.path(), &["--allow-private", &url]);
    assert_eq!(
        code,
        Some(1),
        "the local entries are still refused: {report}"
    );
    assert_eq!(stats(dir.path())["documents"], 1, "{report}");
    let texts = texts(dir.path());
    assert!(texts[0].contains("Klaipeda"), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("SECRET")), "{texts:?}");
    let seen = s.seen.lock().unwrap().clone();
    assert_eq!(
        seen,
        vec![
            "/news/feed.rss".to_string(),
            "/private-feed.xml".to_string()
        ]
    );
    let failed = failures(&report);
    assert_eq!(failed.len(), 3, "{failed:#?}");
    assert!(
        failed
            .iter()
            .all(|(_, e)| e.contains("local files and folders are read only")),
        "{failed:#?}"
    );
}

#[test]
fn a_local_list_named_by_the_user_may_name_local_files() {
    let s = setup();
    let dir = tempfile::tempdir().unwrap();
    let body = opml(s.secrets.path(), &s.base);
    std::fs::write(dir.path().join("mine.opml"), body).unwrap();
    let (code, report) = ingest_json(dir.path(), &["mine.opml"]);
    // Three local documents; the loopback feed is still indirect and refused.
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(
        stats(dir.path())["documents"],
        1,
        "same text three times: {report}"
    );
    let failed = failures(&report);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(failed[0].1.contains("loopback"), "{failed:#?}");
    assert!(s.seen.lock().unwrap().is_empty());
}

#[test]
fn opml_chains_stop_at_the_depth_limit_and_lists_at_the_feed_limit() {
    // /chain/N lists /chain/N+1 forever; /wide lists five feeds.
    let shared = Arc::new(Mutex::new(String::new()));
    let sb = Arc::clone(&shared);
    let (base, seen) = serve(move |path| {
        let base = sb.lock().unwrap().clone();
        if path == "/wide" {
            let outlines: String = (0..5)
                .map(|i| format!("<outline xmlUrl=\"{base}/feed/{i}\"/>"))
                .collect();
            return Some((
                "text/x-opml",
                format!("<opml version=\"2.0\"><body>{outlines}</body></opml>"),
            ));
        }
        if path.starts_with("/feed/") {
            return Some(("application/rss+xml", FEED.replace("pier", path)));
        }
        let n: u32 = path.strip_prefix("/chain/")?.parse().ok()?;
        Some((
            "text/x-opml",
            format!(
                "<opml version=\"2.0\"><body><outline xmlUrl=\"{base}/chain/{}\"/></body></opml>",
                n + 1
            ),
        ))
    });
    *shared.lock().unwrap() = base.clone();
    let dir = tempfile::tempdir().unwrap();
    let chain = format!("{base}/chain/0");
    let (code, report) = ingest_json(dir.path(), &["--allow-private", &chain]);
    assert_eq!(code, Some(1), "{report}");
    let got = seen.lock().unwrap().clone();
    assert_eq!(got, ["/chain/0", "/chain/1", "/chain/2", "/chain/3"]);
    let failed = failures(&report);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0].0, format!("{base}/chain/3"));
    assert!(
        failed[0].1.contains("nested more than 3 deep"),
        "{failed:#?}"
    );

    seen.lock().unwrap().clear();
    let wide = format!("{base}/wide");
    let (code, report) = ingest_json(dir.path(), &["--allow-private", "--max-feeds", "2", &wide]);
    assert_eq!(code, Some(1), "{report}");
    assert_eq!(seen.lock().unwrap().len(), 3, "the list and two feeds");
    let failed = failures(&report);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert_eq!(failed[0].0, wide);
    assert!(
        failed[0].1.contains("3 listed feeds not followed"),
        "{failed:#?}"
    );
    assert_eq!(stats(dir.path())["documents"], 2, "{report}");

    // --max-opml-depth raises the nesting limit.
    seen.lock().unwrap().clear();
    let dir = tempfile::tempdir().unwrap();
    let (_, report) = ingest_json(
        dir.path(),
        &["--allow-private", "--max-opml-depth", "5", &chain],
    );
    assert_eq!(seen.lock().unwrap().len(), 6, "{report}");
}
