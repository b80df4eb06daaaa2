//! Initiative pages: the list the reader may see (a unit's own, drafts included; the
//! province every initiative once sent), the proposal form, one initiative with what the
//! reader may do to it (edit and submit; send to evaluation or return; assign, score, decide;
//! declare it applied), the recognised initiatives with their results and adopters, the
//! annual counts per unit, and the evaluation criteria.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::initiative::counts::{counts as count_rows, recognised_list};
use cchc_app::initiative::evaluate::tally;
use cchc_app::tracking::today;
use cchc_domain::initiative::{CriteriaStatus, EvaluationCriteria, InitiativeState};
use cchc_domain::role::Role;
use cchc_storage::model_initiative::{InitiativeFilter, InitiativeText, StoredCriteria, UnitCounts};
use cchc_storage::DynStore;
use chrono::Datelike;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::auth::policy::{AnyUser, OfficeOnly, ProvinceReaders, UnitFocals};
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::AppResult;

/// The year a list shows.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

impl YearQuery {
    /// The asked year when sensible, otherwise this year.
    pub fn year(&self) -> i32 {
        self.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(today().year())
    }
}

fn state_label(s: InitiativeState) -> &'static str {
    s.label_vi()
}

/// Whether the list shows `i` to the reader: a unit's staff their own unit's (the recognised
/// ones of other units have their own page), province-wide readers every one they may read.
pub fn listed(auth: &Auth, i: &cchc_storage::model_initiative::Initiative) -> bool {
    !auth.user.role.requires_unit() || Some(i.unit_id) == auth.scope().own_unit()
}

/// GET `/initiatives`: the initiatives the reader may see.
pub async fn index(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    let list = store.initiatives(&InitiativeFilter::default(), auth.scope()).await?;
    let own = auth.scope().own_unit();
    let rows: Vec<Value> =
        list.iter().filter(|i| listed(&auth, i)).map(|i| context! { i, state => state_label(i.state) }).collect();
    // A unit sees its own figures of the year, as the office's counts table has them.
    let year = today().year();
    let own_counts = match own.filter(|_| auth.user.role.requires_unit()) {
        Some(unit) => Some(
            store
                .initiative_counts(year)
                .await?
                .into_iter()
                .find(|c| c.unit_id == unit)
                .unwrap_or(UnitCounts { unit_id: unit, ..Default::default() }),
        ),
        None => None,
    };
    Ok(ctx.render(
        "initiatives/index.html",
        context! { rows, own_counts, year, can_propose => auth.user.role == Role::UnitFocal,
        province_reader => !auth.user.role.requires_unit() },
    ))
}

/// GET `/initiatives/new`: the proposal form of a unit's focal point.
pub async fn new(ctx: Ctx, _: Require<UnitFocals>) -> AppResult<Response> {
    Ok(render_new(&ctx, &InitiativeText::default(), Vec::new()))
}

/// The proposal form with what was typed and the problems.
pub fn render_new(ctx: &Ctx, text: &InitiativeText, errors: Vec<String>) -> Response {
    ctx.render("initiatives/new.html", context! { text, errors })
}

/// GET `/initiatives/{id}`: one initiative and what the reader may do.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_show(&ctx, &auth, &store, id, Vec::new()).await
}

/// The initiative page, with the problems of a refused post.
pub async fn render_show(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    id: i64,
    errors: Vec<String>,
) -> AppResult<Response> {
    let vis = auth.scope();
    let i = store.initiative(id, vis).await?;
    let files = store.initiative_files(id, vis).await?;
    let adoptions = store.initiative_adoptions(id).await?;
    let evaluators = store.initiative_evaluators(id).await?;
    let role = auth.user.role;
    let own = auth.user.unit_id == Some(i.unit_id) && role.requires_unit();
    let criteria = match i.criteria_id {
        Some(c) => Some(store.initiative_criteria_by_id(c).await?),
        None => None,
    };
    let (scores, tally_v) = if role.requires_unit() {
        (Vec::new(), None)
    } else {
        let s = store.initiative_scores(id).await?;
        let t = criteria.as_ref().map(|c| tally(&c.criteria, &s));
        (s, t)
    };
    let evaluating = i.state == InitiativeState::UnderEvaluation;
    let may_score = evaluating
        && (auth.is_office() || (role == Role::Appraiser && evaluators.iter().any(|(u, _)| *u == auth.user.id)));
    let appraisers: Vec<Value> = if auth.is_office() && evaluating {
        store
            .list_users()
            .await?
            .into_iter()
            .filter(|u| u.active && matches!(u.role, Role::Appraiser | Role::Office))
            .map(|u| context! { id => u.id, name => u.full_name })
            .collect()
    } else {
        Vec::new()
    };
    let mine: Vec<(String, u32)> =
        scores.iter().filter(|s| s.user_id == auth.user.id).map(|s| (s.criterion_code.clone(), s.points)).collect();
    let adopted_here = adoptions.iter().any(|a| Some(a.unit_id) == auth.user.unit_id);
    let may_adopt = i.state.level().is_some() && role.requires_unit() && !own && !adopted_here;
    Ok(ctx.render(
        "initiatives/show.html",
        context! { i, state => state_label(i.state), files, adoptions, evaluators, criteria, scores,
        tally => tally_v, mine, errors, may_edit => own && role == Role::UnitFocal && i.state.is_editable(),
        is_office => auth.is_office(), submitted => i.state == InitiativeState::Submitted, evaluating,
        may_score, appraisers, may_adopt },
    ))
}

/// GET `/initiatives/recognised`: recognised initiatives, their results and adopters.
pub async fn recognised(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year.filter(|y| (2000..=2100).contains(y));
    let list = recognised_list(store.as_ref(), year, auth.scope()).await?;
    let rows: Vec<Value> = list
        .iter()
        .map(|(i, a)| {
            let level = i.state.level().map(|l| l.label_vi());
            context! { i, level, adopters => a }
        })
        .collect();
    Ok(ctx.render("initiatives/recognised.html", context! { rows, year }))
}

/// GET `/initiatives/counts`: the year's counts per unit.
pub async fn counts(
    ctx: Ctx,
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year();
    let (rows, total) = count_rows(store.as_ref(), year).await?;
    Ok(ctx.render("initiatives/counts.html", context! { rows, total, year }))
}

/// GET `/initiatives/criteria`: every version of the evaluation criteria.
pub async fn criteria(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    let lists = store.initiative_criteria().await?;
    let rows: Vec<Value> = lists
        .iter()
        .map(|s| {
            let template = s.criteria.status == CriteriaStatus::Template;
            context! { s, template }
        })
        .collect();
    Ok(ctx.render("initiatives/criteria.html", context! { rows, can_edit => auth.is_office() }))
}

/// The criteria form as typed: the list's fields and its rows (code, name, maximum).
#[derive(Debug, Default, Serialize)]
pub struct CriteriaDraft {
    pub name: String,
    pub effective_from: String,
    pub confirmed: bool,
    pub province_min: String,
    pub unit_min: String,
    pub rows: Vec<[String; 3]>,
}

/// Blank rows offered below the criteria, to add some.
const BLANK_ROWS: usize = 3;

impl CriteriaDraft {
    /// The stored list as the form shows it, with blank rows to add criteria.
    pub fn of(c: &EvaluationCriteria) -> CriteriaDraft {
        let mut rows: Vec<[String; 3]> =
            c.criteria.iter().map(|x| [x.code.clone(), x.name.clone(), x.max.to_string()]).collect();
        rows.extend(std::iter::repeat_with(Default::default).take(BLANK_ROWS));
        CriteriaDraft {
            name: c.name.clone(),
            effective_from: c.effective_from.format("%d/%m/%Y").to_string(),
            confirmed: c.status == CriteriaStatus::Confirmed,
            province_min: c.rule.province_min_percent.to_string(),
            unit_min: c.rule.unit_min_percent.to_string(),
            rows,
        }
    }
}

/// GET `/initiatives/criteria/{id}/edit`: the office's form to change a criteria list; what
/// it saves becomes the next version.
pub async fn edit_criteria(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = store.initiative_criteria_by_id(id).await?;
    Ok(render_criteria_form(&ctx, &s, &CriteriaDraft::of(&s.criteria), Vec::new()))
}

/// The criteria form with what was typed and the problems.
pub fn render_criteria_form(ctx: &Ctx, s: &StoredCriteria, draft: &CriteriaDraft, errors: Vec<String>) -> Response {
    let template = s.criteria.status == CriteriaStatus::Template;
    ctx.render("initiatives/criteria_edit.html", context! { s, draft, errors, template })
}
