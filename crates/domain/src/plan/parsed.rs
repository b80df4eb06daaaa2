//! What the importer reads from one file: the document as its header names it, its areas,
//! targets and tasks (the same types cchc keeps), and the warnings about what could not be
//! placed. Agency cells keep their original text until they are resolved against the registry.

use chrono::NaiveDate;
use serde::Serialize;

use super::{DocumentKind, DocumentMeta, PlanArea, PlanContent, PlanTarget, PlanTask, Source};
use crate::unit::UnitId;

/// The file format a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Text,
    Docx,
    Xlsx,
}

impl DocumentFormat {
    /// `text`, `docx` or `xlsx`, as `DocumentMeta::format` keeps it.
    pub fn code(self) -> &'static str {
        match self {
            DocumentFormat::Text => "text",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Xlsx => "xlsx",
        }
    }
}

/// Document metadata found in the header, title and body.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    /// What the content is imported as (a decision issuing a plan is a plan).
    pub kind: DocumentKind,
    /// The legal form of the document as issued (`3098/QĐ-UBND` is a decision).
    pub form: DocumentKind,
    /// `3098/QĐ-UBND`; `None` when blank (a draft) or absent.
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub place: Option<String>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    /// Year of an annual plan (`… năm 2025`); the default year of deadlines without one.
    pub plan_year: Option<i32>,
    /// Province named by the issuer or the title (`Hà Tĩnh`).
    pub province: Option<String>,
    pub format: DocumentFormat,
    /// How the bytes were decoded (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, `vni`, …).
    pub encoding: String,
}

impl DocumentInfo {
    /// The phrases that may name the document's province, most telling first.
    pub fn province_phrases(&self) -> impl Iterator<Item = &str> {
        [&self.province, &self.issuer, &self.title, &self.place].into_iter().flatten().map(String::as_str)
    }
}

/// Why a warning was raised; stable codes for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCode {
    DeclaredCountMismatch,
    UnplacedRow,
    UnplacedText,
    MissingLead,
    UnparsedDeadline,
    DeadlineBeforeDocument,
    MissingNumber,
    LegacyEncoding,
    MissingColumn,
    UnresolvedAgency,
}

/// Something the importer could not place or doubts; never silent.
#[derive(Debug, Clone, Serialize)]
pub struct Warning {
    pub code: WarningCode,
    pub message: String,
    pub source: Option<Source>,
}

impl Warning {
    /// A warning at a location.
    pub fn at(code: WarningCode, message: impl Into<String>, source: &Source) -> Warning {
        Warning { code, message: message.into(), source: Some(source.clone()) }
    }

    /// A warning about the whole document.
    pub fn doc(code: WarningCode, message: impl Into<String>) -> Warning {
        Warning { code, message: message.into(), source: None }
    }

    /// `message (location)`, as kept with the document.
    pub fn text(&self) -> String {
        match self.source.as_ref().map(Source::label) {
            Some(at) if !at.is_empty() => format!("{} ({at})", self.message),
            _ => self.message.clone(),
        }
    }
}

/// Everything read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedDocument {
    pub document: DocumentInfo,
    pub areas: Vec<PlanArea>,
    pub targets: Vec<PlanTarget>,
    pub tasks: Vec<PlanTask>,
    pub warnings: Vec<Warning>,
    /// Whether the agency cells have been resolved against the registry.
    pub agencies_resolved: bool,
}

impl ParsedDocument {
    /// Number of activities over all tasks.
    pub fn activity_count(&self) -> usize {
        self.tasks.iter().map(|t| t.activities.len()).sum()
    }

    /// What cchc keeps of it: the header becomes the document's identity with the uploaded
    /// file's name and SHA-256 and the province the registry knows it by; warnings become text.
    pub fn into_content(self, file_name: &str, sha256: &str, province_id: Option<UnitId>) -> PlanContent {
        let d = self.document;
        let meta = DocumentMeta {
            kind: d.kind,
            number: d.number,
            date: d.date,
            issuer: d.issuer,
            title: d.title,
            plan_year: d.plan_year,
            province_id,
            file_name: file_name.to_string(),
            format: d.format.code().to_string(),
            sha256: sha256.to_string(),
        };
        let warnings = self.warnings.iter().map(Warning::text).collect();
        PlanContent { meta, areas: self.areas, targets: self.targets, tasks: self.tasks, warnings }
    }
}
