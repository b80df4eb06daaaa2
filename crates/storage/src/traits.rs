//! The storage contract. One trait per area, gathered in [`Store`]; every backend implements
//! all of them, and the shared test suite (tests/suite.rs) runs against each backend.
//!
//! Every method that changes state takes the [`Actor`] and writes its audit entries in the
//! same transaction as the change.

use async_trait::async_trait;
use cchc_domain::audit::{AuditEntry, ChainBreak, ChainHead};
use cchc_domain::registry_file::UnitRow;
use cchc_domain::throttle::ThrottleRule;
use cchc_domain::unit::{Unit, UnitChange, UnitContact, UnitId, UnitInput};
use cchc_domain::user::{Actor, User, UserId};
use chrono::{DateTime, Utc};

use crate::error::StoreResult;
use crate::model::*;

/// The organisation registry.
#[async_trait]
pub trait UnitStore: Send + Sync {
    /// Units matching the filter, ordered by kind then name.
    async fn list_units(&self, filter: &UnitFilter) -> StoreResult<Vec<Unit>>;
    /// Every unit, past and present, ordered by id.
    async fn all_units(&self) -> StoreResult<Vec<Unit>>;
    async fn get_unit(&self, id: UnitId) -> StoreResult<Unit>;
    async fn unit_by_code(&self, code: &str) -> StoreResult<Option<Unit>>;
    async fn unit_contact(&self, id: UnitId) -> StoreResult<UnitContact>;
    /// Creates a unit; the input must already be normalised.
    async fn create_unit(&self, actor: &Actor, input: &UnitInput) -> StoreResult<Unit>;
    /// Replaces a unit's registry fields; refuses a parent that would make a cycle.
    async fn update_unit(&self, actor: &Actor, id: UnitId, input: &UnitInput) -> StoreResult<Unit>;
    async fn update_unit_contact(&self, actor: &Actor, id: UnitId, contact: &UnitContact) -> StoreResult<UnitContact>;
    /// Records a merge / split / rename / dissolution: creates new successor units, ends the
    /// predecessors the day before `effective`, and links them; in the same transaction, the
    /// open lead work of the units that end moves to their successor where the domain's
    /// `plan_handover` says so (audited as `task.reassign`). History is kept.
    async fn record_change(&self, actor: &Actor, change: &NewChange) -> StoreResult<UnitChange>;
    /// Changes involving `unit` (as predecessor or successor), or all changes.
    async fn list_changes(&self, unit: Option<UnitId>) -> StoreResult<Vec<UnitChange>>;
    /// Applies validated registry rows in one transaction: all rows or none.
    async fn import_units(&self, actor: &Actor, rows: &[UnitRow]) -> StoreResult<ImportReport>;
}

/// Accounts and login throttling.
#[async_trait]
pub trait UserStore: Send + Sync {
    async fn create_user(&self, actor: &Actor, user: &NewUser) -> StoreResult<User>;
    async fn update_user(&self, actor: &Actor, id: UserId, update: &UserUpdate) -> StoreResult<User>;
    /// Sets a new password hash and ends the user's other sessions.
    async fn set_password(&self, actor: &Actor, id: UserId, password_hash: &str, must_change: bool) -> StoreResult<()>;
    async fn get_user(&self, id: UserId) -> StoreResult<User>;
    /// The user and their password hash, for login.
    async fn user_credentials(&self, login: &str) -> StoreResult<Option<(User, String)>>;
    async fn list_users(&self) -> StoreResult<Vec<User>>;
    async fn count_users(&self) -> StoreResult<i64>;
    /// Current failure state for `key` under `rule` (expired locks and windows count as clean).
    async fn login_throttle(&self, key: &str, now: DateTime<Utc>, rule: &ThrottleRule) -> StoreResult<LoginThrottle>;
    /// Counts a failure; from the rule's free failures on, the key waits as long as the rule
    /// says for that many failures (counted within the rule's window).
    async fn record_login_failure(
        &self,
        key: &str,
        now: DateTime<Utc>,
        rule: &ThrottleRule,
    ) -> StoreResult<LoginThrottle>;
    async fn clear_login_failures(&self, key: &str) -> StoreResult<()>;
}

/// Server-side sessions, shared by every app node.
#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Stores a new session and audits the login.
    async fn create_session(&self, actor: &Actor, session: &Session) -> StoreResult<()>;
    /// The live session and its active user for a token hash, if any.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(Session, User)>>;
    /// Extends a session (sliding expiry).
    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()>;
    /// Ends a session and audits the logout.
    async fn delete_session(&self, actor: &Actor, token_hash: &str) -> StoreResult<()>;
    /// Removes expired sessions; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64>;
}

/// The append-only, hash-chained audit log.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Records an event that changes no other table (e.g. a failed login, an export).
    async fn record_event(&self, actor: &Actor, event: &AuditEvent) -> StoreResult<()>;
    async fn list_audit(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>>;
    /// Walks the whole chain; `Ok(Err(..))` names the first broken entry.
    async fn verify_audit(&self) -> StoreResult<Result<i64, ChainBreak>> {
        self.verify_audit_anchored(&[]).await
    }
    /// Walks the whole chain and checks it against heads published outside the database
    /// (each anchored entry must still be there with the same hash).
    async fn verify_audit_anchored(&self, anchors: &[ChainHead]) -> StoreResult<Result<i64, ChainBreak>>;
    /// The chain head as recorded in the database, to publish as an anchor.
    async fn audit_head(&self) -> StoreResult<ChainHead>;
    /// Claims a once-only job run (`backup:2025-03-07T00`) for this node: true for exactly one
    /// caller across every app node. The claim is an audit entry, written under the chain
    /// head's lock, which serialises it against every other node's claim.
    async fn claim_job(&self, actor: &Actor, key: &str) -> StoreResult<bool>;
}

/// Installation-wide settings (key → value).
#[async_trait]
pub trait SettingsStore: Send + Sync {
    async fn setting(&self, key: &str) -> StoreResult<Option<String>>;
    async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> StoreResult<()>;
}

/// Everything a backend provides.
#[async_trait]
pub trait Store:
    UnitStore
    + UserStore
    + SessionStore
    + AuditStore
    + SettingsStore
    + crate::traits_plans::PlanStore
    + crate::traits_tracking::TrackingStore
    + crate::traits_reports::ReportStore
    + crate::traits_kpi::KpiStore
    + crate::traits_bulk::BulkStore
    + crate::traits_notify::NotifyStore
    + crate::traits_par::ParStore
    + crate::traits_public::PublicStore
    + crate::traits_sipas::SipasStore
    + crate::traits_sipas_guard::SipasGuardStore
    + crate::traits_check::CheckStore
    + crate::traits_workdays::WorkdayStore
    + crate::traits_inspection::InspectionStore
    + crate::traits_initiative::InitiativeStore
    + crate::traits_tokens::TokenStore
    + crate::traits_adhoc::AdhocStore
    + crate::traits_unit_plans::UnitPlanStore
    + crate::traits_target_links::TargetLinkStore
{
    /// `sqlite` or `postgres`.
    fn backend(&self) -> &'static str;
    /// Checks the database answers (for `/healthz`).
    async fn ping(&self) -> StoreResult<()>;
    /// Runs the background upkeep now and waits for it (SQLite: copies the write-ahead log
    /// into the database file; PostgreSQL: nothing). Benchmarks call it between phases.
    async fn settle(&self) -> StoreResult<()>;
    /// Writes a consistent copy of the whole database to a new file at `path` while writers
    /// go on (SQLite: `VACUUM INTO`, one read transaction). PostgreSQL refuses: its copy is
    /// made with `pg_dump` (see `cchc backup`).
    async fn snapshot_into(&self, path: &std::path::Path) -> StoreResult<()>;
    /// Sessions ended by any app node, as they commit (PostgreSQL: `LISTEN cchc_sessions`,
    /// reconnecting on error). `None` where there is only one node (SQLite). Each call starts
    /// its own listener, which stops when the receiver is dropped.
    fn session_signals(&self) -> Option<tokio::sync::mpsc::Receiver<crate::model::SessionSignal>>;
}
