//! Property tests of the interchange round trip: a document with arbitrary layers over arbitrary
//! Unicode text, written as JSONL and read back, is the same document; a record's own keys and
//! values survive being written back unchanged.

use doc::{
    DocMeta, Document, EntityLabel, Layer, Mention, PosTag, Producer, Quote, Sentence, TextRange,
    Timex, TimexType, Token, Upos, Xpos,
};
use interchange::{LAYER_KEYS, Record, read_records, token_span, write_document};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z .,“”’—éÓ😀🇺🇦\u{301}\u{2028}\"\\\\\n\r\t\u{0}]{0,60}",
    ]
}

/// A confidence the writer's 4-decimal rounding keeps exactly.
fn confidence() -> impl Strategy<Value = f32> {
    (0u32..=10_000).prop_map(|k| k as f32 / 10_000.0)
}

fn opt_string() -> impl Strategy<Value = Option<String>> {
    prop::option::of(any::<String>())
}

/// Raw material for layers: ranges are picked among the text's char boundaries afterwards.
#[derive(Clone, Debug)]
struct Raw {
    id: String,
    date: Option<String>,
    text: String,
    tokens: Vec<(u16, u16)>,
    sentences: Vec<(u16, u16)>,
    pos: Vec<(usize, usize)>,
    entities: Vec<EntityRaw>,
    quotes: Vec<QuoteRaw>,
    timexes: Vec<((u16, u16), u8, String)>,
}

type EntityRaw = ((u16, u16), u8, Option<String>, f32, Option<String>);

type QuoteRaw = (
    (u16, u16),
    bool,
    Option<(u16, u16)>,
    Option<(u16, u16)>,
    Option<String>,
    f32,
    Option<String>,
    Option<(u16, u16)>,
);

fn pair() -> impl Strategy<Value = (u16, u16)> {
    any::<(u16, u16)>()
}

fn raw() -> impl Strategy<Value = Raw> {
    let quote = (
        pair(),
        any::<bool>(),
        prop::option::of(pair()),
        prop::option::of(pair()),
        opt_string(),
        confidence(),
        opt_string(),
        prop::option::of(pair()),
    );
    (
        any::<String>(),
        prop::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}"),
        text(),
        prop::collection::vec(pair(), 0..12),
        prop::collection::vec(pair(), 0..4),
        prop::collection::vec(any::<(usize, usize)>(), 0..4),
        prop::collection::vec(
            (
                pair(),
                any::<u8>(),
                opt_string(),
                confidence(),
                opt_string(),
            ),
            0..6,
        ),
        prop::collection::vec(quote, 0..4),
        prop::collection::vec((pair(), any::<u8>(), any::<String>()), 0..4),
    )
        .prop_map(
            |(id, date, text, tokens, sentences, pos, entities, quotes, timexes)| Raw {
                id,
                date,
                text,
                tokens,
                sentences,
                pos,
                entities,
                quotes,
                timexes,
            },
        )
}

const LABELS: [EntityLabel; 4] = [
    EntityLabel::Per,
    EntityLabel::Org,
    EntityLabel::Loc,
    EntityLabel::Misc,
];
const TYPES: [TimexType; 4] = [
    TimexType::Date,
    TimexType::Time,
    TimexType::Duration,
    TimexType::Set,
];

/// The document `raw` describes: every range on char boundaries of its text.
fn build(raw: &Raw) -> Document {
    let text = &raw.text;
    let bounds: Vec<u32> = text
        .char_indices()
        .map(|(i, _)| i as u32)
        .chain([text.len() as u32])
        .collect();
    let range = |(a, b): (u16, u16)| {
        let a = bounds[a as usize % bounds.len()];
        let b = bounds[b as usize % bounds.len()];
        TextRange::new(a.min(b), a.max(b))
    };
    let mut meta = DocMeta::new(raw.id.clone());
    meta.published = raw.date.clone();
    let mut d = Document::new(meta, text.clone()).unwrap();
    let p = Producer::new("prop", "1");
    // Tokens are sorted and non-overlapping, like the tokenizer's.
    let mut cuts: Vec<TextRange> = raw.tokens.iter().map(|&t| range(t)).collect();
    cuts.sort_by_key(|r| (r.start, r.end));
    let mut toks: Vec<Token> = Vec::new();
    for r in cuts {
        if toks.last().is_none_or(|t| t.range.end <= r.start) && !r.is_empty() {
            toks.push(Token { range: r });
        }
    }
    d.set_tokens(Layer::new(p.clone(), toks.clone())).unwrap();
    let sents = raw
        .sentences
        .iter()
        .map(|&s| {
            let r = range(s);
            Sentence {
                range: r,
                tokens: token_span(&toks, r),
            }
        })
        .collect();
    d.set_sentences(Layer::new(p.clone(), sents)).unwrap();
    let pos = raw
        .pos
        .iter()
        .map(|&(u, x)| PosTag {
            upos: Upos::ALL[u % Upos::ALL.len()],
            xpos: Xpos::ALL[x % Xpos::ALL.len()],
        })
        .collect();
    d.set_pos(Layer::new(p.clone(), pos)).unwrap();
    let ents = raw
        .entities
        .iter()
        .map(|(r, l, fine, c, ent)| Mention {
            range: range(*r),
            label: LABELS[*l as usize % 4],
            fine_label: fine.clone(),
            confidence: *c,
            entity: ent.clone(),
        })
        .collect();
    d.set_entities(Layer::new(p.clone(), ents)).unwrap();
    let quotes = raw
        .quotes
        .iter()
        .map(|(r, direct, sp, cue, se, c, time, te)| Quote {
            range: range(*r),
            direct: *direct,
            speaker: sp.map(range),
            cue: cue.map(range),
            speaker_entity: se.clone(),
            confidence: *c,
            time: time.clone(),
            time_evidence: te.map(range),
            kind: None,
        })
        .collect();
    d.set_quotes(Layer::new(p.clone(), quotes)).unwrap();
    let timexes = raw
        .timexes
        .iter()
        .map(|(r, k, v)| Timex::new(range(*r), TYPES[*k as usize % 4], v.clone()))
        .collect();
    d.set_timexes(Layer::new(p, timexes)).unwrap();
    d
}

fn same_document(a: &Document, b: &Document) -> Result<(), TestCaseError> {
    prop_assert_eq!(&a.meta.id, &b.meta.id);
    prop_assert_eq!(a.text(), b.text());
    prop_assert_eq!(a.meta.published_date(), b.meta.published_date());
    prop_assert_eq!(a.token_items(), b.token_items());
    prop_assert_eq!(a.sentence_items(), b.sentence_items());
    prop_assert_eq!(&a.pos().unwrap().items, &b.pos().unwrap().items);
    prop_assert_eq!(a.entity_items(), b.entity_items());
    prop_assert_eq!(a.quote_items(), b.quote_items());
    prop_assert_eq!(a.timex_items(), b.timex_items());
    Ok(())
}

/// JSON values without floats (serde_json's default float parser is not exact in rare cases,
/// and the writer is not the place to test that).
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn documents_round_trip(raws in prop::collection::vec(raw(), 1..4)) {
        let docs: Vec<Document> = raws.iter().map(build).collect();
        let mut out = Vec::new();
        for d in &docs {
            write_document(&mut out, d, None).unwrap();
        }
        // One line per document, whatever the text holds.
        prop_assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), docs.len());
        let back: Vec<Record> = read_records(&out[..]).collect::<Result<_, _>>().unwrap();
        prop_assert_eq!(back.len(), docs.len());
        for (i, (d, r)) in docs.iter().zip(&back).enumerate() {
            prop_assert_eq!(r.line, i + 1);
            let d2 = r.to_document_with_layers().unwrap();
            same_document(d, &d2)?;
            // Writing the read document again gives the same line.
            let mut again = Vec::new();
            write_document(&mut again, &d2, Some(r)).unwrap();
            let mut first = Vec::new();
            write_document(&mut first, d, None).unwrap();
            prop_assert_eq!(String::from_utf8(again).unwrap(), String::from_utf8(first).unwrap());
        }
    }

    #[test]
    fn a_record_written_back_is_unchanged(
        id in prop_oneof![any::<String>().prop_map(Value::String), any::<i64>().prop_map(Value::from)],
        text in text(),
        date in prop::option::of(prop_oneof![Just(Value::Null), any::<String>().prop_map(Value::String)]),
        extra in prop::collection::vec((any::<String>(), json_value()), 0..5),
        id_first in any::<bool>(),
    ) {
        let mut fields = Map::new();
        let mut own = vec![("id".to_string(), id), ("text".to_string(), Value::String(text))];
        if !id_first {
            own.reverse();
        }
        for (k, v) in own.into_iter().chain(date.map(|d| ("date".to_string(), d))) {
            fields.insert(k, v);
        }
        for (k, v) in extra {
            // Layer keys are replaced by what the document has; the rest is carried through.
            let skip = LAYER_KEYS.contains(&k.as_str()) || fields.contains_key(&k);
            if !skip {
                fields.insert(k, v);
            }
        }
        let line = serde_json::to_string(&Value::Object(fields.clone())).unwrap();
        let r = Record::parse(7, &line).unwrap();
        prop_assert_eq!(&r.fields, &fields);
        let d = r.to_document().unwrap();
        prop_assert_eq!(d.text(), r.text());
        let mut out = Vec::new();
        write_document(&mut out, &d, Some(&r)).unwrap();
        let s = String::from_utf8(out).unwrap();
        prop_assert_eq!(s.trim_end_matches('\n'), line.as_str());
        let back = Record::parse(7, s.trim_end()).unwrap();
        prop_assert_eq!(&back, &r);
        let keys = |m: &Map<String, Value>| m.keys().cloned().collect::<Vec<_>>();
        prop_assert_eq!(keys(&back.fields), keys(&fields));
    }
}
