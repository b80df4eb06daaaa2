//! SIPAS pages: the office's campaigns and their results (province-wide readers), and the
//! anonymous public form a citizen opens from a link or a QR code at the one-stop counter.

use std::collections::BTreeMap;

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;
use cchc_app::sipas::{is_device_id, results};
use cchc_domain::sipas::questionnaire::SCALE_LABELS;
use cchc_storage::DynStore;
use minijinja::{context, Value};

use crate::auth::policy::ProvinceReaders;
use crate::auth::{cookies, Require};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// GET `/sipas`: the campaigns; the office opens one here.
pub async fn index(ctx: Ctx, auth: Require<ProvinceReaders>, State(store): State<DynStore>) -> AppResult<Response> {
    let campaigns = store.campaigns().await?;
    let questionnaires: Vec<Value> = store
        .questionnaires()
        .await?
        .into_iter()
        .map(|q| context! { id => q.id, name => q.questionnaire.name, version => q.questionnaire.version })
        .collect();
    let provinces = super::provinces(&store).await?;
    Ok(ctx.render("sipas/index.html", context! { campaigns, questionnaires, provinces, is_office => auth.is_office() }))
}

/// GET `/sipas/campaigns/{id}`: progress against the quotas and the index per unit.
pub async fn campaign(
    ctx: Ctx,
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_campaign(&ctx, &store, id, Vec::new()).await
}

/// The campaign page, with the report of a paper import.
pub async fn render_campaign(ctx: &Ctx, store: &DynStore, id: i64, report: Vec<String>) -> AppResult<Response> {
    let r = results(store.as_ref(), id).await?;
    let cmp = cchc_app::sipas::compare_with_previous(store.as_ref(), &r).await?;
    let unit_changes: BTreeMap<String, Value> =
        cmp.iter().flat_map(|c| &c.units).map(|(u, c)| (u.to_string(), Value::from_serialize(&c.index))).collect();
    let overall_changes: BTreeMap<String, Value> = cmp
        .iter()
        .filter_map(|c| c.overall.as_ref())
        .flat_map(|o| o.factors.iter().chain(std::iter::once(&o.index)))
        .map(|c| (c.code.clone(), Value::from_serialize(c)))
        .collect();
    let rounds: Vec<Value> = store
        .rounds()
        .await?
        .into_iter()
        .filter(|x| x.approved_on.is_none())
        .map(|x| context! { id => x.id, name => x.name })
        .collect();
    Ok(ctx.render("sipas/campaign.html", context! { r, report, cmp, unit_changes, overall_changes, rounds }))
}

/// GET `/sipas/campaigns/{id}/sheet.xlsx`: the empty sheet for typing paper questionnaires in.
pub async fn sheet(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let c = store.campaign(id).await?;
    let q = store.questionnaire(c.questionnaire_id).await?.questionnaire;
    let header = cchc_domain::sipas::sheet_header(&q);
    let cols = header.iter().map(|h| cchc_export::Column::new(h, 12.0)).collect();
    let t = cchc_export::Table::new("Phiếu", "NHẬP PHIẾU KHẢO SÁT", cols);
    let bytes = crate::files::build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(crate::files::download(bytes, crate::files::XLSX, &format!("nhap-phieu-khao-sat-{id}.xlsx")))
}

/// The anonymous device cookie: 128 random bits, HttpOnly, SameSite=Lax; it says nothing about
/// the person and only counts one browser's submissions.
pub const DEVICE_COOKIE: &str = "cchc_khaosat";

/// What the respondent typed, shown again with the problems found.
#[derive(Debug, Clone, Default)]
pub struct Typed {
    /// Field `q-CODE` → text.
    pub fields: BTreeMap<String, String>,
    /// The one-time token of the link, carried in a hidden field.
    pub token: String,
    /// The "Mã hồ sơ" field as typed (shown back only to the one who typed it).
    pub dossier: String,
}

/// The public form of a unit in a campaign, with what was typed and the problems found; sets
/// the device cookie when the browser has none.
pub async fn render_form(
    ctx: &Ctx,
    state: &AppState,
    headers: &HeaderMap,
    campaign: i64,
    unit: i64,
    typed: Typed,
    errors: Vec<(String, String)>,
) -> AppResult<Response> {
    let store = &state.store;
    let form = state.sipas.form(store.as_ref(), campaign).await.map_err(|e| match e {
        cchc_storage::StoreError::NotFound(_) => AppError::NotFound("đợt khảo sát"),
        e => e.into(),
    })?;
    let (c, q) = (&form.campaign, &form.questionnaire);
    if !c.units.iter().any(|(u, _)| *u == unit) {
        return Err(AppError::NotFound("đợt khảo sát"));
    }
    let unit_name = store.get_unit(unit).await?.name;
    let open = c.is_open_on(cchc_app::tracking::today());
    let Typed { fields, token, dossier } = typed;
    let mut r = ctx.render(
        "sipas/form.html",
        context! { c, q, unit, unit_name, open, typed => fields, token, dossier, errors, scale => SCALE_LABELS.to_vec() },
    );
    let has_device = cookies::get(headers, DEVICE_COOKIE).is_some_and(|d| is_device_id(&d));
    if !has_device {
        let id = cchc_app::password::random_token()[..32].to_string();
        let cookie = cookies::set(DEVICE_COOKIE, &id, Some(400 * 24 * 3600), true, state.config.security.cookie_secure);
        r.headers_mut().append(header::SET_COOKIE, cookie);
    }
    Ok(r)
}

/// The link's query: `?t=` carries a one-time token printed on a slip.
#[derive(Debug, Default, serde::Deserialize)]
pub struct FormQuery {
    #[serde(default)]
    pub t: String,
}

/// GET `/khao-sat/{campaign}/{unit}`: the anonymous form (no login).
pub async fn form(
    ctx: Ctx,
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((campaign, unit)): Path<(i64, i64)>,
    Query(query): Query<FormQuery>,
) -> AppResult<Response> {
    let typed = Typed { token: query.t.chars().take(64).collect(), ..Typed::default() };
    render_form(&ctx, &state, &headers, campaign, unit, typed, Vec::new()).await
}

/// GET `/khao-sat/cam-on`: the thank-you page.
pub async fn thanks(ctx: Ctx) -> Response {
    ctx.render("sipas/thanks.html", context! {})
}
