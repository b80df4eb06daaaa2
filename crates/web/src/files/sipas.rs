//! SIPAS downloads for province-wide readers: a questionnaire version as XLSX (re-imports as a
//! new version), a campaign's results as XLSX (province, unit groups, units, factors per unit,
//! questions) and its report as DOCX in the NĐ 30 format with a chart.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::sipas::{load_bundle, questionnaire_table, results_report, results_tables};
use cchc_storage::DynStore;

use super::{build, download, DOCX, XLSX};
use crate::auth::policy::ProvinceReaders;
use crate::auth::Require;
use crate::error::AppResult;

/// GET `/sipas/questionnaires/{id}/export.xlsx`: one stored version of a questionnaire.
pub async fn questionnaire_xlsx(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let q = store.questionnaire(id).await?.questionnaire;
    let name = format!("phieu-khao-sat-{}-phien-ban-{}.xlsx", q.code, q.version);
    let t = questionnaire_table(&q);
    let bytes = build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(download(bytes, XLSX, &name))
}

/// GET `/sipas/campaigns/{id}/results.xlsx`: the results, one sheet per level.
pub async fn results_xlsx(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = load_bundle(store.as_ref(), id).await?;
    let tables = results_tables(&b);
    let bytes = build(move || cchc_export::xlsx::to_xlsx(&tables)).await?;
    Ok(download(bytes, XLSX, &format!("ket-qua-khao-sat-{id}.xlsx")))
}

/// GET `/sipas/campaigns/{id}/report.docx`: the results report.
pub async fn report_docx(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = load_bundle(store.as_ref(), id).await?;
    let issuer = cchc_app::consolidate::Issuer::load(store.as_ref(), &config.org).await?;
    let doc = results_report(&b, &issuer, cchc_app::tracking::today());
    let bytes = build(move || cchc_export::docx::to_docx(&doc)).await?;
    Ok(download(bytes, DOCX, &format!("bao-cao-ket-qua-khao-sat-{id}.docx")))
}
