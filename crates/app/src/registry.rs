//! Registry operations: reading unit files (CSV or XLSX), importing them all-or-nothing,
//! exporting the registry, and the unit table used by exports.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};
use cchc_domain::registry_file::{read_csv, read_table, to_csv, validate, RowError, UnitRow};
use cchc_domain::unit::Unit;
use cchc_domain::user::Actor;
use cchc_storage::model::ImportReport;
use cchc_storage::Store;

use crate::accounts::ServiceError;

/// Why a registry file was refused. Nothing is written in either case.
#[derive(Debug, thiserror::Error)]
pub enum RegistryImportError {
    /// The file is not CSV or XLSX, or cannot be read at all.
    #[error("{0}")]
    Unreadable(String),
    /// Rows with problems, each with its line number.
    #[error("tệp có {} lỗi", .0.len())]
    Rows(Vec<RowError>),
    #[error(transparent)]
    Service(#[from] ServiceError),
}

/// Reads registry rows from a CSV (UTF-8) or XLSX file, told apart by content.
pub fn read_registry_file(bytes: &[u8], file_name: &str) -> Result<Vec<UnitRow>, RegistryImportError> {
    if bytes.is_empty() {
        return Err(RegistryImportError::Unreadable("tệp rỗng".into()));
    }
    let lower = file_name.to_lowercase();
    if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") {
        return read_xlsx(bytes);
    }
    if bytes.starts_with(b"%PDF") || lower.ends_with(".pdf") {
        return Err(RegistryImportError::Unreadable(
            "tệp PDF không đọc được danh sách đơn vị; hãy dùng tệp CSV hoặc XLSX".into(),
        ));
    }
    if lower.ends_with(".xls") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(RegistryImportError::Unreadable(
            "định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx".into(),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        RegistryImportError::Unreadable(format!(
            "tệp không phải văn bản UTF-8 (lỗi ở byte {}); hãy lưu tệp CSV với mã hóa UTF-8",
            e.valid_up_to() + 1
        ))
    })?;
    read_csv(text).map_err(RegistryImportError::Rows)
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<UnitRow>, RegistryImportError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| RegistryImportError::Unreadable(format!("không mở được tệp Excel: {e}")))?;
    let sheet = wb
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| RegistryImportError::Unreadable("tệp Excel không có trang tính nào".into()))?;
    let range = wb
        .worksheet_range(&sheet)
        .map_err(|e| RegistryImportError::Unreadable(format!("không đọc được trang tính «{sheet}»: {e}")))?;
    // Row numbers in messages must match what Excel shows, so keep leading empty rows.
    let offset = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); offset];
    rows.extend(range.rows().map(|r| r.iter().map(cell_string).collect()));
    while rows.first().is_some_and(|r| r.iter().all(|c| c.trim().is_empty())) {
        rows.remove(0);
    }
    read_table(&rows).map_err(RegistryImportError::Rows)
}

/// Spreadsheet cell as the text a CSV would hold (dates as dd/mm/yyyy).
fn cell_string(c: &Data) -> String {
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => d.as_datetime().map(|dt| dt.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Reads, validates against the current registry and imports in one transaction.
pub async fn import_registry(
    store: &dyn Store,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
) -> Result<ImportReport, RegistryImportError> {
    let rows = read_registry_file(bytes, file_name)?;
    import_rows(store, actor, &rows).await
}

/// Validates rows against the current registry and imports them (all or nothing).
pub async fn import_rows(
    store: &dyn Store,
    actor: &Actor,
    rows: &[UnitRow],
) -> Result<ImportReport, RegistryImportError> {
    let existing = store.all_units().await.map_err(ServiceError::from)?;
    validate(rows, &existing).map_err(RegistryImportError::Rows)?;
    Ok(store.import_units(actor, rows).await.map_err(ServiceError::from)?)
}

/// The whole registry as CSV in the import layout (round-trips through import).
pub async fn export_csv(store: &dyn Store) -> Result<String, ServiceError> {
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    Ok(to_csv(&units, &changes))
}

/// Units by id for display (parent names, successors).
pub fn index(units: &[Unit]) -> std::collections::HashMap<i64, &Unit> {
    units.iter().map(|u| (u.id, u)).collect()
}

/// What a reorganisation did to the work of the units that ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handover {
    /// Open task instances moved to a successor.
    pub moved: usize,
    /// Open instances the office must assign by hand (splits, dissolutions).
    pub to_choose: usize,
    /// Closed or past instances that stay with the former unit (history keeps its name).
    pub kept: usize,
}

/// Records a merge / split / rename / dissolution and moves the open work of the units that
/// end to their successor, keeping history (past instances stay with the former unit).
pub async fn record_change(
    store: &dyn Store,
    actor: &Actor,
    change: &cchc_storage::model::NewChange,
) -> Result<(cchc_domain::unit::UnitChange, Handover), ServiceError> {
    use cchc_domain::tracking::{plan_handover, AssignedItem, AssignmentRole, Handover as H, ItemRef, TaskState};
    let recorded = store.record_change(actor, change).await?;
    let mut items = Vec::new();
    for p in recorded.predecessors.iter().filter(|p| !recorded.successors.contains(p)) {
        let f = cchc_storage::model::InstanceFilter { unit_id: Some(*p), lead_only: true, ..Default::default() };
        for i in store.list_instances(&f).await? {
            let open = !matches!(i.progress.state, TaskState::Accepted);
            items.push(AssignedItem {
                item: ItemRef::task(i.id),
                unit: *p,
                role: AssignmentRole::Lead,
                open,
                period_end: i.period_end.or(i.due),
            });
        }
    }
    let decisions = plan_handover(&recorded, &items, &std::collections::BTreeMap::new());
    let mut h = Handover::default();
    let mut moves = Vec::new();
    for d in decisions {
        match d.handover {
            H::Move { to } => moves.push((d.item.id, to)),
            H::Choose { .. } => h.to_choose += 1,
            H::Keep { .. } => h.kept += 1,
        }
    }
    h.moved = store.reassign_instances(actor, &moves).await?;
    Ok((recorded, h))
}
