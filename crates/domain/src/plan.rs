//! Plans and conclusion notices as cchc keeps them: the document, its areas, targets and
//! tasks, each agency cell with its resolved units and the phrases that matched nothing, and
//! the comparison of two versions of the same document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::budget::Budget;
use crate::deadline::Deadline;
use crate::unit::UnitId;

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
    pub number_max: Option<f64>,
    pub unit: ValueUnit,
    pub text: String,
}

/// A chỉ tiêu of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTarget {
    pub code: String,
    pub area: Option<String>,
    pub text: String,
    pub target_text: Option<String>,
    pub values: Vec<TargetValue>,
    pub monitoring: Assignment,
    pub implementing: Assignment,
    /// Where in the file it came from (`dòng 120–134`, `Sheet1!A7:H7`).
    pub source: String,
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
    pub source: String,
}

/// A nhiệm vụ of a plan, or an assignment of a notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanTask {
    pub code: String,
    pub parent: Option<String>,
    pub area: Option<String>,
    pub objective: Option<String>,
    pub title: String,
    pub activities: Vec<PlanActivity>,
    pub outputs: Vec<String>,
    pub lead: Assignment,
    pub coordinating: Assignment,
    pub deadline: Deadline,
    pub budget: Budget,
    pub source: String,
}

/// An area (lĩnh vực) heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanArea {
    pub code: String,
    pub title: String,
    pub parent: Option<String>,
    /// `tasks` or `targets`.
    pub scope: String,
}

/// Everything cchc keeps of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanContent {
    pub meta: DocumentMeta,
    pub areas: Vec<PlanArea>,
    pub targets: Vec<PlanTarget>,
    pub tasks: Vec<PlanTask>,
    /// The importer's warnings, kept with the document.
    pub warnings: Vec<String>,
}

/// One field that differs between two versions of a task or target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub before: String,
    pub after: String,
}

/// How a revised document differs from the stored one.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlanDiff {
    pub added_tasks: Vec<String>,
    pub removed_tasks: Vec<String>,
    pub changed_tasks: Vec<(String, Vec<FieldChange>)>,
    pub added_targets: Vec<String>,
    pub removed_targets: Vec<String>,
    pub changed_targets: Vec<(String, Vec<FieldChange>)>,
}

impl PlanDiff {
    /// Whether the two versions hold the same tasks and targets.
    pub fn is_empty(&self) -> bool {
        self.added_tasks.is_empty()
            && self.removed_tasks.is_empty()
            && self.changed_tasks.is_empty()
            && self.added_targets.is_empty()
            && self.removed_targets.is_empty()
            && self.changed_targets.is_empty()
    }
}

/// Keys items by code; a repeated code gets `#2`, `#3`… so nothing is lost.
fn keyed<T>(items: &[T], code: impl Fn(&T) -> &str) -> Vec<(String, &T)> {
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    items
        .iter()
        .map(|i| {
            let c = code(i).to_string();
            let n = seen.entry(c.clone()).or_insert(0);
            *n += 1;
            let key = if *n == 1 { c } else { format!("{c}#{n}") };
            (key, i)
        })
        .collect()
}

fn change(out: &mut Vec<FieldChange>, field: &'static str, before: String, after: String) {
    if before != after {
        out.push(FieldChange { field, before, after });
    }
}

fn task_changes(a: &PlanTask, b: &PlanTask) -> Vec<FieldChange> {
    let mut v = Vec::new();
    change(&mut v, "title", a.title.clone(), b.title.clone());
    change(&mut v, "area", a.area.clone().unwrap_or_default(), b.area.clone().unwrap_or_default());
    change(&mut v, "lead", a.lead.text.clone(), b.lead.text.clone());
    change(&mut v, "coordinating", a.coordinating.text.clone(), b.coordinating.text.clone());
    change(&mut v, "deadline", a.deadline.text.clone(), b.deadline.text.clone());
    change(&mut v, "budget", a.budget.text.clone(), b.budget.text.clone());
    change(&mut v, "outputs", a.outputs.join("; "), b.outputs.join("; "));
    let acts = |t: &PlanTask| t.activities.iter().map(|x| x.text.clone()).collect::<Vec<_>>().join("; ");
    change(&mut v, "activities", acts(a), acts(b));
    v
}

fn target_changes(a: &PlanTarget, b: &PlanTarget) -> Vec<FieldChange> {
    let mut v = Vec::new();
    change(&mut v, "text", a.text.clone(), b.text.clone());
    let vals = |t: &PlanTarget| t.values.iter().map(|x| x.text.clone()).collect::<Vec<_>>().join("; ");
    change(&mut v, "values", vals(a), vals(b));
    change(&mut v, "monitoring", a.monitoring.text.clone(), b.monitoring.text.clone());
    change(&mut v, "implementing", a.implementing.text.clone(), b.implementing.text.clone());
    v
}

/// Compares a stored version with a revised one, task by task and target by target (by code).
pub fn diff(old: &PlanContent, new: &PlanContent) -> PlanDiff {
    let mut d = PlanDiff::default();
    let (ot, nt) = (keyed(&old.tasks, |t| &t.code), keyed(&new.tasks, |t| &t.code));
    for (k, t) in &nt {
        match ot.iter().find(|(ok, _)| ok == k) {
            None => d.added_tasks.push(k.clone()),
            Some((_, o)) => {
                let c = task_changes(o, t);
                if !c.is_empty() {
                    d.changed_tasks.push((k.clone(), c));
                }
            }
        }
    }
    d.removed_tasks = ot.iter().filter(|(k, _)| !nt.iter().any(|(nk, _)| nk == k)).map(|(k, _)| k.clone()).collect();
    let (og, ng) = (keyed(&old.targets, |t| &t.code), keyed(&new.targets, |t| &t.code));
    for (k, t) in &ng {
        match og.iter().find(|(ok, _)| ok == k) {
            None => d.added_targets.push(k.clone()),
            Some((_, o)) => {
                let c = target_changes(o, t);
                if !c.is_empty() {
                    d.changed_targets.push((k.clone(), c));
                }
            }
        }
    }
    d.removed_targets = og.iter().filter(|(k, _)| !ng.iter().any(|(nk, _)| nk == k)).map(|(k, _)| k.clone()).collect();
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{parse_budget, AmountUnit};
    use crate::deadline::parse_deadline;

    fn task(code: &str, title: &str, lead: &str) -> PlanTask {
        PlanTask {
            code: code.into(),
            parent: None,
            area: Some("I".into()),
            objective: None,
            title: title.into(),
            activities: vec![],
            outputs: vec![],
            lead: Assignment { text: lead.into(), ..Assignment::default() },
            coordinating: Assignment::default(),
            deadline: parse_deadline("Quý II/2025", Some(2025)),
            budget: parse_budget("", AmountUnit::Million),
            source: String::new(),
        }
    }

    fn content(tasks: Vec<PlanTask>) -> PlanContent {
        PlanContent {
            meta: DocumentMeta {
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
            },
            areas: vec![],
            targets: vec![],
            tasks,
            warnings: vec![],
        }
    }

    #[test]
    fn diff_by_code() {
        let old = content(vec![task("1", "A", "Sở Nội vụ"), task("2", "B", "Sở Tư pháp"), task("3", "C", "Sở Y tế")]);
        let new =
            content(vec![task("1", "A", "Sở Nội vụ"), task("2", "B sửa", "Sở Tư pháp"), task("4", "D", "Sở Y tế")]);
        let d = diff(&old, &new);
        assert_eq!(d.added_tasks, vec!["4"]);
        assert_eq!(d.removed_tasks, vec!["3"]);
        assert_eq!(d.changed_tasks.len(), 1);
        assert_eq!(d.changed_tasks[0].1[0].field, "title");
        assert!(diff(&old, &old).is_empty());
    }

    #[test]
    fn repeated_codes_are_kept_apart() {
        let old = content(vec![task("1", "A", "X"), task("1", "B", "Y")]);
        let new = content(vec![task("1", "A", "X")]);
        assert_eq!(diff(&old, &new).removed_tasks, vec!["1#2"]);
    }

    #[test]
    fn identity_ignores_case_and_diacritics() {
        let mut a = content(vec![]).meta;
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
