//! XLSX reading with calamine: every sheet becomes a table at exact cell positions; merged
//! ranges continue downwards (vertical merge) or across (covered columns). Header rows are found
//! by the shared column-role detector, whatever the column order.

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;

use crate::blocks::{Block, Cell, Row, Table};
use crate::error::ImportError;
use crate::source::Source;

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

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            serial_date(dt.as_f64()).map_or_else(|| dt.as_f64().to_string(), |d| d.format("%d/%m/%Y").to_string())
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// Excel serial day (1900 system) to a date.
fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(serial.floor() as u64))
}

/// Reads all sheets of an XLSX workbook.
pub fn read(bytes: &[u8]) -> Result<XlsxRead, ImportError> {
    let broken = |e: calamine::XlsxError| ImportError::Broken { kind: "XLSX", detail: e.to_string() };
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(broken)?;
    let mut blocks = Vec::new();
    for (sheet_no, name) in wb.sheet_names().into_iter().enumerate() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        let mut cover: HashMap<(u32, u32), Cover> = HashMap::new();
        let mut spans: HashMap<(u32, u32), usize> = HashMap::new();
        let merged = wb.merge_cells_by_sheet_name(&name).unwrap_or_default();
        {
            for dim in &merged {
                let (a, b) = (dim.start, dim.end);
                spans.insert(a, (b.1.saturating_sub(a.1) + 1) as usize);
                for r in a.0..=b.0.min(a.0 + 10_000) {
                    for c in a.1..=b.1.min(a.1 + 200) {
                        if (r, c) == a {
                            continue;
                        }
                        cover.insert((r, c), if c == a.1 { Cover::Above } else { Cover::Left });
                    }
                }
            }
        }
        let mut rows = Vec::new();
        for (i, row) in range.rows().enumerate() {
            let r = r0 + i as u32;
            let width = row.len() as u32;
            let cells: Vec<Cell> = row
                .iter()
                .enumerate()
                .map(|(j, d)| {
                    let c = c0 + j as u32;
                    let source = Source::sheet_range(&name, r, c, r, c);
                    let mut cell = Cell::at(j, text_of(d), source);
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
            let source = Source::sheet_range(&name, r, c0, r, c0 + width.saturating_sub(1));
            rows.push(Row { cells, pad: 0, last_may_be_pad: false, source });
        }
        if !rows.is_empty() {
            let source = Source { sheet: Some(name.clone()), table: Some(sheet_no + 1), ..Source::default() };
            blocks.push(Block::Table(Table { rows, source }));
        }
    }
    if blocks.is_empty() {
        return Err(ImportError::NothingFound("XLSX"));
    }
    Ok(XlsxRead { blocks, encoding: "xlsx".into() })
}
