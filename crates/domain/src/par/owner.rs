//! The province's own index (QĐ 876) followed by the departments that own its criteria:
//! each quarter, the department owning a criterion reports what it achieved so far and, for a
//! criterion not achieved, why (seed 004: "kết quả đạt được của từng tiêu chí … tiêu chí nào
//! chưa đạt, lý do chưa đạt"), and whether the cause is objective (khách quan: such criteria
//! are not held against the department's head).
//!
//! Rules chosen where the domain is silent:
//! - A criterion's owner is written in the set as a unit code (`HT-SNV`) or as the unit's name
//!   in slug form (`so-noi-vu`, `van-phong-ubnd-tinh`); it names a unit when it equals the
//!   unit's code (any case) or the slug of its name, an abbreviation or an alias.
//! - Only leaves are reported on (a parent's status is its children's).
//! - The result is required; the reason is required when the criterion is not achieved, and
//!   "objective" only means something then.

use serde::{Deserialize, Serialize};

use super::criteria::CriteriaSet;
use crate::text::fold;
use crate::unit::Unit;

/// The longest text kept in a result or a reason.
pub const TEXT_MAX: usize = 2_000;

/// `Văn phòng UBND tỉnh` → `van-phong-ubnd-tinh`.
pub fn slug(text: &str) -> String {
    let folded = fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// Whether `owner` (as written in a criteria set) names `unit`.
pub fn names_unit(owner: &str, unit: &Unit) -> bool {
    let owner = owner.trim();
    if owner.is_empty() {
        return false;
    }
    if owner.eq_ignore_ascii_case(&unit.code) {
        return true;
    }
    let wanted = slug(owner);
    std::iter::once(&unit.name).chain(&unit.abbreviations).chain(&unit.aliases).any(|n| slug(n) == wanted)
}

/// One leaf criterion of the set with its owner as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OwnedCriterion {
    pub code: String,
    pub name: String,
    /// The area (lĩnh vực) the criterion belongs to.
    pub area: String,
    pub owner: String,
}

/// Every leaf of `set` with an owner (its own, else its nearest ancestor's), in set order.
pub fn owned_leaves(set: &CriteriaSet) -> Vec<OwnedCriterion> {
    fn walk(nodes: &[super::criteria::Node], owner: Option<&str>, area: &str, out: &mut Vec<OwnedCriterion>) {
        for n in nodes {
            let area = if area.is_empty() { n.name.as_str() } else { area };
            let owner = n.owner.as_deref().or(owner);
            if n.children.is_empty() {
                if let Some(o) = owner {
                    out.push(OwnedCriterion {
                        code: n.code.clone(),
                        name: n.name.clone(),
                        area: area.to_string(),
                        owner: o.to_string(),
                    });
                }
            } else {
                walk(&n.children, owner, area, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&set.areas, None, "", &mut out);
    out
}

/// What a department reports on one criterion for a quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionStatus {
    pub code: String,
    pub achieved: bool,
    /// Not achieved for an objective cause (khách quan).
    pub objective: bool,
    /// What was achieved so far (kết quả đạt được).
    pub result: String,
    /// Why not achieved (lý do chưa đạt); empty when achieved.
    pub reason: String,
}

impl CriterionStatus {
    /// Every problem of the entry, as (field, message); the field is `result` or `reason`.
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if self.result.trim().is_empty() {
            out.push(("result", "Cần nêu kết quả đạt được đến thời điểm báo cáo.".to_string()));
        }
        if !self.achieved && self.reason.trim().is_empty() {
            out.push(("reason", "Tiêu chí chưa đạt cần nêu lý do.".to_string()));
        }
        for (field, text) in [("result", &self.result), ("reason", &self.reason)] {
            if text.chars().count() > TEXT_MAX {
                out.push((field, format!("Nội dung dài quá {TEXT_MAX} ký tự.")));
            }
        }
        out
    }

    /// The entry as stored: trimmed, no reason nor objective cause when achieved.
    pub fn normalised(mut self) -> CriterionStatus {
        self.result = self.result.trim().to_string();
        self.reason = if self.achieved { String::new() } else { self.reason.trim().to_string() };
        self.objective &= !self.achieved;
        self
    }

    /// Vietnamese label of the status.
    pub fn label_vi(&self) -> &'static str {
        match (self.achieved, self.objective) {
            (true, _) => "Đạt",
            (false, true) => "Chưa đạt (khách quan)",
            (false, false) => "Chưa đạt",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::par::criteria::Node;
    use crate::par::points::Points;
    use crate::unit::UnitKind;

    fn unit(code: &str, name: &str, abbreviations: &[&str]) -> Unit {
        Unit {
            id: 1,
            code: code.into(),
            kind: UnitKind::Department,
            parent_id: None,
            name: name.into(),
            abbreviations: abbreviations.iter().map(ToString::to_string).collect(),
            aliases: vec![],
            valid_from: None,
            valid_to: None,
            note: String::new(),
        }
    }

    #[test]
    fn owners_name_units_by_code_name_or_abbreviation() {
        let vp = unit("HT-VPUB", "Văn phòng Ủy ban nhân dân tỉnh", &["VP UBND tỉnh", "Văn phòng UBND tỉnh"]);
        let snv = unit("HT-SNV", "Sở Nội vụ", &["SNV"]);
        let table = [
            ("van-phong-ubnd-tinh", &vp, true),
            ("van-phong-ubnd-tinh", &snv, false),
            ("so-noi-vu", &snv, true),
            ("ht-snv", &snv, true),
            ("Sở Nội vụ", &snv, true),
            ("so-noi", &snv, false),
            ("", &snv, false),
        ];
        for (owner, u, want) in table {
            assert_eq!(names_unit(owner, u), want, "{owner} / {}", u.code);
        }
        assert_eq!(slug(" Sở Khoa học và Công nghệ "), "so-khoa-hoc-va-cong-nghe");
    }

    #[test]
    fn leaves_inherit_their_parents_owner() {
        let mut area = Node::new("1", "Công tác chỉ đạo", Points(300));
        let mut parent = Node::new("1.1", "Kế hoạch", Points(200));
        parent.owner = Some("so-noi-vu".into());
        parent.children =
            vec![Node::new("1.1.1", "Ban hành", Points(100)), Node::new("1.1.2", "Thực hiện", Points(100))];
        parent.children[1].owner = Some("so-tai-chinh".into());
        area.children = vec![parent, Node::new("1.2", "Không ai theo dõi", Points(100))];
        let set = CriteriaSet { areas: vec![area], ..crate::par::score::tests::sample_set() };
        let got: Vec<(String, String, String)> =
            owned_leaves(&set).into_iter().map(|c| (c.code, c.owner, c.area)).collect();
        let want = [("1.1.1", "so-noi-vu"), ("1.1.2", "so-tai-chinh")]
            .map(|(c, o)| (c.to_string(), o.to_string(), "Công tác chỉ đạo".to_string()));
        assert_eq!(got, want.to_vec());
    }

    #[test]
    fn a_status_says_what_is_missing() {
        let s = |achieved, result: &str, reason: &str| CriterionStatus {
            code: "1.1".into(),
            achieved,
            objective: true,
            result: result.into(),
            reason: reason.into(),
        };
        assert!(s(true, "Ban hành đúng hạn", "").problems().is_empty());
        assert_eq!(s(true, " ", "").problems().iter().map(|p| p.0).collect::<Vec<_>>(), vec!["result"]);
        assert_eq!(s(false, "Đạt 80%", "").problems().iter().map(|p| p.0).collect::<Vec<_>>(), vec!["reason"]);
        assert!(s(false, "Đạt 80%", "Chờ hướng dẫn của Bộ").problems().is_empty());
        assert_eq!(s(false, &"x".repeat(TEXT_MAX + 1), "lý do").problems().len(), 1);
        let n = s(true, " Xong ", "thừa").normalised();
        assert_eq!((n.result.as_str(), n.reason.as_str(), n.objective), ("Xong", "", false));
        assert_eq!(s(false, "a", "b").label_vi(), "Chưa đạt (khách quan)");
    }
}
