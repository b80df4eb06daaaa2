//! XLSX workbooks, cell by cell: calamine's streaming cell reader gives each cell that holds
//! a value with its position, so memory follows the cells really there, never the sheet's
//! declared dimensions. Rows come out dense from column A to their last value.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx, XlsxError};
use chrono::NaiveDate;

use crate::limits::{LimitExceeded, LimitKind, Limits};
use crate::{check_row, column_name, zipcheck, Row, TableError};

/// A merged range, 0-based and inclusive, cut to the part of the sheet that holds values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_row: u32,
    pub first_col: u32,
    pub last_row: u32,
    pub last_col: u32,
}

/// One worksheet: its name, 1-based position, rows holding a value, and merged ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub position: usize,
    pub rows: Vec<Row>,
    /// The first column (0-based) that holds a value anywhere in the sheet.
    pub first_col: usize,
    /// One past the last column (0-based) that holds a value anywhere in the sheet.
    pub end_col: usize,
    pub merged: Vec<Merge>,
}

fn unreadable(e: XlsxError) -> TableError {
    TableError::Unreadable(format!("tệp XLSX hỏng hoặc không phải bảng tính: {e}"))
}

fn over(kind: LimitKind, found: u64, max: usize, place: String) -> TableError {
    LimitExceeded::new(kind, found as usize, max, Some(place)).into()
}

/// Reads the first `max_sheets` sheets (all when `None`).
pub(crate) fn read(bytes: &[u8], limits: &Limits, max_sheets: Option<usize>) -> Result<Vec<Sheet>, TableError> {
    zipcheck::check(bytes, limits)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let names = wb.sheet_names();
    if names.len() > limits.max_sheets {
        return Err(LimitExceeded::new(LimitKind::Sheets, names.len(), limits.max_sheets, None).into());
    }
    if names.is_empty() {
        return Err(TableError::Unreadable("tệp Excel không có trang tính nào".into()));
    }
    let mut budget = Budget { cells: 0, limits };
    let mut sheets = Vec::new();
    for (i, name) in names.iter().enumerate().take(max_sheets.unwrap_or(usize::MAX)) {
        let grid = match read_cells(&mut wb, name, &mut budget)? {
            Some(g) => g,
            None => continue,
        };
        let merges = wb.merge_cells_by_sheet_name(name).map_err(unreadable)?;
        sheets.push(build_sheet(name, i + 1, grid, &merges, &mut budget)?);
    }
    Ok(sheets)
}

/// Cells kept so far, against the limit.
struct Budget<'a> {
    cells: usize,
    limits: &'a Limits,
}

impl Budget<'_> {
    fn take(&mut self, n: usize, place: impl FnOnce() -> String) -> Result<(), TableError> {
        self.cells += n;
        if self.cells > self.limits.max_cells {
            return Err(over(LimitKind::Cells, self.cells as u64, self.limits.max_cells, place()));
        }
        Ok(())
    }
}

type Grid = BTreeMap<u32, Vec<(u32, String)>>;

/// The cells of one sheet that hold a value, by row; `None` for a sheet that is not a
/// worksheet (a chart sheet).
fn read_cells(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str, budget: &mut Budget) -> Result<Option<Grid>, TableError> {
    let limits = budget.limits;
    let mut reader = match wb.worksheet_cells_reader(name) {
        Ok(r) => r,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(None),
        Err(e) => return Err(unreadable(e)),
    };
    let mut grid = Grid::new();
    while let Some(cell) = reader.next_cell().map_err(unreadable)? {
        let text = cell_text(cell.get_value());
        if text.is_empty() {
            continue;
        }
        let (r, c) = cell.get_position();
        let place = || format!("trang «{name}», ô {}{}", column_name(c), u64::from(r) + 1);
        if r as usize >= limits.max_rows {
            return Err(over(LimitKind::Rows, u64::from(r) + 1, limits.max_rows, place()));
        }
        if c as usize >= limits.max_columns {
            return Err(over(LimitKind::Columns, u64::from(c) + 1, limits.max_columns, place()));
        }
        budget.take(1, place)?;
        grid.entry(r).or_default().push((c, text));
    }
    Ok(Some(grid))
}

fn build_sheet(
    name: &str,
    position: usize,
    grid: Grid,
    merges: &[calamine::Dimensions],
    budget: &mut Budget,
) -> Result<Sheet, TableError> {
    let first_col = grid.values().flatten().map(|(c, _)| *c as usize).min().unwrap_or(0);
    let end_col = grid.values().flatten().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
    let last_row = grid.keys().next_back().copied();
    let mut rows = Vec::with_capacity(grid.len());
    let mut dense_cells = 0usize;
    for (r, cells) in grid {
        let width = cells.iter().map(|(c, _)| *c as usize + 1).max().unwrap_or(0);
        let mut dense = vec![String::new(); width];
        for (c, text) in cells {
            dense[c as usize] = text;
        }
        let row = Row { line: r as usize + 1, cells: dense };
        check_row(&row, budget.limits, &mut dense_cells, Some(name))?;
        rows.push(row);
    }
    let mut merged = Vec::new();
    if let Some(last_row) = last_row {
        let last_col = end_col.saturating_sub(1) as u32;
        for m in merges {
            let (a, b) = (m.start, m.end);
            if a.0 > last_row || a.1 > last_col || b.0 < a.0 || b.1 < a.1 {
                continue;
            }
            let cut =
                Merge { first_row: a.0, first_col: a.1, last_row: b.0.min(last_row), last_col: b.1.min(last_col) };
            let area = (cut.last_row - cut.first_row + 1) as usize * (cut.last_col - cut.first_col + 1) as usize;
            budget.take(area, || format!("trang «{name}», vùng gộp ô bắt đầu ở {}{}", column_name(a.1), a.0 + 1))?;
            merged.push(cut);
        }
    }
    Ok(Sheet { name: name.to_string(), position, rows, first_col, end_col, merged })
}

/// A cell as the text a CSV would hold: whole numbers without `.0`, dates `dd/mm/yyyy` (with
/// `HH:MM:SS` when the time is not midnight), booleans `TRUE` / `FALSE`, errors empty.
fn cell_text(d: &DataRef) -> String {
    match d {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        DataRef::Float(f) => f.to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(dt) => serial_text(dt.as_f64()),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// An Excel serial (1900 system) as `dd/mm/yyyy[ HH:MM:SS]`; the number itself when it is no
/// plausible date.
fn serial_text(serial: f64) -> String {
    let Some(day) = (serial.is_finite() && (1.0..2_958_466.0).contains(&serial))
        .then(|| NaiveDate::from_ymd_opt(1899, 12, 30))
        .flatten()
        .and_then(|d| d.checked_add_days(chrono::Days::new(serial.floor() as u64)))
    else {
        return serial.to_string();
    };
    let secs = ((serial - serial.floor()) * 86_400.0).round() as u32;
    if secs == 0 || secs >= 86_400 {
        return day.format("%d/%m/%Y").to_string();
    }
    format!("{} {:02}:{:02}:{:02}", day.format("%d/%m/%Y"), secs / 3600, secs / 60 % 60, secs % 60)
}
