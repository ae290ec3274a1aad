//! Reversible rule-based tokenizer and sentence splitter for news English.
//!
//! Tokens are byte ranges; the tokens plus the text between them give back the text. Curly
//! quotes, dashes, `n't` and possessive `’s` are split off; abbreviations and initials (U.S.,
//! H.W., Mr.), numbers with separators, URLs, e-mail addresses and hyphenated words stay whole.
//! Sentences end at terminal punctuation (with any closing quote), at abbreviations that may end a
//! sentence when a clear sentence start follows, at blank lines and after headline-like lines.

mod abbrev;
mod sentences;
mod words;

use doc::{
    Annotator, Diagnostic, DocError, Document, Layer, LayerKind, Producer, Sentence, TextRange,
    Token,
};

/// Version recorded as the producer of the layers.
pub const VERSION: &str = "1";

/// The tokenizer and sentence splitter. It holds no state; `new` is free.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tokenizer;

impl Tokenizer {
    pub fn new() -> Self {
        Tokenizer
    }

    /// Tokens of `text`, in order, non-overlapping, never empty and never containing whitespace.
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut spans = Vec::new();
        let chunks: Vec<(usize, usize)> = chunks(text);
        for (k, &(a, b)) in chunks.iter().enumerate() {
            let next = chunks.get(k + 1).and_then(|&(c, d)| text.get(c..d));
            if let Some(s) = text.get(a..b) {
                words::chunk_tokens(s, a, next, &mut spans);
            }
        }
        spans
            .into_iter()
            .filter(|&(a, b)| a < b)
            .map(|(a, b)| Token {
                range: TextRange::from_usize(a, b),
            })
            .collect()
    }

    /// Sentences over `tokens` (as produced by [`Tokenizer::tokenize`] on `text`). Every token
    /// belongs to exactly one sentence.
    /// A stretch without sentence ends is cut every 160 tokens or so, which keeps later stages
    /// linear on run-on input.
    pub fn split_sentences(&self, text: &str, tokens: &[Token]) -> Vec<Sentence> {
        sentences::split(text, tokens, true)
    }

    /// Like [`Tokenizer::split_sentences`] without the length cap: for training on trusted
    /// corpora, so that the committed NER model retrains byte-identical. Not for untrusted text.
    pub fn split_sentences_uncapped(&self, text: &str, tokens: &[Token]) -> Vec<Sentence> {
        sentences::split(text, tokens, false)
    }
}

/// Whitespace-separated chunks as byte ranges.
fn chunks(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}' {
            if let Some(s) = start.take() {
                out.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

impl Annotator for Tokenizer {
    fn name(&self) -> &'static str {
        "tokenize"
    }

    fn requires(&self) -> &'static [LayerKind] {
        &[]
    }

    fn provides(&self) -> &'static [LayerKind] {
        &[LayerKind::Tokens, LayerKind::Sentences]
    }

    fn annotate(&self, doc: &mut Document) -> Result<Vec<Diagnostic>, DocError> {
        let tokens = self.tokenize(doc.text());
        let sents = self.split_sentences(doc.text(), &tokens);
        let producer = Producer::new("tokenize", VERSION);
        doc.set_tokens(Layer::new(producer.clone(), tokens))?;
        doc.set_sentences(Layer::new(producer, sents))?;
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `marked` is text with `|` between tokens that touch; whitespace also separates tokens.
    fn check(marked: &str) {
        let text: String = marked.chars().filter(|&c| c != '|').collect();
        let expected: Vec<&str> = marked
            .split(|c: char| c == '|' || c.is_whitespace())
            .filter(|s| !s.is_empty())
            .collect();
        let toks = Tokenizer::new().tokenize(&text);
        let got: Vec<&str> = toks.iter().map(|t| &text[t.range.as_usize()]).collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    /// `marked` is text with `¦` where a sentence ends; returns nothing, asserts the split.
    fn check_sents(marked: &str) {
        let text: String = marked.chars().filter(|&c| c != '¦').collect();
        let expected: Vec<String> = marked
            .split('¦')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect();
        let t = Tokenizer::new();
        let toks = t.tokenize(&text);
        let got: Vec<String> = t
            .split_sentences(&text, &toks)
            .iter()
            .map(|s| text[s.range.as_usize()].to_string())
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    #[test]
    fn quotes_dashes_and_clitics() {
        check("“|We|’re| |ready|,|”| Magaletsky said|.");
        check("He does|n't know|; she ca|n't|.");
        check("Ichkeria|’s government|—|in Kyiv|—|is small|.");
        check("the players|’ union and Chechnya|'s leader");
        check("\"|Hello|,|\" he said|. '|Fine|'");
        check("1990|–|2000 and wait|...|what");
        check("I can|not go|, I|'m gon|na stay");
        check("England 's captain");
    }

    #[test]
    fn abbreviations_numbers_and_names_stay_whole() {
        check(
            "Mr. Bush|, Gen. Ross and George H.W. Bush met in the U.S. on Jan. 5 at 10 a.m. in St. Louis|.",
        );
        check("It cost $|1,000.5 or 12|% more|, i.e. a lot|.");
        check("Dugar-DePonte|, Buryad-Mongol and post-Russia plans");
        check("No. 5 and he said no|.");
        check("J. R. Smith arrived|.");
    }

    #[test]
    fn urls_emails_hashtags() {
        check("See https://example.com/a?b=1|. Mail me at a.b@port.ac.uk|, #MeToo @user");
        check("(|www.foo.org|)");
    }

    #[test]
    fn reversible_on_odd_input() {
        let t = Tokenizer::new();
        for text in [
            "",
            "   ",
            "...",
            "“”",
            "'",
            "a'",
            "'s",
            "--",
            "!!!?",
            "x\u{200b}y",
            "😀😀 a—",
            "U.S..",
            "$",
            "@",
            "a@b",
        ] {
            let toks = t.tokenize(text);
            let mut last = 0;
            for tok in &toks {
                assert!(
                    tok.range.start as usize >= last && tok.range.end > tok.range.start,
                    "{text:?}"
                );
                assert!(
                    text[last..tok.range.start as usize]
                        .chars()
                        .all(|c| c.is_whitespace() || c == '\u{200b}')
                );
                last = tok.range.end as usize;
            }
            assert!(text[last..].trim().is_empty(), "{text:?}");
            let sents = t.split_sentences(text, &toks);
            let covered: u32 = sents.iter().map(|s| s.tokens.1 - s.tokens.0).sum();
            assert_eq!(covered as usize, toks.len());
        }
    }

    #[test]
    fn sentences_end_inside_quotes_not_after_titles() {
        check_sents("“Russia will fall apart in general.”¦ Zakayev said so.¦");
        check_sents("“Are you ready?” she asked Mr. Smith.¦ He was.¦");
        check_sents("He works for Acme Inc.¦ The firm grew.¦");
        check_sents("She moved to the U.S. last year.¦");
        check_sents("George H.W. Bush spoke.¦ Really!¦");
        check_sents("Chechen exiles regroup¦\nThe war goes on.¦\n\nA new paragraph¦");
        check_sents("a line that wraps after a comma,\nin the middle.¦");
        check_sents("Thanks,¦\nKay¦");
        check_sents("Why?¦ she asked.¦ Hello . . .¦ Bye.¦");
    }

    #[test]
    fn annotator_adds_layers() {
        let mut d = Document::new(doc::DocMeta::new("t"), "Hi there. Bye.").unwrap();
        Tokenizer::new().annotate(&mut d).unwrap();
        assert_eq!(d.token_items().len(), 5);
        assert_eq!(d.sentence_items().len(), 2);
        assert_eq!(d.producer(LayerKind::Tokens).unwrap().annotator, "tokenize");
    }
}
