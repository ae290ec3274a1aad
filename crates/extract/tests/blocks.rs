//! Block-level behaviour of the extractor on small hand-written pages: words inside kept
//! paragraphs are never removed, "read more" containers are followed, the article beats a
//! gallery, a page without an article still gives its text, headings stand on their own lines,
//! captions and credits go to the metadata, and `explain` says why each block went where.

use extract::{explain, extract_article};

/// A paragraph of plain prose (about 40 words) that mentions `topic`.
fn prose(topic: &str, k: usize) -> String {
    format!(
        "<p>Paragraph {k} about {topic}: the committee heard evidence for most of the day, \
         and its members asked detailed questions about costs, timing and the effect on \
         residents, before agreeing to publish a written report later in the month.</p>"
    )
}

fn page(body: &str) -> String {
    format!(
        "<html><head><title>Harbour plan approved</title></head><body>\
         <div class=\"site-header\"><a href=\"/\">Home</a> <a href=\"/news\">News</a></div>\
         {body}</body></html>"
    )
}

#[test]
fn topic_links_and_popup_links_inside_a_paragraph_keep_their_words() {
    let body = format!(
        "<article><h1>Harbour plan approved</h1>\
         <p>The $4.8 billion sale to <a class=\"meta-org\" href=\"/t/v\">Verizon</a> is a \
         complicated beast, said <a class=\"meta-per\" href=\"/t/m\">Marissa Mayer</a>, who \
         flew to <a class=\"meta-loc\" href=\"/t/s\">South Sudan</a> on Monday, and the \
         <a class=\"popup\" href=\"/g\">glossary</a> explains the terms of the deal.</p>\
         {}{}</article>",
        prose("the sale", 1),
        prose("the board", 2)
    );
    let a = extract_article(&page(&body), None);
    assert!(
        a.text.contains("The $4.8 billion sale to Verizon is a complicated beast, said Marissa Mayer, who flew to South Sudan on Monday, and the glossary explains"),
        "{}",
        a.text
    );
}

#[test]
fn a_name_link_keeps_its_words_while_its_hover_card_goes() {
    let body = format!(
        "<article><p>A man pleaded guilty to threatening Rep. <span class=\"rollover-people\">\
         <a href=\"/p/omar\">Ilhan Omar</a><span class=\"rollover-people-block\">\
         <a href=\"/1\">Hillicon Valley roundup</a><a href=\"/2\">Progressives oppose bill</a>\
         <a href=\"/3\">More stories about her</a></span></span> in a call to her office, \
         prosecutors said on Monday.</p>{}{}</article>",
        prose("the case", 1),
        prose("the court", 2)
    );
    let a = extract_article(&page(&body), None);
    assert!(
        a.text
            .contains("threatening Rep. Ilhan Omar in a call to her office"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Hillicon"), "{}", a.text);
}

#[test]
fn a_boilerplate_named_link_alone_on_its_line_still_goes() {
    let body = format!(
        "<article>{}{}<div class=\"share-tools\"><a class=\"share\" href=\"/s\">Share on Facebook</a></div></article>",
        prose("the sale", 1),
        prose("the board", 2)
    );
    let a = extract_article(&page(&body), None);
    assert!(!a.text.contains("Share on Facebook"), "{}", a.text);
    assert!(a.text.contains("Paragraph 2 about the board"));
}

#[test]
fn read_more_container_is_followed() {
    let mut rest = String::new();
    for k in 3..8 {
        rest.push_str(&prose("the quotes", k));
    }
    let body = format!(
        "<article><div class=\"story-body\">{}{}\
         <div id=\"read-more-content\" class=\"read-more collapsed\">{rest}</div>\
         </div></article>",
        prose("the opening", 1),
        prose("the vote", 2)
    );
    let a = extract_article(&page(&body), None);
    for k in 1..8 {
        assert!(
            a.text.contains(&format!("Paragraph {k} about")),
            "paragraph {k} missing: {}",
            a.text
        );
    }
}

#[test]
fn article_beats_a_gallery_of_slides() {
    let mut gallery = String::from("<div class=\"photo-gallery\">");
    for k in 0..50 {
        gallery.push_str(&format!(
            "<div class=\"slide\"><img src=\"/i/{k}.jpg\"><p>Slide {k}: a view of the harbour \
             wall at low tide, taken from the north pier on a clear morning.</p></div>"
        ));
    }
    gallery.push_str("</div>");
    let mut story = String::from("<article><div class=\"article-text\">");
    for k in 1..9 {
        story.push_str(&prose("the harbour plan", k));
    }
    story.push_str("</div></article>");
    let a = extract_article(&page(&format!("{story}{gallery}")), None);
    assert!(
        a.text.contains("Paragraph 8 about the harbour plan"),
        "{}",
        a.text
    );
    assert!(!a.text.contains("Slide 3:"), "{}", a.text);
}

#[test]
fn page_without_an_article_still_yields_its_text() {
    let body = "<div class=\"docs\"><h2>Installing</h2><ul>\
        <li>Download the archive for your system.</li>\
        <li>Unpack it into a folder of your choice.</li>\
        <li>Add the folder to your PATH variable.</li></ul>\
        <h2>First steps</h2><ul>\
        <li>Run the tool once to create its settings file.</li>\
        <li>Edit the settings to point at your data.</li>\
        <li>Run it again and read the report it prints.</li></ul></div>";
    let a = extract_article(&page(body), None);
    for w in [
        "Download the archive",
        "Unpack it into a folder",
        "Edit the settings",
        "read the report it prints",
    ] {
        assert!(a.text.contains(w), "{w:?} missing: {:?}", a.text);
    }
}

#[test]
fn headings_stand_on_their_own_lines() {
    let body = format!(
        "<article>{}<h2>What happens next</h2>{}<h3>Costs</h3>{}</article>",
        prose("the vote", 1),
        prose("the schedule", 2),
        prose("the budget", 3)
    );
    let a = extract_article(&page(&body), None);
    let lines: Vec<&str> = a.text.lines().collect();
    assert!(lines.contains(&"What happens next"), "{lines:?}");
    assert!(lines.contains(&"Costs"), "{lines:?}");
    let at = |s: &str| a.text.find(s).unwrap_or(usize::MAX);
    assert!(at("Paragraph 1") < at("What happens next"));
    assert!(at("What happens next") < at("Paragraph 2"));
    assert!(at("Costs") < at("Paragraph 3"));
}

#[test]
fn captions_and_credits_go_to_the_metadata_not_the_text() {
    let body = format!(
        "<article>{}<figure><img src=\"/a.jpg\"><figcaption>The north pier at dawn.\
         </figcaption></figure><p>Photo: Ann Lee/Reuters</p>{}\
         <div class=\"image\"><img src=\"/b.jpg\"><span class=\"image-credit\">Mark Wilson/Getty Images</span></div>\
         {}</article>",
        prose("the vote", 1),
        prose("the schedule", 2),
        prose("the budget", 3)
    );
    let a = extract_article(&page(&body), None);
    assert!(!a.text.contains("north pier at dawn"), "{}", a.text);
    assert!(!a.text.contains("Ann Lee"), "{}", a.text);
    assert!(!a.text.contains("Getty"), "{}", a.text);
    assert!(a.text.contains("Paragraph 3 about the budget"));
    assert!(
        a.meta
            .captions
            .iter()
            .any(|c| c == "The north pier at dawn."),
        "{:?}",
        a.meta.captions
    );
    assert!(
        a.meta.credits.iter().any(|c| c == "Photo: Ann Lee/Reuters"),
        "{:?}",
        a.meta.credits
    );
    assert!(
        a.meta
            .credits
            .iter()
            .any(|c| c == "Mark Wilson/Getty Images"),
        "{:?}",
        a.meta.credits
    );
    // The metadata serializes with its new key and reads back.
    let json = serde_json::to_string(&a).expect("serialize");
    let back: extract::Article = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back.meta.credits, a.meta.credits);
    let old: extract::PageMeta =
        serde_json::from_str("{\"title\":null,\"authors\":[],\"published\":null,\"modified\":null,\"publisher\":null,\"canonical_url\":null,\"language\":null,\"section\":null,\"description\":null}")
            .expect("older JSON without captions/credits reads");
    assert!(old.credits.is_empty());
}

#[test]
fn explain_names_each_block_and_its_verdict() {
    let body = format!(
        "<article>{}<p>Photo: Ann Lee/Reuters</p><div class=\"newsletter-signup\">Get our \
         newsletter every morning in your inbox</div>{}</article>\
         <div class=\"related-stories\"><a href=\"/1\">Another story about ferries</a></div>",
        prose("the vote", 1),
        prose("the schedule", 2)
    );
    let x = explain(&page(&body), None);
    let line = |needle: &str| {
        x.lines()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle:?} not in:\n{x}"))
            .to_string()
    };
    assert!(line("Paragraph 1 about the vote").starts_with("KEEP"));
    assert!(line("Ann Lee").contains("credit"));
    assert!(line("Get our newsletter").starts_with("DROP"));
    assert!(line("Another story about ferries").starts_with("DROP"));
    assert!(x.lines().any(|l| l.starts_with("RESULT")));
}
