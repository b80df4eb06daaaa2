//! Shared application state, split so each handler takes only what it uses.

use std::sync::Arc;

use axum::extract::FromRef;
use cchc_app::config::Config;
use cchc_storage::DynStore;

use crate::metrics::Metrics;

/// Everything the server holds for its lifetime.
#[derive(Clone)]
pub struct AppState {
    pub store: DynStore,
    pub config: Arc<Config>,
    pub metrics: Arc<Metrics>,
    /// Index 766: this node's state, kept in step with the database.
    pub kpi: Arc<cchc_app::kpi::KpiService>,
    /// Computed page data reused for a few seconds (see [`crate::cache`]).
    pub views: Arc<crate::cache::ViewCache>,
    /// Sessions reused for a moment (see [`crate::auth::session::SessionCache`]).
    pub sessions: Arc<crate::auth::session::SessionCache>,
    /// Requests per personal access token (the API's rate limit).
    pub api_limits: Arc<crate::api::layer::RateLimiter>,
    /// Pushed dossier batches waiting for this node's writer (group commit).
    pub dossier_push: cchc_app::kpi::push::PushQueue,
    /// PAR round results, computed once per data version (see [`cchc_app::par::ResultsCache`]).
    pub par_results: Arc<cchc_app::par::ResultsCache>,
    /// The SIPAS public form's campaigns and its writer (group commit).
    pub sipas: cchc_app::sipas::PublicIntake,
    /// The public site's pages as rendered for anonymous visitors (see [`crate::public_pages`]).
    pub public_pages: Arc<crate::public_pages::PublicPages>,
}

impl AppState {
    /// Builds the state; fails at startup (not at first request) if a template is broken. With
    /// several nodes (PostgreSQL), a task follows sessions ended on other nodes; it must be
    /// called inside the Tokio runtime.
    pub fn new(store: DynStore, config: Config) -> Result<Self, String> {
        crate::render::Templates::load()?;
        if crate::render::templates().is_none() {
            return Err("không nạp được giao diện".into());
        }
        let kpi = Arc::new(cchc_app::kpi::KpiService::new(store.clone()));
        kpi.warm_up();
        let views = Arc::new(crate::cache::ViewCache::new(std::time::Duration::from_secs(
            config.limits.view_cache_seconds.min(3600),
        )));
        let sessions = Arc::new(crate::auth::session::SessionCache::new(std::time::Duration::from_secs(
            config.security.session_cache_seconds.min(60),
        )));
        if let Some(signals) = store.session_signals() {
            tokio::spawn(crate::auth::session::follow_signals(signals, Arc::downgrade(&sessions)));
        }
        let api_limits = Arc::new(crate::api::layer::RateLimiter::new(config.limits.api_requests_per_minute));
        let dossier_push = cchc_app::kpi::push::PushQueue::start(store.clone());
        let sipas = cchc_app::sipas::PublicIntake::start(store.clone());
        Ok(Self {
            dossier_push,
            sipas,
            public_pages: Arc::default(),
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            kpi,
            views,
            sessions,
            api_limits,
            par_results: Arc::new(cchc_app::par::ResultsCache::new()),
        })
    }
}

impl FromRef<AppState> for DynStore {
    fn from_ref(s: &AppState) -> Self {
        s.store.clone()
    }
}

impl FromRef<AppState> for Arc<Config> {
    fn from_ref(s: &AppState) -> Self {
        s.config.clone()
    }
}

impl FromRef<AppState> for Arc<cchc_app::par::ResultsCache> {
    fn from_ref(s: &AppState) -> Self {
        s.par_results.clone()
    }
}

impl FromRef<AppState> for Arc<crate::public_pages::PublicPages> {
    fn from_ref(s: &AppState) -> Self {
        s.public_pages.clone()
    }
}

impl FromRef<AppState> for Arc<Metrics> {
    fn from_ref(s: &AppState) -> Self {
        s.metrics.clone()
    }
}

impl FromRef<AppState> for Arc<crate::cache::ViewCache> {
    fn from_ref(s: &AppState) -> Self {
        s.views.clone()
    }
}
