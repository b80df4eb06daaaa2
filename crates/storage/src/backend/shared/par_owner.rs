//! The quarterly statuses of the province's own index (QĐ 876) reported by the departments
//! owning its criteria: one row per criterion and quarter, replaced by a later report of the
//! same quarter, every change audited with what it said before.

use cchc_domain::par::owner::CriterionStatus;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, Utc};

use super::{append_audit, event, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_par::OwnerStatusRecord;

type Row = (i64, i32, i32, String, i64, bool, bool, String, String, DateTime<Utc>, String);

const COLS: &str = "set_id, year, quarter, code, unit_id, achieved, objective, result, reason, updated_at, updated_by";

fn record(r: Row) -> OwnerStatusRecord {
    let (set_id, year, quarter, code, unit_id, achieved, objective, result, reason, updated_at, updated_by) = r;
    OwnerStatusRecord {
        set_id,
        year,
        quarter: quarter.clamp(1, 4) as u32,
        unit_id,
        status: CriterionStatus { code, achieved, objective, result, reason },
        updated_at,
        updated_by,
    }
}

pub(super) async fn save(
    store: &SqlStore,
    actor: &Actor,
    (set_id, year, quarter, unit): (i64, i32, u32, UnitId),
    statuses: &[CriterionStatus],
) -> StoreResult<usize> {
    if !(1..=4).contains(&quarter) {
        return Err(StoreError::Invalid(format!("quý {quarter} không hợp lệ")));
    }
    let quarter = quarter as i32;
    let mut tx = store.begin_write().await?;
    let mut events = Vec::new();
    let at = now();
    for s in statuses {
        let before: Option<Row> = sqlx::query_as(&format!(
            "SELECT {COLS} FROM par_owner_status WHERE year = $1 AND quarter = $2 AND code = $3"
        ))
        .bind(year)
        .bind(quarter)
        .bind(&s.code)
        .fetch_optional(&mut *tx)
        .await?;
        let before = before.map(record);
        if before.as_ref().is_some_and(|b| b.status == *s && b.unit_id == unit && b.set_id == set_id) {
            continue;
        }
        sqlx::query(
            "INSERT INTO par_owner_status (set_id, year, quarter, code, unit_id, achieved, objective, result, reason, \
             updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
             ON CONFLICT (year, quarter, code) DO UPDATE SET set_id = excluded.set_id, unit_id = excluded.unit_id, \
             achieved = excluded.achieved, objective = excluded.objective, result = excluded.result, \
             reason = excluded.reason, updated_at = excluded.updated_at, updated_by = excluded.updated_by",
        )
        .bind(set_id)
        .bind(year)
        .bind(quarter)
        .bind(&s.code)
        .bind(unit)
        .bind(s.achieved)
        .bind(s.objective)
        .bind(&s.result)
        .bind(&s.reason)
        .bind(at)
        .bind(&actor.login)
        .execute(&mut *tx)
        .await?;
        let after = serde_json::json!({ "set_id": set_id, "year": year, "quarter": quarter, "unit_id": unit,
            "code": s.code, "achieved": s.achieved, "objective": s.objective, "result": s.result, "reason": s.reason });
        let entity = format!("{year}-q{quarter}-{}", s.code);
        events.push(event("par.owner_status.save", "par_owner_status", entity, before.as_ref(), Some(&after)));
    }
    if !events.is_empty() {
        append_audit(&mut tx, actor, &events).await?;
    }
    tx.commit().await?;
    Ok(events.len())
}

pub(super) async fn list(store: &SqlStore, year: i32, vis: Visibility) -> StoreResult<Vec<OwnerStatusRecord>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLS} FROM par_owner_status WHERE year = $1 AND ($2 = 0 OR unit_id = $2) ORDER BY quarter, code"
    ))
    .bind(year)
    .bind(vis.root().unwrap_or(0))
    .fetch_all(&store.read)
    .await?;
    Ok(rows.into_iter().map(record).collect())
}
