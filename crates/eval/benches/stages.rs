//! Criterion benches of the language stages (tokenize, POS, NER) on a hand-written news text.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use doc::{Annotator, DocMeta, Document};
use std::hint::black_box;

const TEXT: &str = "In a small corner of the disintegrating Soviet Union, a young actor named Akhmed \
Zakayev stepped off the stage and took up arms. “We need to be prepared,” Oleg Magaletsky told \
reporters in Kyiv on Tuesday. Since the 1990s, the official U.S. position on the conflict has been \
simple: Washington considers Chechnya a part of Russia. Mr. Zakayev, who met President George H.W. \
Bush’s envoys in St. Petersburg, said the Free Nations of Post-Russia Forum would meet again in \
Vilnius, Lithuania, in March. The Kremlin didn’t respond to requests for comment.\n\n";

fn text() -> String {
    TEXT.repeat(20)
}

fn benches(c: &mut Criterion) {
    let text = text();
    let words = text.split_whitespace().count() as u64;
    let tok = tokenize::Tokenizer::new();
    let pos = tag::PosTagger::embedded().expect("embedded POS model");
    let ner = ner::NerTagger::embedded().expect("embedded NER model");
    let base = || Document::new(DocMeta::new("bench"), text.clone()).expect("document");
    let mut tokenized = base();
    tok.annotate(&mut tokenized).expect("tokenize");
    let mut tagged = tokenized.clone();
    pos.annotate(&mut tagged).expect("pos");

    let mut g = c.benchmark_group("stages");
    g.throughput(Throughput::Elements(words));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            let mut d = base();
            tok.annotate(&mut d).expect("tokenize");
            black_box(d.token_items().len())
        })
    });
    g.bench_function("pos", |b| {
        b.iter(|| {
            let mut d = tokenized.clone();
            pos.annotate(&mut d).expect("pos");
            black_box(d.pos().map(|l| l.items.len()))
        })
    });
    g.bench_function("ner", |b| {
        b.iter(|| {
            let mut d = tagged.clone();
            ner.annotate(&mut d).expect("ner");
            black_box(d.entity_items().len())
        })
    });
    g.bench_function("tokenize+pos+ner", |b| {
        b.iter(|| {
            let mut d = base();
            tok.annotate(&mut d).expect("tokenize");
            pos.annotate(&mut d).expect("pos");
            ner.annotate(&mut d).expect("ner");
            black_box(d.entity_items().len())
        })
    });
    g.finish();
    c.bench_function("load pos+ner models", |b| {
        b.iter(|| {
            let p = tag::PosTagger::embedded().expect("pos");
            let n = ner::NerTagger::embedded().expect("ner");
            black_box((p.model_id().len(), n.model_id().len()))
        })
    });
}

criterion_group! {
    name = stages;
    config = Criterion::default().sample_size(10);
    targets = benches
}
criterion_main!(stages);
