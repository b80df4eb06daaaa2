//! Server-side sessions. Stored in the database so that every app node sees every login.

use async_trait::async_trait;
use cchc_domain::user::{Actor, User};
use chrono::{DateTime, Utc};

use super::users::{UserDb, USER_COLS};
use super::{append_audit, event, SqlStore};
use crate::error::StoreResult;
use crate::model::Session;
use crate::traits::SessionStore;

#[derive(sqlx::FromRow)]
struct SessionDb {
    token_hash: String,
    user_id: i64,
    csrf_token: String,
    created_at: DateTime<Utc>,
    last_seen_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn create_session(&self, actor: &Actor, s: &Session) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id)
        .bind(&s.csrf_token)
        .bind(s.created_at)
        .bind(s.last_seen_at)
        .bind(s.expires_at)
        .execute(&mut *tx)
        .await?;
        let ev = event::<(), ()>("user.login", "user", s.user_id, None, None);
        append_audit(&mut tx, actor, &[ev]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(Session, User)>> {
        let row: Option<SessionDb> = sqlx::query_as(
            "SELECT token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at \
             FROM sessions WHERE token_hash = $1 AND expires_at > $2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.read)
        .await?;
        let Some(r) = row else { return Ok(None) };
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1 AND active = TRUE");
        let user: Option<UserDb> = sqlx::query_as(&sql).bind(r.user_id).fetch_optional(&self.read).await?;
        let Some(user) = user else { return Ok(None) };
        let session = Session {
            token_hash: r.token_hash,
            user_id: r.user_id,
            csrf_token: r.csrf_token,
            created_at: r.created_at,
            last_seen_at: r.last_seen_at,
            expires_at: r.expires_at,
        };
        Ok(Some((session, user.try_into()?)))
    }

    async fn touch_session(&self, token_hash: &str, now: DateTime<Utc>, expires_at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now)
            .bind(expires_at)
            .bind(token_hash)
            .execute(&self.write)
            .await?;
        Ok(())
    }

    async fn delete_session(&self, actor: &Actor, token_hash: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let user: Option<i64> = sqlx::query_scalar("DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id")
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(uid) = user {
            append_audit(&mut tx, actor, &[event::<(), ()>("user.logout", "user", uid, None, None)]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn purge_sessions(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let r = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1").bind(now).execute(&self.write).await?;
        Ok(r.rows_affected())
    }
}
