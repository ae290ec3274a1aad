//! A read-only decode table built at load time from a [`Model`] (the model and its file format
//! are unchanged): an open-addressing hash table whose 32-byte slots hold the feature key and
//! its first (class, weight) pairs inline, with the weights already scaled to `f32`, so a
//! lookup usually touches one cache line; longer rows live in a side array. Scores are summed
//! exactly as [`Model::add_scores`] sums them (same features, same order, same float
//! operations), so results are identical.

use crate::perceptron::Model;

/// Pairs kept in the slot itself.
const INLINE: usize = 3;

#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct Slot {
    key: u64,
    /// Row length; 0 marks an empty slot.
    n: u16,
    cls: [u16; INLINE],
    vals: [f32; INLINE],
    /// Start of the row in the side array when `n > INLINE`.
    off: u32,
}

/// Scaled sparse weight rows of a model, for decoding (see the module doc).
#[derive(Clone, Debug, Default)]
pub struct SparseTable {
    n_classes: usize,
    slots: Vec<Slot>,
    mask: usize,
    side: Vec<(u16, f32)>,
}

impl SparseTable {
    pub fn new(model: &Model) -> SparseTable {
        let scale = model.scale();
        let n_rows = model.rows().filter(|(_, cs, _)| !cs.is_empty()).count();
        let n = (n_rows * 2 + 1).next_power_of_two().max(16);
        let mask = n - 1;
        let mut slots = vec![Slot::default(); n];
        let mut side = Vec::new();
        for (key, cs, ws) in model.rows() {
            if cs.is_empty() || cs.len() > usize::from(u16::MAX) {
                continue;
            }
            let mut j = (key as usize) & mask;
            // A repeated key replaces the earlier row, as in the model's own index.
            while slots[j].n != 0 && slots[j].key != key {
                j = (j + 1) & mask;
            }
            let mut s = Slot {
                key,
                n: cs.len() as u16,
                ..Slot::default()
            };
            if cs.len() <= INLINE {
                for (k, (&c, &w)) in cs.iter().zip(ws).enumerate() {
                    s.cls[k] = c;
                    s.vals[k] = f32::from(w) * scale;
                }
            } else {
                s.off = side.len() as u32;
                side.extend(cs.iter().zip(ws).map(|(&c, &w)| (c, f32::from(w) * scale)));
            }
            slots[j] = s;
        }
        SparseTable {
            n_classes: model.n_classes(),
            slots,
            mask,
            side,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Asks the CPU to load the slots of `feats` (a hint: changes no result).
    #[inline]
    pub fn prefetch(&self, feats: &[u64]) {
        prefetch_slots(&self.slots, self.mask, feats);
    }

    /// Adds the scores of `feats` into `out`, exactly as [`Model::add_scores`] does for a model
    /// with many classes.
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        for &f in feats {
            self.add_one(f, out);
        }
    }

    /// Adds the row of one feature into `out`.
    #[inline]
    pub fn add_one(&self, f: u64, out: &mut [f32]) {
        let mut j = (f as usize) & self.mask;
        loop {
            let Some(s) = self.slots.get(j) else { return };
            if s.n == 0 {
                return;
            }
            if s.key == f {
                let n = usize::from(s.n);
                if n <= INLINE {
                    for k in 0..n {
                        if let Some(o) = out.get_mut(usize::from(s.cls[k])) {
                            *o += s.vals[k];
                        }
                    }
                } else {
                    let a = s.off as usize;
                    for &(c, v) in self.side.get(a..a + n).unwrap_or(&[]) {
                        if let Some(o) = out.get_mut(usize::from(c)) {
                            *o += v;
                        }
                    }
                }
                return;
            }
            j = (j + 1) & self.mask;
        }
    }
}

/// Asks the CPU to load the cache line of `x` (a hint: changes no result).
#[inline(always)]
fn prefetch_line<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing into the program; the pointer is a
    // reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            std::ptr::from_ref(x).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Pairs kept in an [`IntTable`] slot itself.
const INT_INLINE: usize = 7;

#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(32))]
struct IntSlot {
    key: u64,
    /// Row length; 0 marks an empty slot.
    n: u8,
    cls: [u8; INT_INLINE],
    /// The weights, or for longer rows the start of the row in the side array (first two).
    w: [i16; INT_INLINE],
}

/// The i16 weight rows of a model with few classes (at most 256), for summing integer scores
/// exactly as [`Model::add_int`] does: 32-byte slots holding the full key and up to seven
/// (class, weight) pairs, longer rows in a side array. Smaller than the model's dense table,
/// and one cache line per lookup.
#[derive(Clone, Debug, Default)]
pub struct IntTable {
    n_classes: usize,
    slots: Vec<IntSlot>,
    mask: usize,
    /// Longer rows, dense (`n_classes` weights each).
    side: Vec<i16>,
}

impl IntTable {
    /// The table of `model` (None when it has more than 256 classes).
    pub fn new(model: &Model) -> Option<IntTable> {
        if model.n_classes() > 256 {
            return None;
        }
        // Key 0 marks an empty slot of the model's dense table, so it is never found there.
        let usable = |k: u64, cs: &[u16]| k != 0 && !cs.is_empty();
        let n_classes = model.n_classes().max(1);
        let n_rows = model.rows().filter(|(k, cs, _)| usable(*k, cs)).count();
        let n = (n_rows * 2 + 1).next_power_of_two().max(16);
        let mask = n - 1;
        let mut slots = vec![IntSlot::default(); n];
        let mut side = Vec::new();
        for (key, cs, ws) in model.rows() {
            if !usable(key, cs) {
                continue;
            }
            let mut j = (key as usize) & mask;
            while slots[j].n != 0 && slots[j].key != key {
                j = (j + 1) & mask;
            }
            if slots[j].n != 0 {
                // A repeated key: the model's dense table finds the first row.
                continue;
            }
            // The model's dense row: later pairs of a class replace earlier ones.
            let mut row: Vec<(u8, i16)> = Vec::with_capacity(cs.len());
            for (&c, &w) in cs.iter().zip(ws) {
                let c = c as u8;
                match row.iter_mut().find(|(x, _)| *x == c) {
                    Some(p) => p.1 = w,
                    None => row.push((c, w)),
                }
            }
            row.retain(|&(_, w)| w != 0);
            let mut s = IntSlot {
                key,
                n: 0,
                ..IntSlot::default()
            };
            if row.len() <= INT_INLINE {
                for (k, &(c, w)) in row.iter().enumerate() {
                    s.cls[k] = c;
                    s.w[k] = w;
                }
            } else {
                let off = (side.len() / n_classes) as u32;
                s.w[0] = (off & 0xffff) as u16 as i16;
                s.w[1] = (off >> 16) as u16 as i16;
                let at = side.len();
                side.resize(at + n_classes, 0);
                for &(c, w) in &row {
                    if let Some(x) = side.get_mut(at + usize::from(c)) {
                        *x = w;
                    }
                }
            }
            // Rows longer than 255 pairs cannot occur (at most 256 classes, one pair each).
            s.n = row.len().min(255) as u8;
            if s.n == 0 {
                // All-zero rows add nothing, but the slot must still look occupied for probing
                // to be right: keep it as an inline row of one zero weight.
                s.n = 1;
            }
            slots[j] = s;
        }
        Some(IntTable {
            n_classes,
            slots,
            mask,
            side,
        })
    }

    /// Asks the CPU to load the slots of `feats` (a hint: changes no result).
    #[inline]
    pub fn prefetch(&self, feats: &[u64]) {
        prefetch_slots(&self.slots, self.mask, feats);
    }

    /// Adds the summed weights of `feats` per class into `acc`, as [`Model::add_int`] does.
    #[inline]
    pub fn add_int(&self, feats: &[u64], acc: &mut [i32]) {
        self.prefetch(feats);
        self.add_all(feats, acc);
    }

    /// [`IntTable::add_int`] without prefetching the slots (when that was done earlier): the
    /// inline rows are added as their slots are found, the long rows after all slots, so that
    /// their loads overlap too (integer sums do not depend on the order).
    #[inline]
    pub fn add_all(&self, feats: &[u64], acc: &mut [i32]) {
        let mut pending = [0u32; 64];
        let mut np = 0usize;
        for &f in feats {
            match self.find(f) {
                Some(s) if usize::from(s.n) <= INT_INLINE => {
                    for k in 0..usize::from(s.n) {
                        if let Some(a) = acc.get_mut(usize::from(s.cls[k])) {
                            *a += i32::from(s.w[k]);
                        }
                    }
                }
                Some(s) => {
                    let off = u32::from(s.w[0] as u16) | (u32::from(s.w[1] as u16) << 16);
                    if let Some(p) = pending.get_mut(np) {
                        if let Some(x) = self.side.get(off as usize * self.n_classes) {
                            prefetch_line(x);
                        }
                        *p = off;
                        np += 1;
                    } else {
                        self.add_side(off as usize, acc);
                    }
                }
                None => {}
            }
        }
        for &off in pending.get(..np).unwrap_or(&[]) {
            self.add_side(off as usize, acc);
        }
    }

    #[inline]
    fn add_side(&self, off: usize, acc: &mut [i32]) {
        let nc = self.n_classes;
        let row = self.side.get(off * nc..(off + 1) * nc).unwrap_or(&[]);
        for (a, &w) in acc.iter_mut().zip(row) {
            *a += i32::from(w);
        }
    }

    /// The slot of key `f`.
    #[inline]
    fn find(&self, f: u64) -> Option<&IntSlot> {
        if f == 0 {
            return None;
        }
        let mut j = (f as usize) & self.mask;
        loop {
            let s = self.slots.get(j)?;
            if s.n == 0 {
                return None;
            }
            if s.key == f {
                return Some(s);
            }
            j = (j + 1) & self.mask;
        }
    }

    /// Adds the row of one feature into `acc`.
    #[inline]
    pub fn add_one(&self, f: u64, acc: &mut [i32]) {
        if f == 0 {
            return;
        }
        let mut j = (f as usize) & self.mask;
        loop {
            let Some(s) = self.slots.get(j) else { return };
            if s.n == 0 {
                return;
            }
            if s.key == f {
                let n = usize::from(s.n);
                if n <= INT_INLINE {
                    for k in 0..n {
                        if let Some(a) = acc.get_mut(usize::from(s.cls[k])) {
                            *a += i32::from(s.w[k]);
                        }
                    }
                } else {
                    let nc = self.n_classes;
                    let off = usize::from(s.w[0] as u16) | (usize::from(s.w[1] as u16) << 16);
                    let row = self.side.get(off * nc..(off + 1) * nc).unwrap_or(&[]);
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += i32::from(w);
                    }
                }
                return;
            }
            j = (j + 1) & self.mask;
        }
    }
}

/// Asks the CPU to load the slot each feature hashes to (a hint: changes no result). Shared by
/// the tables, whose slots are indexed by `feature & mask`.
#[inline]
fn prefetch_slots<T>(slots: &[T], mask: usize, feats: &[u64]) {
    #[cfg(target_arch = "x86_64")]
    for &f in feats {
        if let Some(slot) = slots.get((f as usize) & mask) {
            // SAFETY: a prefetch never faults and reads nothing into the program; the pointer
            // is an element of `slots` anyway.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    std::ptr::from_ref(slot).cast::<i8>(),
                );
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slots, mask, feats);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FeatureBuf, Trainer};

    #[test]
    fn int_sums_like_the_dense_model() {
        let mut t = Trainer::new(17);
        let mut f = FeatureBuf::new();
        for i in 0..600u64 {
            f.clear();
            f.push_num("a", &[i % 37]);
            f.push_num("b", &[i % 5]);
            f.push_bias("bias");
            let p = t.predict(f.as_slice(), &mut Vec::new());
            t.update(f.as_slice(), (i * 7 % 17) as usize, p);
            t.tick();
        }
        let m = t.finish(0.0);
        assert!(m.is_dense());
        let table = IntTable::new(&m).unwrap();
        for i in 0..100u64 {
            f.clear();
            f.push_num("b", &[i % 13]);
            f.push_num("a", &[i]);
            f.push_bias("bias");
            f.push_num("zz", &[i]);
            f.keys.push(0);
            let mut a = vec![0i32; 17];
            m.add_int(f.as_slice(), &mut a);
            let mut b = vec![0i32; 17];
            table.add_int(f.as_slice(), &mut b);
            assert_eq!(a, b);
            let mut c = vec![0i32; 17];
            for &k in f.as_slice() {
                table.add_one(k, &mut c);
            }
            assert_eq!(a, c);
        }
    }

    #[test]
    fn sums_like_the_model() {
        let mut t = Trainer::new(40);
        let mut f = FeatureBuf::new();
        for i in 0..400u64 {
            f.clear();
            f.push_num("a", &[i % 37]);
            f.push_num("b", &[i % 11]);
            f.push_bias("bias");
            let p = t.predict(f.as_slice(), &mut Vec::new());
            t.update(f.as_slice(), (i % 40) as usize, p);
            t.tick();
        }
        let m = t.finish(0.0);
        let table = SparseTable::new(&m);
        for i in 0..100u64 {
            f.clear();
            f.push_num("b", &[i % 13]);
            f.push_num("a", &[i]);
            f.push_bias("bias");
            f.push_num("zz", &[i]);
            let mut a = Vec::new();
            m.scores(f.as_slice(), &mut a);
            let mut b = vec![0f32; 40];
            table.prefetch(f.as_slice());
            table.add_scores(f.as_slice(), &mut b);
            assert_eq!(
                a.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                b.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }
}
