//! Read-only weight tables for decoding, built from the averaged perceptron rows that
//! `learn::Model::write` stores (the model file format is unchanged).
//!
//! Both tables are open-addressing hash tables probed linearly from the low bits of the feature
//! key; a slot keeps a few high bits of its key as a check (never 0: 0 marks an empty slot), so
//! a lookup usually touches one cache line and needs no second indirection. Weights are stored
//! as one-byte logarithmic codes (127 magnitudes per sign, under 3% apart; measured: no loss on
//! EWT dev), which halves the tables, so more of them stay in the caches.
//!
//! * [`Dense3`]: three classes (the SHIFT/LEFT/RIGHT transition classifier), 4-byte slots.
//! * [`Sparse`]: many classes (the relation classifier), 16-byte slots holding rows of up to
//!   four (class, code) pairs, longer rows in a side array.

use learn::{ModelError, Reader};

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
        let book = Codebook::new(rows.pairs.iter().map(|&(_, w)| w));
        let code = |w: i16| u32::from(book.code(w));
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
            values: book.values,
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

/// Log codes of i16 weights: 127 magnitudes spread geometrically from the smallest to the
/// largest weight of `weights` (under 3% apart), so a weight fits in one byte.
struct Codebook {
    /// Code → weight.
    values: Vec<i32>,
    /// Magnitude → code.
    codes: Vec<u8>,
}

impl Codebook {
    fn new(weights: impl Iterator<Item = i16> + Clone) -> Codebook {
        let mags = weights.map(|w| f64::from(w.unsigned_abs()));
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
        let codes = (0..=32767u16)
            .map(|m| {
                if m == 0 {
                    0
                } else if hi > lo {
                    (1.0 + (f64::from(m) / lo).ln() / ratio)
                        .round()
                        .clamp(1.0, 127.0) as u8
                } else {
                    1
                }
            })
            .collect();
        Codebook { values, codes }
    }

    fn code(&self, w: i16) -> u8 {
        let c = self.codes[usize::from(w.unsigned_abs().min(32767))];
        if w >= 0 || c == 0 {
            c
        } else {
            (256 - u16::from(c)) as u8
        }
    }
}

/// One slot of [`Sparse`]: rows of up to four (class, code) pairs sit in the slot itself, longer
/// ones in `Sparse::pairs` from `start`.
#[derive(Clone, Copy, Debug, Default)]
#[repr(C, align(16))]
struct RowSlot {
    check: u16,
    len: u16,
    start: u32,
    /// Class in the low byte, code in the high byte.
    inline: [u16; 4],
}

/// Many-class weights (the relation classifier): 16-byte slots, most rows inside their slot,
/// weights as one-byte log codes.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sparse {
    slots: Vec<RowSlot>,
    mask: usize,
    pairs: Vec<u16>,
    values: Vec<i32>,
    pub n_classes: usize,
}

/// The 16-bit check of `key` (never 0).
#[inline(always)]
fn check16(key: u64) -> u16 {
    ((key >> 48) as u16).max(1)
}

impl Sparse {
    pub fn new(rows: &Rows) -> Sparse {
        let book = Codebook::new(rows.pairs.iter().map(|&(_, w)| w));
        let n = (2 * rows.keys.len() + 1).next_power_of_two().max(16);
        let mask = n - 1;
        let mut slots = vec![RowSlot::default(); n];
        let mut pairs = Vec::new();
        for (i, &k) in rows.keys.iter().enumerate() {
            let row: Vec<u16> = rows
                .row(i)
                .iter()
                .filter(|&&(c, _)| c < 256)
                .map(|&(c, w)| c | (u16::from(book.code(w)) << 8))
                .collect();
            let mut slot = RowSlot {
                check: check16(k),
                len: row.len().min(usize::from(u16::MAX)) as u16,
                start: 0,
                inline: [0; 4],
            };
            if row.len() <= 4 {
                slot.inline[..row.len()].copy_from_slice(&row);
            } else {
                slot.start = pairs.len() as u32;
                pairs.extend_from_slice(&row[..usize::from(slot.len)]);
            }
            let mut j = (k as usize) & mask;
            while slots[j].check != 0 {
                j = (j + 1) & mask;
            }
            slots[j] = slot;
        }
        Sparse {
            slots,
            mask,
            pairs,
            values: book.values,
            n_classes: rows.n_classes,
        }
    }

    /// Adds the integer weights of every class over `feats` into `out` (`n_classes` values).
    #[inline]
    pub fn add_scores(&self, feats: &[u64], out: &mut [i32]) {
        let mask = self.mask;
        let slots = &self.slots[..];
        let Some(values) = self.values.get(..256) else {
            return;
        };
        for &f in feats {
            prefetch(&slots[(f as usize) & mask]);
        }
        let mut add = |p: u16| {
            if let Some(o) = out.get_mut(usize::from(p & 0xff)) {
                *o += values[usize::from(p >> 8)];
            }
        };
        for &f in feats {
            let want = check16(f);
            let mut j = (f as usize) & mask;
            loop {
                let s = &slots[j];
                if s.check == 0 {
                    break;
                }
                if s.check == want {
                    let len = usize::from(s.len);
                    if len <= 4 {
                        for &p in &s.inline[..len] {
                            add(p);
                        }
                    } else {
                        let a = s.start as usize;
                        for &p in self.pairs.get(a..a + len).unwrap_or_default() {
                            add(p);
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
            let tol = 0.05 * want.iter().fold(1.0f32, |m, x| m.max(x.abs()));
            for c in 0..40 {
                assert!((got[c] as f32 * sr.scale - want[c]).abs() < tol);
            }
        }
    }
}
