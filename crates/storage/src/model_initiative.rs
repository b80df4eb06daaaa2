//! Records of the initiatives area as the store returns them: evaluation criteria versions,
//! initiatives with their state and decision, evaluators and their scores, adoptions by other
//! units, and the annual counts per unit.

use cchc_domain::initiative::{EvaluationCriteria, InitiativeState};
use cchc_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A criteria list as stored: one row per version; `in_use` when an initiative was sent to
/// evaluation with it (such a version is frozen).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCriteria {
    pub id: i64,
    pub criteria: EvaluationCriteria,
    pub in_use: bool,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// What a unit writes about its initiative.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct InitiativeText {
    pub title: String,
    pub problem: String,
    pub solution: String,
    pub scope: String,
    pub benefit: String,
}

/// A stored initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Initiative {
    pub id: i64,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub year: i32,
    pub text: InitiativeText,
    pub state: InitiativeState,
    /// The criteria version it is evaluated against (set when sent to evaluation).
    pub criteria_id: Option<i64>,
    pub return_reason: Option<String>,
    pub decision_reason: Option<String>,
    /// What applying it achieved (written with the decision).
    pub results: String,
    pub submitted_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub created_by: String,
    pub version: i64,
}

/// A state change of an initiative, checked by the caller against the lifecycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeChange {
    /// The audit action (`initiative.submit`, `initiative.return`, …).
    pub action: String,
    pub state: InitiativeState,
    /// Set when sent to evaluation.
    pub criteria_id: Option<i64>,
    pub return_reason: Option<String>,
    pub decision_reason: Option<String>,
    pub results: Option<String>,
    pub on: NaiveDate,
}

/// Which initiatives a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InitiativeFilter {
    pub year: Option<i32>,
    pub unit_id: Option<UnitId>,
    /// Only recognised ones (any level).
    pub recognised_only: bool,
}

/// One evaluator's points for one criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreRecord {
    pub user_id: i64,
    pub evaluator: String,
    pub criterion_code: String,
    pub points: u32,
}

/// A unit's declaration that it applied a recognised initiative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Adoption {
    pub initiative_id: i64,
    pub unit_id: UnitId,
    pub unit_name: String,
    pub adopted_on: NaiveDate,
    pub result: String,
    pub declared_by: String,
}

/// A unit's initiatives in a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct UnitCounts {
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Sent to the office in the year (drafts are not counted).
    pub proposed: u32,
    pub recognised_province: u32,
    pub recognised_unit: u32,
    /// Recognised initiatives (of any unit) the unit declared it applied in the year.
    pub adopted: u32,
}

/// A stored attachment (without its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InitiativeFile {
    pub id: i64,
    pub token: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}
