//! Document-level relations: entity pairs (mentions grouped into entities by coreference, or by
//! the gold vertices on Re-DocRED) scored with document features, so that facts stated across
//! sentences or implied by the document's structure ("Springfield … Illinois … the United
//! States") are found. An entity pair's features: the entity labels, the sentence distance of
//! its nearest mentions and how many sentences hold both, the dependency path and words of the
//! nearest pair when one sentence holds both (the sentence scorer's features), the entities'
//! names, whether one name holds the other, whether an entity is the document's first, its rank
//! among the entities of its label and its number of mentions. A multiclass averaged perceptron
//! (the sentence scorer's classes) predicts a predicate or none; each predicate has its own
//! threshold, chosen on out-of-fold scores of the training split only.
//!
//! Cost stays linear in the document: each mention is paired only with the mentions of the
//! [`WINDOW`] next ones, and an entity pair's features read only those pairs.

use super::{
    CLASSES, Ctx, Pair, Span, blocked, features, is_headline, predicate_of, stem, types_allow,
};
use doc::{Document, EntityLabel, Relation, TextRange, Upos};
use learn::file::ModelError;
use learn::{FeatureBuf, Model, Reader, SplitMix64, Trainer, Writer};
use ontology::Predicate;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Each mention is paired with at most this many following mentions.
pub const WINDOW: usize = 48;
/// Entity pairs whose nearest mentions are more sentences apart than this are not scored.
pub const MAX_SENTENCES: usize = 12;
/// The precision each predicate's threshold is chosen for (out-of-fold, training split).
pub const TARGET_PRECISION: f64 = 0.68;
/// Folds of the training split for the out-of-fold scores.
pub const FOLDS: usize = 4;
const EPOCHS: usize = 8;

/// The predicates the document-level scorer may emit.
const EMITTED: &[&str] = &[
    Predicate::MemberOf.as_str(),
    Predicate::PartOf.as_str(),
    Predicate::EmployedBy.as_str(),
    Predicate::LocatedIn.as_str(),
    Predicate::BasedIn.as_str(),
    Predicate::Origin.as_str(),
    Predicate::Nationality.as_str(),
    Predicate::Founded.as_str(),
    Predicate::ParticipatedIn.as_str(),
    Predicate::Leads.as_str(),
];

/// The trained document-level model: weights, confidence scale, a threshold per class.
#[derive(Clone, Debug)]
pub struct DocModel {
    pub(crate) model: Model,
    pub(crate) scale: f32,
    pub(crate) thresholds: Vec<f32>,
}

impl DocModel {
    pub(crate) fn write(&self, w: &mut Writer) {
        w.f32(self.scale);
        w.u32(self.thresholds.len() as u32);
        for t in &self.thresholds {
            w.f32(*t);
        }
        self.model.write(w);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<DocModel, ModelError> {
        let scale = r.f32()?;
        let n = r.u32()? as usize;
        if n != CLASSES.len() {
            return Err(ModelError::Corrupt("document-level thresholds".into()));
        }
        let mut thresholds = Vec::with_capacity(n);
        for _ in 0..n {
            thresholds.push(r.f32()?);
        }
        let model = Model::read(r)?;
        if model.n_classes() != CLASSES.len() || scale.is_nan() || scale <= 0.0 {
            return Err(ModelError::Corrupt("document-level model".into()));
        }
        Ok(DocModel {
            model,
            scale,
            thresholds,
        })
    }

    pub fn thresholds(&self) -> &[f32] {
        &self.thresholds
    }

    /// The best class the types allow and its confidence.
    fn best(&self, scores: &[f32], s: EntityLabel, o: EntityLabel) -> Option<(usize, f32)> {
        best_of(scores, self.scale, s, o)
    }

    /// Relations between entities (`group_of`: the entity of each mention) that `taken` does
    /// not already relate (unordered entity pairs), at or above their predicate's threshold.
    pub fn relations(
        &self,
        doc: &Document,
        group_of: &[u32],
        taken: &BTreeSet<(u32, u32)>,
    ) -> Vec<Relation> {
        let ctx = Ctx::new(doc);
        let view = DocView::new(doc, &ctx, group_of);
        let mut feats = FeatureBuf::new();
        let mut scores = Vec::new();
        let mut out = Vec::new();
        for cand in view.candidates() {
            let (ga, gb) = (view.ents[cand.a].group, view.ents[cand.b].group);
            if taken.contains(&(ga.min(gb), ga.max(gb))) {
                continue;
            }
            feats.clear();
            view.features(&ctx, &cand, &mut feats);
            self.model.scores(feats.as_slice(), &mut scores);
            let (la, lb) = (view.ents[cand.a].label, view.ents[cand.b].label);
            let Some((c, conf)) = self.best(&scores, la, lb) else {
                continue;
            };
            if conf < self.thresholds.get(c).copied().unwrap_or(f32::INFINITY) {
                continue;
            }
            let (Some(ms), Some(mo)) = (view.spans.get(cand.near.0), view.spans.get(cand.near.1))
            else {
                continue;
            };
            // A pair one sentence states negated or hedged ("is not incorporated in", "is no
            // longer X-based") is no fact, as for the sentence scorer.
            if cand.sd == 0 && blocked(&ctx, &ms.0, &mo.0) {
                continue;
            }
            out.push(Relation {
                subject: ms.0.mention as u32,
                predicate: predicate_of(CLASSES[c], la).to_string(),
                object: Some(mo.0.mention as u32),
                object_value: None,
                evidence: view.evidence(cand.near),
                confidence: conf,
                valid_from: None,
                valid_to: None,
                status: None,
            });
        }
        out
    }
}

/// The best emitted class the types allow and its confidence (sigmoid of its margin over every
/// other class, none included, divided by `scale`).
fn best_of(scores: &[f32], scale: f32, s: EntityLabel, o: EntityLabel) -> Option<(usize, f32)> {
    let mut best: Option<usize> = None;
    for (c, name) in CLASSES.iter().enumerate().skip(1) {
        let p = predicate_of(name, s);
        if EMITTED.contains(&p)
            && types_allow(p, s, o)
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
    let margin = (scores[c] - other) / scale;
    Some((c, 1.0 / (1.0 + (-margin).exp())))
}

/// The first sentences searched for the opening definition (a headline comes first).
const OPENING_SENTENCES: usize = 2;
/// The opening definition's subject starts within this many tokens of its sentence (an article
/// or a quote mark).
const OPENING_OFFSET: usize = 1;
/// The opening definition's form of "be" comes within this many tokens of the name.
const OPENING_WINDOW: usize = 40;
/// Tokens that open a dateline's story or a headline's tail ("WASHINGTON — …", "X: …"), not a
/// definition.
const OPENING_BREAK: &[char] = &['—', '–', '―', '-', ':'];

/// Whether the document opens by defining its first-named entity: the first sentence that is no
/// headline starts with a name and goes on, past asides in commas or brackets, to a form of
/// "be" before a noun phrase ("Springfield is a city in Illinois", "X (born 1950) was an
/// American actor", "X, also known as Y, is a river"). That is the encyclopedic register the
/// document-level model is trained on, where the whole text is about that entity and the facts
/// it implies across sentences hold. A news report opens with an event ("X said on Friday …",
/// "WASHINGTON — …") and its cross-sentence pairs are mostly unstated, so the model stays off
/// there ([`crate::DocLevel::Definitional`]). Reads only the opening sentences: constant cost.
pub fn opens_with_definition(doc: &Document) -> bool {
    let toks = doc.token_items();
    let Some(pos) = doc.pos() else {
        return false;
    };
    let upos = |t: usize| pos.items.get(t).map_or(Upos::X, |p| p.upos);
    let mentions = doc.entity_items();
    let Some(sent) =
        doc.sentence_items()
            .iter()
            .take(OPENING_SENTENCES)
            .find(|s| {
                // A headline stands on a line of its own; a title-cased opening sentence of running
                // text ("The Johns Hopkins Carey Business School, also …") is no headline.
                let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
                let own_line = doc.text().get(s.range.end as usize..).is_some_and(|rest| {
                    rest.trim_start_matches([' ', '\t', '\r']).starts_with('\n')
                });
                !(own_line && is_headline(doc, toks.get(a.min(b)..b).unwrap_or(&[])))
            })
    else {
        return false;
    };
    let (a, b) = (
        sent.tokens.0 as usize,
        (sent.tokens.1 as usize).min(toks.len()),
    );
    let k = mentions.partition_point(|m| m.range.start < sent.range.start);
    let Some(m) = mentions
        .get(k)
        .filter(|m| sent.range.contains_range(m.range))
    else {
        return false;
    };
    let in_sent = toks.get(a.min(b)..b).unwrap_or(&[]);
    let first = a + in_sent.partition_point(|t| t.range.end <= m.range.start);
    let last = a + in_sent.partition_point(|t| t.range.start < m.range.end);
    if first >= last || first - a > OPENING_OFFSET {
        return false;
    }
    let word = |t: usize| toks.get(t).map_or("", |x| doc.slice(x.range));
    let (mut depth, mut aside) = (0usize, false);
    for t in last..b.min(last + OPENING_WINDOW) {
        let w = word(t);
        match w {
            "(" | "[" => depth += 1,
            ")" | "]" => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            "," => aside = true,
            _ if w.starts_with(OPENING_BREAK) => return false,
            _ if crate::words::is(crate::words::List::Be, &w.to_lowercase()) => {
                // "is a", "was the", "is one of": a definition; "is casting", "was born"
                // (inside an aside): read on.
                let next = (t + 1..b).find(|&j| upos(j) != Upos::Adv);
                if next.is_some_and(|j| !matches!(upos(j), Upos::Verb | Upos::Aux)) {
                    return true;
                }
            }
            // "X visited …", "X said …": an event, unless inside an aside after a comma.
            _ if !aside && matches!(upos(t), Upos::Verb | Upos::Aux) => return false,
            _ => {}
        }
    }
    false
}

/// The entity of each mention: its coreference chain, else its lower-cased text.
pub fn groups_from_coref(doc: &Document) -> Vec<u32> {
    let ix = doc::CorefIndex::new(doc);
    let n_chains = doc.coref().map_or(0, |l| l.items.len()) as u32;
    let mut by_text: HashMap<String, u32> = HashMap::new();
    doc.entity_items()
        .iter()
        .map(|m| match ix.exact(m.range) {
            Some(c) => c as u32,
            None => {
                let next = n_chains + by_text.len() as u32;
                *by_text
                    .entry(doc.slice(m.range).to_lowercase())
                    .or_insert(next)
            }
        })
        .collect()
}

/// One entity: its mentions (indices into [`DocView::spans`]), label, names.
struct Ent {
    group: u32,
    label: EntityLabel,
    spans: Vec<usize>,
    texts: Vec<String>,
    /// Rank among the entities of its label, by first mention.
    rank: usize,
}

/// A candidate entity pair and its nearest mentions.
struct Cand {
    a: usize,
    b: usize,
    /// The nearest (subject span, object span).
    near: (usize, usize),
    /// Sentence distance of the nearest pair.
    sd: usize,
    /// Mention pairs (within the window) sharing a sentence.
    co: usize,
}

struct DocView<'a> {
    doc: &'a Document,
    /// The mapped mentions: span and sentence index, in text order.
    spans: Vec<(Span, usize)>,
    /// The entity of each span.
    ent_of: Vec<usize>,
    ents: Vec<Ent>,
}

impl<'a> DocView<'a> {
    fn new(doc: &'a Document, ctx: &Ctx<'_>, group_of: &[u32]) -> DocView<'a> {
        let toks = doc.token_items();
        let mentions = doc.entity_items();
        let mut spans = Vec::new();
        let mut mi = 0;
        for (si, sent) in doc.sentence_items().iter().enumerate() {
            let (a, b) = (
                sent.tokens.0 as usize,
                (sent.tokens.1 as usize).min(toks.len()),
            );
            let headline = is_headline(doc, &toks[a.min(b)..b]);
            while mi < mentions.len() && mentions[mi].range.start < sent.range.end {
                let m = &mentions[mi];
                if sent.range.contains_range(m.range) && !headline && mi < group_of.len() {
                    let first = a + toks[a..b].partition_point(|t| t.range.end <= m.range.start);
                    let last = a + toks[a..b].partition_point(|t| t.range.start < m.range.end);
                    if first < last {
                        let last = last - 1;
                        let head = (first..=last)
                            .find(|&t| {
                                ctx.heads[t]
                                    .is_none_or(|h| (h as usize) < first || h as usize > last)
                            })
                            .unwrap_or(last);
                        spans.push((
                            Span {
                                mention: mi,
                                first,
                                last,
                                head,
                                label: m.label,
                            },
                            si,
                        ));
                    }
                }
                mi += 1;
            }
        }
        let mut ents: Vec<Ent> = Vec::new();
        let mut index: HashMap<u32, usize> = HashMap::new();
        let mut ent_of = Vec::with_capacity(spans.len());
        for (k, (s, _)) in spans.iter().enumerate() {
            let g = group_of[s.mention];
            let e = *index.entry(g).or_insert_with(|| {
                ents.push(Ent {
                    group: g,
                    label: s.label,
                    spans: Vec::new(),
                    texts: Vec::new(),
                    rank: 0,
                });
                ents.len() - 1
            });
            ent_of.push(e);
            let ent = &mut ents[e];
            ent.spans.push(k);
            let t = super::span_text(ctx, s);
            if ent.texts.len() < 4 && !ent.texts.contains(&t) {
                ent.texts.push(t);
            }
        }
        let mut per_label: HashMap<EntityLabel, usize> = HashMap::new();
        for e in &mut ents {
            let n = per_label.entry(e.label).or_default();
            e.rank = *n;
            *n += 1;
        }
        DocView {
            doc,
            spans,
            ent_of,
            ents,
        }
    }

    /// Ordered entity pairs whose mentions meet within the window, with their nearest mentions;
    /// in a fixed order.
    fn candidates(&self) -> Vec<Cand> {
        // (a, b) -> (sd, gap, subject span, object span), co-occurrences.
        let mut best: BTreeMap<(usize, usize), Nearest> = BTreeMap::new();
        for i in 0..self.spans.len() {
            for j in (i + 1)..self.spans.len().min(i + 1 + WINDOW) {
                let (ea, eb) = (self.ent_of[i], self.ent_of[j]);
                if ea == eb {
                    continue;
                }
                let ((x, sx), (y, sy)) = (&self.spans[i], &self.spans[j]);
                if x.first <= y.last && y.first <= x.last {
                    continue;
                }
                let sd = sy.abs_diff(*sx);
                if sd > MAX_SENTENCES {
                    continue;
                }
                let gap = y.first.saturating_sub(x.last);
                for (a, b, s, o) in [(ea, eb, i, j), (eb, ea, j, i)] {
                    let key = (sd, gap, s, o);
                    let e = best.entry((a, b)).or_insert((key, 0));
                    if key < e.0 {
                        e.0 = key;
                    }
                    if sd == 0 {
                        e.1 += 1;
                    }
                }
            }
        }
        best.into_iter()
            .filter(|&((a, b), _)| {
                let (la, lb) = (self.ents[a].label, self.ents[b].label);
                CLASSES.iter().skip(1).any(|c| {
                    let p = predicate_of(c, la);
                    EMITTED.contains(&p) && types_allow(p, la, lb)
                })
            })
            .map(|((a, b), ((sd, _, s, o), co))| Cand {
                a,
                b,
                near: (s, o),
                sd,
                co,
            })
            .collect()
    }

    /// The evidence of a pair of spans: their sentence, or the sentences from one to the other.
    fn evidence(&self, (s, o): (usize, usize)) -> TextRange {
        let sents = self.doc.sentence_items();
        let (Some((_, a)), Some((_, b))) = (self.spans.get(s), self.spans.get(o)) else {
            return TextRange::new(0, 0);
        };
        let (a, b) = ((*a).min(*b), (*a).max(*b));
        match (sents.get(a), sents.get(b)) {
            (Some(x), Some(y)) => TextRange::new(x.range.start, y.range.end),
            _ => TextRange::new(0, 0),
        }
    }

    fn features(&self, ctx: &Ctx<'_>, c: &Cand, f: &mut FeatureBuf) {
        let (ea, eb) = (&self.ents[c.a], &self.ents[c.b]);
        let lp = format!("{}>{}", ea.label.as_str(), eb.label.as_str());
        let lp = lp.as_str();
        let lk = learn::hash::str_key(lp);
        let sd = super::bucket(c.sd);
        f.push("d.lp", &[lp]);
        f.push_num("d.sd", &[lk, sd]);
        f.push_num("d.co", &[lk, super::bucket(c.co)]);
        f.push_num(
            "d.nm",
            &[
                lk,
                super::bucket(ea.spans.len()),
                super::bucket(eb.spans.len()),
            ],
        );
        f.push_num(
            "d.first",
            &[lk, u64::from(c.a == 0), u64::from(c.b == 0), sd.min(2)],
        );
        f.push_num(
            "d.rank",
            &[lk, ea.rank.min(4) as u64, eb.rank.min(4) as u64],
        );
        let sd_s = sd.min(3).to_string();
        for t in &eb.texts {
            f.push("d.o.txt", &[lp, t]);
            f.push("d.o.txt.sd", &[lp, t, &sd_s]);
        }
        for t in &ea.texts {
            f.push("d.s.txt", &[lp, t]);
            if let Some(w) = t.split(' ').next_back() {
                f.push("d.s.last", &[lp, &stem(w)]);
            }
        }
        // One name inside the other ("Springfield" in "Springfield Armory").
        let within = |x: &Ent, y: &Ent| {
            x.texts.iter().any(|a| {
                y.texts.iter().any(|b| {
                    b.len() > a.len()
                        && (b.starts_with(&format!("{a} "))
                            || b.ends_with(&format!(" {a}"))
                            || b.contains(&format!(" {a} ")))
                })
            })
        };
        if within(eb, ea) {
            f.push("d.o.in.s", &[lp]);
        }
        if within(ea, eb) {
            f.push("d.s.in.o", &[lp]);
        }
        // The nearest pair: the sentence scorer's features when one sentence holds both.
        let (s, o) = (&self.spans[c.near.0], &self.spans[c.near.1]);
        if c.sd == 0 {
            let (lo, hi) = (s.0.last.min(o.0.last), s.0.first.max(o.0.first));
            let between: Vec<&str> = self
                .spans
                .iter()
                .filter(|(x, si)| *si == s.1 && x.first > lo && x.last < hi)
                .map(|(x, _)| x.label.as_str())
                .take(4)
                .collect();
            let pair = Pair {
                evidence: TextRange::new(0, 0),
                s: s.0,
                o: o.0,
                sentence: s.1,
                between: between.join(" "),
            };
            features(ctx, &pair, f);
        } else {
            let dir = if s.1 < o.1 { "sv" } else { "vs" };
            f.push("d.x.dir", &[lp, dir]);
            f.push("d.x.srel", &[lp, ctx.rels[s.0.head]]);
            f.push("d.x.orel", &[lp, ctx.rels[o.0.head]]);
        }
        // Where the subject and object first appear.
        let first_sent = |e: &Ent| e.spans.first().map_or(0, |&k| self.spans[k].1);
        f.push_num(
            "d.pos",
            &[
                lk,
                super::bucket(first_sent(ea)),
                super::bucket(first_sent(eb)),
            ],
        );
    }
}

/// One training instance: features, gold classes, subject and object vertices and labels.
pub(crate) type Instance = (Vec<u64>, Vec<usize>, u32, u32, EntityLabel, EntityLabel);

/// The nearest mention pair of an entity pair: (sentence distance, token gap, subject span,
/// object span), and the number of mention pairs sharing a sentence.
type Nearest = ((usize, usize, usize, usize), usize);

/// One training document: its instances (features and gold classes) and what the evaluation of
/// the threshold needs.
pub(crate) struct TrainDoc {
    pub instances: Vec<Instance>,
}

/// The instances of one document: every candidate entity pair with its gold classes.
pub(crate) fn instances(
    doc: &Document,
    vertex_of: &[u32],
    gold: &BTreeSet<(u32, u32, &'static str)>,
) -> TrainDoc {
    let ctx = Ctx::new(doc);
    let view = DocView::new(doc, &ctx, vertex_of);
    let mut feats = FeatureBuf::new();
    let mut out = Vec::new();
    for cand in view.candidates() {
        let (va, vb) = (view.ents[cand.a].group, view.ents[cand.b].group);
        let mut g = Vec::new();
        for (c, name) in CLASSES.iter().enumerate().skip(1) {
            if gold.contains(&(va, vb, *name))
                || (*name == Predicate::LocatedIn.as_str()
                    && gold.contains(&(va, vb, Predicate::BasedIn.as_str())))
            {
                g.push(c);
            }
        }
        feats.clear();
        view.features(&ctx, &cand, &mut feats);
        out.push((
            feats.keys.clone(),
            g,
            va,
            vb,
            view.ents[cand.a].label,
            view.ents[cand.b].label,
        ));
    }
    TrainDoc { instances: out }
}

/// Trains a perceptron on the instances of `docs` (those `use_doc` keeps).
fn fit(docs: &[TrainDoc], use_doc: &dyn Fn(usize) -> bool, seed: u64) -> (Model, f32) {
    let mut order: Vec<(usize, usize)> = Vec::new();
    for (d, td) in docs.iter().enumerate() {
        if use_doc(d) {
            order.extend((0..td.instances.len()).map(|k| (d, k)));
        }
    }
    let mut trainer = Trainer::new(CLASSES.len());
    let mut rng = SplitMix64::new(seed);
    let mut buf = Vec::new();
    for _ in 0..EPOCHS {
        rng.shuffle(&mut order);
        for &(d, k) in &order {
            let (feats, gold, ..) = &docs[d].instances[k];
            let pred = trainer.predict(feats, &mut buf);
            if gold.is_empty() {
                trainer.update(feats, 0, pred);
            } else if !gold.contains(&pred) {
                let g = *gold
                    .iter()
                    .max_by(|&&a, &&b| buf[a].total_cmp(&buf[b]).then(b.cmp(&a)))
                    .unwrap_or(&gold[0]);
                trainer.update(feats, g, pred);
            }
            trainer.tick();
        }
    }
    let model = trainer.finish(0.05);
    let mut total = 0f64;
    let mut n = 0usize;
    for &(d, k) in &order {
        model.scores(&docs[d].instances[k].0, &mut buf);
        let mut sorted = buf.clone();
        sorted.sort_by(|a, b| b.total_cmp(a));
        total += f64::from(sorted[0] - sorted.get(1).copied().unwrap_or(0.0)).abs();
        n += 1;
    }
    let scale = ((total / n.max(1) as f64) as f32).max(1e-3);
    (model, scale)
}

/// Trains the document-level model: out-of-fold scores on [`FOLDS`] folds of `docs` choose each
/// class's threshold (the best F1 of that class with precision at least [`TARGET_PRECISION`],
/// among the pairs `taken` leaves: `taken[d]` the unordered vertex pairs other stages already
/// relate, `found[d]` the gold facts they already find), then one model is trained on all.
pub(crate) fn train(
    docs: &[TrainDoc],
    golds: &[BTreeSet<(u32, u32, &'static str)>],
    taken: &[BTreeSet<(u32, u32)>],
    seed: u64,
) -> DocModel {
    // Out-of-fold predictions: (class, confidence, correct) per emitted fact.
    let mut oof: Vec<Vec<(f32, bool)>> = vec![Vec::new(); CLASSES.len()];
    let mut gold_left = vec![0usize; CLASSES.len()];
    let class_of = |p: &str| {
        CLASSES.iter().position(|c| {
            *c == p || (p == Predicate::BasedIn.as_str() && *c == Predicate::LocatedIn.as_str())
        })
    };
    for (d, g) in golds.iter().enumerate() {
        for &(h, t, p) in g {
            if let Some(c) = class_of(p)
                && !taken
                    .get(d)
                    .is_some_and(|tk| tk.contains(&(h.min(t), h.max(t))))
            {
                gold_left[c] += 1;
            }
        }
    }
    let mut buf = Vec::new();
    for k in 0..FOLDS {
        let (model, scale) = fit(docs, &|d| d % FOLDS != k, seed.wrapping_add(k as u64));
        for (d, td) in docs.iter().enumerate().filter(|(d, _)| d % FOLDS == k) {
            for (feats, gold, va, vb, la, lb) in &td.instances {
                if taken
                    .get(d)
                    .is_some_and(|tk| tk.contains(&((*va).min(*vb), (*va).max(*vb))))
                {
                    continue;
                }
                model.scores(feats, &mut buf);
                if let Some((c, conf)) = best_of(&buf, scale, *la, *lb) {
                    oof[c].push((conf, gold.contains(&c)));
                }
            }
        }
    }
    let mut thresholds = vec![f32::INFINITY; CLASSES.len()];
    for (c, preds) in oof.iter_mut().enumerate().skip(1) {
        preds.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let (mut tp, mut best) = (0usize, 0f64);
        for (n, &(conf, ok)) in preds.iter().enumerate() {
            tp += usize::from(ok);
            let p = tp as f64 / (n + 1) as f64;
            let r = tp as f64 / gold_left[c].max(1) as f64;
            let f1 = if tp > 0 { 2.0 * p * r / (p + r) } else { 0.0 };
            let next_same = preds.get(n + 1).is_some_and(|x| x.0 == conf);
            if !next_same && p >= TARGET_PRECISION && f1 > best && n + 1 >= 5 {
                best = f1;
                thresholds[c] = conf;
            }
        }
    }
    let (model, scale) = fit(docs, &|_| true, seed);
    DocModel {
        model,
        scale,
        thresholds,
    }
}

/// At most this many facts of a middle entity are chained from each fact.
const MAX_CHAIN: usize = 8;

/// Places implied by places: `A located_in B` and `B located_in C` (or `based_in` for an
/// organization A) give `A located_in C` when the document states both and nothing already
/// relates A and C ("Springfield is in Sangamon County" … "Sangamon County, Illinois"). Entities
/// are `group_of`'s; the new fact's arguments are the mentions of the two facts it joins, its
/// evidence the span of both evidences, its confidence the lower of theirs.
/// `RelateOptions::place_chains` off leaves them out (to compare).
pub fn transitive_places(
    doc: &Document,
    rules: &[Relation],
    extra: &[Relation],
    group_of: &[u32],
) -> Vec<Relation> {
    let mentions = doc.entity_items();
    let g = |m: u32| group_of.get(m as usize).copied();
    let is_place = |r: &Relation| {
        r.predicate == Predicate::LocatedIn.as_str() || r.predicate == Predicate::BasedIn.as_str()
    };
    let all: Vec<&Relation> = rules.iter().chain(extra).collect();
    let related: BTreeSet<(u32, u32)> = all
        .iter()
        .filter_map(|r| {
            let (a, b) = (g(r.subject)?, g(r.object?)?);
            Some((a.min(b), a.max(b)))
        })
        .collect();
    // B -> the place facts with B as subject.
    let mut by_subject: BTreeMap<u32, Vec<&Relation>> = BTreeMap::new();
    for r in all.iter().copied().filter(|r| is_place(r)) {
        if let Some(a) = g(r.subject) {
            by_subject.entry(a).or_default().push(r);
        }
    }
    let mut seen: BTreeSet<(u32, u32)> = BTreeSet::new();
    let mut out = Vec::new();
    for first in all.iter().copied().filter(|r| is_place(r)) {
        let (Some(a), Some(bo)) = (g(first.subject), first.object) else {
            continue;
        };
        let Some(b) = g(bo) else { continue };
        // A few places per middle entity: the cost stays linear in the facts.
        let seconds = by_subject.get(&b).map_or(&[][..], Vec::as_slice);
        for second in seconds.iter().take(MAX_CHAIN) {
            let Some(co) = second.object else { continue };
            let Some(c) = g(co) else { continue };
            let (Some(ms), Some(mc)) = (
                mentions.get(first.subject as usize),
                mentions.get(co as usize),
            ) else {
                continue;
            };
            if c == a
                || c == b
                || mc.label != EntityLabel::Loc
                || related.contains(&(a.min(c), a.max(c)))
                || !seen.insert((a, c))
            {
                continue;
            }
            let predicate = if ms.label == EntityLabel::Org {
                Predicate::BasedIn.as_str()
            } else {
                Predicate::LocatedIn.as_str()
            };
            if !types_allow(predicate, ms.label, mc.label) {
                continue;
            }
            out.push(Relation {
                subject: first.subject,
                predicate: predicate.to_string(),
                object: Some(co),
                object_value: None,
                evidence: TextRange::new(
                    first.evidence.start.min(second.evidence.start),
                    first.evidence.end.max(second.evidence.end),
                ),
                confidence: first.confidence.min(second.confidence),
                valid_from: None,
                valid_to: None,
                status: None,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redocred::{FIXTURE, Reader, Split};

    fn rel(doc: &Document, s: u32, p: &str, o: u32, sent: usize) -> Relation {
        Relation {
            subject: s,
            predicate: p.into(),
            object: Some(o),
            object_value: None,
            evidence: doc.sentence_items()[sent].range,
            confidence: 0.8,
            valid_from: None,
            valid_to: None,
            status: None,
        }
    }

    fn fixture_docs() -> Vec<crate::redocred::DocRedDoc> {
        let p =
            std::env::temp_dir().join(format!("newsgraph-doclevel-{}.json", std::process::id()));
        std::fs::write(&p, FIXTURE).expect("write fixture");
        let docs = crate::redocred::read(&p, Split::All).expect("read");
        let _ = std::fs::remove_file(p);
        docs
    }

    #[test]
    fn places_in_places_chain_across_sentences() {
        let docs = fixture_docs();
        let reader = Reader::embedded().expect("models");
        // Springfield (0), Illinois (1), United States (2), Illinois (3: same entity as 1).
        let (doc, vertex_of) = reader.build(&docs[0]).expect("build");
        let a = rel(&doc, 0, "located_in", 1, 0);
        let b = rel(&doc, 3, "located_in", 2, 1);
        let out = transitive_places(&doc, &[a.clone(), b.clone()], &[], &vertex_of);
        assert_eq!(out.len(), 1, "{out:?}");
        let r = &out[0];
        assert_eq!(
            (r.subject, r.predicate.as_str(), r.object),
            (0, "located_in", Some(2))
        );
        assert!(r.evidence.contains_range(a.evidence) && r.evidence.contains_range(b.evidence));
        // Nothing when the pair is already related, or without the second step.
        let c = rel(&doc, 0, "located_in", 2, 0);
        assert!(transitive_places(&doc, &[a.clone(), b, c], &[], &vertex_of).is_empty());
        assert!(transitive_places(&doc, &[a], &[], &vertex_of).is_empty());
        // Without the gold vertices, Illinois's two mentions are one entity by their text.
        let groups = groups_from_coref(&doc);
        assert_eq!(groups[1], groups[3]);
        assert_ne!(groups[0], groups[1]);
    }

    #[test]
    fn document_level_relations_follow_types_and_skip_related_pairs() {
        let docs = fixture_docs();
        let reader = Reader::embedded().expect("models");
        let scorer = crate::scorer::Scorer::shared().expect("embedded");
        let dm = scorer
            .doc_model()
            .expect("the model file has a document-level model");
        let loose = DocModel {
            thresholds: vec![0.0; CLASSES.len()],
            ..dm.clone()
        };
        for d in &docs {
            let (doc, vertex_of) = reader.build(d).expect("build");
            let ms = doc.entity_items();
            let all = loose.relations(&doc, &vertex_of, &BTreeSet::new());
            for r in &all {
                let o = r.object.expect("an object") as usize;
                let (s, o) = (&ms[r.subject as usize], &ms[o]);
                assert!(types_allow(&r.predicate, s.label, o.label), "{r:?}");
                assert!(r.evidence.contains_range(s.range) && r.evidence.contains_range(o.range));
            }
            // Pairs already related are left alone.
            let taken: BTreeSet<(u32, u32)> = all
                .iter()
                .map(|r| {
                    let (a, b) = (
                        vertex_of[r.subject as usize],
                        vertex_of[r.object.unwrap_or(0) as usize],
                    );
                    (a.min(b), a.max(b))
                })
                .collect();
            assert!(loose.relations(&doc, &vertex_of, &taken).is_empty());
        }
    }
}
