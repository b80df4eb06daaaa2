//! Ranking of units by score within a period, and trends of a score or an indicator over
//! consecutive periods.

use serde::{Deserialize, Serialize};

use crate::period::PeriodKey;
use crate::report::Report;

/// A unit's place in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based, ties share a rank (1, 2, 2, 4); `None` for units without data.
    pub rank: Option<u32>,
    pub unit: String,
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// Ranks `units` by score in `period`, best first; units without data come last, unranked.
pub fn rank_units(report: &Report, period: PeriodKey, units: &[String]) -> Vec<RankRow> {
    let mut rows: Vec<RankRow> = units
        .iter()
        .map(|u| {
            let r = report.get(u, period);
            RankRow {
                rank: None,
                unit: u.clone(),
                score: r.and_then(|r| r.score),
                band: r.and_then(|r| r.band.clone()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |s: Option<f64>| s.unwrap_or(f64::NEG_INFINITY);
        key(b.score).total_cmp(&key(a.score)).then_with(|| a.unit.cmp(&b.unit))
    });
    let mut prev: Option<(f64, u32)> = None;
    for (i, row) in rows.iter_mut().enumerate() {
        let Some(s) = row.score else { continue };
        let rank = match prev {
            Some((ps, pr)) if (ps - s).abs() < 1e-9 => pr,
            _ => i as u32 + 1,
        };
        row.rank = Some(rank);
        prev = Some((s, rank));
    }
    rows
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
