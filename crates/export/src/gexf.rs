//! GEXF 1.2: what Gephi opens natively, with node labels and types, edge labels, weights and
//! evidence attributes.

use crate::Graph;
use crate::xml::{esc, evidence_all, sources};
use std::io::{self, Write};

const NODE_ATTRS: &[(&str, &str)] = &[
    ("type", "string"),
    ("aliases", "string"),
    ("mentions", "long"),
];
const EDGE_ATTRS: &[(&str, &str)] = &[
    ("predicate", "string"),
    ("value", "string"),
    ("confidence", "double"),
    ("valid_from", "string"),
    ("valid_to", "string"),
    ("first_seen", "string"),
    ("last_seen", "string"),
    ("evidence", "string"),
    ("evidence_all", "string"),
    ("url", "string"),
    ("sources", "string"),
];

/// Writes the graph as GEXF 1.2 (directed, static).
pub fn write_gexf(g: &Graph, w: &mut dyn Write) -> io::Result<()> {
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        w,
        r#"<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">"#
    )?;
    writeln!(w, r#"  <meta><creator>newsgraph</creator></meta>"#)?;
    writeln!(w, r#"  <graph mode="static" defaultedgetype="directed">"#)?;
    writeln!(w, r#"    <attributes class="node">"#)?;
    for (i, (name, ty)) in NODE_ATTRS.iter().enumerate() {
        writeln!(
            w,
            r#"      <attribute id="n{i}" title="{name}" type="{ty}"/>"#
        )?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, r#"    <attributes class="edge">"#)?;
    for (i, (name, ty)) in EDGE_ATTRS.iter().enumerate() {
        writeln!(
            w,
            r#"      <attribute id="e{i}" title="{name}" type="{ty}"/>"#
        )?;
    }
    writeln!(w, "    </attributes>")?;
    writeln!(w, "    <nodes>")?;
    for n in &g.nodes {
        writeln!(
            w,
            r#"      <node id="{}" label="{}">"#,
            esc(&n.id),
            esc(&n.label)
        )?;
        let aliases = n.aliases.join("; ");
        let mentions = n.mentions.to_string();
        attvalues(
            w,
            'n',
            &[
                Some(n.kind.as_str()),
                Some(aliases.as_str()),
                Some(mentions.as_str()),
            ],
        )?;
        writeln!(w, "      </node>")?;
    }
    writeln!(w, "    </nodes>")?;
    writeln!(w, "    <edges>")?;
    for e in &g.edges {
        writeln!(
            w,
            r#"      <edge id="{}" source="{}" target="{}" label="{}" weight="{}">"#,
            esc(&e.id),
            esc(&e.source),
            esc(&e.target),
            esc(&e.predicate),
            e.weight
        )?;
        let conf = format!("{:.3}", e.confidence);
        let first = e.evidence.first();
        let all = evidence_all(e);
        let src = sources(e);
        attvalues(
            w,
            'e',
            &[
                Some(e.predicate.as_str()),
                e.value.as_deref(),
                Some(conf.as_str()),
                e.valid_from.as_deref(),
                e.valid_to.as_deref(),
                e.first_seen.as_deref(),
                e.last_seen.as_deref(),
                first.map(|f| f.text.trim()),
                Some(all.as_str()),
                first.map(|f| f.source()),
                Some(src.as_str()),
            ],
        )?;
        writeln!(w, "      </edge>")?;
    }
    writeln!(w, "    </edges>")?;
    writeln!(w, "  </graph>")?;
    writeln!(w, "</gexf>")?;
    Ok(())
}

fn attvalues(w: &mut dyn Write, prefix: char, values: &[Option<&str>]) -> io::Result<()> {
    writeln!(w, "        <attvalues>")?;
    for (i, v) in values.iter().enumerate() {
        if let Some(v) = v {
            writeln!(
                w,
                r#"          <attvalue for="{prefix}{i}" value="{}"/>"#,
                esc(v)
            )?;
        }
    }
    writeln!(w, "        </attvalues>")
}
