//! The BILOU tag set over the CoNLL labels, transition constraints and span decoding.

use doc::EntityLabel;

/// Entity labels in class order.
pub const LABELS: [EntityLabel; 4] = [
    EntityLabel::Per,
    EntityLabel::Org,
    EntityLabel::Loc,
    EntityLabel::Misc,
];

/// Position of a token in a mention.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pos {
    O,
    B,
    I,
    L,
    U,
}

/// The class layout: 0 = O, then B/I/L/U for each label.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scheme;

impl Scheme {
    pub const N: usize = 1 + 4 * LABELS.len();

    pub fn class(pos: Pos, label: usize) -> usize {
        match pos {
            Pos::O => 0,
            Pos::B => 1 + label * 4,
            Pos::I => 2 + label * 4,
            Pos::L => 3 + label * 4,
            Pos::U => 4 + label * 4,
        }
    }

    pub fn decode(c: usize) -> (Pos, usize) {
        if c == 0 || c >= Self::N {
            return (Pos::O, 0);
        }
        let l = (c - 1) / 4;
        let p = match (c - 1) % 4 {
            0 => Pos::B,
            1 => Pos::I,
            2 => Pos::L,
            _ => Pos::U,
        };
        (p, l)
    }

    pub fn name(c: usize) -> String {
        match Self::decode(c) {
            (Pos::O, _) => "O".into(),
            (p, l) => format!("{:?}-{}", p, LABELS.get(l).map_or("X", |x| x.as_str())),
        }
    }

    /// Whether class `c` may follow class `prev` (`None` at sentence start), and whether it may
    /// end the sentence when `last`.
    pub fn allowed(prev: Option<usize>, c: usize, last: bool) -> bool {
        let (pp, pl) = prev.map_or((Pos::O, 0), Self::decode);
        let (cp, cl) = Self::decode(c);
        let open = matches!(pp, Pos::B | Pos::I);
        let ok = if open {
            matches!(cp, Pos::I | Pos::L) && cl == pl
        } else {
            matches!(cp, Pos::O | Pos::B | Pos::U)
        };
        ok && !(last && matches!(cp, Pos::B | Pos::I))
    }

    /// Classes for a sentence of `n` tokens with mentions `(first, last_inclusive, label)`.
    pub fn encode(n: usize, mentions: &[(usize, usize, usize)]) -> Vec<usize> {
        let mut out = vec![0; n];
        for &(a, b, l) in mentions {
            if a > b || b >= n || out[a..=b].iter().any(|&c| c != 0) {
                continue;
            }
            if a == b {
                out[a] = Self::class(Pos::U, l);
            } else {
                out[a] = Self::class(Pos::B, l);
                for c in out.iter_mut().take(b).skip(a + 1) {
                    *c = Self::class(Pos::I, l);
                }
                out[b] = Self::class(Pos::L, l);
            }
        }
        out
    }

    /// Mentions `(first, last_inclusive, label)` in a class sequence (ill-formed runs are closed
    /// where they break).
    pub fn spans(classes: &[usize]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let mut open: Option<(usize, usize)> = None;
        for (i, &c) in classes.iter().enumerate() {
            let (p, l) = Self::decode(c);
            match p {
                Pos::U => {
                    if let Some((a, ol)) = open.take() {
                        out.push((a, i - 1, ol));
                    }
                    out.push((i, i, l));
                }
                Pos::B => {
                    if let Some((a, ol)) = open.take() {
                        out.push((a, i - 1, ol));
                    }
                    open = Some((i, l));
                }
                Pos::I => {
                    if open.is_none_or(|(_, ol)| ol != l) {
                        if let Some((a, ol)) = open.take() {
                            out.push((a, i - 1, ol));
                        }
                        open = Some((i, l));
                    }
                }
                Pos::L => {
                    let a = match open.take() {
                        Some((a, ol)) if ol == l => a,
                        Some((a, ol)) => {
                            out.push((a, i - 1, ol));
                            i
                        }
                        None => i,
                    };
                    out.push((a, i, l));
                }
                Pos::O => {
                    if let Some((a, ol)) = open.take() {
                        out.push((a, i - 1, ol));
                    }
                }
            }
        }
        if let Some((a, ol)) = open {
            out.push((a, classes.len() - 1, ol));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let m = vec![(0, 1, 0), (3, 3, 2), (5, 7, 3)];
        let c = Scheme::encode(9, &m);
        assert_eq!(Scheme::name(c[0]), "B-PER");
        assert_eq!(Scheme::name(c[3]), "U-LOC");
        assert_eq!(Scheme::spans(&c), m);
        assert!(Scheme::allowed(Some(c[0]), c[1], false));
        assert!(!Scheme::allowed(Some(c[0]), 0, false));
        assert!(!Scheme::allowed(None, Scheme::class(Pos::B, 0), true));
        // broken sequences still give spans
        assert_eq!(
            Scheme::spans(&[Scheme::class(Pos::I, 1), 0]),
            vec![(0, 0, 1)]
        );
    }
}
