//! Runs tokenize → pos → deps → ner → timex → coref → relate over a text file, prints the relations
//! (subject, predicate, object, value, time, evidence). To check the stored graph end to end, use
//! `newsgraph ingest FILE` and `newsgraph export --format graphml` (the engine runs the same
//! stages and links the mentions by cross-document resolution).
//!
//! `cargo run -p relate --example reference -- FILE [--entities] [--coref]`

use doc::{Annotator, DocMeta, Document};
use relate::Relate;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let file = args
        .first()
        .ok_or("usage: reference FILE [--entities] [--coref]")?;
    let text = std::fs::read_to_string(file)?;
    let mut meta = DocMeta::new(file.clone());
    meta.url = Some(format!("file://{file}"));
    meta.title = text.lines().next().map(|l| l.chars().take(80).collect());
    let mut d = Document::new(meta, text)?;
    tokenize::Tokenizer::new().annotate(&mut d)?;
    tag::PosTagger::embedded()?.annotate(&mut d)?;
    parse::DepParser::embedded()?.annotate(&mut d)?;
    ner::NerTagger::embedded()?.annotate(&mut d)?;
    timex::TimexTagger::new().annotate(&mut d)?;
    // As the engine's default pipeline: coref's chains (coreference runs once), then one
    // relations layer that reads the role relations off them.
    coref::Coref::new().annotate(&mut d)?;
    Relate::new().annotate(&mut d)?;
    let name = |i: u32| {
        d.entity_items()
            .get(i as usize)
            .map_or("?".to_string(), |m| d.slice(m.range).to_string())
    };
    if args.iter().any(|a| a == "--entities") {
        for m in d.entity_items() {
            eprintln!("{}\t{}\t{:?}", m.label, d.slice(m.range), m.range);
        }
    }
    if args.iter().any(|a| a == "--coref") {
        for c in d.coref().map(|l| l.items.as_slice()).unwrap_or_default() {
            let spans: Vec<String> = c
                .spans
                .iter()
                .map(|s| format!("{}@{}", d.slice(*s), s.start))
                .collect();
            eprintln!("{} {}\t{spans:?}", c.label, c.canonical);
        }
    }
    let rels = d.relations().map(|l| l.items.clone()).unwrap_or_default();
    for r in &rels {
        // The stored qualifiers: the clause's time, or "former".
        let mut time = String::new();
        if let Some(t) = &r.valid_from {
            time.push_str(&format!(" @from:{t}"));
        }
        if let Some(t) = &r.valid_to {
            time.push_str(&format!(" @to:{t}"));
        }
        if let Some(s) = &r.status {
            time.push_str(&format!(" @{s}"));
        }
        println!(
            "{}\t{}\t{}\t{}{}\t{:.2}\t{}",
            name(r.subject),
            r.predicate,
            r.object.map(name).unwrap_or_default(),
            r.object_value.clone().unwrap_or_default(),
            time,
            r.confidence,
            d.slice(r.evidence)
                .trim()
                .chars()
                .take(110)
                .collect::<String>()
        );
    }
    eprintln!("{} relations", rels.len());
    Ok(())
}
