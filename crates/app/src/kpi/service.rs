//! The index-766 state of one app node, kept in step with the database: one
//! [`KpiState`] per methodology version, rebuilt from the stored records when the catalogue
//! or a methodology changes, otherwise refreshed with the rows written since the last look.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::local_time::{from_secs, to_secs};
use cchc_domain::period::PeriodKey;
use cchc_domain::unit::Unit;
use cchc_domain::unit_tree::UnitTree;
use cchc_domain::user::Actor;
use cchc_kpi::aggregate::KpiState;
use cchc_kpi::catalogue::Catalogue;
use cchc_kpi::report::{compute_report, Report};
use cchc_storage::model_kpi::KpiHead;
use cchc_storage::DynStore;
use chrono::NaiveDateTime;

use super::{blocking, KpiError};

/// Rows read per query when loading.
const PAGE: i64 = 50_000;

/// One methodology version and its aggregate.
struct Version {
    state: KpiState,
    /// The last report computed: (head, cut-off, tree fingerprint) → report.
    cache: Option<((KpiHead, i64, u64), Arc<Report>)>,
}

#[derive(Default)]
struct Inner {
    head: Option<KpiHead>,
    versions: Vec<Version>,
}

/// The node's index-766 state, shared by every request.
pub struct KpiService {
    store: DynStore,
    sync_lock: tokio::sync::Mutex<()>,
    inner: Arc<Mutex<Inner>>,
    ensured: AtomicBool,
}

fn lock(m: &Mutex<Inner>) -> MutexGuard<'_, Inner> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// What a computation sees: every version's state (at one cut-off) and the unit tree.
pub struct Computed<'a> {
    versions: &'a mut [Version],
    head: KpiHead,
    pub tree: &'a UnitTree,
    pub units: &'a [Unit],
    pub as_of: NaiveDateTime,
    tree_key: u64,
}

impl Computed<'_> {
    /// The version in force on the first day of `period`: a period keeps the rules it began
    /// with, and a new version applies from the first period starting on or after its date.
    pub fn version_for(&self, period: PeriodKey) -> Option<usize> {
        let day = from_secs(period.start()).date();
        self.versions
            .iter()
            .enumerate()
            .filter(|(_, v)| v.state.methodology().is_effective_on(day))
            .max_by_key(|(_, v)| v.state.methodology().effective_from)
            .map(|(i, _)| i)
    }

    /// Number of methodology versions.
    pub fn version_count(&self) -> usize {
        self.versions.len()
    }

    /// The methodology of a version.
    pub fn methodology(&self, v: usize) -> &Methodology {
        self.versions[v].state.methodology()
    }

    /// The state of a version.
    pub fn state(&self, v: usize) -> &KpiState {
        &self.versions[v].state
    }

    /// Every unit × period of a version (computed once per change, cut-off and tree).
    pub fn report(&mut self, v: usize) -> Arc<Report> {
        let key = (self.head, to_secs(self.as_of), self.tree_key);
        let ver = &mut self.versions[v];
        match &ver.cache {
            Some((k, r)) if *k == key => r.clone(),
            _ => {
                let r = Arc::new(compute_report(&ver.state, self.tree));
                ver.cache = Some((key, r.clone()));
                r
            }
        }
    }

    /// The methodology and report for a period, if a version applies.
    pub fn for_period(&mut self, period: PeriodKey) -> Option<(Methodology, Arc<Report>)> {
        let v = self.version_for(period)?;
        Some((self.methodology(v).clone(), self.report(v)))
    }
}

/// The registry as the engine's parent links, and a fingerprint to notice changes.
pub fn unit_tree(units: &[Unit]) -> (UnitTree, u64) {
    use std::hash::{Hash, Hasher};
    let tree = UnitTree::from_units(units);
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for u in units {
        if let Some(p) = tree.parent.get(&u.code) {
            (&u.code, p).hash(&mut h);
        }
        (&u.code, &u.name).hash(&mut h);
    }
    (tree, h.finish())
}

impl KpiService {
    /// A service over `store`; nothing is loaded until first use.
    pub fn new(store: DynStore) -> KpiService {
        KpiService { store, sync_lock: Default::default(), inner: Default::default(), ensured: AtomicBool::new(false) }
    }

    /// Loads the state in the background (at server start), so the first page is quick.
    pub fn warm_up(self: &Arc<Self>) {
        if let Ok(h) = tokio::runtime::Handle::try_current() {
            let me = self.clone();
            h.spawn(async move {
                if let Err(e) = me.sync(super::now_local()).await {
                    tracing::warn!(error = %e, "index 766: loading failed");
                }
            });
        }
    }

    /// The store.
    pub fn store(&self) -> &DynStore {
        &self.store
    }

    /// Brings the state up to the database: stores the shipped methodology on first use,
    /// rebuilds when the catalogue or a methodology changed, else applies the new rows.
    pub async fn sync(&self, as_of: NaiveDateTime) -> Result<KpiHead, KpiError> {
        let _g = self.sync_lock.lock().await;
        if !self.ensured.load(Ordering::Relaxed) {
            let m = Methodology::default_766().map_err(|e| KpiError::Internal(e.to_string()))?;
            self.store.ensure_methodology(&Actor::system(), &m).await?;
            self.ensured.store(true, Ordering::Relaxed);
        }
        let head = self.store.kpi_head().await?;
        let have = lock(&self.inner).head;
        match have {
            Some(h) if h == head => {}
            Some(h) if h.setup_rev == head.setup_rev => {
                // Collected first and applied under one lock, so no request sees half an import.
                let pages = Arc::new(Mutex::new(Vec::new()));
                let p2 = pages.clone();
                self.load(h.rev, head.rev, move |rows| p2.lock().unwrap_or_else(|p| p.into_inner()).push(rows)).await?;
                let pages = std::mem::take(&mut *pages.lock().unwrap_or_else(|p| p.into_inner()));
                let inner = self.inner.clone();
                blocking(move || {
                    let mut g = lock(&inner);
                    for v in &mut g.versions {
                        for rows in &pages {
                            v.state.apply(rows);
                        }
                    }
                    g.head = Some(head);
                })
                .await?;
            }
            _ => self.rebuild(head, as_of).await?,
        }
        Ok(head)
    }

    async fn rebuild(&self, head: KpiHead, as_of: NaiveDateTime) -> Result<(), KpiError> {
        let methods = self.store.methodologies().await?;
        let catalogue = Catalogue::from_procedures(self.store.procedures().await?);
        let mut states = Vec::new();
        for m in methods {
            states.push(KpiState::new(m.methodology, catalogue.clone(), as_of).map_err(KpiError::Internal)?);
        }
        let states = Arc::new(Mutex::new(states));
        let s2 = states.clone();
        self.load(0, head.rev, move |rows| {
            for st in s2.lock().unwrap_or_else(|p| p.into_inner()).iter_mut() {
                st.apply(&rows);
            }
        })
        .await?;
        let states = std::mem::take(&mut *states.lock().unwrap_or_else(|p| p.into_inner()));
        let mut inner = lock(&self.inner);
        inner.versions = states.into_iter().map(|state| Version { state, cache: None }).collect();
        inner.head = Some(head);
        tracing::info!(dossiers = inner.versions.first().map_or(0, |v| v.state.len()), "index 766 state loaded");
        Ok(())
    }

    /// Reads the rows written in `(from, to]` page by page, applying each on a blocking thread.
    async fn load(
        &self,
        from: i64,
        to: i64,
        apply: impl Fn(Vec<DossierRecord>) + Send + Sync + Clone + 'static,
    ) -> Result<(), KpiError> {
        let mut after = String::new();
        loop {
            let page = self.store.changed_dossiers(from, to, &after, PAGE).await?;
            let Some(last) = page.last() else { break };
            after = last.record.code.clone();
            let full = page.len() as i64 == PAGE;
            let rows: Vec<DossierRecord> = page.into_iter().map(|d| d.record).collect();
            let f = apply.clone();
            blocking(move || f(rows)).await?;
            if !full {
                break;
            }
        }
        Ok(())
    }

    /// Syncs, then runs `f` on a blocking thread over the state judged at `as_of` and the
    /// current registry.
    pub async fn compute<T: Send + 'static>(
        &self,
        as_of: NaiveDateTime,
        f: impl FnOnce(&mut Computed<'_>) -> T + Send + 'static,
    ) -> Result<T, KpiError> {
        let head = self.sync(as_of).await?;
        let units = self.store.all_units().await?;
        let inner = self.inner.clone();
        blocking(move || {
            let (tree, tree_key) = unit_tree(&units);
            let mut g = lock(&inner);
            for v in &mut g.versions {
                // The cut-off only moves forward on a node; an earlier one would re-judge
                // every dossier for nothing.
                if as_of > v.state.as_of() {
                    v.state.set_as_of(as_of);
                }
            }
            let as_of = g.versions.first().map_or(as_of, |v| v.state.as_of());
            let head = g.head.unwrap_or(head);
            let mut c = Computed { versions: &mut g.versions, head, tree: &tree, units: &units, as_of, tree_key };
            f(&mut c)
        })
        .await
    }
}
