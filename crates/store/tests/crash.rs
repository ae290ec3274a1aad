//! Crash safety: a writer killed with SIGKILL mid-ingest leaves only whole documents, and the
//! same ingest run again completes the store without duplicates.
//!
//! The test binary plays both parts: run normally it is the parent; it re-runs itself with
//! `NEWSGRAPH_STORE_CRASH_CHILD=<db path>` as the writer, which ingests until it is killed.

mod common;

use common::{put, small_doc};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use store::{Store, StoreError, Upsert};

const CHILD_ENV: &str = "NEWSGRAPH_STORE_CRASH_CHILD";
const TEST_NAME: &str = "killed_writer_leaves_whole_documents";

/// Document `i` of the ingest: its key names its mention count.
fn nth_doc(i: usize) -> doc::Document {
    small_doc(&format!("k{i}-{}", mentions_of(i)), mentions_of(i), 5)
}

fn mentions_of(i: usize) -> usize {
    i % 20 + 1
}

fn write_forever(path: &str) {
    let mut s = Store::open(path).unwrap();
    for i in 0..1_000_000 {
        let d = nth_doc(i);
        put(&mut s, &d).unwrap();
    }
}

#[test]
fn killed_writer_leaves_whole_documents() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        write_forever(&path);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.db");
    drop(Store::open(&path).unwrap());
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([TEST_NAME, "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let reader = Store::open(&path).unwrap();
    let started = Instant::now();
    while reader.document_count().unwrap() < 60 {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "writer made no progress"
        );
        assert!(child.try_wait().unwrap().is_none(), "writer exited early");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    drop(reader);

    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    let survived = s.document_count().unwrap() as usize;
    assert!(survived >= 60);
    // Every stored document is whole: its mention count is the one its key names.
    let mut total = 0u64;
    s.for_each_document(|_, d| -> Result<(), StoreError> {
        let want: usize = d.meta.id.rsplit('-').next().unwrap().parse().unwrap();
        assert_eq!(d.entity_items().len(), want, "{}", d.meta.id);
        total += want as u64;
        Ok(())
    })
    .unwrap();
    assert_eq!(s.stats().unwrap().mentions, total);

    // Run the same ingest again, a little further: each document is there exactly once.
    let n = survived + 20;
    let mut inserted = 0;
    for i in 0..n {
        let d = nth_doc(i);
        if let Upsert::Inserted(_) = put(&mut s, &d).unwrap() {
            inserted += 1;
        }
    }
    assert!(inserted >= 20);
    assert_eq!(s.document_count().unwrap() as usize, n);
    for i in 0..n {
        let key = format!("k{i}-{}", mentions_of(i));
        assert!(s.document_id(&key).unwrap().is_some(), "{key}");
    }
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}
