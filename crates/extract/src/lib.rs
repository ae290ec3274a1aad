//! Main-content text and metadata from HTML news pages.
//!
//! [`extract_article`] takes a page, cuts comments, raw-text elements, balanced
//! nav/footer/aside subtrees and unread attributes out of it (`prestrip`), parses the rest with
//! html5ever (through `scraper`), flattens the tree into a pre-order arena (no recursion
//! anywhere, so 10,000-deep pages are fine), scores containers readability-style and joins the
//! article's headings, paragraphs, quotes and list items with blank lines. When the class/id
//! rules leave almost nothing, a relaxed pass without them runs; when the page's JSON-LD
//! `articleBody` is long and the DOM text misses most of it, the `articleBody` is used. Navigation, share bars, related links, newsletter boxes, comments, cookie
//! banners, captions and bylines stay out of the text; captions and bylines land in
//! [`PageMeta`]. Metadata comes from JSON-LD, OpenGraph, `<meta>`, microdata, `<time>`,
//! `<link rel=canonical>`, `<html lang>` and URL date patterns, with dates normalized to ISO 8601.
//!
//! [`Article::source_map`] maps the text back to byte ranges of the HTML (best effort, see
//! [`SourceSpan`]). [`extract_article_bytes`] decodes raw bytes first (BOM, `Content-Type`,
//! `<meta charset>`, then `chardetng`). Nothing here panics on any input.

mod classify;
mod content;
mod dates;
mod dom;
mod meta;
mod prestrip;

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
    let stripped = prestrip::strip(html);
    let page = scraper::Html::parse_document(&stripped.html);
    let dom = dom::Dom::build(&page);
    let mo = meta::collect(&dom, &stripped.jsonld, url);
    let mut content = content::extract(&dom, mo.meta.title.as_deref(), false, false);
    if content.text.split_whitespace().count() < 30 {
        let retry = content::extract(&dom, mo.meta.title.as_deref(), true, false);
        if retry.text.split_whitespace().count() > 2 * content.text.split_whitespace().count() + 20
        {
            content = retry;
        }
    }
    let mut meta = mo.meta;
    meta.captions = content.captions;
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
        Some(body) => (body, Vec::new()),
        None => {
            let map = source_map(&dom, &stripped, &content.text, &content.pieces);
            (content.text, map)
        }
    };
    Article {
        text,
        meta,
        source_map,
    }
}

/// Debug aid: the top candidates and the chosen containers of a page.
#[doc(hidden)]
pub fn explain(html: &str) -> String {
    let stripped = prestrip::strip(html);
    let page = scraper::Html::parse_document(&stripped.html);
    let dom = dom::Dom::build(&page);
    content::extract(&dom, None, false, true).explain
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

/// Decodes page bytes and extracts. Charset: BOM, then `charset=` of `content_type`, then a
/// `<meta charset>` / `http-equiv` declaration in the first 4 KiB, then valid UTF-8, then a
/// `chardetng` guess (using the URL's TLD). Undecodable bytes become U+FFFD.
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
    use encoding_rs::{Encoding, UTF_8};
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or(&[]);
        return enc.decode_without_bom_handling(rest).0.into_owned();
    }
    let declared = content_type
        .and_then(charset_param)
        .and_then(|l| Encoding::for_label(l.as_bytes()))
        .or_else(|| meta_charset(bytes.get(..4096.min(bytes.len())).unwrap_or(bytes)));
    let enc = match declared {
        // A page that says UTF-16 in ASCII-compatible bytes means UTF-8 (HTML spec).
        Some(e) if e == encoding_rs::UTF_16LE || e == encoding_rs::UTF_16BE => UTF_8,
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let tld = url
                .and_then(|u| u.split_once("://").map(|(_, r)| r))
                .and_then(|r| r.split(['/', ':']).next())
                .and_then(|h| h.rsplit('.').next())
                .map(str::as_bytes);
            det.guess(tld, chardetng::Utf8Detection::Allow)
        }
    };
    enc.decode_without_bom_handling(bytes).0.into_owned()
}

fn charset_param(ct: &str) -> Option<String> {
    let lower = ct.to_ascii_lowercase();
    let k = lower.find("charset=")?;
    let v = lower.get(k + 8..)?;
    let v = v.trim_start_matches(['"', '\'']);
    let end = v
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .unwrap_or(v.len());
    v.get(..end).map(str::to_string).filter(|s| !s.is_empty())
}

fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower.get(from..).and_then(|s| s.find("<meta")) {
        let start = from + k;
        let end = lower
            .get(start..)
            .and_then(|s| s.find('>'))
            .map_or(lower.len(), |e| start + e);
        let tag = lower.get(start..end).unwrap_or("");
        if let Some(c) = charset_param(tag)
            && let Some(e) = encoding_rs::Encoding::for_label(c.as_bytes())
        {
            return Some(e);
        }
        from = end.max(start + 5);
    }
    None
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
