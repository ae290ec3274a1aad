//! Criterion benchmark of the time-expression stage alone (tokenization done once, outside).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use doc::{Annotator, DocMeta, Document};
use std::hint::black_box;
use timex::TimexTagger;

/// Hand-written news-style text with a known number of time expressions per paragraph.
const PARAGRAPH: &str = "In 1994, tanks rolled into the capital. Thirty years later, the exiles \
met in Kyiv this spring and again on Tuesday. The minister said yesterday that for over 30 \
years the world had watched, and that talks would resume next month. Sales fell 3% in the \
third quarter from a year earlier, the company said Friday. Patrols run every week. \
Officials, who spoke on condition of anonymity, said the government would publish the report \
soon after it reviewed the evidence gathered by investigators in the region.\n\n";
/// 1994, Thirty years later, this spring, Tuesday, yesterday, over 30 years, next month,
/// the third quarter, a year earlier, Friday, every week.
const PER_PARAGRAPH: usize = 11;
const PARAGRAPHS: usize = 50;

fn bench(c: &mut Criterion) {
    let text = PARAGRAPH.repeat(PARAGRAPHS);
    let mut meta = DocMeta::new("bench");
    meta.published = Some("2024-08-25".into());
    let mut doc = Document::new(meta, text).expect("document");
    tokenize::Tokenizer::new()
        .annotate(&mut doc)
        .expect("tokenize");
    let tagger = TimexTagger::new();
    let n = tagger.tag(&doc).len();
    assert_eq!(n, PER_PARAGRAPH * PARAGRAPHS, "timex count changed");
    let mut g = c.benchmark_group("timex");
    g.throughput(Throughput::Elements(doc.token_items().len() as u64));
    g.bench_function("tag", |b| {
        b.iter(|| black_box(tagger.tag(black_box(&doc))).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
