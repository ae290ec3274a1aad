//! CoNLL-2012 coreference metrics: MUC, B³ and CEAFe, accumulated over documents (micro average,
//! as the reference scorer does) and their mean, the CoNLL F1.
//!
//! A clustering is a list of clusters, each a list of mentions; a mention is any `Ord` value
//! (usually a token span). Mentions present in one clustering but not the other ("twinless") are
//! treated as the reference scorer v8 does: they count as singletons of their own side.

use std::collections::{BTreeMap, BTreeSet};

/// Precision, recall and F1 of one metric.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn from_parts(p_num: f64, p_den: f64, r_num: f64, r_den: f64) -> Prf {
        let precision = if p_den > 0.0 { p_num / p_den } else { 0.0 };
        let recall = if r_den > 0.0 { r_num / r_den } else { 0.0 };
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// Numerators and denominators of the three metrics, summed over documents.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub muc_r: (f64, f64),
    pub muc_p: (f64, f64),
    pub b3_r: (f64, f64),
    pub b3_p: (f64, f64),
    /// Sum of aligned φ4 similarities, number of key entities, number of response entities.
    pub ceafe: (f64, f64, f64),
    pub documents: usize,
}

/// The three metrics and their average.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scores {
    pub muc: Prf,
    pub b3: Prf,
    pub ceafe: Prf,
    /// Mean of the three F1 values (the CoNLL-2012 score).
    pub conll_f1: f64,
}

impl Counts {
    /// Adds one document's key (gold) and response (system) clusterings.
    pub fn add<M: Ord + Clone>(&mut self, key: &[Vec<M>], response: &[Vec<M>]) {
        let key = normalize(key);
        let response = normalize(response);
        let (n, d) = muc(&key, &response);
        self.muc_r.0 += n;
        self.muc_r.1 += d;
        let (n, d) = muc(&response, &key);
        self.muc_p.0 += n;
        self.muc_p.1 += d;
        let (n, d) = b_cubed(&key, &response);
        self.b3_r.0 += n;
        self.b3_r.1 += d;
        let (n, d) = b_cubed(&response, &key);
        self.b3_p.0 += n;
        self.b3_p.1 += d;
        self.ceafe.0 += ceaf_e(&key, &response);
        self.ceafe.1 += key.len() as f64;
        self.ceafe.2 += response.len() as f64;
        self.documents += 1;
    }

    pub fn merge(&mut self, other: &Counts) {
        self.muc_r.0 += other.muc_r.0;
        self.muc_r.1 += other.muc_r.1;
        self.muc_p.0 += other.muc_p.0;
        self.muc_p.1 += other.muc_p.1;
        self.b3_r.0 += other.b3_r.0;
        self.b3_r.1 += other.b3_r.1;
        self.b3_p.0 += other.b3_p.0;
        self.b3_p.1 += other.b3_p.1;
        self.ceafe.0 += other.ceafe.0;
        self.ceafe.1 += other.ceafe.1;
        self.ceafe.2 += other.ceafe.2;
        self.documents += other.documents;
    }

    pub fn scores(&self) -> Scores {
        let muc = Prf::from_parts(self.muc_p.0, self.muc_p.1, self.muc_r.0, self.muc_r.1);
        let b3 = Prf::from_parts(self.b3_p.0, self.b3_p.1, self.b3_r.0, self.b3_r.1);
        let ceafe = Prf::from_parts(self.ceafe.0, self.ceafe.2, self.ceafe.0, self.ceafe.1);
        Scores {
            muc,
            b3,
            ceafe,
            conll_f1: (muc.f1 + b3.f1 + ceafe.f1) / 3.0,
        }
    }
}

/// Scores of a single document.
pub fn score<M: Ord + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> Scores {
    let mut c = Counts::default();
    c.add(key, response);
    c.scores()
}

/// Deduplicates mentions, drops empty clusters and keeps each mention in its first cluster only.
fn normalize<M: Ord + Clone>(clusters: &[Vec<M>]) -> Vec<BTreeSet<M>> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for c in clusters {
        let set: BTreeSet<M> = c
            .iter()
            .filter(|m| seen.insert((*m).clone()))
            .cloned()
            .collect();
        if !set.is_empty() {
            out.push(set);
        }
    }
    out
}

/// Cluster index of every mention.
fn index_of<M: Ord + Clone>(clusters: &[BTreeSet<M>]) -> BTreeMap<&M, usize> {
    let mut map = BTreeMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for m in c {
            map.insert(m, i);
        }
    }
    map
}

/// MUC recall numerator and denominator of `key` against `response` (swap for precision).
fn muc<M: Ord + Clone>(key: &[BTreeSet<M>], response: &[BTreeSet<M>]) -> (f64, f64) {
    let resp = index_of(response);
    let mut num = 0.0;
    let mut den = 0.0;
    for k in key {
        // Partitions of k by the response: one per response cluster met, one per twinless mention.
        let mut parts = BTreeSet::new();
        let mut twinless = 0usize;
        for m in k {
            match resp.get(m) {
                Some(&r) => {
                    parts.insert(r);
                }
                None => twinless += 1,
            }
        }
        let partitions = parts.len() + twinless;
        num += (k.len() - partitions) as f64;
        den += (k.len() - 1) as f64;
    }
    (num, den)
}

/// B³ recall numerator and denominator of `key` against `response` (swap for precision).
fn b_cubed<M: Ord + Clone>(key: &[BTreeSet<M>], response: &[BTreeSet<M>]) -> (f64, f64) {
    let resp = index_of(response);
    let mut num = 0.0;
    let mut den = 0.0;
    for k in key {
        let mut overlap: BTreeMap<usize, usize> = BTreeMap::new();
        for m in k {
            if let Some(&r) = resp.get(m) {
                *overlap.entry(r).or_default() += 1;
            }
        }
        let kl = k.len() as f64;
        for &c in overlap.values() {
            num += (c * c) as f64 / kl;
        }
        den += kl;
    }
    (num, den)
}

/// The optimal total φ4 similarity between key and response entities (Kuhn–Munkres).
fn ceaf_e<M: Ord + Clone>(key: &[BTreeSet<M>], response: &[BTreeSet<M>]) -> f64 {
    if key.is_empty() || response.is_empty() {
        return 0.0;
    }
    let resp = index_of(response);
    // Sparse similarities; only overlapping pairs matter.
    let mut sim: BTreeMap<(usize, usize), f64> = BTreeMap::new();
    for (i, k) in key.iter().enumerate() {
        let mut overlap: BTreeMap<usize, usize> = BTreeMap::new();
        for m in k {
            if let Some(&r) = resp.get(m) {
                *overlap.entry(r).or_default() += 1;
            }
        }
        for (r, c) in overlap {
            let rl = response.get(r).map_or(0, |s| s.len());
            sim.insert((i, r), 2.0 * c as f64 / (k.len() + rl) as f64);
        }
    }
    // Solve each connected component separately: the assignment is optimal per component.
    let mut total = 0.0;
    for (rows, cols) in components(&sim, key.len(), response.len()) {
        let matrix: Vec<Vec<f64>> = rows
            .iter()
            .map(|&i| {
                cols.iter()
                    .map(|&j| sim.get(&(i, j)).copied().unwrap_or(0.0))
                    .collect()
            })
            .collect();
        total += max_assignment(&matrix);
    }
    total
}

/// Connected components of the bipartite overlap graph, as (key rows, response columns).
fn components(
    sim: &BTreeMap<(usize, usize), f64>,
    n_rows: usize,
    n_cols: usize,
) -> Vec<(Vec<usize>, Vec<usize>)> {
    // Union-find over rows 0..n_rows and columns n_rows..n_rows+n_cols.
    let mut parent: Vec<usize> = (0..n_rows + n_cols).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while let Some(&px) = p.get(x) {
            if px == x {
                break;
            }
            let gp = p.get(px).copied().unwrap_or(px);
            if let Some(slot) = p.get_mut(x) {
                *slot = gp;
            }
            x = px;
        }
        x
    }
    for &(i, j) in sim.keys() {
        let a = find(&mut parent, i);
        let b = find(&mut parent, n_rows + j);
        if a != b
            && let Some(slot) = parent.get_mut(a)
        {
            *slot = b;
        }
    }
    let mut groups: BTreeMap<usize, (Vec<usize>, Vec<usize>)> = BTreeMap::new();
    let mut touched = BTreeSet::new();
    for &(i, j) in sim.keys() {
        touched.insert(i);
        touched.insert(n_rows + j);
    }
    for x in touched {
        let root = find(&mut parent, x);
        let g = groups.entry(root).or_default();
        if x < n_rows {
            g.0.push(x);
        } else {
            g.1.push(x - n_rows);
        }
    }
    groups.into_values().collect()
}

/// Maximum-weight assignment of a rectangular matrix of non-negative weights (Hungarian method,
/// O(n³)); returns the total weight.
pub fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let cols = weights.iter().map(|r| r.len()).max().unwrap_or(0);
    let n = rows.max(cols);
    if n == 0 {
        return 0.0;
    }
    let w = |i: usize, j: usize| -> f64 {
        weights
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(0.0)
    };
    // Minimise cost = max - weight on a square matrix (1-based potentials, e-maxx formulation).
    let max_w = (0..rows)
        .flat_map(|i| (0..cols).map(move |j| (i, j)))
        .map(|(i, j)| w(i, j))
        .fold(0.0f64, f64::max);
    let cost = |i: usize, j: usize| max_w - w(i, j);
    let inf = f64::INFINITY;
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; n + 1];
    let mut p = vec![0usize; n + 1];
    let mut way = vec![0usize; n + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0usize;
        let mut minv = vec![inf; n + 1];
        let mut used = vec![false; n + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0usize;
            for j in 1..=n {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=n {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=n)
        .filter(|&j| p[j] != 0)
        .map(|j| w(p[j] - 1, j - 1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-4
    }

    /// The worked example of Pradhan et al. (2014), "Scoring Coreference Partitions of Predicted
    /// Mentions: A Reference Implementation", Figure 1: key {a,b,c},{d,e,f,g}; response
    /// {a,b},{c,d},{f,g,h,i}.
    #[test]
    fn pradhan_2014_example() {
        let key = vec![vec!['a', 'b', 'c'], vec!['d', 'e', 'f', 'g']];
        let resp = vec![vec!['a', 'b'], vec!['c', 'd'], vec!['f', 'g', 'h', 'i']];
        let s = score(&key, &resp);
        // MUC: R = (1 + 1) / (2 + 3) = 0.4; P = (1 + 0 + 1) / (1 + 1 + 3) = 0.4 (h and i are
        // twinless, so {f,g,h,i} falls into three partitions).
        assert!(close(s.muc.recall, 0.4), "{s:?}");
        assert!(close(s.muc.precision, 0.4), "{s:?}");
        // B³: R = (4/3 + 1/3 + 1/4 + 4/4) / 7 = 35/84 ≈ 0.4167;
        //     P = (4/2 + 1/2 + 1/2 + 4/4) / 8 = 0.5.
        assert!(close(s.b3.recall, 35.0 / 84.0), "{s:?}");
        assert!(close(s.b3.precision, 0.5), "{s:?}");
        // CEAFe: best alignment {abc}-{ab} (0.8) + {defg}-{fghi} (0.5) = 1.3;
        // R = 1.3 / 2 = 0.65, P = 1.3 / 3 ≈ 0.4333.
        assert!(close(s.ceafe.recall, 0.65), "{s:?}");
        assert!(close(s.ceafe.precision, 1.3 / 3.0), "{s:?}");
    }

    #[test]
    fn identical_clusterings_score_one() {
        let key = vec![vec![1, 2, 3], vec![4], vec![5, 6]];
        let s = score(&key, &key);
        assert!(close(s.muc.f1, 1.0) && close(s.b3.f1, 1.0) && close(s.ceafe.f1, 1.0));
        assert!(close(s.conll_f1, 1.0));
    }

    #[test]
    fn empty_response_scores_zero_without_panicking() {
        let key = vec![vec![1, 2]];
        let s = score::<i32>(&key, &[]);
        assert_eq!(s.conll_f1, 0.0);
        let s = score::<i32>(&[], &[]);
        assert_eq!(s.conll_f1, 0.0);
    }

    #[test]
    fn assignment_prefers_global_optimum() {
        // Greedy would take 0.9 then 0.1; the optimum is 0.8 + 0.8.
        let m = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        assert!(close(max_assignment(&m), 1.6));
        let rect = vec![vec![0.2, 0.5, 0.1]];
        assert!(close(max_assignment(&rect), 0.5));
    }

    #[test]
    fn counts_accumulate_micro_average() {
        let mut c = Counts::default();
        c.add(&[vec![1, 2]], &[vec![1, 2]]);
        c.add(&[vec![1, 2, 3, 4]], &[vec![1], vec![2], vec![3], vec![4]]);
        let s = c.scores();
        // MUC recall: (1 + 0) / (1 + 3).
        assert!(close(s.muc.recall, 0.25));
        assert_eq!(c.documents, 2);
    }
}
