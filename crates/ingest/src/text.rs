//! Plain text and Markdown: the text is kept whole; a first line that looks like a title becomes
//! `meta.title`.

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
