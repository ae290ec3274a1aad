//! The lexical trigger patterns: the rows of `data/patterns.tsv`, parsed once (the predicates
//! they produce are the `ontology` crate's).

use crate::words::{self, List};
use doc::EntityLabel::{self, Loc, Misc, Org, Per};
use ontology::Predicate;
use std::sync::LazyLock;

/// The ontology is the `ontology` crate's: one table of predicates (description, argument
/// types, FtM and schema.org mappings, readings, conflict rule). Re-exported here so that
/// `relate::PREDICATES` and `relate::PredicateInfo` keep naming it.
pub use ontology::{PREDICATES, PredicateInfo};

/// The pattern table, embedded.
pub(crate) const TABLE: &str = include_str!("../data/patterns.tsv");

/// Which side of the pair (in text order) is the relation's subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// "A founded B": the left mention is the subject.
    Forward,
    /// "B, founded by A": the right mention is the subject.
    Backward,
}

impl Dir {
    fn parse(s: &str) -> Option<Self> {
        [Dir::Forward, Dir::Backward]
            .into_iter()
            .find(|d| format!("{d:?}").eq_ignore_ascii_case(s))
    }
}

/// What a pattern reads besides the trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Plain,
    /// A label between the trigger and "by" (passive) or after the object (active):
    /// `designated`, and the status of `recognizes` ("as ...").
    Label,
}

impl Kind {
    fn parse(s: &str) -> Option<Self> {
        [Kind::Plain, Kind::Label]
            .into_iter()
            .find(|k| format!("{k:?}").eq_ignore_ascii_case(s))
    }
}

/// A trigger pattern: the words between the two mentions, around the trigger, decide the
/// predicate and direction.
#[derive(Clone, Debug)]
pub(crate) struct Pattern {
    pub trigger: Vec<&'static str>,
    pub predicate: Predicate,
    pub dir: Dir,
    pub kind: Kind,
    pub left: Vec<EntityLabel>,
    pub right: Vec<EntityLabel>,
    pub confidence: f32,
}

/// Entity labels written `PER|ORG` in the data files.
pub(crate) fn labels(s: &str) -> Result<Vec<EntityLabel>, String> {
    s.split('|')
        .map(|l| {
            [Per, Org, Loc, Misc]
                .into_iter()
                .find(|x| x.as_str() == l)
                .ok_or_else(|| format!("unknown label {l:?}"))
        })
        .collect()
}

/// Parses and checks the table: 7 columns after a header row, a known predicate, direction,
/// kind and labels, lowercase trigger words and a confidence in [0, 1].
pub(crate) fn parse_table(text: &'static str) -> Result<Vec<Pattern>, String> {
    let mut rows = Vec::new();
    let mut header = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |e: String| format!("patterns.tsv line {}: {e}", n + 1);
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [trigger, predicate, dir, kind, left, right, confidence] = cols.as_slice() else {
            return Err(at(format!("{} columns, want 7", cols.len())));
        };
        if !header {
            header = true;
            continue;
        }
        let trigger: Vec<&'static str> = trigger.split(' ').collect();
        if trigger
            .iter()
            .any(|t| t.is_empty() || t.chars().any(char::is_uppercase))
        {
            return Err(at("trigger words are non-empty and lowercase".into()));
        }
        let confidence: f32 = confidence
            .parse()
            .map_err(|_| at(format!("bad confidence {confidence:?}")))?;
        if !(0.0..=1.0).contains(&confidence) {
            return Err(at("confidence outside [0, 1]".into()));
        }
        rows.push(Pattern {
            trigger,
            predicate: predicate.parse().map_err(|e| at(format!("{e}")))?,
            dir: Dir::parse(dir).ok_or_else(|| at(format!("unknown direction {dir:?}")))?,
            kind: Kind::parse(kind).ok_or_else(|| at(format!("unknown kind {kind:?}")))?,
            left: labels(left).map_err(at)?,
            right: labels(right).map_err(at)?,
            confidence,
        });
    }
    if !header {
        return Err("patterns.tsv: no header".into());
    }
    Ok(rows)
}

/// Trigger patterns in table order (the first match wins), parsed once (a malformed table gives
/// none; the tests catch it).
pub(crate) fn patterns() -> &'static [Pattern] {
    static ROWS: LazyLock<Vec<Pattern>> = LazyLock::new(|| parse_table(TABLE).unwrap_or_default());
    &ROWS
}

/// Words allowed between the left mention and the trigger: auxiliaries, relativizers,
/// commas, a few time/manner adverbs, and numbers. Negation, modality and hedges are let
/// through: the polarity filter then drops the whole pair, so "X did not join Y" is read and
/// refused, not missed.
pub(crate) fn prefix_ok(w: &str) -> bool {
    words::is(List::TriggerPrefix, w) || w.bytes().all(|b| b.is_ascii_digit()) && !w.is_empty()
}

/// Determiners and possessives allowed before the right mention.
pub(crate) fn det_ok(w: &str) -> bool {
    words::is(List::Determiner, w)
}

/// The label of a subject decides between `based_in` (organizations, groups) and
/// `located_in` (places, and people living or staying there).
pub(crate) fn place_predicate(subject: EntityLabel) -> Predicate {
    if matches!(subject, Loc | Per) {
        Predicate::LocatedIn
    } else {
        Predicate::BasedIn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_parses_and_names_ontology_predicates() {
        let rows = parse_table(TABLE).expect("data/patterns.tsv parses");
        assert_eq!(rows.len(), patterns().len());
        assert!(rows.len() > 100);
        for p in &rows {
            assert!(!p.trigger.is_empty() && !p.left.is_empty() && !p.right.is_empty());
        }
        // Same trigger, predicate, direction and kind twice: the second row is dead.
        for (i, a) in rows.iter().enumerate() {
            for b in rows.iter().skip(i + 1) {
                assert!(
                    (&a.trigger, a.predicate, a.dir, a.kind, &a.left, &a.right)
                        != (&b.trigger, b.predicate, b.dir, b.kind, &b.left, &b.right),
                    "duplicate row {:?}",
                    a.trigger
                );
            }
        }
        let head = "trigger\tpredicate\tdir\tkind\tleft\tright\tconfidence\n";
        let bad =
            |row: &str| -> &'static str { Box::leak(format!("{head}{row}\n").into_boxed_str()) };
        assert!(parse_table(bad("joined\tmember_of\tforward\tplain\tPER\tORG\t0.7")).is_ok());
        assert!(parse_table(bad("joined\tmembers_of\tforward\tplain\tPER\tORG\t0.7")).is_err());
        assert!(parse_table(bad("joined\tmember_of\tsideways\tplain\tPER\tORG\t0.7")).is_err());
        assert!(parse_table(bad("Joined\tmember_of\tforward\tplain\tPER\tORG\t0.7")).is_err());
        assert!(parse_table(bad("joined\tmember_of\tforward\tplain\tPER\tORG\t1.7")).is_err());
        assert!(parse_table(bad("joined\tmember_of\tforward\tplain\tPER\tORG")).is_err());
        assert!(parse_table(bad("joined\tmember_of\tforward\tplain\tPERSON\tORG\t0.7")).is_err());
    }
}
