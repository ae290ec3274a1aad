//! In-document grouping: the names of one document that refer to one entity (same key, a
//! surname and the one full name with it, an acronym and the one name it abbreviates).
//!
//! This stands in front of cross-document resolution: a surname alone is first read as the
//! person of the same document with that surname, so "Putin" in an article about Martín Putin
//! is Martín Putin, whatever the store holds.

use crate::keys::{
    acronym_of, as_acronym, better_canonical, given_keys, given_names_compatible, is_surname_only,
    is_well_formed, name_key, surname_key,
};
use doc::EntityLabel;

fn find(parent: &mut [usize], i: usize) -> usize {
    let mut r = i;
    while let Some(&p) = parent.get(r) {
        if p == r {
            break;
        }
        r = p;
    }
    r
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = (ra.min(rb), ra.max(rb));
        if let Some(slot) = parent.get_mut(hi) {
            *slot = lo;
        }
    }
}

/// Groups the distinct names of one document. For each input `(name, label)` returns the index
/// of its group's representative (the best canonical name of the group, the first on ties)
/// and, for a name that is not its own representative, why it joined the group.
pub fn group_names(names: &[(String, EntityLabel)]) -> Vec<(usize, Option<String>)> {
    let n = names.len();
    let mut parent: Vec<usize> = (0..n).collect();
    let mut why: Vec<Option<String>> = vec![None; n];
    let keys: Vec<String> = names.iter().map(|(s, l)| name_key(s, *l)).collect();

    // Same key and label.
    for i in 0..n {
        for j in 0..i {
            if names.get(i).map(|x| x.1) == names.get(j).map(|x| x.1)
                && keys.get(i) == keys.get(j)
                && keys.get(i).is_some_and(|k| !k.is_empty())
            {
                union(&mut parent, i, j);
            }
        }
    }

    // Persons: full names with one surname whose first names all agree form one group, and a
    // surname alone joins it.
    let per: Vec<usize> = (0..n)
        .filter(|&i| names.get(i).is_some_and(|x| x.1 == EntityLabel::Per))
        .collect();
    let mut by_surname: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    for &i in &per {
        if let Some(s) = names.get(i).and_then(|x| surname_key(&x.0)) {
            by_surname.entry(s).or_default().push(i);
        }
    }
    for members in by_surname.values() {
        // Only well-formed full names gather others ("NISSAN SENTRA Nissan" does not).
        let (full, alone): (Vec<usize>, Vec<usize>) = members
            .iter()
            .filter(|&&i| {
                names
                    .get(i)
                    .is_some_and(|x| is_surname_only(&x.0) || is_well_formed(&x.0, x.1))
            })
            .partition(|&&i| names.get(i).is_some_and(|x| !is_surname_only(&x.0)));
        let given: Vec<Vec<String>> = full
            .iter()
            .map(|&i| names.get(i).map(|x| given_keys(&x.0)).unwrap_or_default())
            .collect();
        let agree = given
            .iter()
            .all(|a| given.iter().all(|b| given_names_compatible(a, b)));
        if full.is_empty() || !agree {
            continue;
        }
        let best = best_of(names, &full);
        let best_name = names.get(best).map(|x| x.0.clone()).unwrap_or_default();
        for &i in full.iter().chain(alone.iter()) {
            if find(&mut parent, i) != find(&mut parent, best) {
                union(&mut parent, i, best);
                if let Some(w) = why.get_mut(i) {
                    *w = Some(if alone.contains(&i) {
                        format!("surname of '{best_name}' in the same document")
                    } else {
                        format!(
                            "same surname and compatible first name as '{best_name}' in the same document"
                        )
                    });
                }
            }
        }
    }

    // Persons: a single word that is no full name's surname but the first name of exactly one
    // full name of the document joins it ("George" with "George H.W. Bush").
    for &i in &per {
        let Some((name, _)) = names.get(i) else {
            continue;
        };
        let Some(word) = surname_key(name).filter(|_| is_surname_only(name)) else {
            continue;
        };
        if by_surname.get(&word).is_some_and(|m| m.len() > 1) {
            continue;
        }
        let full: Vec<usize> = per
            .iter()
            .copied()
            .filter(|&j| {
                names.get(j).is_some_and(|(m, _)| {
                    !is_surname_only(m) && given_keys(m).first() == Some(&word)
                })
            })
            .collect();
        let roots: std::collections::BTreeSet<usize> =
            full.iter().map(|&j| find(&mut parent, j)).collect();
        if let (1, Some(&j)) = (roots.len(), full.first())
            && find(&mut parent, i) != find(&mut parent, j)
        {
            union(&mut parent, i, j);
            let full_name = names.get(j).map(|x| x.0.clone()).unwrap_or_default();
            if let Some(w) = why.get_mut(i) {
                *w = Some(format!("first name of '{full_name}' in the same document"));
            }
        }
    }

    // Other labels: an acronym joins the one name of the document it abbreviates.
    for i in 0..n {
        let Some((name, label)) = names.get(i) else {
            continue;
        };
        if *label == EntityLabel::Per {
            continue;
        }
        let Some(acr) = as_acronym(name) else {
            continue;
        };
        let full: Vec<usize> = (0..n)
            .filter(|&j| {
                names.get(j).is_some_and(|(m, l)| {
                    l == label && as_acronym(m).is_none() && acronym_of(m).as_ref() == Some(&acr)
                })
            })
            .collect();
        let roots: std::collections::BTreeSet<usize> =
            full.iter().map(|&j| find(&mut parent, j)).collect();
        if let (1, Some(&j)) = (roots.len(), full.first())
            && find(&mut parent, i) != find(&mut parent, j)
        {
            union(&mut parent, i, j);
            let full_name = names.get(j).map(|x| x.0.clone()).unwrap_or_default();
            if let Some(w) = why.get_mut(i) {
                *w = Some(format!("acronym of '{full_name}' in the same document"));
            }
        }
    }

    // Representatives: the best canonical name of each group.
    let mut members: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for i in 0..n {
        let r = find(&mut parent, i);
        members.entry(r).or_default().push(i);
    }
    let mut rep_of = vec![0; n];
    for group in members.values() {
        let best = best_of(names, group);
        for &i in group {
            if let Some(slot) = rep_of.get_mut(i) {
                *slot = best;
            }
        }
    }
    (0..n)
        .map(|i| {
            let rep = rep_of.get(i).copied().unwrap_or(i);
            let reason = if rep == i {
                None
            } else {
                why.get(i).cloned().flatten().or_else(|| {
                    Some(format!(
                        "same name key as '{}' in the same document",
                        names.get(rep).map(|x| x.0.as_str()).unwrap_or("")
                    ))
                })
            };
            (rep, reason)
        })
        .collect()
}

/// The member with the best canonical name (the first on ties).
fn best_of(names: &[(String, EntityLabel)], members: &[usize]) -> usize {
    let mut best = members.first().copied().unwrap_or(0);
    for &i in members {
        let (Some(b), Some(c)) = (names.get(best), names.get(i)) else {
            continue;
        };
        if better_canonical(&b.0, &c.0, c.1) {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::*;

    fn names(v: &[(&str, EntityLabel)]) -> Vec<(String, EntityLabel)> {
        v.iter().map(|(s, l)| (s.to_string(), *l)).collect()
    }

    #[test]
    fn surnames_join_the_one_full_name_of_the_document() {
        let n = names(&[
            ("Zakayev", Per),
            ("Akhmed Zakayev", Per),
            ("Putin", Per),
            ("Vladimir Putin", Per),
            ("Zakaev", Per),
        ]);
        let g = group_names(&n);
        let reps: Vec<usize> = g.iter().map(|x| x.0).collect();
        assert_eq!(reps, vec![1, 1, 3, 3, 1]);
        assert_eq!(
            g[0].1.as_deref(),
            Some("surname of 'Akhmed Zakayev' in the same document")
        );
        assert_eq!(g[1].1, None);
    }

    #[test]
    fn a_first_name_alone_joins_the_one_full_name_with_it() {
        let n = names(&[("George", Per), ("George H.W. Bush", Per), ("Laura", Per)]);
        let g = group_names(&n);
        assert_eq!(g.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 1, 2]);
        assert_eq!(
            g[0].1.as_deref(),
            Some("first name of 'George H.W. Bush' in the same document")
        );
        // not when two full names share the first name
        let n = names(&[("George", Per), ("George Bush", Per), ("George Soros", Per)]);
        let reps: Vec<usize> = group_names(&n).iter().map(|x| x.0).collect();
        assert_eq!(reps, vec![0, 1, 2]);
    }

    #[test]
    fn ill_formed_full_names_gather_nothing() {
        let n = names(&[("NISSAN SENTRA Nissan", Per), ("Nissan", Per)]);
        let reps: Vec<usize> = group_names(&n).iter().map(|x| x.0).collect();
        assert_eq!(reps, vec![0, 1]);
    }

    #[test]
    fn two_first_names_with_one_surname_stay_apart() {
        let n = names(&[
            ("Martín Putin", Per),
            ("Vladimir Putin", Per),
            ("Putin", Per),
        ]);
        let reps: Vec<usize> = group_names(&n).iter().map(|x| x.0).collect();
        assert_eq!(reps, vec![0, 1, 2]);
    }

    #[test]
    fn acronyms_join_their_full_name_and_labels_stay_apart() {
        let n = names(&[
            ("FNPRF", Org),
            ("Free Nations of Post-Russia Forum", Org),
            ("Zakayev", Org),
            ("Akhmed Zakayev", Per),
        ]);
        let g = group_names(&n);
        let reps: Vec<usize> = g.iter().map(|x| x.0).collect();
        assert_eq!(reps, vec![1, 1, 2, 3]);
        assert!(g[0].1.as_deref().unwrap_or("").starts_with("acronym of"));
        assert!(group_names(&[]).is_empty());
    }
}
