//! Instances of tasks: one per period for recurring tasks (`hằng quý`, `Hằng năm`, `định kỳ 6
//! tháng`, `Thường xuyên`), one for every other task, each with its own key, label and due
//! date. Progress, reminders and on-time rates all work on instances.
//!
//! Rules chosen where the domain is silent:
//! - A recurring task gets an instance for every period that *ends* within the plan's span
//!   `from..=to`: a task assigned on 15/8 with `hằng quý` starts with Quý III, and a 2025 plan
//!   gets no `Quý I/2026` even when the calendar's figures for it start on 15/12/2025.
//! - Monthly, quarterly, half-yearly and yearly instances cover calendar months, quarters,
//!   halves and years, and are due at the period's end plus the calendar's
//!   `recurring_grace_days`.
//! - `Thường xuyên` / `liên tục` (and daily or weekly cadences, which nobody reports at that
//!   pace) get one instance per period of the reporting calendar, due with that period's
//!   report: the work is accounted for in the periodic report.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::add_days;
use super::calendar::ReportingCalendar;
use super::timeliness::{due_date, EventOccurrence, TimelinessRules};
use crate::deadline::{Cadence, Deadline, DeadlineKind};
use crate::period::{Period, PeriodKind};

/// Key of the single instance of a non-recurring task.
pub const ONCE_KEY: &str = "once";

/// One occurrence of a task to report on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskInstance {
    /// Stable within the task: [`ONCE_KEY`] or a period key (`2025-q1`, `2025-m03`).
    pub key: String,
    /// `Quý I/2025`, `6 tháng đầu năm 2025`; for a one-off task, the deadline as written.
    pub label_vi: String,
    pub label_en: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    /// `None` while unknown (an event not yet recorded, an unrecognised deadline).
    pub due: Option<NaiveDate>,
}

impl TaskInstance {
    fn of_period(p: &Period, due: Option<NaiveDate>) -> TaskInstance {
        TaskInstance {
            key: p.key.clone(),
            label_vi: p.label_vi.clone(),
            label_en: p.label_en.clone(),
            period_start: Some(p.start),
            period_end: Some(p.end),
            due,
        }
    }
}

/// The period kinds of a fixed cadence, or `None` for cadences that follow the calendar.
fn kinds_of(cadence: Cadence) -> Option<Vec<PeriodKind>> {
    Some(match cadence {
        Cadence::Monthly => (1..=12).map(|month| PeriodKind::Month { month }).collect(),
        Cadence::Quarterly => (1..=4).map(|quarter| PeriodKind::Quarter { quarter }).collect(),
        Cadence::HalfYearly => vec![PeriodKind::FirstMonths { months: 6 }, PeriodKind::SecondHalf],
        Cadence::Yearly => vec![PeriodKind::Year],
        Cadence::Continuous | Cadence::Daily | Cadence::Weekly => return None,
    })
}

/// The instances of a task recurring with `cadence` for the periods ending within the plan's
/// span `from..=to`, in due order. Empty when `from > to`.
pub fn recurring_instances(
    cadence: Cadence,
    from: NaiveDate,
    to: NaiveDate,
    calendar: &ReportingCalendar,
) -> Vec<TaskInstance> {
    if from > to {
        return Vec::new();
    }
    let in_span = |p: &Period| from <= p.end && p.end <= to;
    // Calendar windows may start in the year before or end in the year after.
    let years = from.year().saturating_sub(1)..=to.year().saturating_add(1);
    let mut out: Vec<TaskInstance> = match kinds_of(cadence) {
        Some(kinds) => years
            .flat_map(|year| kinds.iter().filter_map(move |k| calendar_free(*k, year)))
            .filter(in_span)
            .map(|p| {
                let due = add_days(p.end, calendar.recurring_grace_days);
                TaskInstance::of_period(&p, due)
            })
            .collect(),
        None => years
            .flat_map(|year| calendar.periods_of_year(year))
            .filter(in_span)
            .map(|p| TaskInstance::of_period(&p, Some(p.report_due)))
            .collect(),
    };
    out.sort_by(|a, b| (a.due, a.period_end, &a.key).cmp(&(b.due, b.period_end, &b.key)));
    out
}

/// A period over the natural bounds of `kind`, without calendar rules.
fn calendar_free(kind: PeriodKind, year: i32) -> Option<Period> {
    let (start, end) = kind.natural_bounds(year)?;
    Some(Period {
        kind,
        year,
        key: Period::key_of(kind, year),
        label_vi: kind.label_vi(year),
        label_en: kind.label_en(year),
        start,
        end,
        report_due: end,
        opens: start,
        closes: None,
    })
}

/// The instances of any task: per period for a recurring deadline (a recurring deadline
/// without a cadence counts as continuous), otherwise exactly one, keyed [`ONCE_KEY`], due on
/// [`due_date`]. `from..=to` is the plan's span and only matters for recurring tasks.
pub fn task_instances(
    deadline: &Deadline,
    event: Option<&EventOccurrence>,
    from: NaiveDate,
    to: NaiveDate,
    calendar: &ReportingCalendar,
    rules: &TimelinessRules,
) -> Vec<TaskInstance> {
    if deadline.kind == DeadlineKind::Recurring {
        return recurring_instances(deadline.cadence.unwrap_or(Cadence::Continuous), from, to, calendar);
    }
    let label =
        if deadline.text.trim().is_empty() { "Không xác định thời hạn" } else { deadline.text.as_str() };
    let due = due_date(deadline, event, rules);
    vec![TaskInstance {
        key: ONCE_KEY.to_string(),
        label_vi: label.to_string(),
        label_en: label.to_string(),
        period_start: deadline.period_start,
        period_end: due,
        due,
    }]
}
