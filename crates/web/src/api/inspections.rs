//! Inspections, their findings (recommendations and remedies) and reform initiatives through
//! the API (read). Each list is what the matching page shows the reader: the same storage
//! reads with the reader's [`Visibility`](cchc_domain::visibility::Visibility) (a unit's staff
//! get their own unit's; province-wide readers every one), and for initiatives the page's
//! own rule ([`crate::pages::initiatives::listed`]).

use axum::extract::{Path, Query, State};
use axum::Json;
use cchc_storage::model_initiative::{Initiative, InitiativeFilter};
use cchc_storage::model_inspection::{Finding, FindingFilter, Inspection};
use cchc_storage::DynStore;
use chrono::NaiveDate;
use serde::Deserialize;

use super::auth::{Api, InspectionsRead};
use super::page::{by_key, Page, PageQuery};
use super::problem::{ApiResult, FieldProblem, Problem};
use crate::auth::policy::AnyUser;

crate::api_type! {
    /// An inspection of a unit on the year's plan (`state`: planned, recorded, closed).
    out InspectionOut {
        id: i64, year: i64, unit_id: i64, unit_name: String, team: String, leader: String,
        date_from: NaiveDate, date_to: NaiveDate, state: String, conclusion: String,
        recorded_on: Option<NaiveDate>, closed_on: Option<NaiveDate>, version: i64,
    }
}

crate::api_type! {
    /// A finding and its recommendation (`source`: inspection, outside_inspection, audit;
    /// `state`: open, resolved, waived; `remedy`: the remedy's progress by the task lifecycle).
    out FindingOut {
        id: i64, inspection_id: Option<i64>, unit_id: i64, unit_name: String, source: String,
        source_ref: String, severity: String, area: String, text: String, recommendation: String,
        due: Option<NaiveDate>, overdue: bool, evidence_required: bool, raised_on: NaiveDate, state: String,
        waive_reason: Option<String>, remedy: String, percent: Option<i64>, last_note: String, version: i64,
    }
}

crate::api_type! {
    /// One inspection with its findings.
    out InspectionDetail { inspection: InspectionOut, findings: Vec<FindingOut> }
}

crate::api_type! {
    /// A reform initiative (`state`: draft, submitted, returned, evaluating,
    /// recognised_province, recognised_unit, not_recognised).
    out InitiativeOut {
        id: i64, unit_id: i64, unit_name: String, year: i64, title: String, problem: String,
        solution: String, scope: String, benefit: String, state: String, results: String,
        decision_reason: Option<String>, submitted_on: Option<NaiveDate>, decided_on: Option<NaiveDate>,
        version: i64,
    }
}

/// `?year=`.
#[derive(Debug, Default, Deserialize)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// `?unit=&from=&to=` (raised between, dd/mm/yyyy or yyyy-mm-dd).
#[derive(Debug, Default, Deserialize)]
pub struct FindingQuery {
    pub unit: Option<i64>,
    pub from: Option<String>,
    pub to: Option<String>,
}

fn inspection_out(i: &Inspection) -> InspectionOut {
    InspectionOut {
        id: i.id,
        year: i64::from(i.year),
        unit_id: i.unit_id,
        unit_name: i.unit_name.clone(),
        team: i.team.clone(),
        leader: i.leader.clone(),
        date_from: i.date_from,
        date_to: i.date_to,
        state: i.state.code().to_string(),
        conclusion: i.conclusion.clone(),
        recorded_on: i.recorded_on,
        closed_on: i.closed_on,
        version: i.version,
    }
}

fn finding_out(f: &Finding, today: NaiveDate) -> FindingOut {
    let open = f.state == cchc_domain::inspection::RecommendationState::Open;
    FindingOut {
        id: f.id,
        inspection_id: f.inspection_id,
        unit_id: f.unit_id,
        unit_name: f.unit_name.clone(),
        source: f.source.code().to_string(),
        source_ref: f.source_ref.clone(),
        severity: f.severity.code().to_string(),
        area: f.area.clone(),
        text: f.text.clone(),
        recommendation: f.recommendation.clone(),
        due: f.due,
        overdue: open && f.due.is_some_and(|d| d < today),
        evidence_required: f.evidence_required,
        raised_on: f.raised_on,
        state: f.state.code().to_string(),
        waive_reason: f.waive_reason.clone(),
        remedy: f.progress.state.code().to_string(),
        percent: f.progress.percent.map(i64::from),
        last_note: f.last_note.clone(),
        version: f.version,
    }
}

fn initiative_out(i: &Initiative) -> InitiativeOut {
    InitiativeOut {
        id: i.id,
        unit_id: i.unit_id,
        unit_name: i.unit_name.clone(),
        year: i64::from(i.year),
        title: i.text.title.clone(),
        problem: i.text.problem.clone(),
        solution: i.text.solution.clone(),
        scope: i.text.scope.clone(),
        benefit: i.text.benefit.clone(),
        state: i.state.code().to_string(),
        results: i.results.clone(),
        decision_reason: i.decision_reason.clone(),
        submitted_on: i.submitted_on,
        decided_on: i.decided_on,
        version: i.version,
    }
}

fn bad_date(pointer: &str) -> Problem {
    Problem::invalid(vec![FieldProblem {
        pointer: pointer.into(),
        detail: "Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy hoặc yyyy-mm-dd.".into(),
    }])
}

fn day(value: &Option<String>, pointer: &str) -> Result<Option<NaiveDate>, Problem> {
    match value.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => crate::form::parse_date(s).map(Some).ok_or_else(|| bad_date(pointer)),
    }
}

/// GET `/api/v1/inspections`: the inspections of a year (all years without `year`).
pub async fn list(
    auth: Api<AnyUser, InspectionsRead>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<InspectionOut>>> {
    let mut items: Vec<InspectionOut> =
        store.inspections(q.year, auth.scope()).await?.iter().map(inspection_out).collect();
    items.sort_by_key(|i| i.id);
    Ok(Json(by_key(items, &page, |i| i.id)?))
}

/// GET `/api/v1/inspections/{id}`: one inspection and its findings.
pub async fn show(
    auth: Api<AnyUser, InspectionsRead>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> ApiResult<Json<InspectionDetail>> {
    let vis = auth.scope();
    let i = store.inspection(id, vis).await?;
    let filter = FindingFilter { inspection_id: Some(id), ..Default::default() };
    let today = cchc_app::tracking::today();
    let findings = store.findings(&filter, vis).await?.iter().map(|f| finding_out(f, today)).collect();
    Ok(Json(InspectionDetail { inspection: inspection_out(&i), findings }))
}

/// GET `/api/v1/findings`: findings and their remedies, from every source, as the follow-up
/// page lists them.
pub async fn findings(
    auth: Api<AnyUser, InspectionsRead>,
    State(store): State<DynStore>,
    Query(q): Query<FindingQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<FindingOut>>> {
    let filter = FindingFilter {
        unit_id: q.unit,
        raised_from: day(&q.from, "/from")?,
        raised_to: day(&q.to, "/to")?,
        ..Default::default()
    };
    let today = cchc_app::tracking::today();
    let mut items: Vec<FindingOut> =
        store.findings(&filter, auth.scope()).await?.iter().map(|f| finding_out(f, today)).collect();
    items.sort_by_key(|f| f.id);
    Ok(Json(by_key(items, &page, |f| f.id)?))
}

/// GET `/api/v1/initiatives`: the initiatives the reader's list page shows.
pub async fn initiatives(
    auth: Api<AnyUser, InspectionsRead>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<InitiativeOut>>> {
    let filter = InitiativeFilter { year: q.year, ..Default::default() };
    let all = store.initiatives(&filter, auth.scope()).await?;
    let mut items: Vec<InitiativeOut> =
        all.iter().filter(|i| crate::pages::initiatives::listed(&auth, i)).map(initiative_out).collect();
    items.sort_by_key(|i| i.id);
    Ok(Json(by_key(items, &page, |i| i.id)?))
}
