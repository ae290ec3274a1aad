//! Property tests of the tokenizer's contract on arbitrary Unicode text: tokens plus the gaps
//! between them give back the text, the gaps hold only separators, and every token belongs to
//! exactly one sentence.

use doc::{DocMeta, Document};
use proptest::prelude::*;
use tokenize::Tokenizer;

/// What may stand between tokens: whitespace and the zero-width separators the tokenizer skips.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}'
}

/// Pieces of news English and the characters that trip rules: quotes, dashes, clitics,
/// abbreviations, numbers, URLs, combining marks, emoji, controls.
const PIECES: &[&str] = &[
    "Mr.",
    "U.S.",
    "H.W.",
    "Dr",
    "Ms.",
    "St.",
    "a.m.",
    "Jan.",
    "No.",
    "etc.",
    "e.g.",
    "Inc.",
    "Zakayev",
    "told",
    "Foreign",
    "Policy",
    "Kyiv",
    "Ichkeria",
    "Magaletsky",
    "said",
    "the",
    "do",
    "n't",
    "can't",
    "’s",
    "'s",
    "players’",
    "gonna",
    "cannot",
    "I'm",
    "we’re",
    "o’clock",
    "1,000",
    "3.5",
    "2024-08-25",
    "10:30",
    "$5",
    "50%",
    "1990–2000",
    "#1",
    "+44",
    "https://example.org/a?b=c&d=e.",
    "www.example.com",
    "ann@example.org",
    "@user",
    "#tag",
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    "„",
    "(",
    ")",
    "[",
    "]",
    "—",
    "–",
    "-",
    "--",
    "...",
    "…",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "?!",
    "/",
    "\\",
    "&",
    "*",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\u{a0}",
    "\u{200b}",
    "\u{feff}",
    "\u{2028}",
    "é",
    "e\u{301}",
    "Ólafur",
    "Jónsson",
    "Москва",
    "北京",
    "😀",
    "🇺🇦",
    "👍🏽",
    "\u{0}",
    "\u{7f}",
    "\u{202e}",
    "\u{fffd}",
];

fn newsish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..48).prop_map(|v| v.concat())
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), newsish(), "[a-zA-Z.,'’“” \n-]{0,64}"]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn tokens_and_gaps_give_back_the_text(s in text()) {
        let toks = Tokenizer::new().tokenize(&s);
        let mut rebuilt = String::with_capacity(s.len());
        let mut at = 0usize;
        for t in &toks {
            let (a, b) = (t.range.start as usize, t.range.end as usize);
            prop_assert!(at <= a && a < b && b <= s.len(), "token {a}..{b} after {at} in {s:?}");
            prop_assert!(s.is_char_boundary(a) && s.is_char_boundary(b), "{a}..{b} in {s:?}");
            let gap = &s[at..a];
            prop_assert!(gap.chars().all(is_separator), "gap {gap:?} before {a} in {s:?}");
            let tok = &s[a..b];
            prop_assert!(!tok.chars().any(char::is_whitespace), "token {tok:?} in {s:?}");
            rebuilt.push_str(gap);
            rebuilt.push_str(tok);
            at = b;
        }
        let tail = &s[at..];
        prop_assert!(tail.chars().all(is_separator), "tail {tail:?} in {s:?}");
        rebuilt.push_str(tail);
        prop_assert_eq!(rebuilt, s);
    }

    #[test]
    fn sentences_partition_the_tokens(s in text()) {
        let t = Tokenizer::new();
        let toks = t.tokenize(&s);
        let sents = t.split_sentences(&s, &toks);
        let mut next = 0u32;
        let mut prev_end = 0u32;
        for st in &sents {
            let (i, j) = st.tokens;
            prop_assert_eq!(i, next, "sentences must follow each other in {:?}", s);
            prop_assert!(i < j, "empty sentence {:?} in {:?}", st, s);
            prop_assert!(j as usize <= toks.len());
            let first = toks[i as usize].range;
            let last = toks[j as usize - 1].range;
            prop_assert_eq!(st.range.start, first.start, "sentence {:?} in {:?}", st, s);
            prop_assert_eq!(st.range.end, last.end, "sentence {:?} in {:?}", st, s);
            prop_assert!(st.range.start >= prev_end);
            prev_end = st.range.end;
            next = j;
        }
        prop_assert_eq!(next as usize, toks.len(), "tokens outside sentences in {:?}", s);
    }

    #[test]
    fn the_annotator_adds_layers_the_document_accepts(s in text()) {
        let mut d = Document::new(DocMeta::new("p"), s).unwrap();
        doc::Annotator::annotate(&Tokenizer::new(), &mut d).unwrap();
        prop_assert!(d.tokens().is_some() && d.sentences().is_some());
    }
}
