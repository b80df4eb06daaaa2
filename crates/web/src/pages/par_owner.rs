//! GET `/par/province-index`: the province's own index (QĐ 876) followed by quarter. Every
//! signed-in user reads it; a department's staff see the criteria their department owns, with
//! the form that reports the quarter's status of each (what was achieved; why not, and whether
//! for an objective cause). The office and the leaders see every criterion, and the ones not
//! achieved or not yet reported in the quarter are counted on top. A plain form: no JavaScript.

use std::collections::BTreeMap;

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::par::owner::{overview, quarter_of};
use cchc_domain::validation::FieldErrors;
use cchc_storage::DynStore;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::AppResult;

/// The year and quarter asked for (this year's current quarter when absent).
#[derive(Debug, Default, Deserialize)]
pub struct Which {
    pub year: Option<i32>,
    pub quarter: Option<u32>,
}

/// The year and quarter shown.
pub fn which(w: &Which) -> (i32, u32) {
    let today = cchc_app::tracking::today();
    let year = w.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(today.year());
    let current = if year == today.year() { quarter_of(today) } else { 4 };
    (year, w.quarter.filter(|q| (1..=4).contains(q)).unwrap_or(current))
}

/// The form's value of a criterion's status: `dat`, `chua_dat`, `khach_quan` or empty.
pub fn status_code(achieved: bool, objective: bool) -> &'static str {
    match (achieved, objective) {
        (true, _) => "dat",
        (false, true) => "khach_quan",
        (false, false) => "chua_dat",
    }
}

/// GET `/par/province-index`.
pub async fn page(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(w): Query<Which>,
) -> AppResult<Response> {
    render(&ctx, &auth, &store, which(&w), None, FieldErrors::default()).await
}

/// The page, with what the user typed and the problems found (a form re-rendered).
pub async fn render(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    (year, quarter): (i32, u32),
    typed: Option<BTreeMap<String, String>>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let today = cchc_app::tracking::today();
    let vis = auth.scope();
    let reporter = auth.user.role.requires_unit() && auth.user.unit_id.is_some();
    let Some(ov) = overview(store.as_ref(), year, vis, today).await? else {
        return Ok(ctx.render("par/province_index.html", context! { year, quarter, missing => true }));
    };
    let q = quarter as usize - 1;
    let (mut not_achieved, mut not_reported, mut no_owner) = (0, 0, 0);
    let rows: Vec<Value> = ov
        .rows
        .iter()
        .map(|r| {
            let now = r.quarters[q].as_ref();
            match now {
                Some(s) if !s.status.achieved => not_achieved += 1,
                Some(_) => {}
                None => not_reported += 1,
            }
            no_owner += usize::from(r.unit.is_none());
            let code = &r.criterion.code;
            let field = |prefix: &str, stored: String| match &typed {
                Some(t) => t.get(&format!("{prefix}{code}")).cloned().unwrap_or_default(),
                None => stored,
            };
            let quarters: Vec<Value> = r
                .quarters
                .iter()
                .map(|s| match s {
                    Some(s) => context! { label => s.status.label_vi(), achieved => s.status.achieved },
                    None => context! {},
                })
                .collect();
            context! {
                code, name => r.criterion.name, area => r.criterion.area, owner => r.criterion.owner,
                unit => r.unit.as_ref().map(|u| u.1.clone()), quarters,
                result => now.map(|s| s.status.result.clone()), reason => now.map(|s| s.status.reason.clone()),
                updated_by => now.map(|s| s.updated_by.clone()),
                f_status => field("s_", now.map(|s| status_code(s.status.achieved, s.status.objective).to_string()).unwrap_or_default()),
                f_result => field("r_", now.map(|s| s.status.result.clone()).unwrap_or_default()),
                f_reason => field("l_", now.map(|s| s.status.reason.clone()).unwrap_or_default()),
            }
        })
        .collect();
    let errors: Vec<String> = errors
        .0
        .iter()
        .map(|e| match e.field.rsplit_once('.') {
            Some((code, _)) if e.field.ends_with(".result") || e.field.ends_with(".reason") => {
                format!("Tiêu chí {code}: {}", e.message)
            }
            _ => e.message.clone(),
        })
        .collect();
    let can_report = reporter && !rows.is_empty() && cchc_app::par::owner::quarter_started(year, quarter, today);
    Ok(ctx.render(
        "par/province_index.html",
        context! {
            year, quarter, rows, errors, can_report, reporter,
            set_id => ov.set_id, set_name => ov.set_name, set_template => ov.set_template,
            not_achieved, not_reported, no_owner,
            years => (year.min(today.year() - 3)..=year.max(today.year())).rev().collect::<Vec<_>>(),
        },
    ))
}
