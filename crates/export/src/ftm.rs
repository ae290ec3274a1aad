//! FollowTheMoney entities, one JSON object per line (`ftm` / Aleph's entity stream format).
//!
//! Nodes: `PER` → `Person`, `ORG` → `Organization`, `LOC` → `LegalEntity` (states and places
//! act as parties: they recognize, designate, are members); `MISC` and literal nodes are not
//! entities. Edges: `member_of`/`part_of` → `Membership`, `leads`/`founded` → `Directorship`
//! (role `leader`/`founder`), `employed_by` → `Employment`, `holds_role` → `Occupancy` of a
//! `Position`, `designated` → `Sanction` (the subject is the authority and the object the
//! sanctioned party: entity = object, authority = the subject's name, program = the label),
//! anything else → `UnknownLink` with the predicate as its role. Every link keeps its evidence
//! (`summary`, `description`), `sourceUrl`, `publisher`/`date` and `startDate`/`endDate`. Edges
//! whose ends do not fit the schema's ranges become `UnknownLink`s.

use crate::{Edge, Graph, Node};
use ontology::FtmRange;
use serde_json::{Map, Value, json};
use std::io::{self, Write};

fn schema_of(n: &Node) -> Option<&'static str> {
    match n.kind.as_str() {
        "PER" => Some("Person"),
        "ORG" => Some("Organization"),
        "LOC" => Some("LegalEntity"),
        _ => None,
    }
}

fn ftm_id(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("ng-{safe}")
}

/// A property map with list values (FtM properties are always lists).
struct Props(Map<String, Value>);

impl Props {
    fn new() -> Self {
        Props(Map::new())
    }

    fn add(&mut self, key: &str, value: impl Into<String>) {
        let v: String = value.into();
        if v.trim().is_empty() {
            return;
        }
        let entry = self.0.entry(key.to_string()).or_insert_with(|| json!([]));
        if let Some(a) = entry.as_array_mut()
            && !a.iter().any(|x| x.as_str() == Some(v.as_str()))
        {
            a.push(Value::String(v));
        }
    }
}

fn entity(id: String, schema: &str, props: Props) -> Value {
    json!({"id": id, "schema": schema, "properties": Value::Object(props.0)})
}

/// Writes the FtM entities, one per line.
pub fn write_ftm(g: &Graph, w: &mut dyn Write) -> io::Result<()> {
    for n in &g.nodes {
        let Some(schema) = schema_of(n) else {
            continue;
        };
        let mut p = Props::new();
        p.add("name", n.label.clone());
        for a in &n.aliases {
            if *a != n.label {
                p.add("alias", a.clone());
            }
        }
        line(w, &entity(ftm_id(&n.id), schema, p))?;
    }
    for e in &g.edges {
        for v in link(g, e) {
            line(w, &v)?;
        }
    }
    Ok(())
}

fn line(w: &mut dyn Write, v: &Value) -> io::Result<()> {
    serde_json::to_writer(&mut *w, v).map_err(io::Error::other)?;
    writeln!(w)
}

/// The provenance properties every link carries.
fn provenance(p: &mut Props, e: &Edge) {
    if let Some(v) = &e.valid_from {
        p.add("startDate", v.clone());
    }
    if let Some(v) = &e.valid_to {
        p.add("endDate", v.clone());
    }
    for ev in &e.evidence {
        p.add("summary", ev.text.trim().to_string());
        if let Some(u) = &ev.url {
            p.add("sourceUrl", u.clone());
        }
        if let Some(d) = &ev.published {
            p.add("date", d.get(..10).unwrap_or(d).to_string());
        }
    }
    let status = e
        .status
        .as_deref()
        .map(|s| format!("{s}; "))
        .unwrap_or_default();
    p.add(
        "description",
        format!(
            "{} ({status}support {}, confidence {:.2})",
            e.predicate, e.weight, e.confidence
        ),
    );
}

/// The FtM entities of one edge, as the ontology maps its predicate ([`ontology::Ftm`]): a
/// link, plus a `Position` for an occupancy; an `UnknownLink` when the predicate has no
/// mapping or the edge's ends do not fit it.
fn link(g: &Graph, e: &Edge) -> Vec<Value> {
    let Some(src) = g.node(&e.source) else {
        return Vec::new();
    };
    let tgt = g.node(&e.target);
    let tgt_schema = tgt.and_then(schema_of);
    let src_schema = schema_of(src);
    let id = ftm_id(&e.id);
    let mut p = Props::new();
    provenance(&mut p, e);
    let mapping = ontology::get(&e.predicate).and_then(|r| r.ftm.as_ref());
    // Does an end fit its range? (`Position` is made for the link, from the value.)
    let fits = |range: FtmRange, schema: Option<&str>| match range {
        FtmRange::Entity => schema.is_some(),
        FtmRange::Schema(s) => schema == Some(s),
        FtmRange::Name | FtmRange::Position => true,
    };
    if let Some(m) = mapping
        && fits(m.subject.range, src_schema)
        && fits(m.object.range, tgt_schema)
        && (m.subject.range == FtmRange::Name || src_schema.is_some())
    {
        let mut out = Vec::new();
        // Ends written as ids first, an end written as a name after them.
        let by_name = m.subject.range == FtmRange::Name;
        if !by_name {
            p.add(m.subject.property, ftm_id(&src.id));
        }
        if m.object.range == FtmRange::Position {
            let title = e
                .value
                .clone()
                .or_else(|| tgt.map(|t| t.label.clone()))
                .unwrap_or_default();
            let mut pos = Props::new();
            let org = tgt.filter(|t| t.kind != "VALUE");
            pos.add(
                "name",
                match org {
                    Some(o) => format!("{title}, {}", o.label),
                    None => title.clone(),
                },
            );
            if let Some(o) = org.filter(|o| schema_of(o) == Some("Organization")) {
                pos.add("organization", ftm_id(&o.id));
            }
            let pos_id = format!("{id}-position");
            p.add(m.object.property, pos_id.clone());
            out.push(entity(pos_id, "Position", pos));
        } else {
            p.add(m.object.property, ftm_id(&e.target));
        }
        if by_name {
            p.add(m.subject.property, src.label.clone());
        }
        let value = e.value.clone().or(m.default_value.map(str::to_string));
        for prop in m.value {
            if let Some(v) = &value {
                p.add(prop, v.clone());
            }
        }
        // A relation that has ended without a date, where the schema has a status for it.
        if let Some(prop) = m.ended_status
            && e.status.as_deref() == Some(ontology::FORMER)
        {
            p.add(prop, "ended");
        }
        out.push(entity(id, m.schema, p));
        return out;
    }
    // (A sanction, whose authority is written by name, fails only without an entity to
    // sanction: then, as for any link without two FtM entities, there is nothing to write.)
    if src_schema.is_none() || tgt_schema.is_none() {
        return Vec::new();
    }
    p.add("subject", ftm_id(&src.id));
    p.add("object", ftm_id(&e.target));
    p.add("role", e.predicate.replace('_', " "));
    vec![entity(id, "UnknownLink", p)]
}
