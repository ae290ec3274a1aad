//! Re-DocRED evaluation for the relation types that map onto this crate's ontology, given the
//! gold entity mentions (so only relation extraction is measured). Entity-level: a predicted
//! (head entity, tail entity, predicate) is correct when the document's gold labels hold a mapped
//! property for that pair (`based_in` and `located_in` are one relation read two ways: either is
//! accepted for the other).
//!
//! Documents are built from the DocRED tokens (joined by spaces), tagged and parsed by the
//! embedded models, with the gold mentions as the entities layer. The fixed split of a file
//! ([`Split`]) keeps one document in five (by a hash of its title) out of the scorer's training.

use crate::RelateOptions;
use crate::scorer::{Scorer, extend_grouped};
use doc::{
    Annotator, DocMeta, Document, EntityLabel, Layer, Mention, Producer, Sentence, TextRange, Token,
};
use ontology::Predicate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The mapping table, embedded.
pub(crate) const MAP_TABLE: &str = include_str!("../data/redocred_map.tsv");

/// A mapping row: (Wikidata property, our predicate, whether the pair is reversed).
pub type MapRow = (&'static str, &'static str, bool);

/// Parses the mapping table: a header row, then property, ontology predicate and `reversed` or
/// `-` per row.
pub(crate) fn parse_map(text: &'static str) -> Result<Vec<MapRow>, String> {
    let mut rows = Vec::new();
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'));
    lines.next().ok_or("redocred_map.tsv: no header")?;
    for (n, line) in lines {
        let at = |e: String| format!("redocred_map.tsv line {}: {e}", n + 1);
        let [property, predicate, reversed] = line.split('\t').collect::<Vec<_>>()[..] else {
            return Err(at("want 3 columns".into()));
        };
        let predicate: ontology::Predicate = predicate.parse().map_err(|e| at(format!("{e}")))?;
        let reversed = match reversed {
            "reversed" => true,
            "-" => false,
            r => return Err(at(format!("reversed or -, not {r:?}"))),
        };
        if property.is_empty() || rows.iter().any(|r: &MapRow| r.0 == property) {
            return Err(at(format!("missing or duplicate property {property:?}")));
        }
        rows.push((property, predicate.as_str(), reversed));
    }
    Ok(rows)
}

/// (Wikidata property, our predicate, whether the pair is reversed: P112 "founded by" has the
/// organization as head), from `data/redocred_map.tsv`, parsed once (a malformed table maps
/// nothing; the tests catch it).
pub fn map() -> &'static [MapRow] {
    static MAP: std::sync::LazyLock<Vec<MapRow>> =
        std::sync::LazyLock::new(|| parse_map(MAP_TABLE).unwrap_or_default());
    &MAP
}

/// One DocRED document (the fields read here).
#[derive(Clone, Debug, Deserialize)]
pub struct DocRedDoc {
    #[serde(default)]
    pub title: String,
    pub sents: Vec<Vec<String>>,
    #[serde(rename = "vertexSet")]
    pub vertex_set: Vec<Vec<DocRedMention>>,
    #[serde(default)]
    pub labels: Vec<DocRedLabel>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DocRedMention {
    pub sent_id: usize,
    pub pos: Vec<usize>,
    #[serde(rename = "type")]
    pub label: String,
}

#[derive(Clone, Debug, Deserialize)]
pub struct DocRedLabel {
    pub h: usize,
    pub t: usize,
    pub r: String,
}

/// Which documents of a file to use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    All,
    /// Four documents in five: what the scorer is trained on.
    Train,
    /// The fifth (a hash of the title): threshold tuning and reported figures, never trained on.
    Heldout,
}

impl Split {
    pub fn parse(s: &str) -> Option<Split> {
        Some(match s {
            "all" => Split::All,
            "train" => Split::Train,
            "heldout" | "held-out" => Split::Heldout,
            _ => return None,
        })
    }

    /// Whether the document with this title belongs to the split.
    pub fn holds(self, title: &str) -> bool {
        let held = learn::fnv1a(format!("redocred-split-1\0{title}").as_bytes()).is_multiple_of(5);
        match self {
            Split::All => true,
            Split::Train => !held,
            Split::Heldout => held,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("reading {0}: {1}")]
    Io(String, std::io::Error),
    #[error("parsing {0}: {1}")]
    Json(String, serde_json::Error),
    #[error("model: {0}")]
    Model(#[from] learn::ModelError),
    #[error("document: {0}")]
    Doc(#[from] doc::DocError),
}

/// Reads a DocRED JSON file (a list of documents) and keeps those of `split`.
pub fn read(path: &Path, split: Split) -> Result<Vec<DocRedDoc>, Error> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::Io(name.clone(), e))?;
    let docs: Vec<DocRedDoc> = serde_json::from_str(&text).map_err(|e| Error::Json(name, e))?;
    Ok(docs.into_iter().filter(|d| split.holds(&d.title)).collect())
}

/// The embedded tagger and parser that read the DocRED tokens.
pub struct Reader {
    tagger: tag::PosTagger,
    parser: parse::DepParser,
}

impl Reader {
    pub fn embedded() -> Result<Reader, Error> {
        Ok(Reader {
            tagger: tag::PosTagger::embedded()?,
            parser: parse::DepParser::embedded()?,
        })
    }

    /// A document from DocRED tokens (joined by spaces), tagged and parsed, with the gold
    /// mentions (PER, ORG, LOC, MISC) as the entities layer in text order; returns it and the
    /// vertex (entity) index of each mention.
    pub fn build(&self, d: &DocRedDoc) -> Result<(Document, Vec<u32>), Error> {
        let mut text = String::new();
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let mut offsets: Vec<Vec<(u32, u32)>> = Vec::new();
        for s in &d.sents {
            let first = tokens.len() as u32;
            let start = text.len();
            let mut offs = Vec::new();
            for t in s {
                let t = t.trim();
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
            if tokens.len() as u32 > first {
                sentences.push(Sentence {
                    range: TextRange::from_usize(s_start.min(text.len()), text.len()),
                    tokens: (first, tokens.len() as u32),
                });
            }
            offsets.push(offs);
        }
        let mut mentions = Vec::new();
        for (v, vertex) in d.vertex_set.iter().enumerate() {
            for m in vertex {
                let label = match m.label.as_str() {
                    "PER" => EntityLabel::Per,
                    "ORG" => EntityLabel::Org,
                    "LOC" => EntityLabel::Loc,
                    "MISC" => EntityLabel::Misc,
                    _ => continue,
                };
                let (Some(&a), Some(&b)) = (m.pos.first(), m.pos.get(1)) else {
                    continue;
                };
                let Some(offs) = offsets.get(m.sent_id) else {
                    continue;
                };
                let (Some(s), Some(e)) = (offs.get(a), b.checked_sub(1).and_then(|b| offs.get(b)))
                else {
                    continue;
                };
                if s.0 >= e.1 {
                    continue;
                }
                mentions.push((
                    Mention {
                        range: TextRange::new(s.0, e.1),
                        label,
                        fine_label: None,
                        confidence: 1.0,
                        entity: None,
                    },
                    v as u32,
                ));
            }
        }
        mentions.sort_by_key(|(m, v)| (m.range.start, m.range.end, *v));
        mentions.dedup_by_key(|(m, _)| (m.range.start, m.range.end));
        let vertex_of: Vec<u32> = mentions.iter().map(|(_, v)| *v).collect();
        let mentions: Vec<Mention> = mentions.into_iter().map(|(m, _)| m).collect();
        let mut doc = Document::new(DocMeta::new(d.title.as_str()), text)?;
        let p = Producer::new("redocred", "1");
        doc.set_tokens(Layer::new(p.clone(), tokens))?;
        doc.set_sentences(Layer::new(p.clone(), sentences))?;
        self.tagger.annotate(&mut doc)?;
        self.parser.annotate(&mut doc)?;
        doc.set_entities(Layer::new(p, mentions))?;
        Ok((doc, vertex_of))
    }
}

/// The gold (head vertex, tail vertex, predicate) facts of a document, mapped types only.
pub fn gold_facts(d: &DocRedDoc) -> BTreeSet<(u32, u32, &'static str)> {
    let mut gold = BTreeSet::new();
    for l in &d.labels {
        for (p, ours, rev) in map() {
            if *p == l.r {
                let (h, t) = (l.h as u32, l.t as u32);
                gold.insert(if *rev { (t, h, *ours) } else { (h, t, *ours) });
            }
        }
    }
    gold
}

const BASED_IN: &str = Predicate::BasedIn.as_str();
const LOCATED_IN: &str = Predicate::LocatedIn.as_str();

/// `based_in` and `located_in`: one relation read two ways.
fn is_place(p: &str) -> bool {
    p == BASED_IN || p == LOCATED_IN
}

/// Whether a predicted fact matches the gold set (`based_in` ~ `located_in`).
pub fn hit(gold: &BTreeSet<(u32, u32, &'static str)>, p: (u32, u32, &str)) -> bool {
    let same = |q: &str| gold.contains(&(p.0, p.1, q));
    match p.2 {
        q if is_place(q) => same(BASED_IN) || same(LOCATED_IN),
        q => map().iter().any(|m| m.1 == q) && same(q),
    }
}

/// Entity-level predicted facts (mapped predicates, distinct vertices) with their best confidence.
pub fn facts_of(
    rels: &[doc::Relation],
    vertex_of: &[u32],
) -> BTreeMap<(u32, u32, &'static str), f32> {
    let mut out: BTreeMap<(u32, u32, &'static str), f32> = BTreeMap::new();
    for r in rels {
        let (Some(o), Some(&s)) = (r.object, vertex_of.get(r.subject as usize)) else {
            continue;
        };
        let Some(&o) = vertex_of.get(o as usize) else {
            continue;
        };
        let Some(&(_, ours, _)) = map().iter().find(|m| m.1 == r.predicate) else {
            continue;
        };
        if s == o {
            continue;
        }
        let c = out.entry((s, o, ours)).or_insert(r.confidence);
        *c = c.max(r.confidence);
    }
    out
}

/// Precision, recall, F1 and counts of one predicate or of all (micro).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
    pub gold: u64,
    pub pred: u64,
    pub tp: u64,
}

impl Prf {
    pub fn from_counts(tp: u64, pred: u64, gold: u64) -> Prf {
        let p = if pred > 0 {
            tp as f64 / pred as f64
        } else {
            0.0
        };
        let r = if gold > 0 {
            tp as f64 / gold as f64
        } else {
            0.0
        };
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        Prf {
            p,
            r,
            f1,
            gold,
            pred,
            tp,
        }
    }
}

/// Micro and per-predicate figures (`located_in` includes `based_in`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub micro: Prf,
    pub by_predicate: BTreeMap<String, Prf>,
    pub documents: usize,
}

/// Counts per predicate: (true positives, predicted, gold).
#[derive(Clone, Debug, Default)]
pub struct Tally {
    counts: BTreeMap<&'static str, (u64, u64, u64)>,
    documents: usize,
}

impl Tally {
    /// Adds one document's predictions and gold facts.
    pub fn add(
        &mut self,
        gold: &BTreeSet<(u32, u32, &'static str)>,
        pred: impl IntoIterator<Item = (u32, u32, &'static str)>,
    ) {
        self.documents += 1;
        // Per predicate, `based_in` is counted with `located_in` (either matches the other).
        let row = |p: &'static str| if p == BASED_IN { LOCATED_IN } else { p };
        for p in pred {
            let c = self.counts.entry(row(p.2)).or_default();
            c.1 += 1;
            if hit(gold, p) {
                c.0 += 1;
            }
        }
        for g in gold {
            self.counts.entry(row(g.2)).or_default().2 += 1;
        }
    }

    pub fn report(&self) -> Report {
        let mut all = (0, 0, 0);
        let mut by_predicate = BTreeMap::new();
        for (p, &(tp, np, ng)) in &self.counts {
            all = (all.0 + tp, all.1 + np, all.2 + ng);
            by_predicate.insert((*p).to_string(), Prf::from_counts(tp, np, ng));
        }
        Report {
            micro: Prf::from_counts(all.0, all.1, all.2),
            by_predicate,
            documents: self.documents,
        }
    }
}

/// What produces the predictions.
#[derive(Clone, Copy, Debug)]
pub enum Mode<'a> {
    /// The rule-based relations only.
    Rules,
    /// The rules plus the learned scorer's relations the rules did not produce (and the
    /// document-level model's when the options turn it on).
    RulesAndScorer(&'a Scorer),
    /// The rules, the sentence scorer and the document-level model, whatever the options.
    WithDocLevel(&'a Scorer),
}

/// Scores documents: rules only or rules plus the scorer, with the pipeline's default
/// [`RelateOptions`].
pub fn evaluate(docs: &[DocRedDoc], reader: &Reader, mode: Mode<'_>) -> Result<Report, Error> {
    evaluate_with(docs, reader, mode, &RelateOptions::default())
}

/// [`evaluate`] with these options for [`Mode::RulesAndScorer`] (document-level model, place
/// chains); [`Mode::WithDocLevel`] turns the document-level model on whatever they say.
pub fn evaluate_with(
    docs: &[DocRedDoc],
    reader: &Reader,
    mode: Mode<'_>,
    options: &RelateOptions,
) -> Result<Report, Error> {
    let with_doc = RelateOptions {
        doc_level: crate::DocLevel::On,
        ..*options
    };
    let mut tally = Tally::default();
    for d in docs {
        let (doc, vertex_of) = reader.build(d)?;
        let mut rels = crate::extract_relations(&doc);
        match mode {
            Mode::Rules => {}
            Mode::RulesAndScorer(s) => rels = extend_grouped(s, &doc, rels, &vertex_of, options),
            Mode::WithDocLevel(s) => rels = extend_grouped(s, &doc, rels, &vertex_of, &with_doc),
        }
        let pred = facts_of(&rels, &vertex_of);
        tally.add(&gold_facts(d), pred.into_keys());
    }
    Ok(tally.report())
}

/// A fixed-width text table of a report (what the example prints; `.ci/floors` reads `micro`).
pub fn table(r: &Report) -> String {
    let mut out = format!(
        "{:<16} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}\n",
        "predicate", "tp", "pred", "gold", "P", "R", "F1"
    );
    let row = |name: &str, x: &Prf| {
        format!(
            "{name:<16} {:>6} {:>6} {:>6} {:>7.3} {:>7.3} {:>7.3}\n",
            x.tp, x.pred, x.gold, x.p, x.r, x.f1
        )
    };
    for (p, x) in &r.by_predicate {
        out.push_str(&row(p, x));
    }
    out.push_str(&row("micro", &r.micro));
    out
}

/// A tiny DocRED-format file written for the tests (two of its documents fall in the held-out
/// split: "Springfield" and "Riverdale").
#[cfg(test)]
pub(crate) const FIXTURE: &str = r#"[
 {"title": "Springfield",
  "sents": [["Springfield", "is", "a", "city", "in", "Illinois", ",", "United", "States", "."],
            ["It", "is", "the", "capital", "of", "Illinois", "."]],
  "vertexSet": [[{"name": "Springfield", "sent_id": 0, "pos": [0, 1], "type": "LOC"}],
                [{"name": "Illinois", "sent_id": 0, "pos": [5, 6], "type": "LOC"},
                 {"name": "Illinois", "sent_id": 1, "pos": [5, 6], "type": "LOC"}],
                [{"name": "United States", "sent_id": 0, "pos": [7, 9], "type": "LOC"}]],
  "labels": [{"h": 0, "t": 1, "r": "P131", "evidence": [0]},
             {"h": 0, "t": 2, "r": "P17", "evidence": [0]},
             {"h": 1, "t": 2, "r": "P17", "evidence": [0]}]},
 {"title": "Marie Curie",
  "sents": [["Marie", "Curie", "was", "born", "in", "Warsaw", "."],
            ["She", "worked", "for", "the", "University", "of", "Paris", "."]],
  "vertexSet": [[{"name": "Marie Curie", "sent_id": 0, "pos": [0, 2], "type": "PER"}],
                [{"name": "Warsaw", "sent_id": 0, "pos": [5, 6], "type": "LOC"}],
                [{"name": "University of Paris", "sent_id": 1, "pos": [4, 7], "type": "ORG"}],
                [{"name": "1867", "sent_id": 0, "pos": [6, 7], "type": "TIME"}]],
  "labels": [{"h": 0, "t": 1, "r": "P19", "evidence": [0]},
             {"h": 0, "t": 2, "r": "P108", "evidence": [1]},
             {"h": 0, "t": 3, "r": "P569", "evidence": [0]}]},
 {"title": "Acme Corp",
  "sents": [["Acme", "Corp", "was", "founded", "by", "John", "Smith", "in", "Boston", "."]],
  "vertexSet": [[{"name": "Acme Corp", "sent_id": 0, "pos": [0, 2], "type": "ORG"}],
                [{"name": "John Smith", "sent_id": 0, "pos": [5, 7], "type": "PER"}],
                [{"name": "Boston", "sent_id": 0, "pos": [8, 9], "type": "LOC"}]],
  "labels": [{"h": 0, "t": 1, "r": "P112", "evidence": [0]},
             {"h": 0, "t": 2, "r": "P159", "evidence": [0]}]},
 {"title": "Lake Town",
  "sents": [["Lake", "Town", "is", "a", "village", "in", "Kent", ",", "England", "."]],
  "vertexSet": [[{"name": "Lake Town", "sent_id": 0, "pos": [0, 2], "type": "LOC"}],
                [{"name": "Kent", "sent_id": 0, "pos": [5, 6], "type": "LOC"}],
                [{"name": "England", "sent_id": 0, "pos": [8, 9], "type": "LOC"}]],
  "labels": [{"h": 0, "t": 1, "r": "P131", "evidence": [0]},
             {"h": 0, "t": 2, "r": "P17", "evidence": [0]},
             {"h": 1, "t": 2, "r": "P17", "evidence": [0]}]},
 {"title": "Riverdale",
  "sents": [["Riverdale", "is", "a", "town", "in", "Ontario", ",", "Canada", "."]],
  "vertexSet": [[{"name": "Riverdale", "sent_id": 0, "pos": [0, 1], "type": "LOC"}],
                [{"name": "Ontario", "sent_id": 0, "pos": [5, 6], "type": "LOC"}],
                [{"name": "Canada", "sent_id": 0, "pos": [7, 8], "type": "LOC"}]],
  "labels": [{"h": 0, "t": 1, "r": "P131", "evidence": [0]},
             {"h": 0, "t": 2, "r": "P17", "evidence": [0]}]},
 {"title": "Nora Vale",
  "sents": [["Nora", "Vale", "is", "a", "member", "of", "the", "Green", "Party", "."]],
  "vertexSet": [[{"name": "Nora Vale", "sent_id": 0, "pos": [0, 2], "type": "PER"}],
                [{"name": "Green Party", "sent_id": 0, "pos": [7, 9], "type": "ORG"}]],
  "labels": [{"h": 0, "t": 1, "r": "P102", "evidence": [0]}]}
]"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mapping_table_parses_and_names_ontology_predicates() {
        let rows = parse_map(MAP_TABLE).expect("data/redocred_map.tsv parses");
        assert_eq!(rows.len(), map().len());
        assert!(rows.contains(&("P112", "founded", true)));
        assert!(rows.contains(&("P17", "located_in", false)));
        let head = "property\tpredicate\treversed\n";
        assert!(parse_map("property\tpredicate\treversed\nP1\tleads\t-\n").is_ok());
        for bad in [
            "P1\tleadz\t-",
            "P1\tleads\tmaybe",
            "P1\tleads",
            "P1\tleads\t-\nP1\torigin\t-",
        ] {
            let text: &'static str = Box::leak(format!("{head}{bad}\n").into_boxed_str());
            assert!(parse_map(text).is_err(), "{bad:?} accepted");
        }
        assert!(parse_map("").is_err(), "no header");
    }

    /// The fixture written to a fresh temporary file.
    pub(crate) fn fixture_file(name: &str) -> std::path::PathBuf {
        let p = std::env::temp_dir().join(format!(
            "newsgraph-redocred-{}-{name}.json",
            std::process::id()
        ));
        std::fs::write(&p, FIXTURE).expect("write fixture");
        p
    }

    #[test]
    fn reads_splits_and_maps_gold() {
        let f = fixture_file("read");
        let all = read(&f, Split::All).expect("read");
        let train = read(&f, Split::Train).expect("read");
        let held = read(&f, Split::Heldout).expect("read");
        assert_eq!(all.len(), 6);
        assert_eq!(train.len() + held.len(), 6);
        let titles: Vec<&str> = held.iter().map(|d| d.title.as_str()).collect();
        assert_eq!(titles, ["Springfield", "Riverdale"]);
        // P112 "founded by" is reversed; unmapped properties (P569) are dropped.
        let acme = all.iter().find(|d| d.title == "Acme Corp").expect("acme");
        let g = gold_facts(acme);
        assert!(g.contains(&(1, 0, "founded")) && g.contains(&(0, 2, "based_in")));
        assert_eq!(gold_facts(&all[1]).len(), 2);
        // located_in and based_in match each other.
        assert!(hit(&g, (0, 2, "located_in")) && !hit(&g, (2, 0, "located_in")));
        let _ = std::fs::remove_file(f);
    }

    #[test]
    fn builds_documents_with_gold_mentions_parsed() {
        let f = fixture_file("build");
        let all = read(&f, Split::All).expect("read");
        let reader = Reader::embedded().expect("models");
        let (doc, vertex_of) = reader.build(&all[0]).expect("build");
        let names: Vec<&str> = doc
            .entity_items()
            .iter()
            .map(|m| doc.slice(m.range))
            .collect();
        assert_eq!(
            names,
            ["Springfield", "Illinois", "United States", "Illinois"]
        );
        assert_eq!(vertex_of, [0, 1, 2, 1]);
        assert_eq!(doc.sentence_items().len(), 2);
        let deps = doc.deps().expect("parsed");
        assert_eq!(deps.items.len(), doc.token_items().len());
        // The TIME mention of the second document is not an entity here.
        let (doc, vertex_of) = reader.build(&all[1]).expect("build");
        assert_eq!(doc.entity_items().len(), 3);
        assert!(!vertex_of.contains(&3));
        let _ = std::fs::remove_file(f);
    }

    #[test]
    fn tallies_micro_and_per_predicate() {
        let gold: BTreeSet<(u32, u32, &'static str)> = [
            (0, 1, "located_in"),
            (0, 2, "based_in"),
            (3, 4, "member_of"),
        ]
        .into();
        let mut t = Tally::default();
        t.add(
            &gold,
            [
                (0, 1, "located_in"),
                (0, 2, "located_in"),
                (4, 3, "member_of"),
            ],
        );
        let r = t.report();
        assert_eq!((r.micro.tp, r.micro.pred, r.micro.gold), (2, 3, 3));
        let loc = r.by_predicate["located_in"];
        assert_eq!((loc.tp, loc.pred, loc.gold), (2, 2, 2));
        assert!((r.micro.f1 - 2.0 / 3.0).abs() < 1e-9);
        assert!(
            table(&r)
                .lines()
                .last()
                .is_some_and(|l| l.starts_with("micro"))
        );
    }
}
