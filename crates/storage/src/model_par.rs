//! Records of the PAR index area as the store returns them: stored criteria sets, rounds,
//! each unit's assessment in a round, its per-criterion scores and its evidence files.

use cchc_domain::par::{BandSet, CriteriaSet, CriterionScore, Mark};
use cchc_domain::review::ReviewState;
use cchc_domain::unit::UnitId;
use cchc_domain::user::UserId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A criteria set as stored: one row per version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredSet {
    pub id: i64,
    pub set: CriteriaSet,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A band set (xếp loại) as stored: one row per version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredBands {
    pub id: i64,
    pub bands: BandSet,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// A round (đợt đánh giá) of one year, with its dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Round {
    pub id: i64,
    pub year: i32,
    pub name: String,
    /// Units submit their self-assessment by this day.
    pub self_due: NaiveDate,
    pub appraisal_due: NaiveDate,
    /// Returned criteria are explained by this day (unless a return sets another).
    pub explanation_due: NaiveDate,
    /// The council approves by this day.
    pub approval_due: NaiveDate,
    /// Set when the council approved: scores are locked from then on.
    pub approved_on: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub version: i64,
}

impl Round {
    /// Approved rounds are published results; their scores change only by revision.
    pub fn is_approved(&self) -> bool {
        self.approved_on.is_some()
    }
}

/// A round to open: its dates and the set that applies to each unit.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRound {
    pub year: i32,
    pub name: String,
    pub self_due: NaiveDate,
    pub appraisal_due: NaiveDate,
    pub explanation_due: NaiveDate,
    pub approval_due: NaiveDate,
    /// (unit, criteria set id) for every unit assessed in the round.
    pub units: Vec<(UnitId, i64)>,
}

/// One unit's assessment in a round.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub id: i64,
    pub round_id: i64,
    pub unit_id: UnitId,
    pub set_id: i64,
    pub status: ReviewState,
    pub appraiser_id: Option<UserId>,
    pub submitted_on: Option<NaiveDate>,
    pub submitted_by: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    /// Why it was returned for explanation (giải trình), with the due date in the text.
    pub return_reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// The conflict an assessment write meets when the assessment moved on since the writer read it.
pub const STALE_ASSESSMENT: &str = "bản đánh giá vừa được thay đổi; vui lòng tải lại trang";

/// A criterion's stored score, and whether the appraiser asked the unit to explain it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct ScoreRecord {
    pub score: CriterionScore,
    pub explain_requested: bool,
}

/// The unit's self-assessment of one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfScore {
    pub code: String,
    pub mark: Option<Mark>,
    pub note: String,
}

/// The appraiser's look at one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppraisalScore {
    pub code: String,
    /// `None`: the self-score stands.
    pub mark: Option<Mark>,
    pub reason: String,
    pub explain: bool,
}

/// What the page of one assessment shows of it: its scores, evidence files and evidence by
/// reference, as [`crate::traits_par::ParStore::scores`], `par_evidence` and `par_links`
/// give them, read under one visibility check.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParSheet {
    pub scores: Vec<ScoreRecord>,
    pub evidence: Vec<ParEvidence>,
    pub links: Vec<ParLink>,
}

/// An evidence file (without its content) and the criteria it supports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParEvidence {
    pub id: i64,
    pub token: String,
    pub assessment_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
    pub codes: Vec<String>,
}

/// The two marks of one criterion, as results and rankings need them (a score without its
/// notes, reasons, explanation and evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct MarkRecord {
    pub code: String,
    pub self_mark: Option<Mark>,
    pub appraised_mark: Option<Mark>,
}

/// An appraiser assigned to areas (lĩnh vực) of a round: they look at every submitted
/// assessment of the round, for the criteria of those areas only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AreaAppraiser {
    pub round_id: i64,
    pub user_id: UserId,
    /// Area codes ("1", "3"), sorted.
    pub areas: Vec<String>,
}

/// An evidence file of one of a unit's own tasks, as the unit picks it for a criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TaskFile {
    /// The task evidence row (`evidence.id`).
    pub evidence_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    /// The task and its period ("Ban hành kế hoạch … · Quý I/2026").
    pub task_label: String,
}

/// Evidence for a criterion by reference, as the unit adds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewParLink {
    /// An evidence file of one of the unit's own tasks (`evidence.id`).
    TaskFile(i64),
    /// A document by its number (số ký hiệu), date and optional summary (trích yếu).
    Document { number: String, date: NaiveDate, summary: String },
}

/// Evidence for a criterion by reference: a task's file, or a document number and date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParLink {
    pub id: i64,
    pub assessment_id: i64,
    pub code: String,
    pub task_file: Option<TaskFile>,
    pub doc_number: String,
    pub doc_date: Option<NaiveDate>,
    pub doc_summary: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

impl ParLink {
    /// One line for notes and exports: "Văn bản số 12/KH-UBND ngày 05/03/2026: trích yếu" or
    /// "Tệp của nhiệm vụ «…»: ten-tep.pdf".
    pub fn describe(&self) -> String {
        match &self.task_file {
            Some(f) => format!("Tệp kiểm chứng của nhiệm vụ «{}»: {}", f.task_label, f.file_name),
            None => {
                let date = self.doc_date.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
                let mut s = format!("Văn bản số {} ngày {date}", self.doc_number);
                if !self.doc_summary.is_empty() {
                    s.push_str(": ");
                    s.push_str(&self.doc_summary);
                }
                s
            }
        }
    }
}

/// A department's status of one criterion of the province's own index (QĐ 876) for a quarter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OwnerStatusRecord {
    /// The criteria set the criterion was read from.
    pub set_id: i64,
    pub year: i32,
    /// 1–4.
    pub quarter: u32,
    /// The reporting department.
    pub unit_id: UnitId,
    pub status: cchc_domain::par::owner::CriterionStatus,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
}
