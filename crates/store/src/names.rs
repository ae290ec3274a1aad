//! Entity names: normalization keys and the simple linker that maps mentions to entity keys.
//!
//! This is the stand-in for real cross-document resolution: a mention links to the entity whose
//! normalized name and label match its canonical name (`Mention::entity`, e.g. from coreference)
//! or its surface text. A smarter resolver replaces [`EntityLinks::simple`] by building its own
//! [`EntityLinks`] (with [`EntityRef::Id`] for entities it resolved) and passing them to
//! [`crate::Store::upsert_document_with`].

use crate::EntityId;
use doc::{Document, EntityLabel, TextRange};
use serde::Serialize;

/// What a mention or quote speaker links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum EntityRef {
    /// An existing entity, chosen by a resolver.
    Id(EntityId),
    /// Get or create the entity with this name's normalized key and this label.
    Key { name: String, label: EntityLabel },
}

/// The entity links of one document: one slot per mention of its entities layer and one per
/// quote of its quotes layer (`None`: not linked). Missing slots count as `None`.
///
/// `notes` say why each name of the document joined its entity (stored as evidence with the
/// document) and carry canonical-name updates a resolver decided.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EntityLinks {
    pub mentions: Vec<Option<EntityRef>>,
    pub speakers: Vec<Option<EntityRef>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<LinkNote>,
}

/// Why one name of a document joined an entity, and whether the entity takes it as its new
/// canonical name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LinkNote {
    pub target: EntityRef,
    /// The name as used in the document (display form).
    pub name: String,
    /// A human-readable reason (`surname of unique PER entity 'Akhmed Zakayev'`).
    pub reason: String,
    /// A better canonical name for the entity (the longest well-formed full name seen). The
    /// store skips it for an entity renamed by hand or when another entity has that name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rename_to: Option<String>,
}

impl EntityLinks {
    /// The simple linker: each mention links by (normalized canonical-or-surface name, label);
    /// a quote speaker links by its `speaker_entity` name (label taken from the mention under
    /// the speaker span, else PER), or else to the entity of the mention under its speaker span.
    pub fn simple(doc: &Document) -> EntityLinks {
        let mentions: Vec<Option<EntityRef>> = doc
            .entity_items()
            .iter()
            .map(|m| {
                let name = m
                    .entity
                    .as_deref()
                    .filter(|e| !clean_name(e).is_empty())
                    .unwrap_or_else(|| doc.slice(m.range));
                let name = clean_name(name);
                (!name.is_empty()).then_some(EntityRef::Key {
                    name,
                    label: m.label,
                })
            })
            .collect();
        let speakers = doc
            .quote_items()
            .iter()
            .map(|q| {
                let under = q.speaker.and_then(|s| mention_under(doc, s));
                let name = q.speaker_entity.as_deref().map(clean_name);
                if let Some(name) = name.filter(|n| !n.is_empty()) {
                    let label = under
                        .and_then(|i| doc.entity_items().get(i))
                        .map_or(EntityLabel::Per, |m| m.label);
                    return Some(EntityRef::Key { name, label });
                }
                under.and_then(|i| mentions.get(i).cloned().flatten())
            })
            .collect();
        EntityLinks {
            mentions,
            speakers,
            notes: Vec::new(),
        }
    }
}

/// The index of the mention that overlaps `span` most (first on ties).
fn mention_under(doc: &Document, span: TextRange) -> Option<usize> {
    let mut best: Option<(usize, u32)> = None;
    for (i, m) in doc.entity_items().iter().enumerate() {
        if !m.range.overlaps(span) {
            continue;
        }
        let overlap = m.range.end.min(span.end) - m.range.start.max(span.start);
        if best.is_none_or(|(_, o)| overlap > o) {
            best = Some((i, overlap));
        }
    }
    best.map(|(i, _)| i)
}

/// The display form of a name: NFKC, whitespace collapsed, quotes and brackets at the ends and
/// a trailing possessive (`'s`, `’s`, `s'`) removed. Case is kept. (Same as
/// [`resolve::clean_name`].)
pub fn clean_name(s: &str) -> String {
    resolve::clean_name(s)
}

/// The normalized key of a name: [`clean_name`], lowercased, with a leading `the ` dropped.
/// Two names with the same key and label are the same entity for the simple linker.
pub fn normalize_name(s: &str) -> String {
    let lower = clean_name(s).to_lowercase();
    match lower.strip_prefix("the ") {
        Some(rest) if !rest.trim().is_empty() => rest.trim().to_string(),
        _ => lower,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use doc::{DocMeta, Layer, Mention, Producer, Quote};

    #[test]
    fn names_normalize() {
        assert_eq!(clean_name("  Akhmed \n Zakayev’s "), "Akhmed Zakayev");
        assert_eq!(normalize_name("AKHMED  ZAKAYEV's"), "akhmed zakayev");
        assert_eq!(normalize_name("the Free Russia Forum"), "free russia forum");
        assert_eq!(normalize_name("Reuters'"), "reuters");
        assert_eq!(normalize_name("“Kyiv”"), "kyiv");
        assert_eq!(normalize_name("ＫＹＩＶ"), "kyiv");
        assert_eq!(normalize_name("The"), "the");
        assert_eq!(normalize_name(" ’s "), "");
        assert_eq!(clean_name("U.S."), "U.S.");
    }

    #[test]
    fn simple_links_use_canonical_names_and_speakers() {
        let text = "“Yes,” he said. Zakayev spoke to Putin.";
        let mut d = Document::new(DocMeta::new("x"), text).unwrap();
        let p = Producer::new("t", "1");
        let z = text.find("Zakayev").unwrap();
        let pu = text.find("Putin").unwrap();
        let he = text.find("he").unwrap();
        let mention = |s: usize, e: usize, entity: Option<&str>| Mention {
            range: TextRange::from_usize(s, e),
            label: EntityLabel::Per,
            fine_label: None,
            confidence: 0.9,
            entity: entity.map(str::to_string),
        };
        d.set_entities(Layer::new(
            p.clone(),
            vec![
                mention(z, z + 7, Some("Akhmed Zakayev")),
                mention(pu, pu + 5, None),
            ],
        ))
        .unwrap();
        let quote = |speaker: Option<TextRange>, entity: Option<&str>| Quote {
            range: TextRange::from_usize(3, 6),
            direct: true,
            speaker,
            cue: None,
            speaker_entity: entity.map(str::to_string),
            confidence: 0.8,
            time: None,
            time_evidence: None,
            kind: None,
        };
        d.set_quotes(Layer::new(
            p,
            vec![
                quote(
                    Some(TextRange::from_usize(he, he + 2)),
                    Some("Akhmed Zakayev"),
                ),
                quote(Some(TextRange::from_usize(pu, pu + 5)), None),
                quote(Some(TextRange::from_usize(he, he + 2)), None),
            ],
        ))
        .unwrap();
        let links = EntityLinks::simple(&d);
        let key = |n: &str| {
            Some(EntityRef::Key {
                name: n.to_string(),
                label: EntityLabel::Per,
            })
        };
        assert_eq!(links.mentions, vec![key("Akhmed Zakayev"), key("Putin")]);
        assert_eq!(
            links.speakers,
            vec![key("Akhmed Zakayev"), key("Putin"), None]
        );
    }
}
