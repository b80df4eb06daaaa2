//! Rows into an in-memory registry (units and reorganisations) and a registry back into the
//! file layout, so that export → edit in Excel → import round-trips.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Column, UnitRow};
use crate::csv::{neutralise, quote};
use crate::unit::{ChangeKind, Unit, UnitChange, UnitId};

/// Builds units (ids 1..n in file order) and reorganisations (ids 1..m, in order of first
/// appearance): a row with `change` ends on `valid_to` and its change takes effect the next
/// day; rows with the same change, date and successors form one record (e.g. two departments
/// merged into a new one; the districts dissolved on 30/06/2025). Unknown codes are skipped
/// (run [`super::validate`] first).
pub fn rows_to_registry(rows: &[UnitRow]) -> (Vec<Unit>, Vec<UnitChange>) {
    let ids: HashMap<&str, UnitId> = rows.iter().enumerate().map(|(i, r)| (r.code.as_str(), i as UnitId + 1)).collect();
    let units: Vec<Unit> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| Unit {
            id: i as UnitId + 1,
            code: r.code.clone(),
            kind: r.kind,
            parent_id: r.parent_code.as_deref().and_then(|p| ids.get(p).copied()),
            name: r.name.clone(),
            abbreviations: r.abbreviations.clone(),
            aliases: r.aliases.clone(),
            valid_from: r.valid_from,
            valid_to: r.valid_to,
            note: r.note.clone(),
        })
        .collect();
    let mut changes: Vec<UnitChange> = Vec::new();
    let mut group_of: HashMap<(ChangeKind, NaiveDate, Vec<UnitId>), usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let (Some(kind), Some(effective)) = (r.change, r.valid_to.and_then(|t| t.succ_opt())) else {
            continue;
        };
        let id = i as UnitId + 1;
        let successors: Vec<UnitId> = r.successor_codes.iter().filter_map(|c| ids.get(c.as_str()).copied()).collect();
        let mut key_succ = successors.clone();
        key_succ.sort_unstable();
        let key = (kind, effective, key_succ);
        if let Some(pos) = group_of.get(&key) {
            let c = &mut changes[*pos];
            c.predecessors.push(id);
            if c.note.is_empty() {
                c.note = r.note.clone();
            }
            continue;
        }
        group_of.insert(key, changes.len());
        changes.push(UnitChange {
            id: changes.len() as i64 + 1,
            kind,
            effective,
            predecessors: vec![id],
            successors,
            note: r.note.clone(),
        });
    }
    (units, changes)
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default()
}

/// Writes units and their reorganisations in the registry layout: UTF-8 with BOM (so Excel
/// reads the diacritics), comma-separated, English headers, dates `dd/mm/yyyy`, lists
/// `; `-separated. A unit's `change` and `successor_codes` come from the reorganisation that
/// lists it as predecessor.
pub fn to_csv(units: &[Unit], changes: &[UnitChange]) -> String {
    let code: HashMap<UnitId, &str> = units.iter().map(|u| (u.id, u.code.as_str())).collect();
    let mut out = String::from("\u{feff}");
    let header: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
    out.push_str(&header.join(","));
    out.push('\n');
    for u in units {
        let change = changes.iter().find(|c| c.predecessors.contains(&u.id));
        let successors: Vec<&str> =
            change.map(|c| c.successors.iter().filter_map(|s| code.get(s).copied()).collect()).unwrap_or_default();
        let cells = [
            u.code.clone(),
            u.kind.code().to_string(),
            u.parent_id.and_then(|p| code.get(&p)).map(|c| (*c).to_string()).unwrap_or_default(),
            u.name.clone(),
            u.abbreviations.join("; "),
            u.aliases.join("; "),
            date(u.valid_from),
            date(u.valid_to),
            change.map(|c| c.kind.code().to_string()).unwrap_or_default(),
            successors.join("; "),
            u.note.clone(),
        ];
        let line: Vec<String> = cells.iter().map(|c| quote(&neutralise(c))).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
