//! Measurement tools for the language core: token and sentence boundary F1 against CoNLL-U
//! treebanks, POS accuracy, dependency attachment scores and NER exact-span scoring (the figures
//! of `score.py ner`).

pub mod cli;
pub mod deps;
pub mod facts;
pub mod ner;
pub mod pos;
pub mod sentences;
pub mod tokens;

/// Precision, recall and F1 of a set comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Prf {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Prf {
    pub fn precision(&self) -> f64 {
        if self.pred == 0 {
            0.0
        } else {
            self.tp as f64 / self.pred as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            0.0
        } else {
            self.tp as f64 / self.gold as f64
        }
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    pub fn add(&mut self, o: Prf) {
        self.tp += o.tp;
        self.pred += o.pred;
        self.gold += o.gold;
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P={:.4} R={:.4} F1={:.4} (tp={} pred={} gold={})",
            self.precision(),
            self.recall(),
            self.f1(),
            self.tp,
            self.pred,
            self.gold
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_handles_zeros() {
        let z = Prf::default();
        assert_eq!((z.precision(), z.recall(), z.f1()), (0.0, 0.0, 0.0));
        let mut a = Prf {
            tp: 3,
            pred: 4,
            gold: 6,
        };
        a.add(Prf {
            tp: 1,
            pred: 1,
            gold: 0,
        });
        assert_eq!((a.tp, a.pred, a.gold), (4, 5, 6));
        assert!((a.f1() - 2.0 * 0.8 * (4.0 / 6.0) / (0.8 + 4.0 / 6.0)).abs() < 1e-12);
    }
}
