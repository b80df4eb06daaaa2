//! Task actions: report progress, report done with evidence, contribute, accept, return;
//! record the event a task waits for.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::tracking::{act, config, today};
use cchc_domain::tracking::{due_date, ActionKind, EventOccurrence, TaskAction};
use cchc_domain::validation::FieldErrors;

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart_all, FormData};
use crate::pages::tasks::ReturnedForm;
use crate::state::AppState;
use crate::views_tasks::check_visible;

/// POST `/tasks/{id}/act` (multipart: the action's fields and evidence files). A refused
/// action comes back as the task page with the messages beside the form and what was typed
/// still in it (evidence files must be chosen again: browsers never prefill them).
pub async fn act_on(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let inst = state.store.get_instance(id).await?;
    let task = state.store.get_task(inst.task_id).await?;
    check_visible(&auth, &inst, &task.task.coordinating.unit_ids)?;
    let kind =
        ActionKind::parse(&f.get("action")).ok_or_else(|| AppError::BadRequest("thao tác không hợp lệ".into()))?;
    let version: i64 = f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))?;
    let mut errs = FieldErrors::default();
    let percent = match f.get("percent").as_str() {
        "" => None,
        p => match p.trim_end_matches('%').trim().parse::<u8>() {
            Ok(v) if v <= 100 => Some(v),
            _ => {
                errs.add("percent", "Tỷ lệ hoàn thành phải là số từ 0 đến 100.");
                None
            }
        },
    };
    let mut evidence = Vec::new();
    for up in uploads {
        match crate::evidence::accept(up, max) {
            Ok(e) => evidence.push(e),
            Err(AppError::BadRequest(m)) => errs.add("file", format!("{m}.")),
            Err(e) => return Err(e),
        }
    }
    if kind != ActionKind::ReportDone && !evidence.is_empty() {
        errs.add("file", "Chỉ đính kèm minh chứng khi báo cáo hoàn thành.");
    }
    if !errs.is_empty() {
        let messages = errs.0.into_iter().map(|e| e.message).collect();
        return returned(&ctx, &auth, &state, id, kind, messages, &f).await;
    }
    let action = match kind {
        ActionKind::ReportProgress => TaskAction::ReportProgress { note: f.get("note"), percent },
        ActionKind::ReportDone => TaskAction::ReportDone {
            outputs: f.get("outputs"),
            evidence: f.list("evidence_refs"),
            no_evidence_note: f.get("no_evidence_note"),
        },
        ActionKind::Contribute => TaskAction::Contribute { note: f.get("note") },
        ActionKind::Accept => TaskAction::Accept { note: f.get("note") },
        ActionKind::Return => TaskAction::Return { reason: f.get("reason") },
        ActionKind::SignOff => TaskAction::SignOff { note: f.get("note") },
        ActionKind::SendBack => TaskAction::SendBack { reason: f.get("reason") },
    };
    match act(state.store.as_ref(), (&auth.user, &auth.actor()), id, version, action, evidence, today()).await {
        Ok(after) => {
            let msg = format!("Đã ghi nhận: {} — trạng thái: {}.", kind.label_vi(), after.progress.state.label_vi());
            Ok(redirect_with_flash(&format!("/tasks/{id}"), &msg))
        }
        Err(ServiceError::Invalid(e)) => {
            let messages = e.0.into_iter().map(|e| e.message).collect();
            returned(&ctx, &auth, &state, id, kind, messages, &f).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The task page with the refused action form, its messages and the user's input.
async fn returned(
    ctx: &Ctx,
    auth: &crate::auth::Auth,
    state: &AppState,
    id: i64,
    kind: ActionKind,
    errors: Vec<String>,
    f: &FormData,
) -> AppResult<Response> {
    const KEPT: &[&str] = &["note", "percent", "outputs", "evidence_refs", "no_evidence_note", "reason"];
    let values = KEPT.iter().map(|k| (k.to_string(), f.get(k))).collect();
    let form = ReturnedForm { action: kind.code(), errors, values };
    crate::pages::tasks::page(ctx, auth, state, id, Some(form)).await
}

/// POST `/tasks/{id}/event`: the office records that the awaited event happened.
pub async fn record_event(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let occurred = f.date("occurred_on", &mut errs);
    let given_due = f.date("due", &mut errs);
    let Some(occurred_on) = occurred else {
        errs.add("occurred_on", "Cần nhập ngày xảy ra sự kiện (dd/mm/yyyy).");
        return Err(AppError::BadRequest(errs.sentence()));
    };
    if !errs.is_empty() {
        return Err(AppError::BadRequest(errs.sentence()));
    }
    let inst = state.store.get_instance(id).await?;
    let task = state.store.get_task(inst.task_id).await?;
    let cfg = config(state.store.as_ref()).await?;
    let occ = EventOccurrence { occurred_on, due: given_due };
    let computed = due_date(&task.task.deadline, Some(&occ), &cfg.timeliness);
    // A date the office gives stands; a computed one moves off a day off.
    let days = cchc_app::workdays::calendar(state.store.as_ref()).await?;
    let due = if given_due.is_some() { computed } else { computed.map(|d| days.settle(d)) };
    state.store.record_event_occurrence(&auth.actor(), id, occurred_on, due).await?;
    let msg = match due {
        Some(d) => format!("Đã ghi nhận sự kiện; hạn hoàn thành: {}.", d.format("%d/%m/%Y")),
        None => "Đã ghi nhận sự kiện.".to_string(),
    };
    Ok(redirect_with_flash(&format!("/tasks/{id}"), &msg))
}
