//! On-time rate per lead unit for the leaders' dashboard, and the ranking it gives.
//!
//! Rules chosen where the domain is silent:
//! - An instance counts when its due date is in the window `from..=to`; instances without a
//!   due date never count.
//! - Finished (reported done or accepted) instances count early / on time / late by their
//!   completion date; an open instance past its due date is overdue; an open instance not yet
//!   due (due today included) is open and does not count in the rate yet.
//! - Rate = (early + on time) / (early + on time + late + overdue). A unit with nothing in that
//!   denominator has no rate ("chưa có dữ liệu"), never 100%, and is listed after all ranked
//!   units.
//! - Order: rate (highest first), then more decided instances first, then unit id. Units with
//!   exactly equal rates share a rank (1, 1, 3); rates are compared as fractions, not floats.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lifecycle::TaskState;
use super::timeliness::{classify_completion, Completion, TaskTiming, TimelinessRules};
use crate::rank::{rank_by, Fraction};
use crate::unit::UnitId;

/// The counts of one unit's instances due in the window.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTally {
    pub early: u32,
    pub on_time: u32,
    pub late: u32,
    /// Open and past the due date.
    pub overdue: u32,
    /// Open and not yet past the due date.
    pub open: u32,
    /// Finished without a recorded completion date (not in the rate).
    pub undated: u32,
}

impl UnitTally {
    /// Early or on time.
    pub fn in_time(&self) -> u32 {
        self.early + self.on_time
    }

    /// The instances the rate is computed over.
    pub fn decided(&self) -> u32 {
        self.in_time() + self.late + self.overdue
    }

    /// All instances due in the window.
    pub fn total(&self) -> u32 {
        self.decided() + self.open + self.undated
    }

    /// The on-time rate in percent, `None` without decided instances.
    pub fn rate(&self) -> Option<f64> {
        (self.decided() > 0).then(|| f64::from(self.in_time()) * 100.0 / f64::from(self.decided()))
    }

    fn add(&mut self, task: &TaskTiming, today: NaiveDate, rules: &TimelinessRules) {
        let finished = matches!(task.state, TaskState::ReportedDone | TaskState::Accepted);
        if finished {
            match classify_completion(task.completed_on, task.due, task.period_start, rules) {
                Completion::Early => self.early += 1,
                Completion::OnTime => self.on_time += 1,
                Completion::Late => self.late += 1,
                Completion::Undated => self.undated += 1,
            }
        } else if task.due.is_some_and(|d| d < today) {
            self.overdue += 1;
        } else {
            self.open += 1;
        }
    }
}

/// One line of the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RankedUnit {
    pub unit: UnitId,
    pub tally: UnitTally,
    /// On-time rate in percent; `None` = no data.
    pub rate: Option<f64>,
    /// 1 = best; shared by equal rates; `None` without data.
    pub rank: Option<u32>,
}

/// The on-time ranking on `today` of the instances due in `from..=to`, given as (lead unit,
/// timing). `units` lists the units to show even without instances (they get no rate).
pub fn on_time_ranking(
    units: &[UnitId],
    instances: &[(UnitId, TaskTiming)],
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
    rules: &TimelinessRules,
) -> Vec<RankedUnit> {
    let mut tallies: BTreeMap<UnitId, UnitTally> = units.iter().map(|u| (*u, UnitTally::default())).collect();
    for (unit, task) in instances {
        if task.due.is_some_and(|d| from <= d && d <= to) {
            tallies.entry(*unit).or_default().add(task, today, rules);
        }
    }
    rank_tallies(tallies)
}

/// The ranking of units whose tallies are already counted (e.g. by a grouped database query
/// applying the same rules as [`on_time_ranking`]), through [`rank_by`]: the rate as an exact
/// [`Fraction`], then more decided instances first, then unit id.
pub fn rank_tallies(tallies: impl IntoIterator<Item = (UnitId, UnitTally)>) -> Vec<RankedUnit> {
    let rate = |(_, t): &(UnitId, UnitTally)| Fraction::new(i64::from(t.in_time()), i64::from(t.decided()));
    let display = |(unit, t): &(UnitId, UnitTally)| (Reverse(t.decided()), *unit);
    rank_by(tallies, rate, display)
        .into_iter()
        .map(|r| {
            let (unit, tally) = r.item;
            RankedUnit { unit, tally, rate: tally.rate(), rank: r.rank }
        })
        .collect()
}
