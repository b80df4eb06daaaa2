//! The tracking configuration as a JSON file, to keep, edit and import back.

use axum::extract::State;
use axum::response::Response;
use cchc_app::tracking::config;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// GET `/settings/tracking.json`.
pub async fn tracking_json(_: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    let cfg = config(state.store.as_ref()).await?;
    let json = serde_json::to_vec_pretty(&cfg).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(super::download(json, "application/json; charset=utf-8", "cau-hinh-theo-doi.json"))
}
