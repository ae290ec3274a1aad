//! schema.org JSON-LD: entities as `Person`/`Organization`/`Place`/`Thing`, schema.org
//! properties where a predicate has one (`founder`, `memberOf`, `location`...), and every
//! fact as a `Claim` with its evidence sentence and the `NewsArticle`s it appears in.

use crate::{Edge, Graph};
use serde_json::{Map, Value, json};
use std::io::{self, Write};

/// The schema.org property for a predicate (the ontology's), and whether it points from the
/// object to the subject (`founded` is `Organization.founder`).
fn property(predicate: &str) -> Option<(&'static str, bool)> {
    let s = ontology::get(predicate)?.schema_org?;
    Some((s.property, s.reverse))
}

fn node_type(kind: &str) -> &'static str {
    match kind {
        "PER" => "Person",
        "ORG" => "Organization",
        "LOC" => "Place",
        _ => "Thing",
    }
}

fn iri(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("urn:newsgraph:{safe}")
}

/// The JSON-LD document.
pub fn jsonld(g: &Graph) -> Value {
    let mut items: Vec<Value> = Vec::new();
    let mut nodes: Vec<Map<String, Value>> = g
        .nodes
        .iter()
        .filter(|n| n.kind != "VALUE")
        .map(|n| {
            let mut m = Map::new();
            m.insert("@id".into(), json!(iri(&n.id)));
            m.insert("@type".into(), json!(node_type(&n.kind)));
            m.insert("name".into(), json!(n.label));
            let alt: Vec<&String> = n.aliases.iter().filter(|a| **a != n.label).collect();
            if !alt.is_empty() {
                m.insert("alternateName".into(), json!(alt));
            }
            m
        })
        .collect();
    let index = |id: &str| {
        g.nodes
            .iter()
            .filter(|n| n.kind != "VALUE")
            .position(|n| n.id == id)
    };
    for e in &g.edges {
        if let Some((prop, reverse)) = property(&e.predicate) {
            let (from, to) = if reverse {
                (&e.target, &e.source)
            } else {
                (&e.source, &e.target)
            };
            if let (Some(i), Some(_)) = (index(from), index(to))
                && let Some(m) = nodes.get_mut(i)
            {
                let entry = m.entry(prop.to_string()).or_insert_with(|| json!([]));
                if let Some(a) = entry.as_array_mut() {
                    a.push(json!({"@id": iri(to)}));
                }
            }
        }
        items.push(claim(e, g));
    }
    let mut graph: Vec<Value> = nodes.into_iter().map(Value::Object).collect();
    graph.extend(items);
    json!({"@context": "https://schema.org", "@graph": graph})
}

fn claim(e: &Edge, g: &Graph) -> Value {
    let name = |id: &str| g.node(id).map_or(id.to_string(), |n| n.label.clone());
    let object = e.value.clone().unwrap_or_else(|| name(&e.target));
    let mut about = vec![json!({"@id": iri(&e.source)})];
    if g.node(&e.target).is_some_and(|n| n.kind != "VALUE") {
        about.push(json!({"@id": iri(&e.target)}));
    }
    let appearance: Vec<Value> = e
        .evidence
        .iter()
        .map(|v| {
            let mut a = json!({"@type": "NewsArticle", "identifier": v.doc});
            if let Some(u) = &v.url {
                a["url"] = json!(u);
            }
            if let Some(t) = &v.title {
                a["headline"] = json!(t);
            }
            if let Some(p) = &v.published {
                a["datePublished"] = json!(p);
            }
            a["text"] = json!(v.text.trim());
            a
        })
        .collect();
    let mut c = json!({
        "@id": iri(&e.id),
        "@type": "Claim",
        "name": format!("{} {} {}", name(&e.source), e.predicate, object),
        "additionalType": e.predicate,
        "about": about,
        "text": e.evidence.first().map(|v| v.text.trim().to_string()).unwrap_or_default(),
        "appearance": appearance,
        "interactionStatistic": {"@type": "InteractionCounter", "userInteractionCount": e.weight},
    });
    if let Some(f) = &e.first_seen {
        c["datePublished"] = json!(f);
    }
    // A relation that has ended without a date ("the former chair"): said in words, as
    // schema.org has no status for a claim's subject matter.
    if let Some(s) = &e.status {
        c["disambiguatingDescription"] = json!(s);
    }
    if let Some(v) = &e.valid_from {
        c["temporalCoverage"] = json!(match &e.valid_to {
            Some(t) => format!("{v}/{t}"),
            None => format!("{v}/.."),
        });
    }
    c
}

/// Writes the JSON-LD document, pretty-printed.
pub fn write_jsonld(g: &Graph, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &jsonld(g)).map_err(io::Error::other)?;
    writeln!(w)
}
