//! CSV for Neo4j's bulk import (`neo4j-admin database import full --nodes nodes.csv
//! --relationships edges.csv`): typed headers, `;` as the array delimiter.

use crate::Graph;
use std::io::{self, Write};

/// Writes `nodes.csv` and `edges.csv` contents. Node labels are `Entity` plus the entity type
/// (`Person`, `Organization`, `Place`, `Misc`, `Value`); relationship types are the predicates
/// in upper case (`FOUNDED`, `MEMBER_OF`).
pub fn write_csv(g: &Graph, nodes: &mut dyn Write, edges: &mut dyn Write) -> io::Result<()> {
    writeln!(
        nodes,
        "id:ID,name,type,aliases:string[],mentions:long,:LABEL"
    )?;
    for n in &g.nodes {
        let label = match n.kind.as_str() {
            "PER" => "Entity;Person",
            "ORG" => "Entity;Organization",
            "LOC" => "Entity;Place",
            "MISC" => "Entity;Misc",
            _ => "Value",
        };
        let aliases: Vec<String> = n.aliases.iter().map(|a| a.replace(';', ",")).collect();
        row(
            nodes,
            &[
                &n.id,
                &n.label,
                &n.kind,
                &aliases.join(";"),
                &n.mentions.to_string(),
                label,
            ],
        )?;
    }
    writeln!(
        edges,
        ":START_ID,:END_ID,:TYPE,predicate,value,weight:long,confidence:double,valid_from,valid_to,first_seen,last_seen,evidence,url,sources:string[],evidence_all"
    )?;
    for e in &g.edges {
        let first = e.evidence.first();
        let mut srcs: Vec<String> = e
            .evidence
            .iter()
            .map(|v| v.source().replace(';', "%3B"))
            .collect();
        srcs.sort();
        srcs.dedup();
        let ty: String = e
            .predicate
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '_'
                }
            })
            .collect();
        row(
            edges,
            &[
                &e.source,
                &e.target,
                &ty,
                &e.predicate,
                e.value.as_deref().unwrap_or(""),
                &e.weight.to_string(),
                &format!("{:.3}", e.confidence),
                e.valid_from.as_deref().unwrap_or(""),
                e.valid_to.as_deref().unwrap_or(""),
                e.first_seen.as_deref().unwrap_or(""),
                e.last_seen.as_deref().unwrap_or(""),
                first.map_or("", |f| f.text.trim()),
                first.map_or("", |f| f.source()),
                &srcs.join(";"),
                &crate::xml::evidence_all(e),
            ],
        )?;
    }
    Ok(())
}

/// One CSV record: every field quoted, inner quotes doubled.
fn row(w: &mut dyn Write, fields: &[&str]) -> io::Result<()> {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
        .collect();
    writeln!(w, "{}", cells.join(","))
}
