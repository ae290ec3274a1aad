//! Cross-document entity resolution at ingest time, and hand curation of entities.
//!
//! For a document about to be stored: every mention gets a canonical name (`Mention::entity`,
//! else the canonical name of the coreference chain around it, else its text; titles dropped);
//! names pinned by hand go to their entity; the other names are grouped within the document
//! (`resolve::group_names`), and each group is decided against the stored candidates found by
//! its keys (`resolve::decide`), ambiguous ones last by shared context. Every name carries its
//! reason into the store, so `show` can say why it joined its entity. The decisions live in the
//! pure `resolve` crate; the store supplies candidates and keeps the curation rules.

use crate::{Engine, EngineError};
use doc::{Document, EntityLabel, TextRange};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use store::resolve::{self, Decision, NameGroup};
use store::{
    Curated, CurationEvent, EntityId, EntityLinks, EntityRef, LinkNote, Store, StoreError,
};

/// Curation errors the user can fix become user errors.
fn curation_error(e: StoreError) -> EngineError {
    match e {
        StoreError::Curation(msg) => EngineError::User(msg),
        StoreError::UnknownEntity(id) => EngineError::User(format!("no entity with id {id}")),
        other => EngineError::Store(other),
    }
}

/// The document's coreference spans and entity mentions indexed once, so that each look-up
/// is a binary search (a scan per mention made ingest quadratic in the document's length).
struct Lookup<'d> {
    doc: &'d Document,
    chains: doc::CorefIndex,
    /// `(range, mention index)` sorted by range.
    mentions: Vec<(TextRange, usize)>,
}

/// Mentions read back from a look-up's position in [`Lookup::mention_under`]: entity mentions
/// hardly overlap one another, so the few nearest are all that can overlap a span.
const MENTION_SCAN: usize = 64;

impl<'d> Lookup<'d> {
    fn new(doc: &'d Document) -> Self {
        let mut mentions: Vec<(TextRange, usize)> = doc
            .entity_items()
            .iter()
            .enumerate()
            .map(|(i, m)| (m.range, i))
            .collect();
        mentions.sort_unstable();
        Lookup {
            doc,
            chains: doc::CorefIndex::new(doc),
            mentions,
        }
    }

    /// The coreference chain that has a span covering `range`.
    fn chain_at(&self, range: TextRange) -> Option<&'d doc::CorefChain> {
        let i = self.chains.first_containing(range)?;
        self.doc.coref()?.items.get(i)
    }

    /// The canonical name of the coreference chain that has a span covering `range`.
    fn chain_canonical(&self, range: TextRange) -> Option<&'d str> {
        self.chain_at(range)
            .map(|c| c.canonical.as_str())
            .filter(|c| !resolve::clean_name(c).is_empty())
    }

    /// The index of the mention that overlaps `span` most (first on ties).
    fn mention_under(&self, span: TextRange) -> Option<usize> {
        let k = self.mentions.partition_point(|(r, _)| r.start < span.end);
        self.mentions
            .get(..k)?
            .iter()
            .rev()
            .take(MENTION_SCAN)
            .filter(|(r, _)| r.overlaps(span))
            .map(|&(r, i)| (r.end.min(span.end) - r.start.max(span.start), i))
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, i)| i)
    }
}

/// The distinct names of a document, in order of first appearance, and which name each
/// mention and quote speaker has.
#[derive(Debug, Default)]
struct Names {
    list: Vec<(String, EntityLabel)>,
    index: BTreeMap<(String, EntityLabel), usize>,
    mention_slots: Vec<Option<usize>>,
    speaker_slots: Vec<Option<usize>>,
    /// (slot of the canonical name, surface display name) where coreference gave another name.
    coreferent: BTreeSet<(usize, String)>,
}

impl Names {
    fn intern(&mut self, raw: &str, label: EntityLabel) -> Option<usize> {
        let name = resolve::display_name(raw, label);
        if resolve::name_key(&name, label).is_empty() {
            return None;
        }
        let key = (name, label);
        if let Some(&i) = self.index.get(&key) {
            return Some(i);
        }
        let i = self.list.len();
        self.list.push(key.clone());
        self.index.insert(key, i);
        Some(i)
    }
}

/// Where one name of the document goes, and why.
struct Placed {
    target: EntityRef,
    reason: String,
    rename_to: Option<String>,
}

/// A name group several candidates fit, left for the context pass.
struct Ambiguous {
    rep: usize,
    members: Vec<usize>,
    ids: Vec<i64>,
    reason: String,
    candidates: Vec<resolve::Candidate>,
}

/// Look-ups that resolution repeats from document to document, kept by the ingest writer:
/// which names are pinned by hand, and the entities that co-occur with an entity (the first
/// [`COOCCURRING`] by id, as [`Store::cooccurring`] gives them).
///
/// Exact, not approximate: the writer tells the cache what each inserted document linked
/// ([`ResolutionCache::inserted`]), and a set of the smallest ids stays the smallest ids of the
/// grown set once the document's entities are added and it is cut back to size. An updated
/// document (whose old mentions go) clears it, and so does a change committed by another
/// connection ([`ResolutionCache::check`], by `PRAGMA data_version`, at the start of each
/// write batch, under the write lock). Without it, the co-occurrence query of an entity
/// mentioned in many documents grew with the store.
#[derive(Debug, Default)]
pub(crate) struct ResolutionCache {
    data_version: Option<i64>,
    /// `Some(false)`: no name is pinned, so no pin needs looking up.
    any_pins: Option<bool>,
    pins: HashMap<(String, EntityLabel), Option<(EntityId, i64)>>,
    cooccurring: HashMap<i64, BTreeSet<i64>>,
}

/// How many co-occurring entities [`Store::cooccurring`] returns.
const COOCCURRING: usize = 1000;

impl ResolutionCache {
    /// Forgets everything when another connection has committed since the last check.
    pub(crate) fn check(&mut self, store: &Store) -> Result<(), StoreError> {
        let v = store.data_version()?;
        if self.data_version != Some(v) {
            self.clear();
            self.data_version = Some(v);
        }
        Ok(())
    }

    /// Forgets everything (a document was replaced).
    pub(crate) fn clear(&mut self) {
        self.any_pins = None;
        self.pins.clear();
        self.cooccurring.clear();
    }

    /// A document was inserted whose mentions link to `entities`.
    pub(crate) fn inserted(&mut self, entities: &BTreeSet<i64>) {
        for e in entities {
            if let Some(set) = self.cooccurring.get_mut(e) {
                set.extend(entities.iter().copied().filter(|x| x != e));
                while set.len() > COOCCURRING {
                    set.pop_last();
                }
            }
        }
    }

    /// Whether any name is pinned by hand.
    fn any_pins(&mut self, store: &Store) -> Result<bool, StoreError> {
        match self.any_pins {
            Some(any) => Ok(any),
            None => Ok(*self.any_pins.insert(store.has_pins()?)),
        }
    }

    fn pinned(
        &mut self,
        store: &Store,
        key: &str,
        label: EntityLabel,
    ) -> Result<Option<(EntityId, i64)>, StoreError> {
        if !self.any_pins(store)? {
            return Ok(None);
        }
        if let Some(hit) = self.pins.get(&(key.to_string(), label)) {
            return Ok(*hit);
        }
        let found = store.pinned_entity(key, label)?;
        self.pins.insert((key.to_string(), label), found);
        Ok(found)
    }

    fn cooccurring(&mut self, store: &Store, id: EntityId) -> Result<Vec<i64>, StoreError> {
        if let Some(set) = self.cooccurring.get(&id.0) {
            return Ok(set.iter().copied().collect());
        }
        let found = store.cooccurring(id)?;
        self.cooccurring
            .insert(id.0, found.iter().copied().collect());
        Ok(found)
    }
}

/// The resolver: entity links (with reasons) for a document, given what `store` holds.
#[cfg(test)]
pub(crate) fn resolve_links(store: &Store, doc: &Document) -> Result<EntityLinks, StoreError> {
    resolve_links_with(store, doc, &mut ResolutionCache::default())
}

/// [`resolve_links`] with the writer's cache.
pub(crate) fn resolve_links_with(
    store: &Store,
    doc: &Document,
    cache: &mut ResolutionCache,
) -> Result<EntityLinks, StoreError> {
    let names = plan_names(doc, &mut |key, label| {
        Ok(cache.pinned(store, key, label)?.is_some())
    })?;
    // Names pinned by hand.
    let mut placed: Vec<Option<Placed>> = (0..names.list.len()).map(|_| None).collect();
    let mut free: Vec<usize> = Vec::new();
    for (i, (name, label)) in names.list.iter().enumerate() {
        match cache.pinned(store, &resolve::name_key(name, *label), *label)? {
            Some((id, event)) => {
                if let Some(p) = placed.get_mut(i) {
                    *p = Some(Placed {
                        target: EntityRef::Id(id),
                        reason: format!("name pinned by hand (event #{event})"),
                        rename_to: None,
                    });
                }
            }
            None => free.push(i),
        }
    }
    let groups = plan_groups(&names, free);
    decide_links(store, cache, &names, &groups, placed)
}

/// What resolution can work out from a document alone, before the store is read: its names,
/// the name of each mention and quote speaker, and the groups of names that refer to one
/// entity with their look-up keys. Made on an annotation thread, used by the writer when no
/// name is pinned by hand (a pin changes which names a document has, so the writer then
/// resolves from the start).
#[derive(Debug)]
pub(crate) struct DocPlan {
    names: Names,
    groups: Groups,
}

/// Plans `doc`'s resolution as if no name were pinned.
pub(crate) fn plan(doc: &Document) -> Result<DocPlan, StoreError> {
    let names = plan_names(doc, &mut |_, _| Ok(false))?;
    let groups = plan_groups(&names, (0..names.list.len()).collect());
    Ok(DocPlan { names, groups })
}

/// Entity links for a document with its plan: as [`resolve_links_with`], which it calls
/// when a name is pinned by hand.
pub(crate) fn resolve_planned(
    store: &Store,
    doc: &Document,
    plan: &DocPlan,
    cache: &mut ResolutionCache,
) -> Result<EntityLinks, StoreError> {
    if cache.any_pins(store)? {
        return resolve_links_with(store, doc, cache);
    }
    let placed = (0..plan.names.list.len()).map(|_| None).collect();
    decide_links(store, cache, &plan.names, &plan.groups, placed)
}

/// A document's distinct names and where its mentions and speakers point. `pinned` says
/// whether a name key of a type is pinned by hand.
fn plan_names(
    doc: &Document,
    pinned: &mut dyn FnMut(&str, EntityLabel) -> Result<bool, StoreError>,
) -> Result<Names, StoreError> {
    let mut names = Names::default();
    let look = Lookup::new(doc);
    for m in doc.entity_items() {
        let surface = doc.slice(m.range);
        let shown = resolve::display_name(surface, m.label);
        let shown_key = resolve::name_key(&shown, m.label);
        // A surface form pinned by hand (split off, added as an alias) wins over the
        // coreference canonical name, so the correction holds when coreference disagrees.
        let pinned = !shown_key.is_empty() && pinned(&shown_key, m.label)?;
        let raw = m
            .entity
            .as_deref()
            .filter(|e| !pinned && !resolve::clean_name(e).is_empty())
            .or_else(|| look.chain_canonical(m.range).filter(|_| !pinned))
            .unwrap_or(surface);
        // The entity's type is the chain's: coreference sees every mention of the entity and
        // corrects a single NER label error ("Siberian Battalion" tagged as a person).
        // A mention coreference left out of every chain is NER noise (a lowercase common
        // noun): it stays unlinked rather than becoming an entity.
        let chain = look.chain_at(m.range);
        if doc.coref().is_some() && chain.is_none() && m.entity.is_none() && !pinned {
            names.mention_slots.push(None);
            continue;
        }
        let label = chain.map_or(m.label, |c| c.label);
        let slot = names.intern(raw, label);
        if let Some(slot) = slot
            && shown_key != resolve::name_key(raw, m.label)
            && !shown_key.is_empty()
        {
            names.coreferent.insert((slot, shown));
        }
        names.mention_slots.push(slot);
    }
    let mut speaker_slots = Vec::with_capacity(doc.quote_items().len());
    for q in doc.quote_items() {
        let under = q.speaker.and_then(|s| look.mention_under(s));
        let slot = match q.speaker_entity.as_deref() {
            Some(n) if !resolve::clean_name(n).is_empty() => {
                let label = under
                    .and_then(|i| doc.entity_items().get(i))
                    .map_or(EntityLabel::Per, |m| m.label);
                names.intern(n, label)
            }
            _ => under.and_then(|i| names.mention_slots.get(i).copied().flatten()),
        };
        speaker_slots.push(slot);
    }
    names.speaker_slots = speaker_slots;
    Ok(names)
}

/// The names not pinned by hand, grouped within the document, each group with its look-up
/// keys.
#[derive(Debug)]
struct Groups {
    /// Name indices (into [`Names::list`]) of the free names.
    free: Vec<usize>,
    free_names: Vec<(String, EntityLabel)>,
    /// Per free name: its group's representative and why it joined (`resolve::group_names`).
    grouping: Vec<(usize, Option<String>)>,
    /// Per group: representative, members (indices into `free`), names (representative
    /// first), label, and the name, surname and acronym keys to look candidates up by.
    groups: Vec<GroupPlan>,
}

#[derive(Debug)]
struct GroupPlan {
    rep: usize,
    members: Vec<usize>,
    group: NameGroup,
    keys: Vec<String>,
    surnames: Vec<String>,
    acronyms: Vec<String>,
}

fn plan_groups(names: &Names, free: Vec<usize>) -> Groups {
    let free_names: Vec<(String, EntityLabel)> = free
        .iter()
        .filter_map(|&i| names.list.get(i).cloned())
        .collect();
    let grouping = resolve::group_names(&free_names);
    let mut members_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (local, (rep, _)) in grouping.iter().enumerate() {
        members_of.entry(*rep).or_default().push(local);
    }
    let mut groups = Vec::with_capacity(members_of.len());
    for (rep, members) in members_of {
        let Some((rep_name, label)) = free_names.get(rep).cloned() else {
            continue;
        };
        let mut group_names = vec![rep_name];
        group_names.extend(
            members
                .iter()
                .filter(|&&m| m != rep)
                .filter_map(|&m| free_names.get(m).map(|x| x.0.clone())),
        );
        let keys: Vec<resolve::NameKeys> = group_names
            .iter()
            .map(|g| resolve::NameKeys::of(g, label))
            .collect();
        groups.push(GroupPlan {
            rep,
            members,
            keys: keys.iter().map(|k| k.key.clone()).collect(),
            surnames: keys.iter().filter_map(|k| k.surname.clone()).collect(),
            acronyms: keys.iter().filter_map(|k| k.acronym.clone()).collect(),
            group: NameGroup {
                names: group_names,
                label,
            },
        });
    }
    Groups {
        free,
        free_names,
        grouping,
        groups,
    }
}

/// Decides every group against the store (ambiguous ones last, by shared context) and builds
/// the links; `placed` holds the names already placed (pinned by hand).
fn decide_links(
    store: &Store,
    cache: &mut ResolutionCache,
    names: &Names,
    plan: &Groups,
    mut placed: Vec<Option<Placed>>,
) -> Result<EntityLinks, StoreError> {
    let Groups {
        free,
        free_names,
        grouping,
        groups,
    } = plan;
    let mut ambiguous: Vec<Ambiguous> = Vec::new();
    let mut decided: Vec<(usize, Vec<usize>, Placed)> = Vec::new();
    for g in groups {
        let candidates =
            store.resolution_candidates(g.group.label, &g.keys, &g.surnames, &g.acronyms)?;
        match resolve::decide(&g.group, &candidates) {
            Decision::Existing {
                id,
                reason,
                rename_to,
            } => decided.push((
                g.rep,
                g.members.clone(),
                Placed {
                    target: EntityRef::Id(EntityId(id)),
                    reason,
                    rename_to,
                },
            )),
            Decision::New { name, reason } => decided.push((
                g.rep,
                g.members.clone(),
                Placed {
                    target: EntityRef::Key {
                        name,
                        label: g.group.label,
                    },
                    reason,
                    rename_to: None,
                },
            )),
            Decision::Ambiguous { ids, reason } => ambiguous.push(Ambiguous {
                rep: g.rep,
                members: g.members.clone(),
                ids,
                reason,
                candidates,
            }),
        }
    }

    // Ambiguous groups last, settled by the entities the rest of the document resolved to.
    let context: BTreeSet<i64> = placed
        .iter()
        .flatten()
        .map(|p| &p.target)
        .chain(decided.iter().map(|d| &d.2.target))
        .filter_map(|t| match t {
            EntityRef::Id(id) => Some(id.0),
            EntityRef::Key { .. } => None,
        })
        .collect();
    for Ambiguous {
        rep,
        members,
        ids,
        reason,
        mut candidates,
    } in ambiguous
    {
        let Some((rep_name, label)) = free_names.get(rep).cloned() else {
            continue;
        };
        for c in candidates.iter_mut().filter(|c| ids.contains(&c.id)) {
            c.context = cache.cooccurring(store, EntityId(c.id))?;
        }
        let p = match resolve::pick_by_context(&ids, &candidates, &context) {
            Some((id, shared)) => {
                let name = candidates
                    .iter()
                    .find(|c| c.id == id)
                    .map(|c| c.name.clone())
                    .unwrap_or_default();
                Placed {
                    target: EntityRef::Id(EntityId(id)),
                    reason: format!(
                        "{reason}; '{name}' chosen by shared context ({shared} co-occurring entities)"
                    ),
                    rename_to: None,
                }
            }
            None => Placed {
                target: EntityRef::Key {
                    name: rep_name,
                    label,
                },
                reason: format!("new entity: {reason}, no shared context settles it"),
                rename_to: None,
            },
        };
        decided.push((rep, members, p));
    }

    for (rep, members, p) in decided {
        for local in members {
            let Some(&global) = free.get(local) else {
                continue;
            };
            let reason = if local == rep {
                p.reason.clone()
            } else {
                grouping
                    .get(local)
                    .and_then(|g| g.1.clone())
                    .unwrap_or_else(|| p.reason.clone())
            };
            if let Some(slot) = placed.get_mut(global) {
                *slot = Some(Placed {
                    target: p.target.clone(),
                    reason,
                    rename_to: if local == rep {
                        p.rename_to.clone()
                    } else {
                        None
                    },
                });
            }
        }
    }

    let target = |slot: Option<usize>| -> Option<EntityRef> {
        slot.and_then(|s| placed.get(s))
            .and_then(Option::as_ref)
            .map(|p| p.target.clone())
    };
    let mentions = names.mention_slots.iter().map(|s| target(*s)).collect();
    let speakers = names.speaker_slots.iter().map(|s| target(*s)).collect();
    let mut notes: Vec<LinkNote> = names
        .list
        .iter()
        .zip(placed.iter())
        .filter_map(|((name, _), p)| {
            p.as_ref().map(|p| LinkNote {
                target: p.target.clone(),
                name: name.clone(),
                reason: p.reason.clone(),
                rename_to: p.rename_to.clone(),
            })
        })
        .collect();
    for (slot, surface) in &names.coreferent {
        let (Some(Some(p)), Some((canonical, _))) = (placed.get(*slot), names.list.get(*slot))
        else {
            continue;
        };
        notes.push(LinkNote {
            target: p.target.clone(),
            name: surface.clone(),
            reason: format!("coreference with '{canonical}' in the same document"),
            rename_to: None,
        });
    }
    Ok(EntityLinks {
        mentions,
        speakers,
        notes,
    })
}

impl Engine {
    /// An entity for a hand correction: `#ID`, or a name as `show` takes it (suppressed
    /// entities included).
    pub fn curation_target(&self, name: &str) -> Result<EntityId, EngineError> {
        if let Some(id) = name.strip_prefix('#').and_then(|n| n.parse::<i64>().ok()) {
            return match self.store.entity(EntityId(id))? {
                Some(_) => Ok(EntityId(id)),
                None => Err(EngineError::User(format!("no entity with id {id}"))),
            };
        }
        self.store.find_any_entity(name)?.ok_or_else(|| {
            EngineError::User(format!(
                "no entity named {name:?}; try `newsgraph entities` to list them"
            ))
        })
    }

    /// `merge A B`: entity B into entity A.
    pub fn merge(&mut self, into: &str, from: &str) -> Result<Curated, EngineError> {
        let (a, b) = (self.curation_target(into)?, self.curation_target(from)?);
        self.store.merge_entities(a, b).map_err(curation_error)
    }

    /// `split NAME --alias X`: alias X and its mentions become their own entity.
    pub fn split(&mut self, name: &str, alias: &str) -> Result<Curated, EngineError> {
        let e = self.curation_target(name)?;
        self.store.split_alias(e, alias).map_err(curation_error)
    }

    /// `rename NAME NEW`.
    pub fn rename(&mut self, name: &str, new: &str) -> Result<Curated, EngineError> {
        let e = self.curation_target(name)?;
        self.store.rename_entity(e, new).map_err(curation_error)
    }

    /// `alias add NAME X`.
    pub fn add_alias(&mut self, name: &str, alias: &str) -> Result<Curated, EngineError> {
        let e = self.curation_target(name)?;
        self.store.add_alias(e, alias).map_err(curation_error)
    }

    /// `alias remove NAME X`.
    pub fn remove_alias(&mut self, name: &str, alias: &str) -> Result<Curated, EngineError> {
        let e = self.curation_target(name)?;
        self.store.remove_alias(e, alias).map_err(curation_error)
    }

    /// `suppress NAME`: a false positive, hidden from lists; stays hidden after re-ingestion.
    pub fn suppress(&mut self, name: &str) -> Result<Curated, EngineError> {
        let e = self.curation_target(name)?;
        self.store.suppress_entity(e).map_err(curation_error)
    }

    /// Every hand correction made, in order.
    pub fn curation_events(&self) -> Result<Vec<CurationEvent>, EngineError> {
        Ok(self.store.curation_events()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use EntityLabel::{Org, Per};
    use doc::{DocMeta, Layer, Mention, Producer};
    use store::Upsert;

    /// A document whose entities layer marks every occurrence of each name (earlier names
    /// first; an occurrence overlapping an earlier one is skipped).
    fn document(key: &str, text: &str, names: &[(&str, EntityLabel)]) -> Document {
        let mut taken: Vec<Mention> = Vec::new();
        for (name, label) in names {
            for (start, _) in text.match_indices(name) {
                let range = TextRange::from_usize(start, start + name.len());
                if taken.iter().any(|m| m.range.overlaps(range)) {
                    continue;
                }
                taken.push(Mention {
                    range,
                    label: *label,
                    fine_label: None,
                    confidence: 0.9,
                    entity: None,
                });
            }
        }
        taken.sort_by_key(|m| m.range.start);
        let mut d = Document::new(DocMeta::new(key), text).unwrap();
        d.set_entities(Layer::new(Producer::new("test", "1"), taken))
            .unwrap();
        d
    }

    fn ingest(s: &mut Store, key: &str, text: &str, names: &[(&str, EntityLabel)]) -> Upsert {
        let d = document(key, text, names);
        let links = resolve_links(s, &d).unwrap();
        s.upsert_document_with(&d, &format!("h:{text}"), &links)
            .unwrap()
    }

    fn names(s: &Store, label: EntityLabel) -> Vec<String> {
        let mut v: Vec<String> = s
            .entities(100, Some(label))
            .unwrap()
            .into_iter()
            .map(|e| e.name)
            .collect();
        v.sort();
        v
    }

    fn id(s: &Store, name: &str) -> EntityId {
        s.find_entity(name).unwrap().unwrap()
    }

    const REFERENCE: &str = "Akhmed Zakayev spoke in Kyiv. Zakayev met Oleg Magaletsky. \
        Magaletsky and Zakayev oppose President Vladimir Putin. Putin's war goes on.";

    fn reference(s: &mut Store) {
        ingest(
            s,
            "ref",
            REFERENCE,
            &[
                ("Akhmed Zakayev", Per),
                ("Oleg Magaletsky", Per),
                ("President Vladimir Putin", Per),
                ("Zakayev", Per),
                ("Magaletsky", Per),
                ("Putin", Per),
            ],
        );
    }

    #[test]
    fn surnames_in_a_new_article_resolve_to_the_unique_full_names() {
        let mut s = Store::open_in_memory().unwrap();
        reference(&mut s);
        assert_eq!(
            names(&s, Per),
            vec!["Akhmed Zakayev", "Oleg Magaletsky", "Vladimir Putin"]
        );
        let z = id(&s, "Akhmed Zakayev");
        let m = id(&s, "Oleg Magaletsky");
        ingest(
            &mut s,
            "new",
            "In London, Zakaev and Magaletsky spoke about sanctions.",
            &[("Zakaev", Per), ("Magaletsky", Per)],
        );
        assert_eq!(names(&s, Per).len(), 3);
        assert_eq!(id(&s, "Zakaev"), z);
        assert_eq!(s.entity(m).unwrap().unwrap().mention_count, 3);
        let why = s.merge_reasons(z, 20).unwrap();
        let reasons: Vec<(&str, &str)> = why
            .iter()
            .map(|r| (r.name.as_str(), r.reason.as_str()))
            .collect();
        assert!(reasons.contains(&(
            "Zakayev",
            "surname of 'Akhmed Zakayev' in the same document"
        )));
        assert!(reasons.contains(&("Zakaev", "surname of unique PER entity 'Akhmed Zakayev'")));
        assert!(why.iter().all(|r| r.doc.is_some() && r.docs == 1));
    }

    #[test]
    fn another_person_with_the_same_surname_is_not_merged() {
        let mut s = Store::open_in_memory().unwrap();
        reference(&mut s);
        let putin = id(&s, "Vladimir Putin");
        ingest(
            &mut s,
            "football",
            "Martín Putin scored twice for Boca Juniors. Putin, 23, was born in Rosario.",
            &[("Martín Putin", Per), ("Boca Juniors", Org), ("Putin", Per)],
        );
        assert_eq!(
            names(&s, Per),
            vec![
                "Akhmed Zakayev",
                "Martín Putin",
                "Oleg Magaletsky",
                "Vladimir Putin"
            ]
        );
        assert_eq!(s.entity(putin).unwrap().unwrap().mention_count, 2);
        let martin = id(&s, "Martín Putin");
        assert_eq!(s.entity(martin).unwrap().unwrap().mention_count, 2);
        let why = s.merge_reasons(martin, 20).unwrap();
        assert!(why.iter().any(|r| r.name == "Martín Putin"
            && r.reason == "new entity: first name differs from 'Vladimir Putin'"));
        // A surname alone is now ambiguous: the shared context decides.
        ingest(
            &mut s,
            "match",
            "Putin scored again; Boca Juniors won.",
            &[("Boca Juniors", Org), ("Putin", Per)],
        );
        assert_eq!(s.entity(martin).unwrap().unwrap().mention_count, 3);
        assert_eq!(s.entity(putin).unwrap().unwrap().mention_count, 2);
    }

    #[test]
    fn a_full_name_absorbs_an_earlier_surname_only_entity() {
        let mut s = Store::open_in_memory().unwrap();
        ingest(&mut s, "a", "Mezerin spoke.", &[("Mezerin", Per)]);
        let frag = id(&s, "Mezerin");
        ingest(
            &mut s,
            "b",
            "Pavel Mezerin leads Free Ingria.",
            &[("Pavel Mezerin", Per), ("Free Ingria", Org)],
        );
        assert_eq!(names(&s, Per), vec!["Pavel Mezerin"]);
        assert_eq!(id(&s, "Pavel Mezerin"), frag);
        assert!(
            s.merge_reasons(frag, 20)
                .unwrap()
                .iter()
                .any(|r| r.reason == "full name of surname-only entity 'Mezerin'")
        );
    }

    #[test]
    fn acronyms_resolve_to_the_organization() {
        let mut s = Store::open_in_memory().unwrap();
        ingest(
            &mut s,
            "a",
            "The Free Nations of Post-Russia Forum met.",
            &[("Free Nations of Post-Russia Forum", Org)],
        );
        ingest(&mut s, "b", "The FNPRF met again.", &[("FNPRF", Org)]);
        assert_eq!(names(&s, Org), vec!["Free Nations of Post-Russia Forum"]);
    }

    #[test]
    fn curation_survives_reingestion_of_changed_documents() {
        let mut s = Store::open_in_memory().unwrap();
        reference(&mut s);
        // A spelling the resolver cannot join: a separate entity, merged by hand.
        ingest(
            &mut s,
            "c",
            "Achmad Sakajew spoke.",
            &[("Achmad Sakajew", Per)],
        );
        let z = id(&s, "Akhmed Zakayev");
        let other = id(&s, "Achmad Sakajew");
        assert_ne!(z, other);
        let done = s.merge_entities(z, other).unwrap();
        assert_eq!(done.entity.id, z);
        assert_eq!(id(&s, "Achmad Sakajew"), z);
        // the document changes and is ingested again: the merge holds
        let up = ingest(
            &mut s,
            "c",
            "Achmad Sakajew spoke again.",
            &[("Achmad Sakajew", Per)],
        );
        assert!(matches!(up, Upsert::Updated(_)));
        assert_eq!(id(&s, "Achmad Sakajew"), z);
        assert_eq!(names(&s, Per).len(), 3);
        assert!(s.merge_reasons(z, 50).unwrap().iter().any(|r| r.reason
            == "merged by hand into 'Akhmed Zakayev' (was entity 'Achmad Sakajew')"
            && r.event == Some(done.event)));

        // rename holds against a longer automatic name
        s.rename_entity(z, "Akhmed Khalidovich Zakayev").unwrap();
        ingest(
            &mut s,
            "ref",
            &format!("{REFERENCE} Akhmed Abdulkhamidovich Zakayev spoke."),
            &[
                ("Akhmed Abdulkhamidovich Zakayev", Per),
                ("Akhmed Zakayev", Per),
                ("Oleg Magaletsky", Per),
                ("Zakayev", Per),
            ],
        );
        let after = s.entity(z).unwrap().unwrap();
        assert_eq!(after.name, "Akhmed Khalidovich Zakayev");
        assert!(
            after
                .aliases
                .contains(&"Akhmed Abdulkhamidovich Zakayev".to_string())
        );

        // suppress: hidden, and stays hidden after the document changes
        let m = id(&s, "Oleg Magaletsky");
        s.suppress_entity(m).unwrap();
        assert_eq!(s.find_entity("Oleg Magaletsky").unwrap(), None);
        ingest(
            &mut s,
            "m",
            "Oleg Magaletsky wrote a letter.",
            &[("Oleg Magaletsky", Per)],
        );
        assert_eq!(s.find_entity("Magaletsky").unwrap(), None);
        assert_eq!(s.find_any_entity("Oleg Magaletsky").unwrap(), Some(m));
        assert!(!names(&s, Per).contains(&"Oleg Magaletsky".to_string()));
        assert_eq!(s.curation_events().unwrap().len(), 3);
    }

    #[test]
    fn a_split_alias_keeps_resolving_to_its_own_entity() {
        let mut s = Store::open_in_memory().unwrap();
        ingest(
            &mut s,
            "a",
            "Ruslan Zakayev spoke. Zakayev left.",
            &[("Ruslan Zakayev", Per), ("Zakayev", Per)],
        );
        let r = id(&s, "Ruslan Zakayev");
        let done = s.split_alias(r, "Zakayev").unwrap();
        let frag = done.entity.id;
        assert_ne!(frag, r);
        assert_eq!(done.moved_mentions, 1);
        assert_eq!(s.entity(frag).unwrap().unwrap().name, "Zakayev");
        // the document changes: "Zakayev" goes to the split-off entity, not back
        ingest(
            &mut s,
            "a",
            "Ruslan Zakayev spoke. Zakayev left. Zakayev came back.",
            &[("Ruslan Zakayev", Per), ("Zakayev", Per)],
        );
        assert_eq!(s.entity(frag).unwrap().unwrap().mention_count, 2);
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 1);
        // and a new document's full name does not absorb it
        ingest(
            &mut s,
            "b",
            "Ruslan Zakayev again.",
            &[("Ruslan Zakayev", Per)],
        );
        assert_eq!(s.entity(frag).unwrap().unwrap().name, "Zakayev");
        // alias add pulls a name in, alias remove pushes it out
        s.add_alias(r, "Zakayev").unwrap();
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 4);
        s.remove_alias(r, "Zakayev").unwrap();
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 2);
        assert!(s.remove_alias(r, "Ruslan Zakayev").is_err());
        assert!(s.split_alias(r, "Nobody").is_err());
    }

    #[test]
    fn coreference_names_are_used_and_explained() {
        let mut s = Store::open_in_memory().unwrap();
        let text = "Akhmed Zakayev spoke. Zakayev left. The premier Zakayev smiled.";
        let mut d = document("a", text, &[("Akhmed Zakayev", Per), ("Zakayev", Per)]);
        // coreference: the second mention names its entity, the third lies in a chain
        let mut mentions = d.entity_items().to_vec();
        mentions[1].entity = Some("Akhmed Zakayev".into());
        let third = mentions[2].range;
        let mut d2 = Document::new(d.meta.clone(), text).unwrap();
        d2.set_entities(Layer::new(Producer::new("test", "1"), mentions))
            .unwrap();
        d2.set_coref(Layer::new(
            Producer::new("coref", "1"),
            vec![doc::CorefChain {
                canonical: "Akhmed Zakayev".into(),
                label: Per,
                spans: vec![TextRange::new(0, 14), third],
            }],
        ))
        .unwrap();
        d = d2;
        let links = resolve_links(&s, &d).unwrap();
        assert!(links.mentions.iter().all(|m| m == &links.mentions[0]));
        s.upsert_document_with(&d, "h", &links).unwrap();
        assert_eq!(names(&s, Per), vec!["Akhmed Zakayev"]);
        let z = id(&s, "Akhmed Zakayev");
        assert!(
            s.merge_reasons(z, 10)
                .unwrap()
                .iter()
                .any(|r| r.name == "Zakayev"
                    && r.reason == "coreference with 'Akhmed Zakayev' in the same document")
        );
    }

    /// The document with every mention's entity set to `canonical` (as coreference does).
    fn coreferred(key: &str, text: &str, canonical: &str) -> Document {
        let d = document(key, text, &[(canonical, Per), ("Zakayev", Per)]);
        let mentions: Vec<Mention> = d
            .entity_items()
            .iter()
            .cloned()
            .map(|mut m| {
                m.entity = Some(canonical.to_string());
                m
            })
            .collect();
        let mut out = Document::new(d.meta.clone(), text).unwrap();
        out.set_entities(Layer::new(Producer::new("test", "1"), mentions))
            .unwrap();
        out
    }

    #[test]
    fn a_split_holds_against_coreference() {
        let mut s = Store::open_in_memory().unwrap();
        let put = |s: &mut Store, text: &str| {
            let d = coreferred("a", text, "Ruslan Zakayev");
            let links = resolve_links(s, &d).unwrap();
            s.upsert_document_with(&d, text, &links).unwrap();
        };
        put(&mut s, "Ruslan Zakayev spoke. Zakayev left.");
        let r = id(&s, "Ruslan Zakayev");
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 2);
        let frag = s.split_alias(r, "Zakayev").unwrap().entity.id;
        put(
            &mut s,
            "Ruslan Zakayev spoke. Zakayev left. Zakayev returned.",
        );
        assert_eq!(s.entity(frag).unwrap().unwrap().mention_count, 2);
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 1);
        // removing the alias instead holds the same way
        s.merge_entities(r, frag).unwrap();
        let other = s.remove_alias(r, "Zakayev").unwrap().entity.id;
        put(
            &mut s,
            "Ruslan Zakayev spoke. Zakayev left. Zakayev came back.",
        );
        assert_eq!(s.entity(other).unwrap().unwrap().mention_count, 2);
        assert_eq!(s.entity(r).unwrap().unwrap().mention_count, 1);
    }
}
