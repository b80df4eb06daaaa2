//! The results of a round, computed once per data version and shared by every page that
//! shows them (the round's ranking, each unit's page and scorecard, the files, the API); and
//! each unit's projected score the same way, per day (its scoring form); and the criteria
//! sets used by rounds, which never change once frozen.
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

use cchc_domain::par::CriteriaSet;
use cchc_storage::model_par::{Assessment, Round};
use cchc_storage::Store;
use chrono::NaiveDate;
use tokio::sync::OnceCell;

use super::projection::{projection, UnitProjection};
use super::results::{draft_line, results, UnitLine};
use super::RoundResults;
use crate::accounts::ServiceError;
use crate::kpi::service::KpiService;

/// Rounds kept at most (a province has one a year; a few years are read at once).
const CAPACITY: usize = 16;

/// Unit projections kept at most (one per assessment and day).
const PROJECTIONS: usize = 2_048;

struct Slot<V> {
    version: i64,
    value: OnceCell<Arc<V>>,
}

/// Values computed once per key and data version, shared by concurrent readers.
struct Versioned<K, V> {
    capacity: usize,
    slots: Mutex<HashMap<K, Arc<Slot<V>>>>,
}

impl<K: std::hash::Hash + Eq + Clone, V> Versioned<K, V> {
    fn new(capacity: usize) -> Self {
        Versioned { capacity, slots: Mutex::new(HashMap::new()) }
    }

    /// The slot of `key` at `version`: the cached one, or a new one (kept unless a newer
    /// version is cached).
    fn slot(&self, key: &K, version: i64) -> Arc<Slot<V>> {
        let mut slots = self.slots.lock().unwrap_or_else(|p| p.into_inner());
        match slots.get(key) {
            Some(s) if s.version == version => return s.clone(),
            Some(s) if s.version > version => return Arc::new(Slot { version, value: OnceCell::new() }),
            _ => {}
        }
        if slots.len() >= self.capacity && !slots.contains_key(key) {
            // Entries of older versions can never be read again: drop them first.
            slots.retain(|_, s| s.version >= version);
            if slots.len() >= self.capacity {
                slots.clear();
            }
        }
        let s = Arc::new(Slot { version, value: OnceCell::new() });
        slots.insert(key.clone(), s.clone());
        s
    }

    async fn get<F, Fut>(&self, key: K, version: i64, compute: F) -> Result<Arc<V>, ServiceError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<V, ServiceError>>,
    {
        let slot = self.slot(&key, version);
        let value = slot.value.get_or_try_init(|| async { compute().await.map(Arc::new) }).await?;
        Ok(value.clone())
    }
}

/// Frozen criteria sets kept at most (a few per unit group and year).
const SETS: usize = 256;

/// The results of the rounds read recently, by round, the projections of the units'
/// assessments, by assessment and day, and the frozen criteria sets by id.
pub struct ResultsCache {
    rounds: Versioned<i64, RoundResults>,
    projections: Versioned<(i64, NaiveDate), UnitProjection>,
    sets: Mutex<HashMap<i64, Arc<CriteriaSet>>>,
}

impl Default for ResultsCache {
    fn default() -> Self {
        ResultsCache {
            rounds: Versioned::new(CAPACITY),
            projections: Versioned::new(PROJECTIONS),
            sets: Mutex::new(HashMap::new()),
        }
    }
}

impl ResultsCache {
    /// An empty cache.
    pub fn new() -> ResultsCache {
        ResultsCache::default()
    }

    /// The projection of `a` on `today` ([`projection`]), computed once per data version
    /// and day: every input of a projection (tasks, reports, target values, initiatives,
    /// scores, dossier imports, settings) is an audited write. The index-766 figures in it
    /// are those of the first read of that version on that day.
    pub async fn projection(
        &self,
        store: &dyn Store,
        kpi: &KpiService,
        a: &Assessment,
        year: i32,
        today: NaiveDate,
    ) -> Result<Arc<UnitProjection>, ServiceError> {
        let version = store.data_version().await?;
        self.projections.get((a.id, today), version, || projection(store, kpi, a, year, today)).await
    }

    /// Criteria set `id`. A set is frozen when a round first uses it and is never changed
    /// after (an edit makes a new version), on any node: a frozen set is read from the
    /// store once and then shared; a set not yet frozen is read every time.
    pub async fn criteria_set(&self, store: &dyn Store, id: i64) -> Result<Arc<CriteriaSet>, ServiceError> {
        if let Some(set) = self.sets.lock().unwrap_or_else(|p| p.into_inner()).get(&id) {
            return Ok(set.clone());
        }
        let set = Arc::new(store.criteria_set(id).await?.set);
        if set.frozen {
            let mut sets = self.sets.lock().unwrap_or_else(|p| p.into_inner());
            if sets.len() >= SETS {
                sets.clear();
            }
            sets.insert(id, set.clone());
        }
        Ok(set)
    }

    /// The results of round `round_id`, as [`results`] computes them at the current data
    /// version.
    pub async fn results(&self, store: &dyn Store, round_id: i64) -> Result<Arc<RoundResults>, ServiceError> {
        let version = store.data_version().await?;
        self.rounds.get(round_id, version, || results(store, round_id)).await
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
