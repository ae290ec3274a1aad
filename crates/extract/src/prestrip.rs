//! Raw pre-pass over the HTML: cuts out comments and raw-text elements before parsing.
//!
//! Scripts, styles, `<noscript>`, `<template>`, `<svg>`, `<iframe>`, `<textarea>` and HTML
//! comments never carry article text, but on news pages they are often half the bytes. Cutting
//! them out before html5ever sees the page roughly halves parse time. JSON-LD scripts are kept
//! aside for the metadata pass. An offset table maps positions in the stripped string back to
//! byte positions in the original HTML.

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
    let mut i = 0usize;
    while let Some(off) = memchr_lt(b, i) {
        let lt = off;
        let rest = &b[lt..];
        let cut_end = if rest.starts_with(b"<!--") {
            Some(find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3))
        } else {
            raw_element(b, lt, &mut jsonld)
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
            None => i = lt + 1,
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
