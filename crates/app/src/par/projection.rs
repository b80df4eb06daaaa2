//! The projected score of a unit during the year (no PAR tool has it): criteria linked to live
//! data are scored from what cchc measures — the share of the unit's plan tasks done on time,
//! the share of its periodic reports sent on time, whether it had an initiative recognised,
//! the latest value it reported for a plan target, and its index-766 figures of the year
//! (the counts of its own dossiers) — and the others from its latest self-scores; the
//! criteria losing points come first, with the overdue tasks behind them.
//!
//! Only what the set links is measured: a set linking no 766 indicator never starts the 766
//! engine, and a failure of that engine leaves the linked criteria to the self-score (logged,
//! and said in each criterion's note), rather than failing the unit's page.

use std::collections::{BTreeMap, BTreeSet};

use cchc_domain::par::{final_marks, project, LiveLink, Points, Projection, ScoreInput};
use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, InstanceRecord};
use cchc_storage::model_par::Assessment;
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::kpi::service::KpiService;
use crate::tracking::{config, TrackingConfig};

/// A unit's projection with the measurements behind it.
#[derive(Debug, Clone, Serialize)]
pub struct UnitProjection {
    pub projection: Projection,
    /// (what was measured, the figure in words).
    pub measured: Vec<(String, String)>,
    /// The unit's overdue plan tasks (what the at-risk task criteria stand on).
    pub overdue: Vec<InstanceRecord>,
}

async fn tasks_on_time(
    store: &dyn Store,
    cfg: &TrackingConfig,
    unit: UnitId,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<Option<(u64, u64)>, ServiceError> {
    let f = InstanceFilter { unit_id: Some(unit), lead_only: true, active_only: true, ..Default::default() };
    let tallies = store.on_time_tallies(&f, from, today, today, &cfg.timeliness).await?;
    Ok(tallies
        .into_iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, t)| (u64::from(t.in_time()), u64::from(t.decided())))
        .filter(|(_, d)| *d > 0))
}

/// The unit's periodic reports of `year` due before `today` that were sent on time, out of
/// those it owed. A unit owes a period's report when it leads an active task due within the
/// period (what [`crate::reports::expected_units`] says of every unit), read here from the
/// unit's own tasks in one query rather than the whole province's for each period.
async fn reports_on_time(
    store: &dyn Store,
    cfg: &TrackingConfig,
    unit: UnitId,
    year: i32,
    today: NaiveDate,
) -> Result<Option<(u64, u64)>, ServiceError> {
    let periods: Vec<_> = cfg.calendar.periods_of_year(year).into_iter().filter(|p| p.report_due < today).collect();
    let window = |p: &cchc_domain::tracking::Period| (p.start, p.report_due.max(p.end));
    let (Some(from), Some(to)) = (periods.iter().map(|p| window(p).0).min(), periods.iter().map(|p| window(p).1).max())
    else {
        return Ok(None);
    };
    let f = InstanceFilter {
        unit_id: Some(unit),
        lead_only: true,
        active_only: true,
        due_from: Some(from),
        due_to: Some(to),
        ..Default::default()
    };
    let dues: Vec<NaiveDate> = store.list_instances(&f).await?.into_iter().filter_map(|i| i.due).collect();
    let (mut on_time, mut due) = (0, 0);
    for p in &periods {
        let (start, end) = window(p);
        if !dues.iter().any(|d| (start..=end).contains(d)) {
            continue;
        }
        due += 1;
        let r = store.report(unit, &p.key, Visibility::Unit(unit)).await?;
        if r.and_then(|r| r.submitted_on).is_some_and(|d| d <= p.report_due) {
            on_time += 1;
        }
    }
    Ok((due > 0).then_some((on_time, due)))
}

/// The unit's index-766 counts of `year` for each of `codes` (indicators with a denominator
/// only: an indicator without dossiers has no figure, never 0 %). `None`: the 766 engine
/// failed (logged).
async fn index766_counts(
    kpi: &KpiService,
    unit_code: String,
    year: i32,
    codes: BTreeSet<String>,
) -> Option<BTreeMap<String, (u64, u64)>> {
    use cchc_domain::period::{Granularity, PeriodKey};
    let key = PeriodKey::from_year_month(Granularity::Year, year, 1);
    let got = kpi
        .compute(crate::kpi::now_local(), move |c| {
            let mut out = BTreeMap::new();
            let Some((_, report)) = c.for_period(key) else { return out };
            for r in report.results.iter().filter(|r| r.period == key && r.unit == unit_code) {
                for code in &codes {
                    if let Some(v) = r.indicator(code).filter(|v| v.denominator > 0) {
                        out.insert(code.clone(), (v.numerator.max(0) as u64, v.denominator as u64));
                    }
                }
            }
            out
        })
        .await;
    match got {
        Ok(m) => Some(m),
        Err(e) => {
            tracing::warn!(error = %e, "index 766 not computed for the PAR projection");
            None
        }
    }
}

/// The latest value the unit reported in `year` for target `target_id` (the last period of
/// the year's calendar with a value), as a percentage input, with the period's label.
async fn target_value(
    store: &dyn Store,
    cfg: &TrackingConfig,
    unit: UnitId,
    target_id: i64,
    year: i32,
) -> Result<Option<(ScoreInput, String)>, ServiceError> {
    // Sorted by end day: the last period reported is the latest figure.
    for p in cfg.calendar.periods_of_year(year).iter().rev() {
        let values = store.target_values(Some(unit), &p.key).await?;
        let Some(v) = values.into_iter().find(|v| v.target_id == target_id) else { continue };
        let input = match (v.numerator, v.denominator, v.value) {
            (Some(n), Some(d), _) if n >= 0.0 && d > 0.0 && n.fract() == 0.0 && d.fract() == 0.0 => {
                Some((ScoreInput::Counts { numerator: n as u64, denominator: d as u64 }, format!("{n}/{d}")))
            }
            // A percentage to the hundredth, as the methods read it.
            (_, _, Some(x)) if x.is_finite() && (0.0..=1.0e9).contains(&x) => {
                Points::from_f64((x * 100.0).round() / 100.0)
                    .map(|value| (ScoreInput::Percent { value }, format!("{value} %")))
            }
            _ => None,
        };
        if let Some((input, text)) = input {
            return Ok(Some((input, format!("{text} ({})", p.label_vi))));
        }
    }
    Ok(None)
}

/// At most 120 characters of `text`, with "…" when cut.
fn short(text: &str) -> String {
    let mut out: String = text.chars().take(120).collect();
    if text.chars().nth(120).is_some() {
        out.push('…');
    }
    out
}

/// Projects `a` on `today` from live data of the round's year and the unit's self-scores.
pub async fn projection(
    store: &dyn Store,
    kpi: &KpiService,
    a: &Assessment,
    year: i32,
    today: NaiveDate,
) -> Result<UnitProjection, ServiceError> {
    let set = store.criteria_set(a.set_id).await?.set;
    let linked: BTreeSet<LiveLink> = set.leaves().iter().filter_map(|r| r.node.live.clone()).collect();
    let from = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let mut live = BTreeMap::new();
    let mut measured = Vec::new();
    let mut say = |link: LiveLink, counts: Option<(u64, u64)>| {
        let text = match counts {
            Some((n, d)) => format!("{n}/{d}"),
            None => "chưa có số liệu".to_string(),
        };
        measured.push((link.label_vi(), text));
        if let Some((numerator, denominator)) = counts {
            live.insert(link, ScoreInput::Counts { numerator, denominator });
        }
    };
    let cfg = config(store).await?;
    say(LiveLink::PlanTasksOnTime, tasks_on_time(store, &cfg, a.unit_id, from, today).await?);
    say(LiveLink::ReportTimeliness, reports_on_time(store, &cfg, a.unit_id, year, today).await?);
    let recognised = crate::initiative::counts::recognised(store, a.unit_id, year).await?;
    measured.push((LiveLink::InitiativesRecognised.label_vi(), recognised.to_string()));
    live.insert(LiveLink::InitiativesRecognised, ScoreInput::YesNo { yes: recognised > 0 });
    let targets = if linked.iter().any(|l| matches!(l, LiveLink::Target { .. })) {
        store.targets_for_unit(a.unit_id).await?
    } else {
        Vec::new()
    };
    for link in &linked {
        if let LiveLink::Target { target_id } = link {
            let got = target_value(store, &cfg, a.unit_id, *target_id, year).await?;
            // The target in the plan's words when the unit is assigned it, else its number.
            let label = targets
                .iter()
                .find(|t| t.id == *target_id)
                .map_or_else(|| link.label_vi(), |t| format!("Chỉ tiêu {} «{}»", t.target.code, short(&t.target.text)));
            measured.push((label, got.as_ref().map_or("chưa có số liệu".to_string(), |(_, t)| t.clone())));
            if let Some((input, _)) = got {
                live.insert(link.clone(), input);
            }
        }
    }
    let codes: BTreeSet<String> = linked
        .iter()
        .filter_map(|l| match l {
            LiveLink::Index766 { code } => Some(code.clone()),
            _ => None,
        })
        .collect();
    if !codes.is_empty() {
        let unit_code = store.get_unit(a.unit_id).await?.code;
        let counts = index766_counts(kpi, unit_code, year, codes.clone()).await;
        for code in codes {
            let link = LiveLink::Index766 { code: code.clone() };
            let got = counts.as_ref().and_then(|m| m.get(&code)).copied();
            let text = match (&counts, got) {
                (_, Some((n, d))) => format!("{n}/{d} hồ sơ"),
                (None, _) => "không tính được Chỉ số 766".to_string(),
                (Some(_), None) => "chưa có hồ sơ".to_string(),
            };
            measured.push((link.label_vi(), text));
            if let Some((numerator, denominator)) = got {
                live.insert(link, ScoreInput::Counts { numerator, denominator });
            }
        }
    }
    let scores: Vec<_> = store.scores(a.id, Visibility::Unit(a.unit_id)).await?.into_iter().map(|s| s.score).collect();
    let projection = project(&set, &live, &final_marks(&scores));
    let f = InstanceFilter {
        unit_id: Some(a.unit_id),
        lead_only: true,
        active_only: true,
        overdue_on: Some(today),
        limit: Some(20),
        ..Default::default()
    };
    let overdue = store.list_instances(&f).await?;
    Ok(UnitProjection { projection, measured, overdue })
}
