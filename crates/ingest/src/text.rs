//! Plain text and Markdown: the text is kept whole; a first line that looks like a title becomes
//! `meta.title`, and Markdown front matter (`---` / `key: value` / `---`) fills metadata.

use std::collections::BTreeMap;

/// Simple YAML-style front matter at the start of a Markdown file: `key: value` lines between
/// two `---` lines (keys lower-cased, quotes trimmed). Returns the pairs and the byte offset where
/// the body starts.
pub fn front_matter(text: &str) -> Option<(BTreeMap<String, String>, usize)> {
    let rest = text.strip_prefix("---")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let mut pairs = BTreeMap::new();
    let mut offset = text.len() - rest.len();
    for line in rest.split_inclusive('\n').take(100) {
        offset += line.len();
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((pairs, offset));
        }
        if let Some((k, v)) = l.split_once(':')
            && !k.starts_with([' ', '\t', '-'])
        {
            let v = v.trim().trim_matches(|c| c == '"' || c == '\'').trim();
            if !v.is_empty() {
                pairs.insert(k.trim().to_ascii_lowercase(), v.to_string());
            }
        }
    }
    None
}

/// A title candidate: the first non-empty line when it looks like a headline (Markdown `#`
/// heading, or a short line without sentence punctuation followed by more text).
pub fn title_of(text: &str, markdown: bool) -> Option<String> {
    let mut lines = text.lines();
    let first = lines.by_ref().find(|l| !l.trim().is_empty())?;
    // Never scan more than a short line: a 20 MB single line is not a title.
    if first.len() > 300 {
        return None;
    }
    let line = first.trim();
    if markdown {
        if let Some(h) = line.strip_prefix('#') {
            let h = h
                .trim_start_matches('#')
                .trim()
                .trim_end_matches('#')
                .trim();
            return (!h.is_empty()).then(|| h.to_string());
        }
        // Setext heading: a line followed by === or ---.
        let next = lines.next().unwrap_or("").trim();
        if !next.is_empty() && next.chars().all(|c| c == '=' || c == '-') && next.len() >= 3 {
            return Some(strip_md(line));
        }
    }
    let rest_has_text = text
        .get(text.find(first).map_or(0, |i| i + first.len())..)
        .is_some_and(|r| !r.trim().is_empty());
    let words = line.split_whitespace().count();
    let looks = rest_has_text
        && (1..=20).contains(&words)
        && line.chars().count() <= 150
        && !line.ends_with(['.', ',', ';', ':', '!'])
        && line
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_numeric() || "“\"'‘«*_".contains(c));
    looks.then(|| {
        if markdown {
            strip_md(line)
        } else {
            line.to_string()
        }
    })
}

fn strip_md(s: &str) -> String {
    s.trim_matches(|c| c == '*' || c == '_').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_read() {
        let md =
            "---\ntitle: \"Dam opens\"\ndate: 2024-08-25\ntags:\n  - a\n---\n# Heading\n\nBody.";
        let (fm, body) = front_matter(md).unwrap();
        assert_eq!(fm["title"], "Dam opens");
        assert_eq!(fm["date"], "2024-08-25");
        assert!(!fm.contains_key("tags"));
        assert_eq!(md.get(body..), Some("# Heading\n\nBody."));
        assert_eq!(front_matter("---\nno end"), None);
        assert_eq!(front_matter("Text"), None);
    }

    #[test]
    fn titles() {
        assert_eq!(
            title_of("Council Approves Budget\n\nThe council voted.", false).as_deref(),
            Some("Council Approves Budget")
        );
        assert_eq!(
            title_of("The council voted on Tuesday.\nMore.", false),
            None
        );
        assert_eq!(title_of("Only one line", false), None);
        assert_eq!(
            title_of("# A *Heading*\n\nBody.", true).as_deref(),
            Some("A *Heading*")
        );
        assert_eq!(
            title_of("Setext\n======\n\nBody.", true).as_deref(),
            Some("Setext")
        );
        let long = "x".repeat(10_000);
        assert_eq!(title_of(&long, false), None);
    }
}
