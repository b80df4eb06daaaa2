//! Where an initiative stands and the one function that moves it: draft → submitted → under
//! evaluation → recognised (province or unit level) or not recognised; the office may return
//! a submitted initiative (or one under evaluation) for completion, and the unit edits and
//! submits it again. Errors reuse the review workflow's [`ReviewError`] phrasing; who may read
//! an initiative follows [`ReviewState`] through [`InitiativeState::review_state`].

use serde::{Deserialize, Serialize};

use crate::review::{ReviewError, ReviewState};

/// The level at which the council recognises an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Recognised at the unit's level (cấp cơ sở).
    Unit,
    /// Recognised at province level (cấp tỉnh).
    Province,
}

impl Level {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Level::Province => "Cấp tỉnh",
            Level::Unit => "Cấp cơ sở",
        }
    }
}

/// The council's decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Recognise(Level),
    NotRecognised,
}

impl Decision {
    /// Parses a form code (`province`, `unit`, `not_recognised`).
    pub fn parse(code: &str) -> Option<Decision> {
        match code.trim() {
            "province" => Some(Decision::Recognise(Level::Province)),
            "unit" => Some(Decision::Recognise(Level::Unit)),
            "not_recognised" => Some(Decision::NotRecognised),
            _ => None,
        }
    }
}

/// Where an initiative stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeState {
    /// Being written by its unit; nobody else reads it.
    Draft,
    /// Sent to the office.
    Submitted,
    /// Sent back for completion, with a reason.
    Returned,
    /// The evaluators score it against the criteria.
    UnderEvaluation,
    /// Recognised by the council at a level. Final.
    Recognised(Level),
    /// Not recognised, with reasons. Final.
    NotRecognised,
}

/// What someone does to an initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InitiativeAction {
    /// The unit saves its text (creates the draft when there is none).
    Save,
    /// The unit sends it.
    Submit,
    /// The office returns it for completion.
    Return,
    /// The office sends it to evaluation.
    Evaluate,
    /// The council decides.
    Decide(Decision),
}

impl InitiativeState {
    /// Every state, in workflow order.
    pub const ALL: [InitiativeState; 7] = [
        InitiativeState::Draft,
        InitiativeState::Submitted,
        InitiativeState::Returned,
        InitiativeState::UnderEvaluation,
        InitiativeState::Recognised(Level::Province),
        InitiativeState::Recognised(Level::Unit),
        InitiativeState::NotRecognised,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            InitiativeState::Draft => "draft",
            InitiativeState::Submitted => "submitted",
            InitiativeState::Returned => "returned",
            InitiativeState::UnderEvaluation => "evaluating",
            InitiativeState::Recognised(Level::Province) => "recognised_province",
            InitiativeState::Recognised(Level::Unit) => "recognised_unit",
            InitiativeState::NotRecognised => "not_recognised",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<InitiativeState> {
        InitiativeState::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            InitiativeState::Draft => "Bản nháp",
            InitiativeState::Submitted => "Đã gửi, chờ xem xét",
            InitiativeState::Returned => "Trả lại để hoàn thiện",
            InitiativeState::UnderEvaluation => "Đang đánh giá",
            InitiativeState::Recognised(Level::Province) => "Được công nhận cấp tỉnh",
            InitiativeState::Recognised(Level::Unit) => "Được công nhận cấp cơ sở",
            InitiativeState::NotRecognised => "Không được công nhận",
        }
    }

    /// The review state it reads as: who may see it follows [`crate::visibility::Visibility`].
    pub fn review_state(self) -> ReviewState {
        match self {
            InitiativeState::Draft => ReviewState::Draft,
            InitiativeState::Returned => ReviewState::Returned,
            InitiativeState::Submitted | InitiativeState::UnderEvaluation => ReviewState::Submitted,
            InitiativeState::Recognised(_) | InitiativeState::NotRecognised => ReviewState::Accepted,
        }
    }

    /// The unit may still change its text.
    pub fn is_editable(self) -> bool {
        self.review_state().is_editable()
    }

    /// The recognised level, if any.
    pub fn level(self) -> Option<Level> {
        match self {
            InitiativeState::Recognised(l) => Some(l),
            _ => None,
        }
    }
}

/// The state after `action` on an initiative in state `from` (`None`: nothing saved yet).
pub fn transition(from: Option<InitiativeState>, action: InitiativeAction) -> Result<InitiativeState, ReviewError> {
    use InitiativeAction as A;
    use InitiativeState as S;
    let refuse = |m: &str| Err(ReviewError(m.to_string()));
    match (from, action) {
        (None | Some(S::Draft), A::Save) => Ok(S::Draft),
        (Some(S::Returned), A::Save) => Ok(S::Returned),
        (None, _) => refuse("chưa có bản nào được lưu"),
        (Some(S::Recognised(_) | S::NotRecognised), _) => refuse("hội đồng đã quyết định, không thay đổi được nữa"),
        (Some(S::Submitted | S::UnderEvaluation), A::Save | A::Submit) => {
            refuse("đã gửi, không sửa được nữa (chỉ sửa được khi bị trả lại để hoàn thiện)")
        }
        (Some(S::Draft | S::Returned), A::Submit) => Ok(S::Submitted),
        (Some(S::Submitted | S::UnderEvaluation), A::Return) => Ok(S::Returned),
        (Some(S::Submitted), A::Evaluate) => Ok(S::UnderEvaluation),
        (Some(S::UnderEvaluation), A::Evaluate) => refuse("đang được đánh giá"),
        (Some(S::UnderEvaluation), A::Decide(Decision::Recognise(l))) => Ok(S::Recognised(l)),
        (Some(S::UnderEvaluation), A::Decide(Decision::NotRecognised)) => Ok(S::NotRecognised),
        (Some(S::Submitted), A::Decide(_)) => refuse("chưa được đưa ra đánh giá: hội đồng chưa quyết định được"),
        (Some(S::Draft | S::Returned), A::Return | A::Evaluate | A::Decide(_)) => {
            refuse("đơn vị chưa gửi: chỉ xem xét được sáng kiến đã gửi")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InitiativeAction as A;
    use InitiativeState as S;

    const P: Level = Level::Province;
    const U: Level = Level::Unit;

    #[test]
    fn the_whole_table() {
        let yes = Decision::Recognise(P);
        let no = Decision::NotRecognised;
        let cases: Vec<(Option<S>, A, Option<S>)> = vec![
            (None, A::Save, Some(S::Draft)),
            (None, A::Submit, None),
            (Some(S::Draft), A::Save, Some(S::Draft)),
            (Some(S::Draft), A::Submit, Some(S::Submitted)),
            (Some(S::Draft), A::Evaluate, None),
            (Some(S::Draft), A::Return, None),
            (Some(S::Draft), A::Decide(yes), None),
            (Some(S::Submitted), A::Save, None),
            (Some(S::Submitted), A::Submit, None),
            (Some(S::Submitted), A::Return, Some(S::Returned)),
            (Some(S::Submitted), A::Evaluate, Some(S::UnderEvaluation)),
            (Some(S::Submitted), A::Decide(yes), None),
            (Some(S::Returned), A::Save, Some(S::Returned)),
            (Some(S::Returned), A::Submit, Some(S::Submitted)),
            (Some(S::Returned), A::Evaluate, None),
            (Some(S::UnderEvaluation), A::Save, None),
            (Some(S::UnderEvaluation), A::Evaluate, None),
            (Some(S::UnderEvaluation), A::Return, Some(S::Returned)),
            (Some(S::UnderEvaluation), A::Decide(yes), Some(S::Recognised(P))),
            (Some(S::UnderEvaluation), A::Decide(Decision::Recognise(U)), Some(S::Recognised(U))),
            (Some(S::UnderEvaluation), A::Decide(no), Some(S::NotRecognised)),
            (Some(S::Recognised(P)), A::Save, None),
            (Some(S::Recognised(U)), A::Decide(no), None),
            (Some(S::NotRecognised), A::Submit, None),
            (Some(S::NotRecognised), A::Return, None),
        ];
        for (from, action, want) in cases {
            let got = transition(from, action);
            assert_eq!(got.as_ref().ok().copied(), want, "{from:?} {action:?}");
            if let Err(e) = got {
                assert!(!e.0.is_empty());
            }
        }
    }

    #[test]
    fn codes_round_trip_and_read_as_review_states() {
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
            assert!(!s.label_vi().is_empty());
        }
        assert_eq!(S::parse("xx"), None);
        let table = [
            (S::Draft, ReviewState::Draft, true),
            (S::Returned, ReviewState::Returned, true),
            (S::Submitted, ReviewState::Submitted, false),
            (S::UnderEvaluation, ReviewState::Submitted, false),
            (S::Recognised(U), ReviewState::Accepted, false),
            (S::NotRecognised, ReviewState::Accepted, false),
        ];
        for (s, review, editable) in table {
            assert_eq!((s.review_state(), s.is_editable()), (review, editable), "{s:?}");
        }
        assert_eq!(Decision::parse("province"), Some(Decision::Recognise(P)));
        assert_eq!(Decision::parse("not_recognised"), Some(Decision::NotRecognised));
        assert_eq!(Decision::parse("tỉnh"), None);
    }
}
