//! A unit's periodic reports and annual plans as the store keeps them: the report, its post as
//! one write, its target values and files.

use cchc_domain::review::ReviewState;
use cchc_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};

use crate::model::NewEvidence;

/// A unit's report for a period (`kind = period`), or its own annual CCHC plan (`kind = plan`,
/// period key `2025-plan`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitReport {
    pub id: i64,
    pub unit_id: UnitId,
    pub period_key: String,
    pub kind: String,
    pub status: ReviewState,
    pub narrative: String,
    pub submitted_on: Option<NaiveDate>,
    pub submitted_by: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    pub return_reason: Option<String>,
    /// The unit head who signed it off, and when (`None` where sign-off was not required).
    pub signed_by: Option<String>,
    pub signed_on: Option<NaiveDate>,
    /// Why the head sent it back to the draft (cleared when it is sent again).
    pub signoff_note: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// How a report post that submits is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmitMode {
    /// Straight to the office (sign-off not required).
    Direct,
    /// To the unit's head for sign-off first.
    ToHead,
    /// By the unit's head: signed off and submitted at once.
    ByHead,
}

/// A unit's report post as one write: its text, target values, new files and, with
/// `submit_on`, its submission.
#[derive(Debug, Clone)]
pub struct ReportSave {
    pub unit: UnitId,
    pub period_key: String,
    /// `period` or `plan`.
    pub kind: String,
    pub narrative: String,
    pub values: Vec<TargetValueRecord>,
    pub files: Vec<NewEvidence>,
    pub submit_on: Option<NaiveDate>,
    /// How the submission (when `submit_on` is set) is sent.
    pub submit_mode: SubmitMode,
    /// The version the writer saw (an API client's `If-Match`): the post is refused with
    /// [`STALE_REPORT`] when the report is at another version, or does not exist yet.
    /// `None`: last writer wins, as the report form does.
    pub expected_version: Option<i64>,
}

/// The conflict a report write meets when the report moved on since the writer read it.
pub const STALE_REPORT: &str = "báo cáo vừa được thay đổi; vui lòng tải lại trang";

/// A value a unit reports for a target and period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TargetValueRecord {
    pub target_id: i64,
    pub unit_id: UnitId,
    pub period_key: String,
    pub value: Option<f64>,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub note: String,
}

/// A file attached to a report (without its content).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReportFile {
    pub id: i64,
    pub token: String,
    pub report_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}
