//! Document-level name runs: for every capitalized word, the longest run of capitalized words
//! (joined by connectors such as `of`, `von`, `&`) that holds it anywhere in the same document.
//!
//! A name is often written in full once and shortened later ("Wells Fargo & Co" ... "Wells";
//! "University of Halle" ... "Halle"; "Marissa Mayer" ... "Mayer"). The tagger reads one sentence
//! at a time, so the short form is typed by its own context alone. These features give every
//! occurrence of the word the last word of the longest run in the document that continues after
//! it (the head noun of the full name: `co`, `university`) and the first word of the longest
//! run that starts before it (the first name before a surname). They depend on the text only (no labels), so training
//! and decoding see the same values.

use crate::features::Tok;
use rustc_hash::{FxHashMap, FxHashSet};
use tag::normalize;

/// Words that may join two capitalized words inside one name.
static CONNECTORS: &str = include_str!("../data/name-connectors.txt");

/// Longest run (in words) recorded.
const RUN_MAX: usize = 8;

/// The longest runs holding a word: (length, last word) of the longest in which it is not the
/// last word, (length, first word) of the longest in which it is not the first.
#[derive(Clone, Debug, Default)]
struct Run {
    after: Option<(usize, String)>,
    before: Option<(usize, String)>,
}

/// Longest name runs of one document, by lower-cased word.
#[derive(Clone, Debug, Default)]
pub(crate) struct DocRuns {
    runs: FxHashMap<String, Run>,
}

fn connector(lower: &str) -> bool {
    CONNECTORS.lines().any(|c| c.trim() == lower)
}

fn capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_alphabetic)
}

impl DocRuns {
    /// The runs of a document's sentences; `caps` are the words seen capitalized inside a
    /// sentence (a sentence-initial word only starts a run when it is one of them). Sentences
    /// in capitals are skipped.
    pub(crate) fn build<'a>(
        sentences: impl Iterator<Item = &'a [&'a str]>,
        caps: &FxHashSet<String>,
    ) -> DocRuns {
        let mut runs: FxHashMap<String, Run> = FxHashMap::default();
        for s in sentences {
            if crate::features::all_caps(s) {
                continue;
            }
            let lower: Vec<String> = s.iter().map(|w| normalize(w).to_lowercase()).collect();
            let member = |i: usize| {
                s.get(i).is_some_and(|w| capitalized(w))
                    && (i > 0 || lower.get(i).is_some_and(|l| caps.contains(l)))
            };
            let mut i = 0;
            while i < s.len() {
                if !member(i) {
                    i += 1;
                    continue;
                }
                let mut j = i;
                while j + 1 - i < RUN_MAX {
                    if member(j + 1) {
                        j += 1;
                    } else if lower.get(j + 1).is_some_and(|l| connector(l))
                        && member(j + 2)
                        && j + 3 - i <= RUN_MAX
                    {
                        j += 2;
                    } else {
                        break;
                    }
                }
                let words = j + 1 - i;
                if words >= 2 {
                    let (Some(first), Some(last)) = (lower.get(i), lower.get(j)) else {
                        break;
                    };
                    for k in i..=j {
                        if !member(k) {
                            continue;
                        }
                        let Some(l) = lower.get(k) else { continue };
                        let r = runs.entry(l.clone()).or_default();
                        if k < j && r.after.as_ref().is_none_or(|x| x.0 < words) {
                            r.after = Some((words, last.clone()));
                        }
                        if k > i && r.before.as_ref().is_none_or(|x| x.0 < words) {
                            r.before = Some((words, first.clone()));
                        }
                    }
                }
                i = j + 1;
            }
        }
        DocRuns { runs }
    }

    /// Fills the document-run fields of capitalized tokens.
    pub(crate) fn annotate(&self, toks: &mut [Tok]) {
        for t in toks {
            if !t.shape.starts_with('X') {
                continue;
            }
            if let Some(r) = self.runs.get(&t.lower) {
                if let Some((_, w)) = &r.after {
                    t.dr_last.clone_from(w);
                }
                if let Some((_, w)) = &r.before {
                    t.dr_first.clone_from(w);
                }
            }
        }
    }

    /// (first word of a run before it, last word of a run after it).
    #[cfg(test)]
    fn get(&self, lower: &str) -> Option<(Option<&str>, Option<&str>)> {
        self.runs.get(lower).map(|r| {
            (
                r.before.as_ref().map(|x| x.1.as_str()),
                r.after.as_ref().map(|x| x.1.as_str()),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(doc: &[&[&str]]) -> DocRuns {
        let caps = crate::features::doc_caps(doc.iter().copied());
        DocRuns::build(doc.iter().copied(), &caps)
    }

    #[test]
    fn a_short_form_gets_the_head_of_the_full_name() {
        let s1: &[&str] = &[
            "She",
            "studied",
            "at",
            "the",
            "University",
            "of",
            "Tartu",
            ".",
        ];
        let s2: &[&str] = &["Later", "Tartu", "hired", "her", "."];
        let r = runs(&[s1, s2]);
        assert_eq!(r.get("tartu"), Some((Some("university"), None)));
        assert_eq!(r.get("university"), Some((None, Some("tartu"))));
        // Sentence-initial words never seen capitalized inside a sentence start no run.
        assert_eq!(r.get("later"), None);
        assert_eq!(r.get("of"), None);
    }

    #[test]
    fn runs_before_and_after_and_capitals_skipped() {
        let s1: &[&str] = &["Analysts", "said", "Greta", "Holmqvist", "left", "."];
        let s2: &[&str] = &["Holmqvist", "Family", "Trust", "Fund", "sold", "."];
        let s3: &[&str] = &["HOLMQVIST", "QUITS", "BOARD"];
        let r = runs(&[s1, s2, s3]);
        // "Holmqvist" is capitalized inside s1, so it may start s2's run.
        assert_eq!(r.get("holmqvist"), Some((Some("greta"), Some("fund"))));
        assert_eq!(r.get("greta"), Some((None, Some("holmqvist"))));
        assert_eq!(r.get("trust"), Some((Some("holmqvist"), Some("fund"))));
        assert_eq!(r.get("quits"), None);
        assert_eq!(r.get("analysts"), None);
    }
}
