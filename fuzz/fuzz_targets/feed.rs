//! Feed reading: bytes read as an RSS/Atom/JSON feed by `ingest` (charset detection, sniffing,
//! `feed-rs`, recovery of cut-off feeds, HTML entry bodies). One bad feed is one `Err`, never a
//! panic; every document it gives has text.
#![no_main]

use ingest::{Format, IngestOptions, read_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::allowing_caught_panics(|| {
        let opts = IngestOptions::default();
        let out = read_bytes("fuzz.xml", data, Format::Feed, &opts);
        for d in out.docs.iter().flatten() {
            assert!(!d.meta.id.is_empty(), "a document without an id");
            newsgraph_fuzz::check_ranges(d);
        }
        // The same text through the feed parser directly, with a feed URL to resolve against.
        let text = String::from_utf8_lossy(data);
        if let Ok(feed) = ingest::feed::parse_feed(&text, Some("https://example.org/feed"), "f") {
            for e in &feed.entries {
                assert!(!e.text.is_empty(), "entry {} has no text", e.meta.id);
            }
        }
    });
});
