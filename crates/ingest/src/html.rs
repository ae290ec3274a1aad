//! HTML: a light HTML-to-text converter (feed entry bodies, fallback page text) and the page
//! reader that calls `extract::extract_article` behind a nesting-depth guard.

use crate::markup;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

/// Nesting deeper than this is never handed to a DOM-based extractor: such pages are read with a
/// flat, linear tag stripper instead, so no recursive code can overflow the stack.
pub const MAX_HTML_DEPTH: usize = 512;

/// What a page gave: text, metadata and warnings.
#[derive(Debug, Default)]
pub struct Page {
    pub text: String,
    pub meta: extract::PageMeta,
    pub warnings: Vec<String>,
}

/// Plain text of an HTML fragment or document: block elements separated by blank lines,
/// `<br>` as a line break, scripts/styles dropped, whitespace collapsed. Never recursive.
pub fn html_to_text(html: &str) -> String {
    if markup::max_depth(html, MAX_HTML_DEPTH) > MAX_HTML_DEPTH {
        return markup::flat_text(html);
    }
    let doc = Html::parse_fragment(html);
    tree_text(&doc, false)
}

/// Text of a parsed tree. With `page`, only the `<body>` counts and page chrome (nav, header,
/// footer, aside, forms) is skipped.
fn tree_text(doc: &Html, page: bool) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut skip = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip > 0 || is_skipped(name, page) {
                        skip += 1;
                    } else if name == "br" {
                        let t = cur.trim_end().to_string();
                        cur = t;
                        if !cur.is_empty() {
                            cur.push('\n');
                        }
                    } else if markup::is_block(name) {
                        markup::flush(&mut paras, &mut cur);
                    }
                }
                Node::Text(t) if skip == 0 => {
                    let s: &str = t;
                    if cur.ends_with('\n') {
                        markup::push_words(&mut cur, s.trim_start());
                    } else {
                        markup::push_words(&mut cur, s);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if skip > 0 {
                        skip -= 1;
                    } else if markup::is_block(name) && name != "br" {
                        markup::flush(&mut paras, &mut cur);
                    }
                }
            }
        }
    }
    markup::flush(&mut paras, &mut cur);
    paras
        .iter()
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn is_skipped(name: &str, page: bool) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "head"
    ) || (page
        && matches!(
            name,
            "nav" | "header" | "footer" | "aside" | "form" | "button" | "select"
        ))
}

/// Reads an HTML page: main text through `extract::extract_article`, with fallbacks for a title,
/// language and canonical URL, and whole-body text when the extractor finds nothing. Pages nested
/// deeper than [`MAX_HTML_DEPTH`] are read with a flat tag stripper and a warning.
pub fn read_page(html: &str, url: Option<&str>) -> Page {
    if markup::max_depth(html, MAX_HTML_DEPTH) > MAX_HTML_DEPTH {
        let mut page = Page {
            text: markup::flat_text(html),
            ..Page::default()
        };
        page.warnings.push(format!(
            "HTML is nested more than {MAX_HTML_DEPTH} levels deep; read with a flat tag stripper, no metadata"
        ));
        head_fallbacks(html, &mut page.meta);
        return page;
    }
    let mut warnings = Vec::new();
    let article = crate::util::catch_quietly(|| extract::extract_article(html, url));
    let article = match article {
        Ok(a) => a,
        Err(_) => {
            warnings.push(
                "the article extractor failed on this page; used the whole page text".to_string(),
            );
            extract::Article::default()
        }
    };
    let mut meta = article.meta;
    let mut text = normalize_newlines(&article.text).trim().to_string();
    if text.is_empty() {
        text = tree_text(&Html::parse_document(html), true);
        if !text.is_empty() {
            warnings
                .push("no main article text found; used the whole visible page text".to_string());
        }
    }
    head_fallbacks(html, &mut meta);
    Page {
        text,
        meta,
        warnings,
    }
}

/// Fills title, language and canonical URL from the page head when the extractor gave none.
/// A linear scan that stops at `<body>`; no tree.
fn head_fallbacks(html: &str, meta: &mut extract::PageMeta) {
    let mut sc = markup::Scanner::new(html);
    while let Some(t) = sc.next() {
        let markup::Tok::Start(name, attrs, _) = t else {
            continue;
        };
        match name.as_str() {
            "body" => break,
            "html" if meta.language.is_none() => {
                meta.language = attrs.get("lang").map(clean_lang).filter(|l| !l.is_empty());
            }
            "title" => {
                let raw = sc.skip_raw("title");
                if meta.title.is_none() {
                    let t = markup::decode_entities(raw);
                    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    meta.title = (!t.is_empty()).then_some(t);
                }
            }
            "link" if meta.canonical_url.is_none() => {
                let canonical = attrs.get("rel").is_some_and(|r| {
                    r.split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("canonical"))
                });
                if canonical {
                    meta.canonical_url = attrs.get("href").map(|h| h.trim().to_string());
                }
            }
            "script" | "style" => {
                sc.skip_raw(&name);
            }
            _ => {}
        }
    }
}

fn clean_lang(l: &str) -> String {
    l.trim().replace('_', "-")
}

/// `\r\n` and lone `\r` become `\n`.
pub fn normalize_newlines(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_string();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_become_blank_lines() {
        let t = html_to_text(
            "<p>First <b>bold</b> paragraph.</p><p>Second<br>line two</p><script>bad()</script><ul><li>item</li></ul>",
        );
        assert_eq!(t, "First bold paragraph.\n\nSecond\nline two\n\nitem");
    }

    #[test]
    fn plain_text_fragment_stays() {
        assert_eq!(html_to_text("Just words &amp; more."), "Just words & more.");
    }

    #[test]
    fn page_without_paragraphs_falls_back_to_body() {
        let p = read_page(
            "<html lang=en><head><title> A  page </title><link rel=canonical href='https://x.test/a'></head><body><nav>Menu</nav><div>Body text only.</div></body></html>",
            None,
        );
        assert_eq!(p.text, "Body text only.");
        assert_eq!(p.meta.title.as_deref(), Some("A page"));
        assert_eq!(p.meta.language.as_deref(), Some("en"));
        assert_eq!(p.meta.canonical_url.as_deref(), Some("https://x.test/a"));
    }

    #[test]
    fn deep_page_uses_flat_reader() {
        let html = "<div>".repeat(MAX_HTML_DEPTH + 10) + "Deep words." + &"</div>".repeat(10);
        let p = read_page(&html, None);
        assert_eq!(p.text, "Deep words.");
        assert_eq!(p.warnings.len(), 1);
    }
}
