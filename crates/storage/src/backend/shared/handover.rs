//! The open work of units that end in a reorganisation moves to their successor in the same
//! transaction that records the change, so a crash never leaves a merged unit with work that
//! nobody will see (the rules are the domain's `plan_handover`).

use cchc_domain::tracking::{plan_handover, AssignedItem, AssignmentRole, Handover, ItemRef, TaskState};
use cchc_domain::unit::UnitChange;
use chrono::NaiveDate;

use super::{event, Tx};
use crate::error::StoreResult;
use crate::model::AuditEvent;

/// Moves the lead instances the change hands over; appends one `task.reassign` event each.
/// Returns how many moved.
pub(super) async fn move_open_work(
    tx: &mut Tx,
    change: &UnitChange,
    audit: &mut Vec<AuditEvent>,
) -> StoreResult<usize> {
    let mut items = Vec::new();
    for p in change.predecessors.iter().filter(|p| !change.successors.contains(p)) {
        let rows: Vec<(i64, String, Option<NaiveDate>, Option<NaiveDate>)> =
            sqlx::query_as("SELECT id, state, period_end, due FROM task_instances WHERE lead_unit_id = $1 ORDER BY id")
                .bind(p)
                .fetch_all(&mut **tx)
                .await?;
        for (id, state, period_end, due) in rows {
            items.push(AssignedItem {
                item: ItemRef::task(id),
                unit: *p,
                role: AssignmentRole::Lead,
                open: TaskState::parse(&state) != Some(TaskState::Accepted),
                period_end: period_end.or(due),
            });
        }
    }
    let mut moved = 0;
    for d in plan_handover(change, &items, &std::collections::BTreeMap::new()) {
        let Handover::Move { to } = d.handover else { continue };
        // A group task ("Các sở, ban, ngành") already has the successor's own instance of the
        // same period: the successor carries it once; the former unit's stays in its history.
        let twin: Option<i64> = sqlx::query_scalar(
            "SELECT o.id FROM task_instances o JOIN task_instances i ON i.task_id = o.task_id AND i.key = o.key \
             WHERE i.id = $1 AND o.lead_unit_id = $2",
        )
        .bind(d.item.id)
        .bind(to)
        .fetch_optional(&mut **tx)
        .await?;
        if twin.is_some() {
            continue;
        }
        sqlx::query("UPDATE task_instances SET lead_unit_id = $1, version = version + 1 WHERE id = $2")
            .bind(to)
            .bind(d.item.id)
            .execute(&mut **tx)
            .await?;
        let b = serde_json::json!({ "lead_unit_id": d.from });
        let a = serde_json::json!({ "lead_unit_id": to });
        audit.push(event("task.reassign", "task_instance", d.item.id, Some(&b), Some(&a)));
        moved += 1;
    }
    Ok(moved)
}
