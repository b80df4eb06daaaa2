//! Report completeness of the current reporting period for the dashboard: who submitted on
//! time, late, or not at all.
//!
//! The current period is the one being collected: among periods already open for
//! submissions, the one whose report is due soonest on or after today; when none is being
//! collected, the one most recently due.

use cchc_domain::tracking::{Completeness, Period};
use cchc_domain::visibility::Visibility;
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::reports::{completeness, expected_units};
use crate::tracking::TrackingConfig;

/// The completeness of one period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodCompleteness {
    pub key: String,
    pub label: String,
    pub due: NaiveDate,
    pub c: Completeness,
}

/// The period the office is collecting reports for on `today` (see the module comment).
pub fn current_period(cfg: &TrackingConfig, today: NaiveDate) -> Option<Period> {
    let periods: Vec<Period> = (today.year() - 1..=today.year() + 1)
        .flat_map(|y| cfg.calendar.periods_of_year(y))
        .filter(|p| p.opens <= today)
        .collect();
    let collecting = periods.iter().filter(|p| p.report_due >= today).min_by_key(|p| (p.report_due, p.end));
    collecting.or_else(|| periods.iter().max_by_key(|p| (p.report_due, p.end))).cloned()
}

/// Completeness of the current period over every unit that owes it (and any that sent it).
pub async fn current(
    store: &dyn Store,
    cfg: &TrackingConfig,
    today: NaiveDate,
) -> Result<Option<PeriodCompleteness>, ServiceError> {
    let Some(p) = current_period(cfg, today) else { return Ok(None) };
    let mut expected = expected_units(store, &p).await?;
    let reports = store.reports_of_period(&p.key, Visibility::Province).await?;
    expected.extend(reports.iter().filter(|r| r.status.is_sent()).map(|r| r.unit_id));
    expected.sort_unstable();
    expected.dedup();
    let c = completeness(&expected, &reports, p.report_due, today);
    Ok(Some(PeriodCompleteness { key: p.key, label: p.label_vi, due: p.report_due, c }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
    }

    #[test]
    fn the_current_period_is_the_one_being_collected() {
        let cfg = TrackingConfig::default();
        for day in [d(2026, 1, 20), d(2026, 3, 10), d(2026, 6, 30), d(2026, 11, 2)] {
            let p = current_period(&cfg, day).unwrap_or_else(|| panic!("a period on {day}"));
            assert!(p.opens <= day, "{day}: {} opens {}", p.key, p.opens);
            let all: Vec<Period> = (2025..=2027).flat_map(|y| cfg.calendar.periods_of_year(y)).collect();
            let sooner = all.iter().any(|q| q.opens <= day && q.report_due >= day && q.report_due < p.report_due);
            assert!(!sooner, "{day}: {} is not the soonest due", p.key);
        }
    }
}
