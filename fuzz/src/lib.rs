//! Invariant checks shared by the fuzz targets: every range in bounds and on char boundaries,
//! and the layers of an annotated document consistent with each other.
//!
//! Each check panics with a message naming the layer and the item, which libFuzzer reports as a
//! crash with the input that caused it.

use doc::{Document, TextRange};

/// Panics unless `r` lies inside `text` on char boundaries.
pub fn check_range(text: &str, r: TextRange, what: &str) {
    assert!(
        r.start <= r.end
            && (r.end as usize) <= text.len()
            && text.is_char_boundary(r.start as usize)
            && text.is_char_boundary(r.end as usize),
        "{what}: range {}..{} is out of bounds or off a char boundary (text is {} bytes)",
        r.start,
        r.end,
        text.len()
    );
}

/// Every range of every layer is in bounds and on char boundaries; relation arguments point at
/// existing mentions. Holds for any document, gold layers read from a file included.
pub fn check_ranges(d: &Document) {
    let text = d.text();
    let n_mentions = d.entity_items().len();
    for (i, t) in d.token_items().iter().enumerate() {
        check_range(text, t.range, &format!("token {i}"));
    }
    for (i, s) in d.sentence_items().iter().enumerate() {
        check_range(text, s.range, &format!("sentence {i}"));
    }
    for (i, m) in d.entity_items().iter().enumerate() {
        check_range(text, m.range, &format!("mention {i}"));
    }
    for (i, q) in d.quote_items().iter().enumerate() {
        check_range(text, q.range, &format!("quote {i}"));
        for (r, what) in [
            (q.speaker, "speaker"),
            (q.cue, "cue"),
            (q.time_evidence, "time evidence"),
        ] {
            if let Some(r) = r {
                check_range(text, r, &format!("quote {i} {what}"));
            }
        }
    }
    for (i, t) in d.timex_items().iter().enumerate() {
        check_range(text, t.range, &format!("timex {i}"));
    }
    if let Some(l) = d.coref() {
        for (i, c) in l.items.iter().enumerate() {
            for (j, r) in c.spans.iter().enumerate() {
                check_range(text, *r, &format!("coref chain {i} span {j}"));
            }
        }
    }
    if let Some(l) = d.relations() {
        for (i, r) in l.items.iter().enumerate() {
            check_range(text, r.evidence, &format!("relation {i} evidence"));
            assert!(
                (r.subject as usize) < n_mentions,
                "relation {i}: subject {} of {n_mentions} mentions",
                r.subject
            );
            if let Some(o) = r.object {
                assert!(
                    (o as usize) < n_mentions,
                    "relation {i}: object {o} of {n_mentions} mentions"
                );
            }
        }
    }
}

/// The layers the pipeline produced are consistent: tokens sorted, non-empty, non-overlapping
/// and free of whitespace, with only separators between them; sentences partition the tokens
/// in order and span them; one POS tag per token; mentions non-empty with a confidence in
/// [0, 1]; plus [`check_ranges`].
pub fn check_annotated(d: &Document) {
    check_ranges(d);
    let text = d.text();
    let toks = d.token_items();
    let mut at = 0usize;
    for (i, t) in toks.iter().enumerate() {
        let (a, b) = (t.range.start as usize, t.range.end as usize);
        assert!(a < b, "token {i} is empty ({a}..{b})");
        assert!(
            at <= a,
            "token {i} ({a}..{b}) overlaps or precedes the one before"
        );
        let gap = &text[at..a];
        assert!(
            gap.chars()
                .all(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'),
            "text {gap:?} before token {i} belongs to no token"
        );
        assert!(
            !text[a..b].chars().any(char::is_whitespace),
            "token {i} {:?} holds whitespace",
            &text[a..b]
        );
        at = b;
    }
    let sents = d.sentence_items();
    let mut next = 0u32;
    for (k, s) in sents.iter().enumerate() {
        let (i, j) = s.tokens;
        assert_eq!(i, next, "sentence {k} starts at token {i}, expected {next}");
        assert!(
            i < j && j as usize <= toks.len(),
            "sentence {k} tokens {i}..{j}"
        );
        assert_eq!(
            s.range.start, toks[i as usize].range.start,
            "sentence {k} starts off its first token"
        );
        assert_eq!(
            s.range.end,
            toks[j as usize - 1].range.end,
            "sentence {k} ends off its last token"
        );
        next = j;
    }
    if d.sentences().is_some() {
        assert_eq!(next as usize, toks.len(), "tokens after the last sentence");
    }
    if let Some(p) = d.pos() {
        assert_eq!(p.items.len(), toks.len(), "one POS tag per token");
    }
    for (i, m) in d.entity_items().iter().enumerate() {
        assert!(!m.range.is_empty(), "mention {i} is empty");
        assert!(
            (0.0..=1.0).contains(&m.confidence),
            "mention {i} confidence {}",
            m.confidence
        );
    }
    for (i, q) in d.quote_items().iter().enumerate() {
        assert!(
            (0.0..=1.0).contains(&q.confidence),
            "quote {i} confidence {}",
            q.confidence
        );
    }
    if let Some(l) = d.relations() {
        for (i, r) in l.items.iter().enumerate() {
            assert!(
                (0.0..=1.0).contains(&r.confidence),
                "relation {i} confidence {}",
                r.confidence
            );
        }
    }
}

/// Runs `f` so that a panic the code under test catches itself (ingest guards the feed parser
/// and the page extractor with `catch_unwind`) is not a crash, while one that escapes is.
/// libFuzzer's panic hook aborts on every panic, caught or not; this swaps it for the default
/// hook (which prints the message) and aborts only when the panic reaches us.
pub fn allowing_caught_panics(f: impl FnOnce()) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let _ = std::panic::take_hook();
        std::panic::set_hook(Box::new(|info| {
            let bt = std::backtrace::Backtrace::force_capture();
            eprintln!("panic (a crash unless the code under test catches it): {info}\n{bt}");
        }));
    });
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).is_err() {
        std::process::abort();
    }
}
