//! Each supported format read from a hand-written fixture.

use crate::{NOW, fixtures, read_file};
use ingest::{Format, IngestError, IngestOptions, Input};

#[test]
fn rss2_gives_one_document_per_item_with_footer_in_meta() {
    let path = fixtures().join("rss2.xml");
    let out = read_file(&path, &IngestOptions::default());
    assert_eq!(out.format, Some(Format::Feed));
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    let docs: Vec<_> = out.docs.iter().map(|d| d.as_ref().unwrap()).collect();
    assert_eq!(docs.len(), 3);

    let d = docs[0];
    assert_eq!(
        d.meta.title.as_deref(),
        Some("Bridge reopens after repairs")
    );
    assert_eq!(d.meta.id, "https://valley-courier.example/?p=101");
    assert_eq!(
        d.meta.guid.as_deref(),
        Some("https://valley-courier.example/?p=101")
    );
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://valley-courier.example/2024/08/bridge-reopens/")
    );
    assert_eq!(d.meta.published.as_deref(), Some("2024-08-25T08:00:00Z"));
    assert_eq!(d.meta.authors, vec!["Mara Ellison".to_string()]);
    assert_eq!(d.meta.publisher.as_deref(), Some("Valley Courier"));
    assert_eq!(
        d.meta.feed.as_deref(),
        Some("https://valley-courier.example/feed/")
    );
    assert_eq!(d.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(d.meta.retrieved_at.as_deref(), Some(NOW));
    assert_eq!(
        d.meta.source.as_deref(),
        Some(path.display().to_string().as_str())
    );
    // content:encoded wins over the description; the footer goes to metadata.
    assert_eq!(
        d.text(),
        "The old stone bridge over the Aller reopened on Sunday after four months of repairs.\n\nEngineers replaced two arches and the parapet, the county council said."
    );
    assert_eq!(
        d.meta.extra.get("feed_footer").map(String::as_str),
        Some("The post Bridge reopens after repairs appeared first on Valley Courier.")
    );
    assert_eq!(
        d.meta.extra.get("summary").map(String::as_str),
        Some("The old stone bridge is open again.")
    );
    assert_eq!(
        d.meta.extra.get("categories").map(String::as_str),
        Some("Transport")
    );

    let d = docs[1];
    assert_eq!(
        d.meta.id,
        "https://valley-courier.example/2024/08/library-hours/"
    );
    assert_eq!(d.meta.published.as_deref(), Some("2024-08-24T08:30:00Z"));
    assert!(
        d.text()
            .starts_with("The town library will open until 8 pm")
    );
    assert!(!d.meta.extra.contains_key("feed_footer"));

    let d = docs[2];
    // No guid: the link is the id.
    assert_eq!(d.meta.guid, None);
    assert_eq!(d.meta.id, "https://valley-courier.example/2024/08/market/");
    assert_eq!(
        d.text(),
        "New place\n\nThe Friday farmers market will move to the town square next month.\n\nTwenty stalls\n\nFree parking"
    );
}

#[test]
fn atom_entry_dates_authors_and_footer() {
    let out = read_file(&fixtures().join("atom.xml"), &IngestOptions::default());
    assert_eq!(out.docs.len(), 1);
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.id, "tag:north-shore.example,2024:tide-gauge");
    assert_eq!(d.meta.title.as_deref(), Some("Tide gauge upgraded"));
    assert_eq!(d.meta.published.as_deref(), Some("2024-09-01T11:15:00Z"));
    assert_eq!(d.meta.modified.as_deref(), Some("2024-09-02T09:00:00Z"));
    assert_eq!(d.meta.authors, vec!["Ines Carvalho", "Paul Okafor"]);
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://north-shore.example/tide-gauge")
    );
    assert_eq!(
        d.meta.feed.as_deref(),
        Some("https://north-shore.example/atom.xml")
    );
    assert_eq!(
        d.text(),
        "The harbour tide gauge now reports readings every minute instead of every hour."
    );
    assert_eq!(
        d.meta.extra.get("feed_footer").map(String::as_str),
        Some("This article originally appeared on Coastal Weekly.")
    );
    assert_eq!(d.meta.language.as_deref(), Some("en"));
}

#[test]
fn json_feed_html_and_text_items() {
    let out = read_file(&fixtures().join("feed.json"), &IngestOptions::default());
    assert_eq!(out.format, Some(Format::Feed));
    let docs: Vec<_> = out.docs.iter().map(|d| d.as_ref().unwrap()).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].meta.id, "https://hillside.example/posts/orchard");
    assert_eq!(
        docs[0].meta.published.as_deref(),
        Some("2024-10-05T08:00:00Z")
    );
    assert_eq!(docs[0].meta.authors, vec!["Lena Fischer"]);
    assert_eq!(
        docs[0].text(),
        "Volunteers planted forty apple and pear trees at the community orchard on Saturday."
    );
    // A bare id is scoped to its feed so it cannot collide with another feed's "orchard-2".
    assert!(
        docs[1].meta.id.ends_with("#orchard-2"),
        "{}",
        docs[1].meta.id
    );
    assert_eq!(docs[1].meta.guid.as_deref(), Some("orchard-2"));
    assert_eq!(
        docs[1].text(),
        "The shared cider press will be available again in November."
    );
}

#[test]
fn opml_lists_feeds_as_new_inputs() {
    let out = read_file(
        &fixtures().join("subscriptions.opml"),
        &IngestOptions::default(),
    );
    assert_eq!(out.format, Some(Format::Opml));
    assert!(out.docs.is_empty());
    // URLs a list names are listed (indirect); a local list may name local files.
    let list = fixtures().join("subscriptions.opml").display().to_string();
    let listed = |url: &str| Input::Listed {
        url: url.into(),
        list: list.clone(),
    };
    assert_eq!(
        out.discovered,
        vec![
            listed("https://valley-courier.example/feed/"),
            Input::Path(fixtures().join("rss2.xml")),
            listed("https://hillside.example/feed.json?format=json&v=1"),
        ]
    );
}

#[test]
fn jsonl_bad_lines_are_errors_and_others_continue() {
    let path = fixtures().join("docs.jsonl");
    let out = read_file(&path, &IngestOptions::default());
    assert_eq!(out.format, Some(Format::Jsonl));
    assert_eq!(out.docs.len(), 5);
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.id, "jl-1");
    assert_eq!(d.meta.published.as_deref(), Some("2024-08-25"));
    assert_eq!(d.meta.published_date(), Some("2024-08-25"));
    assert!(d.text().starts_with("The regional assembly met in Tarnow"));
    let d = out.docs[1].as_ref().unwrap();
    assert_eq!(
        (d.meta.published.as_deref(), d.meta.title.as_deref()),
        (None, Some("Ferry route"))
    );
    let name = path.display().to_string();
    match &out.docs[2] {
        Err(e @ IngestError::Jsonl { line: 3, .. }) => {
            assert!(
                e.to_string()
                    .starts_with(&format!("{name}:3: not valid JSON")),
                "{e}"
            );
        }
        other => panic!("line 3 should fail: {other:?}"),
    }
    match &out.docs[3] {
        Err(e @ IngestError::Jsonl { line: 4, .. }) => {
            assert!(
                e.to_string().contains("document jl-4: missing `text`"),
                "{e}"
            );
        }
        other => panic!("line 4 should fail: {other:?}"),
    }
    assert_eq!(out.docs[4].as_ref().unwrap().meta.id, "jl-5");
    assert_eq!(out.counts(), (3, 2));
}

#[test]
fn html_article_page() {
    let path = fixtures().join("article.html");
    let out = read_file(&path, &IngestOptions::default());
    assert_eq!(out.format, Some(Format::Html));
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.id, "file:fixtures/article.html");
    assert_eq!(
        d.meta.url.as_deref(),
        Some("https://valley-courier.example/2024/08/riverside-park/")
    );
    assert!(
        d.meta
            .title
            .as_deref()
            .unwrap_or("")
            .contains("Council approves riverside park"),
        "{:?}",
        d.meta.title
    );
    assert_eq!(d.meta.language.as_deref(), Some("en"));
    assert!(
        d.text()
            .contains("turn the old rail yard beside the river into a public park.")
    );
    assert!(d.text().contains("Joan Whitfield, told reporters."));
    assert!(!d.text().contains("Copyright"));
    assert!(!d.text().contains("NewsArticle"));
}

#[test]
fn stdin_like_bytes_are_sniffed() {
    let opts = IngestOptions::default();
    let rss = std::fs::read(fixtures().join("rss2.xml")).unwrap();
    let out = ingest::read_bytes("<stdin>", &rss, Format::Auto, &opts);
    assert_eq!((out.format, out.counts()), (Some(Format::Feed), (3, 0)));

    let md = ingest::read_bytes(
        "<stdin>",
        "# River Report\n\nThe river rose by a metre overnight, the water agency said.".as_bytes(),
        Format::Markdown,
        &opts,
    );
    let d = md.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.title.as_deref(), Some("River Report"));
    assert!(
        d.text().starts_with("# River Report\n\n"),
        "text is kept whole"
    );

    let jsonl = ingest::read_bytes(
        "<stdin>",
        b"{\"id\":\"s1\",\"text\":\"One line.\"}\n",
        Format::Auto,
        &opts,
    );
    assert_eq!(jsonl.format, Some(Format::Jsonl));
    assert_eq!(jsonl.docs[0].as_ref().unwrap().meta.id, "s1");

    let txt = ingest::read_bytes(
        "<stdin>",
        b"Just a sentence of plain text.",
        Format::Auto,
        &opts,
    );
    assert_eq!(txt.format, Some(Format::Text));
}

#[test]
fn normalized_hash_matches_reformatted_text() {
    let a = ingest::normalized_text_hash("The  Bridge\nreopened — on Sunday.");
    let b = ingest::normalized_text_hash("the bridge reopened - on sunday.");
    assert_eq!(a, b);
}

#[test]
fn markdown_front_matter_fills_metadata_and_text_stays_whole() {
    let md = "---\ntitle: Dam opens its gates\ndate: 2024-08-25\nauthor: Ada Brenner\nlang: en_GB\n---\n\nThe dam opened its gates on Sunday to lower the reservoir.\n";
    let out = ingest::read_bytes(
        "post.md",
        md.as_bytes(),
        Format::Markdown,
        &IngestOptions::default(),
    );
    let d = out.docs[0].as_ref().unwrap();
    assert_eq!(d.meta.title.as_deref(), Some("Dam opens its gates"));
    assert_eq!(d.meta.published.as_deref(), Some("2024-08-25"));
    assert_eq!(d.meta.authors, vec!["Ada Brenner"]);
    assert_eq!(d.meta.language.as_deref(), Some("en-GB"));
    assert_eq!(d.text(), md);
}
