//! Checklists: the templates (labelled *mẫu, chưa xác nhận*), import of a sheet (Mã | Lĩnh vực
//! | Nội dung kiểm tra | Cần tài liệu kiểm chứng) with every problem by row, and the list in
//! force for a unit group on a day.

use cchc_domain::inspection::checklist::SHEET_HEADER;
use cchc_domain::inspection::{checklist_templates, in_force, Checklist, ChecklistStatus};
use cchc_domain::text::clean;
use cchc_domain::user::Actor;
use cchc_storage::model_inspection::StoredChecklist;
use cchc_storage::Store;
use chrono::NaiveDate;

use super::{sheet_rows, ImportError};
use crate::accounts::ServiceError;

/// Stores the templates when no checklist is stored yet; returns how many.
pub async fn install_templates(store: &dyn Store, actor: &Actor) -> Result<usize, ServiceError> {
    if !store.checklists().await?.is_empty() {
        return Ok(0);
    }
    let lists =
        checklist_templates().map_err(|e| ServiceError::Internal(format!("mẫu danh mục kiểm tra hỏng: {e}")))?;
    for c in &lists {
        store.save_checklist(actor, c).await?;
    }
    Ok(lists.len())
}

/// What the office says of an imported checklist.
#[derive(Debug, Clone)]
pub struct ChecklistMeta {
    pub code: String,
    pub name: String,
    pub group: String,
    pub effective_from: NaiveDate,
    pub target_percent: u32,
}

/// Reads a checklist sheet (XLSX or CSV), checks every row and the list, and stores it as a
/// new version confirmed by the office. Nothing is stored when anything is wrong.
pub async fn import(
    store: &dyn Store,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
    meta: ChecklistMeta,
) -> Result<StoredChecklist, ImportError> {
    let rows = sheet_rows(bytes, file_name, SHEET_HEADER[0])?;
    let items = Checklist::items_from_rows(&rows).map_err(ImportError::Problems)?;
    let c = Checklist {
        code: clean(&meta.code),
        name: clean(&meta.name),
        group: meta.group,
        version: 1,
        effective_from: meta.effective_from,
        status: ChecklistStatus::Confirmed,
        target_percent: meta.target_percent,
        items,
    };
    let problems = c.problems();
    if !problems.is_empty() {
        return Err(ImportError::Problems(problems));
    }
    Ok(store.save_checklist(actor, &c).await.map_err(ServiceError::from)?)
}

/// The stored checklist in force for `group` on `day`.
pub async fn for_group(
    store: &dyn Store,
    group: &str,
    day: NaiveDate,
) -> Result<Option<StoredChecklist>, ServiceError> {
    let stored = store.checklists().await?;
    let lists: Vec<Checklist> = stored.iter().map(|s| s.checklist.clone()).collect();
    let Some(c) = in_force(&lists, group, day) else { return Ok(None) };
    Ok(stored.into_iter().find(|s| s.checklist.code == c.code && s.checklist.version == c.version))
}

/// The header and rows of a checklist sheet, for export.
pub fn sheet(c: &Checklist) -> (Vec<String>, Vec<Vec<String>>) {
    (SHEET_HEADER.iter().map(|h| h.to_string()).collect(), c.to_rows())
}
