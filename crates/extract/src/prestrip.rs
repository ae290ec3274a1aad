//! Raw pre-pass over the HTML: cuts what extraction never reads before html5ever sees it.
//!
//! Cut: HTML comments; raw-text elements (`<script>`, `<style>`, `<noscript>`, `<template>`,
//! `<svg>`, `<iframe>`, `<textarea>`); balanced `<nav>`, `<footer>`, `<aside>` and `<select>`
//! subtrees (dropped by the extractor anyway; left to the parser when unbalanced); and every
//! attribute of a start tag except the few the extractor reads (class, id, style, itemprop,
//! meta/link attributes...). On news pages this removes most of the bytes and roughly triples
//! parse speed. JSON-LD scripts, wherever they are, are kept aside for the metadata pass. An
//! offset table maps positions of text in the stripped string back to the original HTML.

/// The page without raw-text elements and comments.
pub(crate) struct Stripped {
    /// The HTML that gets parsed.
    pub html: String,
    /// `(position in html, position in the original)` at the start of every kept chunk, sorted.
    segs: Vec<(usize, usize)>,
    /// Bodies of `<script type="application/ld+json">` elements, in page order.
    pub jsonld: Vec<String>,
}

impl Stripped {
    /// Maps a byte position of the stripped string to a byte position of the original HTML.
    pub fn to_original(&self, pos: usize) -> usize {
        let i = self.segs.partition_point(|&(s, _)| s <= pos);
        match i.checked_sub(1).and_then(|k| self.segs.get(k)) {
            Some(&(s, o)) => o + (pos - s),
            None => pos,
        }
    }
}

/// Elements whose content is dropped with them.
const RAW: [&[u8]; 7] = [
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"svg",
    b"iframe",
    b"textarea",
];

/// Cuts comments and raw-text elements out of `src`.
pub(crate) fn strip(src: &str) -> Stripped {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len() / 2);
    let mut segs = Vec::new();
    let mut jsonld = Vec::new();
    let mut kept_from = 0usize; // start of the current kept chunk in src
    let mut attrs = Slim::default();
    let mut i = 0usize;
    while let Some(off) = memchr_lt(b, i) {
        let lt = off;
        let rest = &b[lt..];
        let cut_end = if rest.starts_with(b"<!--") {
            Some(find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3))
        } else {
            raw_element(b, lt, &mut jsonld).or_else(|| furniture_element(b, lt, &mut jsonld))
        };
        match cut_end {
            Some(end) => {
                if lt > kept_from {
                    segs.push((out.len(), kept_from));
                    out.push_str(src.get(kept_from..lt).unwrap_or(""));
                }
                kept_from = end;
                i = end;
            }
            None => match slim_tag(b, lt, &mut attrs) {
                Some(end) => {
                    if lt > kept_from {
                        segs.push((out.len(), kept_from));
                        out.push_str(src.get(kept_from..lt).unwrap_or(""));
                    }
                    write_slim(src, lt, &attrs, &mut out);
                    kept_from = end;
                    i = end;
                }
                None => i = lt + 1,
            },
        }
    }
    if kept_from < b.len() {
        segs.push((out.len(), kept_from));
        out.push_str(src.get(kept_from..).unwrap_or(""));
    }
    Stripped {
        html: out,
        segs,
        jsonld,
    }
}

/// Page furniture whose whole subtree the extractor drops anyway: cut before parsing when its
/// end tag is found (balanced, case-insensitive); left to the parser otherwise.
const FURNITURE: [&[u8]; 4] = [b"nav", b"footer", b"aside", b"select"];

/// When a furniture element starts at `lt` and its matching end tag exists, returns where the
/// cut ends. JSON-LD scripts inside it are still collected.
fn furniture_element(b: &[u8], lt: usize, jsonld: &mut Vec<String>) -> Option<usize> {
    let first = b.get(lt + 1)?.to_ascii_lowercase();
    if !matches!(first, b'n' | b'f' | b'a' | b's') {
        return None;
    }
    let name = FURNITURE
        .into_iter()
        .find(|name| starts_tag(b, lt + 1, name))?;
    let mut depth = 1usize;
    let mut k = tag_end(b, lt);
    while let Some(p) = memchr_lt(b, k) {
        if b.get(p + 1) == Some(&b'/') && starts_tag(b, p + 2, name) {
            depth -= 1;
            if depth == 0 {
                let end = tag_end(b, p);
                collect_jsonld(b, lt, end, jsonld);
                return Some(end);
            }
        } else if starts_tag(b, p + 1, name) {
            depth += 1;
        }
        k = p + 1;
    }
    None
}

/// True when `b[at..]` starts with the tag name `name` followed by a tag-name boundary.
fn starts_tag(b: &[u8], at: usize, name: &[u8]) -> bool {
    b.get(at..at + name.len())
        .is_some_and(|c| c.eq_ignore_ascii_case(name))
        && matches!(
            b.get(at + name.len()),
            None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c')
        )
}

/// Collects JSON-LD bodies from scripts inside `b[from..to]`.
fn collect_jsonld(b: &[u8], from: usize, to: usize, jsonld: &mut Vec<String>) {
    let Some(region) = b.get(from..to) else {
        return;
    };
    if !contains_ci(region, b"ld+json") {
        return;
    }
    let mut k = from;
    while let Some(p) = memchr_lt(b, k) {
        if p >= to {
            break;
        }
        k = if starts_tag(b, p + 1, b"script") {
            raw_element(b, p, jsonld).unwrap_or(p + 1)
        } else {
            p + 1
        };
    }
}

/// A start tag with only the attributes extraction reads: `(name end, kept attribute ranges)`.
#[derive(Default)]
struct Slim {
    name_end: usize,
    keep: Vec<(usize, usize)>,
}

/// Attributes the extractor reads; all others are cut before parsing (html5ever spends most
/// of its time on attributes: `data-*`, `href`, `src`, `srcset`, event handlers...).
fn kept_attr(name: &[u8], tag: &[u8]) -> bool {
    const KEEP: [&[u8]; 15] = [
        b"class",
        b"id",
        b"style",
        b"hidden",
        b"aria-hidden",
        b"itemprop",
        b"content",
        b"datetime",
        b"lang",
        b"xml:lang",
        b"name",
        b"property",
        b"http-equiv",
        b"rel",
        b"charset",
    ];
    KEEP.iter().any(|k| k.eq_ignore_ascii_case(name))
        || (name.eq_ignore_ascii_case(b"href") && tag.eq_ignore_ascii_case(b"link"))
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Parses the start tag at `lt`; when it has attributes to cut, fills `slim` and returns the
/// position after its `>`. Anything unusual (no `>`, an unterminated quote) leaves the tag alone.
fn slim_tag(b: &[u8], lt: usize, slim: &mut Slim) -> Option<usize> {
    if !b.get(lt + 1)?.is_ascii_alphabetic() {
        return None;
    }
    let mut j = lt + 1;
    while let Some(&c) = b.get(j) {
        if is_space(c) || c == b'>' || c == b'/' {
            break;
        }
        if !(c.is_ascii_alphanumeric() || c == b'-' || c == b':') {
            return None;
        }
        j += 1;
    }
    slim.name_end = j;
    slim.keep.clear();
    let tag = b.get(lt + 1..j)?;
    let mut cut = false;
    loop {
        while b.get(j).is_some_and(|&c| is_space(c) || c == b'/') {
            j += 1;
        }
        match b.get(j) {
            None => return None,
            Some(b'>') => {
                return cut.then_some(j + 1);
            }
            Some(b'=' | b'"' | b'\'' | b'<') => return None,
            _ => {}
        }
        let start = j;
        while let Some(&c) = b.get(j) {
            if is_space(c) || c == b'/' || c == b'>' || c == b'=' {
                break;
            }
            if c == b'"' || c == b'\'' || c == b'<' {
                return None;
            }
            j += 1;
        }
        let name = b.get(start..j)?;
        let mut k = j;
        while b.get(k).is_some_and(|&c| is_space(c)) {
            k += 1;
        }
        if b.get(k) == Some(&b'=') {
            k += 1;
            while b.get(k).is_some_and(|&c| is_space(c)) {
                k += 1;
            }
            match b.get(k) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let close = b.get(k + 1..)?.iter().position(|&c| c == q)?;
                    j = k + 1 + close + 1;
                }
                Some(_) => {
                    j = k;
                    while b.get(j).is_some_and(|&c| !is_space(c) && c != b'>') {
                        if matches!(b.get(j), Some(b'"' | b'\'' | b'<' | b'=' | b'`')) {
                            return None;
                        }
                        j += 1;
                    }
                }
                None => return None,
            }
        }
        if kept_attr(name, tag) {
            slim.keep.push((start, j));
        } else {
            cut = true;
        }
    }
}

fn write_slim(src: &str, lt: usize, slim: &Slim, out: &mut String) {
    out.push_str(src.get(lt..slim.name_end).unwrap_or("<x"));
    for &(s, e) in &slim.keep {
        out.push(' ');
        out.push_str(src.get(s..e).unwrap_or(""));
    }
    out.push('>');
}

/// Position of the next `<` at or after `from`.
fn memchr_lt(b: &[u8], from: usize) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&c| c == b'<')
        .map(|p| p + from)
}

/// Finds `needle` in `b` at or after `from`.
fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    let first = *needle.first()?;
    let mut k = 0;
    while let Some(p) = hay.get(k..)?.iter().position(|&c| c == first) {
        let at = k + p;
        if hay.get(at..at + needle.len()) == Some(needle) {
            return Some(from + at);
        }
        k = at + 1;
    }
    None
}

/// Case-insensitive search for `</name` at or after `from`; returns the position after its `>`.
fn find_close(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut k = from;
    while let Some(p) = find(b, k, b"</") {
        let after = p + 2;
        let cand = b.get(after..after + name.len())?;
        if cand.eq_ignore_ascii_case(name) {
            let next = b.get(after + name.len()).copied();
            if matches!(
                next,
                None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c')
            ) {
                let gt = b
                    .get(after..)?
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |q| after + q + 1);
                return Some(gt);
            }
        }
        k = after;
    }
    None
}

/// End of the start tag beginning at `lt` (position after `>`), honouring quoted attributes.
fn tag_end(b: &[u8], lt: usize) -> usize {
    let mut q: Option<u8> = None;
    let mut k = lt + 1;
    while let Some(&c) = b.get(k) {
        match q {
            Some(qc) if c == qc => q = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => q = Some(c),
            None if c == b'>' => return k + 1,
            None => {}
        }
        k += 1;
    }
    b.len()
}

/// When a raw-text element starts at `lt`, returns where its cut ends (after the end tag).
fn raw_element(b: &[u8], lt: usize, jsonld: &mut Vec<String>) -> Option<usize> {
    let first = b.get(lt + 1)?.to_ascii_lowercase();
    if !matches!(first, b's' | b'n' | b't' | b'i') {
        return None;
    }
    for name in RAW {
        let Some(cand) = b.get(lt + 1..lt + 1 + name.len()) else {
            continue;
        };
        if !cand.eq_ignore_ascii_case(name) {
            continue;
        }
        let next = b.get(lt + 1 + name.len()).copied();
        if !matches!(
            next,
            None | Some(b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c')
        ) {
            continue;
        }
        let open_end = tag_end(b, lt);
        // A self-closed `<svg .../>` or `<iframe/>` has no content to skip.
        if open_end >= 2 && b.get(open_end - 2) == Some(&b'/') && name != b"script" {
            return Some(open_end);
        }
        let close = find_close(b, open_end, name);
        if name == b"script" {
            let open = b.get(lt..open_end).unwrap_or(&[]);
            if contains_ci(open, b"ld+json") {
                let body_end = close
                    .and_then(|c| b.get(..c))
                    .and_then(|s| s.iter().rposition(|&x| x == b'<'))
                    .unwrap_or(b.len());
                if let Some(body) = b.get(open_end..body_end) {
                    jsonld.push(String::from_utf8_lossy(body).into_owned());
                }
            }
        }
        return Some(close.unwrap_or(b.len()));
    }
    None
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_scripts_and_comments_and_maps_back() {
        let src = "<p>a</p><!-- x --><script type=\"application/ld+json\">{\"a\":1}</script><p>bc</p><STYLE>p{}</style>d";
        let s = strip(src);
        assert_eq!(s.html, "<p>a</p><p>bc</p>d");
        let t = strip(
            "<a href=\"x\" class='c d' data-x=\"1>2\">t</a><p id=q onclick=f()>u</p><img src=x>",
        );
        assert_eq!(t.html, "<a class='c d'>t</a><p id=q>u</p><img>");
        let pos = t.html.find('u').unwrap_or(0);
        assert_eq!(
            &"<a href=\"x\" class='c d' data-x=\"1>2\">t</a><p id=q onclick=f()>u</p>"
                [t.to_original(pos)..][..1],
            "u"
        );
        assert_eq!(
            strip("<div class=\"open>text").html,
            "<div class=\"open>text"
        );
        let nav = strip(
            "<p>a</p><NAV><nav>x</nav><script type=application/ld+json>{}</script>y</Nav><p>b</p><nav>open",
        );
        assert_eq!(nav.html, "<p>a</p><p>b</p><nav>open");
        assert_eq!(nav.jsonld, vec!["{}".to_string()]);
        assert_eq!(s.jsonld, vec!["{\"a\":1}".to_string()]);
        let pos = s.html.find("bc").unwrap_or(0);
        let orig = s.to_original(pos);
        assert_eq!(&src[orig..orig + 2], "bc");
    }

    #[test]
    fn unterminated_parts_cut_to_end() {
        assert_eq!(strip("<p>x</p><script>var a = '<p>'").html, "<p>x</p>");
        assert_eq!(strip("<p>x</p><!-- open").html, "<p>x</p>");
        assert_eq!(strip("<scripts>ok</scripts>").html, "<scripts>ok</scripts>");
    }
}
