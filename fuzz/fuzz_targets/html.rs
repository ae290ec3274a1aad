//! HTML extraction: `extract` on arbitrary bytes as a page. Never panics (its invariant, even on
//! deep nesting); every source-map span lies inside the text and the decoded HTML on char
//! boundaries, in text order.
#![no_main]

use libfuzzer_sys::fuzz_target;

const URL: &str = "https://example.org/2024/05/01/story.html";

fuzz_target!(|data: &[u8]| {
    let html = extract::decode_html(data, None, Some(URL));
    let article = extract::extract_article(&html, Some(URL));
    let mut prev = 0u32;
    for (i, s) in article.source_map.iter().enumerate() {
        newsgraph_fuzz::check_range(&article.text, s.text, &format!("source span {i} text"));
        newsgraph_fuzz::check_range(&html, s.html, &format!("source span {i} html"));
        assert!(s.text.start >= prev, "source span {i} out of text order");
        prev = s.text.start;
    }
    // The bytes entry point decodes the same way.
    let again = extract::extract_article_bytes(data, None, Some(URL));
    assert_eq!(again.text, article.text, "extract_article_bytes differs");
});
