//! A unit's scorecard (`/units/{id}/scorecard`): its tasks by state with the overdue ones,
//! its reports of the year with their timeliness, its index-766 page and its PAR result.
//! Unit staff see their own unit's only; province-wide readers every unit's.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::kpi::now_local;
use cchc_app::kpi::overview::{latest_score, LatestScore};
use cchc_app::tracking::{config, today};
use minijinja::context;

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::pages::reports::status_label;
use crate::state::AppState;
use crate::unit_names::UnitNames;
use crate::views_tasks::Shaper;

/// Whether `auth` may read `unit`'s scorecard: unit staff their own unit only.
pub fn check_unit_visible(auth: &Auth, unit: i64) -> Result<(), AppError> {
    match auth.scope().root() {
        Some(own) if own != unit => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// GET `/units/{id}/scorecard`.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    check_unit_visible(&auth, id)?;
    let store = &state.store;
    let unit = store.get_unit(id).await?;
    let cfg = config(store.as_ref()).await?;
    let t = today();
    let card = cchc_app::dashboard::scorecard::scorecard(store.as_ref(), &state.par_results, &cfg, id, auth.scope(), t)
        .await?;
    let units = store.all_units().await?;
    let label = UnitNames::new(&units, t).label(id);
    let shaper = Shaper::new(&units, &cfg, t, ctx.req.lang);
    let overdue: Vec<_> = card
        .overdue
        .iter()
        .map(|i| {
            let days = i.due.map(|d| (t - d).num_days()).unwrap_or(0);
            context! { r => shaper.view(i), days }
        })
        .collect();
    let reports: Vec<_> = card
        .reports
        .iter()
        .map(|p| {
            let (code, text) = status_label(&p.status);
            context! { p, code, text }
        })
        .collect();
    let kpi_unit = unit.code.clone();
    let kpi = latest_766(&state, &auth, &kpi_unit).await;
    Ok(ctx.render(
        "units/scorecard.html",
        context! { unit, label, card, overdue, reports, kpi_unit, kpi, shown => card.overdue.len() },
    ))
}

/// The unit's index-766 score of the latest quarter with dossiers, within what the user may
/// see. A computation that fails leaves the scorecard up (the link to the 766 page stays),
/// and is logged.
async fn latest_766(state: &AppState, auth: &Auth, code: &str) -> Option<LatestScore> {
    let visible = match crate::pages::kpi::visible_units(state, auth).await {
        Ok(v) => v,
        Err(e) => {
            tracing::warn!(error = ?e, "scorecard: visible units");
            return None;
        }
    };
    let code = code.to_string();
    match state.kpi.compute(now_local(), move |c| latest_score(c, &visible, &code)).await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) | Err(e) => {
            tracing::warn!(error = ?e, "scorecard: index 766 score not computed");
            None
        }
    }
}
