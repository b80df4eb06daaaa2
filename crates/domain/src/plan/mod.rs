//! Plans and conclusion notices: the one model the importer produces (`ParsedDocument`) and
//! cchc keeps (`PlanContent`): the document, its areas, targets and tasks, each with where in
//! the file it came from, each agency cell with its resolved units and the phrases that matched
//! nothing, and the comparison of two versions of the same document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::budget::Budget;
use crate::deadline::Deadline;
use crate::unit::UnitId;

mod diff;
mod parsed;
mod source;

pub use diff::{diff, FieldChange, PlanDiff};
pub use parsed::{DocumentFormat, DocumentInfo, ParsedDocument, Warning, WarningCode};
pub use source::{column_name, Source};

/// Database identifier of an imported document.
pub type DocumentId = i64;
/// Database identifier of a task.
pub type TaskId = i64;

/// What kind of document a plan came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Kế hoạch (also a plan issued by a decision).
    Plan,
    /// Quyết định.
    Decision,
    /// Thông báo kết luận.
    Notice,
    Other,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] =
        [DocumentKind::Plan, DocumentKind::Decision, DocumentKind::Notice, DocumentKind::Other];

    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Plan => "plan",
            DocumentKind::Decision => "decision",
            DocumentKind::Notice => "notice",
            DocumentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.code() == s.trim())
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            DocumentKind::Plan => "Kế hoạch",
            DocumentKind::Decision => "Quyết định",
            DocumentKind::Notice => "Thông báo kết luận",
            DocumentKind::Other => "Văn bản khác",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            DocumentKind::Plan => "Plan",
            DocumentKind::Decision => "Decision",
            DocumentKind::Notice => "Conclusion notice",
            DocumentKind::Other => "Other document",
        }
    }
}

/// What identifies and describes a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentMeta {
    pub kind: DocumentKind,
    /// `3098/QĐ-UBND`; `None` for a draft without a number.
    pub number: Option<String>,
    pub date: Option<NaiveDate>,
    pub issuer: Option<String>,
    pub title: Option<String>,
    pub plan_year: Option<i32>,
    /// The province the document belongs to, when the registry knows it.
    pub province_id: Option<UnitId>,
    pub file_name: String,
    /// `text`, `docx` or `xlsx`.
    pub format: String,
    /// SHA-256 of the uploaded bytes: the same file is never imported twice.
    pub sha256: String,
}

impl DocumentMeta {
    /// The key that says two uploads are versions of the same document: kind, number and
    /// issuer (folded), or the title and year for documents without a number.
    pub fn identity(&self) -> String {
        let f = |s: &Option<String>| crate::text::fold(s.as_deref().unwrap_or(""));
        match &self.number {
            Some(n) if !n.trim().is_empty() => {
                format!("{}|{}|{}", self.kind.code(), f(&Some(n.clone())), f(&self.issuer))
            }
            _ => format!("{}|{}|{}", self.kind.code(), f(&self.title), self.plan_year.unwrap_or(0)),
        }
    }

    /// `Kế hoạch 3098/QĐ-UBND ngày 31/12/2024` for lists and messages.
    pub fn label(&self) -> String {
        let mut s = self.kind.label_vi().to_string();
        if let Some(n) = &self.number {
            s.push(' ');
            s.push_str(n);
        }
        if let Some(d) = self.date {
            s.push_str(&format!(" ngày {}", d.format("%d/%m/%Y")));
        }
        s
    }
}

/// An agency cell: the original text, the units it names, and what matched nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assignment {
    pub text: String,
    pub unit_ids: Vec<UnitId>,
    /// Names of the resolved units and groups, for display.
    pub names: Vec<String>,
    /// Phrases kept as text and flagged for a person to resolve.
    pub unresolved: Vec<String>,
    /// Groups named collectively ("Các sở, ban, ngành"): as a lead, every member of the
    /// group on the document's date gets its own instance of the task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<crate::resolver::UnitGroup>,
    /// Actors outside the province (ministries, state groups, other provinces), as written:
    /// kept so that a task led by `Bộ Tư pháp` keeps its lead although no unit matches.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external: Vec<crate::resolver::national::ExternalActor>,
}

impl Assignment {
    /// An unresolved cell holding `text`.
    pub fn new(text: &str) -> Assignment {
        Assignment { text: text.to_string(), ..Assignment::default() }
    }

    /// Whether the cell was empty.
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Whether a person still has to look at this cell.
    pub fn needs_review(&self) -> bool {
        !self.unresolved.is_empty() || (!self.text.trim().is_empty() && self.names.is_empty())
    }
}

/// Administrative level a target value applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetLevel {
    Province,
    District,
    Commune,
    All,
    Unspecified,
}

/// Unit of a target value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueUnit {
    Percent,
    Count,
}

/// One number of a target (`90%` for district level).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetValue {
    pub level: TargetLevel,
    pub number: f64,
    /// Upper bound of a range (`từ 02 đến 03 cuộc`).
    pub number_max: Option<f64>,
    pub unit: ValueUnit,
    /// The words the value was read from.
    pub text: String,
}

/// A chỉ tiêu of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub code: String,
    pub area: Option<String>,
    pub text: String,
    /// The target cell as written, when the target came from a table column.
    pub target_text: Option<String>,
    pub values: Vec<TargetValue>,
    pub monitoring: Assignment,
    pub implementing: Assignment,
    /// Where in the file it came from (`dòng 120–134`, `trang tính “KH” A7:H7`).
    pub source: Source,
}

/// A hoạt động under a task.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanActivity {
    pub code: Option<String>,
    pub text: String,
    pub outputs: Vec<String>,
    pub lead_text: Option<String>,
    pub coordinating_text: Option<String>,
    pub deadline: Option<Deadline>,
    pub budget: Option<Budget>,
    pub source: Source,
}

/// A nhiệm vụ of a plan, or an assignment of a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTask {
    pub code: String,
    /// Code of the enclosing task for sub-tasks (`1.1` under `1`).
    pub parent: Option<String>,
    /// Code of the step this one follows (`Trên cơ sở đó, Bộ Tư pháp tổng hợp …`); read from
    /// prose, not kept in the database.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub area: Option<String>,
    pub objective: Option<String>,
    pub title: String,
    pub activities: Vec<PlanActivity>,
    pub outputs: Vec<String>,
    pub lead: Assignment,
    pub coordinating: Assignment,
    pub deadline: Deadline,
    /// Every deadline phrase of the task (prose may name several); not kept in the database.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Deadline>,
    pub budget: Budget,
    pub source: Source,
}

/// Which list an area groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaScope {
    Tasks,
    Targets,
}

impl AreaScope {
    pub fn code(self) -> &'static str {
        match self {
            AreaScope::Tasks => "tasks",
            AreaScope::Targets => "targets",
        }
    }

    pub fn parse(s: &str) -> Option<AreaScope> {
        [AreaScope::Tasks, AreaScope::Targets].into_iter().find(|k| k.code() == s.trim())
    }
}

/// A field (lĩnh vực) heading: `I. CẢI CÁCH THỂ CHẾ`, or a target group `1. Chỉ đạo điều hành`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanArea {
    pub code: String,
    pub title: String,
    /// Enclosing area for sub-headings (`VII.1` is in `VII`).
    pub parent: Option<String>,
    /// Whether it heads tasks or groups targets.
    pub scope: AreaScope,
    /// Where in the file it came from; not kept in the database.
    #[serde(default)]
    pub source: Source,
}

/// Everything cchc keeps of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanContent {
    pub meta: DocumentMeta,
    pub areas: Vec<PlanArea>,
    pub targets: Vec<PlanTarget>,
    pub tasks: Vec<PlanTask>,
    /// The importer's warnings as text (`message (location)`), kept with the document.
    pub warnings: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn meta() -> DocumentMeta {
        DocumentMeta {
            kind: DocumentKind::Plan,
            number: Some("3098/QĐ-UBND".into()),
            date: None,
            issuer: Some("UBND tỉnh Hà Tĩnh".into()),
            title: None,
            plan_year: Some(2025),
            province_id: None,
            file_name: "a.txt".into(),
            format: "text".into(),
            sha256: "x".into(),
        }
    }

    #[test]
    fn identity_ignores_case_and_diacritics() {
        let mut a = meta();
        let mut b = a.clone();
        b.issuer = Some("ubnd TỈNH HÀ TĨNH".into());
        b.sha256 = "y".into();
        assert_eq!(a.identity(), b.identity());
        a.number = None;
        a.title = Some("Kế hoạch CCHC năm 2025".into());
        assert!(a.identity().contains("ke hoach cchc nam 2025"));
        assert_eq!(a.label(), "Kế hoạch");
    }
}
