//! Hand-written fixtures: each sentence marks its entities inline in the `golden` crate's
//! marked text (`[Oleg Magaletsky](PER)`); the real tokenizer and POS tagger run over the text.

use super::*;
use doc::{DocMeta, EntityLabel, Mention, TextRange};
use std::sync::OnceLock;

fn tagger() -> &'static tag::PosTagger {
    static T: OnceLock<tag::PosTagger> = OnceLock::new();
    T.get_or_init(|| tag::PosTagger::embedded().expect("embedded POS model"))
}

/// Parses `[text](LABEL)` marks (the `golden` crate's marked text) into a document with
/// tokens, sentences, POS and entities.
fn fixture(marked: &str) -> Document {
    let m = golden::Marked::parse(marked).unwrap_or_else(|e| panic!("{marked:?}: {e}"));
    let mentions = m.mentions(0.9);
    let text = m.text;
    let mut d = Document::new(DocMeta::new("t"), text).unwrap();
    tokenize::Tokenizer::new().annotate(&mut d).unwrap();
    tagger().annotate(&mut d).unwrap();
    d.set_entities(Layer::new(Producer::new("gold", "1"), mentions))
        .unwrap();
    d
}

/// The fixture with coreference chains, as the default pipeline has them.
fn fixture_coref(marked: &str) -> Document {
    let mut d = fixture(marked);
    coref::Coref::new().annotate(&mut d).unwrap();
    d
}

/// The relations as `subject predicate object [value]` strings.
fn facts(marked: &str) -> Vec<String> {
    facts_of(&fixture(marked))
}

/// The relations of a document as `subject predicate object [value]` strings.
fn facts_of(d: &Document) -> Vec<String> {
    let name = |i: u32| {
        d.entity_items()
            .get(i as usize)
            .map_or("?".to_string(), |m| d.slice(m.range).to_string())
    };
    extract_relations(d)
        .iter()
        .map(|r| {
            let mut s = format!(
                "{} {} {}",
                name(r.subject),
                r.predicate,
                r.object.map(name).unwrap_or_default()
            );
            if let Some(v) = &r.object_value {
                s.push_str(&format!(" [{v}]"));
            }
            assert!((0.0..=1.0).contains(&r.confidence));
            assert!(
                d.sentence_items().iter().any(|x| x.range == r.evidence),
                "evidence is a sentence"
            );
            s
        })
        .collect()
}

fn has_c(marked: &str, fact: &str) {
    let f = facts_of(&fixture_coref(marked));
    assert!(
        f.iter().any(|x| x == fact),
        "{fact:?} not in {f:?} for {marked:?}"
    );
}

fn lacks_c(marked: &str, pred: &str) {
    let f = facts_of(&fixture_coref(marked));
    assert!(
        !f.iter().any(|x| x.contains(pred)),
        "no {pred} expected, got {f:?} for {marked:?}"
    );
}

fn has(marked: &str, fact: &str) {
    let f = facts(marked);
    assert!(
        f.iter().any(|x| x == fact),
        "{fact:?} not in {f:?} for {marked:?}"
    );
}

fn none(marked: &str) {
    let f = facts(marked);
    assert!(f.is_empty(), "expected no fact, got {f:?} for {marked:?}");
}

#[test]
fn founded_active_and_passive() {
    has(
        "Last spring, [Ana Kovac](PER) founded the [Danube Freedom League](ORG).",
        "Ana Kovac founded Danube Freedom League",
    );
    has(
        "The [Riverside Tenants Union](ORG), founded by veteran organizer [Tom Hale](PER), met on Monday.",
        "Tom Hale founded Riverside Tenants Union",
    );
    has(
        "The [Oslo](LOC)-based [Arctic Watch](ORG), founded by Norwegian explorer and writer [Ivar Lund](PER), publishes reports.",
        "Ivar Lund founded Arctic Watch",
    );
}

#[test]
fn based_in_from_hyphen_and_phrase() {
    has(
        "The [Oslo](LOC)-based [Arctic Watch](ORG) publishes reports.",
        "Arctic Watch based_in Oslo",
    );
    has(
        "The [Green Valley Cooperative](ORG) is based in [Porto](LOC).",
        "Green Valley Cooperative based_in Porto",
    );
    has(
        "The talks took place in [Tartu](LOC), [Estonia](LOC), in May.",
        "Tartu located_in Estonia",
    );
    none("She visited [Tartu](LOC), [Riga](LOC), and [Vilnius](LOC).");
}

#[test]
fn mislabelled_heads_are_repaired() {
    has(
        "[Lena Ortiz](PER) joined the [Arctic Battalion](PER).",
        "Lena Ortiz member_of Arctic Battalion",
    );
    has(
        "The [Oslo-based](MISC) [Arctic Watch](ORG) publishes reports.",
        "Arctic Watch based_in Oslo-based",
    );
}

#[test]
fn membership_origin_and_fighting() {
    has(
        "[Lena Ortiz](PER), who hails from [Galicia](LOC), joined the [Coastal Brigade](ORG) last year.",
        "Lena Ortiz member_of Coastal Brigade",
    );
    has(
        "[Lena Ortiz](PER), who hails from [Galicia](LOC), joined the [Coastal Brigade](ORG) last year.",
        "Lena Ortiz origin Galicia",
    );
    has(
        "[Marovia](LOC) is a member of the [Northern Trade Council](ORG).",
        "Marovia member_of Northern Trade Council",
    );
    has(
        "[Karl Brandt](PER) enlisted to fight alongside the [Free Highland Army](ORG).",
        "Karl Brandt fights_alongside Free Highland Army",
    );
    has(
        "[Sami Rahal](PER) works for [Delta Shipping](ORG).",
        "Sami Rahal employed_by Delta Shipping",
    );
}

#[test]
fn recognition_with_coordination() {
    let f = facts("The state was recognized by [Peru](LOC) and [Chile](LOC) in 1999.");
    // No subject mention: nothing to attach to.
    assert!(f.is_empty(), "{f:?}");
    has(
        "[Zembla](LOC) was once recognized by [Peru](LOC) and [Chile](LOC).",
        "Peru recognizes Zembla",
    );
    has(
        "[Zembla](LOC) was once recognized by [Peru](LOC) and [Chile](LOC).",
        "Chile recognizes Zembla",
    );
    has(
        "The [Senate](ORG) has recognized [Zembla](LOC) as “an occupied territory”.",
        "Senate recognizes Zembla [occupied territory]",
    );
}

#[test]
fn designation_like_a_sanction() {
    has(
        "The [Open Rivers Forum](ORG) was declared an “undesirable organization” by [Moscow](LOC) in 2023.",
        "Moscow designated Open Rivers Forum [undesirable organization]",
    );
    has(
        "[Moscow](LOC) designated the [Open Rivers Forum](ORG) an “undesirable organization” in 2023.",
        "Moscow designated Open Rivers Forum [undesirable organization]",
    );
}

#[test]
fn nationality_and_appositive_place() {
    has(
        "The group was founded by [Russian](MISC) chess grandmaster [Boris Vey](PER).",
        "Boris Vey nationality Russian",
    );
    has(
        "Posts by [Free Tarn](ORG), a separatist movement in [Tarnland](LOC), went viral.",
        "Free Tarn based_in Tarnland",
    );
}

#[test]
fn negated_sentences_yield_no_fact() {
    none("No nation currently recognizes [Zembla](LOC).");
    none("[Peru](LOC) does not recognize [Zembla](LOC).");
    none("[Peru](LOC) has never recognized [Zembla](LOC).");
    none("[Lena Ortiz](PER) did not join the [Coastal Brigade](ORG).");
    none("[Lena Ortiz](PER) never joined the [Coastal Brigade](ORG).");
    none("[Marovia](LOC) is no longer a member of the [Northern Trade Council](ORG).");
    none("[Ana Kovac](PER) denied that she founded the [Danube Freedom League](ORG).");
}

#[test]
fn hedged_sentences_yield_no_fact() {
    none("[Lena Ortiz](PER) may have joined the [Coastal Brigade](ORG).");
    none("[Lena Ortiz](PER) might join the [Coastal Brigade](ORG).");
    none("[Lena Ortiz](PER) reportedly joined the [Coastal Brigade](ORG).");
    none("[Lena Ortiz](PER) is said to have joined the [Coastal Brigade](ORG).");
    none("[Ana Kovac](PER) allegedly founded the [Danube Freedom League](ORG).");
    none("[Peru](LOC) could recognize [Zembla](LOC) next year.");
    none("If [Lena Ortiz](PER) joined the [Coastal Brigade](ORG), she would fight.");
    none("Did [Lena Ortiz](PER) join the [Coastal Brigade](ORG)?");
}

#[test]
fn possessors_and_unrelated_pairs_yield_nothing() {
    none("[Lena Ortiz](PER) joined [Ukraine](LOC)’s fight.");
    none("[Lena Ortiz](PER) met [Karl Brandt](PER) in [Kyiv](LOC).");
}

#[test]
fn time_is_read_from_the_evidence() {
    let d = fixture(
        "The [Open Rivers Forum](ORG) was declared an “undesirable organization” by [Moscow](LOC) in 2023.",
    );
    let rels = extract_relations(&d);
    let r = rels.first().expect("a relation");
    let t = time_of(&d, r).expect("a time");
    assert_eq!(t.value, "2023");
    assert_eq!(t.valid_from.as_deref(), Some("2023"));
    let d = fixture("[Delta Crew](ORG) fought alongside the [Blue Unit](ORG) until 2019.");
    let rels = extract_relations(&d);
    let r = rels.first().expect("a relation");
    let t = time_of(&d, r).expect("a time");
    assert_eq!((t.valid_from, t.valid_to.as_deref()), (None, Some("2019")));
}

#[test]
fn merge_dedups_and_keeps_the_best() {
    let r = |p: &str, c: f32| Relation {
        subject: 0,
        predicate: p.into(),
        object: Some(1),
        object_value: None,
        evidence: TextRange::new(0, 10),
        confidence: c,
        valid_from: None,
        valid_to: None,
        status: None,
    };
    let m = merge(
        vec![r("founded", 0.6), r("leads", 0.7)],
        vec![r("founded", 0.9)],
    );
    assert_eq!(m.len(), 2);
    let founded = m.iter().find(|x| x.predicate == "founded").unwrap();
    assert_eq!(founded.confidence, 0.9);
}

#[test]
fn annotator_adds_one_layer_and_merges_upstream() {
    let mut d = fixture("[Ana Kovac](PER) founded the [Danube Freedom League](ORG).");
    let up = Relate::with_upstream(Box::new(|_d: &Document| {
        vec![Relation {
            subject: 0,
            predicate: "holds_role".into(),
            object: None,
            object_value: Some("chair".into()),
            evidence: TextRange::new(0, 5),
            confidence: 0.7,
            valid_from: None,
            valid_to: None,
            status: None,
        }]
    }));
    up.annotate(&mut d).unwrap();
    let layer = d.relations().unwrap();
    assert_eq!(layer.producer.annotator, "relate");
    let preds: Vec<&str> = layer.items.iter().map(|r| r.predicate.as_str()).collect();
    assert_eq!(preds, vec!["holds_role", "founded"]);
    assert!(Relate::new().annotate(&mut d).is_err(), "append-only");
}

#[test]
fn odd_layers_do_not_panic() {
    // Entities without tokens: nothing to read, no panic.
    let mut d = Document::new(DocMeta::new("x"), "Ana founded Zed.").unwrap();
    d.set_entities(Layer::new(
        Producer::new("g", "1"),
        vec![Mention {
            range: TextRange::new(0, 3),
            label: EntityLabel::Per,
            fine_label: None,
            confidence: 2.0,
            entity: None,
        }],
    ))
    .unwrap();
    assert!(extract_relations(&d).is_empty());
    assert!(Relate::new().annotate(&mut d).is_err());
}

#[test]
fn ontology_lists_every_emitted_predicate() {
    for p in crate::patterns::patterns() {
        assert!(
            PREDICATES.iter().any(|i| i.name == p.predicate.as_str()),
            "{} missing from PREDICATES",
            p.predicate
        );
    }
    assert!(PREDICATES.iter().any(|i| i.name == "located_in"));
}

/// The hand-annotated dev sample (`data/dev.txt`): every stated fact and nothing else.
#[test]
fn dev_sample_precision_and_recall() {
    let mut sentences: Vec<(String, Vec<String>)> = Vec::new();
    for line in include_str!("../data/dev.txt").lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(f) = line.strip_prefix("=>") {
            let f = f.trim();
            if let (Some(last), false) = (sentences.last_mut(), f == "-") {
                last.1.push(f.to_string());
            }
        } else {
            sentences.push((line.to_string(), Vec::new()));
        }
    }
    let (mut tp, mut predicted, mut gold) = (0usize, 0usize, 0usize);
    let mut wrong = Vec::new();
    for (s, expected) in &sentences {
        let got: Vec<String> = facts(s)
            .into_iter()
            .map(|f| {
                // "A pred B [v]" → "A | pred | B | v", matching the file's format.
                let (main, value) = match f.split_once(" [") {
                    Some((m, v)) => (m.to_string(), Some(v.trim_end_matches(']').to_string())),
                    None => (f.clone(), None),
                };
                let d = fixture(s);
                let names: Vec<String> = d
                    .entity_items()
                    .iter()
                    .map(|m| d.slice(m.range).to_string())
                    .collect();
                let subj = names
                    .iter()
                    .filter(|n| main.starts_with(n.as_str()))
                    .max_by_key(|n| n.len())
                    .cloned()
                    .unwrap_or_default();
                let rest = main[subj.len()..].trim();
                let (pred, obj) = rest.split_once(' ').unwrap_or((rest, ""));
                match value {
                    Some(v) => format!("{subj} | {pred} | {obj} | {v}"),
                    None => format!("{subj} | {pred} | {obj}"),
                }
            })
            .collect();
        gold += expected.len();
        predicted += got.len();
        for g in &got {
            if expected.contains(g) {
                tp += 1;
            } else {
                wrong.push(format!("{g}   <- {s}"));
            }
        }
    }
    let p = tp as f64 / predicted.max(1) as f64;
    let r = tp as f64 / gold.max(1) as f64;
    println!(
        "dev sample: {} sentences, tp {tp}, predicted {predicted}, gold {gold}, P {p:.3}, R {r:.3}",
        sentences.len()
    );
    for w in &wrong {
        println!("  wrong: {w}");
    }
    assert!(p >= 0.8, "precision {p:.3}: {wrong:?}");
    assert!(r >= 0.7, "recall {r:.3}");
}

#[test]
fn where_people_live_or_went() {
    has(
        "In 2021, [Lena Ortiz](PER) decamped to [Lisbon](LOC).",
        "Lena Ortiz located_in Lisbon",
    );
    has(
        "[Ivan Petrov](PER), who leads a small party, has lived for ten years since the war in exile, mostly in [Latvia](LOC).",
        "Ivan Petrov located_in Latvia",
    );
    has(
        "The [Delta Shipping](ORG) moved to [Rotterdam](LOC) last year.",
        "Delta Shipping based_in Rotterdam",
    );
    none("[Lena Ortiz](PER) never moved to [Lisbon](LOC).");
    none("[Lena Ortiz](PER) reportedly fled to [Lisbon](LOC).");
    none(
        "[Ivan Petrov](PER), who leads a small party, has never lived in exile, mostly in [Latvia](LOC).",
    );
    // Another person between the subject and the place: not the subject's residence.
    none(
        "[Ivan Petrov](PER) said that his friend [Oleg Sims](PER) spent years in exile, mostly in [Latvia](LOC).",
    );
}

#[test]
fn nationality_in_a_predicate_noun_phrase() {
    has(
        "[Ana Kovac](PER) is a quiet and careful [Croatian](MISC) engineer.",
        "Ana Kovac nationality Croatian",
    );
    has(
        "The rally drew [Polish](MISC) writers such as [Jan Nowak](PER).",
        "Jan Nowak nationality Polish",
    );
    none("[Ana Kovac](PER) is not a [Croatian](MISC) engineer.");
    none("[Ana Kovac](PER) may be a quiet [Croatian](MISC) engineer.");
}

#[test]
fn places_in_places() {
    has(
        "Floods hit [Norway](LOC)'s [Telemark](LOC) county.",
        "Telemark located_in Norway",
    );
    has(
        "It was the flag of [Zembla](LOC), a republic in the [Carpathians](LOC).",
        "Zembla located_in Carpathians",
    );
    none("It was not the flag of [Zembla](LOC), a republic in the [Carpathians](LOC).");
}

#[test]
fn events_held_at_places_and_hosts() {
    has(
        "The [Baltic Youth Union](ORG) held its annual congress in [Riga](LOC) in May.",
        "Baltic Youth Union participated_in Riga [annual congress]",
    );
    let f = facts(
        "The [Baltic Youth Union](ORG) brought its members to [Berlin](LOC) for a series of talks at the [Humboldt Institute](ORG).",
    );
    assert!(
        f.contains(
            &"Baltic Youth Union participated_in Humboldt Institute [series of talks]".to_string()
        ),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.contains("Berlin")), "{f:?}");
    // "Tartu, Estonia" is a place and its country, not a list of two places.
    let f = facts(
        "The [Baltic Youth Union](ORG) held a summit in [Tartu](LOC), [Estonia](LOC), in May.",
    );
    assert!(
        f.contains(&"Baltic Youth Union participated_in Tartu [summit]".to_string()),
        "{f:?}"
    );
    assert!(
        !f.iter().any(|x| x.contains("participated_in Estonia")),
        "{f:?}"
    );
    none("The [Baltic Youth Union](ORG) never held a congress in [Riga](LOC).");
    none("The [Baltic Youth Union](ORG) may hold its congress in [Riga](LOC).");
}

#[test]
fn members_listed_before_an_it_subject() {
    has(
        "[Ana Kovac](PER) founded the [Danube Freedom League](ORG). Made up of ten groups from the region, including the [Green Party](ORG), it has become a force.",
        "Green Party member_of Danube Freedom League",
    );
    let f = facts(
        "[Ana Kovac](PER) founded the [Danube Freedom League](ORG). Made up of ten groups, but not including the [Green Party](ORG), it has become a force.",
    );
    assert!(!f.iter().any(|x| x.contains("member_of")), "{f:?}");
}

#[test]
fn a_founders_own_organization_is_led_by_them() {
    has_c(
        "[Tom Hale](PER) founded the [Riverside Tenants Union](ORG) in 2019. His union now has 400 members.",
        "Tom Hale leads Riverside Tenants Union",
    );
    has_c(
        "[Tom Hale](PER) founded the [Riverside Tenants Union](ORG) in 2019. [Hale](PER)'s group is growing.",
        "Hale leads Riverside Tenants Union",
    );
    // Joining is not founding: the possessive says nothing about leading.
    lacks_c(
        "[Tom Hale](PER) joined the [Riverside Tenants Union](ORG) in 2019. His union now has 400 members.",
        "leads",
    );
    lacks_c(
        "[Tom Hale](PER) founded the [Riverside Tenants Union](ORG) in 2019. It is not his union any more.",
        "leads",
    );
}

#[test]
fn a_definite_nominal_takes_its_antecedents_relations() {
    has_c(
        "The [Republic of Zembla](LOC) declared independence in 1991. Although the republic was once recognized by [Peru](LOC) and [Chile](LOC), no nation currently recognizes it.",
        "Chile recognizes Republic of Zembla",
    );
    lacks_c(
        "The [Republic of Zembla](LOC) declared independence in 1991. No nation currently explicitly recognizes the republic.",
        "recognizes",
    );
}

#[test]
fn copulas_parentheticals_and_place_tagged_demonyms() {
    has(
        "[Dunmore](LOC) is a small village in [County Galway](LOC).",
        "Dunmore located_in County Galway",
    );
    has(
        "[Ann Lee](PER) (1901 – 1980) was an [American](LOC) painter.",
        "Ann Lee nationality American",
    );
    // The phrase ends in a coordinated name, not in its head noun.
    let f = facts(
        "She met [Peter Doyle](PER), a [Zambian](MISC) aircraft engineer and [Barbara](PER).",
    );
    assert!(!f.iter().any(|x| x.starts_with("Barbara")), "{f:?}");
    // Only the first demonym of "a French former Alpine skier" is the nationality.
    let f = facts("[Marc Roux](PER) is a [French](MISC) former [Alpine](MISC) skier.");
    assert!(
        f.contains(&"Marc Roux nationality French".to_string()),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.contains("Alpine")), "{f:?}");
    none("[Dunmore](LOC) is not a small village in [County Galway](LOC).");
    // A country or city name is no demonym.
    none("[Ann Lee](PER) is a [Pakistan](LOC) resident.");
    none("[Ann Lee](PER), a [Miami](LOC) lawyer, spoke.");
}

#[test]
fn parties_and_faiths_are_no_nationality() {
    none("The rally featured [Democratic](MISC) vice presidential nominee [Tom Kane](PER).");
    none("[Ana Kovac](PER) is a [Republican](MISC) senator.");
    has(
        "The rally featured [Danish](MISC) vice presidential nominee [Tom Kane](PER).",
        "Tom Kane nationality Danish",
    );
}

#[test]
fn unasserted_joins_acronyms_and_find() {
    none("[Tom Kane](PER) set about persuading [Chile](LOC) to join the [Pacific Council](ORG).");
    none("Just as intriguing was the host and former [MSNBC](MISC) personality [Ed Shaw](PER).");
    none("And together with [Canada](LOC), [Mexico](LOC) should sue in every court.");
    none(
        "In 2013, research by the [Media Center](ORG) found [FactWatch](ORG) consistently biased.",
    );
}

#[test]
fn a_relative_clause_after_and_other_covers_the_first_conjunct() {
    has(
        "They joined the [Baltic Legion](ORG) and other militias of exiled citizens who are fighting alongside [Estonia](LOC).",
        "Baltic Legion fights_alongside Estonia",
    );
    none(
        "They joined the [Baltic Legion](ORG) and other militias of exiled citizens who are not fighting alongside [Estonia](LOC).",
    );
}

#[test]
fn parenthetical_agents_and_place_modifiers() {
    let f = facts(
        "The [Zembla](LOC) government-in-exile, led by prime minister [Ivan Petrov](PER), is a member of the [Northern Trade Council](ORG).",
    );
    assert!(
        !f.iter().any(|x| x.starts_with("Ivan Petrov member_of")),
        "{f:?}"
    );
    none("[Ukraine](LOC)'s [Kursk](LOC) incursion revived hopes.");
    has(
        "[Ukraine](LOC) entered [Russia](LOC)'s [Kursk](LOC) region.",
        "Kursk located_in Russia",
    );
}

#[test]
fn timeless_facts_and_the_nearest_time() {
    let d = fixture(
        "The forum was founded in 2022 by [Oleg Brandt](PER), a [Ukrainian](MISC) businessman.",
    );
    let rels = extract_relations(&d);
    let nat = rels
        .iter()
        .find(|r| r.predicate == "nationality")
        .expect("nationality");
    assert_eq!(time_of(&d, nat), None);
    let d = fixture(
        "After the talks in 2019, [Ana Kovac](PER) founded the [Danube Freedom League](ORG) in 2021.",
    );
    let rels = extract_relations(&d);
    let r = rels
        .iter()
        .find(|r| r.predicate == "founded")
        .expect("founded");
    assert_eq!(time_of(&d, r).map(|t| t.value).as_deref(), Some("2021"));
}

#[test]
fn its_founder_and_a_states_government() {
    has(
        "The [Baltic Youth Union](ORG) was founded in 2019. Its founder, [Ana Kovac](PER), is a [Croatian](MISC) teacher.",
        "Ana Kovac founded Baltic Youth Union",
    );
    has(
        "The [Baltic Youth Union](ORG) was founded in 2019. Its founder, [Ana Kovac](PER), is a [Croatian](MISC) teacher.",
        "Ana Kovac nationality Croatian",
    );
    let f = facts(
        "The [Zembla](LOC) government-in-exile, led by prime minister [Ivan Petrov](PER), is a member of the [Northern Trade Council](ORG).",
    );
    assert!(
        !f.iter().any(|x| x.starts_with("Ivan Petrov member_of")),
        "{f:?}"
    );
    has(
        "[Zembla](LOC)'s government-in-exile, led by prime minister [Ivan Petrov](PER), is a member of the [Northern Trade Council](ORG).",
        "Zembla member_of Northern Trade Council",
    );
    none(
        "[Zembla](LOC)'s government-in-exile, led by [Ivan Petrov](PER), is not a member of the [Northern Trade Council](ORG).",
    );
    let f = facts(
        "The [Baltic Youth Union](ORG) was founded in 2019. It denied that its founder, [Ana Kovac](PER), had left.",
    );
    assert!(!f.iter().any(|x| x.contains("founded")), "{f:?}");
}

#[test]
fn a_place_in_a_place_and_playing_for_a_team() {
    has(
        "The concert was at the [Astoria Theatre](LOC) in [London](LOC).",
        "Astoria Theatre located_in London",
    );
    none("She toured [Riga](LOC), [Tartu](LOC) in [Estonia](LOC) and more.");
    has(
        "[Jan Nowak](PER) played for [Legia Warsaw](ORG) until 2010.",
        "Jan Nowak member_of Legia Warsaw",
    );
    none("[Jan Nowak](PER) never played for [Legia Warsaw](ORG).");
}

#[test]
fn places_in_places_need_a_noun_phrase() {
    none("The United States edged [Austria](LOC) in [Salzburg](LOC) 3-2 in April.");
    none("Camacho beat the [Panamanian](LOC) in [Atlantic City](LOC) in June.");
    none("TENNIS - [SPAIN](LOC) , [U.S.](LOC) TEAMS OPEN ON ROAD.");
}

#[test]
fn launching_an_invasion_opposes() {
    has(
        "In 2022, as [Russia](LOC) launched its full-scale invasion of [Ukraine](LOC), he left.",
        "Russia opposes Ukraine",
    );
    none("[Russia](LOC) never launched an invasion of [Finland](LOC).");
    none("[Russia](LOC) may launch an invasion of [Finland](LOC).");
    none("[Russia](LOC) launched a new satellite for [Finland](LOC).");
}

#[test]
fn religions_and_foreign_lists_are_no_nationality_or_place() {
    none("The leader of the [Islam](MISC) movement [Omar Said](PER) spoke.");
    has(
        "The exiled [Chechen](MISC) diaspora leader [Omar Said](PER) spoke.",
        "Omar Said nationality Chechen",
    );
    none("Wir haben Büros in [Nordamerika](LOC), [Europa](LOC) und [Asien](LOC).");
}

#[test]
fn kinds_of_places_of_places() {
    has(
        "It is a small town in the [U.S.](LOC) state of [Oregon](LOC).",
        "Oregon located_in U.S.",
    );
    has(
        "The station lies in the [Pudu](LOC) district of [Kuala Lumpur](LOC).",
        "Pudu located_in Kuala Lumpur",
    );
    has(
        "The river runs through the [Lazio](LOC) region of [Italy](LOC) and the [Abruzzo](LOC).",
        "Lazio located_in Italy",
    );
    let f = facts(
        "Near the [Zembla](LOC) state of [Roraima](LOC), [Santa Elena](LOC) sees much trade.",
    );
    assert!(!f.iter().any(|x| x.starts_with("Santa Elena")), "{f:?}");
    none("It is not a town in the [U.S.](LOC) state of [Oregon](LOC).");
    has(
        "The wheel stands in the [Harbor Village](LOC) in the [Old Town](LOC).",
        "Harbor Village located_in Old Town",
    );
}

#[test]
fn which_side_of_a_province_of_is_inside() {
    has(
        "It won an order in the [Guangdong](LOC) province of [China](LOC).",
        "Guangdong located_in China",
    );
    has(
        "It is in the [California](LOC) town of [Ojai](LOC).",
        "Ojai located_in California",
    );
    has(
        "It is in the [Canadian](LOC) province of [Alberta](LOC).",
        "Alberta located_in Canadian",
    );
}

#[test]
fn a_month_is_no_hedge() {
    has(
        "[Lehmann Bernheimer](PER) (27 December 1841 - 29 May 1918) was a [German](MISC) antique dealer.",
        "Lehmann Bernheimer nationality German",
    );
    none("[Lehmann Bernheimer](PER) may be a [German](MISC) antique dealer.");
}

#[test]
fn captions_and_compass_demonyms() {
    has(
        "[Kim Won-yong](PER) (1922 – 1993), [South Korean](MISC) archaeologist",
        "Kim Won-yong nationality South Korean",
    );
    none("[Kim Won-yong](PER), [South Korean](MISC) archaeologist, may have left.");
}

#[test]
fn institutions_in_places() {
    has(
        "The post is based at the [University of Otago](ORG) in [Dunedin](LOC).",
        "University of Otago based_in Dunedin",
    );
    none("A protest by [Greenpeace](ORG) in [Paris](LOC) drew crowds.");
    none("The [University of Otago](ORG) has no campus in [Auckland](LOC).");
}

#[test]
fn named_events_and_schools() {
    has(
        "[Ana Silva](PER) competed in the trap at the [2000 Summer Olympics](MISC).",
        "Ana Silva participated_in 2000 Summer Olympics",
    );
    none("[Ana Silva](PER) never competed at the [2000 Summer Olympics](MISC).");
    none("[Tom Wallace](PER) attended [Syracuse University](ORG) and then left.");
    has(
        "[Tom Wallace](PER) attended the [Geneva Summit](MISC) in May.",
        "Tom Wallace participated_in Geneva Summit",
    );
}

#[test]
fn fighting_for_a_state_in_another_is_no_place_pair() {
    none("His forces have fought for [Russia](LOC) in [Ukraine](LOC).");
}

// ---------------------------------------------------------------------------------------------
// Relations read from syntax (data/dep_patterns.tsv, data/dep_fixtures.tsv).

fn parser() -> &'static parse::DepParser {
    static P: OnceLock<parse::DepParser> = OnceLock::new();
    P.get_or_init(|| parse::DepParser::embedded().expect("embedded deps model"))
}

/// The fixture as the default pipeline leaves it before relations: parsed, with time
/// expressions and coreference chains.
fn parsed(marked: &str) -> Document {
    let mut d = fixture(marked);
    parser().annotate(&mut d).unwrap();
    timex::TimexTagger::new().annotate(&mut d).unwrap();
    coref::Coref::new().annotate(&mut d).unwrap();
    d
}

/// `subject predicate object [value]` plus ` @from:T`, ` @to:T`, ` @former`.
fn show(d: &Document, r: &Relation) -> (String, String) {
    let name = |i: u32| {
        d.entity_items()
            .get(i as usize)
            .map_or("?".to_string(), |m| d.slice(m.range).to_string())
    };
    let mut s = format!(
        "{} {} {}",
        name(r.subject),
        r.predicate,
        r.object.map(name).unwrap_or_default()
    );
    if let Some(v) = &r.object_value {
        s.push_str(&format!(" [{v}]"));
    }
    let mut q = String::new();
    if let Some(t) = &r.valid_from {
        q.push_str(&format!(" @from:{t}"));
    }
    if let Some(t) = &r.valid_to {
        q.push_str(&format!(" @to:{t}"));
    }
    if r.status.is_some() {
        q.push_str(" @former");
    }
    (s, q)
}

/// Every relation of the full annotator over the parsed fixture.
fn annotated(marked: &str) -> Vec<(String, String)> {
    let mut d = parsed(marked);
    Relate::new().annotate(&mut d).unwrap();
    let rels = d.relations().unwrap().items.clone();
    rels.iter().map(|r| show(&d, r)).collect()
}

const FIXTURES: &str = include_str!("../data/dep_fixtures.tsv");

fn fixture_rows() -> Vec<(String, String, String, String)> {
    FIXTURES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 4, "fixture row {l:?}");
            (c[0].into(), c[1].into(), c[2].into(), c[3].into())
        })
        .collect()
}

#[test]
fn data_files_keep_the_workspace_format() {
    use lexicon::file::{Format, check};
    let n = |src, f| check(src, f).expect("lexicon::file format");
    // Header rows count as entries.
    assert_eq!(
        n(syntax::TABLE, Format::table(12)),
        syntax::rows().len() + 1
    );
    assert_eq!(n(syntax::ABBREVIATIONS, Format::table(2)), 14);
    let patterns = Format { columns: 7, key: 6 };
    assert_eq!(
        n(crate::patterns::TABLE, patterns),
        crate::patterns::patterns().len() + 1
    );
    assert_eq!(
        n(crate::redocred::MAP_TABLE, Format::table(3)),
        crate::redocred::map().len() + 1
    );
    assert_eq!(syntax::canonical_title("Sen. Gov."), "senator governor");
}

/// Every dep-pattern fixture sentence with all the relations the annotator gives it, as an
/// `insta` snapshot through the `golden` harness (`INSTA_UPDATE=always cargo test -p relate`
/// rewrites it after an intended change; review the `.snap` diff).
#[test]
fn dep_fixtures_give_the_snapshot_relations() {
    let cases: String = fixture_rows()
        .iter()
        .enumerate()
        .map(|(n, (id, kind, text, _))| format!("## {} {id} {kind}\n{text}\n\n", n + 1))
        .collect();
    golden::assert_golden!("dep_fixtures", &cases, |case: &golden::Case| {
        annotated(&case.source)
            .iter()
            .map(|(f, q)| format!("{f}{q}"))
            .collect::<Vec<_>>()
            .join("\n")
    });
}

#[test]
fn dep_pattern_table_is_well_formed_and_every_row_has_twins() {
    let rows = syntax::parse_table(syntax::TABLE).expect("dep_patterns.tsv parses");
    assert_eq!(rows.len(), syntax::rows().len());
    let fx = fixture_rows();
    for r in &rows {
        for kind in ["pos", "neg", "hedge"] {
            assert!(
                fx.iter().any(|(id, k, _, _)| *id == r.id && k == kind),
                "row {} has no {kind} fixture",
                r.id
            );
        }
    }
    for (id, kind, _, _) in &fx {
        assert!(
            rows.iter().any(|r| &r.id == id),
            "fixture for unknown row {id}"
        );
        assert!(matches!(kind.as_str(), "pos" | "neg" | "hedge"), "{kind}");
    }
}

#[test]
fn malformed_dep_pattern_rows_are_errors() {
    let header = "id\tpredicate\tkind\ttrigger\tsubject\tobject\tsubj_types\tobj_types\tstatus\tvalue\tconfidence\tnote\n";
    let good = "x\tfounded\tverb\tfounded\tnsubj\tobj\tPER\tORG\t-\t-\t0.8\tn\n";
    assert!(syntax::parse_table(&format!("{header}{good}")).is_ok());
    for bad in [
        "x\tfounded\tverb\tfounded\tnsubj\tobj\tPER\tORG\t-\t-\t0.8\n",
        "x\tfounds\tverb\tfounded\tnsubj\tobj\tPER\tORG\t-\t-\t0.8\tn\n",
        "x\tfounded\tnoun\tfounded\tnsubj\tobj\tPER\tORG\t-\t-\t0.8\tn\n",
        "x\tfounded\tverb\tfounded\tsubj\tobj\tPER\tORG\t-\t-\t0.8\tn\n",
        "x\tfounded\tverb\tfounded\tnsubj\tobj\tPERSON\tORG\t-\t-\t0.8\tn\n",
        "x\tfounded\tverb\tfounded\tnsubj\tobj\tPER\tORG\tpast\t-\t0.8\tn\n",
        "x\tfounded\tverb\tfounded\tnsubj\tobj\tPER\tORG\t-\t-\t1.8\tn\n",
        "x\tfounded\tverb\tFounded\tnsubj\tobj\tPER\tORG\t-\t-\t0.8\tn\n",
        "x\tholds_role\ttitle\t*role\tnsubj\t-\tPER\tORG\t-\t-\t0.8\tn\n",
    ] {
        assert!(
            syntax::parse_table(&format!("{header}{bad}")).is_err(),
            "{bad:?} accepted"
        );
    }
    assert!(
        syntax::parse_table(&format!("{header}{good}{good}")).is_err(),
        "dup id"
    );
    assert!(syntax::parse_table(good).is_err(), "no header");
}

#[test]
fn dep_pattern_fixtures() {
    let mut failures = Vec::new();
    for (id, kind, text, fact) in fixture_rows() {
        let (fact, qual) = match fact.split_once(" @") {
            Some((f, q)) => (f.to_string(), format!(" @{q}")),
            None => (fact.clone(), String::new()),
        };
        let got = annotated(&text);
        let hit = got.iter().find(|(f, _)| *f == fact);
        match kind.as_str() {
            "pos" => match hit {
                Some((_, q)) if qual.is_empty() || *q == qual => {}
                _ => failures.push(format!(
                    "{id} {kind}: want {fact}{qual} in {got:?} ({text})"
                )),
            },
            _ => {
                if hit.is_some() {
                    failures.push(format!("{id} {kind}: {fact} must not come from ({text})"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn misread_structures_give_no_fact() {
    let bad = [
        (
            "[Iris Dale](PER) covered housing, [Peru](LOC), trade policy and farming for the paper.",
            "Peru description",
        ),
        (
            "[Iris Dale](PER) was part of the crew that won the [Aldridge Medal](MISC) in 2012.",
            "part_of",
        ),
        (
            "[Iris Dale](PER) opposed the [Lisbon](LOC) trade talks.",
            "opposes Lisbon",
        ),
        (
            "They ate at [Sailor](LOC)'s [Wharf](LOC) on Sunday.",
            "located_in",
        ),
    ];
    for (text, unwanted) in bad {
        let got = annotated(text);
        assert!(
            !got.iter().any(|(f, _)| f.contains(unwanted)),
            "{unwanted} from {text}: {got:?}"
        );
    }
}

#[test]
fn time_comes_from_the_clause_that_states_the_fact() {
    // The year belongs to the relative clause about the councillor, not to Varga's role.
    let got = annotated(
        "The councillor, who moved to [Brindle](LOC) as a nursing student in 2007, is not related to [Pavel Varga](PER), the exiled [Ostrian](MISC) prime minister.",
    );
    assert!(
        got.iter()
            .all(|(f, q)| !f.starts_with("Pavel Varga") || !q.contains("2007")),
        "{got:?}"
    );
    // "until" ends it.
    let got = annotated("[Lia Moss](PER) led [the Fenwick Trust](ORG) until 2019.");
    assert!(
        got.iter()
            .any(|(f, q)| f == "Lia Moss leads the Fenwick Trust" && q == " @to:2019"),
        "{got:?}"
    );
}

#[test]
fn role_relations_come_from_the_coref_layer() {
    // No upstream: the roles are read off the chains the pipeline already added.
    let got = annotated(
        "[Vera Holm](PER), the co-chair of [the Lantern Forum](ORG), spoke. She founded it in 2015.",
    );
    assert!(
        got.iter()
            .any(|(f, _)| f == "Vera Holm holds_role the Lantern Forum [co-chair]"),
        "{got:?}"
    );
}

#[test]
fn role_readings_off_the_layer_match_a_second_resolution() {
    for text in [
        "[Vera Holm](PER), the co-chair of [the Lantern Forum](ORG), spoke. She is a founder of [Reedbank](ORG).",
        "President [Tomas Brenner](PER) met [Lia Moss](PER), a journalist. [Moss](PER) is the editor of [the Harbour Post](ORG).",
        "[Reedbank](ORG), founded by [Ada Quist](PER), grew. Former Governor [Ned Polk](PER) joined it.",
    ] {
        let d = parsed(text);
        let a = coref::resolve(&d).readings;
        let b = coref::role_readings_from_layer(&d);
        assert!(!a.is_empty(), "{text}");
        assert_eq!(a, b, "{text}");
        assert_eq!(roles::facts(&d, &a), role_relations(&d), "{text}");
    }
}

#[test]
fn fronted_times_and_coordinated_relative_clauses() {
    let got =
        annotated("And in 2021, as the talks failed, [Ivo Marsh](PER) moved to [Keldor](LOC).");
    assert!(
        got.iter()
            .any(|(f, q)| f == "Ivo Marsh located_in Keldor" && q == " @from:2021"),
        "{got:?}"
    );
    // A title read off the syntax replaces its head word, and "former" ends it.
    let got = annotated("Former [Keldor Mining](ORG) chief executive [Ivo Marsh](PER) testified.");
    assert!(
        got.iter().any(
            |(f, q)| f == "Ivo Marsh holds_role Keldor Mining [chief executive]" && q == " @former"
        ),
        "{got:?}"
    );
    assert!(
        !got.iter()
            .any(|(f, _)| f == "Ivo Marsh holds_role  [executive]"),
        "{got:?}"
    );
}

#[test]
fn a_relative_clause_about_a_conjoined_noun_covers_a_split_name() {
    // The tagger split the name in two; the clause is about the militias conjoined with it.
    let got = annotated(
        "Since 2021, they have joined the [Vardic](MISC) [Legion](ORG) and other militias of [Vardic](MISC) exiles who are fighting alongside [Orsk](LOC).",
    );
    assert!(
        got.iter().any(|(f, _)| f.contains("fights_alongside Orsk")),
        "{got:?}"
    );
}

#[test]
fn the_document_level_model_reads_documents_that_open_with_a_definition() {
    use crate::scorer::doclevel::opens_with_definition;
    let defining = [
        "[Marlow Bridge](LOC) is a village in [Kestershire](LOC), [England](LOC). It has a mill.",
        "[Tessa Vorn](PER) (born 1961) was an [Ostrian](MISC) painter. She lived in [Brindle](LOC).",
        "The [Harlan Trust](ORG) is a charity based in [Port Alder](LOC).",
    ];
    for text in defining {
        assert!(opens_with_definition(&parsed(text)), "{text}");
    }
    let reporting = [
        // A dateline and an event.
        "[WASHINGTON](LOC) — [Dale Hurst](PER) said on Friday that the bill is a mistake.",
        // The first name is no subject of a copular noun phrase.
        "[Dale Hurst](PER) is speaking in [Brindle](LOC) today.",
        "Republican candidate [Dale Hurst](PER) was the winner of the debate.",
        // A headline first, then an event.
        "Senate Passes Sweeping Farm Bill After Long Debate\n\n[Dale Hurst](PER) voted for it on Friday.",
    ];
    for text in reporting {
        assert!(!opens_with_definition(&parsed(text)), "{text}");
    }
    // The options: off, only such documents (the default), or every document.
    let news = parsed(reporting[0]);
    let wiki = parsed(defining[0]);
    assert_eq!(RelateOptions::default().doc_level, DocLevel::Definitional);
    assert!(DocLevel::Definitional.applies(&wiki) && !DocLevel::Definitional.applies(&news));
    assert!(DocLevel::On.applies(&news) && !DocLevel::Off.applies(&wiki));
}

#[test]
fn role_readings_become_facts_here() {
    use coref::{Form, RoleReading, Said};
    let d = fixture(
        "[Mara Ilves](PER), the chair of [the Tallow Guild](ORG), met [Sorrel](LOC)'s foreign minister [Ben Oduya](PER) and [Kestrel Mills](ORG).",
    );
    let ev = d.sentence_items()[0].range;
    let read = |subject: u32, said: Said, form: Form| RoleReading {
        subject,
        said,
        form,
        evidence: ev,
    };
    let role = |title: &str, object: Option<u32>, of_text: Option<&str>| Said::Role {
        title: title.into(),
        object,
        of_text: of_text.map(str::to_string),
    };
    let readings = vec![
        // A chair of an organization leads it.
        read(0, role("chair", Some(1), None), Form::Appositive),
        // Read twice, stated once.
        read(0, role("chair", Some(1), None), Form::Appositive),
        // A minister of a place is no member of it; a coordinator of an organization is.
        read(3, role("foreign minister", Some(2), None), Form::Title),
        read(3, role("coordinator", Some(4), None), Form::OfWhich),
        // No organization named: the "of" words stay in the value.
        read(
            3,
            role("spokesman", None, Some("of the port")),
            Form::Copula,
        ),
        read(
            0,
            Said::Description {
                value: "weaver".into(),
            },
            Form::Copula,
        ),
        read(0, Said::Founded { object: 4 }, Form::FoundedBy),
    ];
    let got: Vec<String> = roles::facts(&d, &readings)
        .iter()
        .map(|r| format!("{} {:.2}", show(&d, r).0, r.confidence))
        .collect();
    assert_eq!(
        got,
        [
            "Mara Ilves description  [weaver] 0.60",
            "Mara Ilves founded Kestrel Mills 0.75",
            "Mara Ilves holds_role the Tallow Guild [chair] 0.80",
            "Mara Ilves leads the Tallow Guild 0.80",
            "Ben Oduya holds_role Sorrel [foreign minister] 0.85",
            "Ben Oduya holds_role Kestrel Mills [coordinator] 0.70",
            "Ben Oduya holds_role  [spokesman of the port] 0.75",
            "Ben Oduya member_of Kestrel Mills 0.70",
        ]
    );
}

#[test]
fn role_facts_through_the_pipeline() {
    // An appositive's title leads its organization; "of which" makes a member; a minister of
    // a place is no member of it; a past title is a role that ended.
    for (text, want, unwanted) in [
        (
            "[Ilse Varga](PER), the chair of [the Corran Rowing Club](ORG), spoke on Monday.",
            "Ilse Varga leads the Corran Rowing Club",
            "",
        ),
        (
            "[Tobiah Wren](PER) joined [Hollis Aid](ORG), of which he is a coordinator.",
            "Tobiah Wren member_of Hollis Aid",
            "",
        ),
        (
            "[Pia Sorensen](PER), the foreign minister of [Velmora](LOC), arrived.",
            "Pia Sorensen holds_role Velmora [foreign minister]",
            "member_of",
        ),
    ] {
        let got = annotated(text);
        assert!(
            got.iter().any(|(f, _)| f == want),
            "{want:?} not in {got:?}"
        );
        if !unwanted.is_empty() {
            assert!(
                !got.iter().any(|(f, _)| f.contains(unwanted)),
                "{unwanted} in {got:?}"
            );
        }
    }
    let got = annotated("Former Governor [Nils Aubry](PER) spoke in [Tarrow](LOC).");
    assert!(
        got.iter()
            .any(|(f, q)| f == "Nils Aubry holds_role  [governor]" && q == " @former"),
        "{got:?}"
    );
}
