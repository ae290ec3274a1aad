//! `ingest`, `demo` and `stats`: the spine's acceptance checks, with fixtures of our own.

use super::{ng, repo, stats};
use std::time::{Duration, Instant};

const ARTICLE: &str = "Exiled leader speaks in Kyiv\n\nAkhmed Zakayev, the prime minister of the \
Chechen Republic of Ichkeria’s government-in-exile, spoke in Kyiv on Tuesday.\n\n“We are \
still here,” he said.\n";

#[test]
fn demo_builds_a_graph_from_the_bundled_examples() {
    let dir = tempfile::tempdir().unwrap();
    let examples = repo().join("examples");
    let out = ng(dir.path())
        .args(["demo", "--into", "demo.db", "--examples"])
        .arg(&examples)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 5 articles + 1 page + 3 feed items.
    assert!(stdout.contains("9 documents"), "{stdout}");
    assert!(
        stdout.contains("Post-Russia forum gathers exiled movements in Vilnius"),
        "{stdout}"
    );
    // A second run starts from a fresh database.
    let again = ng(dir.path())
        .args(["demo", "--quiet", "--into", "demo.db", "--examples"])
        .arg(&examples)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("9 documents"));
}

#[test]
fn reingesting_the_same_article_keeps_one_document() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    for _ in 0..2 {
        ng(dir.path())
            .args(["ingest", "--quiet", "article.txt"])
            .assert()
            .success();
        assert_eq!(stats(dir.path())["documents"], 1);
    }
    // The same text under another name is the same document too.
    std::fs::write(dir.path().join("copy.txt"), ARTICLE).unwrap();
    ng(dir.path())
        .args(["ingest", "--quiet", "copy.txt"])
        .assert()
        .success();
    assert_eq!(stats(dir.path())["documents"], 1);
    // Re-ingesting a folder adds nothing.
    ng(dir.path())
        .args(["ingest", "--quiet", "."])
        .assert()
        .success();
    assert_eq!(stats(dir.path())["documents"], 1);
}

#[test]
fn rss_items_become_documents_with_titles_dates_links_and_footer_in_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let feed = repo().join("examples/feeds/example-outlet.xml");
    ng(dir.path())
        .args(["ingest", "--quiet"])
        .arg(&feed)
        .assert()
        .success();
    assert_eq!(stats(dir.path())["documents"], 3);
    let store = store::Store::open(dir.path().join("newsgraph.db")).unwrap();
    let mut docs = Vec::new();
    store
        .for_each_document(|_, d| -> Result<(), store::StoreError> {
            docs.push(d);
            Ok(())
        })
        .unwrap();
    let titles: Vec<&str> = docs
        .iter()
        .filter_map(|d| d.meta.title.as_deref())
        .collect();
    assert!(
        titles.contains(&"Explainer: what is the Free Russia Forum?"),
        "{titles:?}"
    );
    assert!(
        docs.iter().all(|d| d.meta.published.is_some()),
        "every item has a date"
    );
    assert!(docs.iter().all(|d| {
        d.meta
            .url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://example.org/"))
    }));
    let footed: Vec<_> = docs
        .iter()
        .filter(|d| d.meta.extra.contains_key("feed_footer"))
        .collect();
    assert_eq!(footed.len(), 1, "one item carries a WordPress footer");
    assert!(footed[0].meta.extra["feed_footer"].contains("appeared first on"));
    for d in &docs {
        assert!(
            !d.text().contains("appeared first on"),
            "footer left in the text of {}",
            d.meta.id
        );
    }
}

#[test]
fn hostile_inputs_never_panic_and_each_failure_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("hostile");
    std::fs::create_dir(&corpus).unwrap();
    for e in std::fs::read_dir(repo().join("tests/fixtures/hostile")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, corpus.join(p.file_name().unwrap())).unwrap();
    }
    // Generated cases: 10,000-deep nesting, a file over the cap, a long single line.
    let deep = format!(
        "<html><body>{}deep text{}</body></html>",
        "<div>".repeat(10_000),
        "</div>".repeat(10_000)
    );
    std::fs::write(corpus.join("deep.html"), deep).unwrap();
    std::fs::write(corpus.join("big.txt"), "x".repeat(300_000)).unwrap();
    std::fs::write(corpus.join("line.txt"), "word ".repeat(40_000)).unwrap();
    let out = ng(dir.path())
        .args(["ingest", "--max-bytes", "250000", "hostile"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    for bad in [
        "binary.png",
        "empty.txt",
        "truncated-feed.xml",
        "scripts-only.html",
        "big.txt",
    ] {
        let n = errors.iter().filter(|l| l.contains(bad)).count();
        assert_eq!(n, 1, "{bad}: expected one error line in\n{stderr}");
    }
    assert_eq!(errors.len(), 5, "{stderr}");
    assert!(
        stderr.contains("5 failed"),
        "summary line missing:\n{stderr}"
    );
    // The good ones made it: README, invalid-utf8, utf16, latin1, deep, line, and the one
    // complete entry read before the damage in the truncated feed.
    assert_eq!(stats(dir.path())["documents"], 7);
}

#[test]
fn killed_ingest_leaves_complete_documents_and_a_rerun_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("many");
    std::fs::create_dir(&corpus).unwrap();
    for i in 0..2000 {
        let text = format!(
            "Report {i}\n\nThe council of town {i} met on Monday. Speaker {i} said the budget \
             would grow by {i} percent, and members voted {i} to {} on the plan.\n",
            i + 1
        );
        std::fs::write(corpus.join(format!("{i:04}.txt")), text).unwrap();
    }
    let bin = assert_cmd::cargo::cargo_bin("newsgraph");
    let mut child = std::process::Command::new(&bin)
        .current_dir(dir.path())
        .args(["ingest", "--quiet", "many"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once it has written something (or at once if it is already done).
    let wal = dir.path().join("newsgraph.db-wal");
    let t0 = Instant::now();
    while t0.elapsed() < Duration::from_secs(20) {
        if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 64 * 1024) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().ok(); // SIGKILL on Unix
    child.wait().unwrap();
    {
        let store = store::Store::open(dir.path().join("newsgraph.db")).unwrap();
        assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
        // Every stored document is whole: it has its tokens layer.
        store
            .for_each_document(|_, d| -> Result<(), store::StoreError> {
                assert!(!d.token_items().is_empty(), "{} has no tokens", d.meta.id);
                Ok(())
            })
            .unwrap();
    }
    ng(dir.path())
        .args(["ingest", "--quiet", "many"])
        .assert()
        .success();
    assert_eq!(stats(dir.path())["documents"], 2000);
    let store = store::Store::open(dir.path().join("newsgraph.db")).unwrap();
    assert_eq!(store.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn queries_that_need_missing_stages_say_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    ng(dir.path())
        .args(["ingest", "--quiet", "a.txt"])
        .assert()
        .success();
    let out = ng(dir.path())
        .args(["search", "--json", "Kyiv"])
        .output()
        .unwrap();
    let hits: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1);
    let out = ng(dir.path())
        .args(["show", "Nobody Atall"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}
