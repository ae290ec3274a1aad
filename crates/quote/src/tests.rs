//! Unit tests on hand-written sentences.

use super::*;
use doc::{DocMeta, EntityLabel, Mention};

/// What a test reads off one quote: content, direct, speaker, cue and entity texts.
#[derive(Debug, PartialEq)]
struct Q {
    content: String,
    direct: bool,
    speaker: Option<String>,
    cue: Option<String>,
    entity: Option<String>,
}

fn tokenized(text: &str) -> Document {
    let mut d = Document::new(DocMeta::new("t"), text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    d
}

fn read(d: &Document, qs: &[Quote]) -> Vec<Q> {
    let s = |r: Option<TextRange>| r.map(|r| d.slice(r).to_string());
    qs.iter()
        .filter(|q| q.kind != Some(QuoteKind::Designation))
        .map(|q| Q {
            content: d.slice(q.range).to_string(),
            direct: q.direct,
            speaker: s(q.speaker),
            cue: s(q.cue),
            entity: q.speaker_entity.clone(),
        })
        .collect()
}

fn quotes_with(x: QuoteExtractor, text: &str) -> Vec<Q> {
    let mut d = tokenized(text);
    x.annotate(&mut d).unwrap();
    let qs = d.quote_items().to_vec();
    read(&d, &qs)
}

fn quotes(text: &str) -> Vec<Q> {
    quotes_with(QuoteExtractor::new(), text)
}

fn q(content: &str, direct: bool, speaker: &str, cue: &str, entity: Option<&str>) -> Q {
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Q {
        content: content.into(),
        direct,
        speaker: opt(speaker),
        cue: opt(cue),
        entity: entity.map(str::to_string),
    }
}

#[test]
fn direct_quote_with_surname_resolves_to_full_name() {
    let got = quotes("Marta Olsen runs the port. “The cranes are idle,” Olsen said.");
    assert_eq!(
        got,
        vec![q(
            "The cranes are idle,",
            true,
            "Olsen",
            "said",
            Some("Marta Olsen")
        )]
    );
}

#[test]
fn inverted_attribution_and_role_nominal() {
    let got = quotes(
        "Olsen is the port director of the town. “Nothing moves today,” said the port director.",
    );
    assert_eq!(
        got,
        vec![q(
            "Nothing moves today,",
            true,
            "the port director",
            "said",
            Some("Olsen")
        )]
    );
}

#[test]
fn pronoun_goes_to_the_last_named_person() {
    let got = quotes("Judge Ana Ruiz read the ruling. “The law is clear,” she said.");
    assert_eq!(
        got,
        vec![q(
            "The law is clear,",
            true,
            "she",
            "said",
            Some("Ana Ruiz")
        )]
    );
}

#[test]
fn split_quote_is_one_span_by_default_and_two_on_request() {
    let text = "“We came here,” Olsen said, “and we stayed for good.”";
    let merged = quotes(text);
    assert_eq!(merged.len(), 1);
    assert_eq!(
        merged[0].content,
        "We came here,” Olsen said, “and we stayed for good."
    );
    let split = quotes_with(QuoteExtractor::new().merge_split_quotes(false), text);
    assert_eq!(
        split,
        vec![
            q("We came here,", true, "Olsen", "said", Some("Olsen")),
            q(
                "and we stayed for good.",
                true,
                "Olsen",
                "said",
                Some("Olsen")
            ),
        ]
    );
}

#[test]
fn cueless_quote_continues_the_previous_speaker() {
    let got = quotes(
        "“The river rose overnight,” Tomas Berg told reporters.\n“Nobody was ready for it.”",
    );
    assert_eq!(got.len(), 2);
    assert_eq!(got[1].content, "Nobody was ready for it.");
    assert_eq!(got[1].speaker.as_deref(), Some("Tomas Berg"));
    assert_eq!(got[1].entity.as_deref(), Some("Tomas Berg"));
    assert_eq!(got[1].cue, None);
}

#[test]
fn quote_across_paragraphs_takes_the_closing_speaker() {
    let got = quotes(
        "“We lost the harvest this year and the year before.\n“We will plant again,” Berg said.",
    );
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[0].content,
        "We lost the harvest this year and the year before."
    );
    assert!(
        !got[0].direct,
        "an unclosed paragraph is not fully inside marks"
    );
    assert_eq!(got[0].speaker.as_deref(), Some("Berg"));
    assert_eq!(got[1].speaker.as_deref(), Some("Berg"));
}

#[test]
fn reported_speech_patterns() {
    assert_eq!(
        quotes("The mayor said that the bridge will reopen in May."),
        vec![q(
            "that the bridge will reopen in May",
            false,
            "The mayor",
            "said",
            None
        )]
    );
    assert_eq!(
        quotes("The bridge will reopen in May, according to city engineers."),
        vec![q(
            "The bridge will reopen in May",
            false,
            "city engineers",
            "according to",
            None
        )]
    );
    assert_eq!(
        quotes("Berg told reporters on Monday that the plan had failed."),
        vec![q(
            "that the plan had failed",
            false,
            "Berg",
            "told",
            Some("Berg")
        )]
    );
    assert_eq!(
        quotes("As Berg told me, there is no room for doubt."),
        vec![q(
            "there is no room for doubt",
            false,
            "Berg",
            "told",
            Some("Berg")
        )]
    );
    assert_eq!(
        quotes("Berg told me that the harvest was lost."),
        vec![q(
            "that the harvest was lost",
            false,
            "Berg",
            "told",
            Some("Berg")
        )]
    );
    assert_eq!(
        quotes("The plan had failed badly, the minister's spokesman said."),
        vec![q(
            "The plan had failed badly",
            false,
            "the minister's spokesman",
            "said",
            None
        )]
    );
}

#[test]
fn scare_quotes_are_designations_not_speech() {
    let text =
        "The group was declared a “foreign agent” by the ministry and its members “traitors.”";
    assert!(quotes(text).is_empty());
    let d = tokenized(text);
    let got: Vec<&str> = designations(&d).iter().map(|&r| d.slice(r)).collect();
    assert_eq!(got, vec!["foreign agent", "traitors."]);
    // In the layer they are quotes of kind `designation`, never attributed.
    let mut d = tokenized(text);
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let kinds: Vec<_> = d
        .quote_items()
        .iter()
        .map(|q| {
            (
                d.slice(q.range),
                q.kind,
                q.speaker,
                q.cue,
                q.speaker_entity.clone(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        vec![
            (
                "foreign agent",
                Some(QuoteKind::Designation),
                None,
                None,
                None
            ),
            ("traitors.", Some(QuoteKind::Designation), None, None, None),
        ]
    );
    let mut d = tokenized(text);
    QuoteExtractor::new()
        .keep_designations(false)
        .annotate(&mut d)
        .unwrap();
    assert!(d.quote_items().is_empty());
}

#[test]
fn every_quote_has_its_kind() {
    let text = "“We will stay,” Ode said. Ode said the port would reopen. Ode said the plan was a “clean break” for the town. The town wants a “fresh start.”";
    let mut d = tokenized(text);
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let kinds: Vec<_> = d
        .quote_items()
        .iter()
        .map(|q| (d.slice(q.range), q.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("We will stay,", Some(QuoteKind::Direct)),
            ("the port would reopen", Some(QuoteKind::Indirect)),
            (
                "the plan was a “clean break” for the town",
                Some(QuoteKind::Mixed)
            ),
            ("fresh start.", Some(QuoteKind::Designation)),
        ]
    );
}

#[test]
fn section_labels_and_acts_are_not_speech() {
    // A label before a colon is not a speaker; a name is.
    assert!(quotes("Map: Where the new rail line will run through the valley").is_empty());
    assert!(quotes("Related: Five towns vote on the new rail line today").is_empty());
    assert_eq!(
        quotes("Ode: The rail line will run through the valley").len(),
        1
    );
    // `declared` with a bare object is an act; with a clause it reports speech.
    assert!(quotes("The province declared independence in 1991 after the vote.").is_empty());
    let got = quotes("The province declared that it would hold a vote in May.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].content, "that it would hold a vote in May");
}

#[test]
fn partial_quote_inside_reported_speech_is_one_mixed_quote() {
    let got = quotes("Berg said the decision was a “grave mistake.”");
    assert_eq!(got.len(), 1);
    assert!(!got[0].direct);
    assert_eq!(got[0].content, "the decision was a “grave mistake.”");
    assert_eq!(got[0].speaker.as_deref(), Some("Berg"));
}

#[test]
fn guillemets_straight_marks_and_nested_singles() {
    let got = quotes(
        "Olsen said: «We are ready for the storm». \"He told me ‘never again’ last year,\" Berg added.",
    );
    assert_eq!(
        got,
        vec![
            q(
                "We are ready for the storm",
                true,
                "Olsen",
                "said",
                Some("Olsen")
            ),
            q(
                "He told me ‘never again’ last year,",
                true,
                "Berg",
                "added",
                Some("Berg")
            ),
        ]
    );
}

#[test]
fn transcript_labels_and_byline_dashes() {
    let got = quotes("\"HOST: Are you running again?\"\n“I have not decided.” ― Ana Ruiz");
    assert_eq!(
        got,
        vec![
            q("Are you running again?", true, "HOST", ":", Some("HOST")),
            q(
                "I have not decided.",
                true,
                "Ana Ruiz",
                "―",
                Some("Ana Ruiz")
            ),
        ]
    );
}

#[test]
fn entity_layer_supplies_canonical_names() {
    let text = "“We hold the line,” Vask said.";
    let mut d = tokenized(text);
    let at = text.find("Vask").unwrap();
    let m = Mention {
        range: TextRange::from_usize(at, at + 4),
        label: EntityLabel::Per,
        fine_label: None,
        confidence: 0.9,
        entity: Some("Ilse Vask".into()),
    };
    d.set_entities(Layer::new(Producer::new("test", "1"), vec![m]))
        .unwrap();
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let got = read(&d, d.quote_items());
    assert_eq!(
        got,
        vec![q(
            "We hold the line,",
            true,
            "Vask",
            "said",
            Some("Ilse Vask")
        )]
    );
}

#[test]
fn role_resolves_across_editorial_brackets() {
    let got = quotes(
        "“We remember the speech of [then-U.S. President] George [H.W.] Bush,” he said, \
         referring to the president’s address, in which he warned against “reckless pride.”",
    );
    let warned = got
        .iter()
        .find(|q| q.cue.as_deref() == Some("warned"))
        .unwrap();
    assert_eq!(warned.entity.as_deref(), Some("George H.W. Bush"));
}

#[test]
fn annotator_contract() {
    let x = QuoteExtractor::new();
    assert_eq!(x.name(), "quote");
    assert_eq!(x.provides(), &[LayerKind::Quotes]);
    let mut bare = Document::new(DocMeta::new("b"), "“Hi,” he said.").unwrap();
    assert_eq!(
        x.annotate(&mut bare),
        Err(DocError::Missing {
            kind: LayerKind::Quotes,
            missing: LayerKind::Tokens
        })
    );
    let mut d = tokenized("No quotes here.");
    x.annotate(&mut d).unwrap();
    assert_eq!(d.producer(LayerKind::Quotes).unwrap().annotator, "quote");
    assert!(d.quote_items().is_empty());
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        "“",
        "”",
        "“”“”",
        "\"\"\"",
        "''",
        "‘",
        "he said",
        "said",
        ", said the",
        "“a” “b” “c”",
        "according to",
        "“Unclosed, he said\n\n”",
        "🇺🇦 “😀,” said 😀.",
    ] {
        let mut d = tokenized(text);
        QuoteExtractor::new().annotate(&mut d).unwrap();
        for q in d.quote_items() {
            assert!(d.check_range(q.range).is_ok(), "{text:?}");
        }
        let _ = designations(&d);
    }
}

#[test]
fn long_documents_stay_linear() {
    let unit = "Marta Olsen met the mayor. “We won,” Olsen said. The mayor said that the bridge will reopen soon. The crowd saw a “fresh start” there.\n";
    let text = unit.repeat(1500);
    let got = quotes(&text);
    assert_eq!(got.len(), 3000);
    assert!(
        got.iter()
            .step_by(2)
            .all(|q| q.entity.as_deref() == Some("Marta Olsen"))
    );
    let d = tokenized(&text);
    assert_eq!(designations(&d).len(), 1500);
}

/// The quotes of `text` (published `date`) after the time tagger ran: content and the time's
/// value and evidence text.
fn timed(date: &str, text: &str) -> Vec<(String, Option<String>, Option<String>)> {
    let mut meta = DocMeta::new("t");
    meta.published = Some(date.to_string());
    let mut d = Document::new(meta, text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    timex::TimexTagger::new().annotate(&mut d).unwrap();
    QuoteExtractor::new().annotate(&mut d).unwrap();
    d.quote_items()
        .iter()
        .map(|q| {
            (
                d.slice(q.range).to_string(),
                q.time.clone(),
                q.time_evidence.map(|r| d.slice(r).to_string()),
            )
        })
        .collect()
}

fn t(
    content: &str,
    value: Option<&str>,
    evidence: Option<&str>,
) -> (String, Option<String>, Option<String>) {
    (
        content.to_string(),
        value.map(str::to_string),
        evidence.map(str::to_string),
    )
}

#[test]
fn attribution_time_dates_the_quote() {
    let got = timed(
        "2024-08-25",
        "Akhmed Zakayev leads the exiles. “I couldn’t have imagined what it is today,” Zakayev told Foreign Policy during an interview in Kyiv this spring.",
    );
    assert_eq!(
        got,
        vec![t(
            "I couldn’t have imagined what it is today,",
            Some("2024-SP"),
            Some("this spring")
        )]
    );
}

#[test]
fn reported_speech_takes_the_frame_before_its_content() {
    let got = timed(
        "2024-08-25",
        "Marta Olsen said on Tuesday that the port had been closed since 1994.",
    );
    assert_eq!(
        got,
        vec![t(
            "that the port had been closed since 1994",
            Some("2024-08-20"),
            Some("Tuesday")
        )]
    );
}

#[test]
fn content_date_when_the_attribution_has_none() {
    let got = timed(
        "2024-08-25",
        "Akhmed Zakayev spoke. “Ukrainians have felt what it was like for us, back in 1994,” Zakayev said.",
    );
    assert_eq!(
        got,
        vec![t(
            "Ukrainians have felt what it was like for us, back in 1994,",
            Some("1994"),
            Some("1994")
        )]
    );
    // A present reference inside the quote tells nothing: the quote stays undated, and the
    // publication date is never used.
    let got = timed(
        "2024-08-25",
        "Marta Olsen spoke. “Nothing moves now,” Olsen said.",
    );
    assert_eq!(got, vec![t("Nothing moves now,", None, None)]);
}

#[test]
fn a_continuing_quote_keeps_the_time_of_the_one_it_continues() {
    let got = QuoteExtractor::new().merge_split_quotes(false);
    let mut meta = DocMeta::new("t");
    meta.published = Some("2024-08-25".into());
    let text = "Marta Olsen runs the port. “The cranes are idle,” Olsen said in March.\n“We wait.”";
    let mut d = Document::new(meta, text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    timex::TimexTagger::new().annotate(&mut d).unwrap();
    got.annotate(&mut d).unwrap();
    let times: Vec<(String, Option<String>)> = d
        .quote_items()
        .iter()
        .map(|q| (d.slice(q.range).to_string(), q.time.clone()))
        .collect();
    assert_eq!(
        times,
        vec![
            (
                "The cranes are idle,".to_string(),
                Some("2024-03".to_string())
            ),
            ("We wait.".to_string(), Some("2024-03".to_string())),
        ]
    );
}

#[test]
fn without_a_time_layer_quotes_stay_undated() {
    let mut d = tokenized("“We won,” Olsen said in March.");
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let q = d.quote_items().first().cloned().unwrap();
    assert_eq!((q.time, q.time_evidence), (None, None));
}

#[test]
fn the_present_in_an_apposition_dates_nothing() {
    let got = timed(
        "2024-03-13",
        "“The raids are small,” Oksana Lytvyn, a retired officer who now lectures in Kyiv, told reporters.",
    );
    assert_eq!(got, vec![t("The raids are small,", None, None)]);
}

#[test]
fn every_quote_of_a_long_document_gets_its_own_time() {
    let unit = "Marta Olsen met the mayor. “We won,” Olsen said in March. The mayor said on Tuesday that the bridge will reopen soon.\n";
    let text = unit.repeat(1500);
    let mut meta = DocMeta::new("t");
    meta.published = Some("2024-08-25".into());
    let mut d = Document::new(meta, text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    timex::TimexTagger::new().annotate(&mut d).unwrap();
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let qs = d.quote_items();
    assert_eq!(qs.len(), 3000);
    assert!(
        qs.iter()
            .step_by(2)
            .all(|q| q.time.as_deref() == Some("2024-03"))
    );
    assert!(
        qs.iter()
            .skip(1)
            .step_by(2)
            .all(|q| q.time.as_deref() == Some("2024-08-20"))
    );
}

/// A tokenized document with hand-written tags and a dependency tree: `(upos, head, rel)` per
/// token, `head` an index into the tokens (`None` for the root).
fn parsed(text: &str, tree: &[(&str, Option<u32>, &str)]) -> Document {
    let mut d = tokenized(text);
    assert_eq!(d.token_items().len(), tree.len(), "{text:?}");
    let pos = tree
        .iter()
        // `VERB/VBN`: a UPOS tag and, after the slash, an XPOS tag.
        .map(|&(u, _, _)| {
            let (u, x) = u.split_once('/').unwrap_or((u, "XX"));
            doc::PosTag {
                upos: doc::Upos::parse(u).expect("a UPOS tag"),
                xpos: doc::Xpos::parse(x).expect("an XPOS tag"),
            }
        })
        .collect();
    d.set_pos(Layer::new(Producer::new("t", "1"), pos)).unwrap();
    let deps = tree
        .iter()
        .map(|&(_, head, rel)| doc::Dependency {
            head,
            rel: rel.to_string(),
        })
        .collect();
    d.set_deps(Layer::new(Producer::new("t", "1"), deps))
        .unwrap();
    d
}

/// Content, speaker, cue and kind of a quote.
type Read = (String, Option<String>, Option<String>, Option<QuoteKind>);

fn parsed_quotes(d: &mut Document) -> Vec<Read> {
    QuoteExtractor::new().annotate(d).unwrap();
    let s = |r: Option<TextRange>| r.map(|r| d.slice(r).to_string());
    d.quote_items()
        .iter()
        .map(|q| (d.slice(q.range).to_string(), s(q.speaker), s(q.cue), q.kind))
        .collect()
}

#[test]
fn attributions_are_read_from_the_tree() {
    // An object of an attitude verb: the subject is the speaker.
    let mut d = parsed(
        "The harbour board endorsed the new tide plan.",
        &[
            ("DET", Some(2), "det"),
            ("NOUN", Some(2), "compound"),
            ("NOUN", Some(3), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(7), "det"),
            ("ADJ", Some(7), "amod"),
            ("NOUN", Some(7), "compound"),
            ("NOUN", Some(3), "obj"),
            ("PUNCT", Some(3), "punct"),
        ],
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![(
            "the new tide plan".to_string(),
            Some("The harbour board".to_string()),
            Some("endorsed".to_string()),
            Some(QuoteKind::Indirect)
        )]
    );
    // A preposition complement (`spoke about`) and a participle taking its head's subject.
    let mut d = parsed(
        "Ode spoke about the flood.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("ADP", Some(4), "case"),
            ("DET", Some(4), "det"),
            ("NOUN", Some(1), "obl"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![(
            "about the flood".to_string(),
            Some("Ode".to_string()),
            Some("spoke".to_string()),
            Some(QuoteKind::Indirect)
        )]
    );
    // No speaker (`it`), or a verb outside the table: nothing.
    let mut d = parsed(
        "It endorsed the plan.",
        &[
            ("PRON", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(1), "obj"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert!(parsed_quotes(&mut d).is_empty());
    let mut d = parsed(
        "Ode painted the fence.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(1), "obj"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert!(parsed_quotes(&mut d).is_empty());
}

#[test]
fn a_broken_tree_is_ignored_without_panic() {
    // Heads out of range or a tree shorter than the tokens: the rules alone run.
    let mut d = parsed(
        "Ode endorsed the plan.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", Some(99), "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(1), "obj"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    let _ = parsed_quotes(&mut d);
}

#[test]
fn a_time_adjunct_before_the_cue_is_not_the_speaker() {
    for text in [
        "Marta Olsen on Tuesday said the port would reopen next month.",
        "Marta Olsen last week said the port would reopen next month.",
    ] {
        let got = quotes(text);
        assert_eq!(got.len(), 1, "{text:?}");
        assert_eq!(got[0].speaker.as_deref(), Some("Marta Olsen"), "{text:?}");
    }
}

#[test]
fn a_group_is_never_resolved_to_a_person() {
    let text = "Ilse Vask visited the port. Vask administration officials said the talks would resume. Analysts said the deal would hold.";
    let mut d = tokenized(text);
    let at = text.find("Ilse Vask").unwrap_or(0);
    let at2 = text.find("Vask administration").unwrap_or(0);
    let per = |s: usize, e: usize| Mention {
        range: TextRange::from_usize(s, e),
        label: EntityLabel::Per,
        fine_label: None,
        confidence: 0.9,
        entity: Some("Ilse Vask".into()),
    };
    d.set_entities(Layer::new(
        Producer::new("test", "1"),
        vec![per(at, at + 9), per(at2, at2 + 4)],
    ))
    .unwrap();
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let got = read(&d, d.quote_items());
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(
        got[0].speaker.as_deref(),
        Some("Vask administration officials")
    );
    assert_eq!(got[0].entity, None);
    assert_eq!(got[1].speaker.as_deref(), Some("Analysts"));
    assert_eq!(got[1].entity, None);
}

#[test]
fn a_one_word_complement_is_not_an_attribution() {
    let mut d = parsed(
        "Voters feel stung.",
        &[
            ("NOUN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("ADJ", Some(1), "xcomp"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert!(parsed_quotes(&mut d).is_empty());
}

#[test]
fn bulleted_points_after_said_colon_are_the_speakers() {
    let text = "Marta Olsen met the mayor on Friday. Olsen also said:\n\n• The bridge will reopen in May.\n\n• Tolls will stay as they are.\n\nThe mayor left early.";
    let got = quotes(text);
    let pts: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|q| (q.content.as_str(), q.speaker.as_deref()))
        .collect();
    assert_eq!(
        pts,
        vec![
            ("The bridge will reopen in May", Some("Olsen")),
            ("Tolls will stay as they are", Some("Olsen")),
        ]
    );
}

#[test]
fn a_quote_running_over_three_paragraphs_keeps_its_speaker() {
    let text = "Hemi Rangi spoke at the hearing.\n\n“The river was ours before the mill came.\n\n“We fished it every summer and our children swam in it.\n\n“We want it back,” said Rangi, a tribal elder.\n\nThe hearing resumes on Monday.";
    let got = quotes(text);
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got.iter().all(|q| q.speaker.as_deref() == Some("Rangi")),
        "{got:?}"
    );
    let text = "“The river was ours before the mill came,” said Hemi Rangi, a tribal elder. “We fished it every summer.\n\n“We want it back.”\n\nThe hearing resumes on Monday.";
    let got = quotes(text);
    assert!(
        got.iter()
            .all(|q| q.speaker.as_deref() == Some("Hemi Rangi")),
        "{got:?}"
    );
}

#[test]
fn speakers_after_the_quote_with_phrases_and_abbreviations() {
    let got = quotes("“We will override the veto,” Senate Leader Ann Ode, R-Ky., said Tuesday.");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].speaker.as_deref(), Some("Senate Leader Ann Ode"));
}

#[test]
fn the_tree_corrects_what_the_patterns_found() {
    // An act verb with a bare object reports nothing, whatever follows it.
    let mut d = parsed(
        "Ichkeria declared independence in 1991 and fought two wars.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("NOUN", Some(1), "obj"),
            ("ADP", Some(4), "case"),
            ("NUM", Some(1), "obl"),
            ("CCONJ", Some(6), "cc"),
            ("VERB", Some(1), "conj"),
            ("NUM", Some(8), "nummod"),
            ("NOUN", Some(6), "obj"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert_eq!(parsed_quotes(&mut d), vec![]);
    // Declining to comment says nothing.
    let mut d = parsed(
        "The company declined to comment on pricing.",
        &[
            ("DET", Some(1), "det"),
            ("NOUN", Some(2), "nsubj"),
            ("VERB", None, "root"),
            ("PART", Some(4), "mark"),
            ("VERB", Some(2), "xcomp"),
            ("ADP", Some(6), "case"),
            ("NOUN", Some(4), "obl"),
            ("PUNCT", Some(2), "punct"),
        ],
    );
    assert_eq!(parsed_quotes(&mut d), vec![]);
    // A coordinated report with a subject of its own is its own quote.
    let mut d = parsed(
        "South Africa said Mugabe was fine, and the military said it was in control.",
        &[
            ("PROPN", Some(1), "compound"),
            ("PROPN", Some(2), "nsubj"),
            ("VERB", None, "root"),
            ("PROPN", Some(5), "nsubj"),
            ("AUX", Some(5), "cop"),
            ("ADJ", Some(2), "ccomp"),
            ("PUNCT", Some(10), "punct"),
            ("CCONJ", Some(10), "cc"),
            ("DET", Some(9), "det"),
            ("NOUN", Some(10), "nsubj"),
            ("VERB", Some(2), "conj"),
            ("PRON", Some(14), "nsubj"),
            ("AUX", Some(14), "cop"),
            ("ADP", Some(14), "case"),
            ("NOUN", Some(10), "ccomp"),
            ("PUNCT", Some(2), "punct"),
        ],
    );
    let read = |c: &str, s: &str| {
        (
            c.to_string(),
            Some(s.to_string()),
            Some("said".to_string()),
            Some(QuoteKind::Indirect),
        )
    };
    assert_eq!(
        parsed_quotes(&mut d),
        vec![
            read("Mugabe was fine", "South Africa"),
            read("it was in control", "the military")
        ]
    );
}

#[test]
fn the_tree_reads_passives_and_later_dependents() {
    // A passive's subject is not the speaker: `X is expected to` says nothing of X's.
    let mut d = parsed(
        "The president is expected to visit Nairobi.",
        &[
            ("DET", Some(1), "det"),
            ("NOUN", Some(3), "nsubj:pass"),
            ("AUX", Some(3), "aux:pass"),
            ("VERB", None, "root"),
            ("PART", Some(5), "mark"),
            ("VERB", Some(3), "xcomp"),
            ("PROPN", Some(5), "obj"),
            ("PUNCT", Some(3), "punct"),
        ],
    );
    assert_eq!(parsed_quotes(&mut d), vec![]);
    // The content runs on over the cue's later dependents.
    let mut d = parsed(
        "Ode discussed her plan at a meeting.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("PRON", Some(3), "nmod:poss"),
            ("NOUN", Some(1), "obj"),
            ("ADP", Some(6), "case"),
            ("DET", Some(6), "det"),
            ("NOUN", Some(1), "obl"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![(
            "her plan at a meeting".to_string(),
            Some("Ode".to_string()),
            Some("discussed".to_string()),
            Some(QuoteKind::Indirect)
        )]
    );
    // Any verb with a clause under it and a speaker for a subject reports it.
    let mut d = parsed(
        "Ode surmised that the dam leaks.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("SCONJ", Some(5), "mark"),
            ("DET", Some(4), "det"),
            ("NOUN", Some(5), "nsubj"),
            ("VERB", Some(1), "ccomp"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    let got = parsed_quotes(&mut d);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].1.as_deref(), Some("Ode"));
    assert!(got[0].0.contains("the dam leaks"), "{got:?}");
}

#[test]
fn a_content_before_its_speaker_says_something() {
    // The speaker's own appositive is no content; a content that runs on after `X said,` is.
    let mut d = parsed(
        "A lawyer for the town, Ode Vik, said the old dam leaks badly.",
        &[
            ("DET", Some(1), "det"),
            ("NOUN", Some(8), "nsubj"),
            ("ADP", Some(4), "case"),
            ("DET", Some(4), "det"),
            ("NOUN", Some(1), "nmod"),
            ("PUNCT", Some(6), "punct"),
            ("PROPN", Some(1), "appos"),
            ("PROPN", Some(6), "flat"),
            ("VERB", None, "root"),
            ("PUNCT", Some(8), "punct"),
            ("DET", Some(13), "det"),
            ("ADJ", Some(13), "amod"),
            ("NOUN", Some(14), "nsubj"),
            ("VERB", Some(8), "ccomp"),
            ("ADV", Some(14), "advmod"),
            ("PUNCT", Some(8), "punct"),
        ],
    );
    let got = parsed_quotes(&mut d);
    assert!(got.iter().all(|q| !q.0.contains("lawyer")), "{got:?}");
    let mut d = parsed(
        "And the river, Ode said, will rise again.",
        &[
            ("CCONJ", Some(8), "cc"),
            ("DET", Some(2), "det"),
            ("NOUN", Some(8), "nsubj"),
            ("PUNCT", Some(5), "punct"),
            ("PROPN", Some(5), "nsubj"),
            ("VERB", Some(8), "parataxis"),
            ("PUNCT", Some(5), "punct"),
            ("AUX", Some(8), "aux"),
            ("VERB", None, "root"),
            ("ADV", Some(8), "advmod"),
            ("PUNCT", Some(8), "punct"),
        ],
    );
    let got = parsed_quotes(&mut d);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "And the river, Ode said, will rise again");
    assert_eq!(got[0].1.as_deref(), Some("Ode"));
}

fn ind(c: &str, s: Option<&str>, cue: &str) -> Read {
    (
        c.to_string(),
        s.map(str::to_string),
        Some(cue.to_string()),
        Some(QuoteKind::Indirect),
    )
}

#[test]
fn a_reporting_participle_is_its_own_attribution() {
    // `…, claiming that …` ends the content before it and reports on its own.
    let mut d = parsed(
        "Ode criticized the plan, claiming that costs would rise.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(1), "obj"),
            ("PUNCT", Some(5), "punct"),
            ("VERB", Some(1), "advcl"),
            ("SCONJ", Some(9), "mark"),
            ("NOUN", Some(9), "nsubj"),
            ("AUX", Some(9), "aux"),
            ("VERB", Some(5), "ccomp"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![
            ind("the plan", Some("Ode"), "criticized"),
            ind("that costs would rise", Some("Ode"), "claiming"),
        ]
    );
    // Negative twin: a participle that reports nothing stays in the content.
    let mut d = parsed(
        "Ode criticized the plan, standing by the harbour.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(1), "obj"),
            ("PUNCT", Some(5), "punct"),
            ("VERB", Some(1), "advcl"),
            ("ADP", Some(8), "case"),
            ("DET", Some(8), "det"),
            ("NOUN", Some(5), "obl"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    let got = parsed_quotes(&mut d);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].0.starts_with("the plan"), "{got:?}");
    assert!(got[0].0.ends_with("by the harbour"), "{got:?}");
}

#[test]
fn a_coordinated_clause_without_a_cue_stays_in_the_content() {
    // `X said A, but she does not trust B`: the second clause is still what X said (its twin,
    // `…, and the military said …`, is two quotes: the_tree_corrects_what_the_patterns_found).
    let mut d = parsed(
        "Ode said the dam was safe, but she does not trust it.",
        &[
            ("PROPN", Some(1), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(5), "nsubj"),
            ("AUX", Some(5), "cop"),
            ("ADJ", Some(1), "ccomp"),
            ("PUNCT", Some(11), "punct"),
            ("CCONJ", Some(11), "cc"),
            ("PRON", Some(11), "nsubj"),
            ("AUX", Some(11), "aux"),
            ("PART", Some(11), "advmod"),
            ("VERB", Some(1), "conj"),
            ("PRON", Some(11), "obj"),
            ("PUNCT", Some(1), "punct"),
        ],
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![ind(
            "the dam was safe, but she does not trust it",
            Some("Ode"),
            "said"
        )]
    );
}

#[test]
fn a_relative_pronoun_speaks_for_its_noun() {
    let mut d = parsed(
        "Ann Ode, who argued the tax was unfair, stayed home.",
        &[
            ("PROPN", Some(1), "compound"),
            ("PROPN", Some(10), "nsubj"),
            ("PUNCT", Some(4), "punct"),
            ("PRON", Some(4), "nsubj"),
            ("VERB", Some(1), "acl:relcl"),
            ("DET", Some(6), "det"),
            ("NOUN", Some(8), "nsubj"),
            ("AUX", Some(8), "cop"),
            ("ADJ", Some(4), "ccomp"),
            ("PUNCT", Some(4), "punct"),
            ("VERB", None, "root"),
            ("ADV", Some(10), "advmod"),
            ("PUNCT", Some(10), "punct"),
        ],
    );
    QuoteExtractor::new().annotate(&mut d).unwrap();
    let q: Vec<_> = d
        .quote_items()
        .iter()
        .map(|q| {
            (
                d.slice(q.range).to_string(),
                q.speaker.map(|r| d.slice(r).to_string()),
                q.speaker_entity.clone(),
            )
        })
        .collect();
    assert_eq!(
        q,
        vec![(
            "the tax was unfair".to_string(),
            Some("who".to_string()),
            Some("Ann Ode".to_string())
        )]
    );
    // Negative twin: `which` (a thing) does not speak.
    let mut d = parsed(
        "The fee, which meant the tax was unfair, stayed.",
        &[
            ("DET", Some(1), "det"),
            ("NOUN", Some(10), "nsubj"),
            ("PUNCT", Some(4), "punct"),
            ("PRON", Some(4), "nsubj"),
            ("VERB", Some(1), "acl:relcl"),
            ("DET", Some(6), "det"),
            ("NOUN", Some(8), "nsubj"),
            ("AUX", Some(8), "cop"),
            ("ADJ", Some(4), "ccomp"),
            ("PUNCT", Some(4), "punct"),
            ("VERB", None, "root"),
            ("PUNCT", Some(10), "punct"),
        ],
    );
    assert_eq!(parsed_quotes(&mut d), vec![]);
}

#[test]
fn an_opening_question_participle_reports_what_was_asked() {
    let tree = |first: &'static str| {
        vec![
            (first, Some(8), "advcl"),
            ("SCONJ", Some(5), "mark"),
            ("DET", Some(3), "det"),
            ("NOUN", Some(5), "nsubj"),
            ("AUX", Some(5), "aux"),
            ("VERB", Some(0), "ccomp"),
            ("PUNCT", Some(0), "punct"),
            ("PROPN", Some(8), "nsubj"),
            ("VERB", None, "root"),
            ("PUNCT", Some(8), "punct"),
        ]
    };
    let mut d = parsed(
        "Asked whether the dam would hold, Ode shrugged.",
        &tree("VERB/VBN"),
    );
    assert_eq!(
        parsed_quotes(&mut d),
        vec![ind("whether the dam would hold", None, "Asked")]
    );
    // Negative twin: a participle outside the cue table reports nothing.
    let mut d = parsed(
        "Painted whether the dam would hold, Ode shrugged.",
        &tree("VERB/VBN"),
    );
    assert_eq!(parsed_quotes(&mut d), vec![]);
}

#[test]
fn according_to_in_mid_sentence_covers_both_parts() {
    let read = |text: &str| {
        let d = tokenized(text);
        let got = QuoteExtractor::new().extract(&d);
        got.iter()
            .map(|q| {
                (
                    d.slice(q.range).to_string(),
                    q.speaker.map(|r| d.slice(r).to_string()),
                )
            })
            .collect::<Vec<_>>()
    };
    let board = Some("the harbour board".to_string());
    assert_eq!(
        read("The old dam, according to the harbour board, will hold until spring."),
        vec![(
            "The old dam, according to the harbour board, will hold until spring".to_string(),
            board.clone()
        )]
    );
    // A short adjunct before it is not what the board says.
    assert_eq!(
        read("In short, according to the harbour board, the dam will hold."),
        vec![("the dam will hold".to_string(), board.clone())]
    );
    assert_eq!(
        read("The old dam will hold, according to the harbour board."),
        vec![("The old dam will hold".to_string(), board)]
    );
}

#[test]
fn a_tree_attribution_may_hold_an_inner_quote() {
    // The outer source keeps its attribution and the quoted inner speech keeps its own.
    let mut d = parsed(
        "The board endorsed the plan that Ode said, “will save the harbour from the sea”.",
        &[
            ("DET", Some(1), "det"),
            ("NOUN", Some(2), "nsubj"),
            ("VERB", None, "root"),
            ("DET", Some(4), "det"),
            ("NOUN", Some(2), "obj"),
            ("PRON", Some(7), "obj"),
            ("PROPN", Some(7), "nsubj"),
            ("VERB", Some(4), "acl:relcl"),
            ("PUNCT", Some(7), "punct"),
            ("PUNCT", Some(11), "punct"),
            ("AUX", Some(11), "aux"),
            ("VERB", Some(7), "ccomp"),
            ("DET", Some(13), "det"),
            ("NOUN", Some(11), "obj"),
            ("ADP", Some(16), "case"),
            ("DET", Some(16), "det"),
            ("NOUN", Some(11), "obl"),
            ("PUNCT", Some(11), "punct"),
            ("PUNCT", Some(11), "punct"),
        ],
    );
    let got = parsed_quotes(&mut d);
    assert!(
        got.iter()
            .any(|q| q.0.starts_with("the plan") && q.1.as_deref() == Some("The board")),
        "{got:?}"
    );
    assert!(
        got.iter()
            .any(|q| q.0 == "will save the harbour from the sea" && q.1.as_deref() == Some("Ode")),
        "{got:?}"
    );
}
