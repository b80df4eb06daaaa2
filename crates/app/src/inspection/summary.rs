//! The inspection and follow-up figures of a period, for the consolidated report's section and
//! the dashboard's panel: inspections planned and done in the period and in its year, the
//! coverage of each group against its target share, and the follow-up of the recommendations
//! raised in the period (raised / resolved / waived / outstanding with reasons, overdue). Each
//! figure names the page it comes from, so a reader can trace it.

use cchc_domain::inspection::{FollowUp, InspectionState, RecommendationState};
use cchc_domain::visibility::Visibility;
use cchc_storage::model_inspection::Finding;
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::plan::{year_coverage, Coverage};
use crate::accounts::ServiceError;

/// The figures of one period.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub year: i32,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Inspections on the year's plan, and those whose first day falls in the period.
    pub planned_year: usize,
    pub planned_period: usize,
    /// Recorded or closed: of the year, and those whose first day falls in the period.
    pub done_year: usize,
    pub done_period: usize,
    pub coverage: Vec<Coverage>,
    /// Recommendations raised in the period, as of `today`.
    pub followup: FollowUp,
    /// Open recommendations past their due date (raised in the period).
    pub overdue: Vec<Finding>,
    /// The plan page the inspection figures come from (`/inspections?year=2026`).
    pub plan_link: String,
    /// The follow-up page the recommendation figures come from, with the period.
    pub followup_link: String,
}

/// The figures of `from..=to` (its year's plan), as province-wide readers see them.
pub async fn summary(
    store: &dyn Store,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Summary, ServiceError> {
    let year = to.year();
    let inspections = store.inspections(Some(year), Visibility::Province).await?;
    let in_period = |d: NaiveDate| d >= from && d <= to;
    let done = |s: InspectionState| s != InspectionState::Planned;
    let (followup, findings) =
        super::followup::figures(store, Visibility::Province, Some(from), Some(to), today).await?;
    let overdue = findings
        .into_iter()
        .filter(|f| f.state == RecommendationState::Open && f.due.is_some_and(|d| d < today))
        .collect();
    let day = |d: NaiveDate| d.format("%d/%m/%Y").to_string();
    Ok(Summary {
        year,
        from,
        to,
        planned_year: inspections.len(),
        planned_period: inspections.iter().filter(|i| in_period(i.date_from)).count(),
        done_year: inspections.iter().filter(|i| done(i.state)).count(),
        done_period: inspections.iter().filter(|i| done(i.state) && in_period(i.date_from)).count(),
        coverage: year_coverage(store, year, today).await?,
        followup,
        overdue,
        plan_link: format!("/inspections?year={year}"),
        followup_link: format!("/inspections/followup?from={}&to={}", day(from), day(to)),
    })
}
