//! A small pool of store connections (one per concurrent request; SQLite connections are not
//! `Sync`), and the caches tied to one version of the store: an in-memory index of entity
//! names (listing, filtering, linking document mentions to entity ids) and response bodies.

use axum::body::Bytes;
use doc::EntityLabel;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use store::{EntityId, EntitySummary, Store, StoreError, name_key};

/// At most this many idle connections are kept.
const MAX_IDLE: usize = 32;

/// How long the caches are trusted before the store's counts are read again (a write by
/// another process shows after at most this long; writes through this server at once).
pub const RECHECK: Duration = Duration::from_secs(2);

/// Most cached responses, their total size, and the largest one kept.
const MAX_CACHED: usize = 4096;
const MAX_CACHE_BYTES: usize = 64 << 20;
const MAX_CACHED_BODY: usize = 1 << 20;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Connections to one database file, opened on demand and reused.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    shared: Mutex<Shared>,
    gates: Mutex<BTreeMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

/// What the store looked like: counts that any ingest or curation changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Version([u64; 6]);

/// Caches tied to one version of the store.
#[derive(Default)]
struct Shared {
    version: Option<Version>,
    checked: Option<Instant>,
    index: Option<Arc<EntityIndex>>,
    /// Response bodies by request path and query, with their last use.
    responses: BTreeMap<String, (Bytes, u64)>,
    bytes: usize,
    tick: u64,
    /// Since when a request has been reading the version.
    checking: Option<Instant>,
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

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Store {
        match &mut self.store {
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
            shared: Mutex::new(Shared::default()),
            gates: Mutex::new(BTreeMap::new()),
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

    /// Forgets every cache (after a write through this server).
    pub fn invalidate(&self) {
        *lock(&self.shared) = Shared::default();
    }

    /// The store's version, read again when the last reading is older than [`RECHECK`];
    /// a new version drops the caches.
    pub fn version(&self, store: &Store) -> Result<Version, StoreError> {
        {
            let sh = lock(&self.shared);
            if let (Some(v), Some(at)) = (sh.version, sh.checked)
                && at.elapsed() < RECHECK
            {
                return Ok(v);
            }
        }
        let stats = store.stats()?;
        // Curation by another process (the CLI) can rename without changing any count.
        let events = u64::try_from(store.curation_events()?.len()).unwrap_or(u64::MAX);
        let v = Version([
            stats.documents,
            stats.entities,
            stats.mentions,
            stats.quotes,
            stats.facts,
            events,
        ]);
        let mut sh = lock(&self.shared);
        if sh.version != Some(v) {
            *sh = Shared {
                version: Some(v),
                ..Shared::default()
            };
        }
        sh.checked = Some(Instant::now());
        sh.checking = None;
        Ok(v)
    }

    /// The entity index of the current version.
    pub fn index(&self, store: &Store) -> Result<Arc<EntityIndex>, StoreError> {
        let v = self.version(store)?;
        if let Some(idx) = lock(&self.shared).index.clone()
            && idx.version == v
        {
            return Ok(idx);
        }
        let idx = Arc::new(EntityIndex::build(store, v)?);
        let mut sh = lock(&self.shared);
        if sh.version == Some(v) {
            sh.index = Some(Arc::clone(&idx));
        }
        Ok(idx)
    }

    /// A cached response body. When the version check is due, the first caller gets `None`
    /// (and checks, through [`Pool::version`]); others keep getting the cached body meanwhile.
    pub fn cached(&self, key: &str) -> Option<Bytes> {
        let mut sh = lock(&self.shared);
        let fresh = sh.checked.is_some_and(|at| at.elapsed() < RECHECK);
        if !fresh {
            match sh.checking {
                // Someone is reading the version now: serve what we have.
                Some(since) if since.elapsed() < RECHECK => {}
                _ => {
                    sh.checking = Some(Instant::now());
                    return None;
                }
            }
        }
        sh.tick += 1;
        let tick = sh.tick;
        let e = sh.responses.get_mut(key)?;
        e.1 = tick;
        Some(e.0.clone())
    }

    /// The gate that lets one request at a time compute the response for `key`, so that a
    /// burst of identical requests computes it once.
    pub fn gate(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut gates = lock(&self.gates);
        if gates.len() > MAX_CACHED {
            gates.retain(|_, g| Arc::strong_count(g) > 1);
        }
        Arc::clone(gates.entry(key.to_string()).or_default())
    }

    /// Keeps a response body computed at version `v` (dropped if the version moved on).
    pub fn put(&self, key: String, v: Version, body: Bytes) {
        if body.len() > MAX_CACHED_BODY {
            return;
        }
        let mut sh = lock(&self.shared);
        if sh.version != Some(v) {
            return;
        }
        while sh.responses.len() >= MAX_CACHED || sh.bytes + body.len() > MAX_CACHE_BYTES {
            let Some(oldest) = sh
                .responses
                .iter()
                .min_by_key(|(_, (_, t))| *t)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((b, _)) = sh.responses.remove(&oldest) {
                sh.bytes -= b.len();
            }
        }
        sh.tick += 1;
        let tick = sh.tick;
        sh.bytes += body.len();
        if let Some((old, _)) = sh.responses.insert(key, (body, tick)) {
            sh.bytes -= old.len();
        }
    }
}

/// Every entity (most mentioned first) with its normalized names, for filtering and linking.
#[derive(Debug)]
pub struct EntityIndex {
    version: Version,
    entries: Vec<EntitySummary>,
    /// Per entry: the normalized name and aliases, joined with `\n`.
    keys: Vec<String>,
    by_name: BTreeMap<(String, EntityLabel), EntityId>,
    by_id: BTreeMap<EntityId, usize>,
}

impl EntityIndex {
    fn build(store: &Store, version: Version) -> Result<EntityIndex, StoreError> {
        let entries = store.entities(usize::MAX, None)?;
        let mut keys = Vec::with_capacity(entries.len());
        let mut by_name = BTreeMap::new();
        let mut by_id = BTreeMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_id.insert(e.id, i);
            let mut key = name_key(&e.name, e.label);
            by_name.entry((key.clone(), e.label)).or_insert(e.id);
            for a in &e.aliases {
                let n = name_key(a, e.label);
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
            .map(|q| {
                q.split_whitespace()
                    .map(|w| name_key(w, label.unwrap_or(EntityLabel::Org)))
                    .collect()
            })
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
        self.by_name.get(&(name_key(name, label), label)).copied()
    }

    /// The entity a name links to under any label (PER first, then ORG, LOC, MISC).
    pub fn lookup_any(&self, name: &str) -> Option<EntityId> {
        [
            EntityLabel::Per,
            EntityLabel::Org,
            EntityLabel::Loc,
            EntityLabel::Misc,
        ]
        .into_iter()
        .find_map(|l| self.by_name.get(&(name_key(name, l), l)).copied())
    }

    /// A summary by id.
    pub fn get(&self, id: EntityId) -> Option<&EntitySummary> {
        self.by_id.get(&id).and_then(|&i| self.entries.get(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caches_follow_the_version_and_evict_the_least_recent() {
        let pool = Pool::new(PathBuf::from("never-opened.db"));
        let store = Store::open_in_memory().expect("store");
        let v = pool.version(&store).expect("version");
        pool.put("a".into(), v, Bytes::from_static(b"1"));
        assert_eq!(pool.cached("a").as_deref(), Some(&b"1"[..]));
        assert!(pool.cached("b").is_none());

        // A write through the server drops everything; a body computed before is not kept.
        pool.invalidate();
        assert!(pool.cached("a").is_none());
        pool.put("a".into(), v, Bytes::from_static(b"1"));
        let v = pool.version(&store).expect("version");
        assert!(pool.cached("a").is_none());

        // Least recently used goes first when full.
        for i in 0..MAX_CACHED {
            pool.put(format!("k{i}"), v, Bytes::from_static(b"x"));
        }
        assert!(pool.cached("k0").is_some()); // touched: now the most recent
        pool.put("new".into(), v, Bytes::from_static(b"y"));
        assert!(pool.cached("k0").is_some());
        assert!(pool.cached("k1").is_none());
        assert!(pool.cached("new").is_some());
    }
}
