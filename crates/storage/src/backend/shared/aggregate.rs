//! Aggregate reads for dashboards: counts by document and by area, and the on-time tally per lead unit,
//! each one grouped query however many instances there are.

use cchc_domain::tracking::{EarlyRule, TaskState, TimelinessRules, UnitTally};
use cchc_domain::unit::UnitId;
use chrono::NaiveDate;
use sqlx::{Pool, QueryBuilder};

use super::corrupt;
use super::tracking::{push_filter, OPEN_STATES};
use crate::error::StoreResult;
use crate::model::{InstanceFilter, StateCounts};

/// Adds `n` instances in `state` (of which `overdue` are past due) to `c`.
fn add_state(c: &mut StateCounts, state: &str, n: i64, overdue: i64) -> StoreResult<()> {
    c.total += n;
    c.overdue += overdue;
    match TaskState::parse(state) {
        Some(TaskState::NotStarted) => c.not_started += n,
        // A claim waiting for the unit head's sign-off is still in progress for the office.
        Some(TaskState::InProgress | TaskState::AwaitingSignoff) => c.in_progress += n,
        Some(TaskState::ReportedDone) => c.reported_done += n,
        Some(TaskState::Accepted) => c.accepted += n,
        Some(TaskState::Returned) => c.returned += n,
        None => return Err(corrupt("trạng thái", state)),
    }
    Ok(())
}

pub(super) async fn state_counts_by_document(
    pool: &Pool<super::Db>,
    f: &InstanceFilter,
    today: NaiveDate,
) -> StoreResult<Vec<(i64, StateCounts)>> {
    let mut q: QueryBuilder<super::Db> =
        QueryBuilder::new("SELECT t.document_id, i.state, COUNT(*), SUM(CASE WHEN i.due < ");
    q.push_bind(today).push(format!(
        " AND i.state IN {OPEN_STATES} THEN 1 ELSE 0 END) FROM task_instances i JOIN tasks t ON t.id = i.task_id \
         WHERE 1 = 1"
    ));
    push_filter(&mut q, f);
    q.push(" GROUP BY t.document_id, i.state ORDER BY t.document_id");
    let rows: Vec<(i64, String, i64, Option<i64>)> = q.build_query_as().fetch_all(pool).await?;
    let mut out: Vec<(i64, StateCounts)> = Vec::new();
    for (doc, state, n, overdue) in rows {
        if out.last().is_none_or(|(d, _)| *d != doc) {
            out.push((doc, StateCounts::default()));
        }
        if let Some((_, c)) = out.last_mut() {
            add_state(c, &state, n, overdue.unwrap_or(0))?;
        }
    }
    Ok(out)
}

/// Counts by state per (document, area code); tasks without an area under `""`.
pub(super) async fn state_counts_by_area(
    pool: &Pool<super::Db>,
    f: &InstanceFilter,
    today: NaiveDate,
) -> StoreResult<Vec<(i64, String, StateCounts)>> {
    let mut q: QueryBuilder<super::Db> =
        QueryBuilder::new("SELECT t.document_id, COALESCE(t.area_code, ''), i.state, COUNT(*), SUM(CASE WHEN i.due < ");
    q.push_bind(today).push(format!(
        " AND i.state IN {OPEN_STATES} THEN 1 ELSE 0 END) FROM task_instances i JOIN tasks t ON t.id = i.task_id \
         WHERE 1 = 1"
    ));
    push_filter(&mut q, f);
    q.push(" GROUP BY t.document_id, COALESCE(t.area_code, ''), i.state ORDER BY t.document_id, 2");
    let rows: Vec<(i64, String, String, i64, Option<i64>)> = q.build_query_as().fetch_all(pool).await?;
    let mut out: Vec<(i64, String, StateCounts)> = Vec::new();
    for (doc, area, state, n, overdue) in rows {
        if out.last().is_none_or(|(d, a, _)| *d != doc || *a != area) {
            out.push((doc, area, StateCounts::default()));
        }
        if let Some((_, _, c)) = out.last_mut() {
            add_state(c, &state, n, overdue.unwrap_or(0))?;
        }
    }
    Ok(out)
}

/// Whole days from the completion date to the due date, in each backend's date arithmetic
/// (SQLite keeps dates as ISO text, PostgreSQL as `DATE`).
fn days_before_due(done: &str) -> String {
    if super::super::BACKEND == "sqlite" {
        format!("(julianday(i.due) - julianday({done}))")
    } else {
        format!("(i.due - {done})")
    }
}

/// The on-time class of each instance, as `cchc_domain::tracking::ranking` assigns it (finished:
/// early / on time / late / undated by the completion date; open: overdue or open), grouped
/// by lead unit.
pub(super) async fn on_time_tallies(
    pool: &Pool<super::Db>,
    f: &InstanceFilter,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    rules: &TimelinessRules,
) -> StoreResult<Vec<(UnitId, UnitTally)>> {
    let done = "COALESCE(i.reported_done_on, i.accepted_on)";
    let days = days_before_due(done);
    let mut q: QueryBuilder<super::Db> = QueryBuilder::new(format!(
        "SELECT lead, class, COUNT(*) FROM (SELECT i.lead_unit_id AS lead, CASE \
         WHEN i.state IN ('reported_done', 'accepted') THEN CASE \
         WHEN {done} IS NULL THEN 'undated' WHEN {done} > i.due THEN 'late' WHEN "
    ));
    match rules.early {
        EarlyRule::PeriodOrDays { days: n } => {
            q.push(format!(
                "((i.period_start IS NOT NULL AND i.period_start <= i.due AND {done} < i.period_start) OR \
                 ((i.period_start IS NULL OR i.period_start > i.due) AND {days} >= "
            ))
            .push_bind(n)
            .push("))");
        }
        EarlyRule::Days { days: n } => {
            q.push(format!("{days} >= ")).push_bind(n);
        }
    }
    q.push(" THEN 'early' ELSE 'on_time' END WHEN i.due < ")
        .push_bind(today)
        .push(
            " THEN 'overdue' ELSE 'open' END AS class FROM task_instances i JOIN tasks t ON t.id = i.task_id \
               WHERE i.lead_unit_id IS NOT NULL AND i.due >= ",
        )
        .push_bind(from)
        .push(" AND i.due <= ")
        .push_bind(to);
    push_filter(&mut q, f);
    q.push(") x GROUP BY lead, class ORDER BY lead");
    let rows: Vec<(i64, String, i64)> = q.build_query_as().fetch_all(pool).await?;
    let mut out: Vec<(UnitId, UnitTally)> = Vec::new();
    for (unit, class, n) in rows {
        if out.last().is_none_or(|(u, _)| *u != unit) {
            out.push((unit, UnitTally::default()));
        }
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        if let Some((_, t)) = out.last_mut() {
            match class.as_str() {
                "early" => t.early += n,
                "on_time" => t.on_time += n,
                "late" => t.late += n,
                "undated" => t.undated += n,
                "overdue" => t.overdue += n,
                _ => t.open += n,
            }
        }
    }
    Ok(out)
}
