//! Snapshot queries for the public site: publish (superseding the current one of its kind),
//! unpublish, read. Each change writes its audit entry in the same transaction.

use async_trait::async_trait;
use cchc_domain::user::Actor;
use chrono::{DateTime, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_public::{PublishedTable, Snapshot};
use crate::traits_public::PublicStore;

const COLS: &str = "id, kind, title, body, published_at, published_by, superseded_by, unpublished_at";

type Row = (i64, String, String, String, DateTime<Utc>, String, Option<i64>, Option<DateTime<Utc>>);

fn of(r: Row) -> StoreResult<Snapshot> {
    let (id, kind, title, body, published_at, published_by, superseded_by, unpublished_at) = r;
    let table: PublishedTable = serde_json::from_str(&body).map_err(|_| corrupt("bảng công khai", &id.to_string()))?;
    Ok(Snapshot { id, kind, title, table, published_at, published_by, superseded_by, unpublished_at })
}

async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<Snapshot> {
    let sql = format!("SELECT {COLS} FROM snapshots WHERE id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    of(r.ok_or(StoreError::NotFound("bảng công khai"))?)
}

fn summary(s: &Snapshot) -> serde_json::Value {
    serde_json::json!({ "kind": s.kind, "title": s.title, "rows": s.table.rows.len(),
        "superseded_by": s.superseded_by, "unpublished_at": s.unpublished_at })
}

#[async_trait]
impl PublicStore for SqlStore {
    async fn publish_snapshot(
        &self,
        actor: &Actor,
        kind: &str,
        title: &str,
        table: &PublishedTable,
    ) -> StoreResult<Snapshot> {
        let mut tx = self.begin_write().await?;
        let body = serde_json::to_string(table).map_err(|e| StoreError::Other(e.to_string()))?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO snapshots (kind, title, body, published_at, published_by) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(kind)
        .bind(title)
        .bind(&body)
        .bind(now())
        .bind(&actor.login)
        .fetch_one(&mut *tx)
        .await?;
        let previous: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM snapshots WHERE kind = $1 AND id <> $2 AND superseded_by IS NULL AND unpublished_at IS NULL",
        )
        .bind(kind)
        .bind(id)
        .fetch_all(&mut *tx)
        .await?;
        let mut audit = Vec::new();
        for p in &previous {
            let before = fetch(&mut tx, *p).await?;
            sqlx::query("UPDATE snapshots SET superseded_by = $1 WHERE id = $2")
                .bind(id)
                .bind(*p)
                .execute(&mut *tx)
                .await?;
            let after = fetch(&mut tx, *p).await?;
            audit.push(event("public.supersede", "snapshot", *p, Some(&summary(&before)), Some(&summary(&after))));
        }
        let s = fetch(&mut tx, id).await?;
        audit.push(event::<(), _>("public.publish", "snapshot", id, None, Some(&summary(&s))));
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(s)
    }

    async fn unpublish_snapshot(&self, actor: &Actor, id: i64) -> StoreResult<Snapshot> {
        let mut tx = self.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        if !before.is_current() {
            return Err(StoreError::Conflict("bảng này không còn được công khai".into()));
        }
        sqlx::query("UPDATE snapshots SET unpublished_at = $1 WHERE id = $2")
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = fetch(&mut tx, id).await?;
        append_audit(
            &mut tx,
            actor,
            &[event("public.unpublish", "snapshot", id, Some(&summary(&before)), Some(&summary(&after)))],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn current_snapshots(&self) -> StoreResult<Vec<Snapshot>> {
        let sql = format!(
            "SELECT {COLS} FROM snapshots WHERE superseded_by IS NULL AND unpublished_at IS NULL ORDER BY published_at DESC, id DESC"
        );
        let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(of).collect()
    }

    async fn all_snapshots(&self) -> StoreResult<Vec<Snapshot>> {
        let sql = format!("SELECT {COLS} FROM snapshots ORDER BY id DESC");
        let rows: Vec<Row> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(of).collect()
    }

    async fn snapshots_version(&self) -> StoreResult<String> {
        // Snapshots are only ever inserted, superseded or unpublished (never un-done), so
        // these four counts together change with every one of those.
        let (n, last, superseded, unpublished): (i64, i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COUNT(superseded_by), COUNT(unpublished_at) FROM snapshots",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(format!("{n}.{last}.{superseded}.{unpublished}"))
    }

    async fn snapshot(&self, id: i64) -> StoreResult<Snapshot> {
        let sql = format!("SELECT {COLS} FROM snapshots WHERE id = $1");
        let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        of(r.ok_or(StoreError::NotFound("bảng công khai"))?)
    }
}
