//! Runs tokenize → pos → ner → coref on a text file and prints the chains and what titles,
//! appositives and copulas call each entity (the role readings `relate` makes facts of).
//!
//! `cargo run -p coref --example coref_text -- FILE`

use doc::{Annotator, DocMeta, Document};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: coref_text FILE");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path)?;
    let mut d = Document::new(DocMeta::new(path.as_str()), text)?;
    tokenize::Tokenizer::new().annotate(&mut d)?;
    tag::PosTagger::embedded()?.annotate(&mut d)?;
    ner::NerTagger::embedded()?.annotate(&mut d)?;
    let started = std::time::Instant::now();
    coref::Coref::new().annotate(&mut d)?;
    eprintln!(
        "coref: {:?} for {} tokens",
        started.elapsed(),
        d.token_items().len()
    );
    let mentions = d.entity_items().to_vec();
    let names = coref::mention_entities(&d);
    if std::env::var("COREF_DEBUG").is_ok() {
        debug(&d);
    }
    println!("# chains");
    for c in d.coref().map(|l| l.items.clone()).unwrap_or_default() {
        let spans: Vec<&str> = c.spans.iter().map(|r| d.slice(*r)).collect();
        println!(
            "{}\t{}\t{}\t{}",
            c.label,
            c.canonical,
            c.spans.len(),
            spans.join(" | ")
        );
    }
    println!("# readings");
    for r in coref::role_readings_from_layer(&d) {
        let name = |m: u32| {
            names.get(m as usize).cloned().flatten().unwrap_or_else(|| {
                mentions
                    .get(m as usize)
                    .map_or(String::new(), |x| d.slice(x.range).to_string())
            })
        };
        println!(
            "{}\t{:?}\t{:?}\t{}",
            name(r.subject),
            r.form,
            r.said,
            d.slice(r.evidence)
        );
    }
    Ok(())
}
#[allow(dead_code)]
fn debug(d: &Document) {
    let names = coref::mention_entities(d);
    for (i, m) in d.entity_items().iter().enumerate() {
        println!(
            "M{i}\t{}\t{}\t{:?}",
            m.label,
            d.slice(m.range),
            names.get(i)
        );
    }
}
