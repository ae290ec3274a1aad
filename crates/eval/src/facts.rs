//! Fact recall against a hand-listed set of stated facts (`eval/facts/*.jsonl`).
//!
//! A gold fact names its document, predicate, subject span, object span and/or value span (the
//! role title or label), an optional `"former"` status and its evidence span, all as Unicode
//! code-point offsets into the document's text. The caller (the `eval facts` command) runs the
//! pipeline and turns each predicted relation into a [`PredFact`]: the spans of its subject and
//! object (the mention itself plus every span of its coreference chain) and its value text. This
//! module only matches and counts; it reads no files and runs no models.
//!
//! Matching rules (a predicted fact matches a gold fact of the same document when all hold):
//! - predicate: the same, or `based_in` ~ `located_in`, or `leads` ~ `holds_role` when the role's
//!   head word is a leader's title ([`LEADER_TITLES`]) and the object matches;
//! - subject: one of the predicted subject spans overlaps the gold subject span;
//! - object: when the gold fact has an object, one of the predicted object spans overlaps it.
//!   For `holds_role` a prediction without an object still matches (the role is right, the
//!   organisation is missing); [`Report::role_object`] counts how many role facts name theirs;
//! - value: when the gold fact has a value, the predicted value has the same head word (after
//!   normalization: lower case, abbreviations expanded, plural `s` dropped, `of …` cut), or one
//!   normalized value contains the other.
//!
//! Recall counts gold facts matched by at least one prediction; precision counts predictions
//! that match at least one gold fact (so a fact stated twice and predicted twice counts twice),
//! and also a `description` whose value restates a listed role of its subject ("former
//! President" for a listed `holds_role` President): true, but not the listed fact, so it earns
//! no recall.

use crate::Prf;
use ontology::Predicate;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A half-open range of code points.
pub type Span = (u32, u32);

/// Role heads that make a `holds_role` fact a `leads` fact.
pub const LEADER_TITLES: &[&str] = &[
    "leader",
    "head",
    "chief",
    "president",
    "chairman",
    "chairwoman",
    "chair",
    "director",
    "ceo",
    "boss",
    "commander",
    "founder",
    "secretary-general",
    "prime minister",
];

/// One hand-listed fact, with the texts of its spans for display and value matching.
#[derive(Clone, Debug, PartialEq)]
pub struct GoldFact {
    pub doc: String,
    pub predicate: String,
    pub subject: Span,
    pub object: Option<Span>,
    pub value: Option<Span>,
    pub status: Option<String>,
    pub evidence: Span,
    pub subject_text: String,
    pub object_text: Option<String>,
    pub value_text: Option<String>,
}

/// A predicted relation, with its arguments widened to their coreference chains.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct PredFact {
    pub doc: String,
    pub predicate: String,
    /// The subject mention first, then the other spans of its chain.
    pub subject: Vec<Span>,
    /// The object mention first, then the other spans of its chain (empty: no entity object).
    pub object: Vec<Span>,
    pub value: Option<String>,
    pub status: Option<String>,
    pub evidence: Span,
    pub subject_text: String,
    pub object_text: Option<String>,
}

/// Parses one line of a gold facts file (the spans only; texts are filled in by
/// [`GoldFact::with_text`]).
pub fn parse_gold_line(line: &str) -> Result<GoldFact, String> {
    let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let span = |k: &str| -> Result<Option<Span>, String> {
        match v.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) if a.len() == 2 => {
                let n = |x: &Value| {
                    x.as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .ok_or_else(|| format!("{k}: not an offset"))
                };
                let (s, e) = (n(&a[0])?, n(&a[1])?);
                if s > e {
                    return Err(format!("{k}: start {s} > end {e}"));
                }
                Ok(Some((s, e)))
            }
            Some(_) => Err(format!("{k}: expected [start, end] or null")),
        }
    };
    let string = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let doc = string("doc").ok_or("missing doc")?;
    let predicate = string("predicate").ok_or("missing predicate")?;
    let subject = span("subject")?.ok_or("missing subject")?;
    let object = span("object")?;
    let value = span("value")?;
    if object.is_none() && value.is_none() {
        return Err("a fact needs an object or a value".into());
    }
    Ok(GoldFact {
        doc,
        predicate,
        subject,
        object,
        value,
        status: string("status"),
        evidence: span("evidence")?.ok_or("missing evidence")?,
        subject_text: String::new(),
        object_text: None,
        value_text: None,
    })
}

impl GoldFact {
    /// Fills in the span texts from the document's text; fails when a span is out of range.
    pub fn with_text(mut self, text: &str) -> Result<Self, String> {
        let chars: Vec<char> = text.chars().collect();
        let cut = |(s, e): Span| -> Result<String, String> {
            chars
                .get(s as usize..e as usize)
                .map(|c| c.iter().collect())
                .ok_or_else(|| format!("span [{s}, {e}] outside the text ({} chars)", chars.len()))
        };
        cut(self.evidence)?;
        self.subject_text = cut(self.subject)?;
        self.object_text = self.object.map(cut).transpose()?;
        self.value_text = self.value.map(cut).transpose()?;
        Ok(self)
    }
}

fn overlaps(a: Span, b: Span) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn any_overlap(pred: &[Span], gold: Span) -> bool {
    pred.iter().any(|p| overlaps(*p, gold))
}

/// Lower-cased words of a role or label, abbreviations expanded, articles dropped, cut before
/// `of`/`at`/`for`/`to` (the head of "director of the Institute" is "director").
fn normalize(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.split(|c: char| c.is_whitespace()) {
        let w: String = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if w.is_empty() || w == "the" || w == "a" || w == "an" {
            continue;
        }
        if matches!(w.as_str(), "of" | "at" | "for" | "to" | "in") && !out.is_empty() {
            break;
        }
        let w = match w.as_str() {
            "sen" | "sens" | "senators" => "senator".to_string(),
            "rep" | "reps" | "representatives" => "representative".to_string(),
            "gov" | "govs" | "governors" => "governor".to_string(),
            "pres" => "president".to_string(),
            "gen" => "general".to_string(),
            "sec" => "secretary".to_string(),
            _ => w,
        };
        out.push(w);
    }
    out
}

fn singular(w: &str) -> &str {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        &w[..w.len() - 1]
    } else {
        w
    }
}

/// The head word of a role or label: the last word before a cut.
fn head(s: &str) -> Option<String> {
    let words = normalize(s);
    let last = words.last()?;
    // "chief executive (officer)" reads as "ceo".
    let n = words.len();
    if n >= 2 && words[n - 2] == "chief" && (last == "executive" || last == "officer") {
        return Some("ceo".into());
    }
    if last == "officer" && n >= 3 && words[n - 3] == "chief" && words[n - 2] == "executive" {
        return Some("ceo".into());
    }
    Some(singular(last).to_string())
}

/// Whether two roles or labels name the same thing.
pub fn values_match(pred: &str, gold: &str) -> bool {
    let (p, g) = (normalize(pred).join(" "), normalize(gold).join(" "));
    if p.is_empty() || g.is_empty() {
        return false;
    }
    if head(pred) == head(gold) {
        return true;
    }
    let contains = |a: &str, b: &str| format!(" {a} ").contains(&format!(" {b} "));
    contains(&p, &g) || contains(&g, &p)
}

/// Whether a role names a leader ("president", "executive director", "chief executive").
pub fn is_leader_title(role: &str) -> bool {
    let words = normalize(role).join(" ");
    let h = head(role).unwrap_or_default();
    LEADER_TITLES
        .iter()
        .any(|t| h == *t || (t.contains(' ') && words.ends_with(t)))
        && !words.starts_with("vice ")
        && !words.starts_with("deputy ")
        && !words.starts_with("assistant ")
}

fn canonical_predicate(p: &str) -> &str {
    if p == Predicate::BasedIn {
        Predicate::LocatedIn.as_str()
    } else {
        p
    }
}

/// How a prediction matched a gold fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    No,
    /// Everything the gold fact states.
    Full,
    /// A `holds_role` with the right role, but without the organisation the gold fact names.
    RoleWithoutObject,
}

/// Matches one prediction against one gold fact (see the module docs for the rules).
pub fn match_fact(gold: &GoldFact, pred: &PredFact) -> Match {
    if gold.doc != pred.doc || !any_overlap(&pred.subject, gold.subject) {
        return Match::No;
    }
    let (gp, pp) = (
        canonical_predicate(&gold.predicate),
        canonical_predicate(&pred.predicate),
    );
    let object_ok = |g: Option<Span>| g.is_none_or(|g| any_overlap(&pred.object, g));
    if gp == pp {
        if gp == Predicate::HoldsRole {
            let (Some(gv), Some(pv)) = (&gold.value_text, &pred.value) else {
                return Match::No;
            };
            if !values_match(pv, gv) {
                return Match::No;
            }
            return match gold.object {
                Some(g) if any_overlap(&pred.object, g) => Match::Full,
                Some(_) if pred.object.is_empty() => Match::RoleWithoutObject,
                Some(_) => Match::No,
                None => Match::Full,
            };
        }
        if !object_ok(gold.object) {
            return Match::No;
        }
        if let Some(gv) = &gold.value_text {
            match &pred.value {
                Some(pv) if values_match(pv, gv) => {}
                _ => return Match::No,
            }
        }
        return Match::Full;
    }
    // leads ~ holds_role with a leader's title, the organisation matching.
    let leader_pair = |role: Option<&String>| role.is_some_and(|r| is_leader_title(r));
    match (Predicate::parse(gp), Predicate::parse(pp)) {
        (Some(Predicate::Leads), Some(Predicate::HoldsRole))
            if leader_pair(pred.value.as_ref()) =>
        {
            if gold.object.is_some() && object_ok(gold.object) {
                Match::Full
            } else {
                Match::No
            }
        }
        (Some(Predicate::HoldsRole), Some(Predicate::Leads))
            if leader_pair(gold.value_text.as_ref()) =>
        {
            if gold.object.is_some() && object_ok(gold.object) {
                Match::Full
            } else {
                Match::No
            }
        }
        _ => Match::No,
    }
}

/// Whether a predicted `description` names the role of a gold `holds_role` fact for the same
/// subject.
pub fn restates_role(gold: &GoldFact, pred: &PredFact) -> bool {
    pred.predicate == Predicate::Description
        && gold.predicate == Predicate::HoldsRole
        && gold.doc == pred.doc
        && any_overlap(&pred.subject, gold.subject)
        && match (&pred.value, &gold.value_text) {
            (Some(p), Some(g)) => values_match(p, g),
            _ => false,
        }
}

/// Counts of one predicate (or all): gold facts, gold facts matched, predictions, predictions
/// matched.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Counts {
    pub gold: usize,
    pub gold_matched: usize,
    pub pred: usize,
    pub pred_matched: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        Prf {
            tp: self.pred_matched,
            pred: self.pred,
            gold: 0,
        }
        .precision()
    }
    pub fn recall(&self) -> f64 {
        Prf {
            tp: self.gold_matched,
            pred: 0,
            gold: self.gold,
        }
        .recall()
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn to_json(self) -> Value {
        let round = |x: f64| (x * 10000.0).round() / 10000.0;
        json!({
            "p": round(self.precision()),
            "r": round(self.recall()),
            "f1": round(self.f1()),
            "gold": self.gold,
            "pred": self.pred,
            "matched": self.gold_matched,
            "pred_matched": self.pred_matched,
        })
    }
}

/// The scores, plus what was missed and what was wrong.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub micro: Counts,
    /// Keyed by predicate (`based_in` counted under `located_in`); gold counts by the gold
    /// predicate, prediction counts by the predicted one.
    pub by_predicate: BTreeMap<String, Counts>,
    /// Gold `holds_role` facts that name an organisation or country, and how many of them were
    /// matched with it (the others matched, if at all, without it).
    pub role_object: (usize, usize),
    /// Gold facts with status `former`, and how many were matched by a prediction saying so.
    pub former: (usize, usize),
    /// Indices into the gold list of the facts no prediction matched.
    pub misses: Vec<usize>,
    /// Indices into the prediction list of the predictions that matched nothing.
    pub false_positives: Vec<usize>,
}

/// Scores predictions against gold facts. Only predictions on documents that have gold facts
/// should be passed in.
pub fn score(gold: &[GoldFact], pred: &[PredFact]) -> Report {
    let mut r = Report::default();
    let mut pred_hit = vec![false; pred.len()];
    for (gi, g) in gold.iter().enumerate() {
        let c = r
            .by_predicate
            .entry(canonical_predicate(&g.predicate).to_string())
            .or_default();
        c.gold += 1;
        let mut best = Match::No;
        let mut former_ok = false;
        for (pi, p) in pred.iter().enumerate() {
            let m = match_fact(g, p);
            if m == Match::No {
                continue;
            }
            pred_hit[pi] = true;
            if best != Match::Full {
                best = m;
            }
            former_ok |= p.status.as_deref() == Some(ontology::FORMER);
        }
        if best != Match::No {
            c.gold_matched += 1;
        } else {
            r.misses.push(gi);
        }
        if g.predicate == Predicate::HoldsRole && g.object.is_some() {
            r.role_object.0 += 1;
            r.role_object.1 += usize::from(best == Match::Full);
        }
        if g.status.as_deref() == Some(ontology::FORMER) {
            r.former.0 += 1;
            r.former.1 += usize::from(best != Match::No && former_ok);
        }
    }
    // A `description` that restates a listed role ("former President") is true, though not the
    // listed fact: it counts as right for precision, not for recall.
    for (pi, p) in pred.iter().enumerate() {
        if !pred_hit[pi] && p.predicate == Predicate::Description {
            pred_hit[pi] = gold.iter().any(|g| restates_role(g, p));
        }
    }
    for (pi, p) in pred.iter().enumerate() {
        let c = r
            .by_predicate
            .entry(canonical_predicate(&p.predicate).to_string())
            .or_default();
        c.pred += 1;
        if pred_hit[pi] {
            c.pred_matched += 1;
        } else {
            r.false_positives.push(pi);
        }
    }
    for c in r.by_predicate.values() {
        r.micro.gold += c.gold;
        r.micro.gold_matched += c.gold_matched;
        r.micro.pred += c.pred;
        r.micro.pred_matched += c.pred_matched;
    }
    r
}

impl Report {
    /// `{"micro": {"p","r","f1","gold","pred","matched","pred_matched"}, "by_predicate": {…},
    /// "role_object": {"gold","matched"}, "former": {"gold","matched"}}`.
    pub fn to_json(&self) -> Value {
        let by: serde_json::Map<String, Value> = self
            .by_predicate
            .iter()
            .map(|(k, c)| (k.clone(), c.to_json()))
            .collect();
        json!({
            "micro": self.micro.to_json(),
            "by_predicate": by,
            "role_object": {"gold": self.role_object.0, "matched": self.role_object.1},
            "former": {"gold": self.former.0, "matched": self.former.1},
        })
    }

    /// A table of the figures; with `show`, the misses and false positives after it.
    pub fn render(&self, gold: &[GoldFact], pred: &[PredFact], show: bool) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let line = |s: &mut String, name: &str, c: &Counts| {
            let _ = writeln!(
                s,
                "{name:<16} {:>5} {:>7} {:>5} {:>5} {:>6.3} {:>6.3} {:>6.3}",
                c.gold,
                c.gold_matched,
                c.pred,
                c.pred_matched,
                c.precision(),
                c.recall(),
                c.f1()
            );
        };
        let _ = writeln!(
            s,
            "{:<16} {:>5} {:>7} {:>5} {:>5} {:>6} {:>6} {:>6}",
            "predicate", "gold", "matched", "pred", "right", "P", "R", "F1"
        );
        for (k, c) in &self.by_predicate {
            line(&mut s, k, c);
        }
        line(&mut s, "micro", &self.micro);
        let _ = writeln!(
            s,
            "holds_role naming the organisation: {}/{} matched with it; former: {}/{}",
            self.role_object.1, self.role_object.0, self.former.1, self.former.0
        );
        if show {
            let _ = writeln!(s, "\nmisses ({}):", self.misses.len());
            for &i in &self.misses {
                let g = &gold[i];
                let _ = writeln!(
                    s,
                    "  {} {} {:?} -> {} {}{}",
                    g.doc,
                    g.predicate,
                    g.subject_text,
                    g.object_text
                        .as_deref()
                        .map_or(String::new(), |o| format!("{o:?}")),
                    g.value_text
                        .as_deref()
                        .map_or(String::new(), |v| format!("[{v}]")),
                    g.status
                        .as_deref()
                        .map_or(String::new(), |v| format!(" ({v})"))
                );
            }
            let _ = writeln!(s, "\nfalse positives ({}):", self.false_positives.len());
            for &i in &self.false_positives {
                let p = &pred[i];
                let _ = writeln!(
                    s,
                    "  {} {} {:?} -> {} {}{}",
                    p.doc,
                    p.predicate,
                    p.subject_text,
                    p.object_text
                        .as_deref()
                        .map_or(String::new(), |o| format!("{o:?}")),
                    p.value
                        .as_deref()
                        .map_or(String::new(), |v| format!("[{v}]")),
                    p.status
                        .as_deref()
                        .map_or(String::new(), |v| format!(" ({v})"))
                );
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Wells Fargo CEO John Stumpf met Sen. Elizabeth Warren (D-Mass.) in Boston, \
                        Mass. Stumpf said he would stay.";

    fn at(needle: &str) -> Span {
        let b = TEXT.find(needle).expect(needle);
        let s = TEXT[..b].chars().count() as u32;
        (s, s + needle.chars().count() as u32)
    }

    fn gold(pred: &str, subj: &str, obj: Option<&str>, val: Option<&str>) -> GoldFact {
        let line = json!({
            "doc": "d", "predicate": pred, "subject": at(subj),
            "object": obj.map(at), "value": val.map(at), "status": null,
            "evidence": [0, TEXT.chars().count()],
        })
        .to_string();
        parse_gold_line(&line).unwrap().with_text(TEXT).unwrap()
    }

    fn pred(p: &str, subj: &[&str], obj: &[&str], val: Option<&str>) -> PredFact {
        PredFact {
            doc: "d".into(),
            predicate: p.into(),
            subject: subj.iter().map(|s| at(s)).collect(),
            object: obj.iter().map(|s| at(s)).collect(),
            value: val.map(str::to_string),
            subject_text: subj[0].into(),
            ..Default::default()
        }
    }

    #[test]
    fn parses_and_cuts_texts() {
        let g = gold(
            "holds_role",
            "John Stumpf",
            Some("Wells Fargo"),
            Some("CEO"),
        );
        assert_eq!(g.subject_text, "John Stumpf");
        assert_eq!(g.object_text.as_deref(), Some("Wells Fargo"));
        assert_eq!(g.value_text.as_deref(), Some("CEO"));
        assert!(parse_gold_line(r#"{"doc":"d","predicate":"leads","subject":[0,3]}"#).is_err());
        assert!(
            parse_gold_line(
                r#"{"doc":"d","predicate":"leads","subject":[3,0],"object":[0,1],"evidence":[0,9]}"#
            )
            .is_err()
        );
        let far =
            r#"{"doc":"d","predicate":"leads","subject":[0,3],"object":[0,1],"evidence":[0,999]}"#;
        assert!(parse_gold_line(far).unwrap().with_text(TEXT).is_err());
    }

    #[test]
    fn role_matches_by_head_word_and_through_the_chain() {
        let g = gold(
            "holds_role",
            "John Stumpf",
            Some("Wells Fargo"),
            Some("CEO"),
        );
        // The prediction sits on another mention of the same chain.
        let p = pred(
            "holds_role",
            &["Stumpf said", "John Stumpf"],
            &["Wells Fargo"],
            Some("chief executive"),
        );
        assert_eq!(match_fact(&g, &p), Match::Full);
        let p = pred("holds_role", &["John Stumpf"], &[], Some("CEO"));
        assert_eq!(match_fact(&g, &p), Match::RoleWithoutObject);
        let p = pred("holds_role", &["John Stumpf"], &["Boston"], Some("CEO"));
        assert_eq!(match_fact(&g, &p), Match::No);
        let p = pred("holds_role", &["Elizabeth Warren"], &[], Some("CEO"));
        assert_eq!(match_fact(&g, &p), Match::No);
        let g = gold("holds_role", "Elizabeth Warren", None, Some("Sen."));
        let p = pred("holds_role", &["Elizabeth Warren"], &[], Some("senator"));
        assert_eq!(match_fact(&g, &p), Match::Full);
        let p = pred("holds_role", &["Elizabeth Warren"], &[], Some("governor"));
        assert_eq!(match_fact(&g, &p), Match::No);
    }

    #[test]
    fn values_and_leaders() {
        assert!(values_match("director", "executive director of the Center"));
        assert!(values_match("Republican presidential nominee", "nominee"));
        assert!(values_match("Sens.", "senator"));
        assert!(!values_match("press secretary", "president"));
        assert!(is_leader_title("executive director"));
        assert!(is_leader_title("President"));
        assert!(is_leader_title("chief executive officer"));
        assert!(!is_leader_title("vice president"));
        assert!(!is_leader_title("assistant leader"));
        assert!(!is_leader_title("press secretary"));
    }

    #[test]
    fn predicate_equivalences() {
        let g = gold("leads", "John Stumpf", Some("Wells Fargo"), None);
        let p = pred(
            "holds_role",
            &["John Stumpf"],
            &["Wells Fargo"],
            Some("CEO"),
        );
        assert_eq!(match_fact(&g, &p), Match::Full);
        // Without the organisation a title alone does not say what is led.
        let p = pred("holds_role", &["John Stumpf"], &[], Some("CEO"));
        assert_eq!(match_fact(&g, &p), Match::No);
        let g = gold("located_in", "Boston", Some("Mass."), None);
        let p = pred("based_in", &["Boston"], &["Mass."], None);
        assert_eq!(match_fact(&g, &p), Match::Full);
        let p = pred("part_of", &["Boston"], &["Mass."], None);
        assert_eq!(match_fact(&g, &p), Match::No);
    }

    #[test]
    fn scores_recall_precision_and_lists() {
        let gold = vec![
            gold(
                "holds_role",
                "John Stumpf",
                Some("Wells Fargo"),
                Some("CEO"),
            ),
            gold("member_of", "Elizabeth Warren", Some("D-Mass."), None),
            gold("located_in", "Boston", Some("Mass."), None),
        ];
        let pred = vec![
            pred("holds_role", &["John Stumpf"], &[], Some("CEO")),
            pred("holds_role", &["Stumpf said"], &[], Some("CEO")),
            pred("located_in", &["Boston"], &["Mass."], None),
            pred("opposes", &["Elizabeth Warren"], &["John Stumpf"], None),
            pred(
                "description",
                &["John Stumpf"],
                &[],
                Some("chief executive"),
            ),
        ];
        let r = score(&gold, &pred);
        assert_eq!(r.micro.gold, 3);
        assert_eq!(r.micro.gold_matched, 2);
        assert_eq!(r.micro.pred, 5);
        // The second role prediction is on "Stumpf said", which is not in a chain here; the
        // description restates the listed role: right, but no recall.
        assert_eq!(r.micro.pred_matched, 3);
        assert_eq!(r.by_predicate["description"].pred_matched, 1);
        assert_eq!(r.by_predicate["description"].gold, 0);
        assert_eq!(r.misses, vec![1]);
        assert_eq!(r.false_positives, vec![1, 3]);
        assert_eq!(r.role_object, (1, 0));
        assert_eq!(r.by_predicate["opposes"].pred, 1);
        let j = r.to_json();
        assert_eq!(j["micro"]["gold"], 3);
        assert_eq!(j["micro"]["matched"], 2);
        assert!((j["micro"]["r"].as_f64().unwrap() - 0.6667).abs() < 1e-9);
        let text = r.render(&gold, &pred, true);
        assert!(text.contains("misses (1)"), "{text}");
        assert!(text.contains("false positives (2)"), "{text}");
    }
}
