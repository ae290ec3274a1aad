//! OPML reading: `ingest::parse_opml` and the OPML path of `read_bytes` on arbitrary bytes.
//! Never panics; every input it lists is non-empty and listed once.
#![no_main]

use ingest::{Format, IngestOptions, Input, read_bytes};
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok((inputs, _warnings)) = ingest::parse_opml(&text, Some(Path::new("/subs"))) {
        for (i, input) in inputs.iter().enumerate() {
            match input {
                Input::Url(u) => assert!(!u.is_empty(), "empty URL"),
                // parse_opml gives plain URLs; the engine marks them as listed when it expands.
                Input::Listed { url, list } => {
                    assert!(!url.is_empty() && !list.is_empty(), "empty listed URL")
                }
                Input::Path(p) => assert!(!p.as_os_str().is_empty(), "empty path"),
                Input::Stdin => panic!("an OPML outline became stdin"),
            }
            assert!(!inputs[..i].contains(input), "{input:?} listed twice");
        }
    }
    let out = read_bytes("fuzz.opml", data, Format::Opml, &IngestOptions::default());
    assert!(
        out.docs.iter().all(|d| d.is_err()),
        "OPML gives no documents"
    );
});
