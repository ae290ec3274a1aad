//! The whole annotate pipeline (the engine's default pipeline, models embedded) on arbitrary
//! text: no annotator fails or panics, and the layers are consistent (see
//! `newsgraph_fuzz::check_annotated`).
#![no_main]

use doc::{DocMeta, Document};
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static PIPELINE: LazyLock<pipeline::Pipeline> =
    LazyLock::new(|| engine::default_pipeline().expect("the embedded models load"));

fuzz_target!(|data: &[u8]| {
    // The first bytes choose a publication date (or none), so dated and undated paths both run.
    let (date, body) = match data.split_first() {
        Some((b, rest)) if b % 3 == 0 => (Some("2024-08-25"), rest),
        Some((b, rest)) if b % 3 == 1 => (Some("2024-02-29T23:59:59Z"), rest),
        Some((_, rest)) => (None, rest),
        None => (None, data),
    };
    let text = String::from_utf8_lossy(body);
    let mut meta = DocMeta::new("fuzz");
    meta.published = date.map(str::to_string);
    let mut d = Document::new(meta, text.into_owned()).expect("a text under 4 GiB");
    let mut timings = pipeline::Timings::default();
    if let Err(e) = PIPELINE.run(&mut d, &mut timings) {
        panic!("the pipeline failed: {e}");
    }
    newsgraph_fuzz::check_annotated(&d);
    // And the interchange writer takes whatever the pipeline made.
    let mut out = Vec::new();
    interchange::write_document(&mut out, &d, None).expect("writing to memory");
});
