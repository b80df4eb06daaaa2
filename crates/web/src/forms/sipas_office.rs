//! SIPAS office form posts: an edited questionnaire file imported as a new version, and a
//! campaign's unit indices carried into the survey criterion of a PAR round.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::sipas::{import_questionnaire, ImportError, QuestionnaireUpload};
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::pages::sipas_office::render_questionnaires;
use crate::state::AppState;

/// POST `/sipas/questionnaires/import` (multipart): `base` (the version edited), `name`,
/// `effective_from`, `adopted`, `file`. Nothing is stored when any row is wrong.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let (f, upload) = crate::form::read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let mut errs = FieldErrors::default();
    let base = f.id("base", &mut errs);
    let from = f.date("effective_from", &mut errs);
    if upload.is_none() {
        errs.add("file", "Cần chọn tệp XLSX của phiếu khảo sát.");
    }
    let (Some(base), Some(effective_from), Some(up), true) = (base, from, upload, errs.is_empty()) else {
        let page = render_questionnaires(&ctx, &state.store, true, vec![errs.sentence()]).await?;
        return Ok(with_status(page, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let form = QuestionnaireUpload { base, name: f.get("name"), effective_from, adopted: f.get("adopted") == "1" };
    match import_questionnaire(state.store.as_ref(), &auth.actor(), &form, &up.file_name, &up.bytes).await {
        Ok(q) => Ok(redirect_with_flash(
            "/sipas/questionnaires",
            &format!("Đã lưu phiên bản {} của phiếu {}.", q.questionnaire.version, q.questionnaire.code),
        )),
        Err(ImportError::Problems(p)) => {
            let mut lines = vec!["Không lưu phiên bản mới vì tệp có lỗi:".to_string()];
            lines.extend(p.lines());
            let page = render_questionnaires(&ctx, &state.store, true, lines).await?;
            Ok(with_status(page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ImportError::Service(e)) => Err(e.into()),
    }
}

/// POST `/sipas/campaigns/{id}/par`: `round`, `code`: the unit indices of this campaign become
/// the appraised score of criterion `code` of every submitted assessment of the round.
pub async fn to_par(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: crate::form::FormData,
) -> AppResult<Response> {
    let round = f.get("round").parse::<i64>().map_err(|_| AppError::BadRequest("cần chọn đợt đánh giá".into()))?;
    crate::forms::par::survey_transfer(&state, &auth.actor(), round, id, &f.get("code")).await
}
