//! The per-criterion score record of a PAR round as plain data (self-assessment, evidence,
//! appraisal, explanation) and the pure checks on it: a valid self-assessment, a valid
//! appraisal (a reason is mandatory when the appraiser changes the self-score) and the final
//! mark (appraised if appraised, else self). The workflow states belong to the shared
//! review-state machine, not here.
//!
//! Rules chosen where the domain is silent:
//! - Evidence is required for a self-score above 0 on a criterion flagged
//!   `evidence_required`; 0 and "không phát sinh" need none.
//! - An appraisal that differs from the self-score (points or "không phát sinh") needs a
//!   reason; confirming the self-score needs none. Appraising a criterion the unit did not
//!   score counts as an adjustment.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::criteria::Node;
use super::method::ScoreError;
use super::points::Points;
use super::score::Mark;

/// Everything recorded about one criterion of one unit in one round.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// The criterion's code in the round's criteria set.
    pub code: String,
    /// Điểm tự đánh giá.
    #[serde(default)]
    pub self_mark: Option<Mark>,
    /// The unit's note (thuyết minh).
    #[serde(default)]
    pub self_note: String,
    /// Ids of the stored evidence files (tài liệu kiểm chứng).
    #[serde(default)]
    pub evidence: Vec<i64>,
    /// Evidence by reference: a task's file or a document's number and date, as many.
    #[serde(default)]
    pub linked: usize,
    /// Điểm thẩm định.
    #[serde(default)]
    pub appraised_mark: Option<Mark>,
    /// Why the appraiser changed the self-score.
    #[serde(default)]
    pub appraisal_reason: String,
    /// The unit's explanation when returned for giải trình.
    #[serde(default)]
    pub explanation: String,
}

impl CriterionScore {
    /// The mark that enters the index: appraised if appraised, else the self-score.
    pub fn final_mark(&self) -> Option<Mark> {
        self.appraised_mark.or(self.self_mark)
    }

    /// True when the appraiser changed the self-score.
    pub fn is_adjusted(&self) -> bool {
        self.appraised_mark.is_some_and(|a| Some(a) != self.self_mark)
    }
}

/// Why a self-assessment or an appraisal is refused; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    #[error("{0}")]
    Score(#[from] ScoreError),
    #[error("Tiêu chí {0} không được đánh dấu «không phát sinh».")]
    NotApplicableNotAllowed(String),
    #[error("Tiêu chí {0} có tiêu chí thành phần: chỉ chấm điểm các tiêu chí thành phần.")]
    NotALeaf(String),
    #[error("Tiêu chí {0} yêu cầu tài liệu kiểm chứng cho điểm trên 0.")]
    EvidenceRequired(String),
    #[error("Cần nêu lý do khi điều chỉnh điểm tự đánh giá của tiêu chí {0}.")]
    ReasonRequired(String),
}

/// Checks a mark against the criterion: "không phát sinh" only where allowed, points only on
/// leaves and as the method allows.
pub fn check_mark(node: &Node, mark: Mark) -> Result<(), ReviewError> {
    match mark {
        Mark::NotApplicable if node.may_be_not_applicable => Ok(()),
        Mark::NotApplicable => Err(ReviewError::NotApplicableNotAllowed(node.code.clone())),
        Mark::Points(_) if !node.is_leaf() => Err(ReviewError::NotALeaf(node.code.clone())),
        Mark::Points(p) => Ok(node.scoring_method().validate(node.max, p)?),
    }
}

/// Checks a unit's self-assessment of `node`: the mark, and evidence when required.
pub fn validate_self_assessment(node: &Node, score: &CriterionScore) -> Result<(), ReviewError> {
    let Some(mark) = score.self_mark else { return Ok(()) };
    check_mark(node, mark)?;
    let positive = matches!(mark, Mark::Points(p) if p > Points::ZERO);
    if node.evidence_required && positive && score.evidence.is_empty() && score.linked == 0 {
        return Err(ReviewError::EvidenceRequired(node.code.clone()));
    }
    Ok(())
}

/// Checks an appraisal of `node`: the mark within the method, and a reason when it differs
/// from the self-score.
pub fn validate_appraisal(
    node: &Node,
    self_mark: Option<Mark>,
    appraised: Mark,
    reason: &str,
) -> Result<(), ReviewError> {
    check_mark(node, appraised)?;
    if self_mark != Some(appraised) && reason.trim().is_empty() {
        return Err(ReviewError::ReasonRequired(node.code.clone()));
    }
    Ok(())
}

/// The final marks by code, for [`super::score::compute`]; criteria without any mark are
/// left out (they count as missing).
pub fn final_marks(scores: &[CriterionScore]) -> BTreeMap<String, Mark> {
    scores.iter().filter_map(|s| s.final_mark().map(|m| (s.code.clone(), m))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::par::method::ScoringMethod;

    fn p(text: &str) -> Points {
        Points::parse(text).unwrap_or(Points(i64::MIN))
    }

    fn node() -> Node {
        let mut n = Node::new("1.1", "Ban hành kế hoạch CCHC", p("1"));
        n.method = Some(ScoringMethod::Manual { step: p("0,25") });
        n.evidence_required = true;
        n
    }

    fn pts(t: &str) -> Mark {
        Mark::Points(p(t))
    }

    #[test]
    fn appraisal_table() {
        let mut na = node();
        na.may_be_not_applicable = true;
        let plain = node();
        type Case<'a> = (&'a str, &'a Node, Option<Mark>, Mark, &'a str, Result<(), ReviewError>);
        let cases: Vec<Case<'_>> = vec![
            ("confirm without reason", &na, Some(pts("1")), pts("1"), "", Ok(())),
            ("adjust with reason", &na, Some(pts("1")), pts("0,5"), "Kế hoạch ban hành chậm", Ok(())),
            (
                "adjust without reason",
                &na,
                Some(pts("1")),
                pts("0,5"),
                "  ",
                Err(ReviewError::ReasonRequired("1.1".into())),
            ),
            ("appraise unscored", &na, None, pts("0"), "", Err(ReviewError::ReasonRequired("1.1".into()))),
            ("n/a allowed with reason", &na, Some(pts("1")), Mark::NotApplicable, "Không phát sinh", Ok(())),
            (
                "n/a forbidden",
                &plain,
                Some(pts("1")),
                Mark::NotApplicable,
                "x",
                Err(ReviewError::NotApplicableNotAllowed("1.1".into())),
            ),
            (
                "above max",
                &na,
                Some(pts("1")),
                pts("1,25"),
                "x",
                Err(ReviewError::Score(ScoreError::AboveMax { score: p("1,25"), max: p("1") })),
            ),
            (
                "off step",
                &na,
                Some(pts("1")),
                pts("0,6"),
                "x",
                Err(ReviewError::Score(ScoreError::NotAStep { score: p("0,6"), step: p("0,25") })),
            ),
        ];
        for (name, node, self_mark, appraised, reason, want) in cases {
            assert_eq!(validate_appraisal(node, self_mark, appraised, reason), want, "{name}");
        }
    }

    #[test]
    fn self_assessment_table() {
        let score = |mark: Option<Mark>, evidence: Vec<i64>| CriterionScore {
            code: "1.1".into(),
            self_mark: mark,
            evidence,
            ..CriterionScore::default()
        };
        let cases = [
            ("scored with evidence", score(Some(pts("1")), vec![7]), Ok(())),
            (
                "scored without evidence",
                score(Some(pts("1")), vec![]),
                Err(ReviewError::EvidenceRequired("1.1".into())),
            ),
            ("zero needs none", score(Some(pts("0")), vec![]), Ok(())),
            ("scored with a document reference", CriterionScore { linked: 1, ..score(Some(pts("1")), vec![]) }, Ok(())),
            ("not yet scored", score(None, vec![]), Ok(())),
            (
                "over max",
                score(Some(pts("2")), vec![1]),
                Err(ReviewError::Score(ScoreError::AboveMax { score: p("2"), max: p("1") })),
            ),
        ];
        for (name, s, want) in cases {
            assert_eq!(validate_self_assessment(&node(), &s), want, "{name}");
        }
        let parent = Node { children: vec![node()], ..Node::new("1", "Lĩnh vực", p("1")) };
        assert_eq!(check_mark(&parent, pts("1")), Err(ReviewError::NotALeaf("1".into())));
    }

    #[test]
    fn final_mark_is_appraised_else_self() {
        let s = |code: &str, self_mark: Option<Mark>, appraised: Option<Mark>| CriterionScore {
            code: code.into(),
            self_mark,
            appraised_mark: appraised,
            ..CriterionScore::default()
        };
        let scores = vec![
            s("1.1", Some(pts("1")), Some(pts("0,5"))),
            s("1.2", Some(pts("0,75")), None),
            s("1.3", Some(pts("1")), Some(Mark::NotApplicable)),
            s("1.4", None, None),
            s("1.5", Some(pts("1")), Some(pts("1"))),
        ];
        let adjusted: Vec<bool> = scores.iter().map(CriterionScore::is_adjusted).collect();
        assert_eq!(adjusted, vec![true, false, true, false, false]);
        let finals = final_marks(&scores);
        let want: BTreeMap<String, Mark> = [
            ("1.1".to_string(), pts("0,5")),
            ("1.2".to_string(), pts("0,75")),
            ("1.3".to_string(), Mark::NotApplicable),
            ("1.5".to_string(), pts("1")),
        ]
        .into_iter()
        .collect();
        assert_eq!(finals, want);
        assert_eq!(
            ReviewError::ReasonRequired("1.1".into()).to_string(),
            "Cần nêu lý do khi điều chỉnh điểm tự đánh giá của tiêu chí 1.1."
        );
    }
}
