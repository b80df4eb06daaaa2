//! Criteria sets: the built-in templates (labelled *mẫu, chưa xác nhận*), import from the XLSX
//! layout provinces publish with every problem by row, and the rows to export.

use cchc_domain::par::{criteria_templates, export_rows, is_valid, parse_rows, validate_set, CriteriaSet, Points};
use cchc_domain::par::{Problem, SetStatus, Severity, UnitGroup};
use cchc_domain::user::Actor;
use cchc_storage::model_par::StoredSet;
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Stores the built-in templates when no criteria set is stored yet; returns how many.
pub async fn install_templates(store: &dyn Store, actor: &Actor) -> Result<usize, ServiceError> {
    if !store.criteria_sets().await?.is_empty() {
        return Ok(0);
    }
    let sets = criteria_templates().map_err(|e| ServiceError::Internal(format!("mẫu bộ tiêu chí hỏng: {e}")))?;
    for set in &sets {
        store.save_criteria_set(actor, set).await?;
    }
    Ok(sets.len())
}

/// What the office says of an imported file: the set's identity and validity.
#[derive(Debug, Clone)]
pub struct SetMeta {
    pub code: String,
    pub name: String,
    pub group: UnitGroup,
    pub effective_from: NaiveDate,
    /// The declared total (thang điểm), usually 100.
    pub total: Points,
}

/// Why an imported set was refused. Nothing is stored in either case.
#[derive(Debug, thiserror::Error)]
pub enum ParImportError {
    #[error("{0}")]
    Unreadable(String),
    /// Every problem, each with its row.
    #[error("bộ tiêu chí có {} lỗi", .0.len())]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// Reads a criteria set from XLSX or CSV (STT | Lĩnh vực / Tiêu chí / Tiêu chí thành phần | Điểm
/// tối đa | Phương pháp / hướng dẫn chấm | Tài liệu kiểm chứng), validates it and stores it as a
/// new version (adopted, not a template).
pub async fn import_set(
    store: &dyn Store,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
    meta: SetMeta,
) -> Result<StoredSet, ParImportError> {
    let rows = cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default())
        .map_err(|e| ParImportError::Unreadable(e.to_string()))?;
    let rows: Vec<(u32, Vec<String>)> = rows.into_iter().map(|r| (r.line as u32, r.cells)).collect();
    let parsed = parse_rows(&rows);
    let mut problems = parsed.problems.clone();
    let set = CriteriaSet {
        code: meta.code,
        name: meta.name,
        group: meta.group,
        version: 1,
        effective_from: meta.effective_from,
        effective_to: None,
        status: SetStatus::Adopted,
        frozen: false,
        source: format!("Nhập từ tệp «{file_name}»"),
        total: parsed.declared_total.unwrap_or(meta.total),
        components: Vec::new(),
        areas: parsed.areas,
    };
    problems.extend(validate_set(&set));
    if !is_valid(&problems) {
        problems.retain(|p| p.severity == Severity::Error);
        return Err(ParImportError::Problems(problems));
    }
    Ok(store.save_criteria_set(actor, &set).await.map_err(ServiceError::from)?)
}

/// The rows of a set in the published layout (header first), for XLSX export.
pub fn set_rows(set: &CriteriaSet) -> Vec<Vec<String>> {
    export_rows(set)
}
