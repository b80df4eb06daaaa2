//! The projected PAR score during the year: criteria linked to live data (plan tasks on
//! time, report timeliness, a target's value, an index-766 indicator) are scored from the
//! measured value through their method; the others from the unit's latest self-score; and
//! the criteria at risk (projected below the maximum) are listed by points lost.
//!
//! Rules chosen where the domain is silent:
//! - A live-linked criterion without a usable measurement (none given, or a ratio without a
//!   denominator) falls back to the self-score, with a note saying why.
//! - No measurement and no self-score is unknown, never 0; unknown criteria are not at risk
//!   but are counted so the page can say "n tiêu chí chưa có dữ liệu".
//! - "Không phát sinh" self-marks leave the projection like they leave the index.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use super::method::ScoreInput;
use super::points::Points;
use super::score::Mark;

/// The live measurement a criterion can be projected from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveLink {
    /// Share of the unit's plan tasks done on time.
    PlanTasksOnTime,
    /// Share of the unit's periodic reports submitted on time.
    ReportTimeliness,
    /// The value the unit achieved for a target (chỉ tiêu), by target id.
    Target { target_id: i64 },
    /// An indicator of index 766, by its code.
    Index766 { code: String },
    /// Whether the unit had a reform initiative recognised in the year (any level), as a
    /// yes/no input (criteria scored yes/no; other methods fall back to the self-score).
    InitiativesRecognised,
}

impl LiveLink {
    /// Vietnamese label for the form.
    pub fn label_vi(&self) -> String {
        match self {
            LiveLink::PlanTasksOnTime => "Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn".to_string(),
            LiveLink::ReportTimeliness => "Tỷ lệ báo cáo định kỳ gửi đúng hạn".to_string(),
            LiveLink::Target { target_id } => format!("Giá trị chỉ tiêu #{target_id}"),
            LiveLink::Index766 { code } => format!("Chỉ tiêu {code} của Bộ chỉ số 766"),
            LiveLink::InitiativesRecognised => "Sáng kiến, giải pháp CCHC được công nhận trong năm".to_string(),
        }
    }
}

/// Where a projected score comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectionSource {
    Live,
    SelfScore,
    NotApplicable,
    Unknown,
}

/// The projection of one scored criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projected {
    pub code: String,
    pub name: String,
    pub max: Points,
    /// `None` when unknown or not applicable.
    pub points: Option<Points>,
    pub source: ProjectionSource,
    /// Why a live link was not used, when it was not.
    pub note: Option<String>,
}

impl Projected {
    /// Points below the maximum, when known.
    pub fn lost(&self) -> Option<Points> {
        self.points.map(|p| self.max - p)
    }
}

/// The projection of a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    /// Every leaf in document order.
    pub criteria: Vec<Projected>,
    /// Codes of criteria projected below their maximum, most points lost first.
    pub at_risk: Vec<String>,
    /// Sum of the known projected points and of their maxima.
    pub known_points: Points,
    pub known_max: Points,
    /// Codes without measurement or self-score.
    pub unknown: Vec<String>,
}

/// Projects every leaf of `set` from `live` measurements and the latest `self_marks`.
pub fn project(
    set: &CriteriaSet,
    live: &BTreeMap<LiveLink, ScoreInput>,
    self_marks: &BTreeMap<String, Mark>,
) -> Projection {
    let criteria: Vec<Projected> = set
        .leaves()
        .into_iter()
        .map(|r| {
            let node = r.node;
            let (points, source, note) = project_one(node, live, self_marks.get(&node.code));
            Projected { code: node.code.clone(), name: node.name.clone(), max: node.max, points, source, note }
        })
        .collect();
    let mut risky: Vec<(usize, &Projected)> =
        criteria.iter().enumerate().filter(|(_, c)| c.lost().is_some_and(|l| l > Points::ZERO)).collect();
    risky.sort_by(|(i, a), (j, b)| b.lost().cmp(&a.lost()).then(i.cmp(j)));
    let known = criteria.iter().filter(|c| c.points.is_some());
    Projection {
        at_risk: risky.into_iter().map(|(_, c)| c.code.clone()).collect(),
        known_points: known.clone().filter_map(|c| c.points).sum(),
        known_max: known.map(|c| c.max).sum(),
        unknown: criteria.iter().filter(|c| c.source == ProjectionSource::Unknown).map(|c| c.code.clone()).collect(),
        criteria,
    }
}

fn project_one(
    node: &super::criteria::Node,
    live: &BTreeMap<LiveLink, ScoreInput>,
    self_mark: Option<&Mark>,
) -> (Option<Points>, ProjectionSource, Option<String>) {
    let mut note = None;
    if let Some(link) = &node.live {
        match live.get(link) {
            Some(input) => match node.scoring_method().points_from(node.max, input) {
                Ok(points) => return (Some(points), ProjectionSource::Live, None),
                Err(e) => note = Some(format!("{}: {e}", link.label_vi())),
            },
            None => note = Some(format!("{}: chưa có số liệu.", link.label_vi())),
        }
    }
    match self_mark {
        Some(Mark::Points(p)) => (Some(p.clamp_to(node.max)), ProjectionSource::SelfScore, note),
        Some(Mark::NotApplicable) => (None, ProjectionSource::NotApplicable, note),
        None => (None, ProjectionSource::Unknown, note),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::par::criteria::Node;
    use crate::par::score::tests::{marks, sample_set};

    fn p(text: &str) -> Points {
        Points::parse(text).unwrap_or(Points(i64::MIN))
    }

    fn linked_set() -> CriteriaSet {
        let mut set = sample_set();
        let link = |set: &mut CriteriaSet, code: &str, l: LiveLink| {
            fn find<'a>(nodes: &'a mut [Node], code: &str) -> Option<&'a mut Node> {
                nodes.iter_mut().find_map(|n| if n.code == code { Some(n) } else { find(&mut n.children, code) })
            }
            if let Some(n) = find(&mut set.areas, code) {
                n.live = Some(l);
            }
        };
        link(&mut set, "2.1.2", LiveLink::PlanTasksOnTime);
        link(&mut set, "3.1", LiveLink::Index766 { code: "6.1".into() });
        link(&mut set, "1.2", LiveLink::ReportTimeliness);
        set
    }

    #[test]
    fn projects_from_live_data_then_self_scores() {
        let live: BTreeMap<LiveLink, ScoreInput> = [
            (LiveLink::PlanTasksOnTime, ScoreInput::Occurrences { count: 2 }),
            (LiveLink::Index766 { code: "6.1".into() }, ScoreInput::Percent { value: p("90") }),
            (LiveLink::ReportTimeliness, ScoreInput::YesNo { yes: false }),
        ]
        .into_iter()
        .collect();
        let selfs = marks(&[("1.1", Some("2")), ("1.2", Some("1")), ("1.3", None), ("2.1.2", Some("1,5"))]);
        let got = project(&linked_set(), &live, &selfs);
        let rows: Vec<(&str, Option<Points>, ProjectionSource)> =
            got.criteria.iter().map(|c| (c.code.as_str(), c.points, c.source)).collect();
        assert_eq!(
            rows,
            vec![
                ("1.1", Some(p("2")), ProjectionSource::SelfScore),
                ("1.2", Some(p("0")), ProjectionSource::Live),
                ("1.3", None, ProjectionSource::NotApplicable),
                ("2.1.1", None, ProjectionSource::Unknown),
                ("2.1.2", Some(p("0,5")), ProjectionSource::Live),
                ("3.1", Some(p("2,7")), ProjectionSource::Live),
            ]
        );
        // Lost: 1.2 → 1, 2.1.2 → 1, 3.1 → 0,3; equal losses keep document order.
        assert_eq!(got.at_risk, vec!["1.2", "2.1.2", "3.1"]);
        assert_eq!((got.known_points, got.known_max), (p("5,2"), p("7,5")));
        assert_eq!(got.unknown, vec!["2.1.1"]);
    }

    #[test]
    fn unusable_measurement_falls_back_to_self_score() {
        let live: BTreeMap<LiveLink, ScoreInput> =
            [(LiveLink::Index766 { code: "6.1".into() }, ScoreInput::Counts { numerator: 0, denominator: 0 })]
                .into_iter()
                .collect();
        let selfs = marks(&[("3.1", Some("2,5"))]);
        let got = project(&linked_set(), &live, &selfs);
        let by_code = |code: &str| got.criteria.iter().find(|c| c.code == code).cloned();
        let c31 = by_code("3.1");
        assert_eq!(c31.as_ref().map(|c| (c.points, c.source)), Some((Some(p("2,5")), ProjectionSource::SelfScore)));
        assert_eq!(
            c31.and_then(|c| c.note).as_deref(),
            Some("Chỉ tiêu 6.1 của Bộ chỉ số 766: Phương pháp chấm này cần nhập kết quả điều tra.")
        );
        let c212 = by_code("2.1.2");
        assert_eq!(c212.as_ref().map(|c| c.source), Some(ProjectionSource::Unknown));
        assert_eq!(
            c212.and_then(|c| c.note).as_deref(),
            Some("Tỷ lệ nhiệm vụ kế hoạch hoàn thành đúng hạn: chưa có số liệu.")
        );
        assert_eq!(got.at_risk, vec!["3.1"]);
    }
}
