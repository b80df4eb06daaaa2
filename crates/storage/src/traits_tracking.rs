//! The tracking part of the storage contract: task instances, their actions and history,
//! evidence files.

use async_trait::async_trait;
use cchc_domain::tracking::TaskProgress;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{
    EvidenceRecord, InstanceFilter, InstanceRecord, NewEvidence, NewTaskEvent, StateCounts, TaskEventRecord,
};

/// Task instances and their progress.
#[async_trait]
pub trait TrackingStore: Send + Sync {
    async fn list_instances(&self, filter: &InstanceFilter) -> StoreResult<Vec<InstanceRecord>>;
    async fn count_instances(&self, filter: &InstanceFilter) -> StoreResult<i64>;
    /// Counts by state within the filter (limit/offset ignored); overdue as of `today`.
    async fn state_counts(&self, filter: &InstanceFilter, today: NaiveDate) -> StoreResult<StateCounts>;
    async fn get_instance(&self, id: i64) -> StoreResult<InstanceRecord>;
    /// Stores an action's result in one transaction: the new progress (only if the instance
    /// is still at `expected_version`, else a conflict), the history entry, the evidence
    /// files, and the audit entry.
    #[allow(clippy::too_many_arguments)] // the parts of one transaction, each named
    async fn apply_action(
        &self,
        actor: &Actor,
        instance: i64,
        expected_version: i64,
        progress: &TaskProgress,
        completion: Option<&str>,
        event: &NewTaskEvent,
        evidence: &[NewEvidence],
    ) -> StoreResult<InstanceRecord>;
    async fn instance_events(&self, instance: i64) -> StoreResult<Vec<TaskEventRecord>>;
    /// The latest "reported done" entry of each of these instances (outputs and evidence
    /// references, for lists and exports), in no particular order.
    async fn latest_done_events(&self, instances: &[i64]) -> StoreResult<Vec<TaskEventRecord>>;
    async fn instance_evidence(&self, instance: i64) -> StoreResult<Vec<EvidenceRecord>>;
    /// An evidence file and its content by its random token.
    async fn evidence_by_token(&self, token: &str) -> StoreResult<Option<(EvidenceRecord, Vec<u8>)>>;
    /// Records that a task's triggering event happened, which sets its due date.
    async fn record_event_occurrence(
        &self,
        actor: &Actor,
        instance: i64,
        occurred_on: NaiveDate,
        due: Option<NaiveDate>,
    ) -> StoreResult<InstanceRecord>;
    /// Moves open instances to another lead unit (a reorganisation), keeping their history.
    async fn reassign_instances(&self, actor: &Actor, moves: &[(i64, cchc_domain::unit::UnitId)])
        -> StoreResult<usize>;
}
