//! Which reminders to send today, and the daily digest each unit receives instead of one
//! message per item.
//!
//! Rules:
//! - Before the due date, a reminder goes out in the window of each offset (`[7, 3, 1]` days
//!   before): on a day with `d` days left, the slot is the smallest offset ≥ `d`. A day the job
//!   did not run is caught up the next day, and an item created 2 days before its due date
//!   still gets its "3 days" reminder. Each slot is sent at most once.
//! - After the due date, overdue reminders are counted in rounds of `overdue_every_days`
//!   days (round 0 = days 1…N late, round 1 = days N+1…2N, …); each round is sent once, and
//!   never sooner than `overdue_every_days` after the previous overdue reminder to that unit
//!   for that item, so catching up never sends two close together.
//! - Units that already submitted (or the lead unit of a task already reported done) get
//!   nothing; pass only items still waiting for someone.
//! - Keys include the due date, so a new due date (an extension) starts the reminders afresh.
//!
//! Idempotency across app nodes: every node computes the same keys for the same day. The
//! sender should, in one transaction, insert the digest key into a table with a unique
//! constraint (`INSERT … ON CONFLICT DO NOTHING`) together with one row per reminder, and send
//! only when its insert won.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{days_between, ItemRef};
use crate::unit::UnitId;
use crate::validation::FieldErrors;

/// When reminders go out (stored as settings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderPolicy {
    /// Days before the due date (0 = on the due date).
    pub offsets_days: Vec<i64>,
    /// Days between overdue reminders to the same unit about the same item.
    pub overdue_every_days: i64,
}

impl Default for ReminderPolicy {
    fn default() -> Self {
        ReminderPolicy { offsets_days: vec![7, 3, 1], overdue_every_days: 7 }
    }
}

impl ReminderPolicy {
    /// Checks the settings form.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.offsets_days.iter().any(|d| !(0..=365).contains(d)) {
            e.add("offsets_days", "Số ngày nhắc trước hạn phải từ 0 đến 365.");
        }
        if !(1..=365).contains(&self.overdue_every_days) {
            e.add("overdue_every_days", "Chu kỳ nhắc khi quá hạn phải từ 1 đến 365 ngày.");
        }
        e.into_result(())
    }
}

/// A task instance or report still waiting for some units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderItem {
    pub item: ItemRef,
    /// What the digest lists (`Báo cáo CCHC Quý I/2025`, the task's title).
    pub title: String,
    pub due: NaiveDate,
    /// Units expected to act: the lead unit of a task, every unit owing a report.
    pub units: Vec<UnitId>,
    /// Units that already did (submitted the report, reported the task done).
    pub submitted: Vec<UnitId>,
}

/// Which reminder of an item this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "slot", rename_all = "snake_case")]
pub enum ReminderSlot {
    /// The window of the offset `days` before the due date.
    Before { days: i64 },
    /// Overdue round `round` (0 = the first week late with a 7-day cycle).
    Overdue { round: i64 },
}

impl ReminderSlot {
    /// Stable code: `before_3`, `overdue_0`.
    pub fn code(self) -> String {
        match self {
            ReminderSlot::Before { days } => format!("before_{days}"),
            ReminderSlot::Overdue { round } => format!("overdue_{round}"),
        }
    }
}

/// A reminder that was sent, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentReminder {
    pub item: ItemRef,
    pub unit: UnitId,
    pub due: NaiveDate,
    pub slot: ReminderSlot,
    pub sent_on: NaiveDate,
}

/// A reminder to send today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reminder {
    /// Idempotency key (see [`reminder_key`]).
    pub key: String,
    pub item: ItemRef,
    pub unit: UnitId,
    pub slot: ReminderSlot,
    pub title: String,
    pub due: NaiveDate,
    /// Days until the due date; negative when overdue.
    pub days_left: i64,
}

/// The stable key of a reminder: `reminder:task_instance:42:unit:7:due:2025-03-14:before_3`.
pub fn reminder_key(item: ItemRef, unit: UnitId, due: NaiveDate, slot: ReminderSlot) -> String {
    format!("reminder:{item}:unit:{unit}:due:{due}:{}", slot.code())
}

/// The reminders due on `today` (see the module rules), ordered by unit, then most urgent.
pub fn select_reminders(
    items: &[ReminderItem],
    today: NaiveDate,
    policy: &ReminderPolicy,
    already_sent: &[SentReminder],
) -> Vec<Reminder> {
    let sent_keys: BTreeSet<String> =
        already_sent.iter().map(|s| reminder_key(s.item, s.unit, s.due, s.slot)).collect();
    let offsets: BTreeSet<i64> = policy.offsets_days.iter().copied().filter(|d| *d >= 0).collect();
    let every = policy.overdue_every_days.max(1);
    let mut out = Vec::new();
    for it in items {
        let days_left = days_between(today, it.due);
        let slot = if days_left >= 0 {
            match offsets.range(days_left..).next() {
                Some(days) => ReminderSlot::Before { days: *days },
                None => continue,
            }
        } else {
            ReminderSlot::Overdue { round: (-days_left - 1) / every }
        };
        let waiting: BTreeSet<UnitId> = it.units.iter().copied().filter(|u| !it.submitted.contains(u)).collect();
        for unit in waiting {
            let key = reminder_key(it.item, unit, it.due, slot);
            if sent_keys.contains(&key) {
                continue;
            }
            if matches!(slot, ReminderSlot::Overdue { .. }) && overdue_sent_within(already_sent, it, unit, today, every)
            {
                continue;
            }
            out.push(Reminder { key, item: it.item, unit, slot, title: it.title.clone(), due: it.due, days_left });
        }
    }
    out.sort_by_key(|a| (a.unit, a.days_left, a.due, a.item));
    out
}

/// Whether an overdue reminder about `it` went to `unit` less than `every` days before today.
fn overdue_sent_within(sent: &[SentReminder], it: &ReminderItem, unit: UnitId, today: NaiveDate, every: i64) -> bool {
    sent.iter().any(|s| {
        s.item == it.item
            && s.unit == unit
            && matches!(s.slot, ReminderSlot::Overdue { .. })
            && days_between(s.sent_on, today) < every
    })
}

/// All of one unit's reminders of one day, sent as a single message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// Idempotency key: `digest:unit:7:2025-03-07`.
    pub key: String,
    pub unit: UnitId,
    pub date: NaiveDate,
    /// Most overdue first, then soonest due.
    pub reminders: Vec<Reminder>,
}

impl Digest {
    /// How many of the digest's items are overdue.
    pub fn overdue_count(&self) -> usize {
        self.reminders.iter().filter(|r| r.days_left < 0).count()
    }
}

/// Groups reminders into one digest per recipient unit, by unit id.
pub fn daily_digests(reminders: &[Reminder], today: NaiveDate) -> Vec<Digest> {
    let mut sorted: Vec<&Reminder> = reminders.iter().collect();
    sorted.sort_by_key(|a| (a.unit, a.days_left, a.due, a.item));
    let mut out: Vec<Digest> = Vec::new();
    for r in sorted {
        match out.last_mut() {
            Some(d) if d.unit == r.unit => d.reminders.push(r.clone()),
            _ => out.push(Digest {
                key: format!("digest:unit:{}:{today}", r.unit),
                unit: r.unit,
                date: today,
                reminders: vec![r.clone()],
            }),
        }
    }
    out
}
