//! The ontology table checked row by row: names, readings, templates, time and FtM mappings.

use super::*;
use std::collections::BTreeSet;

fn placeholders(t: &str) -> BTreeSet<&str> {
    ["{phrase}", "{other}", "{value}"]
        .into_iter()
        .filter(|k| t.contains(k))
        .collect()
}

#[test]
fn every_row_is_well_formed() {
    let mut names = BTreeSet::new();
    for p in PREDICATES {
        assert!(names.insert(p.name), "{} twice", p.name);
        assert!(
            !p.name.is_empty() && p.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
            "{}: names are snake_case",
            p.name
        );
        assert!(!p.description.trim().is_empty(), "{}", p.name);
        assert!(!p.subject_types.is_empty(), "{}: no subject type", p.name);
        assert!(
            !p.object_types.is_empty() || p.value == Value::Required,
            "{}: a predicate without object entity needs a value",
            p.name
        );
        let r = &p.readings;
        assert!(!r.title.trim().is_empty(), "{}", p.name);
        for s in [&r.outgoing, &r.incoming] {
            assert!(!s.phrase.trim().is_empty() && !s.former.trim().is_empty());
            for t in [s.with_value, s.former_with_value] {
                let k = placeholders(t);
                assert!(
                    k.contains("{other}") && k.contains("{value}"),
                    "{}: {t:?} names the other side and the value",
                    p.name
                );
            }
        }
        if p.symmetric {
            assert_eq!(
                r.outgoing, r.incoming,
                "{}: symmetric reads the same",
                p.name
            );
        }
        if p.time == Time::Timeless {
            // nothing ends: the "former" reading is the plain one
            assert_eq!(r.outgoing.phrase, r.outgoing.former, "{}", p.name);
            assert_eq!(r.incoming.phrase, r.incoming.former, "{}", p.name);
        }
        if let Time::TimelessBetween(s, o) = p.time {
            assert!(p.subject_types.contains(&s) && p.object_types.contains(&o));
        }
        if let Conflict::OneObject { history } = p.conflict {
            assert!(history.iter().all(|t| p.subject_types.contains(t)));
        }
        if p.conflict == Conflict::OneValue {
            assert_ne!(p.value, Value::None, "{}: one value needs values", p.name);
        }
        if p.containment {
            assert!(p.object_types.contains(&EntityType::Loc) || p.name == "part_of");
        }
        if let Some(f) = &p.ftm {
            assert!(
                !f.schema.is_empty()
                    && f.schema
                        .bytes()
                        .next()
                        .is_some_and(|b| b.is_ascii_uppercase())
            );
            assert_ne!(f.subject.range, FtmRange::Position, "{}", p.name);
            assert_ne!(f.subject.property, f.object.property, "{}", p.name);
            if f.default_value.is_some() {
                assert!(
                    !f.value.is_empty(),
                    "{}: a default value needs a property",
                    p.name
                );
            }
            assert_eq!(p.ftm_schema(), Some(f.schema));
        }
        if let Some(s) = &p.schema_org {
            assert!(
                s.property
                    .bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_lowercase())
            );
        }
    }
}

#[test]
fn lookups_by_name_and_order() {
    assert_eq!(
        get("founded").map(|p| p.ftm_schema()),
        Some(Some("Directorship"))
    );
    assert!(get("nonsense").is_none());
    assert_eq!(position("member_of"), Some(0));
    assert_eq!(
        get("description").map(PredicateInfo::order),
        Some(PREDICATES.len() - 1)
    );
    assert_eq!(names().count(), PREDICATES.len());
    assert_eq!(
        containment_predicates().collect::<Vec<_>>(),
        ["part_of", "based_in", "located_in"]
    );
    for p in PREDICATES {
        assert_eq!(get(p.name), Some(p));
    }
}

#[test]
fn entity_types_round_trip() {
    for t in EntityType::ALL {
        assert_eq!(EntityType::parse(t.as_str()), Some(t));
        assert_eq!(t.to_string(), t.as_str());
    }
    assert_eq!(EntityType::parse("VALUE"), None);
}

#[test]
fn timeless_depends_on_the_arguments() {
    let located = get("located_in").map(|p| p.time);
    assert_eq!(
        located.map(|t| t.is_timeless(Some(EntityType::Loc), Some(EntityType::Loc))),
        Some(true)
    );
    assert_eq!(
        located.map(|t| t.is_timeless(Some(EntityType::Per), Some(EntityType::Loc))),
        Some(false)
    );
    assert!(Time::Timeless.is_timeless(None, None));
    assert!(!Time::Timed.is_timeless(Some(EntityType::Loc), Some(EntityType::Loc)));
}

#[test]
fn templates_fill_in_one_pass() {
    assert_eq!(
        fill(
            "{phrase} {value} of {other}",
            "holds role",
            "{value}",
            "“chair”"
        ),
        "holds role “chair” of {value}"
    );
    assert_eq!(fill("a {b} c", "x", "y", "z"), "a {b} c");
    assert_eq!(fill("{phrase}", "p", "o", "v"), "p");
}

#[test]
fn role_nouns_name_predicates_of_the_table() {
    for (noun, p) in ROLE_NOUNS {
        assert!(get(p.as_str()).is_some(), "{noun}: {p}");
        assert_eq!(noun.to_lowercase(), *noun);
    }
    let mut nouns: Vec<&str> = ROLE_NOUNS.iter().map(|(n, _)| *n).collect();
    nouns.sort_unstable();
    let n = nouns.len();
    nouns.dedup();
    assert_eq!(nouns.len(), n, "one row per noun");
    assert_eq!(role_predicate("Prime Minister"), Some("leads"));
    assert_eq!(role_predicate("foreign minister"), Some("member_of"));
    assert_eq!(
        role_predicate("White House press secretary"),
        Some("employed_by")
    );
    assert_eq!(role_predicate("co-founder"), Some("founded"));
    assert_eq!(role_predicate("gardener"), None);
    assert_eq!(role_predicate(""), None);
}

#[test]
fn predicates_are_the_table_rows_in_order() {
    assert_eq!(Predicate::ALL.len(), PREDICATES.len());
    for (p, row) in Predicate::ALL.into_iter().zip(PREDICATES) {
        assert_eq!(p.as_str(), row.name);
        assert_eq!(p.info().name, row.name);
        assert_eq!(Predicate::parse(row.name), Some(p));
        assert_eq!(row.name.parse::<Predicate>(), Ok(p));
        assert!(p.is(row.name) && *row.name == p);
    }
    assert_eq!(Predicate::parse("leads_to"), None);
    assert!("Leads".parse::<Predicate>().is_err());
    assert_eq!(role_noun_predicate("co-founder"), Some(Predicate::Founded));
}
