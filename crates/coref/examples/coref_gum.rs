//! Scores the coreference resolver on GUM (CoNLL-2012 style files): MUC, B³, CEAFe, CoNLL F1.
//!
//! `coref_gum --data ../shared/data/gum/coref_conll/dev [--dump-json DIR] [--per-doc]`
//!
//! Each document's gold tokens are joined by spaces into a text; sentences come from the
//! project's sentence splitter, POS and NER from the embedded models, then coref runs. Documents
//! whose words are withheld (GUM reddit: every token `_`) are skipped.
//!
//! Response spans follow GUM's boundary convention: a name's span takes the article before it
//! ("the United States"), and all-adjective spans ("American") are dropped (GUM marks no
//! adjectives as mentions).
//!
//! Settings (the resolver targets names and third-person pronouns, GUM annotates every mention):
//! - `targeted`: key = gold mentions that are names (after a leading "the", every token is a
//!   proper noun by our tagger) or one of the resolved pronouns (he/him/his/himself, she/her/hers/
//!   herself, they/them/their/theirs/themselves); response = every span the resolver outputs.
//! - `targeted-nosing`: the same with singletons removed from key and response (CoNLL-2012).
//! - `all`: key = every GUM mention, singletons included; response as above (end to end).
//!
//! A baseline on the same response mentions (exact string match for names, pronouns left as
//! singletons) shows what the resolver adds. `--dump-json DIR` writes `key.json`, `sys.json`
//! (targeted setting, all documents in one clustering, mention ids `doc:start-end`) in the
//! `{"type":"clusters"}` format of the `scorch` scorer, for an outside check.

use coref::conll::{self, ConllDoc};
use coref::metrics::{Counts, Scores};
use doc::{Annotator, DocMeta, Document, Layer, Producer, TextRange, Token};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

type Span = (usize, usize);

struct Settings {
    targeted: Counts,
    targeted_nosing: Counts,
    all: Counts,
    base_targeted: Counts,
    base_nosing: Counts,
    /// Mention detection on the targeted key: (matched, response, key).
    detect: (usize, usize, usize),
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut per_doc = false;
    let mut salience = coref::Salience::default();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--data" => {
                data = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--dump-json" => {
                dump = args.get(i + 1).map(PathBuf::from);
                i += 1;
            }
            "--per-doc" => per_doc = true,
            // Salience weights, for tuning on train: --weights sent,tok,subj,freq,unnamed,pw,gw
            "--weights" => {
                let v: Vec<f64> = args
                    .get(i + 1)
                    .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
                    .unwrap_or_default();
                if let [a, b, c, d, e, f, g] = v.as_slice() {
                    salience = coref::Salience {
                        per_sentence: *a,
                        per_token: *b,
                        subject: *c,
                        frequency: *d,
                        unnamed: *e,
                        person_window: *f as usize,
                        group_window: *g as usize,
                    };
                } else {
                    return Err("--weights takes 7 comma-separated numbers".into());
                }
                i += 1;
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
        i += 1;
    }
    let Some(data) = data else {
        eprintln!("usage: coref_gum --data DIR [--dump-json DIR] [--per-doc]");
        std::process::exit(2);
    };
    let pos = tag::PosTagger::embedded()?;
    let ner = ner::NerTagger::embedded()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "conll"))
        .collect();
    files.sort();
    let mut s = Settings {
        targeted: Counts::default(),
        targeted_nosing: Counts::default(),
        all: Counts::default(),
        base_targeted: Counts::default(),
        base_nosing: Counts::default(),
        detect: (0, 0, 0),
    };
    let mut skipped = 0;
    let mut json_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut json_sys: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for f in &files {
        let text = std::fs::read_to_string(f)?;
        for d in conll::parse(&text) {
            if d.tokens
                .iter()
                .all(|t| t.chars().all(|c| c == '_' || !c.is_alphanumeric()))
            {
                skipped += 1;
                continue;
            }
            let (key_t, sys, base, key_all) = evaluate(&d, &pos, &ner, &salience)?;
            let before = s.targeted;
            s.targeted.add(&key_t, &sys);
            s.targeted_nosing
                .add(&no_singletons(&key_t), &no_singletons(&sys));
            s.all.add(&key_all, &sys);
            s.base_targeted.add(&key_t, &base);
            s.base_nosing
                .add(&no_singletons(&key_t), &no_singletons(&base));
            let km: std::collections::BTreeSet<Span> = key_t.iter().flatten().copied().collect();
            let sm: std::collections::BTreeSet<Span> = sys.iter().flatten().copied().collect();
            s.detect.0 += km.intersection(&sm).count();
            s.detect.1 += sm.len();
            s.detect.2 += km.len();
            if per_doc {
                let mut one = Counts::default();
                one.add(&key_t, &sys);
                let _ = before;
                println!(
                    "{:<40} targeted CoNLL F1 {:.2}",
                    d.name,
                    100.0 * one.scores().conll_f1
                );
            }
            if dump.is_some() {
                for (k, c) in key_t.iter().enumerate() {
                    json_key.insert(format!("{}:{k}", d.name), ids(&d.name, c));
                }
                for (k, c) in sys.iter().enumerate() {
                    json_sys.insert(format!("{}:{k}", d.name), ids(&d.name, c));
                }
            }
        }
    }
    println!(
        "GUM coreference, {} documents scored ({} skipped: words withheld), data {}",
        s.targeted.documents,
        skipped,
        data.display()
    );
    println!(
        "setting                      MUC P/R/F           B3 P/R/F            CEAFe P/R/F         CoNLL F1"
    );
    row("targeted (names+pronouns)", &s.targeted.scores());
    row("targeted, no singletons", &s.targeted_nosing.scores());
    row("all GUM mentions", &s.all.scores());
    row("baseline: targeted", &s.base_targeted.scores());
    row("baseline: no singletons", &s.base_nosing.scores());
    let (m, r, k) = s.detect;
    println!(
        "mention detection (targeted key): P {:.2} R {:.2} ({} matched, {} response, {} key)",
        100.0 * m as f64 / r.max(1) as f64,
        100.0 * m as f64 / k.max(1) as f64,
        m,
        r,
        k
    );
    if let Some(dir) = dump {
        std::fs::create_dir_all(&dir)?;
        write_json(&dir.join("key.json"), &json_key)?;
        write_json(&dir.join("sys.json"), &json_sys)?;
        println!("wrote {}/key.json and sys.json", dir.display());
    }
    Ok(())
}

fn row(name: &str, s: &Scores) {
    let f = |p: &coref::metrics::Prf| {
        format!(
            "{:5.2} {:5.2} {:5.2}",
            100.0 * p.precision,
            100.0 * p.recall,
            100.0 * p.f1
        )
    };
    println!(
        "{:<28} {}   {}   {}   {:5.2}",
        name,
        f(&s.muc),
        f(&s.b3),
        f(&s.ceafe),
        100.0 * s.conll_f1
    );
}

fn ids(doc: &str, c: &[Span]) -> Vec<String> {
    c.iter().map(|(a, b)| format!("{doc}:{a}-{b}")).collect()
}

fn write_json(path: &Path, clusters: &BTreeMap<String, Vec<String>>) -> std::io::Result<()> {
    let mut out = String::from("{\"type\": \"clusters\", \"clusters\": {");
    for (k, (name, ms)) in clusters.iter().enumerate() {
        if k > 0 {
            out.push_str(", ");
        }
        let quoted: Vec<String> = ms.iter().map(|m| format!("\"{m}\"")).collect();
        out.push_str(&format!("\"{name}\": [{}]", quoted.join(", ")));
    }
    out.push_str("}}\n");
    std::fs::write(path, out)
}

fn no_singletons(c: &[Vec<Span>]) -> Vec<Vec<Span>> {
    c.iter().filter(|x| x.len() > 1).cloned().collect()
}

const PRONOUNS: [&str; 13] = [
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
];

type Clusters = Vec<Vec<Span>>;

/// Runs the pipeline on one GUM document: (targeted key, response, baseline, full key).
fn evaluate(
    d: &ConllDoc,
    pos: &tag::PosTagger,
    ner: &ner::NerTagger,
    salience: &coref::Salience,
) -> Result<(Clusters, Clusters, Clusters, Clusters), Box<dyn std::error::Error>> {
    let mut text = String::new();
    let mut spans = Vec::new();
    for (i, t) in d.tokens.iter().enumerate() {
        if i > 0 {
            text.push(if d.blocks.contains(&i) { '\n' } else { ' ' });
        }
        let a = text.len();
        text.push_str(t);
        spans.push(TextRange::from_usize(a, text.len()));
    }
    let mut doc = Document::new(DocMeta::new(d.name.as_str()), text.as_str())?;
    let tokens: Vec<Token> = spans.iter().map(|r| Token { range: *r }).collect();
    let sentences = tokenize::Tokenizer::new().split_sentences(&text, &tokens);
    let p = Producer::new("gum", "1");
    doc.set_tokens(Layer::new(p.clone(), tokens))?;
    doc.set_sentences(Layer::new(p, sentences))?;
    pos.annotate(&mut doc)?;
    ner.annotate(&mut doc)?;
    let res = coref::resolve_with(&doc, salience);
    let tok_of = |r: TextRange| -> Option<Span> {
        let a = spans.partition_point(|t| t.end <= r.start);
        let b = spans.partition_point(|t| t.start < r.end);
        (b > a).then_some((a, b))
    };
    let upos: Vec<doc::Upos> = doc
        .pos()
        .map(|l| l.items.iter().map(|p| p.upos).collect())
        .unwrap_or_default();
    // GUM mention boundaries: an NP includes its article ("the United States"), and adjectives
    // ("American") are no mentions. Response spans are aligned to that convention.
    let align = |(a, b): Span| -> Option<Span> {
        if (a..b).all(|i| upos.get(i) == Some(&doc::Upos::Adj)) {
            return None;
        }
        let the = a > 0
            && d.tokens
                .get(a - 1)
                .is_some_and(|w| w.eq_ignore_ascii_case("the"));
        Some(if the { (a - 1, b) } else { (a, b) })
    };
    let sys: Clusters = res
        .entities
        .iter()
        .map(|e| {
            let mut c: Vec<Span> = e
                .spans
                .iter()
                .filter_map(|r| tok_of(*r))
                .filter_map(align)
                .collect();
            c.sort();
            c.dedup();
            c
        })
        .filter(|c: &Vec<Span>| !c.is_empty())
        .collect();
    // Baseline: the same mentions, names clustered by exact string, pronouns alone.
    let mut by_string: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    let mut base: Clusters = Vec::new();
    for c in &sys {
        for &(a, b) in c {
            let s = d.tokens.get(a..b).map(|w| w.join(" ")).unwrap_or_default();
            let s = s
                .strip_prefix("the ")
                .or(s.strip_prefix("The "))
                .unwrap_or(&s)
                .to_string();
            if b - a == 1 && PRONOUNS.contains(&s.to_lowercase().as_str()) {
                base.push(vec![(a, b)]);
            } else {
                by_string.entry(s).or_default().push((a, b));
            }
        }
    }
    base.extend(by_string.into_values());
    let is_named = |a: usize, b: usize| -> bool {
        let mut a = a;
        if d.tokens
            .get(a)
            .is_some_and(|w| w.eq_ignore_ascii_case("the"))
            && b - a > 1
        {
            a += 1;
        }
        let propn = |i: usize| upos.get(i) == Some(&doc::Upos::Propn);
        propn(a)
            && propn(b - 1)
            && (a..b).all(|i| {
                propn(i)
                    || d.tokens.get(i).is_some_and(|w| {
                        matches!(w.as_str(), "of" | "and" | "the" | "de" | "-" | "&")
                    })
            })
    };
    let key_all = d.clusters();
    let key_t: Clusters = key_all
        .iter()
        .map(|c| {
            c.iter()
                .copied()
                .filter(|&(a, b)| {
                    let w = d.tokens.get(a..b).map(|w| w.join(" ")).unwrap_or_default();
                    (b - a == 1 && PRONOUNS.contains(&w.to_lowercase().as_str())) || is_named(a, b)
                })
                .collect::<Vec<_>>()
        })
        .filter(|c| !c.is_empty())
        .collect();
    Ok((key_t, sys, base, key_all))
}
