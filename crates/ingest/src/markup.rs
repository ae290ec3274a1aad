//! A small, linear, non-recursive tag scanner for HTML/XML: declarations, attributes, nesting
//! depth, and a flat tag-stripping text fallback for documents too deep to hand to a DOM.

/// Attributes of one tag, names lower-cased, values entity-decoded, in source order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attrs(pub Vec<(String, String)>);

impl Attrs {
    /// The value of the first attribute with this (ASCII case-insensitive) name.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// One markup token.
#[derive(Debug, PartialEq)]
pub enum Tok<'a> {
    Text(&'a str),
    /// Start tag: lower-cased name, attributes, self-closing.
    Start(String, Attrs, bool),
    End(String),
    /// Comment, doctype, processing instruction, CDATA: skipped.
    Other(&'a str),
}

/// A linear tokenizer. Unterminated constructs end at the end of input.
pub struct Scanner<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    pub fn new(s: &'a str) -> Self {
        Scanner { s, pos: 0 }
    }

    /// Skips raw text up to (and including) `</name>`, returning the raw text.
    pub fn skip_raw(&mut self, name: &str) -> &'a str {
        let rest = self.s.get(self.pos..).unwrap_or("");
        let needle = format!("</{name}");
        let at = find_ascii_ci(rest, &needle).unwrap_or(rest.len());
        let raw = rest.get(..at).unwrap_or("");
        let after = rest.get(at..).unwrap_or("");
        let close = after.find('>').map_or(after.len(), |i| i + 1);
        self.pos += at + close;
        raw
    }
}

impl<'a> Iterator for Scanner<'a> {
    type Item = Tok<'a>;

    fn next(&mut self) -> Option<Tok<'a>> {
        let rest = self.s.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        if !rest.starts_with('<') {
            let end = rest.find('<').unwrap_or(rest.len());
            self.pos += end;
            return Some(Tok::Text(rest.get(..end).unwrap_or("")));
        }
        let b = rest.as_bytes();
        let second = b.get(1).copied().unwrap_or(0);
        // Not a tag: a lone '<' is text.
        if !(second.is_ascii_alphabetic() || second == b'/' || second == b'!' || second == b'?') {
            let end = rest
                .get(1..)
                .and_then(|r| r.find('<'))
                .map_or(rest.len(), |i| i + 1);
            self.pos += end;
            return Some(Tok::Text(rest.get(..end).unwrap_or("")));
        }
        if second == b'!' || second == b'?' {
            let end = if rest.starts_with("<!--") {
                rest.get(4..)
                    .and_then(|r| r.find("-->"))
                    .map_or(rest.len(), |i| i + 7)
            } else if rest.starts_with("<![CDATA[") {
                rest.find("]]>").map_or(rest.len(), |i| i + 3)
            } else if rest.len() >= 9 && rest.as_bytes()[..9].eq_ignore_ascii_case(b"<!doctype") {
                doctype_len(rest)
            } else {
                rest.find('>').map_or(rest.len(), |i| i + 1)
            };
            self.pos += end;
            return Some(Tok::Other(rest.get(..end).unwrap_or("")));
        }
        if second == b'/' {
            let end = rest.find('>').map_or(rest.len(), |i| i + 1);
            let name = tag_name(rest.get(2..).unwrap_or(""));
            self.pos += end;
            return Some(Tok::End(name));
        }
        let name = tag_name(rest.get(1..).unwrap_or(""));
        let (attrs, len, self_closing) = parse_attrs(rest, 1 + name.len());
        self.pos += len;
        Some(Tok::Start(name, attrs, self_closing))
    }
}

/// The length of a `<!DOCTYPE ...>` declaration, its internal subset (`[ ... ]`, with quoted
/// strings and comments inside) included. Its declarations are never read: entities are not
/// expanded (no external entities, no billion laughs). An unclosed subset ends the declaration
/// at its first `>`, as before.
fn doctype_len(s: &str) -> usize {
    let b = s.as_bytes();
    let first_gt = s.find('>').map_or(b.len(), |i| i + 1);
    let open = match s.find('[') {
        Some(o) if o < first_gt => o,
        _ => return first_gt,
    };
    let mut i = open + 1;
    while i < b.len() {
        match b[i] {
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += 1;
                }
            }
            b'<' if b[i..].starts_with(b"<!--") => {
                let after = s.get(i + 4..).and_then(|r| r.find("-->"));
                i = after.map_or(b.len(), |k| i + 4 + k + 2);
            }
            b']' => {
                let rest = s.get(i + 1..).unwrap_or("");
                let t = rest.trim_start();
                if t.starts_with('>') {
                    return i + 1 + (rest.len() - t.len()) + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    first_gt
}

fn tag_name(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'))
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Parses attributes from `from` to the closing `>`; returns them, the tag length and whether it
/// ends with `/>`.
fn parse_attrs(tag: &str, from: usize) -> (Attrs, usize, bool) {
    let b = tag.as_bytes();
    let mut i = from;
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            self_closing = b[i] == b'/';
            i += 1;
        }
        if i >= b.len() {
            return (Attrs(attrs), b.len(), self_closing);
        }
        if b[i] == b'>' {
            return (Attrs(attrs), i + 1, self_closing);
        }
        self_closing = false;
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = tag.get(start..i).unwrap_or("").to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let mut j = vs;
                while j < b.len() && b[j] != q {
                    j += 1;
                }
                value = decode_entities(tag.get(vs..j).unwrap_or(""));
                i = (j + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = decode_entities(tag.get(vs..i).unwrap_or(""));
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() {
        return Some(0);
    }
    let first = n[0].to_ascii_lowercase();
    let mut i = 0;
    while i + n.len() <= h.len() {
        if h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Replaces a leading XML declaration with one that says UTF-8 (the text is already decoded).
pub fn utf8_xml_declaration(s: &str) -> std::borrow::Cow<'_, str> {
    let t = s.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("<?xml")
        && let Some(end) = t.find("?>")
    {
        let rest = t.get(end + 2..).unwrap_or("");
        return format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{rest}").into();
    }
    s.into()
}

/// The name of the first element (after declarations, comments and doctype), lower-cased.
pub fn root_element(s: &str) -> Option<String> {
    for t in Scanner::new(s) {
        match t {
            Tok::Start(n, _, _) => return Some(n),
            Tok::Text(t) if !t.trim().is_empty() => return None,
            _ => {}
        }
    }
    None
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "command",
];
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];
const SKIP_TEXT: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "xmp",
    "plaintext",
];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
    "th",
    "tr",
    "ul",
    "body",
    "html",
    "head",
    "title",
];

/// Whether an element name starts a new paragraph in plain-text output.
pub fn is_block(name: &str) -> bool {
    BLOCK.contains(&name)
}

/// How deeply elements nest in `html`, the way an HTML parser would build the tree: elements
/// with optional end tags close their open siblings (`<p>` closes an open `<p>`, `<li>` an `<li>`,
/// `<td>` a `<td>`...), block starts close an open `<p>`. Linear: it stops as soon as the depth
/// passes `stop_after` (returning that depth), and an end tag only looks at the 16 innermost
/// open elements.
pub fn max_depth(html: &str, stop_after: usize) -> usize {
    let mut stack: Vec<String> = Vec::new();
    let mut max = 0usize;
    let mut sc = Scanner::new(html);
    while let Some(t) = sc.next() {
        match t {
            Tok::Start(n, _, self_closing) => {
                if RAW.contains(&n.as_str()) {
                    sc.skip_raw(&n);
                    continue;
                }
                if VOID.contains(&n.as_str()) {
                    continue;
                }
                close_implied(&mut stack, &n);
                if self_closing && !is_block(&n) {
                    continue;
                }
                stack.push(n);
                max = max.max(stack.len());
                if max > stop_after {
                    return max;
                }
            }
            Tok::End(n) => {
                let found = stack.iter().rev().take(16).position(|o| *o == n);
                if let Some(k) = found {
                    stack.truncate(stack.len() - k - 1);
                }
            }
            _ => {}
        }
    }
    max
}

/// Pops the open elements that a start tag `n` implicitly closes.
fn close_implied(stack: &mut Vec<String>, n: &str) {
    let closes: &[&str] = match n {
        "p" | "div" | "ul" | "ol" | "table" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "blockquote" | "pre" | "section" | "article" | "header" | "footer" | "dl" | "figure"
        | "hr" | "form" | "address" | "aside" | "nav" | "main" => &["p"],
        "li" => &["li", "p"],
        "dt" | "dd" => &["dt", "dd", "p"],
        "td" | "th" => &["td", "th"],
        "tr" => &["tr", "td", "th"],
        "thead" | "tbody" | "tfoot" => &["thead", "tbody", "tfoot", "tr", "td", "th"],
        "option" => &["option"],
        "optgroup" => &["optgroup", "option"],
        "rb" | "rt" | "rp" => &["rb", "rt", "rp"],
        _ => &[],
    };
    while let Some(top) = stack.last() {
        if closes.contains(&top.as_str()) {
            stack.pop();
        } else {
            break;
        }
    }
}

/// Plain text from markup without a DOM: block elements become paragraph breaks, scripts and
/// styles are dropped, whitespace is collapsed. Linear in the input; used for pathological
/// documents (too deeply nested for a tree).
pub fn flat_text(html: &str) -> String {
    let mut paras: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut sc = Scanner::new(html);
    let mut in_head = false;
    while let Some(t) = sc.next() {
        match t {
            Tok::Text(t) if !in_head => push_words(&mut cur, &decode_entities(t)),
            Tok::Start(n, _, _) => {
                if n == "head" {
                    in_head = true;
                }
                if SKIP_TEXT.contains(&n.as_str()) || n == "title" || n == "textarea" {
                    sc.skip_raw(&n);
                } else if is_block(&n) {
                    flush(&mut paras, &mut cur);
                }
            }
            Tok::End(n) => {
                if n == "head" {
                    in_head = false;
                }
                if is_block(&n) {
                    flush(&mut paras, &mut cur);
                }
            }
            _ => {}
        }
    }
    flush(&mut paras, &mut cur);
    paras.join("\n\n")
}

/// Appends text to a paragraph buffer, collapsing runs of whitespace to one space.
pub fn push_words(cur: &mut String, text: &str) {
    let starts_ws = text.starts_with(char::is_whitespace);
    let mut first = true;
    for w in text.split_whitespace() {
        if (!first || starts_ws) && !cur.is_empty() && !cur.ends_with(' ') {
            cur.push(' ');
        }
        cur.push_str(w);
        first = false;
    }
    if text.ends_with(char::is_whitespace) && !cur.is_empty() && !cur.ends_with(' ') {
        cur.push(' ');
    }
}

/// Ends the current paragraph.
pub fn flush(paras: &mut Vec<String>, cur: &mut String) {
    let t = cur.trim();
    if !t.is_empty() {
        paras.push(t.to_string());
    }
    cur.clear();
}

/// Decodes character references: numeric ones and the common named ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(rest.get(..at).unwrap_or(""));
        let tail = rest.get(at..).unwrap_or("");
        let semi = tail.get(..tail.len().min(12)).and_then(|t| t.find(';'));
        let decoded = semi.and_then(|semi| {
            let name = tail.get(1..semi)?;
            let c = if let Some(num) = name.strip_prefix('#') {
                let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
                    u32::from_str_radix(hex, 16).ok()?
                } else {
                    num.parse().ok()?
                };
                char::from_u32(code).unwrap_or('\u{fffd}')
            } else {
                named_entity(name)?
            };
            Some((c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = tail.get(len..).unwrap_or("");
            }
            None => {
                out.push('&');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    out
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "agrave" => 'à',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "auml" => 'ä',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test helpers (the charset prescan that used them moved to `extract::charset`).
    /// The pseudo-attributes of a leading `<?xml ...?>` declaration.
    fn xml_declaration(s: &str) -> Option<Attrs> {
        let s = s.trim_start_matches('\u{feff}').trim_start();
        if !s.starts_with("<?xml") {
            return None;
        }
        let end = s.find("?>")?;
        let inner = s.get(5..end)?;
        let (attrs, _, _) = parse_attrs(&format!("<x {inner}>"), 2);
        Some(attrs)
    }

    /// Attributes of every start tag named `name` in `s`.
    fn tags_named(s: &str, name: &str) -> Vec<Attrs> {
        Scanner::new(s)
            .filter_map(|t| match t {
                Tok::Start(n, a, _) if n == name => Some(a),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn doctype_with_internal_subset_is_skipped_unread() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n <!ENTITY a \"]>\">\n <!-- ]> -->\n <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n<opml version=\"2.0\"><body/></opml>";
        assert_eq!(root_element(xml).as_deref(), Some("opml"));
        assert_eq!(
            root_element("<!DOCTYPE html><html>").as_deref(),
            Some("html")
        );
        // An unclosed subset ends at the first '>' as before.
        assert_eq!(doctype_len("<!DOCTYPE x [ a> b"), 16);
    }

    #[test]
    fn scanner_reads_attrs() {
        let tags = tags_named(
            "<!-- <meta charset=x> --><META Charset='utf-8'><meta name=a content=\"b &amp; c\"/>",
            "meta",
        );
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].get("charset"), Some("utf-8"));
        assert_eq!(tags[1].get("content"), Some("b & c"));
    }

    #[test]
    fn xml_decl_and_root() {
        let s = "<?xml version='1.0' encoding='ISO-8859-1'?>\n<!-- c --><!DOCTYPE x><rss version=\"2.0\">";
        assert_eq!(
            xml_declaration(s).unwrap().get("encoding"),
            Some("ISO-8859-1")
        );
        assert_eq!(root_element(s).as_deref(), Some("rss"));
        assert!(utf8_xml_declaration(s).starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert_eq!(root_element("hello <b>"), None);
    }

    #[test]
    fn depth_is_counted_linearly() {
        let deep = "<div>".repeat(3000) + "x" + &"</div>".repeat(3000);
        assert_eq!(max_depth(&deep, usize::MAX), 3000);
        assert_eq!(max_depth(&deep, 100), 101);
        assert_eq!(max_depth("<p>a<p>b<p>c<br><img src=x>", 99), 1);
        assert_eq!(max_depth("<ul><li>a<li>b<li><ul><li>c</ul></ul>", 99), 4);
        assert_eq!(max_depth("<table><tr><td>a<td>b<tr><td>c</table>", 99), 3);
        assert_eq!(max_depth("<script><div><div></script><div></div>", 99), 1);
    }

    #[test]
    fn flat_text_makes_paragraphs() {
        let t = flat_text(
            "<html><head><title>T</title><style>p{}</style></head><body><p>One  &amp;\n two</p><div>Three<script>x()</script></div>four",
        );
        assert_eq!(t, "One & two\n\nThree\n\nfour");
    }

    #[test]
    fn entities() {
        assert_eq!(
            decode_entities("a &lt;b&gt; &#233;&#xE9; &bogus; &"),
            "a <b> éé &bogus; &"
        );
    }
}
