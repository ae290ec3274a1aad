//! Feature templates of the POS tagger (word, affixes, shape, context words, tag history).

use learn::FeatureBuf;

/// [`normalize`] appended to `out` (no allocation when `out` has room).
pub fn normalize_into(w: &str, out: &mut String) {
    let start = out.len();
    for c in w.chars() {
        out.push(match c {
            '’' | '‘' | '`' | '´' => '\'',
            '“' | '”' | '„' | '«' | '»' => '"',
            '—' | '–' | '―' => '-',
            c if c.is_ascii_digit() => '0',
            c => c,
        });
    }
    if matches!(out.get(start..), Some("''" | "``")) {
        out.truncate(start);
        out.push('"');
    }
}

/// [`str::to_lowercase`] of `w` appended to `out` (no allocation for ASCII words).
pub fn lowercase_into(w: &str, out: &mut String) {
    if w.is_ascii() {
        out.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&w.to_lowercase());
    }
}

/// [`shape`] appended to `out`.
pub(crate) fn shape_into(w: &str, out: &mut String) {
    let start = out.len();
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
        if out.len() - start > 8 {
            break;
        }
    }
}

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

pub(crate) fn suffix(w: &str, n: usize) -> &str {
    let k = w
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &w[k..]
}

pub(crate) fn prefix(w: &str, n: usize) -> &str {
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
    /// Word-cluster ids (by successors, by predecessors, coarse), [`NO_CLUSTER`] when unknown.
    pub cl: [u16; 3],
    /// The first pass's tag of the word (two-pass models), or `?`.
    pub first: String,
}

/// Records first-pass tags (class indices into `tags`) on the tokens.
pub(crate) fn set_first(toks: &mut [Tok], classes: &[usize], tags: &[String]) {
    for (t, &c) in toks.iter_mut().zip(classes) {
        if let Some(name) = tags.get(c) {
            t.first.clone_from(name);
        }
    }
}

/// Which optional feature groups a model uses.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Opts {
    pub clusters: bool,
    pub two_pass: bool,
}

/// The cluster id of words without a cluster.
pub(crate) const NO_CLUSTER: u16 = u16::MAX;

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
                cl: [NO_CLUSTER; 3],
                first: String::from("?"),
            }
        })
        .collect()
}

const START: &str = "-START-";
const END: &str = "-END-";

/// Features of token `i` given the two previous predicted tags.
pub(crate) fn extract(toks: &[Tok], i: usize, p1: &str, p2: &str, o: Opts, f: &mut FeatureBuf) {
    extract_static(toks, i, o, f);
    push_history(toks, i, p1, p2, o, f);
}

fn lower_at(toks: &[Tok], i: usize, k: isize) -> &str {
    let j = i as isize + k;
    if j < 0 {
        START
    } else {
        toks.get(j as usize).map_or(END, |t| t.lower.as_str())
    }
}

fn cluster_at(toks: &[Tok], i: usize, k: isize, view: usize) -> u64 {
    let j = i as isize + k;
    if j < 0 {
        return 1 << 20;
    }
    toks.get(j as usize).map_or(1 << 21, |t| {
        u64::from(t.cl.get(view).copied().unwrap_or(NO_CLUSTER))
    })
}

/// The features of token `i` that do not depend on the tag history (clears `f` first).
pub(crate) fn extract_static(toks: &[Tok], i: usize, o: Opts, f: &mut FeatureBuf) {
    f.clear();
    push_base(toks, i, o, f);
    if o.two_pass {
        push_first(toks, i, f);
    }
}

/// Adds the features of token `i` that depend neither on the tag history nor on first-pass tags.
pub(crate) fn push_base(toks: &[Tok], i: usize, o: Opts, f: &mut FeatureBuf) {
    let Some(t) = toks.get(i) else { return };
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
    let (m1, m2, n1, n2) = (
        lower_at(toks, i, -1),
        lower_at(toks, i, -2),
        lower_at(toks, i, 1),
        lower_at(toks, i, 2),
    );
    f.push("w-1", &[m1]);
    f.push("w-2", &[m2]);
    f.push("w+1", &[n1]);
    f.push("w+2", &[n2]);
    f.push("w-1w", &[m1, &t.lower]);
    f.push("ww+1", &[&t.lower, n1]);
    f.push("s-1", &[suffix(m1, 3)]);
    f.push("s+1", &[suffix(n1, 3)]);
    if let Some(n) = toks.get(i + 1) {
        f.push("sh+1", &[&n.shape]);
        f.push("h+1", &[&n.hint]);
    }
    if o.clusters {
        let c = |k: isize, v: usize| cluster_at(toks, i, k, v);
        f.push_num("c0", &[c(0, 0)]);
        f.push_num("c1", &[c(0, 1)]);
        f.push_num("c2", &[c(0, 2)]);
        f.push_num("c0-1", &[c(-1, 0)]);
        f.push_num("c1+1", &[c(1, 1)]);
        f.push_num("c2+1", &[c(1, 2)]);
        f.push_num("c2-1", &[c(-1, 2)]);
        f.push_num("c2-1+1", &[c(-1, 2), c(1, 2)]);
        f.push_num("c2+2", &[c(2, 2)]);
    }
}

/// Adds the features of token `i` that read first-pass tags (two-pass models).
pub(crate) fn push_first(toks: &[Tok], i: usize, f: &mut FeatureBuf) {
    let Some(t) = toks.get(i) else { return };
    let r = |k: isize| -> &str {
        let j = i as isize + k;
        if j < 0 {
            START
        } else {
            toks.get(j as usize).map_or(END, |t| t.first.as_str())
        }
    };
    f.push("r0", &[r(0)]);
    f.push("r+1", &[r(1)]);
    f.push("r+2", &[r(2)]);
    f.push("r+1r+2", &[r(1), r(2)]);
    f.push("r0r+1", &[r(0), r(1)]);
    f.push("r+1w", &[r(1), &t.lower]);
    f.push("r-1r+1", &[r(-1), r(1)]);
}

/// Adds the features of token `i` that depend on the two previous tags (does not clear `f`).
pub(crate) fn push_history(
    toks: &[Tok],
    i: usize,
    p1: &str,
    p2: &str,
    o: Opts,
    f: &mut FeatureBuf,
) {
    let Some(t) = toks.get(i) else { return };
    f.push("t1", &[p1]);
    f.push("t2", &[p2, p1]);
    f.push("t1w", &[p1, &t.lower]);
    f.push("t1s", &[p1, suffix(&t.lower, 3)]);
    if o.clusters {
        let c = cluster_at(toks, i, 0, 2);
        f.push_num("t1c2", &[learn::hash::str_key(p1), c]);
    }
    if o.two_pass {
        let r1 = toks.get(i + 1).map_or(END, |t| t.first.as_str());
        f.push("t1r+1", &[p1, r1]);
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
        for w in [
            "It’s",
            "''",
            "``",
            "a''",
            "ΣΑΣ",
            "Zakayev-Smith",
            "1,000.5",
            "——",
            "Ünïcödé",
        ] {
            let mut s = String::from("x");
            normalize_into(w, &mut s);
            assert_eq!(&s[1..], normalize(w));
            let mut l = String::new();
            lowercase_into(w, &mut l);
            assert_eq!(l, w.to_lowercase());
            let mut h = String::new();
            shape_into(w, &mut h);
            assert_eq!(h, shape(w));
        }
    }
}
