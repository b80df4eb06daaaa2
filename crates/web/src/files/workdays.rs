//! The working-day calendar as CSV in the import layout.

use axum::extract::State;
use axum::response::Response;
use cchc_app::workdays::{days_in_force, to_csv};

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::error::AppResult;
use crate::state::AppState;

/// GET `/settings/workdays.csv`.
pub async fn workdays_csv(_: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    let (days, _) = days_in_force(state.store.as_ref()).await?;
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(to_csv(&days).into_bytes());
    Ok(super::download(bytes, "text/csv; charset=utf-8", "lich-ngay-lam-viec.csv"))
}
