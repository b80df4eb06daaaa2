//! Report pages: a unit's own reports (periodic reports and its annual plan) with target
//! values and task progress; the office's overview of who reported, on time or late; one
//! submitted report for review.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::reports::{check_open, completeness, describe, expected_units, plan_key, plan_units};
use cchc_app::tracking::{config, today, TrackingConfig};
use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{Period, SubmissionStatus};
use cchc_domain::unit::Unit;
use cchc_storage::model::{InstanceFilter, SubmitMode, UnitReport};
use cchc_storage::{DynStore, StoreError};
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::policy::{AnyUser, UnitStaff};
use crate::auth::{Auth, Require, Scope};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::views_tasks::Shaper;

/// The periods of a year plus the annual plan, as (key, label, due).
fn keys_of_year(cfg: &TrackingConfig, unit: &Unit, year: i32) -> Vec<(String, String, chrono::NaiveDate)> {
    let mut v: Vec<(String, String, chrono::NaiveDate)> = Vec::new();
    if let Some((label, due)) = describe(cfg, &plan_key(year), unit.kind) {
        v.push((plan_key(year), label, due));
    }
    for p in cfg.calendar.periods_of_year(year) {
        v.push((p.key.clone(), p.label_vi.clone(), p.report_due));
    }
    v
}

/// How the unit's tasks of the period stand, for the head of its report page.
#[derive(Debug, Default, serde::Serialize)]
struct Counts {
    total: usize,
    completed: usize,
    awaiting_review: usize,
    overdue: usize,
}

impl Counts {
    fn of(rows: &[crate::views_tasks::InstanceView]) -> Self {
        let n = |s: &str| rows.iter().filter(|r| r.status == s).count();
        Counts {
            total: rows.len(),
            completed: n("completed"),
            awaiting_review: n("awaiting_review"),
            overdue: n("overdue"),
        }
    }
}

/// The unit a user reports for (unit staff only).
pub async fn own_unit(store: &DynStore, auth: &Auth) -> AppResult<Unit> {
    match auth.scope().own_unit() {
        Some(u) => Ok(store.get_unit(u).await?),
        None => Err(AppError::Forbidden),
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ReportsQuery {
    #[serde(default)]
    pub period: String,
    pub year: Option<i32>,
}

/// GET `/reports`: unit staff see their own reports; the office and leaders the overview.
pub async fn index(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<ReportsQuery>,
) -> AppResult<Response> {
    let cfg = config(store.as_ref()).await?;
    let year = q.year.unwrap_or_else(|| today().year());
    if let Scope::Unit(_) = auth.scope() {
        let unit = own_unit(&store, &auth).await?;
        let mut rows = Vec::new();
        for (key, label, due) in keys_of_year(&cfg, &unit, year) {
            let r = store.report(unit.id, &key, auth.scope()).await?;
            rows.push(context! { key, label, due, report => r });
        }
        // Ad-hoc requests addressed to the unit, newest first, whatever their year.
        for a in store.adhoc_requests(auth.scope()).await? {
            let key = a.key();
            let r = store.report(unit.id, &key, auth.scope()).await?;
            rows.push(context! { key, label => format!("Báo cáo đột xuất: {}", a.title), due => a.due, report => r });
        }
        return Ok(ctx.render("reports/mine.html", context! { unit => unit.name, rows, year }));
    }
    overview(&ctx, &store, &cfg, &q, year).await
}

async fn overview(
    ctx: &Ctx,
    store: &DynStore,
    cfg: &TrackingConfig,
    q: &ReportsQuery,
    year: i32,
) -> AppResult<Response> {
    let t = today();
    // The year asked for decides the default period: today's when it is this year's, else the
    // year's last period that has ended (or its first); a period asked for decides the year.
    let key = if q.period.is_empty() {
        let periods = cfg.calendar.periods_of_year(year);
        cfg.calendar
            .period_containing(t)
            .filter(|p| p.year == year)
            .or_else(|| periods.iter().rev().find(|p| p.end < t).or(periods.first()).cloned())
            .map(|p| p.key)
            .unwrap_or_else(|| plan_key(year))
    } else {
        q.period.clone()
    };
    let year = cfg
        .calendar
        .find(&key)
        .map(|p| p.year)
        .or_else(|| key.strip_suffix("-plan").and_then(|y| y.parse().ok()))
        .unwrap_or(year);
    let (label, due, expected) = match cfg.calendar.find(&key) {
        Some(p) => (p.label_vi.clone(), p.report_due, expected_units(store.as_ref(), &p).await?),
        None => {
            let y = key.strip_suffix("-plan").and_then(|y| y.parse().ok()).ok_or(AppError::NotFound("kỳ báo cáo"))?;
            let due = cfg.unit_plans.provincial_due.resolve(y).ok_or(AppError::NotFound("kỳ báo cáo"))?;
            (format!("Kế hoạch CCHC năm {y} của các đơn vị"), due, plan_units(store.as_ref(), y).await?)
        }
    };
    // The overview is for province-wide readers only (unit staff get their own list above).
    let reports = store.reports_of_period(&key, Scope::Province).await?;
    // A unit that submitted is listed even when no task made it owe the report.
    let mut expected = expected;
    expected.extend(reports.iter().filter(|r| r.status.is_sent()).map(|r| r.unit_id));
    expected.sort_unstable();
    expected.dedup();
    let c = completeness(&expected, &reports, due, t);
    let units = store.all_units().await?;
    let names = crate::unit_names::UnitNames::new(&units, t);
    let rows: Vec<Value> = c
        .units
        .iter()
        .map(|s| {
            let r = reports.iter().find(|r| r.unit_id == s.unit);
            let (code, label) = status_label(&s.status);
            context! {
                unit_id => s.unit, unit => names.label(s.unit),
                submitted_on => s.submitted_on, status => code, status_label => label,
                report_status => r.map(|r| r.status), report_id => r.map(|r| r.id),
                signed_by => r.and_then(|r| r.signed_by.clone()), signed_on => r.and_then(|r| r.signed_on),
            }
        })
        .collect();
    // The annual plans' page also says how much of the province's tasks each unit's plan covers.
    let coverage = if key.ends_with("-plan") {
        cchc_app::unit_plans::coverage::all_units(store.as_ref(), year, Scope::Province).await?
    } else {
        Vec::new()
    };
    let coverage: Vec<Value> =
        coverage.iter().map(|r| context! { r, unit => names.label(r.unit), missing => r.total - r.covered }).collect();
    let periods: Vec<(String, String)> = std::iter::once((plan_key(year), format!("Kế hoạch CCHC năm {year}")))
        .chain(cfg.calendar.periods_of_year(year).into_iter().map(|p: Period| (p.key, p.label_vi)))
        .collect();
    Ok(ctx.render(
        "reports/overview.html",
        context! { key, label, due, c, rows, periods, year, coverage, is_plan => key.ends_with("-plan") },
    ))
}

/// A submission status as (code, Vietnamese label).
pub fn status_label(s: &SubmissionStatus) -> (&'static str, String) {
    match s {
        SubmissionStatus::OnTime => ("on_time", "Đúng hạn".into()),
        SubmissionStatus::Late { days_late } => ("late", format!("Trễ {days_late} ngày")),
        SubmissionStatus::Missing => ("missing", "Chưa gửi".into()),
        SubmissionStatus::Pending => ("pending", "Chưa đến hạn".into()),
    }
}

/// GET `/reports/{key}`: a unit's own report for a period (or its annual plan).
pub async fn edit(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(store): State<DynStore>,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let unit = own_unit(&store, &auth).await?;
    let cfg = config(store.as_ref()).await?;
    let report = store.report(unit.id, &key, auth.scope()).await?;
    render_edit(&ctx, &store, &cfg, &unit, &key, report, None, cchc_domain::validation::FieldErrors::default()).await
}

/// Renders the unit's report page with what was typed and the errors.
#[allow(clippy::too_many_arguments)]
pub async fn render_edit(
    ctx: &Ctx,
    store: &DynStore,
    cfg: &TrackingConfig,
    unit: &Unit,
    key: &str,
    report: Option<UnitReport>,
    typed: Option<std::collections::BTreeMap<String, String>>,
    errors: cchc_domain::validation::FieldErrors,
) -> AppResult<Response> {
    let (label, due) = cchc_app::adhoc::describe(store.as_ref(), cfg, key, unit.id, unit.kind)
        .await?
        .ok_or(AppError::NotFound("kỳ báo cáo"))?;
    let adhoc = cchc_app::adhoc::for_unit(store.as_ref(), key, unit.id).await.ok().flatten();
    let period = cfg.calendar.find(key);
    let values = store.target_values(Some(unit.id), key).await?;
    // Target figures belong to reporting periods, not to a unit's annual plan.
    let target_records =
        if key.ends_with("-plan") || adhoc.is_some() { Vec::new() } else { store.targets_for_unit(unit.id).await? };
    let targets: Vec<Value> = target_records
        .into_iter()
        .map(|t| {
            let v = values.iter().find(|v| v.target_id == t.id);
            let rate = cchc_app::reports::is_rate(&t);
            context! { id => t.id, code => t.target.code, text => t.target.text, values => t.target.values, rate, current => v }
        })
        .collect();
    // The facts the narrative is written beside: the unit's tasks due in the period, and
    // what it left overdue from before.
    let (instances, overdue) = match &period {
        Some(p) => {
            let f = InstanceFilter {
                unit_id: Some(unit.id),
                lead_only: true,
                due_to: Some(p.end),
                active_only: true,
                ..Default::default()
            };
            let units = store.all_units().await?;
            let shaper = Shaper::new(&units, cfg, today(), ctx.req.lang);
            let rows = store.list_instances(&f).await?;
            let (in_period, before): (Vec<_>, Vec<_>) = rows.iter().partition(|i| i.due.is_some_and(|d| d >= p.start));
            let overdue: Vec<_> = before.iter().map(|i| shaper.view(i)).filter(|v| v.status == "overdue").collect();
            (in_period.iter().map(|i| shaper.view(i)).collect::<Vec<_>>(), overdue)
        }
        None => (Vec::new(), Vec::new()),
    };
    let counts = Counts::of(&instances);
    let files = match &report {
        // This page is the unit's own report, read as the unit.
        Some(r) => store.report_files(r.id, Scope::Unit(unit.id)).await?,
        None => Vec::new(),
    };
    // A closed (or not yet open) period is shown read-only with the reason, before any typing.
    let closed = match check_open(cfg, key, today()) {
        Err(ServiceError::Store(StoreError::Conflict(m))) => Some(m),
        _ => None,
    };
    let editable = closed.is_none() && report.as_ref().is_none_or(|r| r.status.is_editable());
    let role = ctx.auth.as_ref().map(|a| a.user.role);
    let is_head = role == Some(cchc_domain::role::Role::UnitHead);
    let has_head = cchc_app::reports::unit_has_head(store.as_ref(), unit.id).await?;
    let to_head = role.is_some_and(|r| cchc_app::reports::submit_mode(cfg, r, has_head) == SubmitMode::ToHead);
    let can_sign =
        is_head && closed.is_none() && report.as_ref().is_some_and(|r| r.status == ReviewState::AwaitingSignoff);
    let plan_coverage = match key.strip_suffix("-plan").and_then(|y| y.parse::<i32>().ok()) {
        Some(y) => {
            Some(cchc_app::unit_plans::coverage::of_unit(store.as_ref(), unit.id, y, Scope::Unit(unit.id)).await?)
        }
        None => None,
    };
    let narrative = typed
        .as_ref()
        .and_then(|t| t.get("narrative").cloned())
        .or_else(|| report.as_ref().map(|r| r.narrative.clone()));
    Ok(ctx.render(
        "reports/edit.html",
        context! {
            key, label, due, unit => unit.name, report, targets, instances, overdue, counts, files, editable, closed,
            typed, narrative, is_head, to_head, can_sign, plan_coverage, unit_id => unit.id,
            errors => errors.0, is_plan => key.ends_with("-plan"), adhoc,
        },
    ))
}

/// Where the office's list of a report key is: the ad-hoc request's tracking, or the period.
pub fn back_link(key: &str) -> String {
    match cchc_app::adhoc::request_id(key) {
        Some(id) => format!("/adhoc-reports/{id}"),
        None => format!("/reports?period={key}"),
    }
}

/// GET `/reports/{key}/units/{unit}`: one unit's submitted report (office, leaders) — or the
/// unit's own, whatever its state.
pub async fn view(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path((key, unit_id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let report = store.report(unit_id, &key, auth.scope()).await?.ok_or(AppError::NotFound("báo cáo"))?;
    if !auth.scope().sees(report.unit_id, report.status) {
        return Err(AppError::NotFound("báo cáo")); // drafts belong to their unit alone
    }
    let unit = store.get_unit(unit_id).await?;
    let values = store.target_values(Some(unit_id), &key).await?;
    let targets = store.targets_for_unit(unit_id).await?;
    let rows: Vec<Value> = values
        .iter()
        .map(|v| {
            let t = targets.iter().find(|t| t.id == v.target_id);
            context! { v, code => t.map(|t| t.target.code.clone()), text => t.map(|t| t.target.text.clone()) }
        })
        .collect();
    let files = store.report_files(report.id, auth.scope()).await?;
    Ok(ctx.render(
        "reports/view.html",
        context! { back => back_link(&key), key, unit => unit.name, unit_id, report, rows, files, can_review => auth.is_office() && report.status == ReviewState::Submitted },
    ))
}
