//! SIPAS form posts: the office opens a campaign; a citizen sends the public form.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cchc_app::accounts::ServiceError;
use cchc_app::sipas::{open_campaign as do_open, submit_public, CampaignForm, PublicError, PublicSubmission};
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::cookies;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::forms::auth::{client_addr, PeerAddr};
use crate::pages::sipas::{render_form, Typed, DEVICE_COOKIE};
use crate::state::AppState;

/// POST `/sipas/campaigns`: the office opens a campaign.
pub async fn open_campaign(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let (from, to) = (f.date("period_from", &mut errs), f.date("period_to", &mut errs));
    let q = f.id("questionnaire", &mut errs);
    let province = f.id("province", &mut errs);
    let sample = f.get("sample").trim().parse::<u64>().ok().filter(|n| *n > 0);
    if sample.is_none() {
        errs.add("sample", "Cỡ mẫu phải là số phiếu lớn hơn 0.");
    }
    let (Some(from), Some(to), Some(questionnaire_id), Some(province), Some(sample)) = (from, to, q, province, sample)
    else {
        return Err(AppError::BadRequest(errs.sentence()));
    };
    let form =
        CampaignForm { name: f.get("name"), questionnaire_id, province, period_from: from, period_to: to, sample };
    match do_open(state.store.as_ref(), &auth.actor(), &form).await {
        Ok(c) => Ok(redirect_with_flash(&format!("/sipas/campaigns/{}", c.id), "Đã mở đợt khảo sát.")),
        Err(ServiceError::Invalid(e)) => Err(AppError::BadRequest(e.sentence())),
        Err(e) => Err(e.into()),
    }
}

/// POST `/sipas/campaigns/{id}/import` (multipart): paper questionnaires typed into a sheet;
/// `policy=reject_batch` stores nothing when a row is wrong, otherwise the good rows go in and
/// every bad one is listed.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: axum::extract::Multipart,
) -> AppResult<Response> {
    let (f, upload) = crate::form::read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let Some(up) = upload else { return Err(AppError::BadRequest("cần chọn tệp XLSX hoặc CSV".into())) };
    let all_or_nothing = f.get("policy") == "reject_batch";
    let r = match cchc_app::sipas::import_paper(
        state.store.as_ref(),
        &auth.actor(),
        id,
        &up.file_name,
        &up.bytes,
        all_or_nothing,
    )
    .await
    {
        Ok(r) => r,
        Err(ServiceError::Invalid(e)) => {
            let page = crate::pages::sipas::render_campaign(&ctx, &state.store, id, vec![e.sentence()]).await?;
            return Ok(with_status(page, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => return Err(e.into()),
    };
    if r.problems.is_empty() {
        return Ok(redirect_with_flash(&format!("/sipas/campaigns/{id}"), &format!("Đã nhập {} phiếu.", r.stored)));
    }
    let mut lines = vec![if r.refused {
        "Không nhập phiếu nào vì tệp có lỗi:".to_string()
    } else {
        format!("Đã nhập {} phiếu; các dòng sau không được nhập:", r.stored)
    }];
    lines.extend(r.problems.iter().map(|(row, m)| if *row > 0 { format!("Dòng {row}: {m}") } else { m.clone() }));
    let page = crate::pages::sipas::render_campaign(&ctx, &state.store, id, lines).await?;
    Ok(with_status(page, if r.refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }))
}

/// POST `/khao-sat/{campaign}/{unit}`: a citizen's answers (no login; CSRF by the form's cookie).
pub async fn submit(
    ctx: Ctx,
    State(state): State<AppState>,
    peer: PeerAddr,
    headers: HeaderMap,
    Path((campaign, unit)): Path<(i64, i64)>,
    f: FormData,
) -> AppResult<Response> {
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for (k, v) in &f.0 {
        if k.starts_with("q-") {
            fields.entry(k.clone()).and_modify(|e| *e = format!("{e};{v}")).or_insert_with(|| v.clone());
        }
    }
    let s = PublicSubmission {
        campaign,
        unit,
        fields: fields.clone(),
        honeypot: f.get("website"),
        client: client_addr(&headers, peer.0, state.config.security.trust_forwarded_for),
        device: cookies::get(&headers, DEVICE_COOKIE),
        token: f.get("t"),
        dossier: f.get("ma_ho_so"),
    };
    let typed = Typed { fields, token: s.token.clone(), dossier: s.dossier.clone() };
    match submit_public(state.store.as_ref(), &state.sipas, &s, &state.config.sipas, chrono::Utc::now()).await {
        Ok(()) => Ok(Redirect::to("/khao-sat/cam-on").into_response()),
        Err(PublicError::NotOpen(m)) => Err(AppError::BadRequest(m)),
        Err(PublicError::Invalid(errors)) => {
            let r = render_form(&ctx, &state, &headers, campaign, unit, typed, errors).await?;
            Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(PublicError::Refused { reason, message }) => {
            let status = match reason {
                "rate" | "device" => StatusCode::TOO_MANY_REQUESTS,
                "duplicate" | "token_used" | "dossier_used" => StatusCode::CONFLICT,
                _ => StatusCode::BAD_REQUEST,
            };
            let r = render_form(&ctx, &state, &headers, campaign, unit, typed, vec![(String::new(), message)]).await?;
            Ok(with_status(r, status))
        }
        Err(PublicError::Service(e)) => Err(e.into()),
    }
}
