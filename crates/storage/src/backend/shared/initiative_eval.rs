//! The evaluation side of initiatives: evaluators the office assigns, their scores (kept only
//! while the initiative is under evaluation), adoptions of recognised initiatives by other
//! units, and the annual counts per unit. Each write is one transaction with its audit entry.

use std::collections::BTreeMap;

use cchc_domain::initiative::InitiativeState;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use super::initiative::fetch;
use super::{append_audit, event, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_initiative::{Adoption, ScoreRecord, UnitCounts};

pub(super) async fn assign(store: &SqlStore, actor: &Actor, id: i64, user_id: i64) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    let i = fetch(&mut tx, id).await?;
    if i.state != InitiativeState::UnderEvaluation {
        return Err(StoreError::Conflict("chỉ phân công chấm điểm sáng kiến đang được đánh giá".into()));
    }
    let name: Option<String> = sqlx::query_scalar("SELECT full_name FROM users WHERE id = $1 AND active")
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?;
    let name = name.ok_or(StoreError::NotFound("người chấm điểm"))?;
    sqlx::query("INSERT INTO initiative_evaluators (initiative_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let after = serde_json::json!({ "user_id": user_id, "evaluator": name });
    append_audit(&mut tx, actor, &[event::<(), _>("initiative.assign", "initiative", id, None, Some(&after))]).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn evaluators(store: &SqlStore, id: i64) -> StoreResult<Vec<(i64, String)>> {
    Ok(sqlx::query_as(
        "SELECT u.id, u.full_name FROM initiative_evaluators e JOIN users u ON u.id = e.user_id \
         WHERE e.initiative_id = $1 ORDER BY u.full_name, u.id",
    )
    .bind(id)
    .fetch_all(&store.read)
    .await?)
}

pub(super) async fn save_scores(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    user_id: i64,
    scores: &[(String, u32)],
) -> StoreResult<()> {
    let mut tx = store.begin_write().await?;
    let i = fetch(&mut tx, id).await?;
    if i.state != InitiativeState::UnderEvaluation {
        return Err(StoreError::Conflict("sáng kiến không còn trong giai đoạn đánh giá, không chấm điểm được".into()));
    }
    let before: Vec<(String, i64)> = sqlx::query_as(
        "SELECT criterion_code, points FROM initiative_scores WHERE initiative_id = $1 AND user_id = $2 \
         ORDER BY criterion_code",
    )
    .bind(id)
    .bind(user_id)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM initiative_scores WHERE initiative_id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    let at = now();
    for (code, points) in scores {
        sqlx::query(
            "INSERT INTO initiative_scores (initiative_id, user_id, criterion_code, points, scored_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(user_id)
        .bind(code)
        .bind(i64::from(*points))
        .bind(at)
        .execute(&mut *tx)
        .await?;
    }
    let b = serde_json::json!({ "user_id": user_id, "scores": before });
    let a = serde_json::json!({ "user_id": user_id, "scores": scores });
    append_audit(&mut tx, actor, &[event("initiative.score", "initiative", id, Some(&b), Some(&a))]).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn scores(store: &SqlStore, id: i64) -> StoreResult<Vec<ScoreRecord>> {
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.user_id, u.full_name, s.criterion_code, s.points FROM initiative_scores s \
         JOIN users u ON u.id = s.user_id WHERE s.initiative_id = $1 ORDER BY u.full_name, s.user_id, s.criterion_code",
    )
    .bind(id)
    .fetch_all(&store.read)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(user_id, evaluator, criterion_code, points)| ScoreRecord {
            user_id,
            evaluator,
            criterion_code,
            points: u32::try_from(points).unwrap_or(0),
        })
        .collect())
}

const ADOPTION_SQL: &str = "SELECT a.initiative_id, a.unit_id, u.name, a.adopted_on, a.result, a.declared_by \
     FROM initiative_adoptions a JOIN units u ON u.id = a.unit_id";

type AdoptionRow = (i64, i64, String, NaiveDate, String, String);

fn adoption(r: AdoptionRow) -> Adoption {
    let (initiative_id, unit_id, unit_name, adopted_on, result, declared_by) = r;
    Adoption { initiative_id, unit_id, unit_name, adopted_on, result, declared_by }
}

pub(super) async fn adopt(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    unit: UnitId,
    on: NaiveDate,
    result: &str,
) -> StoreResult<Adoption> {
    let mut tx = store.begin_write().await?;
    let i = fetch(&mut tx, id).await?;
    if i.state.level().is_none() {
        return Err(StoreError::Conflict("chỉ áp dụng, nhân rộng được sáng kiến đã được công nhận".into()));
    }
    if i.unit_id == unit {
        return Err(StoreError::Conflict(
            "đơn vị đề xuất sáng kiến không tự khai báo áp dụng sáng kiến của mình".into(),
        ));
    }
    let taken: Option<i64> =
        sqlx::query_scalar("SELECT unit_id FROM initiative_adoptions WHERE initiative_id = $1 AND unit_id = $2")
            .bind(id)
            .bind(unit)
            .fetch_optional(&mut *tx)
            .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict("đơn vị đã khai báo áp dụng sáng kiến này".into()));
    }
    sqlx::query(
        "INSERT INTO initiative_adoptions (initiative_id, unit_id, adopted_on, result, declared_by) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(unit)
    .bind(on)
    .bind(result)
    .bind(&actor.login)
    .execute(&mut *tx)
    .await?;
    let sql = format!("{ADOPTION_SQL} WHERE a.initiative_id = $1 AND a.unit_id = $2");
    let r: AdoptionRow = sqlx::query_as(&sql).bind(id).bind(unit).fetch_one(&mut *tx).await?;
    let a = adoption(r);
    append_audit(&mut tx, actor, &[event::<(), _>("initiative.adopt", "initiative", id, None, Some(&a))]).await?;
    tx.commit().await?;
    Ok(a)
}

pub(super) async fn adoptions(store: &SqlStore, id: i64) -> StoreResult<Vec<Adoption>> {
    let sql = format!("{ADOPTION_SQL} WHERE a.initiative_id = $1 ORDER BY a.adopted_on, u.name");
    let rows: Vec<AdoptionRow> = sqlx::query_as(&sql).bind(id).fetch_all(&store.read).await?;
    Ok(rows.into_iter().map(adoption).collect())
}

pub(super) async fn counts(store: &SqlStore, year: i32) -> StoreResult<Vec<UnitCounts>> {
    let proposed: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT i.unit_id, u.name, i.state, COUNT(*) FROM initiatives i JOIN units u ON u.id = i.unit_id \
         WHERE i.year = $1 AND i.state <> 'draft' GROUP BY i.unit_id, u.name, i.state",
    )
    .bind(i64::from(year))
    .fetch_all(&store.read)
    .await?;
    let from = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(|| StoreError::Invalid("năm không hợp lệ".into()))?;
    let to = NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| StoreError::Invalid("năm không hợp lệ".into()))?;
    let adopted: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT a.unit_id, u.name, COUNT(*) FROM initiative_adoptions a JOIN units u ON u.id = a.unit_id \
         WHERE a.adopted_on >= $1 AND a.adopted_on <= $2 GROUP BY a.unit_id, u.name",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&store.read)
    .await?;
    let mut by_unit: BTreeMap<(String, i64), UnitCounts> = BTreeMap::new();
    fn entry(m: &mut BTreeMap<(String, i64), UnitCounts>, unit_id: i64, name: String) -> &mut UnitCounts {
        m.entry((name.clone(), unit_id)).or_insert(UnitCounts { unit_id, unit_name: name, ..Default::default() })
    }
    for (unit, name, state, n) in proposed {
        let c = entry(&mut by_unit, unit, name);
        let n = u32::try_from(n).unwrap_or(0);
        c.proposed += n;
        match InitiativeState::parse(&state).and_then(InitiativeState::level) {
            Some(cchc_domain::initiative::Level::Province) => c.recognised_province += n,
            Some(cchc_domain::initiative::Level::Unit) => c.recognised_unit += n,
            None => {}
        }
    }
    for (unit, name, n) in adopted {
        entry(&mut by_unit, unit, name).adopted += u32::try_from(n).unwrap_or(0);
    }
    Ok(by_unit.into_values().collect())
}
