//! Units' own annual plans: the coverage table (the office sees every unit, a unit its own),
//! one unit's coverage with its plan's tasks and their links, the import form, and the review
//! of an imported plan before it is stored. A unit's draft is seen by that unit's staff only.

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cchc_app::plans::Draft;
use cchc_app::tracking::today;
use cchc_app::unit_plans::coverage;
use cchc_domain::unit::UnitId;
use cchc_storage::DynStore;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::policy::{AnyUser, UnitStaff};
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::unit_names::UnitNames;

#[derive(Debug, Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    pub year: Option<i32>,
}

impl YearQuery {
    fn year(&self) -> i32 {
        self.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(today().year())
    }
}

/// GET `/unit-plans`: province-wide readers see every unit's plan and coverage; unit staff
/// are sent to their own unit's page.
pub async fn index(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year();
    if let Some(u) = auth.scope().own_unit() {
        return Ok(Redirect::to(&format!("/unit-plans/units/{u}?year={year}")).into_response());
    }
    let rows = coverage::all_units(store.as_ref(), year, auth.scope()).await?;
    let with_plan = rows.iter().filter(|r| r.plan.is_some()).count();
    let units = store.all_units().await?;
    let names = UnitNames::new(&units, today());
    let rows: Vec<Value> =
        rows.iter().map(|r| context! { r, unit => names.label(r.unit), missing => r.total - r.covered }).collect();
    Ok(ctx.render("unit_plans/index.html", context! { year, rows, with_plan }))
}

/// Whether `auth` may read `unit`'s coverage: province-wide readers and the unit's own staff.
fn may_read(auth: &Auth, unit: UnitId) -> bool {
    match auth.scope().own_unit() {
        Some(own) => own == unit,
        None => true,
    }
}

/// GET `/unit-plans/units/{unit}`: the province tasks assigned to the unit with the plan tasks
/// covering them (uncovered ones flagged), and the plan's tasks with their links.
pub async fn unit(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(unit_id): Path<UnitId>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    if !may_read(&auth, unit_id) {
        return Err(AppError::Forbidden);
    }
    let year = q.year();
    let unit = store.get_unit(unit_id).await?;
    let cov = coverage::of_unit(store.as_ref(), unit_id, year, auth.scope()).await?;
    let can_edit = auth.scope().own_unit() == Some(unit_id);
    let drafts = if can_edit { unit_drafts(&store, &auth, unit_id).await? } else { Vec::new() };
    let uncovered = cov.total - cov.covered;
    Ok(ctx.render("unit_plans/unit.html", context! { unit, year, cov, can_edit, drafts, uncovered }))
}

/// The user's drafts of their unit's plan (newest first).
async fn unit_drafts(store: &DynStore, auth: &Auth, unit: UnitId) -> AppResult<Vec<Value>> {
    let mut out = Vec::new();
    for d in store.list_drafts(auth.user.id).await? {
        let full = store.get_draft(d.id).await?;
        let draft: Option<Draft> = serde_json::from_str(&full.content).ok();
        if draft.is_some_and(|x| x.owner_unit == Some(unit)) {
            out.push(context! { id => d.id, file_name => d.file_name, created_ms => d.created_at.timestamp_millis() });
        }
    }
    Ok(out)
}

/// GET `/unit-plans/import`: upload the unit's plan, or paste its task table.
pub async fn import(ctx: Ctx, auth: Require<UnitStaff>) -> AppResult<Response> {
    auth.scope().own_unit().ok_or(AppError::Forbidden)?;
    Ok(ctx.render("unit_plans/import.html", context! { error => Value::from(()), text => "" }))
}

/// Loads a unit-plan draft for the staff of its unit; anyone else gets 404 (a unit never sees
/// another unit's unconfirmed plan, and the office sees plans once confirmed).
pub async fn unit_draft(store: &DynStore, auth: &Auth, id: i64) -> AppResult<(UnitId, Draft)> {
    let d = store.get_draft(id).await?;
    let draft: Draft = serde_json::from_str(&d.content).map_err(|e| AppError::Internal(format!("draft {id}: {e}")))?;
    match (draft.owner_unit, auth.scope().own_unit()) {
        (Some(owner), Some(own)) if owner == own => Ok((owner, draft)),
        _ => Err(AppError::NotFound("bản nhập đang xem xét")),
    }
}

/// GET `/unit-plans/drafts/{id}`: the parsed plan, each task with the province tasks it may
/// implement (suggested ones ticked) to confirm.
pub async fn draft(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (unit, draft) = unit_draft(&store, &auth, id).await?;
    let year = cchc_app::unit_plans::plan_year(&draft.content, today());
    let assigned = coverage::assigned_tasks(store.as_ref(), unit, year).await?;
    let existing = cchc_app::unit_plans::plan_of(store.as_ref(), unit, year).await?;
    let tasks: Vec<Value> = draft
        .content
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| context! { index => i, t, links => draft.links.get(i).cloned().unwrap_or_default() })
        .collect();
    Ok(ctx.render(
        "unit_plans/draft.html",
        context! {
            id, year, tasks, assigned, existing, label => draft.content.meta.label(),
            meta => draft.content.meta, warnings => draft.content.warnings, summary => draft.summary,
        },
    ))
}
