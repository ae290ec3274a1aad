//! Unit tests that need the store's insides: the failure-injection hook and the SQL checks.

use crate::{DocId, EntityId, EntityLinks, EntityRef, Store, StoreError, Upsert};
use doc::{DocMeta, Document, EntityLabel, Layer, Mention, Producer, TextRange};

fn doc_with_mentions(key: &str, text: &str, names: &[&str]) -> Document {
    let mut d = Document::new(DocMeta::new(key), text).unwrap();
    let mentions = names
        .iter()
        .map(|n| {
            let s = text.find(n).unwrap();
            Mention {
                range: TextRange::from_usize(s, s + n.len()),
                label: EntityLabel::Per,
                fine_label: None,
                confidence: 0.9,
                entity: None,
            }
        })
        .collect();
    d.set_entities(Layer::new(Producer::new("ner", "1"), mentions))
        .unwrap();
    d
}

/// Links written out by the test: each mention of these fixtures names its own entity
/// (`EntityRef::Key` of its text), and each quote's speaker is the entity of mention `speakers[i]`.
fn links(d: &Document, speakers: &[Option<usize>]) -> EntityLinks {
    let mentions: Vec<Option<EntityRef>> = d
        .entity_items()
        .iter()
        .map(|m| {
            Some(EntityRef::Key {
                name: d.slice(m.range).to_string(),
                label: m.label,
            })
        })
        .collect();
    let speakers = speakers
        .iter()
        .map(|s| s.and_then(|i| mentions.get(i).cloned().flatten()))
        .collect();
    EntityLinks {
        mentions,
        speakers,
        notes: Vec::new(),
    }
}

/// Upserts `d` with [`links`] (no quote speakers).
fn put(s: &mut Store, d: &Document, text_hash: &str) -> Result<Upsert, StoreError> {
    s.upsert_document_with(d, text_hash, &links(d, &[]))
}

/// What a build before schema version 7 also had: the `norm` columns (lower-cased names, as
/// version 6 wrote them, near enough for a migration test) and their index. A test that turns
/// a current store back into an older one adds them before lowering `user_version`.
const NORM_COLUMNS: &str = "ALTER TABLE entities ADD COLUMN norm TEXT;
    UPDATE entities SET norm = lower(name);
    ALTER TABLE aliases ADD COLUMN norm TEXT;
    UPDATE aliases SET norm = lower(alias);
    CREATE INDEX aliases_norm ON aliases(norm);";

fn count(s: &Store, table: &str) -> i64 {
    s.conn
        .query_row(&format!("SELECT count(*) FROM {table}"), (), |r| r.get(0))
        .unwrap()
}

const TABLES: [&str; 9] = [
    "documents",
    "doc_keys",
    "layers",
    "mentions",
    "entities",
    "aliases",
    "quotes",
    "timexes",
    "facts",
];

#[test]
fn a_failure_mid_document_leaves_no_partial_rows() {
    let mut s = Store::open_in_memory().unwrap();
    let d = doc_with_mentions("a", "Ann met Bob and Cy.", &["Ann", "Bob", "Cy"]);
    // layers row, then 3 mentions: fail on the second mention
    s.fail_after_rows(Some(2));
    let err = put(&mut s, &d, "h-a").unwrap_err();
    assert!(matches!(err, StoreError::Injected));
    for t in TABLES {
        assert_eq!(count(&s, t), 0, "{t}");
    }
    assert_eq!(s.search("Ann", 5).unwrap().len(), 0);
    // the hook is spent: the same upsert now succeeds
    let id = put(&mut s, &d, "h-a").unwrap();
    assert!(matches!(id, Upsert::Inserted(_)));
    let before: Vec<i64> = TABLES.iter().map(|t| count(&s, t)).collect();

    // An update that fails midway leaves the old version whole.
    let d2 = doc_with_mentions("a", "Dee met Eve and Fay.", &["Dee", "Eve", "Fay"]);
    s.fail_after_rows(Some(3));
    assert!(put(&mut s, &d2, "h-b").is_err());
    let after: Vec<i64> = TABLES.iter().map(|t| count(&s, t)).collect();
    assert_eq!(before, after);
    assert_eq!(
        s.document(id.id()).unwrap().unwrap().text(),
        "Ann met Bob and Cy."
    );
    assert_eq!(s.search("Ann", 5).unwrap().len(), 1);
    assert_eq!(s.search("Dee", 5).unwrap().len(), 0);
    assert_eq!(put(&mut s, &d2, "h-b").unwrap(), Upsert::Updated(id.id()));
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn sql_refuses_facts_without_provenance() {
    let mut s = Store::open_in_memory().unwrap();
    let d = doc_with_mentions("a", "Ann met Bob.", &["Ann", "Bob"]);
    let DocId(doc) = s
        .upsert_document_with(&d, "h", &links(&d, &[]))
        .unwrap()
        .id();
    let ent: i64 = s
        .conn
        .query_row("SELECT min(id) FROM entities", (), |r| r.get(0))
        .unwrap();
    let insert = |producer: Option<&str>, conf: Option<f64>, doc_id: Option<i64>, end: i64| {
        s.conn.execute(
            "INSERT INTO facts(subject_entity_id, predicate, doc_id, start, end, producer,
               confidence, created_seq) VALUES (?1, 'knows', ?2, 0, ?3, ?4, ?5, 0)",
            crate::sql::params![ent, doc_id, end, producer, conf],
        )
    };
    assert!(insert(Some("t@1"), Some(0.5), Some(doc), 3).is_ok());
    assert!(insert(None, Some(0.5), Some(doc), 3).is_err());
    assert!(insert(Some(" "), Some(0.5), Some(doc), 3).is_err());
    assert!(insert(Some("t@1"), None, Some(doc), 3).is_err());
    assert!(insert(Some("t@1"), Some(2.0), Some(doc), 3).is_err());
    assert!(insert(Some("t@1"), Some(0.5), None, 3).is_err());
    assert!(insert(Some("t@1"), Some(0.5), Some(doc + 100), 3).is_err());
    assert!(insert(Some("t@1"), Some(0.5), Some(doc), -1).is_err());
    assert_eq!(count(&s, "facts"), 1);
}

#[test]
fn speaker_links_follow_quotes() {
    let text = "“Go,” Ann said.";
    let mut d = doc_with_mentions("q", text, &["Ann"]);
    let ann = TextRange::from_usize(text.find("Ann").unwrap(), text.find("Ann").unwrap() + 3);
    d.set_quotes(Layer::new(
        Producer::new("quote", "1"),
        vec![doc::Quote {
            range: TextRange::from_usize(3, 6),
            direct: true,
            speaker: Some(ann),
            cue: None,
            speaker_entity: None,
            confidence: 0.9,
            time: None,
            time_evidence: None,
            kind: None,
        }],
    ))
    .unwrap();
    let mut s = Store::open_in_memory().unwrap();
    s.upsert_document_with(&d, "hq", &links(&d, &[Some(0)]))
        .unwrap();
    let ann_id = s.find_entity("ann").unwrap().unwrap();
    let q = s.quotes(Some(ann_id), 5).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "Go,");
    assert_eq!(q[0].sentence, text);
}

#[test]
fn odd_layer_data_is_stored_without_failing() {
    let text = "Ann met Bob.";
    let mut d = doc_with_mentions("odd", text, &["Ann", "Bob"]);
    d.set_relations(Layer::new(
        Producer::new("relate", "1"),
        vec![
            // subject index out of range: not a fact
            doc::Relation {
                subject: 99,
                predicate: "knows".into(),
                object: Some(1),
                object_value: None,
                evidence: TextRange::new(0, 12),
                confidence: 0.5,
                valid_from: None,
                valid_to: None,
                status: None,
            },
            // empty predicate: not a fact
            doc::Relation {
                subject: 0,
                predicate: " ".into(),
                object: Some(1),
                object_value: None,
                evidence: TextRange::new(0, 12),
                confidence: 0.5,
                valid_from: None,
                valid_to: None,
                status: None,
            },
            // NaN and out-of-range confidences are clamped
            doc::Relation {
                subject: 0,
                predicate: "knows".into(),
                object: Some(1),
                object_value: None,
                evidence: TextRange::new(0, 12),
                confidence: f32::NAN,
                valid_from: None,
                valid_to: None,
                status: None,
            },
            doc::Relation {
                subject: 1,
                predicate: "knows".into(),
                object: Some(0),
                object_value: None,
                evidence: TextRange::new(0, 12),
                confidence: 7.0,
                valid_from: None,
                valid_to: None,
                status: None,
            },
        ],
    ))
    .unwrap();
    let mut s = Store::open_in_memory().unwrap();
    put(&mut s, &d, "h-odd").unwrap();
    let facts = s.facts(None, 10).unwrap();
    let confs: Vec<f32> = facts.iter().map(|f| f.confidence).collect();
    assert_eq!(confs, vec![0.0, 1.0]);
    assert_eq!(facts[0].evidence, text);
    assert_eq!(count(&s, "facts"), 2);
}

#[test]
fn integrity_check_sees_an_fts_index_out_of_sync() {
    let mut s = Store::open_in_memory().unwrap();
    let d = doc_with_mentions("a", "Ann met Bob.", &["Ann", "Bob"]);
    put(&mut s, &d, "h").unwrap();
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    s.conn
        .execute_batch("DROP TRIGGER documents_fts_au; UPDATE documents SET text = 'Changed behind the index.';")
        .unwrap();
    let report = s.integrity_check().unwrap();
    assert!(
        report.iter().any(|l| l.starts_with("fts documents_fts")),
        "{report:?}"
    );
}

#[test]
fn a_version_1_database_is_migrated_and_its_keys_backfilled() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(crate::schema::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute_batch(
            "INSERT INTO entities(id, name, type, norm, created_seq)
               VALUES (1, 'Akhmed Zakayev', 'PER', 'akhmed zakayev', 1);
             INSERT INTO aliases(entity_id, alias, norm, count) VALUES (1, 'Zakayev', 'zakayev', 2);",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), crate::SCHEMA_VERSION);
    let (key, surname): (String, String) = s
        .conn
        .query_row("SELECT key, surname FROM entities WHERE id = 1", (), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((key.as_str(), surname.as_str()), ("ahmed zakaev", "zakaev"));
    // the resolver's candidate lookup finds it by a transliterated surname
    let c = s
        .resolution_candidates(EntityLabel::Per, &[], &["zakaev".to_string()], &[])
        .unwrap();
    assert_eq!(c.len(), 1);
    assert_eq!(c[0].name, "Akhmed Zakayev");
    assert_eq!(c[0].aliases, vec!["Zakayev".to_string()]);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn a_version_2_database_gets_quote_times_and_keeps_its_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let mut s = Store::open(&path).unwrap();
        let mut d = doc_with_mentions("a", "Ann said it. “We won,” Ann said in March.", &["Ann"]);
        d.set_quotes(Layer::new(
            Producer::new("quote", "1"),
            vec![doc::Quote {
                range: TextRange::from_usize(16, 23),
                direct: true,
                speaker: None,
                cue: None,
                speaker_entity: None,
                confidence: 0.9,
                time: Some("2024-03".into()),
                time_evidence: Some(TextRange::from_usize(39, 44)),
                kind: None,
            }],
        ))
        .unwrap();
        put(&mut s, &d, "h").unwrap();
        // Back to what a version 2 build wrote: no time columns.
        s.conn.execute_batch(NORM_COLUMNS).unwrap();
        s.conn
            .execute_batch(
                "DROP INDEX quotes_time;
                 ALTER TABLE quotes DROP COLUMN time_value;
                 ALTER TABLE quotes DROP COLUMN time_start;
                 ALTER TABLE quotes DROP COLUMN time_end;
                 ALTER TABLE facts DROP COLUMN status;
                 ALTER TABLE quotes DROP COLUMN kind;
                 ALTER TABLE timexes DROP COLUMN anchor;
                 ALTER TABLE timexes DROP COLUMN anchor_start;
                 ALTER TABLE timexes DROP COLUMN anchor_end;
                 ALTER TABLE timexes DROP COLUMN range_to_start;
                 ALTER TABLE timexes DROP COLUMN range_to_end;
                 ALTER TABLE timexes DROP COLUMN duration;
                 PRAGMA user_version = 2;",
            )
            .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), crate::SCHEMA_VERSION);
    let q = s.quotes(None, 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].text, "We won,");
    assert_eq!(
        (q[0].time.as_deref(), q[0].time_text.as_deref()),
        (None, None)
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn quote_times_survive_the_round_trip_through_the_store() {
    let mut s = Store::open_in_memory().unwrap();
    let mut d = doc_with_mentions("a", "Ann said it. “We won,” Ann said in March.", &["Ann"]);
    let quote = doc::Quote {
        range: TextRange::from_usize(16, 23),
        direct: true,
        speaker: None,
        cue: None,
        speaker_entity: None,
        confidence: 0.9,
        time: Some("2024-03".into()),
        time_evidence: Some(TextRange::from_usize(39, 44)),
        kind: Some(doc::QuoteKind::Direct),
    };
    d.set_quotes(Layer::new(Producer::new("quote", "1"), vec![quote.clone()]))
        .unwrap();
    let id = put(&mut s, &d, "h").unwrap().id();
    let back = s.document(id).unwrap().unwrap();
    assert_eq!(back.quote_items(), &[quote]);
    assert_eq!(back.slice(TextRange::from_usize(39, 44)), "March");
}

#[test]
fn curation_tables_refuse_bad_rows() {
    let s = Store::open_in_memory().unwrap();
    assert!(
        s.conn
            .execute(
                "INSERT INTO curation_events(kind, args) VALUES ('explode', '{}')",
                ()
            )
            .is_err()
    );
    assert!(
        s.conn
            .execute(
                "INSERT INTO curation_events(kind, args) VALUES ('merge', 'not json')",
                ()
            )
            .is_err()
    );
}

#[test]
fn an_interrupter_stops_a_running_statement_from_another_thread() {
    let s = Store::open_in_memory().expect("store");
    let stop = s.interrupter();
    let t = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(100));
        stop.interrupt();
    });
    let started = std::time::Instant::now();
    // Counts to a billion: minutes, unless interrupted.
    let r: Result<i64, StoreError> = s.conn.query_row(
        "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000000000)
             SELECT count(*) FROM c",
        (),
        |r| r.get(0),
    );
    t.join().expect("join");
    let err = r.expect_err("interrupted");
    assert!(err.is_interrupted(), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // The next statement runs normally.
    assert!(s.stats().is_ok());
}

/// "Ann, the former chair of Bobco, said it." with `Ann holds_role chair of Bobco` and the
/// relation's status.
fn doc_with_former_role(key: &str, status: Option<&str>) -> (Document, doc::Relation) {
    let text = "Ann, the former chair of Bobco, said it.";
    let mut d = doc_with_mentions(key, text, &["Ann", "Bobco"]);
    let rel = doc::Relation {
        subject: 0,
        predicate: "holds_role".into(),
        object: Some(1),
        object_value: Some("chair".into()),
        evidence: TextRange::from_usize(0, text.len()),
        confidence: 0.8,
        valid_from: None,
        valid_to: None,
        status: status.map(str::to_string),
    };
    d.set_relations(Layer::new(Producer::new("relate", "1"), vec![rel.clone()]))
        .unwrap();
    (d, rel)
}

#[test]
fn a_relations_status_survives_the_store_and_the_rebuild() {
    let mut s = Store::open_in_memory().unwrap();
    let (d, rel) = doc_with_former_role("a", Some("former"));
    let id = put(&mut s, &d, "h").unwrap().id();
    // the rebuilt document has the relation as it was given, status included
    let back = s.document(id).unwrap().unwrap();
    assert_eq!(
        back.relations().map(|l| l.items.as_slice()),
        Some(&[rel][..])
    );
    // and the fact rows, the summaries and `show`'s aggregation read it
    let ann = s.find_entity("Ann").unwrap().unwrap();
    let rows = s.facts(Some(ann), 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status.as_deref(), Some("former"));
    let sums = s.fact_summaries(Some(ann), 10).unwrap();
    assert_eq!(sums[0].status.as_deref(), Some("former"));
    let sections = s.entity_facts(ann, 10).unwrap();
    let f = &sections[0].facts[0];
    assert_eq!(f.status.as_deref(), Some("former"));
    assert_eq!(f.text, "formerly held role “chair” of Bobco");
    assert_eq!(f.evidence[0].status.as_deref(), Some("former"));
}

#[test]
fn a_version_3_database_gets_fact_status_and_keeps_its_facts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let mut s = Store::open(&path).unwrap();
        // what a version 3 pipeline gave: no status
        let (d, _) = doc_with_former_role("a", None);
        put(&mut s, &d, "h").unwrap();
        // Back to what a version 3 build wrote: no status column.
        s.conn.execute_batch(NORM_COLUMNS).unwrap();
        s.conn
            .execute_batch(
                "ALTER TABLE facts DROP COLUMN status;
                 ALTER TABLE quotes DROP COLUMN kind;
                 ALTER TABLE timexes DROP COLUMN anchor;
                 ALTER TABLE timexes DROP COLUMN anchor_start;
                 ALTER TABLE timexes DROP COLUMN anchor_end;
                 ALTER TABLE timexes DROP COLUMN range_to_start;
                 ALTER TABLE timexes DROP COLUMN range_to_end;
                 ALTER TABLE timexes DROP COLUMN duration;
                 PRAGMA user_version = 3;",
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), crate::SCHEMA_VERSION);
    assert_eq!(crate::SCHEMA_VERSION, 7);
    let ann = s.find_entity("Ann").unwrap().unwrap();
    let rows = s.facts(Some(ann), 10).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].status, None);
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    // ingested again by a pipeline that reads "former", the document's facts get their status
    let (d, _) = doc_with_former_role("a", Some("former"));
    put(&mut s, &d, "h2").unwrap();
    let rows = s.facts(Some(ann), 10).unwrap();
    assert_eq!(rows[0].status.as_deref(), Some("former"));
    // an empty status is refused by the schema
    assert!(
        s.conn
            .execute("UPDATE facts SET status = '  '", ())
            .is_err()
    );
}

#[test]
fn a_version_4_database_gets_quote_kinds_and_keeps_its_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let quote = |kind| doc::Quote {
        range: TextRange::from_usize(16, 23),
        direct: true,
        speaker: None,
        cue: None,
        speaker_entity: None,
        confidence: 0.9,
        time: None,
        time_evidence: None,
        kind,
    };
    {
        let mut s = Store::open(&path).unwrap();
        let mut d = doc_with_mentions("a", "Ann said it. “We won,” Ann said in March.", &["Ann"]);
        d.set_quotes(Layer::new(Producer::new("quote", "1"), vec![quote(None)]))
            .unwrap();
        put(&mut s, &d, "h").unwrap();
        // Back to what a version 4 build wrote: no kind column.
        s.conn.execute_batch(NORM_COLUMNS).unwrap();
        s.conn
            .execute_batch(
                "ALTER TABLE quotes DROP COLUMN kind;
                 ALTER TABLE timexes DROP COLUMN anchor;
                 ALTER TABLE timexes DROP COLUMN anchor_start;
                 ALTER TABLE timexes DROP COLUMN anchor_end;
                 ALTER TABLE timexes DROP COLUMN range_to_start;
                 ALTER TABLE timexes DROP COLUMN range_to_end;
                 ALTER TABLE timexes DROP COLUMN duration;
                 PRAGMA user_version = 4;",
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), crate::SCHEMA_VERSION);
    let q = s.quotes(None, 10).unwrap();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].kind, None);
    let id = q[0].doc.id;
    assert_eq!(s.document(id).unwrap().unwrap().quote_items()[0].kind, None);
    // Ingested again, the quote has its kind; a kind outside the list is refused by the schema.
    let mut d = doc_with_mentions("a", "Ann said it. “We won,” Ann said in March.", &["Ann"]);
    d.set_quotes(Layer::new(
        Producer::new("quote", "1"),
        vec![quote(Some(doc::QuoteKind::Designation))],
    ))
    .unwrap();
    let id = put(&mut s, &d, "h2").unwrap().id();
    assert_eq!(
        s.document(id).unwrap().unwrap().quote_items()[0].kind,
        Some(doc::QuoteKind::Designation)
    );
    assert_eq!(
        s.quotes(None, 10).unwrap()[0].kind.as_deref(),
        Some("designation")
    );
    assert!(
        s.conn
            .execute("UPDATE quotes SET kind = 'rumour'", ())
            .is_err()
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn a_version_5_database_gets_timex_anchors_and_keeps_its_timexes() {
    use doc::{Timex, TimexAnchor, TimexRangeEnd, TimexType};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    let text = "Ann spoke in 1915-17. In March, Ann left.";
    let timexes = |anchored: bool| {
        let r = |a: usize, b: usize| TextRange::from_usize(a, b);
        let mut first = Timex::new(r(13, 17), TimexType::Date, "1915");
        let mut march = Timex::new(r(25, 30), TimexType::Date, "1917-03");
        if anchored {
            first.span_to = Some(TimexRangeEnd {
                to: r(18, 20),
                duration: "P3Y".into(),
            });
            march.anchor = Some(TimexAnchor::Expression(r(18, 20)));
        }
        vec![first, Timex::new(r(18, 20), TimexType::Date, "1917"), march]
    };
    {
        let mut s = Store::open(&path).unwrap();
        let mut d = doc_with_mentions("a", text, &["Ann"]);
        d.set_timexes(Layer::new(Producer::new("timex", "1"), timexes(false)))
            .unwrap();
        put(&mut s, &d, "h").unwrap();
        // Back to what a version 5 build wrote: no anchor or range columns.
        s.conn.execute_batch(NORM_COLUMNS).unwrap();
        s.conn
            .execute_batch(
                "ALTER TABLE timexes DROP COLUMN anchor;
                 ALTER TABLE timexes DROP COLUMN anchor_start;
                 ALTER TABLE timexes DROP COLUMN anchor_end;
                 ALTER TABLE timexes DROP COLUMN range_to_start;
                 ALTER TABLE timexes DROP COLUMN range_to_end;
                 ALTER TABLE timexes DROP COLUMN duration;
                 PRAGMA user_version = 5;",
            )
            .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), crate::SCHEMA_VERSION);
    let id = s.documents().next().unwrap().unwrap().0;
    assert_eq!(
        s.document(id).unwrap().unwrap().timex_items(),
        &timexes(false)[..]
    );
    // Ingested again, the expressions carry their anchor and range; an unknown anchor kind is
    // refused by the schema.
    let mut d = doc_with_mentions("a", text, &["Ann"]);
    d.set_timexes(Layer::new(Producer::new("timex", "1"), timexes(true)))
        .unwrap();
    put(&mut s, &d, "h2").unwrap();
    assert_eq!(
        s.document(id).unwrap().unwrap().timex_items(),
        &timexes(true)[..]
    );
    assert!(
        s.conn
            .execute("UPDATE timexes SET anchor = 'clock'", ())
            .is_err()
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
}

#[test]
fn a_version_6_database_keeps_its_entities_under_one_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for m in &crate::schema::MIGRATIONS[..6] {
            c.execute_batch(m).unwrap();
        }
        c.pragma_update(None, "user_version", 6).unwrap();
        // Two spellings of one name as two entities (their `norm` differs, their key does not),
        // the second split off by hand: its key pinned to it.
        c.execute_batch(
            "INSERT INTO documents(id, doc_key, text, text_hash, content_hash, created_seq, updated_seq)
               VALUES (1, 'd', 'Ahmed Zakaev met Akhmed Zakayev.', 'h', 'c', 1, 1);
             INSERT INTO producers(id, annotator, version) VALUES (1, 'ner', '1');
             INSERT INTO entities(id, name, type, norm, created_seq, key, surname, curated)
               VALUES (1, 'Akhmed Zakayev', 'PER', 'akhmed zakayev', 1, 'ahmed zakaev', 'zakaev', 0),
                      (2, 'Ahmed Zakaev', 'PER', 'ahmed zakaev', 2, 'ahmed zakaev', 'zakaev', 1);
             INSERT INTO aliases(entity_id, alias, norm, count, key, surname)
               VALUES (1, 'Akhmed Zakayev', 'akhmed zakayev', 1, 'ahmed zakaev', 'zakaev'),
                      (2, 'Ahmed Zakaev', 'ahmed zakaev', 1, 'ahmed zakaev', 'zakaev');
             INSERT INTO mentions(id, doc_id, ord, start, end, label, confidence, entity_id, surface, producer_id)
               VALUES (1, 1, 0, 0, 12, 'PER', 0.9, 2, 'Ahmed Zakaev', 1),
                      (2, 1, 1, 17, 31, 'PER', 0.9, 1, 'Akhmed Zakayev', 1);
             INSERT INTO curation_events(seq, kind, args) VALUES (1, 'split', '{}');
             INSERT INTO curated_names(key, type, entity_id, rule, event_seq)
               VALUES ('ahmed zakaev', 'PER', 2, 'pin', 1);
             INSERT INTO entity_evidence(entity_id, name, reason, event_seq, created_seq)
               VALUES (2, 'Ahmed Zakaev', 'split by hand', 1, 2);",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), 7);
    for (table, n) in [
        ("entities", 2),
        ("aliases", 2),
        ("mentions", 2),
        ("curated_names", 1),
        ("entity_evidence", 1),
    ] {
        assert_eq!(count(&s, table), n, "{table}");
    }
    let columns = |table: &str| -> Vec<String> {
        let mut stmt = s
            .conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
            .unwrap();
        stmt.query_map((), |r| r.get::<String>(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    assert!(!columns("entities").contains(&"norm".to_string()));
    assert!(!columns("aliases").contains(&"norm".to_string()));
    let names: Vec<(i64, String, bool)> = s
        .conn
        .prepare("SELECT id, name, curated FROM entities ORDER BY id")
        .unwrap()
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        names,
        vec![
            (1, "Akhmed Zakayev".to_string(), false),
            (2, "Ahmed Zakaev".to_string(), true)
        ]
    );
    assert_eq!(s.integrity_check().unwrap(), vec!["ok".to_string()]);
    // Foreign keys are enforced again: an entity that mentions still name cannot go.
    let fk: i64 = s
        .conn
        .query_row("PRAGMA foreign_keys", (), |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    assert!(
        s.conn
            .execute("DELETE FROM entities WHERE id = 1", ())
            .is_err()
    );
    // A name links by its key, to the entity with exactly that name first.
    let d = doc_with_mentions(
        "e",
        "Akhmed Zakayev, Ahmed Zakaev and AKHMED ZAKAEV.",
        &["Akhmed Zakayev", "Ahmed Zakaev", "AKHMED ZAKAEV"],
    );
    put(&mut s, &d, "he").unwrap();
    let linked: Vec<Option<i64>> = s
        .conn
        .prepare("SELECT entity_id FROM mentions WHERE doc_id = 2 ORDER BY ord")
        .unwrap()
        .query_map((), |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(linked, vec![Some(1), Some(2), Some(1)]);
    assert_eq!(count(&s, "entities"), 2);
}

#[test]
fn a_name_key_blocked_by_hand_makes_a_new_entity() {
    let mut s = Store::open_in_memory().unwrap();
    let d = doc_with_mentions("a", "Ann Lee met Anne Lee.", &["Ann Lee", "Anne Lee"]);
    // Both mentions linked to one entity (a resolver's slip), then split apart by hand.
    let one = EntityRef::Key {
        name: "Ann Lee".into(),
        label: EntityLabel::Per,
    };
    let both = EntityLinks {
        mentions: vec![Some(one.clone()), Some(one)],
        speakers: Vec::new(),
        notes: Vec::new(),
    };
    s.upsert_document_with(&d, "h", &both).unwrap();
    let ann = s.find_entity("Ann Lee").unwrap().unwrap();
    let anne = s.split_alias(ann, "Anne Lee").unwrap().entity.id;
    assert_ne!(ann, anne);
    // Another spelling of each name links by key: "ANNE LEE" to the split-off entity, never
    // back to the one its key is blocked from.
    let d2 = doc_with_mentions("b", "ANNE LEE and Ann Lee's.", &["ANNE LEE", "Ann Lee"]);
    put(&mut s, &d2, "h2").unwrap();
    let linked: Vec<Option<EntityId>> = s
        .conn
        .prepare("SELECT entity_id FROM mentions WHERE doc_id = 2 ORDER BY ord")
        .unwrap()
        .query_map((), |r| Ok(r.get::<Option<i64>>(0)?.map(EntityId)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(linked, vec![Some(anne), Some(ann)]);
    assert_eq!(s.find_entity("anne lee").unwrap(), Some(anne));
    // Renaming one entity to a name with the other's key is refused: one key, one entity.
    assert!(matches!(
        s.rename_entity(ann, "ANNE  LEE"),
        Err(StoreError::Curation(_))
    ));
}
