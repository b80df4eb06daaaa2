//! The index-766 overview of one unit (usually the province) for one period: score, band,
//! groups, indicators with their numerators and denominators, the ranking of the units
//! directly below it, and the trend over the preceding periods.

use std::collections::HashSet;

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::period::{Granularity, PeriodKey};
use cchc_kpi::rank::rank_units;
use cchc_kpi::report::{Report, UnitResult};
use chrono::NaiveDateTime;
use serde::Serialize;

use super::service::Computed;
use super::KpiError;

/// What to show.
#[derive(Debug, Clone)]
pub struct OverviewQuery {
    /// Unit code; `None` picks the user's top unit, or the province with the most data.
    pub root: Option<String>,
    pub period: PeriodKey,
    /// Units the user may see (`None`: all), from the store's scope query.
    pub visible: Option<HashSet<String>>,
    /// Periods in the trend, ending with `period`.
    pub trend_len: usize,
}

/// A unit with its name.
#[derive(Debug, Clone, Serialize)]
pub struct UnitLink {
    pub code: String,
    pub name: String,
}

/// A methodology version as pages name it.
#[derive(Debug, Clone, Serialize)]
pub struct MethodologyInfo {
    pub id: String,
    pub name: String,
    pub legal_basis: String,
    pub effective_from: chrono::NaiveDate,
}

/// One indicator's value.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorRow {
    pub code: String,
    pub name: String,
    pub group: Option<String>,
    pub numerator: i64,
    pub denominator: i64,
    /// Percent; `None` when the denominator is zero (missing, not zero).
    pub percent: Option<f64>,
    pub points: Option<f64>,
    pub max_points: f64,
    pub threshold_percent: f64,
    /// Counts procedures rather than dossiers.
    pub procedures: bool,
    /// Not confirmed by an official source ("mẫu, chưa xác nhận").
    pub template: bool,
}

/// One group's points.
#[derive(Debug, Clone, Serialize)]
pub struct GroupRow {
    pub code: String,
    pub name: String,
    pub points: Option<f64>,
    pub available_max: f64,
    pub max_points: f64,
    pub template: bool,
}

/// A unit's place.
#[derive(Debug, Clone, Serialize)]
pub struct RankView {
    pub rank: Option<u32>,
    pub code: String,
    pub name: String,
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// One point of the trend.
#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    pub period: String,
    pub label: String,
    pub value: Option<f64>,
    pub change: Option<f64>,
}

/// The whole overview.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    pub root: UnitLink,
    /// From the highest visible unit down to `root`.
    pub chain: Vec<UnitLink>,
    pub period: String,
    pub period_label: String,
    pub as_of: NaiveDateTime,
    pub methodology: Option<MethodologyInfo>,
    pub score: Option<f64>,
    pub band: Option<String>,
    pub band_template: bool,
    pub groups: Vec<GroupRow>,
    pub indicators: Vec<IndicatorRow>,
    pub ranking: Vec<RankView>,
    pub trend: Vec<TrendView>,
    /// Periods of this granularity with data, latest first (for the selector).
    pub periods: Vec<(String, String)>,
}

/// Refuses a unit the user may not see.
pub fn check_visible(visible: &Option<HashSet<String>>, unit: &str) -> Result<(), KpiError> {
    match visible {
        Some(v) if !v.contains(unit) => Err(KpiError::OutOfScope),
        _ => Ok(()),
    }
}

fn name(c: &Computed<'_>, code: &str) -> String {
    c.tree.name(code).to_string()
}

/// The unit shown when none is asked for.
fn default_root(c: &mut Computed<'_>, q: &OverviewQuery) -> Option<String> {
    if let Some(v) = &q.visible {
        let mut tops: Vec<&String> =
            v.iter().filter(|u| c.tree.parent.get(*u).is_none_or(|p| !v.contains(p))).collect();
        tops.sort();
        return tops.first().map(|s| s.to_string());
    }
    let (_, report) = c.for_period(q.period)?;
    let roots = c.units.iter().filter(|u| u.parent_id.is_none());
    let weight = |code: &str| {
        report.get(code, q.period).map_or(-1, |r| r.indicators.iter().map(|i| i.denominator).max().unwrap_or(0))
    };
    roots.max_by_key(|u| (weight(&u.code), u.kind == cchc_domain::unit::UnitKind::Province)).map(|u| u.code.clone())
}

fn indicator_rows(m: &Methodology, r: Option<&UnitResult>) -> Vec<IndicatorRow> {
    m.indicators
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let v = r.and_then(|r| r.indicators.get(i));
            IndicatorRow {
                code: d.code.clone(),
                name: d.name.clone(),
                group: d.group.clone(),
                numerator: v.map_or(0, |v| v.numerator),
                denominator: v.map_or(0, |v| v.denominator),
                percent: v.and_then(|v| v.ratio).map(|x| x * 100.0),
                points: v.and_then(|v| v.points),
                max_points: if d.group.is_some() { d.max_points } else { 0.0 },
                threshold_percent: d.threshold * 100.0,
                procedures: d.count == cchc_domain::kpi::methodology::CountBy::Procedures,
                template: d.template,
            }
        })
        .collect()
}

fn group_rows(m: &Methodology, r: Option<&UnitResult>) -> Vec<GroupRow> {
    m.groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let v = r.and_then(|r| r.groups.get(i));
            GroupRow {
                code: g.code.clone(),
                name: g.name.clone(),
                points: v.and_then(|v| v.points),
                available_max: v.map_or(0.0, |v| v.available_max),
                max_points: g.max_points,
                template: g.template,
            }
        })
        .collect()
}

fn ranking(c: &Computed<'_>, report: &Report, root: &str, period: PeriodKey) -> Vec<RankView> {
    let start = chrono::DateTime::from_timestamp(period.start(), 0).map(|t| t.date_naive());
    let children: Vec<String> = c
        .units
        .iter()
        .filter(|u| c.tree.parent.get(&u.code).is_some_and(|p| p == root))
        .filter(|u| report.get(&u.code, period).is_some() || !start.is_some_and(|s| u.has_ended_by(s)))
        .map(|u| u.code.clone())
        .collect();
    rank_units(report, period, &children)
        .into_iter()
        .map(|r| RankView { rank: r.rank, name: name(c, &r.unit), code: r.unit, score: r.score, band: r.band })
        .collect()
}

fn trend(c: &mut Computed<'_>, root: &str, to: PeriodKey, len: usize) -> Vec<TrendView> {
    let mut p = PeriodKey { ordinal: to.ordinal - len.saturating_sub(1) as i32, ..to };
    let mut out: Vec<TrendView> = Vec::new();
    while p <= to {
        let value = c.for_period(p).and_then(|(_, r)| r.get(root, p).and_then(|x| x.score));
        let change = match (out.last().and_then(|t| t.value), value) {
            (Some(a), Some(b)) => Some(b - a),
            _ => None,
        };
        out.push(TrendView { period: p.to_string(), label: p.label_vi(), value, change });
        p = p.next();
    }
    out
}

fn periods_with_data(c: &mut Computed<'_>, root: &str, g: Granularity) -> Vec<(String, String)> {
    let mut set = std::collections::BTreeSet::new();
    for v in 0..c.version_count() {
        let report = c.report(v);
        for r in report.results.iter().filter(|r| r.unit == root && r.period.granularity == g) {
            if c.version_for(r.period) == Some(v) {
                set.insert(r.period);
            }
        }
    }
    set.into_iter().rev().map(|p| (p.to_string(), p.label_vi())).collect()
}

/// Computes the overview.
pub fn overview(c: &mut Computed<'_>, q: &OverviewQuery) -> Result<Overview, KpiError> {
    let root = match &q.root {
        Some(r) => r.trim().to_uppercase(),
        None => default_root(c, q).ok_or_else(|| KpiError::Invalid("chưa có đơn vị nào trong danh mục".into()))?,
    };
    check_visible(&q.visible, &root)?;
    if !c.units.iter().any(|u| u.code == root) {
        return Err(KpiError::NotFound);
    }
    let mut chain: Vec<UnitLink> = c
        .tree
        .chain(&root)
        .into_iter()
        .filter(|u| q.visible.as_ref().is_none_or(|v| v.contains(u)))
        .map(|code| UnitLink { name: name(c, &code), code })
        .collect();
    chain.reverse();
    let found = c.for_period(q.period);
    let (m, report) = match &found {
        Some((m, r)) => (Some(m), Some(r.clone())),
        None => (None, None),
    };
    let result = report.as_ref().and_then(|r| r.get(&root, q.period)).cloned();
    let band_template = match (m, &result) {
        (Some(m), Some(r)) => r.band.as_ref().is_some_and(|b| m.bands.iter().any(|x| &x.label == b && x.template)),
        _ => false,
    };
    Ok(Overview {
        root: UnitLink { name: name(c, &root), code: root.clone() },
        chain,
        period: q.period.to_string(),
        period_label: q.period.label_vi(),
        as_of: c.as_of,
        methodology: m.map(|m| MethodologyInfo {
            id: m.id.clone(),
            name: m.name.clone(),
            legal_basis: m.legal_basis.clone(),
            effective_from: m.effective_from,
        }),
        score: result.as_ref().and_then(|r| r.score),
        band: result.as_ref().and_then(|r| r.band.clone()),
        band_template,
        groups: m.map(|m| group_rows(m, result.as_ref())).unwrap_or_default(),
        indicators: m.map(|m| indicator_rows(m, result.as_ref())).unwrap_or_default(),
        ranking: report.as_ref().map(|r| ranking(c, r, &root, q.period)).unwrap_or_default(),
        trend: trend(c, &root, q.period, q.trend_len.max(1)),
        periods: periods_with_data(c, &root, q.period.granularity),
    })
}

/// A unit's score of the latest quarter with dossiers (the unit's scorecard).
#[derive(Debug, Clone, Serialize)]
pub struct LatestScore {
    /// `2026-Q3`, for the link to the overview and its explanation.
    pub period: String,
    pub label: String,
    pub score: Option<f64>,
    pub band: Option<String>,
}

/// The score of `unit` in the latest quarter that has a result for it; `None` without any.
pub fn latest_score(
    c: &mut Computed<'_>,
    visible: &Option<HashSet<String>>,
    unit: &str,
) -> Result<Option<LatestScore>, KpiError> {
    check_visible(visible, unit)?;
    let mut latest: Option<PeriodKey> = None;
    for v in 0..c.version_count() {
        let report = c.report(v);
        for r in report.results.iter().filter(|r| r.unit == unit && r.period.granularity == Granularity::Quarter) {
            if c.version_for(r.period) == Some(v) && latest.is_none_or(|l| r.period > l) {
                latest = Some(r.period);
            }
        }
    }
    let Some(p) = latest else { return Ok(None) };
    let result = c.for_period(p).and_then(|(_, report)| report.get(unit, p).cloned());
    Ok(Some(LatestScore {
        period: p.to_string(),
        label: p.label_vi(),
        score: result.as_ref().and_then(|r| r.score),
        band: result.and_then(|r| r.band),
    }))
}
