//! JSONL reading: `ingest`'s JSONL reader and `interchange`'s record reader on arbitrary bytes.
//! Never panics; a record read with its layers has every range in bounds on char boundaries; and
//! writing it and reading it back gives the same line again (confidences aside, which the writer
//! rounds).
#![no_main]

use ingest::{Format, IngestOptions, read_bytes};
use interchange::{Record, read_records, write_document};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

/// The written line as JSON without the rounded confidences.
fn comparable(line: &[u8]) -> Value {
    let mut v: Value = serde_json::from_slice(line).expect("the writer wrote JSON");
    for key in ["entities", "quotes"] {
        if let Some(Value::Array(items)) = v.get_mut(key) {
            for item in items {
                if let Value::Object(o) = item {
                    o.remove("confidence");
                }
            }
        }
    }
    v
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for (meta, body) in ingest::parse_jsonl(&text, "fuzz.jsonl")
        .into_iter()
        .flatten()
    {
        let _ = doc::Document::new(meta, body).expect("a text under 4 GiB");
    }
    let _ = read_bytes("fuzz.jsonl", data, Format::Jsonl, &IngestOptions::default());

    for rec in read_records(data).flatten() {
        let _ = rec.to_document();
        let Ok(d) = rec.to_document_with_layers() else {
            continue;
        };
        newsgraph_fuzz::check_ranges(&d);
        let mut first = Vec::new();
        write_document(&mut first, &d, Some(&rec)).expect("writing to memory");
        assert_eq!(first.iter().filter(|&&b| b == b'\n').count(), 1, "one line");
        let line = std::str::from_utf8(&first).expect("UTF-8 out");
        let back = Record::parse(1, line.trim_end()).expect("our own line reads back");
        let d2 = back
            .to_document_with_layers()
            .expect("our own layers read back");
        assert_eq!(d2.text(), d.text());
        assert_eq!(d2.token_items(), d.token_items());
        assert_eq!(d2.sentence_items(), d.sentence_items());
        assert_eq!(d2.timex_items().len(), d.timex_items().len());
        let mut second = Vec::new();
        write_document(&mut second, &d2, Some(&back)).expect("writing to memory");
        assert_eq!(
            comparable(&first),
            comparable(&second),
            "write/read/write differs"
        );
    }
});
