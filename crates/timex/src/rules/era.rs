//! Years with an era: "490 BC", "480 B.C.", "44 BCE" (value `BC0490`), "AD 70", "70 A.D."
//! (value `0070`).

use super::{Match, Scanner};
use crate::table::{Table, WordSet};
use doc::TimexType;

struct EraWords {
    /// Era marks after a year before the common era ("bc", "b.c.e.").
    before_common_era: WordSet,
    /// Era marks after a year of the common era ("ad", "c.e.").
    common_era: WordSet,
    /// Era marks written before the year, as written ("AD 70").
    leading: WordSet,
}

impl EraWords {
    fn read(t: &Table) -> EraWords {
        EraWords {
            before_common_era: t.set("bc"),
            common_era: t.set("ad"),
            leading: t.set("leading"),
        }
    }
}

word_table!("era.tsv", EraWords);

impl Scanner<'_> {
    pub(super) fn era_year(&self, i: usize) -> Option<Match> {
        let words = &*WORDS;
        let num = |w: &str| (1..=4).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_digit());
        let word = self.word(i);
        if num(word) && i + 1 < self.hi {
            let y: u32 = word.parse().ok()?;
            let e = self.word(i + 1);
            if words.before_common_era.contains(e) && y > 0 {
                return Some(Match::new(
                    i + 2,
                    TimexType::Date,
                    format!("BC{y:04}"),
                    false,
                ));
            }
            // "AD" after a number must be written as an era ("70 AD", not "70 ad").
            if words.common_era.contains(e)
                && self
                    .raw
                    .get(i + 1)
                    .is_some_and(|r| r.starts_with(['A', 'C']))
                && y > 0
            {
                return Some(Match::new(i + 2, TimexType::Date, format!("{y:04}"), true));
            }
        }
        if self.raw.get(i).is_some_and(|r| words.leading.contains(r)) && num(self.word(i + 1)) {
            let y: u32 = self.word(i + 1).parse().ok()?;
            return (y > 0).then(|| Match::new(i + 2, TimexType::Date, format!("{y:04}"), true));
        }
        None
    }
}
