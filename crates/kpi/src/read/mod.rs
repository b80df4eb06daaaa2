//! Readers for dossier records (CSV, JSON Lines, XLSX) and the row-level issues they report.
//! Every reader returns the same [`Batch`]; [`crate::check`] then applies the known-unit,
//! known-procedure, date-order and duplicate checks and the caller's [`ErrorPolicy`].

pub mod csv;
pub mod fields;
pub mod jsonl;
pub mod push;
pub mod xlsx;

use serde::{Deserialize, Serialize};

use cchc_domain::kpi::record::DossierRecord;

/// What to do when some rows are bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ErrorPolicy {
    /// Keep the good rows, report the bad ones.
    #[default]
    SkipBad,
    /// Refuse the whole batch if any row is bad.
    RejectBatch,
}

/// Kind of a row issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A cell could not be read, or a required value is missing. Row left out.
    Malformed,
    /// Finish time before receipt time. Row left out.
    FinishBeforeReceipt,
    /// Receiving unit not in the known set. Row left out.
    UnknownUnit,
    /// Procedure not in the catalogue. Row left out.
    UnknownProcedure,
    /// An older row of the same dossier in this batch, superseded by a later one. Row left out.
    Duplicate,
    /// Older than the version already stored (by `updated`). Row left out.
    Stale,
    /// No appointment time: kept, but not judged early / on time / late.
    MissingDue,
}

impl IssueKind {
    /// Whether the row is left out of the computation.
    pub fn drops_row(self) -> bool {
        !matches!(self, IssueKind::MissingDue)
    }

    /// Whether [`ErrorPolicy::RejectBatch`] refuses a batch containing it. Superseded
    /// duplicates and stale versions are normal in a status feed and never refuse a batch.
    pub fn is_error(self) -> bool {
        matches!(
            self,
            IssueKind::Malformed
                | IssueKind::FinishBeforeReceipt
                | IssueKind::UnknownUnit
                | IssueKind::UnknownProcedure
        )
    }
}

/// A problem with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Issue {
    /// 1-based line (CSV, JSON Lines) or row (XLSX) number in the source; the header is line 1.
    pub line: u64,
    /// Dossier code, when it could be read.
    pub code: Option<String>,
    pub kind: IssueKind,
    /// Vietnamese explanation.
    pub message: String,
}

/// Rows read from one source, with their line numbers and issues.
#[derive(Debug, Clone, Default)]
pub struct Batch {
    pub records: Vec<DossierRecord>,
    /// Line of each record (same length as `records`).
    pub lines: Vec<u64>,
    pub issues: Vec<Issue>,
}

impl Batch {
    /// Appends another batch (lines are kept as they are).
    pub fn extend(&mut self, other: Batch) {
        self.records.extend(other.records);
        self.lines.extend(other.lines);
        self.issues.extend(other.issues);
    }

    pub(crate) fn push_row(&mut self, line: u64, row: Result<DossierRecord, String>) {
        match row {
            Ok(r) => {
                self.records.push(r);
                self.lines.push(line);
            }
            Err(message) => self.issues.push(Issue { line, code: None, kind: IssueKind::Malformed, message }),
        }
    }
}

/// A whole source could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("không đọc được tệp: {0}")]
    Io(#[from] std::io::Error),
    #[error("tiêu đề không hợp lệ: {0}")]
    Header(String),
    #[error("tệp Excel không hợp lệ: {0}")]
    Xlsx(String),
    #[error("lô dữ liệu bị từ chối: {} dòng lỗi, dòng đầu tiên {}: {}", .0.len(), .0.first().map_or(0, |i| i.line), .0.first().map_or("", |i| i.message.as_str()))]
    Rejected(Vec<Issue>),
}

/// Source format, detected from the file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    JsonLines,
    Xlsx,
}

impl Format {
    /// From a file name's extension (`.csv`/`.txt`, `.jsonl`/`.ndjson`/`.json`, `.xlsx`/`.xls`).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" | "txt" | "tsv" => Some(Format::Csv),
            "jsonl" | "ndjson" | "json" => Some(Format::JsonLines),
            "xlsx" | "xlsm" | "xls" => Some(Format::Xlsx),
            _ => None,
        }
    }
}

/// Reads a file of any supported format (no checks applied yet).
pub fn read_path(path: &std::path::Path) -> Result<Batch, ReadError> {
    match Format::from_path(path) {
        Some(Format::Xlsx) => xlsx::read_xlsx(&std::fs::read(path)?),
        Some(Format::JsonLines) => jsonl::read_jsonl(&std::fs::read(path)?),
        _ => csv::read_csv(&std::fs::read(path)?),
    }
}
