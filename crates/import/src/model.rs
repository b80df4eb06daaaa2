//! The one shape every reader produces: the document, its areas, targets and tasks, and the
//! warnings about what could not be placed. Agency cells keep their original text; resolution
//! against the unit registry fills in names later (`resolve_agencies`).

use cchc_domain::budget::Budget;
use cchc_domain::deadline::Deadline;
use chrono::NaiveDate;
use serde::Serialize;

use crate::source::Source;

/// What kind of document this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// Kế hoạch (including a plan issued by a decision).
    Plan,
    /// Quyết định.
    Decision,
    /// Thông báo (kết luận).
    Notice,
    Other,
}

/// The file format the document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Docx,
    Xlsx,
}

/// Document metadata found in the header, title and body.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentInfo {
    /// What the content is imported as (a decision issuing a plan is a plan).
    pub kind: DocKind,
    /// The legal form of the document as issued (`3098/QĐ-UBND` is a decision).
    pub form: DocKind,
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
    pub format: Format,
    /// How the bytes were decoded (`utf-8`, `utf-16le`, `windows-1258`, `tcvn3`, `vni`, …).
    pub encoding: String,
}

/// A field (lĩnh vực) heading: `I. CẢI CÁCH THỂ CHẾ`, or a target group `1. Chỉ đạo điều hành`.
#[derive(Debug, Clone, Serialize)]
pub struct Area {
    pub code: String,
    pub title: String,
    /// Enclosing area for sub-headings (`VII.1` is in `VII`).
    pub parent: Option<String>,
    /// `tasks` for headings of a task table, `targets` for groups of targets.
    pub scope: AreaScope,
    pub source: Source,
}

/// Which list an area groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    Tasks,
    Targets,
}

/// Administrative level a target value applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Province,
    District,
    Commune,
    /// Several levels named together, or `các cấp`.
    All,
    Unspecified,
}

/// Unit of a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueUnit {
    Percent,
    Count,
}

/// One number of a target (`90%` for district level).
#[derive(Debug, Clone, Serialize)]
pub struct TargetValue {
    pub level: Level,
    pub number: f64,
    /// Upper bound of a range (`từ 02 đến 03 cuộc`).
    pub number_max: Option<f64>,
    pub unit: ValueUnit,
    /// The words the value was read from.
    pub text: String,
}

/// A chỉ tiêu: indicator text, values and responsible agencies.
#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub code: String,
    pub area: Option<String>,
    pub text: String,
    /// The target cell as written, when the target came from a table column.
    pub target_text: Option<String>,
    pub values: Vec<TargetValue>,
    pub monitoring: AgencyRef,
    pub implementing: AgencyRef,
    pub source: Source,
}

/// An agency cell: original text and, once resolved, the registry names it matched.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AgencyRef {
    pub text: String,
    /// Resolved unit and group names (empty until `resolve_agencies`).
    pub names: Vec<String>,
    pub unit_ids: Vec<i64>,
    /// Phrases that matched nothing in the registry.
    pub unresolved: Vec<String>,
    /// Actors outside the province (ministries, central bodies, state groups and corporations,
    /// other provinces), kept as written; filled by `resolve_agencies`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<ExternalActor>,
    /// Groups the cell names collectively ("Các sở, ban, ngành"), whose members each get
    /// the work; filled by `resolve_agencies`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<cchc_domain::resolver::UnitGroup>,
}

pub use cchc_domain::resolver::national::ExternalActor;

impl AgencyRef {
    /// An unresolved reference holding `text`.
    pub fn new(text: &str) -> AgencyRef {
        AgencyRef { text: text.to_string(), ..AgencyRef::default() }
    }

    /// Whether the cell was empty.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// A hoạt động under a task, with the fields of its own table row when it has one.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub code: Option<String>,
    pub text: String,
    pub outputs: Vec<String>,
    pub lead_text: Option<String>,
    pub coordinating_text: Option<String>,
    pub deadline: Option<Deadline>,
    pub budget: Option<Budget>,
    pub source: Source,
}

/// A nhiệm vụ of a plan, or an assignment of a conclusion notice.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub code: String,
    /// Code of the enclosing task for sub-tasks (`1.1` under `1`).
    pub parent: Option<String>,
    /// Code of the step this one follows (`Trên cơ sở đó, Bộ Tư pháp tổng hợp …`).
    pub after: Option<String>,
    pub area: Option<String>,
    pub objective: Option<String>,
    pub title: String,
    pub activities: Vec<Activity>,
    pub outputs: Vec<String>,
    pub lead: AgencyRef,
    pub coordinating: AgencyRef,
    pub deadline: Deadline,
    /// Every deadline phrase of the task (prose may name several).
    pub milestones: Vec<Deadline>,
    pub budget: Budget,
    pub source: Source,
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
}

/// Everything read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct ParsedDocument {
    pub document: DocumentInfo,
    pub areas: Vec<Area>,
    pub targets: Vec<Target>,
    pub tasks: Vec<Task>,
    pub warnings: Vec<Warning>,
    /// Whether `resolve_agencies` has filled the agency names.
    pub agencies_resolved: bool,
}

impl ParsedDocument {
    /// Number of activities over all tasks.
    pub fn activity_count(&self) -> usize {
        self.tasks.iter().map(|t| t.activities.len()).sum()
    }
}
