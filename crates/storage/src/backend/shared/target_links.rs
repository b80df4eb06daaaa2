//! Target → index-766 indicator links.

use async_trait::async_trait;
use cchc_domain::plan::DocumentId;
use cchc_domain::user::Actor;

use super::{append_audit, event, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::traits_target_links::{TargetIndicator, TargetLinkStore};

#[async_trait]
impl TargetLinkStore for SqlStore {
    async fn target_indicators(&self) -> StoreResult<Vec<TargetIndicator>> {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT identity, target_code, indicator FROM target_indicators ORDER BY identity, target_code",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(identity, target_code, indicator)| TargetIndicator { identity, target_code, indicator })
            .collect())
    }

    async fn set_target_indicator(
        &self,
        actor: &Actor,
        document: DocumentId,
        code: &str,
        indicator: Option<&str>,
    ) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let identity: Option<String> = sqlx::query_scalar(
            "SELECT d.identity FROM documents d JOIN targets t ON t.document_id = d.id \
             WHERE d.id = $1 AND t.code = $2",
        )
        .bind(document)
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?;
        let identity = identity.ok_or(StoreError::NotFound("chỉ tiêu"))?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT indicator FROM target_indicators WHERE identity = $1 AND target_code = $2")
                .bind(&identity)
                .bind(code)
                .fetch_optional(&mut *tx)
                .await?;
        if before.as_deref() == indicator {
            tx.commit().await?;
            return Ok(());
        }
        match indicator {
            Some(ind) => {
                sqlx::query(
                    "INSERT INTO target_indicators (identity, target_code, indicator, set_at, set_by) \
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (identity, target_code) DO UPDATE \
                     SET indicator = excluded.indicator, set_at = excluded.set_at, set_by = excluded.set_by",
                )
                .bind(&identity)
                .bind(code)
                .bind(ind)
                .bind(now())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM target_indicators WHERE identity = $1 AND target_code = $2")
                    .bind(&identity)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let entity = format!("{identity}#{code}");
        let ev = event("target.indicator", "target", entity, before.as_ref(), indicator.as_ref());
        append_audit(&mut tx, actor, &[ev]).await?;
        tx.commit().await?;
        Ok(())
    }
}
