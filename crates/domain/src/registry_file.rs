//! The organisation registry file (docs/registry-format.md): reading rows from CSV text or
//! from spreadsheet cells, checking them, turning them into units and reorganisations,
//! writing them back, and the default registries shipped with cchc.

mod read;
mod validate;
mod write;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::unit::{ChangeKind, Unit, UnitChange, UnitKind};

pub use crate::csv::{detect_delimiter, parse as parse_csv, Record};
pub use read::{parse_date, read_csv, read_table};
pub use validate::validate;
pub use write::{rows_to_registry, to_csv};

/// One row of a registry file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRow {
    /// File line (CSV) or sheet row (spreadsheet) of the row, 1-based; the header is line 1.
    pub line: usize,
    /// Stable unique code, upper case (`HT-SNV`).
    pub code: String,
    pub kind: UnitKind,
    /// Code of the parent unit, in the file or already in the registry.
    pub parent_code: Option<String>,
    /// Official name, NFC.
    pub name: String,
    /// Abbreviations used in documents (`Sở TT&TT`).
    pub abbreviations: Vec<String>,
    /// Other spellings and former names.
    pub aliases: Vec<String>,
    /// First day in force, if known.
    pub valid_from: Option<NaiveDate>,
    /// Last day in force (inclusive); `None` while current.
    pub valid_to: Option<NaiveDate>,
    /// How the unit ended (with `valid_to`).
    pub change: Option<ChangeKind>,
    /// Codes of the units that carry on from the day after `valid_to`.
    pub successor_codes: Vec<String>,
    /// Legal basis or remark.
    pub note: String,
}

/// A problem in a registry file, located by line and column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// File line (CSV) or sheet row (spreadsheet), 1-based.
    pub line: usize,
    /// The column's file name (`kind`, `valid_to`…), when one cell is at fault.
    pub column: Option<String>,
    /// What is wrong and how to fix it, in Vietnamese.
    pub message: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(c) => write!(f, "dòng {}, cột `{c}`: {}", self.line, self.message),
            None => write!(f, "dòng {}: {}", self.line, self.message),
        }
    }
}

impl std::error::Error for RowError {}

/// The columns of the registry layout, in file order; headers in [`Column::name`] (English,
/// as written) and [`Column::header_vi`] (also accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Code,
    Kind,
    ParentCode,
    Name,
    Abbreviations,
    Aliases,
    ValidFrom,
    ValidTo,
    Change,
    SuccessorCodes,
    Note,
}

impl Column {
    /// Every column, in the order files are written.
    pub const ALL: [Column; 11] = [
        Column::Code,
        Column::Kind,
        Column::ParentCode,
        Column::Name,
        Column::Abbreviations,
        Column::Aliases,
        Column::ValidFrom,
        Column::ValidTo,
        Column::Change,
        Column::SuccessorCodes,
        Column::Note,
    ];

    /// The header written in files.
    pub fn name(self) -> &'static str {
        match self {
            Column::Code => "code",
            Column::Kind => "kind",
            Column::ParentCode => "parent_code",
            Column::Name => "name",
            Column::Abbreviations => "abbreviations",
            Column::Aliases => "aliases",
            Column::ValidFrom => "valid_from",
            Column::ValidTo => "valid_to",
            Column::Change => "change",
            Column::SuccessorCodes => "successor_codes",
            Column::Note => "note",
        }
    }

    /// The Vietnamese header also accepted.
    pub fn header_vi(self) -> &'static str {
        match self {
            Column::Code => "Mã",
            Column::Kind => "Loại",
            Column::ParentCode => "Mã đơn vị cha",
            Column::Name => "Tên",
            Column::Abbreviations => "Tên viết tắt",
            Column::Aliases => "Tên khác",
            Column::ValidFrom => "Hiệu lực từ",
            Column::ValidTo => "Hiệu lực đến",
            Column::Change => "Hình thức thay đổi",
            Column::SuccessorCodes => "Đơn vị kế thừa",
            Column::Note => "Ghi chú",
        }
    }

    /// Whether the column must be present.
    pub fn required(self) -> bool {
        matches!(self, Column::Code | Column::Kind | Column::Name)
    }
}

const DEFAULT_REGISTRIES: [(&str, &str); 6] = [
    ("bo-nganh.csv", include_str!("../data/registry/bo-nganh.csv")),
    ("ha-tinh.csv", include_str!("../data/registry/ha-tinh.csv")),
    ("binh-dinh.csv", include_str!("../data/registry/binh-dinh.csv")),
    ("hoa-binh.csv", include_str!("../data/registry/hoa-binh.csv")),
    ("dong-thap.csv", include_str!("../data/registry/dong-thap.csv")),
    ("ho-chi-minh.csv", include_str!("../data/registry/ho-chi-minh.csv")),
];

/// The registries shipped with cchc: `(file name, CSV text)`. Codes are unique across files,
/// so the files can be imported together (national bodies first).
pub fn default_registries() -> &'static [(&'static str, &'static str)] {
    &DEFAULT_REGISTRIES
}

/// Reads, checks (file by file) and builds every default registry as one registry, ids in
/// file order. Errors carry the file name in front of the message.
pub fn default_registry() -> Result<(Vec<Unit>, Vec<UnitChange>), Vec<RowError>> {
    let mut rows: Vec<UnitRow> = Vec::new();
    let mut errors: Vec<RowError> = Vec::new();
    for (file, text) in default_registries() {
        let checked = read_csv(text).and_then(|r| validate(&r, &[]).map(|()| r));
        match checked {
            Ok(r) => rows.extend(r),
            Err(es) => errors.extend(es.into_iter().map(|mut e| {
                e.message = format!("{file}: {}", e.message);
                e
            })),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(rows_to_registry(&rows))
}

#[cfg(test)]
mod tests;
