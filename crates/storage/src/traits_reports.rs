//! The reports part of the storage contract: units' periodic reports and own annual plans,
//! the target values they report, attached files.

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{NewEvidence, ReportFile, TargetValueRecord, UnitReport};

/// Periodic reports. Every read takes the reader's [`Visibility`]: a unit's staff get only
/// their unit's reports; province-wide readers get every unit's sent reports and, of a draft,
/// only that it exists (no narrative, no files).
#[async_trait]
pub trait ReportStore: Send + Sync {
    /// The report of a unit for a period, if one was started and the reader may see it.
    async fn report(&self, unit: UnitId, period_key: &str, vis: Visibility) -> StoreResult<Option<UnitReport>>;
    /// A report by id; `NotFound` when the reader may not see it.
    async fn report_by_id(&self, id: i64, vis: Visibility) -> StoreResult<UnitReport>;
    /// The reports of a period the reader may see.
    async fn reports_of_period(&self, period_key: &str, vis: Visibility) -> StoreResult<Vec<UnitReport>>;
    /// Reports whose narrative contains the phrase (diacritics ignored): sent ones for
    /// province-wide readers, the unit's own (drafts too) for its staff.
    async fn search_reports(&self, phrase: &str, vis: Visibility) -> StoreResult<Vec<UnitReport>>;
    /// A report post in one transaction (draft, target values, files, submission when asked):
    /// applied wholly or not at all.
    async fn save_report(&self, actor: &Actor, save: &crate::model::ReportSave) -> StoreResult<UnitReport>;
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
    /// The unit's head signs off a report waiting for sign-off (`send_back = None`: it is
    /// submitted on `on`), or sends it back to the draft with a reason.
    async fn signoff_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
        send_back: Option<&str>,
    ) -> StoreResult<UnitReport>;
    /// A unit's reports waiting for its head's sign-off (only for readers of that unit).
    async fn reports_awaiting_signoff(&self, unit: UnitId, vis: Visibility) -> StoreResult<Vec<UnitReport>>;
    /// Sets a unit's values for targets in a period (only while its report is editable).
    async fn set_target_values(&self, actor: &Actor, values: &[TargetValueRecord]) -> StoreResult<()>;
    async fn target_values(&self, unit: Option<UnitId>, period_key: &str) -> StoreResult<Vec<TargetValueRecord>>;
    /// Targets of active plans that name `unit` as monitoring or implementing unit.
    async fn targets_for_unit(&self, unit: UnitId) -> StoreResult<Vec<crate::model::TargetRecord>>;
    async fn add_report_file(&self, actor: &Actor, report: i64, file: &NewEvidence) -> StoreResult<ReportFile>;
    /// The files of a report the reader may see (none of another unit's draft).
    async fn report_files(&self, report: i64, vis: Visibility) -> StoreResult<Vec<ReportFile>>;
    /// A file and its content, when the reader may see its report.
    async fn report_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(ReportFile, Vec<u8>)>>;
}
