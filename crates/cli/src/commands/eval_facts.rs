//! `newsgraph eval facts --gold FACTS.jsonl --data DOCS.jsonl [--show] [--json]`: runs the
//! default pipeline on the documents the hand-listed facts name and scores its relations against
//! them (matching rules in `eval::facts`).

use crate::output::{Global, user_error};
use doc::{CorefIndex, Document, TextRange};
use eval::facts::{GoldFact, PredFact, Span, parse_gold_line, score};
use std::collections::{BTreeMap, BTreeSet};
use std::io::BufRead;
use std::path::Path;

/// The facts file, the documents file, whether to list misses and false positives, and the
/// pipeline's relation options.
pub struct FactsArgs<'a> {
    pub gold: &'a Path,
    pub data: &'a Path,
    pub show: bool,
    pub relate: engine::RelateOptions,
}

fn open(p: &Path) -> anyhow::Result<std::io::BufReader<std::fs::File>> {
    Ok(std::io::BufReader::new(std::fs::File::open(p).map_err(
        |e| user_error(format!("{}: {e}", p.display())),
    )?))
}

pub fn run(g: &Global, args: FactsArgs<'_>) -> anyhow::Result<()> {
    let mut gold_raw = Vec::new();
    for (i, line) in open(args.gold)?.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let f = parse_gold_line(&line)
            .map_err(|e| user_error(format!("{}:{}: {e}", args.gold.display(), i + 1)))?;
        gold_raw.push(f);
    }
    let wanted: BTreeSet<String> = gold_raw.iter().map(|f| f.doc.clone()).collect();
    let mut records = BTreeMap::new();
    for (i, line) in open(args.data)?.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec = interchange::Record::parse(i + 1, &line)
            .map_err(|e| user_error(format!("{}: {e}", args.data.display())))?;
        if wanted.contains(rec.id()) {
            records.insert(rec.id().to_string(), rec);
        }
    }
    if let Some(missing) = wanted.iter().find(|d| !records.contains_key(*d)) {
        return Err(user_error(format!(
            "{}: no document {missing:?} (named in {})",
            args.data.display(),
            args.gold.display()
        )));
    }
    let mut gold: Vec<GoldFact> = Vec::with_capacity(gold_raw.len());
    for f in gold_raw {
        let doc = f.doc.clone();
        gold.push(
            f.with_text(records[&doc].text())
                .map_err(|e| user_error(format!("{}: {doc}: {e}", args.gold.display())))?,
        );
    }

    let pipeline = engine::pipeline_with(&args.relate)?;
    let mut pred = Vec::new();
    for (id, rec) in &records {
        let mut d = rec
            .to_document()
            .map_err(|e| user_error(format!("{id}: {e}")))?;
        pipeline.run(&mut d, &mut pipeline::Timings::default())?;
        pred.extend(predicted_facts(id, &d));
    }
    let report = score(&gold, &pred);
    if g.json {
        println!("{}", report.to_json());
    } else {
        print!(
            "{} documents, {} gold facts, {} predicted\n{}",
            records.len(),
            gold.len(),
            pred.len(),
            report.render(&gold, &pred, args.show)
        );
    }
    Ok(())
}

/// The relations of `d` as facts with code-point spans: each argument is its mention plus the
/// other spans of its coreference chain.
fn predicted_facts(id: &str, d: &Document) -> Vec<PredFact> {
    let Some(rels) = d.relations() else {
        return Vec::new();
    };
    let idx = d.offset_index();
    let chains = d.coref().map_or(&[][..], |l| l.items.as_slice());
    let coref = CorefIndex::new(d);
    let mentions = d.entity_items();
    let cp = |r: TextRange| -> Span { (idx.byte_to_char(r.start), idx.byte_to_char(r.end)) };
    let widen = |m: u32| -> Vec<Span> {
        let Some(r) = mentions.get(m as usize).map(|m| m.range) else {
            return Vec::new();
        };
        let mut spans = vec![cp(r)];
        if let Some(c) = coref.chain_of(r) {
            spans.extend(chains[c].spans.iter().map(|s| cp(*s)));
        }
        spans
    };
    let text_of = |m: u32| {
        mentions
            .get(m as usize)
            .map_or(String::new(), |m| d.slice(m.range).to_string())
    };
    rels.items
        .iter()
        .map(|r| PredFact {
            doc: id.to_string(),
            predicate: r.predicate.clone(),
            subject: widen(r.subject),
            object: r.object.map_or_else(Vec::new, widen),
            value: r.object_value.clone(),
            status: r.status.clone(),
            evidence: cp(r.evidence),
            subject_text: text_of(r.subject),
            object_text: r.object.map(text_of),
        })
        .collect()
}
