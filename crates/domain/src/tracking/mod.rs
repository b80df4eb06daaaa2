//! The pure rules of tracking a plan: task lifecycle, due dates and timeliness, recurring
//! instances, the reporting calendar, target values and attainment, reminders, report
//! completeness, on-time rates and the handover of work when units reorganise.
//!
//! Nothing here reads the clock or touches storage: every function takes `today` (or the date
//! of the action) as a parameter and returns plain values the storage, web and job layers
//! persist or render. Configuration (calendar, timeliness and reminder rules) is data with
//! defaults, meant to be stored as versioned settings, never hard-coded by callers.
//!
//! Where the domain is silent a submodule picks a rule and lists it in its own `//!` header.

pub mod attainment;
pub mod calendar;
pub mod completeness;
pub mod escalation;
pub mod groups;
pub mod lifecycle;
pub mod number;
pub mod ranking;
pub mod recurring;
pub mod reminders;
pub mod reorg;
pub mod targets;
pub mod timeliness;
pub mod transition;
pub mod workdays;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::period::{DateRule, Period, PeriodKind, YearDay};
pub use attainment::{
    attainment, attainment_for, classify_target, Attainment, AttainmentStatus, Direction, TargetScale,
};
pub use calendar::{PeriodSpec, ReportingCalendar};
pub use completeness::{report_completeness, Completeness, SubmissionStatus, UnitSubmission};
pub use escalation::{
    escalation_key, select_escalations, Audience, Escalation, EscalationPolicy, EscalationStep, OverdueItem,
};
pub use groups::{group_leads, successor};
pub use lifecycle::{ActionKind, ActorRelation, TaskAction, TaskProgress, TaskState};
pub use number::{parse_number, NumberError};
pub use ranking::{on_time_ranking, rank_tallies, RankedUnit, UnitTally};
pub use recurring::{recurring_instances, task_instances, TaskInstance, ONCE_KEY};
pub use reminders::{
    daily_digests, reminder_key, select_reminders, Digest, Reminder, ReminderItem, ReminderPolicy, ReminderSlot,
    SentReminder,
};
pub use reorg::{plan_handover, AssignedItem, AssignmentRole, Handover, HandoverDecision, KeepReason};
pub use targets::{
    applicable_target, level_of_kind, parse_level_values, validate_achievement, Achievement, AchievementInput,
    LevelValue, TargetLevel, TargetMeasure,
};
pub use timeliness::{
    classify_completion, due_date, status_on, Completion, EarlyRule, EventOccurrence, TaskStatus, TaskTiming,
    TimelinessRules,
};
pub use transition::{allowed_actions, transition, transition_with_signoff, Next, TransitionError};
pub use workdays::{settle_due, CalendarDay, DayKind, WorkCalendar};

/// What kind of tracked thing an [`ItemRef`] points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One instance of a task (a one-off task has exactly one instance).
    TaskInstance,
    /// A periodic report a unit owes for a reporting period.
    Report,
    /// A target value a unit owes for a reporting period.
    TargetValue,
    /// A unit's PAR self-assessment (or its explanations) in a round.
    ParAssessment,
    /// The remedy of an inspection or audit recommendation, owed by the inspected unit.
    Remedy,
}

impl ItemKind {
    /// Stable code used in keys and the database.
    pub fn code(self) -> &'static str {
        match self {
            ItemKind::TaskInstance => "task_instance",
            ItemKind::Report => "report",
            ItemKind::TargetValue => "target_value",
            ItemKind::ParAssessment => "par_assessment",
            ItemKind::Remedy => "remedy",
        }
    }
}

/// A reference to a stored item by kind and database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: i64,
}

impl ItemRef {
    /// A task instance.
    pub fn task(id: i64) -> ItemRef {
        ItemRef { kind: ItemKind::TaskInstance, id }
    }

    /// A periodic report.
    pub fn report(id: i64) -> ItemRef {
        ItemRef { kind: ItemKind::Report, id }
    }

    /// A PAR assessment.
    pub fn par(id: i64) -> ItemRef {
        ItemRef { kind: ItemKind::ParAssessment, id }
    }

    /// The remedy of a finding's recommendation.
    pub fn remedy(id: i64) -> ItemRef {
        ItemRef { kind: ItemKind::Remedy, id }
    }
}

impl std::fmt::Display for ItemRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.code(), self.id)
    }
}

pub(crate) use crate::period::add_days;

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub(crate) fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// `dd/mm/yyyy`, the form users read dates in.
pub(crate) fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::{clamped_date, month_end};

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn date_helpers() {
        assert_eq!(month_end(2024, 2), d(2024, 2, 29));
        assert_eq!(month_end(2025, 2), d(2025, 2, 28));
        assert_eq!(month_end(2025, 12), d(2025, 12, 31));
        assert_eq!(clamped_date(2025, 4, 31), d(2025, 4, 30));
        assert_eq!(clamped_date(2025, 13, 1), None);
        assert_eq!(d(2025, 12, 20).and_then(|x| add_days(x, 15)), d(2026, 1, 4));
        assert_eq!(d(2025, 3, 1).and_then(|x| add_days(x, -1)), d(2025, 2, 28));
        assert_eq!(NaiveDate::MAX.checked_add_days(chrono::Days::new(1)), None);
        assert_eq!(add_days(NaiveDate::MAX, 1), None);
        if let (Some(a), Some(b)) = (d(2024, 2, 28), d(2024, 3, 1)) {
            assert_eq!(days_between(a, b), 2);
            assert_eq!(days_between(b, a), -2);
            assert_eq!(vn_date(a), "28/02/2024");
        }
        assert_eq!(ItemRef::task(42).to_string(), "task_instance:42");
    }
}
