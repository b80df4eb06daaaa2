//! The follow-up figures of recommendations (seed 004: "số vấn đề đã kiến nghị xử lý, số đã
//! xử lý xong, … chưa xử lý, lý do"): per unit and in total, raised / resolved / waived /
//! outstanding, overdue as of a day, and the reasons given for what is not resolved.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::finding::RecommendationState;

/// One recommendation as the follow-up counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FollowUpItem {
    pub unit_id: i64,
    pub unit_name: String,
    pub state: RecommendationState,
    pub due: Option<NaiveDate>,
    /// Why it is not resolved: the waiver's reason, or the unit's last note / the office's
    /// last return reason for an open one (empty when none was given).
    pub reason: String,
}

/// Counts of one unit (or the total).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub unit_id: i64,
    pub unit_name: String,
    pub raised: usize,
    pub resolved: usize,
    pub waived: usize,
    pub outstanding: usize,
    /// Outstanding past their due date.
    pub overdue: usize,
    /// Reasons given for the waived and outstanding ones, distinct, in order.
    pub reasons: Vec<String>,
}

/// The figures per unit (by name) and the total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FollowUp {
    pub units: Vec<Tally>,
    pub total: Tally,
}

fn add(t: &mut Tally, it: &FollowUpItem, today: NaiveDate) {
    t.raised += 1;
    match it.state {
        RecommendationState::Resolved => t.resolved += 1,
        RecommendationState::Waived => t.waived += 1,
        RecommendationState::Open => {
            t.outstanding += 1;
            if it.due.is_some_and(|d| d < today) {
                t.overdue += 1;
            }
        }
    }
    if it.state != RecommendationState::Resolved && !it.reason.is_empty() && !t.reasons.contains(&it.reason) {
        t.reasons.push(it.reason.clone());
    }
}

/// Tallies `items` as of `today`.
pub fn tally(items: &[FollowUpItem], today: NaiveDate) -> FollowUp {
    let mut by_unit: BTreeMap<i64, Tally> = BTreeMap::new();
    let mut total = Tally { unit_name: "Tổng cộng".into(), ..Tally::default() };
    for it in items {
        let t = by_unit.entry(it.unit_id).or_insert_with(|| Tally {
            unit_id: it.unit_id,
            unit_name: it.unit_name.clone(),
            ..Tally::default()
        });
        add(t, it, today);
        add(&mut total, it, today);
    }
    let mut units: Vec<Tally> = by_unit.into_values().collect();
    units.sort_by_key(|t| crate::text::fold(&t.unit_name));
    FollowUp { units, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RecommendationState::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_else(|| panic!("date"))
    }

    fn item(unit: i64, state: RecommendationState, due: Option<NaiveDate>, reason: &str) -> FollowUpItem {
        FollowUpItem { unit_id: unit, unit_name: format!("Đơn vị {unit}"), state, due, reason: reason.into() }
    }

    #[test]
    fn raised_resolved_outstanding_overdue_and_reasons() {
        let items = [
            item(1, Resolved, Some(d(6, 1)), "xong"),
            item(1, Open, Some(d(6, 30)), "Đang chờ kinh phí"),
            item(1, Open, Some(d(8, 1)), ""),
            item(2, Waived, None, "Nhiệm vụ đã chuyển cho đơn vị khác"),
            item(2, Open, None, "Đang chờ kinh phí"),
        ];
        let f = tally(&items, d(7, 1));
        let t = &f.total;
        assert_eq!((t.raised, t.resolved, t.waived, t.outstanding, t.overdue), (5, 1, 1, 3, 1));
        assert_eq!(t.reasons, vec!["Đang chờ kinh phí", "Nhiệm vụ đã chuyển cho đơn vị khác"]);
        let u1 = &f.units[0];
        assert_eq!((u1.unit_id, u1.raised, u1.resolved, u1.outstanding, u1.overdue), (1, 3, 1, 2, 1));
        assert_eq!(f.units[1].reasons.len(), 2);
        // Due today is not overdue yet.
        assert_eq!(tally(&items, d(6, 30)).total.overdue, 0);
        assert_eq!(tally(&[], d(1, 1)).total.raised, 0);
    }
}
