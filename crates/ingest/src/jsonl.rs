//! Interchange JSONL (`{"id","text","date"?,...}` per line) into documents; one bad line is one
//! error naming `file:line`, and the other lines continue.

use crate::IngestError;
use doc::DocMeta;
use serde_json::{Map, Value};

/// Reads every non-blank line. Layers in the line (entities, quotes...) are not read here: this
/// is ingestion of texts; the `interchange` crate reads annotated files.
pub fn parse_jsonl(text: &str, name: &str) -> Vec<Result<(DocMeta, String), IngestError>> {
    let mut out = Vec::new();
    // A pretty-printed JSON document is one error, not one per line.
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if serde_json::from_str::<Value>(first).is_err() && serde_json::from_str::<Value>(text).is_ok()
    {
        out.push(Err(IngestError::Jsonl {
            path: name.to_string(),
            line: 1,
            msg: "the file is a single JSON document, neither JSON Lines nor a JSON Feed".into(),
        }));
        return out;
    }
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            continue;
        }
        let err = |msg: String| IngestError::Jsonl {
            path: name.to_string(),
            line: i + 1,
            msg,
        };
        // Syntax and the record's shape are the interchange format's own rules.
        let rec = match interchange::Record::parse(i + 1, line) {
            Ok(rec) => rec,
            Err(e) => {
                let msg = without_line_prefix(&e.to_string(), i + 1);
                out.push(Err(err(match id_of(line) {
                    Some(id) => format!("document {id}: {msg}"),
                    None => msg,
                })));
                continue;
            }
        };
        let obj = rec.fields;
        out.push(entry(&obj).map_err(err));
    }
    out
}

/// `line 3: not valid JSON` → `not valid JSON`: the caller names `file:line` itself.
fn without_line_prefix(msg: &str, line: usize) -> String {
    msg.strip_prefix(&format!("line {line}: "))
        .unwrap_or(msg)
        .to_string()
}

/// The `id` of a line that is a JSON object but not a valid record (error path only).
fn id_of(line: &str) -> Option<String> {
    match serde_json::from_str::<Value>(line).ok()?.get("id")? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn entry(obj: &Map<String, Value>) -> Result<(DocMeta, String), String> {
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(_) => return Err("`id` must be a non-empty string".into()),
        None => return Err("missing `id`".into()),
    };
    let text = match obj.get("text") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
        Some(Value::String(_)) => return Err(format!("document {id}: `text` is empty")),
        Some(_) => return Err(format!("document {id}: `text` must be a string")),
        None => return Err(format!("document {id}: missing `text`")),
    };
    let mut meta = DocMeta::new(id.clone());
    let s = |k: &str| match obj.get(k) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    };
    match obj.get("date") {
        None | Some(Value::Null) => {}
        Some(Value::String(d)) if !d.trim().is_empty() => meta.published = Some(d.trim().into()),
        Some(_) => return Err(format!("document {id}: `date` must be a string or null")),
    }
    meta.title = s("title");
    meta.url = s("url");
    meta.guid = s("guid");
    meta.publisher = s("publisher");
    meta.language = s("language").or_else(|| s("lang"));
    meta.modified = s("modified");
    if let Some(Value::Array(a)) = obj.get("authors") {
        meta.authors = a
            .iter()
            .filter_map(|v| v.as_str().map(str::trim).filter(|s| !s.is_empty()))
            .map(str::to_string)
            .collect();
    } else if let Some(a) = s("author") {
        meta.authors = vec![a];
    }
    Ok((meta, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_lines() {
        let text = "{\"id\":\"a\",\"text\":\"One.\",\"date\":\"2024-08-25\"}\n\n{oops\n[1]\n{\"id\":\"b\"}\r\n{\"id\":7,\"text\":\"Two.\",\"date\":null,\"authors\":[\"X\"]}";
        let out = parse_jsonl(text, "in.jsonl");
        assert_eq!(out.len(), 5);
        let (m, t) = out[0].as_ref().unwrap();
        assert_eq!((m.id.as_str(), t.as_str()), ("a", "One."));
        assert_eq!(m.published.as_deref(), Some("2024-08-25"));
        let e = out[1].as_ref().unwrap_err().to_string();
        assert!(e.starts_with("in.jsonl:3: not valid JSON"), "{e}");
        assert!(
            out[2]
                .as_ref()
                .unwrap_err()
                .to_string()
                .starts_with("in.jsonl:4: expected a JSON object")
        );
        assert!(
            out[3]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("in.jsonl:5: document b: missing `text`")
        );
        let (m, _) = out[4].as_ref().unwrap();
        assert_eq!((m.id.as_str(), m.authors.len()), ("7", 1));
        let pretty = parse_jsonl("{\n  \"id\": \"a\",\n  \"text\": \"b\"\n}\n", "p.json");
        assert_eq!(pretty.len(), 1);
        assert!(
            pretty[0]
                .as_ref()
                .unwrap_err()
                .to_string()
                .contains("single JSON document")
        );
    }
}
