//! Polarity and modality cues: words and phrases that make a clause negated, hedged or
//! non-assertive, so that no positive fact is read from it. The words are the lists `Negation`,
//! `Hedge`, `HedgeIfPassive` and `Be` of `data/words.tsv`.

use crate::words::{self, List};

/// True when the lowercased word is a negation cue.
pub(crate) fn is_negation(w: &str) -> bool {
    words::is(List::Negation, w)
}

/// True when the lowercased word is a hedge or non-assertive cue.
pub(crate) fn is_hedge(w: &str) -> bool {
    words::is(List::Hedge, w)
}

/// True when any word of the window is a negation or hedge cue. `said` only hedges in "is/are/
/// was said to"; reporting verbs elsewhere ("he said") do not hedge the clause they report.
pub(crate) fn blocks(window: &[&str]) -> bool {
    for (i, w) in window.iter().enumerate() {
        if is_negation(w) {
            return true;
        }
        if words::is(List::HedgeIfPassive, w) {
            // "X is said to ...", "X was believed to ...": hedged. "X said" alone: reported speech.
            let next_to = window.get(i + 1).is_some_and(|n| *n == "to");
            let prev_be = i > 0 && window.get(i - 1).is_some_and(|p| words::is(List::Be, p));
            if next_to || prev_be {
                return true;
            }
            continue;
        }
        if is_hedge(w) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues() {
        assert!(blocks(&["did", "not", "join"]));
        assert!(blocks(&["is", "said", "to", "have", "joined"]));
        assert!(blocks(&["reportedly", "joined"]));
        assert!(!blocks(&["joined", "the"]));
        assert!(!blocks(&["he", "said", "joined"]));
    }
}
