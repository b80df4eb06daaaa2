//! Unit-plan form posts: import (a file or a pasted task table), confirm with the chosen
//! links, discard, and edit one task's links afterwards. Unit staff act for their own unit only.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::plans::{DraftError, Stored};
use cchc_app::tracking::today;
use cchc_app::unit_plans::{confirm as confirm_plan, coverage, draft_from_upload};
use cchc_domain::plan::TaskId;
use chrono::Datelike;
use minijinja::context;

use crate::auth::policy::UnitStaff;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, FormData};
use crate::pages::unit_plans::unit_draft;
use crate::state::AppState;

/// The most characters a pasted task table may have.
const MAX_TEXT: usize = 200_000;

/// POST `/unit-plans/import`: read the unit's plan (a DOCX, XLSX or TXT file, or a task table
/// pasted from Word or Excel) into a draft for review.
pub async fn import(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let unit = auth.scope().own_unit().ok_or(AppError::Forbidden)?;
    let limit = state.config.limits.max_upload_bytes;
    let (fields, upload) = read_multipart(mp, limit).await?;
    let text = fields.get("text");
    let (name, bytes) = match upload {
        Some(up) => (up.file_name, up.bytes),
        None if text.trim().is_empty() => {
            return Ok(again(&ctx, "Cần chọn tệp kế hoạch (DOCX, XLSX, TXT) hoặc dán bảng nhiệm vụ.", &text))
        }
        None if text.chars().count() > MAX_TEXT => {
            return Ok(again(&ctx, &format!("Nội dung dán vào dài quá {MAX_TEXT} ký tự; hãy tải tệp lên."), &text))
        }
        None => ("ke-hoach-nhap-tay.txt".to_string(), text.clone().into_bytes()),
    };
    let id =
        match draft_from_upload(state.store.as_ref(), &auth.actor(), auth.user.id, unit, &name, bytes, limit, today())
            .await
        {
            Ok(id) => id,
            Err(DraftError::Unreadable { file, message }) => {
                return Ok(again(&ctx, &format!("Không đọc được «{file}»: {message}"), &text))
            }
            Err(DraftError::Service(e)) => return Err(e.into()),
        };
    Ok(redirect_with_flash(
        &format!("/unit-plans/drafts/{id}"),
        "Đã đọc kế hoạch. Kiểm tra nhiệm vụ và liên kết với nhiệm vụ của tỉnh trước khi lưu.",
    ))
}

fn again(ctx: &Ctx, error: &str, text: &str) -> Response {
    let mut r = ctx.render("unit_plans/import.html", context! { error, text });
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    r
}

/// The province task ids ticked in field `name` (ids that do not parse are refused).
fn ticked(f: &FormData, name: &str) -> AppResult<Vec<TaskId>> {
    f.all(name)
        .iter()
        .map(|v| v.trim().parse::<TaskId>().map_err(|_| AppError::BadRequest("liên kết nhiệm vụ không hợp lệ".into())))
        .collect()
}

/// POST `/unit-plans/drafts/{id}/confirm`: store the plan with the links ticked per task
/// (`link_<i>`), submit the unit's plan report, drop the draft.
pub async fn confirm(
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (unit, mut draft) = unit_draft(&state.store, &auth, id).await?;
    draft.links = (0..draft.content.tasks.len()).map(|i| ticked(&f, &format!("link_{i}"))).collect::<AppResult<_>>()?;
    let outcome = confirm_plan(state.store.as_ref(), &auth.actor(), auth.user.role, unit, &draft, today()).await?;
    state.store.delete_draft(&auth.actor(), id).await?;
    let year = cchc_app::unit_plans::plan_year(&draft.content, today());
    let msg = match &outcome {
        Stored::Created { document } => {
            format!("Đã lưu {} ({} nhiệm vụ) và gửi kế hoạch năm {year}.", document.meta.label(), document.task_count)
        }
        Stored::Revised { document, replaced } => format!(
            "Đã cập nhật {} lên phiên bản {} (thay phiên bản {}).",
            document.meta.label(),
            document.version,
            replaced.version
        ),
        Stored::Unchanged { document } => format!("{} đã có trong hệ thống; không có thay đổi.", document.meta.label()),
    };
    Ok(redirect_with_flash(&format!("/unit-plans/units/{unit}?year={year}"), &msg))
}

/// POST `/unit-plans/drafts/{id}/discard`.
pub async fn discard(
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (unit, _) = unit_draft(&state.store, &auth, id).await?;
    state.store.delete_draft(&auth.actor(), id).await?;
    Ok(redirect_with_flash(&format!("/unit-plans/units/{unit}"), "Đã hủy bản nhập."))
}

/// POST `/unit-plans/tasks/{id}/links`: the province tasks one task of the unit's plan
/// implements (field `link`, any number), chosen among those assigned to the unit.
pub async fn links(
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(task_id): Path<TaskId>,
    f: FormData,
) -> AppResult<Response> {
    let task = state.store.get_task(task_id).await?;
    let doc = state.store.get_document(task.document_id).await?;
    let owner = doc.owner_unit_id.ok_or(AppError::NotFound("nhiệm vụ của kế hoạch đơn vị"))?;
    let editor = auth.unit_editor(owner)?;
    let year = doc.meta.plan_year.or(doc.meta.date.map(|d| d.year())).unwrap_or(today().year());
    let assigned = coverage::assigned_tasks(state.store.as_ref(), owner, year).await?;
    let chosen = ticked(&f, "link")?;
    if let Some(bad) = chosen.iter().find(|c| !assigned.iter().any(|a| a.id == **c)) {
        return Err(AppError::BadRequest(format!(
            "nhiệm vụ {bad} không phải nhiệm vụ tỉnh giao cho đơn vị năm {year}"
        )));
    }
    state.store.set_unit_plan_links(editor.actor(), task_id, &chosen).await?;
    Ok(redirect_with_flash(
        &format!("/unit-plans/units/{owner}?year={year}#task-{task_id}"),
        &format!("Đã cập nhật liên kết của nhiệm vụ {}.", task.task.code),
    ))
}
