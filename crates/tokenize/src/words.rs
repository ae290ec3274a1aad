//! Word tokenization rules: whitespace chunks are split into tokens (punctuation, clitics,
//! abbreviations, URLs, numbers) so that the tokens plus the gaps give back the text.

use crate::abbrev;

/// Characters that are split off the front of a chunk.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '“'
            | '‘'
            | '\''
            | '’'
            | '('
            | '['
            | '{'
            | '«'
            | '‹'
            | '„'
            | '`'
            | '¿'
            | '¡'
            | '*'
            | '<'
    )
}

/// Characters that are split off the end of a chunk ('.' has its own rules).
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '”'
            | '’'
            | '\''
            | ')'
            | ']'
            | '}'
            | '»'
            | '›'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '%'
            | '*'
            | '>'
    )
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹')
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '―' | '‒')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '‘')
}

/// Contractions after an apostrophe that stay attached to it (`'s`, `'re`, `'90s`...).
fn is_clitic_rest(rest: &str) -> bool {
    let l = rest.to_lowercase();
    matches!(
        l.as_str(),
        "s" | "re" | "ve" | "ll" | "d" | "m" | "t" | "em" | "n" | "cause" | "til"
    ) || (rest.len() >= 2 && rest.bytes().take(2).all(|b| b.is_ascii_digit()))
}

fn looks_like_url(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    l.contains("://") || l.starts_with("www.") || l.starts_with("mailto:")
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((a, b)) => {
            !a.is_empty()
                && b.contains('.')
                && !b.ends_with('.')
                && a.chars()
                    .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
                && b.chars().all(|c| c.is_alphanumeric() || ".-".contains(c))
        }
        None => false,
    }
}

/// Appends the byte ranges (relative to the text) of the tokens of one whitespace-free chunk.
/// `next` is the following chunk, used to decide on `No.` before a number.
pub(crate) fn chunk_tokens(
    s: &str,
    base: usize,
    next: Option<&str>,
    out: &mut Vec<(usize, usize)>,
) {
    if s.is_empty() {
        return;
    }
    // URLs and e-mail addresses: whole, minus surrounding punctuation.
    let inner_start = s
        .char_indices()
        .find(|&(_, c)| !is_opener(c))
        .map_or(s.len(), |(i, _)| i);
    let inner = &s[inner_start..];
    if looks_like_url(inner)
        || looks_like_email(inner.trim_end_matches(|c: char| is_closer(c) || c == '.'))
    {
        for (i, c) in s[..inner_start].char_indices() {
            out.push((base + i, base + i + c.len_utf8()));
        }
        let mut end = s.len();
        let mut trail = Vec::new();
        while end > inner_start {
            let Some(c) = s[..end].chars().next_back() else {
                break;
            };
            let url_paren = c == ')' && s[inner_start..end].contains('(');
            if (is_closer(c) || c == '.') && !url_paren {
                end -= c.len_utf8();
                trail.push((base + end, base + end + c.len_utf8()));
            } else {
                break;
            }
        }
        if end > inner_start {
            out.push((base + inner_start, base + end));
        }
        out.extend(trail.into_iter().rev());
        return;
    }
    // Internal splitters: dashes, ellipses, commas/semicolons not inside numbers.
    if let Some((a, b)) = find_splitter(s) {
        chunk_tokens(&s[..a], base, Some(&s[a..]), out);
        out.push((base + a, base + b));
        chunk_tokens(&s[b..], base + b, next, out);
        return;
    }
    peel(s, base, next, out);
}

/// The first internal splitter in `s` as a byte range.
fn find_splitter(s: &str) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let mut it = s.char_indices().peekable();
    let mut prev: Option<char> = None;
    while let Some((i, c)) = it.next() {
        let next = it.peek().map(|&(_, n)| n);
        if is_dash(c) || c == '…' {
            let mut end = i + c.len_utf8();
            while let Some(n) = s[end..].chars().next() {
                if n == c {
                    end += n.len_utf8();
                } else {
                    break;
                }
            }
            return Some((i, end));
        }
        if (c == '-' || c == '.')
            && next == Some(c)
            && !(c == '.' && i == 0 && s.bytes().all(|x| x == b'.'))
        {
            let mut end = i;
            while b.get(end) == Some(&(c as u8)) {
                end += 1;
            }
            // A chunk that is only dots is one token (handled by the caller).
            if i == 0 && end == s.len() {
                return None;
            }
            return Some((i, end));
        }
        if c == ',' || c == ';' {
            let numeric = c == ','
                && prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            if !numeric && s.len() > 1 {
                return Some((i, i + 1));
            }
        }
        prev = Some(c);
    }
    None
}

/// Splits leading openers, trailing closers and periods, then clitics.
fn peel(s: &str, base: usize, next: Option<&str>, out: &mut Vec<(usize, usize)>) {
    let mut start = 0;
    // Leading openers and currency signs.
    while start < s.len() {
        let rest = &s[start..];
        let Some(c) = rest.chars().next() else { break };
        let after = &rest[c.len_utf8()..];
        if after.is_empty() {
            break;
        }
        let peel = if is_apostrophe(c) && c != '‘' {
            !is_clitic_rest(after) && !(after.starts_with(|n: char| n.is_ascii_digit()))
        } else if c == '‘' {
            !after.starts_with(|n: char| n.is_ascii_digit())
        } else if is_currency(c) {
            after.starts_with(|n: char| n.is_ascii_digit() || n == '.')
        } else {
            is_opener(c)
        };
        if !peel {
            break;
        }
        out.push((base + start, base + start + c.len_utf8()));
        start += c.len_utf8();
    }
    // Trailing closers and periods, collected right to left.
    let mut end = s.len();
    let mut trail: Vec<(usize, usize)> = Vec::new();
    while end > start {
        let core = &s[start..end];
        let Some(c) = core.chars().next_back() else {
            break;
        };
        if core.len() == c.len_utf8() {
            break;
        }
        if c == '.' {
            if core.bytes().all(|x| x == b'.') {
                break;
            }
            if abbrev::is_abbreviation(core, next) {
                break;
            }
            end -= 1;
            trail.push((base + end, base + end + 1));
            continue;
        }
        if c == '!' || c == '?' {
            // A run of !/? is one token.
            let mut b = end;
            while b > start {
                match s[start..b].chars().next_back() {
                    Some('!') | Some('?') => b -= 1,
                    _ => break,
                }
            }
            if b == start {
                break;
            }
            trail.push((base + b, base + end));
            end = b;
            continue;
        }
        if is_closer(c) {
            // Keep `'s`-style clitics whole: "England's" is handled below; here only a bare
            // apostrophe at the end (`players’`) is split.
            end -= c.len_utf8();
            trail.push((base + end, base + end + c.len_utf8()));
            continue;
        }
        break;
    }
    if end > start {
        clitics(&s[start..end], base + start, out);
    }
    out.extend(trail.into_iter().rev());
}

/// Splits `n't`, `'s`, `'re`... off a word, and a few fused forms (cannot, gonna).
fn clitics(w: &str, base: usize, out: &mut Vec<(usize, usize)>) {
    let lower = w.to_lowercase();
    if lower.len() == w.len() {
        for (whole, cut) in [("cannot", 3), ("gonna", 3), ("gotta", 3), ("wanna", 3)] {
            if lower == whole {
                out.push((base, base + cut));
                out.push((base + cut, base + w.len()));
                return;
            }
        }
    }
    // n't / n’t
    for suf in ["n't", "n’t"] {
        if lower.len() > suf.len() && lower.ends_with(suf) && lower.len() == w.len() {
            let cut = w.len() - suf.len();
            out.push((base, base + cut));
            out.push((base + cut, base + w.len()));
            return;
        }
    }
    // 's 're 've 'll 'd 'm with either apostrophe
    if let Some(pos) = w.rfind(['\'', '’']) {
        let rest = &w[pos..];
        let after = rest.chars().skip(1).collect::<String>().to_lowercase();
        if pos > 0 && matches!(after.as_str(), "s" | "re" | "ve" | "ll" | "d" | "m") {
            out.push((base, base + pos));
            out.push((base + pos, base + w.len()));
            return;
        }
    }
    out.push((base, base + w.len()));
}
