//! The limits a table file is read within, so that a small crafted file cannot make the
//! server allocate what its header declares (a 1.5 KB workbook can declare 17 billion cells).

use std::fmt;

/// What a file may hold before it is refused. Counted on what is really there: bytes as
/// they decompress (not the sizes a ZIP header claims) and cells that hold a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of all ZIP entries of a workbook once decompressed.
    pub max_uncompressed_bytes: u64,
    /// Entries in a workbook's ZIP container.
    pub max_entries: usize,
    /// Worksheets in a workbook.
    pub max_sheets: usize,
    /// The last row number that may hold a value (1-based, as the spreadsheet shows it).
    pub max_rows: usize,
    /// The last column that may hold a value (1-based: 1 = A).
    pub max_columns: usize,
    /// Cells kept in memory: each kept row counts up to its last value, and merged ranges
    /// count every cell they cover.
    pub max_cells: usize,
}

impl Default for Limits {
    /// Generous for what offices exchange (a registry, a criteria set, a month of dossiers),
    /// small enough that the worst file costs a few hundred megabytes at most.
    fn default() -> Self {
        Self {
            max_uncompressed_bytes: 256 * 1024 * 1024,
            max_entries: 10_000,
            max_sheets: 255,
            max_rows: 1_048_576,
            max_columns: 1_024,
            max_cells: 10_000_000,
        }
    }
}

/// Which limit a file went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitKind {
    UncompressedBytes,
    Entries,
    Sheets,
    Rows,
    Columns,
    Cells,
}

impl LimitKind {
    /// The limit in words, for the message the user reads.
    pub fn describe_vi(self) -> &'static str {
        match self {
            Self::UncompressedBytes => "dung lượng sau giải nén (byte)",
            Self::Entries => "số thành phần trong tệp nén",
            Self::Sheets => "số trang tính",
            Self::Rows => "số dòng",
            Self::Columns => "số cột",
            Self::Cells => "số ô",
        }
    }
}

/// A limit a file went past: which, what was found (at least), and the limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitExceeded {
    pub kind: LimitKind,
    pub found: u64,
    pub max: u64,
    /// Where it was found, e.g. `trang «Sheet1», ô XFD1048576`.
    pub place: Option<String>,
}

impl LimitExceeded {
    /// `found` of `kind` where at most `max` is allowed, at `place` when known.
    pub fn new(kind: LimitKind, found: usize, max: usize, place: Option<String>) -> Self {
        Self { kind, found: found as u64, max: max as u64, place }
    }
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tệp vượt giới hạn {}: {} (tối đa {})", self.kind.describe_vi(), group(self.found), group(self.max))?;
        if let Some(p) = &self.place {
            write!(f, ", tại {p}")?;
        }
        Ok(())
    }
}

/// `1048576` → `1.048.576` (Vietnamese digit grouping).
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

pub use cchc_domain::plan::column_name;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_grouping() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16_383), "XFD");
        assert_eq!(group(1_048_576), "1.048.576");
        assert_eq!(group(999), "999");
        let e = LimitExceeded { kind: LimitKind::Columns, found: 16_384, max: 1_024, place: Some("ô XFD1".into()) };
        assert_eq!(e.to_string(), "tệp vượt giới hạn số cột: 16.384 (tối đa 1.024), tại ô XFD1");
    }
}
