//! The office publishes and unpublishes snapshots for the public site: the plan progress, an
//! approved PAR ranking, a SIPAS campaign's results, and the index-766 scores of a period.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::kpi::publish::table as kpi_table;
use cchc_app::kpi::KpiError;
use cchc_app::publish::{par_ranking, plan_progress, publish as do_publish, sipas};
use cchc_app::tracking::today;
use cchc_domain::period::PeriodKey;
use cchc_storage::model_public::PublishedTable;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::redirect_with_flash;
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::state::AppState;

/// POST `/publish`: builds the table of `kind` (for round or campaign `id`) and publishes it.
pub async fn publish(auth: Require<OfficeOnly>, State(state): State<AppState>, f: FormData) -> AppResult<Response> {
    let store = state.store.as_ref();
    let id = f.get("id").parse::<i64>().ok();
    let kind = f.get("kind");
    let table = match (kind.as_str(), id) {
        ("par_ranking", Some(round)) => par_ranking(store, round).await,
        ("sipas", Some(campaign)) => sipas(store, campaign).await,
        ("plan_progress", _) => plan_progress(store, today()).await,
        ("kpi766", _) => {
            let Some(period) = PeriodKey::parse(&f.get("period")) else {
                return Err(AppError::BadRequest("cần chọn kỳ của Chỉ số 766".into()));
            };
            let now = cchc_app::kpi::now_local();
            return match state.kpi.compute(now, move |c| kpi_table(c, period)).await? {
                Ok(table) => published(&state, &auth, &kind, table).await,
                Err(KpiError::Invalid(m)) => Err(AppError::BadRequest(m)),
                Err(e) => Err(e.into()),
            };
        }
        _ => return Err(AppError::BadRequest("cần chọn nội dung công khai".into())),
    }
    .map_err(AppError::from)?;
    published(&state, &auth, &kind, table).await
}

async fn published(
    state: &AppState,
    auth: &Require<OfficeOnly>,
    kind: &str,
    table: (String, PublishedTable),
) -> AppResult<Response> {
    let s = do_publish(state.store.as_ref(), &auth.actor(), kind, table).await?;
    state.public_pages.invalidate();
    Ok(redirect_with_flash("/publish", &format!("Đã công khai «{}».", s.title)))
}

/// POST `/publish/{id}/unpublish`.
pub async fn unpublish(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = state.store.unpublish_snapshot(&auth.actor(), id).await?;
    state.public_pages.invalidate();
    Ok(redirect_with_flash("/publish", &format!("Đã thôi công khai «{}».", s.title)))
}
