//! Installation-wide settings.

use async_trait::async_trait;
use cchc_domain::user::Actor;

use super::{append_audit, event, SqlStore};
use crate::error::StoreResult;
use crate::traits::SettingsStore;

#[async_trait]
impl SettingsStore for SqlStore {
    async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&self.read).await?)
    }

    async fn set_setting(&self, actor: &Actor, key: &str, value: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&mut *tx).await?;
        if before.as_deref() != Some(value) {
            sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
            let after = value.to_string();
            append_audit(&mut tx, actor, &[event("setting.update", "setting", key, before.as_ref(), Some(&after))])
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
