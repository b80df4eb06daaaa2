//! Results by area of each active plan: done / in progress / overdue / not started per area,
//! counted by the database in one grouped query and titled and ordered as the plan lists them.

use cchc_domain::unit::UnitId;
use cchc_storage::model::{InstanceFilter, StateCounts};
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;

/// One area's figures. `done` = accepted or awaiting review; `overdue` are open instances past
/// their due date; `in_progress` and `not_started` are the open ones not yet overdue — so the
/// four add up to `total`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct AreaRow {
    pub code: String,
    pub title: String,
    pub total: i64,
    pub done: i64,
    pub in_progress: i64,
    pub overdue: i64,
    pub not_started: i64,
}

/// A plan's areas.
#[derive(Debug, Clone, Serialize)]
pub struct PlanAreas {
    pub document_id: i64,
    pub label: String,
    pub areas: Vec<AreaRow>,
}

impl AreaRow {
    fn new(code: String, title: String, c: &StateCounts) -> AreaRow {
        // Overdue instances are open ones; they are taken from "not started" first, then from
        // "in progress" (returned counts as in progress), so no instance is counted twice.
        let open_started = c.in_progress + c.returned;
        let overdue_not_started = c.overdue.min(c.not_started);
        let overdue_started = (c.overdue - overdue_not_started).min(open_started);
        AreaRow {
            code,
            title,
            total: c.total,
            done: c.accepted + c.reported_done,
            in_progress: open_started - overdue_started,
            overdue: c.overdue,
            not_started: c.not_started - overdue_not_started,
        }
    }
}

/// Results by area of every active plan with tracked work, for the whole province or one
/// unit's work (`unit`: instances it leads or coordinates).
pub async fn by_area(
    store: &dyn Store,
    unit: Option<UnitId>,
    today: NaiveDate,
) -> Result<Vec<PlanAreas>, ServiceError> {
    let f = InstanceFilter { unit_id: unit, active_only: true, ..Default::default() };
    by_area_of(store, &f, today).await
}

/// Results by area of the instances in `f` (the consolidated report passes its period's due
/// dates), per active plan with such instances.
pub async fn by_area_of(
    store: &dyn Store,
    f: &InstanceFilter,
    today: NaiveDate,
) -> Result<Vec<PlanAreas>, ServiceError> {
    let counts = store.state_counts_by_area(f, today).await?;
    let mut out = Vec::new();
    for d in store.list_documents(false).await? {
        let mine: Vec<_> = counts.iter().filter(|(doc, _, _)| *doc == d.id).collect();
        if mine.is_empty() {
            continue;
        }
        let content = store.plan_content(d.id).await?;
        let mut areas: Vec<AreaRow> = content
            .areas
            .iter()
            .filter_map(|a| {
                mine.iter()
                    .find(|(_, code, _)| *code == a.code)
                    .map(|(_, _, c)| AreaRow::new(a.code.clone(), a.title.clone(), c))
            })
            .collect();
        // Work under no area (or an area the plan no longer names) is still shown.
        for (_, code, c) in mine.iter().filter(|(_, code, _)| !content.areas.iter().any(|a| a.code == *code)) {
            areas.push(AreaRow::new(code.clone(), String::new(), c));
        }
        out.push(PlanAreas { document_id: d.id, label: d.meta.label(), areas });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_columns_add_up_and_overdue_is_counted_once() {
        let c = StateCounts {
            not_started: 3,
            in_progress: 2,
            returned: 1,
            reported_done: 1,
            accepted: 2,
            overdue: 4,
            total: 9,
        };
        let r = AreaRow::new("I".into(), "Cải cách thể chế".into(), &c);
        assert_eq!((r.done, r.in_progress, r.overdue, r.not_started), (3, 2, 4, 0));
        assert_eq!(r.done + r.in_progress + r.overdue + r.not_started, r.total);
        let calm = StateCounts { not_started: 2, in_progress: 1, overdue: 1, total: 3, ..Default::default() };
        let r = AreaRow::new("II".into(), String::new(), &calm);
        assert_eq!((r.done, r.in_progress, r.overdue, r.not_started), (0, 1, 1, 1));
    }
}
