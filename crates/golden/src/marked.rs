//! Marked-up text: `[span](LABEL)` and `[span](LABEL:value)` marks around plain text.
//!
//! `He met [Akhmed Zakayev](PER) in [March](DATE:2024-03).` is the plain text `He met Akhmed
//! Zakayev in March.` with two marks. Marks nest (`[[New York](LOC) Times](ORG)`); a value may
//! hold `:` but not `)`. A literal `[`, `]` or `\` in the text is written `\[`, `\]`, `\\`.
//! [`render`] writes marks back in the same syntax, so an annotator's output reads like its
//! input.

use doc::{EntityLabel, Mention, TextRange};
use std::fmt;
use std::ops::Range;

/// One mark: a byte range of the plain text, a label and an optional value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Mark {
    /// Byte range in the plain text.
    pub range: Range<usize>,
    /// `PER`, `DATE`, `quote`, … (whatever the test gives it).
    pub label: String,
    /// What follows the first `:` after the label, if anything.
    pub value: Option<String>,
}

impl Mark {
    /// A mark without a value.
    pub fn new(range: Range<usize>, label: impl Into<String>) -> Mark {
        Mark {
            range,
            label: label.into(),
            value: None,
        }
    }

    /// A mark with a value.
    pub fn with_value(
        range: Range<usize>,
        label: impl Into<String>,
        value: impl Into<String>,
    ) -> Mark {
        Mark {
            range,
            label: label.into(),
            value: Some(value.into()),
        }
    }

    /// `LABEL` or `LABEL:value`, as written between the parentheses.
    pub fn tag(&self) -> String {
        match &self.value {
            Some(v) => format!("{}:{v}", self.label),
            None => self.label.clone(),
        }
    }
}

/// Plain text and its marks, sorted by start, outer marks before the marks they hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marked {
    /// The text with the marks removed.
    pub text: String,
    /// The marks, sorted by `(start, longest first, label)`.
    pub marks: Vec<Mark>,
}

/// Why marked text does not parse: the byte offset in the marked source and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkError {
    /// Byte offset in the marked source.
    pub at: usize,
    /// What is wrong.
    pub message: &'static str,
}

impl fmt::Display for MarkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "byte {}: {}", self.at, self.message)
    }
}

impl std::error::Error for MarkError {}

impl Marked {
    /// Parses marked text.
    pub fn parse(src: &str) -> Result<Marked, MarkError> {
        let err = |at, message| Err(MarkError { at, message });
        let mut text = String::with_capacity(src.len());
        let mut open: Vec<usize> = Vec::new();
        let mut marks = Vec::new();
        let mut it = src.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            match c {
                '\\' => match it.next() {
                    Some((_, e)) => text.push(e),
                    None => return err(i, "a `\\` ends the text"),
                },
                '[' => open.push(text.len()),
                ']' => {
                    let Some(start) = open.pop() else {
                        return err(i, "`]` without `[` (write `\\]` for the character)");
                    };
                    let rest = &src[i + 1..];
                    if !rest.starts_with('(') {
                        return err(i, "`]` must be followed by `(LABEL)`");
                    }
                    let Some(close) = rest.find(')') else {
                        return err(i, "`](` without its `)`");
                    };
                    let tag = &rest[1..close];
                    let (label, value) = match tag.split_once(':') {
                        Some((l, v)) => (l, Some(v.to_string())),
                        None => (tag, None),
                    };
                    if label.is_empty() || label.contains(char::is_whitespace) {
                        return err(i, "a mark needs a label without spaces: `[span](LABEL)`");
                    }
                    marks.push(Mark {
                        range: start..text.len(),
                        label: label.to_string(),
                        value,
                    });
                    // Skip the `(LABEL…)` just read.
                    while it.peek().is_some_and(|&(j, _)| j <= i + 1 + close) {
                        it.next();
                    }
                }
                _ => text.push(c),
            }
        }
        if let Some(&start) = open.last() {
            return err(
                src.len(),
                if start == text.len() {
                    "a `[` is never closed"
                } else {
                    "a `[` is never closed (write `\\[` for the character)"
                },
            );
        }
        sort(&mut marks);
        Ok(Marked { text, marks })
    }

    /// The text a mark covers.
    pub fn slice(&self, mark: &Mark) -> &str {
        self.text.get(mark.range.clone()).unwrap_or("")
    }

    /// The marks with one of these labels.
    pub fn marks_labelled<'a>(&'a self, labels: &'a [&str]) -> impl Iterator<Item = &'a Mark> {
        self.marks
            .iter()
            .filter(move |m| labels.contains(&m.label.as_str()))
    }

    /// Entity mentions from the marks whose label is an entity label (`PER`, `ORG`, `LOC`,
    /// `MISC` and [`EntityLabel::parse`]'s synonyms), in text order, with `confidence`; a mark
    /// that does not fit a `TextRange` is left out.
    pub fn mentions(&self, confidence: f32) -> Vec<Mention> {
        let mut out: Vec<Mention> = self
            .marks
            .iter()
            .filter_map(|m| {
                let label = EntityLabel::parse(&m.label)?;
                Some(Mention {
                    range: TextRange::new(
                        u32::try_from(m.range.start).ok()?,
                        u32::try_from(m.range.end).ok()?,
                    ),
                    label,
                    fine_label: None,
                    confidence,
                    entity: None,
                })
            })
            .collect();
        out.sort_by_key(|m| m.range);
        out
    }
}

/// Sorts marks the way [`Marked`] keeps them: by start, longer first, then label and value.
pub fn sort(marks: &mut [Mark]) {
    marks.sort_by(|a, b| {
        (
            a.range.start,
            std::cmp::Reverse(a.range.end),
            &a.label,
            &a.value,
        )
            .cmp(&(
                b.range.start,
                std::cmp::Reverse(b.range.end),
                &b.label,
                &b.value,
            ))
    });
}

fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Writes `text` with `marks` in the syntax [`Marked::parse`] reads, so that parsing the result
/// gives back the text and the (sorted) marks. Marks that cross each other or do not fall on
/// the text's character boundaries cannot be written inline: then the plain text is written,
/// followed by one line per mark (`  start..end LABEL:value "covered text"`).
pub fn render(text: &str, marks: &[Mark]) -> String {
    let mut sorted = marks.to_vec();
    sort(&mut sorted);
    inline(text, &sorted).unwrap_or_else(|| listed(text, &sorted))
}

fn inline(text: &str, marks: &[Mark]) -> Option<String> {
    let mut out = String::with_capacity(text.len() + marks.len() * 8);
    let mut pos = 0;
    let mut stack: Vec<&Mark> = Vec::new();
    let close = |out: &mut String, m: &Mark| {
        out.push_str("](");
        out.push_str(&m.tag());
        out.push(')');
    };
    for m in marks {
        let (a, b) = (m.range.start, m.range.end);
        if a > b || !text.is_char_boundary(a) || !text.is_char_boundary(b) || b > text.len() {
            return None;
        }
        while let Some(top) = stack.last().copied().filter(|t| t.range.end <= a) {
            escape(&mut out, text.get(pos..top.range.end)?);
            close(&mut out, top);
            pos = top.range.end;
            stack.pop();
        }
        if stack.last().is_some_and(|t| b > t.range.end) {
            return None;
        }
        escape(&mut out, text.get(pos..a)?);
        out.push('[');
        pos = a;
        stack.push(m);
    }
    while let Some(top) = stack.pop() {
        escape(&mut out, text.get(pos..top.range.end)?);
        close(&mut out, top);
        pos = top.range.end;
    }
    escape(&mut out, text.get(pos..)?);
    Some(out)
}

fn listed(text: &str, marks: &[Mark]) -> String {
    let mut out = String::new();
    escape(&mut out, text);
    for m in marks {
        let covered = text
            .get(m.range.clone())
            .unwrap_or("<not on character boundaries>");
        out.push_str(&format!(
            "\n  {}..{} {} {covered:?}",
            m.range.start,
            m.range.end,
            m.tag()
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_marks_values_and_nesting() {
        let m = Marked::parse("He met [Akhmed Zakayev](PER) in [March](DATE:2024-03:x).").unwrap();
        assert_eq!(m.text, "He met Akhmed Zakayev in March.");
        assert_eq!(
            m.marks,
            [
                Mark::new(7..21, "PER"),
                Mark::with_value(25..30, "DATE", "2024-03:x")
            ]
        );
        assert_eq!(m.slice(&m.marks[1]), "March");
        let n = Marked::parse("[[New York](LOC) Times](ORG) \\[sic\\] a\\\\b").unwrap();
        assert_eq!(n.text, "New York Times [sic] a\\b");
        assert_eq!(n.marks, [Mark::new(0..14, "ORG"), Mark::new(0..8, "LOC")]);
        assert_eq!(Marked::parse("").unwrap().marks, []);
    }

    #[test]
    fn bad_marks_are_errors_not_panics() {
        for bad in [
            "[open",
            "close]",
            "[x]",
            "[x](PER",
            "[x]()",
            "[x](A B)",
            "trailing \\",
            "[[x](A)",
            "]( ",
            "é]",
        ] {
            assert!(Marked::parse(bad).is_err(), "{bad:?}");
        }
        let e = Marked::parse("ab]").unwrap_err();
        assert_eq!(e.at, 2);
        assert!(e.to_string().starts_with("byte 2: "));
    }

    #[test]
    fn render_gives_back_what_parse_read() {
        for src in [
            "He met [Akhmed Zakayev](PER) in [March](DATE:2024-03).",
            "[[New York](LOC) Times](ORG) said \\[sic\\].",
            "[a](X)[b](Y) [](EMPTY) [[[é](C)](B)](A)",
            "no marks at all",
        ] {
            let m = Marked::parse(src).unwrap();
            assert_eq!(render(&m.text, &m.marks), src);
        }
    }

    #[test]
    fn crossing_or_misplaced_marks_are_listed() {
        let text = "abcdé";
        let crossing = [Mark::new(0..3, "A"), Mark::new(1..4, "B")];
        assert_eq!(
            render(text, &crossing),
            "abcdé\n  0..3 A \"abc\"\n  1..4 B \"bcd\""
        );
        let split_char = [Mark::new(0..5, "A")];
        assert_eq!(
            render(text, &split_char),
            "abcdé\n  0..5 A \"<not on character boundaries>\""
        );
        assert!(render(text, &[Mark::new(3..99, "Z")]).contains("3..99 Z"));
    }

    #[test]
    fn entity_marks_become_mentions() {
        let m = Marked::parse("[Kyiv](LOC) and [March](DATE:2024-03) and [Putin](PERSON)").unwrap();
        let ms = m.mentions(0.9);
        assert_eq!(ms.len(), 2);
        assert_eq!(ms[0].label, EntityLabel::Loc);
        assert_eq!(ms[1].label, EntityLabel::Per);
        assert_eq!(m.text.get(19..24), Some("Putin"));
        assert_eq!(ms[1].range, TextRange::new(19, 24));
        assert_eq!(m.marks_labelled(&["DATE"]).count(), 1);
    }
}
