//! The reports part of the storage contract: units' periodic reports and own annual plans,
//! the target values they report, attached files.

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{NewEvidence, ReportFile, TargetValueRecord, UnitReport};

/// Periodic reports.
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The report of a unit for a period, if one was started.
    async fn report(&self, unit: UnitId, period_key: &str) -> StoreResult<Option<UnitReport>>;
    async fn report_by_id(&self, id: i64) -> StoreResult<UnitReport>;
    /// Every report of a period (any unit), or of a kind; without narratives of drafts.
    async fn reports_of_period(&self, period_key: &str) -> StoreResult<Vec<UnitReport>>;
    /// Reports whose narrative contains the phrase (diacritics ignored), submitted ones only
    /// unless `unit` is given (then that unit's drafts too).
    async fn search_reports(&self, phrase: &str, unit: Option<UnitId>) -> StoreResult<Vec<UnitReport>>;
    /// Creates or edits a draft; refused once submitted or accepted.
    async fn save_report_draft(
        &self,
        actor: &Actor,
        unit: UnitId,
        period_key: &str,
        kind: &str,
        narrative: &str,
    ) -> StoreResult<UnitReport>;
    /// Submits a draft (or a returned report) seen at `expected_version`; refused when already
    /// submitted or accepted.
    async fn submit_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
    ) -> StoreResult<UnitReport>;
    /// The office accepts (`reason = None`) or returns a submitted report.
    async fn review_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
        return_reason: Option<&str>,
    ) -> StoreResult<UnitReport>;
    /// Sets a unit's values for targets in a period (only while its report is editable).
    async fn set_target_values(&self, actor: &Actor, values: &[TargetValueRecord]) -> StoreResult<()>;
    async fn target_values(&self, unit: Option<UnitId>, period_key: &str) -> StoreResult<Vec<TargetValueRecord>>;
    /// Targets of active plans that name `unit` as monitoring or implementing unit.
    async fn targets_for_unit(&self, unit: UnitId) -> StoreResult<Vec<crate::model::TargetRecord>>;
    async fn add_report_file(&self, actor: &Actor, report: i64, file: &NewEvidence) -> StoreResult<ReportFile>;
    async fn report_files(&self, report: i64) -> StoreResult<Vec<ReportFile>>;
    async fn report_file(&self, token: &str) -> StoreResult<Option<(ReportFile, Vec<u8>)>>;
}
