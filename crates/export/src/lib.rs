//! Graph exports with provenance: GraphML and GEXF (Gephi, networkx), CSV nodes/edges for
//! Neo4j's bulk import, schema.org JSON-LD and FollowTheMoney entities.
//!
//! Pure writers over a plain [`Graph`]: entities are [`Node`]s, aggregated facts are [`Edge`]s
//! whose weight is the number of supporting documents and whose [`Evidence`] keeps each
//! document's key, URL and evidence sentence. A fact whose object is a literal (a role title)
//! points at a [`Node`] of kind `VALUE`. The caller (the CLI) builds the graph from the store;
//! this crate does no IO beyond the writers it is given and knows nothing of SQL.

mod csv;
mod ftm;
mod gexf;
mod graphml;
mod jsonld;
mod xml;

pub use csv::write_csv;
pub use ftm::write_ftm;
pub use gexf::write_gexf;
pub use graphml::write_graphml;
pub use jsonld::{jsonld, write_jsonld};

use serde::Serialize;

/// An entity (or a literal value) of the graph.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Node {
    /// Stable id within the export (`e12`, `v:prime minister`).
    pub id: String,
    pub label: String,
    /// `PER`, `ORG`, `LOC`, `MISC`, or `VALUE` for a literal.
    pub kind: String,
    pub aliases: Vec<String>,
    pub mentions: u64,
}

/// One supporting statement of an edge: where it was read.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    /// The document's stable key.
    pub doc: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    /// The evidence sentence.
    pub text: String,
    /// Code-point offsets of the evidence in the document.
    pub char_start: u32,
    pub char_end: u32,
    pub producer: String,
    pub confidence: f32,
}

impl Evidence {
    /// The URL when known, else the document key.
    pub fn source(&self) -> &str {
        self.url.as_deref().unwrap_or(&self.doc)
    }
}

/// An aggregated fact: subject → object, with its predicate, support and evidence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Edge {
    pub id: String,
    pub source: String,
    pub target: String,
    pub predicate: String,
    /// The literal object or label (`designated`'s label, a role title).
    pub value: Option<String>,
    /// Support: how many distinct documents state it.
    pub weight: u64,
    pub confidence: f32,
    pub valid_from: Option<String>,
    pub valid_to: Option<String>,
    /// `former` when the relation has ended without a known date (`valid_to` is the dated end).
    pub status: Option<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A graph ready to write.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }
}

/// The id of the literal node for a value.
pub fn value_node_id(value: &str) -> String {
    format!("v:{}", value.trim().to_lowercase())
}

#[cfg(test)]
mod tests;
