//! Registry operations: reading unit files (CSV or XLSX), importing them all-or-nothing,
//! exporting the registry, and the unit table used by exports.

use cchc_domain::registry_file::{read_table, to_csv, validate, RowError, UnitRow};
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

/// Reads registry rows from a CSV (UTF-8) or XLSX file (its first sheet), told apart by
/// content, through the one table reader; line numbers are the file's own.
pub fn read_registry_file(bytes: &[u8], file_name: &str) -> Result<Vec<UnitRow>, RegistryImportError> {
    let rows = cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default())
        .map_err(|e| RegistryImportError::Unreadable(e.to_string()))?;
    read_table(&rows).map_err(RegistryImportError::Rows)
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
    let before = lead_instances(store, &change.predecessors).await?;
    // The store moves the open work in the change's own transaction; what is left with the
    // former units is what stays (or waits for the office's choice).
    let recorded = store.record_change(actor, change).await?;
    let (moves, mut h) = handover_of(store, &recorded).await?;
    h.moved = before.saturating_sub(lead_instances(store, &change.predecessors).await?);
    h.moved += store.reassign_instances(actor, &moves).await?;
    Ok((recorded, h))
}

/// Lead instances of `units` now.
async fn lead_instances(store: &dyn Store, units: &[cchc_domain::unit::UnitId]) -> Result<usize, ServiceError> {
    let mut n = 0;
    for u in units {
        let f = cchc_storage::model::InstanceFilter { unit_id: Some(*u), lead_only: true, ..Default::default() };
        n += store.count_instances(&f).await? as usize;
    }
    Ok(n)
}

/// The instances a recorded change would move (instance, successor) as the units' work
/// stands now, and what stays. Right after [`UnitStore::record_change`](cchc_storage::UnitStore::record_change)
/// nothing is left to move.
pub async fn handover_of(
    store: &dyn Store,
    recorded: &cchc_domain::unit::UnitChange,
) -> Result<(Vec<(i64, cchc_domain::unit::UnitId)>, Handover), ServiceError> {
    use cchc_domain::tracking::{plan_handover, AssignedItem, AssignmentRole, Handover as H, ItemRef, TaskState};
    let mut items = Vec::new();
    // What each successor already leads: of a group task both led, it keeps its own instance.
    let mut held = std::collections::HashSet::new();
    let mut period_of = std::collections::HashMap::new();
    for s in &recorded.successors {
        let f = cchc_storage::model::InstanceFilter { unit_id: Some(*s), lead_only: true, ..Default::default() };
        held.extend(store.list_instances(&f).await?.into_iter().map(|i| (*s, i.task_id, i.key)));
    }
    for p in recorded.predecessors.iter().filter(|p| !recorded.successors.contains(p)) {
        let f = cchc_storage::model::InstanceFilter { unit_id: Some(*p), lead_only: true, ..Default::default() };
        for i in store.list_instances(&f).await? {
            period_of.insert(i.id, (i.task_id, i.key.clone()));
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
    let decisions = plan_handover(recorded, &items, &std::collections::BTreeMap::new());
    let mut h = Handover::default();
    let mut moves = Vec::new();
    for d in decisions {
        match d.handover {
            H::Move { to } => match period_of.get(&d.item.id) {
                Some((task, key)) if held.contains(&(to, *task, key.clone())) => h.kept += 1,
                _ => moves.push((d.item.id, to)),
            },
            H::Choose { .. } => h.to_choose += 1,
            H::Keep { .. } => h.kept += 1,
        }
    }
    Ok((moves, h))
}
