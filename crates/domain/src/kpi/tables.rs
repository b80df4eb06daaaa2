//! What index 766 hands to its readers beyond the report: the dossiers behind one value
//! ([`Explanation`]) and the comparison with the national portal ([`ReconRow`]). `cchc-kpi`
//! computes them, `cchc-export` writes them as workbooks, the web shows them.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::methodology::CountBy;
use crate::period::PeriodKey;

/// One dossier in the scope of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainRow {
    pub code: String,
    pub procedure: String,
    pub unit: String,
    pub received: NaiveDateTime,
    pub due: Option<NaiveDateTime>,
    pub finished: Option<NaiveDateTime>,
    /// Why the dossier belongs to the period (Vietnamese).
    pub occurrence: String,
    pub in_denominator: bool,
    pub in_numerator: bool,
    /// Why it is in or out (Vietnamese).
    pub reason: String,
}

/// The dossiers behind one number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub indicator_name: String,
    pub count: CountBy,
    pub numerator: i64,
    pub denominator: i64,
    pub rows: Vec<ExplainRow>,
    /// For indicators counting procedures: each procedure and whether it is in the numerator.
    pub procedures: Vec<(String, bool)>,
}

/// Outcome of one comparison with the portal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconStatus {
    /// Same numerator and denominator.
    Match,
    /// cchc has the value but it differs.
    Differs,
    /// cchc has no data for that unit, period and indicator.
    MissingInCchc,
}

impl ReconStatus {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            ReconStatus::Match => "Khớp",
            ReconStatus::Differs => "Lệch",
            ReconStatus::MissingInCchc => "cchc không có số liệu",
        }
    }
}

/// One comparison of a portal figure with cchc's value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReconRow {
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub portal_numerator: i64,
    pub portal_denominator: i64,
    pub cchc_numerator: Option<i64>,
    pub cchc_denominator: Option<i64>,
    pub status: ReconStatus,
}
