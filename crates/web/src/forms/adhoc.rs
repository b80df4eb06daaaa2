//! Ad-hoc report form posts: the office requests a report from chosen units.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::adhoc::{create, RequestForm};
use cchc_app::tracking::today;
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::read_multipart_all;
use crate::pages::adhoc::page;
use crate::state::AppState;

/// POST `/adhoc-reports` (multipart): title, instruction, due date, units, optional template.
pub async fn create_request(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let form = RequestForm {
        title: f.get("title"),
        instruction: f.get("instruction"),
        due: f.get("due"),
        units: f.all("units"),
    };
    let mut errs = FieldErrors::default();
    let mut template = None;
    if let Some(up) = uploads.into_iter().find(|u| !u.bytes.is_empty()) {
        match crate::evidence::accept(up, max) {
            Ok(e) => template = Some(e),
            Err(AppError::BadRequest(m)) => errs.add("file", format!("{m}.")),
            Err(e) => return Err(e),
        }
    }
    let result = if errs.is_empty() {
        create(state.store.as_ref(), &auth.actor(), &form, template, today()).await
    } else {
        Err(ServiceError::Invalid(errs))
    };
    match result {
        Ok(r) => Ok(redirect_with_flash(&format!("/adhoc-reports/{}", r.id), "Đã gửi yêu cầu báo cáo đột xuất.")),
        Err(ServiceError::Invalid(e)) => {
            let typed = (f.values(), form.units.clone());
            Ok(with_status(page(&ctx, &state.store, true, Some(typed), e).await?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
