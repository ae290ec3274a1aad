//! A learned relation scorer on top of the rules: for pairs of entity mentions in one sentence
//! (each mention paired with its [`NEAREST`] nearest mentions, so the cost stays linear), a
//! multiclass averaged perceptron over features of the dependency path between them (relations,
//! directions, the words on the path and its top), the words between and around them, their
//! labels, order and distance predicts one of our predicates or none. Its confidence is a
//! sigmoid of the winning class's margin; relations at or above the threshold chosen on the
//! held-out split are emitted when the ontology's type constraints allow them and the rules did
//! not already relate the two mentions.
//!
//! Trained on Re-DocRED dev minus its held-out fifth ([`crate::redocred::Split`]), the mapped
//! types, gold mentions: `newsgraph train relations --data ../shared/data/re_docred --out
//! models/relations.model --seed 1` (byte-identical for the same data and seed).

use crate::RelateOptions;
use crate::redocred::{self, Split, Tally};
use doc::{Document, EntityLabel, Relation, Upos};
use learn::file::{self, ModelError};
use learn::{FeatureBuf, Model, Reader, SplitMix64, Trainer, Writer};
use ontology::Predicate;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

pub mod doclevel;
pub use doclevel::DocModel;

/// Kind tag of the model container.
pub const MODEL_KIND: &str = "relations";
/// Version of the feature templates; a model written with other templates is refused.
const FEATURES_VERSION: u32 = 2;
/// Each mention is paired with at most this many nearest mentions of its sentence.
pub const NEAREST: usize = 6;
/// Pairs farther apart than this many tokens are not scored.
const MAX_GAP: usize = 40;
/// Pairs whose heads are more than this many dependency arcs apart are not scored: on news, the
/// relations a sentence states join close words ("Hangzhou, China", "the Pratt Institute in
/// Brooklyn", "U.S. Senate"); farther pairs are mostly co-occurrence.
/// Pairs joined through a conjunction ("the Rhode Island School of Design or the Pratt
/// Institute in Brooklyn") are not scored either.
const MAX_PATH: usize = 2;
/// The classes: none, then the predicates the scorer may emit (`located_in` also stands for
/// `based_in`, chosen by the subject's label).
pub const CLASSES: &[&str] = &[
    "none",
    Predicate::MemberOf.as_str(),
    Predicate::PartOf.as_str(),
    Predicate::EmployedBy.as_str(),
    Predicate::LocatedIn.as_str(),
    Predicate::Origin.as_str(),
    Predicate::Nationality.as_str(),
    Predicate::Founded.as_str(),
    Predicate::ParticipatedIn.as_str(),
    Predicate::Leads.as_str(),
];
/// The predicates emitted. `nationality` and `based_in` (`located_in` of an organization) are
/// learned but not emitted: on news they were mostly wrong ("a Miami lawyer", "a Korea scholar"
/// as nationalities; "the Republican Party in Florida", "speaking to the Republican Jewish
/// Coalition in Washington", "NATO ... Europe" as seats); the rules read both.
const EMITTED: &[&str] = &[
    Predicate::MemberOf.as_str(),
    Predicate::PartOf.as_str(),
    Predicate::EmployedBy.as_str(),
    Predicate::LocatedIn.as_str(),
    Predicate::Origin.as_str(),
    Predicate::Founded.as_str(),
    Predicate::ParticipatedIn.as_str(),
    Predicate::Leads.as_str(),
];

/// The precision the threshold is chosen for (rules plus scorer, held-out split, micro).
pub const TARGET_PRECISION: f64 = 0.80;

use EntityLabel::{Loc, Misc, Org, Per};

/// The ontology's argument types: (predicate, subject labels, object labels).
pub const TYPES: &[(&str, &[EntityLabel], &[EntityLabel])] = &[
    (Predicate::MemberOf.as_str(), &[Per, Org, Loc], &[Org]),
    (
        Predicate::PartOf.as_str(),
        &[Org, Loc, Misc],
        &[Org, Loc, Misc],
    ),
    (Predicate::EmployedBy.as_str(), &[Per], &[Org]),
    (Predicate::LocatedIn.as_str(), &[Per, Loc, Misc], &[Loc]),
    (Predicate::BasedIn.as_str(), &[Org], &[Loc]),
    (Predicate::Origin.as_str(), &[Per, Org], &[Loc]),
    (Predicate::Nationality.as_str(), &[Per], &[Loc]),
    (Predicate::Founded.as_str(), &[Per, Org], &[Org]),
    (
        Predicate::ParticipatedIn.as_str(),
        &[Per, Org, Loc],
        &[Misc],
    ),
    (Predicate::Leads.as_str(), &[Per], &[Org, Loc]),
];

/// Whether the ontology allows `predicate(subject, object)` for these labels.
pub fn types_allow(predicate: &str, s: EntityLabel, o: EntityLabel) -> bool {
    TYPES
        .iter()
        .any(|(p, ss, os)| *p == predicate && ss.contains(&s) && os.contains(&o))
}

/// The predicate a class stands for with this subject (`located_in` of an organization reads
/// `based_in`).
fn predicate_of(class: &str, s: EntityLabel) -> &str {
    if class == Predicate::LocatedIn.as_str() && s == Org {
        Predicate::BasedIn.as_str()
    } else {
        class
    }
}

/// The trained scorer.
#[derive(Clone, Debug)]
pub struct Scorer {
    model: Model,
    threshold: f32,
    scale: f32,
    /// The document-level model (entity pairs across sentences).
    doc: Option<DocModel>,
    id: String,
}

static EMBEDDED: OnceLock<Option<Scorer>> = OnceLock::new();

impl Scorer {
    /// The model committed in `models/relations.model`, compiled into the binary.
    pub fn embedded() -> Result<Scorer, ModelError> {
        Scorer::from_bytes(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/relations.model"
        )))
    }

    /// The embedded scorer, loaded once per process (`None` if it does not load; a test checks
    /// that it does).
    pub fn shared() -> Option<&'static Scorer> {
        EMBEDDED.get_or_init(|| Scorer::embedded().ok()).as_ref()
    }

    pub fn load(path: &Path) -> Result<Scorer, ModelError> {
        Scorer::from_bytes(&file::read_file(path)?)
    }

    /// Parses model file bytes (checks magic, version, kind, checksum and the class set).
    pub fn from_bytes(bytes: &[u8]) -> Result<Scorer, ModelError> {
        let payload = file::unwrap(bytes, MODEL_KIND)?;
        let mut r = Reader::new(payload);
        let v = r.u32()?;
        if v != FEATURES_VERSION {
            return Err(ModelError::Corrupt(format!(
                "relation feature templates version {v}, this build has {FEATURES_VERSION}"
            )));
        }
        let classes = r.strs()?;
        let threshold = r.f32()?;
        let scale = r.f32()?;
        let model = Model::read(&mut r)?;
        let doc = match r.u32()? {
            0 => None,
            _ => Some(DocModel::read(&mut r)?),
        };
        if classes
            .iter()
            .map(String::as_str)
            .ne(CLASSES.iter().copied())
            || model.n_classes() != CLASSES.len()
            || !r.is_empty()
            || scale.is_nan()
            || scale <= 0.0
        {
            return Err(ModelError::Corrupt(
                "relation class set does not match this build".into(),
            ));
        }
        Ok(Scorer {
            model,
            threshold,
            scale,
            doc,
            id: format!("relations-{:016x}", learn::fnv1a(bytes)),
        })
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::new();
        w.u32(FEATURES_VERSION);
        let classes: Vec<String> = CLASSES.iter().map(|c| (*c).to_string()).collect();
        w.strs(&classes);
        w.f32(self.threshold);
        w.f32(self.scale);
        self.model.write(&mut w);
        match &self.doc {
            Some(d) => {
                w.u32(1);
                d.write(&mut w);
            }
            None => w.u32(0),
        }
        file::wrap(MODEL_KIND, &w.into_inner())
    }

    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    pub fn model_id(&self) -> &str {
        &self.id
    }

    /// The document-level model, if the file has one.
    pub fn doc_model(&self) -> Option<&DocModel> {
        self.doc.as_ref()
    }

    /// The same scorer without its document-level model.
    pub fn sentence_only(&self) -> Scorer {
        Scorer {
            doc: None,
            ..self.clone()
        }
    }

    /// The same scorer with another emission threshold.
    pub fn with_threshold(&self, threshold: f32) -> Scorer {
        Scorer {
            threshold,
            ..self.clone()
        }
    }

    /// The scorer's relations at or above its threshold, for mention pairs `rules` does not
    /// already relate (in either direction).
    pub fn relations(&self, doc: &Document, rules: &[Relation]) -> Vec<Relation> {
        let taken: BTreeSet<(u32, u32)> = rules
            .iter()
            .filter_map(|r| r.object.map(|o| (r.subject.min(o), r.subject.max(o))))
            .collect();
        let ctx = Ctx::new(doc);
        let mentions = doc.entity_items();
        let mut feats = FeatureBuf::new();
        let mut scores = Vec::new();
        let mut out = Vec::new();
        for pair in candidates(doc, &ctx) {
            let (sent, s, o) = (pair.evidence, pair.s, pair.o);
            let (ms, mo) = (s.mention as u32, o.mention as u32);
            if taken.contains(&(ms.min(mo), ms.max(mo))) {
                continue;
            }
            let (Some(a), Some(b)) = (mentions.get(s.mention), mentions.get(o.mention)) else {
                continue;
            };
            if blocked(&ctx, &s, &o) {
                continue;
            }
            feats.clear();
            features(&ctx, &pair, &mut feats);
            self.model.scores(feats.as_slice(), &mut scores);
            let Some((c, conf)) = self.best(&scores, a.label, b.label) else {
                continue;
            };
            out.push(Relation {
                subject: ms,
                predicate: predicate_of(CLASSES[c], a.label).to_string(),
                object: Some(mo),
                object_value: None,
                evidence: sent,
                confidence: conf,
                valid_from: None,
                valid_to: None,
                status: None,
            });
        }
        out.retain(|r| r.confidence >= self.threshold);
        out
    }

    /// The best class the types allow and its confidence (sigmoid of its margin over every
    /// other class, none included).
    fn best(&self, scores: &[f32], s: EntityLabel, o: EntityLabel) -> Option<(usize, f32)> {
        let mut best: Option<usize> = None;
        for (c, name) in CLASSES.iter().enumerate().skip(1) {
            if EMITTED.contains(&predicate_of(name, s))
                && types_allow(predicate_of(name, s), s, o)
                && best.is_none_or(|b| scores[c] > scores[b])
            {
                best = Some(c);
            }
        }
        let c = best?;
        let other = scores
            .iter()
            .enumerate()
            .filter(|&(k, _)| k != c)
            .map(|(_, &x)| x)
            .fold(f32::NEG_INFINITY, f32::max);
        let margin = (scores[c] - other) / self.scale;
        Some((c, 1.0 / (1.0 + (-margin).exp())))
    }
}

/// Rules' relations plus the embedded scorer's for pairs the rules did not relate (the rules
/// alone when `options.scorer` is off).
pub fn extend(doc: &Document, rules: Vec<Relation>, options: &RelateOptions) -> Vec<Relation> {
    match Scorer::shared().filter(|_| options.scorer) {
        Some(s) => extend_with(s, doc, rules, options),
        None => rules,
    }
}

/// Rules' relations plus `scorer`'s for pairs the rules did not relate, in evidence order;
/// mentions are grouped into entities by the coreference layer for the document-level model.
pub fn extend_with(
    scorer: &Scorer,
    doc: &Document,
    rules: Vec<Relation>,
    options: &RelateOptions,
) -> Vec<Relation> {
    let groups = doclevel::groups_from_coref(doc);
    extend_grouped(scorer, doc, rules, &groups, options)
}

/// [`extend_with`] with the entity of each mention given (`group_of`, one per mention): the
/// document-level model used where `options.doc_level` applies (and the file has one), place chains
/// when `options.place_chains`.
pub fn extend_grouped(
    scorer: &Scorer,
    doc: &Document,
    mut rules: Vec<Relation>,
    group_of: &[u32],
    options: &RelateOptions,
) -> Vec<Relation> {
    let doc_level = scorer.doc.is_some() && options.doc_level.applies(doc);
    let mut extra = scorer.relations(doc, &rules);
    if let Some(dm) = scorer.doc.as_ref().filter(|_| doc_level) {
        let g = |m: u32| group_of.get(m as usize).copied();
        let taken: BTreeSet<(u32, u32)> = rules
            .iter()
            .chain(&extra)
            .filter_map(|r| {
                let (a, b) = (g(r.subject)?, g(r.object?)?);
                Some((a.min(b), a.max(b)))
            })
            .collect();
        extra.extend(dm.relations(doc, group_of, &taken));
    }
    if options.place_chains {
        // The scorers' places join chains only with the document-level model on: on news
        // their errors ("Alabama, Arkansas, Georgia" as places in places) chain into more.
        let scored: &[Relation] = if doc_level { &extra } else { &[] };
        let implied = doclevel::transitive_places(doc, &rules, scored, group_of);
        extra.extend(implied);
    }
    if extra.is_empty() {
        return rules;
    }
    rules.extend(extra);
    rules.sort_by_key(|r| (r.evidence.start, r.evidence.end));
    rules
}

/// Per-token views of a document.
struct Ctx<'a> {
    lower: Vec<&'a str>,
    stem: Vec<String>,
    upos: Vec<&'static str>,
    heads: Vec<Option<u32>>,
    rels: Vec<&'a str>,
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document) -> Ctx<'a> {
        let toks = doc.token_items();
        let tv = doc.view();
        let lower: Vec<&str> = (0..toks.len()).map(|i| tv.lower(i)).collect();
        let stem = lower.iter().map(|w| stem(w)).collect();
        let deps = doc.deps().map_or(&[][..], |l| &l.items);
        Ctx {
            upos: (0..toks.len())
                .map(|i| tv.upos(i).map_or("X", Upos::as_str))
                .collect(),
            heads: (0..toks.len())
                .map(|i| deps.get(i).and_then(|d| d.head))
                .collect(),
            rels: (0..toks.len())
                .map(|i| deps.get(i).map_or("_", |d| d.rel.as_str()))
                .collect(),
            lower,
            stem,
        }
    }
}

/// A crude stem: lower case without a plural or verbal ending.
fn stem(w: &str) -> String {
    for suf in ["ing", "ed", "es", "s"] {
        if let Some(s) = w.strip_suffix(suf)
            && s.chars().count() >= 3
            && !w.ends_with("ss")
        {
            return s.to_string();
        }
    }
    w.to_string()
}

/// A mention as a token span with its syntactic head.
#[derive(Clone, Copy, Debug)]
struct Span {
    mention: usize,
    first: usize,
    last: usize,
    head: usize,
    label: EntityLabel,
}

/// Candidate (evidence sentence, subject, object) pairs: every mention with its [`NEAREST`]
/// nearest non-overlapping mentions of the same sentence, as subject and as object.
/// Whether the tokens read like a title-cased headline ("Historic Climate Change Agreement
/// Adopted In Paris"), where the recognizer's mentions are unreliable: at least four words of
/// four letters or more, 80% of them capitalized.
fn is_headline(doc: &Document, toks: &[doc::Token]) -> bool {
    let (mut words, mut caps) = (0, 0);
    for t in toks {
        let w = doc.slice(t.range);
        if w.chars().count() >= 4 && w.chars().all(char::is_alphabetic) {
            words += 1;
            caps += usize::from(w.starts_with(char::is_uppercase));
        }
    }
    words >= 4 && caps * 5 >= words * 4
}

/// A candidate pair: the evidence sentence, subject, object, the sentence's index and the
/// labels of the mentions between them.
struct Pair {
    evidence: doc::TextRange,
    s: Span,
    o: Span,
    sentence: usize,
    between: String,
}

fn candidates(doc: &Document, ctx: &Ctx<'_>) -> Vec<Pair> {
    let toks = doc.token_items();
    let mentions = doc.entity_items();
    let mut out = Vec::new();
    let mut mi = 0;
    for (si, sent) in doc.sentence_items().iter().enumerate() {
        let (a, b) = (
            sent.tokens.0 as usize,
            (sent.tokens.1 as usize).min(toks.len()),
        );
        let headline = is_headline(doc, &toks[a.min(b)..b]);
        let mut spans: Vec<Span> = Vec::new();
        while mi < mentions.len() && mentions[mi].range.start < sent.range.end {
            let m = &mentions[mi];
            if sent.range.contains_range(m.range) && !headline {
                let first = a + toks[a..b].partition_point(|t| t.range.end <= m.range.start);
                let last = a + toks[a..b].partition_point(|t| t.range.start < m.range.end);
                if first < last {
                    let last = last - 1;
                    let head = (first..=last)
                        .find(|&t| {
                            ctx.heads[t].is_none_or(|h| (h as usize) < first || h as usize > last)
                        })
                        .unwrap_or(last);
                    spans.push(Span {
                        mention: mi,
                        first,
                        last,
                        head,
                        label: m.label,
                    });
                }
            }
            mi += 1;
        }
        let mut near: Vec<(usize, usize)> = Vec::new();
        let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
        for (i, x) in spans.iter().enumerate() {
            near.clear();
            // Spans are in text order: look only at those within reach on either side.
            let reach = |j: usize| {
                let y: &Span = &spans[j];
                y.first <= x.last + MAX_GAP && y.first + MAX_GAP + 16 >= x.first
            };
            let lo = (0..i).rev().take_while(|&j| reach(j)).last().unwrap_or(i);
            let hi = (i + 1..spans.len())
                .take_while(|&j| reach(j))
                .last()
                .unwrap_or(i);
            for (j, y) in spans.iter().enumerate().take(hi + 1).skip(lo) {
                if i == j || (x.first <= y.last && y.first <= x.last) {
                    continue;
                }
                let gap = if x.last < y.first {
                    y.first - x.last
                } else {
                    x.first - y.last
                };
                if gap <= MAX_GAP {
                    near.push((gap, j));
                }
            }
            near.sort_unstable();
            for &(_, j) in near.iter().take(NEAREST) {
                if path_len(ctx, x.head, spans[j].head).is_none_or(|n| n > MAX_PATH) {
                    continue;
                }
                pairs.insert((i, j));
                pairs.insert((j, i));
            }
        }
        for (i, j) in pairs {
            let (s, o) = (spans[i], spans[j]);
            let (lo, hi) = (s.last.min(o.last), s.first.max(o.first));
            let from = spans.partition_point(|x| x.first <= lo);
            let between: Vec<&str> = spans[from..]
                .iter()
                .take_while(|x| x.first < hi)
                .filter(|x| x.first > lo && x.last < hi)
                .map(|x| x.label.as_str())
                .take(4)
                .collect();
            out.push(Pair {
                evidence: sent.range,
                s,
                o,
                sentence: si,
                between: between.join(" "),
            });
        }
    }
    out
}

fn bucket(n: usize) -> u64 {
    match n {
        0..=1 => n as u64,
        2..=3 => 2,
        4..=6 => 3,
        7..=10 => 4,
        11..=20 => 5,
        _ => 6,
    }
}

/// A span's words, lower-cased.
fn span_text(ctx: &Ctx<'_>, s: &Span) -> String {
    let words: Vec<&str> = (s.first..=s.last).map(|t| ctx.lower[t]).collect();
    words.join(" ")
}

/// The number of dependency arcs between two tokens (`None`: no tree joins them, or the path
/// goes through a conjunction).
fn path_len(ctx: &Ctx<'_>, a: usize, b: usize) -> Option<usize> {
    let up = ancestors(ctx, a);
    let down = ancestors(ctx, b);
    let (i, j) = up
        .iter()
        .enumerate()
        .find_map(|(i, t)| down.iter().position(|u| u == t).map(|j| (i, j)))?;
    let conj = up[..i]
        .iter()
        .chain(&down[..j])
        .any(|&t| ctx.rels[t].starts_with("conj"));
    (!conj).then_some(i + j)
}

/// Whether the pair's clause is negated or hedged: a cue between the mentions or among the
/// dependents of the words on the path between them ("is not registered in New York").
fn blocked(ctx: &Ctx<'_>, s: &Span, o: &Span) -> bool {
    let (a, b) = (s.first.min(o.first), s.last.max(o.last));
    let mut words: Vec<&str> = (a..=b).map(|t| ctx.lower[t]).collect();
    let mut on_path = ancestors(ctx, s.head);
    let down = ancestors(ctx, o.head);
    if let Some(i) = on_path.iter().position(|t| down.contains(t)) {
        let top = on_path[i];
        on_path.truncate(i + 1);
        on_path.extend(down.iter().take_while(|&&t| t != top));
    }
    // Dependents of the path: near it ("not" before "registered"), so the cost stays constant.
    let window = a.saturating_sub(8)..(b + 9).min(ctx.heads.len());
    for t in window {
        let h = ctx.heads[t];
        if h.is_some_and(|h| on_path.contains(&(h as usize))) && !(a..=b).contains(&t) {
            words.push(ctx.lower[t]);
        }
    }
    crate::cues::blocks(&words)
}

/// The ancestors of `t` (itself first), up to the root.
fn ancestors(ctx: &Ctx<'_>, t: usize) -> Vec<usize> {
    let mut out = vec![t];
    let mut cur = t;
    while let Some(h) = ctx.heads.get(cur).copied().flatten() {
        let h = h as usize;
        if out.len() > 40 || out.contains(&h) {
            break;
        }
        out.push(h);
        cur = h;
    }
    out
}

/// The features of the pair (subject `s`, object `o`).
fn features(ctx: &Ctx<'_>, pair: &Pair, f: &mut FeatureBuf) {
    let (s, o) = (&pair.s, &pair.o);
    let lp = format!("{}>{}", s.label.as_str(), o.label.as_str());
    let lp = lp.as_str();
    f.push("ents.btw", &[lp, &pair.between]);
    f.push_num(
        "sent",
        &[learn::hash::str_key(lp), pair.sentence.min(2) as u64],
    );
    let forward = s.last < o.first;
    let dir = if forward { "sv" } else { "vs" };
    let (l, r) = if forward { (s, o) } else { (o, s) };
    let gap = r.first - l.last - 1;
    f.push("lp", &[lp]);
    f.push("lp.dir", &[lp, dir]);
    f.push("ents.btw.dir", &[lp, dir, &pair.between]);
    f.push_num(
        "lp.dir.gap",
        &[learn::hash::str_key(lp), forward as u64, bucket(gap)],
    );
    // Words between.
    let between = (l.last + 1)..r.first;
    if gap <= 12 {
        for t in between.clone() {
            f.push("btw", &[lp, dir, &ctx.stem[t]]);
            f.push("btw.any", &[&ctx.stem[t]]);
        }
        for t in (l.last + 1)..r.first.saturating_sub(1) {
            f.push("btw2", &[lp, ctx.lower[t], ctx.lower[t + 1]]);
        }
    }
    if gap <= 4 {
        let s: Vec<&str> = between.clone().map(|t| ctx.lower[t]).collect();
        f.push("btw.all", &[lp, dir, &s.join(" ")]);
        let u: Vec<&str> = between.clone().map(|t| ctx.upos[t]).collect();
        f.push("btw.upos", &[lp, dir, &u.join(" ")]);
    }
    if gap > 0 {
        f.push("btw.first", &[lp, dir, ctx.lower[l.last + 1]]);
        f.push("btw.last", &[lp, dir, ctx.lower[r.first - 1]]);
    }
    // Around.
    let before = l.first.checked_sub(1).map_or("<s>", |t| ctx.lower[t]);
    let after = ctx.lower.get(r.last + 1).copied().unwrap_or("</s>");
    f.push("before", &[lp, dir, before]);
    f.push("after", &[lp, dir, after]);
    // The mentions' heads.
    f.push("s.head", &[lp, ctx.lower[s.head]]);
    f.push("o.head", &[lp, ctx.lower[o.head]]);
    f.push("s.text", &[lp, &span_text(ctx, s)]);
    f.push("o.text", &[lp, &span_text(ctx, o)]);
    f.push("s.rel", &[lp, ctx.rels[s.head]]);
    f.push("o.rel", &[lp, ctx.rels[o.head]]);
    // The dependency path.
    let up = ancestors(ctx, s.head);
    let down = ancestors(ctx, o.head);
    let Some((i, j)) = up
        .iter()
        .enumerate()
        .find_map(|(i, t)| down.iter().position(|u| u == t).map(|j| (i, j)))
    else {
        f.push("path.none", &[lp]);
        return;
    };
    let top = up[i];
    let mut path = String::new();
    let mut lex = String::new();
    for &t in &up[..i] {
        path.push_str(ctx.rels[t]);
        path.push('<');
        lex.push_str(ctx.rels[t]);
        lex.push('<');
        if t != s.head {
            lex.push_str(&ctx.stem[t]);
            lex.push('<');
        }
    }
    if top != s.head && top != o.head {
        lex.push_str(&ctx.stem[top]);
    }
    for &t in down[..j].iter().rev() {
        path.push('>');
        path.push_str(ctx.rels[t]);
        lex.push('>');
        if t != o.head {
            lex.push_str(&ctx.stem[t]);
            lex.push('>');
        }
        lex.push_str(ctx.rels[t]);
    }
    let len = i + j;
    f.push_num("path.len", &[learn::hash::str_key(lp), bucket(len)]);
    if len <= 6 {
        f.push("path", &[lp, &path]);
        f.push("path.any", &[&path]);
        f.push("path.lex", &[lp, &lex]);
        f.push("path.lex.any", &[&lex]);
    } else {
        f.push("path.long", &[lp]);
    }
    f.push("top", &[lp, &ctx.stem[top], ctx.upos[top]]);
    f.push("top.w", &[&ctx.stem[top]]);
    for &t in up
        .get(1..i)
        .unwrap_or(&[])
        .iter()
        .chain(down.get(1..j).unwrap_or(&[]))
    {
        f.push("on.path", &[lp, &ctx.stem[t]]);
    }
}

/// One training pair: its features and its gold classes (empty: none).
struct Instance {
    feats: Vec<u64>,
    gold: Vec<usize>,
}

/// What training reports.
#[derive(Clone, Debug)]
pub struct TrainSummary {
    pub train_docs: usize,
    pub heldout_docs: usize,
    pub instances: usize,
    pub positives: usize,
    pub threshold: f32,
    pub features: usize,
    pub weights: usize,
    pub heldout_rules: redocred::Report,
    /// Rules plus the sentence scorer.
    pub heldout_sentence: redocred::Report,
    /// Rules plus the sentence scorer plus the document-level model.
    pub heldout_with_scorer: redocred::Report,
    /// Held-out micro figures at other thresholds: (threshold, report).
    pub curve: Vec<(f32, redocred::Prf)>,
}

const EPOCHS: usize = 6;

/// Trains the scorer on the `Train` split of a DocRED file, chooses the threshold on the
/// `Heldout` split (the lowest whose rules-plus-scorer micro precision is at least
/// [`TARGET_PRECISION`], maximizing F1) and returns the model file bytes.
pub fn train(path: &Path, seed: u64) -> Result<(Vec<u8>, TrainSummary), redocred::Error> {
    let reader = redocred::Reader::embedded()?;
    let train_docs = redocred::read(path, Split::Train)?;
    let held_docs = redocred::read(path, Split::Heldout)?;
    let mut instances = Vec::new();
    let mut feats = FeatureBuf::new();
    let mut built = Vec::with_capacity(train_docs.len());
    for d in &train_docs {
        let (doc, vertex_of) = reader.build(d)?;
        let gold = redocred::gold_facts(d);
        let ctx = Ctx::new(&doc);
        for pair in candidates(&doc, &ctx) {
            let (s, o) = (pair.s, pair.o);
            let (vs, vo) = (vertex_of[s.mention], vertex_of[o.mention]);
            if vs == vo {
                continue;
            }
            let mut g: Vec<usize> = Vec::new();
            for (c, name) in CLASSES.iter().enumerate().skip(1) {
                let hit = gold.contains(&(vs, vo, *name))
                    || (*name == Predicate::LocatedIn.as_str()
                        && gold.contains(&(vs, vo, Predicate::BasedIn.as_str())));
                if hit {
                    g.push(c);
                }
            }
            feats.clear();
            features(&ctx, &pair, &mut feats);
            instances.push(Instance {
                feats: feats.keys.clone(),
                gold: g,
            });
        }
        built.push((doc, vertex_of, gold));
    }
    let positives = instances.iter().filter(|i| !i.gold.is_empty()).count();
    let mut trainer = Trainer::new(CLASSES.len());
    let mut order: Vec<usize> = (0..instances.len()).collect();
    let mut rng = SplitMix64::new(seed);
    let mut buf = Vec::new();
    for _ in 0..EPOCHS {
        rng.shuffle(&mut order);
        for &k in &order {
            let inst = &instances[k];
            let pred = trainer.predict(&inst.feats, &mut buf);
            if inst.gold.is_empty() {
                trainer.update(&inst.feats, 0, pred);
            } else if !inst.gold.contains(&pred) {
                let g = *inst
                    .gold
                    .iter()
                    .max_by(|&&a, &&b| buf[a].total_cmp(&buf[b]).then(b.cmp(&a)))
                    .unwrap_or(&inst.gold[0]);
                trainer.update(&inst.feats, g, pred);
            }
            trainer.tick();
        }
    }
    let model = trainer.finish(0.05);
    // The confidence scale: the mean absolute margin of the winning class on the training pairs.
    let mut total = 0f64;
    for inst in &instances {
        model.scores(&inst.feats, &mut buf);
        let mut sorted = buf.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        total += f64::from(sorted[0] - sorted.get(1).copied().unwrap_or(0.0)).abs();
    }
    let scale = ((total / instances.len().max(1) as f64) as f32).max(1e-3);
    let mut scorer = Scorer {
        model,
        threshold: 0.0,
        scale,
        doc: None,
        id: String::new(),
    };
    // Threshold: held-out documents, rules facts plus scorer facts with their confidence.
    let mut held = Vec::new();
    for d in &held_docs {
        let (doc, vertex_of) = reader.build(d)?;
        let rules = crate::extract_relations(&doc);
        let extra = scorer.relations(&doc, &rules);
        let rule_facts: BTreeSet<(u32, u32, &'static str)> =
            redocred::facts_of(&rules, &vertex_of).into_keys().collect();
        let mut extra_facts = redocred::facts_of(&extra, &vertex_of);
        extra_facts.retain(|k, _| !rule_facts.contains(k));
        held.push((redocred::gold_facts(d), rule_facts, extra_facts));
    }
    let tally_at = |t: f32| {
        let mut tally = Tally::default();
        for (gold, rules, extra) in &held {
            let pred = rules
                .iter()
                .copied()
                .chain(extra.iter().filter(|&(_, &c)| c >= t).map(|(k, _)| *k));
            tally.add(gold, pred);
        }
        tally.report()
    };
    let mut cands: Vec<f32> = held
        .iter()
        .flat_map(|(_, _, e)| e.values().copied())
        .collect();
    cands.sort_by(|a, b| a.total_cmp(b));
    cands.dedup();
    let mut best: Option<(f64, f32)> = None;
    for &t in &cands {
        let r = tally_at(t);
        if r.micro.p >= TARGET_PRECISION && best.is_none_or(|(f, _)| r.micro.f1 > f) {
            best = Some((r.micro.f1, t));
        }
    }
    let threshold = best.map_or(1.01, |(_, t)| t);
    let curve = (1..20)
        .map(|k| {
            let t = k as f32 * 0.05;
            (t, tally_at(t).micro)
        })
        .collect();
    scorer.threshold = threshold;
    let heldout_rules = tally_at(f32::INFINITY);
    let heldout_sentence = tally_at(threshold);
    // The document-level model: trained on the training split, its per-predicate thresholds
    // from out-of-fold scores of that split (the held-out split only reports).
    let mut tdocs = Vec::with_capacity(built.len());
    let mut golds = Vec::with_capacity(built.len());
    let mut takens = Vec::with_capacity(built.len());
    for (doc, vertex_of, gold) in &built {
        let rules = crate::extract_relations(doc);
        let extra = scorer.relations(doc, &rules);
        let taken: BTreeSet<(u32, u32)> = rules
            .iter()
            .chain(&extra)
            .filter_map(|r| {
                let a = *vertex_of.get(r.subject as usize)?;
                let b = *vertex_of.get(r.object? as usize)?;
                Some((a.min(b), a.max(b)))
            })
            .collect();
        tdocs.push(doclevel::instances(doc, vertex_of, gold));
        golds.push(gold.clone());
        takens.push(taken);
    }
    scorer.doc = Some(doclevel::train(&tdocs, &golds, &takens, seed));
    let mut tally = Tally::default();
    for d in &held_docs {
        let (doc, vertex_of) = reader.build(d)?;
        let rels = extend_grouped(
            &scorer,
            &doc,
            crate::extract_relations(&doc),
            &vertex_of,
            &RelateOptions::default(),
        );
        tally.add(
            &redocred::gold_facts(d),
            redocred::facts_of(&rels, &vertex_of).into_keys(),
        );
    }
    let heldout_with_scorer = tally.report();
    let (features, weights) = scorer.model.size();
    let bytes = scorer.to_bytes();
    Ok((
        bytes,
        TrainSummary {
            train_docs: train_docs.len(),
            heldout_docs: held_docs.len(),
            instances: instances.len(),
            positives,
            threshold,
            features,
            weights,
            heldout_rules,
            heldout_sentence,
            heldout_with_scorer,
            curve,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redocred::{FIXTURE, Reader};

    fn fixture(name: &str) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!(
            "newsgraph-scorer-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&p, FIXTURE).expect("write fixture");
        p
    }

    #[test]
    fn embedded_model_loads() {
        let s = Scorer::shared().expect("models/relations.model loads");
        assert!(s.threshold() > 0.0 && s.threshold() <= 1.0);
    }

    #[test]
    fn types_follow_the_ontology() {
        assert!(types_allow("employed_by", Per, Org));
        assert!(!types_allow("employed_by", Org, Org));
        assert!(types_allow("located_in", Loc, Loc));
        assert!(!types_allow("located_in", Loc, Per));
        assert!(types_allow("based_in", Org, Loc));
        assert_eq!(predicate_of("located_in", Org), "based_in");
    }

    #[test]
    fn training_is_reproducible_and_the_model_reads_back() {
        let f = fixture("train");
        let (a, sa) = train(&f, 1).expect("train");
        let (b, _) = train(&f, 1).expect("train");
        assert_eq!(a, b, "same data and seed give the same bytes");
        assert_eq!((sa.train_docs, sa.heldout_docs), (4, 2));
        assert!(sa.positives > 0 && sa.instances > sa.positives);
        let s = Scorer::from_bytes(&a).expect("reads back");
        assert_eq!(s.threshold(), sa.threshold);
        assert!(Scorer::from_bytes(&a[..a.len() - 1]).is_err());
        let _ = std::fs::remove_file(f);
    }

    #[test]
    fn rules_win_and_types_hold() {
        let f = fixture("extend");
        let docs = crate::redocred::read(&f, Split::All).expect("read");
        let reader = Reader::embedded().expect("models");
        // Threshold 0: every candidate pair the types allow gets its best predicate.
        let s = Scorer::shared().expect("embedded").with_threshold(0.0);
        let (doc, _) = reader.build(&docs[2]).expect("build");
        let rule = Relation {
            subject: 1,
            predicate: "founded".into(),
            object: Some(0),
            object_value: None,
            evidence: doc.sentence_items()[0].range,
            confidence: 0.9,
            valid_from: None,
            valid_to: None,
            status: None,
        };
        let all = extend_with(&s, &doc, vec![rule.clone()], &RelateOptions::default());
        assert!(all.contains(&rule));
        let m = doc.entity_items();
        for r in all.iter().filter(|r| **r != rule) {
            let o = r.object.expect("an entity object") as usize;
            assert!(types_allow(
                &r.predicate,
                m[r.subject as usize].label,
                m[o].label
            ));
            assert_ne!((r.subject.min(o as u32), r.subject.max(o as u32)), (0, 1));
        }
        // Scored facts hold both mentions in one sentence; only those above the threshold.
        let strict = Scorer::shared().expect("embedded").with_threshold(1.5);
        assert_eq!(
            extend_with(&strict, &doc, vec![rule.clone()], &RelateOptions::default()),
            vec![rule]
        );
        let _ = std::fs::remove_file(f);
    }
}
