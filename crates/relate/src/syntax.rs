//! Relations read from the dependency layer: the patterns of `data/dep_patterns.tsv` (verbs
//! and their subject/object paths, role-giving verbs, hyphenated compounds, titles around a
//! person's name), the polarity check on the trigger's own dependents, and the clause a fact's
//! time is read from.
//!
//! The parser is right about four attachments in five, so the patterns stay short: one
//! dependency from the trigger to each argument, names taken from the entities layer (a token
//! inside a mention is that mention), pronouns and nominals from the coreference layer, and
//! titles read as token runs that the NER layer delimits. Everything is indexed by sentence
//! (at most 160 tokens): the cost is linear in the document.

use crate::cues;
use crate::patterns::{labels, place_predicate};
use crate::words::{self, List};
use doc::{Document, EntityLabel, Relation, TextRange, TimexType, Upos};
use ontology::Predicate;
use std::collections::HashMap;
use std::sync::{LazyLock, OnceLock};

/// The pattern table, embedded.
pub(crate) const TABLE: &str = include_str!("../data/dep_patterns.tsv");

/// What a row reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Verb,
    Role,
    Compound,
    Title,
}

/// One step from the trigger: a dependent by relation, optionally with its case word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step {
    /// A dependent whose relation is exactly this one (`nsubj`, `nsubj:pass`, `obj`, `xcomp`).
    Rel(String),
    /// An `obl`/`nmod` dependent with this case word ("obl:in").
    Case(String),
    /// The modified name (compounds).
    Head,
    /// The name before the suffix (compounds).
    Prefix,
    /// A title construction.
    Construction(Construction),
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Construction {
    Pre,
    Appos,
    PossAppos,
    Fronted,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub id: String,
    pub predicate: Predicate,
    pub kind: Kind,
    pub triggers: Vec<String>,
    pub subject: Vec<Step>,
    pub object: Vec<Step>,
    pub subj_types: Vec<EntityLabel>,
    pub obj_types: Option<Vec<EntityLabel>>,
    pub former: bool,
    pub value: Option<String>,
    pub confidence: f32,
}

fn steps(s: &str, kind: Kind) -> Result<Vec<Step>, String> {
    if s == "-" {
        return Ok(vec![Step::None]);
    }
    s.split('|')
        .map(|p| {
            Ok(match (kind, p) {
                (Kind::Compound, "head") => Step::Head,
                (Kind::Compound, "prefix") => Step::Prefix,
                (Kind::Title, "pre") => Step::Construction(Construction::Pre),
                (Kind::Title, "appos") => Step::Construction(Construction::Appos),
                (Kind::Title, "poss-appos") => Step::Construction(Construction::PossAppos),
                (Kind::Title, "fronted") => Step::Construction(Construction::Fronted),
                (Kind::Verb | Kind::Role, _) => match p.split_once(':') {
                    Some(("obl", w)) if !w.is_empty() && w.chars().all(char::is_alphabetic) => {
                        Step::Case(w.to_string())
                    }
                    _ if words::is(List::PathRel, p) => Step::Rel(p.to_string()),
                    _ => return Err(format!("unknown path {p:?}")),
                },
                _ => return Err(format!("path {p:?} does not fit kind {kind:?}")),
            })
        })
        .collect()
}

/// Parses and checks the table: every row has 12 columns, a known predicate, kind, paths and
/// labels, a confidence in [0, 1] and a unique id.
pub(crate) fn parse_table(text: &str) -> Result<Vec<Row>, String> {
    let mut rows: Vec<Row> = Vec::new();
    let mut header = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let at = |e: String| format!("dep_patterns.tsv line {}: {e}", n + 1);
        if cols.len() != 12 {
            return Err(at(format!("{} columns, want 12", cols.len())));
        }
        if !header {
            if cols.first() != Some(&"id") {
                return Err(at("the first row must be the header".into()));
            }
            header = true;
            continue;
        }
        let col = |i: usize| cols.get(i).copied().unwrap_or("");
        let kind = match col(2) {
            "verb" => Kind::Verb,
            "role" => Kind::Role,
            "compound" => Kind::Compound,
            "title" => Kind::Title,
            k => return Err(at(format!("unknown kind {k:?}"))),
        };
        let predicate: Predicate = col(1).parse().map_err(|e| at(format!("{e}")))?;
        let triggers: Vec<String> = col(3).split('|').map(str::to_string).collect();
        if triggers
            .iter()
            .any(|t| t.is_empty() || t.chars().any(char::is_uppercase))
        {
            return Err(at("triggers are non-empty lowercase words".into()));
        }
        let confidence: f32 = col(10)
            .parse()
            .map_err(|_| at(format!("bad confidence {:?}", col(10))))?;
        if !(0.0..=1.0).contains(&confidence) {
            return Err(at("confidence outside [0, 1]".into()));
        }
        let row = Row {
            id: col(0).to_string(),
            predicate,
            kind,
            triggers,
            subject: steps(col(4), kind).map_err(at)?,
            object: steps(col(5), kind).map_err(at)?,
            subj_types: labels(col(6)).map_err(at)?,
            obj_types: if col(7) == "*" {
                None
            } else {
                Some(labels(col(7)).map_err(at)?)
            },
            former: match col(8) {
                "former" => true,
                "-" => false,
                s => return Err(at(format!("unknown status {s:?}"))),
            },
            value: (col(9) != "-").then(|| col(9).to_string()),
            confidence,
        };
        if row.id.is_empty() || rows.iter().any(|r| r.id == row.id) {
            return Err(at(format!("missing or duplicate id {:?}", row.id)));
        }
        if kind == Kind::Title && !matches!(row.subject.as_slice(), [Step::Construction(_)]) {
            return Err(at("a title row names one construction".into()));
        }
        rows.push(row);
    }
    if !header {
        return Err("dep_patterns.tsv: no header".into());
    }
    Ok(rows)
}

/// The embedded table, parsed once (a malformed table gives no rows; the tests catch it).
pub(crate) fn rows() -> &'static [Row] {
    static ROWS: OnceLock<Vec<Row>> = OnceLock::new();
    ROWS.get_or_init(|| parse_table(TABLE).unwrap_or_default())
}

// ---------------------------------------------------------------------------------------------
// The document view.

/// A parsed document's layers as token-indexed tables, built once per document.
pub struct View<'d> {
    doc: &'d Document,
    /// The shared token view: lowercased words (curly apostrophes folded), tags.
    tv: &'d doc::TokenView,
    /// The shared dependency tree: heads and children.
    tree: &'d doc::DepTree,
    rel: Vec<&'d str>,
    /// Entities-layer mention covering each token.
    ment_at: Vec<Option<u32>>,
    chains: doc::CorefIndex,
    /// Each chain's first entities-layer mention.
    rep: Vec<Option<u32>>,
    chain_label: Vec<EntityLabel>,
    /// Mention index by lowercased text (the first one), for names written inside a
    /// hyphenated token ("Amazon-owned").
    by_text: HashMap<String, u32>,
    /// Token index of each sentence, and the sentence of each token.
    sent_of: Vec<usize>,
    sents: Vec<(usize, usize, TextRange)>,
    /// The time expressions, sorted by start (a sentence takes its slice by binary search).
    timexes: Vec<&'d doc::Timex>,
}

impl<'d> View<'d> {
    /// `None` without a dependency layer.
    pub fn new(doc: &'d Document) -> Option<Self> {
        let deps = doc.deps()?;
        let toks = doc.token_items();
        let n = toks.len();
        let tv = doc.view();
        let mut rel = vec![""; n];
        for (i, d) in deps.items.iter().enumerate().take(n) {
            if let Some(slot) = rel.get_mut(i) {
                *slot = d.rel.as_str();
            }
        }
        let mut ment_at = vec![None; n];
        let mut by_text = HashMap::new();
        for (i, m) in doc.entity_items().iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let a = toks.partition_point(|t| t.range.end <= m.range.start);
            let b = toks.partition_point(|t| t.range.start < m.range.end);
            for slot in ment_at.iter_mut().take(b).skip(a) {
                slot.get_or_insert(i);
            }
            by_text
                .entry(doc.slice(m.range).to_lowercase())
                .or_insert(i);
        }
        let chain_items = doc.coref().map(|l| l.items.as_slice()).unwrap_or_default();
        let chains = doc::CorefIndex::from_chains(chain_items);
        let mut rep = vec![None; chain_items.len()];
        for (i, m) in doc.entity_items().iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            if let Some(c) = chains.exact(m.range)
                && let Some(slot @ None) = rep.get_mut(c)
            {
                *slot = Some(i);
            }
        }
        let chain_label = chain_items.iter().map(|c| c.label).collect();
        let mut sent_of = vec![0; n];
        let mut sents = Vec::new();
        for s in doc.sentence_items() {
            let (t0, t1) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(n));
            for slot in sent_of.iter_mut().take(t1).skip(t0) {
                *slot = sents.len();
            }
            sents.push((t0, t1, s.range));
        }
        Some(View {
            doc,
            tv,
            tree: doc.tree(),
            rel,
            ment_at,
            chains,
            rep,
            chain_label,
            by_text,
            sent_of,
            sents,
            timexes: {
                let mut t: Vec<&doc::Timex> = doc.timex_items().iter().collect();
                t.sort_by_key(|x| x.range.start);
                t
            },
        })
    }

    fn word(&self, i: usize) -> &str {
        self.tv.lower_apos(i)
    }

    fn raw(&self, i: usize) -> &str {
        self.doc
            .token_items()
            .get(i)
            .map_or("", |t| self.doc.slice(t.range))
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.tv.upos(i)
    }

    fn rel(&self, i: usize) -> &str {
        self.rel.get(i).copied().unwrap_or("")
    }

    fn head(&self, i: usize) -> Option<usize> {
        self.tree.head(i)
    }

    fn kids(&self, i: usize) -> &[usize] {
        self.tree.kids(i)
    }

    fn ment(&self, i: usize) -> Option<u32> {
        self.ment_at.get(i).copied().flatten()
    }

    fn label(&self, m: u32) -> Option<EntityLabel> {
        self.doc.entity_items().get(m as usize).map(|x| x.label)
    }

    fn capitalized(&self, i: usize) -> bool {
        self.raw(i).starts_with(char::is_uppercase)
    }

    /// The token span of mention `m`.
    fn span(&self, m: u32) -> Option<(usize, usize)> {
        let r = self.doc.entity_items().get(m as usize)?.range;
        let toks = self.doc.token_items();
        let a = toks.partition_point(|t| t.range.end <= r.start);
        let b = toks.partition_point(|t| t.range.start < r.end);
        (a < b).then_some((a, b))
    }

    /// The mention's syntactic head: its token whose head lies outside it.
    fn mention_head(&self, m: u32) -> Option<usize> {
        let (a, b) = self.span(m)?;
        (a..b)
            .find(|&t| self.head(t).is_none_or(|h| h < a || h >= b))
            .or(Some(a))
    }

    /// The argument a token stands for: the mention covering it, a name among its
    /// compound/flat dependents, or the mention coreference gives a pronoun or nominal.
    fn arg(&self, t: usize) -> Option<(u32, EntityLabel)> {
        if let Some(m) = self.ment(t) {
            return Some((m, self.label(m)?));
        }
        for &k in self.kids(t) {
            if words::is(List::NamePartRel, self.rel(k))
                && let Some(m) = self.ment(k)
                && self.capitalized(t)
            {
                return Some((m, self.label(m)?));
            }
        }
        // "the Tunisian government", "Tunisia's government": the state.
        if words::is(List::StateBody, self.word(t)) {
            for &k in self.kids(t) {
                if words::is(List::StateModifierRel, self.rel(k))
                    && let Some(m) = self.ment(k)
                    && self.label(m) == Some(EntityLabel::Loc)
                {
                    return Some((m, EntityLabel::Loc));
                }
            }
        }
        let r = self.doc.token_items().get(t)?.range;
        let c = self.chains.chain_of(r)?;
        let m = self.rep.get(c).copied().flatten()?;
        Some((m, *self.chain_label.get(c)?))
    }

    /// The dependents of `t` along `step`.
    /// Whether the nominal `k` is marked by the case word `w`: a `case` child of it, or of a
    /// `compound`/`flat` part before it ("by Quillon Group" with "by" hung on "Quillon", a
    /// common attachment error).
    fn has_case(&self, k: usize, w: &str) -> bool {
        let marks = |n: usize| {
            self.kids(n)
                .iter()
                .any(|&c| self.rel(c) == "case" && self.word(c) == w)
        };
        marks(k)
            || self
                .kids(k)
                .iter()
                .any(|&p| p < k && words::is(List::NamePartRel, self.rel(p)) && marks(p))
    }

    fn follow(&self, t: usize, step: &Step) -> Vec<usize> {
        let mut out: Vec<usize> = match step {
            Step::Rel(r) => self
                .kids(t)
                .iter()
                .copied()
                .filter(|&k| self.rel(k) == r)
                .collect(),
            Step::Case(w) => self
                .kids(t)
                .iter()
                .copied()
                .filter(|&k| {
                    let base = self.rel(k).split(':').next().unwrap_or("");
                    matches!(base, "obl" | "nmod") && self.has_case(k, w)
                })
                .collect(),
            _ => Vec::new(),
        };
        // Fall-backs for what the tree leaves implicit.
        if out.is_empty() {
            let rel = self.rel(t);
            match step {
                // "Y, founded by X": the participle's head is its passive subject.
                Step::Rel(r) if r == "nsubj:pass" && rel == "acl" => out.extend(self.head(t)),
                // "X joined Y and resigned": a conjoined verb shares the subject.
                // "Since joining the Post, X …": an adverbial participle's subject is the main
                // clause's.
                Step::Rel(r) if r == "nsubj" && matches!(rel, "conj" | "advcl") => {
                    if let Some(h) = self.head(t) {
                        out.extend(
                            self.kids(h)
                                .iter()
                                .copied()
                                .filter(|&k| self.rel(k) == "nsubj"),
                        );
                    }
                }
                // "Delaware, where Yahoo is incorporated": the clause's head noun, or (the
                // parser hanging the clause elsewhere) the name right before "where".
                Step::Case(w) if w == "in" => {
                    if let Some(&wh) = self.kids(t).iter().find(|&&k| self.word(k) == "where") {
                        if rel == "acl:relcl" {
                            out.extend(self.head(t));
                        } else {
                            let mut p = wh.checked_sub(1);
                            if p.is_some_and(|p| self.word(p) == ",") {
                                p = p.and_then(|p| p.checked_sub(1));
                            }
                            out.extend(p.filter(|&p| self.ment(p).is_some()));
                        }
                    }
                }
                _ => {}
            }
        }
        // A relative pronoun stands for the noun the clause modifies.
        out.iter()
            .map(|&k| {
                if words::is(List::RelativePronoun, self.word(k))
                    && self.rel(t) == "acl:relcl"
                    && let Some(h) = self.head(t)
                {
                    h
                } else {
                    k
                }
            })
            .collect()
    }

    /// `t` and the tokens conjoined with it.
    fn with_conjuncts(&self, t: usize) -> Vec<usize> {
        let mut out = vec![t];
        for &k in self.kids(t) {
            if self.rel(k) == "conj" {
                out.push(k);
            }
        }
        out
    }

    /// True when the trigger's clause is negated, hedged or conditional: a negating or hedging
    /// dependent of it (or of the verbs it hangs from through xcomp/conj), a hedging verb
    /// above it ("plans to acquire"), "if"/"whether", or a cue among the three words before it.
    pub(crate) fn blocked(&self, t: usize) -> bool {
        let cue = |k: usize| {
            let w = self.word(k);
            if self.upos(k) == Some(Upos::Propn) && self.capitalized(k) {
                return false;
            }
            cues::is_negation(w) || (cues::is_hedge(w) && !words::is(List::Said, w))
        };
        let mut cur = t;
        for depth in 0..8 {
            for &k in self.kids(cur) {
                let r = self.rel(k);
                let base = r.split(':').next().unwrap_or("");
                if words::is(List::PolarityRel, base) && cue(k) {
                    return true;
                }
                if words::is(List::HardNegation, self.word(k)) {
                    return true;
                }
            }
            if depth > 0 && cue(cur) {
                return true;
            }
            let r = self.rel(cur);
            match self.head(cur) {
                Some(h) if words::is(List::EmbeddingRel, r) => {
                    // Reported speech ("he said X founded Y") asserts what it reports; a
                    // hedging verb above ("hopes to", "is said to") does not.
                    if r == "ccomp" && !cues::is_hedge(self.word(h)) {
                        break;
                    }
                    if r == "ccomp" && words::is(List::Said, self.word(h)) {
                        break;
                    }
                    cur = h;
                }
                _ => break,
            }
        }
        let s0 = self
            .sents
            .get(self.sent_of.get(t).copied().unwrap_or(0))
            .map_or(0, |s| s.0);
        (t.saturating_sub(3).max(s0)..t)
            .any(|k| cue(k) && !words::is(List::NotCueBefore, self.word(k)))
    }

    // -----------------------------------------------------------------------------------------
    // Clauses and time.

    /// True when `x` lies in the clause of `anchor`: `anchor` is an ancestor of `x` and no token
    /// between them opens a clause of its own (a relative or adverbial clause, a conjoined verb).
    fn in_clause(&self, x: usize, anchor: usize) -> bool {
        let mut cur = x;
        for _ in 0..200 {
            if cur == anchor {
                return true;
            }
            let r = self.rel(cur);
            if words::is(List::ClauseRel, r)
                || (r == "conj" && matches!(self.upos(cur), Some(Upos::Verb | Upos::Aux)))
            {
                return false;
            }
            match self.head(cur) {
                Some(h) => cur = h,
                None => return false,
            }
        }
        false
    }

    fn ancestors(&self, x: usize) -> Vec<usize> {
        let mut out = vec![x];
        let mut cur = x;
        while let Some(h) = self.head(cur) {
            if out.len() > 200 || out.contains(&h) {
                break;
            }
            out.push(h);
            cur = h;
        }
        out
    }

    /// The clause a fact about `args` (token heads) is stated in: the highest verb on the tree
    /// path between them, else their lowest common ancestor; one argument: its head token.
    pub(crate) fn anchor(&self, args: &[usize]) -> Option<usize> {
        let (&first, rest) = args.split_first()?;
        let up = self.ancestors(first);
        let mut lca = first;
        let mut path: Vec<usize> = vec![first];
        for &b in rest {
            let ub = self.ancestors(b);
            let common = up.iter().copied().find(|a| ub.contains(a))?;
            lca = common;
            path = up.iter().copied().take_while(|&a| a != common).collect();
            path.extend(ub.iter().copied().take_while(|&a| a != common));
            path.push(common);
        }
        // The highest verb on the path (not the arguments themselves).
        let verb = up
            .iter()
            .chain(path.iter())
            .copied()
            .filter(|t| path.contains(t) && !args.contains(t))
            .filter(|&t| matches!(self.upos(t), Some(Upos::Verb)))
            .min_by_key(|&t| self.ancestors(t).len());
        Some(verb.unwrap_or(lca))
    }

    /// The first dated time expression in the clause of `anchor`, as (value, is an end).
    pub(crate) fn clause_time(&self, anchor: usize) -> Option<(String, bool)> {
        let s = self.sents.get(*self.sent_of.get(anchor)?)?;
        let toks = self.doc.token_items();
        let mut best: Option<(usize, String, usize)> = None;
        for tx in self.timexes_in(s.2) {
            if tx.kind != TimexType::Date
                || !tx.value.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || !s.2.contains_range(tx.range)
            {
                continue;
            }
            let a = toks.partition_point(|t| t.range.end <= tx.range.start);
            let b = toks.partition_point(|t| t.range.start < tx.range.end);
            let Some(h) = (a..b).find(|&t| self.head(t).is_none_or(|h| h < a || h >= b)) else {
                continue;
            };
            if self.in_clause(h, anchor) {
                let d = a.abs_diff(anchor);
                if best.as_ref().is_none_or(|(bd, _, _)| d < *bd) {
                    best = Some((d, tx.value.clone(), a));
                }
            }
        }
        let in_relative = self
            .ancestors(anchor)
            .iter()
            .any(|&t| matches!(self.rel(t), "acl" | "acl:relcl"));
        if best.is_none() && !in_relative {
            // "In 2022, as Russia invaded, Zakayev decamped to Ukraine": a time fronted before
            // the main clause dates it, wherever the parser hung it.
            for tx in self.timexes_in(s.2) {
                let a = toks.partition_point(|t| t.range.end <= tx.range.start);
                let b = toks.partition_point(|t| t.range.start < tx.range.end);
                let lead = (s.0..a).all(|t| words::is(List::FrontedTimeLead, self.word(t)));
                if tx.kind == TimexType::Date
                    && tx.value.bytes().next().is_some_and(|c| c.is_ascii_digit())
                    && s.2.contains_range(tx.range)
                    && a < anchor
                    && lead
                    && self.word(b) == ","
                {
                    best = Some((0, tx.value.clone(), a));
                    break;
                }
            }
        }
        if best.is_none() {
            // No timex layer: four-digit years in the clause.
            for t in s.0..s.1 {
                let w = self.word(t);
                if w.len() == 4
                    && ("1800"..="2099").contains(&w)
                    && self.in_clause(t, anchor)
                    && best
                        .as_ref()
                        .is_none_or(|(bd, _, _)| t.abs_diff(anchor) < *bd)
                {
                    best = Some((t.abs_diff(anchor), w.to_string(), t));
                }
            }
        }
        let (_, value, at) = best?;
        let until = at
            .checked_sub(1)
            .is_some_and(|p| words::is(List::Until, self.word(p)));
        Some((value, until))
    }

    /// The time expressions that start inside `r`, in text order.
    fn timexes_in(&self, r: TextRange) -> impl Iterator<Item = &'d doc::Timex> + '_ {
        let a = self.timexes.partition_point(|t| t.range.start < r.start);
        let b = self.timexes.partition_point(|t| t.range.start < r.end);
        self.timexes
            .get(a..b.max(a))
            .unwrap_or_default()
            .iter()
            .copied()
    }

    /// Whether the clause of `anchor` ends a role: "resigned", "was fired", "stepped down",
    /// "until".
    pub(crate) fn ends_role(&self, anchor: usize) -> bool {
        let Some(s) = self
            .sents
            .get(self.sent_of.get(anchor).copied().unwrap_or(0))
        else {
            return false;
        };
        (s.0..s.1).any(|t| {
            words::is(List::EndsRole, self.word(t))
                && self.in_clause(t, anchor)
                && self.head(t).is_none_or(|h| h == anchor || t == anchor)
        })
    }

    pub(crate) fn sentence_of(&self, r: TextRange) -> Option<usize> {
        let k = self.sents.partition_point(|s| s.2.start < r.start);
        [k, k.wrapping_sub(1)]
            .into_iter()
            .find(|&i| self.sents.get(i).is_some_and(|s| s.2 == r))
    }
}

// ---------------------------------------------------------------------------------------------
// Patterns.

struct Out<'v, 'd> {
    v: &'v View<'d>,
    evidence: TextRange,
    rels: Vec<Relation>,
    /// Titles state who holds a role, not since when: the sentence's event time is not theirs.
    undated: bool,
}

impl Out<'_, '_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        subject: u32,
        predicate: Predicate,
        object: Option<u32>,
        value: Option<String>,
        confidence: f32,
        anchor: usize,
        former: bool,
    ) {
        if Some(subject) == object {
            return;
        }
        let time = if self.undated {
            None
        } else {
            self.v.clause_time(anchor)
        };
        let former = former || self.v.ends_role(anchor) && is_role_predicate(predicate);
        let (valid_from, valid_to, status) = match (time, former) {
            (Some((t, _)), true) => (None, Some(t), None),
            (Some((t, true)), false) => (None, Some(t), None),
            (Some((t, false)), false) => (Some(t), None, None),
            (None, true) => (None, None, Some(ontology::FORMER.to_string())),
            (None, false) => (None, None, None),
        };
        self.rels.push(Relation {
            subject,
            predicate: predicate.as_str().to_string(),
            object,
            object_value: value,
            evidence: self.evidence,
            confidence,
            valid_from,
            valid_to,
            status,
        });
    }
}

/// Predicates of a role or membership that "former", "resigned" or "was fired" end.
pub(crate) fn is_role_predicate(p: Predicate) -> bool {
    matches!(
        p,
        Predicate::HoldsRole | Predicate::Leads | Predicate::MemberOf | Predicate::EmployedBy
    )
}

/// The relations the table's patterns read off a document's dependency layer (none without
/// one). Evidence is the sentence; times come from the clause of the trigger.
pub fn relations(doc: &Document) -> Vec<Relation> {
    let Some(v) = View::new(doc) else {
        return Vec::new();
    };
    relations_in(&v, rows())
}

pub(crate) fn relations_in(v: &View<'_>, rows: &[Row]) -> Vec<Relation> {
    // Triggers to rows, once.
    let mut by_word: HashMap<&str, Vec<&Row>> = HashMap::new();
    let mut suffixes: Vec<(&str, &Row)> = Vec::new();
    let mut titles: Vec<&Row> = Vec::new();
    for r in rows {
        match r.kind {
            Kind::Verb | Kind::Role => {
                for t in &r.triggers {
                    by_word.entry(t.as_str()).or_default().push(r);
                }
            }
            Kind::Compound => suffixes.extend(r.triggers.iter().map(|t| (t.as_str(), r))),
            Kind::Title => titles.push(r),
        }
    }
    let mut all = Vec::new();
    for &(t0, t1, range) in &v.sents {
        if t0 >= t1 || v.doc.slice(range).trim_end().ends_with('?') {
            continue;
        }
        let mut out = Out {
            v,
            evidence: range,
            rels: Vec::new(),
            undated: false,
        };
        for t in t0..t1 {
            if let Some(rs) = by_word.get(v.word(t))
                && matches!(
                    v.upos(t),
                    Some(Upos::Verb | Upos::Aux | Upos::Adj | Upos::Noun)
                )
                && !v.blocked(t)
            {
                for r in rs {
                    match r.kind {
                        Kind::Verb => verb(&mut out, r, t),
                        Kind::Role => role_verb(&mut out, r, t),
                        _ => {}
                    }
                }
            }
            for (suf, r) in &suffixes {
                if v.word(t).len() > suf.len() && v.word(t).ends_with(suf) {
                    compound(&mut out, r, t, suf, t1);
                }
            }
        }
        out.undated = true;
        titles_in(&mut out, &titles, t0, t1);
        all.extend(out.rels);
    }
    all
}

fn allowed(types: &Option<Vec<EntityLabel>>, l: EntityLabel) -> bool {
    types.as_ref().is_none_or(|ts| ts.contains(&l))
}

fn args_along(v: &View<'_>, t: usize, path: &[Step]) -> Vec<(u32, EntityLabel, usize)> {
    for step in path {
        let found: Vec<(u32, EntityLabel, usize)> = v
            .follow(t, step)
            .into_iter()
            .flat_map(|k| v.with_conjuncts(k))
            .filter_map(|k| v.arg(k).map(|(m, l)| (m, l, k)))
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

fn verb(out: &mut Out<'_, '_>, r: &Row, t: usize) {
    let v = out.v;
    let subjects = args_along(v, t, &r.subject);
    let objects = args_along(v, t, &r.object);
    for &(s, sl, _) in &subjects {
        if !r.subj_types.contains(&sl) {
            continue;
        }
        for &(o, ol, _) in &objects {
            if !allowed(&r.obj_types, ol) || s == o {
                continue;
            }
            let predicate = if r.predicate == Predicate::BasedIn {
                place_predicate(sl)
            } else {
                r.predicate
            };
            out.push(
                s,
                predicate,
                Some(o),
                r.value.clone(),
                r.confidence,
                t,
                r.former,
            );
        }
    }
}

/// "X was elected leader of Y": the role noun along the object path, its organization.
fn role_verb(out: &mut Out<'_, '_>, r: &Row, t: usize) {
    let v = out.v;
    let subjects = args_along(v, t, &r.subject);
    let mut nouns: Vec<usize> = Vec::new();
    for step in &r.object {
        nouns = v.follow(t, step);
        nouns.retain(|&k| v.upos(k) == Some(Upos::Noun) || coref::is_role(v.word(k)));
        if !nouns.is_empty() {
            break;
        }
    }
    for &n in &nouns {
        if !coref::is_role(v.word(n)) {
            continue;
        }
        let title = title_of(v, n);
        let org = role_org(v, n).filter(|&(_, l)| allowed(&r.obj_types, l));
        // "appointed Omar Vance chairman" read as one noun phrase: the name hangs off the role.
        let mut subjects: Vec<(u32, EntityLabel, usize)> = subjects
            .iter()
            .copied()
            .filter(|&(_, _, k)| k != n)
            .collect();
        for &k in v.kids(n) {
            if words::is(List::NamedRoleRel, v.rel(k))
                && k < n
                && let Some(m) = v.ment(k)
                && v.label(m) == Some(EntityLabel::Per)
            {
                subjects.push((m, EntityLabel::Per, k));
            }
        }
        for &(s, sl, _) in &subjects {
            if sl != EntityLabel::Per {
                continue;
            }
            // "resigned as chairman of Y": the row says the role ended.
            emit_role(out, s, &title, org, r.confidence, t, r.former);
        }
    }
}

/// The title words of a role noun: its lowercase compound and adjective dependents before it.
fn title_of(v: &View<'_>, n: usize) -> String {
    let mut words: Vec<&str> = v
        .kids(n)
        .iter()
        .copied()
        .filter(|&k| {
            k < n
                && matches!(v.rel(k), "compound" | "amod")
                && !v.capitalized(k)
                && v.ment(k).is_none()
                && !is_former(v.word(k))
        })
        .map(|k| v.word(k))
        .collect();
    words.push(v.word(n));
    normalize_title(&words.join(" "))
}

/// The organization a role noun names: a possessive, "of/at/for/with" dependent, or a name
/// compounded before it.
fn role_org(v: &View<'_>, n: usize) -> Option<(u32, EntityLabel)> {
    let mut cands = Vec::new();
    for &k in v.kids(n) {
        let r = v.rel(k);
        // The case word hangs off the name's head, or off a word compounded before it when
        // the parser reads the name's first word as the compound ("of Pellow Trust").
        let case = v
            .kids(k)
            .iter()
            .copied()
            .chain(
                v.kids(k)
                    .iter()
                    .filter(|&&c| c < k && words::is(List::CompoundRel, v.rel(c)))
                    .flat_map(|&c| v.kids(c).iter().copied()),
            )
            .find(|&c| v.rel(c) == "case")
            .map(|c| v.word(c));
        let ok = r == "nmod:poss"
            || (r == "compound" && k < n)
            || (r.starts_with("nmod")
                && case.is_some_and(|c| words::is(List::RoleOrgPreposition, c)));
        if ok
            && let Some((m, l)) = v.arg(k)
            && l != EntityLabel::Per
        {
            cands.push((m, l));
        }
    }
    cands.into_iter().next()
}

fn emit_role(
    out: &mut Out<'_, '_>,
    subject: u32,
    title: &str,
    org: Option<(u32, EntityLabel)>,
    confidence: f32,
    anchor: usize,
    former: bool,
) {
    if title.is_empty() {
        return;
    }
    // A demonym names the state a leader heads ("Russian President"), not a journalist's or a
    // consultant's employer ("Latvian journalist", "Republican tax consultant").
    let party_org = org.filter(|&(o, _)| party(out.v, o));
    let org = org.filter(|&(o, l)| {
        l != EntityLabel::Misc
            || (!party(out.v, o) && role_predicate(title) == Some(Predicate::Leads))
            || (party(out.v, o) && party_role(title))
    });
    // "Republican presidential nominee X": a member of the party.
    if political(title)
        && let Some((o, _)) = party_org
    {
        out.push(
            subject,
            Predicate::MemberOf,
            Some(o),
            None,
            confidence,
            anchor,
            former,
        );
    }
    out.push(
        subject,
        Predicate::HoldsRole,
        org.map(|o| o.0),
        Some(title.to_string()),
        confidence,
        anchor,
        former,
    );
    // A minister "of France" is no member of France; a president of a place does lead it.
    for part in title.split(" and ") {
        if let Some((o, l)) = org
            && matches!(l, EntityLabel::Org | EntityLabel::Loc)
            && let Some(p) = role_predicate(part)
            && !(l == EntityLabel::Loc && matches!(p, Predicate::MemberOf | Predicate::EmployedBy))
        {
            out.push(subject, p, Some(o), None, confidence, anchor, former);
        }
    }
}

/// What a role says about its organization: chief executives lead it, else the coreference
/// lexicon's reading ("co-founder" → founded, "spokesman" → member_of).
fn role_predicate(title: &str) -> Option<Predicate> {
    let second = title
        .split([' ', '-'])
        .any(|w| words::is(List::SecondInCommand, w));
    let leader = words::all(List::LeaderTitle).any(|l| {
        title == l
            || title
                .strip_suffix(l)
                .is_some_and(|rest| rest.ends_with(' '))
    });
    if leader && !second {
        return Some(Predicate::Leads);
    }
    // "police chief", "country director", "majority leader": the head of a part, not of the
    // organization named.
    let ws: Vec<&str> = title.split(' ').collect();
    let part = ws.len() > 1
        && ws[..ws.len() - 1]
            .iter()
            .any(|w| !words::is(List::HeadQualifier, w));
    match ontology::role_noun_predicate(title) {
        Some(Predicate::Leads) if second || part => Some(Predicate::MemberOf),
        p => p,
    }
}

/// "Amazon-owned Whole Foods": the name before the suffix (a mention inside the token, or a
/// mention elsewhere in the document with that text) and the name the compound modifies.
fn compound(out: &mut Out<'_, '_>, r: &Row, t: usize, suf: &str, t1: usize) {
    let v = out.v;
    let raw = v.raw(t);
    let Some(prefix_text) = raw.get(..raw.len().saturating_sub(suf.len())) else {
        return;
    };
    // Capitalized words before the token belong to the name ("Mercer Island-based").
    let mut start = t;
    while start > 0
        && v.capitalized(start - 1)
        && v.upos(start - 1) == Some(Upos::Propn)
        && v.sent_of.get(start - 1) == v.sent_of.get(t)
        && t - start < 3
    {
        start -= 1;
    }
    let mut name: Vec<&str> = (start..t).map(|k| v.raw(k)).collect();
    name.push(prefix_text);
    let name = name.join(" ").to_lowercase();
    // A mention of the name elsewhere, or the hyphenated token tagged as the name itself.
    let object = v.by_text.get(&name).copied().or_else(|| {
        v.ment(t).filter(|&mm| {
            v.doc
                .entity_items()
                .get(mm as usize)
                .is_some_and(|x| v.doc.slice(x.range).to_lowercase().starts_with(&name))
        })
    });
    let Some(o) = object else { return };
    let Some(ol) = v.label(o) else { return };
    let ol = if r.predicate == Predicate::BasedIn {
        EntityLabel::Loc
    } else {
        ol
    };
    if !allowed(&r.obj_types, ol) {
        return;
    }
    // The modified name: the next mention, with only modifiers between.
    let mut k = t + 1;
    while k < t1
        && v.ment(k).is_none()
        && matches!(v.upos(k), Some(Upos::Adj | Upos::Propn | Upos::Noun))
        && k < t + 4
    {
        k += 1;
    }
    let Some(s) = v.ment(k).filter(|&s| Some(s) != v.ment(t)) else {
        return;
    };
    let Some(sl) = v.label(s) else { return };
    if !r.subj_types.contains(&sl) {
        return;
    }
    let predicate = if r.predicate == Predicate::BasedIn {
        place_predicate(sl)
    } else {
        r.predicate
    };
    let anchor = v.mention_head(s).unwrap_or(t);
    out.push(s, predicate, Some(o), None, r.confidence, anchor, false);
}

// ---------------------------------------------------------------------------------------------
// Titles.

fn is_former(w: &str) -> bool {
    words::is(List::Former, w) || (w.starts_with('e') && ex_rest(w).is_some_and(|r| !r.is_empty()))
}

/// What follows an "ex-" prefix (any case).
fn ex_rest(w: &str) -> Option<&str> {
    const EX: usize = 3;
    let (prefix, rest) = (w.get(..EX)?, w.get(EX..)?);
    (prefix.eq_ignore_ascii_case("ex-")).then_some(rest)
}

/// The role of an "ex-" word ("Ex-minister" → "minister", "ex-chairman" → "chairman"): a role
/// that ended.
pub(crate) fn ex_role(w: &str) -> Option<&str> {
    let rest = ex_rest(w)?;
    role_head(rest).then_some(rest)
}

/// Lowercased title, hyphenated forms spelled out, a plural head singular ("cabinet ministers"
/// → "cabinet minister").
fn normalize_title(t: &str) -> String {
    let words: Vec<String> = t
        .split_whitespace()
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .filter(|w| !words::is(List::Honorific, w))
        .map(|w| canonical_word(&w).to_string())
        .collect();
    let mut words = words;
    if let Some(last) = words.last_mut()
        && let Some(sing) = last.strip_suffix('s')
        && !coref::is_role(last)
        && coref::is_role(sing)
    {
        *last = sing.to_string();
    }
    words.join(" ")
}

/// A title word spelled out ("Sen." → "senator").
fn canonical_word(w: &str) -> &str {
    let w = w.trim_end_matches('.');
    abbreviations().get(w).copied().unwrap_or(w)
}

/// The abbreviation table, embedded.
pub(crate) const ABBREVIATIONS: &str = include_str!("../data/title_abbreviations.tsv");

/// Abbreviated title words and what they spell out, parsed once.
fn abbreviations() -> &'static lexicon::WordMap<&'static str> {
    static MAP: LazyLock<lexicon::WordMap<&'static str>> =
        LazyLock::new(|| lexicon::WordMap::parse(ABBREVIATIONS, |row| row.get(1).copied()));
    &MAP
}

/// A role title as the other readers write it, in this reader's spelling: lowercased, final
/// periods dropped, abbreviations spelled out ("Sen." → "senator").
pub(crate) fn canonical_title(t: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut title = true;
    for w in t.split_whitespace() {
        // "minister of Foreign Affairs": what follows the preposition keeps its spelling.
        title &= !words::is(List::TitleOfPreposition, w);
        out.push(if title {
            canonical_word(&w.to_lowercase()).to_string()
        } else {
            w.to_string()
        });
    }
    out.join(" ")
}

/// Whether a word can be a role's head ("secretary", "ceo", "attorney-general",
/// "president-elect", "ministers").
fn role_head(w: &str) -> bool {
    let w = w.trim_end_matches('.');
    let w = w.strip_suffix("-elect").unwrap_or(w);
    if ex_role(w).is_some() {
        return true;
    }
    if words::is(List::Honorific, w) || is_former(w) {
        return false;
    }
    coref::is_role(w)
        || coref::is_role(&w.replace('-', " "))
        || w.strip_suffix('s').is_some_and(coref::is_role)
        || w.rsplit('-').next().is_some_and(coref::is_role)
        || words::is(List::ExtraRoleHead, w)
}

/// Political roles a party adjective before them makes a membership ("Republican presidential
/// nominee", "Democratic Sen.").
fn political(title: &str) -> bool {
    words::is(List::PoliticalRole, title.rsplit(' ').next().unwrap_or(""))
}

/// Roles held in a party, so the party is their organization ("Republican nominee",
/// "Democratic leader"); a Democratic senator's or governor's office is not the party's.
fn party_role(title: &str) -> bool {
    words::is(List::PartyRole, title.rsplit(' ').next().unwrap_or(""))
}

/// A party named by an adjective or noun ("Republican", "Democrats", "GOP").
fn party(v: &View<'_>, m: u32) -> bool {
    v.doc
        .entity_items()
        .get(m as usize)
        .is_some_and(|x| words::is(List::Party, &v.doc.slice(x.range).to_lowercase()))
}

/// The token after a parenthetical that starts at `b` ("(D-N.C.)"), else `b`.
fn skip_paren(v: &View<'_>, b: usize, t1: usize) -> usize {
    if v.word(b) != "(" {
        return b;
    }
    (b + 1..t1.min(b + 9))
        .find(|&k| v.word(k) == ")")
        .map_or(b, |k| k + 1)
}

/// A word that may stand inside a title before its head ("press", "vice", "chief",
/// "Communications", "co-founder and").
fn title_word(v: &View<'_>, k: usize) -> bool {
    let w = v.word(k);
    if v.ment(k).is_some() || w.is_empty() || !w.chars().next().is_some_and(char::is_alphabetic) {
        return false;
    }
    role_head(w)
        || coref::is_title_word(w)
        || is_former(w)
        || words::is(List::TitleQualifier, w)
        || (matches!(v.upos(k), Some(Upos::Noun | Upos::Adj | Upos::Propn))
            && !matches!(v.upos(k), Some(Upos::Det)))
}

/// Words that qualify a role inside a title, capitalized or not ("Senate Minority Leader",
/// "Homeland Security Secretary", "executive vice president").
fn title_modifier(w: &str) -> bool {
    words::is(List::TitleModifier, w)
}

/// One title run: its tokens (first..end), the organization mention inside or before it,
/// whether it states a past role, and its titles split at "and".
struct Run {
    start: usize,
    org: Option<(u32, EntityLabel)>,
    former: bool,
    titles: Vec<String>,
    plural: bool,
}

/// Reads the title words of `[a, e)` (already delimited) into titles.
fn read_run(v: &View<'_>, a: usize, e: usize) -> Option<Run> {
    let mut titles = Vec::new();
    let mut cur: Vec<&str> = Vec::new();
    let mut former = false;
    let mut org = None;
    let mut plural = false;
    let mut possessor = false;
    // A capitalized name the tagger missed, after the organization ("Virginia AFL-CIO
    // President"): the organization named is then that name, not the mention before it.
    let mut missed_name = false;
    let flush = |cur: &mut Vec<&str>, titles: &mut Vec<String>| {
        if cur.last().is_some_and(|w| role_head(w)) {
            let t = normalize_title(&cur.join(" "));
            if !t.is_empty() {
                titles.push(t);
            }
        }
        cur.clear();
    };
    for k in a..e {
        let mut w = v.word(k);
        if let Some(rest) = ex_role(w) {
            former = true;
            w = rest;
        }
        if let Some(m) = v.ment(k) {
            // A possessor ("Breitbart News' columnist") is the organization; another name
            // after it only modifies the title ("Second Amendment columnist").
            if let Some(l) = v.label(m).filter(|&l| l != EntityLabel::Per)
                && !possessor
            {
                org = Some((m, l));
                possessor = words::is(List::PossessiveMark, v.word(k + 1));
            }
            cur.clear();
            continue;
        }
        if is_former(w) {
            former = true;
            continue;
        }
        if w == "and" || w == "&" {
            flush(&mut cur, &mut titles);
            continue;
        }
        if words::is(List::TitleRunBreak, w) {
            cur.clear();
            continue;
        }
        // Evaluative and party adjectives are no part of a title ("longtime adviser",
        // "Republican Sen."); title words are ("executive vice president", "acting").
        // A capitalized name the tagger missed ("Indiana Gov.", "AFL-CIO President") is no
        // part of the title either.
        // An adjective counts only inside a compound ("civil rights leader").
        let before_head = k + 1 < e && role_head(v.word(k + 1));
        if ((v.upos(k) == Some(Upos::Adj) && (before_head || k + 1 == e || v.capitalized(k)))
            || (v.upos(k) == Some(Upos::Propn) && v.capitalized(k)))
            && !role_head(w)
            && !coref::is_title_word(w)
            && !title_modifier(w)
        {
            missed_name |= v.capitalized(k) && org.is_some();
            continue;
        }
        // "vice-presidential nominee Gov.": a capitalized title after a lowercase role is a
        // second title.
        if v.capitalized(k)
            && cur
                .last()
                .is_some_and(|p| role_head(p) && !p.starts_with(char::is_uppercase))
            && k > a
            && !v.capitalized(k - 1)
        {
            flush(&mut cur, &mut titles);
        }
        cur.push(w);
        if k + 1 == e {
            let bare = w.trim_end_matches('.');
            plural = bare.ends_with('s') && !coref::is_role(bare) && role_head(bare);
        }
    }
    flush(&mut cur, &mut titles);
    if missed_name {
        org = None;
    }
    (!titles.is_empty()).then_some(Run {
        start: a,
        org,
        former,
        titles,
        plural,
    })
}

/// The run of title words ending right before token `end`, scanning back (at most 6 words
/// and one organization name, possibly possessive, at its start).
fn run_before(v: &View<'_>, end: usize, t0: usize) -> Option<Run> {
    let mut a = end;
    let mut steps = 0;
    while a > t0 && steps < 6 {
        let k = a - 1;
        let w = v.word(k);
        // "the way Sen. Bernie Sanders": a lowercase word before a capitalized title is no
        // part of it.
        if a < end
            && !v.capitalized(k)
            && v.capitalized(a)
            && !is_former(w)
            && !role_head(w)
            && w != "and"
        {
            break;
        }
        if title_word(v, k) || (w == "and" && a < end && k > t0 && role_head(v.word(k - 1))) {
            a -= 1;
            steps += 1;
            continue;
        }
        break;
    }
    if a == end || !role_head(v.word(end - 1)) {
        return None;
    }
    // Strip leading words that are not titles (a capitalized common noun at sentence start).
    // An organization right before: "White House press secretary", "Yahoo's CEO".
    let mut start = a;
    let before = a.checked_sub(1).filter(|&k| k >= t0);
    let poss = before.filter(|&k| words::is(List::PossessiveMark, v.word(k)));
    let org_tok = poss.map_or(before, |p| p.checked_sub(1).filter(|&k| k >= t0));
    if let Some(k) = org_tok
        && let Some(m) = v.ment(k)
        && v.label(m).is_some_and(|l| l != EntityLabel::Per)
        && let Some((ma, _)) = v.span(m)
    {
        start = ma.max(t0);
    }
    let mut run = read_run(v, start, end)?;
    run.start = start;
    // "former" right before the run ("the former security chief").
    if start > t0 && is_former(v.word(start - 1)) {
        run.former = true;
    }
    Some(run)
}

fn titles_in(out: &mut Out<'_, '_>, rows: &[&Row], t0: usize, t1: usize) {
    let v = out.v;
    let row = |c: Construction| {
        rows.iter()
            .find(|r| r.subject.first() == Some(&Step::Construction(c)))
            .copied()
    };
    let mut prev: Option<(usize, Run)> = None;
    let mut k = t0;
    while k < t1 {
        let Some(m) = v.ment(k) else {
            k += 1;
            continue;
        };
        let Some((a, b)) = v.span(m) else {
            k += 1;
            continue;
        };
        let b = b.min(t1);
        if v.label(m) != Some(EntityLabel::Per) {
            k = b.max(k + 1);
            continue;
        }
        // A title written inside the mention ("President Putin" tagged whole).
        let mut n = a;
        while n + 1 < b && (role_head(v.word(n)) || coref::is_title_word(v.word(n))) {
            n += 1;
        }
        let anchor = v.mention_head(m).unwrap_or(a);
        // "alleged press secretary X", "reportedly X": no title is asserted.
        let hedged = |from: usize| {
            (from.saturating_sub(2).max(t0)..a).any(|j| {
                let w = v.word(j);
                (cues::is_negation(w) || cues::is_hedge(w) || words::is(List::UnassertedTitle, w))
                    && !words::is(List::NotTitleCue, w)
            })
        };
        // A title before a name is presupposed, not asserted by the clause around it ("he
        // claimed that Democratic nominee X started it", "if Republican X wins"): only a cue
        // inside the noun phrase unasserts it ("alleged", "potential", "not").
        let np_hedged = |from: usize| {
            let cue = |j: usize| {
                let w = v.word(j);
                (cues::is_negation(w) || cues::is_hedge(w) || words::is(List::UnassertedTitle, w))
                    && !words::is(List::NotTitleCue, w)
            };
            // The nearest cue or clause boundary before the name: a cue ("Alleged", tagged a
            // verb too) unasserts; a verb or a subordinating conjunction ("if") first ends the
            // noun phrase.
            (from.saturating_sub(2).max(t0)..a)
                .rev()
                .find(|&j| {
                    cue(j) || matches!(v.upos(j), Some(Upos::Verb | Upos::Aux | Upos::Sconj))
                })
                .is_some_and(|j| cue(j) && v.upos(j) != Some(Upos::Sconj))
        };
        let mut got = false;
        // pre: "White House press secretary Josh Earnest", "co-founder and CEO John Mackey".
        if let Some(r) = row(Construction::Pre) {
            let run = if n > a {
                read_run(v, a, n).map(|mut inner| {
                    if let Some(outer) = run_before(v, a, t0).or_else(|| org_before(v, a, t0)) {
                        inner.org = inner.org.or(outer.org);
                        inner.former |= outer.former;
                    }
                    // "former [President Bill Clinton]".
                    inner.former |= (a.saturating_sub(2).max(t0)..a).any(|j| is_former(v.word(j)));
                    inner
                })
            } else {
                run_before(v, a, t0)
            };
            if let Some(run) = run.filter(|run| !np_hedged(run.start)) {
                let conf = r.confidence;
                for t in &run.titles {
                    let org = run.org.filter(|&(_, l)| allowed(&r.obj_types, l));
                    emit_role(out, m, t, org, conf, anchor, run.former);
                }
                got = true;
                prev = Some((b, run));
            } else if let Some((pb, run)) = &prev
                && run.plural
                && a > *pb
                && {
                    // "Sens. Jon Tester (D-Mont.), David Vitter (R-La.) and …".
                    let g = skip_paren(v, *pb, t1);
                    g <= a && (g..a).all(|j| matches!(v.word(j), "and" | ","))
                }
            {
                // "cabinet ministers Jonathan Moyo and Saviour Kasukuwere".
                for t in &run.titles {
                    emit_role(out, m, t, run.org, r.confidence, anchor, run.former);
                }
                got = true;
                prev = Some((
                    b,
                    Run {
                        start: run.start,
                        org: run.org,
                        former: run.former,
                        titles: run.titles.clone(),
                        plural: true,
                    },
                ));
            } else if a > t0
                && let Some(p) = v.ment(a - 1)
                && p != m
                && party(v, p)
                && v.span(p).is_some_and(|(pa, pb)| pb == a && pa >= t0)
                && !np_hedged(a - 1)
            {
                // "Republican Donald Trump": a member of the party.
                out.push(
                    m,
                    Predicate::MemberOf,
                    Some(p),
                    None,
                    r.confidence,
                    anchor,
                    false,
                );
                got = true;
            }
        }
        // "Yahoo's chief executive, Marissa Mayer" / "The leader of Ennahda, Rachid Ghannouchi".
        if !got && a > t0 + 1 && v.word(a - 1) == "," && !v.blocked(anchor) && !hedged(a) {
            if let Some(r) = row(Construction::PossAppos)
                && let Some(run) = run_before(v, a - 1, t0)
                && run.org.is_some()
                && !hedged(run.start)
                && run.start >= t0
                && (run.start == t0
                    || !matches!(v.upos(run.start - 1), Some(Upos::Noun | Upos::Propn)))
            {
                for t in &run.titles {
                    emit_role(out, m, t, run.org, r.confidence, anchor, run.former);
                }
                got = true;
            }
            if !got
                && let Some(r) = row(Construction::Fronted)
                && let Some(o) = v.ment(a - 2)
                && v.label(o).is_some_and(|l| l != EntityLabel::Per)
                && let Some((oa, _)) = v.span(o)
            {
                let mut j = oa;
                if j > t0 && v.word(j - 1) == "the" {
                    j -= 1;
                }
                if j > t0 + 1
                    && words::is(List::FrontedRolePreposition, v.word(j - 1))
                    && let Some(run) = run_before(v, j - 1, t0)
                    && run.org.is_none()
                    && run.start > t0
                    && !hedged(run.start.saturating_sub(1))
                    && matches!(v.word(run.start - 1), "the")
                {
                    let org = Some((o, v.label(o).unwrap_or(EntityLabel::Org)));
                    for t in &run.titles {
                        emit_role(out, m, t, org, r.confidence, anchor, run.former);
                    }
                }
            }
        }
        // appos: "Martin Indyk, executive vice president of the Brookings Institution and a
        // former U.S. ambassador to Israel".
        // "Rep. G.K. Butterfield (D-N.C.), head of the Congressional Black Caucus".
        let after = skip_paren(v, b, t1);
        if let Some(r) = row(Construction::Appos)
            && v.word(after) == ","
            && !v.blocked(anchor)
        {
            appositive_roles(out, r, m, after + 1, t1, anchor);
        }
        k = b.max(k + 1);
    }
}

/// An organization name right before `a` (possibly possessive), as a run with no titles.
fn org_before(v: &View<'_>, a: usize, t0: usize) -> Option<Run> {
    let k = a.checked_sub(1).filter(|&k| k >= t0)?;
    let k = if words::is(List::PossessiveMark, v.word(k)) {
        k.checked_sub(1).filter(|&j| j >= t0)?
    } else {
        k
    };
    let m = v.ment(k)?;
    let l = v.label(m).filter(|&l| l != EntityLabel::Per)?;
    Some(Run {
        start: k,
        org: Some((m, l)),
        former: false,
        titles: Vec::new(),
        plural: false,
    })
}

/// Role noun phrases after "NAME,": `[a|an|the] [former] TITLE [of|at|for|with [the] ORG]`,
/// joined by "and"; the parser must attach the role to the name (appos/conj) or the phrase must
/// close with punctuation.
fn appositive_roles(
    out: &mut Out<'_, '_>,
    r: &Row,
    m: u32,
    mut k: usize,
    t1: usize,
    anchor: usize,
) {
    let v = out.v;
    for _ in 0..3 {
        if words::is(List::Article, v.word(k)) {
            k += 1;
        }
        let a = k;
        while k < t1 && k < a + 7 {
            let w = v.word(k);
            let ok = v
                .ment(k)
                .is_some_and(|x| v.label(x) != Some(EntityLabel::Per))
                || (title_word(v, k) && !v.capitalized(k))
                || role_head(w)
                || words::is(List::CountryAbbreviation, w)
                || (words::is(List::PossessiveMark, w) && k > a && v.ment(k - 1).is_some())
                || (w == "and"
                    && k > a
                    && role_head(v.word(k - 1))
                    && k + 1 < t1
                    && role_head(v.word(k + 1)));
            if !ok {
                break;
            }
            k += 1;
        }
        // The run must end on a role head; trailing names belong to what follows.
        let mut e = k;
        while e > a && v.ment(e - 1).is_some() {
            e -= 1;
        }
        if e == a || !role_head(v.word(e - 1)) || e != k {
            return;
        }
        let head = e - 1;
        // The parser's word: the role hangs off the name (appos, conj), or the phrase stands
        // between commas.
        let attached = v.head(head).is_some_and(|h| {
            v.ment(h) == Some(m) || v.head(h).is_some_and(|hh| v.ment(hh) == Some(m))
        }) && words::is(List::AppositiveRel, v.rel(head));
        let Some(mut run) = read_run(v, a, e) else {
            return;
        };
        if v.word(a.wrapping_sub(1)) == "former" || (a..e).any(|j| is_former(v.word(j))) {
            run.former = true;
        }
        let mut j = e;
        if words::is(List::RoleOrgPreposition, v.word(j)) {
            let mut o = j + 1;
            if v.word(o) == "the" {
                o += 1;
            }
            if let Some(om) = v.ment(o)
                && let Some(l) = v.label(om).filter(|&l| l != EntityLabel::Per)
                && let Some((_, ob)) = v.span(om)
                && !words::is(List::PossessiveMark, v.word(ob))
            {
                // "of Iraq and Afghanistan Veterans of America": a fragment of a longer name.
                let fragment = matches!(v.word(ob), "and" | "&") && v.capitalized(ob + 1);
                run.org = (!fragment).then_some((om, l));
                j = ob;
            } else {
                return;
            }
        } else if v.word(j) == "to" {
            // "ambassador to Israel": the country served in, not the employer.
            let mut o = j + 1;
            if v.word(o) == "the" {
                o += 1;
            }
            match v.ment(o).and_then(|om| v.span(om)) {
                Some((_, ob)) => j = ob,
                None => return,
            }
        }
        let closes = words::is(List::AppositiveClose, v.word(j)) || j >= t1;
        if !(attached || closes) {
            return;
        }
        for t in &run.titles {
            emit_role(out, m, t, run.org, r.confidence, anchor, run.former);
        }
        if v.word(j) == "and" {
            k = j + 1;
        } else {
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Checks on the other producers' relations.

/// True when a relation read from the words between two names misreads their structure:
/// a name that only modifies a noun after it ("opposed the Madrid peace talks"), two halves of
/// one possessive name ("Fisherman's Terminal"), an object inside a relative clause about a
/// noun between the two ("part of the team that won the Pulitzer"), or a non-person's
/// "description" read off a list ("covered economics, China, foreign policy and energy").
pub fn misread(v: &View<'_>, r: &Relation) -> bool {
    let Some((sa, sb)) = v.span(r.subject) else {
        return false;
    };
    let Some(sl) = v.label(r.subject) else {
        return false;
    };
    // Only arguments written in the evidence sentence can be checked against its tree (a
    // pronoun's antecedent is elsewhere).
    let Some(s) = v.sentence_of(r.evidence) else {
        return false;
    };
    if v.sent_of.get(sa) != Some(&s) {
        return false;
    }
    if r.predicate == Predicate::Description {
        let value = r.object_value.as_deref().unwrap_or("");
        return sl != EntityLabel::Per
            && (value.contains(" and ") || sa.checked_sub(1).is_some_and(|k| v.word(k) == ","));
    }
    let Some((oa, ob)) = r.object.and_then(|o| v.span(o)) else {
        return false;
    };
    if v.sent_of.get(oa) != Some(&s) {
        return false;
    }
    let (l, rgt) = if sb <= oa {
        ((sa, sb), (oa, ob))
    } else {
        ((oa, ob), (sa, sb))
    };
    // The later name modifies a noun after it: "opposed the Madrid peace talks".
    if !matches!(
        Predicate::parse(&r.predicate),
        Some(Predicate::Nationality | Predicate::HoldsRole)
    ) && v.upos(rgt.1) == Some(Upos::Noun)
        && !v.capitalized(rgt.1)
        && v.ment(rgt.1).is_none()
        && v.sent_of.get(rgt.1) == Some(&s)
    {
        return true;
    }
    if (l.1..rgt.0).all(|k| words::is(List::PossessiveMark, v.word(k)))
        && l.1 < rgt.0
        && v.capitalized(rgt.0)
    {
        return true;
    }
    // The left name with the fragments joined to it ("Russian" + "Legion").
    let mut l = l;
    while l.1 < rgt.0 && v.ment(l.1).is_some() {
        l.1 += 1;
    }
    for k in l.1..rgt.0 {
        if !words::is(List::RelativeWord, v.word(k)) {
            continue;
        }
        let noun_before = k > l.1 && v.upos(k - 1) == Some(Upos::Noun) && v.ment(k - 1).is_none();
        let relcl_inside = v
            .head(k)
            .filter(|&h| v.rel(h) == "acl:relcl")
            .and_then(|h| v.head(h))
            .is_some_and(|n| n >= l.1 && n < rgt.0 && v.ment(n).is_none());
        // "the Russian Legion and other militias … who are fighting alongside Ukraine": the
        // clause is about a noun coordinated with the left name, so about it too.
        let about_left = v.head(k).and_then(|h| v.head(h)).is_some_and(|n| {
            let mut cur = n;
            for _ in 0..4 {
                let Some(h) = v.head(cur) else { return false };
                if !words::is(List::CoordinationRel, v.rel(cur)) {
                    return false;
                }
                if h >= l.0 && h < l.1 {
                    return true;
                }
                cur = h;
            }
            false
        });
        if about_left {
            continue;
        }
        if noun_before || relcl_inside {
            return true;
        }
    }
    false
}

/// A relation's time from the clause that states it (see [`View::anchor`]); timeless facts
/// (nationality, origin, description, a place in a place) get none.
pub fn time_of_clause(v: &View<'_>, doc: &Document, r: &Relation) -> Option<crate::TimeQualifier> {
    let ents = doc.entity_items();
    let sl = ents.get(r.subject as usize).map(|m| m.label);
    let ol = r.object.and_then(|o| ents.get(o as usize)).map(|m| m.label);
    if matches!(
        Predicate::parse(&r.predicate),
        Some(Predicate::Nationality | Predicate::Origin | Predicate::Description)
    ) || (r.predicate == Predicate::LocatedIn
        && sl == Some(EntityLabel::Loc)
        && ol == Some(EntityLabel::Loc))
    {
        return None;
    }
    let s = v.sentence_of(r.evidence)?;
    let mut heads = Vec::new();
    for m in std::iter::once(r.subject).chain(r.object) {
        if let Some(h) = v.mention_head(m)
            && v.sent_of.get(h) == Some(&s)
        {
            heads.push(h);
        }
    }
    let anchor = if r.object.is_none() || r.predicate == Predicate::HoldsRole {
        // A role of the subject alone is dated only by a clause that predicates it ("X has been
        // the chair since 2010"), not by whatever event the sentence reports about X.
        let h = *heads.first()?;
        let p = v
            .head(h)
            .filter(|_| matches!(v.rel(h), "nsubj" | "nsubj:pass"))?;
        if v.upos(p) != Some(Upos::Noun) {
            return None;
        }
        p
    } else {
        v.anchor(&heads)?
    };
    let (value, until) = v.clause_time(anchor)?;
    Some(crate::TimeQualifier {
        valid_from: (!until).then(|| value.clone()),
        valid_to: until.then(|| value.clone()),
        value,
    })
}
