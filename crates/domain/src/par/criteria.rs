//! Criteria sets of the PAR index as versioned, date-effective data: the unit group a set is
//! for, its status (template or adopted, frozen once a round used it), the declared total
//! and component split, and the tree areas (lĩnh vực) → criteria (tiêu chí) → sub-criteria
//! (tiêu chí thành phần).
//!
//! Rules chosen where the domain is silent:
//! - A node's code is its dotted path ("1", "1.2", "1.2.3"); `stt` keeps the label the
//!   source document printed ("I", "a") for export.
//! - A node without a component takes its parent's; the top default is `Appraised`.
//! - Among sets of one group effective on a date, an adopted set wins over a template, then
//!   the highest version.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::method::ScoringMethod;
use super::points::Points;
use super::projection::LiveLink;

/// The group of units a set scores and ranks together: an open code, since provinces define
/// their own groups; the known ones are constants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitGroup(pub String);

impl UnitGroup {
    /// Sở, ban, ngành.
    pub const DEPARTMENTS: &'static str = "so_ban_nganh";
    /// UBND cấp huyện (before 1/7/2025).
    pub const DISTRICTS: &'static str = "ubnd_cap_huyen";
    /// UBND cấp xã.
    pub const COMMUNES: &'static str = "ubnd_cap_xa";
    /// Cơ quan Trung ương đóng trên địa bàn tỉnh.
    pub const CENTRAL: &'static str = "co_quan_trung_uong";
    /// The province itself, scored by the national index (Quyết định 876/QĐ-BNV).
    pub const PROVINCE_876: &'static str = "tinh_876";

    /// A group from its code.
    pub fn new(code: &str) -> UnitGroup {
        UnitGroup(code.trim().to_string())
    }

    /// The Vietnamese label of a known group, else the code itself.
    pub fn label_vi(&self) -> &str {
        match self.0.as_str() {
            Self::DEPARTMENTS => "Sở, ban, ngành",
            Self::DISTRICTS => "UBND cấp huyện",
            Self::COMMUNES => "UBND cấp xã",
            Self::CENTRAL => "Cơ quan Trung ương trên địa bàn",
            Self::PROVINCE_876 => "Tỉnh (Chỉ số CCHC cấp tỉnh, QĐ 876/QĐ-BNV)",
            other => other,
        }
    }
}

/// Whether a set is an unconfirmed template or a set the province adopted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SetStatus {
    /// Mẫu, chưa xác nhận: points per criterion are not confirmed by a legal text.
    Template,
    /// Ban hành: adopted by a decision of the province.
    Adopted,
}

impl SetStatus {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            SetStatus::Template => "mẫu, chưa xác nhận",
            SetStatus::Adopted => "đã ban hành",
        }
    }
}

/// Where a criterion's points come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    /// Self-assessed by the unit, then appraised (điểm tự đánh giá / thẩm định).
    Appraised,
    /// A sociological survey of the province (điều tra xã hội học).
    Survey,
    /// The citizen satisfaction index SIPAS.
    Sipas,
    /// The survey of leaders and managers (khảo sát lãnh đạo, quản lý).
    LeaderSurvey,
    /// Impact on socio-economic development (tác động đến phát triển KT-XH).
    Impact,
}

impl Component {
    /// Every component, in display order.
    pub const ALL: [Component; 5] =
        [Component::Appraised, Component::Survey, Component::Sipas, Component::LeaderSurvey, Component::Impact];

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Component::Appraised => "Điểm thẩm định",
            Component::Survey => "Điều tra xã hội học",
            Component::Sipas => "Chỉ số SIPAS",
            Component::LeaderSurvey => "Khảo sát lãnh đạo, quản lý",
            Component::Impact => "Tác động đến phát triển KT-XH",
        }
    }

    /// True for points a unit does not self-assess (surveys and impact).
    pub fn is_external(self) -> bool {
        !matches!(self, Component::Appraised)
    }
}

/// The declared points of one component ("80 điểm tiêu chí + 20 điểm điều tra").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentShare {
    pub component: Component,
    pub points: Points,
}

/// One area, criterion or sub-criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Dotted path code: "1", "1.2", "1.2.3".
    pub code: String,
    /// The label the source printed ("I", "1", "a"), when it differs from the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stt: Option<String>,
    pub name: String,
    /// Điểm tối đa.
    pub max: Points,
    /// How a leaf is scored; `None` on a leaf means manual (any hundredth).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<ScoringMethod>,
    /// Guidance for scoring, as published (phương pháp / hướng dẫn chấm).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub guidance: String,
    /// The evidence documents asked for (tài liệu kiểm chứng).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evidence: String,
    /// A self-score above 0 must come with evidence files.
    #[serde(default)]
    pub evidence_required: bool,
    /// The criterion may be marked "không phát sinh": it then leaves the maximum.
    #[serde(default)]
    pub may_be_not_applicable: bool,
    /// The department that reports on this criterion (the province's own 876 index).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A live measurement that projects this criterion's score during the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<LiveLink>,
    /// Where the points come from; `None` = as the parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<Component>,
    /// The row of the imported file this node came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_row: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<Node>,
}

impl Node {
    /// A node with a code, a name and a maximum; everything else empty.
    pub fn new(code: &str, name: &str, max: Points) -> Node {
        Node {
            code: code.to_string(),
            stt: None,
            name: name.to_string(),
            max,
            method: None,
            guidance: String::new(),
            evidence: String::new(),
            evidence_required: false,
            may_be_not_applicable: false,
            owner: None,
            live: None,
            component: None,
            source_row: None,
            children: Vec::new(),
        }
    }

    /// True for a node without children (the nodes that are scored).
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// The method a leaf is scored with (manual when none is set).
    pub fn scoring_method(&self) -> ScoringMethod {
        self.method.clone().unwrap_or_else(ScoringMethod::default_manual)
    }

    /// The code of the parent ("1.2" for "1.2.3"), `None` for an area.
    pub fn parent_code(&self) -> Option<&str> {
        self.code.rsplit_once('.').map(|(parent, _)| parent)
    }
}

/// A node with its depth (0 = area) and effective component, from [`CriteriaSet::walk`].
#[derive(Debug, Clone, Copy)]
pub struct NodeRef<'a> {
    pub node: &'a Node,
    pub depth: usize,
    pub component: Component,
}

/// A versioned, date-effective criteria set of one unit group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriteriaSet {
    /// Stable code of the set across versions, e.g. "ha-tinh-so-ban-nganh".
    pub code: String,
    pub name: String,
    pub group: UnitGroup,
    /// 1, 2, …: a frozen set is never edited, a new version is made instead.
    pub version: u32,
    pub effective_from: NaiveDate,
    /// Last day of validity; `None` = open-ended.
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    pub status: SetStatus,
    /// Set once a round used the set.
    #[serde(default)]
    pub frozen: bool,
    /// Legal basis or where the set comes from.
    #[serde(default)]
    pub source: String,
    /// The declared total (thang điểm), usually 100.
    pub total: Points,
    /// The declared split by component (empty = not declared).
    #[serde(default)]
    pub components: Vec<ComponentShare>,
    pub areas: Vec<Node>,
}

impl CriteriaSet {
    /// True when the set applies on `date`.
    pub fn is_effective_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    /// True when an edit must make a new version instead of changing this one.
    pub fn editing_requires_new_version(&self) -> bool {
        self.frozen
    }

    /// The next version, editable, effective from `from`; the caller closes this one with
    /// `effective_to = from - 1 day` when it stores both.
    pub fn next_version(&self, from: NaiveDate) -> CriteriaSet {
        CriteriaSet {
            version: self.version + 1,
            effective_from: from,
            effective_to: None,
            frozen: false,
            ..self.clone()
        }
    }

    /// Every node in document order with depth and effective component.
    pub fn walk(&self) -> Vec<NodeRef<'_>> {
        fn go<'a>(nodes: &'a [Node], depth: usize, inherited: Component, out: &mut Vec<NodeRef<'a>>) {
            for node in nodes {
                let component = node.component.unwrap_or(inherited);
                out.push(NodeRef { node, depth, component });
                go(&node.children, depth + 1, component, out);
            }
        }
        let mut out = Vec::new();
        go(&self.areas, 0, Component::Appraised, &mut out);
        out
    }

    /// The scored nodes (leaves) in document order.
    pub fn leaves(&self) -> Vec<NodeRef<'_>> {
        self.walk().into_iter().filter(|r| r.node.is_leaf()).collect()
    }

    /// The node with `code`.
    pub fn find(&self, code: &str) -> Option<&Node> {
        self.walk().into_iter().map(|r| r.node).find(|n| n.code == code)
    }

    /// Sum of the leaves' maxima per component, in [`Component::ALL`] order, non-zero only.
    pub fn component_totals(&self) -> Vec<ComponentShare> {
        let leaves = self.leaves();
        Component::ALL
            .into_iter()
            .map(|c| ComponentShare {
                component: c,
                points: leaves.iter().filter(|r| r.component == c).map(|r| r.node.max).sum(),
            })
            .filter(|s| s.points != Points::ZERO)
            .collect()
    }
}

/// The set of `group` that applies on `date` (see the module rules), if any.
pub fn effective_set<'a>(sets: &'a [CriteriaSet], group: &UnitGroup, date: NaiveDate) -> Option<&'a CriteriaSet> {
    sets.iter()
        .filter(|s| &s.group == group && s.is_effective_on(date))
        .max_by_key(|s| (s.status == SetStatus::Adopted, s.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn set(version: u32, status: SetStatus, from: NaiveDate, to: Option<NaiveDate>) -> CriteriaSet {
        let mut area = Node::new("1", "Chỉ đạo điều hành", Points::whole(2));
        area.children.push(Node::new("1.1", "Kế hoạch", Points::whole(1)));
        let mut survey = Node::new("1.2", "Điều tra", Points::whole(1));
        survey.component = Some(Component::Survey);
        area.children.push(survey);
        CriteriaSet {
            code: "x".into(),
            name: "X".into(),
            group: UnitGroup::new(UnitGroup::DEPARTMENTS),
            version,
            effective_from: from,
            effective_to: to,
            status,
            frozen: false,
            source: String::new(),
            total: Points::whole(2),
            components: vec![],
            areas: vec![area],
        }
    }

    #[test]
    fn effective_set_prefers_adopted_then_version() {
        let y2024 = set(1, SetStatus::Adopted, date(2024, 1, 1), Some(date(2024, 12, 31)));
        let y2025_template = set(3, SetStatus::Template, date(2025, 1, 1), None);
        let y2025 = set(2, SetStatus::Adopted, date(2025, 1, 1), None);
        let sets = vec![y2024, y2025_template, y2025];
        let group = UnitGroup::new(UnitGroup::DEPARTMENTS);
        let cases = [(date(2024, 12, 31), Some(1)), (date(2025, 1, 1), Some(2)), (date(2023, 6, 1), None)];
        for (on, want) in cases {
            assert_eq!(effective_set(&sets, &group, on).map(|s| s.version), want, "{on}");
        }
        assert!(effective_set(&sets, &UnitGroup::new(UnitGroup::COMMUNES), date(2025, 1, 1)).is_none());
    }

    #[test]
    fn frozen_sets_are_versioned_not_edited() {
        let mut s = set(1, SetStatus::Adopted, date(2024, 1, 1), None);
        assert!(!s.editing_requires_new_version());
        s.frozen = true;
        assert!(s.editing_requires_new_version());
        let next = s.next_version(date(2025, 1, 1));
        assert_eq!((next.version, next.frozen, next.effective_from), (2, false, date(2025, 1, 1)));
        assert_eq!(next.areas, s.areas);
    }

    #[test]
    fn walk_inherits_components_and_finds_leaves() {
        let s = set(1, SetStatus::Template, date(2024, 1, 1), None);
        let walked: Vec<(&str, usize, Component)> =
            s.walk().iter().map(|r| (r.node.code.as_str(), r.depth, r.component)).collect();
        assert_eq!(
            walked,
            vec![("1", 0, Component::Appraised), ("1.1", 1, Component::Appraised), ("1.2", 1, Component::Survey)]
        );
        assert_eq!(s.leaves().len(), 2);
        assert_eq!(s.find("1.2").map(|n| n.name.as_str()), Some("Điều tra"));
        assert_eq!(s.find("1.2").and_then(Node::parent_code), Some("1"));
        let totals = s.component_totals();
        assert_eq!(
            totals,
            vec![
                ComponentShare { component: Component::Appraised, points: Points::whole(1) },
                ComponentShare { component: Component::Survey, points: Points::whole(1) },
            ]
        );
        assert_eq!(SetStatus::Template.label_vi(), "mẫu, chưa xác nhận");
        assert_eq!(UnitGroup::new("tinh_rieng").label_vi(), "tinh_rieng");
    }
}
