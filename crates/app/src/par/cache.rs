//! The results of a round, computed once per data version and shared by every page that
//! shows them (the round's ranking, each unit's page and scorecard, the files, the API).
//!
//! A round's results depend only on stored data (the marks, the registry, the sets and
//! bands, last year's round), and every write of stored data is audited and so moves the
//! store's data version ([`Store::data_version`]), on whichever app node it happens. An
//! entry is therefore reused exactly while the version it was computed at is the current
//! one: never stale, on one node or several. Concurrent readers of the same round and
//! version wait for one computation instead of each running it; a reader that sees an
//! older version than the cached one (a write raced its read) computes for itself and
//! leaves the newer entry in place.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use cchc_storage::model_par::{Assessment, Round};
use cchc_storage::Store;
use tokio::sync::OnceCell;

use super::results::{draft_line, results, UnitLine};
use super::RoundResults;
use crate::accounts::ServiceError;

/// Rounds kept at most (a province has one a year; a few years are read at once).
const CAPACITY: usize = 16;

struct Slot {
    version: i64,
    value: OnceCell<Arc<RoundResults>>,
}

/// The results of the rounds read recently, by round.
#[derive(Default)]
pub struct ResultsCache {
    slots: Mutex<HashMap<i64, Arc<Slot>>>,
}

impl ResultsCache {
    /// An empty cache.
    pub fn new() -> ResultsCache {
        ResultsCache::default()
    }

    /// The slot of `round` at `version`: the cached one, or a new one (kept unless a newer
    /// version is cached).
    fn slot(&self, round: i64, version: i64) -> Arc<Slot> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        match slots.get(&round) {
            Some(s) if s.version == version => return s.clone(),
            Some(s) if s.version > version => return Arc::new(Slot { version, value: OnceCell::new() }),
            _ => {}
        }
        if slots.len() >= CAPACITY && !slots.contains_key(&round) {
            if let Some(oldest) = slots.iter().min_by_key(|(_, s)| s.version).map(|(k, _)| *k) {
                slots.remove(&oldest);
            }
        }
        let s = Arc::new(Slot { version, value: OnceCell::new() });
        slots.insert(round, s.clone());
        s
    }

    /// The results of round `round_id`, as [`results`] computes them at the current data
    /// version.
    pub async fn results(&self, store: &dyn Store, round_id: i64) -> Result<Arc<RoundResults>, ServiceError> {
        let version = store.data_version().await?;
        let slot = self.slot(round_id, version);
        let value = slot.value.get_or_try_init(|| async { results(store, round_id).await.map(Arc::new) }).await?;
        Ok(value.clone())
    }

    /// The line of assessment `a` of `round`, as [`super::unit_line`] gives it: a draft has no
    /// result and is unranked (nothing is computed for it); a sent one is read from the
    /// round's cached results.
    pub async fn unit_line(
        &self,
        store: &dyn Store,
        round: &Round,
        a: &Assessment,
    ) -> Result<Option<UnitLine>, ServiceError> {
        if a.round_id != round.id {
            return Ok(None);
        }
        if !a.status.is_sent() {
            return draft_line(store, a).await.map(Some);
        }
        let r = self.results(store, round.id).await?;
        Ok(r.lines.iter().find(|l| l.assessment.id == a.id).cloned())
    }
}
