//! Persistence for cchc. One [`Store`] trait (split by area in [`traits`]); the backend is
//! chosen once at startup from the database URL: SQLite (embedded default) or PostgreSQL
//! (several app nodes on one database). Both run the same shared test suite.

mod backend;
pub mod error;
pub mod model;
pub mod model_initiative;
pub mod model_inspection;
pub mod model_kpi;
pub mod model_par;
pub mod model_public;
pub mod model_reports;
pub mod model_sipas;
pub mod model_sipas_guard;
pub mod model_tokens;
pub mod traits;
pub mod traits_adhoc;
pub mod traits_bulk;
pub mod traits_check;
pub mod traits_initiative;
pub mod traits_inspection;
pub mod traits_kpi;
pub mod traits_notify;
pub mod traits_par;
pub mod traits_plans;
pub mod traits_public;
pub mod traits_reports;
pub mod traits_sipas;
pub mod traits_sipas_guard;
pub mod traits_target_links;
pub mod traits_tokens;
pub mod traits_tracking;
pub mod traits_unit_plans;
pub mod traits_workdays;

pub use backend::{connect, postgres, redact, sqlite, ConnectOptions};
pub use error::{StoreError, StoreResult};
pub use traits::{AuditStore, SessionStore, SettingsStore, Store, UnitStore, UserStore};
pub use traits_adhoc::AdhocStore;
pub use traits_bulk::BulkStore;
pub use traits_check::CheckStore;
pub use traits_initiative::InitiativeStore;
pub use traits_inspection::InspectionStore;
pub use traits_kpi::{DossierImport, KpiStore};
pub use traits_notify::NotifyStore;
pub use traits_par::ParStore;
pub use traits_plans::PlanStore;
pub use traits_public::PublicStore;
pub use traits_reports::ReportStore;
pub use traits_sipas::SipasStore;
pub use traits_sipas_guard::SipasGuardStore;
pub use traits_target_links::{TargetIndicator, TargetLinkStore};
pub use traits_tokens::TokenStore;
pub use traits_tracking::TrackingStore;
pub use traits_unit_plans::UnitPlanStore;
pub use traits_workdays::WorkdayStore;

/// The store as the rest of the application holds it.
pub type DynStore = std::sync::Arc<dyn Store>;
