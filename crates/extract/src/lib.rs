//! Main-content text and metadata from HTML pages, and the workspace's one charset decoder.
//!
//! [`extract_article`] takes a page, cuts comments, raw-text elements, balanced
//! nav/footer/aside subtrees and unread attributes out of it (`prestrip`), parses the rest with
//! html5ever (through `scraper`), flattens the tree into a pre-order arena (no recursion
//! anywhere, so 10,000-deep pages are fine), chooses the main region from block features and
//! joins its headings, paragraphs, quotes and list items, one block per line with blank lines
//! between. Only whole blocks are removed: an inline element inside a kept paragraph keeps its
//! words whatever its class name (see `content`). When the main region holds almost nothing, a
//! relaxed pass without class/id names runs, then the whole body (pages with no article); when
//! the page's JSON-LD `articleBody` is long and the DOM text misses most of it, the
//! `articleBody` is used. Navigation, share bars, related links, newsletter boxes, comments,
//! cookie banners, captions, photo credits and bylines stay out of the text; captions, credits
//! and bylines land in [`PageMeta`]. [`explain`] tells, block by block, what was kept and why.
//! Metadata comes from JSON-LD, OpenGraph, `<meta>`, microdata, `<time>`,
//! `<link rel=canonical>`, `<html lang>` and URL date patterns, with dates normalized to ISO 8601.
//!
//! [`Article::source_map`] maps the text back to byte ranges of the HTML (best effort, see
//! [`SourceSpan`]). [`extract_article_bytes`] decodes raw bytes first with [`charset`] (BOM,
//! `Content-Type`, `<meta charset>`, UTF-8, then `chardetng`), the decoder `ingest` uses too.
//! Nothing here panics on any input.

pub mod charset;
mod classify;
mod content;
mod dates;
mod dom;
mod meta;
mod prestrip;

use content::Pass;
pub use dates::{date_from_url, normalize_date};
use doc::TextRange;
use serde::{Deserialize, Serialize};

/// Metadata found in a page (JSON-LD, OpenGraph, `<meta>`, microdata, `<time>`, URL patterns).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PageMeta {
    pub title: Option<String>,
    pub authors: Vec<String>,
    /// Normalized ISO 8601 (`2024-08-25` or `2024-08-25T10:00:00Z`).
    pub published: Option<String>,
    pub modified: Option<String>,
    pub publisher: Option<String>,
    pub canonical_url: Option<String>,
    pub language: Option<String>,
    pub section: Option<String>,
    pub description: Option<String>,
    /// Figure captions found on the page (kept out of the text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captions: Vec<String>,
    /// Photo and image credits found on the page ("Photo: Ann Lee/Reuters"; kept out of the
    /// text so that they never reach the language stages as part of a sentence).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<String>,
    /// Byline texts found on the page (kept out of the text), e.g. "By Ann Lee, Reuters".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bylines: Vec<String>,
}

/// One piece of the text and where it came from in the HTML.
///
/// `text` is a byte range of [`Article::text`]; `html` a byte range of the HTML string given
/// to [`extract_article`] (for [`extract_article_bytes`]: of the decoded HTML, which equals the
/// input bytes for UTF-8 pages). html5ever keeps no source positions, so each text node is
/// found again by a forward search of its first and last ASCII word in the page's text
/// (outside tags). A span covers the node's text from its first to its last ASCII word; text
/// nodes without ASCII words, or whose words were written as entities, may have no span.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceSpan {
    pub text: TextRange,
    pub html: TextRange,
}

/// The article: main text (paragraphs separated by blank lines) and metadata.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub text: String,
    pub meta: PageMeta,
    /// Text-to-HTML spans in text order (see [`SourceSpan`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source_map: Vec<SourceSpan>,
}

/// Extracts the main text and metadata of a page. `url` helps with relative links and URL dates.
pub fn extract_article(html: &str, url: Option<&str>) -> Article {
    run(html, url, false).0
}

/// What `newsgraph extract --explain` prints: the candidate containers, the main region, then
/// every block of the page in order with its verdict (`KEEP`, or `DROP` with the reason: a tag
/// that never holds text, hidden, a boilerplate name on a block, outside the main region, a
/// link-heavy box, a furniture line, a caption or credit moved to the metadata...), and which
/// pass gave the final text.
pub fn explain(html: &str, url: Option<&str>) -> String {
    run(html, url, true).1
}

fn run(html: &str, url: Option<&str>, want_explain: bool) -> (Article, String) {
    let stripped = prestrip::strip(html);
    let page = scraper::Html::parse_document(&stripped.html);
    let dom = dom::Dom::build(&page);
    let mo = meta::collect(&dom, &stripped.jsonld, url);
    let mut content = content::extract(&dom, Pass::Main, want_explain);
    let mut how = "main region (class/id names read)";
    let words = |c: &content::Content| c.text.split_whitespace().count();
    if words(&content) < 30 {
        let retry = content::extract(&dom, Pass::Relaxed, want_explain);
        if words(&retry) > 2 * words(&content) + 20 {
            content = retry;
            how = "relaxed retry (the main region held under 30 words; class/id names not read)";
        }
    }
    if words(&content) < 30 {
        // A page without an article (a list, an index, a form): its main text is the page's
        // text blocks, without navigation and boxes of links.
        let whole = content::extract(&dom, Pass::WholePage, want_explain);
        if words(&whole) > 2 * words(&content) + 10 {
            content = whole;
            how = "whole page (no article region held 30 words)";
        }
    }
    let mut meta = mo.meta;
    meta.captions = content.captions;
    meta.credits = content.credits;
    meta.bylines = content.bylines;
    if meta.authors.is_empty() {
        for b in &meta.bylines {
            if let Some(a) = byline_author(b) {
                meta.authors.push(a);
                break;
            }
        }
    }
    let (text, source_map) = match ld_fallback(&content.text, mo.ld_body.as_deref()) {
        Some(body) => {
            how = "JSON-LD articleBody (the page text misses most of it)";
            (body, Vec::new())
        }
        None => {
            let map = source_map(&dom, &stripped, &content.text, &content.pieces);
            (content.text, map)
        }
    };
    let mut explain = content.explain;
    if want_explain {
        explain.push_str(&format!(
            "RESULT {how}: {} words, {} captions, {} credits, {} bylines\n",
            text.split_whitespace().count(),
            meta.captions.len(),
            meta.credits.len(),
            meta.bylines.len()
        ));
    }
    (
        Article {
            text,
            meta,
            source_map,
        },
        explain,
    )
}

/// A plausible author name from a byline ("By Ann Lee | Reuters" -> "Ann Lee").
fn byline_author(b: &str) -> Option<String> {
    let t = b.trim();
    let t = ["By ", "by ", "BY ", "Posted by ", "posted by "]
        .iter()
        .find_map(|p| t.strip_prefix(p))?;
    let head = t
        .split(['|', ',', '\n', '•', '@', '(', '–', '—'])
        .next()?
        .split(" - ")
        .next()?;
    let mut words: Vec<String> = Vec::new();
    let all: Vec<&str> = head.split_whitespace().collect();
    for (k, w) in all.iter().enumerate() {
        let w = *w;
        let next_has_digit = all
            .get(k + 1)
            .is_some_and(|n| n.chars().any(|c| c.is_ascii_digit()));
        if w.chars().any(|c| c.is_ascii_digit()) || (dates::is_month_word(w) && next_has_digit) {
            break;
        }
        // "ArnoldNovember": a name glued to what follows; keep the first part and stop.
        let glued = w.char_indices().skip(1).find(|&(k, c)| {
            c.is_uppercase() && w[..k].chars().last().is_some_and(char::is_lowercase) && k > 2
        });
        match glued {
            Some((k, _)) => {
                words.push(w[..k].to_string());
                break;
            }
            None => words.push(w.to_string()),
        }
    }
    let name = words.join(" ");
    ((1..=5).contains(&words.len())
        && name.len() < 60
        && name.chars().next().is_some_and(char::is_uppercase))
    .then_some(name)
}

/// Lower-cased word multiset size helpers for comparing the DOM text with JSON-LD `articleBody`.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// When the page's JSON-LD `articleBody` is substantial and the DOM text misses most of it,
/// the `articleBody` (paragraphs split on newlines) is the better text.
fn ld_fallback(dom_text: &str, body: Option<&str>) -> Option<String> {
    let body = body?;
    let bw = words(body);
    if bw.len() < 50 {
        return None;
    }
    let dw = words(dom_text);
    let mut counts: rustc_hash::FxHashMap<&str, i32> = rustc_hash::FxHashMap::default();
    for w in &bw {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    let mut overlap = 0usize;
    for w in &dw {
        if let Some(c) = counts.get_mut(w.as_str())
            && *c > 0
        {
            *c -= 1;
            overlap += 1;
        }
    }
    let recall = overlap as f32 / bw.len() as f32;
    let t = body.trim_end();
    let truncated = t.ends_with('…') || t.ends_with("&hellip;") || t.ends_with("...");
    if recall >= 0.5 || truncated || (bw.len() as f32) < 0.8 * dw.len() as f32 {
        return None;
    }
    let paras: Vec<String> = body
        .split(['\n', '\r'])
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    Some(paras.join("\n\n"))
}

/// Finds each emitted text piece again in the (stripped) HTML and maps it to the original.
fn source_map(
    dom: &dom::Dom<'_>,
    stripped: &prestrip::Stripped,
    text: &str,
    pieces: &[content::Piece],
) -> Vec<SourceSpan> {
    let html = stripped.html.as_str();
    let hb = html.as_bytes();
    let mut cursor = 0usize;
    let mut out = Vec::with_capacity(pieces.len());
    for p in pieces {
        if !matches!(
            dom.nodes.get(p.node).map(|n| &n.data),
            Some(dom::Data::Text(_))
        ) {
            continue;
        }
        let Some(piece) = text.get(p.start..p.end) else {
            continue;
        };
        let Some((f0, f1)) = first_word(piece) else {
            continue;
        };
        let Some((l0, l1)) = last_word(piece) else {
            continue;
        };
        let (Some(fw), Some(lw)) = (piece.get(f0..f1), piece.get(l0..l1)) else {
            continue;
        };
        let Some(h0) = find_word(hb, cursor, fw.as_bytes()) else {
            continue;
        };
        let h1 = if l0 == f0 {
            h0 + fw.len()
        } else {
            match find_word(hb, h0 + fw.len(), lw.as_bytes()) {
                Some(k) => k + lw.len(),
                None => continue,
            }
        };
        cursor = h1;
        out.push(SourceSpan {
            text: TextRange::from_usize(p.start + f0, p.start + l1),
            html: TextRange::from_usize(stripped.to_original(h0), stripped.to_original(h1)),
        });
    }
    out
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn first_word(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| is_word_byte(c))?;
    let len = b
        .get(start..)?
        .iter()
        .take_while(|&&c| is_word_byte(c))
        .count();
    Some((start, start + len))
}

fn last_word(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let end = b.iter().rposition(|&c| is_word_byte(c))? + 1;
    let len = b
        .get(..end)?
        .iter()
        .rev()
        .take_while(|&&c| is_word_byte(c))
        .count();
    Some((end - len, end))
}

/// Searches `word` at a word boundary, outside tags, within 64 KiB after `from`.
fn find_word(hb: &[u8], from: usize, word: &[u8]) -> Option<usize> {
    const WINDOW: usize = 64 * 1024;
    let limit = hb.len().min(from.saturating_add(WINDOW));
    let hay = hb.get(from..limit)?;
    let first = *word.first()?;
    let mut k = 0usize;
    while let Some(p) = hay.get(k..)?.iter().position(|&c| c == first) {
        let at = from + k + p;
        k += p + 1;
        if hb.get(at..at + word.len()) != Some(word) {
            continue;
        }
        let before_ok = at == 0 || hb.get(at - 1).is_none_or(|&c| !is_word_byte(c));
        let after_ok = hb.get(at + word.len()).is_none_or(|&c| !is_word_byte(c));
        if before_ok && after_ok && outside_tag(hb, at) {
            return Some(at);
        }
    }
    None
}

/// True when the nearest `<` / `>` before `at` is a `>` (or there is none).
fn outside_tag(hb: &[u8], at: usize) -> bool {
    match hb
        .get(..at)
        .and_then(|s| s.iter().rposition(|&c| c == b'<' || c == b'>'))
    {
        Some(k) => hb.get(k) == Some(&b'>'),
        None => true,
    }
}

/// Decodes page bytes and extracts, with the workspace's one decoder ([`charset::decode_with_url`]:
/// BOM, then `charset=` of `content_type`, then an XML or `<meta charset>` / `http-equiv`
/// declaration that matches the bytes, then valid UTF-8, then UTF-8 with stray windows-1252
/// bytes, then a `chardetng` guess using the URL's TLD).
pub fn extract_article_bytes(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> Article {
    let html = decode_html(bytes, content_type, url);
    extract_article(&html, url)
}

/// Decodes page bytes to text (see [`extract_article_bytes`] for the charset rules).
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, url: Option<&str>) -> String {
    let http = content_type.and_then(charset::charset_from_content_type);
    let mut text = charset::decode_with_url(bytes, http, url).text;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charset_from_meta_and_header() {
        let latin = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>caf\xe9 au lait, caf\xe9 noir, and more text here</p></body></html>";
        assert!(decode_html(latin, None, None).contains("café"));
        let ct = decode_html(
            b"<p>na\xefve</p>",
            Some("text/html; charset=windows-1252"),
            None,
        );
        assert!(ct.contains("naïve"));
        let bom = decode_html(b"\xef\xbb\xbf<p>x</p>", None, None);
        assert_eq!(bom, "<p>x</p>");
    }

    #[test]
    fn byline_names() {
        assert_eq!(
            byline_author("By Carrie ArnoldNovember 15, 2019").as_deref(),
            Some("Carrie Arnold")
        );
        assert_eq!(
            byline_author("By FEDERICA LUSIARDI - 2019-04-10").as_deref(),
            Some("FEDERICA LUSIARDI")
        );
        assert_eq!(
            byline_author("Posted by Ann Lee | Reuters").as_deref(),
            Some("Ann Lee")
        );
        assert_eq!(byline_author("Ann Lee"), None);
        assert_eq!(
            byline_author("By Theresa May Nov 5, 2019").as_deref(),
            Some("Theresa May")
        );
    }

    #[test]
    fn words_and_spans() {
        assert_eq!(first_word("  “Hello, world”"), Some((5, 10)));
        assert_eq!(last_word("  “Hello, world”"), Some((12, 17)));
        let hb = b"<a title=\"cat\">cat</a>";
        assert_eq!(find_word(hb, 0, b"cat"), Some(15));
    }
}
