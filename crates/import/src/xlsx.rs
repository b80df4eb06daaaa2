//! XLSX plan sheets: every sheet, read by the one table reader (`cchc-table`, within its
//! limits), becomes a table at exact cell positions; merged ranges continue downwards
//! (vertical merge) or across (covered columns). Header rows are found by the shared
//! column-role detector, whatever the column order.

use std::collections::{BTreeMap, HashMap};

use cchc_domain::plan::Source;
use cchc_table::{LimitExceeded, LimitKind, Limits, Sheet, TableError};

use crate::blocks::{Block, Cell, Row, Table};
use crate::error::ImportError;

/// Blocks of a workbook.
#[derive(Debug)]
pub struct XlsxRead {
    pub blocks: Vec<Block>,
    pub encoding: String,
}

enum Cover {
    Above,
    Left,
}

impl From<TableError> for ImportError {
    fn from(e: TableError) -> Self {
        match e {
            TableError::Limit(l) => ImportError::Limit(l.to_string()),
            e => ImportError::Broken { kind: "XLSX", detail: e.to_string() },
        }
    }
}

/// Reads all sheets of an XLSX workbook within the default table limits.
pub fn read(bytes: &[u8]) -> Result<XlsxRead, ImportError> {
    let limits = Limits::default();
    let mut blocks = Vec::new();
    for sheet in cchc_table::read_workbook(bytes, &limits)? {
        if let Some(table) = sheet_table(sheet, &limits)? {
            blocks.push(Block::Table(table));
        }
    }
    if blocks.is_empty() {
        return Err(ImportError::NothingFound("XLSX"));
    }
    Ok(XlsxRead { blocks, encoding: "xlsx".into() })
}

/// One sheet as a table: rows that hold a value or continue a vertical merge, each as wide as
/// the sheet's used columns (the shape the column detector expects).
fn sheet_table(sheet: Sheet, limits: &Limits) -> Result<Option<Table>, ImportError> {
    let mut cover: HashMap<(u32, u32), Cover> = HashMap::new();
    let mut spans: HashMap<(u32, u32), usize> = HashMap::new();
    for m in &sheet.merged {
        spans.insert((m.first_row, m.first_col), (m.last_col - m.first_col + 1) as usize);
        for r in m.first_row..=m.last_row {
            for c in m.first_col..=m.last_col {
                if (r, c) != (m.first_row, m.first_col) {
                    cover.insert((r, c), if c == m.first_col { Cover::Above } else { Cover::Left });
                }
            }
        }
    }
    let (c0, width) = (sheet.first_col, sheet.end_col.saturating_sub(sheet.first_col));
    let mut texts: BTreeMap<u32, Vec<String>> =
        sheet.rows.into_iter().map(|r| (r.line.saturating_sub(1) as u32, r.cells)).collect();
    for &(r, _) in cover.keys() {
        texts.entry(r).or_default();
    }
    let area = texts.len().saturating_mul(width);
    if area > limits.max_cells {
        let l = LimitExceeded { kind: LimitKind::Cells, found: area as u64, max: limits.max_cells as u64, place: None };
        return Err(ImportError::Limit(l.to_string()));
    }
    let name = sheet.name;
    let mut rows = Vec::new();
    for (r, mut values) in texts {
        values.resize(c0 + width, String::new());
        let cells: Vec<Cell> = values
            .drain(c0..)
            .enumerate()
            .map(|(j, text)| {
                let c = (c0 + j) as u32;
                let mut cell = Cell::at(j, text, Source::sheet_range(&name, r, c, r, c));
                match cover.get(&(r, c)) {
                    Some(Cover::Above) => cell.merged_above = true,
                    Some(Cover::Left) => cell.text.clear(),
                    None => {}
                }
                cell.span = spans.get(&(r, c)).copied().unwrap_or(1);
                cell
            })
            .collect();
        if cells.iter().all(|c| c.text.trim().is_empty() && !c.merged_above) {
            continue;
        }
        let last = (c0 + width).saturating_sub(1) as u32;
        let source = Source::sheet_range(&name, r, c0 as u32, r, last);
        rows.push(Row { cells, pad: 0, last_may_be_pad: false, source });
    }
    if rows.is_empty() {
        return Ok(None);
    }
    let source = Source { sheet: Some(name), table: Some(sheet.position), ..Source::default() };
    Ok(Some(Table { rows, source }))
}
