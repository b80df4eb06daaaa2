//! Who submitted a periodic report, on time or late, and who is still missing.
//!
//! Rules chosen where the domain is silent:
//! - On time = submitted on or before the due day; a unit that has not submitted is *pending*
//!   until the due day has passed, then *missing*.
//! - A unit that submitted several times is judged by its first submission (a report returned
//!   for corrections was still delivered on that day).
//! - Both rates are over all expected units, as percentages: completeness = submitted /
//!   expected, timeliness = on time / expected. With no expected units there is no rate.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::days_between;
use crate::unit::UnitId;

/// Where one expected unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum SubmissionStatus {
    OnTime,
    Late {
        days_late: i64,
    },
    /// Not submitted and past the due day.
    Missing,
    /// Not submitted, not yet due.
    Pending,
}

impl SubmissionStatus {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            SubmissionStatus::OnTime => "on_time",
            SubmissionStatus::Late { .. } => "late",
            SubmissionStatus::Missing => "missing",
            SubmissionStatus::Pending => "pending",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            SubmissionStatus::OnTime => "Đúng hạn",
            SubmissionStatus::Late { .. } => "Trễ hạn",
            SubmissionStatus::Missing => "Chưa gửi (quá hạn)",
            SubmissionStatus::Pending => "Chưa gửi (chưa đến hạn)",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            SubmissionStatus::OnTime => "On time",
            SubmissionStatus::Late { .. } => "Late",
            SubmissionStatus::Missing => "Missing",
            SubmissionStatus::Pending => "Not yet due",
        }
    }
}

/// One expected unit's line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitSubmission {
    pub unit: UnitId,
    pub submitted_on: Option<NaiveDate>,
    pub status: SubmissionStatus,
}

/// The completeness of one period's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Completeness {
    pub due: NaiveDate,
    /// Whether the due day has passed (the rates no longer change except by late reports).
    pub is_final: bool,
    /// Expected units by id.
    pub units: Vec<UnitSubmission>,
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub pending: usize,
    /// Submitted / expected, in percent.
    pub completeness_rate: Option<f64>,
    /// On time / expected, in percent.
    pub timeliness_rate: Option<f64>,
    /// Units that submitted without being expected (ignored by the counts), by id.
    pub unexpected: Vec<UnitId>,
}

/// The completeness on `today` of a report due on `due` from `expected` units, given
/// `submissions` as (unit, day submitted).
pub fn report_completeness(
    expected: &[UnitId],
    submissions: &[(UnitId, NaiveDate)],
    due: NaiveDate,
    today: NaiveDate,
) -> Completeness {
    let mut first: BTreeMap<UnitId, NaiveDate> = BTreeMap::new();
    for (unit, on) in submissions {
        first.entry(*unit).and_modify(|d| *d = (*d).min(*on)).or_insert(*on);
    }
    let expected: BTreeSet<UnitId> = expected.iter().copied().collect();
    let units: Vec<UnitSubmission> = expected
        .iter()
        .map(|unit| {
            let submitted_on = first.get(unit).copied();
            let status = match submitted_on {
                Some(on) if on <= due => SubmissionStatus::OnTime,
                Some(on) => SubmissionStatus::Late { days_late: days_between(due, on) },
                None if today > due => SubmissionStatus::Missing,
                None => SubmissionStatus::Pending,
            };
            UnitSubmission { unit: *unit, submitted_on, status }
        })
        .collect();
    let count = |code: &str| units.iter().filter(|u| u.status.code() == code).count();
    let (on_time, late, missing, pending) = (count("on_time"), count("late"), count("missing"), count("pending"));
    let rate = |n: usize| (!units.is_empty()).then(|| n as f64 * 100.0 / units.len() as f64);
    Completeness {
        due,
        is_final: today > due,
        expected: units.len(),
        on_time,
        late,
        missing,
        pending,
        completeness_rate: rate(on_time + late),
        timeliness_rate: rate(on_time),
        unexpected: first.keys().copied().filter(|u| !expected.contains(u)).collect(),
        units,
    }
}
