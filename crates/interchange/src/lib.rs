//! The annotation interchange format (JSON Lines), as specified in `../shared/docs/interchange.md`.
//!
//! One document per line: `id`, `text`, `date` and optional layers (`entities`, `quotes`,
//! `timexes`, plus our extension keys `tokens`, `sentences`, `pos`, `deps`). Offsets in the file are
//! Unicode code points, end exclusive; inside the engine they are UTF-8 bytes. This crate is the
//! edge where the two meet, through [`doc::OffsetIndex`]. Unknown keys are kept as they were.
//! A quote may carry two extra keys of ours (the format allows extra keys): `time`, the TimeML
//! value of the time it refers to, and `time_evidence`, the span of the expression that gives it;
//! and `kind` (`direct`, `indirect`, `mixed`), optional: readers that do not know it ignore it,
//! and an unknown value reads as no kind. Scare quotes and designations (quotes of kind
//! `designation`, never speech) go under an extension key of their own, `designations`
//! (`[{"start", "end", "confidence"}]`), so that a reader that knows only `quotes` never takes
//! them for attributions; reading them back gives quotes of kind `designation`.
//! A time expression may carry extension keys of ours: `anchor`, what its value was resolved
//! against (`"document"` for the publication date, or `{"start", "end"}`, the span of an
//! earlier expression), and on the first point of a range written as one expression ("1915-17")
//! `range_to` (`{"start", "end"}`, the second point, itself an expression of the list) with
//! `duration` (TimeML, `P3Y`). The TimeML `value` is unchanged.

use doc::{
    DocMeta, Document, EntityLabel, Layer, Mention, OffsetIndex, PosTag, Producer, Quote,
    QuoteKind, Sentence, TextRange, Timex, TimexAnchor, TimexRangeEnd, TimexType, Token, Upos,
    Xpos,
};
use serde_json::{Map, Value, json};
use std::io::{BufRead, Write};

/// Keys this crate reads and writes as layers. Everything else in a record is carried through.
/// `deps`, `coref` and `relations` are written (extra keys) but not read back: an input's own values
/// are carried through unless the document has those layers.
pub const LAYER_KEYS: [&str; 7] = [
    "entities",
    "quotes",
    "designations",
    "timexes",
    "tokens",
    "sentences",
    "pos",
];

#[derive(Debug, thiserror::Error)]
pub enum InterchangeError {
    #[error("line {line}: not valid JSON: {msg}")]
    Json { line: usize, msg: String },
    #[error("line {line}: {msg}")]
    Schema { line: usize, msg: String },
    #[error("line {line}: {source}")]
    Doc { line: usize, source: doc::DocError },
    #[error("reading line {line}: {source}")]
    Io { line: usize, source: std::io::Error },
}

/// One line of the format, kept whole so that writing it back changes nothing we did not touch.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// 1-based line number in the file it came from (0 when built in memory).
    pub line: usize,
    pub fields: Map<String, Value>,
}

impl Record {
    pub fn id(&self) -> &str {
        self.fields.get("id").and_then(Value::as_str).unwrap_or("")
    }

    pub fn text(&self) -> &str {
        self.fields
            .get("text")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    pub fn date(&self) -> Option<&str> {
        self.fields.get("date").and_then(Value::as_str)
    }

    /// Parses one line. The line must be a JSON object with a string `text`; `id` may be a
    /// string or a number (kept as written); `date` a string or null.
    pub fn parse(line_no: usize, line: &str) -> Result<Record, InterchangeError> {
        let v: Value = serde_json::from_str(line).map_err(|e| InterchangeError::Json {
            line: line_no,
            msg: e.to_string(),
        })?;
        let Value::Object(fields) = v else {
            return Err(schema(line_no, "expected a JSON object"));
        };
        match fields.get("id") {
            Some(Value::String(_)) | Some(Value::Number(_)) => {}
            _ => return Err(schema(line_no, "missing `id` (string)")),
        }
        if !matches!(fields.get("text"), Some(Value::String(_))) {
            return Err(schema(line_no, "missing `text` (string)"));
        }
        match fields.get("date") {
            None | Some(Value::Null) | Some(Value::String(_)) => {}
            _ => return Err(schema(line_no, "`date` must be a string or null")),
        }
        Ok(Record {
            line: line_no,
            fields,
        })
    }

    fn id_string(&self) -> String {
        match self.fields.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
            None => String::new(),
        }
    }

    /// The document this record describes, without layers.
    pub fn to_document(&self) -> Result<Document, InterchangeError> {
        let mut meta = DocMeta::new(self.id_string());
        meta.published = self.date().map(str::to_string);
        for key in ["url", "title"] {
            if let Some(Value::String(s)) = self.fields.get(key) {
                match key {
                    "url" => meta.url = Some(s.clone()),
                    _ => meta.title = Some(s.clone()),
                }
            }
        }
        Document::new(meta, self.text()).map_err(|e| InterchangeError::Doc {
            line: self.line,
            source: e,
        })
    }

    /// The document with the layers the record carries (gold annotations), producer `gold`.
    pub fn to_document_with_layers(&self) -> Result<Document, InterchangeError> {
        let mut d = self.to_document()?;
        let idx = d.offset_index();
        let line = self.line;
        let producer = Producer::new("gold", "1");
        let wrap = |e| InterchangeError::Doc { line, source: e };
        if let Some(v) = self.fields.get("entities") {
            let items = parse_entities(line, v, &idx)?;
            d.set_entities(Layer::new(producer.clone(), items))
                .map_err(wrap)?;
        }
        let quotes = self.fields.get("quotes");
        let designations = self.fields.get("designations");
        if quotes.is_some() || designations.is_some() {
            let mut items = match quotes {
                Some(v) => parse_quotes(line, v, &idx)?,
                None => Vec::new(),
            };
            if let Some(v) = designations {
                for q in array(line, "designations", v)? {
                    items.push(Quote {
                        range: span(line, "designation", q, &idx)?,
                        direct: false,
                        speaker: None,
                        cue: None,
                        speaker_entity: None,
                        confidence: q.get("confidence").and_then(Value::as_f64).unwrap_or(1.0)
                            as f32,
                        time: None,
                        time_evidence: None,
                        kind: Some(QuoteKind::Designation),
                    });
                }
                items.sort_by_key(|q| (q.range.start, q.range.end));
            }
            d.set_quotes(Layer::new(producer.clone(), items))
                .map_err(wrap)?;
        }
        if let Some(v) = self.fields.get("timexes") {
            let items = parse_timexes(line, v, &idx)?;
            d.set_timexes(Layer::new(producer.clone(), items))
                .map_err(wrap)?;
        }
        if let Some(v) = self.fields.get("tokens") {
            let items = parse_pairs(line, "tokens", v, &idx)?
                .into_iter()
                .map(|range| Token { range })
                .collect();
            d.set_tokens(Layer::new(producer.clone(), items))
                .map_err(wrap)?;
        }
        if let Some(v) = self.fields.get("sentences") {
            let ranges = parse_pairs(line, "sentences", v, &idx)?;
            let toks = d.token_items();
            let items = ranges
                .into_iter()
                .map(|range| Sentence {
                    range,
                    tokens: token_span(toks, range),
                })
                .collect();
            d.set_sentences(Layer::new(producer.clone(), items))
                .map_err(wrap)?;
        }
        if let Some(Value::Array(tags)) = self.fields.get("pos") {
            let items = tags
                .iter()
                .map(|t| {
                    // Closed tag sets: a tag outside them (or none) reads as `X` / `XX`.
                    let upos = t.get("upos").and_then(Value::as_str).unwrap_or("X");
                    let xpos = t.get("xpos").and_then(Value::as_str).unwrap_or("XX");
                    PosTag {
                        upos: Upos::parse_or_unknown(upos),
                        xpos: Xpos::parse_or_unknown(xpos),
                    }
                })
                .collect();
            d.set_pos(Layer::new(producer, items)).map_err(wrap)?;
        }
        Ok(d)
    }
}

/// The half-open token index range covering a byte range.
pub fn token_span(tokens: &[Token], r: TextRange) -> (u32, u32) {
    let a = tokens.partition_point(|t| t.range.end <= r.start);
    let b = tokens.partition_point(|t| t.range.start < r.end);
    (a as u32, b.max(a) as u32)
}

fn schema(line: usize, msg: impl Into<String>) -> InterchangeError {
    InterchangeError::Schema {
        line,
        msg: msg.into(),
    }
}

fn span(
    line: usize,
    what: &str,
    v: &Value,
    idx: &OffsetIndex,
) -> Result<TextRange, InterchangeError> {
    let get = |k: &str| v.get(k).and_then(Value::as_u64);
    let (Some(s), Some(e)) = (get("start"), get("end")) else {
        return Err(schema(
            line,
            format!("{what}: `start`/`end` must be integers"),
        ));
    };
    code_points_to_bytes(line, what, s, e, idx)
}

fn code_points_to_bytes(
    line: usize,
    what: &str,
    s: u64,
    e: u64,
    idx: &OffsetIndex,
) -> Result<TextRange, InterchangeError> {
    let conv = |c: u64| u32::try_from(c).ok().and_then(|c| idx.char_to_byte(c));
    match (conv(s), conv(e)) {
        (Some(a), Some(b)) if a <= b => Ok(TextRange::new(a, b)),
        _ => Err(schema(
            line,
            format!(
                "{what}: span {s}..{e} is outside the text ({} code points)",
                idx.len_chars()
            ),
        )),
    }
}

fn opt_span(
    line: usize,
    what: &str,
    v: Option<&Value>,
    idx: &OffsetIndex,
) -> Result<Option<TextRange>, InterchangeError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(v) => span(line, what, v, idx).map(Some),
    }
}

fn array<'a>(line: usize, key: &str, v: &'a Value) -> Result<&'a Vec<Value>, InterchangeError> {
    v.as_array()
        .ok_or_else(|| schema(line, format!("`{key}` must be an array")))
}

fn parse_entities(
    line: usize,
    v: &Value,
    idx: &OffsetIndex,
) -> Result<Vec<Mention>, InterchangeError> {
    let mut out = Vec::new();
    for e in array(line, "entities", v)? {
        let range = span(line, "entity", e, idx)?;
        let raw = e.get("label").and_then(Value::as_str).unwrap_or("");
        let label = EntityLabel::parse(raw).unwrap_or(EntityLabel::Misc);
        let fine = e
            .get("fine_label")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| (label.as_str() != raw).then(|| raw.to_string()));
        out.push(Mention {
            range,
            label,
            fine_label: fine,
            confidence: e.get("confidence").and_then(Value::as_f64).unwrap_or(1.0) as f32,
            entity: e.get("entity").and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(out)
}

fn parse_quotes(line: usize, v: &Value, idx: &OffsetIndex) -> Result<Vec<Quote>, InterchangeError> {
    let mut out = Vec::new();
    for q in array(line, "quotes", v)? {
        out.push(Quote {
            range: span(line, "quote", q, idx)?,
            direct: q.get("direct").and_then(Value::as_bool).unwrap_or(false),
            speaker: opt_span(line, "quote speaker", q.get("speaker"), idx)?,
            cue: opt_span(line, "quote cue", q.get("cue"), idx)?,
            speaker_entity: q
                .get("speaker_entity")
                .and_then(Value::as_str)
                .map(str::to_string),
            confidence: q.get("confidence").and_then(Value::as_f64).unwrap_or(1.0) as f32,
            time: q.get("time").and_then(Value::as_str).map(str::to_string),
            time_evidence: opt_span(line, "quote time evidence", q.get("time_evidence"), idx)?,
            kind: q
                .get("kind")
                .and_then(Value::as_str)
                .and_then(QuoteKind::parse),
        });
    }
    Ok(out)
}

fn parse_timexes(
    line: usize,
    v: &Value,
    idx: &OffsetIndex,
) -> Result<Vec<Timex>, InterchangeError> {
    let mut out = Vec::new();
    for t in array(line, "timexes", v)? {
        let raw = t.get("type").and_then(Value::as_str).unwrap_or("");
        let kind = TimexType::parse(raw)
            .ok_or_else(|| schema(line, format!("timex: unknown type {raw:?}")))?;
        // Our extension keys: `anchor` ("document" or the span of an earlier expression),
        // `range_to` (the second point of a range) with `duration`. Unknown forms read as none.
        let anchor = match t.get("anchor") {
            Some(Value::String(a)) if a == "document" => Some(TimexAnchor::Document),
            Some(a @ Value::Object(_)) => {
                opt_span(line, "timex anchor", Some(a), idx)?.map(TimexAnchor::Expression)
            }
            _ => None,
        };
        let span_to = match (
            opt_span(line, "timex range_to", t.get("range_to"), idx)?,
            t.get("duration").and_then(Value::as_str),
        ) {
            (Some(to), Some(d)) => Some(TimexRangeEnd {
                to,
                duration: d.to_string(),
            }),
            _ => None,
        };
        out.push(Timex {
            range: span(line, "timex", t, idx)?,
            kind,
            value: t
                .get("value")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            anchor,
            span_to,
        });
    }
    Ok(out)
}

fn parse_pairs(
    line: usize,
    key: &str,
    v: &Value,
    idx: &OffsetIndex,
) -> Result<Vec<TextRange>, InterchangeError> {
    let mut out = Vec::new();
    for p in array(line, key, v)? {
        let pair = p.as_array().filter(|a| a.len() == 2);
        let (Some(s), Some(e)) = (
            pair.and_then(|a| a[0].as_u64()),
            pair.and_then(|a| a[1].as_u64()),
        ) else {
            return Err(schema(line, format!("`{key}` items must be [start, end]")));
        };
        out.push(code_points_to_bytes(line, key, s, e, idx)?);
    }
    Ok(out)
}

/// The JSON object for a document: `base`'s keys (minus any layer keys) in their order, or
/// `id`/`text`/`date` from the document, then every layer the document has, in code points.
pub fn to_json(doc: &Document, base: Option<&Record>) -> Map<String, Value> {
    to_json_with(doc, base, None)
}

/// Like [`to_json`], with the canonical entity of each entities-layer mention given apart
/// (coreference and resolution come after NER, and layers are append-only); a `Some` slot
/// wins over the mention's own `entity`.
pub fn to_json_with(
    doc: &Document,
    base: Option<&Record>,
    mention_entities: Option<&[Option<String>]>,
) -> Map<String, Value> {
    build(doc, base, mention_entities, false)
}

/// Keys whose arrays have one item per token or per mention: [`write_document_with`] writes
/// them item by item instead of building them as JSON values first (a 10 MB document has
/// millions of tokens).
const STREAMED: [&str; 5] = ["tokens", "sentences", "pos", "deps", "entities"];

/// The record as JSON; with `lazy`, the [`STREAMED`] layers are `null` placeholders that keep
/// their place in the key order.
fn build(
    doc: &Document,
    base: Option<&Record>,
    mention_entities: Option<&[Option<String>]>,
    lazy: bool,
) -> Map<String, Value> {
    let mut m = Map::new();
    match base {
        Some(r) => {
            for (k, v) in &r.fields {
                if !LAYER_KEYS.contains(&k.as_str()) {
                    m.insert(k.clone(), v.clone());
                }
            }
        }
        None => {
            m.insert("id".into(), json!(doc.meta.id));
            m.insert("text".into(), json!(doc.text()));
            m.insert("date".into(), json!(doc.meta.published_date()));
        }
    }
    let idx = doc.offset_index();
    let cp = |r: TextRange| (idx.byte_to_char(r.start), idx.byte_to_char(r.end));
    let span_obj = |r: TextRange| {
        let (s, e) = cp(r);
        json!({"start": s, "end": e})
    };
    let pairs = |ranges: &mut dyn Iterator<Item = TextRange>| -> Value {
        Value::Array(
            ranges
                .map(|r| {
                    let (s, e) = cp(r);
                    json!([s, e])
                })
                .collect(),
        )
    };
    for key in STREAMED {
        if has_layer(doc, key) {
            let v = if lazy {
                Value::Null
            } else {
                Value::Array(layer_items(doc, key, &idx, mention_entities).collect())
            };
            m.insert(key.into(), v);
        }
    }
    if let Some(l) = doc.quotes() {
        let designation = |q: &&Quote| q.kind == Some(QuoteKind::Designation);
        let d: Vec<Value> = l
            .items
            .iter()
            .filter(designation)
            .map(|q| {
                let (s, e) = cp(q.range);
                json!({"start": s, "end": e, "confidence": round4(q.confidence)})
            })
            .collect();
        if !d.is_empty() {
            m.insert("designations".into(), Value::Array(d));
        }
        let v: Vec<Value> = l
            .items
            .iter()
            .filter(|q| !designation(q))
            .map(|q| {
                let (s, e) = cp(q.range);
                let mut o = Map::new();
                o.insert("start".into(), json!(s));
                o.insert("end".into(), json!(e));
                o.insert("direct".into(), json!(q.direct));
                o.insert("speaker".into(), q.speaker.map_or(Value::Null, span_obj));
                o.insert("cue".into(), q.cue.map_or(Value::Null, span_obj));
                if let Some(se) = &q.speaker_entity {
                    o.insert("speaker_entity".into(), json!(se));
                }
                o.insert("confidence".into(), json!(round4(q.confidence)));
                // Extra keys (the format allows them): the time the quote refers to.
                if let Some(t) = &q.time {
                    o.insert("time".into(), json!(t));
                }
                if let Some(r) = q.time_evidence {
                    o.insert("time_evidence".into(), span_obj(r));
                }
                if let Some(k) = q.kind {
                    o.insert("kind".into(), json!(k.as_str()));
                }
                Value::Object(o)
            })
            .collect();
        m.insert("quotes".into(), Value::Array(v));
    }
    if let Some(l) = doc.timexes() {
        let v: Vec<Value> = l
            .items
            .iter()
            .map(|t| {
                let (s, e) = cp(t.range);
                let mut o = Map::new();
                o.insert("start".into(), json!(s));
                o.insert("end".into(), json!(e));
                o.insert("type".into(), json!(t.kind.as_str()));
                o.insert("value".into(), json!(t.value));
                match t.anchor {
                    Some(TimexAnchor::Document) => {
                        o.insert("anchor".into(), json!("document"));
                    }
                    Some(TimexAnchor::Expression(r)) => {
                        let (a, b) = cp(r);
                        o.insert("anchor".into(), json!({"start": a, "end": b}));
                    }
                    None => {}
                }
                if let Some(to) = &t.span_to {
                    let (a, b) = cp(to.to);
                    o.insert("range_to".into(), json!({"start": a, "end": b}));
                    o.insert("duration".into(), json!(to.duration));
                }
                Value::Object(o)
            })
            .collect();
        m.insert("timexes".into(), Value::Array(v));
    }
    // Extra keys (the format allows them): coreference chains and typed relations, so the
    // graph's facts travel with their evidence in the same file.
    if let Some(l) = doc.coref() {
        let v: Vec<Value> = l
            .items
            .iter()
            .map(|c| {
                json!({
                    "canonical": c.canonical,
                    "label": c.label.as_str(),
                    "spans": pairs(&mut c.spans.iter().copied()),
                })
            })
            .collect();
        m.insert("coref".into(), Value::Array(v));
    }
    if let Some(l) = doc.relations() {
        let mentions = doc.entity_items();
        let argument = |i: u32| -> Value {
            let i = i as usize;
            let Some(men) = mentions.get(i) else {
                return Value::Null;
            };
            let mut o = span_obj(men.range);
            let given = mention_entities
                .and_then(|v| v.get(i))
                .and_then(Option::as_ref);
            if let (Value::Object(o), Some(ent)) = (&mut o, given.or(men.entity.as_ref())) {
                o.insert("entity".into(), json!(ent));
            }
            o
        };
        let v: Vec<Value> = l
            .items
            .iter()
            .map(|r| {
                let mut o = Map::new();
                o.insert("subject".into(), argument(r.subject));
                o.insert("predicate".into(), json!(r.predicate));
                o.insert("object".into(), r.object.map_or(Value::Null, argument));
                if let Some(v) = &r.object_value {
                    o.insert("object_value".into(), json!(v));
                }
                if let Some(t) = &r.valid_from {
                    o.insert("valid_from".into(), json!(t));
                }
                if let Some(t) = &r.valid_to {
                    o.insert("valid_to".into(), json!(t));
                }
                if let Some(t) = &r.status {
                    o.insert("status".into(), json!(t));
                }
                o.insert("evidence".into(), span_obj(r.evidence));
                o.insert("confidence".into(), json!(round4(r.confidence)));
                Value::Object(o)
            })
            .collect();
        m.insert("relations".into(), Value::Array(v));
    }
    m
}

fn round4(x: f32) -> f64 {
    (f64::from(x) * 10_000.0).round() / 10_000.0
}

/// Writes one document as one JSON line.
pub fn write_document(
    out: &mut impl Write,
    doc: &Document,
    base: Option<&Record>,
) -> std::io::Result<()> {
    write_document_with(out, doc, base, None)
}

/// Writes one document as one JSON line, with mention entities given apart (see [`to_json_with`]).
pub fn write_document_with(
    out: &mut impl Write,
    doc: &Document,
    base: Option<&Record>,
    mention_entities: Option<&[Option<String>]>,
) -> std::io::Result<()> {
    let m = build(doc, base, mention_entities, true);
    let idx = doc.offset_index();
    out.write_all(b"{")?;
    for (i, (k, v)) in m.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        serde_json::to_writer(&mut *out, k)?;
        out.write_all(b":")?;
        if STREAMED.contains(&k.as_str()) && v.is_null() && has_layer(doc, k) {
            out.write_all(b"[")?;
            for (j, item) in layer_items(doc, k, &idx, mention_entities).enumerate() {
                if j > 0 {
                    out.write_all(b",")?;
                }
                serde_json::to_writer(&mut *out, &item)?;
            }
            out.write_all(b"]")?;
        } else {
            serde_json::to_writer(&mut *out, v)?;
        }
    }
    out.write_all(b"}\n")
}

fn has_layer(doc: &Document, key: &str) -> bool {
    match key {
        "tokens" => doc.tokens().is_some(),
        "sentences" => doc.sentences().is_some(),
        "pos" => doc.pos().is_some(),
        "deps" => doc.deps().is_some(),
        "entities" => doc.entities().is_some(),
        _ => false,
    }
}

/// The items of one [`STREAMED`] layer as JSON values, made one at a time.
fn layer_items<'d>(
    doc: &'d Document,
    key: &str,
    idx: &'d OffsetIndex,
    mention_entities: Option<&'d [Option<String>]>,
) -> Box<dyn Iterator<Item = Value> + 'd> {
    let cp = move |r: TextRange| (idx.byte_to_char(r.start), idx.byte_to_char(r.end));
    let pair = move |r: TextRange| {
        let (s, e) = cp(r);
        json!([s, e])
    };
    match key {
        "tokens" => Box::new(doc.token_items().iter().map(move |t| pair(t.range))),
        "sentences" => Box::new(doc.sentence_items().iter().map(move |t| pair(t.range))),
        "pos" => Box::new(
            doc.pos()
                .map_or(&[][..], |l| l.items.as_slice())
                .iter()
                .map(|p| json!({"upos": p.upos, "xpos": p.xpos})),
        ),
        "deps" => Box::new(
            doc.deps()
                .map_or(&[][..], |l| l.items.as_slice())
                .iter()
                .map(|d| json!({"head": d.head.map_or(-1, i64::from), "rel": d.rel})),
        ),
        "entities" => Box::new(doc.entity_items().iter().enumerate().map(move |(i, e)| {
            let (s, en) = cp(e.range);
            let mut o = Map::new();
            o.insert("start".into(), json!(s));
            o.insert("end".into(), json!(en));
            o.insert("label".into(), json!(e.label.as_str()));
            if let Some(f) = &e.fine_label {
                o.insert("fine_label".into(), json!(f));
            }
            o.insert("confidence".into(), json!(round4(e.confidence)));
            let given = mention_entities
                .and_then(|v| v.get(i))
                .and_then(Option::as_ref);
            if let Some(ent) = given.or(e.entity.as_ref()) {
                o.insert("entity".into(), json!(ent));
            }
            Value::Object(o)
        })),
        _ => Box::new(std::iter::empty()),
    }
}

/// Streams records from a reader, one per non-blank line. Each item is the record or an error
/// naming its line, so one bad line never stops the rest.
pub fn read_records<R: BufRead>(
    reader: R,
) -> impl Iterator<Item = Result<Record, InterchangeError>> {
    let mut lines = reader.lines();
    let mut n = 0usize;
    std::iter::from_fn(move || {
        loop {
            n += 1;
            match lines.next()? {
                Err(e) => return Some(Err(InterchangeError::Io { line: n, source: e })),
                Ok(l) if l.trim().is_empty() => continue,
                Ok(l) => return Some(Record::parse(n, &l)),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"id": "doc-1", "text": "“We need to be prepared,” Magaletsky told me in March.", "date": "2024-08-25", "entities": [{"start": 26, "end": 36, "label": "PER"}], "quotes": [{"start": 1, "end": 24, "direct": true, "speaker": {"start": 26, "end": 36}, "cue": {"start": 37, "end": 41}}], "timexes": [{"start": 48, "end": 53, "type": "DATE", "value": "2024-03"}], "url": "https://example.org/a"}"#;

    #[test]
    fn reads_spans_as_bytes() {
        let r = Record::parse(1, GOLD).unwrap();
        let d = r.to_document_with_layers().unwrap();
        assert_eq!(d.meta.id, "doc-1");
        assert_eq!(d.meta.published_date(), Some("2024-08-25"));
        let e = &d.entity_items()[0];
        assert_eq!(d.slice(e.range), "Magaletsky");
        let q = &d.quote_items()[0];
        assert_eq!(d.slice(q.range), "We need to be prepared,");
        assert_eq!(d.slice(q.cue.unwrap()), "told");
        assert_eq!(d.slice(d.timex_items()[0].range), "March");
    }

    #[test]
    fn round_trip_keeps_every_key_and_value() {
        let r = Record::parse(1, GOLD).unwrap();
        let d = r.to_document_with_layers().unwrap();
        let mut out = Vec::new();
        write_document(&mut out, &d, Some(&r)).unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        let mut orig: Value = serde_json::from_str(GOLD).unwrap();
        // The writer adds a confidence to entities and quotes; everything else is identical.
        for k in ["entities", "quotes"] {
            for item in orig[k].as_array_mut().unwrap() {
                item["confidence"] = json!(1.0);
            }
        }
        assert_eq!(back["id"], orig["id"]);
        assert_eq!(back["text"], orig["text"]);
        assert_eq!(back["date"], orig["date"]);
        assert_eq!(back["url"], orig["url"]);
        assert_eq!(back["entities"], orig["entities"]);
        assert_eq!(back["quotes"], orig["quotes"]);
        assert_eq!(back["timexes"], orig["timexes"]);
        // And reading our own output gives the same document again.
        let r2 = Record::parse(1, std::str::from_utf8(&out).unwrap().trim()).unwrap();
        let d2 = r2.to_document_with_layers().unwrap();
        assert_eq!(d2.entity_items(), d.entity_items());
        assert_eq!(d2.quote_items(), d.quote_items());
        assert_eq!(d2.timex_items(), d.timex_items());
    }

    #[test]
    fn quote_kind_travels_as_an_optional_key() {
        let line = r#"{"id": "k", "text": "Bo called it a “dirty deal” and said “We will fight.”", "designations": [{"start": 16, "end": 26}], "quotes": [{"start": 38, "end": 52, "direct": true, "speaker": {"start": 0, "end": 2}, "cue": null, "kind": "direct"}, {"start": 0, "end": 2, "direct": false, "kind": "rumour"}]}"#;
        let d = Record::parse(1, line)
            .unwrap()
            .to_document_with_layers()
            .unwrap();
        let kinds: Vec<_> = d.quote_items().iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            vec![None, Some(QuoteKind::Designation), Some(QuoteKind::Direct)]
        );
        let mut out = Vec::new();
        write_document(&mut out, &d, None).unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        // Designations travel under their own key: a reader of `quotes` never sees them.
        assert_eq!(
            back["designations"],
            json!([{"start": 16, "end": 26, "confidence": 1.0}])
        );
        assert_eq!(back["quotes"].as_array().map(Vec::len), Some(2));
        assert!(back["quotes"][0].get("kind").is_none());
        assert_eq!(back["quotes"][1]["kind"], json!("direct"));
    }

    #[test]
    fn quote_time_travels_as_extra_keys() {
        let line = r#"{"id": "q", "text": "“We won,” Olsen said in March.", "date": "2024-08-25", "quotes": [{"start": 1, "end": 8, "direct": true, "speaker": {"start": 10, "end": 15}, "cue": {"start": 16, "end": 20}, "time": "2024-03", "time_evidence": {"start": 24, "end": 29}}]}"#;
        let d = Record::parse(1, line)
            .unwrap()
            .to_document_with_layers()
            .unwrap();
        let q = &d.quote_items()[0];
        assert_eq!(q.time.as_deref(), Some("2024-03"));
        assert_eq!(q.time_evidence.map(|r| d.slice(r)), Some("March"));
        let mut out = Vec::new();
        write_document(&mut out, &d, None).unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(back["quotes"][0]["time"], json!("2024-03"));
        assert_eq!(
            back["quotes"][0]["time_evidence"],
            json!({"start": 24, "end": 29})
        );
        // Without a time the keys are absent, so gold-shaped records stay as they were.
        let plain = Record::parse(1, GOLD)
            .unwrap()
            .to_document_with_layers()
            .unwrap();
        let mut out = Vec::new();
        write_document(&mut out, &plain, None).unwrap();
        let back: Value = serde_json::from_slice(&out).unwrap();
        assert!(back["quotes"][0].get("time").is_none());
    }

    #[test]
    fn coref_and_relations_are_written_with_code_point_spans() {
        let line = r#"{"id": "r", "text": "Ólafur Jónsson founded the Baltic League. He leads it.", "date": null, "entities": [{"start": 0, "end": 14, "label": "PER"}, {"start": 27, "end": 40, "label": "ORG"}]}"#;
        let mut d = Record::parse(1, line)
            .unwrap()
            .to_document_with_layers()
            .unwrap();
        let text = d.text().to_string();
        let at = |needle: &str| {
            let s = text.find(needle).unwrap();
            TextRange::from_usize(s, s + needle.len())
        };
        let sentence = at("Ólafur Jónsson founded the Baltic League.");
        d.set_coref(Layer::new(
            Producer::new("test", "1"),
            vec![doc::CorefChain {
                canonical: "Ólafur Jónsson".into(),
                label: EntityLabel::Per,
                spans: vec![at("Ólafur Jónsson"), at("He")],
            }],
        ))
        .unwrap();
        d.set_relations(Layer::new(
            Producer::new("test", "1"),
            vec![
                doc::Relation {
                    subject: 0,
                    predicate: "founded".into(),
                    object: Some(1),
                    object_value: None,
                    evidence: sentence,
                    confidence: 0.8,
                    valid_from: Some("2021".into()),
                    valid_to: None,
                    status: None,
                },
                doc::Relation {
                    subject: 0,
                    predicate: "holds_role".into(),
                    object: None,
                    object_value: Some("chair".into()),
                    evidence: sentence,
                    confidence: 0.5,
                    valid_from: None,
                    valid_to: None,
                    status: Some("former".into()),
                },
            ],
        ))
        .unwrap();
        let names = vec![Some("Ólafur Jónsson".to_string()), None];
        let v = Value::Object(to_json_with(&d, None, Some(&names)));
        // The streaming writer gives the same record, key order included.
        let mut written = Vec::new();
        write_document_with(&mut written, &d, None, Some(&names)).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!("{}\n", serde_json::to_string(&v).unwrap())
        );
        assert_eq!(
            v["coref"][0],
            json!({"canonical": "Ólafur Jónsson", "label": "PER", "spans": [[0, 14], [42, 44]]})
        );
        let r = &v["relations"][0];
        assert_eq!(
            r["subject"],
            json!({"start": 0, "end": 14, "entity": "Ólafur Jónsson"})
        );
        assert_eq!(r["object"], json!({"start": 27, "end": 40}));
        assert_eq!(r["predicate"], "founded");
        assert_eq!(r["evidence"], json!({"start": 0, "end": 41}));
        assert_eq!(r["valid_from"], "2021");
        assert!(r.get("valid_to").is_none());
        assert!(r.get("status").is_none());
        let role = &v["relations"][1];
        assert_eq!(role["status"], "former");
        assert_eq!(
            (role["object"].clone(), role["object_value"].clone()),
            (Value::Null, json!("chair"))
        );
        // A record's own `relations` survive when the document has no such layer.
        let base = Record::parse(1, r#"{"id": "x", "text": "t", "relations": [1]}"#).unwrap();
        let plain = base.to_document().unwrap();
        assert_eq!(to_json(&plain, Some(&base))["relations"], json!([1]));
    }

    #[test]
    fn bad_lines_name_their_line() {
        let input = "{\"id\":\"a\",\"text\":\"ok\"}\nnot json\n\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"x\",\"entities\":[{\"start\":0,\"end\":9,\"label\":\"PER\"}]}\n";
        let recs: Vec<_> = read_records(input.as_bytes()).collect();
        assert_eq!(recs.len(), 4);
        assert!(recs[0].is_ok());
        assert!(matches!(
            recs[1],
            Err(InterchangeError::Json { line: 2, .. })
        ));
        assert!(matches!(
            recs[2],
            Err(InterchangeError::Schema { line: 4, .. })
        ));
        let r = recs[3].as_ref().unwrap();
        let err = r.to_document_with_layers().unwrap_err().to_string();
        assert!(err.starts_with("line 5:"), "{err}");
    }

    #[test]
    fn writes_without_base_from_meta() {
        let mut meta = DocMeta::new("x");
        meta.published = Some("2024-01-02T03:04:05Z".into());
        let d = Document::new(meta, "héllo").unwrap();
        let m = to_json(&d, None);
        assert_eq!(m["id"], "x");
        assert_eq!(m["date"], "2024-01-02");
        assert_eq!(m["text"], "héllo");
    }

    #[test]
    fn token_span_covers_range() {
        let toks: Vec<Token> = [(0, 2), (3, 5), (6, 8)]
            .iter()
            .map(|&(s, e)| Token {
                range: TextRange::new(s, e),
            })
            .collect();
        assert_eq!(token_span(&toks, TextRange::new(3, 8)), (1, 3));
        assert_eq!(token_span(&toks, TextRange::new(0, 2)), (0, 1));
    }
}
