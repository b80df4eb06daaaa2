//! Inspection downloads: the minutes (DOCX, NĐ 30), the follow-up table and the checklist
//! sheet (XLSX), and the files of inspections and remedies, each to those who may read them.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::tracking::today;
use cchc_export::{Column, Table};
use cchc_storage::model_inspection::FindingFilter;
use cchc_storage::DynStore;

use super::{download, DOCX, XLSX};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::error::{AppError, AppResult};
use crate::pages::inspections::PeriodQuery;

fn table(sheet: &str, title: &str, header: Vec<String>, rows: Vec<Vec<String>>) -> Table {
    let cols = header.iter().map(|h| Column::new(h, if h.len() > 20 { 40.0 } else { 16.0 })).collect();
    let mut t = Table::new(sheet, title, cols);
    for r in rows {
        t.push(r.into_iter().map(Into::into).collect());
    }
    t
}

/// GET `/inspections/{id}/minutes.docx`: the minutes of a recorded inspection.
pub async fn minutes(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let vis = auth.scope();
    let i = store.inspection(id, vis).await?;
    if i.recorded_on.is_none() {
        return Err(AppError::NotFound("biên bản kiểm tra"));
    }
    let c = store.checklist(i.checklist_id).await?.checklist;
    let answers = store.answers(id, vis).await?;
    let findings = store.findings(&FindingFilter { inspection_id: Some(id), ..Default::default() }, vis).await?;
    let issuer = cchc_app::consolidate::Issuer::load(store.as_ref(), &config.org).await?;
    let doc = cchc_app::inspection::minutes::minutes(&i, &c, &answers, &findings, &issuer, today());
    let bytes = super::build(move || cchc_export::docx::to_docx(&doc)).await?;
    Ok(download(bytes, DOCX, &format!("bien-ban-kiem-tra-{id}.docx")))
}

/// GET `/inspections/followup.xlsx`: the follow-up table the reader may see.
pub async fn followup(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let (from, to) = q.days();
    let (f, _) = cchc_app::inspection::followup::figures(store.as_ref(), auth.scope(), from, to, today()).await?;
    let (header, rows) = cchc_app::inspection::followup::table_rows(&f);
    let mut t =
        table("Theo dõi kiến nghị", "TÌNH HÌNH XỬ LÝ KIẾN NGHỊ SAU KIỂM TRA, THANH TRA, KIỂM TOÁN", header, rows);
    t.subtitle.push(format!("Số liệu đến ngày {}", today().format("%d/%m/%Y")));
    let bytes = super::build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(download(bytes, XLSX, &format!("theo-doi-kien-nghi-{}.xlsx", today().format("%Y%m%d"))))
}

/// GET `/inspections/checklists/{id}/export.xlsx`: a checklist as the sheet the import reads.
pub async fn checklist(_: Require<AnyUser>, State(store): State<DynStore>, Path(id): Path<i64>) -> AppResult<Response> {
    let c = store.checklist(id).await?.checklist;
    let (header, rows) = cchc_app::inspection::checklists::sheet(&c);
    let t = table("Danh mục", &c.name.to_uppercase(), header, rows);
    let bytes = super::build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(download(bytes, XLSX, &format!("{}-v{}.xlsx", c.code, c.version)))
}

/// GET `/inspections/files/{token}`: a file of an inspection or a remedy.
pub async fn file(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    super::check_token(&token, "tệp")?;
    let (f, bytes) = store.inspection_file(&token, auth.scope()).await?.ok_or(AppError::NotFound("tệp"))?;
    Ok(super::stored_file(bytes, &f.file_name, &f.content_type))
}
