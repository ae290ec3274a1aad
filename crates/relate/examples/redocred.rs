//! Re-DocRED dev figures for the relation types that map onto this crate's ontology, given the
//! gold entity mentions (so only relation extraction is measured). Entity-level: a predicted
//! (head entity, tail entity, predicate) is correct when the document's gold labels hold a
//! mapped property for that pair.
//!
//! `cargo run --release -p relate --example redocred -- --data ../shared/data/re_docred [--show] [--missed]`
//! (`--show` prints each predicted fact, TP or FP, with its sentence, to stderr; `--missed` the
//! gold pairs missed whose mentions share a sentence)

use doc::{
    Annotator, DocMeta, Document, EntityLabel, Layer, Mention, Producer, Sentence, TextRange, Token,
};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// (Wikidata property, our predicate, whether the pair is reversed: P112 "founded by" has the
/// organization as head).
const MAP: &[(&str, &str, bool)] = &[
    ("P112", "founded", true),
    ("P463", "member_of", false),
    ("P102", "member_of", false),
    ("P54", "member_of", false),
    ("P361", "part_of", false),
    ("P108", "employed_by", false),
    ("P159", "based_in", false),
    ("P740", "based_in", false),
    ("P131", "located_in", false),
    ("P17", "located_in", false),
    ("P551", "located_in", false),
    ("P276", "located_in", false),
    ("P706", "located_in", false),
    ("P19", "origin", false),
    ("P27", "nationality", false),
    ("P1344", "participated_in", false),
    ("P710", "participated_in", true),
    ("P488", "leads", true),
    ("P6", "leads", true),
    ("P35", "leads", true),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .iter()
        .position(|a| a == "--data")
        .and_then(|i| args.get(i + 1))
        .ok_or("usage: redocred --data DIR")?;
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/dev_revised.json"))?)?;
    let docs = data.as_array().ok_or("a JSON list")?;
    let show = args.iter().any(|a| a == "--show");
    let show_missed = args.iter().any(|a| a == "--missed");
    let tagger = tag::PosTagger::embedded()?;
    // predicate -> (true positives, predicted, gold)
    let mut counts: BTreeMap<&str, (u64, u64, u64)> = BTreeMap::new();
    for d in docs {
        let (doc, vertex_of) = build(d, &tagger)?;
        let mut gold: BTreeSet<(u64, u64, &str)> = BTreeSet::new();
        for l in d["labels"].as_array().into_iter().flatten() {
            let (Some(h), Some(t), Some(r)) = (l["h"].as_u64(), l["t"].as_u64(), l["r"].as_str())
            else {
                continue;
            };
            for (p, ours, rev) in MAP {
                if *p == r {
                    gold.insert(if *rev { (t, h, ours) } else { (h, t, ours) });
                }
            }
        }
        // based_in and located_in are one relation read two ways: accept either.
        let mut pred: BTreeSet<(u64, u64, &str)> = BTreeSet::new();
        for r in relate::extract_relations(&doc) {
            let (Some(o), Some(&s)) = (r.object, vertex_of.get(r.subject as usize)) else {
                continue;
            };
            let Some(&o) = vertex_of.get(o as usize) else {
                continue;
            };
            if s == o {
                continue;
            }
            if let Some((_, ours, _)) = MAP.iter().find(|m| m.1 == r.predicate) {
                if show && pred.insert((s, o, ours)) {
                    let name = |m: u32| {
                        doc.entity_items()
                            .get(m as usize)
                            .map_or("?", |x| doc.slice(x.range))
                    };
                    let hit = gold.contains(&(s, o, *ours))
                        || (matches!(*ours, "based_in" | "located_in")
                            && (gold.contains(&(s, o, "based_in"))
                                || gold.contains(&(s, o, "located_in"))));
                    eprintln!(
                        "{}\t{}\t{}\t{}\t{}",
                        if hit { "TP" } else { "FP" },
                        name(r.subject),
                        r.predicate,
                        r.object.map_or("?", name),
                        doc.slice(r.evidence)
                    );
                }
                pred.insert((s, o, ours));
            }
        }
        for p in &pred {
            let c = counts.entry(p.2).or_default();
            c.1 += 1;
            let hit = gold.contains(p)
                || (matches!(p.2, "based_in" | "located_in")
                    && (gold.contains(&(p.0, p.1, "based_in"))
                        || gold.contains(&(p.0, p.1, "located_in"))));
            if hit {
                c.0 += 1;
            }
        }
        for g in &gold {
            counts.entry(g.2).or_default().2 += 1;
            if show_missed && !pred.contains(g) {
                // A missed pair whose mentions share a sentence: the sentence, for reading.
                let of = |v: u64| -> Vec<TextRange> {
                    vertex_of
                        .iter()
                        .enumerate()
                        .filter(|&(_, &x)| x == v)
                        .filter_map(|(i, _)| doc.entity_items().get(i).map(|m| m.range))
                        .collect()
                };
                let same = doc.sentence_items().iter().find(|s| {
                    of(g.0).iter().any(|r| s.range.contains_range(*r))
                        && of(g.1).iter().any(|r| s.range.contains_range(*r))
                });
                if let Some(s) = same {
                    let name = |v: u64| of(v).first().map_or("?", |r| doc.slice(*r));
                    eprintln!(
                        "FN\t{}\t{}\t{}\t{}",
                        name(g.0),
                        g.2,
                        name(g.1),
                        doc.slice(s.range)
                    );
                }
            }
        }
    }
    println!(
        "{:<16} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}",
        "predicate", "tp", "pred", "gold", "P", "R", "F1"
    );
    let mut all = (0, 0, 0);
    for (p, (tp, np, ng)) in &counts {
        all = (all.0 + tp, all.1 + np, all.2 + ng);
        row(p, *tp, *np, *ng);
    }
    row("micro", all.0, all.1, all.2);
    Ok(())
}

fn row(name: &str, tp: u64, np: u64, ng: u64) {
    let p = if np > 0 { tp as f64 / np as f64 } else { 0.0 };
    let r = if ng > 0 { tp as f64 / ng as f64 } else { 0.0 };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    println!(
        "{name:<16} {tp:>6} {np:>6} {ng:>6} {:>7.3} {:>7.3} {:>7.3}",
        p, r, f
    );
}

/// A document from DocRED tokens (joined by spaces) with gold mentions as the entities layer;
/// returns it and the vertex (entity) index of each mention.
fn build(
    d: &Value,
    tagger: &tag::PosTagger,
) -> Result<(Document, Vec<u64>), Box<dyn std::error::Error>> {
    let mut text = String::new();
    let mut tokens = Vec::new();
    let mut sentences = Vec::new();
    let mut offsets: Vec<Vec<(u32, u32)>> = Vec::new();
    for s in d["sents"].as_array().into_iter().flatten() {
        let first = tokens.len() as u32;
        let start = text.len();
        let mut offs = Vec::new();
        for t in s.as_array().into_iter().flatten() {
            let t = t.as_str().unwrap_or("");
            if t.is_empty() {
                offs.push((text.len() as u32, text.len() as u32));
                continue;
            }
            if !text.is_empty() {
                text.push(' ');
            }
            let a = text.len();
            text.push_str(t);
            offs.push((a as u32, text.len() as u32));
            tokens.push(Token {
                range: TextRange::from_usize(a, text.len()),
            });
        }
        let s_start = if start == 0 { 0 } else { start + 1 };
        sentences.push(Sentence {
            range: TextRange::from_usize(s_start.min(text.len()), text.len()),
            tokens: (first, tokens.len() as u32),
        });
        offsets.push(offs);
    }
    let mut mentions = Vec::new();
    let mut vertex_of = Vec::new();
    for (v, vertex) in d["vertexSet"].as_array().into_iter().flatten().enumerate() {
        for m in vertex.as_array().into_iter().flatten() {
            let label = match m["type"].as_str().unwrap_or("") {
                "PER" => EntityLabel::Per,
                "ORG" => EntityLabel::Org,
                "LOC" => EntityLabel::Loc,
                "MISC" => EntityLabel::Misc,
                _ => continue,
            };
            let sid = m["sent_id"].as_u64().unwrap_or(0) as usize;
            let pos = &m["pos"];
            let (a, b) = (
                pos[0].as_u64().unwrap_or(0) as usize,
                pos[1].as_u64().unwrap_or(0) as usize,
            );
            let Some(offs) = offsets.get(sid) else {
                continue;
            };
            let (Some(s), Some(e)) = (offs.get(a), b.checked_sub(1).and_then(|b| offs.get(b)))
            else {
                continue;
            };
            if s.0 >= e.1 {
                continue;
            }
            mentions.push(Mention {
                range: TextRange::new(s.0, e.1),
                label,
                fine_label: None,
                confidence: 1.0,
                entity: None,
            });
            vertex_of.push(v as u64);
        }
    }
    // The entities layer is in text order; keep the vertex map aligned.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| (mentions[i].range.start, mentions[i].range.end));
    let mentions: Vec<Mention> = order.iter().map(|&i| mentions[i].clone()).collect();
    let vertex_of: Vec<u64> = order.iter().map(|&i| vertex_of[i]).collect();
    let mut doc = Document::new(DocMeta::new(d["title"].as_str().unwrap_or("")), text)?;
    let p = Producer::new("redocred", "1");
    doc.set_tokens(Layer::new(p.clone(), tokens))?;
    doc.set_sentences(Layer::new(p.clone(), sentences))?;
    tagger.annotate(&mut doc)?;
    doc.set_entities(Layer::new(p, mentions))?;
    Ok((doc, vertex_of))
}
