//! Inspection pages: the year's plan with its coverage meter and the units to choose from,
//! one inspection (checklist, record form, findings), one finding and its remedy, the
//! follow-up of recommendations, and the checklists. A unit's staff read only their own unit's
//! inspections and findings; province-wide readers read all; only the office changes them.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::inspection::followup::figures;
use cchc_app::inspection::plan::{planning, PlanFilter};
use cchc_app::tracking::today;
use cchc_domain::inspection::{Answer, RecommendationState, Severity};
use cchc_domain::tracking::{allowed_actions, ActionKind};
use cchc_domain::unit::UnitKind;
use cchc_storage::model_inspection::FindingFilter;
use cchc_storage::traits_inspection::FileOwner;
use cchc_storage::DynStore;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::AppResult;

/// Filters of the plan page.
#[derive(Debug, Default, Deserialize)]
pub struct PlanQuery {
    pub year: Option<i32>,
    pub group: Option<String>,
    pub not_since: Option<String>,
    pub min_overdue: Option<String>,
    /// The latest PAR class (xếp loại), as the filter's choice.
    pub par_class: Option<String>,
    /// "Chỉ số dưới …": a PAR index in percent (`80`, `75,5`).
    pub par_below: Option<String>,
}

/// GET `/inspections`: the year's inspections the reader may see; for the office, the coverage
/// of each group against its target and the units to plan.
pub async fn index(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<PlanQuery>,
) -> AppResult<Response> {
    render_index(&ctx, &auth, &store, q, Vec::new()).await
}

/// The plan page, with problems of a refused plan.
pub async fn render_index(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    q: PlanQuery,
    mut errors: Vec<String>,
) -> AppResult<Response> {
    let day = today();
    let year = q.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(day.year());
    let par_below = match q.par_below.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => match cchc_domain::par::Points::parse(text) {
            Ok(p) => Some(p),
            Err(e) => {
                errors.push(format!("Chỉ số CCHC dưới: {e}"));
                None
            }
        },
    };
    let inspections = store.inspections(Some(year), auth.scope()).await?;
    let filter = PlanFilter {
        group: q.group.as_deref().and_then(UnitKind::parse),
        not_since: q.not_since.as_deref().and_then(crate::form::parse_date),
        min_overdue: q.min_overdue.as_deref().and_then(|s| s.trim().parse().ok()),
        par_class: q.par_class.clone().filter(|c| !c.trim().is_empty()),
        par_below,
    };
    let plan = if auth.is_office() { Some(planning(store.as_ref(), year, &filter, day).await?) } else { None };
    let groups: Vec<Value> =
        UnitKind::ALL.iter().map(|k| context! { code => k.code(), label => k.label_vi() }).collect();
    let states: Vec<Value> = inspections.iter().map(|i| Value::from(i.state.label_vi())).collect();
    Ok(ctx.render(
        "inspections/index.html",
        context! { year, inspections, states, plan, groups, q => context! {
        group => q.group, not_since => q.not_since, min_overdue => q.min_overdue,
        par_class => q.par_class, par_below => q.par_below },
        errors, is_office => auth.is_office() },
    ))
}

/// GET `/inspections/{id}`: the inspection, its checklist and answers, findings and files; the
/// office records it here and closes it.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_show(&ctx, &auth, &store, id, Vec::new()).await
}

/// The inspection page, with the problems of a refused record.
pub async fn render_show(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    id: i64,
    errors: Vec<String>,
) -> AppResult<Response> {
    let vis = auth.scope();
    let i = store.inspection(id, vis).await?;
    let checklist = store.checklist(i.checklist_id).await?;
    let answers = store.answers(id, vis).await?;
    let findings = store.findings(&FindingFilter { inspection_id: Some(id), ..Default::default() }, vis).await?;
    let files = store.inspection_files(FileOwner::Inspection(id), vis).await?;
    let items: Vec<Value> = checklist
        .checklist
        .items
        .iter()
        .map(|it| {
            let a = answers.iter().find(|a| a.item_code == it.code);
            context! { item => it, answer => a.map(|a| a.answer.label_vi()), note => a.map(|a| a.note.clone()) }
        })
        .collect();
    let answer_kinds: Vec<Value> =
        Answer::ALL.iter().map(|a| context! { code => a.code(), label => a.label_vi() }).collect();
    Ok(ctx.render(
        "inspections/show.html",
        context! { i, state => i.state.label_vi(), checklist, items, answer_kinds, findings => finding_rows(&findings),
        files, severities => severities(), errors, is_office => auth.is_office() },
    ))
}

fn severities() -> Vec<Value> {
    Severity::ALL.iter().map(|s| context! { code => s.code(), label => s.label_vi() }).collect()
}

/// Findings with their labels for tables.
pub fn finding_rows(findings: &[cchc_storage::model_inspection::Finding]) -> Vec<Value> {
    let day = today();
    findings
        .iter()
        .map(|f| {
            let overdue = f.state == RecommendationState::Open && f.due.is_some_and(|d| d < day);
            context! { f, severity => f.severity.label_vi(), source => f.source.label_vi(),
            state => f.state.label_vi(), remedy => f.progress.state.label_vi(), overdue }
        })
        .collect()
}

/// The open remedies of the unit a task list shows (its staff's own unit, or the unit the
/// office chose), for the list's "Kiến nghị cần khắc phục" section: a remedy is a tracked
/// task of the inspected unit.
pub async fn unit_remedies(store: &DynStore, auth: &Auth, unit: Option<i64>) -> AppResult<Vec<Value>> {
    let Some(unit) = unit else { return Ok(Vec::new()) };
    let open = cchc_app::inspection::remedy::open_remedies(store.as_ref(), auth.scope(), Some(unit)).await?;
    Ok(finding_rows(&open))
}

/// The dashboard's inspection panel for province-wide readers: this year's plan and coverage
/// and the follow-up of this year's recommendations, linking to the pages behind them.
pub async fn panel(
    store: &DynStore,
    unit_scope: Option<i64>,
) -> AppResult<Option<cchc_app::inspection::summary::Summary>> {
    if unit_scope.is_some() {
        return Ok(None);
    }
    let day = today();
    let from = chrono::NaiveDate::from_ymd_opt(day.year(), 1, 1).unwrap_or(day);
    let to = chrono::NaiveDate::from_ymd_opt(day.year(), 12, 31).unwrap_or(day);
    Ok(Some(cchc_app::inspection::summary::summary(store.as_ref(), from, to, day).await?))
}

/// GET `/findings/{id}`: a finding and its remedy; the unit reports, the office reviews.
pub async fn finding(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_finding(&ctx, &auth, &store, id, Vec::new()).await
}

/// The finding page, with the problems of a refused action.
pub async fn render_finding(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    id: i64,
    errors: Vec<String>,
) -> AppResult<Response> {
    let vis = auth.scope();
    let f = store.finding(id, vis).await?;
    let files = store.inspection_files(FileOwner::Finding(id), vis).await?;
    let rel = cchc_app::inspection::remedy::relation(&auth.user, &f);
    let open = f.state == RecommendationState::Open;
    let actions: Vec<&str> =
        if open { allowed_actions(f.progress.state, rel).iter().map(|a| a.code()).collect() } else { Vec::new() };
    let can = |k: ActionKind| actions.contains(&k.code());
    // Who was reminded and told as the remedy fell overdue, named as colleagues know them.
    let history = cchc_app::notify::item_history(store.as_ref(), cchc_domain::tracking::ItemRef::remedy(id)).await?;
    let escalations: Vec<Value> = if history.is_empty() {
        Vec::new()
    } else {
        let names: std::collections::HashMap<String, String> =
            store.list_users().await?.into_iter().map(|u| (u.login, u.full_name)).collect();
        crate::pages::tasks::escalation_rows(history, &names)
    };
    Ok(ctx.render(
        "inspections/finding.html",
        context! { row => finding_rows(std::slice::from_ref(&f)).pop(), f, files, errors, escalations,
        can_progress => can(ActionKind::ReportProgress), can_done => can(ActionKind::ReportDone),
        can_review => can(ActionKind::Accept), can_waive => open && auth.is_office() },
    ))
}

/// Period of the follow-up page.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub from: Option<String>,
    pub to: Option<String>,
}

impl PeriodQuery {
    /// The period's days, either open.
    pub fn days(&self) -> (Option<chrono::NaiveDate>, Option<chrono::NaiveDate>) {
        let d = |s: &Option<String>| s.as_deref().and_then(crate::form::parse_date);
        (d(&self.from), d(&self.to))
    }
}

/// GET `/inspections/followup`: raised / resolved / outstanding per unit and in total, with the
/// reasons, and every recommendation; the office enters or imports outside ones here.
pub async fn followup(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    render_followup(&ctx, &auth, &store, q, Vec::new()).await
}

/// The follow-up page, with the problems of a refused entry or import.
pub async fn render_followup(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    q: PeriodQuery,
    errors: Vec<String>,
) -> AppResult<Response> {
    let (from, to) = q.days();
    let (figures, findings) = figures(store.as_ref(), auth.scope(), from, to, today()).await?;
    let header = cchc_app::inspection::outside::SHEET_HEADER.to_vec();
    Ok(ctx.render(
        "inspections/followup.html",
        context! { figures, findings => finding_rows(&findings), q => context! { from => q.from, to => q.to },
        header, severities => severities(), errors, is_office => auth.is_office() },
    ))
}

/// GET `/inspections/checklists`: every stored version; the office imports one here.
pub async fn checklists(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    render_checklists(&ctx, &auth, &store, Vec::new()).await
}

/// The checklists page, with the problems of a refused import.
pub async fn render_checklists(ctx: &Ctx, auth: &Auth, store: &DynStore, errors: Vec<String>) -> AppResult<Response> {
    let lists = store.checklists().await?;
    let groups: Vec<Value> =
        UnitKind::ALL.iter().map(|k| context! { code => k.code(), label => k.label_vi() }).collect();
    Ok(ctx.render("inspections/checklists.html", context! { lists, groups, errors, is_office => auth.is_office() }))
}
