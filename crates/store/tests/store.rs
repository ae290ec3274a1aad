//! Integration tests of the store: migrations, upserts and dedup, facts, queries, search, export.

mod common;

use common::*;
use doc::{DocMeta, Document, EntityLabel, Layer, TextRange};
use store::{DocId, Fact, SCHEMA_VERSION, Store, StoreError, Upsert};

fn upsert(s: &mut Store, d: &Document) -> Upsert {
    put(s, d).unwrap()
}

#[test]
fn fresh_file_is_migrated_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.db");
    {
        let s = Store::open(&path).unwrap();
        assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
        assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), SCHEMA_VERSION);
    upsert(&mut s, &article("a"));
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.document_count().unwrap(), 1);
}

#[test]
fn newer_database_and_non_database_are_user_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 7)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found, .. } if found == SCHEMA_VERSION + 7));
    assert!(err.is_user_error());
    assert!(err.to_string().contains("newer newsgraph"), "{err}");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x42u8; 4096]).unwrap();
    let err = Store::open(&junk).unwrap_err();
    assert!(matches!(err, StoreError::NotADatabase(_)), "{err:?}");
    assert!(err.is_user_error());
}

#[test]
fn concurrent_first_opens_migrate_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.db");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let p = path.clone();
            std::thread::spawn(move || Store::open(p).map(|s| s.schema_version().unwrap()))
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().unwrap().unwrap(), SCHEMA_VERSION);
    }
}

#[test]
fn unopenable_path_is_a_user_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = Store::open(dir.path().join("missing/dir/g.db")).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err:?}");
    assert!(err.is_user_error());
    assert!(err.to_string().contains("g.db"));
}

fn fact(doc: DocId, subject: store::EntityId) -> Fact {
    Fact {
        subject,
        predicate: "member_of".into(),
        object_entity: None,
        object_value: Some("Free Nations of Post-Russia Forum".into()),
        valid_from: Some("2023".into()),
        valid_to: None,
        status: None,
        doc,
        range: TextRange::new(0, 10),
        producer: "test@1".into(),
        confidence: 0.5,
    }
}

// Every test below runs on SQLite (`<name>::sqlite`) and on PostgreSQL (`<name>::postgres`,
// SKIPPED unless NEWSGRAPH_TEST_PG names a reachable server).
both! {
fn same_document_twice_is_one_document() {
    let mut s = mem();
    let d = article("a");
    let first = upsert(&mut s, &d);
    assert!(matches!(first, Upsert::Inserted(_)));
    let before = s.stats().unwrap();
    let aliases_before = s.entities(100, None).unwrap();
    assert_eq!(upsert(&mut s, &d), Upsert::Unchanged(first.id()));
    // retrieved_at is not content
    let mut again = d.clone();
    again.meta.retrieved_at = Some("2030-01-01T00:00:00Z".into());
    assert_eq!(upsert(&mut s, &again), Upsert::Unchanged(first.id()));
    assert_eq!(s.stats().unwrap(), before);
    assert_eq!(s.entities(100, None).unwrap(), aliases_before);
    assert_eq!(before.documents, 1);
    assert_eq!(before.mentions, 6);
    assert_eq!(before.quotes, 2);
    assert_eq!(before.timexes, 3);
    assert_eq!(before.facts, 2);
    // Magaletsky, Zakayev, Ichkeria, Grozny, Kyiv
    assert_eq!(before.entities, 5);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

fn changed_text_replaces_layers_and_keeps_entity_ids() {
    let mut s = mem();
    let id = upsert(&mut s, &article("a")).id();
    let zakayev = s.find_entity("Akhmed Zakayev").unwrap().unwrap();
    let grozny = s.find_entity("Grozny").unwrap().unwrap();

    // The same key now carries a shorter text that mentions only Zakayev twice.
    let text = "Zakayev spoke. Akhmed Zakayev left.";
    let mut d = Document::new(DocMeta::new("a"), text).unwrap();
    d.set_entities(Layer::new(
        producer("ner"),
        vec![
            mention(find(text, "Zakayev"), EntityLabel::Per, "Akhmed Zakayev"),
            mention(
                find(text, "Akhmed Zakayev"),
                EntityLabel::Per,
                "Akhmed Zakayev",
            ),
        ],
    ))
    .unwrap();
    assert_eq!(upsert(&mut s, &d), Upsert::Updated(id));
    let st = s.stats().unwrap();
    assert_eq!(
        (
            st.documents,
            st.mentions,
            st.quotes,
            st.timexes,
            st.facts,
            st.entities
        ),
        (1, 2, 0, 0, 0, 1)
    );
    // Zakayev keeps its id; Grozny, no longer mentioned anywhere, is gone.
    assert_eq!(s.find_entity("Zakayev").unwrap(), Some(zakayev));
    assert!(s.entity(grozny).unwrap().is_none());
    let z = s.entity(zakayev).unwrap().unwrap();
    assert_eq!(z.mention_count, 2);
    assert_eq!(z.aliases, vec!["Akhmed Zakayev", "Zakayev"]);
    assert!(s.search("Grozny", 10).unwrap().is_empty());
    assert_eq!(s.search("left", 10).unwrap().len(), 1);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

fn alias_counts_follow_updates_across_documents() {
    let mut s = mem();
    upsert(&mut s, &small_doc("x", 4, 1));
    upsert(&mut s, &small_doc("y", 3, 1));
    let p = s.find_entity("person 0").unwrap().unwrap();
    assert_eq!(s.entity(p).unwrap().unwrap().mention_count, 7);
    // y shrinks to one mention
    let id = upsert(&mut s, &small_doc("y", 1, 1));
    assert!(matches!(id, Upsert::Updated(_)));
    assert_eq!(s.entity(p).unwrap().unwrap().mention_count, 5);
    assert!(
        s.delete_document(s.document_id("x").unwrap().unwrap())
            .unwrap()
    );
    assert_eq!(s.entity(p).unwrap().unwrap().mention_count, 1);
    assert!(s.delete_document(id.id()).unwrap());
    assert!(s.entity(p).unwrap().is_none());
    assert_eq!(s.stats().unwrap(), store::Stats::default());
}

fn dedup_by_url_guid_and_text_hash() {
    let mut s = mem();
    // by URL: another key, same URL, new text -> the same document, updated
    let mut a = DocMeta::new("feed:1");
    a.url = Some("https://example.org/story".into());
    let a1 = Document::new(a.clone(), "First version of the story.").unwrap();
    let id = upsert(&mut s, &a1).id();
    let mut b = a.clone();
    b.id = "page:https://example.org/story".into();
    let a2 = Document::new(b, "Second version of the story.").unwrap();
    assert_eq!(upsert(&mut s, &a2), Upsert::Updated(id));
    assert_eq!(upsert(&mut s, &a2), Upsert::Unchanged(id));
    assert_eq!(
        s.document_id("page:https://example.org/story").unwrap(),
        Some(id)
    );

    // by GUID
    let mut g = DocMeta::new("guid-a");
    g.guid = Some("urn:uuid:1234".into());
    let g1 = Document::new(g.clone(), "A feed entry.").unwrap();
    let gid = upsert(&mut s, &g1).id();
    g.id = "guid-b".into();
    let g2 = Document::new(g, "A feed entry.").unwrap();
    assert_eq!(upsert(&mut s, &g2), Upsert::Unchanged(gid));

    // by normalized-text hash: same words from another file
    let t1 = Document::new(DocMeta::new("file:a.txt"), "Same  words here.").unwrap();
    let tid = upsert(&mut s, &t1).id();
    let t2 = Document::new(DocMeta::new("file:copy/a.txt"), "same words here.").unwrap();
    assert_eq!(upsert(&mut s, &t2), Upsert::Unchanged(tid));
    // ... and both files re-ingested add and change nothing
    assert_eq!(upsert(&mut s, &t1), Upsert::Unchanged(tid));
    assert_eq!(upsert(&mut s, &t2), Upsert::Unchanged(tid));
    assert_eq!(s.document_count().unwrap(), 3);
    // the first source's metadata is kept
    assert_eq!(s.document(tid).unwrap().unwrap().meta.id, "file:a.txt");
}

fn documents_without_a_key_are_kept_apart() {
    let mut s = mem();
    let a = Document::new(DocMeta::new(""), "One text.").unwrap();
    let b = Document::new(DocMeta::new("  "), "Another text.").unwrap();
    let ia = upsert(&mut s, &a).id();
    let ib = upsert(&mut s, &b).id();
    assert_ne!(ia, ib);
    assert_eq!(upsert(&mut s, &a), Upsert::Unchanged(ia));
    assert_eq!(s.document_count().unwrap(), 2);
    assert!(
        s.document(ia)
            .unwrap()
            .unwrap()
            .meta
            .id
            .starts_with("text:")
    );
}

fn facts_without_provenance_are_refused() {
    let mut s = mem();
    let doc = upsert(&mut s, &article("a")).id();
    let z = s.find_entity("Zakayev").unwrap().unwrap();
    let ok = s.add_fact(&fact(doc, z)).unwrap();
    let before = s.stats().unwrap().facts;

    let bad: Vec<Fact> = vec![
        Fact {
            producer: "  ".into(),
            ..fact(doc, z)
        },
        Fact {
            predicate: String::new(),
            ..fact(doc, z)
        },
        Fact {
            confidence: 1.5,
            ..fact(doc, z)
        },
        Fact {
            confidence: f32::NAN,
            ..fact(doc, z)
        },
        Fact {
            doc: DocId(9999),
            ..fact(doc, z)
        },
        Fact {
            range: TextRange::new(0, 100_000),
            ..fact(doc, z)
        },
        // byte 1 is inside the opening curly quote
        Fact {
            range: TextRange::new(1, 5),
            ..fact(doc, z)
        },
    ];
    for f in bad {
        let err = s.add_fact(&f).unwrap_err();
        assert!(matches!(err, StoreError::InvalidFact(_)), "{f:?}: {err:?}");
        assert!(err.is_user_error());
    }
    let err = s
        .add_fact(&Fact {
            subject: store::EntityId(424242),
            ..fact(doc, z)
        })
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownEntity(424242)));
    assert_eq!(s.stats().unwrap().facts, before);

    let rows = s.facts(Some(z), 10).unwrap();
    let added = rows.iter().find(|r| r.id == ok).unwrap();
    assert_eq!(added.evidence, "“We need");
    assert_eq!((added.span.char_start, added.span.char_end), (0, 8));
    // The timeline of Zakayev carries the dated fact.
    let tl = s.timeline(Some(z), 50).unwrap();
    assert!(tl.iter().any(|r| r.kind == "fact" && r.value == "2023"));
}

fn queries_serve_the_cli() {
    let mut s = mem();
    upsert(&mut s, &article("a"));
    let ents = s.entities(10, None).unwrap();
    assert_eq!(ents[0].name, "Akhmed Zakayev");
    assert_eq!(ents[0].mention_count, 2);
    assert_eq!(ents[0].aliases, vec!["Akhmed Zakayev", "Zakayev"]);
    let locs = s.entities(10, Some(EntityLabel::Loc)).unwrap();
    assert_eq!(locs.len(), 3);
    assert!(locs.iter().all(|e| e.label == EntityLabel::Loc));
    let json = serde_json::to_value(&ents[0]).unwrap();
    assert_eq!(json["type"], "PER");
    assert_eq!(json["mention_count"], 2);

    // find: exact, alias (possessive stripped), case, substring
    let z = s.find_entity("akhmed zakayev").unwrap().unwrap();
    assert_eq!(s.find_entity("ZAKAYEV’s").unwrap(), Some(z));
    assert_eq!(
        s.find_entity("Ichkeria").unwrap(),
        s.find_entity("Chechen Republic of Ichkeria").unwrap()
    );
    assert_eq!(s.find_entity("Nobody Atall").unwrap(), None);
    assert_eq!(s.find_entity("%").unwrap(), None);

    let detail = s.entity_detail(z, 50).unwrap().unwrap();
    assert_eq!(detail.roles.len(), 1);
    let role = &detail.roles[0];
    assert_eq!(role.object_value.as_deref(), Some("prime minister"));
    assert_eq!(
        role.object_entity.as_ref().unwrap().name,
        "Chechen Republic of Ichkeria"
    );
    assert!(
        role.evidence
            .starts_with("Akhmed Zakayev is the prime minister")
    );
    assert_eq!(role.producer, "relate@1");
    assert_eq!(detail.affiliations.len(), 1);
    assert_eq!(detail.affiliations[0].predicate, "located_in");
    assert_eq!(detail.quotes.len(), 1);
    assert_eq!(detail.sources.len(), 1);
    assert_eq!(detail.sources[0].title.as_deref(), Some("Exiles prepare"));
    let values: Vec<&str> = detail.timeline.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, vec!["2024-08-20"]);
    assert_eq!(
        detail.timeline[0].evidence,
        "Zakayev’s government met in Kyiv on 2024-08-20, he said."
    );

    // quotes: by speaker, with cue, speaker text, sentence and code-point offsets
    let m = s.find_entity("Magaletsky").unwrap().unwrap();
    let q = s.quotes(Some(m), 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "We need to be prepared,");
    assert_eq!(q[0].speaker_name.as_deref(), Some("Oleg Magaletsky"));
    assert_eq!(q[0].speaker_text.as_deref(), Some("Magaletsky"));
    assert_eq!(q[0].cue.as_deref(), Some("told"));
    assert_eq!(
        q[0].sentence,
        "“We need to be prepared,” Magaletsky told me in March."
    );
    assert_eq!((q[0].span.start, q[0].span.char_start), (3, 1));
    assert_eq!(q[0].span.char_end - q[0].span.char_start, 23);
    let all = s.quotes(None, 10).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[1].speaker_text.as_deref(), Some("he"));
    assert_eq!(all[1].speaker_name.as_deref(), Some("Akhmed Zakayev"));
    assert_eq!(s.quotes(None, 1).unwrap().len(), 1);

    // timeline of everything, sorted by value
    let tl = s.timeline(None, 10).unwrap();
    let values: Vec<&str> = tl.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(values, vec!["1994", "2024-03", "2024-08-20"]);
    assert_eq!(tl[0].text, "1994");
    assert_eq!(tl[0].evidence, "In 1994, tanks rolled into Grozny.");
    // the dated quote stands in for the expression that dates it
    assert_eq!(tl[1].kind, "quote");
    assert_eq!(tl[1].text, "We need to be prepared,");
    assert_eq!(tl[1].speaker.as_deref(), Some("Oleg Magaletsky"));
    assert_eq!(tl[1].time_text.as_deref(), Some("March"));
    assert_eq!(
        tl[1].evidence,
        "“We need to be prepared,” Magaletsky told me in March."
    );
    assert_eq!(
        (tl[2].kind.as_str(), tl[2].speaker.as_deref()),
        ("timex", None)
    );
    // by speaker: the quote is on Magaletsky's timeline, not on Zakayev's
    let mt = s.timeline(Some(m), 10).unwrap();
    assert_eq!(
        mt.iter()
            .map(|t| (t.value.as_str(), t.kind.as_str()))
            .collect::<Vec<_>>(),
        vec![("2024-03", "quote")]
    );
    let z = s.find_entity("Akhmed Zakayev").unwrap().unwrap();
    assert!(
        s.timeline(Some(z), 10)
            .unwrap()
            .iter()
            .all(|t| t.kind != "quote")
    );
    // quote rows carry the time with its evidence; undated quotes carry none
    assert_eq!(q[0].time.as_deref(), Some("2024-03"));
    assert_eq!(q[0].time_text.as_deref(), Some("March"));
    assert_eq!(
        (all[1].time.as_deref(), all[1].time_text.as_deref()),
        (None, None)
    );
}

fn search_finds_words_and_survives_odd_queries() {
    let mut s = mem();
    upsert(&mut s, &article("a"));
    upsert(&mut s, &small_doc("other", 3, 2));
    let hits = s.search("tanks", 10).unwrap();
    assert_eq!(hits.len(), 1);
    assert!(hits[0].snippet.contains("[tanks]"), "{}", hits[0].snippet);
    // title is indexed; diacritics and case folded
    assert_eq!(s.search("EXILES", 10).unwrap().len(), 1);
    assert_eq!(s.search("prépared", 10).unwrap().len(), 1);
    assert_eq!(s.search("prep*", 10).unwrap().len(), 1);
    for odd in [
        "\"",
        "AND (",
        "*",
        "NEAR(",
        "title:",
        "a OR",
        "'; DROP TABLE documents; --",
        "",
        "-",
        "^x",
    ] {
        assert!(s.search(odd, 10).is_ok(), "{odd:?}");
    }
    assert_eq!(s.search("\"tanks", 10).unwrap().len(), 1);
    assert_eq!(s.search("tanks Grozny", 10).unwrap().len(), 1);
    // operators are plain words: the article has no "and"
    assert_eq!(s.search("tanks AND", 10).unwrap().len(), 0);
    assert_eq!(s.document_count().unwrap(), 2);
    // quote text is searchable too
    let q = s.search_quotes("prepared", 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].speaker_name.as_deref(), Some("Oleg Magaletsky"));
    assert!(s.search_quotes("AND (", 10).unwrap().is_empty());
}

fn export_rebuilds_documents_with_their_layers() {
    let mut s = mem();
    let docs = vec![article("a"), small_doc("b", 5, 2), {
        let mut d = Document::new(DocMeta::new("bare"), "No layers at all.").unwrap();
        d.meta.language = Some("en".into());
        d
    }];
    for d in &docs {
        upsert(&mut s, d);
    }
    let mut seen = Vec::new();
    let n = s
        .for_each_document(|id, d| -> Result<(), StoreError> {
            seen.push((id, d));
            Ok(())
        })
        .unwrap();
    assert_eq!(n, 3);
    // article("a") uses canonical entity names already, so it comes back identical
    let a = &seen[0].1;
    assert_eq!(
        serde_json::to_value(a).unwrap(),
        serde_json::to_value(&docs[0]).unwrap()
    );
    // mentions without a canonical name come back with their entity's name
    let b = &seen[1].1;
    assert_eq!(b.entity_items()[0].entity.as_deref(), Some("Person 0"));
    assert_eq!(b.text(), docs[1].text());
    assert_eq!(seen[2].1.layer_kinds(), vec![]);
    assert_eq!(seen[2].1.meta.language.as_deref(), Some("en"));
    // the iterator gives the same documents
    let keys: Vec<String> = s.documents().map(|r| r.unwrap().1.meta.id).collect();
    assert_eq!(keys, vec!["a", "b", "bare"]);
    // the callback's error stops the walk
    let mut calls = 0;
    let r = s.for_each_document(|_, _| {
        calls += 1;
        Err(StoreError::Corrupt("stop".into()))
    });
    assert!(r.is_err());
    assert_eq!(calls, 1);
}

fn fetch_validators_round_trip() {
    let mut s = mem();
    assert_eq!(s.get_validators("https://e.org/feed").unwrap(), None);
    s.put_validators(
        "https://e.org/feed",
        Some("\"abc\""),
        None,
        "2024-08-25T10:00:00Z",
    )
    .unwrap();
    s.put_validators(
        "https://e.org/feed",
        Some("\"def\""),
        Some("Sun, 25 Aug 2024 10:00:00 GMT"),
        "2024-08-26T10:00:00Z",
    )
    .unwrap();
    let v = s.get_validators("https://e.org/feed").unwrap().unwrap();
    assert_eq!(v.etag.as_deref(), Some("\"def\""));
    assert_eq!(
        v.last_modified.as_deref(),
        Some("Sun, 25 Aug 2024 10:00:00 GMT")
    );
    assert_eq!(v.fetched_at, "2024-08-26T10:00:00Z");
}

fn resolver_links_choose_the_entity() {
    let mut s = mem();
    upsert(&mut s, &article("a"));
    let z = s.find_entity("Zakayev").unwrap().unwrap();
    // A resolver says the "Zakaev" of another article is the same person.
    let text = "Zakaev said nothing.";
    let mut d = Document::new(DocMeta::new("b"), text).unwrap();
    d.set_entities(Layer::new(
        producer("ner"),
        vec![doc::Mention {
            range: find(text, "Zakaev"),
            label: EntityLabel::Per,
            fine_label: None,
            confidence: 0.9,
            entity: None,
        }],
    ))
    .unwrap();
    let links = store::EntityLinks {
        mentions: vec![Some(store::EntityRef::Id(z))],
        speakers: vec![],
        ..Default::default()
    };
    s.upsert_document_with(&d, &text_hash(&d), &links).unwrap();
    let e = s.entity(z).unwrap().unwrap();
    assert_eq!(e.mention_count, 3);
    assert!(e.aliases.contains(&"Zakaev".to_string()));
    assert_eq!(s.find_entity("zakaev").unwrap(), Some(z));
    // an unknown id is refused and nothing is written
    let bad = store::EntityLinks {
        mentions: vec![Some(store::EntityRef::Id(store::EntityId(777)))],
        speakers: vec![],
        ..Default::default()
    };
    let mut d2 = d.clone();
    d2.meta.id = "c".into();
    d2.meta.url = Some("https://example.org/c".into());
    let mut d2 = Document::new(d2.meta.clone(), "Zakaev said more.").unwrap();
    d2.set_entities(Layer::new(
        producer("ner"),
        vec![doc::Mention {
            range: TextRange::new(0, 6),
            label: EntityLabel::Per,
            fine_label: None,
            confidence: 0.9,
            entity: None,
        }],
    ))
    .unwrap();
    let err = s
        .upsert_document_with(&d2, &text_hash(&d2), &bad)
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownEntity(777)));
    assert_eq!(s.document_count().unwrap(), 2);
}

fn fact_summaries_aggregate_support_and_keep_contradictions() {
    let mut s = mem();
    upsert(&mut s, &article("a"));
    let mut b = small_doc("b", 2, 1);
    b.meta.published = Some("2025-01-02".into());
    let b = upsert(&mut s, &b).id();
    let z = s.find_entity("Zakayev").unwrap().unwrap();
    let ich = s.find_entity("Ichkeria").unwrap().unwrap();
    let role = |value: &str| Fact {
        subject: z,
        predicate: "holds_role".into(),
        object_entity: Some(ich),
        object_value: Some(value.into()),
        valid_from: None,
        valid_to: None,
        status: None,
        doc: b,
        range: TextRange::new(0, 8),
        producer: "manual@1".into(),
        confidence: 0.4,
    };
    let f1 = s.add_fact(&role("prime minister")).unwrap();
    s.add_fact(&role("president")).unwrap();
    let sums = s.fact_summaries(Some(z), 10).unwrap();
    assert_eq!(sums.len(), 3);
    let top = &sums[0];
    assert_eq!(top.object_value.as_deref(), Some("prime minister"));
    assert_eq!(top.support, 2);
    assert_eq!(top.first_seen.as_deref(), Some("2024-08-25"));
    assert_eq!(top.last_seen.as_deref(), Some("2025-01-02"));
    assert_eq!(top.facts.len(), 2);
    assert!(top.facts.contains(&f1));
    assert!((top.max_confidence - 0.8).abs() < 1e-6);
    assert!(
        sums.iter()
            .any(|f| f.object_value.as_deref() == Some("president") && f.support == 1)
    );
    assert!(sums.iter().any(|f| f.predicate == "located_in"));
}

fn export_pages_through_many_documents() {
    let mut s = mem();
    for i in 0..300 {
        let d = Document::new(DocMeta::new(format!("d{i}")), format!("Text number {i}.")).unwrap();
        upsert(&mut s, &d);
    }
    let ids: Vec<DocId> = s.documents().map(|r| r.unwrap().0).collect();
    assert_eq!(ids.len(), 300);
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(
        s.for_each_document(|_, _| Ok::<(), StoreError>(()))
            .unwrap(),
        300
    );
}

fn curation_moves_rows_records_events_and_hides_suppressed_entities() {
    let mut s = mem();
    let d = article("a");
    let mut links = links(&d);
    links.notes.push(store::LinkNote {
        target: store::EntityRef::Key {
            name: "Akhmed Zakayev".into(),
            label: EntityLabel::Per,
        },
        name: "Zakayev".into(),
        reason: "surname of 'Akhmed Zakayev' in the same document".into(),
        rename_to: None,
    });
    s.upsert_document_with(&d, &text_hash(&d), &links).unwrap();
    let z = s.find_entity("Akhmed Zakayev").unwrap().unwrap();
    let detail = s.entity_detail(z, 10).unwrap().unwrap();
    assert_eq!(detail.merges.len(), 1);
    assert_eq!(detail.merges[0].docs, 1);
    assert_eq!(detail.merges[0].event, None);

    // split the surname off: its mention and the fact built on it move
    let split = s.split_alias(z, "Zakayev").unwrap();
    let frag = split.entity.id;
    assert_eq!(
        (split.entity.name.as_str(), split.moved_mentions),
        ("Zakayev", 1)
    );
    assert_eq!(s.entity(z).unwrap().unwrap().mention_count, 1);
    let moved: Vec<String> = s
        .facts(Some(frag), 10)
        .unwrap()
        .into_iter()
        .map(|f| f.predicate)
        .collect();
    assert_eq!(moved, vec!["located_in".to_string()]);
    assert!(
        s.entity_detail(frag, 10)
            .unwrap()
            .unwrap()
            .merges
            .iter()
            .any(|m| m.reason == "split by hand from 'Akhmed Zakayev'"
                && m.event == Some(split.event))
    );

    // and merge it back
    let merged = s.merge_entities(z, frag).unwrap();
    assert_eq!(merged.moved_mentions, 1);
    assert!(s.entity(frag).unwrap().is_none());
    assert_eq!(s.entity(z).unwrap().unwrap().mention_count, 2);
    assert_eq!(s.facts(Some(z), 10).unwrap().len(), 2);
    assert!(s.merge_entities(z, z).is_err());

    // suppress: gone from lists, quotes and lookups, but still there for curation
    let m = s.find_entity("Magaletsky").unwrap().unwrap();
    assert_eq!(s.quotes(None, 10).unwrap().len(), 2);
    s.suppress_entity(m).unwrap();
    assert_eq!(s.quotes(None, 10).unwrap().len(), 1);
    assert!(s.entities(10, None).unwrap().iter().all(|e| e.id != m));
    assert_eq!(s.find_entity("Oleg Magaletsky").unwrap(), None);
    assert_eq!(s.find_any_entity("Oleg Magaletsky").unwrap(), Some(m));

    // rename: refused onto another entity's name, else kept and pinned
    let err = s.rename_entity(z, "Oleg Magaletsky").unwrap_err();
    assert!(err.is_user_error(), "{err}");
    s.rename_entity(z, "Akhmed Khalidovich Zakayev").unwrap();
    let key = store::resolve::name_key("Akhmed Khalidovich Zakayev", EntityLabel::Per);
    let pinned = s.pinned_entity(&key, EntityLabel::Per).unwrap();
    assert_eq!(pinned.map(|p| p.0), Some(z));
    let kinds: Vec<String> = s
        .curation_events()
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, vec!["split", "merge", "suppress", "rename"]);
    // the same document again: unchanged, and the corrections stand
    assert!(matches!(upsert(&mut s, &d), Upsert::Unchanged(_)));
    assert_eq!(
        s.entity(z).unwrap().unwrap().name,
        "Akhmed Khalidovich Zakayev"
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

fn a_fact_stands_in_for_the_expression_that_dates_it() {
    let mut s = mem();
    let d = article("a");
    let text = d.text().to_string();
    let doc = upsert(&mut s, &d).id();
    let g = s.find_entity("Grozny").unwrap().unwrap();
    let before = s.timeline(Some(g), 10).unwrap();
    assert!(
        before
            .iter()
            .any(|t| t.kind == "timex" && t.value == "1994")
    );
    // "In 1994, tanks rolled into Grozny." dates a fact of the same sentence.
    let sentence = common::find(&text, "In 1994, tanks rolled into Grozny.");
    s.add_fact(&Fact {
        subject: g,
        predicate: "part_of".into(),
        object_value: Some("Russian Federation".into()),
        valid_from: Some("1994".into()),
        range: sentence,
        ..fact(doc, g)
    })
    .unwrap();
    let after = s.timeline(Some(g), 10).unwrap();
    let at_1994: Vec<&str> = after
        .iter()
        .filter(|t| t.value == "1994")
        .map(|t| t.kind.as_str())
        .collect();
    assert_eq!(at_1994, vec!["fact"]);
    // the expression gave way to the fact: one item for one event
    assert_eq!(after.len(), before.len());
}
}

/// Two writers at once into one PostgreSQL database, each in write batches: every document
/// lands once, and the entities they share are one entity each (the writers' advisory lock).
#[test]
fn concurrent_writers_share_one_postgres_database() {
    common::on_postgres("concurrent_writers_share_one_postgres_database", || {
        let url = fresh_pg_database();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let url = url.clone();
                std::thread::spawn(move || {
                    let mut s = Store::open(&url).unwrap();
                    for batch in 0..3 {
                        s.begin_batch().unwrap();
                        for i in 0..5 {
                            let d = small_doc(&format!("w{w}-b{batch}-{i}"), 4, 2);
                            put(&mut s, &d).unwrap();
                        }
                        s.commit_batch().unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let s = Store::open(&url).unwrap();
        let mut one = Store::open_in_memory().unwrap();
        for w in 0..2 {
            for batch in 0..3 {
                for i in 0..5 {
                    let d = small_doc(&format!("w{w}-b{batch}-{i}"), 4, 2);
                    put(&mut one, &d).unwrap();
                }
            }
        }
        assert_eq!(s.document_count().unwrap(), 30);
        assert_eq!(s.stats().unwrap(), one.stats().unwrap());
    });
}
