//! Read-only weight tables for decoding, built from the averaged perceptron rows that
//! `learn::Model::write` stores (the model file format is unchanged).
//!
//! Both tables are open-addressing hash tables of 8-byte slots, probed linearly from the low bits
//! of the feature key; a slot keeps 16 high bits of its key as a check (never 0: 0 marks an empty
//! slot), so a lookup usually touches one cache line and needs no second indirection.
//!
//! * [`Dense3`]: three classes (the SHIFT/LEFT/RIGHT transition classifier); a slot holds the
//!   check and the three i16 weights.
//! * [`Sparse`]: many classes (the relation classifier); a slot holds the check, the row length
//!   and the row start in a shared array of (class, weight) pairs.

use learn::{ModelError, Reader};

/// The check of `key`: its top 16 bits, never 0.
#[inline]
fn check(key: u64) -> u64 {
    (key >> 48) | 1
}

/// The rows of a serialized `learn::Model`: classes, scale, and per feature key its sorted
/// (class, weight) pairs.
pub(crate) struct Rows {
    pub n_classes: usize,
    #[cfg_attr(not(test), allow(dead_code))]
    pub scale: f32,
    pub keys: Vec<u64>,
    /// Row of key `i`: `pairs[starts[i]..starts[i + 1]]`.
    pub starts: Vec<usize>,
    pub pairs: Vec<(u16, i16)>,
}

impl Rows {
    /// Reads what `learn::Model::write` wrote.
    pub fn read(r: &mut Reader<'_>) -> Result<Rows, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let nk = r.u32()? as usize;
        let nw = r.u32()? as usize;
        let kb = r.take(nk.checked_mul(8).ok_or(ModelError::Truncated)?)?;
        let cb = r.take(nk.checked_mul(2).ok_or(ModelError::Truncated)?)?;
        let clb = r.take(nw.checked_mul(2).ok_or(ModelError::Truncated)?)?;
        let wb = r.take(nw.checked_mul(2).ok_or(ModelError::Truncated)?)?;
        let keys: Vec<u64> = kb
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let mut starts = Vec::with_capacity(nk + 1);
        let mut total = 0usize;
        starts.push(0);
        for c in cb.chunks_exact(2) {
            total += usize::from(u16::from_le_bytes([c[0], c[1]]));
            starts.push(total);
        }
        let pairs: Vec<(u16, i16)> = clb
            .chunks_exact(2)
            .zip(wb.chunks_exact(2))
            .map(|(c, w)| {
                (
                    u16::from_le_bytes([c[0], c[1]]),
                    i16::from_le_bytes([w[0], w[1]]),
                )
            })
            .collect();
        if total != nw
            || pairs.iter().any(|&(c, _)| usize::from(c) >= n_classes)
            || !scale.is_finite()
            || scale <= 0.0
        {
            return Err(ModelError::Corrupt(
                "perceptron weights are inconsistent".into(),
            ));
        }
        Ok(Rows {
            n_classes,
            scale,
            keys,
            starts,
            pairs,
        })
    }

    fn row(&self, i: usize) -> &[(u16, i16)] {
        &self.pairs[self.starts[i]..self.starts[i + 1]]
    }
}

/// Slots for `n` keys at a load of at most one half.
fn n_slots(n: usize) -> usize {
    (2 * n + 1).next_power_of_two().max(16)
}

/// Asks the CPU to load the cache line of `slot` (a hint: changes no result).
#[inline(always)]
fn prefetch<T>(slot: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch never faults and reads nothing into the program; the pointer is a
    // reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            std::ptr::from_ref(slot).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = slot;
}

/// Three-class weights in 4-byte slots: check (8 bits) | c2 | c1 | c0, each `c` an 8-bit
/// logarithmic code of an i16 weight (127 magnitudes spread geometrically from the smallest to
/// the largest weight, under 3% apart), so the table is half the size of i16 slots and more of
/// it stays in the caches.
#[derive(Clone, Debug, Default)]
pub(crate) struct Dense3 {
    slots: Vec<u32>,
    mask: usize,
    /// Code → weight.
    values: Vec<i32>,
}

/// The 8-bit check of `key` (never 0).
#[inline(always)]
fn check8(key: u64) -> u32 {
    ((key >> 56) as u32).max(1)
}

impl Dense3 {
    pub fn new(rows: &Rows) -> Dense3 {
        let n = (2 * rows.keys.len() + 1).next_power_of_two().max(16);
        let mask = n - 1;
        let mags = rows.pairs.iter().map(|&(_, w)| f64::from(w.unsigned_abs()));
        let lo = mags.clone().filter(|&x| x > 0.0).fold(f64::MAX, f64::min);
        let hi = mags.fold(0.0, f64::max);
        let (lo, hi) = if hi > 0.0 {
            (lo.min(hi), hi)
        } else {
            (1.0, 1.0)
        };
        let ratio = if hi > lo { (hi / lo).ln() / 126.0 } else { 1.0 };
        let level = |k: u32| (lo * (ratio * f64::from(k - 1)).exp()).round() as i32;
        let mut values = vec![0i32; 256];
        for k in 1..=127u32 {
            values[k as usize] = level(k);
            values[(256 - k) as usize] = -level(k);
        }
        let code = |w: i16| -> u32 {
            if w == 0 {
                return 0;
            }
            let m = f64::from(w.unsigned_abs());
            let k = if hi > lo {
                (1.0 + (m / lo).ln() / ratio).round().clamp(1.0, 127.0) as u32
            } else {
                1
            };
            if w > 0 { k } else { 256 - k }
        };
        let mut slots = vec![0u32; n];
        for (i, &k) in rows.keys.iter().enumerate() {
            let mut c = [0u32; 3];
            for &(cl, x) in rows.row(i) {
                if let Some(o) = c.get_mut(usize::from(cl)) {
                    *o = code(x);
                }
            }
            let v = (check8(k) << 24) | (c[2] << 16) | (c[1] << 8) | c[0];
            let mut j = (k as usize) & mask;
            while slots[j] != 0 {
                j = (j + 1) & mask;
            }
            slots[j] = v;
        }
        Dense3 {
            slots,
            mask,
            values,
        }
    }

    /// The summed integer weights of the three classes over `feats` (the model's scale left out:
    /// it changes no ranking).
    #[inline]
    pub fn scores(&self, feats: &[u64]) -> [i32; 3] {
        let mask = self.mask;
        let slots = &self.slots[..];
        let Some(values) = self.values.get(..256) else {
            return [0; 3];
        };
        for &f in feats {
            prefetch(&slots[(f as usize) & mask]);
        }
        let (mut a, mut b, mut c) = (0i32, 0i32, 0i32);
        for &f in feats {
            let want = check8(f);
            let mut j = (f as usize) & mask;
            loop {
                let v = slots[j];
                if v == 0 {
                    break;
                }
                if v >> 24 == want {
                    a += values[(v & 0xff) as usize];
                    b += values[((v >> 8) & 0xff) as usize];
                    c += values[((v >> 16) & 0xff) as usize];
                    break;
                }
                j = (j + 1) & mask;
            }
        }
        [a, b, c]
    }
}

/// Many-class weights: slot = check (16 bits) | row length (16 bits) | row start (32 bits) in
/// `pairs` (class in the low 16 bits, weight in the high 16 bits).
#[derive(Clone, Debug, Default)]
pub(crate) struct Sparse {
    slots: Vec<u64>,
    mask: usize,
    pairs: Vec<u32>,
    pub n_classes: usize,
}

impl Sparse {
    pub fn new(rows: &Rows) -> Sparse {
        let n = n_slots(rows.keys.len());
        let mask = n - 1;
        let mut slots = vec![0u64; n];
        let mut pairs = Vec::with_capacity(rows.pairs.len());
        for (i, &k) in rows.keys.iter().enumerate() {
            let row = rows.row(i);
            let start = pairs.len() as u64;
            let len = row.len().min(usize::from(u16::MAX)) as u64;
            pairs.extend(
                row.iter()
                    .take(len as usize)
                    .map(|&(c, w)| u32::from(c) | (u32::from(w as u16) << 16)),
            );
            let v = (check(k) << 48) | (len << 32) | start;
            let mut j = (k as usize) & mask;
            while slots[j] != 0 {
                j = (j + 1) & mask;
            }
            slots[j] = v;
        }
        Sparse {
            slots,
            mask,
            pairs,
            n_classes: rows.n_classes,
        }
    }

    /// Adds the integer weights of every class over `feats` into `out` (`n_classes` values).
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [i32]) {
        let mask = self.mask;
        let slots = &self.slots[..];
        if slots.is_empty() {
            return;
        }
        for &f in feats {
            prefetch(&slots[(f as usize) & mask]);
        }
        for &f in feats {
            let want = check(f);
            let mut j = (f as usize) & mask;
            loop {
                let v = slots[j];
                if v == 0 {
                    break;
                }
                if v >> 48 == want {
                    let start = (v & 0xffff_ffff) as usize;
                    let len = ((v >> 32) & 0xffff) as usize;
                    if let Some(row) = self.pairs.get(start..start + len) {
                        for &p in row {
                            if let Some(o) = out.get_mut((p & 0xffff) as usize) {
                                *o += i32::from((p >> 16) as u16 as i16);
                            }
                        }
                    }
                    break;
                }
                j = (j + 1) & mask;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learn::{Trainer, Writer};

    #[test]
    fn tables_agree_with_the_model() {
        let mut t = Trainer::new(3);
        let mut r = Trainer::new(40);
        for i in 0..2000u64 {
            let f = [i.wrapping_mul(0x9e37_79b9_7f4a_7c15), 7];
            t.update(&f, (i % 3) as usize, ((i + 1) % 3) as usize);
            r.update(&f, (i % 40) as usize, ((i * 7 + 1) % 40) as usize);
            t.tick();
            r.tick();
        }
        let (tm, rm) = (t.finish(0.0), r.finish(0.0));
        let mut w = Writer::new();
        tm.write(&mut w);
        rm.write(&mut w);
        let bytes = w.into_inner();
        let mut rd = Reader::new(&bytes);
        let (dr, sr) = (Rows::read(&mut rd).unwrap(), Rows::read(&mut rd).unwrap());
        let (d, s) = (Dense3::new(&dr), Sparse::new(&sr));
        assert!(rd.is_empty());
        // (Key 0 is left out: `learn` reserves it.)
        for i in [1u64, 5, 77, 1999, 5000] {
            let f = [i.wrapping_mul(0x9e37_79b9_7f4a_7c15), 7, 12345];
            let mut want = Vec::new();
            tm.scores(&f, &mut want);
            let got = d.scores(&f);
            // Log codes: each weight within 3% of its i16 value.
            let tol = 0.05 * want.iter().fold(1.0f32, |m, x| m.max(x.abs()));
            for c in 0..3 {
                assert!((got[c] as f32 * dr.scale - want[c]).abs() < tol);
            }
            rm.scores(&f, &mut want);
            let mut got = vec![0i32; 40];
            s.add_scores(&f, &mut got);
            for c in 0..40 {
                assert!((got[c] as f32 * sr.scale - want[c]).abs() < 1e-3 * want[c].abs().max(1.0));
            }
        }
    }
}
