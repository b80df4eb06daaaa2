//! The review workflow every unit-submitted piece of work shares: periodic reports today, PAR
//! self-assessments, SIPAS batches and inspection findings next. A unit drafts, submits; the
//! office (or an appraiser) accepts it or returns it with a reason; a returned piece is edited
//! and submitted again. Where the unit's head must sign off, the focal point sends the work to
//! the head first (`AwaitingSignoff`); the head signs it off (it is then submitted) or sends
//! it back to the draft with a reason. The states and the one function that moves between
//! them live here, so that no crate compares state strings.

use serde::{Deserialize, Serialize};

/// Where a piece of submitted work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Being written by its unit; nobody else reads it.
    Draft,
    /// Sent by the focal point to the unit's head, who signs it off or sends it back. Still
    /// the unit's own: readers outside the unit do not see it.
    AwaitingSignoff,
    /// Sent; the reviewer decides.
    Submitted,
    /// Sent back with a reason; the unit edits and submits again.
    Returned,
    /// Accepted by the reviewer. Final.
    Accepted,
}

/// What someone does to a piece of work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewAction {
    /// The unit saves its text (creates the draft when there is none).
    Save,
    /// The unit sends it.
    Submit,
    /// The unit takes a submission back before the reviewer has acted.
    Withdraw,
    /// The reviewer accepts it.
    Accept,
    /// The reviewer returns it with a reason.
    Return,
    /// The focal point sends it to the unit's head for sign-off.
    SendForSignoff,
    /// The unit's head signs it off: it is submitted.
    SignOff,
    /// The unit's head sends it back to the draft with a reason.
    SendBack,
}

/// A move the workflow does not allow, in words for the user: a phrase that follows the
/// name of the thing ("báo cáo đã nộp, không sửa được nữa").
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ReviewError(pub String);

impl ReviewState {
    /// Every state, in workflow order.
    pub const ALL: [ReviewState; 5] = [
        ReviewState::Draft,
        ReviewState::AwaitingSignoff,
        ReviewState::Submitted,
        ReviewState::Returned,
        ReviewState::Accepted,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ReviewState::Draft => "draft",
            ReviewState::AwaitingSignoff => "awaiting_signoff",
            ReviewState::Submitted => "submitted",
            ReviewState::Returned => "returned",
            ReviewState::Accepted => "accepted",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<ReviewState> {
        let code = code.trim();
        ReviewState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            ReviewState::Draft => "Bản nháp",
            ReviewState::AwaitingSignoff => "Chờ ký duyệt",
            ReviewState::Submitted => "Đã nộp, chờ xem xét",
            ReviewState::Returned => "Bị trả lại",
            ReviewState::Accepted => "Đã tiếp nhận",
        }
    }

    /// The unit may still change it.
    pub fn is_editable(self) -> bool {
        matches!(self, ReviewState::Draft | ReviewState::Returned)
    }

    /// It has been sent at least once, so readers outside the unit may see it.
    pub fn is_sent(self) -> bool {
        !matches!(self, ReviewState::Draft | ReviewState::AwaitingSignoff)
    }
}

/// The state after `action` on work in state `from` (`None`: nothing saved yet).
pub fn transition(from: Option<ReviewState>, action: ReviewAction) -> Result<ReviewState, ReviewError> {
    use ReviewAction as A;
    use ReviewState as S;
    let refuse = |m: &str| Err(ReviewError(m.to_string()));
    match (from, action) {
        (None | Some(S::Draft), A::Save) => Ok(S::Draft),
        (Some(S::Returned), A::Save) => Ok(S::Returned),
        (Some(S::AwaitingSignoff), A::Save | A::SendForSignoff) => refuse("đang chờ lãnh đạo đơn vị ký duyệt"),
        (Some(S::Submitted), A::Save) => refuse("đã nộp, không sửa được nữa"),
        (Some(S::Accepted), A::Save | A::Submit | A::Withdraw | A::SendForSignoff) => {
            refuse("đã được tiếp nhận, không thay đổi được nữa")
        }
        (None, _) => refuse("chưa có bản nào được lưu"),
        (Some(S::Draft | S::Returned), A::Submit) => Ok(S::Submitted),
        (Some(S::Draft | S::Returned), A::SendForSignoff) => Ok(S::AwaitingSignoff),
        (Some(S::AwaitingSignoff), A::SignOff) => Ok(S::Submitted),
        (Some(S::AwaitingSignoff), A::SendBack | A::Withdraw) => Ok(S::Draft),
        (Some(S::AwaitingSignoff), A::Submit) => refuse("đang chờ lãnh đạo đơn vị ký duyệt"),
        (Some(_), A::SignOff | A::SendBack) => refuse("không ở trạng thái chờ lãnh đạo đơn vị ký duyệt"),
        (Some(S::Submitted), A::Submit | A::SendForSignoff) => refuse("đã được nộp trước đó"),
        (Some(S::Submitted), A::Withdraw) => Ok(S::Draft),
        (Some(S::Draft | S::Returned), A::Withdraw) => refuse("chưa nộp nên không cần rút lại"),
        (Some(S::Submitted), A::Accept) => Ok(S::Accepted),
        (Some(S::Submitted), A::Return) => Ok(S::Returned),
        (Some(_), A::Accept | A::Return) => {
            refuse("chưa nộp hoặc đã được xem xét: chỉ xem xét được bản đã nộp, đang chờ xem xét")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReviewAction as A;
    use ReviewState as S;

    #[test]
    fn the_whole_table() {
        let cases: [(Option<S>, A, Option<S>); 41] = [
            (None, A::Save, Some(S::Draft)),
            (None, A::Submit, None),
            (None, A::Accept, None),
            (Some(S::Draft), A::Save, Some(S::Draft)),
            (Some(S::Draft), A::Submit, Some(S::Submitted)),
            (Some(S::Draft), A::Withdraw, None),
            (Some(S::Draft), A::Accept, None),
            (Some(S::Draft), A::Return, None),
            (Some(S::Submitted), A::Save, None),
            (Some(S::Submitted), A::Submit, None),
            (Some(S::Submitted), A::Withdraw, Some(S::Draft)),
            (Some(S::Submitted), A::Accept, Some(S::Accepted)),
            (Some(S::Submitted), A::Return, Some(S::Returned)),
            (Some(S::Returned), A::Save, Some(S::Returned)),
            (Some(S::Returned), A::Submit, Some(S::Submitted)),
            (Some(S::Returned), A::Accept, None),
            (Some(S::Returned), A::Return, None),
            (Some(S::Accepted), A::Save, None),
            (Some(S::Accepted), A::Submit, None),
            (Some(S::Accepted), A::Withdraw, None),
            (Some(S::Accepted), A::Return, None),
            // Sign-off by the unit's head, before the office sees the work as submitted.
            (None, A::SendForSignoff, None),
            (None, A::SignOff, None),
            (Some(S::Draft), A::SendForSignoff, Some(S::AwaitingSignoff)),
            (Some(S::Returned), A::SendForSignoff, Some(S::AwaitingSignoff)),
            (Some(S::Submitted), A::SendForSignoff, None),
            (Some(S::Accepted), A::SendForSignoff, None),
            (Some(S::AwaitingSignoff), A::Save, None),
            (Some(S::AwaitingSignoff), A::Submit, None),
            (Some(S::AwaitingSignoff), A::SendForSignoff, None),
            (Some(S::AwaitingSignoff), A::SignOff, Some(S::Submitted)),
            (Some(S::AwaitingSignoff), A::SendBack, Some(S::Draft)),
            (Some(S::AwaitingSignoff), A::Withdraw, Some(S::Draft)),
            (Some(S::AwaitingSignoff), A::Accept, None),
            (Some(S::AwaitingSignoff), A::Return, None),
            (Some(S::Draft), A::SignOff, None),
            (Some(S::Draft), A::SendBack, None),
            (Some(S::Submitted), A::SignOff, None),
            (Some(S::Returned), A::SignOff, None),
            (Some(S::Accepted), A::SendBack, None),
            (Some(S::Returned), A::Withdraw, None),
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
    fn codes_round_trip_and_sent_states_are_visible_outside() {
        for s in S::ALL {
            assert_eq!(S::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).ok(), Some(serde_json::json!(s.code())));
        }
        assert_eq!(S::parse("xx"), None);
        assert!(!S::Draft.is_sent() && S::Returned.is_sent());
        assert!(S::Returned.is_editable() && !S::Submitted.is_editable());
        // Waiting for the head is still the unit's own, and not editable until taken back.
        assert!(!S::AwaitingSignoff.is_sent() && !S::AwaitingSignoff.is_editable());
    }
}
