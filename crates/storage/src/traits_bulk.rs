//! Bulk writes for generated data (a synthetic province for load and benchmark work) and the
//! aggregate reads that dashboards need at that size.
//!
//! Bulk writes run in one transaction with multi-row statements and write exactly one audit
//! entry per batch, with the counts the store itself wrote, so the audit log stays honest
//! about what happened without one entry per generated row.

use async_trait::async_trait;
use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{TaskProgress, TimelinessRules, UnitTally};
use cchc_domain::unit::{ChangeKind, UnitId, UnitKind};
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};

use crate::error::StoreResult;
use crate::model::{InstanceFilter, StateCounts};

/// A unit to create in bulk. Parents are named by code and may come earlier in the batch or
/// already exist.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkUnit {
    pub code: String,
    pub kind: UnitKind,
    pub parent_code: Option<String>,
    pub name: String,
    pub abbreviations: Vec<String>,
    pub aliases: Vec<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub note: String,
}

/// A reorganisation to record in bulk, by unit codes. Unlike `record_change`, the store does
/// not end the predecessors: the batch gives every unit its validity already.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkChange {
    pub kind: ChangeKind,
    pub effective: NaiveDate,
    pub predecessors: Vec<String>,
    pub successors: Vec<String>,
    pub note: String,
}

/// A history entry of a task instance, written as it would have been at `at`.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkTaskEvent {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub unit_id: Option<UnitId>,
    /// An action code (`report_progress`, `report_done`, `accept`, `return`, `contribute`).
    pub action: String,
    pub note: String,
    pub percent: Option<u8>,
    pub outputs: String,
    /// The state code after the action.
    pub state_after: String,
}

/// The tracked state of one existing instance: its progress, completion class, the event it
/// waited for, and its history (the version becomes the number of history entries).
#[derive(Debug, Clone, PartialEq)]
pub struct BulkProgress {
    pub instance_id: i64,
    pub progress: TaskProgress,
    /// `early`, `on_time`, `late` or `undated` once reported done.
    pub completion: Option<String>,
    /// For an event-triggered task whose event was recorded: the day, and the due date set.
    pub event_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub events: Vec<BulkTaskEvent>,
}

/// A unit's periodic report to create in bulk.
#[derive(Debug, Clone, PartialEq)]
pub struct BulkReport {
    pub unit_id: UnitId,
    pub period_key: String,
    /// `period` (a period's report) or `plan` (a unit's own annual plan).
    pub kind: String,
    pub status: ReviewState,
    pub narrative: String,
    pub submitted_on: Option<NaiveDate>,
    pub submitted_by: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    pub return_reason: Option<String>,
}

/// What a bulk write stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct BulkCounts {
    pub rows: u64,
    /// Secondary rows (change links, history entries).
    pub details: u64,
}

/// Bulk writes and aggregate reads.
#[async_trait]
pub trait BulkStore: Send + Sync {
    /// Creates units and their reorganisations in one transaction; one audit entry `action`
    /// (e.g. `demo.generate`) with the counts. Returns the new units' ids in batch order.
    async fn bulk_units(
        &self,
        actor: &Actor,
        action: &str,
        units: &[BulkUnit],
        changes: &[BulkChange],
    ) -> StoreResult<Vec<UnitId>>;
    /// Sets the progress and history of existing instances in one transaction; one audit
    /// entry `action` with the counts.
    async fn bulk_progress(&self, actor: &Actor, action: &str, rows: &[BulkProgress]) -> StoreResult<BulkCounts>;
    /// Creates units' periodic reports in one transaction; one audit entry `action`.
    async fn bulk_reports(&self, actor: &Actor, action: &str, rows: &[BulkReport]) -> StoreResult<BulkCounts>;
    /// Whether the database holds any unit, account or document.
    async fn has_data(&self) -> StoreResult<bool>;

    /// The data version: the audit chain head's sequence number. Every audited write changes
    /// it, on whichever app node it happens, so it keys caches that must never be stale.
    async fn data_version(&self) -> StoreResult<i64>;
    /// Counts by state per document within the filter (one query instead of one per document).
    async fn state_counts_by_document(
        &self,
        filter: &InstanceFilter,
        today: NaiveDate,
    ) -> StoreResult<Vec<(cchc_domain::plan::DocumentId, StateCounts)>>;
    /// Counts by state per (document, area code) within the filter, one grouped query; tasks
    /// without an area are counted under an empty code. Ordered by document, then area code.
    async fn state_counts_by_area(
        &self,
        filter: &InstanceFilter,
        today: NaiveDate,
    ) -> StoreResult<Vec<(cchc_domain::plan::DocumentId, String, StateCounts)>>;
    /// The on-time tally of every lead unit of the instances in the filter whose due date is in
    /// `from..=to`, as the domain's ranking counts them (see `cchc_domain::tracking::ranking`),
    /// computed by the database with one grouped query. Instances without a lead unit are left
    /// out. Ordered by unit id.
    async fn on_time_tallies(
        &self,
        filter: &InstanceFilter,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        rules: &TimelinessRules,
    ) -> StoreResult<Vec<(UnitId, UnitTally)>>;
}
