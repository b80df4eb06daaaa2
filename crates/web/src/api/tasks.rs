//! Tasks through the API: the list with the task page's filters (same store filter, scoped
//! the same way), one task with its history, and the actions of the task page — progress,
//! done with evidence, accept, return — each naming the version it saw (`If-Match` or the
//! body's `version`), so two clients cannot overwrite each other.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use base64::Engine;
use cchc_app::tracking::{act, config, relation, today};
use cchc_domain::tracking::{allowed_actions, ActionKind, TaskAction};
use chrono::{DateTime, NaiveDate, Utc};

use super::auth::{Api, TasksRead, TasksWrite};
use super::json::ApiJson;
use super::page::{by_position, Page, PageQuery};
use super::problem::{ApiResult, FieldProblem, Problem};
use super::version::{seen, Seen};
use crate::auth::policy::AnyUser;
use crate::auth::Auth;
use crate::i18n::Lang;
use crate::pages::tasks::TaskQuery;
use crate::state::AppState;
use crate::views_tasks::{check_visible, InstanceView, Shaper};

crate::api_type! {
    /// A task instance as the task list shows it.
    out TaskOut {
        id: i64, task_id: i64, document_id: i64, code: String, title: String, area: Option<String>,
        label: String, due: Option<NaiveDate>, lead_unit_id: Option<i64>, lead_unit: String,
        lead_external: bool,
        state: String, status: String, percent: Option<u8>, return_reason: Option<String>, version: i64,
    }
}

crate::api_type! {
    /// One entry of a task's history.
    out TaskEventOut { id: i64, at: DateTime<Utc>, unit_id: Option<i64>, action: String, note: String, percent: Option<u8>, outputs: String }
}

crate::api_type! {
    /// A task with its history and what the caller may do next.
    out TaskDetail { task: TaskOut, events: Vec<TaskEventOut>, actions: Vec<String> }
}

crate::api_type! {
    /// A progress report.
    in ProgressIn { version: Option<i64>, note: String, percent: Option<u8> }
}

crate::api_type! {
    /// An evidence file, its content in base64.
    in EvidenceIn { file_name: String, content_base64: String }
}

crate::api_type! {
    /// A done report, with evidence files or a note saying why there are none.
    in DoneIn { version: Option<i64>, outputs: String, evidence: Option<Vec<EvidenceIn>>, no_evidence_note: Option<String> }
}

crate::api_type! {
    /// The office accepts a done report.
    in AcceptIn { version: Option<i64>, note: Option<String> }
}

crate::api_type! {
    /// The office returns a task, with the reason.
    in ReturnIn { version: Option<i64>, reason: String }
}

fn out(v: InstanceView) -> TaskOut {
    TaskOut {
        id: v.id,
        task_id: v.task_id,
        document_id: v.document_id,
        code: v.code,
        title: v.title,
        area: v.area,
        label: v.label,
        due: v.due,
        lead_unit_id: v.lead_unit_id,
        lead_unit: v.lead_unit,
        lead_external: v.lead_external,
        state: v.state.to_string(),
        status: v.status.to_string(),
        percent: v.percent,
        return_reason: v.return_reason,
        version: v.version,
    }
}

/// GET `/api/v1/tasks`: `q` (diacritics ignored), `state`, `overdue`, `unit`, `document`,
/// `area` as on the task page; unit staff get their own unit's by construction.
pub async fn list(
    auth: Api<AnyUser, TasksRead>,
    State(state): State<AppState>,
    Query(q): Query<TaskQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<TaskOut>>> {
    let store = &state.store;
    let cfg = config(store.as_ref()).await?;
    let units = store.all_units().await?;
    let shaper = Shaper::new(&units, &cfg, today(), Lang::Vi);
    let filter = q.filter(&auth, &cfg);
    let page = by_position(&page, |offset, limit| async move {
        let f = cchc_storage::model::InstanceFilter { offset: Some(offset), limit: Some(limit), ..filter };
        Ok(store.list_instances(&f).await?)
    })
    .await?;
    Ok(Json(Page { items: page.items.iter().map(|r| out(shaper.view(r))).collect(), next_cursor: page.next_cursor }))
}

/// GET `/api/v1/tasks/{id}`.
pub async fn show(
    auth: Api<AnyUser, TasksRead>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<TaskDetail>> {
    Ok(Json(detail(&state, &auth, id).await?))
}

async fn detail(state: &AppState, auth: &Auth, id: i64) -> ApiResult<TaskDetail> {
    let store = &state.store;
    let inst = store.get_instance(id).await?;
    let task = store.get_task(inst.task_id).await?;
    check_visible(auth, &inst, &task.task.coordinating.unit_ids)?;
    let cfg = config(store.as_ref()).await?;
    let units = store.all_units().await?;
    let shaper = Shaper::new(&units, &cfg, today(), Lang::Vi);
    let events = store.instance_events(id).await?;
    let rel = relation(&auth.user, &inst, &task.task.coordinating.unit_ids);
    let actions = allowed_actions(inst.progress.state, rel).into_iter().map(|a| a.code().to_string()).collect();
    let events = events
        .into_iter()
        .map(|e| TaskEventOut {
            id: e.id,
            at: e.at,
            unit_id: e.unit_id,
            action: e.action,
            note: e.note,
            percent: e.percent.and_then(|p| u8::try_from(p).ok()),
            outputs: e.outputs,
        })
        .collect();
    Ok(TaskDetail { task: out(shaper.view(&inst)), events, actions })
}

pub const VERSION_REQUIRED: &str =
    "Cần cho biết phiên bản đã đọc của nhiệm vụ (tiêu đề If-Match hoặc trường version) để không ghi đè thay đổi của người khác.";
pub const VERSION_STALE: &str =
    "Nhiệm vụ đã được người khác cập nhật sau khi bạn đọc; hãy đọc lại rồi gửi lại thao tác.";

/// The version the client saw (required on every task action).
fn expected_version(headers: &HeaderMap, body: Option<i64>) -> ApiResult<Seen> {
    seen(headers, body, VERSION_REQUIRED)?
        .ok_or_else(|| Problem::new(StatusCode::PRECONDITION_REQUIRED, VERSION_REQUIRED))
}

/// Runs an action through the task page's app function and answers the task as it is now.
async fn run(
    state: &AppState,
    auth: &Auth,
    id: i64,
    headers: &HeaderMap,
    body_version: Option<i64>,
    action: TaskAction,
    evidence: Vec<cchc_storage::model::NewEvidence>,
) -> ApiResult<Json<TaskDetail>> {
    let seen = expected_version(headers, body_version)?;
    let version = seen.version;
    let inst = state.store.get_instance(id).await?;
    let task = state.store.get_task(inst.task_id).await?;
    check_visible(auth, &inst, &task.task.coordinating.unit_ids)?;
    if inst.version != version {
        return Err(seen.stale(VERSION_STALE));
    }
    refuse_unallowed(auth, &inst, &task.task.coordinating.unit_ids, action.kind())?;
    match act(state.store.as_ref(), (&auth.user, &auth.actor()), id, version, action, evidence, today()).await {
        Ok(_) => Ok(Json(detail(state, auth, id).await?)),
        Err(cchc_app::accounts::ServiceError::Store(cchc_storage::StoreError::Conflict(_))) => {
            Err(seen.stale(VERSION_STALE))
        }
        Err(cchc_app::accounts::ServiceError::Invalid(e)) if e.0.iter().any(|f| f.field == "_form") => Err(
            Problem::new(StatusCode::CONFLICT, e.0.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" ")),
        ),
        Err(e) => Err(e.into()),
    }
}

/// An action the caller may never take on this task is 403; one its state does not allow
/// now (already accepted, awaiting review…) is 409, said by the lifecycle rules in `act`.
fn refuse_unallowed(
    auth: &Auth,
    inst: &cchc_storage::model::InstanceRecord,
    coordinating: &[i64],
    kind: ActionKind,
) -> ApiResult<()> {
    let rel = relation(&auth.user, inst, coordinating);
    let ever = cchc_domain::tracking::TaskState::ALL.into_iter().any(|s| allowed_actions(s, rel).contains(&kind));
    if ever {
        Ok(())
    } else {
        Err(Problem::new(StatusCode::FORBIDDEN, NOT_YOURS))
    }
}

pub const NOT_YOURS: &str = "Vai trò hoặc đơn vị của bạn không được thực hiện thao tác này với nhiệm vụ này.";

/// POST `/api/v1/tasks/{id}/progress`.
pub async fn progress(
    auth: Api<AnyUser, TasksWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ProgressIn>,
) -> ApiResult<Json<TaskDetail>> {
    if b.percent.is_some_and(|p| p > 100) {
        return Err(Problem::invalid(vec![FieldProblem {
            pointer: "/percent".into(),
            detail: "Tỷ lệ hoàn thành phải là số từ 0 đến 100.".into(),
        }]));
    }
    let action = TaskAction::ReportProgress { note: b.note, percent: b.percent };
    run(&state, &auth, id, &headers, b.version, action, Vec::new()).await
}

/// POST `/api/v1/tasks/{id}/done`: evidence files are checked as uploads on the task page are.
pub async fn done(
    auth: Api<AnyUser, TasksWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<DoneIn>,
) -> ApiResult<Json<TaskDetail>> {
    let max = state.config.limits.max_upload_bytes;
    let mut errors = Vec::new();
    let mut evidence = Vec::new();
    for (i, f) in b.evidence.unwrap_or_default().into_iter().enumerate() {
        let pointer = format!("/evidence/{i}");
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(f.content_base64.as_bytes()) else {
            errors.push(FieldProblem {
                pointer: format!("{pointer}/content_base64"),
                detail: "Nội dung tệp không phải base64.".into(),
            });
            continue;
        };
        match crate::evidence::accept(crate::form::Upload { file_name: f.file_name, bytes }, max) {
            Ok(e) => evidence.push(e),
            Err(crate::error::AppError::BadRequest(m)) => {
                errors.push(FieldProblem { pointer, detail: format!("{m}.") })
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let action = TaskAction::ReportDone {
        outputs: b.outputs,
        evidence: Vec::new(),
        no_evidence_note: b.no_evidence_note.unwrap_or_default(),
    };
    run(&state, &auth, id, &headers, b.version, action, evidence).await
}

/// POST `/api/v1/tasks/{id}/accept`.
pub async fn accept(
    auth: Api<AnyUser, TasksWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<AcceptIn>,
) -> ApiResult<Json<TaskDetail>> {
    let action = TaskAction::Accept { note: b.note.unwrap_or_default() };
    run(&state, &auth, id, &headers, b.version, action, Vec::new()).await
}

/// POST `/api/v1/tasks/{id}/return`.
pub async fn return_task(
    auth: Api<AnyUser, TasksWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ReturnIn>,
) -> ApiResult<Json<TaskDetail>> {
    run(&state, &auth, id, &headers, b.version, TaskAction::Return { reason: b.reason }, Vec::new()).await
}
