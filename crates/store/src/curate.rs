//! Resolution support and hand curation: blocking keys, candidate lookups for the resolver,
//! evidence of why names joined entities, and the curation commands (merge, split, rename,
//! alias add/remove, suppress), each stored as an event plus the name rules (pins, blocks) that
//! resolution consults at every later ingest, so corrections survive re-ingestion.

use crate::names::entity_with_key;
use crate::sql::{Conn, OptionalExtension, Transaction, params};
use crate::{
    Curated, CurationEvent, DocId, DocRef, EntityId, EntityName, MergeReason, Store, StoreError,
};
use doc::EntityLabel;
use resolve::{Candidate, NameKeys, display_name, is_surname_only, name_key};
use std::collections::BTreeSet;

type KeyParams = (String, Option<String>, Option<String>);

/// The key columns (`key`, `surname`, `acronym`) of an entity's canonical name.
pub(crate) fn entity_keys_params(name: &str, label: EntityLabel) -> KeyParams {
    let k = NameKeys::of(name, label);
    (k.key, k.surname, k.acronym)
}

/// The key columns of an alias (surface form) seen with a mention label.
pub(crate) fn alias_keys_params(alias: &str, label: EntityLabel) -> KeyParams {
    entity_keys_params(alias, label)
}

/// Deletes the given entities where nothing refers to them any more (an entity changed by hand
/// stays, so its curation keeps applying when its documents come back).
pub(crate) fn gc_entities(tx: &Conn, ids: &[EntityId]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "DELETE FROM entities WHERE id = ?1 AND curated = 0
           AND NOT EXISTS (SELECT 1 FROM curated_names WHERE entity_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM quotes WHERE speaker_entity_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM facts WHERE subject_entity_id = ?1)
           AND NOT EXISTS (SELECT 1 FROM facts WHERE object_entity_id = ?1)",
    )?;
    for id in ids {
        stmt.execute([id.0])?;
    }
    Ok(())
}

fn label_of(s: &str) -> Result<EntityLabel, StoreError> {
    EntityLabel::parse(s).ok_or_else(|| StoreError::Corrupt(format!("entity type {s:?}")))
}

/// Fills the key columns of rows written before schema version 2 (or by an older build).
pub(crate) fn backfill_keys(conn: &mut Conn) -> Result<(), StoreError> {
    let pending: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM entities WHERE key IS NULL)
              + (SELECT count(*) FROM aliases WHERE key IS NULL)",
        (),
        |r| r.get(0),
    )?;
    if pending == 0 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let entities: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, name, type FROM entities WHERE key IS NULL")?
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, name, ty) in entities {
        let (k, s, a) = entity_keys_params(&name, label_of(&ty)?);
        tx.execute(
            "UPDATE entities SET key = ?2, surname = ?3, acronym = ?4 WHERE id = ?1",
            params![id, k, s, a],
        )?;
    }
    let aliases: Vec<(i64, String, String)> = tx
        .prepare(
            "SELECT a.entity_id, a.alias, e.type FROM aliases a
             JOIN entities e ON e.id = a.entity_id WHERE a.key IS NULL",
        )?
        .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, alias, ty) in aliases {
        let (k, s, a) = alias_keys_params(&alias, label_of(&ty)?);
        tx.execute(
            "UPDATE aliases SET key = ?3, surname = ?4, acronym = ?5
             WHERE entity_id = ?1 AND alias = ?2",
            params![id, alias, k, s, a],
        )?;
    }
    tx.commit()?;
    Ok(())
}

struct EntityRow {
    id: EntityId,
    name: String,
    label: EntityLabel,
    name_locked: bool,
}

fn entity_row(tx: &Conn, id: EntityId) -> Result<EntityRow, StoreError> {
    tx.prepare_cached("SELECT name, type, name_locked FROM entities WHERE id = ?1")?
        .query_row([id.0], |r| {
            Ok((r.get::<String>(0)?, r.get::<String>(1)?, r.get::<bool>(2)?))
        })
        .optional()?
        .ok_or(StoreError::UnknownEntity(id.0))
        .and_then(|(name, ty, name_locked)| {
            Ok(EntityRow {
                id,
                name,
                label: label_of(&ty)?,
                name_locked,
            })
        })
}

fn set_name(tx: &Conn, e: &EntityRow, new: &str) -> Result<(), StoreError> {
    let (k, s, a) = entity_keys_params(new, e.label);
    tx.prepare_cached(
        "UPDATE entities SET name = ?2, key = ?3, surname = ?4, acronym = ?5 WHERE id = ?1",
    )?
    .execute(params![e.id.0, new, k, s, a])?;
    Ok(())
}

/// A resolver's canonical-name update: applied unless the entity was renamed by hand, another
/// entity of its type has that name (by key), or the new name is not better.
pub(crate) fn rename_auto(tx: &Conn, id: EntityId, new: &str) -> Result<(), StoreError> {
    let e = entity_row(tx, id)?;
    let new = display_name(new, e.label);
    let key = name_key(&new, e.label);
    if e.name_locked
        || key.is_empty()
        || !resolve::better_canonical(&e.name, &new, e.label)
        || entity_with_key(tx, &key, e.label, &new, Some(id))?.is_some()
    {
        return Ok(());
    }
    set_name(tx, &e, &new)
}

fn insert_event(tx: &Transaction, kind: &str, args: &serde_json::Value) -> Result<i64, StoreError> {
    tx.prepare_cached("INSERT INTO curation_events(kind, args) VALUES (?1, ?2) RETURNING seq")?
        .query_row(params![kind, serde_json::to_string(args)?], |r| r.get(0))
}

fn next_seq(tx: &Transaction) -> Result<i64, StoreError> {
    tx.prepare_cached("UPDATE counters SET value = value + 1 WHERE name = 'seq' RETURNING value")?
        .query_row((), |r| r.get(0))
}

/// Pins a name key of a type to an entity (replacing any other pin of that key), and lifts a
/// block of it on that entity.
fn pin(
    tx: &Transaction,
    key: &str,
    label: EntityLabel,
    to: EntityId,
    event: i64,
) -> Result<(), StoreError> {
    if key.is_empty() {
        return Ok(());
    }
    tx.prepare_cached("DELETE FROM curated_names WHERE key = ?1 AND type = ?2 AND (rule = 'pin' OR entity_id = ?3)")?
        .execute(params![key, label.as_str(), to.0])?;
    tx.prepare_cached(
        "INSERT INTO curated_names(key, type, entity_id, rule, event_seq) VALUES (?1, ?2, ?3, 'pin', ?4)",
    )?
    .execute(params![key, label.as_str(), to.0, event])?;
    Ok(())
}

/// Blocks a name key of a type from joining an entity (and drops a pin of it there).
fn block(
    tx: &Transaction,
    key: &str,
    label: EntityLabel,
    from: EntityId,
    event: i64,
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM curated_names WHERE key = ?1 AND type = ?2 AND entity_id = ?3")?
        .execute(params![key, label.as_str(), from.0])?;
    tx.prepare_cached(
        "INSERT INTO curated_names(key, type, entity_id, rule, event_seq) VALUES (?1, ?2, ?3, 'block', ?4)",
    )?
    .execute(params![key, label.as_str(), from.0, event])?;
    Ok(())
}

fn evidence(
    tx: &Transaction,
    entity: EntityId,
    name: &str,
    reason: &str,
    event: i64,
) -> Result<(), StoreError> {
    let seq = next_seq(tx)?;
    tx.prepare_cached(
        "INSERT INTO entity_evidence(entity_id, name, reason, event_seq, created_seq)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![entity.0, name, reason, event, seq])?;
    Ok(())
}

fn mark_curated(tx: &Transaction, id: EntityId) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE entities SET curated = 1 WHERE id = ?1")?
        .execute([id.0])?;
    Ok(())
}

/// An entity's names: canonical first, then aliases by frequency.
fn names_of(tx: &Transaction, e: &EntityRow) -> Result<Vec<String>, StoreError> {
    let mut out = vec![e.name.clone()];
    let mut stmt = tx.prepare_cached(
        "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY count DESC, alias",
    )?;
    for a in stmt.query_map([e.id.0], |r| r.get::<String>(0))? {
        let a = a?;
        if !out.contains(&a) {
            out.push(a);
        }
    }
    Ok(out)
}

/// Names worth pinning for an entity: its canonical name, and its other names except a
/// person's bare surname (pinning "Putin" would capture every Putin to come).
fn pinnable(e: &EntityRow, names: &[String]) -> Vec<String> {
    names
        .iter()
        .filter(|n| **n == e.name || e.label != EntityLabel::Per || !is_surname_only(n))
        .cloned()
        .collect()
}

fn add_alias_row(
    tx: &Transaction,
    to: EntityId,
    alias: &str,
    label: EntityLabel,
    count: i64,
    pinned: bool,
) -> Result<(), StoreError> {
    let (k, s, a) = alias_keys_params(alias, label);
    tx.prepare_cached(
        "INSERT INTO aliases(entity_id, alias, count, key, surname, acronym, pinned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(entity_id, alias) DO UPDATE SET count = aliases.count + excluded.count,
           pinned = max(aliases.pinned, excluded.pinned)",
    )?
    .execute(params![to.0, alias, count, k, s, a, pinned])?;
    Ok(())
}

/// Moves the given mentions (ids) from one entity to another, with their alias counts, the
/// quotes whose speaker span overlaps them and the facts built on them. Returns how many moved.
fn move_mentions(
    tx: &Transaction,
    from: EntityId,
    to: EntityId,
    ids: &[i64],
) -> Result<u64, StoreError> {
    let mut moved = 0;
    for &mid in ids {
        let row: Option<(i64, i64, i64, i64, String, String)> = tx
            .prepare_cached(
                "SELECT doc_id, ord, start, end, surface, label FROM mentions
                 WHERE id = ?1 AND entity_id = ?2",
            )?
            .query_row(params![mid, from.0], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })
            .optional()?;
        let Some((doc, ord, start, end, surface, label)) = row else {
            continue;
        };
        tx.prepare_cached("UPDATE mentions SET entity_id = ?2 WHERE id = ?1")?
            .execute(params![mid, to.0])?;
        tx.prepare_cached(
            "UPDATE aliases SET count = count - 1 WHERE entity_id = ?1 AND alias = ?2",
        )?
        .execute(params![from.0, surface])?;
        tx.prepare_cached(
            "DELETE FROM aliases WHERE entity_id = ?1 AND alias = ?2 AND count <= 0 AND pinned = 0",
        )?
        .execute(params![from.0, surface])?;
        if !surface.is_empty() {
            add_alias_row(tx, to, &surface, label_of(&label)?, 1, false)?;
        }
        tx.prepare_cached(
            "UPDATE quotes SET speaker_entity_id = ?2 WHERE doc_id = ?1 AND speaker_entity_id = ?3
               AND speaker_start < ?5 AND speaker_end > ?4",
        )?
        .execute(params![doc, to.0, from.0, start, end])?;
        tx.prepare_cached(
            "UPDATE facts SET subject_entity_id = ?2
             WHERE doc_id = ?1 AND subject_entity_id = ?3 AND subject_mention = ?4",
        )?
        .execute(params![doc, to.0, from.0, ord])?;
        tx.prepare_cached(
            "UPDATE facts SET object_entity_id = ?2
             WHERE doc_id = ?1 AND object_entity_id = ?3 AND object_mention = ?4",
        )?
        .execute(params![doc, to.0, from.0, ord])?;
        moved += 1;
    }
    Ok(moved)
}

/// Mentions (ids) of an entity whose surface has the name key `key` under its own label.
fn mentions_with_key(
    tx: &Transaction,
    entity: Option<EntityId>,
    key: &str,
    label: EntityLabel,
) -> Result<Vec<(i64, EntityId)>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT m.id, m.entity_id, m.surface FROM mentions m
         JOIN entities e ON e.id = m.entity_id
         WHERE (?1 IS NULL OR m.entity_id = ?1) AND m.label = ?2
         ORDER BY m.id",
    )?;
    let rows = stmt.query_map(params![entity.map(|e| e.0), label.as_str()], |r| {
        Ok((r.get::<i64>(0)?, r.get::<i64>(1)?, r.get::<String>(2)?))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (id, e, surface) = row?;
        if name_key(&surface, label) == key {
            out.push((id, EntityId(e)));
        }
    }
    Ok(out)
}

/// Moves evidence rows about a name (by key) from one entity to another.
fn move_evidence(
    tx: &Transaction,
    from: EntityId,
    to: EntityId,
    key: &str,
    label: EntityLabel,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> = tx
        .prepare_cached("SELECT id, name FROM entity_evidence WHERE entity_id = ?1")?
        .query_map([from.0], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, name) in rows {
        if name_key(&name, label) == key {
            tx.prepare_cached("UPDATE entity_evidence SET entity_id = ?2 WHERE id = ?1")?
                .execute(params![id, to.0])?;
        }
    }
    Ok(())
}

fn entity_json(e: &EntityRow) -> serde_json::Value {
    serde_json::json!({ "id": e.id.0, "name": e.name, "type": e.label.as_str() })
}

fn curated(tx: &Transaction, event: i64, id: EntityId, moved: u64) -> Result<Curated, StoreError> {
    let e = entity_row(tx, id)?;
    Ok(Curated {
        event,
        entity: EntityName {
            id,
            name: e.name,
            label: e.label,
        },
        moved_mentions: moved,
    })
}

impl Store {
    /// The entity a name key of a type is pinned to by hand, if any, with the number of the
    /// curation event that pinned it.
    pub fn pinned_entity(
        &self,
        key: &str,
        label: EntityLabel,
    ) -> Result<Option<(EntityId, i64)>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT entity_id, event_seq FROM curated_names
                 WHERE key = ?1 AND type = ?2 AND rule = 'pin'
                 ORDER BY event_seq DESC LIMIT 1",
            )?
            .query_row(params![key, label.as_str()], |r| {
                Ok((EntityId(r.get(0)?), r.get(1)?))
            })
            .optional()
    }

    /// Stored entities of `label` that share a name key, a surname key or an acronym with the
    /// names being resolved (by canonical name or by alias), as the resolver's candidates, in
    /// id order. Context is left empty (see [`Store::cooccurring`]).
    pub fn resolution_candidates(
        &self,
        label: EntityLabel,
        keys: &[String],
        surnames: &[String],
        acronyms: &[String],
    ) -> Result<Vec<Candidate>, StoreError> {
        let mut ids: BTreeSet<i64> = BTreeSet::new();
        for (col, values) in [("key", keys), ("surname", surnames), ("acronym", acronyms)] {
            let mut by_entity = self.conn.prepare_cached(&format!(
                "SELECT id FROM entities WHERE {col} = ?1 AND type = ?2"
            ))?;
            let mut by_alias = self.conn.prepare_cached(&format!(
                "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id
                 WHERE a.{col} = ?1 AND e.type = ?2"
            ))?;
            for v in values.iter().filter(|v| !v.is_empty()) {
                for stmt in [&mut by_entity, &mut by_alias] {
                    let rows = stmt.query_map(params![v, label.as_str()], |r| r.get::<i64>(0))?;
                    for row in rows {
                        ids.insert(row?);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let row: Option<(String, String, bool, bool, i64)> = self
                .conn
                .prepare_cached(
                    "SELECT e.name, e.type, e.curated, e.name_locked,
                            (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)
                     FROM entities e WHERE e.id = ?1",
                )?
                .query_row([id], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .optional()?;
            let Some((name, ty, curated, name_locked, n)) = row else {
                continue;
            };
            let aliases: Vec<String> = self
                .conn
                .prepare_cached(
                    "SELECT alias FROM aliases WHERE entity_id = ?1 ORDER BY count DESC, alias",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let blocked: Vec<String> = self
                .conn
                .prepare_cached(
                    "SELECT key FROM curated_names WHERE entity_id = ?1 AND rule = 'block' ORDER BY key",
                )?
                .query_map([id], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            out.push(Candidate {
                id,
                name,
                label: EntityLabel::parse(&ty),
                aliases,
                mentions: u64::try_from(n).unwrap_or(0),
                blocked,
                curated,
                name_locked,
                context: Vec::new(),
            });
        }
        Ok(out)
    }

    /// Entities mentioned in the documents that mention `id` (at most 1000, by id).
    pub fn cooccurring(&self, id: EntityId) -> Result<Vec<i64>, StoreError> {
        self.conn
            .prepare_cached(
                "SELECT DISTINCT m2.entity_id FROM mentions m1
                 JOIN mentions m2 ON m2.doc_id = m1.doc_id
                 WHERE m1.entity_id = ?1 AND m2.entity_id IS NOT NULL AND m2.entity_id != ?1
                 ORDER BY m2.entity_id LIMIT 1000",
            )?
            .query_map([id.0], |r| r.get(0))?
            .collect::<Result<_, _>>()
    }

    /// Why an entity's names joined it: one row per distinct (name, reason), oldest first.
    pub fn merge_reasons(
        &self,
        id: EntityId,
        limit_n: usize,
    ) -> Result<Vec<MergeReason>, StoreError> {
        // (name, reason, documents, first document, curation event)
        type Raw = (String, String, i64, Option<i64>, Option<i64>);
        let rows: Vec<Raw> = self
            .conn
            .prepare_cached(
                "SELECT name, reason, count(DISTINCT doc_id), min(doc_id), max(event_seq)
                 FROM entity_evidence WHERE entity_id = ?1
                 GROUP BY name, reason
                 ORDER BY min(created_seq), min(id)
                 LIMIT ?2",
            )?
            .query_map(
                params![id.0, i64::try_from(limit_n).unwrap_or(i64::MAX)],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(name, reason, docs, doc, event)| {
                let doc: Option<DocRef> = match doc {
                    Some(d) => self.doc_ref(DocId(d))?,
                    None => None,
                };
                Ok(MergeReason {
                    name,
                    reason,
                    docs: u64::try_from(docs).unwrap_or(0),
                    doc,
                    event,
                })
            })
            .collect()
    }

    /// Every hand correction, in order.
    pub fn curation_events(&self) -> Result<Vec<CurationEvent>, StoreError> {
        let rows: Vec<(i64, String, String)> = self
            .conn
            .prepare_cached("SELECT seq, kind, args FROM curation_events ORDER BY seq")?
            .query_map((), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(seq, kind, args)| {
                Ok(CurationEvent {
                    seq,
                    kind,
                    args: serde_json::from_str(&args)?,
                })
            })
            .collect()
    }

    /// Merges entity `from` into `into`: its mentions, quotes, facts, aliases and evidence move,
    /// its names are pinned to `into` (a person's bare surname excepted) and it is deleted.
    pub fn merge_entities(
        &mut self,
        into: EntityId,
        from: EntityId,
    ) -> Result<Curated, StoreError> {
        if into == from {
            return Err(StoreError::Curation(
                "an entity cannot be merged into itself".into(),
            ));
        }
        let tx = self.conn.transaction()?;
        let a = entity_row(&tx, into)?;
        let b = entity_row(&tx, from)?;
        let names = names_of(&tx, &b)?;
        let event = insert_event(
            &tx,
            "merge",
            &serde_json::json!({ "into": entity_json(&a), "from": entity_json(&b), "names": names }),
        )?;
        let moved: i64 = tx.query_row(
            "SELECT count(*) FROM mentions WHERE entity_id = ?1",
            [from.0],
            |r| r.get(0),
        )?;
        for sql in [
            "UPDATE mentions SET entity_id = ?1 WHERE entity_id = ?2",
            "UPDATE quotes SET speaker_entity_id = ?1 WHERE speaker_entity_id = ?2",
            "UPDATE facts SET subject_entity_id = ?1 WHERE subject_entity_id = ?2",
            "UPDATE facts SET object_entity_id = ?1 WHERE object_entity_id = ?2",
            "INSERT INTO aliases(entity_id, alias, count, key, surname, acronym, pinned)
               SELECT ?1, alias, count, key, surname, acronym, pinned FROM aliases WHERE entity_id = ?2
               ON CONFLICT(entity_id, alias) DO UPDATE SET count = aliases.count + excluded.count,
                 pinned = max(aliases.pinned, excluded.pinned)",
            "DELETE FROM aliases WHERE entity_id = ?2",
            "UPDATE entity_evidence SET entity_id = ?1 WHERE entity_id = ?2",
            "INSERT OR IGNORE INTO curated_names(key, type, entity_id, rule, event_seq)
               SELECT key, type, ?1, rule, event_seq FROM curated_names WHERE entity_id = ?2 AND rule = 'pin'",
            "DELETE FROM curated_names WHERE entity_id = ?2",
        ] {
            tx.execute(sql, params![into.0, from.0])?;
        }
        add_alias_row(&tx, into, &b.name, b.label, 0, true)?;
        tx.execute("DELETE FROM entities WHERE id = ?1", [from.0])?;
        mark_curated(&tx, into)?;
        for n in pinnable(&b, &names) {
            pin(&tx, &name_key(&n, b.label), b.label, into, event)?;
        }
        let reason = format!("merged by hand into '{}' (was entity '{}')", a.name, b.name);
        for n in &names {
            evidence(&tx, into, n, &reason, event)?;
        }
        let out = curated(&tx, event, into, u64::try_from(moved).unwrap_or(0))?;
        tx.commit()?;
        Ok(out)
    }

    /// Splits alias `alias` off `entity`: its mentions (and their quotes and facts) move to the
    /// entity of that name (a new one unless one exists), the name is pinned there and blocked
    /// from `entity`.
    pub fn split_alias(&mut self, entity: EntityId, alias: &str) -> Result<Curated, StoreError> {
        self.detach_alias(entity, alias, true)
    }

    /// Removes alias `alias` from `entity`: it never joins `entity` again; mentions with it move
    /// to the entity of that name (a new one unless one exists), where the name is pinned.
    pub fn remove_alias(&mut self, entity: EntityId, alias: &str) -> Result<Curated, StoreError> {
        self.detach_alias(entity, alias, false)
    }

    fn detach_alias(
        &mut self,
        entity: EntityId,
        alias: &str,
        split: bool,
    ) -> Result<Curated, StoreError> {
        let tx = self.conn.transaction()?;
        let e = entity_row(&tx, entity)?;
        let name = display_name(alias, e.label);
        let key = name_key(&name, e.label);
        if key.is_empty() {
            return Err(StoreError::Curation(format!("{alias:?} is not a name")));
        }
        if key == name_key(&e.name, e.label) {
            return Err(StoreError::Curation(format!(
                "{alias:?} is the name of '{}' itself; rename it first",
                e.name
            )));
        }
        let mentions: Vec<i64> = mentions_with_key(&tx, Some(entity), &key, e.label)?
            .into_iter()
            .map(|(m, _)| m)
            .collect();
        let alias_rows: Vec<String> = names_of(&tx, &e)?
            .into_iter()
            .filter(|n| *n != e.name && name_key(n, e.label) == key)
            .collect();
        if mentions.is_empty() && alias_rows.is_empty() && split {
            return Err(StoreError::Curation(format!(
                "'{}' has no alias {alias:?}",
                e.name
            )));
        }
        let kind = if split { "split" } else { "alias_remove" };
        let target = match entity_with_key(&tx, &key, e.label, &name, Some(entity))? {
            Some(t) => Some(t),
            None if split || !mentions.is_empty() => {
                let (k, s, a) = entity_keys_params(&name, e.label);
                let seq = next_seq(&tx)?;
                Some(EntityId(tx.query_row(
                    "INSERT INTO entities(name, type, created_seq, key, surname, acronym)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                    params![name, e.label.as_str(), seq, k, s, a],
                    |r| r.get(0),
                )?))
            }
            None => None,
        };
        let event = insert_event(
            &tx,
            kind,
            &serde_json::json!({
                "entity": entity_json(&e),
                "alias": alias,
                "to": target.map(|t| t.0),
            }),
        )?;
        let moved = match target {
            Some(t) => move_mentions(&tx, entity, t, &mentions)?,
            None => 0,
        };
        for a in &alias_rows {
            tx.execute(
                "DELETE FROM aliases WHERE entity_id = ?1 AND alias = ?2",
                params![entity.0, a],
            )?;
        }
        block(&tx, &key, e.label, entity, event)?;
        mark_curated(&tx, entity)?;
        let holder = target.unwrap_or(entity);
        if let Some(t) = target {
            move_evidence(&tx, entity, t, &key, e.label)?;
            // The name keeps resolving where its mentions went, whatever coreference says.
            pin(&tx, &key, e.label, t, event)?;
            let reason = if split {
                mark_curated(&tx, t)?;
                format!("split by hand from '{}'", e.name)
            } else {
                format!("alias removed by hand from '{}'", e.name)
            };
            evidence(&tx, t, &name, &reason, event)?;
        }
        let out = curated(&tx, event, holder, moved)?;
        tx.commit()?;
        Ok(out)
    }

    /// Renames an entity by hand: the new name is its canonical name from now on (never
    /// replaced automatically) and resolves to it, as does the old one.
    pub fn rename_entity(&mut self, entity: EntityId, new: &str) -> Result<Curated, StoreError> {
        let tx = self.conn.transaction()?;
        let e = entity_row(&tx, entity)?;
        let name = display_name(new, e.label);
        let key = name_key(&name, e.label);
        if key.is_empty() {
            return Err(StoreError::Curation(format!("{new:?} is not a name")));
        }
        if let Some(other) = entity_with_key(&tx, &key, e.label, &name, Some(entity))? {
            let o = entity_row(&tx, other)?;
            return Err(StoreError::Curation(format!(
                "entity '{}' (id {}) already has that name; merge the two instead",
                o.name, o.id
            )));
        }
        let event = insert_event(
            &tx,
            "rename",
            &serde_json::json!({ "entity": entity_json(&e), "name": name }),
        )?;
        set_name(&tx, &e, &name)?;
        tx.execute(
            "UPDATE entities SET curated = 1, name_locked = 1 WHERE id = ?1",
            [entity.0],
        )?;
        add_alias_row(&tx, entity, &e.name, e.label, 0, true)?;
        pin(&tx, &key, e.label, entity, event)?;
        if e.label != EntityLabel::Per || !is_surname_only(&e.name) {
            pin(&tx, &name_key(&e.name, e.label), e.label, entity, event)?;
        }
        evidence(
            &tx,
            entity,
            &name,
            &format!("renamed by hand from '{}'", e.name),
            event,
        )?;
        let out = curated(&tx, event, entity, 0)?;
        tx.commit()?;
        Ok(out)
    }

    /// Adds an alias by hand: the name resolves to `entity` from now on, and stored mentions
    /// of it (same type) move there from other entities.
    pub fn add_alias(&mut self, entity: EntityId, alias: &str) -> Result<Curated, StoreError> {
        let tx = self.conn.transaction()?;
        let e = entity_row(&tx, entity)?;
        let name = display_name(alias, e.label);
        let key = name_key(&name, e.label);
        if key.is_empty() {
            return Err(StoreError::Curation(format!("{alias:?} is not a name")));
        }
        let event = insert_event(
            &tx,
            "alias_add",
            &serde_json::json!({ "entity": entity_json(&e), "alias": name }),
        )?;
        add_alias_row(&tx, entity, &name, e.label, 0, true)?;
        pin(&tx, &key, e.label, entity, event)?;
        mark_curated(&tx, entity)?;
        let mut moved = 0;
        let mut sources: BTreeSet<EntityId> = BTreeSet::new();
        for (m, from) in mentions_with_key(&tx, None, &key, e.label)? {
            if from != entity {
                moved += move_mentions(&tx, from, entity, &[m])?;
                sources.insert(from);
            }
        }
        for from in &sources {
            move_evidence(&tx, *from, entity, &key, e.label)?;
        }
        gc_entities(&tx, &sources.into_iter().collect::<Vec<_>>())?;
        evidence(&tx, entity, &name, "alias added by hand", event)?;
        let out = curated(&tx, event, entity, moved)?;
        tx.commit()?;
        Ok(out)
    }

    /// Suppresses an entity (a false positive): hidden from entity lists, `show`, and quote
    /// lists; its names keep resolving to it, so it stays hidden after re-ingestion.
    pub fn suppress_entity(&mut self, entity: EntityId) -> Result<Curated, StoreError> {
        let tx = self.conn.transaction()?;
        let e = entity_row(&tx, entity)?;
        let names = names_of(&tx, &e)?;
        let event = insert_event(
            &tx,
            "suppress",
            &serde_json::json!({ "entity": entity_json(&e), "names": names }),
        )?;
        tx.execute(
            "UPDATE entities SET suppressed = 1, curated = 1 WHERE id = ?1",
            [entity.0],
        )?;
        for n in pinnable(&e, &names) {
            pin(&tx, &name_key(&n, e.label), e.label, entity, event)?;
        }
        evidence(
            &tx,
            entity,
            &e.name,
            "suppressed by hand as a false positive",
            event,
        )?;
        let out = curated(&tx, event, entity, 0)?;
        tx.commit()?;
        Ok(out)
    }
}
