//! Tracking settings (reform office): the reporting calendar, reminder offsets, timeliness
//! rules and the due dates of units' own plans. They are data: shown here, edited in a form,
//! exported and imported as JSON. The built-in defaults are labelled as a template until the
//! office saves its own.

use axum::extract::State;
use axum::response::Response;
use cchc_app::tracking::{config_in_force, TrackingConfig};
use cchc_domain::tracking::Audience;
use cchc_domain::validation::FieldErrors;
use chrono::Datelike;
use minijinja::context;

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::state::AppState;

/// An escalation step's day, empty when the step is off.
fn step_days(cfg: &TrackingConfig, audience: Audience) -> String {
    cfg.escalation.days_for(audience).map(|d| d.to_string()).unwrap_or_default()
}

/// The form's values as the user sees them (`7, 3, 1`, `15/01`).
fn form_values(cfg: &TrackingConfig) -> Vec<(String, String)> {
    let dm = |d: cchc_domain::tracking::YearDay| format!("{:02}/{:02}", d.day, d.month);
    [
        ("offsets_days", cfg.reminders.offsets_days.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(", ")),
        ("overdue_every_days", cfg.reminders.overdue_every_days.to_string()),
        ("escalate_focal_days", step_days(cfg, Audience::Focal)),
        ("escalate_head_days", step_days(cfg, Audience::Head)),
        ("escalate_office_days", step_days(cfg, Audience::Office)),
        ("due_soon_days", cfg.timeliness.due_soon_days.to_string()),
        ("event_allowance_days", cfg.timeliness.event_allowance_days.to_string()),
        ("recurring_grace_days", cfg.calendar.recurring_grace_days.to_string()),
        ("provincial_due", dm(cfg.unit_plans.provincial_due)),
        ("central_due", dm(cfg.unit_plans.central_due)),
        ("commune_due", dm(cfg.unit_plans.commune_due)),
        ("signoff_reports", if cfg.signoff.reports { "1" } else { "0" }.to_string()),
        ("signoff_tasks", if cfg.signoff.tasks { "1" } else { "0" }.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Renders the page with the configuration in force, the form showing `values` (the user's
/// input when re-rendered with errors, else the stored values).
pub async fn page(
    ctx: &Ctx,
    state: &AppState,
    values: Option<Vec<(String, String)>>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let (cfg, is_default) = config_in_force(state.store.as_ref()).await?;
    let year = crate::views::today().year();
    let periods = cfg.calendar.periods_of_year(year);
    let values: std::collections::BTreeMap<String, String> =
        values.unwrap_or_else(|| form_values(&cfg)).into_iter().collect();
    Ok(ctx.render("settings/tracking.html", context! { periods, year, is_default, values, errors => errors.0 }))
}

/// GET `/settings/tracking`.
pub async fn tracking(ctx: Ctx, _: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    page(&ctx, &state, None, FieldErrors::default()).await
}
