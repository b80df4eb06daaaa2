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
