//! A three-class averaged perceptron trainer for the transition classifier: the arithmetic of
//! `learn::Trainer` (lazy averaging, same update order, same pruning and i16 quantization, same
//! serialized rows, so the same updates give the same bytes), but its weights sit in one
//! open-addressing table with the three classes of a feature side by side, instead of a hash
//! map of vectors: one probe per feature instead of a hash look-up plus a pointer chase.

use learn::Writer;

#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    w: f32,
    ts: u32,
    total: f64,
}

#[derive(Clone, Copy, Debug, Default)]
struct Row {
    /// Which classes were ever updated (bit per class): the others are left out of the model
    /// rows, as `learn::Trainer` has no entry for them.
    touched: u8,
    cells: [Cell; 3],
}

/// Trains a three-class perceptron over hashed features.
#[derive(Clone, Debug)]
pub(crate) struct Trainer3 {
    /// Slot → row index + 1 (0: empty).
    slots: Vec<u32>,
    keys: Vec<u64>,
    rows: Vec<Row>,
    time: u32,
}

impl Default for Trainer3 {
    fn default() -> Self {
        Trainer3 {
            slots: vec![0; 1 << 16],
            keys: Vec::new(),
            rows: Vec::new(),
            time: 0,
        }
    }
}

/// The home slot of `key` in a table of `mask + 1` slots.
#[inline]
fn home(key: u64, mask: usize) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

impl Trainer3 {
    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut j = home(key, mask);
        loop {
            let r = self.slots[j];
            if r == 0 {
                return None;
            }
            let i = (r - 1) as usize;
            if self.keys[i] == key {
                return Some(i);
            }
            j = (j + 1) & mask;
        }
    }

    fn find_or_insert(&mut self, key: u64) -> usize {
        if let Some(i) = self.find(key) {
            return i;
        }
        if 2 * (self.keys.len() + 1) > self.slots.len() {
            let n = self.slots.len() * 2;
            self.slots = vec![0; n];
            for (i, &k) in self.keys.iter().enumerate() {
                let mut j = home(k, n - 1);
                while self.slots[j] != 0 {
                    j = (j + 1) & (n - 1);
                }
                self.slots[j] = i as u32 + 1;
            }
        }
        let mask = self.slots.len() - 1;
        let mut j = home(key, mask);
        while self.slots[j] != 0 {
            j = (j + 1) & mask;
        }
        self.keys.push(key);
        self.rows.push(Row::default());
        self.slots[j] = self.keys.len() as u32;
        self.keys.len() - 1
    }

    /// Scores of the three classes under the current weights.
    #[inline]
    pub fn scores(&self, feats: &[u64]) -> [f32; 3] {
        let mut s = [0f32; 3];
        for &f in feats {
            if let Some(i) = self.find(f) {
                let row = &self.rows[i];
                for (c, x) in s.iter_mut().enumerate() {
                    if row.touched & (1 << c) != 0 {
                        *x += row.cells[c].w;
                    }
                }
            }
        }
        s
    }

    /// Marks the end of one training instance.
    pub fn tick(&mut self) {
        self.time = self.time.saturating_add(1);
    }

    /// Rewards `gold` and penalizes `pred` on `feats` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], gold: usize, pred: usize) {
        if gold == pred || gold >= 3 || pred >= 3 {
            return;
        }
        for &f in feats {
            self.bump(f, gold, 1.0);
            self.bump(f, pred, -1.0);
        }
    }

    fn bump(&mut self, feature: u64, class: usize, delta: f32) {
        let time = self.time;
        let i = self.find_or_insert(feature);
        let row = &mut self.rows[i];
        let e = &mut row.cells[class];
        if row.touched & (1 << class) == 0 {
            row.touched |= 1 << class;
            *e = Cell {
                w: 0.0,
                ts: time,
                total: 0.0,
            };
        }
        e.total += f64::from(time - e.ts) * f64::from(e.w);
        e.ts = time;
        e.w += delta;
    }

    /// The averaged rows, weights with |w| < `min_abs` pruned, quantized and serialized as
    /// `learn::Model::write` does.
    pub fn finish(&self, min_abs: f32) -> Vec<u8> {
        let time = f64::from(self.time.max(1));
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&i| self.keys[i]);
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(order.len());
        let mut max_abs = 0f32;
        for i in order {
            let r = &self.rows[i];
            let row: Vec<(u16, f32)> = (0..3)
                .filter(|&c| r.touched & (1 << c) != 0)
                .map(|c| {
                    let e = &r.cells[c];
                    let total = e.total + f64::from(self.time - e.ts) * f64::from(e.w);
                    (c as u16, (total / time) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_abs && w != 0.0)
                .collect();
            if row.is_empty() {
                continue;
            }
            for &(_, w) in &row {
                max_abs = max_abs.max(w.abs());
            }
            rows.push((self.keys[i], row));
        }
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        let (mut keys, mut counts, mut classes, mut weights) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (k, row) in rows {
            let q: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            if q.is_empty() {
                continue;
            }
            keys.push(k);
            counts.push(q.len() as u16);
            for (c, w) in q {
                classes.push(c);
                weights.push(w);
            }
        }
        let mut w = Writer::new();
        w.u32(3);
        w.f32(scale);
        w.u32(keys.len() as u32);
        w.u32(weights.len() as u32);
        for &k in &keys {
            w.u64(k);
        }
        for &c in &counts {
            w.u16(c);
        }
        for &c in &classes {
            w.u16(c);
        }
        for &x in &weights {
            w.u16(x as u16);
        }
        w.into_inner()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use learn::{SplitMix64, Trainer};

    #[test]
    fn same_bytes_as_the_learn_trainer() {
        let mut a = Trainer::new(3);
        let mut b = Trainer3::default();
        let mut rng = SplitMix64::new(7);
        let mut buf = Vec::new();
        for _ in 0..20_000 {
            let feats: Vec<u64> = (0..6).map(|_| rng.below(5000) * 0x1234_5677 + 1).collect();
            a.scores(&feats, &mut buf);
            let s = b.scores(&feats);
            assert_eq!(&buf[..], &s[..]);
            let (g, p) = (rng.below(3) as usize, rng.below(3) as usize);
            a.update(&feats, g, p);
            b.update(&feats, g, p);
            a.tick();
            b.tick();
        }
        for min in [0.0, 0.5, 2.0] {
            let mut w = Writer::new();
            a.clone().finish(min).write(&mut w);
            assert_eq!(w.into_inner(), b.finish(min));
        }
    }
}
