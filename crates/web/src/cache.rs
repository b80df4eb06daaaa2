//! A per-node cache of computed page data, keyed by the data version.
//!
//! The data version is the audit chain head's sequence number (`SELECT seq FROM audit_head`):
//! every audited write bumps it, on whichever app node it happens, in the same transaction as
//! the change. A page asks for the version first (one single-row read by primary key), then
//! for its data under (key, version): a hit is never stale, and a write anywhere (another
//! node, the CLI) makes the next request on every node recompute. Keys name everything else
//! the data depends on: the page, the scope (unit or province), the query, the language and
//! the day.
//!
//! Concurrent requests for the same missing entry compute it once; the others wait for it.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use cchc_storage::DynStore;
use tokio::sync::OnceCell;

use crate::error::AppResult;

struct Slot<T> {
    version: i64,
    cell: std::sync::Arc<OnceCell<T>>,
}

/// Computed values by key, each valid for one data version.
pub struct PageCache<T> {
    slots: Mutex<HashMap<String, Slot<T>>>,
    capacity: usize,
    hits: AtomicU64,
    misses: AtomicU64,
}

impl<T: Clone> Default for PageCache<T> {
    fn default() -> Self {
        PageCache::new(1_024)
    }
}

impl<T: Clone> PageCache<T> {
    /// A cache holding at most `capacity` keys.
    pub fn new(capacity: usize) -> PageCache<T> {
        PageCache {
            slots: Mutex::new(HashMap::new()),
            capacity: capacity.max(1),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
        }
    }

    /// The cell for `key` at `version`, replacing an older one.
    fn cell(&self, key: &str, version: i64) -> std::sync::Arc<OnceCell<T>> {
        let mut slots = self.slots.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(s) = slots.get(key) {
            if s.version == version {
                self.hits.fetch_add(1, Ordering::Relaxed);
                return s.cell.clone();
            }
        }
        self.misses.fetch_add(1, Ordering::Relaxed);
        if slots.len() >= self.capacity && !slots.contains_key(key) {
            // Entries of older versions can never be hit again; drop them first.
            slots.retain(|_, s| s.version >= version);
            if slots.len() >= self.capacity {
                slots.clear();
            }
        }
        let cell = std::sync::Arc::new(OnceCell::new());
        slots.insert(key.to_string(), Slot { version, cell: cell.clone() });
        cell
    }

    /// The value of `key` at data `version`, computed by `compute` at most once per version
    /// however many requests ask at the same time. An error is returned, not cached.
    pub async fn get_or_try<E, F, Fut>(&self, key: &str, version: i64, compute: F) -> Result<T, E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        let cell = self.cell(key, version);
        let value = cell.get_or_try_init(compute).await?;
        Ok(value.clone())
    }

    /// (hits, misses) since start.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits.load(Ordering::Relaxed), self.misses.load(Ordering::Relaxed))
    }
}

/// The current data version (see the module documentation).
pub async fn data_version(store: &DynStore) -> AppResult<i64> {
    Ok(store.data_version().await?)
}

#[cfg(test)]
mod tests {
    use super::PageCache;

    #[tokio::test]
    async fn same_version_hits_new_version_recomputes() {
        let c: PageCache<u32> = PageCache::new(4);
        let ok = |v: u32| async move { Ok::<u32, ()>(v) };
        assert_eq!(c.get_or_try("a", 1, || ok(10)).await, Ok(10));
        assert_eq!(c.get_or_try("a", 1, || ok(11)).await, Ok(10), "same version: cached");
        assert_eq!(c.get_or_try("a", 2, || ok(12)).await, Ok(12), "a write changed the version");
        assert_eq!(c.get_or_try("b", 2, || async { Err::<u32, ()>(()) }).await, Err(()));
        assert_eq!(c.get_or_try("b", 2, || ok(13)).await, Ok(13), "errors are not cached");
        assert_eq!(c.stats(), (2, 3));
    }

    #[tokio::test]
    async fn capacity_is_bounded() {
        let c: PageCache<usize> = PageCache::new(3);
        for i in 0..10 {
            let _ = c.get_or_try(&format!("k{i}"), 1, || async move { Ok::<usize, ()>(i) }).await;
        }
        assert!(c.slots.lock().map(|s| s.len()).unwrap_or(0) <= 3);
    }
}
