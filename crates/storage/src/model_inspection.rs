//! Records of the inspection area as the store returns them: checklists, inspections and
//! their answers, findings with the progress of their remedy, and the files of both.

use cchc_domain::inspection::{Answer, Checklist, FindingSource, InspectionState, RecommendationState, Severity};
use cchc_domain::tracking::TaskProgress;
use cchc_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A checklist as stored: one row per version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredChecklist {
    pub id: i64,
    pub checklist: Checklist,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// An inspection to put on a year's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInspection {
    pub year: i32,
    pub unit_id: UnitId,
    pub checklist_id: i64,
    pub team: String,
    /// The head of the team (trưởng đoàn), who signs the minutes.
    pub leader: String,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    /// What the unit should prepare.
    pub prepare: String,
}

/// A stored inspection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inspection {
    pub id: i64,
    pub year: i32,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub checklist_id: i64,
    pub team: String,
    pub leader: String,
    pub date_from: NaiveDate,
    pub date_to: NaiveDate,
    pub prepare: String,
    pub state: InspectionState,
    pub conclusion: String,
    pub recorded_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub version: i64,
}

/// One checklist answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerRecord {
    pub item_code: String,
    pub answer: Answer,
    pub note: String,
}

/// The record of an inspection: answers and conclusion, on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InspectionRecord {
    pub answers: Vec<AnswerRecord>,
    pub conclusion: String,
    pub recorded_on: NaiveDate,
}

/// A finding to store, with its recommendation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFinding {
    /// `None` for outside recommendations (thanh tra, kiểm toán).
    pub inspection_id: Option<i64>,
    pub unit_id: UnitId,
    pub source: FindingSource,
    /// The outside document's number and date, when there is one.
    pub source_ref: String,
    pub severity: Severity,
    /// The criterion or area it concerns.
    pub area: String,
    pub text: String,
    pub recommendation: String,
    pub due: Option<NaiveDate>,
    /// Whether the unit must attach evidence when it reports the remedy done.
    pub evidence_required: bool,
    pub raised_on: NaiveDate,
}

/// A stored finding and where its remedy stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub id: i64,
    pub inspection_id: Option<i64>,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub source: FindingSource,
    pub source_ref: String,
    pub severity: Severity,
    pub area: String,
    pub text: String,
    pub recommendation: String,
    pub due: Option<NaiveDate>,
    pub evidence_required: bool,
    pub raised_on: NaiveDate,
    pub state: RecommendationState,
    pub waive_reason: Option<String>,
    /// The remedy's progress, by the task lifecycle.
    pub progress: TaskProgress,
    /// The last note the unit or the office wrote.
    pub last_note: String,
    pub version: i64,
}

/// A change to a finding's remedy: its new progress and state, the note, what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingChange {
    /// The audit action (`finding.progress`, `finding.done`, `finding.resolve`, …).
    pub action: String,
    pub state: RecommendationState,
    pub progress: TaskProgress,
    pub waive_reason: Option<String>,
    pub note: String,
}

/// Which findings a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FindingFilter {
    pub inspection_id: Option<i64>,
    pub unit_id: Option<UnitId>,
    /// Raised on or after.
    pub raised_from: Option<NaiveDate>,
    /// Raised on or before.
    pub raised_to: Option<NaiveDate>,
}

/// A stored file of an inspection or of a finding's remedy (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InspectionFile {
    pub id: i64,
    pub token: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}
