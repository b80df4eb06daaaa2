//! Recommendations of outside inspections (thanh tra) and state audits (kiểm toán), entered one
//! by one or imported from a sheet (Đơn vị | Nguồn | Số, ngày văn bản | Mức độ | Lĩnh vực | Nội
//! dung phát hiện | Kiến nghị | Hạn xử lý | Cần tài liệu kiểm chứng): every problem by row, all
//! or nothing. They follow the same remedy path as the office's own findings.

use cchc_domain::inspection::FindingSource;
use cchc_domain::text::{clean, fold};
use cchc_domain::unit::Unit;
use cchc_domain::user::Actor;
use cchc_storage::model::UnitFilter;
use cchc_storage::model_inspection::{Finding, NewFinding};
use cchc_storage::Store;
use chrono::NaiveDate;

use super::record::{parse_finding, FindingFields};
use super::{sheet_rows, ImportError, RowProblem};
use crate::accounts::ServiceError;

/// Column headers of the outside recommendations sheet.
pub const SHEET_HEADER: [&str; 9] = [
    "Đơn vị",
    "Nguồn",
    "Số, ngày văn bản",
    "Mức độ",
    "Lĩnh vực",
    "Nội dung phát hiện",
    "Kiến nghị",
    "Hạn xử lý",
    "Cần tài liệu kiểm chứng",
];

/// One outside recommendation as typed (a form or a sheet row, cells in header order).
pub fn from_cells(cells: &[String], units: &[Unit], today: NaiveDate) -> Result<NewFinding, Vec<String>> {
    let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
    let mut p = Vec::new();
    let who = clean(&cell(0));
    let key = fold(&who);
    let unit = units.iter().find(|u| (!u.code.is_empty() && fold(&u.code) == key) || fold(&u.name) == key);
    if unit.is_none() {
        p.push(format!("không tìm thấy đơn vị \"{who}\" (ghi mã hoặc tên đầy đủ trong danh mục đơn vị)."));
    }
    let source = FindingSource::parse(&cell(1)).filter(|s| *s != FindingSource::Inspection);
    if source.is_none() {
        p.push(format!("nguồn \"{}\" phải là Thanh tra hoặc Kiểm toán.", clean(&cell(1))));
    }
    let fields = FindingFields {
        severity: cell(3),
        area: cell(4),
        text: cell(5),
        recommendation: cell(6),
        due: cell(7),
        evidence_required: cell(8),
    };
    let core = parse_finding(&fields, today);
    if let Err(more) = &core {
        p.extend(more.iter().cloned());
    }
    match (unit, source, core) {
        (Some(u), Some(source), Ok(c)) if p.is_empty() => Ok(NewFinding {
            inspection_id: None,
            unit_id: u.id,
            source,
            source_ref: clean(&cell(2)),
            severity: c.severity,
            area: c.area,
            text: c.text,
            recommendation: c.recommendation,
            due: Some(c.due),
            evidence_required: c.evidence_required,
            raised_on: today,
        }),
        _ => Err(p),
    }
}

async fn units(store: &dyn Store, today: NaiveDate) -> Result<Vec<Unit>, ServiceError> {
    Ok(store.list_units(&UnitFilter { active_on: Some(today), ..Default::default() }).await?)
}

/// Stores one outside recommendation typed into the form.
pub async fn add(store: &dyn Store, actor: &Actor, cells: &[String], today: NaiveDate) -> Result<Finding, ImportError> {
    let units = units(store, today).await?;
    let f =
        from_cells(cells, &units, today).map_err(|p| ImportError::Problems(p.into_iter().map(|m| (0, m)).collect()))?;
    let stored = store.add_findings(actor, &[f]).await.map_err(ServiceError::from)?;
    stored.into_iter().next().ok_or_else(|| ServiceError::Internal("kiến nghị không được ghi".into()).into())
}

/// Imports a sheet of outside recommendations: every problem by row; nothing stored when any
/// row is wrong.
pub async fn import(
    store: &dyn Store,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
    today: NaiveDate,
) -> Result<Vec<Finding>, ImportError> {
    let rows = sheet_rows(bytes, file_name, SHEET_HEADER[0])?;
    let units = units(store, today).await?;
    let mut found = Vec::new();
    let mut problems: Vec<RowProblem> = Vec::new();
    for (line, cells) in &rows {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match from_cells(cells, &units, today) {
            Ok(f) => found.push(f),
            Err(p) => problems.extend(p.into_iter().map(|m| (*line, m))),
        }
    }
    if found.is_empty() && problems.is_empty() {
        problems.push((0, "tệp không có dòng kiến nghị nào.".into()));
    }
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    Ok(store.add_findings(actor, &found).await.map_err(ServiceError::from)?)
}
