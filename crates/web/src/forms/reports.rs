//! Report form posts: save a draft (narrative, target values, files), submit, review.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::reports::{save_post, ReportForm, TargetInput};
use cchc_app::tracking::{config, today};
use cchc_domain::review::ReviewState;
use cchc_domain::validation::FieldErrors;

use crate::auth::policy::{OfficeOnly, UnitStaff};
use crate::auth::{Require, Scope};
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart_all, FormData};
use crate::pages::reports::render_edit;
use crate::state::AppState;

/// POST `/reports/{key}` (multipart): save the draft; with `submit=1`, submit it too.
pub async fn save_report(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    mp: Multipart,
) -> AppResult<Response> {
    let Scope::Unit(unit_id) = auth.scope() else { return Err(AppError::Forbidden) };
    let editor = auth.unit_editor(unit_id)?;
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let store = &state.store;
    let unit = store.get_unit(editor.unit()).await?;
    let cfg = config(store.as_ref()).await?;
    let targets: Vec<TargetInput> = f
        .all("target")
        .iter()
        .filter_map(|id| id.parse::<i64>().ok())
        .map(|id| TargetInput {
            target_id: id,
            rate: f.get(&format!("t{id}_rate")) == "1",
            value: f.get(&format!("t{id}_value")),
            numerator: f.get(&format!("t{id}_numerator")),
            denominator: f.get(&format!("t{id}_denominator")),
            note: f.get(&format!("t{id}_note")),
        })
        .collect();
    let mut errs = FieldErrors::default();
    let mut files = Vec::new();
    for up in uploads {
        match crate::evidence::accept(up, max) {
            Ok(e) => files.push(e),
            Err(AppError::BadRequest(m)) => errs.add("file", format!("{m}.")),
            Err(e) => return Err(e),
        }
    }
    let form = ReportForm { key: key.clone(), narrative: f.get("narrative"), targets };
    let existing = store.report(unit.id, &key, auth.scope()).await?;
    if !errs.is_empty() {
        return render_edit(&ctx, store, &cfg, &unit, &key, existing, Some(f.values()), errs).await;
    }
    let submitting = f.get("submit") == "1";
    match save_post(store.as_ref(), editor.actor(), &cfg, &unit, &form, files, submitting, today()).await {
        Ok(_) if submitting => Ok(redirect_with_flash("/reports", "Đã nộp báo cáo.")),
        Ok(_) => Ok(redirect_with_flash(&format!("/reports/{key}"), "Đã lưu bản nháp.")),
        Err(ServiceError::Invalid(e)) => {
            render_edit(&ctx, store, &cfg, &unit, &key, existing, Some(f.values()), e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/reports/{key}/units/{unit}/review`: the office accepts or returns a report.
pub async fn review(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path((key, unit_id)): Path<(String, i64)>,
    f: FormData,
) -> AppResult<Response> {
    let report = state.store.report(unit_id, &key, auth.scope()).await?.ok_or(AppError::NotFound("báo cáo"))?;
    let version: i64 = f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))?;
    let reason = f.get("reason");
    let returning = f.get("decision") == "return";
    if returning && reason.is_empty() {
        return Err(AppError::BadRequest("cần nêu lý do trả lại báo cáo".into()));
    }
    let r = state
        .store
        .review_report(&auth.actor(), report.id, version, today(), returning.then_some(reason.as_str()))
        .await?;
    let msg = if r.status == ReviewState::Accepted {
        "Đã chấp nhận báo cáo."
    } else {
        "Đã trả lại báo cáo cho đơn vị."
    };
    Ok(redirect_with_flash(&format!("/reports?period={key}"), msg))
}
