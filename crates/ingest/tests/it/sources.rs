//! Issue 13 hardening: which sources may be read (listed URLs reach only public addresses,
//! fetched lists never name local files, redirects stay on http(s)) and text hygiene (control
//! characters, contradicting BOMs, OPML with a DOCTYPE).

use crate::NOW;
use ingest::{
    Format, HttpOptions, IngestError, IngestOptions, Input, NoCache, Task, read_bytes, read_task,
};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Requests = Arc<Mutex<Vec<String>>>;

/// Answers every request with `handler(path)` and records the paths.
fn serve(handler: impl Fn(&str) -> Vec<u8> + Send + 'static) -> (String, Requests) {
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
            let _ = s.write_all(&handler(&path));
        }
    });
    (base, seen)
}

fn ok(ct: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn redirect(to: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 302 Found\r\nConnection: close\r\nLocation: {to}\r\nContent-Length: 0\r\n\r\n"
    )
    .into_bytes()
}

const PAGE: &str =
    "<html><body><p>The harbour council met on Tuesday to discuss the ferry.</p></body></html>";

fn fast(allow_private: bool) -> IngestOptions {
    IngestOptions {
        http: HttpOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(2),
            total_timeout: Duration::from_secs(5),
            ..HttpOptions::default()
        },
        allow_private,
        ..IngestOptions::default()
    }
}

fn listed(url: &str) -> Task {
    Task::Listed {
        url: url.to_string(),
        list: "http://lists.test/subs.opml".into(),
    }
}

#[test]
fn listed_urls_never_reach_loopback_but_typed_ones_do() {
    let (base, seen) = serve(|_| ok("text/html", PAGE));
    let url = format!("{base}/page");
    // Typed by the user: fetched wherever it points.
    let out = read_task(&Task::Url(url.clone()), &fast(false), &NoCache, NOW);
    assert_eq!(out.counts(), (1, 0), "{:?}", out.docs);
    // Listed in content: refused before any connection.
    for u in [url.clone(), url.replace("127.0.0.1", "localhost")] {
        let out = read_task(&listed(&u), &fast(false), &NoCache, NOW);
        match out.docs[..] {
            [Err(ref e @ IngestError::Refused { .. })] => {
                let msg = e.to_string();
                assert!(msg.starts_with(&u), "{msg}");
                assert!(msg.contains("loopback"), "{msg}");
                assert_eq!(e.source_name(), u);
            }
            ref other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        1,
        "only the typed URL was fetched"
    );
    // --allow-private lifts the address rule.
    let out = read_task(&listed(&url), &fast(true), &NoCache, NOW);
    assert_eq!(out.counts(), (1, 0), "{:?}", out.docs);
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn redirects_stay_on_http() {
    let (base, seen) = serve(|path| match path {
        "/to-file" => redirect("file:///etc/passwd"),
        "/to-ftp" => redirect("ftp://files.test/x"),
        "/to-loopback" => redirect("http://localhost:9/x"),
        _ => ok("text/html", PAGE),
    });
    for path in ["/to-file", "/to-ftp"] {
        let url = format!("{base}{path}");
        for task in [Task::Url(url.clone()), listed(&url)] {
            let out = read_task(&task, &fast(true), &NoCache, NOW);
            assert_eq!(out.docs.len(), 1, "{path}");
            if path == "/to-ftp" {
                assert!(
                    matches!(&out.docs[0], Err(e) if e.to_string().contains("scheme: ftp")
                        || e.to_string().contains("is a ftp URL")),
                    "{:?}",
                    out.docs
                );
            }
            // ureq reads `file:///etc/passwd` as a path on the same server; `ftp:` is refused.
            match &out.docs[0] {
                Ok(d) => {
                    assert!(d.meta.url.as_deref().unwrap().starts_with(&base), "{d:?}");
                    assert!(!d.text().contains("root:"));
                }
                Err(e) => assert!(e.to_string().starts_with(&url), "{e}"),
            }
        }
    }
    // A listed URL redirecting to loopback is refused at the redirect (with --allow-private
    // off, the first hop is refused already, so this checks the typed-URL path stays open).
    let url = format!("{base}/to-loopback");
    let out = read_task(&listed(&url), &fast(false), &NoCache, NOW);
    assert!(matches!(out.docs[..], [Err(IngestError::Refused { .. })]));
    assert!(seen.lock().unwrap().iter().all(|p| p != "/to-loopback"));
}

#[test]
fn a_fetched_list_names_listed_urls_and_refuses_local_paths() {
    let opml = "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [ <!ENTITY x \"y\"> ]>\n<opml version=\"2.0\"><body>\
        <outline xmlUrl=\"file:///etc/passwd\"/><outline xmlUrl=\"/etc/hostname\"/>\
        <outline xmlUrl=\"feeds/relative.xml\"/><outline xmlUrl=\"https://wire.test/rss\"/></body></opml>";
    let body = opml.to_string();
    let (base, _) = serve(move |_| ok("application/rss+xml", &body));
    let url = format!("{base}/news/feed.rss");
    let out = read_task(&Task::Url(url.clone()), &fast(false), &NoCache, NOW);
    assert_eq!(out.format, Some(Format::Opml));
    assert_eq!(
        out.discovered,
        vec![Input::Listed {
            url: "https://wire.test/rss".into(),
            list: url.clone()
        }]
    );
    let refused: Vec<String> = out
        .docs
        .iter()
        .map(|d| match d {
            Err(e @ IngestError::LocalNotAllowed { list, .. }) if *list == url => {
                e.source_name().to_string()
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        refused,
        ["/etc/passwd", "/etc/hostname", "feeds/relative.xml"]
    );

    // The same list read from a local file may name local paths.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("subs.opml");
    std::fs::write(&path, opml).unwrap();
    let out = crate::read_file(&path, &IngestOptions::default());
    assert!(out.docs.is_empty(), "{:?}", out.docs);
    assert_eq!(out.discovered.len(), 4);
    assert!(out.discovered.contains(&Input::Path("/etc/passwd".into())));
    assert!(
        out.discovered
            .contains(&Input::Path(dir.path().join("feeds/relative.xml")))
    );
    // From stdin-like bytes (no local file behind them), paths are refused.
    let out = read_bytes(
        "<stdin>",
        opml.as_bytes(),
        Format::Auto,
        &IngestOptions::default(),
    );
    assert_eq!(out.docs.len(), 3);
    assert_eq!(out.discovered.len(), 1);
}

#[test]
fn control_characters_never_reach_stored_text() {
    let opts = IngestOptions::default();
    // A NUL after the first 8 KiB passes the binary check; it is stripped, with a warning.
    let mut text = "The council met. ".repeat(600).into_bytes();
    text.extend_from_slice(b"Hidden\0NUL and \x1b[31mescape\x07 here.\x0cNext page.");
    let out = read_bytes("late-nul.txt", &text, Format::Text, &opts);
    let d = out.docs[0].as_ref().unwrap();
    assert!(
        d.text()
            .ends_with("HiddenNUL and [31mescape here.\nNext page."),
        "{}",
        &d.text()[d.text().len() - 60..]
    );
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("late-nul.txt:") && w.contains("4 control characters")),
        "{:?}",
        out.warnings
    );
    // JSONL "\u0000".
    let out = read_bytes(
        "docs.jsonl",
        b"{\"id\":\"a\",\"text\":\"Zero\\u0000width \\u0001start\",\"title\":\"T\\u0000\"}\n",
        Format::Jsonl,
        &opts,
    );
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.text(), "Zerowidth start");
    assert_eq!(d.meta.title.as_deref(), Some("T"));
    assert!(out.warnings.iter().any(|w| w.starts_with("docs.jsonl:")));
    // HTML: a raw NUL late in the page and a numeric reference to one.
    let mut html = format!("<html><body><!-- {} -->", "x".repeat(9000)).into_bytes();
    html.extend_from_slice(
        b"<p>Bad\0 byte and &#1; reference in a sentence about ferries.</p></body></html>",
    );
    let out = read_bytes("page.html", &html, Format::Html, &opts);
    let d = out.docs[0].as_ref().unwrap();
    assert!(
        !d.text().chars().any(|c| c.is_control() && c != '\n'),
        "{:?}",
        d.text()
    );
    assert!(d.text().contains("Bad byte"), "{:?}", d.text());
    // A feed entry.
    let feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title><item><title>A</title>\
        <guid>https://w.test/a</guid><description>Ferry&#x1b; service resumes on Monday.</description></item></channel></rss>";
    let out = read_bytes("feed.xml", feed.as_bytes(), Format::Feed, &opts);
    for d in out.docs.iter().flatten() {
        assert!(!d.text().contains('\u{1b}'), "{:?}", d.text());
    }
}

#[test]
fn a_utf16_bom_before_utf8_bytes_is_reported() {
    let mut b = vec![0xff, 0xfe];
    b.extend_from_slice("Le marché de Noël ouvre à Strasbourg.".as_bytes());
    let out = read_bytes("liar.txt", &b, Format::Text, &IngestOptions::default());
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.text(), "Le marché de Noël ouvre à Strasbourg.");
    assert_eq!(d.meta.extra["charset"], "UTF-8 (bom-mismatch)");
    assert!(
        out.warnings
            .iter()
            .any(|w| w.starts_with("liar.txt:") && w.contains("byte order mark says UTF-16LE")),
        "{:?}",
        out.warnings
    );
}
