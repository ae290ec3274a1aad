//! Sentence splitting over tokens: terminal punctuation with trailing closing quotes, abbreviations
//! that may end a sentence, blank lines and headline-like lines.

use crate::abbrev;
use doc::{Sentence, TextRange, Token};

/// Capitalized words that usually start a sentence; they decide the sentence-final abbreviations.
const STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "My",
    "In",
    "On",
    "At",
    "But",
    "And",
    "Or",
    "So",
    "If",
    "When",
    "While",
    "After",
    "Before",
    "As",
    "Some",
    "Many",
    "Most",
    "However",
    "Meanwhile",
    "Yet",
    "Still",
    "Also",
    "Then",
    "Now",
    "What",
    "Why",
    "How",
    "Who",
    "Where",
    "For",
    "With",
    "By",
    "From",
    "To",
    "Last",
    "Since",
    "Despite",
    "Although",
    "Though",
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "Other",
    "Both",
    "All",
    "No",
    "Not",
    "Only",
    "Even",
];

fn is_terminator(w: &str) -> bool {
    !w.is_empty() && w.chars().all(|c| matches!(c, '.' | '!' | '?' | '…'))
}

fn is_ellipsis(w: &str) -> bool {
    w == "…" || (w.len() >= 2 && w.bytes().all(|b| b == b'.'))
}

/// Closing quotation marks and brackets that stay with the sentence they close.
fn is_closer(w: &str, attached: bool) -> bool {
    match w {
        "”" | "’" | ")" | "]" | "»" | "}" => true,
        "\"" | "'" | "''" => attached,
        _ => false,
    }
}

fn starts_lower(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_lowercase())
}

fn starts_upper_or_digit(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Punctuation that cannot open a sentence (`“Yes.”, he said`).
fn continues(w: &str) -> bool {
    matches!(w, "," | ";" | ":" | ")" | "]" | "-" | "%")
}

fn is_open_quote(w: &str) -> bool {
    matches!(w, "“" | "\"" | "‘" | "'" | "(" | "«")
}

/// Splits `tokens` (of `text`) into sentences covering every token in order.
/// With `capped`, over-long stretches are cut (see [`MAX_SENTENCE_TOKENS`]) and runs of
/// terminators are read at most 16 tokens ahead; without, sentences are as long as the text makes
/// them (for training on trusted corpora, whose models predate the cap).
pub(crate) fn split(text: &str, tokens: &[Token], capped: bool) -> Vec<Sentence> {
    let n = tokens.len();
    let tok = |i: usize| -> &str {
        tokens
            .get(i)
            .and_then(|t| text.get(t.range.as_usize()))
            .unwrap_or("")
    };
    let gap = |i: usize| -> &str {
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(a), Some(b)) if a.range.end <= b.range.start => text
                .get(a.range.end as usize..b.range.start as usize)
                .unwrap_or(""),
            _ => "",
        }
    };
    let newlines = |i: usize| gap(i).matches('\n').count();
    let mut out = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while i < n {
        let w = tok(i);
        let mut end: Option<usize> = None;
        if is_terminator(w) {
            let mut j = i + 1;
            let mut closed = false;
            // A run of terminators and closers is read at most this far, so "!!!!…" stays linear.
            while j < n && (!capped || j < i + 16) && newlines(j - 1) == 0 {
                if is_closer(tok(j), gap(j - 1).is_empty()) {
                    closed = true;
                } else if !is_terminator(tok(j)) {
                    break;
                }
                j += 1;
            }
            if j >= n {
                end = Some(n - 1);
            } else {
                let next = tok(j);
                let nl = newlines(j - 1) > 0;
                let soft = is_ellipsis(w) || closed;
                let keep = !nl && ((starts_lower(next) && soft) || continues(next));
                if !keep {
                    end = Some(j - 1);
                }
            }
        } else if abbrev::is_abbrev_token(w)
            && abbrev::may_end_sentence(w)
            && i + 1 < n
            && newlines(i) == 0
        {
            let next = tok(i + 1);
            let after = tok(i + 2);
            if STARTERS.contains(&next)
                || (is_open_quote(next) && next != "(" && starts_upper_or_digit(after))
            {
                end = Some(i);
            }
        }
        if end.is_none() && i + 1 < n {
            let nl = newlines(i);
            if nl >= 2 {
                end = Some(i);
            } else if nl == 1 {
                let next = tok(i + 1);
                // One paragraph per line is the norm in news text; only an open bracket or
                // dangling comma before a lower-case word continues the sentence.
                let continuation = matches!(w, "“" | "(" | "&")
                    || (matches!(w, "," | ";") && (starts_lower(next) || continues(next)));
                if !continuation {
                    end = Some(i);
                }
            }
        }
        if let Some(e) = end {
            push(&mut out, text, tokens, start, e, capped);
            start = e + 1;
            i = e + 1;
        } else {
            i += 1;
        }
    }
    if start < n {
        push(&mut out, text, tokens, start, n - 1, capped);
    }
    out
}

/// Longest sentence, in tokens. Running text without sentence ends (a pasted table, a chat log,
/// hostile input) is cut into pieces of at most this many tokens, so every later stage that works
/// per sentence stays linear in the document. Real sentences are far shorter: the longest in
/// EWT and GUM dev are under 160 tokens.
pub const MAX_SENTENCE_TOKENS: usize = 160;

/// Where an over-long stretch `first..=last` is cut: after the last weak boundary (`;`, `:`,
/// `,`, a dash) in the second half of the first `MAX_SENTENCE_TOKENS` tokens, else after that
/// many tokens.
fn cut_point(tok: impl Fn(usize) -> bool, first: usize) -> usize {
    let hard = first + MAX_SENTENCE_TOKENS - 1;
    (first + MAX_SENTENCE_TOKENS / 2..hard)
        .rev()
        .find(|&k| tok(k))
        .unwrap_or(hard)
}

fn push(
    out: &mut Vec<Sentence>,
    text: &str,
    tokens: &[Token],
    first: usize,
    last: usize,
    capped: bool,
) {
    let weak = |k: usize| {
        tokens
            .get(k)
            .and_then(|t| text.get(t.range.as_usize()))
            .is_some_and(|w| matches!(w, ";" | ":" | "," | "—" | "–" | "--" | "-"))
    };
    let mut first = first;
    while capped && last + 1 - first > MAX_SENTENCE_TOKENS {
        let cut = cut_point(weak, first);
        push_one(out, tokens, first, cut);
        first = cut + 1;
    }
    push_one(out, tokens, first, last);
}

fn push_one(out: &mut Vec<Sentence>, tokens: &[Token], first: usize, last: usize) {
    if let (Some(a), Some(b)) = (tokens.get(first), tokens.get(last)) {
        out.push(Sentence {
            range: TextRange::new(a.range.start, b.range.end.max(a.range.start)),
            tokens: (first as u32, last as u32 + 1),
        });
    }
}
