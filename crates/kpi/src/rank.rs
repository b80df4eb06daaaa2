//! Ranking of units by score within a period, and trends of a score or an indicator over
//! consecutive periods.

use cchc_domain::rank::rank_by;
use serde::{Deserialize, Serialize};

use crate::report::Report;
use cchc_domain::period::PeriodKey;

/// A unit's place in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based, ties share a rank (1, 2, 2, 4); `None` for units without data.
    pub rank: Option<u32>,
    pub unit: String,
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// Ranks `units` by score in `period`, best first, through [`rank_by`]; units without data
/// come last, unranked. Scores are sums of floats, so they are ranked on exact nano-points
/// (two scores within about 10⁻⁹ of each other share a rank); equal scores by unit code.
pub fn rank_units(report: &Report, period: PeriodKey, units: &[String]) -> Vec<RankRow> {
    let rows = units.iter().map(|u| {
        let r = report.get(u, period);
        RankRow { rank: None, unit: u.clone(), score: r.and_then(|r| r.score), band: r.and_then(|r| r.band.clone()) }
    });
    let nano_points = |row: &RankRow| row.score.map(|s| (s * 1e9).round() as i64);
    rank_by(rows, nano_points, |row| row.unit.clone()).into_iter().map(|r| RankRow { rank: r.rank, ..r.item }).collect()
}

/// One point of a trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub period: PeriodKey,
    /// Score (0–100), or the indicator's ratio in percent; `None` when missing.
    pub value: Option<f64>,
    /// Change from the previous period, when both have data.
    pub change: Option<f64>,
}

/// Score (or, with `indicator`, its ratio in %) of `unit` for each period from `from` to
/// `to` inclusive (same granularity).
pub fn trend(report: &Report, unit: &str, from: PeriodKey, to: PeriodKey, indicator: Option<&str>) -> Vec<TrendPoint> {
    let mut out: Vec<TrendPoint> = Vec::new();
    let mut p = from;
    while p <= to && p.granularity == to.granularity {
        let r = report.get(unit, p);
        let value = match indicator {
            None => r.and_then(|r| r.score),
            Some(code) => r.and_then(|r| r.indicator(code)).and_then(|v| v.ratio).map(|x| x * 100.0),
        };
        let change = match (out.last().and_then(|t| t.value), value) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        out.push(TrendPoint { period: p, value, change });
        p = p.next();
    }
    out
}
