//! `newsgraph export --format jsonl|graphml|gexf|csv|jsonld|ftm`: the store as interchange
//! JSONL (code-point offsets) or as a graph of entities and aggregated facts, each edge keeping
//! its provenance (document URL and evidence sentence).

use crate::output::{Global, Outcome, user_error};
use clap::{Args, ValueEnum};
use engine::Engine;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Interchange JSONL, one document per line with its layers.
    Jsonl,
    /// GraphML (networkx, Gephi, yEd): labels, types, weights, evidence.
    Graphml,
    /// GEXF 1.2 (Gephi).
    Gexf,
    /// `nodes.csv` + `edges.csv` for `neo4j-admin database import` (needs `-o DIR`).
    Csv,
    /// schema.org JSON-LD: entities plus one `Claim` per fact.
    Jsonld,
    /// FollowTheMoney entities, one JSON object per line.
    Ftm,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "jsonl")]
    pub format: Format,
    /// Output file (standard output when absent); a directory for `--format csv`.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn run(g: &Global, args: ExportArgs) -> anyhow::Result<Outcome> {
    let engine = Engine::open(&g.db)?;
    if args.format == Format::Csv {
        let Some(dir) = &args.output else {
            return Err(user_error(
                "`--format csv` writes nodes.csv and edges.csv: give `-o DIR`",
            ));
        };
        std::fs::create_dir_all(dir).map_err(|e| user_error(format!("{}: {e}", dir.display())))?;
        let graph = build_graph(engine.store())?;
        let mut nodes = create(&dir.join("nodes.csv"))?;
        let mut edges = create(&dir.join("edges.csv"))?;
        export::write_csv(&graph, &mut nodes, &mut edges)?;
        nodes.flush()?;
        edges.flush()?;
        report(g, &graph);
        return Ok(Outcome::Ok);
    }
    let mut out: Box<dyn Write> = match &args.output {
        Some(p) => Box::new(create(p)?),
        None => Box::new(BufWriter::new(std::io::stdout().lock())),
    };
    if args.format == Format::Jsonl {
        let n = engine
            .store()
            .for_each_document(|_, d| -> anyhow::Result<()> {
                interchange::write_document(&mut out, &d, None)?;
                Ok(())
            })?;
        out.flush()?;
        if !g.quiet && args.output.is_some() {
            eprintln!("exported {n} documents");
        }
        return Ok(Outcome::Ok);
    }
    let graph = build_graph(engine.store())?;
    match args.format {
        Format::Graphml => export::write_graphml(&graph, &mut out)?,
        Format::Gexf => export::write_gexf(&graph, &mut out)?,
        Format::Jsonld => export::write_jsonld(&graph, &mut out)?,
        Format::Ftm => export::write_ftm(&graph, &mut out)?,
        Format::Jsonl | Format::Csv => {}
    }
    out.flush()?;
    if args.output.is_some() {
        report(g, &graph);
    }
    Ok(Outcome::Ok)
}

fn create(p: &Path) -> anyhow::Result<BufWriter<std::fs::File>> {
    Ok(BufWriter::new(std::fs::File::create(p).map_err(|e| {
        user_error(format!("{}: {e}", p.display()))
    })?))
}

fn report(g: &Global, graph: &export::Graph) {
    if !g.quiet {
        eprintln!(
            "exported {} nodes and {} edges",
            graph.nodes.len(),
            graph.edges.len()
        );
    }
}

/// The graph of the whole store: every entity, and every fact aggregated by (subject,
/// predicate, object, value) with its support and the evidence of each supporting fact.
pub fn build_graph(store: &store::Store) -> anyhow::Result<export::Graph> {
    let entities = store.entities(usize::MAX, None)?;
    let rows: BTreeMap<store::FactId, store::FactRow> = store
        .facts(None, usize::MAX)?
        .into_iter()
        .map(|f| (f.id, f))
        .collect();
    let summaries = store.fact_summaries(None, usize::MAX)?;
    Ok(graph_of(entities, &summaries, &rows))
}

/// Builds the export graph from store rows (pure).
pub fn graph_of(
    entities: Vec<store::EntitySummary>,
    summaries: &[store::FactSummary],
    rows: &BTreeMap<store::FactId, store::FactRow>,
) -> export::Graph {
    let mut nodes: Vec<export::Node> = entities
        .into_iter()
        .map(|e| export::Node {
            id: format!("e{}", e.id),
            label: e.name,
            kind: e.label.as_str().to_string(),
            aliases: e.aliases,
            mentions: e.mention_count,
        })
        .collect();
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let mut edges = Vec::new();
    for (i, s) in summaries.iter().enumerate() {
        let target = match (&s.object_entity, &s.object_value) {
            (Some(o), _) => format!("e{}", o.id),
            (None, Some(v)) => {
                let id = export::value_node_id(v);
                values.entry(id.clone()).or_insert_with(|| v.clone());
                id
            }
            (None, None) => continue,
        };
        let evidence = s
            .facts
            .iter()
            .filter_map(|id| rows.get(id))
            .map(|f| export::Evidence {
                doc: f.doc.key.clone(),
                url: f.doc.url.clone(),
                title: f.doc.title.clone(),
                published: f.doc.published.clone(),
                text: f.evidence.clone(),
                char_start: f.span.char_start,
                char_end: f.span.char_end,
                producer: f.producer.clone(),
                confidence: f.confidence,
            })
            .collect();
        edges.push(export::Edge {
            id: format!("r{i}"),
            source: format!("e{}", s.subject.id),
            target,
            predicate: s.predicate.clone(),
            value: s.object_value.clone(),
            weight: s.support,
            confidence: s.max_confidence,
            valid_from: s.valid_from.clone(),
            valid_to: s.valid_to.clone(),
            status: s.status.clone(),
            first_seen: s.first_seen.clone(),
            last_seen: s.last_seen.clone(),
            evidence,
        });
    }
    // Literal objects (role titles) become VALUE nodes.
    for (id, label) in values {
        nodes.push(export::Node {
            id,
            label,
            kind: "VALUE".into(),
            aliases: Vec::new(),
            mentions: 0,
        });
    }
    export::Graph { nodes, edges }
}
