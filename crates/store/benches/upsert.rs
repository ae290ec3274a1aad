//! Upsert throughput: documents/s into a file-backed store (WAL, one transaction per document),
//! each with 20 mentions over 10 distinct people, then the same documents again (all unchanged).

#[path = "../tests/common/mod.rs"]
mod common;

use common::{small_doc, text_hash};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::time::{Duration, Instant};
use store::{Store, Upsert};

const DOCS: usize = 2_000;
const MENTIONS: usize = 20;

fn upsert(c: &mut Criterion) {
    let docs: Vec<_> = (0..DOCS)
        .map(|i| {
            let d = small_doc(&format!("bench-{i}"), MENTIONS, 10);
            let h = text_hash(&d);
            (d, h)
        })
        .collect();
    let mut g = c.benchmark_group("store");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.throughput(Throughput::Elements(DOCS as u64));
    g.bench_function("upsert_2000_docs_20_mentions", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let mut s = Store::open(dir.path().join("bench.db")).unwrap();
                let t = Instant::now();
                for (d, h) in &docs {
                    assert!(matches!(
                        s.upsert_document(d, h).unwrap(),
                        Upsert::Inserted(_)
                    ));
                }
                total += t.elapsed();
                let st = s.stats().unwrap();
                assert_eq!(st.documents as usize, DOCS);
                assert_eq!(st.mentions as usize, DOCS * MENTIONS);
            }
            total
        })
    });
    g.bench_function("reupsert_2000_unchanged", |b| {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Store::open(dir.path().join("bench.db")).unwrap();
        for (d, h) in &docs {
            s.upsert_document(d, h).unwrap();
        }
        b.iter(|| {
            let mut unchanged = 0;
            for (d, h) in &docs {
                if let Upsert::Unchanged(_) = s.upsert_document(d, h).unwrap() {
                    unchanged += 1;
                }
            }
            assert_eq!(unchanged, DOCS);
        })
    });
    g.finish();
}

criterion_group!(benches, upsert);
criterion_main!(benches);
