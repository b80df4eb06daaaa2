//! POST `/par/assessments/{id}/links`: the unit links evidence by reference to a criterion:
//! one of its own tasks' evidence files (`kind=task`) or a document's number, date
//! (dd/mm/yyyy) and summary (`kind=document`). A plain form: no JavaScript needed.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::par::{link_evidence, LinkInput};
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::UnitStaff;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::FormData;
use crate::pages::par::{reader, render_assessment};
use crate::state::AppState;

/// POST `/par/assessments/{id}/links`.
pub async fn link(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let mut errs = FieldErrors::default();
    let input = if f.get("kind") == "task" {
        LinkInput::TaskFile(f.get("link_file").parse().ok())
    } else {
        let date = f.date("link_date", &mut errs);
        LinkInput::Document { number: f.get("link_number"), date, summary: f.get("link_summary") }
    };
    let code = f.get("link_code");
    let result = link_evidence(state.store.as_ref(), editor.actor(), id, vis, &code, input).await;
    let problems = match result {
        Ok(l) => {
            let msg = format!("Đã gắn tài liệu kiểm chứng cho tiêu chí {code}: {}.", l.describe());
            return Ok(redirect_with_flash(&format!("/par/assessments/{id}"), &msg));
        }
        Err(ServiceError::Invalid(e)) => e,
        Err(e) => return Err(e.into()),
    };
    // The date's own message (not a dd/mm/yyyy date) before the service's "needed".
    for e in problems.0 {
        if !errs.0.iter().any(|x| x.field == e.field) {
            errs.add(&e.field, e.message);
        }
    }
    let r = render_assessment(&ctx, &auth, &state, id, Some(f.values()), errs).await?;
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}
