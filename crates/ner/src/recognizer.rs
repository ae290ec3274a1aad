//! The recognizer: model loading (file or embedded), beam-search decoding of well-formed BILOU
//! sequences with per-mention confidence, and the `Annotator` that fills the entities layer.

use crate::bilou::{LABELS, Scheme};
use crate::clusters::Clusters;
use crate::features::History;
use crate::features::{self, Tok};
use crate::gazetteer::Gazetteer;
use doc::{
    Annotator, Diagnostic, DocError, Document, EntityLabel, Layer, LayerKind, Mention, Producer,
    TextRange,
};
use learn::{FeatureBuf, Model, ModelError, Reader, file};
use std::path::Path;

/// The kind recorded in NER model files.
pub const MODEL_KIND: &str = "ner";

/// One sentence to label: its words and their PTB tags.
#[derive(Clone, Copy, Debug)]
pub struct SentenceInput<'a> {
    pub words: &'a [&'a str],
    pub pos: &'a [&'a str],
}

/// A trained named-entity recognizer.
#[derive(Clone, Debug)]
pub struct NerTagger {
    model: Model,
    clusters: Clusters,
    gazetteer: Gazetteer,
    /// Place names (countries, subdivisions, cities, continents) from `data/gazetteers.tsv`.
    places: Gazetteer,
    names: Vec<String>,
    /// Decode tables built from `model` at load time.
    fast: Option<crate::fast::Fast>,
    id: String,
}

/// A recognized mention: tokens `first..=last` of its sentence.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TokenMention {
    pub first: usize,
    pub last: usize,
    pub label: EntityLabel,
    pub confidence: f32,
}

impl NerTagger {
    /// The model committed in `models/ner.model`, compiled into the binary.
    pub fn embedded() -> Result<Self, ModelError> {
        Self::from_bytes(include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/ner.model"
        )))
    }

    pub fn load(path: &Path) -> Result<Self, ModelError> {
        Self::from_bytes(&file::read_file(path)?)
    }

    /// Parses model file bytes (checks magic, version, kind and checksum).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let payload = file::unwrap(bytes, MODEL_KIND)?;
        let mut r = Reader::new(payload);
        let names = r.strs()?;
        let clusters = Clusters::read(&mut r)?;
        let gazetteer = Gazetteer::read(&mut r)?;
        let places = Gazetteer::read(&mut r)?;
        let model = Model::read(&mut r)?;
        let expected: Vec<String> = (0..Scheme::N).map(Scheme::name).collect();
        if names != expected || model.n_classes() != Scheme::N {
            return Err(ModelError::Corrupt(
                "NER label set does not match this build".into(),
            ));
        }
        let fast = crate::fast::Fast::new(&model, &names);
        Ok(NerTagger {
            fast,
            model,
            clusters,
            gazetteer,
            places,
            names,
            id: format!("ner-{:016x}", learn::fnv1a(bytes)),
        })
    }

    pub fn model_id(&self) -> &str {
        &self.id
    }

    /// Mentions of every sentence of one document (the document matters for its features).
    pub fn recognize(&self, sentences: &[SentenceInput<'_>]) -> Vec<Vec<TokenMention>> {
        let mut out = self.recognize_sentences(sentences);
        let words: Vec<&[&str]> = sentences.iter().map(|s| s.words).collect();
        crate::consistency::harmonize(&words, &mut out);
        out
    }

    /// [`NerTagger::recognize`] without the document-level label consistency: each sentence as
    /// the tagger decoded it (the silver labels of self-training are read this way, so the
    /// committed model retrains byte-identical).
    pub(crate) fn recognize_sentences(
        &self,
        sentences: &[SentenceInput<'_>],
    ) -> Vec<Vec<TokenMention>> {
        let caps = features::doc_caps(sentences.iter().map(|s| s.words));
        let runs = crate::docruns::DocRuns::build(sentences.iter().map(|s| s.words), &caps);
        let mut history = History::default();
        let mut out = Vec::with_capacity(sentences.len());
        for s in sentences {
            let mut toks = match &self.fast {
                Some(f) => f.prepare(s.words, s.pos, &caps, &self.clusters),
                None => features::prepare(s.words, s.pos, &caps, &self.clusters),
            };
            history.annotate(&mut toks);
            runs.annotate(&mut toks);
            self.gazetteer.annotate(&mut toks, None);
            self.places.annotate_places(&mut toks);
            let (classes, probs) = self.decode(s.words, &toks, features::all_caps(s.words));
            history.observe(&toks, &classes);
            out.push(
                Scheme::spans(&classes)
                    .into_iter()
                    .filter_map(|(a, b, l)| trim(s.words, a, b).map(|(a, b)| (a, b, l)))
                    .filter_map(|(a, b, l)| {
                        let person = LABELS.get(l) == Some(&EntityLabel::Per);
                        strip_titles(s.words, a, b, person).map(|a| (a, b, l))
                    })
                    .filter(|&(a, b, _)| keep(s.words, a, b))
                    .map(|(a, b, l)| {
                        let p = probs.get(a..=b).unwrap_or(&[]);
                        let conf = if p.is_empty() {
                            0.0
                        } else {
                            p.iter().sum::<f32>() / p.len() as f32
                        };
                        TokenMention {
                            first: a,
                            last: b,
                            label: LABELS.get(l).copied().unwrap_or(EntityLabel::Misc),
                            confidence: conf,
                        }
                    })
                    .filter(|m| m.confidence >= MIN_CONFIDENCE)
                    .collect(),
            );
        }
        out
    }
}

impl NerTagger {
    /// [`decode`] with the beam, on the decode tables when the model has them (the
    /// probabilities of `O` tokens are then 0: only those of mention tokens are read).
    fn decode(&self, words: &[&str], toks: &[Tok], caps_sentence: bool) -> (Vec<usize>, Vec<f32>) {
        if let Some(fast) = &self.fast
            && let Some(r) =
                crate::fast::decode(fast, words, toks, caps_sentence, &self.model, BEAM, MARGIN)
        {
            return r;
        }
        decode(toks, caps_sentence, &self.names, &self.model, BEAM)
    }
}

/// The first token of a mention once courtesy titles (`Mr.`, `Ms.`, `Mrs.`, `Dr.`...) are
/// dropped from the front of a person's name; None when nothing but titles is left. Other
/// mentions are kept whole.
fn strip_titles(words: &[&str], mut a: usize, b: usize, person: bool) -> Option<usize> {
    if !person {
        return Some(a);
    }
    while words.get(a).is_some_and(|w| is_title(w)) {
        if a >= b {
            return None;
        }
        a += 1;
    }
    Some(a)
}

/// A courtesy title written before a name.
fn is_title(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "Mr" | "Ms"
            | "Mrs"
            | "Dr"
            | "Mx"
            | "Messrs"
            | "Mmes"
            | "Miss"
            | "Prof"
            | "MR"
            | "MS"
            | "MRS"
            | "DR"
    )
}

/// Invisible characters that may sit inside a word without changing it: soft hyphen, zero-width
/// space, joiners, word joiner, byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// A word without its invisible characters (borrowed when it has none; an all-invisible word
/// stays as it is).
fn visible(w: &str) -> std::borrow::Cow<'_, str> {
    if w.chars().any(is_invisible) {
        let v: String = w.chars().filter(|&c| !is_invisible(c)).collect();
        if !v.is_empty() {
            return std::borrow::Cow::Owned(v);
        }
    }
    std::borrow::Cow::Borrowed(w)
}

/// Whether a decoded mention may be reported: not a bare clock word, no address inside.
fn keep(words: &[&str], a: usize, b: usize) -> bool {
    let clock = a == b && words.get(a).is_some_and(|w| is_clock_word(w));
    let address = words
        .get(a..=b)
        .is_some_and(|ws| ws.iter().any(|w| is_address(w)));
    !clock && !address
}

/// `AM`, `p.m.`: never a name on their own, though CoNLL-trained models like to tag them.
fn is_clock_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "am" | "pm" | "a.m." | "p.m."
    )
}

/// An e-mail or web address: a token of one, never part of a name mention.
fn is_address(w: &str) -> bool {
    w.contains('@')
        || w.starts_with("http://")
        || w.starts_with("https://")
        || w.to_ascii_lowercase().starts_with("www.")
}

/// Drops quotes, commas and unbalanced brackets at the edges of a mention (`‘Chicken Kiev’` →
/// `Chicken Kiev`, but `Mladost ( L )` stays whole).
fn trim(words: &[&str], mut a: usize, mut b: usize) -> Option<(usize, usize)> {
    let quote = |w: &str| {
        w.chars().all(|c| {
            matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | ',' | ';' | ':' | '.' | '«' | '»'
            )
        })
    };
    let count = |a: usize, b: usize, w: &str| {
        words
            .get(a..=b)
            .map_or(0, |s| s.iter().filter(|x| **x == w).count())
    };
    loop {
        let (Some(&first), Some(&last)) = (words.get(a), words.get(b)) else {
            return None;
        };
        if a > b {
            return None;
        }
        if quote(first) || matches!(first, ")" | "]") {
            a += 1;
        } else if (quote(last) || matches!(last, "(" | "[")) && b > a {
            b -= 1;
        } else if matches!(first, "(" | "[")
            && count(a, b, if first == "(" { ")" } else { "]" }) == 0
        {
            a += 1;
        } else if matches!(last, ")" | "]")
            && b > a
            && count(a, b, if last == ")" { "(" } else { "[" }) == 0
        {
            b -= 1;
        } else {
            let has_word = words
                .get(a..=b)
                .is_some_and(|s| s.iter().any(|w| w.chars().any(char::is_alphanumeric)));
            return has_word.then_some((a, b));
        }
    }
}

/// Hypotheses kept per token by [`decode`].
pub(crate) const BEAM: usize = 8;

/// Hypotheses scoring this much below the best one are dropped (perceptron score units; on the
/// dev sets the results equal those of an unpruned beam, at a fraction of the cost).
pub(crate) const MARGIN: f32 = 64.0;

/// Mentions whose confidence is below this are not reported. Most of them are sequences the
/// beam preferred to the token-by-token choice with a nearly even split (confidence about 0.5):
/// on CoNLL-2003 and UNER EWT dev they are wrong four times out of five.
pub const MIN_CONFIDENCE: f32 = 0.55;

/// A partial label sequence in the beam: its score and its last two classes.
#[derive(Clone, Copy, Debug)]
struct Hyp {
    score: f32,
    p1: Option<usize>,
    p2: Option<usize>,
}

/// Beam search over well-formed BILOU sequences (a mention opened is closed with its own label),
/// scoring a sequence by the sum of its perceptron scores. Hypotheses with the same last two
/// classes have the same future, so only the best of them is kept. Returns the classes and the
/// probability of each choice (softmax of the scores given the chosen history).
pub(crate) fn decode(
    toks: &[Tok],
    caps_sentence: bool,
    names: &[String],
    model: &Model,
    beam: usize,
) -> (Vec<usize>, Vec<f32>) {
    if beam == 0 {
        return decode_greedy(toks, caps_sentence, names, model);
    }
    let n_classes = names.len();
    let name = |c: Option<usize>| c.and_then(|c| names.get(c)).map_or("<s>", String::as_str);
    let mut f = FeatureBuf::new();
    let mut lf = FeatureBuf::new();
    let mut base: Vec<f32> = Vec::with_capacity(n_classes * toks.len());
    let mut scores: Vec<f32> = Vec::with_capacity(n_classes);
    // Per token: (hypothesis extended at the previous token, class).
    let mut layers: Vec<Vec<(usize, usize)>> = Vec::with_capacity(toks.len());
    let mut hyps = vec![Hyp {
        score: 0.0,
        p1: None,
        p2: None,
    }];
    let mut cands: Vec<(f32, usize, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let last = i + 1 == toks.len();
        features::extract_static(toks, caps_sentence, i, &mut f);
        let b0 = base.len();
        base.resize(b0 + n_classes, 0.0);
        if let Some(b) = base.get_mut(b0..) {
            model.add_scores(f.as_slice(), b);
        }
        let row = base.get(b0..).unwrap_or(&[]);
        cands.clear();
        let mut top = f32::NEG_INFINITY;
        for (k, h) in hyps.iter().enumerate() {
            lf.clear();
            features::extract_labels(t, name(h.p1), name(h.p2), &mut lf);
            scores.clear();
            scores.extend_from_slice(row);
            model.add_scores(lf.as_slice(), &mut scores);
            for (c, &s) in scores.iter().enumerate() {
                let total = h.score + s;
                if total >= top - MARGIN && Scheme::allowed(h.p1, c, last) {
                    top = top.max(total);
                    cands.push((total, k, c));
                }
            }
        }
        cands.retain(|x| x.0 >= top - MARGIN);
        cands.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let mut next: Vec<Hyp> = Vec::with_capacity(beam);
        let mut layer = Vec::with_capacity(beam);
        for &(score, k, c) in &cands {
            let p1 = hyps.get(k).and_then(|h| h.p1);
            if next.iter().any(|h| h.p1 == Some(c) && h.p2 == p1) {
                continue;
            }
            next.push(Hyp {
                score,
                p1: Some(c),
                p2: p1,
            });
            layer.push((k, c));
            if next.len() >= beam {
                break;
            }
        }
        if next.is_empty() {
            // Cannot happen (O is always allowed), but odd scores must not lose the sentence.
            return decode_greedy(toks, caps_sentence, names, model);
        }
        layers.push(layer);
        hyps = next;
    }
    let mut classes = vec![0; toks.len()];
    let mut k = 0;
    for (i, layer) in layers.iter().enumerate().rev() {
        let Some(&(back, c)) = layer.get(k) else {
            break;
        };
        if let Some(x) = classes.get_mut(i) {
            *x = c;
        }
        k = back;
    }
    // The probability of each chosen class given the chosen history.
    let mut probs = Vec::with_capacity(toks.len());
    for (i, t) in toks.iter().enumerate() {
        let prev = |k: usize| i.checked_sub(k).and_then(|j| classes.get(j)).copied();
        lf.clear();
        features::extract_labels(t, name(prev(1)), name(prev(2)), &mut lf);
        scores.clear();
        scores.extend_from_slice(base.get(i * n_classes..(i + 1) * n_classes).unwrap_or(&[]));
        model.add_scores(lf.as_slice(), &mut scores);
        let c = classes.get(i).copied().unwrap_or(0);
        let sc = scores.get(c).copied().unwrap_or(0.0);
        let z: f32 = scores.iter().map(|&s| (s - sc).exp()).sum();
        probs.push(if z > 0.0 && z.is_finite() {
            1.0 / z
        } else {
            0.0
        });
    }
    (classes, probs)
}

/// Unconstrained greedy decoding (how the model is trained).
fn decode_greedy(
    toks: &[Tok],
    caps_sentence: bool,
    names: &[String],
    model: &Model,
) -> (Vec<usize>, Vec<f32>) {
    let mut f = FeatureBuf::new();
    let mut scores = Vec::new();
    let mut classes: Vec<usize> = Vec::with_capacity(toks.len());
    let mut probs = Vec::with_capacity(toks.len());
    for i in 0..toks.len() {
        let name = |k: usize| {
            i.checked_sub(k)
                .and_then(|j| classes.get(j))
                .and_then(|&c| names.get(c))
                .map_or("<s>", String::as_str)
        };
        features::extract(toks, caps_sentence, i, name(1), name(2), &mut f);
        model.scores(f.as_slice(), &mut scores);
        let (best, p) = best_class(&scores);
        classes.push(best);
        probs.push(p);
    }
    (classes, probs)
}

/// The best class and its softmax probability. Decoding is unconstrained (an ill-formed BILOU
/// run is closed where it breaks, see `Scheme::spans`): measured better than forcing a mention
/// opened by mistake to run on.
pub(crate) fn best_class(scores: &[f32]) -> (usize, f32) {
    let best = learn::perceptron::argmax(scores);
    let bv = scores.get(best).copied().unwrap_or(0.0);
    let z: f32 = scores.iter().map(|&s| (s - bv).exp()).sum();
    (best, if z > 0.0 { 1.0 / z } else { 0.0 })
}

impl Annotator for NerTagger {
    fn name(&self) -> &'static str {
        "ner"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences, LayerKind::Pos]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Entities]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        for k in self.requires() {
            if !doc.has(*k) {
                return Err(DocError::Missing {
                    kind: LayerKind::Entities,
                    missing: *k,
                });
            }
        }
        let mentions = mentions_of(self, doc);
        let producer = Producer::new("ner", env!("CARGO_PKG_VERSION")).with_model(self.id.clone());
        doc.set_entities(Layer::new(producer, mentions))?;
        Ok(Vec::new())
    }
}

/// The mentions the recognizer finds in a document that has tokens, sentences and POS.
pub fn mentions_of(ner: &NerTagger, doc: &Document) -> Vec<Mention> {
    let toks = doc.token_items();
    let pos_items = doc.pos().map_or(&[][..], |l| &l.items[..]);
    let text = doc.text();
    let mut words_owned: Vec<Vec<std::borrow::Cow<'_, str>>> = Vec::new();
    let mut pos_all: Vec<Vec<&str>> = Vec::new();
    // Per piece, the tokens (first, last) of each word the recognizer reads.
    let mut spans_all: Vec<Vec<(usize, usize)>> = Vec::new();
    for s in doc.sentence_items() {
        let (a, b) = (s.tokens.0 as usize, (s.tokens.1 as usize).min(toks.len()));
        // A line break ends a sentence for the recognizer: no mention runs across one.
        for (x, y) in split_at_line_breaks(text, toks, a, b) {
            let spans = join_invisible_gaps(text, toks, x, y);
            words_owned.push(
                spans
                    .iter()
                    .map(|&(f, l)| word_of(text, toks, f, l))
                    .collect(),
            );
            pos_all.push(
                spans
                    .iter()
                    .map(|&(f, _)| pos_items.get(f).map_or("?", |p| p.xpos.as_str()))
                    .collect(),
            );
            spans_all.push(spans);
        }
    }
    let words_all: Vec<Vec<&str>> = words_owned
        .iter()
        .map(|ws| ws.iter().map(|w| w.as_ref()).collect())
        .collect();
    let inputs: Vec<SentenceInput<'_>> = words_all
        .iter()
        .zip(&pos_all)
        .map(|(w, p)| SentenceInput { words: w, pos: p })
        .collect();
    let mut out = Vec::new();
    for (ms, spans) in ner.recognize(&inputs).iter().zip(&spans_all) {
        for m in ms {
            let (Some(&(x, _)), Some(&(_, y))) = (spans.get(m.first), spans.get(m.last)) else {
                continue;
            };
            if let (Some(x), Some(y)) = (toks.get(x), toks.get(y)) {
                let start = x.range.start;
                let Some(end) = cut_at_slash(text, start, y.range.end) else {
                    continue;
                };
                out.push(Mention {
                    range: TextRange::new(start, end),
                    label: m.label,
                    fine_label: None,
                    confidence: m.confidence,
                    entity: None,
                });
            }
        }
    }
    out
}

/// Tokens `a..b` grouped into the words the recognizer reads: a token that follows the one
/// before it with nothing but invisible characters between them (a zero-width space inside
/// `Mer\u{200b}kel`) is the same word. Each word as its (first, last) token.
fn join_invisible_gaps(text: &str, toks: &[doc::Token], a: usize, b: usize) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(b.saturating_sub(a));
    for k in a..b {
        let joined = k > a
            && match (toks.get(k - 1), toks.get(k)) {
                (Some(p), Some(t)) => text
                    .get(p.range.end as usize..t.range.start as usize)
                    .is_some_and(|g| !g.is_empty() && g.chars().all(is_invisible)),
                _ => false,
            };
        match out.last_mut() {
            Some(last) if joined => last.1 = k,
            _ => out.push((k, k)),
        }
    }
    out
}

/// The text of tokens `f..=l` without invisible characters (borrowed when it is one token
/// without any).
fn word_of<'a>(
    text: &'a str,
    toks: &[doc::Token],
    f: usize,
    l: usize,
) -> std::borrow::Cow<'a, str> {
    let slice = |k: usize| {
        toks.get(k)
            .and_then(|t| text.get(t.range.start as usize..t.range.end as usize))
            .unwrap_or("")
    };
    if f == l {
        return visible(slice(f));
    }
    let joined: String = (f..=l)
        .flat_map(|k| slice(k).chars())
        .filter(|&c| !is_invisible(c))
        .collect();
    std::borrow::Cow::Owned(joined)
}

/// The end of a mention `start..end` cut before a slash that joins a lower-case letter to an
/// upper-case one inside a token (`Whitcombe/The` in a photo credit joins two names, while
/// `AC/DC` is one); None when nothing with a letter is left.
fn cut_at_slash(text: &str, start: u32, end: u32) -> Option<u32> {
    let s = text.get(start as usize..end as usize)?;
    let mut prev: Option<char> = None;
    let mut cut = None;
    for (i, c) in s.char_indices() {
        if c == '/'
            && prev.is_some_and(char::is_lowercase)
            && s.get(i + 1..)
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase)
        {
            cut = Some(i);
            break;
        }
        prev = Some(c);
    }
    match cut {
        None => Some(end),
        Some(i) => {
            let kept = s.get(..i).unwrap_or("");
            kept.chars()
                .any(char::is_alphabetic)
                .then(|| start + i as u32)
        }
    }
}

/// Token ranges `a..b` split wherever the text between two neighbouring tokens holds a line
/// break (empty pieces dropped).
pub(crate) fn split_at_line_breaks(
    text: &str,
    toks: &[doc::Token],
    a: usize,
    b: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut x = a;
    for k in a + 1..b {
        let (Some(p), Some(t)) = (toks.get(k - 1), toks.get(k)) else {
            continue;
        };
        let gap = text
            .get(p.range.end as usize..t.range.start as usize)
            .unwrap_or("");
        if gap.contains(['\n', '\r', '\u{2028}', '\u{2029}']) {
            out.push((x, k));
            x = k;
        }
    }
    if x < b {
        out.push((x, b));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::DocMeta;

    #[test]
    fn embedded_model_finds_names_in_raw_news_text() {
        let text =
            "“We need to be prepared,” Akhmed Zakayev told Foreign Policy in Kyiv this spring.";
        let mut d = Document::new(DocMeta::new("t"), text).unwrap();
        let ner = NerTagger::embedded().unwrap();
        assert!(matches!(
            ner.annotate(&mut d),
            Err(DocError::Missing { .. })
        ));
        tokenize::Tokenizer::new().annotate(&mut d).unwrap();
        tag::PosTagger::embedded()
            .unwrap()
            .annotate(&mut d)
            .unwrap();
        ner.annotate(&mut d).unwrap();
        let found: Vec<(&str, EntityLabel)> = d
            .entity_items()
            .iter()
            .map(|m| (d.slice(m.range), m.label))
            .collect();
        assert!(
            found.contains(&("Akhmed Zakayev", EntityLabel::Per)),
            "{found:?}"
        );
        assert!(found.contains(&("Kyiv", EntityLabel::Loc)), "{found:?}");
        assert!(
            d.entity_items()
                .iter()
                .all(|m| m.confidence > 0.0 && m.confidence <= 1.0)
        );
        assert!(
            d.producer(LayerKind::Entities)
                .unwrap()
                .model
                .as_deref()
                .unwrap()
                .starts_with("ner-")
        );
    }

    #[test]
    fn beam_decoding_gives_well_formed_sequences() {
        let ner = NerTagger::embedded().unwrap();
        let sentences: [&[&str]; 3] = [
            &[
                "Upon", "return", "to", "New", "Orleans", ",", "Ariel", "Sharon", "spoke", ".",
            ],
            &[
                "i", "went", "to", "Del", "Frisco", "'s", "in", "philly", "w/", "Mary", "Ann",
            ],
            &["WHO", "WANTS", "TO", "HELP", "UNITED", "WAY", "?"],
        ];
        for words in sentences {
            let pos = vec!["NNP"; words.len()];
            let caps = features::doc_caps([words].into_iter());
            let toks = features::prepare(words, &pos, &caps, &ner.clusters);
            for beam in [0, 1, BEAM] {
                let (classes, probs) = decode(&toks, false, &ner.names, &ner.model, beam);
                assert_eq!(classes.len(), words.len());
                assert!(probs.iter().all(|p| (0.0..=1.0).contains(p)), "{probs:?}");
                if beam > 0 {
                    let mut prev = None;
                    for (i, &c) in classes.iter().enumerate() {
                        assert!(
                            Scheme::allowed(prev, c, i + 1 == classes.len()),
                            "{words:?} {classes:?}"
                        );
                        prev = Some(c);
                    }
                }
            }
        }
        let (c, p) = decode(&[], false, &ner.names, &ner.model, BEAM);
        assert!(c.is_empty() && p.is_empty());
        let (c, p) = ner.decode(&[], &[], false);
        assert!(c.is_empty() && p.is_empty());
    }

    #[test]
    fn decode_tables_give_identical_results() {
        let ner = NerTagger::embedded().unwrap();
        let fast = ner.fast.as_ref().unwrap();
        let pos = tag::PosTagger::embedded().unwrap();
        let doc: [&[&str]; 5] = [
            &[
                "Upon", "return", "to", "New", "Orleans", ",", "Ariel", "Sharon", "spoke", "to",
                "the", "U.N.", "Security", "Council", "in", "2003", ".",
            ],
            &[
                "i", "went", "to", "Del", "Frisco", "'s", "in", "philly", "w/", "Mary", "Ann",
            ],
            &["WHO", "WANTS", "TO", "HELP", "UNITED", "WAY", "?"],
            &[
                "“",
                "Sharon",
                "”",
                "said",
                "Zakayev’s",
                "aide",
                ",",
                "Ünïcödé",
                "Ltd.",
            ],
            &["Germany"],
        ];
        let tags: Vec<Vec<&str>> = doc
            .iter()
            .map(|w| pos.tag(w).into_iter().map(|t| t.1).collect())
            .collect();
        let caps = features::doc_caps(doc.iter().copied());
        let mut history = features::History::default();
        for (words, p) in doc.iter().zip(&tags) {
            for caps_sentence in [false, true] {
                let mut toks = features::prepare(words, p, &caps, &ner.clusters);
                for _ in 0..2 {
                    let t2 = fast.prepare(words, p, &caps, &ner.clusters);
                    assert_eq!(toks.len(), t2.len());
                    for (x, y) in toks.iter().zip(&t2) {
                        assert!(x.norm == y.norm && x.lower == y.lower && x.shape == y.shape);
                        assert!(x.pos == y.pos && x.doc_cap == y.doc_cap && x.cl == y.cl);
                        assert!(x.cap == y.cap && x.hist == y.hist && x.gz == y.gz);
                    }
                }
                history.annotate(&mut toks);
                ner.gazetteer.annotate(&mut toks, None);
                ner.places.annotate_places(&mut toks);
                let mut f = FeatureBuf::new();
                let mut g = Vec::new();
                for i in 0..toks.len() {
                    features::extract_static(&toks, caps_sentence, i, &mut f);
                    g.clear();
                    fast.word_keys(&toks[i], &mut g);
                    fast.context_keys(&toks, caps_sentence, i, &mut g);
                    let mut want = f.keys.clone();
                    want.sort_unstable();
                    g.sort_unstable();
                    assert_eq!(want, g);
                }
                let a = decode(&toks, caps_sentence, &ner.names, &ner.model, BEAM);
                // Twice: the second time the word rows come from the cache.
                let b = ner.decode(words, &toks, caps_sentence);
                let b2 = ner.decode(words, &toks, caps_sentence);
                assert_eq!(b.0, b2.0);
                assert_eq!(b.1, b2.1);
                assert_eq!(a.0, b.0);
                // Probabilities are read for mention tokens only (never `O`).
                let bits = |v: &[f32]| {
                    v.iter()
                        .zip(&a.0)
                        .filter(|&(_, &c)| c != 0)
                        .map(|(x, _)| x.to_bits())
                        .collect::<Vec<_>>()
                };
                assert_eq!(bits(&a.1), bits(&b.1));
                history.observe(&toks, &a.0);
            }
        }
    }

    #[test]
    fn titles_line_breaks_and_invisible_characters() {
        let w = ["Ms.", "Lewinsky", "met", "Mr", "Ginsburg"];
        assert_eq!(strip_titles(&w, 0, 1, true), Some(1));
        assert_eq!(strip_titles(&w, 0, 1, false), Some(0));
        assert_eq!(strip_titles(&w, 3, 3, true), None);
        assert_eq!(strip_titles(&w, 1, 1, true), Some(1));
        assert_eq!(visible("Vladi\u{ad}mir"), "Vladimir");
        assert_eq!(visible("Putin"), "Putin");
        assert_eq!(visible("\u{200b}"), "\u{200b}");
        let text = "Congress\nSyria and Tunisia";
        let toks = tokenize::Tokenizer::new().tokenize(text);
        assert_eq!(toks.len(), 4);
        assert_eq!(
            split_at_line_breaks(text, &toks, 0, 4),
            vec![(0, 1), (1, 4)]
        );
        assert_eq!(split_at_line_breaks(text, &toks, 1, 4), vec![(1, 4)]);
        assert!(split_at_line_breaks(text, &toks, 2, 2).is_empty());
    }

    #[test]
    fn annotate_keeps_names_apart_across_lines_and_titles_out() {
        let text = "Ms. Lewinsky met Mr. Ginsburg in Wash\u{ad}ington.\nCongress\nSyria said no.";
        let d = tagged(text);
        for m in d.entity_items() {
            let s = d.slice(m.range);
            assert!(!s.contains('\n'), "{s:?}");
            assert!(!s.starts_with("Ms") && !s.starts_with("Mr"), "{s:?}");
        }
    }

    #[test]
    fn trim_drops_edge_quotes_only() {
        let w = ["‘", "Chicken", "Kiev", "’"];
        assert_eq!(trim(&w, 0, 3), Some((1, 2)));
        assert_eq!(trim(&["(", "L", ")"], 0, 2), Some((0, 2)));
        assert_eq!(trim(&["Alan", "("], 0, 1), Some((0, 0)));
        assert_eq!(trim(&["(", ")"], 0, 1), None);
        assert_eq!(trim(&[",", "”"], 0, 1), None);
        assert!(is_clock_word("PM") && !is_clock_word("Pam"));
        assert!(is_address("jo@example.org") && is_address("www.example.org"));
        assert!(!is_address("Example") && !is_address("AT&T"));
    }

    #[test]
    fn decode_tables_decode_like_the_model() {
        let ner = NerTagger::embedded().unwrap();
        assert!(ner.fast.is_some());
        let sents: [&[&str]; 4] = [
            &[
                "Akhmed", "Zakayev", "spoke", "in", "Kyiv", "on", "Monday", ".",
            ],
            &[
                "The",
                "Free",
                "Nations",
                "of",
                "Post-Russia",
                "Forum",
                "met",
                "in",
                "Vilnius",
                ",",
                "said",
                "Oleg",
                "Magaletsky",
                ".",
            ],
            &["WELLS", "FARGO", "CEO", "JOHN", "STUMPF", "TESTIFIED"],
            &["“", "We", "are", "ready", ",", "”", "he", "said", "."],
        ];
        let caps = features::doc_caps(sents.iter().copied());
        let runs = crate::docruns::DocRuns::build(sents.iter().copied(), &caps);
        for words in sents {
            let pos = vec!["NNP"; words.len()];
            let fast = ner.fast.as_ref().unwrap();
            let mut toks = fast.prepare(words, &pos, &caps, &ner.clusters);
            let mut plain = features::prepare(words, &pos, &caps, &ner.clusters);
            runs.annotate(&mut toks);
            runs.annotate(&mut plain);
            let caps_s = features::all_caps(words);
            let (a, pa) = ner.decode(words, &toks, caps_s);
            let (b, pb) = decode(&plain, caps_s, &ner.names, &ner.model, BEAM);
            assert_eq!(a, b, "{words:?}");
            // Probabilities of mention tokens (the only ones read) agree.
            for (i, &c) in a.iter().enumerate() {
                if c != 0 {
                    assert!((pa[i] - pb[i]).abs() < 1e-6, "{words:?} {i}");
                }
            }
        }
    }

    /// `text` tokenized, POS-tagged and run through the embedded recognizer.
    fn tagged(text: &str) -> Document {
        let mut d = Document::new(DocMeta::new("t"), text).unwrap();
        tokenize::Tokenizer::new().annotate(&mut d).unwrap();
        tag::PosTagger::embedded()
            .unwrap()
            .annotate(&mut d)
            .unwrap();
        NerTagger::embedded().unwrap().annotate(&mut d).unwrap();
        d
    }

    fn annotated(text: &str) -> Vec<(String, EntityLabel)> {
        let d = tagged(text);
        d.entity_items()
            .iter()
            .map(|m| (d.slice(m.range).to_string(), m.label))
            .collect()
    }

    #[test]
    fn a_zero_width_space_inside_a_name_does_not_cut_it() {
        let found = annotated("Chancellor Helga Brandt\u{200b}meier visited Leipzig on Monday.");
        assert!(
            found
                .iter()
                .any(|(s, l)| s == "Helga Brandt\u{200b}meier" && *l == EntityLabel::Per),
            "{found:?}"
        );
    }

    #[test]
    fn a_credit_slash_joins_no_two_names() {
        let found = annotated(
            "Photo: Dana Whitcombe/The Lakeside Courier\nThe mayor of Dayton spoke on Monday.",
        );
        assert!(found.iter().all(|(s, _)| !s.contains('/')), "{found:?}");
        assert_eq!(cut_at_slash("AC/DC played", 0, 5), Some(5));
        assert_eq!(cut_at_slash("Ann Lee/The Post", 0, 16), Some(7));
        assert_eq!(cut_at_slash("Lee/The", 0, 7), Some(3));
    }

    #[test]
    fn invisible_gaps_join_tokens() {
        let text = "Mer\u{200b}kel and Putin";
        let toks: Vec<doc::Token> = [(0, 3), (6, 9), (10, 13), (14, 19)]
            .iter()
            .map(|&(a, b)| doc::Token {
                range: TextRange::new(a, b),
            })
            .collect();
        assert_eq!(
            join_invisible_gaps(text, &toks, 0, 4),
            vec![(0, 1), (2, 2), (3, 3)]
        );
        assert_eq!(word_of(text, &toks, 0, 1), "Merkel");
    }
}
