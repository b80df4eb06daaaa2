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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sipas::index::{FactorResult, Share};

    fn share(percent: Option<i64>) -> Share {
        Share { value: None, percent: percent.map(Points), respondents: 40, insufficient: false }
    }

    fn result(factors: &[(&str, Option<i64>)], index: Option<i64>) -> SipasResult {
        SipasResult {
            questionnaire: "q".into(),
            questionnaire_version: 1,
            formula: "f".into(),
            formula_version: 1,
            respondents: 40,
            questions: Vec::new(),
            factors: factors
                .iter()
                .map(|(code, p)| FactorResult {
                    code: code.to_string(),
                    title: format!("Yếu tố {code}"),
                    weight: Points::whole(1),
                    contents: 1,
                    contents_with_value: u32::from(p.is_some()),
                    share: share(*p),
                })
                .collect(),
            index: share(index),
        }
    }

    #[test]
    fn changes_by_factor_with_missing_sides_empty() {
        // Hundredths of a percent: 80,00 → 85,25 is +5,25; B lost its value; C is new;
        // D was only surveyed before; the index 78,25 → 87,63 is +9,38.
        let previous = result(&[("A", Some(8000)), ("B", Some(7550)), ("D", Some(6000))], Some(7825));
        let current = result(&[("A", Some(8525)), ("B", None), ("C", Some(9000))], Some(8763));
        let c = compare(&previous, &current);
        type Line<'a> = (&'a str, Option<i64>, Option<i64>, Option<i64>);
        let got: Vec<Line<'_>> = c
            .factors
            .iter()
            .map(|f| (f.code.as_str(), f.previous.map(|p| p.0), f.current.map(|p| p.0), f.change.map(|p| p.0)))
            .collect();
        let want = vec![
            ("A", Some(8000), Some(8525), Some(525)),
            ("B", Some(7550), None, None),
            ("C", None, Some(9000), None),
            ("D", Some(6000), None, None),
        ];
        assert_eq!(got, want);
        assert_eq!((c.index.change, c.index.title.as_str()), (Some(Points(938)), "Chỉ số SIPAS"));
        let fell = compare(&current, &previous);
        assert_eq!(fell.index.change, Some(Points(-938)));
    }

    #[test]
    fn par_points_are_proportional_and_missing_is_not_zero() {
        let method = proportional_survey_method();
        // 87,63 % of 10 points = 8,763 → 8,76; of 2,5 points = 2,19075 → 2,19; 100 % of 10 = 10.
        let cases = [(Some(8763), 1000, Ok(876)), (Some(8763), 250, Ok(219)), (Some(10_000), 1000, Ok(1000))];
        for (index, max, want) in cases {
            let got = par_points(&result(&[], index), &method, Points(max)).map(|p| p.0).map_err(|_| ());
            assert_eq!(got, want, "{index:?} of {max}");
        }
        assert!(par_points(&result(&[], None), &method, Points(1000)).is_err());
    }
}
