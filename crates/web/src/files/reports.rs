//! Report downloads: the province's consolidated report (DOCX in the official form, XLSX
//! annex), and files attached to a report.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::consolidate::{build, period_instances, Consolidation, Issuer};
use cchc_app::reports::{completeness, expected_units};
use cchc_app::tracking::{config, today};
use cchc_export::docx::to_docx;
use cchc_export::xlsx::to_xlsx;
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::{AnyUser, ProvinceReaders};
use crate::auth::{Require, Scope};
use crate::error::{AppError, AppResult};
use crate::pages::reports::ReportsQuery;

async fn consolidated(
    store: &DynStore,
    org: &cchc_app::config::OrgConfig,
    key: &str,
) -> AppResult<(cchc_export::docx::OfficialDocument, Vec<cchc_export::Table>)> {
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
    let attainment = cchc_app::attainment::panel(store.as_ref(), &period).await?;
    let inspections = cchc_app::inspection::summary::summary(store.as_ref(), period.start, period.end, t).await?;
    let cons = Consolidation {
        period: &period,
        units: &units,
        completeness: &c,
        reports: &reports,
        instances: &instances,
        attainment: &attainment,
        today: t,
        inspections: Some(&inspections),
    };
    Ok(build(&cons, &issuer))
}

/// GET `/reports/consolidated.docx?period=2025-q2`.
pub async fn docx(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    Query(q): Query<ReportsQuery>,
) -> AppResult<Response> {
    let (doc, _) = consolidated(&store, &config.org, &q.period).await?;
    let bytes = super::build(move || to_docx(&doc)).await?;
    Ok(download(bytes, super::DOCX, &format!("bao-cao-cchc-{}.docx", q.period)))
}

/// GET `/reports/consolidated.xlsx?period=2025-q2`: the annex tables.
pub async fn xlsx(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    Query(q): Query<ReportsQuery>,
) -> AppResult<Response> {
    let (_, tables) = consolidated(&store, &config.org, &q.period).await?;
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
