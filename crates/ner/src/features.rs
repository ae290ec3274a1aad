//! NER feature templates: word, shape, affixes, context words, POS, label history and a
//! document feature (the word also appears capitalized inside a sentence elsewhere).

use crate::clusters::Clusters;
use learn::FeatureBuf;
use rustc_hash::FxHashSet;
use tag::normalize;

/// Per-token precomputed values.
pub(crate) struct Tok {
    pub norm: String,
    pub lower: String,
    pub shape: String,
    pub pos: String,
    /// The lower-cased word appears title-cased not at a sentence start elsewhere in the document.
    pub doc_cap: bool,
    /// Cluster ids in the three views, plus one (0 when the word has none).
    pub cl: [u64; 3],
    /// Majority label this word received earlier in the document, plus one (0: never labeled).
    pub hist: u64,
    /// Gazetteer matches covering the token: `1 + position * 4 + label`.
    pub gz: Vec<u8>,
    /// Capitalization ratio bucket of the word in unlabeled text, plus one (0: unknown).
    pub cap: u64,
    /// Place-name gazetteer matches covering the token: `1 + position * 4 + kind`.
    pub xg: Vec<u8>,
    /// Last word of the longest run of capitalized words in the document that goes on after
    /// this word (`docruns.rs`); empty when none.
    pub dr_last: String,
    /// First word of the longest run in the document that starts before this word.
    pub dr_first: String,
}

/// Labels given to words earlier in the same document (the "prediction history").
#[derive(Clone, Debug, Default)]
pub(crate) struct History {
    counts: rustc_hash::FxHashMap<String, [u32; 4]>,
}

impl History {
    pub fn annotate(&self, toks: &mut [Tok]) {
        for t in toks {
            t.hist = match self.counts.get(&t.lower) {
                Some(c) => {
                    let (best, _) = c
                        .iter()
                        .enumerate()
                        .fold((0, 0), |acc, (i, &n)| if n > acc.1 { (i, n) } else { acc });
                    best as u64 + 1
                }
                None => 0,
            };
        }
    }

    /// Records the labels of the capitalized words of one decoded sentence.
    pub fn observe(&mut self, toks: &[Tok], classes: &[usize]) {
        for (t, &c) in toks.iter().zip(classes) {
            if c == 0 || !t.norm.starts_with(char::is_uppercase) {
                continue;
            }
            let l = (c - 1) / 4;
            if let Some(slot) = self.counts.entry(t.lower.clone()).or_default().get_mut(l) {
                *slot += 1;
            }
        }
    }
}

/// Lower-cased words seen capitalized (not sentence-initial, not all caps) in a document.
pub(crate) fn doc_caps<'a>(sentences: impl Iterator<Item = &'a [&'a str]>) -> FxHashSet<String> {
    let mut set = FxHashSet::default();
    for s in sentences {
        let caps = all_caps(s);
        if caps {
            continue;
        }
        for w in s.iter().skip(1) {
            let mut cs = w.chars();
            if cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase) {
                set.insert(normalize(w).to_lowercase());
            }
        }
    }
    set
}

/// A sentence written in capitals (headline style).
pub(crate) fn all_caps(words: &[&str]) -> bool {
    let letters: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    letters.len() >= 2 && letters.iter().all(|w| !w.chars().any(char::is_lowercase))
}

pub(crate) fn prepare(
    words: &[&str],
    pos: &[&str],
    caps: &FxHashSet<String>,
    clusters: &Clusters,
) -> Vec<Tok> {
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let norm = normalize(w);
            let lower = norm.to_lowercase();
            let cl = clusters
                .lookup(&norm, &lower)
                .map_or([0; 3], |ids| ids.map(|x| u64::from(x) + 1));
            Tok {
                hist: 0,
                cap: clusters
                    .cap_ratio_lower(&lower)
                    .map_or(0, |c| u64::from(c) + 1),
                gz: Vec::new(),
                xg: Vec::new(),
                dr_last: String::new(),
                dr_first: String::new(),
                cl,
                doc_cap: caps.contains(&lower),
                shape: tag_shape(w),
                pos: pos.get(i).map_or("?", |p| p).to_string(),
                norm,
                lower,
            }
        })
        .collect()
}

pub(crate) fn tag_shape(w: &str) -> String {
    let mut out = String::new();
    let mut last = '\0';
    let mut run = 0;
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
        if s == last {
            run += 1;
            if run >= 2 {
                continue;
            }
        } else {
            run = 0;
        }
        out.push(s);
        last = s;
        if out.len() > 10 {
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

/// Features of token `i`; `p1`, `p2` are the names of the two previous labels.
pub(crate) fn extract(
    toks: &[Tok],
    caps_sentence: bool,
    i: usize,
    p1: &str,
    p2: &str,
    f: &mut FeatureBuf,
) {
    extract_static(toks, caps_sentence, i, f);
    if let Some(t) = toks.get(i) {
        extract_labels(t, p1, p2, f);
    }
}

/// The features of token `t` that depend on the two previous labels (appended to `f`).
pub(crate) fn extract_labels(t: &Tok, p1: &str, p2: &str, f: &mut FeatureBuf) {
    f.push("t1", &[p1]);
    f.push("t2t1", &[p2, p1]);
    f.push("t1w", &[p1, &t.lower]);
    f.push("t1sh", &[p1, &t.shape]);
}

/// The features of token `i` that do not depend on earlier labels (`f` is cleared first).
pub(crate) fn extract_static(toks: &[Tok], caps_sentence: bool, i: usize, f: &mut FeatureBuf) {
    f.clear();
    let Some(t) = toks.get(i) else { return };
    let at = |k: isize| -> Option<&Tok> {
        let j = i as isize + k;
        if j < 0 { None } else { toks.get(j as usize) }
    };
    let lw = |k: isize| at(k).map_or(if k < 0 { "<s>" } else { "</s>" }, |t| t.lower.as_str());
    let sh = |k: isize| at(k).map_or("<>", |t| t.shape.as_str());
    let ps = |k: isize| at(k).map_or("<>", |t| t.pos.as_str());
    f.push_bias("b");
    f.push("w", &[&t.norm]);
    f.push("l", &[&t.lower]);
    f.push("sh", &[&t.shape]);
    for n in 1..=4 {
        f.push("p", &[prefix(&t.lower, n)]);
        f.push("s", &[suffix(&t.lower, n)]);
    }
    f.push("pos", &[&t.pos]);
    f.push("pos-1", &[ps(-1)]);
    f.push("pos+1", &[ps(1)]);
    f.push("pos-1pos", &[ps(-1), &t.pos]);
    f.push("pospos+1", &[&t.pos, ps(1)]);
    f.push("w-1", &[lw(-1)]);
    f.push("w-2", &[lw(-2)]);
    f.push("w+1", &[lw(1)]);
    f.push("w+2", &[lw(2)]);
    f.push("sh-1", &[sh(-1)]);
    f.push("sh+1", &[sh(1)]);
    f.push("sh-1sh", &[sh(-1), &t.shape]);
    f.push("shsh+1", &[&t.shape, sh(1)]);
    f.push("w-1w", &[lw(-1), &t.lower]);
    f.push("ww+1", &[&t.lower, lw(1)]);
    if i == 0 {
        f.push("first", &[&t.shape]);
    }
    let shape_key = learn::hash::str_key(&t.shape);
    let cl = |k: isize, v: usize| at(k).and_then(|t| t.cl.get(v).copied()).unwrap_or(u64::MAX);
    for (v, &c) in t.cl.iter().enumerate() {
        f.push_num("c", &[v as u64, c]);
        f.push_num("csh", &[v as u64, c, shape_key]);
    }
    f.push_num("c-1", &[cl(-1, 0)]);
    f.push_num("c+1", &[cl(1, 0)]);
    f.push_num("cb-1", &[cl(-1, 1)]);
    f.push_num("cb+1", &[cl(1, 1)]);
    f.push_num("cc-1cc", &[cl(-1, 2), t.cl[2]]);
    f.push_num("cccc+1", &[t.cl[2], cl(1, 2)]);
    if caps_sentence {
        f.push("caps", &[&t.lower]);
        f.push_num("capsdc", &[u64::from(t.doc_cap)]);
    }
    if t.doc_cap {
        f.push("dc", &[&t.shape]);
    }
    f.push_num("cr", &[t.cap]);
    f.push_num("crsh", &[t.cap, shape_key]);
    if i == 0 {
        f.push_num("crfirst", &[t.cap]);
    }
    f.push_num("h", &[t.hist]);
    f.push_num("hsh", &[t.hist, shape_key]);
    f.push_num("h-1", &[at(-1).map_or(u64::MAX, |t| t.hist)]);
    f.push_num("h+1", &[at(1).map_or(u64::MAX, |t| t.hist)]);
    for &g in &t.gz {
        f.push_num("gz", &[u64::from(g)]);
    }
    if t.gz.is_empty() {
        f.push_bias("nogz");
    }
    for &g in &t.xg {
        f.push_num("xg", &[u64::from(g)]);
        f.push_num("xgsh", &[u64::from(g), shape_key]);
    }
    let (first, last) = name_run(toks, caps_sentence, i);
    if let Some(w) = first {
        f.push("rf", &[w]);
    }
    if let Some(w) = last {
        f.push("rl", &[w]);
    }
    if !t.dr_last.is_empty() {
        f.push("drl", &[&t.dr_last]);
    }
    if !t.dr_first.is_empty() {
        f.push("drf", &[&t.dr_first]);
    }
}

/// Longest run of capitalized words [`name_run`] looks at on each side.
const RUN_MAX: usize = 6;

/// A capitalized word (its shape starts with an upper-case letter).
fn capitalized(t: &Tok) -> bool {
    t.shape.starts_with('X')
}

/// The run of capitalized words around token `i` (not in headline-style sentences): its first
/// word when `i` is not the first (`Aabenraa` for `County`), and its last word, the head noun
/// of most names (`county` for `Aabenraa`), when `i` is not the last; lower-cased.
pub(crate) fn name_run(
    toks: &[Tok],
    caps_sentence: bool,
    i: usize,
) -> (Option<&str>, Option<&str>) {
    if caps_sentence || !toks.get(i).is_some_and(capitalized) {
        return (None, None);
    }
    let mut a = i;
    while a > 0 && i - a < RUN_MAX && toks.get(a - 1).is_some_and(capitalized) {
        a -= 1;
    }
    let mut b = i;
    while b - i < RUN_MAX && toks.get(b + 1).is_some_and(capitalized) {
        b += 1;
    }
    let first = (a < i)
        .then(|| toks.get(a).map(|t| t.lower.as_str()))
        .flatten();
    let last = (b > i)
        .then(|| toks.get(b).map(|t| t.lower.as_str()))
        .flatten();
    (first, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_headlines() {
        assert_eq!(tag_shape("Zakayev"), "Xxx");
        assert_eq!(tag_shape("U.S."), "X.X.");
        assert!(all_caps(&["CRICKET", "-", "LEICESTERSHIRE", "WIN"]));
        assert!(!all_caps(&["Cricket", "WIN"]));
        let caps = doc_caps([&["The", "Kremlin", "said"][..]].into_iter());
        assert!(caps.contains("kremlin") && !caps.contains("the"));
    }
}
