//! Document-level label consistency: one name, one label per document.
//!
//! The tagger decides sentence by sentence, so the same name can come out as `PER` in one
//! sentence and `ORG` in the next ("Wells" the bank, typed by the words around each use). After
//! the whole document is decoded, every mention of the same surface string takes the label with
//! the greatest summed confidence over the document; a single-word mention that repeats the last
//! word of a multi-word person name of the same document ("Mayer" after "Marissa Mayer") is a
//! person, and one that begins or ends an organization or place name of the document and is in
//! no person's name takes that name's label ("Tarnow" after "Tarnow Logistics"). They only move
//! labels between mentions the tagger found; they add and drop none.

use crate::recognizer::TokenMention;
use doc::EntityLabel;
use rustc_hash::FxHashMap;

/// The label slot of `l` in the vote arrays.
fn slot(l: EntityLabel) -> usize {
    match l {
        EntityLabel::Per => 0,
        EntityLabel::Org => 1,
        EntityLabel::Loc => 2,
        _ => 3,
    }
}

const BY_SLOT: [EntityLabel; 4] = [
    EntityLabel::Per,
    EntityLabel::Org,
    EntityLabel::Loc,
    EntityLabel::Misc,
];

/// The surface key of a mention: its words, lower-cased, joined by a space.
fn key(words: &[&str], m: &TokenMention) -> Option<String> {
    let ws = words.get(m.first..=m.last)?;
    let mut k = String::new();
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            k.push(' ');
        }
        k.push_str(&w.to_lowercase());
    }
    Some(k)
}

/// Relabels the mentions of one document (`mentions[i]` are those of `sentences[i]`) so that one
/// surface string has one label.
pub(crate) fn harmonize(sentences: &[&[&str]], mentions: &mut [Vec<TokenMention>]) {
    let mut votes: FxHashMap<String, [f32; 4]> = FxHashMap::default();
    let mut surnames: FxHashMap<String, f32> = FxHashMap::default();
    // Words of multi-word names: in a person's name, and the label of the first other name
    // they begin or end.
    let mut parts: FxHashMap<String, (bool, Option<EntityLabel>)> = FxHashMap::default();
    for (words, ms) in sentences.iter().zip(mentions.iter()) {
        for m in ms {
            let Some(k) = key(words, m) else { continue };
            if m.last > m.first {
                for (i, w) in words
                    .get(m.first..=m.last)
                    .unwrap_or(&[])
                    .iter()
                    .enumerate()
                {
                    let e = parts.entry(w.to_lowercase()).or_insert((false, None));
                    if m.label == EntityLabel::Per {
                        e.0 = true;
                    } else if e.1.is_none() && (i == 0 || m.first + i == m.last) {
                        e.1 = Some(m.label);
                    }
                }
            }
            if m.label == EntityLabel::Per
                && m.last > m.first
                && let Some(last) = words.get(m.last)
                && last.chars().next().is_some_and(char::is_uppercase)
            {
                *surnames.entry(last.to_lowercase()).or_default() += m.confidence;
            }
            let v = votes.entry(k).or_default();
            v[slot(m.label)] += m.confidence;
        }
    }
    for (words, ms) in sentences.iter().zip(mentions.iter_mut()) {
        for m in ms.iter_mut() {
            let Some(k) = key(words, m) else { continue };
            let Some(v) = votes.get(&k) else { continue };
            let cur = slot(m.label);
            let (best, &bv) =
                v.iter().enumerate().fold(
                    (cur, &v[cur]),
                    |acc, (i, x)| if *x > *acc.1 { (i, x) } else { acc },
                );
            let single = m.first == m.last;
            // A lone "person" that begins or ends an organization or place name of the
            // document and is in no person's name ("Tarnow" after "Tarnow Logistics").
            if single
                && m.label == EntityLabel::Per
                && let Some(&(false, Some(l))) = parts.get(&k)
            {
                m.label = l;
                continue;
            }
            if single
                && m.label != EntityLabel::Per
                && let Some(&sv) = surnames.get(&k)
                && sv > bv
            {
                m.label = EntityLabel::Per;
                continue;
            }
            if best != cur {
                m.label = BY_SLOT[best];
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(first: usize, last: usize, label: EntityLabel, confidence: f32) -> TokenMention {
        TokenMention {
            first,
            last,
            label,
            confidence,
        }
    }

    #[test]
    fn one_name_one_label() {
        let s1 = ["Wells", "reported", "profits", "."];
        let s2 = ["Analysts", "said", "Wells", "beat", "forecasts", "."];
        let s3 = ["Wells", "shares", "rose", "."];
        let sentences: Vec<&[&str]> = vec![&s1, &s2, &s3];
        let mut ms = vec![
            vec![m(0, 0, EntityLabel::Org, 0.9)],
            vec![m(2, 2, EntityLabel::Per, 0.6)],
            vec![m(0, 0, EntityLabel::Org, 0.7)],
        ];
        harmonize(&sentences, &mut ms);
        assert!(ms.iter().flatten().all(|m| m.label == EntityLabel::Org));
    }

    #[test]
    fn surname_after_full_name_is_a_person() {
        let s1 = ["Marissa", "Mayer", "spoke", "."];
        let s2 = ["Mayer", "left", "."];
        let sentences: Vec<&[&str]> = vec![&s1, &s2];
        let mut ms = vec![
            vec![m(0, 1, EntityLabel::Per, 0.95)],
            vec![m(0, 0, EntityLabel::Org, 0.5)],
        ];
        harmonize(&sentences, &mut ms);
        assert_eq!(ms[1][0].label, EntityLabel::Per);
        assert_eq!(ms[0][0].label, EntityLabel::Per);
    }

    #[test]
    fn a_stronger_single_reading_stands() {
        // "Jordan" the country, said many times, is not turned into a person by one "Michael Jordan".
        let s1 = ["Michael", "Jordan", "visited", "Jordan", "."];
        let sentences: Vec<&[&str]> = vec![&s1, &s1, &s1];
        let mut ms = vec![
            vec![
                m(0, 1, EntityLabel::Per, 0.9),
                m(3, 3, EntityLabel::Loc, 0.9),
            ],
            vec![m(3, 3, EntityLabel::Loc, 0.9)],
            vec![m(3, 3, EntityLabel::Loc, 0.9)],
        ];
        harmonize(&sentences, &mut ms);
        assert!(
            ms.iter()
                .flatten()
                .skip(1)
                .all(|m| m.label == EntityLabel::Loc)
        );
    }

    #[test]
    fn a_lone_person_that_heads_an_organization_name_is_one() {
        let s1 = ["Tarnow", "Logistics", "hired", "Greta", "Holmqvist", "."];
        let s2 = ["Tarnow", "shares", "fell", "."];
        let s3 = ["Holmqvist", "smiled", "."];
        let sentences: Vec<&[&str]> = vec![&s1, &s2, &s3];
        let mut ms = vec![
            vec![
                m(0, 1, EntityLabel::Org, 0.9),
                m(3, 4, EntityLabel::Per, 0.9),
            ],
            vec![m(0, 0, EntityLabel::Per, 0.7)],
            vec![m(0, 0, EntityLabel::Per, 0.7)],
        ];
        harmonize(&sentences, &mut ms);
        assert_eq!(ms[1][0].label, EntityLabel::Org);
        assert_eq!(ms[2][0].label, EntityLabel::Per);
    }
}
