//! What the office prints for the one-stop counters: per unit of a campaign, an A4 poster with
//! the unit's name, the campaign, the QR code of the form link and the short link; and batches
//! of one-time token slips (each with its own QR code and typed code), shown once when made
//! because only their digests are stored. Office only.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::mail::absolute;
use cchc_app::sipas::{issue_tokens, MAX_BATCH};
use cchc_domain::validation::FieldErrors;
use minijinja::{context, Value};

use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::forms::with_status;
use crate::state::AppState;

/// The form link of a unit: the full address (for the QR code) and the short one (to type).
fn links(state: &AppState, campaign: i64, unit: i64, token: Option<&str>) -> (String, String) {
    let path = match token {
        Some(t) => format!("/khao-sat/{campaign}/{unit}?t={t}"),
        None => format!("/khao-sat/{campaign}/{unit}"),
    };
    let full = absolute(&state.config.public_url, &path);
    let short = full.split_once("://").map(|(_, rest)| rest.to_string()).unwrap_or_else(|| full.clone());
    (full, short)
}

fn qr(text: &str, label: &str) -> AppResult<String> {
    crate::qr::svg(text, label).map_err(AppError::BadRequest)
}

/// GET `/sipas/campaigns/{id}/in-an`: the units with their poster, and the token batches.
pub async fn index(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_index(&ctx, &state, id, FieldErrors::default(), StatusCode::OK).await
}

async fn render_index(
    ctx: &Ctx,
    state: &AppState,
    id: i64,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<Response> {
    let c = state.store.campaign(id).await?;
    let counts = state.store.token_counts(id).await?;
    let mut units: Vec<Value> = Vec::with_capacity(c.units.len());
    for (unit, quota) in &c.units {
        let name = state.store.get_unit(*unit).await?.name;
        let n = counts.iter().find(|t| t.unit_id == *unit);
        let (_, short) = links(state, id, *unit, None);
        units.push(context! { id => unit, name, quota, short,
        issued => n.map_or(0, |t| t.issued), used => n.map_or(0, |t| t.used) });
    }
    let errors: Vec<String> = errors.0.into_iter().map(|e| e.message).collect();
    let page = ctx.render("sipas/print.html", context! { c, units, max => MAX_BATCH, errors });
    Ok(with_status(page, status))
}

/// GET `/sipas/campaigns/{id}/units/{unit}/poster`: the A4 poster of a unit.
pub async fn poster(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path((id, unit)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let c = state.store.campaign(id).await?;
    if !c.units.iter().any(|(u, _)| *u == unit) {
        return Err(AppError::NotFound("đơn vị trong đợt khảo sát"));
    }
    let unit_name = state.store.get_unit(unit).await?.name;
    let (full, short) = links(&state, id, unit, None);
    let svg = qr(&full, &format!("Mã QR phiếu khảo sát {unit_name}"))?;
    Ok(ctx.render("sipas/poster.html", context! { c, unit_name, short, qr => Value::from_safe_string(svg) }))
}

/// POST `/sipas/campaigns/{id}/tokens`: makes a batch of one-time tokens for a unit and shows
/// the slips to print (the only time the tokens are shown).
pub async fn tokens(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let unit = f.id("unit", &mut errs);
    let expires = f.date("expires_on", &mut errs);
    let count = f.get("count").parse::<usize>().ok();
    if count.is_none() {
        errs.add("count", "Số mã phải là một số nguyên.");
    }
    let (Some(unit), Some(count)) = (unit, count) else {
        if unit.is_none() {
            errs.add("unit", "Cần chọn đơn vị.");
        }
        return render_index(&ctx, &state, id, errs, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    if !errs.is_empty() {
        return render_index(&ctx, &state, id, errs, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    let batch = match issue_tokens(state.store.as_ref(), &auth.actor(), id, unit, count, expires).await {
        Ok(b) => b,
        Err(ServiceError::Invalid(e)) => {
            return render_index(&ctx, &state, id, e, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => return Err(e.into()),
    };
    let c = state.store.campaign(id).await?;
    let unit_name = state.store.get_unit(unit).await?.name;
    let mut slips = Vec::with_capacity(batch.tokens.len());
    for t in &batch.tokens {
        let (full, short) = links(&state, id, unit, Some(t.as_str()));
        let svg = qr(&full, &format!("Mã QR phiếu khảo sát {unit_name}"))?;
        slips.push(context! { code => t.to_string(), short, qr => Value::from_safe_string(svg) });
    }
    Ok(ctx.render(
        "sipas/slips.html",
        context! { c, unit_name, slips, batch => batch.batch, expires_on => batch.expires_on },
    ))
}
