//! Personal access tokens: stored by hash, looked up per API request, revoked at once.

use async_trait::async_trait;
use cchc_domain::api_token::Scopes;
use cchc_domain::user::{Actor, User, UserId};
use chrono::{DateTime, Duration, Utc};

use super::users::{UserDb, USER_COLS};
use super::{append_audit, event, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_tokens::{ApiToken, NewApiToken, TokenRefusal};
use crate::traits_tokens::TokenStore;

const COLS: &str =
    "t.id, t.user_id, u.login, t.name, t.scopes, t.created_at, t.expires_at, t.last_used_at, t.revoked_at";

type Row =
    (i64, i64, String, String, String, DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

fn of(r: Row) -> ApiToken {
    let (id, user_id, owner, name, scopes, created_at, expires_at, last_used_at, revoked_at) = r;
    ApiToken {
        id,
        user_id,
        owner,
        name,
        scopes: Scopes::parse(&scopes),
        created_at,
        expires_at,
        last_used_at,
        revoked_at,
    }
}

/// What the audit log keeps of a token (never its hash).
fn summary(t: &ApiToken) -> serde_json::Value {
    serde_json::json!({ "name": t.name, "user_id": t.user_id, "scopes": t.scopes.code(),
        "expires_at": t.expires_at, "revoked_at": t.revoked_at })
}

async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<ApiToken> {
    let sql = format!("SELECT {COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.map(of).ok_or(StoreError::NotFound("mã truy cập"))
}

/// Don't write `last_used_at` more than once a minute per token.
const TOUCH_EVERY_SECS: i64 = 60;

#[async_trait]
impl TokenStore for SqlStore {
    async fn create_token(&self, actor: &Actor, t: &NewApiToken) -> StoreResult<ApiToken> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (user_id, name, token_hash, scopes, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(t.user_id)
        .bind(&t.name)
        .bind(&t.token_hash)
        .bind(t.scopes.code())
        .bind(t.created_at)
        .bind(t.expires_at)
        .fetch_one(&mut *tx)
        .await?;
        let created = fetch(&mut tx, id).await?;
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("token.create", "api_token", id, None, Some(&summary(&created)))],
        )
        .await?;
        tx.commit().await?;
        Ok(created)
    }

    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<(ApiToken, User), TokenRefusal>> {
        let sql = format!("SELECT {COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
        let r: Option<Row> = sqlx::query_as(&sql).bind(token_hash).fetch_optional(&self.read).await?;
        let Some(token) = r.map(of) else { return Ok(Err(TokenRefusal::Unknown)) };
        if token.revoked_at.is_some() {
            return Ok(Err(TokenRefusal::Revoked));
        }
        if token.expires_at <= now {
            return Ok(Err(TokenRefusal::Expired));
        }
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1 AND active = TRUE");
        let user: Option<UserDb> = sqlx::query_as(&sql).bind(token.user_id).fetch_optional(&self.read).await?;
        let Some(user) = user else { return Ok(Err(TokenRefusal::Inactive)) };
        if token.last_used_at.is_none_or(|t| now - t > Duration::seconds(TOUCH_EVERY_SECS)) {
            sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
                .bind(now)
                .bind(token.id)
                .execute(&self.write)
                .await?;
        }
        Ok(Ok((token, user.try_into()?)))
    }

    async fn list_tokens(&self, user: Option<UserId>) -> StoreResult<Vec<ApiToken>> {
        let sql = format!(
            "SELECT {COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE ($1 IS NULL OR t.user_id = $1) ORDER BY t.id DESC"
        );
        let rows: Vec<Row> = sqlx::query_as(&sql).bind(user).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(of).collect())
    }

    async fn get_token(&self, id: i64) -> StoreResult<ApiToken> {
        let sql = format!("SELECT {COLS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1");
        let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        r.map(of).ok_or(StoreError::NotFound("mã truy cập"))
    }

    async fn revoke_token(&self, actor: &Actor, id: i64, now: DateTime<Utc>) -> StoreResult<ApiToken> {
        let mut tx = self.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        if before.revoked_at.is_some() {
            return Err(StoreError::Conflict("mã truy cập này đã bị thu hồi".into()));
        }
        sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2").bind(now).bind(id).execute(&mut *tx).await?;
        let after = fetch(&mut tx, id).await?;
        append_audit(
            &mut tx,
            actor,
            &[event("token.revoke", "api_token", id, Some(&summary(&before)), Some(&summary(&after)))],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn count_api_request(&self, token: i64, window_start: i64) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let n: i64 = sqlx::query_scalar(
            "INSERT INTO api_rate (token_id, window_start, n) VALUES ($1, $2, 1) \
             ON CONFLICT (token_id, window_start) DO UPDATE SET n = api_rate.n + 1 RETURNING n",
        )
        .bind(token)
        .bind(window_start)
        .fetch_one(&mut *tx)
        .await?;
        if n == 1 {
            sqlx::query("DELETE FROM api_rate WHERE token_id = $1 AND window_start < $2")
                .bind(token)
                .bind(window_start)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(n)
    }
}
