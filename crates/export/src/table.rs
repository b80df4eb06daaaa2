//! The neutral table every exporter takes.

use chrono::{NaiveDate, NaiveDateTime};

/// One cell value. Numbers and dates stay typed so spreadsheets can compute with them.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// A decimal number shown with `decimals` places.
    Num(f64, u8),
    /// A percentage given as 0–100, shown with `decimals` places and a `%` sign.
    Percent(f64, u8),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

impl From<Option<NaiveDate>> for Cell {
    fn from(d: Option<NaiveDate>) -> Self {
        d.map_or(Cell::Empty, Cell::Date)
    }
}

/// A column: header text and width in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub width: f64,
}

impl Column {
    pub fn new(header: &str, width: f64) -> Self {
        Self { header: header.to_string(), width }
    }
}

/// A titled table: one sheet in XLSX, one file in CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Sheet name (Excel limits it to 31 characters; longer names are cut).
    pub sheet: String,
    /// Title printed above the table (e.g. "DANH SÁCH ĐƠN VỊ"); empty for none.
    pub title: String,
    /// Lines under the title (e.g. "Ngày xuất: 22/11/2026").
    pub subtitle: Vec<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(sheet: &str, title: &str, columns: Vec<Column>) -> Self {
        Self { sheet: sheet.to_string(), title: title.to_string(), subtitle: Vec::new(), columns, rows: Vec::new() }
    }

    /// Adds a row (shorter rows are padded with empty cells when written).
    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// Formats a number the Vietnamese way: `.` groups thousands, `,` separates decimals.
pub fn vn_number(v: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if v < 0.0 && s.chars().any(|c| c != '0' && c != '.') { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::vn_number;

    #[test]
    fn vietnamese_numbers() {
        assert_eq!(vn_number(88.18, 2), "88,18");
        assert_eq!(vn_number(1234567.5, 1), "1.234.567,5");
        assert_eq!(vn_number(380.0, 0), "380");
        assert_eq!(vn_number(-0.001, 2), "0,00");
        assert_eq!(vn_number(-12.5, 1), "-12,5");
    }
}
