//! Property tests of `OffsetIndex`: byte ↔ code-point conversions round-trip on arbitrary
//! Unicode text, and `Document` accepts exactly the ranges that are in bounds on char boundaries.

use doc::{DocMeta, Document, OffsetIndex, TextRange};
use proptest::prelude::*;

/// Arbitrary strings, biased towards multi-byte characters (2-, 3- and 4-byte UTF-8).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-zé“”’—😀🇺🇦\u{301}\u{0}\n ]{0,40}",]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn code_points_round_trip(s in text()) {
        let idx = OffsetIndex::new(&s);
        prop_assert_eq!(idx.len_bytes() as usize, s.len());
        prop_assert_eq!(idx.len_chars() as usize, s.chars().count());
        for (ci, (b, _)) in s.char_indices().enumerate() {
            prop_assert_eq!(idx.byte_to_char(b as u32), ci as u32);
            prop_assert_eq!(idx.char_to_byte(ci as u32), Some(b as u32));
        }
        let n = idx.len_chars();
        prop_assert_eq!(idx.byte_to_char(s.len() as u32), n);
        prop_assert_eq!(idx.char_to_byte(n), Some(s.len() as u32));
        prop_assert_eq!(idx.char_to_byte(n + 1), None);
        prop_assert_eq!(idx.char_to_byte(u32::MAX), None);
    }

    #[test]
    fn every_byte_offset_maps_to_its_char(s in text(), extra in 0u32..8) {
        let idx = OffsetIndex::new(&s);
        let len = s.len() as u32;
        for b in 0..=len + extra {
            let c = idx.byte_to_char(b);
            // The char containing `b` (or the end): the number of char starts before it, when
            // `b` is a boundary; otherwise the start of the char it falls inside.
            let clamped = b.min(len) as usize;
            let start = (0..=clamped).rev().find(|&i| s.is_char_boundary(i)).unwrap();
            prop_assert_eq!(c as usize, s[..start].chars().count());
            // And back: a code point gives the boundary at or before the byte.
            prop_assert_eq!(idx.char_to_byte(c), Some(start as u32));
        }
    }

    #[test]
    fn documents_accept_exactly_the_valid_ranges(s in text(), a in 0u32..64, b in 0u32..64) {
        let mut d = Document::new(DocMeta::new("p"), s.clone()).unwrap();
        let r = TextRange { start: a, end: b };
        let valid = a <= b
            && (b as usize) <= s.len()
            && s.is_char_boundary(a as usize)
            && s.is_char_boundary(b as usize);
        prop_assert_eq!(d.check_range(r).is_ok(), valid);
        let layer = doc::Layer::new(doc::Producer::new("p", "1"), vec![doc::Token { range: r }]);
        prop_assert_eq!(d.set_tokens(layer).is_ok(), valid);
        // Every range an item holds is checked, the optional ones too.
        let ok = TextRange { start: 0, end: 0 };
        let quote = |speaker, cue, time_evidence| doc::Quote {
            range: ok,
            direct: true,
            speaker,
            cue,
            speaker_entity: None,
            confidence: 1.0,
            time: None,
            time_evidence,
            kind: None,
        };
        for q in [quote(Some(r), None, None), quote(None, Some(r), None), quote(None, None, Some(r))] {
            let mut d = Document::new(DocMeta::new("p"), s.clone()).unwrap();
            let layer = doc::Layer::new(doc::Producer::new("p", "1"), vec![q]);
            prop_assert_eq!(d.set_quotes(layer).is_ok(), valid);
        }
        // `slice` never panics; it gives the text of a valid range and "" otherwise.
        let want = if valid { &s[a as usize..b as usize] } else { "" };
        prop_assert_eq!(d.slice(r), want);
    }
}
