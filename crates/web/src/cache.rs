//! A short-lived cache of computed page data (the dashboard, task lists) for heavy reads.
//!
//! An entry is reused while it is younger than the time to live *and* no state-changing
//! request has completed on this node since it was computed (every POST bumps the
//! generation), so a user always sees their own change at once. Changes made on another node
//! show here within the time to live. Concurrent requests for the same entry wait for one
//! computation instead of each running it (no stampede when an entry expires under load),
//! and when an entry has merely aged out, the others are served the previous value while one
//! request computes the next (no latency spike every time to live).
//! Only what a page would show anyway is cached, keyed by everything that decides it (role,
//! scope, language, query), so caching never widens what a user sees.

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use minijinja::Value;
use tokio::sync::OnceCell;

use crate::error::AppResult;
use crate::state::AppState;

/// Entries kept at most; the oldest go first beyond this.
const CAPACITY: usize = 512;

struct Slot {
    generation: u64,
    born: Instant,
    value: OnceCell<Value>,
    /// The value of the slot this one replaced when it aged out (same generation).
    previous: Option<Value>,
}

/// The cache of one node.
pub struct ViewCache {
    ttl: Duration,
    generation: AtomicU64,
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

impl ViewCache {
    /// A cache whose entries live at most `ttl` (zero turns caching off).
    pub fn new(ttl: Duration) -> ViewCache {
        ViewCache { ttl, generation: AtomicU64::new(0), slots: Mutex::new(HashMap::new()) }
    }

    /// Forgets everything computed so far (a change was made through this node).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The value for `key`: a fresh cached one, or `compute`'s (shared with concurrent callers).
    pub async fn get_or_compute<F, Fut>(&self, key: String, compute: F) -> AppResult<Value>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = AppResult<Value>>,
    {
        if self.ttl.is_zero() {
            return compute().await;
        }
        let (slot, created) = self.slot(key);
        if !created && !slot.value.initialized() {
            if let Some(v) = &slot.previous {
                return Ok(v.clone());
            }
        }
        slot.value.get_or_try_init(compute).await.cloned()
    }

    /// The slot for `key`, and whether this call created it (and so computes it).
    fn slot(&self, key: String) -> (Arc<Slot>, bool) {
        let generation = self.generation.load(Ordering::SeqCst);
        let now = Instant::now();
        let fresh = |s: &Slot| s.generation == generation && now.duration_since(s.born) < self.ttl;
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        let mut previous = None;
        if let Some(s) = slots.get(&key) {
            if fresh(s) {
                return (s.clone(), false);
            }
            if s.generation == generation {
                previous = s.value.get().or(s.previous.as_ref()).cloned();
            }
        }
        if slots.len() >= CAPACITY {
            slots.retain(|_, s| fresh(s));
            if slots.len() >= CAPACITY {
                if let Some(oldest) = slots.iter().min_by_key(|(_, s)| s.born).map(|(k, _)| k.clone()) {
                    slots.remove(&oldest);
                }
            }
        }
        let s = Arc::new(Slot { generation, born: now, value: OnceCell::new(), previous });
        slots.insert(key, s.clone());
        (s, true)
    }
}

/// Middleware: after any request that may change state, cached page data and sessions are
/// stale.
pub async fn invalidate_on_change(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let changes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let resp = next.run(req).await;
    if changes {
        state.views.invalidate();
        state.sessions.invalidate();
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(c: &ViewCache, n: &std::sync::atomic::AtomicUsize) -> Option<usize> {
        let v = c.get_or_compute("k".into(), || async move { Ok(Value::from(n.fetch_add(1, Ordering::SeqCst))) }).await;
        v.ok().and_then(|v| v.as_usize())
    }

    #[tokio::test]
    async fn reuses_until_invalidated_or_expired() {
        let c = ViewCache::new(Duration::from_secs(60));
        let n = std::sync::atomic::AtomicUsize::new(0);
        assert_eq!(get(&c, &n).await, Some(0));
        assert_eq!(get(&c, &n).await, Some(0), "reused");
        c.invalidate();
        assert_eq!(get(&c, &n).await, Some(1), "recomputed after a change");
        let off = ViewCache::new(Duration::ZERO);
        assert_eq!(get(&off, &n).await, Some(2));
        assert_eq!(get(&off, &n).await, Some(3), "zero time to live caches nothing");
        let short = ViewCache::new(Duration::from_millis(20));
        assert_eq!(get(&short, &n).await, Some(4));
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(get(&short, &n).await, Some(5), "expired");
    }

    #[tokio::test]
    async fn aged_entry_is_served_while_one_caller_recomputes() {
        let c = Arc::new(ViewCache::new(Duration::from_millis(300)));
        let n = std::sync::atomic::AtomicUsize::new(0);
        assert_eq!(get(&c, &n).await, Some(0));
        tokio::time::sleep(Duration::from_millis(350)).await;
        // One caller starts the recomputation and is held inside it.
        let (go, wait) = tokio::sync::oneshot::channel::<()>();
        let (started, has_started) = tokio::sync::oneshot::channel::<()>();
        let slow = {
            let c = c.clone();
            tokio::spawn(async move {
                c.get_or_compute("k".into(), || async move {
                    let _ = started.send(());
                    let _ = wait.await;
                    Ok(Value::from(100))
                })
                .await
                .ok()
                .and_then(|v| v.as_usize())
            })
        };
        let _ = has_started.await;
        assert_eq!(get(&c, &n).await, Some(0), "others get the previous value without waiting");
        let _ = go.send(());
        assert_eq!(slow.await.ok().flatten(), Some(100));
        assert_eq!(get(&c, &n).await, Some(100), "then the new one");
        // After a change, nobody is served the old value.
        c.invalidate();
        assert_eq!(get(&c, &n).await, Some(1));
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_computation() {
        let c = Arc::new(ViewCache::new(Duration::from_secs(60)));
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (c, runs) = (c.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                c.get_or_compute("k".into(), || async move {
                    runs.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(30)).await;
                    Ok(Value::from(7))
                })
                .await
                .ok()
                .and_then(|v| v.as_usize())
            }));
        }
        for t in tasks {
            assert_eq!(t.await.ok().flatten(), Some(7));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }
}
