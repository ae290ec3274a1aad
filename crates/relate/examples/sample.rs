//! A reproducible sample of extracted facts for judging precision by hand: runs the default
//! pipeline's stages (tokenize → pos → ner → timex → coref chains → relate with coref's role
//! relations) over an interchange JSONL file, then draws `--n` facts with a fixed `--seed` and
//! prints each with its sentence (the draw is per fact, so it is stable when other facts change). `description` facts (free-text descriptors) are left out.
//!
//! `cargo run --release -p relate --example sample -- --data ../shared/data/gold/polnear.dev.jsonl
//! [--n 60] [--seed 7] [--skip holds_role] [--verdicts crates/relate/data/sample-verdicts.tsv]`
//!
//! `--skip P,Q` leaves those predicates out too (e.g. `holds_role`, to judge the typed
//! relations apart from the far more frequent titles).
//!
//! With `--verdicts FILE` it also reads hand verdicts, one per line as
//! `doc_id_hash<TAB>evidence_start<TAB>evidence_end<TAB>predicate<TAB>subject_start<TAB>object_start
//! <TAB>verdict` (byte offsets, `-` for no object, verdict `1` correct / `0` wrong), and prints
//! the precision of the sample. The file holds hashed document ids (FNV-1a 64, hex), offsets and
//! verdicts only, no corpus text.

use doc::{Annotator, DocMeta, Document, Relation};
use relate::Relate;
use std::collections::BTreeMap;

/// One drawn fact.
struct Fact {
    doc: String,
    rel: Relation,
    subject: (u32, String),
    object: Option<(u32, String)>,
    sentence: String,
}

impl Fact {
    fn key(&self) -> String {
        self.key_with(&self.doc)
    }

    /// The key a verdict file uses: the document id hashed (`fnv1a`, 16 hex digits), so the
    /// committed file names no corpus document.
    fn verdict_key(&self) -> String {
        self.key_with(&format!("{:016x}", fnv1a(&self.doc)))
    }

    fn key_with(&self, doc: &str) -> String {
        format!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            doc,
            self.rel.evidence.start,
            self.rel.evidence.end,
            self.rel.predicate,
            self.subject.0,
            self.object
                .as_ref()
                .map_or("-".to_string(), |o| o.0.to_string())
        )
    }
}

/// SplitMix64: a small, fixed PRNG so the sample is the same on every machine.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// FNV-1a, a fixed 64-bit hash of a fact's key.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let data = arg(&args, "--data").ok_or("usage: sample --data FILE.jsonl [--n N] [--seed S]")?;
    let n: usize = arg(&args, "--n").map_or(Ok(60), str::parse)?;
    let seed: u64 = arg(&args, "--seed").map_or(Ok(7), str::parse)?;
    let skip: Vec<&str> = arg(&args, "--skip")
        .map(|s| s.split(',').collect())
        .unwrap_or_default();
    let pos = tag::PosTagger::embedded()?;
    let ner = ner::NerTagger::embedded()?;
    let mut facts: Vec<Fact> = Vec::new();
    let mut docs = 0usize;
    let mut per_pred: BTreeMap<String, usize> = BTreeMap::new();
    for line in std::fs::read_to_string(data)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let (Some(id), Some(text)) = (v["id"].as_str(), v["text"].as_str()) else {
            continue;
        };
        let mut meta = DocMeta::new(id);
        meta.published = v["date"].as_str().map(str::to_string);
        let mut d = Document::new(meta, text)?;
        tokenize::Tokenizer::new().annotate(&mut d)?;
        pos.annotate(&mut d)?;
        ner.annotate(&mut d)?;
        timex::TimexTagger::new().annotate(&mut d)?;
        coref::Coref::new().annotate(&mut d)?;
        Relate::new().annotate(&mut d)?;
        docs += 1;
        let names = coref::mention_entities(&d);
        let mention = |m: u32| {
            d.entity_items().get(m as usize).map(|x| {
                let name = names
                    .get(m as usize)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| d.slice(x.range).to_string());
                (x.range.start, name)
            })
        };
        for r in d
            .relations()
            .map(|l| l.items.as_slice())
            .unwrap_or_default()
        {
            if r.predicate == ontology::Predicate::Description
                || skip.contains(&r.predicate.as_str())
            {
                continue;
            }
            let Some(subject) = mention(r.subject) else {
                continue;
            };
            *per_pred.entry(r.predicate.clone()).or_default() += 1;
            facts.push(Fact {
                doc: id.to_string(),
                rel: r.clone(),
                subject,
                object: r.object.and_then(mention),
                sentence: d
                    .slice(r.evidence)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            });
        }
    }
    println!(
        "{docs} documents, {} facts: {}",
        facts.len(),
        per_pred
            .iter()
            .map(|(p, c)| format!("{p} {c}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Each fact draws a number from its own key and the seed, and the `n` lowest are taken: the
    // same facts give the same sample, and a change elsewhere moves the sample only where the
    // facts themselves changed.
    let mut scored: Vec<(u64, usize)> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (SplitMix(seed ^ fnv1a(&f.key())).next(), i))
        .collect();
    scored.sort_unstable();
    let mut chosen: Vec<usize> = scored.iter().take(n).map(|&(_, i)| i).collect();
    chosen.sort_unstable();
    let verdicts: BTreeMap<String, bool> = match arg(&args, "--verdicts") {
        Some(f) => std::fs::read_to_string(f)?
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (k, v) = l.rsplit_once('\t')?;
                Some((k.to_string(), v.trim() == "1"))
            })
            .collect(),
        None => BTreeMap::new(),
    };
    let (mut judged, mut right) = (0usize, 0usize);
    for (k, &i) in chosen.iter().enumerate() {
        let Some(f) = facts.get(i) else { continue };
        let verdict = verdicts.get(&f.verdict_key());
        if let Some(&ok) = verdict {
            judged += 1;
            right += usize::from(ok);
        }
        println!(
            "\n#{k} [{}] {}\n  {} | {} | {} | {}\n  {}",
            verdict.map_or("?", |&ok| if ok { "ok" } else { "WRONG" }),
            f.key(),
            f.subject.1,
            f.rel.predicate,
            f.object.as_ref().map_or("", |o| o.1.as_str()),
            f.rel.object_value.as_deref().unwrap_or(""),
            f.sentence
        );
    }
    if judged > 0 {
        println!(
            "\nprecision on the judged sample: {right}/{judged} = {:.3}",
            right as f64 / judged as f64
        );
    }
    Ok(())
}
