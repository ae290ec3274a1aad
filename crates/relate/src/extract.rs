//! The extractor: per sentence, every ordered pair of argument mentions is read through the
//! words between them (trigger patterns), a few structural patterns (appositive places,
//! "City, Country", demonyms), coordination ("by Georgia and Afghanistan") and the polarity
//! filter; plus the time qualifier read back from an evidence sentence.

use crate::cues;
use crate::patterns::{Dir, Kind, Pattern, det_ok, patterns, place_predicate, prefix_ok};
use crate::words::{self, List};
use doc::{Document, EntityLabel, Relation, TextRange, TimexType, Upos};
use ontology::Predicate;
use std::collections::HashMap;

/// Longest gap, in tokens, between two mentions of one relation.
const MAX_GAP: usize = 16;
/// Longest noun-phrase filler between a trigger and the object.
const MAX_FILLER: usize = 6;
/// Longest label ("undesirable organization") in words.
const MAX_LABEL: usize = 8;

/// An argument: a named mention, or a pronoun/nominal that the coref layer resolves to one.
#[derive(Clone, Copy, Debug)]
struct Arg {
    /// Index of the (representative) mention in the entities layer.
    mention: u32,
    label: EntityLabel,
    /// Half-open token span.
    start: usize,
    end: usize,
    /// The byte where the argument's text ends (may fall inside its last token).
    byte_end: u32,
    confidence: f32,
    /// The coreference chain the argument belongs to, when known.
    chain: Option<usize>,
}

/// The words of a document, lowercased with curly quotes folded, and their UPOS: the shared
/// [`doc::TokenView`].
struct Words<'a> {
    doc: &'a Document,
    tv: &'a doc::TokenView,
    chains: ChainIndex,
}

/// The coreference layer indexed once ([`doc::CorefIndex`]; a scan over every chain per
/// mention made relation extraction quadratic in the document's length), plus each chain's
/// representative: its first entities-layer mention.
struct ChainIndex {
    spans: doc::CorefIndex,
    rep: Vec<Option<u32>>,
}

impl ChainIndex {
    fn new(doc: &Document) -> Self {
        let chains = doc.coref().map(|l| l.items.as_slice()).unwrap_or_default();
        let spans = doc::CorefIndex::from_chains(chains);
        let mut rep = vec![None; chains.len()];
        for (i, m) in doc.entity_items().iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            for (_, c) in spans.containing(m.range) {
                if let Some(slot @ None) = rep.get_mut(c) {
                    *slot = Some(i);
                }
            }
        }
        ChainIndex { spans, rep }
    }

    /// The first chain (in layer order) with a span covering `r`.
    fn chain_of(&self, r: TextRange) -> Option<usize> {
        self.spans.first_containing(r)
    }

    /// The first entities-layer mention inside chain `c`.
    fn rep(&self, c: usize) -> Option<u32> {
        self.rep.get(c).copied().flatten()
    }
}

/// Ranges read back from a look-up's position in [`overlaps_sorted`].
const OVERLAP_SCAN: usize = 64;

impl Words<'_> {
    fn word(&self, i: usize) -> &str {
        self.tv.lower_folded(i)
    }

    fn upos(&self, i: usize) -> Option<Upos> {
        self.tv.upos(i)
    }

    fn range(&self, i: usize) -> Option<TextRange> {
        self.doc.token_items().get(i).map(|t| t.range)
    }

    /// The words of `[from, to)` for the polarity filter: a proper noun is never a cue ("May"
    /// the month is not "may" the hedge).
    fn window(&self, from: usize, to: usize) -> Vec<&str> {
        (from..to)
            .map(|k| {
                let capital = self
                    .range(k)
                    .is_some_and(|r| self.doc.slice(r).starts_with(char::is_uppercase));
                if self.upos(k) == Some(Upos::Propn) && capital {
                    ""
                } else {
                    self.word(k)
                }
            })
            .collect()
    }
}

/// A time qualifier read from an evidence sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeQualifier {
    /// The normalized value (`2023`, `2024-03`).
    pub value: String,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
}

/// Extracts the typed relations of a document (needs tokens, sentences and entities; uses POS,
/// timexes and coref when present). Pure and deterministic; never panics on odd layers.
pub fn extract_relations(doc: &Document) -> Vec<Relation> {
    let w = words(doc);
    let mentions = mention_args(doc, &w);
    let mut coref = coref_args(doc, &w, &mentions);
    let pronouns = it_args(doc, &w, &mentions, &coref);
    coref.extend(pronouns);
    // Every argument sorted once; each sentence takes its slice by binary search.
    let mut all: Vec<Arg> = mentions.iter().chain(coref.iter()).copied().collect();
    all.sort_by_key(|a| (a.start, a.end, a.mention));
    let mut out = Vec::new();
    let mut poss = Vec::new();
    let mut prev: Vec<Arg> = Vec::new();
    for s in doc.sentence_items() {
        let (t0, t1) = (s.tokens.0 as usize, s.tokens.1 as usize);
        if t0 >= t1 || doc.slice(s.range).trim_end().ends_with('?') {
            continue;
        }
        let a = all.partition_point(|x| x.start < t0);
        let b = all.partition_point(|x| x.start < t1);
        let mut args: Vec<Arg> = all
            .get(a..b.max(a))
            .unwrap_or_default()
            .iter()
            .filter(|x| x.end <= t1)
            .copied()
            .collect();
        args.dedup_by(|b, a| a.start == b.start && a.end == b.end);
        let args = units(doc, args);
        sentence_relations(&w, &args, s.range, (t0, t1), &mut out);
        subject_tail(&w, &args, s.range, (t0, t1), &mut out);
        possessives(doc, &w, &args, s.range, (t0, t1), &mut poss);
        its_role(&w, &args, &prev, s.range, (t0, t1), &mut out);
        prev = args;
    }
    let leads = possessive_leads(doc, &w, &out, &poss);
    out.extend(leads);
    crate::merge(Vec::new(), out)
}

/// Adjacent arguments of one coreference chain are one argument: the fragments the tagger
/// split a name into ("Chechen" + "Republic of" + "Ichkeria", "Ukrainian" + "Armed Forces").
fn units(doc: &Document, args: Vec<Arg>) -> Vec<Arg> {
    let chains = doc.coref().map(|l| l.items.as_slice()).unwrap_or_default();
    let mut out: Vec<Arg> = Vec::with_capacity(args.len());
    for a in args {
        if let Some(prev) = out.last_mut()
            && prev.end == a.start
            && prev.chain.is_some()
            && prev.chain == a.chain
        {
            prev.end = a.end;
            prev.byte_end = a.byte_end;
            prev.confidence = prev.confidence.max(a.confidence);
            if let Some(c) = prev.chain.and_then(|c| chains.get(c)) {
                prev.label = c.label;
            }
            continue;
        }
        out.push(a);
    }
    out
}

fn words(doc: &Document) -> Words<'_> {
    Words {
        doc,
        tv: doc.view(),
        chains: ChainIndex::new(doc),
    }
}

/// The token span of a byte range: tokens overlapping it.
fn token_span(doc: &Document, r: TextRange) -> Option<(usize, usize)> {
    let toks = doc.token_items();
    let start = toks.partition_point(|t| t.range.end <= r.start);
    let end = toks.partition_point(|t| t.range.start < r.end);
    (start < end).then_some((start, end))
}

fn mention_args(doc: &Document, w: &Words) -> Vec<Arg> {
    doc.entity_items()
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let (start, end) = token_span(doc, m.range)?;
            let text = doc.slice(m.range);
            // "Lithuania-based" tagged as one mention: the place, with "-based" after it.
            let based = text.len().checked_sub(6).filter(|&k| {
                text.get(k..)
                    .is_some_and(|t| t.eq_ignore_ascii_case("-based"))
            });
            let (label, byte_end) = match based {
                Some(k) if k > 0 => (EntityLabel::Loc, m.range.start + k as u32),
                _ => (repaired_label(text, m.label), m.range.end),
            };
            Some(Arg {
                mention: u32::try_from(i).ok()?,
                label,
                start,
                end,
                byte_end,
                confidence: m.confidence.clamp(0.0, 1.0),
                chain: w.chains.chain_of(m.range),
            })
        })
        .collect()
}

/// The label a mention's head word implies when it contradicts the tagger ("Siberian
/// Battalion" tagged PER is an organization, "Leningrad Oblast" a place).
fn repaired_label(text: &str, label: EntityLabel) -> EntityLabel {
    let head = text
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let org = lexicon::is_org_head(&head) || words::is(List::OrgHeadRepair, &head);
    let place = words::is(List::PlaceHeadRepair, &head);
    if org && label != EntityLabel::Org {
        EntityLabel::Org
    } else if place && label != EntityLabel::Loc {
        EntityLabel::Loc
    } else {
        label
    }
}

/// Pronouns and nominals ("the republic", "it") that a coref chain ties to a named mention.
fn coref_args(doc: &Document, w: &Words, mentions: &[Arg]) -> Vec<Arg> {
    let Some(layer) = doc.coref() else {
        return Vec::new();
    };
    let mut ents: Vec<TextRange> = doc.entity_items().iter().map(|m| m.range).collect();
    ents.sort_unstable();
    let mentioned = covered_tokens(doc, mentions.iter());
    let mut out = Vec::new();
    for (ci, chain) in layer.items.iter().enumerate() {
        let Some(rep) = w.chains.rep(ci) else {
            continue;
        };
        for span in &chain.spans {
            if overlaps_sorted(&ents, *span) {
                continue;
            }
            let text = doc.slice(*span).to_lowercase();
            // Possessives are possessors, not arguments ("his forum").
            if words::is(List::PossessivePronoun, &text) {
                continue;
            }
            let Some((start, end)) = token_span(doc, *span) else {
                continue;
            };
            if mentioned.get(start..end).is_some_and(|m| m.contains(&true)) {
                continue;
            }
            out.push(Arg {
                mention: rep,
                label: chain.label,
                start,
                end,
                byte_end: span.end,
                confidence: 0.8,
                chain: Some(ci),
            });
        }
    }
    out
}

/// One flag per token: whether one of `args` covers it (linear in the arguments' lengths).
fn covered_tokens<'a>(doc: &Document, args: impl Iterator<Item = &'a Arg>) -> Vec<bool> {
    let mut covered = vec![false; doc.token_items().len()];
    for a in args {
        for slot in covered.iter_mut().take(a.end).skip(a.start) {
            *slot = true;
        }
    }
    covered
}

/// Whether `r` overlaps one of `sorted` (sorted ranges that overlap one another rarely, as
/// entity mentions): a binary search and a short backward scan.
fn overlaps_sorted(sorted: &[TextRange], r: TextRange) -> bool {
    let k = sorted.partition_point(|s| s.start < r.end);
    sorted[..k]
        .iter()
        .rev()
        .take(OVERLAP_SCAN)
        .any(|s| s.overlaps(r))
}

/// A subject "it" that no coreference chain covers, inside its sentence ("Composed of two dozen
/// movements, …, it has become …"): after "that"/"and"/"but" the nearest organization before
/// it in its sentence, else the last one of the previous sentence. Only organizations: a state
/// is rarely "it" in news prose.
fn it_args(doc: &Document, w: &Words, mentions: &[Arg], coref: &[Arg]) -> Vec<Arg> {
    let mut out: Vec<Arg> = Vec::new();
    let sents: Vec<(usize, usize)> = doc
        .sentence_items()
        .iter()
        .map(|s| (s.tokens.0 as usize, s.tokens.1 as usize))
        .collect();
    let covered_tok = covered_tokens(doc, mentions.iter().chain(coref.iter()));
    let covered = |t: usize| covered_tok.get(t).copied().unwrap_or(false);
    // Organizations among the arguments, by start token, for the nearest-antecedent look-ups.
    let mut org_args: Vec<Arg> = mentions
        .iter()
        .chain(coref.iter())
        .filter(|a| a.label == EntityLabel::Org)
        .copied()
        .collect();
    org_args.sort_by_key(|a| (a.start, a.end));
    for (si, &(t0, t1)) in sents.iter().enumerate() {
        for t in t0..t1 {
            if w.word(t) != "it" || covered(t) {
                continue;
            }
            // A clause subject after an introductory phrase or a conjunction; a sentence-initial
            // "It" more often names the topic of a whole paragraph than the last organization.
            let starts_clause = t > t0 && words::is(List::ItClauseOpener, w.word(t - 1));
            if !starts_clause || !matches!(w.upos(t + 1), Some(Upos::Aux | Upos::Verb)) {
                continue;
            }
            // `out` grows in text order, so both lists are sorted by start.
            let in_range = |list: &[Arg], from: usize, to: usize| -> Option<Arg> {
                let a = list.partition_point(|x| x.start < from);
                let b = list.partition_point(|x| x.start < to);
                list.get(a..b.max(a))?
                    .iter()
                    .filter(|x| x.label == EntityLabel::Org && x.end <= to)
                    .max_by_key(|x| x.end)
                    .copied()
            };
            let orgs = |from: usize, to: usize| {
                [in_range(&org_args, from, to), in_range(&out, from, to)]
                    .into_iter()
                    .flatten()
                    .max_by_key(|a| a.end)
            };
            let prev = si
                .checked_sub(1)
                .and_then(|p| sents.get(p))
                .and_then(|&(p0, p1)| orgs(p0, p1));
            // After an introductory phrase ("Composed of …, including X, it"), the phrase's
            // names are not the antecedent; after "that"/"and"/"but" the clause before is.
            let here = if t > t0 && words::is(List::ItConjunction, w.word(t - 1)) {
                orgs(t0, t)
            } else {
                None
            };
            let Some(ante) = here.or(prev) else {
                continue;
            };
            out.push(Arg {
                start: t,
                end: t + 1,
                byte_end: w.range(t).map_or(0, |r| r.end),
                confidence: 0.6,
                ..ante
            });
        }
    }
    out
}

/// One candidate reading of the words between two arguments.
struct Middle {
    /// Token indices of the words, in order (the first may be a token the left argument ends
    /// inside: its rest is `lead`).
    toks: Vec<usize>,
    /// The rest of a token the left argument ends inside ("-based" in "Lithuania-based").
    lead: Option<String>,
}

impl Middle {
    fn len(&self) -> usize {
        self.toks.len() + usize::from(self.lead.is_some())
    }

    /// The word at position `k` of the middle.
    fn word<'w>(&'w self, w: &'w Words, k: usize) -> &'w str {
        match &self.lead {
            Some(l) if k == 0 => l.as_str(),
            Some(_) => self.toks.get(k - 1).map_or("", |&t| w.word(t)),
            None => self.toks.get(k).map_or("", |&t| w.word(t)),
        }
    }

    fn upos(&self, w: &Words, k: usize) -> Option<Upos> {
        let t = match &self.lead {
            Some(_) if k == 0 => return None,
            Some(_) => self.toks.get(k - 1),
            None => self.toks.get(k),
        };
        t.and_then(|&t| w.upos(t))
    }

    /// The token index at position `k` (`None` for the lead).
    fn tok(&self, k: usize) -> Option<usize> {
        match &self.lead {
            Some(_) if k == 0 => None,
            Some(_) => self.toks.get(k - 1).copied(),
            None => self.toks.get(k).copied(),
        }
    }
}

fn middles(w: &Words, left: &Arg, right: &Arg) -> Vec<Middle> {
    let mut lead = None;
    if let Some(r) = left.end.checked_sub(1).and_then(|t| w.range(t))
        && left.byte_end < r.end
    {
        let rest = w
            .doc
            .slice(TextRange::new(left.byte_end.max(r.start), r.end))
            .to_lowercase();
        if !rest.is_empty() {
            lead = Some(rest);
        }
    }
    let mut toks: Vec<usize> = (left.end..right.start).collect();
    // "Ichkeria's government-in-exile, led by …, is a member of X": a state acts through its
    // government.
    if lead.is_none()
        && toks.len() > 2
        && toks
            .first()
            .is_some_and(|&t| words::is(List::PossessiveMark, w.word(t)))
        && toks
            .get(1)
            .is_some_and(|&t| words::is(List::GovernmentNoun, w.word(t)))
    {
        toks.drain(..2);
    }
    let mut out = Vec::new();
    // "... who hails from Ingria, joined X": an argument governed by a preposition and closed
    // by a comma ends a parenthetical; it is not the subject of what follows.
    // The governing word is looked for before the argument's noun phrase ("led by prime
    // minister Akhmed Zakayev, is a member": Zakayev is governed by "by").
    let mut np = left.start;
    while np > 0
        && left.start - np < 4
        && matches!(
            w.upos(np - 1),
            Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
        )
        && !matches!(w.word(np - 1), "," | "\"")
    {
        np -= 1;
    }
    let governed = np.checked_sub(1).is_some_and(|t| {
        w.upos(t) == Some(Upos::Adp) || words::is(List::GoverningPreposition, w.word(t))
    });
    if !(governed && toks.first().is_some_and(|&t| w.word(t) == ",")) {
        out.push(Middle {
            toks: toks.clone(),
            lead: lead.clone(),
        });
    }
    // "the Russian Legion and other militias of Russian citizens who are fighting alongside
    // Ukraine": the relative clause is about the first conjunct too.
    if lead.is_none()
        && toks.len() > 3
        && toks.first().is_some_and(|&t| w.word(t) == "and")
        && toks.get(1).is_some_and(|&t| w.word(t) == "other")
        && let Some(p) = toks
            .iter()
            .take(10)
            .position(|&t| words::is(List::RelativePronoun, w.word(t)))
    {
        let rest: Vec<usize> = toks.iter().skip(p).copied().collect();
        out.push(Middle {
            toks: rest,
            lead: None,
        });
    }
    // "Mezerin, who hails from Ingria, joined ...": also read past a parenthetical clause.
    if lead.is_none()
        && toks.first().is_some_and(|&t| w.word(t) == ",")
        && let Some(p) = toks.iter().skip(1).position(|&t| w.word(t) == ",")
    {
        let rest: Vec<usize> = toks.iter().skip(p + 2).copied().collect();
        if !rest.is_empty() {
            out.push(Middle {
                toks: rest,
                lead: None,
            });
        }
    }
    out
}

/// True when a word may stand in a noun phrase before the object ("the", "Russian chess
/// grandmaster and dissident").
fn np_filler(word: &str, upos: Option<Upos>) -> bool {
    det_ok(word)
        || word == "and"
        || matches!(upos, Some(Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num))
}

/// A pattern match: the predicate, which side is the subject, the label and where the
/// relation's words end (for the polarity window).
struct Match {
    pattern: &'static Pattern,
    label: Option<String>,
    last_tok: usize,
}

fn match_patterns(w: &Words, mid: &Middle, left: &Arg, right: &Arg, t1: usize) -> Option<Match> {
    let n = mid.len();
    if n > MAX_GAP {
        return None;
    }
    for p in patterns() {
        if !p.left.contains(&left.label) || !p.right.contains(&right.label) {
            continue;
        }
        let len = p.trigger.len();
        if len > n {
            continue;
        }
        for k in 0..=(n - len) {
            if !(0..len).all(|j| mid.word(w, k + j) == p.trigger.get(j).copied().unwrap_or("")) {
                continue;
            }
            if !(0..k).all(|j| prefix_ok(mid.word(w, j)) || mid.upos(w, j) == Some(Upos::Adv)) {
                continue;
            }
            let after = k + len;
            let filler_ok = |from: usize| {
                n - from <= MAX_FILLER
                    && (from..n).all(|j| np_filler(mid.word(w, j), mid.upos(w, j)))
            };
            match p.kind {
                Kind::Plain => {
                    if filler_ok(after) {
                        return Some(Match {
                            pattern: p,
                            label: None,
                            last_tok: right.end,
                        });
                    }
                }
                Kind::Label => {
                    // Passive: "was declared an “undesirable organization” by".
                    if let Some(b) = (after..n).find(|&j| mid.word(w, j) == "by") {
                        if p.predicate != Predicate::Designated || p.dir != Dir::Backward {
                            continue;
                        }
                        let label = label_text(w, (after..b).filter_map(|j| mid.tok(j)).collect());
                        if label.is_some() && filler_ok(b + 1) {
                            return Some(Match {
                                pattern: p,
                                label,
                                last_tok: right.end,
                            });
                        }
                        continue;
                    }
                    if !filler_ok(after) {
                        continue;
                    }
                    if p.predicate == Predicate::Designated && p.dir == Dir::Backward {
                        continue; // the passive form needs its "by"
                    }
                    // Active: the label follows the object ("... the Forum an “X”", "... as X").
                    let (label, end) =
                        label_after(w, right.end, t1, p.predicate == Predicate::Recognizes);
                    if label.is_none() && p.predicate == Predicate::Designated {
                        continue;
                    }
                    return Some(Match {
                        pattern: p,
                        label,
                        last_tok: end.max(right.end),
                    });
                }
            }
        }
    }
    None
}

/// The label words: articles, "as" and quotation marks trimmed; `None` when empty or long.
fn label_text(w: &Words, toks: Vec<usize>) -> Option<String> {
    let skip = |t: &usize| words::is(List::LabelEdge, w.word(*t));
    let first = toks.iter().position(|t| !skip(t))?;
    let last = toks.iter().rposition(|t| !skip(t))?;
    let inner = toks.get(first..=last)?;
    if inner.is_empty() || inner.len() > MAX_LABEL {
        return None;
    }
    let start = w.range(*inner.first()?)?.start;
    let end = w.range(*inner.last()?)?.end;
    let text = w.doc.slice(TextRange::new(start, end));
    let text = text
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '‘' | '’' | '\''))
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!text.is_empty()).then_some(text)
}

/// The label after an object: `as`? article? then a quoted phrase or up to five words before
/// a preposition or punctuation. With `need_as`, only an "as ..." label counts.
fn label_after(w: &Words, from: usize, t1: usize, need_as: bool) -> (Option<String>, usize) {
    let mut i = from;
    let has_as = w.word(i) == "as";
    if has_as {
        i += 1;
    } else if need_as {
        return (None, from);
    }
    while i < t1 && words::is(List::Article, w.word(i)) {
        i += 1;
    }
    let start = i;
    if w.word(i) == "\"" {
        // A quoted label: up to the closing quote.
        let close = (i + 1..t1.min(i + 2 + MAX_LABEL)).find(|&j| w.word(j) == "\"");
        if let Some(c) = close {
            return (label_text(w, (start..=c).collect()), c + 1);
        }
        return (None, from);
    }
    let mut j = i;
    while j < t1
        && j < i + 5
        && matches!(
            w.upos(j),
            Some(Upos::Adj | Upos::Noun | Upos::Propn | Upos::Verb) | None
        )
        && w.word(j).chars().any(char::is_alphanumeric)
        && !words::is(List::LabelStop, w.word(j))
    {
        j += 1;
    }
    // An unquoted label needs a noun ("a terrorist organization"), not just a verb.
    if !(i..j).any(|k| matches!(w.upos(k), Some(Upos::Noun | Upos::Propn))) {
        return (None, from);
    }
    (label_text(w, (start..j).collect()), j)
}

/// The clause start before token `t`: after the last `;`, `:`, `—` or sentence start; a comma
/// ends the clause only when it is not inside the relation.
fn clause_start(w: &Words, sent_start: usize, t: usize) -> usize {
    (sent_start..t)
        .rev()
        .find(|&i| words::is(List::ClauseMark, w.word(i)))
        .map_or(sent_start, |i| i + 1)
}

/// Reads one sentence's relations into `out`.
fn sentence_relations(
    w: &Words,
    args: &[Arg],
    evidence: TextRange,
    (t0, t1): (usize, usize),
    out: &mut Vec<Relation>,
) {
    for (i, left) in args.iter().enumerate() {
        for (j, right) in args.iter().enumerate().skip(i + 1) {
            if right.start < left.end || left.mention == right.mention {
                continue;
            }
            if right.start - left.end > MAX_GAP + 1 {
                break;
            }
            // An object that is itself a possessor ("Ukraine's fight") is not the object, nor
            // is a modifier of the next mention ("Ukrainian" in "Ukrainian Armed Forces").
            if words::is(List::PossessiveMark, w.word(right.end))
                || args.get(j + 1).is_some_and(|n| n.start == right.end)
            {
                continue;
            }
            let found = middles(w, left, right)
                .iter()
                .find_map(|m| match_patterns(w, m, left, right, t1))
                .map(|m| {
                    (
                        m.pattern.predicate,
                        m.pattern.dir,
                        m.pattern.confidence,
                        m.label,
                        m.last_tok,
                    )
                })
                .or_else(|| structural(w, left, right, t1));
            let Some((predicate, dir, conf, label, last_tok)) = found else {
                continue;
            };
            // "attended Syracuse University" is schooling, not taking part in an event.
            if predicate == Predicate::ParticipatedIn && label.is_none() && institution(w, right) {
                continue;
            }
            // Polarity and modality over the clause that states the relation.
            let from = clause_start(w, t0, left.start);
            let window = w.window(from, last_tok.min(t1));
            if cues::blocks(&window) {
                continue;
            }
            // Coordinated arguments share the relation ("by Georgia and Afghanistan").
            // "in Vilnius, Lithuania": a place and the larger place it lies in are both where
            // something is; elsewhere a bare comma does not make a list.
            let places = matches!(
                predicate,
                Predicate::BasedIn | Predicate::LocatedIn | Predicate::Origin
            ) && dir == Dir::Forward;
            let lefts = coordinated(w, args, i, false, false);
            let rights = coordinated(w, args, j, true, places);
            for l in &lefts {
                for r in &rights {
                    let (s, o) = match dir {
                        Dir::Forward => (l, r),
                        Dir::Backward => (r, l),
                    };
                    let predicate = if predicate == Predicate::BasedIn {
                        place_predicate(s.label)
                    } else {
                        predicate
                    };
                    let c = conf * (0.5 + 0.25 * (s.confidence + o.confidence));
                    out.push(Relation {
                        subject: s.mention,
                        predicate: predicate.as_str().to_string(),
                        object: Some(o.mention),
                        object_value: label.clone(),
                        evidence,
                        confidence: c.clamp(0.0, 1.0),
                        valid_from: None,
                        valid_to: None,
                        status: None,
                    });
                }
            }
        }
    }
}

/// The argument at `k` plus those coordinated with it ("Georgia and Afghanistan"), toward the
/// right (`forward`) or the left, of the same label. Arguments joined by bare commas only
/// ("Vilnius, Lithuania") count only with `comma_ok`.
fn coordinated(w: &Words, args: &[Arg], k: usize, forward: bool, comma_ok: bool) -> Vec<Arg> {
    let Some(first) = args.get(k).copied() else {
        return Vec::new();
    };
    let mut out = vec![first];
    // Whether each joined argument came after a bare comma: "Vilnius, Lithuania" is a place
    // and its country, not a list, unless an "and"/"or" closes the list.
    let mut comma_only = true;
    let mut cur = first;
    let mut idx = k;
    loop {
        let next = if forward {
            idx.checked_add(1)
        } else {
            idx.checked_sub(1)
        };
        let Some(n) = next.and_then(|n| args.get(n).map(|a| (n, *a))) else {
            break;
        };
        let (a, b) = if forward { (cur, n.1) } else { (n.1, cur) };
        if b.start < a.end || n.1.label != first.label {
            break;
        }
        let gap: Vec<&str> = (a.end..b.start).map(|t| w.word(t)).collect();
        if !matches!(
            gap.as_slice(),
            ["and"] | [","] | [",", "and"] | ["or"] | [",", "or"]
        ) {
            break;
        }
        comma_only &= gap.as_slice() == [","];
        out.push(n.1);
        cur = n.1;
        idx = n.0;
    }
    if comma_only && !comma_ok {
        out.truncate(1);
    }
    out
}

/// A cue before a place that puts a person there: "in exile (, mostly) in", "decamped to".
fn residence_cue(w: &Words, right_start: usize, t0: usize) -> bool {
    let mut k = right_start;
    while k > t0 && det_ok(w.word(k - 1)) {
        k -= 1;
    }
    let Some(p) = k.checked_sub(1).filter(|&p| p > t0) else {
        return false;
    };
    if !matches!(w.word(p), "in" | "to") {
        return false;
    }
    let mut q = p;
    while q > t0 && (w.word(q - 1) == "," || w.upos(q - 1) == Some(Upos::Adv)) {
        q -= 1;
    }
    let Some(c) = q.checked_sub(1) else {
        return false;
    };
    match w.word(c) {
        "exile" => c > t0 && w.word(c - 1) == "in",
        cue if words::is(List::ResidenceCue, cue) => q == p,
        _ => false,
    }
}

/// "Zakayev, who represents …, has spent two decades … in exile, mostly in the United Kingdom":
/// a residence cue before a place, far from the person who is the sentence's subject.
fn subject_tail(
    w: &Words,
    args: &[Arg],
    evidence: TextRange,
    (t0, t1): (usize, usize),
    out: &mut Vec<Relation>,
) {
    let Some(subj) = args.iter().find(|a| a.label != EntityLabel::Misc) else {
        return;
    };
    if subj.label != EntityLabel::Per
        || !(matches!(w.word(subj.end), "," | "who")
            || matches!(w.upos(subj.end), Some(Upos::Aux | Upos::Verb)))
    {
        return;
    }
    // The subject opens the sentence, after at most a short introductory phrase.
    let intro: Vec<&str> = (t0..subj.start).map(|k| w.word(k)).collect();
    if !(intro.is_empty() || intro.len() <= 6 && intro.last() == Some(&",")) {
        return;
    }
    for r in args.iter().filter(|a| a.start >= subj.end) {
        if r.label != EntityLabel::Loc || r.start - subj.end > 3 * MAX_GAP {
            continue;
        }
        if args
            .iter()
            .any(|a| a.label == EntityLabel::Per && a.start >= subj.end && a.end <= r.start)
        {
            break;
        }
        if !residence_cue(w, r.start, subj.end) {
            continue;
        }
        let window = w.window(subj.start, r.end.min(t1));
        if cues::blocks(&window) {
            continue;
        }
        let c = 0.55 * (0.5 + 0.25 * (subj.confidence + r.confidence));
        out.push(Relation {
            subject: subj.mention,
            predicate: Predicate::LocatedIn.as_str().to_string(),
            object: Some(r.mention),
            object_value: None,
            evidence,
            confidence: c.clamp(0.0, 1.0),
            valid_from: None,
            valid_to: None,
            status: None,
        });
    }
}

/// "Its founder, Oleg Magaletsky, …": the organization of "its" (the nearest one before it in
/// the sentence, else the previous sentence's subject) was founded or is led by the person
/// named in apposition.
fn its_role(
    w: &Words,
    args: &[Arg],
    prev: &[Arg],
    evidence: TextRange,
    (t0, t1): (usize, usize),
    out: &mut Vec<Relation>,
) {
    for t in t0..t1 {
        if w.word(t) != "its" {
            continue;
        }
        let predicate = match w.word(t + 1) {
            n if words::is(List::FounderNoun, n) => Predicate::Founded,
            n if words::is(List::LeaderNoun, n) => Predicate::Leads,
            _ => continue,
        };
        let at = if w.word(t + 2) == "," { t + 3 } else { t + 2 };
        let Some(person) = args
            .iter()
            .find(|a| a.start == at && a.label == EntityLabel::Per)
        else {
            continue;
        };
        let here = args
            .iter()
            .filter(|a| a.end <= t && a.label == EntityLabel::Org)
            .max_by_key(|a| a.end);
        let topic = prev
            .iter()
            .find(|a| a.label != EntityLabel::Misc)
            .filter(|a| a.label == EntityLabel::Org);
        let Some(org) = here.or(topic) else {
            continue;
        };
        let from = clause_start(w, t0, t);
        let window = w.window(from, person.end);
        if cues::blocks(&window) {
            continue;
        }
        out.push(Relation {
            subject: person.mention,
            predicate: predicate.as_str().to_string(),
            object: Some(org.mention),
            object_value: None,
            evidence,
            confidence: 0.6,
            valid_from: None,
            valid_to: None,
            status: None,
        });
    }
}

/// "his forum", "Magaletsky's group": a person's organization, by its head noun.
struct Possessive {
    mention: u32,
    chain: Option<usize>,
    head: String,
    evidence: TextRange,
}

/// Head nouns of organizations a person may own or run.
fn org_noun(word: &str) -> bool {
    generic_org_noun(word) || lexicon::is_org_head(word) || words::is(List::OrgNoun, word)
}

/// Head nouns that may stand for any organization.
fn generic_org_noun(word: &str) -> bool {
    words::is(List::GenericOrgNoun, word)
}

/// The possessives of one sentence: a person's name with "'s", or a his/her that coreference
/// ties to a person, before an organization noun that ends its noun phrase.
fn possessives(
    doc: &Document,
    w: &Words,
    args: &[Arg],
    evidence: TextRange,
    (t0, t1): (usize, usize),
    out: &mut Vec<Possessive>,
) {
    let chains = doc.coref().map(|l| l.items.as_slice()).unwrap_or_default();
    for t in t0..t1 {
        let owner = if matches!(w.word(t), "his" | "her") {
            w.range(t).and_then(|r| {
                let c = w.chains.chain_of(r)?;
                let chain = chains.get(c)?;
                if chain.label != EntityLabel::Per {
                    return None;
                }
                let rep = w.chains.rep(c)? as usize;
                Some((u32::try_from(rep).ok()?, Some(c), t + 1))
            })
        } else if words::is(List::PossessiveMark, w.word(t)) {
            args.iter()
                .find(|a| a.end == t && a.label == EntityLabel::Per)
                .map(|a| (a.mention, a.chain, t + 1))
        } else {
            None
        };
        let Some((mention, chain, mut h)) = owner else {
            continue;
        };
        while h < t1 && h < t + 3 && w.upos(h) == Some(Upos::Adj) && !org_noun(w.word(h)) {
            h += 1;
        }
        if !org_noun(w.word(h)) || matches!(w.upos(h + 1), Some(Upos::Noun | Upos::Propn)) {
            continue;
        }
        if args.iter().any(|a| a.start <= h && h < a.end) {
            continue;
        }
        let from = clause_start(w, t0, t);
        let window = w.window(from, h + 1);
        if cues::blocks(&window) {
            continue;
        }
        out.push(Possessive {
            mention,
            chain,
            head: w.word(h).to_string(),
            evidence,
        });
    }
}

/// `leads` from a possessive, when the document says the same person founded exactly one
/// organization that the noun can name ("Magaletsky founded the … Forum" + "his forum").
fn possessive_leads(
    doc: &Document,
    w: &Words,
    rels: &[Relation],
    poss: &[Possessive],
) -> Vec<Relation> {
    let ents = doc.entity_items();
    let chains = doc.coref().map(|l| l.items.as_slice()).unwrap_or_default();
    let chain_of_mention = |m: u32| {
        ents.get(m as usize)
            .and_then(|x| w.chains.chain_of(x.range))
    };
    // Founding relations by subject mention and by subject chain, in their order.
    let mut by_subject: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut by_chain: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, r) in rels.iter().enumerate() {
        if r.predicate == Predicate::Founded {
            by_subject.entry(r.subject).or_default().push(i);
            if let Some(c) = chain_of_mention(r.subject) {
                by_chain.entry(c).or_default().push(i);
            }
        }
    }
    let mut out = Vec::new();
    for p in poss {
        let mut orgs: Vec<(Option<usize>, u32)> = Vec::new();
        let mut founded: Vec<usize> = by_subject.get(&p.mention).cloned().unwrap_or_default();
        if let Some(v) = p.chain.and_then(|c| by_chain.get(&c)) {
            founded.extend(v);
        }
        founded.sort_unstable();
        founded.dedup();
        for r in founded.iter().filter_map(|&i| rels.get(i)) {
            let Some(o) = r.object else { continue };
            let oc = chain_of_mention(o);
            let name = oc
                .and_then(|c| chains.get(c))
                .map(|c| c.canonical.clone())
                .or_else(|| ents.get(o as usize).map(|m| doc.slice(m.range).to_string()))
                .unwrap_or_default()
                .to_lowercase();
            let last = name.split_whitespace().next_back().unwrap_or("");
            let fits = generic_org_noun(&p.head)
                || last == p.head
                || last.strip_suffix('s') == Some(p.head.as_str());
            if fits
                && !orgs
                    .iter()
                    .any(|(c, m)| (oc.is_some() && *c == oc) || *m == o)
            {
                orgs.push((oc, o));
            }
        }
        if let [(_, o)] = orgs.as_slice() {
            out.push(Relation {
                subject: p.mention,
                predicate: Predicate::Leads.as_str().to_string(),
                object: Some(*o),
                object_value: None,
                evidence: p.evidence,
                confidence: 0.6,
                valid_from: None,
                valid_to: None,
                status: None,
            });
        }
    }
    out
}

type Found = (Predicate, Dir, f32, Option<String>, usize);

/// Patterns read from structure rather than a trigger verb.
fn structural(w: &Words, left: &Arg, right: &Arg, t1: usize) -> Option<Found> {
    use EntityLabel::{Loc, Misc, Org, Per};
    let mid: Vec<usize> = (left.end..right.start).collect();
    let word = |k: usize| mid.get(k).map_or("", |&t| w.word(t));
    let upos = |k: usize| mid.get(k).and_then(|&t| w.upos(t));
    let n = mid.len();
    // "Vilnius, Lithuania" (not a list: "Tatarstan, Chechnya, and Bashkortostan").
    if left.label == Loc && right.label == Loc && n == 1 && word(0) == "," {
        let before = left.start.checked_sub(1).map_or("", |t| w.word(t));
        let after = w.word(right.end);
        let after2 = w.word(right.end + 1);
        // "together with Canada, Mexico should …": the second place is a clause's subject.
        // "Spain, U.S. teams", "SPAIN, U.S. TEAMS": the second place modifies a noun (in an
        // all-caps headline the tagger cannot tell, so two all-caps places are left alone).
        let caps = |a: &Arg| {
            let t = w.doc.slice(TextRange::new(
                w.range(a.start).map_or(0, |r| r.start),
                a.byte_end,
            ));
            t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
        };
        let list = words::is(List::SeriesJoin, before)
            || words::is(List::PlaceListAfter, after)
            || w.upos(right.end) == Some(Upos::Noun)
            || (caps(left) && caps(right))
            || matches!(w.upos(right.end), Some(Upos::Verb | Upos::Aux))
            || (after == ","
                && (words::is(List::Conjunction, after2)
                    || w.upos(right.end + 1) == Some(Upos::Propn)));
        if !list {
            return Some((Predicate::LocatedIn, Dir::Forward, 0.6, None, right.end));
        }
    }
    // "Union Station in Washington", "a village in Yorkshire": a place directly in a place
    // (not a list of places nor "in 2019 in Kyiv").
    // The left place opens a noun phrase after a preposition or determiner ("at the Astoria
    // Theatre in London"), not a verb's object ("edged Austria in Salzburg"), and neither side
    // is a person or a people by its coreference chain ("yelled at Jamil in Hebrew").
    let chain_label = |a: &Arg| {
        a.chain
            .and_then(|c| w.doc.coref().and_then(|l| l.items.get(c)))
            .map_or(a.label, |c| c.label)
    };
    let opens = left
        .start
        .checked_sub(1)
        .is_none_or(|t| w.upos(t) == Some(Upos::Det) || words::is(List::PlaceOpener, w.word(t)));
    if left.label == Loc
        && right.label == Loc
        && (n == 1 || n == 2 && word(1) == "the")
        && word(0) == "in"
        && opens
        && chain_label(left) == Loc
        && chain_label(right) == Loc
        && !demonym(w, left)
        && !words::is(List::SeriesJoin, w.word(right.end))
    {
        return Some((Predicate::LocatedIn, Dir::Forward, 0.55, None, right.end));
    }
    // "at the University of Otago in Dunedin", "the institute of hygiene in Kiel": an
    // institution that stays where it stands.
    if left.label == Org
        && right.label == Loc
        && (n == 1 || n == 2 && word(1) == "the")
        && word(0) == "in"
        && institution(w, left)
        && !words::is(List::Conjunction, w.word(right.end))
    {
        return Some((Predicate::BasedIn, Dir::Forward, 0.6, None, right.end));
    }
    // "the Indian state of Kerala", "the U.S. state of Hawaii": a place in the country named
    // before its kind; "the Pudu district of Kuala Lumpur", "the Guangdong province of China":
    // the other way round. A town or city is the smaller side; for a state, province or region
    // the side named by a demonym or an abbreviation is the larger, a plain name the smaller.
    if left.label == Loc
        && right.label == Loc
        && n == 2
        && word(1) == "of"
        && left
            .start
            .checked_sub(1)
            .is_some_and(|t| w.word(t) == "the")
        && (place_noun(word(0)) || matches!(word(0), "part" | "quarter"))
    {
        let country = demonym(w, left)
            || w.range(left.start)
                .is_some_and(|r| !w.doc.slice(r).chars().any(char::is_lowercase));
        let small = words::is(List::SmallPlaceNoun, word(0));
        let dir = if small || country {
            Dir::Backward
        } else {
            Dir::Forward
        };
        return Some((Predicate::LocatedIn, dir, 0.6, None, right.end));
    }
    // "Russia's Leningrad Oblast", "Russia's Kursk region": a place in the place that owns it
    // (not "Ukraine's Kursk incursion", where the place only modifies another noun).
    let head = w.upos(right.end) != Some(Upos::Noun) || place_noun(w.word(right.end));
    if left.label == Loc
        && right.label == Loc
        && n == 1
        && words::is(List::PossessiveMark, word(0))
        && head
    {
        return Some((Predicate::LocatedIn, Dir::Backward, 0.6, None, right.end));
    }
    // "Free Ingria, a separatist movement in (Russia's) Leningrad Oblast", "Udmurtia, a
    // republic in the Urals".
    if matches!(left.label, Org | Loc)
        && right.label == Loc
        && n >= 4
        && matches!(word(0), "," | "is" | "was")
        && matches!(word(1), "a" | "an")
        && let Some(p) = (2..n).find(|&k| word(k) == "in")
    {
        let head_ok = p > 2
            && p - 2 <= 4
            && (2..p).all(|k| matches!(upos(k), Some(Upos::Adj | Upos::Noun)))
            && (upos(p - 1) == Some(Upos::Noun) || place_noun(word(p - 1)));
        let rest_ok = (p + 1..n).all(|k| det_ok(word(k)) || upos(k) == Some(Upos::Propn));
        if head_ok && rest_ok {
            return Some((Predicate::BasedIn, Dir::Forward, 0.6, None, right.end));
        }
    }
    // "Composed of two dozen movements, including X, it has become ...": X is a member of the
    // subject that follows the list.
    if n == 1 && word(0) == "," && matches!(right.label, Org | Misc) {
        // Back over the rest of the name the tagger left out ("the Chechen Republic of").
        let mut k = left.start;
        while k > 0
            && left.start - k < 6
            && (words::is(List::Article, w.word(k - 1))
                || w.word(k - 1) == "of"
                || w.upos(k - 1) == Some(Upos::Propn)
                || w.range(k - 1)
                    .is_some_and(|r| w.doc.slice(r).starts_with(char::is_uppercase)))
        {
            k -= 1;
        }
        let including = k > 0 && w.word(k - 1) == "including";
        let sent_start = (0..left.start)
            .rev()
            .find(|&t| words::is(List::SentenceEnd, w.word(t)))
            .map_or(0, |t| t + 1);
        let composed = (sent_start..left.start).any(|t| words::is(List::CompositionCue, w.word(t)));
        if including && composed {
            return Some((Predicate::MemberOf, Dir::Forward, 0.6, None, right.end));
        }
    }
    // "Russian chess grandmaster and dissident Garry Kasparov": a demonym before a person.
    if demonym(w, left) && right.label == Per && (1..=5).contains(&n) {
        let all =
            (0..n).all(|k| matches!(upos(k), Some(Upos::Adj | Upos::Noun)) || word(k) == "and");
        // The noun phrase ends in its head noun: "… engineer and Barbara" coordinates.
        let noun = (0..n).any(|k| upos(k) == Some(Upos::Noun)) && upos(n - 1) == Some(Upos::Noun);
        let lower = mid
            .iter()
            .all(|&t| w.word(t) == w.doc.slice(w.range(t).unwrap_or(TextRange::new(0, 0))));
        if all && noun && lower {
            return Some((Predicate::Nationality, Dir::Backward, 0.65, None, right.end));
        }
    }
    // "Magaletsky, a Ukrainian restaurateur" / "he's a soft-spoken and personable Ukrainian
    // restaurateur": a demonym in a predicate or appositive noun phrase about the person.
    // A parenthetical after the person ("Ann Lee (1901–1980) was a …") is skipped.
    let o = paren_len(w, &mid);
    // "Its founder, Magaletsky, is a Ukrainian businessman": the comma closing an apposition.
    let o = if word(o) == "," && matches!(word(o + 1), "is" | "was") {
        o + 1
    } else {
        o
    };
    if left.label == Per && demonym(w, right) && right.end < t1 && n > o {
        let (word, upos, n) = (|k: usize| word(k + o), |k: usize| upos(k + o), n - o);
        // "Kim Won-yong (1922 – 1993), South Korean archaeologist": a caption's apposition
        // after a parenthetical needs no article.
        let caption = o > 0 && n == 1 && word(0) == ",";
        let lead = caption
            || matches!(word(0), "," | "is" | "was" | "'s")
                && matches!(word(1), "a" | "an")
                && n <= 8
                && (2..n).all(|k| {
                    (matches!(upos(k), Some(Upos::Adj | Upos::Adv))
                        && !word_is_capitalized(w, mid.get(k + o)))
                        || matches!(word(k), "and" | "," | "-")
                });
        // The demonym modifies a common noun, maybe past adjectives ("French former Alpine
        // skier").
        let mut h = right.end;
        while h < t1 && h < right.end + 3 && matches!(w.upos(h), Some(Upos::Adj | Upos::Propn)) {
            h += 1;
        }
        if lead && w.upos(h) == Some(Upos::Noun) {
            return Some((Predicate::Nationality, Dir::Forward, 0.6, None, h + 1));
        }
    }
    // "Russian liberals such as Boris Nemtsov".
    if demonym(w, left)
        && right.label == Per
        && (3..=5).contains(&n)
        && word(n - 2) == "such"
        && word(n - 1) == "as"
        && (0..n - 2).all(|k| matches!(upos(k), Some(Upos::Adj | Upos::Noun)))
        && upos(n - 3) == Some(Upos::Noun)
    {
        return Some((Predicate::Nationality, Dir::Backward, 0.6, None, right.end));
    }
    event(w, left, right, &mid)
        .or_else(|| attack(w, left, right, &mid))
        .or_else(|| named_event(w, left, right, &mid))
}

/// "Schneider finished ninth in the skeleton event at the 2002 Winter Olympics", "He served
/// with the Air Force during World War II": a person or group in a named event (the object's
/// last word names a kind of event), after a verb of taking part.
fn named_event(w: &Words, left: &Arg, right: &Arg, mid: &[usize]) -> Option<Found> {
    use EntityLabel::{Loc, Misc, Org, Per};
    if !matches!(left.label, Per | Org | Loc) || right.label != Misc {
        return None;
    }
    let head = w.word(right.end.checked_sub(1)?);
    let head = head.trim_end_matches('.');
    if !words::is(List::NamedEventHead, head) {
        return None;
    }
    let word = |k: usize| mid.get(k).map_or("", |&t| w.word(t));
    let upos = |k: usize| mid.get(k).and_then(|&t| w.upos(t));
    let n = mid.len();
    let v = (0..n.min(4)).find(|&k| words::is(List::TakePartVerb, word(k)))?;
    if !(0..v).all(|k| prefix_ok(word(k)) || upos(k) == Some(Upos::Adv)) {
        return None;
    }
    // Up to the event: "at"/"in"/"during" right before it, nothing that opens a new clause.
    let mut p = n;
    while p > v && det_ok(word(p - 1)) {
        p -= 1;
    }
    let p = p.checked_sub(1).filter(|&p| p > v)?;
    if !words::is(List::EventPreposition, word(p)) {
        return None;
    }
    if (v + 1..p).any(|k| words::is(List::NamedEventBreak, word(k))) {
        return None;
    }
    Some((
        Predicate::ParticipatedIn,
        Dir::Forward,
        0.55,
        None,
        right.end,
    ))
}

/// "Russia launched its full-scale invasion of Ukraine", "X waged a war against Y": the
/// subject attacks the object.
fn attack(w: &Words, left: &Arg, right: &Arg, mid: &[usize]) -> Option<Found> {
    use EntityLabel::{Loc, Org, Per};
    if !matches!(left.label, Per | Org | Loc) || !matches!(right.label, Loc | Org) {
        return None;
    }
    let word = |k: usize| mid.get(k).map_or("", |&t| w.word(t));
    let upos = |k: usize| mid.get(k).and_then(|&t| w.upos(t));
    let n = mid.len();
    let v = (0..n.min(6)).find(|&k| words::is(List::LaunchVerb, word(k)))?;
    if !(0..v).all(|k| prefix_ok(word(k)) || upos(k) == Some(Upos::Adv)) {
        return None;
    }
    let mut k = v + 1;
    while k < n && k <= v + 4 && (det_ok(word(k)) || matches!(upos(k), Some(Upos::Adj))) {
        k += 1;
    }
    let head = words::is(List::AttackNoun, word(k));
    let prep = words::is(List::AttackPreposition, word(k + 1));
    if !head || !prep || !(k + 2..n).all(|j| det_ok(word(j))) {
        return None;
    }
    Some((Predicate::Opposes, Dir::Forward, 0.6, None, right.end))
}

/// True when the token's text starts with a capital (another name or demonym).
fn word_is_capitalized(w: &Words, t: Option<&usize>) -> bool {
    t.and_then(|&t| w.range(t))
        .is_some_and(|r| w.doc.slice(r).starts_with(char::is_uppercase))
}

/// An organization named after a kind of institution with a fixed seat ("University of Otago",
/// "Jamestown Foundation", "National Gallery").
fn institution(w: &Words, a: &Arg) -> bool {
    (a.start..a.end).any(|k| words::is(List::Institution, w.word(k)))
}

/// The length of a parenthetical that opens `mid` ("( 1901 – 1980 )"), else 0.
fn paren_len(w: &Words, mid: &[usize]) -> usize {
    if mid.first().is_none_or(|&t| w.word(t) != "(") {
        return 0;
    }
    mid.iter()
        .take(12)
        .position(|&t| w.word(t) == ")")
        .map_or(0, |k| k + 1)
}

/// A one-word nationality: a MISC mention ("Ukrainian"), or a place-labelled one shaped like an
/// adjective ("Canadian" tagged LOC); the callers check that a common noun follows.
fn demonym(w: &Words, a: &Arg) -> bool {
    // One word, or a compass point and one word ("South Korean").
    let compass = a.end - a.start == 2 && words::is(List::CompassPoint, w.word(a.start));
    if a.end - a.start != 1 && !compass {
        return false;
    }
    let last = a.end - 1;
    let word = w.word(last);
    // Parties, ideologies and faiths are no nationality ("Democratic nominee Tim Kaine").
    if words::is(List::NotNationality, word) {
        return false;
    }
    let text = w.range(last).map_or("", |r| w.doc.slice(r));
    match a.label {
        // Not an acronym ("MSNBC personality"), a word with a capital first.
        EntityLabel::Misc => {
            text.starts_with(char::is_uppercase)
                && text.chars().skip(1).any(char::is_lowercase)
                && !text.chars().any(|c| c.is_ascii_digit())
                // Shaped like a demonym ("Russian", "Chechen", "Iraqi", "Greek", "Thai"), not a
                // religion or a name ("Islam", "Mayflower").
                && words::all(List::DemonymEndingMisc).any(|s| word.ends_with(s))
        }
        EntityLabel::Loc => {
            words::all(List::DemonymEndingLoc).any(|s| word.ends_with(s)) && !word.ends_with("stan")
        }
        _ => false,
    }
}

/// Nouns naming a kind of place, which the tagger sometimes takes for adjectives.
fn place_noun(word: &str) -> bool {
    words::is(List::PlaceNoun, word)
}

/// Verbs that put their subject at an event: "held", "hosted", "brought … for".
fn event_verb(word: &str) -> bool {
    words::is(List::EventVerb, word)
}

/// Head nouns of events.
fn event_noun(word: &str) -> bool {
    words::is(List::EventNoun, word)
}

/// "The forum held its next round of meetings in Vilnius", "X brought its members to
/// Washington for a series of talks at the Y Foundation": the subject took part in an event
/// (named in the value) at the object, a place or host.
fn event(w: &Words, left: &Arg, right: &Arg, mid: &[usize]) -> Option<Found> {
    use EntityLabel::{Loc, Org, Per};
    if !matches!(left.label, Per | Org | Loc) || !matches!(right.label, Loc | Org) {
        return None;
    }
    let n = mid.len();
    if !(3..=MAX_GAP).contains(&n) {
        return None;
    }
    let word = |k: usize| mid.get(k).map_or("", |&t| w.word(t));
    let upos = |k: usize| mid.get(k).and_then(|&t| w.upos(t));
    let v = (0..n).find(|&k| event_verb(word(k)))?;
    if !(0..v).all(|k| prefix_ok(word(k)) || upos(k) == Some(Upos::Adv)) {
        return None;
    }
    // "… EVENT in|at (the) RIGHT": the preposition and determiners close the middle.
    let mut p = n;
    while p > v && det_ok(word(p - 1)) {
        p -= 1;
    }
    let p = p.checked_sub(1).filter(|&p| p > v + 1)?;
    if !matches!(word(p), "in" | "at") || !event_noun(word(p - 1)) {
        return None;
    }
    if (v + 1..p).any(|k| words::is(List::EventBreak, word(k))) {
        return None;
    }
    // The event phrase: after the verb, or after the last "for" ("… for a series of talks").
    let from = (v + 1..p)
        .rev()
        .find(|&k| word(k) == "for")
        .map_or(v + 1, |k| k + 1);
    let toks: Vec<usize> = (from..p).filter_map(|k| mid.get(k).copied()).collect();
    let toks: Vec<usize> = toks
        .into_iter()
        .skip_while(|&t| det_ok(w.word(t)) || words::is(List::Quantifier, w.word(t)))
        .collect();
    if toks.is_empty() || toks.len() > 5 {
        return None;
    }
    let label = label_text(w, toks)?;
    Some((
        Predicate::ParticipatedIn,
        Dir::Forward,
        0.6,
        Some(label),
        right.end,
    ))
}

/// The time qualifier of a relation, read from its evidence: the dated time expression of the
/// `timexes` layer inside it nearest the relation's arguments, else the first year literal
/// (1800–2099); none for timeless facts (nationality, origin, description, a place in a
/// place). "since"/"from" before it makes a start, "until"/"till" an end; otherwise the start.
pub fn time_of(doc: &Document, rel: &Relation) -> Option<TimeQualifier> {
    time_of_in(doc, &TimexIndex::new(doc), rel)
}

/// The document's dated time expressions sorted by start, built once per document so that
/// dating every relation costs a binary search, not a scan of every expression.
pub struct TimexIndex<'d> {
    dates: Vec<&'d doc::Timex>,
}

impl<'d> TimexIndex<'d> {
    pub fn new(doc: &'d Document) -> Self {
        let mut dates: Vec<&doc::Timex> = doc
            .timex_items()
            .iter()
            .filter(|t| {
                t.kind == TimexType::Date
                    && t.value.bytes().next().is_some_and(|b| b.is_ascii_digit())
            })
            .collect();
        dates.sort_by_key(|t| t.range.start);
        TimexIndex { dates }
    }

    /// The dated expressions inside `ev`, in text order.
    fn within(&self, ev: TextRange) -> impl Iterator<Item = &'d doc::Timex> + '_ {
        let a = self.dates.partition_point(|t| t.range.start < ev.start);
        let b = self.dates.partition_point(|t| t.range.start < ev.end);
        self.dates
            .get(a..b.max(a))
            .unwrap_or_default()
            .iter()
            .copied()
            .filter(move |t| ev.contains_range(t.range))
    }
}

/// [`time_of`] with the document's time expressions indexed once.
pub fn time_of_in(
    doc: &Document,
    timexes: &TimexIndex<'_>,
    rel: &Relation,
) -> Option<TimeQualifier> {
    let ev = rel.evidence;
    let text = doc.text();
    let ents = doc.entity_items();
    let subject = ents.get(rel.subject as usize);
    let object = rel.object.and_then(|o| ents.get(o as usize));
    // Facts that hold for good: a nationality, a birthplace, a place inside a place.
    let places = subject.is_some_and(|m| m.label == EntityLabel::Loc)
        && object.is_some_and(|m| m.label == EntityLabel::Loc);
    if matches!(
        Predicate::parse(&rel.predicate),
        Some(Predicate::Nationality | Predicate::Origin | Predicate::Description)
    ) || (rel.predicate == Predicate::LocatedIn && places)
    {
        return None;
    }
    // The dated expression nearest the arguments (inside the span between them counts as 0).
    let span = match (subject, object) {
        (Some(s), Some(o)) => Some(s.range.cover(o.range)),
        (Some(s), None) => Some(s.range),
        _ => None,
    };
    // A time after the first argument (inside the span or after it) comes first: "After the
    // talks in 2019, Kovac founded the League in 2021" is 2021; a fronted time ("In 2022, …")
    // counts when it is the only one.
    let distance = |r: TextRange| match span {
        Some(a) if r.end <= a.start => (1, a.start - r.end),
        Some(a) if r.start >= a.end => (0, r.start - a.end),
        _ => (0, 0),
    };
    let (value, at) = timexes
        .within(ev)
        .min_by_key(|t| (distance(t.range), t.range.start))
        .map(|t| (t.value.clone(), t.range.start))
        .or_else(|| {
            years_in(doc.slice(ev))
                .into_iter()
                .map(|(y, off)| (y, ev.start + off))
                .min_by_key(|(_, at)| (distance(TextRange::new(*at, at + 4)), *at))
        })?;
    let before: String = text
        .get(..at as usize)
        .unwrap_or("")
        .split_whitespace()
        .next_back()
        .unwrap_or("")
        .to_lowercase();
    let until = words::is(List::Until, &before);
    Some(TimeQualifier {
        valid_from: (!until).then(|| value.clone()),
        valid_to: until.then(|| value.clone()),
        value,
    })
}

/// The four-digit years (1800–2099) standing alone in `s`, with their byte offsets.
fn years_in(s: &str) -> Vec<(String, u32)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let cand = b.get(i..i + 4).unwrap_or_default();
        let alone_before = i == 0 || b.get(i - 1).is_some_and(|c| !c.is_ascii_alphanumeric());
        let alone_after = b.get(i + 4).is_none_or(|c| !c.is_ascii_alphanumeric());
        if cand.iter().all(u8::is_ascii_digit)
            && alone_before
            && alone_after
            && let (Some(y), Ok(off)) = (s.get(i..i + 4), u32::try_from(i))
            && ("1800"..="2099").contains(&y)
        {
            out.push((y.to_string(), off));
        }
        i += 1;
    }
    out
}
