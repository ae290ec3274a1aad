//! HTTP against a tiny local server (127.0.0.1, random port): conditional GET, redirects, size
//! cap, timeout, status errors. No outside network.

use crate::NOW;
use ingest::{
    FetchCache, HttpOptions, IngestError, IngestOptions, MemoryCache, NoCache, Task, read_task,
};
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

type Requests = Arc<Mutex<Vec<String>>>;

/// Serves every connection with `handler(request head)` and records the request heads.
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
            log.lock().unwrap().push(head.clone());
            let _ = s.write_all(&handler(&head));
            let _ = s.flush();
        }
    });
    (base, seen)
}

fn response(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    response_bytes(status, headers, body.as_bytes())
}

fn response_bytes(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "HTTP/1.1 {status}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        r.push_str(&format!("{k}: {v}\r\n"));
    }
    r.push_str("\r\n");
    let mut r = r.into_bytes();
    r.extend_from_slice(body);
    r
}

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>
<item><title>Pier opens</title><link>https://wire.example/pier</link><guid>https://wire.example/pier</guid>
<pubDate>Mon, 26 Aug 2024 09:00:00 GMT</pubDate><description>The new pier opened to walkers on Monday morning.</description></item>
</channel></rss>"#;

fn fast() -> IngestOptions {
    IngestOptions {
        http: HttpOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_millis(300),
            total_timeout: Duration::from_secs(5),
            ..HttpOptions::default()
        },
        ..IngestOptions::default()
    }
}

#[test]
fn etag_then_not_modified() {
    let (base, seen) = serve(|head| {
        if head.contains("If-None-Match: \"v1\"")
            || head.to_ascii_lowercase().contains("if-none-match: \"v1\"")
        {
            response("304 Not Modified", &[("ETag", "\"v1\"")], "")
        } else {
            response(
                "200 OK",
                &[
                    ("Content-Type", "application/rss+xml; charset=utf-8"),
                    ("ETag", "\"v1\""),
                    ("Last-Modified", "Mon, 26 Aug 2024 09:00:00 GMT"),
                ],
                FEED,
            )
        }
    });
    let url = format!("{base}/feed");
    let task = Task::Url(url.clone());
    let mut cache = MemoryCache::default();
    let first = read_task(&task, &fast(), &cache, NOW);
    assert!(!first.not_modified);
    assert_eq!(first.counts(), (1, 0), "{:?}", first.docs);
    let d = first.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.id, "https://wire.example/pier");
    assert_eq!(d.meta.feed.as_deref(), Some(url.as_str()));
    assert_eq!(d.meta.source.as_deref(), Some(url.as_str()));
    assert_eq!(d.meta.retrieved_at.as_deref(), Some(NOW));
    // Validators are handed back, saved by the caller after storing.
    assert!(cache.validators(&url).is_none());
    first.save_validators(&mut cache);
    let v = cache.validators(&url).unwrap();
    assert_eq!(v.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        v.last_modified.as_deref(),
        Some("Mon, 26 Aug 2024 09:00:00 GMT")
    );

    let second = read_task(&task, &fast(), &cache, NOW);
    assert!(second.not_modified);
    assert!(second.docs.is_empty());
    let heads = seen.lock().unwrap().clone();
    assert_eq!(heads.len(), 2);
    let lower: Vec<String> = heads.iter().map(|h| h.to_ascii_lowercase()).collect();
    assert!(lower[0].contains(&format!(
        "user-agent: {}",
        ingest::USER_AGENT.to_ascii_lowercase()
    )));
    assert!(ingest::USER_AGENT.starts_with("newsgraph/"));
    assert!(!lower[0].contains("if-none-match"));
    assert!(lower[1].contains("if-none-match: \"v1\""));
    assert!(lower[1].contains("if-modified-since: mon, 26 aug 2024 09:00:00 gmt"));
}

#[test]
fn redirects_are_followed_up_to_the_limit() {
    let (base, _) = serve(|head| {
        if head.starts_with("GET /old ") {
            response("301 Moved Permanently", &[("Location", "/new")], "")
        } else if head.starts_with("GET /new ") {
            response(
                "200 OK",
                &[("Content-Type", "text/html")],
                "<html><body><p>The page moved here and still reads well.</p></body></html>",
            )
        } else {
            // /loop/N -> /loop/N+1 forever
            let n: u32 = head
                .split_whitespace()
                .nth(1)
                .and_then(|p| p.rsplit('/').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            response(
                "302 Found",
                &[("Location", &format!("/loop/{}", n + 1))],
                "",
            )
        }
    });
    let out = read_task(&Task::Url(format!("{base}/old")), &fast(), &NoCache, NOW);
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.url.as_deref(), Some(format!("{base}/new").as_str()));
    assert_eq!(d.meta.id, format!("{base}/new"));
    assert_eq!(d.text(), "The page moved here and still reads well.");

    let url = format!("{base}/loop/0");
    let out = read_task(&Task::Url(url.clone()), &fast(), &NoCache, NOW);
    match out.docs[0].as_ref().unwrap_err() {
        e @ IngestError::TooManyRedirects { max: 5, .. } => assert!(e.to_string().contains(&url)),
        other => panic!("{other}"),
    }
}

#[test]
fn body_over_the_cap_is_refused() {
    let big = "x".repeat(5000);
    let (base, _) = serve(move |head| {
        if head.starts_with("GET /declared ") {
            response("200 OK", &[("Content-Type", "text/plain")], &big)
        } else {
            // No Content-Length: the body ends when the connection closes.
            format!("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n{big}")
                .into_bytes()
        }
    });
    let mut opts = fast();
    opts.http.max_body_bytes = 1000;
    for path in ["declared", "streamed"] {
        let url = format!("{base}/{path}");
        let out = read_task(&Task::Url(url.clone()), &opts, &NoCache, NOW);
        match out.docs[0].as_ref().unwrap_err() {
            e @ IngestError::BodyTooLarge { max: 1000, .. } => {
                assert!(e.to_string().contains(&url))
            }
            other => panic!("{path}: {other}"),
        }
    }
}

#[test]
fn slow_server_times_out() {
    let (base, _) = serve(|_| {
        std::thread::sleep(Duration::from_millis(1500));
        response("200 OK", &[], "late")
    });
    let url = format!("{base}/slow");
    let out = read_task(&Task::Url(url.clone()), &fast(), &NoCache, NOW);
    match out.docs[0].as_ref().unwrap_err() {
        e @ IngestError::Timeout { .. } => assert!(e.to_string().contains(&url)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn http_charset_and_relative_canonical() {
    let (base, _) = serve(|_| {
        let body = b"<html><head><link rel=canonical href=\"/articles/7\"></head><body><p>Le march\xe9 de No\xebl ouvre \xe0 Strasbourg.</p></body></html>";
        response_bytes(
            "200 OK",
            &[("Content-Type", "text/html; charset=ISO-8859-1")],
            body,
        )
    });
    let out = read_task(
        &Task::Url(format!("{base}/page?id=7")),
        &fast(),
        &NoCache,
        NOW,
    );
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.text(), "Le marché de Noël ouvre à Strasbourg.");
    assert_eq!(d.meta.extra["charset"], "windows-1252 (http)");
    assert_eq!(d.meta.id, format!("{base}/articles/7"));
    assert_eq!(d.meta.url.as_deref(), Some(d.meta.id.as_str()));
}

#[test]
fn error_statuses_and_schemes() {
    let (base, _) = serve(|_| response("404 Not Found", &[], "gone"));
    let url = format!("{base}/missing");
    let out = read_task(&Task::Url(url.clone()), &fast(), &NoCache, NOW);
    assert!(matches!(
        out.docs[0],
        Err(IngestError::HttpStatus { status: 404, .. })
    ));
    let out = read_task(&Task::Url("ftp://x.test/a".into()), &fast(), &NoCache, NOW);
    assert!(matches!(
        out.docs[0],
        Err(IngestError::UnsupportedUrl { .. })
    ));
}
