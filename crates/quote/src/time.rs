//! The time a quote refers to, from the time expressions of its own sentences.
//!
//! Three sources, in order:
//! 1. **The attribution**: a `DATE`/`TIME` expression outside quotation marks (and outside the
//!    content of reported speech) in the sentences of the cue and speaker — “…,” Zakayev told
//!    Foreign Policy during an interview in Kyiv *this spring* — the one nearest the cue. A quote
//!    with neither cue nor speaker looks in its own sentences instead.
//! 2. **The quote it continues**: a marked quote with no attribution of its own, which takes
//!    the previous quote's speaker, takes its time too.
//! 3. **The content**: the first expression inside the quoted content with a calendar value
//!    (“… back in *1994*”); `PRESENT_REF` and the like tell nothing there and are skipped.
//!
//! `PRESENT_REF` ("now") dates nothing. With none of these the quote stays undated. The
//! publication date is not the time of a quote (it only anchors the expressions' values).

use crate::marks::Region;
use doc::{Document, Quote, TextRange, Timex, TimexType};

/// Fills `time` and `time_evidence` of `quotes`. `continues[k]` is the index of the quote that
/// quote `k` continues (it took that quote's speaker), when it does. Lookups are binary
/// searches over sentences, expressions and mark regions in text order, so a long document
/// stays near-linear.
pub(crate) fn attach(
    doc: &Document,
    regions: &[Region],
    quotes: &mut [Quote],
    continues: &[Option<usize>],
) {
    let Some(layer) = doc.timexes() else {
        return;
    };
    let mut timexes: Vec<&Timex> = layer
        .items
        .iter()
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time))
        .collect();
    if timexes.is_empty() {
        return;
    }
    timexes.sort_by_key(|t| (t.range.start, t.range.end));
    let mut sents: Vec<TextRange> = doc.sentence_items().iter().map(|s| s.range).collect();
    sents.sort_by_key(|s| (s.start, s.end));
    let mut marks: Vec<(u32, u32)> = regions.iter().map(|g| (g.open, g.end)).collect();
    marks.sort_unstable();
    let cx = Context {
        timexes: &timexes,
        sents: &sents,
        marks: &marks,
    };
    for k in 0..quotes.len() {
        let Some(q) = quotes.get(k) else {
            continue;
        };
        let mut pick = cx.frame_time(q);
        if pick.is_none()
            && let Some(&Some(j)) = continues.get(k)
            && j < k
            && let Some(prev) = quotes.get(j)
            && let (Some(v), Some(r)) = (&prev.time, prev.time_evidence)
        {
            pick = Some((v.clone(), r));
        }
        if pick.is_none() {
            pick = cx.content_time(q);
        }
        if let (Some((value, range)), Some(q)) = (pick, quotes.get_mut(k)) {
            q.time = Some(value);
            q.time_evidence = Some(range);
        }
    }
}

/// The document's expressions, sentences and quotation-mark regions, each in text order.
struct Context<'a> {
    timexes: &'a [&'a Timex],
    sents: &'a [TextRange],
    /// `(open mark, end)` of each region; regions do not overlap.
    marks: &'a [(u32, u32)],
}

impl Context<'_> {
    /// The range lies inside quotation marks.
    fn marked(&self, r: TextRange) -> bool {
        let i = self.marks.partition_point(|m| m.0 <= r.start);
        i.checked_sub(1)
            .and_then(|i| self.marks.get(i))
            .is_some_and(|m| r.end <= m.1)
    }

    /// The sentences that overlap (or, for an empty range, touch) `r`.
    fn sentences_at(&self, r: TextRange) -> impl Iterator<Item = TextRange> + '_ {
        let from = self.sents.partition_point(|s| s.end < r.start);
        self.sents
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |s| s.start <= r.end)
            .filter(move |s| overlaps_or_touches(**s, r))
            .copied()
    }

    /// The expressions that start within `[lo, hi)`.
    fn timexes_in(&self, lo: u32, hi: u32) -> impl Iterator<Item = &Timex> + '_ {
        let from = self.timexes.partition_point(|t| t.range.start < lo);
        self.timexes
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .take_while(move |t| t.range.start < hi)
            .copied()
    }

    /// The attribution's time expression nearest the cue (or the speaker).
    fn frame_time(&self, q: &Quote) -> Option<(String, TextRange)> {
        let anchors: Vec<TextRange> = q.cue.iter().chain(q.speaker.iter()).copied().collect();
        let mut frame: Vec<TextRange> = if anchors.is_empty() {
            self.sentences_at(q.range).collect()
        } else {
            anchors.iter().flat_map(|a| self.sentences_at(*a)).collect()
        };
        // Without sentences the frame is the attribution's own stretch of text.
        if frame.is_empty() && self.sents.is_empty() {
            let mut around = q.range;
            for a in &anchors {
                around = around.cover(*a);
            }
            frame.push(around);
        }
        frame.sort_by_key(|s| (s.start, s.end));
        frame.dedup();
        let target = anchors.first().copied().unwrap_or(q.range);
        frame
            .iter()
            .flat_map(|s| {
                self.timexes_in(s.start, s.end)
                    .filter(move |t| s.contains_range(t.range))
            })
            .filter(|t| !self.marked(t.range))
            .filter(|t| q.direct || !q.range.overlaps(t.range))
            // "who now lectures in Kyiv": the present says nothing the publication date does not.
            .filter(|t| t.value != "PRESENT_REF")
            .min_by_key(|t| (distance(t.range, target), t.range.start))
            .map(|t| (t.value.clone(), t.range))
    }

    /// The first calendar-valued expression inside the quoted content.
    fn content_time(&self, q: &Quote) -> Option<(String, TextRange)> {
        self.timexes_in(q.range.start, q.range.end)
            .filter(|t| q.range.contains_range(t.range))
            .filter(|t| !q.direct || self.marked(t.range))
            .find(|t| t.value.starts_with(|c: char| c.is_ascii_digit()))
            .map(|t| (t.value.clone(), t.range))
    }
}

fn overlaps_or_touches(a: TextRange, b: TextRange) -> bool {
    a.overlaps(b) || (b.start == b.end && a.start <= b.start && b.start <= a.end)
}

/// Bytes between two ranges (0 when they overlap).
fn distance(a: TextRange, b: TextRange) -> u32 {
    b.start
        .saturating_sub(a.end)
        .max(a.start.saturating_sub(b.end))
}
