//! Quotation-mark regions: pairs of double marks (curly, straight, guillemets) per paragraph.

use crate::lexicon::{is_close_mark, is_open_mark};
use doc::TextRange;

/// One quoted stretch of text. Single marks (‘ ’) nest inside and are not regions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Region {
    /// Byte offset of the opening mark.
    pub open: u32,
    /// Content between the marks, trimmed of whitespace (marks excluded).
    pub content: TextRange,
    /// Byte offset just past the closing mark (or the content end when unclosed).
    pub end: u32,
    /// False when the paragraph ended before a closing mark.
    pub closed: bool,
}

/// The kind of mark that opened a region.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Curly,
    Straight,
    /// Two apostrophes standing for a double mark (`''like this''`).
    Doubled,
    /// A single curly mark (‘ ’) used as the outer quote, as in headlines.
    Single,
}

/// Finds quoted regions in `text`. A region never crosses a newline: a quote left open at the
/// end of a paragraph ends there (`closed == false`) and the next paragraph's mark reopens it.
pub(crate) fn scan(text: &str) -> Vec<Region> {
    let mut out = Vec::new();
    // (byte offset of the open mark, mark length, kind)
    let mut open: Option<(usize, usize, Open)> = None;
    let mut prev: Option<char> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|&(_, c)| c);
    let opener_ctx = |p: Option<char>| {
        p.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '-' | ':' | '/'))
    };
    let mut k = 0;
    while let Some(&(i, c)) = chars.get(k) {
        let next = at(k + 1);
        let mut width = 1;
        if c == '\n' {
            if let Some((o, len, kind)) = open.take()
                && kind != Open::Single
            {
                push(text, &mut out, o, o + len, i, i, false);
            }
        } else if c == '\'' && next == Some('\'') {
            width = 2;
            match open {
                Some((o, len, Open::Doubled)) => {
                    push(text, &mut out, o, o + len, i, i + 2, true);
                    open = None;
                }
                None if opener_ctx(prev) && at(k + 2).is_some_and(|n| !n.is_whitespace()) => {
                    open = Some((i, 2, Open::Doubled));
                }
                _ => {}
            }
        } else if is_open_mark(c) {
            if open.is_none() {
                open = Some((i, c.len_utf8(), Open::Curly));
            }
        } else if is_close_mark(c) {
            if let Some((o, len, Open::Curly | Open::Straight)) = open {
                push(text, &mut out, o, o + len, i, i + c.len_utf8(), true);
                open = None;
            }
        } else if c == '"' {
            match open {
                Some((o, len, Open::Straight)) => {
                    push(text, &mut out, o, o + len, i, i + 1, true);
                    open = None;
                }
                Some((o, len, Open::Curly)) if !next.is_some_and(char::is_alphanumeric) => {
                    push(text, &mut out, o, o + len, i, i + 1, true);
                    open = None;
                }
                None if opener_ctx(prev) && next.is_some_and(|n| !n.is_whitespace()) => {
                    open = Some((i, 1, Open::Straight));
                }
                _ => {}
            }
        } else if c == '‘' {
            if open.is_none() && opener_ctx(prev) && next.is_some_and(char::is_alphanumeric) {
                open = Some((i, c.len_utf8(), Open::Single));
            }
        } else if c == '’'
            && let Some((o, len, Open::Single)) = open
            && !next.is_some_and(char::is_alphabetic)
        {
            push(text, &mut out, o, o + len, i, i + c.len_utf8(), true);
            open = None;
        }
        prev = at(k + width - 1);
        k += width;
    }
    if let Some((o, len, kind)) = open
        && kind != Open::Single
    {
        push(text, &mut out, o, o + len, text.len(), text.len(), false);
    }
    out
}

fn push(
    text: &str,
    out: &mut Vec<Region>,
    open: usize,
    start: usize,
    stop: usize,
    end: usize,
    closed: bool,
) {
    let Some(inner) = text.get(start..stop) else {
        return;
    };
    let lead = inner.len() - inner.trim_start().len();
    let trimmed = inner.trim();
    if trimmed.is_empty() {
        return;
    }
    let s = start + lead;
    out.push(Region {
        open: open as u32,
        content: TextRange::from_usize(s, s + trimmed.len()),
        end: end as u32,
        closed,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contents(text: &str) -> Vec<(&str, bool)> {
        scan(text)
            .iter()
            .map(|r| (&text[r.content.as_usize()], r.closed))
            .collect()
    }

    #[test]
    fn curly_straight_and_guillemets() {
        assert_eq!(
            contents("He said “we ‘won’ today,” and \"fine\" or «non»."),
            vec![("we ‘won’ today,", true), ("fine", true), ("non", true)]
        );
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph_end() {
        assert_eq!(
            contents("“First part.\n“Second part.”"),
            vec![("First part.", false), ("Second part.", true)]
        );
    }

    #[test]
    fn doubled_apostrophes_and_headline_singles() {
        assert_eq!(
            contents("He said, ''It's fine,'' and left.\nCEO: ‘You Should Go.’ Then it’s over."),
            vec![("It's fine,", true), ("You Should Go.", true)]
        );
    }

    #[test]
    fn straight_mark_needs_a_word_after_it() {
        assert_eq!(contents("a 5\" pipe and \"x\""), vec![("x", true)]);
    }
}
