//! Uses of a computed SIPAS result: the change against a previous period per factor, and
//! the conversion of a unit's index into PAR survey points.
//!
//! Rules chosen where the domain is silent:
//! - Changes are taken between the published percentages (two decimals), so a report's
//!   columns add up as printed; a side without a value gives no change (never "0").
//! - Factors are matched by code; a factor present on one side only is listed with the
//!   other side empty, current factors first in their order.
//! - PAR points use the criterion's own [`ScoringMethod`]: the usual proportional survey
//!   method gives `points = index% × max / 100`, rounded half up to hundredths.

use serde::{Deserialize, Serialize};

use super::index::SipasResult;
use crate::par::{Points, ScoreError, ScoreInput, ScoringMethod};

/// One line of a comparison table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The factor code; empty for the index line.
    pub code: String,
    pub title: String,
    pub previous: Option<Points>,
    pub current: Option<Points>,
    /// `current − previous` in percentage points.
    pub change: Option<Points>,
}

/// The comparison of two results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub factors: Vec<Change>,
    pub index: Change,
}

fn change(code: &str, title: &str, previous: Option<Points>, current: Option<Points>) -> Change {
    let change = previous.zip(current).map(|(p, c)| c - p);
    Change { code: code.to_string(), title: title.to_string(), previous, current, change }
}

/// Per factor and for the index: previous and current percentages and the change.
pub fn compare(previous: &SipasResult, current: &SipasResult) -> Comparison {
    let mut factors: Vec<Change> = current
        .factors
        .iter()
        .map(|f| change(&f.code, &f.title, previous.factor(&f.code).and_then(|p| p.share.percent), f.share.percent))
        .collect();
    for p in previous.factors.iter().filter(|p| current.factor(&p.code).is_none()) {
        factors.push(change(&p.code, &p.title, p.share.percent, None));
    }
    Comparison { factors, index: change("", "Chỉ số SIPAS", previous.index.percent, current.index.percent) }
}

/// The usual PAR method for SIPAS points: proportional to the index on a 100 scale.
pub fn proportional_survey_method() -> ScoringMethod {
    ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: Vec::new() }
}

/// The PAR points of a criterion worth `max` scored by `method` from a unit's SIPAS index;
/// a unit without an index has no points ("chưa có dữ liệu"), never 0.
pub fn par_points(result: &SipasResult, method: &ScoringMethod, max: Points) -> Result<Points, ScoreError> {
    let value = result.index.percent.ok_or(ScoreError::ZeroDenominator)?;
    method.points_from(max, &ScoreInput::Percent { value })
}
