//! POST `/par/province-index`: a department reports the quarter's status of the criteria of
//! the province's own index it owns. For each criterion: `s_{code}` (`dat`, `chua_dat`,
//! `khach_quan`; empty leaves it unreported), `r_{code}` what was achieved, `l_{code}` why not.
//! Every problem is listed and what was typed is kept; nothing is stored unless all is right.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_domain::par::owner::CriterionStatus;
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::UnitStaff;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::pages::par_owner::{render, which, Which};
use crate::state::AppState;

/// POST `/par/province-index`.
pub async fn report(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let unit = auth.user.unit_id.ok_or(AppError::Forbidden)?;
    let editor = auth.unit_editor(unit)?;
    let (year, quarter) = which(&Which { year: f.get("year").parse().ok(), quarter: f.get("quarter").parse().ok() });
    let mut errs = FieldErrors::default();
    let mut entries = Vec::new();
    for (key, value) in f.values() {
        let Some(code) = key.strip_prefix("s_") else { continue };
        let (achieved, objective) = match value.as_str() {
            "" => continue,
            "dat" => (true, false),
            "chua_dat" => (false, false),
            "khach_quan" => (false, true),
            other => {
                errs.add("code", format!("Tiêu chí {code}: tình trạng «{other}» không hợp lệ."));
                continue;
            }
        };
        entries.push(CriterionStatus {
            code: code.to_string(),
            achieved,
            objective,
            result: f.get(&format!("r_{code}")),
            reason: f.get(&format!("l_{code}")),
        });
    }
    let problems = if errs.is_empty() {
        let today = cchc_app::tracking::today();
        match cchc_app::par::owner::report(state.store.as_ref(), editor.actor(), unit, year, quarter, entries, today)
            .await
        {
            Ok(n) => {
                let msg = format!("Đã lưu báo cáo quý {quarter}/{year}: {n} tiêu chí thay đổi.");
                return Ok(redirect_with_flash(&format!("/par/province-index?year={year}&quarter={quarter}"), &msg));
            }
            Err(ServiceError::Invalid(e)) => e,
            Err(e) => return Err(e.into()),
        }
    } else {
        errs
    };
    let r = render(&ctx, &auth, &state.store, (year, quarter), Some(f.values()), problems).await?;
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}
