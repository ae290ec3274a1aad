//! Criterion bench of `extract_article` over the hand-written fixture pages.
//!
//! The pages are the test fixtures (no benchmark data is committed). Each iteration checks the
//! article text, so the bench cannot measure an extractor that does nothing. For throughput on
//! real pages, use `examples/extract_jsonl.rs` with a JSONL file given on the command line.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_default()
}

fn bench(c: &mut Criterion) {
    let news = fixture("news.html");
    assert!(
        extract::extract_article(&news, None)
            .text
            .contains("A decade of campaigning"),
        "fixture news.html missing or extraction broken"
    );
    // A bigger page: the article repeated inside a page with many boilerplate blocks.
    let mut big = String::from("<html><body>");
    for k in 0..40 {
        big.push_str(&format!(
            "<div class=\"promo-box\"><a href=\"/p{k}\">Promo {k}</a></div><nav><a href=\"/n{k}\">Nav {k}</a></nav>"
        ));
    }
    big.push_str(&news);
    big.push_str("</body></html>");

    let mut g = c.benchmark_group("extract_article");
    for (name, page) in [("news", &news), ("news_with_boilerplate", &big)] {
        g.throughput(Throughput::Bytes(page.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| {
                let a = extract::extract_article(black_box(page), None);
                assert!(a.text.contains("Councillors in Port Elwyn"));
                a.text.len()
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
