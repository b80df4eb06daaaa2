//! The projected score of a unit during the year (no PAR tool has it): criteria linked to live
//! data are scored from what cchc measures — the share of the unit's plan tasks done on time,
//! the share of its periodic reports sent on time — and the others from its latest
//! self-scores (and whether the unit had an initiative recognised in the year); the criteria losing points come first, with the overdue tasks behind them.
//! Index-766 links are left to the self-score until the index's per-unit figures are wired
//! in (said in each criterion's note).

use std::collections::BTreeMap;

use cchc_domain::par::{final_marks, project, LiveLink, Projection, ScoreInput};
use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, InstanceRecord};
use cchc_storage::model_par::Assessment;
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::tracking::config;

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
    unit: UnitId,
    from: NaiveDate,
    today: NaiveDate,
) -> Result<Option<(u64, u64)>, ServiceError> {
    let cfg = config(store).await?;
    let f = InstanceFilter { unit_id: Some(unit), lead_only: true, active_only: true, ..Default::default() };
    let tallies = store.on_time_tallies(&f, from, today, today, &cfg.timeliness).await?;
    Ok(tallies
        .into_iter()
        .find(|(u, _)| *u == unit)
        .map(|(_, t)| (u64::from(t.in_time()), u64::from(t.decided())))
        .filter(|(_, d)| *d > 0))
}

async fn reports_on_time(
    store: &dyn Store,
    unit: UnitId,
    year: i32,
    today: NaiveDate,
) -> Result<Option<(u64, u64)>, ServiceError> {
    let cfg = config(store).await?;
    let (mut on_time, mut due) = (0, 0);
    for p in cfg.calendar.periods_of_year(year).into_iter().filter(|p| p.report_due < today) {
        if !crate::reports::expected_units(store, &p).await?.contains(&unit) {
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

/// Projects `a` on `today` from live data of the round's year and the unit's self-scores.
pub async fn projection(
    store: &dyn Store,
    a: &Assessment,
    year: i32,
    today: NaiveDate,
) -> Result<UnitProjection, ServiceError> {
    let set = store.criteria_set(a.set_id).await?.set;
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
    say(LiveLink::PlanTasksOnTime, tasks_on_time(store, a.unit_id, from, today).await?);
    say(LiveLink::ReportTimeliness, reports_on_time(store, a.unit_id, year, today).await?);
    let recognised = crate::initiative::counts::recognised(store, a.unit_id, year).await?;
    measured.push((LiveLink::InitiativesRecognised.label_vi(), recognised.to_string()));
    live.insert(LiveLink::InitiativesRecognised, ScoreInput::YesNo { yes: recognised > 0 });
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
