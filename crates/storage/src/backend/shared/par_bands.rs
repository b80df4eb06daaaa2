//! PAR classification bands (xếp loại): one JSON document per version of a band set. A stored
//! version is never edited, and no new version may take effect on or before the approval day
//! of an approved round, so the classes of published results never move.

use cchc_domain::par::BandSet;
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, corrupt, event, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_par::StoredBands;

const COLS: &str = "id, body, created_at, created_by";

type Row = (i64, String, DateTime<Utc>, String);

fn stored((id, body, created_at, created_by): Row) -> StoreResult<StoredBands> {
    let bands: BandSet = serde_json::from_str(&body).map_err(|_| corrupt("bộ mức xếp loại", &id.to_string()))?;
    Ok(StoredBands { id, bands, created_at, created_by })
}

pub(super) async fn save(store: &SqlStore, actor: &Actor, bands: &BandSet) -> StoreResult<StoredBands> {
    let mut tx = store.begin_write().await?;
    let last_approved: Option<NaiveDate> =
        sqlx::query_scalar("SELECT MAX(approved_on) FROM par_rounds WHERE approved_on IS NOT NULL")
            .fetch_one(&mut *tx)
            .await?;
    if let Some(day) = last_approved.filter(|d| bands.effective_from <= *d) {
        return Err(StoreError::Conflict(format!(
            "kết quả đã phê duyệt ngày {} được xếp loại theo phiên bản đang áp dụng; ngày áp dụng của phiên bản mới phải sau ngày đó",
            day.format("%d/%m/%Y")
        )));
    }
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM par_band_sets WHERE code = $1")
        .bind(&bands.code)
        .fetch_one(&mut *tx)
        .await?;
    let mut bands = bands.clone();
    bands.version = latest.map_or(bands.version.max(1), |v| (v as u32 + 1).max(bands.version));
    let body = serde_json::to_string(&bands).map_err(|e| StoreError::Other(e.to_string()))?;
    let status = serde_json::to_value(bands.status).ok().and_then(|v| v.as_str().map(str::to_string));
    let at = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO par_band_sets (code, version, effective_from, status, body, created_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&bands.code)
    .bind(i64::from(bands.version))
    .bind(bands.effective_from)
    .bind(status.unwrap_or_default())
    .bind(&body)
    .bind(at)
    .bind(&actor.login)
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({ "code": bands.code, "version": bands.version,
        "effective_from": bands.effective_from, "status": bands.status, "groups": bands.groups, "bands": bands.bands });
    append_audit(&mut tx, actor, &[event::<(), _>("par.bands.save", "par_bands", id, None, Some(&after))]).await?;
    tx.commit().await?;
    Ok(StoredBands { id, bands, created_at: at, created_by: actor.login.clone() })
}

pub(super) async fn list(store: &SqlStore) -> StoreResult<Vec<StoredBands>> {
    let sql = format!("SELECT {COLS} FROM par_band_sets ORDER BY code, version DESC");
    let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(&store.read).await?;
    rows.into_iter().map(stored).collect()
}

pub(super) async fn get(store: &SqlStore, id: i64) -> StoreResult<StoredBands> {
    let sql = format!("SELECT {COLS} FROM par_band_sets WHERE id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&store.read).await?;
    stored(r.ok_or(StoreError::NotFound("bộ mức xếp loại"))?)
}
