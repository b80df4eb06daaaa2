//! Plan form posts: upload, correct, confirm, discard.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::plans::{draft_from_upload, edit_task, resolver, store_plan, DraftError, Stored, TaskEdit};
use minijinja::context;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, FormData};
use crate::pages::plans::{owned_draft, task_form};
use crate::state::AppState;

/// POST `/plans/import`: parse the upload and keep it as a draft for review.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let limit = state.config.limits.max_upload_bytes;
    let (_, upload) = read_multipart(mp, limit).await?;
    let Some(up) = upload else {
        return Ok(again(&ctx, "Cần chọn một tệp văn bản, DOCX hoặc XLSX."));
    };
    let name = up.file_name.clone();
    let id = match draft_from_upload(state.store.as_ref(), &auth.actor(), auth.user.id, &name, up.bytes, limit).await {
        Ok(id) => id,
        Err(DraftError::Unreadable { file, message }) => {
            return Ok(again(&ctx, &format!("Không đọc được tệp «{file}»: {message}")))
        }
        Err(DraftError::Service(e)) => return Err(e.into()),
    };
    Ok(redirect_with_flash(&format!("/plans/drafts/{id}"), "Đã đọc tệp. Vui lòng kiểm tra trước khi lưu."))
}

fn again(ctx: &Ctx, error: &str) -> Response {
    let mut r = ctx.render("plans/import.html", context! { error });
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

/// POST `/plans/drafts/{id}/tasks/{index}`: save a corrected task in the draft.
pub async fn edit(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path((id, index)): Path<(i64, usize)>,
    f: FormData,
) -> AppResult<Response> {
    let mut draft = owned_draft(&state.store, &auth, id).await?;
    let resolver = resolver(state.store.as_ref()).await?;
    let edit = TaskEdit {
        title: f.get("title"),
        lead: f.get("lead"),
        coordinating: f.get("coordinating"),
        deadline: f.get("deadline"),
        budget: f.get("budget"),
    };
    match edit_task(&mut draft.content, index, &edit, &resolver) {
        Ok(()) => {}
        Err(ServiceError::Invalid(errs)) => {
            let task = draft.content.tasks.get(index).ok_or(AppError::NotFound("nhiệm vụ"))?;
            return Ok(task_form(&ctx, id, index, task, f.values(), errs));
        }
        Err(e) => return Err(e.into()),
    }
    let json = serde_json::to_string(&draft).map_err(|e| AppError::Internal(e.to_string()))?;
    state.store.update_draft(&auth.actor(), id, &json).await?;
    let code = draft.content.tasks.get(index).map(|t| t.code.clone()).unwrap_or_default();
    Ok(redirect_with_flash(&format!("/plans/drafts/{id}#task-{index}"), &format!("Đã sửa nhiệm vụ {code}.")))
}

/// POST `/plans/drafts/{id}/confirm`: store the document (or its revision) and drop the draft.
pub async fn confirm(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let draft = owned_draft(&state.store, &auth, id).await?;
    let outcome = store_plan(state.store.as_ref(), &auth.actor(), &draft.content).await?;
    state.store.delete_draft(&auth.actor(), id).await?;
    let (doc, msg) = match outcome {
        Stored::Created { document } => {
            let m = format!(
                "Đã lưu {}: {} nhiệm vụ, {} chỉ tiêu.",
                document.meta.label(),
                document.task_count,
                document.target_count
            );
            (document, m)
        }
        Stored::Revised { document, replaced } => {
            let m = format!(
                "Đã cập nhật {} lên phiên bản {} (thay phiên bản {}).",
                document.meta.label(),
                document.version,
                replaced.version
            );
            (document, m)
        }
        Stored::Unchanged { document } => {
            let m = format!("{} đã có trong hệ thống; không có thay đổi.", document.meta.label());
            (document, m)
        }
    };
    Ok(redirect_with_flash(&format!("/plans/{}", doc.id), &msg))
}

/// POST `/plans/drafts/{id}/discard`.
pub async fn discard(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    owned_draft(&state.store, &auth, id).await?;
    state.store.delete_draft(&auth.actor(), id).await?;
    Ok(redirect_with_flash("/plans", "Đã hủy bản nhập."))
}

/// POST `/plans/{id}/targets/{code}/indicator`: the index-766 indicator that measures a
/// target of the document (field `indicator`; blank removes the link).
pub async fn target_indicator(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path((id, code)): Path<(i64, String)>,
    f: FormData,
) -> AppResult<Response> {
    let indicator = f.get("indicator");
    cchc_app::attainment::measured::link(state.store.as_ref(), &auth.actor(), id, &code, &indicator).await?;
    let msg = if indicator.trim().is_empty() {
        format!("Đã bỏ liên kết chỉ tiêu {code} với Chỉ số 766.")
    } else {
        format!("Chỉ tiêu {code} được đo bằng chỉ số {} của Chỉ số 766.", indicator.trim())
    };
    Ok(redirect_with_flash(&format!("/plans/{id}#target-{code}"), &msg))
}
