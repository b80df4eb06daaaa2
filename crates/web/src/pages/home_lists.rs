//! The dashboard's lists: overdue work (most overdue first, with the days late) and work due
//! soon (within the configured window, not yet overdue), each a short page with a link to the
//! whole filtered task list; and the report completeness of the current period.

use cchc_domain::tracking::TaskState;
use cchc_domain::unit::{Unit, UnitId};
use cchc_storage::model::{InstanceFilter, InstanceSort};
use cchc_storage::DynStore;
use chrono::NaiveDate;
use minijinja::{context, Value};

use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::pages::reports::status_label;
use crate::unit_names::UnitNames;
use crate::views_tasks::Shaper;

/// Rows each dashboard list shows; the rest are behind "xem tất cả".
pub const SHOWN: i64 = 10;

const OPEN: [TaskState; 3] = [TaskState::NotStarted, TaskState::InProgress, TaskState::Returned];

/// The overdue and due-soon lists of the province or of one unit's work.
pub async fn lists(
    ctx: &Ctx,
    store: &DynStore,
    unit: Option<UnitId>,
    units: &[Unit],
    t: NaiveDate,
) -> AppResult<Value> {
    let cfg = cchc_app::tracking::config(store.as_ref()).await?;
    let shaper = Shaper::new(units, &cfg, t, ctx.req.lang);
    let base = InstanceFilter { unit_id: unit, active_only: true, sort: InstanceSort::Due, ..Default::default() };
    let late = InstanceFilter { overdue_on: Some(t), ..base.clone() };
    let overdue_total = store.count_instances(&late).await?;
    let overdue: Vec<Value> = store
        .list_instances(&InstanceFilter { limit: Some(SHOWN), ..late })
        .await?
        .iter()
        .map(|i| context! { r => shaper.view(i), days => i.due.map(|d| (t - d).num_days()).unwrap_or(0) })
        .collect();
    let until = t + chrono::Duration::days(cfg.timeliness.due_soon_days);
    let soon = InstanceFilter { states: OPEN.to_vec(), due_from: Some(t), due_to: Some(until), ..base };
    let soon_total = store.count_instances(&soon).await?;
    let soon_rows: Vec<_> = store
        .list_instances(&InstanceFilter { limit: Some(SHOWN), ..soon })
        .await?
        .iter()
        .map(|i| shaper.view(i))
        .collect();
    let unit_q = unit.map(|u| format!("&unit={u}")).unwrap_or_default();
    Ok(context! {
        overdue, overdue_total, soon => soon_rows, soon_total, until, days => cfg.timeliness.due_soon_days,
        overdue_href => format!("/tasks?overdue=1{unit_q}"),
    })
}

/// The completeness of the current reporting period, per unit (missing and late first).
pub async fn reporting(store: &DynStore, names: &UnitNames, t: NaiveDate) -> AppResult<Option<Value>> {
    let cfg = cchc_app::tracking::config(store.as_ref()).await?;
    let Some(p) = cchc_app::dashboard::reporting::current(store.as_ref(), &cfg, t).await? else {
        return Ok(None);
    };
    let mut units = p.c.units.clone();
    units.sort_by_key(|u| match u.status.code() {
        "missing" => 0,
        "late" => 1,
        "pending" => 2,
        _ => 3,
    });
    let rows: Vec<Value> = units
        .iter()
        .take(SHOWN as usize)
        .map(|u| {
            let (code, text) = status_label(&u.status);
            context! { unit_id => u.unit, unit => names.label(u.unit), submitted_on => u.submitted_on, code, text }
        })
        .collect();
    Ok(Some(context! { p, rows, more => p.c.units.len() > SHOWN as usize }))
}
