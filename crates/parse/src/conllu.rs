//! A CoNLL-U reader for dependency trees (syntactic words with form, UPOS, XPOS, head and
//! relation; multiword-token lines and empty nodes skipped) and pseudo-projective lifting.

use std::io::BufRead;

/// One syntactic word with its gold attachment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub form: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based head word index; 0 for the root.
    pub head: u32,
    pub deprel: String,
}

/// One sentence.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tree {
    pub words: Vec<Word>,
}

impl Tree {
    /// Heads as a vector indexed by word (0-based), values 1-based (0 = root).
    pub fn heads(&self) -> Vec<u32> {
        self.words.iter().map(|w| w.head).collect()
    }

    /// Every head in range, exactly one root, and no cycles.
    pub fn is_well_formed(&self) -> bool {
        let n = self.words.len() as u32;
        let heads = self.heads();
        if heads.iter().any(|&h| h > n) || heads.iter().filter(|&&h| h == 0).count() != 1 {
            return false;
        }
        (1..=n).all(|d| {
            let mut k = d;
            for _ in 0..=n {
                if k == 0 {
                    return true;
                }
                k = heads[k as usize - 1];
            }
            false
        })
    }
}

/// Reads every sentence; lines that are not word lines are skipped, and a sentence with an
/// unreadable head keeps head 0 for that word (such trees fail [`Tree::is_well_formed`]).
pub fn read(reader: impl BufRead) -> std::io::Result<Vec<Tree>> {
    let mut out = Vec::new();
    let mut cur = Tree::default();
    for line in reader.lines() {
        let line = line?;
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.words.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 8 || cols[0].contains(['-', '.']) {
            continue;
        }
        cur.words.push(Word {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head: cols[6].parse().unwrap_or(0),
            deprel: cols[7].to_string(),
        });
    }
    if !cur.words.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Reads a CoNLL-U file.
pub fn read_path(path: &std::path::Path) -> std::io::Result<Vec<Tree>> {
    read(std::io::BufReader::new(std::fs::File::open(path)?))
}

/// Whether head `h` dominates word `k` (both 1-based, 0 = root) under `heads` (0-based index).
fn dominates(heads: &[u32], h: u32, mut k: u32) -> bool {
    for _ in 0..=heads.len() {
        if k == h {
            return true;
        }
        if k == 0 {
            return false;
        }
        k = heads[k as usize - 1];
    }
    false
}

/// The shortest non-projective arc (dependent, 1-based): one whose span holds a word its head
/// does not dominate.
fn shortest_nonprojective(heads: &[u32]) -> Option<u32> {
    let mut best: Option<(u32, u32)> = None;
    for (i, &h) in heads.iter().enumerate() {
        let d = i as u32 + 1;
        let (a, b) = (h.min(d), h.max(d));
        let len = b - a;
        if best.is_some_and(|(l, _)| l <= len) {
            continue;
        }
        if (a + 1..b).any(|k| !dominates(heads, h, k)) {
            best = Some((len, d));
        }
    }
    best.map(|(_, d)| d)
}

/// Makes a well-formed tree projective by lifting (Nivre & Nilsson 2005, without label
/// encoding): the shortest non-projective arc is reattached to its head's head until none is
/// left. Returns the number of lifts.
pub fn projectivize(heads: &mut [u32]) -> usize {
    let mut lifts = 0;
    while let Some(d) = shortest_nonprojective(heads) {
        let h = heads[d as usize - 1];
        if h == 0 || lifts > 4 * heads.len() {
            break;
        }
        heads[d as usize - 1] = heads[h as usize - 1];
        lifts += 1;
    }
    lifts
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# text = I don't know.\n1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n4\tknow\tknow\tVERB\tVB\t_\t0\troot\t_\t_\n5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\n";

    #[test]
    fn reads_trees() {
        let t = read(SAMPLE.as_bytes()).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].words.len(), 5);
        assert_eq!(t[0].heads(), vec![4, 4, 4, 0, 4]);
        assert_eq!(t[0].words[2].deprel, "advmod");
        assert!(t[0].is_well_formed());
    }

    #[test]
    fn lifts_crossing_arcs() {
        // 1 <- 3, 2 <- 4 (crosses 3 -> 1), 3 root, 4 <- 3
        let mut h = vec![3, 4, 0, 3];
        assert!(shortest_nonprojective(&h).is_some());
        assert_eq!(projectivize(&mut h), 1);
        assert_eq!(shortest_nonprojective(&h), None);
        assert_eq!(h, vec![3, 3, 0, 3]);
        let mut p = vec![2, 0, 2];
        assert_eq!(projectivize(&mut p), 0);
    }
}
