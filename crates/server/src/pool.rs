//! A small pool of store connections (one per concurrent request; SQLite connections are not
//! `Sync`) and a cached in-memory index of entity names for listing, filtering and linking
//! document mentions to entity ids.

use doc::EntityLabel;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use store::{EntityId, EntitySummary, Store, StoreError, normalize_name};

/// At most this many idle connections are kept.
const MAX_IDLE: usize = 32;

/// How long a cached entity index is trusted before the store's counts are checked again.
const INDEX_RECHECK: Duration = Duration::from_secs(5);

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Connections to one database file, opened on demand and reused.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    index: Mutex<Option<(Instant, Arc<EntityIndex>)>>,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pool").field("path", &self.path).finish()
    }
}

/// A connection borrowed from the pool; it goes back when dropped.
pub struct Pooled {
    pool: Arc<Pool>,
    store: Option<Store>,
}

impl std::ops::Deref for Pooled {
    type Target = Store;
    fn deref(&self) -> &Store {
        // Invariant: `store` is only taken in `drop`.
        match &self.store {
            Some(s) => s,
            None => unreachable!("pooled store used after drop"),
        }
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(s) = self.store.take() {
            let mut idle = lock(&self.pool.idle);
            if idle.len() < MAX_IDLE {
                idle.push(s);
            }
        }
    }
}

impl Pool {
    pub fn new(path: PathBuf) -> Pool {
        Pool {
            path,
            idle: Mutex::new(Vec::new()),
            index: Mutex::new(None),
        }
    }

    /// A connection: an idle one, or a new one.
    pub fn get(self: &Arc<Self>) -> Result<Pooled, StoreError> {
        let reused = lock(&self.idle).pop();
        let store = match reused {
            Some(s) => s,
            None => Store::open(&self.path)?,
        };
        Ok(Pooled {
            pool: Arc::clone(self),
            store: Some(store),
        })
    }

    /// The entity index, rebuilt when the store's document or entity counts changed.
    pub fn index(&self, store: &Store) -> Result<Arc<EntityIndex>, StoreError> {
        let cached = lock(&self.index).clone();
        if let Some((checked, idx)) = &cached
            && checked.elapsed() < INDEX_RECHECK
        {
            return Ok(Arc::clone(idx));
        }
        let stats = store.stats()?;
        let version = (stats.documents, stats.entities, stats.mentions);
        let idx = match cached {
            Some((_, idx)) if idx.version == version => idx,
            _ => Arc::new(EntityIndex::build(store, version)?),
        };
        *lock(&self.index) = Some((Instant::now(), Arc::clone(&idx)));
        Ok(idx)
    }
}

/// Every entity (most mentioned first) with its normalized names, for filtering and linking.
#[derive(Debug)]
pub struct EntityIndex {
    version: (u64, u64, u64),
    entries: Vec<EntitySummary>,
    /// Per entry: the normalized name and aliases, joined with `\n`.
    keys: Vec<String>,
    by_name: BTreeMap<(String, EntityLabel), EntityId>,
    by_id: BTreeMap<EntityId, usize>,
}

impl EntityIndex {
    fn build(store: &Store, version: (u64, u64, u64)) -> Result<EntityIndex, StoreError> {
        let entries = store.entities(usize::MAX, None)?;
        let mut keys = Vec::with_capacity(entries.len());
        let mut by_name = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_id.insert(e.id, i);
            let mut key = normalize_name(&e.name);
            by_name.entry((key.clone(), e.label)).or_insert(e.id);
            for a in &e.aliases {
                let n = normalize_name(a);
                by_name.entry((n.clone(), e.label)).or_insert(e.id);
                key.push('\n');
                key.push_str(&n);
            }
            keys.push(key);
        }
        Ok(EntityIndex {
            version,
            entries,
            keys,
            by_name,
            by_id,
        })
    }

    /// Entities whose name or an alias contains every word of `q` (normalized), of one type
    /// when given, most mentioned first: the total and one page.
    pub fn filter(
        &self,
        q: Option<&str>,
        label: Option<EntityLabel>,
        offset: usize,
        limit: usize,
    ) -> (usize, Vec<EntitySummary>) {
        let words: Vec<String> = q
            .map(|q| q.split_whitespace().map(normalize_name).collect())
            .unwrap_or_default();
        let words: Vec<&String> = words.iter().filter(|w| !w.is_empty()).collect();
        let mut total = 0usize;
        let mut page = Vec::new();
        for (e, key) in self.entries.iter().zip(&self.keys) {
            if label.is_some_and(|l| l != e.label) {
                continue;
            }
            if !words.iter().all(|w| key.contains(w.as_str())) {
                continue;
            }
            if total >= offset && page.len() < limit {
                page.push(e.clone());
            }
            total += 1;
        }
        (total, page)
    }

    /// The entity a canonical name with a label links to.
    pub fn lookup(&self, name: &str, label: EntityLabel) -> Option<EntityId> {
        self.by_name.get(&(normalize_name(name), label)).copied()
    }

    /// The entity a name links to under any label (PER first, then ORG, LOC, MISC).
    pub fn lookup_any(&self, name: &str) -> Option<EntityId> {
        let n = normalize_name(name);
        [
            EntityLabel::Per,
            EntityLabel::Org,
            EntityLabel::Loc,
            EntityLabel::Misc,
        ]
        .into_iter()
        .find_map(|l| self.by_name.get(&(n.clone(), l)).copied())
    }

    /// A summary by id.
    pub fn get(&self, id: EntityId) -> Option<&EntitySummary> {
        self.by_id.get(&id).and_then(|&i| self.entries.get(i))
    }
}
