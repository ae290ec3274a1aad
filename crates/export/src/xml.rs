//! XML text escaping shared by the GraphML and GEXF writers.

/// Escapes `&<>"'` and drops characters XML 1.0 forbids (most C0 controls).
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Numeric references keep line breaks inside attribute values too.
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The evidence sentences of an edge, one per line, each with its source.
pub(crate) fn evidence_all(e: &crate::Edge) -> String {
    e.evidence
        .iter()
        .map(|v| format!("{} <{}>", v.text.trim(), v.source()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sources (URL or key) of an edge, space-separated, sorted, without repeats.
pub(crate) fn sources(e: &crate::Edge) -> String {
    let mut v: Vec<&str> = e.evidence.iter().map(|x| x.source()).collect();
    v.sort_unstable();
    v.dedup();
    v.join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::esc("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
