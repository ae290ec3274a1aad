//! Entity links: what the mentions and quote speakers of a document link to, as the engine's
//! resolution decides (`engine::resolution`, with `resolve`'s rules) and passes to
//! [`crate::Store::upsert_document_with`]. The store has no linker of its own; it only turns
//! an [`EntityRef`] into an entity id.
//!
//! Names have one key, [`name_key`] (`resolve::name_key`): the `key` column of entities and
//! aliases, the look-up of [`EntityRef::Key`], of hand curation and of `show NAME`.

use crate::sql::{Conn, OptionalExtension, params};
use crate::{EntityId, StoreError};
use doc::EntityLabel;
pub use resolve::name_key;
use serde::Serialize;

/// What a mention or quote speaker links to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum EntityRef {
    /// An existing entity, chosen by a resolver.
    Id(EntityId),
    /// A new entity with this name and label, unless one with this name's [`name_key`] and this
    /// label exists (the one with exactly this name first, then the oldest), skipping entities
    /// the key is blocked from by hand curation.
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

/// The display form of a name: NFKC, whitespace collapsed, quotes and brackets at the ends and
/// a trailing possessive (`'s`, `’s`, `s'`) removed. Case is kept. (Same as
/// [`resolve::clean_name`].)
pub fn clean_name(s: &str) -> String {
    resolve::clean_name(s)
}

/// The entity of this type that a name with key `key` names (other than `except`): one whose
/// canonical name has that key and from which hand curation has not blocked it, the one named
/// exactly `name` first, then the oldest. Two entities can share a key (one split off by hand
/// from the other), so the key is an index, not a constraint.
pub(crate) fn entity_with_key(
    tx: &Conn,
    key: &str,
    label: EntityLabel,
    name: &str,
    except: Option<EntityId>,
) -> Result<Option<EntityId>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT e.id FROM entities e
             WHERE e.key = ?1 AND e.type = ?2 AND (?4 IS NULL OR e.id != ?4)
               AND NOT EXISTS (SELECT 1 FROM curated_names c
                               WHERE c.key = ?1 AND c.type = ?2 AND c.rule = 'block'
                                 AND c.entity_id = e.id)
             ORDER BY CASE WHEN e.name = ?3 THEN 0 ELSE 1 END, e.id
             LIMIT 1",
        )?
        .query_row(
            params![key, label.as_str(), name, except.map(|e| e.0)],
            |r| r.get(0),
        )
        .optional()?
        .map(EntityId))
}
