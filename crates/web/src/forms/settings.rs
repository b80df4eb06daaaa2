//! Saving the tracking settings: the form (reminders, timeliness, unit plan due dates) and a
//! whole configuration imported from JSON. Both are checked in full before anything is stored;
//! the change is written to the audit log.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::tracking::{config, parse_config, save_config, TrackingConfig};
use cchc_domain::tracking::{escalation, Audience, EscalationStep, YearDay};
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::{read_multipart, FormData};
use crate::pages::settings::page;
use crate::state::AppState;

const SAVED: &str = "Đã lưu cấu hình theo dõi. Cấu hình áp dụng cho văn bản nhập và lần nhắc việc từ nay; \
                     hạn của các nhiệm vụ đã có giữ nguyên.";

/// The page again with the stored values and `message` on the file field (status 422).
async fn refuse_file(ctx: &Ctx, state: &AppState, message: String) -> AppResult<Response> {
    let mut e = FieldErrors::default();
    e.add("file", message);
    Ok(with_status(page(ctx, state, None, e).await?, StatusCode::UNPROCESSABLE_ENTITY))
}

/// A whole number of days in `field`, or a message for it.
fn days(f: &FormData, field: &str, errors: &mut FieldErrors) -> i64 {
    let raw = f.get(field);
    match raw.parse::<i64>() {
        Ok(n) => n,
        Err(_) => {
            errors.add(field, format!("«{raw}» không phải là số ngày (số nguyên)."));
            0
        }
    }
}

/// The escalation steps typed: one day count per audience, an empty field turning its step off.
fn escalation_steps(f: &FormData, errors: &mut FieldErrors) -> Vec<EscalationStep> {
    Audience::ALL
        .into_iter()
        .filter(|a| !f.get(escalation::field(*a)).trim().is_empty())
        .map(|audience| EscalationStep { after_days: days(f, escalation::field(audience), errors), audience })
        .collect()
}

/// `dd/mm` in `field`.
fn day_month(f: &FormData, field: &str, errors: &mut FieldErrors) -> YearDay {
    let raw = f.get(field);
    let parsed =
        raw.split_once('/').and_then(|(d, m)| Some((d.trim().parse::<u32>().ok()?, m.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((day, month)) => YearDay { year_offset: 0, month, day },
        None => {
            errors.add(field, format!("«{raw}» không đúng dạng ngày/tháng (dd/mm), ví dụ 15/01."));
            YearDay { year_offset: 0, month: 1, day: 1 }
        }
    }
}

/// The configuration the form describes, on top of the one in force (the calendar's periods
/// are edited by import only); only the typing is checked here.
fn from_form(mut cfg: TrackingConfig, f: &FormData) -> Result<TrackingConfig, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut offsets = Vec::new();
    for part in f.get("offsets_days").split([',', ';', ' ']).map(str::trim).filter(|p| !p.is_empty()) {
        match part.parse::<i64>() {
            Ok(n) => offsets.push(n),
            Err(_) => errors.add(
                "offsets_days",
                format!("«{part}» không phải là số ngày; nhập các số cách nhau bởi dấu phẩy, ví dụ 7, 3, 1."),
            ),
        }
    }
    offsets.sort_unstable_by(|a, b| b.cmp(a));
    offsets.dedup();
    cfg.reminders.offsets_days = offsets;
    cfg.reminders.overdue_every_days = days(f, "overdue_every_days", &mut errors);
    cfg.escalation.steps = escalation_steps(f, &mut errors);
    cfg.timeliness.due_soon_days = days(f, "due_soon_days", &mut errors);
    cfg.timeliness.event_allowance_days = days(f, "event_allowance_days", &mut errors);
    cfg.calendar.recurring_grace_days = days(f, "recurring_grace_days", &mut errors);
    cfg.unit_plans.provincial_due = day_month(f, "provincial_due", &mut errors);
    cfg.unit_plans.central_due = day_month(f, "central_due", &mut errors);
    cfg.unit_plans.commune_due = day_month(f, "commune_due", &mut errors);
    cfg.signoff.reports = f.get("signoff_reports") == "1";
    cfg.signoff.tasks = f.get("signoff_tasks") == "1";
    errors.into_result(cfg)
}

/// POST `/settings/tracking`.
pub async fn tracking(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let current = config(state.store.as_ref()).await?;
    // Typing errors first; the rules themselves are checked by `save_config`.
    let saved = match from_form(current, &f) {
        Ok(cfg) => save_config(state.store.as_ref(), &auth.actor(), &cfg).await,
        Err(errors) => Err(ServiceError::Invalid(errors)),
    };
    match saved {
        Ok(()) => Ok(redirect_with_flash("/settings/tracking", SAVED)),
        Err(ServiceError::Invalid(errors)) => {
            Ok(with_status(page(&ctx, &state, Some(f.0), errors).await?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/settings/tracking/import`: a whole configuration as JSON (as exported).
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let Some(up) = upload else {
        return refuse_file(&ctx, &state, "Cần chọn tệp cấu hình (JSON).".into()).await;
    };
    if !up.file_name.to_lowercase().ends_with(".json") {
        return refuse_file(&ctx, &state, format!("«{}» không phải tệp JSON (.json).", up.file_name)).await;
    }
    let cfg = match parse_config(&up.bytes) {
        Ok(c) => c,
        Err(m) => return refuse_file(&ctx, &state, m).await,
    };
    match save_config(state.store.as_ref(), &auth.actor(), &cfg).await {
        Ok(()) => Ok(redirect_with_flash("/settings/tracking", SAVED)),
        Err(ServiceError::Invalid(errors)) => {
            Ok(with_status(page(&ctx, &state, None, errors).await?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
