//! Findings and their recommendations: severity, where they come from (the office's own
//! inspection, an outside inspection — thanh tra — or a state audit — kiểm toán), the state of
//! the recommendation (open → resolved | waived with a reason), checklist answers, and the
//! rule that an inspection closes only when every recommendation is resolved or waived.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    High,
}

/// A closed list with stable codes and Vietnamese labels.
macro_rules! coded {
    ($t:ty, [$(($v:expr, $code:literal, $vi:literal)),* $(,)?]) => {
        impl $t {
            /// Every value.
            pub const ALL: &'static [$t] = &[$($v),*];
            /// Stable code stored in the database.
            pub fn code(self) -> &'static str {
                match self { $(x if x == $v => $code,)* _ => "" }
            }
            /// Vietnamese label.
            pub fn label_vi(self) -> &'static str {
                match self { $(x if x == $v => $vi,)* _ => "" }
            }
            /// Parses a code or (diacritics and case ignored) a Vietnamese label.
            pub fn parse(s: &str) -> Option<$t> {
                let f = crate::text::fold(s.trim());
                Self::ALL.iter().copied().find(|x| x.code() == s.trim() || crate::text::fold(x.label_vi()) == f)
            }
        }
    };
}

coded!(
    Severity,
    [
        (Severity::Low, "low", "Nhẹ"),
        (Severity::Medium, "medium", "Trung bình"),
        (Severity::High, "high", "Nghiêm trọng"),
    ]
);

/// Where a finding was raised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingSource {
    /// The reform office's own inspection (kiểm tra CCHC).
    Inspection,
    /// An outside inspection (thanh tra).
    OutsideInspection,
    /// A state audit (kiểm toán nhà nước).
    Audit,
}

coded!(
    FindingSource,
    [
        (FindingSource::Inspection, "inspection", "Kiểm tra CCHC"),
        (FindingSource::OutsideInspection, "outside_inspection", "Thanh tra"),
        (FindingSource::Audit, "audit", "Kiểm toán"),
    ]
);

/// Where a recommendation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecommendationState {
    /// Being remedied (or not started).
    Open,
    /// The office accepted the unit's remedy.
    Resolved,
    /// The office dropped it, with a reason.
    Waived,
}

coded!(
    RecommendationState,
    [
        (RecommendationState::Open, "open", "Chưa xử lý xong"),
        (RecommendationState::Resolved, "resolved", "Đã xử lý xong"),
        (RecommendationState::Waived, "waived", "Không phải xử lý (có lý do)"),
    ]
);

/// A checklist answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Met,
    NotMet,
    NotApplicable,
}

coded!(
    Answer,
    [
        (Answer::Met, "met", "Đạt"),
        (Answer::NotMet, "not_met", "Chưa đạt"),
        (Answer::NotApplicable, "not_applicable", "Không áp dụng"),
    ]
);

/// Where an inspection stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InspectionState {
    /// On the year's plan; the unit has been told.
    Planned,
    /// The team recorded the checklist, the minutes and the findings.
    Recorded,
    /// Every recommendation is resolved or waived.
    Closed,
}

coded!(
    InspectionState,
    [
        (InspectionState::Planned, "planned", "Đã lên kế hoạch"),
        (InspectionState::Recorded, "recorded", "Đã kiểm tra, đang theo dõi kiến nghị"),
        (InspectionState::Closed, "closed", "Đã kết thúc"),
    ]
);

impl RecommendationState {
    /// Whether nothing is left to do.
    pub fn is_settled(self) -> bool {
        self != RecommendationState::Open
    }
}

/// Whether an inspection with recommendations in `states` may close: `Err(n)` with the number
/// still open.
pub fn closable(states: &[RecommendationState]) -> Result<(), usize> {
    match states.iter().filter(|s| !s.is_settled()).count() {
        0 => Ok(()),
        n => Err(n),
    }
}

/// Checks a waiver's reason (required, cleaned).
pub fn waiver_reason(reason: &str) -> Result<String, &'static str> {
    let r = crate::text::clean(reason);
    if r.is_empty() {
        Err("Cần nêu lý do không phải xử lý kiến nghị.")
    } else {
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RecommendationState::*;

    #[test]
    fn closes_only_when_every_recommendation_is_settled() {
        let table: [(&[RecommendationState], Result<(), usize>); 5] = [
            (&[], Ok(())),
            (&[Resolved, Waived], Ok(())),
            (&[Resolved, Open], Err(1)),
            (&[Open, Open, Waived], Err(2)),
            (&[Waived], Ok(())),
        ];
        for (states, want) in table {
            assert_eq!(closable(states), want, "{states:?}");
        }
    }

    #[test]
    fn codes_and_labels_parse() {
        assert_eq!(Severity::parse("nghiem trong"), Some(Severity::High));
        assert_eq!(Severity::parse("Trung Bình"), Some(Severity::Medium));
        assert_eq!(Severity::parse("low"), Some(Severity::Low));
        assert_eq!(Severity::parse("rất nặng"), None);
        assert_eq!(FindingSource::parse("Kiểm toán"), Some(FindingSource::Audit));
        assert_eq!(FindingSource::parse("thanh tra"), Some(FindingSource::OutsideInspection));
        assert_eq!(Answer::parse("chua dat"), Some(Answer::NotMet));
        for s in RecommendationState::ALL {
            assert_eq!(RecommendationState::parse(s.code()), Some(*s));
        }
        assert_eq!(waiver_reason("  "), Err("Cần nêu lý do không phải xử lý kiến nghị."));
        assert_eq!(waiver_reason(" Đơn vị đã sáp nhập "), Ok("Đơn vị đã sáp nhập".into()));
    }
}
