//! Quotation extraction for news English: direct and reported speech with cues and speakers.
//!
//! [`QuoteExtractor`] is a pure, rule-based [`doc::Annotator`]. It reads the `Tokens` and
//! `Sentences` layers (and `Pos` / `Entities` when present) and adds a `Quotes` layer:
//!
//! - **Direct quotes**: text between double marks (“ ”, straight `"`, « », „ “), single marks
//!   nested inside; a paragraph that opens a quote and never closes it ends the quote there
//!   and the next paragraph's mark continues it with the same speaker. The content span
//!   excludes the marks.
//! - **Reported speech**: `X said (that) …`, `… , X said`, `according to X, …` (`A, according
//!   to X, B` is one content over both parts), `X told Y
//!   (that) …` and other cue verbs; the content starts at `that` when there is one and stops
//!   before the final punctuation. Quoted fragments inside reported content belong to it
//!   (a mixed quote, `direct == false`).
//! - **Attributions read from the tree**: when a `Deps` layer is present, a cue of
//!   `data/cues.tsv` whose content is a dependent (`X argued that …`, `X wants to …`, `X
//!   endorsed …`, `X spoke about …`, `X's decision to …`) with a speaker for a subject (a name, a
//!   person pronoun or a nominal, never `it`, a date or a passive's subject) adds an indirect
//!   quote, and so does any verb with a clause under it (`X surmised that …`); the
//!   content runs on over the cue's later dependents (`discussed her plan at a meeting`); see
//!   the `syntax` module. The content stops before a participle or coordinated verb that
//!   reports on its own (`X criticized A, claiming that B` is two attributions); a relative
//!   pronoun subject speaks for the noun its clause modifies (`Ode, who argued that …`: speaker
//!   `who`, entity Ode; `data/relative_speakers.txt`); a passive participle opening its sentence
//!   (`Asked whether …, X said`) reports the question, its speaker the agent or none.
//!   **Nested attribution**: a tree content may hold quotations already found (never cross
//!   one): the outer quote keeps its source as speaker, the inner one its own speaker, and
//!   the inner range lies inside the outer (`The board endorsed the plan that Ode said, “…”`).
//!   The tree also corrects the patterns: act verbs with a bare object
//!   (`declared independence`, `found a cereal`) report nothing, `declined to comment on X` is
//!   no quote (`data/withheld.txt`), a coordinated clause with its own subject and a speech cue
//!   ends a reported content and is its own quote (`X said A, and Y said B`; `X said A, but she
//!   does not trust B` stays one content), and a cue verb's subject is its
//!   speaker. Section labels (`Map: …`, `Related: …`, `data/labels.txt`) are no speakers.
//! - **Bulleted points** after an attribution that ends its paragraph with a colon (`X said:`)
//!   are one quote each, with that speaker.
//! - **Speakers**: the noun phrase next to the cue on either side, resolved to the longest
//!   name form in the document ("Zakayev" → "Akhmed Zakayev"); pronouns go to the last named
//!   person, role nominals to the person last given that role, and a quote with no cue of its
//!   own continues the previous speaker.
//! - **Time**: when a `Timexes` layer is present, a quote carries the time it refers to
//!   (`time`, with the expression's span as `time_evidence`): an expression in its attribution
//!   ("told Foreign Policy … this spring" → `2024-SP`), else that of the quote it continues,
//!   else a calendar date in its content; see the `time` module. Never the publication date.
//! - **Not speech**: short quoted phrases with no cue of their own (scare quotes, designations)
//!   are in the layer with kind [`QuoteKind::Designation`], never a speaker, cue or entity
//!   ([`QuoteExtractor::keep_designations`] leaves them out); [`designations`] lists them.
//! - **Kind**: every quote has one: `direct` (all in marks), `mixed` (marks in reported
//!   speech, or not closed), `indirect`, `designation`.
//! - **Groups**: a speaker headed by a group noun (`officials`, `analysts`, `data/groups.txt`)
//!   resolves at most to a named body inside it, never to a person.
//!
//! Conventions follow PolNeAR: a quote split by its attribution is one span covering both parts
//! by default ([`QuoteExtractor::merge_split_quotes`] turns that off); `direct` means every part
//! of the content lies inside marks, so a paragraph that never closes its quote, a quoted piece
//! inside reported speech, and a lower-case continuation (`he said, “was not …”`) are
//! `direct == false`. `confidence` is 0.9 for a marked quote with its own cue, 0.7 (0.5 for
//! weaker cue verbs) for reported speech, 0.6 for a marked quote that continues the previous
//! speaker, 0.4 for a long quoted piece with no cue.

mod extract;
mod lexicon;
mod marks;
mod resolve;
mod syntax;
mod time;
mod view;

use doc::{
    Annotator, Diagnostic, DocError, Document, Layer, LayerKind, Producer, Quote, QuoteKind,
    TextRange,
};

/// Version recorded as the producer of the layer.
pub const VERSION: &str = "1";

/// The quotation extractor. Holds only options; `new` is free.
#[derive(Clone, Copy, Debug)]
pub struct QuoteExtractor {
    merge_split: bool,
    designations: bool,
}

impl Default for QuoteExtractor {
    fn default() -> Self {
        Self::new()
    }
}

impl QuoteExtractor {
    /// The default extractor: a quote split by its attribution (`“…,” he said, “…”`) is one
    /// quote whose span covers both parts, as PolNeAR annotates discontinuous content.
    pub fn new() -> Self {
        QuoteExtractor {
            merge_split: true,
            designations: true,
        }
    }

    /// With `false`, scare quotes and designations (kind [`QuoteKind::Designation`]) are left
    /// out of the layer; [`designations`] still lists them.
    pub fn keep_designations(mut self, keep: bool) -> Self {
        self.designations = keep;
        self
    }

    /// With `false`, a quote split by its attribution is reported as two quotes with the same
    /// speaker and cue (one per pair of marks).
    pub fn merge_split_quotes(mut self, merge: bool) -> Self {
        self.merge_split = merge;
        self
    }

    /// The quotations of a document that has `Tokens` and `Sentences` (empty otherwise), in
    /// text order.
    pub fn extract(&self, doc: &Document) -> Vec<Quote> {
        run(doc, self.merge_split, self.designations).0
    }
}

/// Short quoted phrases with no speech cue (scare quotes, titles, designations such as
/// “undesirable organization”): content spans, marks excluded, in text order.
pub fn designations(doc: &Document) -> Vec<TextRange> {
    run(doc, false, false).1
}

fn run(doc: &Document, merge: bool, designations: bool) -> (Vec<Quote>, Vec<TextRange>) {
    let regions = marks::scan(doc.text());
    let v = view::View::new(doc, &regions);
    let mut ex = extract::extract(doc.text(), &v, &regions);
    syntax::amend(doc, &v, &mut ex.cands);
    // Attributions read from the tree stand alone: they neither continue nor merge with the
    // quotations around them.
    let more = syntax::complements(doc, &v, &ex.cands);
    let n_rules = ex.cands.len();
    ex.cands.extend(more);
    let res = resolve::Resolver::new(
        &v,
        doc.entities().map(|l| l.items.as_slice()),
        &ex.cands,
        ex.speech_regions.clone(),
    );
    let tok_span = |(a, b): (usize, usize)| -> Option<TextRange> {
        let s = v.toks.get(a)?.r.start;
        let e = v.toks.get(b.checked_sub(1)?)?.r.end;
        (s <= e).then(|| TextRange::new(s, e))
    };
    let mut out: Vec<Quote> = Vec::with_capacity(ex.cands.len());
    let mut paras: Vec<usize> = Vec::with_capacity(ex.cands.len());
    let mut open_ended: Vec<bool> = Vec::with_capacity(ex.cands.len());
    // The last attributed quote: (speaker, entity, paragraph, index in `out`).
    let mut last: Option<(Option<TextRange>, Option<String>, usize, usize)> = None;
    // For each quote in `out`, the quote it continues (whose speaker it took).
    let mut continues_of: Vec<Option<usize>> = Vec::with_capacity(ex.cands.len());
    let mut prev_end_region: Option<usize> = None;
    for c in ex.cands.get(..n_rules).unwrap_or(&[]) {
        let mut speaker = c.speaker.and_then(tok_span);
        let cue = c.cue.and_then(tok_span);
        let mut entity = c.speaker.and_then(|(a, b)| res.entity(a, b));
        let mut confidence = c.confidence;
        let continues = c.marked && c.cue.is_none() && speaker.is_none();
        let mut continued = None;
        if continues
            && let Some((s, e, p, j)) = &last
            && c.para <= p + 2
        {
            speaker = *s;
            entity = e.clone();
            confidence = confidence.max(0.6);
            continued = Some(*j);
        }
        // `“…,” he said, “…”`: one quote in merge mode.
        let first_region = c.regions.first().copied();
        let own_cue_is_prev = out.last().is_some_and(|q| q.cue.is_some() && q.cue == cue);
        if merge
            && (continues || own_cue_is_prev)
            && c.direct
            && let (Some(q), Some(&pp), Some(pr), Some(fr)) =
                (out.last_mut(), paras.last(), prev_end_region, first_region)
            && q.direct
            && q.cue.is_some()
            && pp == c.para
            && fr == pr + 1
            && q.cue
                .is_some_and(|cu| cu.start >= q.range.end && cu.end <= c.content.start)
        {
            q.range = q.range.cover(c.content);
            prev_end_region = c.regions.last().copied();
            if c.cue.is_some() || speaker.is_some() {
                last = Some((speaker, entity, c.para, out.len().saturating_sub(1)));
            }
            continue;
        }
        if c.cue.is_some() || speaker.is_some() {
            last = Some((speaker, entity.clone(), c.para, out.len()));
        }
        prev_end_region = if c.direct {
            c.regions.last().copied()
        } else {
            None
        };
        paras.push(c.para);
        continues_of.push(continued);
        open_ended.push(c.marked && !c.direct && speaker.is_none());
        let kind = if c.direct {
            QuoteKind::Direct
        } else if c.marked || !c.regions.is_empty() {
            QuoteKind::Mixed
        } else {
            QuoteKind::Indirect
        };
        out.push(Quote {
            kind: Some(kind),
            range: c.content,
            direct: c.direct,
            speaker,
            cue,
            speaker_entity: entity,
            confidence,
            time: None,
            time_evidence: None,
        });
    }
    // A paragraph that opens a quote and never closes it takes the speaker of the quote that
    // continues it in the next paragraph.
    for k in (0..out.len()).rev() {
        if !open_ended.get(k).copied().unwrap_or(false) {
            continue;
        }
        let (Some(&p), Some(&np)) = (paras.get(k), paras.get(k + 1)) else {
            continue;
        };
        // The next paragraph (a blank line between paragraphs counts two line breaks).
        if np > p
            && np <= p + 2
            && let Some(next) = out.get(k + 1).cloned()
            && next.speaker.is_some()
            && let Some(q) = out.get_mut(k)
        {
            q.speaker = next.speaker;
            q.speaker_entity = next.speaker_entity;
        }
    }
    for c in ex.cands.get(n_rules..).unwrap_or(&[]) {
        out.push(Quote {
            range: c.content,
            direct: false,
            speaker: c.speaker.and_then(tok_span),
            cue: c.cue.and_then(tok_span),
            // A relative pronoun speaks for the noun its clause modifies.
            speaker_entity: c.speaker.and_then(|sp| {
                let (a, b) = syntax::antecedent(doc, &v, sp).unwrap_or(sp);
                res.entity(a, b)
            }),
            confidence: c.confidence,
            time: None,
            time_evidence: None,
            kind: Some(QuoteKind::Indirect),
        });
        continues_of.push(None);
    }
    time::attach(doc, &regions, &mut out, &continues_of);
    out.sort_by_key(|q| (q.range.start, q.range.end));
    if designations {
        // Scare quotes, titles and designations: kept, never attributed.
        out.extend(ex.designations.iter().map(|&r| Quote {
            range: r,
            direct: false,
            speaker: None,
            cue: None,
            speaker_entity: None,
            confidence: 0.3,
            time: None,
            time_evidence: None,
            kind: Some(QuoteKind::Designation),
        }));
        out.sort_by_key(|q| (q.range.start, q.range.end));
    }
    (out, ex.designations)
}

impl Annotator for QuoteExtractor {
    fn name(&self) -> &'static str {
        "quote"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Quotes]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for &k in self.requires() {
            if !doc.has(k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Quotes,
                    missing: k,
                });
            }
        }
        let quotes = self.extract(doc);
        doc.set_quotes(Layer::new(Producer::new("quote", VERSION), quotes))?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests;
