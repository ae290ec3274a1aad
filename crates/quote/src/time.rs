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
/// quote `k` continues (it took that quote's speaker), when it does.
pub(crate) fn attach(
    doc: &Document,
    regions: &[Region],
    quotes: &mut [Quote],
    continues: &[Option<usize>],
) {
    let Some(layer) = doc.timexes() else {
        return;
    };
    let timexes: Vec<&Timex> = layer
        .items
        .iter()
        .filter(|t| matches!(t.kind, TimexType::Date | TimexType::Time))
        .collect();
    if timexes.is_empty() {
        return;
    }
    let sents: Vec<TextRange> = doc.sentence_items().iter().map(|s| s.range).collect();
    let marked = |r: TextRange| regions.iter().any(|g| g.open <= r.start && r.end <= g.end);
    for k in 0..quotes.len() {
        let Some(q) = quotes.get(k) else {
            continue;
        };
        let mut pick = frame_time(q, &timexes, &sents, &marked);
        if pick.is_none()
            && let Some(&Some(j)) = continues.get(k)
            && j < k
            && let Some(prev) = quotes.get(j)
            && let (Some(v), Some(r)) = (&prev.time, prev.time_evidence)
        {
            pick = Some((v.clone(), r));
        }
        if pick.is_none() {
            pick = content_time(q, &timexes, &marked);
        }
        if let (Some((value, range)), Some(q)) = (pick, quotes.get_mut(k)) {
            q.time = Some(value);
            q.time_evidence = Some(range);
        }
    }
}

/// The attribution's time expression nearest the cue (or the speaker).
fn frame_time(
    q: &Quote,
    timexes: &[&Timex],
    sents: &[TextRange],
    marked: &dyn Fn(TextRange) -> bool,
) -> Option<(String, TextRange)> {
    let anchors: Vec<TextRange> = q.cue.iter().chain(q.speaker.iter()).copied().collect();
    let frame: Vec<TextRange> = if anchors.is_empty() {
        sents
            .iter()
            .filter(|s| overlaps_or_touches(**s, q.range))
            .copied()
            .collect()
    } else {
        sents
            .iter()
            .filter(|s| anchors.iter().any(|a| overlaps_or_touches(**s, *a)))
            .copied()
            .collect()
    };
    // Without sentences the frame is the attribution's own stretch of text.
    let frame = if frame.is_empty() && sents.is_empty() {
        let mut around = q.range;
        for a in &anchors {
            around = around.cover(*a);
        }
        vec![around]
    } else {
        frame
    };
    let target = anchors.first().copied().unwrap_or(q.range);
    timexes
        .iter()
        .filter(|t| frame.iter().any(|s| s.contains_range(t.range)))
        .filter(|t| !marked(t.range))
        .filter(|t| q.direct || !q.range.overlaps(t.range))
        // "who now lectures in Kyiv": the present says nothing the publication date does not.
        .filter(|t| t.value != "PRESENT_REF")
        .min_by_key(|t| (distance(t.range, target), t.range.start))
        .map(|t| (t.value.clone(), t.range))
}

/// The first calendar-valued expression inside the quoted content.
fn content_time(
    q: &Quote,
    timexes: &[&Timex],
    marked: &dyn Fn(TextRange) -> bool,
) -> Option<(String, TextRange)> {
    timexes
        .iter()
        .filter(|t| q.range.contains_range(t.range))
        .filter(|t| !q.direct || marked(t.range))
        .find(|t| t.value.starts_with(|c: char| c.is_ascii_digit()))
        .map(|t| (t.value.clone(), t.range))
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
