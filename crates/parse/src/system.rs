//! The arc-hybrid transition system with a single-root constraint, and its dynamic oracle.
//!
//! Words are numbered 1..=n; 0 is ROOT, which starts on the stack. SHIFT pushes the buffer
//! front b0; LEFT makes b0 the head of s0 and pops s0; RIGHT makes s1 the head of s0 and pops
//! s0. RIGHT onto ROOT is allowed only once the buffer is empty, so every parse has one root.

/// No token.
pub(crate) const NONE: u32 = u32::MAX;

pub(crate) const SHIFT: usize = 0;
pub(crate) const LEFT: usize = 1;
pub(crate) const RIGHT: usize = 2;
pub(crate) const N_MOVES: usize = 3;

/// A parser configuration plus the partial tree, with the children bookkeeping the features
/// read. Buffers are reused from sentence to sentence.
#[derive(Clone, Debug, Default)]
pub(crate) struct State {
    pub n: u32,
    pub stack: Vec<u32>,
    /// Front of the buffer; the buffer is `b..=n`.
    pub b: u32,
    pub heads: Vec<u32>,
    pub labels: Vec<u16>,
    /// Leftmost and second leftmost, rightmost and second rightmost children.
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    /// Number of left and right children.
    pub nl: Vec<u8>,
    pub nr: Vec<u8>,
    /// Bit sets of the relations (id mod 64) of the left and right children.
    pub lset: Vec<u64>,
    pub rset: Vec<u64>,
}

impl State {
    /// Resets to the initial configuration for `n` words.
    pub fn reset(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.stack.push(0);
        self.b = 1;
        for v in [
            &mut self.heads,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(m, NONE);
        }
        self.labels.clear();
        self.labels.resize(m, u16::MAX);
        for v in [&mut self.nl, &mut self.nr] {
            v.clear();
            v.resize(m, 0);
        }
        for v in [&mut self.lset, &mut self.rset] {
            v.clear();
            v.resize(m, 0);
        }
    }

    #[inline]
    pub fn s(&self, i: usize) -> u32 {
        let l = self.stack.len();
        if i < l { self.stack[l - 1 - i] } else { NONE }
    }

    #[inline]
    pub fn buf(&self, i: u32) -> u32 {
        let k = self.b + i;
        if k <= self.n { k } else { NONE }
    }

    pub fn is_terminal(&self) -> bool {
        self.b > self.n && self.stack.len() == 1
    }

    /// Valid moves as a bit set.
    #[inline]
    pub fn valid(&self) -> [bool; N_MOVES] {
        let buffer = self.b <= self.n;
        let depth = self.stack.len();
        [
            buffer,
            buffer && depth >= 2,
            depth >= 3 || (depth == 2 && !buffer),
        ]
    }

    /// The (head, dependent) pair an arc move would add.
    #[inline]
    pub fn arc(&self, mv: usize) -> (u32, u32) {
        match mv {
            LEFT => (self.b, self.s(0)),
            _ => (self.s(1), self.s(0)),
        }
    }

    /// Applies `mv` (which must be valid); `label` is the relation of the arc it adds.
    pub fn apply(&mut self, mv: usize, label: u16) {
        if mv == SHIFT {
            self.stack.push(self.b);
            self.b += 1;
            return;
        }
        let (h, d) = self.arc(mv);
        self.stack.pop();
        let (hi, di) = (h as usize, d as usize);
        self.heads[di] = h;
        self.labels[di] = label;
        let bit = 1u64 << (label & 63);
        if d < h {
            // A new left child is always further left than the earlier ones.
            self.lc2[hi] = self.lc1[hi];
            self.lc1[hi] = d;
            self.nl[hi] = self.nl[hi].saturating_add(1);
            self.lset[hi] |= bit;
        } else {
            self.rc2[hi] = self.rc1[hi];
            self.rc1[hi] = d;
            self.nr[hi] = self.nr[hi].saturating_add(1);
            self.rset[hi] |= bit;
        }
    }

    /// Dynamic-oracle costs (gold arcs made unreachable) of each move; `gold[d]` is the gold
    /// head of word `d` (index 0 unused). Invalid moves cost `u32::MAX`.
    pub fn costs(&self, gold: &[u32]) -> [u32; N_MOVES] {
        let valid = self.valid();
        let mut c = [u32::MAX; N_MOVES];
        let in_buffer = |k: u32| k != 0 && k >= self.b && k <= self.n;
        let deps_in_buffer =
            |h: u32| (self.b..=self.n).filter(|&k| gold[k as usize] == h).count() as u32;
        if valid[SHIFT] {
            let b0 = self.b;
            let s0 = self.s(0);
            let gh = gold[b0 as usize];
            let mut cost = self
                .stack
                .iter()
                .filter(|&&k| k != 0 && gold[k as usize] == b0)
                .count() as u32;
            if gh != s0 && self.stack.contains(&gh) {
                cost += 1;
            }
            c[SHIFT] = cost;
        }
        if valid[LEFT] || valid[RIGHT] {
            let s0 = self.s(0);
            let gh = gold[s0 as usize];
            let deps = deps_in_buffer(s0);
            if valid[LEFT] {
                let lost = gh == self.s(1) || (in_buffer(gh) && gh != self.b);
                c[LEFT] = deps + u32::from(lost);
            }
            if valid[RIGHT] {
                c[RIGHT] = deps + u32::from(in_buffer(gh));
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Follows the zero-cost moves (preferring RIGHT, then LEFT, then SHIFT) and checks the
    /// gold tree comes out.
    fn oracle_parse(gold: &[u32]) -> Vec<u32> {
        let n = gold.len() - 1;
        let mut s = State::default();
        s.reset(n);
        while !s.is_terminal() {
            let c = s.costs(gold);
            let mv = (0..N_MOVES).rev().min_by_key(|&m| c[m]).unwrap();
            assert_eq!(c[mv], 0, "no zero-cost move for {gold:?} at {:?}", s.stack);
            s.apply(mv, 0);
        }
        s.heads
    }

    #[test]
    fn oracle_rebuilds_projective_trees() {
        for gold in [
            vec![NONE, 2, 0, 2],
            vec![NONE, 0, 1, 2, 3],
            vec![NONE, 4, 4, 4, 0, 4],
            vec![NONE, 2, 5, 2, 3, 0, 5, 8, 6],
        ] {
            let got = oracle_parse(&gold);
            assert_eq!(&got[1..], &gold[1..]);
        }
    }

    #[test]
    fn single_root() {
        let mut s = State::default();
        s.reset(3);
        s.apply(SHIFT, 0);
        assert!(!s.valid()[RIGHT]);
        s.apply(SHIFT, 0);
        s.apply(SHIFT, 0);
        assert!(s.valid()[RIGHT] && !s.valid()[LEFT]);
        s.apply(RIGHT, 0);
        s.apply(RIGHT, 0);
        s.apply(RIGHT, 0);
        assert!(s.is_terminal());
        assert_eq!(s.heads.iter().filter(|&&h| h == 0).count(), 1);
    }
}
