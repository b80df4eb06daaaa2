//! Units' own annual CCHC plans against the province's (seeds 001 and 003): which province
//! tasks a unit-plan task implements — suggested from the task codes the unit's document cites
//! ("nhiệm vụ 2.14") and from the similarity of titles — and whether every province task
//! assigned to the unit is covered by some task of its plan.

use std::collections::{BTreeMap, BTreeSet};

use crate::plan::{DocumentMeta, TaskId};
use crate::text::search_key;
use crate::unit::UnitId;

/// The identity of a unit's plan: the document's own identity within the unit, so two units'
/// plans titled alike are different documents and a unit's re-import is a revision of its own.
pub fn identity(owner: UnitId, meta: &DocumentMeta) -> String {
    format!("unit:{owner}|{}", meta.identity())
}

/// A province task as link suggestion needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvinceTask {
    pub id: TaskId,
    /// `2.14` (codes restart in each area of seed 001).
    pub code: String,
    /// `III`, when the plan groups tasks by area.
    pub area: Option<String>,
    pub title: String,
}

/// Why a link was suggested.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestReason {
    /// The unit's text cites the province task's code.
    CitedCode,
    /// The titles share most of their words.
    SimilarTitle,
}

/// A suggested link from a unit-plan task to a province task.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    pub province_task: TaskId,
    pub reason: SuggestReason,
    /// Title similarity in 0..=1 (Dice coefficient of significant words).
    pub similarity: f64,
}

/// Title similarity from which a link is suggested without a cited code.
pub const SIMILARITY_THRESHOLD: f64 = 0.5;
/// At most this many suggestions by similarity per unit-plan task.
const MAX_SIMILAR: usize = 2;

/// Words that say nothing about what a task is (folded).
const STOP: &[&str] = &[
    "cua", "va", "cac", "trong", "nam", "thuc", "hien", "tren", "dia", "ban", "tinh", "theo", "ve", "cho", "voi", "de",
    "tai", "nhiem", "vu", "ke", "hoach", "so", "nhung", "duoc", "la", "co", "mot", "nay", "don", "vi", "tiep", "tuc",
];

fn words(s: &str) -> BTreeSet<String> {
    search_key(s)
        .split_whitespace()
        .filter(|w| w.chars().count() > 1 && !STOP.contains(w) && !w.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

/// Dice coefficient of the significant words of two titles (diacritics ignored).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    let common = wa.intersection(&wb).count();
    2.0 * common as f64 / (wa.len() + wb.len()) as f64
}

/// The province task codes a text cites: `nhiệm vụ 2.14`, `nhiệm vụ số 2.1, 2.2`, `NV 3`,
/// optionally followed by the area (`mục III`, `phần II`). Returns (area, code) pairs.
pub fn cited_codes(text: &str) -> Vec<(Option<String>, String)> {
    // Folded, with dots kept inside codes: `nhiệm vụ 2.14.` → `nhiem vu 2.14`.
    let folded = crate::text::fold(text);
    let tokens: Vec<&str> = folded
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ')' | ':' | '"' | '«' | '»'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let start = match (tokens[i], tokens.get(i + 1)) {
            ("nhiem", Some(&"vu")) => i + 2,
            ("nv", _) => i + 1,
            _ => {
                i += 1;
                continue;
            }
        };
        let mut j = start;
        if tokens.get(j) == Some(&"so") {
            j += 1;
        }
        let mut codes = Vec::new();
        while let Some(t) = tokens.get(j) {
            let t = t.trim_end_matches('.');
            if is_code(t) {
                codes.push(t.to_string());
                j += 1;
            } else if t == "va" && tokens.get(j + 1).is_some_and(|n| is_code(n.trim_end_matches('.'))) {
                j += 1;
            } else {
                break;
            }
        }
        let area = match (tokens.get(j), tokens.get(j + 1)) {
            (Some(&("muc" | "phan")), Some(r)) if is_roman(r.trim_end_matches('.')) => {
                Some(r.trim_end_matches('.').to_uppercase())
            }
            _ => None,
        };
        out.extend(codes.into_iter().map(|c| (area.clone(), c)));
        i = j.max(i + 1);
    }
    out
}

fn is_code(t: &str) -> bool {
    !t.is_empty()
        && t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.chars().all(|c| c.is_ascii_digit()))
        && t.split('.').count() <= 3
}

fn is_roman(t: &str) -> bool {
    !t.is_empty() && t.len() <= 5 && t.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'))
}

/// Suggested links of one unit-plan task (its title and the rest of its text, where codes are
/// cited) to the province tasks assigned to the unit. A cited code wins; when it matches tasks
/// of several areas and the citation names none, the most similar title is taken. Without a
/// citation, the most similar titles above [`SIMILARITY_THRESHOLD`].
pub fn suggest(title: &str, text: &str, province: &[ProvinceTask]) -> Vec<Suggestion> {
    let mut out: Vec<Suggestion> = Vec::new();
    for (area, code) in cited_codes(&format!("{title} {text}")) {
        let candidates: Vec<&ProvinceTask> = province
            .iter()
            .filter(|p| p.code == code && area.as_ref().is_none_or(|a| p.area.as_deref() == Some(a.as_str())))
            .collect();
        let best = candidates
            .iter()
            .map(|p| (p, similarity(title, &p.title)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.id.cmp(&a.0.id)));
        if let Some((p, s)) = best {
            if !out.iter().any(|o| o.province_task == p.id) {
                out.push(Suggestion { province_task: p.id, reason: SuggestReason::CitedCode, similarity: s });
            }
        }
    }
    if !out.is_empty() {
        return out;
    }
    let mut similar: Vec<Suggestion> = province
        .iter()
        .map(|p| Suggestion {
            province_task: p.id,
            reason: SuggestReason::SimilarTitle,
            similarity: similarity(title, &p.title),
        })
        .filter(|s| s.similarity >= SIMILARITY_THRESHOLD)
        .collect();
    similar.sort_by(|a, b| b.similarity.total_cmp(&a.similarity).then(a.province_task.cmp(&b.province_task)));
    similar.truncate(MAX_SIMILAR);
    similar
}

/// One province task assigned to the unit and the unit-plan tasks that implement it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CoverageRow {
    pub province_task: TaskId,
    pub covered_by: Vec<TaskId>,
}

/// How much of what the province assigned to a unit its own plan covers.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// In the order of `assigned`.
    pub rows: Vec<CoverageRow>,
    pub covered: usize,
    pub total: usize,
}

impl Coverage {
    /// Province tasks no unit-plan task implements.
    pub fn uncovered(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.rows.iter().filter(|r| r.covered_by.is_empty()).map(|r| r.province_task)
    }
}

/// The coverage of `assigned` province tasks by `links` (unit-plan task, province task).
/// Links to province tasks not assigned to the unit do not count.
pub fn coverage(assigned: &[TaskId], links: &[(TaskId, TaskId)]) -> Coverage {
    let mut by: BTreeMap<TaskId, Vec<TaskId>> = BTreeMap::new();
    for (unit_task, province_task) in links {
        let v = by.entry(*province_task).or_default();
        if !v.contains(unit_task) {
            v.push(*unit_task);
        }
    }
    let mut seen = BTreeSet::new();
    let rows: Vec<CoverageRow> = assigned
        .iter()
        .filter(|id| seen.insert(**id))
        .map(|id| CoverageRow { province_task: *id, covered_by: by.get(id).cloned().unwrap_or_default() })
        .collect();
    let covered = rows.iter().filter(|r| !r.covered_by.is_empty()).count();
    Coverage { total: rows.len(), covered, rows }
}

#[cfg(test)]
mod tests;
