//! Validation of a criteria set: every problem at once, each with the node code and the
//! source row it came from, so an imported XLSX can be corrected in one pass.
//!
//! Sums are exact in hundredths: a parent's maximum must equal the sum of its children's,
//! the areas must add up to the declared total, and each declared component share must
//! equal the maxima of its leaves.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::{CriteriaSet, Node};
use super::points::Points;

/// How serious a problem is: errors block adoption, warnings are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem of a criteria set or of an imported file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    /// The row of the source file, when known.
    pub row: Option<u32>,
    /// The node code, when the problem belongs to a node.
    pub code: Option<String>,
    /// A plain Vietnamese sentence.
    pub message: String,
}

impl Problem {
    /// An error on a node (or on the set when `node` is `None`).
    pub fn error(node: Option<&Node>, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Error, node, message)
    }

    /// A warning on a node (or on the set when `node` is `None`).
    pub fn warning(node: Option<&Node>, message: impl Into<String>) -> Problem {
        Problem::new(Severity::Warning, node, message)
    }

    fn new(severity: Severity, node: Option<&Node>, message: impl Into<String>) -> Problem {
        Problem {
            severity,
            row: node.and_then(|n| n.source_row),
            code: node.map(|n| n.code.clone()),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(row) = self.row {
            write!(f, "Dòng {row}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// True when no problem is an error.
pub fn is_valid(problems: &[Problem]) -> bool {
    problems.iter().all(|p| p.severity != Severity::Error)
}

/// Every problem of `set`, in document order, set-level problems last.
pub fn validate_set(set: &CriteriaSet) -> Vec<Problem> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, Option<u32>> = BTreeMap::new();
    let all_codes: Vec<&str> = set.walk().iter().map(|r| r.node.code.as_str()).collect();
    for r in set.walk() {
        check_node(r.node, &mut out);
        let code = r.node.code.as_str();
        if let Some(first) = seen.get(code) {
            let at = first.map(|row| format!(" (đã có ở dòng {row})")).unwrap_or_default();
            out.push(Problem::error(Some(r.node), format!("Mã {code} bị trùng{at}.")));
        } else {
            seen.insert(code, r.node.source_row);
        }
        if let Some(parent) = r.node.parent_code().filter(|p| !all_codes.contains(p)) {
            out.push(Problem::error(Some(r.node), format!("Mã {code}: không có tiêu chí cha mã {parent}.")));
        }
    }
    check_placement(&set.areas, None, &mut out);
    check_set(set, &mut out);
    out
}

fn check_node(node: &Node, out: &mut Vec<Problem>) {
    let code = &node.code;
    if code.trim().is_empty() || code.split('.').any(|s| s.trim().is_empty()) {
        out.push(Problem::error(Some(node), format!("Mã «{code}» không hợp lệ.")));
    }
    if node.name.trim().is_empty() {
        out.push(Problem::error(Some(node), format!("Tiêu chí {code} chưa có tên.")));
    }
    if node.max <= Points::ZERO {
        out.push(Problem::error(
            Some(node),
            format!("Điểm tối đa của tiêu chí {code} phải lớn hơn 0 (đang là {}).", node.max),
        ));
    }
    if node.is_leaf() {
        for message in node.scoring_method().problems(node.max) {
            out.push(Problem::error(Some(node), format!("Tiêu chí {code}: {message}")));
        }
    } else {
        let sum: Points = node.children.iter().map(|c| c.max).sum();
        if sum != node.max {
            out.push(Problem::error(
                Some(node),
                format!("Tổng điểm tối đa các tiêu chí con của {code} là {sum}, khác điểm tối đa {}.", node.max),
            ));
        }
        if node.method.is_some() {
            out.push(Problem::warning(
                Some(node),
                format!("Tiêu chí {code} có tiêu chí con: phương pháp chấm của nó không được dùng."),
            ));
        }
        if node.live.is_some() {
            out.push(Problem::warning(
                Some(node),
                format!("Tiêu chí {code} có tiêu chí con: liên kết số liệu chỉ dùng cho tiêu chí được chấm."),
            ));
        }
    }
}

/// A node's code must extend its parent's by one segment; areas have one segment.
fn check_placement(nodes: &[Node], parent: Option<&Node>, out: &mut Vec<Problem>) {
    for node in nodes {
        let ok = match parent {
            None => !node.code.contains('.'),
            Some(p) => node.parent_code() == Some(p.code.as_str()),
        };
        if !ok {
            let under =
                parent.map_or_else(|| "ở cấp lĩnh vực".to_string(), |p| format!("nằm dưới tiêu chí {}", p.code));
            out.push(Problem::error(Some(node), format!("Mã {} không khớp vị trí: {under}.", node.code)));
        }
        check_placement(&node.children, Some(node), out);
    }
}

fn check_set(set: &CriteriaSet, out: &mut Vec<Problem>) {
    if set.name.trim().is_empty() {
        out.push(Problem::error(None, "Bộ tiêu chí chưa có tên."));
    }
    if set.code.trim().is_empty() {
        out.push(Problem::error(None, "Bộ tiêu chí chưa có mã."));
    }
    if set.effective_to.is_some_and(|to| to < set.effective_from) {
        out.push(Problem::error(None, "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực."));
    }
    if set.areas.is_empty() {
        out.push(Problem::error(None, "Bộ tiêu chí chưa có lĩnh vực nào."));
    }
    let sum: Points = set.areas.iter().map(|a| a.max).sum();
    if sum != set.total {
        out.push(Problem::error(None, format!("Tổng điểm các lĩnh vực là {sum}, khác thang điểm {}.", set.total)));
    }
    if set.components.is_empty() {
        return;
    }
    let declared: Points = set.components.iter().map(|c| c.points).sum();
    if declared != set.total {
        out.push(Problem::error(
            None,
            format!("Các thành phần điểm cộng lại {declared}, khác thang điểm {}.", set.total),
        ));
    }
    let actual = set.component_totals();
    for share in &set.components {
        let found = actual.iter().find(|a| a.component == share.component).map_or(Points::ZERO, |a| a.points);
        if found != share.points {
            out.push(Problem::error(
                None,
                format!(
                    "{}: các tiêu chí cộng lại {found}, khác {} điểm đã khai báo.",
                    share.component.label_vi(),
                    share.points
                ),
            ));
        }
    }
    for extra in actual.iter().filter(|a| !set.components.iter().any(|s| s.component == a.component)) {
        out.push(Problem::error(
            None,
            format!(
                "{}: có {} điểm tiêu chí nhưng chưa khai báo thành phần này.",
                extra.component.label_vi(),
                extra.points
            ),
        ));
    }
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
