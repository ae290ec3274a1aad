//! RSS 0.9–2.0, Atom and JSON Feed entries (through `feed-rs`) into documents, with publisher
//! footers ("The post … appeared first on …") moved from the text into metadata.

use crate::html::{html_to_text, normalize_newlines};
use doc::DocMeta;
use feed_rs::model::{Entry, Feed, Text};

/// One feed entry ready to become a document.
#[derive(Debug)]
pub struct FeedEntry {
    pub meta: DocMeta,
    pub text: String,
}

/// A parsed feed: its entries and the entries skipped (no text), as warnings.
#[derive(Debug, Default)]
pub struct ParsedFeed {
    pub entries: Vec<FeedEntry>,
    pub warnings: Vec<String>,
    pub title: Option<String>,
    /// Set when the feed was damaged (truncated, malformed): the parse error. The entries are
    /// then the complete ones before the damage.
    pub damaged: Option<String>,
}

/// Parses feed text (already decoded). `feed_url` is the URL it was fetched from, if any;
/// `fallback_id` prefixes ids of entries that have neither a usable GUID nor a link.
pub fn parse_feed(
    text: &str,
    feed_url: Option<&str>,
    fallback_id: &str,
) -> Result<ParsedFeed, String> {
    let text = crate::markup::utf8_xml_declaration(text);
    match parse_guarded(&text, feed_url) {
        Ok(feed) => Ok(convert(&feed, feed_url, fallback_id)),
        Err(msg) => {
            // A cut-off download: keep the entries that were complete before the cut.
            let recovered = recover(&text).and_then(|t| parse_guarded(&t, feed_url).ok());
            match recovered {
                Some(feed) if !feed.entries.is_empty() => {
                    let mut parsed = convert(&feed, feed_url, fallback_id);
                    parsed.damaged = Some(msg);
                    Ok(parsed)
                }
                _ => Err(msg),
            }
        }
    }
}

/// One `feed-rs` parse with a fresh parser (its state is not reusable after an error), with a
/// panic in the parser turned into an error.
fn parse_guarded(text: &str, feed_url: Option<&str>) -> Result<Feed, String> {
    let run = || {
        feed_rs::parser::Builder::new()
            .base_uri(feed_url)
            .id_generator(|_, _, _| String::new())
            .sanitize_content(false)
            .build()
            .parse(text.as_bytes())
            .map_err(|e| e.to_string())
    };
    crate::util::catch_quietly(run).unwrap_or_else(|panic| {
        Err(format!(
            "the feed parser failed on this input (internal error: {panic})"
        ))
    })
}

/// The feed cut after its last complete entry and closed again, when that is possible.
fn recover(text: &str) -> Option<String> {
    let (end_tag, close) = match crate::markup::root_element(text)?.as_str() {
        "rss" => ("</item>", "</channel></rss>"),
        "rdf:rdf" => ("</item>", "</rdf:RDF>"),
        "feed" => ("</entry>", "</feed>"),
        _ => return None,
    };
    let at = text.rfind(end_tag)? + end_tag.len();
    Some(format!("{}{close}", text.get(..at)?))
}

fn convert(feed: &Feed, feed_url: Option<&str>, fallback_id: &str) -> ParsedFeed {
    let feed_title = feed.title.as_ref().map(text_of).filter(|t| !t.is_empty());
    let self_link = feed
        .links
        .iter()
        .find(|l| l.rel.as_deref() == Some("self"))
        .map(|l| l.href.clone());
    let feed_ref = feed_url
        .map(str::to_string)
        .or(self_link)
        .or_else(|| feed_title.clone());
    // Ids that are not URLs/URNs (RSS guids like "1234") are only unique inside their feed.
    let scope = feed_url
        .map(str::to_string)
        .or_else(|| (!feed.id.is_empty()).then(|| feed.id.clone()))
        .unwrap_or_else(|| fallback_id.to_string());
    let mut out = ParsedFeed {
        title: feed_title.clone(),
        ..ParsedFeed::default()
    };
    // Relative entry links resolve against the feed URL, else the site link of the channel.
    let site = feed
        .links
        .iter()
        .find(|l| l.rel.is_none() || l.rel.as_deref() == Some("alternate"))
        .map(|l| l.href.clone());
    let base = feed_url.map(str::to_string).or(site);
    for (i, entry) in feed.entries.iter().enumerate() {
        let link = entry_link(entry)
            .and_then(|l| crate::http::resolve_url(base.as_deref(), &l).or(Some(l)));
        let guid = (!entry.id.trim().is_empty()).then(|| entry.id.trim().to_string());
        let id = match (&guid, &link) {
            (Some(g), _) if g.contains(':') => g.clone(),
            (Some(g), _) => format!("{scope}#{g}"),
            (None, Some(l)) => l.clone(),
            (None, None) => format!("{fallback_id}#entry-{}", i + 1),
        };
        let mut meta = DocMeta::new(id.clone());
        meta.url = link;
        meta.guid = guid;
        meta.title = entry.title.as_ref().map(text_of).filter(|t| !t.is_empty());
        meta.published = entry
            .published
            .or(entry.updated)
            .map(|d| d.format(ISO).to_string());
        meta.modified = entry.updated.map(|d| d.format(ISO).to_string());
        let mut authors: Vec<String> = Vec::new();
        for a in &entry.authors {
            let n = a.name.as_deref().unwrap_or("").trim();
            if !n.is_empty() && !authors.iter().any(|x| x == n) {
                authors.push(n.to_string());
            }
        }
        meta.authors = authors;
        meta.publisher = feed_title.clone();
        meta.feed = feed_ref.clone();
        meta.language = entry
            .language
            .clone()
            .or_else(|| feed.language.clone())
            .map(|l| l.trim().replace('_', "-"))
            .filter(|l| !l.is_empty());
        if let Some(t) = &feed_title {
            meta.extra.insert("feed_title".into(), t.clone());
        }
        let cats: Vec<&str> = entry
            .categories
            .iter()
            .map(|c| c.label.as_deref().unwrap_or(&c.term).trim())
            .filter(|c| !c.is_empty())
            .collect();
        if !cats.is_empty() {
            meta.extra.insert("categories".into(), cats.join(", "));
        }
        let content = entry
            .content
            .as_ref()
            .and_then(|c| {
                let body = c.body.as_deref()?;
                let essence = c.content_type.essence().to_string();
                Some(if essence.contains("html") || essence.contains("xml") {
                    html_to_text(body)
                } else {
                    normalize_newlines(body).trim().to_string()
                })
            })
            .filter(|t| !t.is_empty());
        let summary = entry
            .summary
            .as_ref()
            .map(text_of_block)
            .filter(|t| !t.is_empty());
        let text = match (content, summary) {
            (Some(c), Some(s)) => {
                let (s, _) = strip_footer(&s);
                if !s.is_empty() {
                    meta.extra.insert("summary".into(), s);
                }
                c
            }
            (Some(c), None) => c,
            (None, Some(s)) => s,
            (None, None) => {
                out.warnings.push(format!(
                    "entry {id} has no content or summary; skipped (its link can be ingested as a page)"
                ));
                continue;
            }
        };
        let (text, footer) = strip_footer(&text);
        if let Some(f) = footer {
            meta.extra.insert("feed_footer".into(), f);
        }
        if text.is_empty() {
            out.warnings.push(format!(
                "entry {id} has only a publisher footer as text; skipped"
            ));
            continue;
        }
        out.entries.push(FeedEntry { meta, text });
    }
    out
}

fn entry_link(entry: &Entry) -> Option<String> {
    entry
        .links
        .iter()
        .find(|l| l.rel.is_none() || l.rel.as_deref() == Some("alternate"))
        .or_else(|| entry.links.first())
        .map(|l| l.href.trim().to_string())
        .filter(|h| !h.is_empty())
}

/// A one-line text (titles): markup removed, whitespace collapsed.
fn text_of(t: &Text) -> String {
    let s = if t.content_type.essence().to_string().contains("html") {
        html_to_text(&t.content)
    } else {
        t.content.clone()
    };
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A block text (summaries): RSS descriptions are usually HTML whatever their declared type.
fn text_of_block(t: &Text) -> String {
    let plain = t.content_type.essence().to_string() == "text/plain";
    if plain && !t.content.contains('<') {
        normalize_newlines(&t.content).trim().to_string()
    } else {
        html_to_text(&t.content)
    }
}

/// ISO 8601 UTC, second precision.
const ISO: &str = "%Y-%m-%dT%H:%M:%SZ";

/// Footer openings publishers append to feed entries.
const FOOTERS: &[(&str, Option<&str>)] = &[
    ("The post ", Some(" appeared first on ")),
    ("This article originally appeared on ", None),
    ("This article was originally published on ", None),
    ("This article first appeared on ", None),
    ("This story originally appeared on ", None),
    ("This post originally appeared on ", None),
    ("The article ", Some(" first appeared on ")),
    ("Originally published at ", None),
    ("Originally published on ", None),
    ("Read more at ", None),
    ("Continue reading ", None),
];

/// Splits a trailing publisher footer off `text`: returns the text without it and the footer.
/// A footer is a known opening near the end (at most 400 bytes, one paragraph).
pub fn strip_footer(text: &str) -> (String, Option<String>) {
    let trimmed = text.trim_end();
    let mut best: Option<usize> = None;
    for (open, needs) in FOOTERS {
        let Some(at) = trimmed.rfind(open) else {
            continue;
        };
        let tail = trimmed.get(at..).unwrap_or("");
        if tail.len() > 400 || tail.contains("\n\n") {
            continue;
        }
        if let Some(needle) = needs {
            // One sentence: "The post <title> appeared first on <site>."
            let Some(n_at) = tail.find(needle) else {
                continue;
            };
            let title = tail.get(open.len()..n_at).unwrap_or("");
            if has_sentence_break(title) {
                continue;
            }
            let site = tail.get(n_at + needle.len()..).unwrap_or("");
            if site.len() > 120 || site.trim_end_matches(['.', ' ']).contains(". ") {
                continue;
            }
        }
        // Must start a sentence: at the text start or after a sentence end / line break.
        let before = trimmed
            .get(..at)
            .unwrap_or("")
            .trim_end_matches([' ', '\u{a0}']);
        let starts_sentence = before.is_empty()
            || before.ends_with(['.', '!', '?', '\n', '"', '”', '…', ')', ']'])
            || before.ends_with("[…]")
            || before.ends_with("[...]");
        if starts_sentence {
            best = Some(best.map_or(at, |b: usize| b.min(at)));
        }
    }
    match best {
        Some(at) => {
            let body = trimmed.get(..at).unwrap_or("").trim_end().to_string();
            let footer = trimmed.get(at..).unwrap_or("").trim().to_string();
            (body, Some(footer))
        }
        None => (trimmed.to_string(), None),
    }
}

/// A ". " after a lower-case word ("closed. It"), not after an initial ("U.S. Senate").
fn has_sentence_break(s: &str) -> bool {
    s.match_indices(". ").any(|(i, _)| {
        let before: Vec<char> = s.get(..i).unwrap_or("").chars().rev().take(2).collect();
        before.len() == 2 && before.iter().all(|c| c.is_lowercase())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpress_footer_is_split_off() {
        let (t, f) = strip_footer(
            "Council voted on Tuesday.\n\nThe post Council votes appeared first on Town Crier.",
        );
        assert_eq!(t, "Council voted on Tuesday.");
        assert_eq!(
            f.as_deref(),
            Some("The post Council votes appeared first on Town Crier.")
        );
        let (t, f) = strip_footer("Inline summary ends here. The post X appeared first on Y.");
        assert_eq!(t, "Inline summary ends here.");
        assert!(f.is_some());
    }

    #[test]
    fn text_that_merely_mentions_a_post_is_kept() {
        let s = "The post office closed. It appeared first on Monday that it would.";
        let (t, f) = strip_footer(s);
        assert_eq!((t.as_str(), f), (s, None));
        let (_, f) = strip_footer("Done. The post U.S. Senate acts appeared first on Hill Notes.");
        assert_eq!(
            f.as_deref(),
            Some("The post U.S. Senate acts appeared first on Hill Notes.")
        );
        let s = "He said the post appeared first on a forum.";
        assert_eq!(strip_footer(s).1, None);
    }

    #[test]
    fn atom_entry_without_link_or_id_gets_fallback_id() {
        let xml = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
          <entry><title>A</title><content type="text">Words here.</content></entry></feed>"#;
        let f = parse_feed(xml, None, "file:x/feed.xml").unwrap();
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].meta.id, "file:x/feed.xml#entry-1");
        assert_eq!(f.entries[0].text, "Words here.");
    }

    #[test]
    fn rss_1_0_and_0_91() {
        let rdf = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.test/rss"><title>Old Times</title><link>https://old.test/</link></channel>
  <item rdf:about="https://old.test/a"><title>Mill closes</title><link>https://old.test/a</link>
    <description>The paper mill closed after ninety years.</description><dc:date>2003-05-01T12:00:00+00:00</dc:date></item>
</rdf:RDF>"#;
        let f = parse_feed(rdf, None, "x").unwrap();
        assert_eq!(f.entries.len(), 1);
        let e = &f.entries[0];
        assert_eq!(e.meta.url.as_deref(), Some("https://old.test/a"));
        assert_eq!(e.meta.title.as_deref(), Some("Mill closes"));
        assert_eq!(e.text, "The paper mill closed after ninety years.");

        let rss091 = r#"<rss version="0.91"><channel><title>Wire</title><link>https://w.test/</link>
  <item><title>Tram line</title><link>https://w.test/tram</link><description>A new tram line was approved.</description></item>
</channel></rss>"#;
        let f = parse_feed(rss091, None, "x").unwrap();
        assert_eq!(f.entries[0].meta.id, "https://w.test/tram");
        assert_eq!(f.entries[0].text, "A new tram line was approved.");
        assert_eq!(f.entries[0].meta.publisher.as_deref(), Some("Wire"));
    }

    #[test]
    fn relative_links_resolve_against_the_site() {
        let xml = r#"<rss version="2.0"><channel><title>T</title><link>https://site.test/news/</link>
          <item><link>/2024/a.html</link><description>Text one.</description></item></channel></rss>"#;
        let f = parse_feed(xml, None, "x").unwrap();
        assert_eq!(f.entries[0].meta.id, "https://site.test/2024/a.html");
    }

    #[test]
    fn truncated_feed_keeps_complete_entries() {
        let full = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
          <entry><id>urn:e:1</id><content type="text">First entry.</content></entry>
          <entry><id>urn:e:2</id><content type="text">Second entry.</content></entry></feed>"#;
        let cut = full.get(..full.find("Second").unwrap()).unwrap();
        let f = parse_feed(cut, None, "x").unwrap();
        assert_eq!(f.entries.len(), 1);
        assert_eq!(f.entries[0].text, "First entry.");
        assert!(f.damaged.is_some());
        let ok = parse_feed(full, None, "x").unwrap();
        assert_eq!((ok.entries.len(), ok.damaged), (2, None));
        assert!(
            parse_feed(
                "<rss version=\"2.0\"><channel><title>T</title><item><title>x",
                None,
                "x"
            )
            .is_err()
        );
    }

    #[test]
    fn bare_guid_is_scoped_to_its_feed() {
        let xml = r#"<rss version="2.0"><channel><title>T</title><item><guid isPermaLink="false">42</guid><description>Some text.</description></item></channel></rss>"#;
        let f = parse_feed(xml, Some("https://feeds.test/rss"), "x").unwrap();
        assert_eq!(f.entries[0].meta.id, "https://feeds.test/rss#42");
        assert_eq!(f.entries[0].meta.guid.as_deref(), Some("42"));
    }
}
