//! GraphML: directed, with node labels/types and edge predicates, weights and evidence, as
//! networkx's `read_graphml` and Gephi read it.

use crate::Graph;
use crate::xml::{esc, evidence_all, sources};
use std::io::{self, Write};

/// (key id, for, attr.name, attr.type)
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("label", "node", "label", "string"),
    ("type", "node", "type", "string"),
    ("aliases", "node", "aliases", "string"),
    ("mentions", "node", "mentions", "long"),
    ("elabel", "edge", "label", "string"),
    ("predicate", "edge", "predicate", "string"),
    ("value", "edge", "value", "string"),
    ("weight", "edge", "weight", "double"),
    ("confidence", "edge", "confidence", "double"),
    ("valid_from", "edge", "valid_from", "string"),
    ("valid_to", "edge", "valid_to", "string"),
    ("status", "edge", "status", "string"),
    ("first_seen", "edge", "first_seen", "string"),
    ("last_seen", "edge", "last_seen", "string"),
    ("evidence", "edge", "evidence", "string"),
    ("evidence_all", "edge", "evidence_all", "string"),
    ("url", "edge", "url", "string"),
    ("sources", "edge", "sources", "string"),
];

/// Writes the graph as GraphML.
pub fn write_graphml(g: &Graph, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (id, for_, name, ty) in KEYS {
        writeln!(
            w,
            r#"  <key id="{id}" for="{for_}" attr.name="{name}" attr.type="{ty}"/>"#
        )?;
    }
    writeln!(w, r#"  <graph id="newsgraph" edgedefault="directed">"#)?;
    for n in &g.nodes {
        writeln!(w, r#"    <node id="{}">"#, esc(&n.id))?;
        data(w, "label", &n.label)?;
        data(w, "type", &n.kind)?;
        if !n.aliases.is_empty() {
            data(w, "aliases", &n.aliases.join("; "))?;
        }
        data(w, "mentions", &n.mentions.to_string())?;
        writeln!(w, "    </node>")?;
    }
    for e in &g.edges {
        writeln!(
            w,
            r#"    <edge id="{}" source="{}" target="{}">"#,
            esc(&e.id),
            esc(&e.source),
            esc(&e.target)
        )?;
        data(w, "elabel", &e.predicate)?;
        data(w, "predicate", &e.predicate)?;
        if let Some(v) = &e.value {
            data(w, "value", v)?;
        }
        data(w, "weight", &e.weight.to_string())?;
        data(w, "confidence", &format!("{:.3}", e.confidence))?;
        for (k, v) in [
            ("valid_from", &e.valid_from),
            ("valid_to", &e.valid_to),
            ("status", &e.status),
            ("first_seen", &e.first_seen),
            ("last_seen", &e.last_seen),
        ] {
            if let Some(v) = v {
                data(w, k, v)?;
            }
        }
        if let Some(first) = e.evidence.first() {
            data(w, "evidence", first.text.trim())?;
            data(w, "url", first.source())?;
        }
        data(w, "evidence_all", &evidence_all(e))?;
        data(w, "sources", &sources(e))?;
        writeln!(w, "    </edge>")?;
    }
    writeln!(w, "  </graph>")?;
    writeln!(w, "</graphml>")?;
    Ok(())
}

fn data(w: &mut dyn Write, key: &str, value: &str) -> io::Result<()> {
    writeln!(w, r#"      <data key="{key}">{}</data>"#, esc(value))
}
