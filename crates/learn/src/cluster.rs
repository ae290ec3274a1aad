//! Word clusters from unlabeled text: predictive exchange clustering (Uszkoreit & Brants 2008),
//! which groups words by the words that follow them. Deterministic: no randomness at all.

/// Builds `k` clusters over word ids `0..vocab` from sentences of word ids (ids `>= vocab` are
/// ignored). Words are visited by decreasing frequency; the initial clustering puts the `k - 1`
/// most frequent words in their own class and the rest in the last one. Returns the class of
/// every word id.
pub fn exchange(corpus: &[Vec<u32>], vocab: usize, k: usize, iters: usize) -> Vec<u16> {
    let k = k.clamp(2, 1 << 15);
    if vocab == 0 {
        return Vec::new();
    }
    // Bigram counts w -> v.
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut freq = vec![0u64; vocab];
    for s in corpus {
        for w in s.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a as usize) < vocab && (b as usize) < vocab {
                pairs.push((a, b));
                freq[a as usize] += 1;
            }
        }
    }
    pairs.sort_unstable();
    let mut succ: Vec<Vec<(u32, u32)>> = vec![Vec::new(); vocab];
    let mut i = 0;
    while i < pairs.len() {
        let mut j = i;
        while j < pairs.len() && pairs[j] == pairs[i] {
            j += 1;
        }
        let (a, b) = pairs[i];
        succ[a as usize].push((b, (j - i) as u32));
        i = j;
    }
    drop(pairs);
    let mut order: Vec<usize> = (0..vocab).collect();
    order.sort_by_key(|&w| (std::cmp::Reverse(freq[w]), w));
    let mut class = vec![0u16; vocab];
    for (rank, &w) in order.iter().enumerate() {
        class[w] = rank.min(k - 1) as u16;
    }
    // N(v, c): how often v follows a word of class c; N(c): bigram count with class c first.
    let mut nvc = vec![0u32; vocab * k];
    let mut nc = vec![0u64; k];
    for w in 0..vocab {
        let c = class[w] as usize;
        for &(v, n) in &succ[w] {
            nvc[v as usize * k + c] += n;
        }
        nc[c] += freq[w];
    }
    let table: Vec<f64> = (0..1u32 << 16).map(|x| xlogx(f64::from(x))).collect();
    let g = |x: u64| -> f64 {
        match table.get(x as usize) {
            Some(&v) => v,
            None => xlogx(x as f64),
        }
    };
    let mut gain = vec![0f64; k];
    for _ in 0..iters {
        let mut moved = 0usize;
        for &w in &order {
            let a = class[w] as usize;
            let nw = freq[w];
            if nw == 0 {
                continue;
            }
            // Remove w from its class.
            for &(v, n) in &succ[w] {
                nvc[v as usize * k + a] -= n;
            }
            nc[a] -= nw;
            // Gain of adding w to each class.
            for (c, slot) in gain.iter_mut().enumerate() {
                *slot = g(nc[c]) - g(nc[c] + nw);
            }
            for &(v, n) in &succ[w] {
                let row = &nvc[v as usize * k..v as usize * k + k];
                for (c, &x) in row.iter().enumerate() {
                    if x > 0 {
                        gain[c] += g(u64::from(x + n)) - g(u64::from(x)) - g(u64::from(n));
                    }
                }
            }
            let mut best = a;
            for (c, &x) in gain.iter().enumerate() {
                if x > gain[best] + 1e-9 {
                    best = c;
                }
            }
            for &(v, n) in &succ[w] {
                nvc[v as usize * k + best] += n;
            }
            nc[best] += nw;
            if best != a {
                class[w] = best as u16;
                moved += 1;
            }
        }
        if moved == 0 {
            break;
        }
    }
    class
}

fn xlogx(x: f64) -> f64 {
    if x <= 0.0 { 0.0 } else { x * x.ln() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_words_with_the_same_successors() {
        // 0,1 are followed by 4; 2,3 are followed by 5; 4,5 by 6.
        let mut corpus = Vec::new();
        for _ in 0..20 {
            corpus.push(vec![0, 4, 6]);
            corpus.push(vec![1, 4, 6]);
            corpus.push(vec![2, 5, 6]);
            corpus.push(vec![3, 5, 6]);
        }
        let c = exchange(&corpus, 7, 4, 10);
        assert_eq!(c.len(), 7);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[2], c[3]);
        assert_ne!(c[0], c[2]);
        assert_eq!(exchange(&corpus, 7, 4, 10), c);
        assert!(exchange(&[], 0, 4, 3).is_empty());
    }
}
