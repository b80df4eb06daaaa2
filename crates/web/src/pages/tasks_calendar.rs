//! The calendar of deadlines (`/tasks/calendar?month=2026-12`): a month grid with the tasks
//! due each day (count, overdue marked, the first few linked), one day's tasks listed below,
//! and the previous and next months. It takes the task list's filters and the task list's
//! query ([`TaskQuery::filter`]), so a unit's staff see only their own unit's tasks.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::tracking::{config, today};
use chrono::{Datelike, Duration, Months, NaiveDate};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::tasks::{filter_choices, TaskQuery, PRINT_ROWS};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::views_tasks::{InstanceView, Shaper};

/// Tasks named in a day's cell; the others are counted (the day's list has them all).
const IN_CELL: usize = 3;

/// `?month=2026-12&day=2026-12-15`.
#[derive(Debug, Default, Deserialize)]
pub struct MonthQuery {
    #[serde(default)]
    pub month: String,
    #[serde(default)]
    pub day: String,
}

/// The first day of the month `2026-12`; this month when blank.
pub fn parse_month(s: &str, today: NaiveDate) -> Result<NaiveDate, AppError> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(today.with_day(1).unwrap_or(today));
    }
    let bad = || AppError::BadRequest(format!("Tháng «{s}» không hợp lệ: cần dạng năm-tháng, ví dụ 2026-12."));
    let (y, m) = s.split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if !(2000..=2100).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y, m, 1).ok_or_else(bad)
}

/// One day of the grid.
#[derive(Debug, Serialize)]
struct Cell {
    date: NaiveDate,
    day: u32,
    in_month: bool,
    today: bool,
    count: usize,
    overdue: usize,
    first: Vec<InstanceView>,
}

/// GET `/tasks/calendar`.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<TaskQuery>,
    Query(m): Query<MonthQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let cfg = config(store.as_ref()).await?;
    let now = today();
    let first = parse_month(&m.month, now)?;
    let next = first + Months::new(1);
    let last = next - Duration::days(1);
    // The list's filter (with the user's scope), narrowed to the month.
    let mut filter = q.filter(&auth, &cfg);
    filter.due_from = Some(filter.due_from.map_or(first, |d| d.max(first)));
    filter.due_to = Some(filter.due_to.map_or(last, |d| d.min(last)));
    filter.sort = cchc_storage::model::InstanceSort::Due;
    filter.limit = Some(PRINT_ROWS);
    let units = store.all_units().await?;
    let shaper = Shaper::new(&units, &cfg, now, ctx.req.lang);
    let mut by_day: BTreeMap<NaiveDate, Vec<InstanceView>> = BTreeMap::new();
    for r in store.list_instances(&filter).await? {
        if let Some(d) = r.due {
            by_day.entry(d).or_default().push(shaper.view(&r));
        }
    }
    let total: usize = by_day.values().map(Vec::len).sum();
    let weeks = grid(first, last, now, &by_day);
    let day = match m.day.trim() {
        "" => None,
        d => Some(
            NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .map_err(|_| AppError::BadRequest(format!("Ngày «{d}» không hợp lệ: cần dạng năm-tháng-ngày.")))?,
        ),
    };
    let day_rows = day.map(|d| by_day.get(&d).cloned().unwrap_or_default());
    let qs =
        serde_urlencoded::to_string(TaskQuery { page: None, print: String::new(), ..q.clone() }).unwrap_or_default();
    let choices = filter_choices(store, &units, &auth, &q, &cfg, ctx.req.lang).await?;
    let key = |d: NaiveDate| format!("{:04}-{:02}", d.year(), d.month());
    Ok(ctx.render(
        "tasks/calendar.html",
        context! {
            q, qs, choices, weeks, total, day, day_rows, form_action => "/tasks/calendar",
            month => key(first), month_no => first.month(), year => first.year(),
            prev => key(first - Months::new(1)), next => key(next), this_month => key(now),
        },
    ))
}

/// The weeks (Monday first) covering the month, each day with its tasks.
fn grid(
    first: NaiveDate,
    last: NaiveDate,
    now: NaiveDate,
    by_day: &BTreeMap<NaiveDate, Vec<InstanceView>>,
) -> Vec<Vec<Cell>> {
    let start = first - Duration::days(i64::from(first.weekday().num_days_from_monday()));
    let end = last + Duration::days(i64::from(6 - last.weekday().num_days_from_monday()));
    let mut weeks: Vec<Vec<Cell>> = Vec::new();
    let mut d = start;
    while d <= end {
        if d.weekday().num_days_from_monday() == 0 {
            weeks.push(Vec::new());
        }
        let rows = by_day.get(&d).map(Vec::as_slice).unwrap_or(&[]);
        let cell = Cell {
            date: d,
            day: d.day(),
            in_month: d.month() == first.month(),
            today: d == now,
            count: rows.len(),
            overdue: rows.iter().filter(|r| r.status == "overdue").count(),
            first: rows.iter().take(IN_CELL).cloned().collect(),
        };
        if let Some(w) = weeks.last_mut() {
            w.push(cell);
        }
        d += Duration::days(1);
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn months_parse_or_say_why() {
        let t = day(2026, 12, 6);
        assert_eq!(parse_month("", t).ok(), Some(day(2026, 12, 1)));
        assert_eq!(parse_month("2027-02", t).ok(), Some(day(2027, 2, 1)));
        for bad in ["2026-13", "12/2026", "x", "2026-", "9999-01"] {
            assert!(parse_month(bad, t).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_grid_covers_whole_weeks_from_monday() {
        let first = day(2026, 12, 1);
        let w = grid(first, day(2026, 12, 31), day(2026, 12, 6), &BTreeMap::new());
        assert!(w.iter().all(|w| w.len() == 7));
        assert_eq!(w[0][0].date, day(2026, 11, 30), "1/12/2026 is a Tuesday");
        assert!(!w[0][0].in_month && w[0][1].in_month);
        assert!(w[0][6].today);
        assert_eq!(w.len(), 5);
    }
}
