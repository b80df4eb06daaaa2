//! POST handlers: parse → validate into a typed request with per-field messages → call the
//! store or an app service → 303 redirect on success, or re-render the form with the
//! user's input and the errors.

pub mod account;
pub mod adhoc;
pub mod admin;
pub mod auth;
pub mod initiatives;
pub mod inspections;
pub mod kpi;
pub mod notifications;
pub mod par;
pub mod par_areas;
pub mod par_bands;
pub mod par_links;
pub mod par_owner;
pub mod plans;
pub mod publish;
pub mod reports;
pub mod settings;
pub mod sipas;
pub mod sipas_office;
pub mod tasks;
pub mod tasks_bulk;
pub mod unit_plans;
pub mod units;
pub mod workdays;

use axum::http::StatusCode;
use axum::response::Response;

/// `r` with status `s` (a form re-rendered with its errors: 422).
pub(crate) fn with_status(mut r: Response, s: StatusCode) -> Response {
    *r.status_mut() = s;
    r
}
