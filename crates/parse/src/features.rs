//! Hashed features: Zhang & Nivre (2011) style templates adapted to the arc-hybrid system for
//! the transition classifier, and head/dependent templates for the relation classifier. A
//! feature is a 64-bit key (template number and parts mixed by a fixed hash), so nothing here
//! allocates per transition.

use crate::system::{NONE, State};

const K: u64 = 0xf135_7aea_2e62_a9c5;

/// Key of a missing token's attribute.
const NIL: u64 = 0x6e69_6c00;
/// Key of the words too rare in training to have their own features.
pub(crate) const RARE: u64 = 0x7261_7265_0000;
/// Key of the ROOT token's word and tags.
const ROOT: u64 = 0x726f_6f74;

#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[inline]
fn step(h: u64, p: u64) -> u64 {
    (h.rotate_left(23) ^ p).wrapping_mul(K)
}

#[inline]
fn seed(t: u64) -> u64 {
    (t.wrapping_add(0x1234_5678)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

#[inline]
fn k1(t: u64, a: u64) -> u64 {
    mix(step(seed(t), a))
}
#[inline]
fn k2(t: u64, a: u64, b: u64) -> u64 {
    mix(step(step(seed(t), a), b))
}
#[inline]
fn k3(t: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(step(step(step(seed(t), a), b), c))
}
#[inline]
fn k4(t: u64, a: u64, b: u64, c: u64, d: u64) -> u64 {
    mix(step(step(step(step(seed(t), a), b), c), d))
}

/// A stable key of a byte string.
fn bytes_key(tag: u64, s: &[u8]) -> u64 {
    let mut h = seed(tag);
    for c in s.chunks(8) {
        let mut w = 0u64;
        for (i, &b) in c.iter().enumerate() {
            w |= u64::from(b) << (8 * i);
        }
        h = step(h, w);
    }
    mix(step(h, s.len() as u64))
}

/// The key of a word form: lower-cased, digits as `0`, curly quotes and dashes folded (as the
/// tagger normalizes), computed without allocating for ASCII words.
pub(crate) fn word_key(w: &str) -> u64 {
    if w.is_ascii() {
        let mut buf = [0u8; 32];
        if w.len() <= buf.len() {
            for (o, &b) in buf.iter_mut().zip(w.as_bytes()) {
                *o = if b.is_ascii_digit() {
                    b'0'
                } else {
                    b.to_ascii_lowercase()
                };
            }
            return bytes_key(1, &buf[..w.len()]);
        }
    }
    let n = tag::normalize(w).to_lowercase();
    bytes_key(1, n.as_bytes())
}

/// The key of a tag string.
pub(crate) fn tag_key(t: &str) -> u64 {
    bytes_key(2, t.as_bytes())
}

/// Per-token attribute keys of one sentence; index 0 is ROOT.
#[derive(Clone, Debug, Default)]
pub(crate) struct Toks {
    pub w: Vec<u64>,
    pub p: Vec<u64>,
    pub u: Vec<u64>,
    /// Word cluster ids (`u16::MAX`: none): by successors, by predecessors, coarse.
    pub c: Vec<[u16; 3]>,
    /// Whether cluster features are on.
    pub clusters: bool,
    /// Whether the third-order and punctuation templates are on.
    pub extra: bool,
    /// Number of punctuation tokens (UPOS `PUNCT`) up to each token, inclusive (index 0: ROOT).
    pub punct: Vec<u32>,
}

impl Toks {
    pub fn clear(&mut self) {
        self.w.clear();
        self.p.clear();
        self.u.clear();
        self.c.clear();
        self.punct.clear();
        self.punct.push(0);
        self.w.push(ROOT);
        self.p.push(ROOT);
        self.u.push(ROOT);
        self.c.push([u16::MAX - 1; 3]);
    }

    pub fn push(&mut self, w: u64, xpos: u64, upos: u64, clusters: [u16; 3], is_punct: bool) {
        let before = self.punct.last().copied().unwrap_or(0);
        self.punct.push(before + u32::from(is_punct));
        self.w.push(w);
        self.p.push(xpos);
        self.u.push(upos);
        self.c.push(clusters);
    }

    /// Cluster `k` of token `t` as a feature part.
    #[inline]
    fn c(&self, t: u32, k: usize) -> u64 {
        self.c
            .get(t as usize)
            .map_or(0xffff_0000, |c| u64::from(c[k]))
    }

    /// Punctuation tokens strictly between tokens `a` and `b`, bucketed (0..=3; 4: a missing token).
    #[inline]
    fn punct_between(&self, a: u32, b: u32) -> u64 {
        if a == NONE || b == NONE {
            return 4;
        }
        let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
        if hi <= lo + 1 {
            return 0;
        }
        let n =
            self.punct.get(hi - 1).copied().unwrap_or(0) - self.punct.get(lo).copied().unwrap_or(0);
        u64::from(n.min(3))
    }

    /// Whether token `t` is punctuation (UPOS `PUNCT`).
    #[inline]
    pub fn is_punct(&self, t: u32) -> bool {
        let t = t as usize;
        t > 0 && self.punct.get(t) > self.punct.get(t - 1)
    }

    #[inline]
    fn w(&self, t: u32) -> u64 {
        self.w.get(t as usize).copied().unwrap_or(NIL)
    }
    #[inline]
    fn p(&self, t: u32) -> u64 {
        self.p.get(t as usize).copied().unwrap_or(NIL)
    }
    #[inline]
    fn u(&self, t: u32) -> u64 {
        self.u.get(t as usize).copied().unwrap_or(NIL)
    }
}

#[inline]
fn get(v: &[u32], t: u32) -> u32 {
    if t == NONE {
        NONE
    } else {
        v.get(t as usize).copied().unwrap_or(NONE)
    }
}

#[inline]
fn lab(st: &State, t: u32) -> u64 {
    if t == NONE {
        0
    } else {
        st.labels.get(t as usize).map_or(0, |&l| u64::from(l) + 1)
    }
}

#[inline]
fn count(v: &[u8], t: u32) -> u64 {
    if t == NONE {
        99
    } else {
        v.get(t as usize).map_or(99, |&c| u64::from(c))
    }
}

#[inline]
fn set(v: &[u64], t: u32) -> u64 {
    if t == NONE {
        u64::MAX
    } else {
        v.get(t as usize).copied().unwrap_or(u64::MAX)
    }
}

/// Distance between two tokens, bucketed (0 when either is missing).
#[inline]
fn dist(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => u64::from(d) + 1,
        5..=9 => 6,
        _ => 7,
    }
}

/// The transition classifier's features of configuration `st`.
pub(crate) fn transition(st: &State, tk: &Toks, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.buf(0), st.buf(1), st.buf(2));
    let s0l1 = get(&st.lc1, s0);
    let s0l2 = get(&st.lc2, s0);
    let s0r1 = get(&st.rc1, s0);
    let s0r2 = get(&st.rc2, s0);
    let s1l1 = get(&st.lc1, s1);
    let s1r1 = get(&st.rc1, s1);
    let b0l1 = get(&st.lc1, b0);
    let b0l2 = get(&st.lc2, b0);

    let (s0w, s0p) = (tk.w(s0), tk.p(s0));
    let (s1w, s1p) = (tk.w(s1), tk.p(s1));
    let (s2w, s2p) = (tk.w(s2), tk.p(s2));
    let (b0w, b0p) = (tk.w(b0), tk.p(b0));
    let (b1w, b1p) = (tk.w(b1), tk.p(b1));
    let (b2w, b2p) = (tk.w(b2), tk.p(b2));

    out.push(k1(0, 1));
    // Unigrams.
    out.push(k1(1, s0w));
    out.push(k1(2, s0p));
    out.push(k2(3, s0w, s0p));
    out.push(k1(4, s1w));
    out.push(k1(5, s1p));
    out.push(k2(6, s1w, s1p));
    out.push(k1(7, b0w));
    out.push(k1(8, b0p));
    out.push(k2(9, b0w, b0p));
    out.push(k1(10, b1w));
    out.push(k1(11, b1p));
    out.push(k2(12, b1w, b1p));
    out.push(k1(13, b2w));
    out.push(k1(14, b2p));
    out.push(k1(16, s2p));
    out.push(k1(17, s2w));
    // Pairs.
    out.push(k4(18, s0w, s0p, b0w, b0p));
    out.push(k3(19, s0w, s0p, b0w));
    out.push(k3(20, s0w, b0w, b0p));
    out.push(k3(21, s0w, s0p, b0p));
    out.push(k3(22, s0p, b0w, b0p));
    out.push(k2(23, s0w, b0w));
    out.push(k2(24, s0p, b0p));
    out.push(k2(25, b0p, b1p));
    out.push(k4(26, s0w, s0p, s1w, s1p));
    out.push(k2(27, s0w, s1w));
    out.push(k2(28, s0p, s1p));
    out.push(k2(29, s0w, s1p));
    out.push(k2(30, s0p, s1w));
    // Tag trigrams.
    let (s0l1p, s0r1p, b0l1p) = (tk.p(s0l1), tk.p(s0r1), tk.p(b0l1));
    let (s1l1p, s1r1p) = (tk.p(s1l1), tk.p(s1r1));
    out.push(k3(31, b0p, b1p, b2p));
    out.push(k3(32, s0p, b0p, b1p));
    out.push(k3(33, s1p, s0p, b0p));
    out.push(k3(34, s0p, s0l1p, b0p));
    out.push(k3(35, s0p, s0r1p, b0p));
    out.push(k3(36, s0p, b0p, b0l1p));
    out.push(k3(37, s2p, s1p, s0p));
    out.push(k3(38, s1p, s0p, s0l1p));
    out.push(k3(39, s1p, s0p, s0r1p));
    out.push(k3(40, s1p, s1r1p, s0p));
    out.push(k3(41, s1p, s1l1p, s0p));
    // Distance.
    let d0 = dist(s0, b0);
    let d1 = dist(s1, s0);
    out.push(k2(42, s0w, d0));
    out.push(k2(43, s0p, d0));
    out.push(k2(44, b0w, d0));
    out.push(k2(45, b0p, d0));
    out.push(k3(46, s0w, b0w, d0));
    out.push(k3(47, s0p, b0p, d0));
    out.push(k3(48, s1p, s0p, d1));
    out.push(k2(49, s0w, d1));
    out.push(k2(50, s1w, d1));
    // Valency.
    let (s0nl, s0nr) = (count(&st.nl, s0), count(&st.nr, s0));
    let (s1nl, s1nr) = (count(&st.nl, s1), count(&st.nr, s1));
    let b0nl = count(&st.nl, b0);
    out.push(k2(51, s0w, s0nr));
    out.push(k2(52, s0p, s0nr));
    out.push(k2(53, s0w, s0nl));
    out.push(k2(54, s0p, s0nl));
    out.push(k2(55, s1w, s1nr));
    out.push(k2(56, s1p, s1nr));
    out.push(k2(57, s1p, s1nl));
    out.push(k2(58, b0w, b0nl));
    out.push(k2(59, b0p, b0nl));
    // Children.
    let (s0l1l, s0r1l, b0l1l) = (lab(st, s0l1), lab(st, s0r1), lab(st, b0l1));
    let (s1l1l, s1r1l) = (lab(st, s1l1), lab(st, s1r1));
    out.push(k1(60, tk.w(s0l1)));
    out.push(k1(61, s0l1p));
    out.push(k1(62, s0l1l));
    out.push(k1(63, tk.w(s0r1)));
    out.push(k1(64, s0r1p));
    out.push(k1(65, s0r1l));
    out.push(k1(66, tk.w(b0l1)));
    out.push(k1(67, b0l1p));
    out.push(k1(68, b0l1l));
    out.push(k1(69, s1r1p));
    out.push(k1(70, s1r1l));
    out.push(k1(71, s1l1p));
    out.push(k1(72, s1l1l));
    let (s0l2p, s0r2p, b0l2p) = (tk.p(s0l2), tk.p(s0r2), tk.p(b0l2));
    let (s0l2l, s0r2l, b0l2l) = (lab(st, s0l2), lab(st, s0r2), lab(st, b0l2));
    out.push(k1(73, tk.w(s0l2)));
    out.push(k1(74, s0l2p));
    out.push(k1(75, s0l2l));
    out.push(k1(76, tk.w(s0r2)));
    out.push(k1(77, s0r2p));
    out.push(k1(78, s0r2l));
    out.push(k1(79, tk.w(b0l2)));
    out.push(k1(80, b0l2p));
    out.push(k1(81, b0l2l));
    out.push(k3(82, s0p, s0l1l, s0l2l));
    out.push(k3(83, s0p, s0r1l, s0r2l));
    out.push(k3(84, b0p, b0l1l, b0l2l));
    out.push(k3(85, s0p, s0l1p, s0l2p));
    out.push(k3(86, s0p, s0r1p, s0r2p));
    out.push(k3(87, b0p, b0l1p, b0l2p));
    // Relation sets of the children.
    let (s0ls, s0rs, b0ls) = (set(&st.lset, s0), set(&st.rset, s0), set(&st.lset, b0));
    out.push(k2(88, s0w, s0ls));
    out.push(k2(89, s0p, s0ls));
    out.push(k2(90, s0w, s0rs));
    out.push(k2(91, s0p, s0rs));
    out.push(k2(92, b0w, b0ls));
    out.push(k2(93, b0p, b0ls));
    out.push(k2(94, s1p, set(&st.rset, s1)));
    // Universal tags (AUX apart from VERB, which PTB tags do not tell).
    let (s0u, s1u, b0u, b1u) = (tk.u(s0), tk.u(s1), tk.u(b0), tk.u(b1));
    out.push(k2(95, s0u, b0u));
    out.push(k2(96, s1u, s0u));
    out.push(k3(97, s0u, b0u, b1u));
    out.push(k3(98, s1u, s0u, b0u));
    out.push(k3(99, s0w, s0u, b0u));
    if tk.extra {
        let b3p = tk.p(st.buf(3));
        let s1r2 = get(&st.rc2, s1);
        let s0ll = get(&st.lc1, s0l1);
        let s0rr = get(&st.rc1, s0r1);
        let b0ll = get(&st.lc1, b0l1);
        let (s0llp, s0rrp, b0llp) = (tk.p(s0ll), tk.p(s0rr), tk.p(b0ll));
        let (pc0, pc1) = (tk.punct_between(s0, b0), tk.punct_between(s1, s0));
        out.push(k1(120, b3p));
        out.push(k3(121, b1p, b2p, b3p));
        out.push(k3(122, s0p, b1p, b2p));
        out.push(k3(123, s2p, s1p, b0p));
        out.push(k3(124, s1p, s0p, b1p));
        out.push(k3(125, s1p, s1r1p, tk.p(s1r2)));
        out.push(k3(126, s1p, s1l1p, s1r1p));
        out.push(k3(127, s0p, s0l1p, s0llp));
        out.push(k3(128, s0p, s0l1l, lab(st, s0ll)));
        out.push(k3(129, s0p, s0r1p, s0rrp));
        out.push(k3(130, s0p, s0r1l, lab(st, s0rr)));
        out.push(k3(131, b0p, b0l1p, b0llp));
        out.push(k3(132, b0p, b0l1l, lab(st, b0ll)));
        out.push(k3(133, s0p, s0ls, b0p));
        out.push(k3(134, b0p, b0ls, s0p));
        out.push(k4(135, s0p, s0nl, s0nr, b0p));
        out.push(k3(136, b0p, b0nl, s0p));
        out.push(k4(137, s0p, b0p, pc0, d0));
        out.push(k4(138, s1p, s0p, pc1, d1));
        out.push(k3(139, s0u, b0u, pc0));
    }
    if tk.clusters {
        let (s0c, s1c, b0c, b1c) = (tk.c(s0, 0), tk.c(s1, 0), tk.c(b0, 0), tk.c(b1, 0));
        let (s0d, s1d, b0d) = (tk.c(s0, 1), tk.c(s1, 1), tk.c(b0, 1));
        let (s0e, s1e, b0e, b1e) = (tk.c(s0, 2), tk.c(s1, 2), tk.c(b0, 2), tk.c(b1, 2));
        out.push(k1(100, s0c));
        out.push(k1(101, s1c));
        out.push(k1(102, b0c));
        out.push(k1(103, b1c));
        out.push(k1(104, s0d));
        out.push(k1(105, b0d));
        out.push(k2(106, s0c, b0c));
        out.push(k2(107, s0c, b0p));
        out.push(k2(108, s0p, b0c));
        out.push(k2(109, s1c, s0c));
        out.push(k2(110, s1p, s0c));
        out.push(k2(111, s1c, s0p));
        out.push(k3(112, s0e, b0e, b1e));
        out.push(k3(113, s1e, s0e, b0e));
        out.push(k2(114, s0d, b0d));
        out.push(k2(115, s1d, s0d));
        out.push(k3(116, s0e, b0e, d0));
        out.push(k2(117, tk.c(s0l1, 2), s0e));
        out.push(k2(118, tk.c(s0r1, 2), s0e));
        out.push(k2(119, tk.c(b0l1, 2), b0e));
    }
}

/// The relation classifier's features of the arc `head` → `dep` about to be added in `st`.
pub(crate) fn relation(st: &State, tk: &Toks, head: u32, dep: u32, out: &mut Vec<u64>) {
    out.clear();
    let left = dep < head;
    let dir = if left { 1 } else { 2 };
    let t = |n: u64| n * 4 + dir;
    let (dw, dp, du) = (tk.w(dep), tk.p(dep), tk.u(dep));
    let (hw, hp, hu) = (tk.w(head), tk.p(head), tk.u(head));
    let dl1 = get(&st.lc1, dep);
    let dr1 = get(&st.rc1, dep);
    let sib = if left {
        get(&st.lc1, head)
    } else {
        get(&st.rc1, head)
    };
    let before = |x: u32| if x == 0 || x == NONE { NONE } else { x - 1 };
    let after = |x: u32| if x == NONE || x >= st.n { NONE } else { x + 1 };
    out.push(k1(t(1), 0));
    out.push(k1(t(2), dw));
    out.push(k1(t(3), dp));
    out.push(k1(t(4), du));
    out.push(k1(t(5), hw));
    out.push(k1(t(6), hp));
    out.push(k1(t(7), hu));
    out.push(k2(t(8), dp, hp));
    out.push(k2(t(9), dw, hp));
    out.push(k2(t(10), dp, hw));
    out.push(k2(t(11), dw, hw));
    out.push(k2(t(12), du, hu));
    out.push(k3(t(13), dp, hp, dist(head, dep)));
    out.push(k2(t(14), dp, set(&st.lset, dep)));
    out.push(k2(t(15), dp, set(&st.rset, dep)));
    out.push(k2(t(16), dp, lab(st, dl1)));
    out.push(k2(t(17), dp, lab(st, dr1)));
    out.push(k3(t(18), dp, tk.p(before(dep)), tk.p(after(dep))));
    out.push(k3(t(19), hp, tk.p(before(head)), tk.p(after(head))));
    out.push(k3(t(20), hp, dp, lab(st, sib)));
    out.push(k3(t(21), du, count(&st.nl, dep), count(&st.nr, dep)));
    out.push(k3(t(22), hp, dp, tk.w(dl1)));
    out.push(k2(t(23), dw, hu));
    out.push(k2(t(24), tk.w(dl1), hu));
    out.push(k2(t(25), hu, u64::from(head == 0)));
    out.push(k2(t(26), tk.w(dl1), tk.p(dl1)));
    out.push(k3(t(27), dw, tk.w(dr1), hp));
    if tk.extra {
        let pc = tk.punct_between(head, dep);
        out.push(k3(t(30), dp, hp, pc));
        out.push(k4(t(31), du, hu, dist(head, dep), pc));
        out.push(k3(t(32), dp, tk.p(dl1), tk.p(dr1)));
        out.push(k3(t(33), hw, dp, du));
        out.push(k2(t(34), hp, set(&st.lset, head) | set(&st.rset, head)));
    }
    if tk.clusters {
        let (dc, hc) = (tk.c(dep, 0), tk.c(head, 0));
        out.push(k1(t(40), dc));
        out.push(k1(t(41), hc));
        out.push(k2(t(42), dc, hc));
        out.push(k2(t(43), dc, hp));
        out.push(k2(t(44), dp, hc));
        out.push(k2(t(45), tk.c(dep, 1), tk.c(head, 1)));
        out.push(k2(t(46), tk.c(dl1, 0), hu));
    }
}
