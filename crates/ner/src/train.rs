//! Reproducible NER training from gold interchange JSONL: documents go through the tokenizer and
//! the POS tagger (as at run time), gold mentions become BILOU classes, and the perceptron is
//! trained greedily with fixed-seed document shuffling; optionally a second model is trained with
//! the first one's confident labels of unlabeled web text added (self-training).

use crate::bilou::{LABELS, Scheme};
use crate::clusters::{ClusterConfig, Clusters};
use crate::features::{self, History};
use crate::gazetteer::{self, Gazetteer};
use crate::recognizer::{self, MODEL_KIND, NerTagger, SentenceInput};
use doc::Document;
use learn::{SplitMix64, Trainer, Writer, file};
use std::path::{Path, PathBuf};
use tag::PosTagger;
use tokenize::Tokenizer;

/// Training settings.
#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub seed: u64,
    pub epochs: usize,
    pub min_weight: f32,
    /// Also train on `gum.train.jsonl` (person/place/organization mentions) when present.
    pub use_gum: bool,
    pub clusters: ClusterConfig,
    /// Share (in thousandths) of training sentences shown lower-cased in each epoch, so that the
    /// model also finds names in careless web text from gazetteer and cluster features.
    pub lowercase_per_mille: u64,
    /// Self-training: a first model labels the unlabeled web text of [`silver_files`], and the
    /// final model is trained on the gold documents plus that text, its mentions of at least
    /// this confidence taken as gold (the tokens of less certain ones left unknown). `None`: one
    /// model from the gold documents only.
    pub silver_min_confidence: Option<f32>,
    /// Also train on the corpora of [`EXTRA_SOURCES`] when a directory is given.
    pub extra_data: bool,
    /// Place names for the gazetteer features (empty: none).
    pub places: bool,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            seed: 1,
            epochs: 13,
            min_weight: 0.05,
            use_gum: false,
            clusters: ClusterConfig::default(),
            lowercase_per_mille: 150,
            silver_min_confidence: Some(0.9),
            extra_data: true,
            places: true,
        }
    }
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error("cannot read {path}: {message}")]
    Io { path: String, message: String },
    #[error("no training documents found under {0}")]
    NoData(String),
    #[error("POS model: {0}")]
    Pos(#[from] learn::ModelError),
}

/// One training sentence: words, PTB tags and gold classes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub words: Vec<String>,
    pub pos: Vec<String>,
    pub classes: Vec<usize>,
    /// Tokens whose gold class is known; the others are decoded but not learned from.
    pub known: Vec<bool>,
}

/// How the mentions of a gold document are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Labeling {
    /// Every name is labeled (CoNLL, CrossNER): tokens outside mentions are known `O`.
    Full,
    /// GUM types: only person/place/organization mentions written as proper names are used (a
    /// leading `the` and a trailing possessive dropped); the tokens of other, descriptive
    /// (`television presenter Sally Meen`) or overlapping mentions and capitalized tokens
    /// outside mentions are left unknown.
    Gum,
    /// Names of some labels only or with incomplete recall (tweets, UNER without MISC, re3d):
    /// mentions are read as [`Labeling::Gum`] reads them, whatever their fine label.
    Partial,
}

/// Tokenizes, splits and tags a document that carries gold entities, and encodes its mentions
/// (those whose ends fall on token boundaries inside one sentence) as BILOU classes. Documents
/// with fine labels are read as GUM documents ([`Labeling::Gum`]), others as fully labeled.
pub fn prepare_document(d: Document, tokenizer: &Tokenizer, pos: &PosTagger) -> Vec<Example> {
    let gum = d.entity_items().iter().any(|m| m.fine_label.is_some());
    let how = if gum { Labeling::Gum } else { Labeling::Full };
    prepare_document_as(d, how, tokenizer, pos)
}

/// [`prepare_document`] with the labeling given.
pub fn prepare_document_as(
    d: Document,
    how: Labeling,
    tokenizer: &Tokenizer,
    pos: &PosTagger,
) -> Vec<Example> {
    let partial = how != Labeling::Full;
    let mut gold: Vec<(doc::TextRange, Option<usize>)> = Vec::new();
    for m in d.entity_items() {
        let keep = how != Labeling::Gum
            || m.fine_label
                .as_deref()
                .is_none_or(|f| matches!(f, "person" | "place" | "organization"));
        let l = LABELS.iter().position(|&l| l == m.label).filter(|_| keep);
        gold.push((m.range, l));
    }
    let text = d.text().to_string();
    let toks = tokenizer.tokenize(&text);
    let sents = tokenizer.split_sentences_uncapped(&text, &toks);
    let mut out = Vec::new();
    let pieces = sents.iter().flat_map(|s| {
        let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
        recognizer::split_at_line_breaks(&text, &toks, a, b)
    });
    for (a, b) in pieces {
        let Some(ts) = toks.get(a..b) else { continue };
        let words: Vec<&str> = ts
            .iter()
            .map(|t| text.get(t.range.as_usize()).unwrap_or(""))
            .collect();
        let tags: Vec<String> = pos
            .tag(&words)
            .into_iter()
            .map(|(_, x)| x.to_string())
            .collect();
        let mut ms = Vec::new();
        let mut unknown = vec![false; words.len()];
        for &(r, l) in &gold {
            let first = ts.iter().position(|t| t.range.start == r.start);
            let last = ts.iter().position(|t| t.range.end == r.end);
            let (Some(mut x), Some(mut y)) = (first, last) else {
                continue;
            };
            if x > y {
                continue;
            }
            match l {
                Some(l) => {
                    if partial {
                        if x < y && words.get(x).is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                            x += 1;
                        }
                        if x < y
                            && words
                                .get(y)
                                .is_some_and(|w| matches!(*w, "'s" | "’s" | "'" | "’"))
                        {
                            y -= 1;
                        }
                        let proper = words
                            .get(x..=y)
                            .is_some_and(|ws| ws.iter().all(|w| is_name_word(w)));
                        if !proper {
                            unknown
                                .iter_mut()
                                .take(y + 1)
                                .skip(x)
                                .for_each(|u| *u = true);
                            continue;
                        }
                    }
                    ms.push((x, y, l));
                }
                None => unknown
                    .iter_mut()
                    .take(y + 1)
                    .skip(x)
                    .for_each(|u| *u = true),
            }
        }
        // Shorter mentions first: nested names win over the phrases around them.
        ms.sort_by_key(|&(x, y, l)| (y - x, x, l));
        let classes = Scheme::encode(words.len(), &ms);
        if partial {
            for &(x, y, _) in &ms {
                let whole = classes
                    .get(x..=y)
                    .is_some_and(|c| c.iter().all(|&c| c != 0))
                    && Scheme::spans(classes.get(x..=y).unwrap_or(&[])).len() == 1;
                if !whole {
                    unknown
                        .iter_mut()
                        .take(y + 1)
                        .skip(x)
                        .for_each(|u| *u = true);
                }
            }
            for (i, w) in words.iter().enumerate() {
                if classes.get(i) == Some(&0) && w.starts_with(char::is_uppercase) {
                    unknown[i] = true;
                }
            }
        }
        out.push(Example {
            words: words.iter().map(|w| w.to_string()).collect(),
            pos: tags,
            classes,
            known: unknown.iter().map(|&u| !u).collect(),
        });
    }
    out
}

/// A word that may stand inside a proper name: capitalized, a number, or a connector.
fn is_name_word(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        || matches!(
            w,
            "of" | "de"
                | "and"
                | "&"
                | "-"
                | "for"
                | "the"
                | "du"
                | "von"
                | "van"
                | "la"
                | "al"
                | "on"
                | "in"
                | "."
        )
}

fn read_jsonl(
    src: &Source,
    tokenizer: &Tokenizer,
    pos: &PosTagger,
) -> Result<Vec<Vec<Example>>, TrainError> {
    let path = src.path.as_path();
    let f = std::fs::File::open(path).map_err(|e| TrainError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    let mut docs = Vec::new();
    for (i, rec) in interchange::read_records(std::io::BufReader::new(f)).enumerate() {
        let rec = rec.map_err(|e| TrainError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        if src.hold_out_every.is_some_and(|k| i % k == 0) {
            continue;
        }
        if !src.id_prefixes.is_empty() && !src.id_prefixes.iter().any(|p| rec.id().starts_with(p)) {
            continue;
        }
        let d = rec.to_document_with_layers().map_err(|e| TrainError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        })?;
        let ex = match src.labeling {
            Some(how) => prepare_document_as(d, how, tokenizer, pos),
            None => prepare_document(d, tokenizer, pos),
        };
        docs.push(ex);
    }
    Ok(docs)
}

/// One gold JSONL training file and how to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// None: by its fine labels ([`prepare_document`]).
    pub labeling: Option<Labeling>,
    /// Documents `i` (in file order, from 0) with `i % k == 0` are skipped: a held-out part
    /// for measuring, never trained on.
    pub hold_out_every: Option<usize>,
    /// Only documents whose id starts with one of these are used (empty: all).
    pub id_prefixes: &'static [&'static str],
}

/// The gold JSONL files used for `data`: the file itself, or `conll2003.train.jsonl` (and
/// `gum.train.jsonl` with `use_gum`) in a directory (or its `gold/` subdirectory), plus the
/// corpora beside that directory (see [`EXTRA_SOURCES`]) when `cfg.extra_data` is set.
pub fn training_files(data: &Path, cfg: &TrainConfig) -> Vec<Source> {
    let plain = |p: PathBuf| Source {
        path: p,
        labeling: None,
        hold_out_every: None,
        id_prefixes: &[],
    };
    if data.is_file() {
        return vec![plain(data.to_path_buf())];
    }
    let dir = if data.join("gold").is_dir() {
        data.join("gold")
    } else {
        data.to_path_buf()
    };
    let mut v = vec![plain(dir.join("conll2003.train.jsonl"))];
    if cfg.use_gum {
        v.push(plain(dir.join("gum.train.jsonl")));
    }
    if cfg.extra_data
        && let Some(root) = dir.parent()
    {
        for &(rel, how, hold, ids) in EXTRA_SOURCES {
            v.push(Source {
                path: root.join(rel),
                labeling: Some(how),
                hold_out_every: hold,
                id_prefixes: ids,
            });
        }
    }
    v.into_iter().filter(|s| s.path.is_file()).collect()
}

/// Corpora other than CoNLL, relative to the parent of the gold directory: path, labeling, the
/// held-out share (every k-th document, for measuring) of the corpora without a dev split, and
/// the document id prefixes used (BTC: the news-account tweets of section G and the MH17 tweets
/// of section E; the general tweets of A, B and H cost CoNLL dev F1 0.003 more).
pub type ExtraSource = (
    &'static str,
    Labeling,
    Option<usize>,
    &'static [&'static str],
);

/// See [`ExtraSource`].
pub const EXTRA_SOURCES: &[ExtraSource] = &[
    ("crossner/crossner.train.jsonl", Labeling::Full, None, &[]),
    (
        "btc/btc.train.jsonl",
        Labeling::Partial,
        None,
        &["btc-g-", "btc-e-"],
    ),
    (
        "uner_english_pud/uner_english_pud.all.jsonl",
        Labeling::Partial,
        Some(4),
        &[],
    ),
    ("re3d/re3d.all.jsonl", Labeling::Partial, Some(4), &[]),
];

/// The place-name gazetteer committed in `data/gazetteers.tsv` (see
/// `scripts/gen-gazetteers.py`), its names split into words by the run-time tokenizer.
pub fn place_gazetteer(tokenizer: &Tokenizer) -> Gazetteer {
    Gazetteer::from_tsv(include_str!("../data/gazetteers.tsv"), |name| {
        tokenizer
            .tokenize(name)
            .iter()
            .map(|t| name.get(t.range.as_usize()).unwrap_or("").to_string())
            .collect()
    })
}

/// Unlabeled text for the word clusters: the training splits of the gold JSONL files under
/// `data` (CoNLL, EWT, GUM, PolNeAR, TempEval), or `data` itself when it is a file.
pub fn unlabeled_files(data: &Path) -> Vec<PathBuf> {
    if data.is_file() {
        return vec![data.to_path_buf()];
    }
    let dir = if data.join("gold").is_dir() {
        data.join("gold")
    } else {
        data.to_path_buf()
    };
    ["conll2003", "ud_english_ewt", "gum", "polnear", "tempeval3"]
        .iter()
        .map(|n| dir.join(format!("{n}.train.jsonl")))
        .filter(|p| p.is_file())
        .collect()
}

/// Unlabeled web text for self-training: `ud_english_ewt.train.jsonl` (UD EWT: weblogs,
/// newsgroups, e-mail, answers, reviews) under `data`; nothing when `data` is a file.
pub fn silver_files(data: &Path) -> Vec<PathBuf> {
    if data.is_file() {
        return Vec::new();
    }
    let dir = if data.join("gold").is_dir() {
        data.join("gold")
    } else {
        data.to_path_buf()
    };
    let p = dir.join("ud_english_ewt.train.jsonl");
    if p.is_file() { vec![p] } else { Vec::new() }
}

/// One unlabeled document labeled by `tagger`, tokenized, split and POS-tagged as at run time:
/// its mentions of at least `min_conf` confidence become gold classes, the tokens of less certain
/// mentions are left unknown, all other tokens are known `O`.
pub fn silver_document(
    text: &str,
    tokenizer: &Tokenizer,
    pos: &PosTagger,
    tagger: &NerTagger,
    min_conf: f32,
) -> Vec<Example> {
    let toks = tokenizer.tokenize(text);
    let mut words_all: Vec<Vec<&str>> = Vec::new();
    let mut tags_all: Vec<Vec<String>> = Vec::new();
    let pieces = tokenizer
        .split_sentences_uncapped(text, &toks)
        .into_iter()
        .flat_map(|sent| {
            let (a, b) = (
                sent.tokens.0 as usize,
                (sent.tokens.1 as usize).min(toks.len()),
            );
            recognizer::split_at_line_breaks(text, &toks, a, b)
        })
        .collect::<Vec<_>>();
    for (a, b) in pieces {
        let words: Vec<&str> = toks
            .get(a..b)
            .unwrap_or(&[])
            .iter()
            .map(|t| text.get(t.range.as_usize()).unwrap_or(""))
            .collect();
        tags_all.push(
            pos.tag(&words)
                .into_iter()
                .map(|(_, x)| x.to_string())
                .collect(),
        );
        words_all.push(words);
    }
    let tag_refs: Vec<Vec<&str>> = tags_all
        .iter()
        .map(|t| t.iter().map(String::as_str).collect())
        .collect();
    let inputs: Vec<SentenceInput<'_>> = words_all
        .iter()
        .zip(&tag_refs)
        .map(|(w, p)| SentenceInput { words: w, pos: p })
        .collect();
    let found = tagger.recognize_sentences(&inputs);
    let mut out = Vec::with_capacity(words_all.len());
    for ((words, tags), ms) in words_all.iter().zip(&tags_all).zip(&found) {
        let mut known = vec![true; words.len()];
        let mut spans = Vec::new();
        for m in ms {
            match LABELS.iter().position(|&x| x == m.label) {
                Some(l) if m.confidence >= min_conf => spans.push((m.first, m.last, l)),
                _ => known
                    .iter_mut()
                    .take(m.last + 1)
                    .skip(m.first)
                    .for_each(|k| *k = false),
            }
        }
        out.push(Example {
            words: words.iter().map(|w| w.to_string()).collect(),
            pos: tags.clone(),
            classes: Scheme::encode(words.len(), &spans),
            known,
        });
    }
    out
}

/// [`silver_document`] for every document of a JSONL file.
fn read_silver(
    path: &Path,
    tokenizer: &Tokenizer,
    pos: &PosTagger,
    tagger: &NerTagger,
    min_conf: f32,
) -> Result<Vec<Vec<Example>>, TrainError> {
    let err = |e: String| TrainError::Io {
        path: path.display().to_string(),
        message: e,
    };
    let f = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut out = Vec::new();
    for rec in interchange::read_records(std::io::BufReader::new(f)) {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        out.push(silver_document(
            rec.text(),
            tokenizer,
            pos,
            tagger,
            min_conf,
        ));
    }
    Ok(out)
}

/// Extra name lists for the gazetteer: GUM's person/place/organization mentions.
pub fn name_files(data: &Path) -> Vec<PathBuf> {
    if data.is_file() {
        return Vec::new();
    }
    let dir = if data.join("gold").is_dir() {
        data.join("gold")
    } else {
        data.to_path_buf()
    };
    let p = dir.join("gum.train.jsonl");
    if p.is_file() { vec![p] } else { Vec::new() }
}

/// Adds the proper-name mentions of a JSONL file (GUM types) to `gaz`: a leading `the` and a
/// trailing possessive are dropped; mentions with other lower-case words are skipped.
fn read_names(path: &Path, tokenizer: &Tokenizer, gaz: &mut Gazetteer) -> Result<(), TrainError> {
    let err = |e: String| TrainError::Io {
        path: path.display().to_string(),
        message: e,
    };
    let f = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    for rec in interchange::read_records(std::io::BufReader::new(f)) {
        let d = rec
            .map_err(|e| err(e.to_string()))?
            .to_document_with_layers()
            .map_err(|e| err(e.to_string()))?;
        for m in d.entity_items() {
            let l = match m.fine_label.as_deref() {
                Some("person") => 0,
                Some("organization") => 1,
                Some("place") => 2,
                _ => continue,
            };
            let text = d.slice(m.range);
            let toks = tokenizer.tokenize(text);
            let mut ws: Vec<&str> = toks
                .iter()
                .map(|t| text.get(t.range.as_usize()).unwrap_or(""))
                .collect();
            if ws.first().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
                ws.remove(0);
            }
            if ws
                .last()
                .is_some_and(|w| matches!(*w, "'s" | "’s" | "'" | "’"))
            {
                ws.pop();
            }
            let proper = ws.iter().all(|w| {
                w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                    || matches!(
                        *w,
                        "of" | "de" | "and" | "&" | "-" | "for" | "the" | "du" | "von" | "van"
                    )
            });
            if !ws.is_empty() && proper && ws.len() <= gazetteer::MAX_LEN {
                gaz.add(gazetteer::key(&ws), l, 1);
                if l == 0 {
                    for k in gazetteer::person_parts(&ws) {
                        gaz.add(k, l, 1);
                    }
                }
            }
        }
    }
    Ok(())
}

/// Tokenized sentences of every document text in a JSONL file.
fn read_sentences(path: &Path, tokenizer: &Tokenizer) -> Result<Vec<Vec<String>>, TrainError> {
    let err = |e: String| TrainError::Io {
        path: path.display().to_string(),
        message: e,
    };
    let f = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut out = Vec::new();
    for rec in interchange::read_records(std::io::BufReader::new(f)) {
        let rec = rec.map_err(|e| err(e.to_string()))?;
        let text = rec.text();
        let toks = tokenizer.tokenize(text);
        for s in tokenizer.split_sentences_uncapped(text, &toks) {
            let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
            out.push(
                toks.get(a..b)
                    .unwrap_or(&[])
                    .iter()
                    .map(|t| text.get(t.range.as_usize()).unwrap_or("").to_string())
                    .collect(),
            );
        }
    }
    Ok(out)
}

/// Trains on the gold JSONL under `data` (see [`training_files`]) and returns the model file
/// bytes. `pos` tags the training text as it will tag text at run time.
pub fn train(data: &Path, cfg: &TrainConfig, pos: &PosTagger) -> Result<Vec<u8>, TrainError> {
    let tokenizer = Tokenizer::new();
    let mut docs = Vec::new();
    for src in training_files(data, cfg) {
        docs.extend(read_jsonl(&src, &tokenizer, pos)?);
    }
    if docs.iter().all(|d| d.is_empty()) {
        return Err(TrainError::NoData(data.display().to_string()));
    }
    let mut unlabeled: Vec<Vec<String>> = Vec::new();
    for p in unlabeled_files(data) {
        unlabeled.extend(read_sentences(&p, &tokenizer)?);
    }
    if unlabeled.is_empty() {
        unlabeled = docs.iter().flatten().map(|e| e.words.clone()).collect();
    }
    let clusters = Clusters::build(&unlabeled, &cfg.clusters);
    let mut names = Gazetteer::default();
    for p in name_files(data) {
        read_names(&p, &tokenizer, &mut names)?;
    }
    let places = if cfg.places {
        place_gazetteer(&tokenizer)
    } else {
        Gazetteer::default()
    };
    let first = train_documents(&docs, &clusters, &names, &places, cfg);
    let silver = silver_files(data);
    let Some(min_conf) = cfg.silver_min_confidence.filter(|_| !silver.is_empty()) else {
        return Ok(first);
    };
    let tagger = NerTagger::from_bytes(&first)?;
    for p in silver {
        docs.extend(read_silver(&p, &tokenizer, pos, &tagger, min_conf)?);
    }
    Ok(train_documents(&docs, &clusters, &names, &places, cfg))
}

/// Trains on prepared documents and returns the model file bytes.
pub fn train_documents(
    docs: &[Vec<Example>],
    clusters: &Clusters,
    names: &Gazetteer,
    places: &Gazetteer,
    cfg: &TrainConfig,
) -> Vec<u8> {
    // Gazetteer of the training mentions, with each document's own counts for leave-one-out,
    // plus the names from other sources.
    let mut gaz = names.clone();
    let mut own: Vec<Gazetteer> = Vec::with_capacity(docs.len());
    for d in docs {
        let mut g = Gazetteer::default();
        for e in d {
            for (a, b, l) in Scheme::spans(&e.classes) {
                if let Some(ws) = e.words.get(a..=b)
                    && ws.len() <= gazetteer::MAX_LEN
                {
                    g.add(gazetteer::key(ws), l, 1);
                    gaz.add(gazetteer::key(ws), l, 1);
                    if l == 0 {
                        for k in gazetteer::person_parts(ws) {
                            g.add(k.clone(), l, 1);
                            gaz.add(k, l, 1);
                        }
                    }
                }
            }
        }
        own.push(g);
    }
    let class_names: Vec<String> = (0..Scheme::N).map(Scheme::name).collect();
    let mut t = Trainer::new(Scheme::N);
    let mut rng = SplitMix64::new(cfg.seed);
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut f = learn::FeatureBuf::new();
    let mut scores = Vec::new();
    for _ in 0..cfg.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let Some(d) = docs.get(k) else { continue };
            let word_refs: Vec<Vec<&str>> = d
                .iter()
                .map(|e| e.words.iter().map(String::as_str).collect())
                .collect();
            let caps = features::doc_caps(word_refs.iter().map(|w| w.as_slice()));
            let runs =
                crate::docruns::DocRuns::build(word_refs.iter().map(|w| w.as_slice()), &caps);
            let mut history = History::default();
            for (e, words) in d.iter().zip(&word_refs) {
                let pos: Vec<&str> = e.pos.iter().map(String::as_str).collect();
                let lowered: Vec<String>;
                let mut words: &[&str] = words;
                let lowered_refs: Vec<&str>;
                if cfg.lowercase_per_mille > 0 && rng.below(1000) < cfg.lowercase_per_mille {
                    lowered = words.iter().map(|w| w.to_lowercase()).collect();
                    lowered_refs = lowered.iter().map(String::as_str).collect();
                    words = &lowered_refs;
                }
                let mut toks = features::prepare(words, &pos, &caps, clusters);
                history.annotate(&mut toks);
                runs.annotate(&mut toks);
                gaz.annotate(&mut toks, own.get(k));
                places.annotate_places(&mut toks);
                let caps_sentence = features::all_caps(words);
                let mut classes: Vec<usize> = Vec::with_capacity(toks.len());
                for i in 0..toks.len() {
                    let name = |b: usize| {
                        i.checked_sub(b)
                            .and_then(|j| classes.get(j))
                            .and_then(|&c| class_names.get(c))
                            .map_or("<s>", String::as_str)
                    };
                    features::extract(&toks, caps_sentence, i, name(1), name(2), &mut f);
                    t.scores(f.as_slice(), &mut scores);
                    let (pred, _) = recognizer::best_class(&scores);
                    let gold = e.classes.get(i).copied().unwrap_or(0);
                    if e.known.get(i).copied().unwrap_or(true) {
                        t.update(f.as_slice(), gold, pred);
                    }
                    t.tick();
                    classes.push(pred);
                }
                history.observe(&toks, &classes);
            }
        }
    }
    let model = t.finish(cfg.min_weight);
    let mut w = Writer::new();
    w.strs(&class_names);
    clusters.write(&mut w);
    gaz.write(&mut w);
    places.write(&mut w);
    model.write(&mut w);
    file::wrap(MODEL_KIND, &w.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NerTagger;
    use crate::recognizer::SentenceInput;

    fn ex(s: &str) -> Example {
        // `word/POS/class-name` triples
        let mut e = Example {
            words: Vec::new(),
            pos: Vec::new(),
            classes: Vec::new(),
            known: Vec::new(),
        };
        for t in s.split(' ') {
            let v: Vec<&str> = t.split('/').collect();
            e.words.push(v[0].into());
            e.pos.push(v[1].into());
            e.classes
                .push((0..Scheme::N).find(|&c| Scheme::name(c) == v[2]).unwrap());
        }
        e
    }

    fn toy() -> Vec<Vec<Example>> {
        vec![
            vec![ex(
                "Zakayev/NNP/U-PER spoke/VBD/O in/IN/O Kyiv/NNP/U-LOC ././O",
            )],
            vec![ex(
                "Akhmed/NNP/B-PER Zakayev/NNP/L-PER met/VBD/O Foreign/NNP/B-ORG Policy/NNP/L-ORG ././O",
            )],
            vec![ex(
                "The/DT/O Chechen/JJ/U-MISC leader/NN/O left/VBD/O Moscow/NNP/U-LOC ././O",
            )],
        ]
    }

    fn toy_clusters() -> Clusters {
        let sents: Vec<Vec<String>> = toy().iter().flatten().map(|e| e.words.clone()).collect();
        let cfg = ClusterConfig {
            min_count: 1,
            fine: 4,
            coarse: 2,
            iters: 3,
        };
        Clusters::build(&sents, &cfg)
    }

    #[test]
    fn training_is_byte_reproducible() {
        let cfg = TrainConfig::default();
        let cl = toy_clusters();
        let names = Gazetteer::default();
        let a = train_documents(&toy(), &cl, &names, &names, &cfg);
        let b = train_documents(&toy(), &cl, &names, &names, &cfg);
        assert_eq!(a, b);
        let n = NerTagger::from_bytes(&a).unwrap();
        let words = ["Zakayev", "spoke", "in", "Kyiv", "."];
        let pos = ["NNP", "VBD", "IN", "NNP", "."];
        let out = n.recognize(&[SentenceInput {
            words: &words,
            pos: &pos,
        }]);
        assert_eq!(out.len(), 1);
        assert!(
            out[0]
                .iter()
                .any(|m| m.first == 0 && m.label == doc::EntityLabel::Per)
        );
        assert!(out[0].iter().all(|m| (0.0..=1.0).contains(&m.confidence)));
        assert!(n.recognize(&[]).is_empty());
    }

    #[test]
    fn gum_style_documents_are_partially_labeled() {
        let text = "The Kremlin said the United States and Acme Corp's staff met in Moscow.";
        let mut d = Document::new(doc::DocMeta::new("g"), text).unwrap();
        let m = |a: usize, b: usize, l: doc::EntityLabel, f: &str| doc::Mention {
            range: doc::TextRange::from_usize(a, b),
            label: l,
            fine_label: Some(f.to_string()),
            confidence: 1.0,
            entity: None,
        };
        let mentions = vec![
            m(17, 34, doc::EntityLabel::Loc, "place"),
            m(39, 48, doc::EntityLabel::Misc, "object"),
            m(64, 70, doc::EntityLabel::Loc, "place"),
        ];
        d.set_entities(doc::Layer::new(doc::Producer::new("gold", "1"), mentions))
            .unwrap();
        let pos = PosTagger::embedded().unwrap();
        let ex = prepare_document(d, &Tokenizer::new(), &pos);
        assert_eq!(ex.len(), 1);
        let e = &ex[0];
        let at = |w: &str| e.words.iter().position(|x| x == w).unwrap();
        // "the United States" keeps "United States"; the leading "the" is a known O.
        assert_eq!(Scheme::name(e.classes[at("United")]), "B-LOC");
        assert!(e.known[at("the")] && e.classes[at("the")] == 0);
        // Capitalized words outside person/place/organization mentions are unknown.
        assert!(!e.known[at("Kremlin")] && !e.known[at("Acme")]);
        assert_eq!(Scheme::name(e.classes[at("Moscow")]), "U-LOC");
        assert!(e.known[at("met")]);
    }

    #[test]
    fn descriptive_gum_mentions_are_left_unknown() {
        let text = "We asked television presenter Sally Meen about Leeds.";
        let mut d = Document::new(doc::DocMeta::new("g"), text).unwrap();
        let m = |a: usize, b: usize, l: doc::EntityLabel, f: &str| doc::Mention {
            range: doc::TextRange::from_usize(a, b),
            label: l,
            fine_label: Some(f.to_string()),
            confidence: 1.0,
            entity: None,
        };
        let mentions = vec![
            m(9, 40, doc::EntityLabel::Per, "person"),
            m(47, 52, doc::EntityLabel::Loc, "place"),
        ];
        d.set_entities(doc::Layer::new(doc::Producer::new("gold", "1"), mentions))
            .unwrap();
        let pos = PosTagger::embedded().unwrap();
        let ex = prepare_document(d, &Tokenizer::new(), &pos);
        let e = &ex[0];
        let at = |w: &str| e.words.iter().position(|x| x == w).unwrap();
        for w in ["television", "presenter", "Sally", "Meen"] {
            assert!(!e.known[at(w)], "{w}");
        }
        assert_eq!(Scheme::name(e.classes[at("Leeds")]), "U-LOC");
        assert!(e.known[at("asked")] && e.known[at("Leeds")]);
    }

    #[test]
    fn silver_documents_keep_confident_mentions_only() {
        let model = train_documents(
            &toy(),
            &toy_clusters(),
            &Gazetteer::default(),
            &Gazetteer::default(),
            &TrainConfig::default(),
        );
        let tagger = NerTagger::from_bytes(&model).unwrap();
        let pos = PosTagger::embedded().unwrap();
        let tok = Tokenizer::new();
        let text = "Zakayev spoke in Kyiv. Akhmed Zakayev left Moscow.";
        let all = silver_document(text, &tok, &pos, &tagger, 0.0);
        let none = silver_document(text, &tok, &pos, &tagger, 2.0);
        assert_eq!(all.len(), 2);
        assert_eq!(all.len(), none.len());
        let mut found = 0;
        for (a, b) in all.iter().zip(&none) {
            assert_eq!(a.words, b.words);
            assert_eq!(a.classes.len(), a.words.len());
            assert_eq!(a.known.len(), a.words.len());
            // Everything found is gold at confidence 0 and unknown above confidence 1.
            assert!(a.known.iter().all(|&k| k));
            assert!(b.classes.iter().all(|&c| c == 0));
            for (i, &c) in a.classes.iter().enumerate() {
                if c != 0 {
                    found += 1;
                    assert!(!b.known[i]);
                } else {
                    assert!(b.known[i]);
                }
            }
        }
        assert!(found > 0);
        assert!(silver_document("", &tok, &pos, &tagger, 0.9).is_empty());
    }

    #[test]
    fn corrupt_or_foreign_models_are_refused() {
        let a = train_documents(
            &toy(),
            &toy_clusters(),
            &Gazetteer::default(),
            &Gazetteer::default(),
            &TrainConfig::default(),
        );
        let mut bad = a.clone();
        let k = bad.len() - 12;
        bad[k] ^= 1;
        assert!(matches!(
            NerTagger::from_bytes(&bad),
            Err(learn::ModelError::Checksum)
        ));
        assert!(matches!(
            NerTagger::from_bytes(b"NGMODEL"),
            Err(learn::ModelError::BadMagic)
        ));
        let pos = learn::file::wrap("pos", b"");
        assert!(matches!(
            NerTagger::from_bytes(&pos),
            Err(learn::ModelError::WrongKind { .. })
        ));
    }
}
