//! The inspection part of the storage contract: checklists (versioned, never edited),
//! inspections planned for a year, their record, findings from inspections and outside
//! bodies, the remedy of each finding, closing, and files. Every read of unit-owned data
//! takes the reader's [`Visibility`]: a unit's staff read only their own unit's inspections
//! and findings; province-wide readers read all.

use async_trait::async_trait;
use cchc_domain::inspection::Checklist;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::NewEvidence;
use crate::model_inspection::{
    AnswerRecord, Finding, FindingChange, FindingFilter, Inspection, InspectionFile, InspectionRecord, NewFinding,
    NewInspection, StoredChecklist,
};

/// Whose files: an inspection's (minutes annexes, checklist evidence) or a finding's remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileOwner {
    Inspection(i64),
    Finding(i64),
}

/// Inspection storage.
#[async_trait]
pub trait InspectionStore: Send + Sync {
    /// Stores a checklist as the next version of its code.
    async fn save_checklist(&self, actor: &Actor, c: &Checklist) -> StoreResult<StoredChecklist>;
    /// Every stored version, by code then newest first.
    async fn checklists(&self) -> StoreResult<Vec<StoredChecklist>>;
    async fn checklist(&self, id: i64) -> StoreResult<StoredChecklist>;

    /// Puts inspections on the plan, all or none (a unit already planned for the year is a
    /// conflict naming it).
    async fn plan_inspections(&self, actor: &Actor, items: &[NewInspection]) -> StoreResult<Vec<Inspection>>;
    /// The inspections the reader may see, of `year` or all.
    async fn inspections(&self, year: Option<i32>, vis: Visibility) -> StoreResult<Vec<Inspection>>;
    /// One inspection; `NotFound` when the reader may not see it.
    async fn inspection(&self, id: i64, vis: Visibility) -> StoreResult<Inspection>;
    /// The latest inspection day (its first day) of every unit ever inspected or planned.
    async fn last_inspected(&self) -> StoreResult<Vec<(UnitId, NaiveDate)>>;
    async fn answers(&self, id: i64, vis: Visibility) -> StoreResult<Vec<AnswerRecord>>;
    /// Records a planned inspection in one transaction: answers, conclusion, findings,
    /// files; refused unless it is still planned at `expected_version`.
    async fn record_inspection(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        record: &InspectionRecord,
        findings: &[NewFinding],
        files: &[NewEvidence],
    ) -> StoreResult<Inspection>;
    /// Closes a recorded inspection whose every recommendation is resolved or waived.
    async fn close_inspection(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
    ) -> StoreResult<Inspection>;

    /// Stores findings not tied to an inspection (outside inspections, audits), all or none.
    async fn add_findings(&self, actor: &Actor, findings: &[NewFinding]) -> StoreResult<Vec<Finding>>;
    async fn findings(&self, filter: &FindingFilter, vis: Visibility) -> StoreResult<Vec<Finding>>;
    async fn finding(&self, id: i64, vis: Visibility) -> StoreResult<Finding>;
    /// Changes a finding's remedy (checked by the caller against the lifecycle), with its
    /// files, in one transaction; refused if the finding changed meanwhile.
    async fn change_finding(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        change: &FindingChange,
        files: &[NewEvidence],
    ) -> StoreResult<Finding>;

    /// The files of an inspection or a finding the reader may see.
    async fn inspection_files(&self, owner: FileOwner, vis: Visibility) -> StoreResult<Vec<InspectionFile>>;
    /// A file and its content by its token, when the reader may see its owner.
    async fn inspection_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(InspectionFile, Vec<u8>)>>;
}
