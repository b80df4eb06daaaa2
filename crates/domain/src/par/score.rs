//! The PAR index formula: points per node (sum of children), the applicable maximum
//! (criteria "không phát sinh" leave it, also at parent level), the index = points /
//! applicable max × 100, area and component scores, and the class from the bands.
//!
//! Rules chosen where the domain is silent:
//! - A leaf without a mark scores 0 and keeps its maximum; it is listed in `missing` so the
//!   page can warn before publication.
//! - "Không phát sinh" may be marked on any node flagged `may_be_not_applicable`; marking a
//!   parent takes its whole subtree out (marks below it are then ignored).
//! - The index is kept exact (points and applicable max) for ranking; the published value
//!   is rounded half up to two decimals and that value is classified.
//! - A unit whose applicable maximum is 0 has no index and no class.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::bands::BandSet;
use super::criteria::{Component, CriteriaSet, Node};
use super::method::ScoreError;
use super::points::Points;
use crate::rank::Fraction;

/// The final mark of one criterion: points, or "không phát sinh".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Points(Points),
    NotApplicable,
}

/// Why a set of marks cannot be scored; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MarkProblem {
    #[error("Mã tiêu chí {0} không có trong bộ tiêu chí.")]
    UnknownCode(String),
    #[error("Tiêu chí {0} có tiêu chí thành phần: chỉ chấm điểm các tiêu chí thành phần.")]
    NotALeaf(String),
    #[error("Tiêu chí {0} không được đánh dấu «không phát sinh».")]
    NotApplicableNotAllowed(String),
    #[error("Tiêu chí {code}: {error}")]
    Invalid { code: String, error: ScoreError },
}

/// The result of one node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeResult {
    pub code: String,
    pub name: String,
    /// 0 = area (lĩnh vực).
    pub depth: usize,
    pub max: Points,
    /// The maximum without the parts marked "không phát sinh".
    pub applicable_max: Points,
    pub points: Points,
    /// The node is "không phát sinh" (marked, inside a marked parent, or all its children).
    pub not_applicable: bool,
}

impl NodeResult {
    /// Points / applicable max × 100 rounded to two decimals (in hundredths of a percent).
    pub fn index(&self) -> Option<Points> {
        index_of(self.points, self.applicable_max)
    }
}

/// Points of one component against its applicable maximum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentResult {
    pub component: Component,
    pub points: Points,
    pub applicable_max: Points,
}

/// A unit's index under a criteria set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitResult {
    /// Every node in document order.
    pub nodes: Vec<NodeResult>,
    pub points: Points,
    pub applicable_max: Points,
    /// The published index (percent, two decimals); `None` when nothing applies.
    pub index: Option<Points>,
    /// The band label of the published index.
    pub class: Option<String>,
    pub components: Vec<ComponentResult>,
    /// Leaves without a mark (scored 0).
    pub missing: Vec<String>,
}

impl UnitResult {
    /// The exact index as a fraction of points over applicable maximum, for ranking.
    pub fn exact_index(&self) -> Option<Fraction> {
        Fraction::new(self.points.0, self.applicable_max.0)
    }

    /// The area (lĩnh vực) results.
    pub fn areas(&self) -> impl Iterator<Item = &NodeResult> {
        self.nodes.iter().filter(|n| n.depth == 0)
    }

    /// The result of the node with `code`.
    pub fn node(&self, code: &str) -> Option<&NodeResult> {
        self.nodes.iter().find(|n| n.code == code)
    }
}

/// `points / max × 100` in hundredths of a percent, rounded half up; `None` when `max` ≤ 0.
pub fn index_of(points: Points, max: Points) -> Option<Points> {
    Fraction::new(points.0, max.0).map(|f| Points(f.scaled_round(10_000)))
}

/// Computes a unit's result from its final marks by node code. Every problem is returned
/// (unknown codes, marks on parents, forbidden "không phát sinh", scores the method rejects).
pub fn compute(
    set: &CriteriaSet,
    marks: &BTreeMap<String, Mark>,
    bands: Option<&BandSet>,
) -> Result<UnitResult, Vec<MarkProblem>> {
    let problems = check_marks(set, marks);
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut acc = Acc::default();
    for area in &set.areas {
        acc.eval(area, marks, 0, Component::Appraised, false);
    }
    let points: Points = acc.components.values().map(|(p, _)| *p).sum();
    let applicable_max: Points = acc.components.values().map(|(_, m)| *m).sum();
    let index = index_of(points, applicable_max);
    let class = index.and_then(|i| bands.and_then(|b| b.classify(i))).map(|b| b.label.clone());
    let components = Component::ALL
        .into_iter()
        .filter_map(|c| {
            acc.components.get(&c).map(|(p, m)| ComponentResult { component: c, points: *p, applicable_max: *m })
        })
        .collect();
    Ok(UnitResult { nodes: acc.nodes, points, applicable_max, index, class, components, missing: acc.missing })
}

/// Every problem of `marks` against `set`.
pub fn check_marks(set: &CriteriaSet, marks: &BTreeMap<String, Mark>) -> Vec<MarkProblem> {
    let nodes: BTreeMap<&str, &Node> = set.walk().into_iter().map(|r| (r.node.code.as_str(), r.node)).collect();
    let mut out = Vec::new();
    for (code, mark) in marks {
        let Some(node) = nodes.get(code.as_str()) else {
            out.push(MarkProblem::UnknownCode(code.clone()));
            continue;
        };
        match mark {
            Mark::NotApplicable if !node.may_be_not_applicable => {
                out.push(MarkProblem::NotApplicableNotAllowed(code.clone()));
            }
            Mark::NotApplicable => {}
            Mark::Points(_) if !node.is_leaf() => out.push(MarkProblem::NotALeaf(code.clone())),
            Mark::Points(p) => {
                if let Err(error) = node.scoring_method().validate(node.max, *p) {
                    out.push(MarkProblem::Invalid { code: code.clone(), error });
                }
            }
        }
    }
    out
}

#[derive(Default)]
struct Acc {
    nodes: Vec<NodeResult>,
    missing: Vec<String>,
    components: BTreeMap<Component, (Points, Points)>,
}

impl Acc {
    /// Scores `node` and its subtree; returns (points, applicable max).
    fn eval(
        &mut self,
        node: &Node,
        marks: &BTreeMap<String, Mark>,
        depth: usize,
        inherited: Component,
        outside: bool,
    ) -> (Points, Points) {
        let component = node.component.unwrap_or(inherited);
        let mark = marks.get(&node.code);
        let out_here = outside || matches!(mark, Some(Mark::NotApplicable));
        let slot = self.nodes.len();
        self.nodes.push(NodeResult {
            code: node.code.clone(),
            name: node.name.clone(),
            depth,
            max: node.max,
            applicable_max: Points::ZERO,
            points: Points::ZERO,
            not_applicable: out_here,
        });
        let (points, applicable) = if node.is_leaf() {
            let scored = match (out_here, mark) {
                (true, _) => (Points::ZERO, Points::ZERO),
                (false, Some(Mark::Points(p))) => (*p, node.max),
                (false, _) => {
                    self.missing.push(node.code.clone());
                    (Points::ZERO, node.max)
                }
            };
            let entry = self.components.entry(component).or_default();
            entry.0 += scored.0;
            entry.1 += scored.1;
            scored
        } else {
            let mut sum = (Points::ZERO, Points::ZERO);
            for child in &node.children {
                let (p, m) = self.eval(child, marks, depth + 1, component, out_here);
                sum = (sum.0 + p, sum.1 + m);
            }
            sum
        };
        let result = &mut self.nodes[slot];
        result.points = points;
        result.applicable_max = applicable;
        result.not_applicable = out_here || applicable == Points::ZERO && node.max > Points::ZERO;
        (points, applicable)
    }
}

#[cfg(test)]
#[path = "score_tests.rs"]
pub(crate) mod tests;
