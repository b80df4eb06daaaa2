//! POST `/par/rounds/{id}/areas`: the office assigns an appraiser to areas (lĩnh vực) of a
//! round (none: the assignment is cleared).

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_domain::role::Role;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::redirect_with_flash;
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::state::AppState;

/// POST `/par/rounds/{id}/areas`.
pub async fn assign_areas(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let user =
        f.get("appraiser").parse::<i64>().map_err(|_| AppError::BadRequest("cần chọn thành viên thẩm định".into()))?;
    let target = state.store.get_user(user).await?;
    if target.role != Role::Appraiser || !target.active {
        return Err(AppError::BadRequest("người được phân công phải là thành viên thẩm định đang hoạt động".into()));
    }
    let r = state.par_results.results(state.store.as_ref(), id).await?;
    let known = crate::pages::par_areas::round_areas(&state.store, &r).await?;
    let areas = f.all("areas");
    if let Some(bad) = areas.iter().find(|a| !known.contains_key(a.trim())) {
        return Err(AppError::BadRequest(format!("lĩnh vực {bad} không có trong bộ tiêu chí của đợt đánh giá")));
    }
    let saved = state.store.assign_area_appraiser(&auth.actor(), id, user, &areas).await?;
    let msg = if saved.areas.is_empty() {
        format!("Đã bỏ phân công thẩm định theo lĩnh vực của {}.", target.full_name)
    } else {
        format!("Đã phân công {} thẩm định lĩnh vực {}.", target.full_name, saved.areas.join(", "))
    };
    Ok(redirect_with_flash(&format!("/par/rounds/{id}"), &msg))
}
