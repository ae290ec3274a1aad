//! Compact BLOB encodings for layers that are stored whole (tokens, sentences, POS, coref).
//!
//! Tokens and sentences are little-endian `u32` runs (8 and 16 bytes per item); POS tags and
//! coreference chains are JSON. Decoding checks lengths and reports [`StoreError::Corrupt`].

use crate::StoreError;
use doc::{CorefChain, PosTag, Sentence, TextRange, Token};

fn push_u32s(out: &mut Vec<u8>, vals: &[u32]) {
    for v in vals {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn read_u32s<const N: usize>(blob: &[u8], what: &str) -> Result<Vec<[u32; N]>, StoreError> {
    let width = 4 * N;
    if !blob.len().is_multiple_of(width) {
        return Err(StoreError::Corrupt(format!(
            "{what} blob of {} bytes is not a multiple of {width}",
            blob.len()
        )));
    }
    Ok(blob
        .chunks_exact(width)
        .map(|chunk| {
            let mut out = [0u32; N];
            for (o, b) in out.iter_mut().zip(chunk.chunks_exact(4)) {
                *o = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            }
            out
        })
        .collect())
}

fn range(start: u32, end: u32, what: &str) -> Result<TextRange, StoreError> {
    if start > end {
        return Err(StoreError::Corrupt(format!("{what} range {start}..{end}")));
    }
    Ok(TextRange { start, end })
}

pub(crate) fn encode_tokens(items: &[Token]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 8);
    for t in items {
        push_u32s(&mut out, &[t.range.start, t.range.end]);
    }
    out
}

pub(crate) fn decode_tokens(blob: &[u8]) -> Result<Vec<Token>, StoreError> {
    read_u32s::<2>(blob, "tokens")?
        .into_iter()
        .map(|[s, e]| {
            Ok(Token {
                range: range(s, e, "token")?,
            })
        })
        .collect()
}

pub(crate) fn encode_sentences(items: &[Sentence]) -> Vec<u8> {
    let mut out = Vec::with_capacity(items.len() * 16);
    for s in items {
        push_u32s(
            &mut out,
            &[s.range.start, s.range.end, s.tokens.0, s.tokens.1],
        );
    }
    out
}

pub(crate) fn decode_sentences(blob: &[u8]) -> Result<Vec<Sentence>, StoreError> {
    read_u32s::<4>(blob, "sentences")?
        .into_iter()
        .map(|[s, e, t0, t1]| {
            Ok(Sentence {
                range: range(s, e, "sentence")?,
                tokens: (t0, t1),
            })
        })
        .collect()
}

pub(crate) fn encode_pos(items: &[PosTag]) -> Result<Vec<u8>, StoreError> {
    Ok(serde_json::to_vec(items)?)
}

pub(crate) fn decode_pos(blob: &[u8]) -> Result<Vec<PosTag>, StoreError> {
    Ok(serde_json::from_slice(blob)?)
}

pub(crate) fn encode_coref(items: &[CorefChain]) -> Result<Vec<u8>, StoreError> {
    Ok(serde_json::to_vec(items)?)
}

pub(crate) fn decode_coref(blob: &[u8]) -> Result<Vec<CorefChain>, StoreError> {
    Ok(serde_json::from_slice(blob)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_round_trip_and_reject_garbage() {
        let toks = vec![
            Token {
                range: TextRange::new(0, 3),
            },
            Token {
                range: TextRange::new(4, 70000),
            },
        ];
        assert_eq!(decode_tokens(&encode_tokens(&toks)).unwrap(), toks);
        let sents = vec![Sentence {
            range: TextRange::new(0, 9),
            tokens: (0, 2),
        }];
        assert_eq!(decode_sentences(&encode_sentences(&sents)).unwrap(), sents);
        assert!(decode_tokens(&[1, 2, 3]).is_err());
        // start > end
        let mut bad = Vec::new();
        push_u32s(&mut bad, &[5, 1]);
        assert!(decode_tokens(&bad).is_err());
        assert!(decode_pos(b"not json").is_err());
    }
}
