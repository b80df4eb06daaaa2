//! Due dates from parsed deadlines, a task's status on a given day, and whether finished work
//! was early, on time or late.
//!
//! Rules chosen where the domain is silent (all in [`TimelinessRules`], stored as settings):
//! - A task is *due soon* from `due_soon_days` (default 7) days before its due date through the
//!   due date itself; *overdue* from the day after.
//! - An event-triggered task (`Sau khi … công bố chỉ số`) has no due date until the event is
//!   recorded; then it is due `event_allowance_days` (default 30) after the event, unless the
//!   office gives a due date when recording it.
//! - The completion date is the day the lead unit (last) reported the task done, so the time the
//!   office takes to review never makes a unit late; a returned report does not count.
//! - "Early" ([`EarlyRule`]): by default, finished before the period the deadline names begins
//!   (`Quý III/2025` done in June), or for a deadline without a period (a fixed day, an event),
//!   at least 30 days before it. Finishing inside the named period is on time: the plan asked
//!   for the work in that period. `EarlyRule::Days { days: 1 }` gives the one-stop-shop
//!   convention (`trước hạn` = any day before the due date).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lifecycle::{TaskProgress, TaskState};
use super::{add_days, days_between};
use crate::deadline::{Deadline, DeadlineKind};
use crate::validation::FieldErrors;

/// When finished work counts as early.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum EarlyRule {
    /// Before the start of the deadline's period when it names one, else at least `days` days
    /// before the due date.
    PeriodOrDays { days: i64 },
    /// At least `days` days before the due date, whatever the period.
    Days { days: i64 },
}

/// The configurable numbers of timeliness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelinessRules {
    /// An open task is "due soon" when at most this many days are left (0 = due today).
    pub due_soon_days: i64,
    /// Days an event-triggered task has after its event, unless a due date is given.
    pub event_allowance_days: i64,
    pub early: EarlyRule,
}

impl Default for TimelinessRules {
    fn default() -> Self {
        TimelinessRules { due_soon_days: 7, event_allowance_days: 30, early: EarlyRule::PeriodOrDays { days: 30 } }
    }
}

impl TimelinessRules {
    /// Checks the settings form.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if !(0..=365).contains(&self.due_soon_days) {
            e.add("due_soon_days", "Số ngày cảnh báo sắp đến hạn phải từ 0 đến 365.");
        }
        if !(0..=3650).contains(&self.event_allowance_days) {
            e.add("event_allowance_days", "Thời hạn sau sự kiện phải từ 0 đến 3650 ngày.");
        }
        let (EarlyRule::PeriodOrDays { days } | EarlyRule::Days { days }) = self.early;
        if !(1..=3650).contains(&days) {
            e.add("early_days", "Số ngày để tính hoàn thành trước hạn phải từ 1 đến 3650.");
        }
        e.into_result(())
    }
}

/// The recorded occurrence of the event an event-triggered task waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventOccurrence {
    /// The day the event happened (e.g. the index was published).
    pub occurred_on: NaiveDate,
    /// A due date the office set when recording the event, if any.
    pub due: Option<NaiveDate>,
}

impl EventOccurrence {
    /// Checks the "record event" form: a given due date may not precede the event.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.due.is_some_and(|d| d < self.occurred_on) {
            e.add("due", "Hạn hoàn thành không thể trước ngày xảy ra sự kiện.");
        }
        e.into_result(())
    }
}

/// The due date of a one-off task. Fixed dates and named periods use the parsed `due`;
/// event-triggered tasks get one once `event` is recorded; recurring tasks have a due date per
/// instance (see [`super::recurring`]), so `None` here; unrecognised deadlines have none.
pub fn due_date(deadline: &Deadline, event: Option<&EventOccurrence>, rules: &TimelinessRules) -> Option<NaiveDate> {
    match deadline.kind {
        DeadlineKind::FixedDate | DeadlineKind::EndOfPeriod => deadline.due,
        DeadlineKind::EventTriggered => {
            let ev = event?;
            ev.due.or_else(|| add_days(ev.occurred_on, rules.event_allowance_days))
        }
        // Counted on the working-day calendar from the document's date, when the task is tracked.
        DeadlineKind::WorkingDays => deadline.due,
        DeadlineKind::Recurring | DeadlineKind::Unspecified => None,
    }
}

/// How finished work compares with its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completion {
    Early,
    OnTime,
    Late,
    /// No due date, or no completion date recorded.
    Undated,
}

impl Completion {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Completion::Early => "early",
            Completion::OnTime => "on_time",
            Completion::Late => "late",
            Completion::Undated => "undated",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Completion::Early => "Trước hạn",
            Completion::OnTime => "Đúng hạn",
            Completion::Late => "Trễ hạn",
            Completion::Undated => "Không xác định hạn",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Completion::Early => "Early",
            Completion::OnTime => "On time",
            Completion::Late => "Late",
            Completion::Undated => "No due date",
        }
    }

    /// Early or on time.
    pub fn is_in_time(self) -> bool {
        matches!(self, Completion::Early | Completion::OnTime)
    }
}

/// Classifies work finished on `completed_on` against `due` (see the module rules);
/// `period_start` is the first day of the period the deadline names, if any.
pub fn classify_completion(
    completed_on: Option<NaiveDate>,
    due: Option<NaiveDate>,
    period_start: Option<NaiveDate>,
    rules: &TimelinessRules,
) -> Completion {
    let (Some(done), Some(due)) = (completed_on, due) else {
        return Completion::Undated;
    };
    if done > due {
        return Completion::Late;
    }
    let early = match (rules.early, period_start.filter(|s| *s <= due)) {
        (EarlyRule::PeriodOrDays { .. }, Some(start)) => done < start,
        (EarlyRule::PeriodOrDays { days } | EarlyRule::Days { days }, _) => days_between(done, due) >= days,
    };
    if early {
        Completion::Early
    } else {
        Completion::OnTime
    }
}

/// What [`status_on`] needs to know about a task (instance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskTiming {
    pub state: TaskState,
    /// The completion date: the day the lead last reported it done (else the acceptance day).
    pub completed_on: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// First day of the period the deadline names, for the early rule.
    pub period_start: Option<NaiveDate>,
}

impl TaskTiming {
    /// The timing of a task with `progress`, due on `due`.
    pub fn new(progress: &TaskProgress, due: Option<NaiveDate>, period_start: Option<NaiveDate>) -> TaskTiming {
        let completed_on = match progress.state {
            TaskState::ReportedDone | TaskState::Accepted => progress.reported_done_on.or(progress.accepted_on),
            _ => None,
        };
        TaskTiming { state: progress.state, completed_on, due, period_start }
    }
}

/// Where a task stands on a day, for lists and dashboards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum TaskStatus {
    /// Open, and no due date is known (event not recorded yet, or none set).
    NoDueDate,
    /// Open, more than `due_soon_days` left.
    OnTrack { days_left: i64 },
    /// Open, due within `due_soon_days` (0 = due today).
    DueSoon { days_left: i64 },
    /// Open past its due date.
    Overdue { days_late: i64 },
    /// Reported done, awaiting the office; `completion` is provisional.
    AwaitingReview { completion: Completion },
    /// Accepted.
    Completed { completion: Completion },
}

impl TaskStatus {
    /// Stable code (for filters and CSS classes).
    pub fn code(&self) -> &'static str {
        match self {
            TaskStatus::NoDueDate => "no_due_date",
            TaskStatus::OnTrack { .. } => "on_track",
            TaskStatus::DueSoon { .. } => "due_soon",
            TaskStatus::Overdue { .. } => "overdue",
            TaskStatus::AwaitingReview { .. } => "awaiting_review",
            TaskStatus::Completed { .. } => "completed",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(&self) -> &'static str {
        match self {
            TaskStatus::NoDueDate => "Chưa xác định hạn",
            TaskStatus::OnTrack { .. } => "Trong hạn",
            TaskStatus::DueSoon { .. } => "Sắp đến hạn",
            TaskStatus::Overdue { .. } => "Quá hạn",
            TaskStatus::AwaitingReview { .. } => "Chờ xem xét kết quả",
            TaskStatus::Completed { .. } => "Đã hoàn thành",
        }
    }

    /// English label.
    pub fn label_en(&self) -> &'static str {
        match self {
            TaskStatus::NoDueDate => "No due date",
            TaskStatus::OnTrack { .. } => "On track",
            TaskStatus::DueSoon { .. } => "Due soon",
            TaskStatus::Overdue { .. } => "Overdue",
            TaskStatus::AwaitingReview { .. } => "Awaiting review",
            TaskStatus::Completed { .. } => "Completed",
        }
    }
}

/// The status of `task` on `today`. A returned task is open again and can be overdue; a task
/// reported done is never overdue while it awaits review.
pub fn status_on(task: &TaskTiming, today: NaiveDate, rules: &TimelinessRules) -> TaskStatus {
    let completion = || classify_completion(task.completed_on, task.due, task.period_start, rules);
    match task.state {
        TaskState::Accepted => return TaskStatus::Completed { completion: completion() },
        TaskState::ReportedDone => return TaskStatus::AwaitingReview { completion: completion() },
        TaskState::NotStarted | TaskState::InProgress | TaskState::AwaitingSignoff | TaskState::Returned => {}
    }
    let Some(due) = task.due else {
        return TaskStatus::NoDueDate;
    };
    let days_left = days_between(today, due);
    if days_left < 0 {
        TaskStatus::Overdue { days_late: -days_left }
    } else if days_left <= rules.due_soon_days {
        TaskStatus::DueSoon { days_left }
    } else {
        TaskStatus::OnTrack { days_left }
    }
}
