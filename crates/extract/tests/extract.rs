//! End-to-end tests of `extract_article` on hand-written fixture pages.

use extract::{extract_article, extract_article_bytes};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn news_page_text_keeps_article_and_drops_boilerplate() {
    let a = extract_article(
        &fixture("news.html"),
        Some("https://ledger.example/local/2024/08/25/lighthouse-vote"),
    );
    let t = &a.text;
    // Article body, in order, with the subheading, the quote and the list.
    let wanted = [
        "Councillors in Port Elwyn voted on Tuesday evening",
        "estimated £2.4 million",
        "A decade of campaigning",
        "“We never stopped believing the light would shine again,” said Grace Penhallow",
        "The work will happen in three phases:",
        "repairing the cracked granite courses",
        "opening a small museum in the former keeper’s cottage.",
        "the lantern could be lit again before the end of next year",
    ];
    let mut last = 0;
    for w in wanted {
        let at = t
            .find(w)
            .unwrap_or_else(|| panic!("missing {w:?} in:\n{t}"));
        assert!(at >= last, "{w:?} out of order");
        last = at;
    }
    // Boilerplate stays out.
    for bad in [
        "cookies",
        "Sport",
        "Share on",
        "Related stories",
        "Pier repairs",
        "morning briefing",
        "Wonderful news",
        "waste of money",
        "Most read",
        "All rights reserved",
        "Photo: Ana Ruiz",
        "Harbour dues",
        "covers the coast",
        "By Mirela",
        "not text",
    ] {
        assert!(!t.contains(bad), "boilerplate {bad:?} leaked into:\n{t}");
    }
    // The headline is metadata, not body text.
    assert!(!t.contains("Harbour town votes"));
    // Paragraphs are separated by blank lines, no runs of blank lines, no stray whitespace.
    assert!(t.contains("more than a decade.\n\nThe restoration"));
    assert!(!t.contains("\n\n\n"));
    assert_eq!(t.trim(), t);
}

#[test]
fn news_page_metadata_from_json_ld_graph_and_og() {
    let a = extract_article(
        &fixture("news.html"),
        Some("https://ledger.example/local/2024/08/25/lighthouse-vote"),
    );
    let m = &a.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Harbour town votes to rebuild its old lighthouse")
    );
    assert_eq!(
        m.authors,
        vec!["Mirela Okafor".to_string(), "Tom Haverford".to_string()]
    );
    assert_eq!(m.published.as_deref(), Some("2024-08-25T08:30:00Z"));
    assert_eq!(m.modified.as_deref(), Some("2024-08-26T14:05:00Z"));
    assert_eq!(m.publisher.as_deref(), Some("The Coastal Ledger"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://ledger.example/local/2024/08/25/lighthouse-vote")
    );
    assert_eq!(m.language.as_deref(), Some("en-GB"));
    assert_eq!(m.section.as_deref(), Some("Local"));
    assert!(
        m.description
            .as_deref()
            .is_some_and(|d| d.starts_with("Councillors in Port Elwyn"))
    );
    assert_eq!(
        m.captions,
        vec!["The lighthouse has been dark since 1987. Photo: Ana Ruiz".to_string()]
    );
    assert_eq!(
        m.bylines,
        vec!["By Mirela Okafor and Tom Haverford".to_string()]
    );
}

#[test]
fn source_map_points_into_the_html() {
    let html = fixture("news.html");
    let a = extract_article(&html, None);
    assert!(a.source_map.len() >= 8, "{:?}", a.source_map);
    let mut prev_text = 0;
    for s in &a.source_map {
        let text = &a.text[s.text.as_usize()];
        let src = &html[s.html.as_usize()];
        assert!(s.text.start >= prev_text, "spans out of order");
        prev_text = s.text.start;
        // Same first and last word on both sides.
        let first = |x: &str| {
            x.split(|c: char| !c.is_ascii_alphanumeric())
                .find(|w| !w.is_empty())
                .map(str::to_string)
        };
        let last = |x: &str| {
            x.rsplit(|c: char| !c.is_ascii_alphanumeric())
                .find(|w| !w.is_empty())
                .map(str::to_string)
        };
        assert_eq!(first(text), first(src), "{text:?} vs {src:?}");
        assert_eq!(last(text), last(src), "{text:?} vs {src:?}");
    }
    // A paragraph with entities maps across them.
    let k = a.text.find("The restoration").unwrap_or(0) as u32;
    let span = a
        .source_map
        .iter()
        .find(|s| s.text.start == k)
        .expect("span for 2nd paragraph");
    assert!(html[span.html.as_usize()].contains("&pound;2.4 million"));
}

#[test]
fn page_with_only_scripts_has_no_text() {
    let a = extract_article(&fixture("scripts_only.html"), None);
    assert_eq!(a.text, "");
    assert_eq!(a.meta.title.as_deref(), Some("Loading"));
}

#[test]
fn broken_markup_still_yields_text_in_order() {
    let a = extract_article(&fixture("broken.html"), None);
    let t = &a.text;
    let order = [
        "The first paragraph of the broken page is never closed",
        "A second paragraph starts",
        "Bold text that is never closed leaves italics open for a while",
        "Stray end tags like these",
        "Attribute soup ends here and so on.",
    ];
    let mut last = 0;
    for w in order {
        let at = t
            .find(w)
            .unwrap_or_else(|| panic!("missing {w:?} in:\n{t}"));
        assert!(at >= last);
        last = at;
    }
    assert!(!t.contains("unterminated comment"));
}

#[test]
fn page_without_body_or_tags() {
    let a = extract_article(&fixture("nobody.html"), None);
    assert!(
        a.text.starts_with("Just some text with no tags at all"),
        "{:?}",
        a.text
    );
    let empty = extract_article("", None);
    assert_eq!(empty.text, "");
    let junk = extract_article(
        "<<<>>></p></div><!DOCTYPE x><![CDATA[ ]]>&&&#xffffffff;&#0;",
        None,
    );
    assert!(!junk.text.contains('<') || junk.text.len() < 40);
}

#[test]
fn metadata_fallbacks_microdata_meta_and_url() {
    let a = extract_article(
        &fixture("meta_fallbacks.html"),
        Some("https://blatt.example/2019/11/18/x"),
    );
    let m = &a.meta;
    assert_eq!(m.title.as_deref(), Some("Ein Titel aus Mikrodaten"));
    assert_eq!(m.authors, vec!["Jana Weiss".to_string()]);
    assert_eq!(m.published.as_deref(), Some("2019-11-18T14:35:00Z"));
    assert_eq!(m.modified.as_deref(), Some("2019-11-19"));
    assert_eq!(
        m.canonical_url.as_deref(),
        Some("https://blatt.example/politik/artikel-1")
    );
    assert_eq!(m.language.as_deref(), Some("de"));
    assert_eq!(m.section.as_deref(), Some("Politik"));
    assert!(a.text.starts_with("Der erste Absatz"), "{:?}", a.text);
    assert!(a.text.contains("\n\nDer zweite Absatz"));
    // Only a URL date: it is used when nothing else says when.
    let u = extract_article(
        "<p>x</p>",
        Some("https://n.example/world/2021/03/07/story.html"),
    );
    assert_eq!(u.meta.published.as_deref(), Some("2021-03-07"));
}

#[test]
fn ten_thousand_deep_nesting_does_not_crash_on_a_small_stack() {
    let mut html = String::from("<html><body>");
    for _ in 0..10_000 {
        html.push_str("<div>");
    }
    html.push_str("<p>Deep down there is a paragraph, with a comma, and enough words to be scored as text.</p>");
    for _ in 0..10_000 {
        html.push_str("</div>");
    }
    let mut spans = String::new();
    for _ in 0..10_000 {
        spans.push_str("<span><b>");
    }
    spans.push_str("inline depth");
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || (extract_article(&html, None), extract_article(&spans, None)))
        .expect("spawn");
    let (a, b) = handle.join().expect("no stack overflow or panic");
    assert!(
        a.text.contains("Deep down there is a paragraph"),
        "{:?}",
        a.text
    );
    assert!(b.text.contains("inline depth"));
}

#[test]
fn bytes_in_legacy_encodings_are_decoded() {
    let mut page = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\"></head><body><p>".to_vec();
    page.extend_from_slice(b"Caf\xe9 owners in the old town said the \x93new rules\x94 would change little, at least for now, and went back to work.");
    page.extend_from_slice(b"</p></body></html>");
    let a = extract_article_bytes(&page, None, None);
    assert!(a.text.contains("Café owners"), "{:?}", a.text);
    assert!(a.text.contains("“new rules”"));
    // Undeclared, not UTF-8: chardetng guesses.
    let raw = b"<p>Der B\xfcrgermeister sagte, die Stra\xdfe werde im Fr\xfchjahr gesperrt, und niemand widersprach ihm.</p>";
    let b = extract_article_bytes(raw, None, Some("https://zeitung.example.de/x"));
    assert!(
        b.text.contains("Bürgermeister") && b.text.contains("Straße"),
        "{:?}",
        b.text
    );
    // Declared UTF-8 with a stray invalid byte: the byte is not lost silently, no panic.
    let mixed =
        b"<meta charset=utf-8><p>Valid text here \xff and more valid text after the bad byte.</p>";
    let c = extract_article_bytes(mixed, Some("text/html; charset=UTF-8"), None);
    assert!(c.text.contains("more valid text after the bad byte"));
    assert!(c.text.contains(['\u{fffd}', 'ÿ']), "{:?}", c.text);
}

#[test]
fn mangled_pages_never_panic() {
    // Deterministic mutations of the fixtures: truncations, byte flips, spliced halves.
    let pages = [
        fixture("news.html"),
        fixture("broken.html"),
        fixture("meta_fallbacks.html"),
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let specials: &[u8] = b"<>&\"'/=!-;#\x00\xff\xc3 \n";
    for round in 0..150 {
        let base = pages[round % pages.len()].as_bytes();
        let mut b = base.to_vec();
        match next() % 3 {
            0 => b.truncate((next() as usize) % (base.len() + 1)),
            1 => {
                for _ in 0..(1 + next() % 40) {
                    let k = (next() as usize) % b.len().max(1);
                    if let Some(slot) = b.get_mut(k) {
                        *slot = specials[(next() as usize) % specials.len()];
                    }
                }
            }
            _ => {
                let cut = (next() as usize) % (base.len() + 1);
                let other = pages[(round + 1) % pages.len()].as_bytes();
                let cut2 = (next() as usize) % (other.len() + 1);
                b.truncate(cut);
                b.extend_from_slice(&other[cut2..]);
            }
        }
        let a = extract_article_bytes(&b, None, Some("https://m.example/2020/02/03/x"));
        let report = extract::explain(&String::from_utf8_lossy(&b), None);
        assert!(report.lines().any(|l| l.starts_with("RESULT")));
        for s in &a.source_map {
            assert!(a.text.get(s.text.as_usize()).is_some());
        }
    }
}

#[test]
fn article_inside_a_misleadingly_named_wrapper_is_found_by_the_relaxed_retry() {
    let mut html = String::from("<html><body><ul>");
    for k in 0..60 {
        html.push_str(&format!(
            "<li><a href=\"/d{k}\">Directory entry number {k} with a short description</a></li>"
        ));
    }
    html.push_str("</ul><div class=\"social-wrapper\"><div>");
    for k in 0..4 {
        html.push_str(&format!(
            "<p>Paragraph {k} of the real story explains, at some length and with commas, what the town decided.</p>"
        ));
    }
    html.push_str("</div></div></body></html>");
    let a = extract_article(&html, None);
    assert!(
        a.text.contains("Paragraph 3 of the real story"),
        "{:?}",
        a.text
    );
}

#[test]
fn cjk_glued_to_latin_across_elements_gets_a_space_and_negative_names_keep_prose() {
    let html = "<html><body><article>\
        <p>パスワード管理ソフト<a href=\"/k\">KeePass</a>の起動ショートカットキーと同じなのです。自分はずっとKeePassを愛用しています。長い文章がここに続きます。</p>\
        <div class=\"leaf-media\"><p>The opening paragraph sits in a box whose class name sounds like media, yet it is the story, told at length.</p></div>\
        <p>Another paragraph of the same story follows here, long enough, with commas, to count as article text.</p>\
        </article></body></html>";
    let a = extract_article(html, None);
    assert!(a.text.contains("管理ソフト KeePass の起動"), "{:?}", a.text);
    assert!(a.text.contains("ずっとKeePassを愛用"));
    assert!(
        a.text.contains("The opening paragraph sits in a box"),
        "{:?}",
        a.text
    );
}
