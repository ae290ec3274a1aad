//! Polarity and modality cues: words and phrases that make a clause negated, hedged or
//! non-assertive, so that no positive fact is read from it.

/// Single words (lowercased, curly apostrophes folded) that negate a clause.
const NEGATION: &[&str] = &[
    "not", "n't", "never", "no", "neither", "nor", "without", "none", "nobody", "cannot",
    "nothing", "nowhere", "denied", "denies", "deny", "refused", "refuses", "failed", "fails",
    "rejected", "rejects", "declined", "declines", "ceased", "stopped", "quit", "left", "withdrew",
    "formerly", "ex",
];

/// Single words that hedge a clause or make it non-assertive.
const HEDGE: &[&str] = &[
    "may",
    "might",
    "could",
    "would",
    "should",
    "reportedly",
    "allegedly",
    "alleged",
    "supposedly",
    "possibly",
    "perhaps",
    "probably",
    "likely",
    "unlikely",
    "rumored",
    "rumoured",
    "apparently",
    "purportedly",
    "presumably",
    "seemingly",
    "if",
    "whether",
    "unconfirmed",
    "unverified",
    "suspected",
    "considering",
    "considers",
    "considered",
    "contemplating",
    "contemplates",
    "plans",
    "planned",
    "planning",
    "hopes",
    "hoped",
    "hoping",
    "wants",
    "wanted",
    "intends",
    "intended",
    "seeks",
    "sought",
    "trying",
    "tried",
    "attempted",
    "expected",
    "proposed",
    "claims",
    "claimed",
    "speculated",
    "believed",
    "thought",
    "said",
    "says",
    "accused",
    // Verbs that embed an unasserted infinitive: "persuading China to join …".
    "persuade",
    "persuades",
    "persuaded",
    "persuading",
    "urge",
    "urges",
    "urged",
    "urging",
    "asked",
    "asking",
    "invited",
    "inviting",
    "encouraged",
    "encouraging",
];

/// True when the lowercased word is a negation cue.
pub(crate) fn is_negation(w: &str) -> bool {
    NEGATION.contains(&w)
}

/// True when the lowercased word is a hedge or non-assertive cue.
pub(crate) fn is_hedge(w: &str) -> bool {
    HEDGE.contains(&w)
}

/// True when any word of the window is a negation or hedge cue. `said` only hedges in "is/are/
/// was said to"; reporting verbs elsewhere ("he said") do not hedge the clause they report.
pub(crate) fn blocks(words: &[&str]) -> bool {
    for (i, w) in words.iter().enumerate() {
        if is_negation(w) {
            return true;
        }
        if matches!(
            *w,
            "said" | "says" | "believed" | "thought" | "claimed" | "claims"
        ) {
            // "X is said to ...", "X was believed to ...": hedged. "X said" alone: reported speech.
            let next_to = words.get(i + 1).is_some_and(|n| *n == "to");
            let prev_be = i > 0
                && words
                    .get(i - 1)
                    .is_some_and(|p| matches!(*p, "is" | "are" | "was" | "were" | "be" | "been"));
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
