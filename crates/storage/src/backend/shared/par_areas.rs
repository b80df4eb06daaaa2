//! Appraisers assigned per area (lĩnh vực) of a PAR round: which areas each looks at. The
//! app decides what that lets them mark; this keeps the assignment, audited.

use std::collections::BTreeMap;

use cchc_domain::user::{Actor, UserId};

use super::par::fetch_round;
use super::{append_audit, event, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_par::AreaAppraiser;

pub(super) async fn assign(
    store: &SqlStore,
    actor: &Actor,
    round: i64,
    user: UserId,
    areas: &[String],
) -> StoreResult<AreaAppraiser> {
    let mut areas: Vec<String> = areas.iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    areas.sort();
    areas.dedup();
    let mut tx = store.begin_write().await?;
    if fetch_round(&mut tx, round).await?.is_approved() {
        return Err(StoreError::Conflict("đợt đánh giá đã được phê duyệt: không phân công thẩm định được nữa".into()));
    }
    let before: Vec<String> = sqlx::query_scalar(
        "SELECT area_code FROM par_area_appraisers WHERE round_id = $1 AND user_id = $2 ORDER BY area_code",
    )
    .bind(round)
    .bind(user)
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM par_area_appraisers WHERE round_id = $1 AND user_id = $2")
        .bind(round)
        .bind(user)
        .execute(&mut *tx)
        .await?;
    for a in &areas {
        sqlx::query("INSERT INTO par_area_appraisers (round_id, user_id, area_code) VALUES ($1, $2, $3)")
            .bind(round)
            .bind(user)
            .bind(a)
            .execute(&mut *tx)
            .await?;
    }
    let b = serde_json::json!({ "user_id": user, "areas": before });
    let after = serde_json::json!({ "user_id": user, "areas": areas });
    append_audit(&mut tx, actor, &[event("par.assign_areas", "par_round", round, Some(&b), Some(&after))]).await?;
    tx.commit().await?;
    Ok(AreaAppraiser { round_id: round, user_id: user, areas })
}

pub(super) async fn list(store: &SqlStore, round: i64) -> StoreResult<Vec<AreaAppraiser>> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT user_id, area_code FROM par_area_appraisers WHERE round_id = $1 ORDER BY user_id, area_code",
    )
    .bind(round)
    .fetch_all(&store.read)
    .await?;
    let mut by_user: BTreeMap<UserId, Vec<String>> = BTreeMap::new();
    for (u, a) in rows {
        by_user.entry(u).or_default().push(a);
    }
    Ok(by_user.into_iter().map(|(user_id, areas)| AreaAppraiser { round_id: round, user_id, areas }).collect())
}
