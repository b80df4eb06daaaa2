//! Report downloads: the province's consolidated report (DOCX in the official form, XLSX
//! annex), and files attached to a report.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::consolidate::index766::{province_root, Index766};
use cchc_app::consolidate::{areas, build, period_instances, surveys, Consolidation, Issuer};
use cchc_app::kpi::now_local;
use cchc_app::kpi::overview::{overview, OverviewQuery};
use cchc_app::reports::{completeness, expected_units};
use cchc_app::tracking::{config, today};
use cchc_export::docx::to_docx;
use cchc_export::xlsx::to_xlsx;
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::{AnyUser, ProvinceReaders};
use crate::auth::{Auth, Require, Scope};
use crate::error::{AppError, AppResult};
use crate::pages::kpi::visible_units;
use crate::pages::reports::ReportsQuery;
use crate::state::AppState;
use chrono::Datelike;

async fn consolidated(
    state: &AppState,
    auth: &Auth,
    key: &str,
) -> AppResult<(cchc_export::docx::OfficialDocument, Vec<cchc_export::Table>)> {
    let (store, org) = (&state.store, &state.config.org);
    let cfg = config(store.as_ref()).await?;
    let period = cfg.calendar.find(key).ok_or(AppError::NotFound("kỳ báo cáo"))?;
    let expected = expected_units(store.as_ref(), &period).await?;
    // The office reads every unit's sent reports; of a draft, that it exists.
    let reports = store.reports_of_period(key, Scope::Province).await?;
    let t = today();
    let c = completeness(&expected, &reports, period.report_due, t);
    let instances = period_instances(store.as_ref(), &period).await?;
    let units = store.all_units().await?;
    let issuer = Issuer::load(store.as_ref(), org).await?;
    let attainment = cchc_app::attainment::panel_live(store.as_ref(), &state.kpi, &period).await?;
    let inspections = cchc_app::inspection::summary::summary(store.as_ref(), period.start, period.end, t).await?;
    let areas = areas::load(store.as_ref(), &period, t).await?;
    // Index 766 as the /kpi page computes it, for the index period matching the report's.
    let index = match period.period_key() {
        None => Index766::NotComparable,
        Some(p) => {
            let visible = visible_units(state, auth).await?;
            let root = province_root(&units, &issuer.parent);
            let q = OverviewQuery { root, period: p, visible, trend_len: 1 };
            Index766::Computed(Box::new(state.kpi.compute(now_local(), move |c| overview(c, &q)).await??))
        }
    };
    let surveys = surveys::load(store.as_ref(), period.end.year(), t).await?;
    let cons = Consolidation {
        period: &period,
        units: &units,
        completeness: &c,
        reports: &reports,
        instances: &instances,
        attainment: &attainment,
        today: t,
        inspections: Some(&inspections),
        areas: &areas,
        index766: Some(&index),
        surveys: Some(&surveys),
    };
    Ok(build(&cons, &issuer))
}

/// GET `/reports/consolidated.docx?period=2025-q2`.
pub async fn docx(
    auth: Require<ProvinceReaders>,
    State(state): State<AppState>,
    Query(q): Query<ReportsQuery>,
) -> AppResult<Response> {
    let (doc, _) = consolidated(&state, &auth, &q.period).await?;
    let bytes = super::build(move || to_docx(&doc)).await?;
    Ok(download(bytes, super::DOCX, &format!("bao-cao-cchc-{}.docx", q.period)))
}

/// GET `/reports/consolidated.xlsx?period=2025-q2`: the annex tables.
pub async fn xlsx(
    auth: Require<ProvinceReaders>,
    State(state): State<AppState>,
    Query(q): Query<ReportsQuery>,
) -> AppResult<Response> {
    let (_, tables) = consolidated(&state, &auth, &q.period).await?;
    let bytes = super::build(move || to_xlsx(&tables)).await?;
    Ok(download(bytes, XLSX, &format!("phu-luc-bao-cao-cchc-{}.xlsx", q.period)))
}

/// GET `/report-files/{token}`: a report's attachment, to its unit, or to province-wide
/// readers once the report is submitted.
pub async fn file(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    super::check_token(&token, "tệp")?;
    let (f, bytes) = store.report_file(&token, auth.scope()).await?.ok_or(AppError::NotFound("tệp"))?;
    Ok(super::stored_file(bytes, &f.file_name, &f.content_type))
}
