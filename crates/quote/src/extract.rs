//! Finding quotations: direct quotes from mark regions, reported speech from cue patterns.

use crate::lexicon::*;
use crate::marks::Region;
use crate::view::View;
use doc::{TextRange, Upos};

/// A quotation before speaker resolution. Token spans are half-open token index ranges.
#[derive(Clone, Debug)]
pub(crate) struct Cand {
    pub content: TextRange,
    pub direct: bool,
    pub speaker: Option<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    pub confidence: f32,
    /// Regions (by index) this quotation covers.
    pub regions: Vec<usize>,
    pub para: usize,
    /// Inside quotation marks (closed or not).
    pub marked: bool,
}

/// What a mark region turned out to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Speech with its own attribution or standing as a sentence of its own.
    Speech,
    /// A quoted piece inside a clause with no cue of its own.
    Fragment,
}

/// Attribution of one region: speaker and cue token spans.
#[derive(Clone, Copy, Debug, Default)]
struct Attr {
    speaker: Option<(usize, usize)>,
    cue: Option<(usize, usize)>,
}

pub(crate) struct Extracted {
    pub cands: Vec<Cand>,
    pub designations: Vec<TextRange>,
    /// Regions that are speech (their text holds no antecedents for pronouns outside).
    pub speech_regions: Vec<TextRange>,
}

/// Index of the first token starting at or after byte `b`.
fn tok_at_or_after(v: &View, b: u32) -> usize {
    v.toks.partition_point(|t| t.r.start < b)
}

/// Number of word tokens in a byte range.
fn words_in(v: &View, r: TextRange) -> usize {
    let a = tok_at_or_after(v, r.start);
    let b = tok_at_or_after(v, r.end);
    (a..b).filter(|&i| v.is_word(i)).count()
}

pub(crate) fn extract(text: &str, v: &View, regions: &[Region]) -> Extracted {
    let n = v.toks.len();
    let mut used_cue = vec![false; n];
    let mut kinds = Vec::with_capacity(regions.len());
    let mut attrs = Vec::with_capacity(regions.len());
    for (ri, r) in regions.iter().enumerate() {
        let (kind, attr) = classify(text, v, regions, ri, r);
        if let Some((a, b)) = attr.cue {
            for u in used_cue.iter_mut().take(b).skip(a) {
                *u = true;
            }
        }
        kinds.push(kind);
        attrs.push(attr);
    }

    // Reported speech outside quotation regions; after one attribution the rest of the
    // sentence may hold another.
    let mut indirect: Vec<Cand> = Vec::new();
    for &(lo, hi) in &v.sents {
        let mut start = lo;
        if let Some(c) = colon_lead(v, lo, hi, &used_cue) {
            start = hi;
            indirect.push(c);
        }
        while start < hi
            && let Some(c) = reported(v, start, hi, &used_cue)
        {
            let cue_end = c.cue.map_or(0, |(_, e)| e);
            let content_end = tok_at_or_after(v, c.content.end);
            start = cue_end.max(content_end).max(start + 1);
            indirect.push(c);
        }
    }

    let mut cands: Vec<Cand> = Vec::new();
    let mut designations = Vec::new();
    let mut speech_regions = Vec::new();
    for (ri, r) in regions.iter().enumerate() {
        let kind = kinds.get(ri).copied().unwrap_or(Kind::Fragment);
        let attr = attrs.get(ri).copied().unwrap_or_default();
        // Reported contents come in text order and do not overlap.
        let k = indirect.partition_point(|c| c.content.start <= r.content.start);
        let host = k
            .checked_sub(1)
            .and_then(|k| indirect.get_mut(k))
            .filter(|c| c.content.contains_range(r.content));
        if (kind == Kind::Fragment || attr.cue.is_none())
            && let Some(h) = host
        {
            h.regions.push(ri);
            continue;
        }
        let words = words_in(v, r.content);
        let para = v.toks.get(tok_at_or_after(v, r.open)).map_or(0, |t| t.para);
        match kind {
            Kind::Speech => {
                speech_regions.push(r.content);
                let (content, attr) = speaker_label(v, r.content).unwrap_or((r.content, attr));
                // A quote that starts mid-sentence in lower case finishes a reported clause
                // (`he said, “was not …”`): a mixed quote, not fully inside marks.
                let mid_clause = text
                    .get(r.content.as_usize())
                    .and_then(|s| s.chars().next())
                    .is_some_and(char::is_lowercase)
                    && tok_at_or_after(v, r.open)
                        .checked_sub(1)
                        .and_then(|b| v.toks.get(b))
                        .is_some_and(|t| {
                            t.para == para && t.s.chars().next().is_some_and(char::is_alphanumeric)
                        });
                cands.push(Cand {
                    content,
                    direct: r.closed && !mid_clause,
                    speaker: attr.speaker,
                    cue: attr.cue,
                    confidence: if attr.cue.is_some() { 0.9 } else { 0.6 },
                    regions: vec![ri],
                    para,
                    marked: true,
                });
            }
            // A long quoted piece inside a clause with no cue: a mixed quote, its speaker the
            // subject of the clause.
            Kind::Fragment if words >= 5 => cands.push(Cand {
                content: r.content,
                direct: false,
                speaker: {
                    let i = tok_at_or_after(v, r.open);
                    let lo = v
                        .toks
                        .get(i)
                        .and_then(|t| v.sents.get(t.sent))
                        .map_or(i, |s| s.0);
                    v.subject(lo, i)
                },
                cue: None,
                confidence: 0.4,
                regions: vec![ri],
                para,
                marked: true,
            }),
            Kind::Fragment => designations.push(r.content),
        }
    }
    // `Ode also said:` closing its paragraph, then bullet points: each point is hers.
    for c in bullets(v) {
        if !indirect.iter().any(|d| d.content.overlaps(c.content))
            && !cands.iter().any(|d| d.content.overlaps(c.content))
        {
            indirect.push(c);
        }
    }
    indirect.sort_by_key(|c| (c.content.start, c.content.end));
    // Reported speech that overlaps a direct quote gives way to it.
    let mut attributed: Vec<TextRange> = cands
        .iter()
        .filter(|d| d.direct && d.cue.is_some())
        .map(|d| d.content)
        .collect();
    attributed.sort_by_key(|r| (r.start, r.end));
    for c in indirect {
        let k = attributed.partition_point(|d| d.start < c.content.end);
        let clash = attributed
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take(4)
            .any(|d| d.overlaps(c.content));
        if !clash {
            cands.push(c);
        }
    }
    cands.sort_by_key(|c| (c.content.start, c.content.end));
    Extracted {
        cands,
        designations,
        speech_regions,
    }
}

/// Decides whether a region is speech and finds its attribution.
fn classify(text: &str, v: &View, regions: &[Region], ri: usize, r: &Region) -> (Kind, Attr) {
    let inner = text.get(r.content.as_usize()).unwrap_or("");
    let words = words_in(v, r.content);
    let first_in = tok_at_or_after(v, r.open);
    let after = tok_at_or_after(v, r.end);
    let next_region_open = regions.get(ri + 1).map_or(u32::MAX, |n| n.open);

    // Attribution after the closing mark: `,” Zakayev said` / `,” said Caddell` / `,” he said`.
    let close_para = v.toks.get(after.saturating_sub(1)).map_or(0, |t| t.para);
    let full_stop = inner.trim_end_matches(is_quote_char).ends_with('.');
    // A short title or name in marks right after a word (`broadcast of “Fox News Sunday,”`).
    let after_word = first_in.checked_sub(1).is_some_and(|b| {
        v.is_word(b)
            && v.toks
                .get(b)
                .is_some_and(|t| t.para == v.toks.get(first_in).map_or(0, |f| f.para))
    });
    let dash_next = matches!(v.s(after), "―" | "—" | "–");
    if r.closed
        && (!full_stop || dash_next)
        && !(after_word && words <= 4)
        && let Some(a) = attr_after(v, after, close_para, next_region_open)
    {
        return (Kind::Speech, a);
    }
    // Attribution before the opening mark: `he told Foreign Policy, “` / `X said: “`.
    let before = if first_in > 0 {
        Some(first_in - 1)
    } else {
        None
    };
    let para = v.toks.get(first_in).map_or(0, |t| t.para);
    let sent = v.toks.get(first_in).map_or(0, |t| t.sent);
    let sent_lo = v.sents.get(sent).map_or(0, |s| s.0);
    let at_sentence_start = before.is_none_or(|b| {
        v.toks.get(b).is_none_or(|t| {
            t.para != para || matches!(t.s, "." | "!" | "?" | ":" | "—" | "–") || b < sent_lo
        })
    });
    if let Some(b) = before
        && matches!(v.s(b), "," | ":" | "—")
        && v.toks
            .get(b)
            .is_some_and(|t| t.para == para || v.s(b) == ":")
        && let Some(a) = attr_before(v, b, b.saturating_sub(12))
    {
        return (Kind::Speech, a);
    }
    let ends_punct = inner
        .trim_end_matches(is_quote_char)
        .ends_with(['.', '?', '!', ',', '…', '—', '-', ':', ';']);
    let starts_upper = inner.chars().next().is_some_and(|c| c.is_uppercase());
    if (at_sentence_start && (words >= 4 || ends_punct) && (starts_upper || !r.closed))
        || (words >= 5 && at_sentence_start)
    {
        // A colon introducer without a cue: `He looks to the camera: “…”`.
        let mut a = Attr::default();
        if let Some(b) = before
            && v.s(b) == ":"
        {
            let lo = v
                .sents
                .get(v.toks.get(b).map_or(0, |t| t.sent))
                .map_or(0, |s| s.0);
            if v.toks.get(lo).is_some_and(|t| t.para == para)
                && let Some(np) = v.subject(lo, b)
            {
                a.speaker = Some(np);
            }
        }
        return (Kind::Speech, a);
    }
    (Kind::Fragment, Attr::default())
}

/// A transcript line `“WALLACE: …”`: the label is the speaker, the content follows the colon.
fn speaker_label(v: &View, content: TextRange) -> Option<(TextRange, Attr)> {
    let i = tok_at_or_after(v, content.start);
    let w = v.s(i);
    let upper =
        w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase() || c == '.' || c == '-');
    if !upper || v.s(i + 1) != ":" {
        return None;
    }
    let start = v.toks.get(i + 2)?.r.start;
    (start < content.end).then(|| {
        (
            TextRange::new(start, content.end),
            Attr {
                speaker: Some((i, i + 1)),
                cue: Some((i + 1, i + 2)),
            },
        )
    })
}

/// Attribution right after a closing mark.
fn attr_after(v: &View, from: usize, para: usize, stop_byte: u32) -> Option<Attr> {
    let mut i = from;
    while matches!(v.s(i), "," | "—" | "–" | "―") {
        i += 1;
    }
    let ok = |k: usize| {
        v.toks
            .get(k)
            .is_some_and(|t| t.para == para && t.r.start < stop_byte && t.region.is_none())
    };
    if !ok(i) {
        return None;
    }
    let hi = (i..i + 24)
        .take_while(|&k| ok(k))
        .last()
        .map_or(i, |k| k + 1);
    // A byline dash: `“…” ― Veronica Cruz`.
    if matches!(v.s(from), "―" | "—" | "–") && i == from + 1 && v.is_cap(i) {
        let mut e = i;
        while e < hi && e - i < 6 && (v.is_cap(e) || v.s(e) == ".") {
            e += 1;
        }
        while e > i && v.s(e - 1) == "." {
            e -= 1;
        }
        if e > i && (e >= hi || matches!(v.s(e), "." | "," | "(")) {
            return Some(Attr {
                speaker: Some((i, e)),
                cue: Some((from, from + 1)),
            });
        }
    }
    // Inverted: `said Caddell`, `according to X`. A participle (`, adding that …`) belongs to
    // an attribution before the quote.
    if let Some(ce) = v.cue_at(i) {
        if is_participle_cue(v.low(i)) {
            return None;
        }
        let speaker = if is_addressee_verb(v.low(i)) {
            None
        } else {
            v.right_np(ce, hi)
        };
        return Some(Attr {
            speaker,
            cue: Some((i, ce)),
        });
    }
    // Speaker first: `Zakayev said`, `he added`, `Radjana Dugar-DePonte, the co-chair…, told`.
    let np = v.right_np(i, hi)?;
    let mut k = np.1;
    // `Rep. Gwen Moore (D-Wis.) said`, `Mr. Morgan of the Sierra Club said`.
    if v.s(k) == "(" {
        k = (k + 1..hi.min(k + 8))
            .find(|&j| v.s(j) == ")")
            .map_or(k, |j| j + 1);
    }
    if v.low(k) == "of" {
        let mut j = k + 1;
        while j < hi && j - k < 7 && (v.is_cap(j) || is_determiner(v.low(j))) {
            j += 1;
        }
        if v.cue_at(j).is_some() {
            k = j;
        }
    }
    // `a narrator in the new ad asks`: a prepositional phrase of nominals before the cue.
    if v.has_pos()
        && matches!(
            v.low(k),
            "in" | "at" | "for" | "from" | "with" | "of" | "on"
        )
    {
        let mut j = k + 1;
        while j < hi
            && j - k < 7
            && matches!(
                v.upos(j),
                Some(Upos::Det | Upos::Adj | Upos::Noun | Upos::Propn | Upos::Num)
            )
            && v.cue_at(j).is_none()
        {
            j += 1;
        }
        if j > k + 1 && v.cue_at(j).is_some() {
            k = j;
        }
    }
    let mut skipped = 0;
    while k < hi && is_cue_skip(v.low(k)) && skipped < 3 {
        k += 1;
        skipped += 1;
    }
    if let Some(ce) = v.cue_at(k) {
        return Some(Attr {
            speaker: Some(np),
            cue: Some((k, ce)),
        });
    }
    if v.s(k) == "," {
        // An appositive: skip to the comma before the cue.
        let close = (k + 1..hi.min(k + 36))
            // An abbreviation's period (`R-Ky.,`) does not end the appositive.
            .take_while(|&j| {
                !matches!(v.s(j), ";" | "!" | "?") && (v.s(j) != "." || v.s(j + 1) == ",")
            })
            .find(|&j| {
                v.s(j) == "," && {
                    let mut c = j + 1;
                    while is_cue_skip(v.low(c)) && c < j + 4 {
                        c += 1;
                    }
                    v.cue_at(c).is_some()
                }
            })?;
        let mut c = close + 1;
        let mut skipped = 0;
        while c < hi && is_cue_skip(v.low(c)) && skipped < 3 {
            c += 1;
            skipped += 1;
        }
        let ce = v.cue_at(c)?;
        return Some(Attr {
            speaker: Some(np),
            cue: Some((c, ce)),
        });
    }
    None
}

/// Attribution in the clause before an opening mark, ending at token `b` (`,` or `:`).
fn attr_before(v: &View, b: usize, lo: usize) -> Option<Attr> {
    let (para, sent) = v.toks.get(b).map(|t| (t.para, t.sent))?;
    let mut lo = lo;
    while lo < b
        && v.toks
            .get(lo)
            .is_some_and(|t| t.para != para || t.sent != sent || t.region.is_some())
    {
        lo += 1;
    }
    // The last cue in the clause.
    let cue = (lo..b).rev().find_map(|i| {
        if v.in_region(i) {
            return None;
        }
        v.cue_at(i).filter(|&e| e <= b).map(|e| (i, e))
    })?;
    let speaker = if is_participle_cue(v.low(cue.0)) {
        v.subject(lo, cue.0)
    } else {
        None
    }
    .or_else(|| v.left_np(cue.0, lo))
    .or_else(|| {
        // `Hillary Clinton, at a later press gaggle, said, “`.
        if cue.0 > lo && v.s(cue.0 - 1) == "," {
            let open = (lo..cue.0 - 1).rev().find(|&k| v.s(k) == ",")?;
            v.left_np(open, lo)
        } else {
            None
        }
    })
    .or_else(|| {
        if is_addressee_verb(v.low(cue.0)) {
            None
        } else {
            v.right_np(cue.1, b)
        }
    })?;
    Some(Attr {
        speaker: Some(speaker),
        cue: Some(cue),
    })
}

/// The end of reported content: before final punctuation of the sentence.
fn content_end(v: &View, lo: usize, hi: usize) -> usize {
    let mut e = hi;
    while e > lo {
        let s = v.s(e - 1);
        let strip = matches!(s, "." | "!" | "?" | ";" | ":" | "," | "—" | "–" | "-")
            || s.chars().all(is_quote_char)
                && !v
                    .toks
                    .get(e - 1)
                    .is_some_and(|t| t.region.is_some() && s.starts_with(['”', '"', '»']));
        if !strip {
            break;
        }
        e -= 1;
    }
    e
}

fn words(v: &View, a: usize, b: usize) -> usize {
    (a..b).filter(|&i| v.is_word(i)).count()
}

fn span(v: &View, a: usize, b: usize) -> Option<TextRange> {
    if a >= b {
        return None;
    }
    let s = v.toks.get(a)?.r.start;
    let e = v.toks.get(b - 1)?.r.end;
    Some(TextRange::new(s, e))
}

/// The section labels of `data/labels.txt`, parsed once.
static LABELS: std::sync::LazyLock<::lexicon::WordSet> =
    std::sync::LazyLock::new(|| ::lexicon::WordSet::parse(include_str!("../data/labels.txt")));

/// A word that opens a section label, teaser or headline (`Map:`, `Related:`, `Analysis:`).
pub(crate) fn is_section_label(low: &str) -> bool {
    LABELS.contains(low)
}

/// `Pat Caddell: Voters Are Worried`: a short name phrase and a colon open the sentence.
fn colon_lead(v: &View, lo: usize, hi: usize, used: &[bool]) -> Option<Cand> {
    let colon = (lo + 1..hi.min(lo + 5)).find(|&k| v.s(k) == ":")?;
    let named = (lo..colon).all(|k| v.is_cap(k) && !v.in_region(k))
        && (lo..colon).any(|k| !is_cap_stop(v.low(k)))
        && !(colon == lo + 1 && is_section_label(v.low(lo)));
    if !named || used.get(colon).copied().unwrap_or(false) {
        return None;
    }
    let a = colon + 1;
    if v.in_region(a) {
        return None;
    }
    let e = content_end(v, a, hi);
    if words(v, a, e) < 3 {
        return None;
    }
    Some(Cand {
        content: span(v, a, e)?,
        direct: false,
        speaker: Some((lo, colon)),
        cue: Some((colon, colon + 1)),
        confidence: 0.5,
        regions: Vec::new(),
        para: v.toks.get(lo)?.para,
        marked: false,
    })
}

/// A comma or dash setting off an aside (`A, according to X, B`).
fn is_aside_mark(s: &str) -> bool {
    matches!(s, "," | "—" | "–" | "-")
}

/// Reported speech in sentence tokens `lo..hi`.
fn reported(v: &View, lo: usize, hi: usize, used: &[bool]) -> Option<Cand> {
    let para = v.toks.get(lo)?.para;
    for i in lo..hi {
        if v.in_region(i) || used.get(i).copied().unwrap_or(false) {
            continue;
        }
        let Some(ce) = v.cue_at(i) else { continue };
        let low = v.low(i).to_string();
        let strong = strong_cue(&low);
        if low == "according" {
            let Some(np) = v.right_np(ce, hi) else {
                continue;
            };
            // The content on either side: `According to X, A`, `A, according to X`, or `A,
            // according to X, B` (one content over both parts, as a split quote).
            let mut after = np.1;
            while after < hi && is_aside_mark(v.s(after)) {
                after += 1;
            }
            let after_end = content_end(v, after, hi);
            let before_end = if i > lo && is_aside_mark(v.s(i - 1)) {
                i - 1
            } else {
                i
            };
            let runs_on = after > np.1 && words(v, after, after_end) >= 3;
            let (a, b) = if i == lo || (i == lo + 1 && !v.is_word(lo)) {
                (after, after_end)
            } else if runs_on && words(v, lo, before_end) < 3 {
                // `In addition, according to X, A`: a short adjunct before it says nothing.
                (after, after_end)
            } else if runs_on {
                (lo, after_end)
            } else {
                (lo, before_end)
            };
            if words(v, a, b) < 3 {
                continue;
            }
            return Some(Cand {
                content: span(v, a, b)?,
                direct: false,
                speaker: Some(np),
                cue: Some((i, ce)),
                confidence: 0.7,
                regions: Vec::new(),
                para,
                marked: false,
            });
        }
        let participle = is_participle_cue(&low);
        let left = if participle { v.subject(lo, i) } else { None };
        let left = left.or_else(|| v.left_np(i, lo)).or_else(|| {
            // `Senator Dianne Feinstein, Democrat of California, said …`.
            if i > lo && v.s(i - 1) == "," {
                let open = (lo.max(i.saturating_sub(30))..i - 1)
                    .rev()
                    .find(|&k| v.s(k) == ",")?;
                v.left_np(open, lo)
                    .filter(|&(a, b)| (a..b).any(|k| v.is_cap(k)))
            } else {
                None
            }
        });
        // Right content: skip the addressee and a short adjunct up to `that`.
        let mut k = ce;
        if is_addressee_verb(&low) {
            if matches!(v.low(k), "me" | "him" | "her" | "us" | "them" | "you") {
                k += 1;
            } else if let Some((_, e)) = v.right_np(k, hi) {
                k = e;
            }
        }
        // `said that`, `said on Thursday that`: skip only an adjunct, never a clause.
        let adjunct_at_k = matches!(
            v.low(k),
            "in" | "on"
                | "at"
                | "during"
                | "after"
                | "before"
                | "via"
                | "by"
                | "from"
                | "for"
                | "last"
                | "this"
                | "earlier"
                | "later"
                | "to"
                | "through"
                | "with"
                | "again"
                | "also"
                | "repeatedly"
                | "publicly"
                | "privately"
                | "recently"
                | "previously"
                | "monday"
                | "tuesday"
                | "wednesday"
                | "thursday"
                | "friday"
                | "saturday"
                | "sunday"
                | "yesterday"
                | "today"
        );
        let that_at = (k..(k + 9).min(hi))
            .take_while(|&t| v.is_word(t) && !v.in_region(t))
            .find(|&t| v.low(t) == "that")
            .filter(|&t| t == k || adjunct_at_k);
        let has_that = that_at.is_some();
        if let Some(t) = that_at {
            k = t;
        }
        let colon = v.s(k) == ":";
        while k < hi && matches!(v.s(k), ":") {
            k += 1;
        }
        let tail_comma = v.s(k) == ",";
        let re = content_end(v, k, hi);
        let right_words = words(v, k, re);
        if let Some((ls, le)) = left {
            let named = le == ls + 1 && is_pronoun(v.low(ls)) || (ls..le).any(|k| v.is_cap(k));
            let adjunct_first = matches!(
                v.low(k),
                "in" | "on"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "while"
                    | "via"
                    | "by"
                    | "from"
                    | "for"
                    | "when"
                    | "last"
                    | "this"
                    | "earlier"
                    | "later"
                    | "up"
                    | "into"
                    | "onto"
            );
            let left_content = ls > lo
                && v.s(ls - 1) == ","
                && words(v, lo, ls - 1) >= 3
                && !has_that
                && !colon
                && (adjunct_first || right_words < 4);
            // An act verb (`declared`, `found`) reports speech only with a clause: `X declared
            // independence in 1991` is an act.
            let clause = has_that
                || colon
                || !crate::syntax::is_cue(&low, "act")
                || (k..re).any(|t| matches!(v.upos(t), Some(Upos::Verb | Upos::Aux)));
            if right_words >= 3
                && clause
                && !tail_comma
                && !left_content
                && (has_that || colon || !adjunct_first || right_words >= 7)
                && (strong || has_that || colon || named && right_words >= 4)
            {
                return Some(Cand {
                    content: span(v, k, re)?,
                    direct: false,
                    speaker: Some((ls, le)),
                    cue: Some((i, ce)),
                    confidence: if strong { 0.7 } else { 0.5 },
                    regions: Vec::new(),
                    para,
                    marked: false,
                });
            }
            // `As Mezerin told me, there’s no room for fatalism.`
            let as_clause = ls == lo + 1 && v.low(lo) == "as";
            if as_clause && tail_comma && words(v, k + 1, hi) >= 3 {
                let e = content_end(v, k + 1, hi);
                return Some(Cand {
                    content: span(v, k + 1, e)?,
                    direct: false,
                    speaker: Some((ls, le)),
                    cue: Some((i, ce)),
                    confidence: if strong { 0.7 } else { 0.5 },
                    regions: Vec::new(),
                    para,
                    marked: false,
                });
            }
            // A content before the speaker says something: a phrase with no verb is the
            // speaker's own appositive or an adjunct (`A lawyer for the outlets, David Schulz,
            // said`; `In a statement, X said`).
            // `And independence, he said, cannot come …` runs on after the attribution.
            let says = !v.has_pos()
                || tail_comma
                || (lo..ls.saturating_sub(1))
                    .any(|t| matches!(v.upos(t), Some(Upos::Verb | Upos::Aux)));
            if ls > lo
                && v.s(ls - 1) == ","
                && says
                && words(v, lo, ls - 1) >= if tail_comma { 2 } else { 3 }
            {
                let mut e = ls - 1;
                // `X, he said, Y`: the content runs on after the attribution.
                if tail_comma {
                    let t = k + 1;
                    let l = v.low(t);
                    let adjunct =
                        is_participle_cue(l) || is_adjunct_participle(l) || is_adjunct_opener(l);
                    if !adjunct && words(v, t, hi) >= 3 {
                        e = content_end(v, t, hi);
                    }
                }
                return Some(Cand {
                    content: span(v, lo, e)?,
                    direct: false,
                    speaker: Some((ls, le)),
                    cue: Some((i, ce)),
                    confidence: if strong { 0.7 } else { 0.5 },
                    regions: Vec::new(),
                    para,
                    marked: false,
                });
            }
        } else if i > lo && v.s(i - 1) == "," && strong && !is_addressee_verb(&low) {
            // Inverted: `CONTENT, said the source.`
            if let Some(np) = v.right_np(ce, hi)
                && words(v, lo, i - 1) >= 3
            {
                return Some(Cand {
                    content: span(v, lo, i - 1)?,
                    direct: false,
                    speaker: Some(np),
                    cue: Some((i, ce)),
                    confidence: 0.6,
                    regions: Vec::new(),
                    para,
                    marked: false,
                });
            }
        }
    }
    None
}

/// A bullet mark opening a list item.
fn is_bullet(s: &str) -> bool {
    matches!(s, "•" | "·" | "-" | "*" | "–" | "—" | "▪" | "●" | "◦")
}

/// Bulleted points after an attribution that ends its paragraph with a colon (`Ode said:`):
/// one reported quote per point, with that speaker and cue.
fn bullets(v: &View) -> Vec<Cand> {
    let mut out = Vec::new();
    for (si, &(lo, hi)) in v.sents.iter().enumerate() {
        let colon = hi.saturating_sub(1);
        if hi < lo + 3 || v.s(colon) != ":" || v.in_region(colon) {
            continue;
        }
        let Some(para) = v.toks.get(colon).map(|t| t.para) else {
            continue;
        };
        // The cue right before the colon (`said:`, `said in a statement:` is not a list).
        let Some(cue) = (lo..colon)
            .rev()
            .take(3)
            .find(|&i| v.cue_at(i) == Some(colon))
        else {
            continue;
        };
        let Some(speaker) = v.left_np(cue, lo) else {
            continue;
        };
        let mut last_para = para;
        for &(a, b) in v.sents.iter().skip(si + 1) {
            let Some(t) = v.toks.get(a) else { break };
            // Each point opens a paragraph of its own; a later sentence of a point stays in it.
            if t.para == last_para && t.para != para {
                continue;
            }
            if !is_bullet(v.s(a)) || t.para <= last_para {
                break;
            }
            last_para = t.para;
            let start = a + 1;
            let e = content_end(v, start, b);
            if words(v, start, e) >= 2
                && let Some(content) = span(v, start, e)
            {
                out.push(Cand {
                    content,
                    direct: false,
                    speaker: Some(speaker),
                    cue: Some((cue, colon)),
                    confidence: 0.5,
                    regions: Vec::new(),
                    para: t.para,
                    marked: false,
                });
            }
        }
    }
    out
}
