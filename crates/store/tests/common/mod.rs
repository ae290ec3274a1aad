//! Hand-written fixture documents shared by the store's integration tests.
#![allow(dead_code)]

use doc::{
    CorefChain, DocMeta, Document, EntityLabel, Layer, Mention, PosTag, Producer, Quote, Relation,
    Sentence, TextRange, Timex, TimexType, Token,
};

pub fn producer(name: &str) -> Producer {
    Producer::new(name, "1")
}

/// The byte range of the first occurrence of `needle` at or after byte `from`.
pub fn find_from(text: &str, needle: &str, from: usize) -> TextRange {
    let start = from + text[from..].find(needle).expect("fixture needle");
    TextRange::from_usize(start, start + needle.len())
}

pub fn find(text: &str, needle: &str) -> TextRange {
    find_from(text, needle, 0)
}

/// Whitespace tokens and sentences ending in `.` followed by a space or the end.
pub fn add_tokens_and_sentences(d: &mut Document) {
    let text = d.text().to_string();
    let mut tokens = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push(Token {
                    range: TextRange::from_usize(s, i),
                });
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push(Token {
            range: TextRange::from_usize(s, text.len()),
        });
    }
    let mut sentences = Vec::new();
    let mut first_tok = 0u32;
    let mut sent_start = 0u32;
    for (i, t) in tokens.iter().enumerate() {
        let word = &text[t.range.as_usize()];
        if word.ends_with('.') || i + 1 == tokens.len() {
            sentences.push(Sentence {
                range: TextRange::new(sent_start, t.range.end),
                tokens: (first_tok, i as u32 + 1),
            });
            first_tok = i as u32 + 1;
            sent_start = tokens.get(i + 1).map_or(t.range.end, |n| n.range.start);
        }
    }
    let pos = tokens
        .iter()
        .map(|_| PosTag {
            upos: doc::Upos::X,
            xpos: doc::Xpos::Xx,
        })
        .collect();
    d.set_tokens(Layer::new(producer("tokenize"), tokens))
        .unwrap();
    d.set_sentences(Layer::new(producer("tokenize"), sentences))
        .unwrap();
    d.set_pos(Layer::new(producer("tag"), pos)).unwrap();
}

pub fn mention(r: TextRange, label: EntityLabel, entity: &str) -> Mention {
    Mention {
        range: r,
        label,
        fine_label: None,
        confidence: 0.9,
        entity: Some(entity.to_string()),
    }
}

pub const ARTICLE: &str = "“We need to be prepared,” Magaletsky told me in March. \
Akhmed Zakayev is the prime minister of the Chechen Republic of Ichkeria. \
In 1994, tanks rolled into Grozny. \
Zakayev’s government met in Kyiv on 2024-08-20, he said.";

/// A fully annotated fixture article (all eight layers), under `key`.
pub fn article(key: &str) -> Document {
    let mut meta = DocMeta::new(key);
    meta.url = Some(format!("https://example.org/{key}"));
    meta.title = Some("Exiles prepare".into());
    meta.published = Some("2024-08-25".into());
    meta.authors = vec!["A. Writer".into()];
    meta.extra.insert("section".into(), "world".into());
    let mut d = Document::new(meta, ARTICLE).unwrap();
    add_tokens_and_sentences(&mut d);
    let t = ARTICLE;
    let magaletsky = find(t, "Magaletsky");
    let zakayev_full = find(t, "Akhmed Zakayev");
    let ichkeria = find(t, "Chechen Republic of Ichkeria");
    let grozny = find(t, "Grozny");
    let zakayev = find_from(t, "Zakayev", zakayev_full.end as usize);
    let kyiv = find(t, "Kyiv");
    d.set_entities(Layer::new(
        producer("ner"),
        vec![
            mention(magaletsky, EntityLabel::Per, "Oleg Magaletsky"),
            mention(zakayev_full, EntityLabel::Per, "Akhmed Zakayev"),
            mention(ichkeria, EntityLabel::Loc, "Chechen Republic of Ichkeria"),
            mention(grozny, EntityLabel::Loc, "Grozny"),
            mention(zakayev, EntityLabel::Per, "Akhmed Zakayev"),
            mention(kyiv, EntityLabel::Loc, "Kyiv"),
        ],
    ))
    .unwrap();
    d.set_coref(Layer::new(
        producer("coref"),
        vec![CorefChain {
            canonical: "Akhmed Zakayev".into(),
            label: EntityLabel::Per,
            spans: vec![zakayev_full, zakayev, find(t, "he said")],
        }],
    ))
    .unwrap();
    let he = find(t, "he said");
    d.set_quotes(Layer::new(
        producer("quote"),
        vec![
            Quote {
                range: find(t, "We need to be prepared,"),
                direct: true,
                speaker: Some(magaletsky),
                cue: Some(find(t, "told")),
                speaker_entity: Some("Oleg Magaletsky".into()),
                confidence: 0.9,
                time: Some("2024-03".into()),
                time_evidence: Some(find(t, "March")),
                kind: None,
            },
            Quote {
                range: find(t, "Zakayev’s government met in Kyiv on 2024-08-20"),
                direct: false,
                speaker: Some(TextRange::new(he.start, he.start + 2)),
                cue: Some(TextRange::new(he.start + 3, he.end)),
                speaker_entity: Some("Akhmed Zakayev".into()),
                confidence: 0.7,
                time: None,
                time_evidence: None,
                kind: None,
            },
        ],
    ))
    .unwrap();
    d.set_timexes(Layer::new(
        producer("timex"),
        vec![
            Timex {
                anchor: Some(doc::TimexAnchor::Expression(find(t, "1994"))),
                ..Timex::new(find(t, "March"), TimexType::Date, "2024-03")
            },
            Timex::new(find(t, "1994"), TimexType::Date, "1994"),
            Timex {
                anchor: Some(doc::TimexAnchor::Document),
                ..Timex::new(find(t, "2024-08-20"), TimexType::Date, "2024-08-20")
            },
        ],
    ))
    .unwrap();
    let sentence2 = find(
        t,
        "Akhmed Zakayev is the prime minister of the Chechen Republic of Ichkeria.",
    );
    d.set_relations(Layer::new(
        producer("relate"),
        vec![
            Relation {
                subject: 1,
                predicate: "holds_role".into(),
                object: Some(2),
                object_value: Some("prime minister".into()),
                evidence: sentence2,
                confidence: 0.8,
                valid_from: None,
                valid_to: None,
                status: None,
            },
            Relation {
                subject: 4,
                predicate: "located_in".into(),
                object: Some(5),
                object_value: None,
                evidence: find(
                    t,
                    "Zakayev’s government met in Kyiv on 2024-08-20, he said.",
                ),
                confidence: 0.6,
                valid_from: None,
                valid_to: None,
                status: None,
            },
        ],
    ))
    .unwrap();
    d
}

/// A small plain document with `n` PER mentions named `Person k` (k < `distinct`).
pub fn small_doc(key: &str, n: usize, distinct: usize) -> Document {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for i in 0..n {
        let name = format!("Person {}", i % distinct.max(1));
        let start = text.len();
        text.push_str(&name);
        ranges.push(TextRange::from_usize(start, text.len()));
        text.push_str(&format!(" spoke in {key} number {i}. "));
    }
    let mut meta = DocMeta::new(key);
    meta.title = Some(format!("Doc {key}"));
    let mut d = Document::new(meta, text).unwrap();
    let mentions = ranges
        .into_iter()
        .map(|r| Mention {
            range: r,
            label: EntityLabel::Per,
            fine_label: None,
            confidence: 0.8,
            entity: None,
        })
        .collect();
    d.set_entities(Layer::new(producer("ner"), mentions))
        .unwrap();
    d
}

/// The entity links these fixtures spell out, as explicit references: each mention to the
/// entity its `entity` field names (else its own text), each quote's speaker to the entity its
/// `speaker_entity` names (a person). The store has no linker of its own; the engine's
/// resolution builds such links from what the store holds.
pub fn links(d: &Document) -> EntityLinks {
    let mentions = d
        .entity_items()
        .iter()
        .map(|m| {
            Some(EntityRef::Key {
                name: m
                    .entity
                    .clone()
                    .unwrap_or_else(|| d.slice(m.range).to_string()),
                label: m.label,
            })
        })
        .collect();
    let speakers = d
        .quote_items()
        .iter()
        .map(|q| {
            q.speaker_entity.as_ref().map(|n| EntityRef::Key {
                name: n.clone(),
                label: EntityLabel::Per,
            })
        })
        .collect();
    EntityLinks {
        mentions,
        speakers,
        notes: Vec::new(),
    }
}

/// Upserts `d` with the fixture's [`links`].
pub fn put(s: &mut Store, d: &Document) -> Result<Upsert, StoreError> {
    s.upsert_document_with(d, &text_hash(d), &links(d))
}

/// A stand-in for the ingest edge's normalized-text hash.
pub fn text_hash(d: &Document) -> String {
    let norm: String = d
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in norm.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

// --- Running the same tests on SQLite and on PostgreSQL. ---

use std::cell::{Cell, RefCell};
use std::io::Write;
use store::{EntityLinks, EntityRef, Store, StoreError, Upsert};

thread_local! {
    /// The PostgreSQL server URL (an administrative database) while a test runs on it.
    static PG_ADMIN: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The databases this thread's test created, dropped when it ends.
    static PG_CREATED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    static PG_COUNTER: Cell<u32> = const { Cell::new(0) };
}

/// The environment variable naming the PostgreSQL server the tests use, as a URL to a
/// database they may connect to (e.g. `postgres://postgres@localhost:54329/postgres`); each
/// test creates and drops its own databases there.
pub const PG_ENV: &str = "NEWSGRAPH_TEST_PG";

/// A fresh, empty store for the backend the running test is on.
pub fn mem() -> Store {
    match PG_ADMIN.with(|a| a.borrow().clone()) {
        None => Store::open_in_memory().unwrap(),
        Some(_) => Store::open(fresh_pg_database()).unwrap(),
    }
}

/// The URL of a new, empty PostgreSQL database on the test server (dropped after the test).
pub fn fresh_pg_database() -> String {
    let admin = PG_ADMIN
        .with(|a| a.borrow().clone())
        .expect("a PostgreSQL test");
    let n = PG_COUNTER.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    let thread = format!("{:?}", std::thread::current().id())
        .chars()
        .filter(char::is_ascii_digit)
        .collect::<String>();
    let name = format!("ngtest_{}_{thread}_{n}", std::process::id());
    let mut c = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
    PG_CREATED.with(|v| v.borrow_mut().push(name.clone()));
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// Runs `body` on PostgreSQL, or prints SKIPPED (to the terminal, past the test harness's
/// capture) when [`PG_ENV`] is unset or its server cannot be reached.
pub fn on_postgres(name: &str, body: fn()) {
    let skip = |why: String| {
        let _ = writeln!(std::io::stderr(), "SKIPPED {name} on PostgreSQL: {why}");
    };
    let Ok(admin) = std::env::var(PG_ENV) else {
        skip(format!("{PG_ENV} is not set"));
        return;
    };
    if let Err(e) = postgres::Client::connect(&admin, postgres::NoTls) {
        skip(format!("no server at {admin}: {e}"));
        return;
    }
    PG_ADMIN.with(|a| *a.borrow_mut() = Some(admin.clone()));
    let outcome = std::panic::catch_unwind(body);
    PG_ADMIN.with(|a| *a.borrow_mut() = None);
    let created = PG_CREATED.with(|v| std::mem::take(&mut *v.borrow_mut()));
    if let Ok(mut c) = postgres::Client::connect(&admin, postgres::NoTls) {
        for db in created {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
        }
    }
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}

/// Defines each test twice: `<name>::sqlite` and `<name>::postgres` (see [`on_postgres`]).
#[macro_export]
macro_rules! both {
    ($($(#[$meta:meta])* fn $name:ident() $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            fn body() $body
            #[test]
            fn sqlite() {
                body()
            }
            #[test]
            fn postgres() {
                $crate::common::on_postgres(stringify!($name), body)
            }
        }
    )*};
}
