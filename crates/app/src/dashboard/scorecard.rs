//! One unit's scorecard: its tasks by state with the overdue ones, its reports of the year by
//! period with their timeliness, and its PAR index result where a round has one. Every read
//! takes the reader's visibility, so a unit's drafts reach only its own staff.

use cchc_domain::par::standing::Standing;
use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{report_completeness, SubmissionStatus};
use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, InstanceRecord, StateCounts};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::reports::expected_units;
use crate::tracking::TrackingConfig;

/// Overdue tasks listed on the scorecard at most; the rest are behind the task list's link.
pub const OVERDUE_SHOWN: i64 = 20;

/// The unit's report for one period of the year.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodLine {
    pub key: String,
    pub label: String,
    pub due: NaiveDate,
    /// The report's review state, when the reader may see that it exists.
    pub state: Option<ReviewState>,
    pub submitted_on: Option<NaiveDate>,
    pub status: SubmissionStatus,
}

/// The unit's PAR index line of the latest round that assesses it.
#[derive(Debug, Clone, Serialize)]
pub struct ParLine {
    pub round_id: i64,
    pub round: String,
    pub assessment_id: i64,
    pub state: ReviewState,
    pub standing: Option<Standing>,
}

/// Everything the scorecard shows.
#[derive(Debug, Clone, Serialize)]
pub struct Scorecard {
    pub unit: UnitId,
    pub year: i32,
    pub counts: StateCounts,
    pub overdue: Vec<InstanceRecord>,
    pub overdue_total: i64,
    pub reports: Vec<PeriodLine>,
    pub par: Option<ParLine>,
}

/// The scorecard of `unit` on `today`, read with `vis` (the caller has checked the reader may
/// see this unit at all).
pub async fn scorecard(
    store: &dyn Store,
    par: &crate::par::ResultsCache,
    cfg: &TrackingConfig,
    unit: UnitId,
    vis: Visibility,
    today: NaiveDate,
) -> Result<Scorecard, ServiceError> {
    let base = InstanceFilter { unit_id: Some(unit), lead_only: true, active_only: true, ..Default::default() };
    let counts = store.state_counts(&base, today).await?;
    let late = InstanceFilter { overdue_on: Some(today), ..base.clone() };
    let overdue_total = store.count_instances(&late).await?;
    let overdue = store.list_instances(&InstanceFilter { limit: Some(OVERDUE_SHOWN), ..late }).await?;
    let reports = report_lines(store, cfg, unit, vis, today).await?;
    let par = par_line(store, par, unit, vis).await?;
    Ok(Scorecard { unit, year: today.year(), counts, overdue, overdue_total, reports, par })
}

/// The periods of this year already open for reports that the unit owes or has sent.
async fn report_lines(
    store: &dyn Store,
    cfg: &TrackingConfig,
    unit: UnitId,
    vis: Visibility,
    today: NaiveDate,
) -> Result<Vec<PeriodLine>, ServiceError> {
    let mut out = Vec::new();
    for p in cfg.calendar.periods_of_year(today.year()).into_iter().filter(|p| p.opens <= today) {
        let report = store.report(unit, &p.key, vis).await?;
        let sent = report.as_ref().and_then(|r| r.submitted_on.filter(|_| r.status.is_sent()));
        if sent.is_none() && !expected_units(store, &p).await?.contains(&unit) {
            continue;
        }
        let subs: Vec<(UnitId, NaiveDate)> = sent.map(|d| (unit, d)).into_iter().collect();
        let c = report_completeness(&[unit], &subs, p.report_due, today);
        let status = c.units.first().map(|s| s.status).unwrap_or(SubmissionStatus::Pending);
        out.push(PeriodLine {
            key: p.key,
            label: p.label_vi,
            due: p.report_due,
            state: report.as_ref().map(|r| r.status),
            submitted_on: sent,
            status,
        });
    }
    Ok(out)
}

/// The unit's line in the newest round that assesses it (a draft has no result yet).
async fn par_line(
    store: &dyn Store,
    cache: &crate::par::ResultsCache,
    unit: UnitId,
    vis: Visibility,
) -> Result<Option<ParLine>, ServiceError> {
    let mut rounds = store.rounds().await?;
    rounds.sort_by_key(|r| std::cmp::Reverse((r.year, r.id)));
    for round in rounds {
        let Some(a) = store.assessments(round.id, vis).await?.into_iter().find(|a| a.unit_id == unit) else {
            continue;
        };
        let line = cache.unit_line(store, &round, &a).await?;
        return Ok(Some(ParLine {
            round_id: round.id,
            round: round.name.clone(),
            assessment_id: a.id,
            state: a.status,
            standing: line.and_then(|l| l.standing).filter(|_| a.status.is_sent()),
        }));
    }
    Ok(None)
}
