//! The working-day calendar (reform office): public holidays, Tết and substitute working
//! days by year, a form to add or change a day, import and export, and the preview of the due
//! dates of open tasks the calendar in force moves.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::workdays::{days_in_force, preview};
use cchc_domain::validation::FieldErrors;
use chrono::Datelike;
use minijinja::context;
use serde::Deserialize;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::state::AppState;

/// `?year=2026`: the year shown (default: this year).
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<String>,
}

/// Renders the calendar of `year` with the form showing `values` and `errors`.
pub async fn page(
    ctx: &Ctx,
    state: &AppState,
    year: Option<i32>,
    values: BTreeMap<String, String>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let (all, is_sample) = days_in_force(state.store.as_ref()).await?;
    let year = year.unwrap_or_else(|| crate::views::today().year());
    let mut years: Vec<i32> = all.iter().map(|d| d.date.year()).collect();
    years.push(crate::views::today().year());
    years.sort_unstable();
    years.dedup();
    let days: Vec<minijinja::Value> = all
        .iter()
        .filter(|d| d.date.year() == year)
        .map(|d| {
            context! {
                date => d.date, kind => d.kind.code(), kind_label => d.kind.label_vi(), name => d.name,
                weekday => crate::views::weekday_vi(d.date),
            }
        })
        .collect();
    Ok(ctx.render("settings/workdays.html", context! { days, year, years, is_sample, values, errors => errors.0 }))
}

/// GET `/settings/workdays`.
pub async fn workdays(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(state): State<AppState>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year.and_then(|y| y.trim().parse().ok()).filter(|y| (1900..=2200).contains(y));
    page(&ctx, &state, year, BTreeMap::new(), FieldErrors::default()).await
}

/// Renders the preview of what "recompute open instances" moves, with `errors` if a
/// confirmation was refused.
pub async fn recompute_page(ctx: &Ctx, state: &AppState, errors: FieldErrors) -> AppResult<Response> {
    let moves = preview(state.store.as_ref(), crate::views::today()).await?;
    let units = state.store.all_units().await?;
    let names = cchc_app::registry::index(&units);
    let rows: Vec<minijinja::Value> = moves
        .iter()
        .map(|m| {
            let unit = m.instance.lead_unit_id.and_then(|u| names.get(&u)).map(|u| u.name.clone());
            context! {
                id => m.instance.id, code => m.instance.task_code, title => m.instance.task_title,
                label => m.instance.label, unit, from => m.instance.due, to => m.to,
                state => m.instance.progress.state.label_vi(),
            }
        })
        .collect();
    Ok(ctx.render("settings/recompute.html", context! { rows, errors => errors.0 }))
}

/// GET `/settings/workdays/recompute`.
pub async fn recompute(ctx: Ctx, _: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    recompute_page(&ctx, &state, FieldErrors::default()).await
}
