//! Compact BLOB encodings for layers that are stored whole (tokens, sentences, POS,
//! dependencies, coref).
//!
//! Tokens and sentences are little-endian `u32` runs (8 and 16 bytes per item); POS tags and
//! coreference chains are JSON. Dependencies are a table of relation names (a `u16` count, then
//! each name as a `u8` length and its bytes) followed by five bytes per token: the head as a
//! `u32` (`u32::MAX` for a root) and the relation's index in the table. Decoding checks lengths
//! and reports [`StoreError::Corrupt`].

use crate::StoreError;
use doc::{CorefChain, Dependency, PosTag, Sentence, TextRange, Token};

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

pub(crate) fn encode_deps(items: &[Dependency]) -> Result<Vec<u8>, StoreError> {
    let mut names: Vec<&str> = items.iter().map(|d| d.rel.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    if names.len() > usize::from(u8::MAX) + 1 || names.iter().any(|n| n.len() > 255) {
        return Err(StoreError::Corrupt(
            "dependency relations: more than 256 names or a name over 255 bytes".into(),
        ));
    }
    let mut out = Vec::with_capacity(2 + names.len() * 8 + items.len() * 5);
    out.extend_from_slice(&(names.len() as u16).to_le_bytes());
    for n in &names {
        out.push(n.len() as u8);
        out.extend_from_slice(n.as_bytes());
    }
    for d in items {
        out.extend_from_slice(&d.head.unwrap_or(u32::MAX).to_le_bytes());
        let i = names.binary_search(&d.rel.as_str()).unwrap_or(0);
        out.push(i as u8);
    }
    Ok(out)
}

pub(crate) fn decode_deps(blob: &[u8]) -> Result<Vec<Dependency>, StoreError> {
    let bad = |what: &str| StoreError::Corrupt(format!("dependency blob: {what}"));
    let (n, mut rest) = match blob {
        [a, b, rest @ ..] => (u16::from_le_bytes([*a, *b]) as usize, rest),
        _ => return Err(bad("no relation table")),
    };
    let mut names = Vec::with_capacity(n);
    for _ in 0..n {
        let (&len, tail) = rest
            .split_first()
            .ok_or_else(|| bad("cut relation table"))?;
        let len = len as usize;
        let name = tail.get(..len).ok_or_else(|| bad("cut relation name"))?;
        names.push(std::str::from_utf8(name).map_err(|_| bad("relation name not UTF-8"))?);
        rest = &tail[len..];
    }
    if !rest.len().is_multiple_of(5) {
        return Err(bad("token entries not a multiple of 5 bytes"));
    }
    rest.chunks_exact(5)
        .map(|c| {
            let head = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            let rel = names
                .get(c[4] as usize)
                .ok_or_else(|| bad("relation index out of range"))?;
            Ok(Dependency {
                head: (head != u32::MAX).then_some(head),
                rel: (*rel).to_string(),
            })
        })
        .collect()
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
        let deps = vec![
            Dependency {
                head: Some(1),
                rel: "nsubj".into(),
            },
            Dependency {
                head: None,
                rel: "root".into(),
            },
            Dependency {
                head: Some(1),
                rel: "punct".into(),
            },
        ];
        let blob = encode_deps(&deps).unwrap();
        assert_eq!(decode_deps(&blob).unwrap(), deps);
        assert_eq!(decode_deps(&encode_deps(&[]).unwrap()).unwrap(), vec![]);
        assert!(decode_deps(&[]).is_err());
        assert!(decode_deps(&blob[..blob.len() - 1]).is_err());
        // A relation index past the table.
        let mut bad = blob.clone();
        *bad.last_mut().unwrap() = 200;
        assert!(decode_deps(&bad).is_err());
    }
}
