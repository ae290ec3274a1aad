//! Hand-written fixtures: each sentence marks its entities inline (`[PER Oleg Magaletsky]`);
//! the real tokenizer and POS tagger run over the text.

use super::*;
use doc::{DocMeta, EntityLabel, Mention, TextRange};
use std::sync::OnceLock;

fn tagger() -> &'static tag::PosTagger {
    static T: OnceLock<tag::PosTagger> = OnceLock::new();
    T.get_or_init(|| tag::PosTagger::embedded().expect("embedded POS model"))
}

/// Parses `[LABEL text]` marks into a document with tokens, sentences, POS and entities.
fn fixture(marked: &str) -> Document {
    let mut text = String::new();
    let mut mentions = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find('[') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find(']').expect("closing ]");
        let inner = &after[..close];
        let (label, name) = inner.split_once(' ').expect("[LABEL text]");
        let start = text.len();
        text.push_str(name);
        mentions.push(Mention {
            range: TextRange::from_usize(start, text.len()),
            label: EntityLabel::parse(label).expect("label"),
            fine_label: None,
            confidence: 0.9,
            entity: None,
        });
        rest = &after[close + 1..];
    }
    text.push_str(rest);
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
    coref::Coref::chains_only().annotate(&mut d).unwrap();
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
        "Last spring, [PER Ana Kovac] founded the [ORG Danube Freedom League].",
        "Ana Kovac founded Danube Freedom League",
    );
    has(
        "The [ORG Riverside Tenants Union], founded by veteran organizer [PER Tom Hale], met on Monday.",
        "Tom Hale founded Riverside Tenants Union",
    );
    has(
        "The [LOC Oslo]-based [ORG Arctic Watch], founded by Norwegian explorer and writer [PER Ivar Lund], publishes reports.",
        "Ivar Lund founded Arctic Watch",
    );
}

#[test]
fn based_in_from_hyphen_and_phrase() {
    has(
        "The [LOC Oslo]-based [ORG Arctic Watch] publishes reports.",
        "Arctic Watch based_in Oslo",
    );
    has(
        "The [ORG Green Valley Cooperative] is based in [LOC Porto].",
        "Green Valley Cooperative based_in Porto",
    );
    has(
        "The talks took place in [LOC Tartu], [LOC Estonia], in May.",
        "Tartu located_in Estonia",
    );
    none("She visited [LOC Tartu], [LOC Riga], and [LOC Vilnius].");
}

#[test]
fn mislabelled_heads_are_repaired() {
    has(
        "[PER Lena Ortiz] joined the [PER Arctic Battalion].",
        "Lena Ortiz member_of Arctic Battalion",
    );
    has(
        "The [MISC Oslo-based] [ORG Arctic Watch] publishes reports.",
        "Arctic Watch based_in Oslo-based",
    );
}

#[test]
fn membership_origin_and_fighting() {
    has(
        "[PER Lena Ortiz], who hails from [LOC Galicia], joined the [ORG Coastal Brigade] last year.",
        "Lena Ortiz member_of Coastal Brigade",
    );
    has(
        "[PER Lena Ortiz], who hails from [LOC Galicia], joined the [ORG Coastal Brigade] last year.",
        "Lena Ortiz origin Galicia",
    );
    has(
        "[LOC Marovia] is a member of the [ORG Northern Trade Council].",
        "Marovia member_of Northern Trade Council",
    );
    has(
        "[PER Karl Brandt] enlisted to fight alongside the [ORG Free Highland Army].",
        "Karl Brandt fights_alongside Free Highland Army",
    );
    has(
        "[PER Sami Rahal] works for [ORG Delta Shipping].",
        "Sami Rahal employed_by Delta Shipping",
    );
}

#[test]
fn recognition_with_coordination() {
    let f = facts("The state was recognized by [LOC Peru] and [LOC Chile] in 1999.");
    // No subject mention: nothing to attach to.
    assert!(f.is_empty(), "{f:?}");
    has(
        "[LOC Zembla] was once recognized by [LOC Peru] and [LOC Chile].",
        "Peru recognizes Zembla",
    );
    has(
        "[LOC Zembla] was once recognized by [LOC Peru] and [LOC Chile].",
        "Chile recognizes Zembla",
    );
    has(
        "The [ORG Senate] has recognized [LOC Zembla] as “an occupied territory”.",
        "Senate recognizes Zembla [occupied territory]",
    );
}

#[test]
fn designation_like_a_sanction() {
    has(
        "The [ORG Open Rivers Forum] was declared an “undesirable organization” by [LOC Moscow] in 2023.",
        "Moscow designated Open Rivers Forum [undesirable organization]",
    );
    has(
        "[LOC Moscow] designated the [ORG Open Rivers Forum] an “undesirable organization” in 2023.",
        "Moscow designated Open Rivers Forum [undesirable organization]",
    );
}

#[test]
fn nationality_and_appositive_place() {
    has(
        "The group was founded by [MISC Russian] chess grandmaster [PER Boris Vey].",
        "Boris Vey nationality Russian",
    );
    has(
        "Posts by [ORG Free Tarn], a separatist movement in [LOC Tarnland], went viral.",
        "Free Tarn based_in Tarnland",
    );
}

#[test]
fn negated_sentences_yield_no_fact() {
    none("No nation currently recognizes [LOC Zembla].");
    none("[LOC Peru] does not recognize [LOC Zembla].");
    none("[LOC Peru] has never recognized [LOC Zembla].");
    none("[PER Lena Ortiz] did not join the [ORG Coastal Brigade].");
    none("[PER Lena Ortiz] never joined the [ORG Coastal Brigade].");
    none("[LOC Marovia] is no longer a member of the [ORG Northern Trade Council].");
    none("[PER Ana Kovac] denied that she founded the [ORG Danube Freedom League].");
}

#[test]
fn hedged_sentences_yield_no_fact() {
    none("[PER Lena Ortiz] may have joined the [ORG Coastal Brigade].");
    none("[PER Lena Ortiz] might join the [ORG Coastal Brigade].");
    none("[PER Lena Ortiz] reportedly joined the [ORG Coastal Brigade].");
    none("[PER Lena Ortiz] is said to have joined the [ORG Coastal Brigade].");
    none("[PER Ana Kovac] allegedly founded the [ORG Danube Freedom League].");
    none("[LOC Peru] could recognize [LOC Zembla] next year.");
    none("If [PER Lena Ortiz] joined the [ORG Coastal Brigade], she would fight.");
    none("Did [PER Lena Ortiz] join the [ORG Coastal Brigade]?");
}

#[test]
fn possessors_and_unrelated_pairs_yield_nothing() {
    none("[PER Lena Ortiz] joined [LOC Ukraine]’s fight.");
    none("[PER Lena Ortiz] met [PER Karl Brandt] in [LOC Kyiv].");
}

#[test]
fn time_is_read_from_the_evidence() {
    let d = fixture(
        "The [ORG Open Rivers Forum] was declared an “undesirable organization” by [LOC Moscow] in 2023.",
    );
    let rels = extract_relations(&d);
    let r = rels.first().expect("a relation");
    let t = time_of(&d, r).expect("a time");
    assert_eq!(t.value, "2023");
    assert_eq!(t.valid_from.as_deref(), Some("2023"));
    let d = fixture("[ORG Delta Crew] fought alongside the [ORG Blue Unit] until 2019.");
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
    let mut d = fixture("[PER Ana Kovac] founded the [ORG Danube Freedom League].");
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
        "In 2021, [PER Lena Ortiz] decamped to [LOC Lisbon].",
        "Lena Ortiz located_in Lisbon",
    );
    has(
        "[PER Ivan Petrov], who leads a small party, has lived for ten years since the war in exile, mostly in [LOC Latvia].",
        "Ivan Petrov located_in Latvia",
    );
    has(
        "The [ORG Delta Shipping] moved to [LOC Rotterdam] last year.",
        "Delta Shipping based_in Rotterdam",
    );
    none("[PER Lena Ortiz] never moved to [LOC Lisbon].");
    none("[PER Lena Ortiz] reportedly fled to [LOC Lisbon].");
    none(
        "[PER Ivan Petrov], who leads a small party, has never lived in exile, mostly in [LOC Latvia].",
    );
    // Another person between the subject and the place: not the subject's residence.
    none(
        "[PER Ivan Petrov] said that his friend [PER Oleg Sims] spent years in exile, mostly in [LOC Latvia].",
    );
}

#[test]
fn nationality_in_a_predicate_noun_phrase() {
    has(
        "[PER Ana Kovac] is a quiet and careful [MISC Croatian] engineer.",
        "Ana Kovac nationality Croatian",
    );
    has(
        "The rally drew [MISC Polish] writers such as [PER Jan Nowak].",
        "Jan Nowak nationality Polish",
    );
    none("[PER Ana Kovac] is not a [MISC Croatian] engineer.");
    none("[PER Ana Kovac] may be a quiet [MISC Croatian] engineer.");
}

#[test]
fn places_in_places() {
    has(
        "Floods hit [LOC Norway]'s [LOC Telemark] county.",
        "Telemark located_in Norway",
    );
    has(
        "It was the flag of [LOC Zembla], a republic in the [LOC Carpathians].",
        "Zembla located_in Carpathians",
    );
    none("It was not the flag of [LOC Zembla], a republic in the [LOC Carpathians].");
}

#[test]
fn events_held_at_places_and_hosts() {
    has(
        "The [ORG Baltic Youth Union] held its annual congress in [LOC Riga] in May.",
        "Baltic Youth Union participated_in Riga [annual congress]",
    );
    let f = facts(
        "The [ORG Baltic Youth Union] brought its members to [LOC Berlin] for a series of talks at the [ORG Humboldt Institute].",
    );
    assert!(
        f.contains(
            &"Baltic Youth Union participated_in Humboldt Institute [series of talks]".to_string()
        ),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.contains("Berlin")), "{f:?}");
    // "Tartu, Estonia" is a place and its country, not a list of two places.
    let f =
        facts("The [ORG Baltic Youth Union] held a summit in [LOC Tartu], [LOC Estonia], in May.");
    assert!(
        f.contains(&"Baltic Youth Union participated_in Tartu [summit]".to_string()),
        "{f:?}"
    );
    assert!(
        !f.iter().any(|x| x.contains("participated_in Estonia")),
        "{f:?}"
    );
    none("The [ORG Baltic Youth Union] never held a congress in [LOC Riga].");
    none("The [ORG Baltic Youth Union] may hold its congress in [LOC Riga].");
}

#[test]
fn members_listed_before_an_it_subject() {
    has(
        "[PER Ana Kovac] founded the [ORG Danube Freedom League]. Made up of ten groups from the region, including the [ORG Green Party], it has become a force.",
        "Green Party member_of Danube Freedom League",
    );
    let f = facts(
        "[PER Ana Kovac] founded the [ORG Danube Freedom League]. Made up of ten groups, but not including the [ORG Green Party], it has become a force.",
    );
    assert!(!f.iter().any(|x| x.contains("member_of")), "{f:?}");
}

#[test]
fn a_founders_own_organization_is_led_by_them() {
    has_c(
        "[PER Tom Hale] founded the [ORG Riverside Tenants Union] in 2019. His union now has 400 members.",
        "Tom Hale leads Riverside Tenants Union",
    );
    has_c(
        "[PER Tom Hale] founded the [ORG Riverside Tenants Union] in 2019. [PER Hale]'s group is growing.",
        "Hale leads Riverside Tenants Union",
    );
    // Joining is not founding: the possessive says nothing about leading.
    lacks_c(
        "[PER Tom Hale] joined the [ORG Riverside Tenants Union] in 2019. His union now has 400 members.",
        "leads",
    );
    lacks_c(
        "[PER Tom Hale] founded the [ORG Riverside Tenants Union] in 2019. It is not his union any more.",
        "leads",
    );
}

#[test]
fn a_definite_nominal_takes_its_antecedents_relations() {
    has_c(
        "The [LOC Republic of Zembla] declared independence in 1991. Although the republic was once recognized by [LOC Peru] and [LOC Chile], no nation currently recognizes it.",
        "Chile recognizes Republic of Zembla",
    );
    lacks_c(
        "The [LOC Republic of Zembla] declared independence in 1991. No nation currently explicitly recognizes the republic.",
        "recognizes",
    );
}

#[test]
fn copulas_parentheticals_and_place_tagged_demonyms() {
    has(
        "[LOC Dunmore] is a small village in [LOC County Galway].",
        "Dunmore located_in County Galway",
    );
    has(
        "[PER Ann Lee] (1901 – 1980) was an [LOC American] painter.",
        "Ann Lee nationality American",
    );
    // The phrase ends in a coordinated name, not in its head noun.
    let f =
        facts("She met [PER Peter Doyle], a [MISC Zambian] aircraft engineer and [PER Barbara].");
    assert!(!f.iter().any(|x| x.starts_with("Barbara")), "{f:?}");
    // Only the first demonym of "a French former Alpine skier" is the nationality.
    let f = facts("[PER Marc Roux] is a [MISC French] former [MISC Alpine] skier.");
    assert!(
        f.contains(&"Marc Roux nationality French".to_string()),
        "{f:?}"
    );
    assert!(!f.iter().any(|x| x.contains("Alpine")), "{f:?}");
    none("[LOC Dunmore] is not a small village in [LOC County Galway].");
    // A country or city name is no demonym.
    none("[PER Ann Lee] is a [LOC Pakistan] resident.");
    none("[PER Ann Lee], a [LOC Miami] lawyer, spoke.");
}

#[test]
fn parties_and_faiths_are_no_nationality() {
    none("The rally featured [MISC Democratic] vice presidential nominee [PER Tom Kane].");
    none("[PER Ana Kovac] is a [MISC Republican] senator.");
    has(
        "The rally featured [MISC Danish] vice presidential nominee [PER Tom Kane].",
        "Tom Kane nationality Danish",
    );
}

#[test]
fn unasserted_joins_acronyms_and_find() {
    none("[PER Tom Kane] set about persuading [LOC Chile] to join the [ORG Pacific Council].");
    none("Just as intriguing was the host and former [MISC MSNBC] personality [PER Ed Shaw].");
    none("And together with [LOC Canada], [LOC Mexico] should sue in every court.");
    none("In 2013, research by the [ORG Media Center] found [ORG FactWatch] consistently biased.");
}

#[test]
fn a_relative_clause_after_and_other_covers_the_first_conjunct() {
    has(
        "They joined the [ORG Baltic Legion] and other militias of exiled citizens who are fighting alongside [LOC Estonia].",
        "Baltic Legion fights_alongside Estonia",
    );
    none(
        "They joined the [ORG Baltic Legion] and other militias of exiled citizens who are not fighting alongside [LOC Estonia].",
    );
}

#[test]
fn parenthetical_agents_and_place_modifiers() {
    let f = facts(
        "The [LOC Zembla] government-in-exile, led by prime minister [PER Ivan Petrov], is a member of the [ORG Northern Trade Council].",
    );
    assert!(
        !f.iter().any(|x| x.starts_with("Ivan Petrov member_of")),
        "{f:?}"
    );
    none("[LOC Ukraine]'s [LOC Kursk] incursion revived hopes.");
    has(
        "[LOC Ukraine] entered [LOC Russia]'s [LOC Kursk] region.",
        "Kursk located_in Russia",
    );
}

#[test]
fn timeless_facts_and_the_nearest_time() {
    let d = fixture(
        "The forum was founded in 2022 by [PER Oleg Brandt], a [MISC Ukrainian] businessman.",
    );
    let rels = extract_relations(&d);
    let nat = rels
        .iter()
        .find(|r| r.predicate == "nationality")
        .expect("nationality");
    assert_eq!(time_of(&d, nat), None);
    let d = fixture(
        "After the talks in 2019, [PER Ana Kovac] founded the [ORG Danube Freedom League] in 2021.",
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
        "The [ORG Baltic Youth Union] was founded in 2019. Its founder, [PER Ana Kovac], is a [MISC Croatian] teacher.",
        "Ana Kovac founded Baltic Youth Union",
    );
    has(
        "The [ORG Baltic Youth Union] was founded in 2019. Its founder, [PER Ana Kovac], is a [MISC Croatian] teacher.",
        "Ana Kovac nationality Croatian",
    );
    let f = facts(
        "The [LOC Zembla] government-in-exile, led by prime minister [PER Ivan Petrov], is a member of the [ORG Northern Trade Council].",
    );
    assert!(
        !f.iter().any(|x| x.starts_with("Ivan Petrov member_of")),
        "{f:?}"
    );
    has(
        "[LOC Zembla]'s government-in-exile, led by prime minister [PER Ivan Petrov], is a member of the [ORG Northern Trade Council].",
        "Zembla member_of Northern Trade Council",
    );
    none(
        "[LOC Zembla]'s government-in-exile, led by [PER Ivan Petrov], is not a member of the [ORG Northern Trade Council].",
    );
    let f = facts(
        "The [ORG Baltic Youth Union] was founded in 2019. It denied that its founder, [PER Ana Kovac], had left.",
    );
    assert!(!f.iter().any(|x| x.contains("founded")), "{f:?}");
}

#[test]
fn a_place_in_a_place_and_playing_for_a_team() {
    has(
        "The concert was at the [LOC Astoria Theatre] in [LOC London].",
        "Astoria Theatre located_in London",
    );
    none("She toured [LOC Riga], [LOC Tartu] in [LOC Estonia] and more.");
    has(
        "[PER Jan Nowak] played for [ORG Legia Warsaw] until 2010.",
        "Jan Nowak member_of Legia Warsaw",
    );
    none("[PER Jan Nowak] never played for [ORG Legia Warsaw].");
}

#[test]
fn places_in_places_need_a_noun_phrase() {
    none("The United States edged [LOC Austria] in [LOC Salzburg] 3-2 in April.");
    none("Camacho beat the [LOC Panamanian] in [LOC Atlantic City] in June.");
    none("TENNIS - [LOC SPAIN] , [LOC U.S.] TEAMS OPEN ON ROAD.");
}

#[test]
fn launching_an_invasion_opposes() {
    has(
        "In 2022, as [LOC Russia] launched its full-scale invasion of [LOC Ukraine], he left.",
        "Russia opposes Ukraine",
    );
    none("[LOC Russia] never launched an invasion of [LOC Finland].");
    none("[LOC Russia] may launch an invasion of [LOC Finland].");
    none("[LOC Russia] launched a new satellite for [LOC Finland].");
}

#[test]
fn religions_and_foreign_lists_are_no_nationality_or_place() {
    none("The leader of the [MISC Islam] movement [PER Omar Said] spoke.");
    has(
        "The exiled [MISC Chechen] diaspora leader [PER Omar Said] spoke.",
        "Omar Said nationality Chechen",
    );
    none("Wir haben Büros in [LOC Nordamerika], [LOC Europa] und [LOC Asien].");
}

#[test]
fn kinds_of_places_of_places() {
    has(
        "It is a small town in the [LOC U.S.] state of [LOC Oregon].",
        "Oregon located_in U.S.",
    );
    has(
        "The station lies in the [LOC Pudu] district of [LOC Kuala Lumpur].",
        "Pudu located_in Kuala Lumpur",
    );
    has(
        "The river runs through the [LOC Lazio] region of [LOC Italy] and the [LOC Abruzzo].",
        "Lazio located_in Italy",
    );
    let f =
        facts("Near the [LOC Zembla] state of [LOC Roraima], [LOC Santa Elena] sees much trade.");
    assert!(!f.iter().any(|x| x.starts_with("Santa Elena")), "{f:?}");
    none("It is not a town in the [LOC U.S.] state of [LOC Oregon].");
    has(
        "The wheel stands in the [LOC Harbor Village] in the [LOC Old Town].",
        "Harbor Village located_in Old Town",
    );
}

#[test]
fn which_side_of_a_province_of_is_inside() {
    has(
        "It won an order in the [LOC Guangdong] province of [LOC China].",
        "Guangdong located_in China",
    );
    has(
        "It is in the [LOC California] town of [LOC Ojai].",
        "Ojai located_in California",
    );
    has(
        "It is in the [LOC Canadian] province of [LOC Alberta].",
        "Alberta located_in Canadian",
    );
}

#[test]
fn a_month_is_no_hedge() {
    has(
        "[PER Lehmann Bernheimer] (27 December 1841 - 29 May 1918) was a [MISC German] antique dealer.",
        "Lehmann Bernheimer nationality German",
    );
    none("[PER Lehmann Bernheimer] may be a [MISC German] antique dealer.");
}

#[test]
fn captions_and_compass_demonyms() {
    has(
        "[PER Kim Won-yong] (1922 – 1993), [MISC South Korean] archaeologist",
        "Kim Won-yong nationality South Korean",
    );
    none("[PER Kim Won-yong], [MISC South Korean] archaeologist, may have left.");
}

#[test]
fn institutions_in_places() {
    has(
        "The post is based at the [ORG University of Otago] in [LOC Dunedin].",
        "University of Otago based_in Dunedin",
    );
    none("A protest by [ORG Greenpeace] in [LOC Paris] drew crowds.");
    none("The [ORG University of Otago] has no campus in [LOC Auckland].");
}

#[test]
fn named_events_and_schools() {
    has(
        "[PER Ana Silva] competed in the trap at the [MISC 2000 Summer Olympics].",
        "Ana Silva participated_in 2000 Summer Olympics",
    );
    none("[PER Ana Silva] never competed at the [MISC 2000 Summer Olympics].");
    none("[PER Tom Wallace] attended [ORG Syracuse University] and then left.");
    has(
        "[PER Tom Wallace] attended the [MISC Geneva Summit] in May.",
        "Tom Wallace participated_in Geneva Summit",
    );
}

#[test]
fn fighting_for_a_state_in_another_is_no_place_pair() {
    none("His forces have fought for [LOC Russia] in [LOC Ukraine].");
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
    coref::Coref::chains_only().annotate(&mut d).unwrap();
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
            "[PER Iris Dale] covered housing, [LOC Peru], trade policy and farming for the paper.",
            "Peru description",
        ),
        (
            "[PER Iris Dale] was part of the crew that won the [MISC Aldridge Medal] in 2012.",
            "part_of",
        ),
        (
            "[PER Iris Dale] opposed the [LOC Lisbon] trade talks.",
            "opposes Lisbon",
        ),
        (
            "They ate at [LOC Sailor]'s [LOC Wharf] on Sunday.",
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
        "The councillor, who moved to [LOC Brindle] as a nursing student in 2007, is not related to [PER Pavel Varga], the exiled [MISC Ostrian] prime minister.",
    );
    assert!(
        got.iter()
            .all(|(f, q)| !f.starts_with("Pavel Varga") || !q.contains("2007")),
        "{got:?}"
    );
    // "until" ends it.
    let got = annotated("[PER Lia Moss] led [ORG the Fenwick Trust] until 2019.");
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
        "[PER Vera Holm], the co-chair of [ORG the Lantern Forum], spoke. She founded it in 2015.",
    );
    assert!(
        got.iter()
            .any(|(f, _)| f == "Vera Holm holds_role the Lantern Forum [co-chair]"),
        "{got:?}"
    );
}

#[test]
fn role_relations_off_the_layer_match_a_second_resolution() {
    for text in [
        "[PER Vera Holm], the co-chair of [ORG the Lantern Forum], spoke. She is a founder of [ORG Reedbank].",
        "President [PER Tomas Brenner] met [PER Lia Moss], a journalist. [PER Moss] is the editor of [ORG the Harbour Post].",
        "[ORG Reedbank], founded by [PER Ada Quist], grew. Former Governor [PER Ned Polk] joined it.",
    ] {
        let d = parsed(text);
        let mut a = coref::role_relations(&d);
        let mut b = coref::role_relations_from_layer(&d);
        let key = |r: &Relation| format!("{r:?}");
        a.sort_by_key(key);
        b.sort_by_key(key);
        assert_eq!(a, b, "{text}");
    }
}

#[test]
fn fronted_times_and_coordinated_relative_clauses() {
    let got = annotated("And in 2021, as the talks failed, [PER Ivo Marsh] moved to [LOC Keldor].");
    assert!(
        got.iter()
            .any(|(f, q)| f == "Ivo Marsh located_in Keldor" && q == " @from:2021"),
        "{got:?}"
    );
    // A title read off the syntax replaces its head word, and "former" ends it.
    let got = annotated("Former [ORG Keldor Mining] chief executive [PER Ivo Marsh] testified.");
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
        "Since 2021, they have joined the [MISC Vardic] [ORG Legion] and other militias of [MISC Vardic] exiles who are fighting alongside [LOC Orsk].",
    );
    assert!(
        got.iter().any(|(f, _)| f.contains("fights_alongside Orsk")),
        "{got:?}"
    );
}
