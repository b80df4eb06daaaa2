//! Initiative downloads: the annual counts per unit (XLSX) and the attachments of an
//! initiative, each to those who may read them.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::initiative::counts::{counts as count_rows, table_rows, HEADER};
use cchc_app::tracking::today;
use cchc_export::{Column, Table};
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::{AnyUser, ProvinceReaders};
use crate::auth::Require;
use crate::error::{AppError, AppResult};
use crate::pages::initiatives::YearQuery;

/// GET `/initiatives/counts.xlsx`: the year's counts per unit.
pub async fn counts(
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Query(q): Query<YearQuery>,
) -> AppResult<Response> {
    let year = q.year();
    let (rows, total) = count_rows(store.as_ref(), year).await?;
    let cols = HEADER.iter().map(|h| Column::new(h, if h.len() > 20 { 30.0 } else { 10.0 })).collect();
    let mut t = Table::new("Sáng kiến", &format!("SỐ SÁNG KIẾN, GIẢI PHÁP CCHC NĂM {year}"), cols);
    for r in table_rows(&rows, &total) {
        t.push(r.into_iter().map(Into::into).collect());
    }
    t.subtitle.push(format!("Số liệu đến ngày {}", today().format("%d/%m/%Y")));
    let bytes = super::build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(download(bytes, XLSX, &format!("sang-kien-{year}.xlsx")))
}

/// GET `/initiatives/files/{token}`: an attachment of an initiative.
pub async fn file(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    super::check_token(&token, "tệp")?;
    let (f, bytes) = store.initiative_file(&token, auth.scope()).await?.ok_or(AppError::NotFound("tệp"))?;
    Ok(super::stored_file(bytes, &f.file_name, &f.content_type))
}
