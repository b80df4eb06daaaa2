//! The one table reader of cchc: a CSV text or an XLSX workbook becomes rows of text cells,
//! each with the line (row number) the user sees in the file, read within [`Limits`].
//!
//! Every spreadsheet that cchc takes from a user (units, the 766 catalogue, lists and dossiers,
//! plan sheets, criteria sets, survey answers) goes through here, so there is one place where a
//! crafted file is refused: cells are streamed (a workbook's declared dimensions are never
//! allocated), the ZIP container's real decompressed size is counted first, and each limit
//! broken is named in the error.

pub mod crafted;
mod limits;
mod xlsx;
pub mod zipcheck;

use cchc_domain::csv::{parse, Record};

pub use limits::{column_name, LimitExceeded, LimitKind, Limits};
pub use xlsx::{Merge, Sheet};

/// One row: its 1-based line (the spreadsheet's row number, or the CSV line it starts on) and
/// its cells as text, from the first column (A) to the last one holding a value.
pub type Row = Record;

/// Why a table file was refused. Nothing was kept.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// Not a CSV or XLSX file, or a damaged one; the message says which and what to do.
    #[error("{0}")]
    Unreadable(String),
    /// The file goes past one of the [`Limits`].
    #[error("{0}")]
    Limit(LimitExceeded),
    /// A CSV text that cannot be split into cells.
    #[error("dòng {line}: {message}")]
    Csv { line: usize, message: String },
}

impl From<LimitExceeded> for TableError {
    fn from(l: LimitExceeded) -> Self {
        TableError::Limit(l)
    }
}

/// What kind of table a file is, told from its first bytes (then its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

/// Tells CSV from XLSX, and refuses with a useful message what is neither.
pub fn detect(bytes: &[u8], file_name: &str) -> Result<Format, TableError> {
    let lower = file_name.to_lowercase();
    if bytes.is_empty() {
        return Err(TableError::Unreadable("tệp rỗng".into()));
    }
    if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".xlsx") {
        return Ok(Format::Xlsx);
    }
    if bytes.starts_with(b"%PDF") || lower.ends_with(".pdf") {
        return Err(TableError::Unreadable("tệp PDF không đọc được thành bảng; hãy dùng tệp CSV hoặc XLSX".into()));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || lower.ends_with(".xls") {
        return Err(TableError::Unreadable(
            "định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx".into(),
        ));
    }
    Ok(Format::Csv)
}

/// The rows of a CSV text or of an XLSX workbook's first sheet, blank rows left out.
pub fn read_rows(bytes: &[u8], file_name: &str, limits: &Limits) -> Result<Vec<Row>, TableError> {
    match detect(bytes, file_name)? {
        Format::Xlsx => Ok(xlsx::read(bytes, limits, Some(1))?.into_iter().next().map(|s| s.rows).unwrap_or_default()),
        Format::Csv => read_csv(bytes, limits),
    }
}

/// Every sheet of an XLSX workbook, with its merged ranges.
pub fn read_workbook(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, TableError> {
    xlsx::read(bytes, limits, None)
}

/// CSV text (UTF-8, with or without BOM) into rows, blank ones left out.
pub fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Vec<Row>, TableError> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1;
        TableError::Unreadable(format!(
            "tệp không phải văn bản UTF-8 (lỗi ở dòng {line}, byte {}); hãy lưu tệp CSV với mã hóa UTF-8",
            e.valid_up_to() + 1
        ))
    })?;
    let records = parse(text).map_err(|e| TableError::Csv { line: e.line, message: e.message })?;
    let mut cells = 0usize;
    let mut rows = Vec::with_capacity(records.len());
    for r in records.into_iter().filter(|r| r.cells.iter().any(|c| !c.trim().is_empty())) {
        check_row(&r, limits, &mut cells, None)?;
        rows.push(r);
    }
    Ok(rows)
}

/// Counts a row against the row, column and cell limits.
fn check_row(r: &Row, limits: &Limits, cells: &mut usize, sheet: Option<&str>) -> Result<(), TableError> {
    let place = |col: usize| {
        let cell = format!("ô {}{}", column_name(col.saturating_sub(1) as u32), r.line);
        Some(sheet.map_or(cell.clone(), |s| format!("trang «{s}», {cell}")))
    };
    let over = |kind, found, max, place| Err(LimitExceeded::new(kind, found, max, place).into());
    if r.line > limits.max_rows {
        return over(LimitKind::Rows, r.line, limits.max_rows, place(1));
    }
    if r.cells.len() > limits.max_columns {
        return over(LimitKind::Columns, r.cells.len(), limits.max_columns, place(r.cells.len()));
    }
    *cells += r.cells.len();
    if *cells > limits.max_cells {
        return over(LimitKind::Cells, *cells, limits.max_cells, place(r.cells.len()));
    }
    Ok(())
}
