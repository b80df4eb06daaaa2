//! How a revised document differs from the stored one: task by task and target by target,
//! keyed by code.

use serde::Serialize;

use super::{PlanContent, PlanTarget, PlanTask};

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
    use crate::plan::{Assignment, Source};

    fn task(code: &str, title: &str, lead: &str) -> PlanTask {
        PlanTask {
            code: code.into(),
            parent: None,
            after: None,
            area: Some("I".into()),
            objective: None,
            title: title.into(),
            activities: vec![],
            outputs: vec![],
            lead: Assignment { text: lead.into(), ..Assignment::default() },
            coordinating: Assignment::default(),
            deadline: parse_deadline("Quý II/2025", Some(2025)),
            budget: parse_budget("", AmountUnit::Million),
            milestones: vec![],
            source: Source::default(),
        }
    }

    fn content(tasks: Vec<PlanTask>) -> PlanContent {
        PlanContent { meta: crate::plan::tests::meta(), areas: vec![], targets: vec![], tasks, warnings: vec![] }
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
}
