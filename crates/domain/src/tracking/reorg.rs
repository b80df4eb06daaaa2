//! Handing work over when units merge, split, are renamed or dissolved: which successor takes
//! each open task or report of a predecessor, and what stays with the old unit for history.
//!
//! Rules chosen where the domain is silent:
//! - Closed items (accepted tasks, submitted reports) stay with their unit.
//! - Items of a period that ended before the change took effect stay too (the old unit's
//!   `Quý I` report is the old unit's, even if it is missing); one-off tasks have no period and
//!   move while open, overdue or not: the work still has to be done.
//! - One successor (merge, rename): it takes over. Several (split): the first successor is
//!   proposed and the item is flagged for the office to confirm, unless the caller's mapping
//!   names one. No successor (dissolution): flagged, nothing proposed.
//! - A mapping may name any unit except one that ends with this change.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::ItemRef;
use crate::unit::{UnitChange, UnitId};

/// The part a unit plays in an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentRole {
    /// Chủ trì.
    Lead,
    /// Phối hợp.
    Coordinating,
    /// Owes a periodic report or a target value.
    Reporter,
}

/// A unit's assignment to an item, as the handover sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignedItem {
    pub item: ItemRef,
    pub unit: UnitId,
    pub role: AssignmentRole,
    /// Still waiting for the unit (not accepted, not submitted).
    pub open: bool,
    /// Last day of the item's period, for recurring instances and reports.
    pub period_end: Option<NaiveDate>,
}

/// Why an item stays with its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeepReason {
    /// Accepted or submitted.
    Closed,
    /// Its period ended before the change took effect.
    PastPeriod,
    /// The unit carries on as the successor (a unit absorbing others).
    SameUnit,
}

/// What to do with one assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "handover", rename_all = "snake_case")]
pub enum Handover {
    /// Reassign to `to`.
    Move { to: UnitId },
    /// Leave as it is.
    Keep { reason: KeepReason },
    /// The office must choose; `proposed` is preselected in the form.
    Choose { proposed: Option<UnitId>, candidates: Vec<UnitId> },
}

/// The decision for one assignment of a predecessor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverDecision {
    pub item: ItemRef,
    pub role: AssignmentRole,
    pub from: UnitId,
    pub handover: Handover,
}

/// Decides, for every assignment of a predecessor of `change`, who carries it on. `mapping`
/// holds the office's choices per item (for splits and dissolutions; it applies to every
/// assignment of the item held by a predecessor). Assignments of other
/// units are not listed. Ordered by item, then role.
pub fn plan_handover(
    change: &UnitChange,
    items: &[AssignedItem],
    mapping: &BTreeMap<ItemRef, UnitId>,
) -> Vec<HandoverDecision> {
    let ending = |u: &UnitId| change.predecessors.contains(u) && !change.successors.contains(u);
    let mut out: Vec<HandoverDecision> = items
        .iter()
        .filter(|a| change.predecessors.contains(&a.unit))
        .map(|a| {
            let handover = if !a.open {
                Handover::Keep { reason: KeepReason::Closed }
            } else if a.period_end.is_some_and(|end| end < change.effective) {
                Handover::Keep { reason: KeepReason::PastPeriod }
            } else if change.successors.contains(&a.unit) {
                Handover::Keep { reason: KeepReason::SameUnit }
            } else if let Some(to) = mapping.get(&a.item).filter(|to| !ending(to)) {
                Handover::Move { to: *to }
            } else {
                match change.successors.as_slice() {
                    [only] => Handover::Move { to: *only },
                    all => Handover::Choose { proposed: all.first().copied(), candidates: all.to_vec() },
                }
            };
            HandoverDecision { item: a.item, role: a.role, from: a.unit, handover }
        })
        .collect();
    out.sort_by_key(|d| (d.item, d.role));
    out
}
