//! Report form posts: save a draft (narrative, target values, files), submit, review.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::adhoc::describe;
use cchc_app::reports::{review as review_report, save_post, sign_off, submit_mode, ReportForm, TargetInput};
use cchc_app::tracking::{config, today};
use cchc_domain::review::ReviewState;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::SubmitMode;

use crate::auth::policy::{OfficeOnly, UnitHeads, UnitStaff};
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
    let form = ReportForm { key: key.clone(), narrative: f.get("narrative"), targets, expected_version: None };
    let existing = store.report(unit.id, &key, auth.scope()).await?;
    if !errs.is_empty() {
        return render_edit(&ctx, store, &cfg, &unit, &key, existing, Some(f.values()), errs).await;
    }
    let submitting = f.get("submit") == "1";
    let has_head = cchc_app::reports::unit_has_head(store.as_ref(), unit.id).await?;
    let mode = submitting.then(|| submit_mode(&cfg, auth.user.role, has_head));
    match save_post(store.as_ref(), editor.actor(), &cfg, &unit, &form, files, mode, today()).await {
        Ok(r) if mode == Some(SubmitMode::ToHead) => {
            tell_head(store.as_ref(), &cfg, &unit, &r).await;
            Ok(redirect_with_flash("/reports", "Đã trình lãnh đạo đơn vị ký duyệt."))
        }
        Ok(_) if mode == Some(SubmitMode::ByHead) => Ok(redirect_with_flash("/reports", "Đã ký duyệt và nộp báo cáo.")),
        Ok(_) if submitting => Ok(redirect_with_flash("/reports", "Đã nộp báo cáo.")),
        Ok(_) => Ok(redirect_with_flash(&format!("/reports/{key}"), "Đã lưu bản nháp.")),
        Err(ServiceError::Invalid(e)) => {
            render_edit(&ctx, store, &cfg, &unit, &key, existing, Some(f.values()), e).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A report a focal point sent for sign-off: the unit's head is told (by the form and the API).
pub(crate) async fn tell_head(
    store: &dyn cchc_storage::Store,
    cfg: &cchc_app::tracking::TrackingConfig,
    unit: &cchc_domain::unit::Unit,
    r: &cchc_storage::model::UnitReport,
) {
    let key = &r.period_key;
    let label = describe(store, cfg, key, unit.id, unit.kind)
        .await
        .ok()
        .flatten()
        .map(|(l, _)| l)
        .unwrap_or_else(|| key.clone());
    cchc_app::notify::signoff::report_awaiting_signoff(store, r, &label, today()).await;
}

/// POST `/reports/{key}/signoff`: the unit's head signs off the report its focal point sent
/// (`decision=sign`: it goes to the office), or sends it back with a reason.
pub async fn signoff(
    ctx: Ctx,
    auth: Require<UnitHeads>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    f: FormData,
) -> AppResult<Response> {
    let Scope::Unit(unit_id) = auth.scope() else { return Err(AppError::Forbidden) };
    let editor = auth.unit_editor(unit_id)?;
    let store = &state.store;
    let report = store.report(editor.unit(), &key, auth.scope()).await?.ok_or(AppError::NotFound("báo cáo"))?;
    let version: i64 = f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))?;
    let reason = f.get("reason");
    let back = f.get("decision") == "back";
    let cfg = config(store.as_ref()).await?;
    match sign_off(store.as_ref(), editor.actor(), &cfg, &report, version, back.then_some(reason.as_str()), today())
        .await
    {
        Ok(_) if back => Ok(redirect_with_flash(&format!("/reports/{key}"), "Đã trả lại cho cán bộ đầu mối.")),
        Ok(_) => Ok(redirect_with_flash("/reports", "Đã ký duyệt; báo cáo đã gửi cơ quan thường trực.")),
        Err(ServiceError::Invalid(e)) => {
            let unit = store.get_unit(editor.unit()).await?;
            render_edit(&ctx, store, &cfg, &unit, &key, Some(report), None, e).await
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
    let r = match review_report(
        state.store.as_ref(),
        &auth.actor(),
        &report,
        version,
        returning.then_some(&reason),
        today(),
    )
    .await
    {
        Ok(r) => r,
        Err(ServiceError::Invalid(_)) => return Err(AppError::BadRequest("cần nêu lý do trả lại báo cáo".into())),
        Err(e) => return Err(e.into()),
    };
    let msg = if r.status == ReviewState::Accepted {
        "Đã chấp nhận báo cáo."
    } else {
        "Đã trả lại báo cáo cho đơn vị."
    };
    Ok(redirect_with_flash(&crate::pages::reports::back_link(&key), msg))
}
