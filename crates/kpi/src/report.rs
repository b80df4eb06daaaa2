//! Indicator values, points, group scores, totals and bands for every unit (leaf and rolled
//! up through the hierarchy) and every period present in the state.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::aggregate::KpiState;
use crate::fx::{FxMap, Interner};
use cchc_domain::kpi::methodology::{CountBy, Methodology};
use cchc_domain::period::PeriodKey;
use cchc_domain::unit_tree::UnitTree;

/// One indicator for one unit and period. Missing data (zero denominator) has no ratio and
/// no points, never zero.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    pub code: String,
    pub numerator: i64,
    pub denominator: i64,
    pub ratio: Option<f64>,
    pub points: Option<f64>,
    pub max_points: f64,
}

/// One group's points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupScore {
    pub code: String,
    /// Sum of the points of indicators with data; `None` if none has data.
    pub points: Option<f64>,
    /// Maximum of the indicators with data.
    pub available_max: f64,
    pub max_points: f64,
}

/// All values of one unit and period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    pub unit: String,
    pub period: PeriodKey,
    pub indicators: Vec<IndicatorValue>,
    pub groups: Vec<GroupScore>,
    /// Points earned on indicators with data.
    pub points: Option<f64>,
    /// Score out of 100: `points / maximum of indicators with data × 100` (indicators
    /// without data leave the maximum, as "không phát sinh" criteria do).
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// Every unit × period.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub methodology: String,
    pub as_of: NaiveDateTime,
    pub results: Vec<UnitResult>,
    #[serde(skip)]
    index: HashMap<(String, PeriodKey), usize>,
}

impl Report {
    /// The result of a unit and period.
    pub fn get(&self, unit: &str, period: PeriodKey) -> Option<&UnitResult> {
        self.index.get(&(unit.to_string(), period)).map(|&i| &self.results[i])
    }
}

impl UnitResult {
    /// An indicator's value by code.
    pub fn indicator(&self, code: &str) -> Option<&IndicatorValue> {
        self.indicators.iter().find(|i| i.code == code)
    }
}

/// Computes the report from the state, rolling leaf units up through `tree`.
pub fn compute_report(state: &KpiState, tree: &UnitTree) -> Report {
    let m = state.methodology();
    let n = m.indicators.len();
    let mut nodes = Interner::default();
    let chains: Vec<Vec<u32>> = (0..state.units.len() as u32)
        .map(|u| tree.chain(state.unit_name(u)).iter().map(|x| nodes.intern(x)).collect())
        .collect();
    let mut acc: FxMap<(u32, PeriodKey), Vec<[i64; 2]>> = FxMap::default();
    for (u, g, first, cells) in state.rows() {
        for (k, chunk) in cells.chunks(n).enumerate() {
            if chunk.iter().all(|c| *c == [0, 0]) {
                continue;
            }
            let p = PeriodKey { granularity: g, ordinal: first + k as i32 };
            for &node in &chains[u as usize] {
                let e = acc.entry((node, p)).or_insert_with(|| vec![[0; 2]; n]);
                for (i, c) in chunk.iter().enumerate() {
                    if m.indicators[i].count == CountBy::Dossiers {
                        e[i][0] += c[0];
                        e[i][1] += c[1];
                    }
                }
            }
        }
    }
    let mut distinct: FxMap<(u32, PeriodKey, usize, u32), bool> = FxMap::default();
    for (g, u, ord, ind, proc_, num) in state.distinct_entries() {
        let p = PeriodKey { granularity: g, ordinal: ord };
        for &node in &chains[u as usize] {
            *distinct.entry((node, p, ind, proc_)).or_insert(false) |= num;
        }
    }
    for ((node, p, ind, _), num) in distinct {
        let e = acc.entry((node, p)).or_insert_with(|| vec![[0; 2]; n]);
        e[ind][0] += 1;
        e[ind][1] += i64::from(num);
    }
    let mut results: Vec<UnitResult> =
        acc.into_iter().map(|((node, p), cells)| score(m, nodes.name(node).to_string(), p, &cells)).collect();
    results.sort_by(|a, b| (a.period, &a.unit).cmp(&(b.period, &b.unit)));
    let index = results.iter().enumerate().map(|(i, r)| ((r.unit.clone(), r.period), i)).collect();
    Report { methodology: m.id.clone(), as_of: state.as_of(), results, index }
}

/// Turns counts into ratios, points, group scores, total and band.
pub fn score(m: &Methodology, unit: String, period: PeriodKey, cells: &[[i64; 2]]) -> UnitResult {
    let indicators: Vec<IndicatorValue> = m
        .indicators
        .iter()
        .zip(cells)
        .map(|(ind, c)| {
            let ratio = (c[0] > 0).then(|| c[1] as f64 / c[0] as f64);
            IndicatorValue {
                code: ind.code.clone(),
                numerator: c[1],
                denominator: c[0],
                ratio,
                points: ind.group.as_ref().and(ratio.map(|r| ind.points(r))),
                max_points: if ind.group.is_some() { ind.max_points } else { 0.0 },
            }
        })
        .collect();
    let groups: Vec<GroupScore> = m
        .groups
        .iter()
        .map(|g| {
            let with_data = m
                .indicators
                .iter()
                .zip(&indicators)
                .filter(|(d, v)| d.group.as_deref() == Some(&g.code) && v.points.is_some());
            let (mut pts, mut max, mut any) = (0.0, 0.0, false);
            for (d, v) in with_data {
                pts += v.points.unwrap_or(0.0);
                max += d.max_points;
                any = true;
            }
            GroupScore {
                code: g.code.clone(),
                points: any.then_some(pts),
                available_max: max,
                max_points: g.max_points,
            }
        })
        .collect();
    let max: f64 = groups.iter().map(|g| g.available_max).sum();
    let points = groups.iter().filter_map(|g| g.points).reduce(|a, b| a + b);
    let score = points.filter(|_| max > 0.0).map(|p| p / max * 100.0);
    let band = score.map(|s| m.band(s).to_string());
    UnitResult { unit, period, indicators, groups, points, score, band }
}
