//! Rule-based time-expression tagger: TIMEX3 recognition and normalization (TimeML /
//! TempEval-3 conventions) against the document creation time.
//!
//! [`TimexTagger`] reads the tokens and sentences already on a [`Document`] and adds the
//! `timexes` layer: `DATE`, `TIME`, `DURATION` and `SET` expressions with normalized values
//! (`2024-03`, `2024-W34`, `P3DE`, `PRESENT_REF`, `XXXX-WXX-2`...). The anchor is the
//! publication date from the metadata, else a dateline at the start of the text, else a date in
//! the URL; without one the document is undated and relative expressions get `X` placeholders
//! instead of an invented date. No clock, no IO, no global state.

mod anchor;
mod calendar;
mod display;
mod rules;
mod table;
mod words;

pub use anchor::{Anchor, AnchorSource, find_anchor};
pub use display::display;

use doc::{
    Annotator, Diagnostic, DocError, Document, Layer, LayerKind, Producer, Severity, TextRange,
    Timex, TimexAnchor, TimexRangeEnd,
};

/// Version recorded as the producer of the `timexes` layer.
pub const VERSION: &str = "1";

/// The time-expression annotator. It holds no state; `new` is free.
#[derive(Clone, Copy, Debug, Default)]
pub struct TimexTagger;

impl TimexTagger {
    pub fn new() -> Self {
        TimexTagger
    }

    /// The time expressions of `doc` (which must carry tokens; sentences are optional), resolved
    /// against the anchor [`find_anchor`] picks.
    pub fn tag(&self, doc: &Document) -> Vec<Timex> {
        let anchor = find_anchor(doc);
        self.tag_with_anchor(doc, &anchor)
    }

    /// The time expressions of `doc` resolved against a given anchor.
    pub fn tag_with_anchor(&self, doc: &Document, anchor: &Anchor) -> Vec<Timex> {
        let toks = doc.token_items();
        if toks.is_empty() {
            return Vec::new();
        }
        let raw: Vec<&str> = toks.iter().map(|t| doc.slice(t.range)).collect();
        let lw: Vec<String> = raw.iter().map(|s| lower(s)).collect();
        // Paragraph number of each token: a blank line between two tokens starts a new one (a
        // line break alone does in a text that never has a blank line: one paragraph per line).
        let text = doc.text();
        let blank_lines = text.contains("\n\n") || text.contains("\n\r\n");
        let mut para = Vec::with_capacity(toks.len());
        let mut n = 0u32;
        let mut prev_end = 0usize;
        for t in toks {
            let gap = text.get(prev_end..t.range.start as usize).unwrap_or("");
            let breaks = gap.bytes().filter(|&b| b == b'\n').count();
            if prev_end > 0 && (breaks >= 2 || (breaks == 1 && !blank_lines)) {
                n += 1;
            }
            para.push(n);
            prev_end = t.range.end as usize;
        }
        let mut scanner = rules::Scanner::new(&raw, &lw, &para, anchor.date);
        let mut hits = Vec::new();
        let sents = doc.sentence_items();
        if sents.is_empty() {
            scanner.sentence(0, toks.len(), &mut hits);
        } else {
            for s in sents {
                scanner.sentence(s.tokens.0 as usize, s.tokens.1 as usize, &mut hits);
            }
        }
        // The span of every hit first: an anchor or a range end names another hit by its span.
        let spans: Vec<Option<TextRange>> = hits
            .iter()
            .map(|h| {
                let first = toks.get(h.start)?.range;
                let last = toks.get(h.end.checked_sub(1)?)?.range;
                let a = first.start + h.lead as u32;
                let b = match h.trail {
                    Some(t) => last.start + t as u32,
                    None => last.end,
                };
                (a < b).then(|| TextRange::new(a, b))
            })
            .collect();
        hits.into_iter()
            .enumerate()
            .filter_map(|(k, h)| {
                let range = spans.get(k).copied().flatten()?;
                let anchor = match h.anchor {
                    Some(rules::Src::Dct) => Some(TimexAnchor::Document),
                    Some(rules::Src::Hit(j)) if j < k => {
                        spans.get(j).copied().flatten().map(TimexAnchor::Expression)
                    }
                    _ => None,
                };
                let span_to = h.duration.and_then(|duration| {
                    let to = spans.get(k + 1).copied().flatten()?;
                    Some(TimexRangeEnd { to, duration })
                });
                Some(Timex {
                    range,
                    kind: h.kind,
                    value: h.value,
                    anchor,
                    span_to,
                })
            })
            .collect()
    }
}

/// Lowercase form used for matching (ASCII fast path).
fn lower(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        s.to_lowercase()
    }
}

impl Annotator for TimexTagger {
    fn name(&self) -> &'static str {
        "timex"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Timexes]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for &k in self.requires() {
            if !doc.has(k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Timexes,
                    missing: k,
                });
            }
        }
        let anchor = find_anchor(doc);
        let items = self.tag_with_anchor(doc, &anchor);
        doc.set_timexes(Layer::new(Producer::new("timex", VERSION), items))?;
        Ok(vec![Diagnostic {
            severity: if anchor.date.is_some() {
                Severity::Info
            } else {
                Severity::Warning
            },
            annotator: "timex",
            message: anchor.describe(),
            range: anchor.evidence,
        }])
    }
}

#[cfg(test)]
mod tests;
