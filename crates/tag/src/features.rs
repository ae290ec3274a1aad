//! Feature templates of the POS tagger (word, affixes, shape, context words, tag history).

use learn::FeatureBuf;

/// The form used for word features: curly quotes and dashes made ASCII, digits folded to `0`.
pub fn normalize(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        out.push(match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '—' | '–' | '―' => '-',
            c if c.is_ascii_digit() => '0',
            c => c,
        });
    }
    if out == "''" || out == "``" {
        out = "\"".into();
    }
    out
}

/// A compressed word shape: `Xxxx` → `Xx`, `1,000` → `d,d`.
pub fn shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_numeric() {
            'd'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
        if out.len() > 8 {
            break;
        }
    }
    out
}

fn suffix(w: &str, n: usize) -> &str {
    let k = w
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &w[k..]
}

fn prefix(w: &str, n: usize) -> &str {
    let k = w.char_indices().nth(n).map_or(w.len(), |(i, _)| i);
    &w[..k]
}

/// Per-token precomputed strings.
pub(crate) struct Tok {
    pub norm: String,
    pub lower: String,
    pub shape: String,
    /// The tag-dictionary tag of the word, or `?`: a look-ahead hint for the words to the right.
    pub hint: String,
}

pub(crate) fn prepare(words: &[&str]) -> Vec<Tok> {
    words
        .iter()
        .map(|w| {
            let norm = normalize(w);
            Tok {
                lower: norm.to_lowercase(),
                shape: shape(w),
                norm,
                hint: String::from("?"),
            }
        })
        .collect()
}

const START: &str = "-START-";
const END: &str = "-END-";

/// Features of token `i` given the two previous predicted tags.
pub(crate) fn extract(toks: &[Tok], i: usize, p1: &str, p2: &str, f: &mut FeatureBuf) {
    f.clear();
    let Some(t) = toks.get(i) else { return };
    let lw = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            START
        } else {
            toks.get(j as usize).map_or(END, |t| t.lower.as_str())
        }
    };
    f.push_bias("b");
    f.push("w", &[&t.norm]);
    f.push("l", &[&t.lower]);
    for n in 1..=4 {
        f.push("s", &[suffix(&t.lower, n)]);
    }
    for n in 1..=3 {
        f.push("p", &[prefix(&t.lower, n)]);
    }
    f.push("sh", &[&t.shape]);
    if i == 0 {
        f.push("first", &[&t.shape]);
    }
    if t.norm.contains('-') {
        f.push_bias("hyph");
    }
    f.push("t1", &[p1]);
    f.push("t2", &[p2, p1]);
    f.push("t1w", &[p1, &t.lower]);
    let (m1, m2, n1, n2) = (lw(-1), lw(-2), lw(1), lw(2));
    f.push("w-1", &[m1]);
    f.push("w-2", &[m2]);
    f.push("w+1", &[n1]);
    f.push("w+2", &[n2]);
    f.push("w-1w", &[m1, &t.lower]);
    f.push("ww+1", &[&t.lower, n1]);
    f.push("s-1", &[suffix(m1, 3)]);
    f.push("s+1", &[suffix(n1, 3)]);
    f.push("t1s", &[p1, suffix(&t.lower, 3)]);
    if let Some(n) = toks.get(i + 1) {
        f.push("sh+1", &[&n.shape]);
        f.push("h+1", &[&n.hint]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_affixes_and_normalization() {
        assert_eq!(shape("Zakayev"), "Xx");
        assert_eq!(shape("1,000"), "d,d");
        assert_eq!(suffix("héllo", 2), "lo");
        assert_eq!(prefix("héllo", 2), "hé");
        assert_eq!(suffix("a", 3), "a");
        assert_eq!(normalize("It’s 1990—“x”"), "It's 0000-\"x\"");
    }
}
