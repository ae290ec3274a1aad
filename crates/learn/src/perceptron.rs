//! Sparse multiclass averaged perceptron: a trainer with lazy averaging, and the compact model it
//! produces (averaged weights quantized to i16, rare/small weights pruned).

use crate::file::{ModelError, Reader, Writer};
use rustc_hash::FxHashMap;

#[derive(Clone, Copy, Debug)]
struct Entry {
    class: u16,
    w: f32,
    total: f64,
    ts: u32,
}

/// Trains a multiclass perceptron over hashed features; `finish` gives the averaged model.
#[derive(Clone, Debug)]
pub struct Trainer {
    n_classes: usize,
    feats: FxHashMap<u64, Vec<Entry>>,
    time: u32,
}

impl Trainer {
    /// A trainer for `n_classes` classes (at most 65,536).
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes: n_classes.clamp(1, 1 << 16),
            feats: FxHashMap::default(),
            time: 0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Scores of every class (current, not averaged, weights) into `out`.
    pub fn scores(&self, feats: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        for f in feats {
            if let Some(es) = self.feats.get(f) {
                for e in es {
                    if let Some(s) = out.get_mut(e.class as usize) {
                        *s += e.w;
                    }
                }
            }
        }
    }

    /// The best class under the current weights (lowest index on ties).
    pub fn predict(&self, feats: &[u64], buf: &mut Vec<f32>) -> usize {
        self.scores(feats, buf);
        argmax(buf)
    }

    /// Marks the end of one training instance (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time = self.time.saturating_add(1);
    }

    /// The perceptron update: rewards `gold` and penalizes `pred` on `feats` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred {
            return;
        }
        for &f in feats {
            self.bump(f, gold, 1.0);
            self.bump(f, pred, -1.0);
        }
    }

    /// Adds `delta` to the weight of (`feature`, `class`).
    pub fn bump(&mut self, feature: u64, class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let time = self.time;
        let es = self.feats.entry(feature).or_default();
        let e = match es.iter_mut().position(|e| e.class as usize == class) {
            Some(i) => &mut es[i],
            None => {
                es.push(Entry {
                    class: class as u16,
                    w: 0.0,
                    total: 0.0,
                    ts: time,
                });
                let last = es.len() - 1;
                &mut es[last]
            }
        };
        e.total += f64::from(time - e.ts) * f64::from(e.w);
        e.ts = time;
        e.w += delta;
    }

    /// Averages the weights, drops those with |w| < `min_abs`, quantizes the rest.
    pub fn finish(self, min_abs: f32) -> Model {
        let time = f64::from(self.time.max(1));
        let mut keys: Vec<u64> = self.feats.keys().copied().collect();
        keys.sort_unstable();
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(keys.len());
        let mut max_abs = 0f32;
        for k in keys {
            let Some(es) = self.feats.get(&k) else {
                continue;
            };
            let mut row: Vec<(u16, f32)> = es
                .iter()
                .map(|e| {
                    let total = e.total + f64::from(self.time - e.ts) * f64::from(e.w);
                    (e.class, (total / time) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_abs && w != 0.0)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_by_key(|&(c, _)| c);
            for &(_, w) in &row {
                max_abs = max_abs.max(w.abs());
            }
            rows.push((k, row));
        }
        Model::from_rows(self.n_classes, rows, max_abs)
    }
}

fn slot_key(slot: &[i16]) -> u64 {
    let mut b = [0u8; 8];
    for (j, x) in slot.iter().take(4).enumerate() {
        let [lo, hi] = x.to_le_bytes();
        b[2 * j] = lo;
        b[2 * j + 1] = hi;
    }
    u64::from_le_bytes(b)
}

/// Index of the largest score (lowest index on ties; 0 for an empty slice).
pub fn argmax(v: &[f32]) -> usize {
    let mut best = 0;
    let mut bv = f32::NEG_INFINITY;
    for (i, &x) in v.iter().enumerate() {
        if x > bv {
            bv = x;
            best = i;
        }
    }
    best
}

/// An averaged, quantized perceptron: feature key → sparse (class, weight) row.
#[derive(Clone, Debug)]
pub struct Model {
    n_classes: usize,
    scale: f32,
    keys: Vec<u64>,
    counts: Vec<u16>,
    classes: Vec<u16>,
    weights: Vec<i16>,
    index: FxHashMap<u64, (u32, u32)>,
    /// For models with few classes: an open-addressing table whose slots hold the key (as four
    /// i16) followed by the dense row of class weights, so a lookup touches one cache line.
    dense: Vec<i16>,
    dense_mask: usize,
}

/// Models with at most this many classes get the dense lookup table.
const DENSE_MAX_CLASSES: usize = 32;

impl Model {
    fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>, max_abs: f32) -> Model {
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let mut m = Model {
            n_classes,
            scale,
            keys: Vec::with_capacity(rows.len()),
            counts: Vec::with_capacity(rows.len()),
            classes: Vec::new(),
            weights: Vec::new(),
            index: FxHashMap::default(),
            dense: Vec::new(),
            dense_mask: 0,
        };
        for (k, row) in rows {
            let q: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            if q.is_empty() {
                continue;
            }
            m.keys.push(k);
            m.counts.push(q.len().min(u16::MAX as usize) as u16);
            for (c, w) in q.into_iter().take(u16::MAX as usize) {
                m.classes.push(c);
                m.weights.push(w);
            }
        }
        m.build_index();
        m
    }

    fn build_index(&mut self) {
        if self.n_classes <= DENSE_MAX_CLASSES {
            self.build_dense();
            return;
        }
        let mut index = FxHashMap::default();
        index.reserve(self.keys.len());
        let mut start = 0u32;
        for (k, &n) in self.keys.iter().zip(&self.counts) {
            let end = start + u32::from(n);
            index.insert(*k, (start, end));
            start = end;
        }
        self.index = index;
    }

    fn build_dense(&mut self) {
        let stride = 4 + self.n_classes;
        let slots = (self.keys.len() * 10 / 7 + 1).next_power_of_two().max(16);
        self.dense_mask = slots - 1;
        self.dense = vec![0i16; slots * stride];
        let mut start = 0usize;
        for (&k, &n) in self.keys.iter().zip(&self.counts) {
            let end = start + n as usize;
            let mut i = (k as usize) & self.dense_mask;
            loop {
                let slot = &mut self.dense[i * stride..(i + 1) * stride];
                if slot_key(slot) == 0 {
                    for (j, part) in k.to_le_bytes().chunks_exact(2).enumerate() {
                        slot[j] = i16::from_le_bytes([part[0], part[1]]);
                    }
                    if let (Some(cs), Some(ws)) =
                        (self.classes.get(start..end), self.weights.get(start..end))
                    {
                        for (&c, &w) in cs.iter().zip(ws) {
                            if let Some(x) = slot.get_mut(4 + c as usize) {
                                *x = w;
                            }
                        }
                    }
                    break;
                }
                i = (i + 1) & self.dense_mask;
            }
            start = end;
        }
    }

    fn dense_row(&self, key: u64) -> Option<&[i16]> {
        if key == 0 || self.dense.is_empty() {
            return None;
        }
        let stride = 4 + self.n_classes;
        let mut i = (key as usize) & self.dense_mask;
        loop {
            let slot = self.dense.get(i * stride..(i + 1) * stride)?;
            let k = slot_key(slot);
            if k == key {
                return slot.get(4..);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & self.dense_mask;
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Asks the CPU to load the first table slot of every feature, so the cache misses of one
    /// instance overlap instead of coming one after the other (the table is larger than the
    /// caches). Changes no result.
    #[inline]
    fn prefetch(&self, feats: &[u64]) {
        #[cfg(target_arch = "x86_64")]
        {
            let stride = 4 + self.n_classes;
            for &f in feats {
                if let Some(slot) = self.dense.get(((f as usize) & self.dense_mask) * stride) {
                    // SAFETY: a prefetch is only a hint: it never faults and reads nothing into
                    // the program; the pointer is an element of `self.dense` anyway.
                    unsafe {
                        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                            std::ptr::from_ref(slot).cast::<i8>(),
                        );
                    }
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = feats;
    }

    /// The factor that turns the stored i16 weights into scores.
    pub fn scale(&self) -> f32 {
        self.scale
    }

    /// Every stored row: feature key, classes and their i16 weights (in file order).
    pub fn rows(&self) -> impl Iterator<Item = (u64, &[u16], &[i16])> + '_ {
        let mut start = 0usize;
        self.keys.iter().zip(&self.counts).map(move |(&k, &n)| {
            let end = start + usize::from(n);
            let r = (
                k,
                self.classes.get(start..end).unwrap_or(&[]),
                self.weights.get(start..end).unwrap_or(&[]),
            );
            start = end;
            r
        })
    }

    /// Whether the model has the dense table (few classes): then [`Model::add_int`] works.
    pub fn is_dense(&self) -> bool {
        !self.dense.is_empty()
    }

    /// For a dense model, adds the summed i16 weights of `feats` per class into `acc` (the
    /// integer sums [`Model::add_scores`] scales: `score = sum as f32 * scale()`); integer
    /// sums do not depend on the order, so rows may be summed in parts. No-op otherwise.
    pub fn add_int(&self, feats: &[u64], acc: &mut [i32]) {
        if self.dense.is_empty() {
            return;
        }
        self.prefetch(feats);
        for &f in feats {
            if let Some(row) = self.dense_row(f) {
                for (a, &w) in acc.iter_mut().zip(row) {
                    *a += i32::from(w);
                }
            }
        }
    }

    /// Number of features and of non-zero weights.
    pub fn size(&self) -> (usize, usize) {
        (self.keys.len(), self.weights.len())
    }

    /// Adds the scores of every class for `feats` into `out` (which must hold `n_classes` values).
    pub fn add_scores(&self, feats: &[u64], out: &mut [f32]) {
        if !self.dense.is_empty() {
            self.prefetch(feats);
            let mut acc = [0i32; DENSE_MAX_CLASSES];
            for &f in feats {
                if let Some(row) = self.dense_row(f) {
                    for (a, &w) in acc.iter_mut().zip(row) {
                        *a += i32::from(w);
                    }
                }
            }
            for (o, &a) in out.iter_mut().zip(&acc) {
                *o += a as f32 * self.scale;
            }
            return;
        }
        for f in feats {
            if let Some(&(a, b)) = self.index.get(f) {
                let (a, b) = (a as usize, b as usize);
                if let (Some(cs), Some(ws)) = (self.classes.get(a..b), self.weights.get(a..b)) {
                    for (&c, &w) in cs.iter().zip(ws) {
                        if let Some(s) = out.get_mut(c as usize) {
                            *s += f32::from(w) * self.scale;
                        }
                    }
                }
            }
        }
    }

    /// Scores of every class for `feats`.
    pub fn scores(&self, feats: &[u64], out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.n_classes, 0.0);
        self.add_scores(feats, out);
    }

    pub fn write(&self, w: &mut Writer) {
        w.u32(self.n_classes as u32);
        w.f32(self.scale);
        w.u32(self.keys.len() as u32);
        w.u32(self.weights.len() as u32);
        for &k in &self.keys {
            w.u64(k);
        }
        for &c in &self.counts {
            w.u16(c);
        }
        for &c in &self.classes {
            w.u16(c);
        }
        for &x in &self.weights {
            w.u16(x as u16);
        }
    }

    pub fn read(r: &mut Reader<'_>) -> Result<Model, ModelError> {
        let n_classes = r.u32()? as usize;
        let scale = r.f32()?;
        let nk = r.u32()? as usize;
        let nw = r.u32()? as usize;
        let kb = r.take(nk.checked_mul(8).ok_or(ModelError::Truncated)?)?;
        let cb = r.take(nk * 2)?;
        let clb = r.take(nw.checked_mul(2).ok_or(ModelError::Truncated)?)?;
        let wb = r.take(nw * 2)?;
        let keys: Vec<u64> = kb
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
            .collect();
        let counts: Vec<u16> = cb
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let classes: Vec<u16> = clb
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        let weights: Vec<i16> = wb
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect();
        let total: usize = counts.iter().map(|&c| c as usize).sum();
        if total != nw || classes.iter().any(|&c| c as usize >= n_classes) || !scale.is_finite() {
            return Err(ModelError::Corrupt(
                "perceptron weights are inconsistent".into(),
            ));
        }
        let mut m = Model {
            n_classes,
            scale,
            keys,
            counts,
            classes,
            weights,
            index: FxHashMap::default(),
            dense: Vec::new(),
            dense_mask: 0,
        };
        m.build_index();
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hash::FeatureBuf;

    fn feats(word: &str) -> Vec<u64> {
        let mut f = FeatureBuf::new();
        f.push_bias("bias");
        f.push("w", &[word]);
        f.push("suf", &[&word[word.len().saturating_sub(2)..]]);
        f.keys
    }

    #[test]
    fn learns_a_toy_problem_and_round_trips() {
        let data = [
            ("running", 1),
            ("dog", 0),
            ("eating", 1),
            ("cat", 0),
            ("sing", 1),
            ("hat", 0),
        ];
        let mut t = Trainer::new(2);
        let mut buf = Vec::new();
        for _ in 0..5 {
            for (w, y) in data {
                let f = feats(w);
                let p = t.predict(&f, &mut buf);
                t.update(&f, y, p);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        let mut out = Vec::new();
        m.scores(&feats("jumping"), &mut out);
        assert_eq!(argmax(&out), 1);
        let mut w = Writer::new();
        m.write(&mut w);
        let bytes = w.into_inner();
        let m2 = Model::read(&mut Reader::new(&bytes)).unwrap();
        let mut out2 = Vec::new();
        m2.scores(&feats("jumping"), &mut out2);
        assert_eq!(out, out2);
        assert!(Model::read(&mut Reader::new(&bytes[..bytes.len() - 1])).is_err());
    }
}
