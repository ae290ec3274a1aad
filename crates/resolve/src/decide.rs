//! The decision: which stored entity a document's name group joins, or that it is new, and why.
//!
//! Rules, in order (a candidate has the group's label and no curation block on its names):
//! 1. the same name key as a candidate's canonical name → that candidate;
//! 2. a full name (or any non-person name) that is an alias of exactly one candidate → it;
//! 3. persons, full name: the one stored full name with the same surname and a compatible first
//!    name; never one whose first name differs (Martín Putin is not Vladimir Putin); else the
//!    one surname-only entity with that surname, which the full name absorbs (and renames), when
//!    no stored person with another first name shares the surname;
//! 4. persons, surname alone: the one stored full name with that surname; several → ambiguous
//!    (the caller may settle it by shared context, [`pick_by_context`]);
//! 5. other labels: an acronym → the one stored name it abbreviates; a full name → the one
//!    acronym-only entity with its acronym, which it absorbs;
//! 6. otherwise a new entity.
//!
//! An entity changed by hand (`curated`) is never absorbed or renamed automatically.

use crate::keys::{
    acronym_of, as_acronym, better_canonical, display_name, given_keys, given_names_compatible,
    is_surname_only, is_well_formed, name_key, surname_key,
};
use doc::EntityLabel;
use std::collections::BTreeSet;

/// A stored entity found by one of a group's keys.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Candidate {
    pub id: i64,
    /// Its canonical name.
    pub name: String,
    pub label: Option<EntityLabel>,
    /// Its aliases (surface forms seen), canonical name not necessarily among them.
    pub aliases: Vec<String>,
    pub mentions: u64,
    /// Name keys that must not join it (removed or split off by hand).
    pub blocked: Vec<String>,
    /// Changed by hand (renamed, merged into, split from, suppressed): never absorbed into a new
    /// name nor renamed automatically.
    pub curated: bool,
    /// Renamed by hand: its canonical name is never replaced automatically.
    pub name_locked: bool,
    /// Ids of entities mentioned in the same documents (filled only when context is needed).
    pub context: Vec<i64>,
}

/// The names of one document that refer to one entity; the first is its representative (its
/// best canonical name).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameGroup {
    pub names: Vec<String>,
    pub label: EntityLabel,
}

/// What a name group links to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A stored entity; `rename_to` when the group's name is a better canonical name.
    Existing {
        id: i64,
        reason: String,
        rename_to: Option<String>,
    },
    /// A new entity with this (display) name.
    New { name: String, reason: String },
    /// Several candidates fit equally: settle by context or make a new entity.
    Ambiguous { ids: Vec<i64>, reason: String },
}

fn existing(c: &Candidate, reason: String, rep: &str, label: EntityLabel) -> Decision {
    let rename_to =
        (!c.name_locked && better_canonical(&c.name, rep, label)).then(|| display_name(rep, label));
    Decision::Existing {
        id: c.id,
        reason,
        rename_to,
    }
}

/// The candidate with most mentions (lowest id on ties).
fn most_mentioned<'a>(cands: &[&'a Candidate]) -> Option<&'a Candidate> {
    let mut v = cands.to_vec();
    v.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    v.first().copied()
}

/// Decides where a name group goes among `candidates` (see the module docs).
pub fn decide(group: &NameGroup, candidates: &[Candidate]) -> Decision {
    let label = group.label;
    let rep = group.names.first().map(String::as_str).unwrap_or("");
    let rep_display = display_name(rep, label);
    let keys: BTreeSet<String> = group
        .names
        .iter()
        .map(|n| name_key(n, label))
        .filter(|k| !k.is_empty())
        .collect();
    let cands: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| c.label.is_none_or(|l| l == label))
        .filter(|c| !c.blocked.iter().any(|b| keys.contains(b)))
        .collect();
    let new = |reason: String| Decision::New {
        name: rep_display.clone(),
        reason,
    };

    // 1. Same key as a canonical name.
    let rep_key = name_key(rep, label);
    let exact: Vec<&Candidate> = cands
        .iter()
        .copied()
        .filter(|c| keys.contains(&name_key(&c.name, label)))
        .collect();
    if !exact.is_empty() {
        let on_rep: Vec<&Candidate> = exact
            .iter()
            .copied()
            .filter(|c| name_key(&c.name, label) == rep_key)
            .collect();
        let pool = if on_rep.is_empty() { &exact } else { &on_rep };
        if let Some(c) = most_mentioned(pool) {
            let reason = if c.name == rep_display {
                "same name".to_string()
            } else {
                format!("same name key as '{}'", c.name)
            };
            return existing(c, reason, rep, label);
        }
    }

    let per = label == EntityLabel::Per;
    let full_names: Vec<&String> = group
        .names
        .iter()
        .filter(|n| !per || !is_surname_only(n))
        .collect();

    // 2. An alias of exactly one candidate (full names only for persons).
    let full_keys: BTreeSet<String> = full_names.iter().map(|n| name_key(n, label)).collect();
    let by_alias: Vec<&Candidate> = cands
        .iter()
        .copied()
        .filter(|c| {
            c.aliases
                .iter()
                .any(|a| full_keys.contains(&name_key(a, label)))
        })
        .filter(|c| !per || given_names_compatible(&given_keys(rep), &given_keys(&c.name)))
        .collect();
    match by_alias.as_slice() {
        [c] => {
            return existing(c, format!("alias of '{}'", c.name), rep, label);
        }
        [_, _, ..] => {
            // An alias can come from a coreference slip; one whose name the group's name
            // abbreviates (or spells out) is the likelier owner.
            let rep_acr = as_acronym(rep);
            let rep_full_acr = acronym_of(rep);
            let related: Vec<&Candidate> = by_alias
                .iter()
                .copied()
                .filter(|c| {
                    (rep_acr.is_some() && acronym_of(&c.name) == rep_acr)
                        || (rep_full_acr.is_some() && as_acronym(&c.name) == rep_full_acr)
                })
                .collect();
            if let [c] = related.as_slice() {
                return existing(c, format!("alias and acronym of '{}'", c.name), rep, label);
            }
            return Decision::Ambiguous {
                ids: by_alias.iter().map(|c| c.id).collect(),
                reason: format!("alias of {} entities", by_alias.len()),
            };
        }
        [] => {}
    }

    if per {
        let Some(surname) = surname_key(rep) else {
            return new("new entity".into());
        };
        let same_surname: Vec<&Candidate> = cands
            .iter()
            .copied()
            .filter(|c| surname_key(&c.name).as_ref() == Some(&surname))
            .collect();
        let (full, fragments): (Vec<&Candidate>, Vec<&Candidate>) =
            same_surname.iter().partition(|c| !is_surname_only(&c.name));
        if is_surname_only(rep) {
            // 4. A surname alone.
            return match full.as_slice() {
                [] => new("new entity".into()),
                [c] => existing(
                    c,
                    format!("surname of unique PER entity '{}'", c.name),
                    rep,
                    label,
                ),
                _ => Decision::Ambiguous {
                    ids: full.iter().map(|c| c.id).collect(),
                    reason: format!("surname shared by {} PER entities", full.len()),
                },
            };
        }
        // 3. A full name.
        let given = given_keys(rep);
        let (compatible, conflicting): (Vec<&Candidate>, Vec<&Candidate>) = full
            .iter()
            .partition(|c| given_names_compatible(&given, &given_keys(&c.name)));
        match compatible.as_slice() {
            [c] => {
                return existing(
                    c,
                    format!("same surname and compatible first name as '{}'", c.name),
                    rep,
                    label,
                );
            }
            [_, _, ..] => {
                return Decision::Ambiguous {
                    ids: compatible.iter().map(|c| c.id).collect(),
                    reason: format!(
                        "surname and first name fit {} PER entities",
                        compatible.len()
                    ),
                };
            }
            [] => {}
        }
        if let ([f], true) = (fragments.as_slice(), conflicting.is_empty())
            && !f.curated
            && is_well_formed(rep, label)
        {
            return Decision::Existing {
                id: f.id,
                reason: format!("full name of surname-only entity '{}'", f.name),
                rename_to: Some(rep_display.clone()),
            };
        }
        if !conflicting.is_empty() {
            let others: Vec<String> = conflicting
                .iter()
                .map(|c| format!("'{}'", c.name))
                .collect();
            return new(format!(
                "new entity: first name differs from {}",
                others.join(", ")
            ));
        }
        return new("new entity".into());
    }

    // 5. Acronyms.
    if let Some(acr) = as_acronym(rep) {
        let abbreviated: Vec<&Candidate> = cands
            .iter()
            .copied()
            .filter(|c| {
                std::iter::once(&c.name)
                    .chain(c.aliases.iter())
                    .any(|n| as_acronym(n).is_none() && acronym_of(n).as_ref() == Some(&acr))
            })
            .collect();
        return match abbreviated.as_slice() {
            [c] => existing(c, format!("acronym of '{}'", c.name), rep, label),
            [] => new("new entity".into()),
            _ => Decision::Ambiguous {
                ids: abbreviated.iter().map(|c| c.id).collect(),
                reason: format!("acronym of {} entities", abbreviated.len()),
            },
        };
    }
    if let Some(acr) = acronym_of(rep) {
        let acronym_only: Vec<&Candidate> = cands
            .iter()
            .copied()
            .filter(|c| !c.curated && as_acronym(&c.name).as_ref() == Some(&acr))
            .collect();
        if let [c] = acronym_only.as_slice() {
            return Decision::Existing {
                id: c.id,
                reason: format!("full name of acronym '{}'", c.name),
                rename_to: Some(rep_display.clone()),
            };
        }
    }
    new("new entity".into())
}

/// Settles an ambiguous decision by shared context: the candidate (among `ids`) that shares
/// the most entities with the document (`doc_context`), when it shares at least one and
/// strictly more than every other. Returns its id and the number shared.
pub fn pick_by_context(
    ids: &[i64],
    candidates: &[Candidate],
    doc_context: &BTreeSet<i64>,
) -> Option<(i64, usize)> {
    let mut scored: Vec<(usize, i64)> = ids
        .iter()
        .filter_map(|id| candidates.iter().find(|c| c.id == *id))
        .map(|c| {
            let shared: BTreeSet<i64> = c
                .context
                .iter()
                .copied()
                .filter(|e| doc_context.contains(e) && *e != c.id)
                .collect();
            (shared.len(), c.id)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    match scored.as_slice() {
        [(best, id)] if *best > 0 => Some((*id, *best)),
        [(best, id), (second, _), ..] if *best > 0 && best > second => Some((*id, *best)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    fn cand(id: i64, name: &str, label: EntityLabel, aliases: &[&str]) -> Candidate {
        Candidate {
            id,
            name: name.into(),
            label: Some(label),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            mentions: 1,
            ..Default::default()
        }
    }

    fn group(names: &[&str], label: EntityLabel) -> NameGroup {
        NameGroup {
            names: names.iter().map(|s| s.to_string()).collect(),
            label,
        }
    }

    fn id_of(d: &Decision) -> Option<i64> {
        match d {
            Decision::Existing { id, .. } => Some(*id),
            _ => None,
        }
    }

    #[test]
    fn a_surname_joins_the_unique_full_name() {
        let c = [
            cand(1, "Akhmed Zakayev", Per, &["Akhmed Zakayev", "Zakayev"]),
            cand(2, "Vladimir Putin", Per, &["Vladimir Putin"]),
        ];
        let d = decide(&group(&["Zakayev"], Per), &c);
        assert_eq!(
            d,
            Decision::Existing {
                id: 1,
                reason: "surname of unique PER entity 'Akhmed Zakayev'".into(),
                rename_to: None
            }
        );
        // a transliteration variant, surname alone
        let d = decide(&group(&["Zakaev"], Per), &c[1..]);
        assert!(matches!(d, Decision::New { .. }));
        let d = decide(&group(&["Zakaev"], Per), &c);
        assert_eq!(id_of(&d), Some(1));
    }

    #[test]
    fn different_first_names_never_merge() {
        let c = [cand(2, "Vladimir Putin", Per, &["Vladimir Putin", "Putin"])];
        let d = decide(&group(&["Martín Putin", "Putin"], Per), &c);
        assert_eq!(
            d,
            Decision::New {
                name: "Martín Putin".into(),
                reason: "new entity: first name differs from 'Vladimir Putin'".into()
            }
        );
        // a compatible initial does join
        let d = decide(&group(&["V. Putin"], Per), &c);
        assert_eq!(id_of(&d), Some(2));
        // same key with diacritics and titles
        let d = decide(&group(&["President Vladimir Putin"], Per), &c);
        assert_eq!(id_of(&d), Some(2));
    }

    #[test]
    fn a_full_name_absorbs_a_surname_only_entity() {
        let c = [cand(7, "Zakayev", Per, &["Zakayev"])];
        let d = decide(&group(&["Akhmed Zakayev", "Zakayev"], Per), &c);
        // the group's surname matches the fragment's key: rule 1, renamed to the full name
        assert_eq!(
            d,
            Decision::Existing {
                id: 7,
                reason: "same name key as 'Zakayev'".into(),
                rename_to: Some("Akhmed Zakayev".into())
            }
        );
        let d = decide(&group(&["Akhmed Zakayev"], Per), &c);
        assert_eq!(
            d,
            Decision::Existing {
                id: 7,
                reason: "full name of surname-only entity 'Zakayev'".into(),
                rename_to: Some("Akhmed Zakayev".into())
            }
        );
        // not when the fragment was curated, nor when another first name shares the surname
        let mut curated = c[0].clone();
        curated.curated = true;
        assert!(matches!(
            decide(&group(&["Akhmed Zakayev"], Per), &[curated]),
            Decision::New { .. }
        ));
        // nor by a name that is not a well-formed full name
        assert!(matches!(
            decide(&group(&["dan Zakayev"], Per), &c),
            Decision::New { .. }
        ));
        let two = [c[0].clone(), cand(8, "Ruslan Zakayev", Per, &[])];
        assert!(matches!(
            decide(&group(&["Akhmed Zakayev"], Per), &two),
            Decision::New { .. }
        ));
    }

    #[test]
    fn shared_surnames_are_ambiguous_until_context_settles_them() {
        let mut c = vec![
            cand(1, "Vladimir Putin", Per, &[]),
            cand(2, "Martín Putin", Per, &[]),
        ];
        let d = decide(&group(&["Putin"], Per), &c);
        let Decision::Ambiguous { ids, .. } = d else {
            panic!("{d:?}")
        };
        assert_eq!(ids, vec![1, 2]);
        let ctx: BTreeSet<i64> = [10, 11].into_iter().collect();
        assert_eq!(pick_by_context(&ids, &c, &ctx), None);
        c[1].context = vec![10, 11, 12];
        c[0].context = vec![11];
        assert_eq!(pick_by_context(&ids, &c, &ctx), Some((2, 2)));
        c[0].context = vec![10, 11];
        assert_eq!(pick_by_context(&ids, &c, &ctx), None);
    }

    #[test]
    fn blocks_labels_and_acronyms() {
        let mut z = cand(1, "Akhmed Zakayev", Per, &["Zakayev"]);
        z.blocked = vec![name_key("Zakayev", Per)];
        assert!(matches!(
            decide(&group(&["Zakayev"], Per), &[z]),
            Decision::New { .. }
        ));
        let org = cand(3, "Free Nations of Post-Russia Forum", Org, &[]);
        assert_eq!(
            id_of(&decide(&group(&["FNPRF"], Org), std::slice::from_ref(&org))),
            Some(3)
        );
        assert!(matches!(
            decide(&group(&["FNPRF"], Per), &[org]),
            Decision::New { .. }
        ));
        // an alias shared after a coreference slip goes to the name it abbreviates
        let us = [
            cand(5, "United States", Loc, &["US", "United States"]),
            cand(6, "US Senate", Loc, &["US", "US Senate"]),
        ];
        assert_eq!(
            decide(&group(&["US"], Loc), &us),
            Decision::Existing {
                id: 5,
                reason: "alias and acronym of 'United States'".into(),
                rename_to: None
            }
        );
        let acr = cand(4, "FNPRF", Org, &["FNPRF"]);
        assert_eq!(
            decide(&group(&["Free Nations of Post-Russia Forum"], Org), &[acr]),
            Decision::Existing {
                id: 4,
                reason: "full name of acronym 'FNPRF'".into(),
                rename_to: Some("Free Nations of Post-Russia Forum".into())
            }
        );
    }
}
