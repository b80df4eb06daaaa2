//! Account queries and the failed-login counters.

use async_trait::async_trait;
use cchc_domain::role::Role;
use cchc_domain::throttle::ThrottleRule;
use cchc_domain::user::{Actor, User, UserId};
use chrono::{DateTime, Duration, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{LoginThrottle, NewUser, UserUpdate};
use crate::traits::UserStore;

pub(super) const USER_COLS: &str = "id, login, full_name, email, role, unit_id, active, must_change_password";

#[derive(sqlx::FromRow)]
pub(super) struct UserDb {
    id: i64,
    login: String,
    full_name: String,
    email: String,
    role: String,
    unit_id: Option<i64>,
    active: bool,
    must_change_password: bool,
}

impl TryFrom<UserDb> for User {
    type Error = StoreError;
    fn try_from(r: UserDb) -> Result<User, StoreError> {
        Ok(User {
            id: r.id,
            role: Role::parse(&r.role).ok_or_else(|| corrupt("vai trò", &r.role))?,
            login: r.login,
            full_name: r.full_name,
            email: r.email,
            unit_id: r.unit_id,
            active: r.active,
            must_change_password: r.must_change_password,
        })
    }
}

async fn fetch_user(tx: &mut Tx, id: UserId) -> StoreResult<User> {
    let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
    let row: Option<UserDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.ok_or(StoreError::NotFound("người dùng"))?.try_into()
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(&self, actor: &Actor, u: &NewUser) -> StoreResult<User> {
        let mut tx = self.begin_write().await?;
        let t = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (login, full_name, email, password_hash, role, unit_id, active, \
             must_change_password, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, TRUE, $7, $8, $8) RETURNING id",
        )
        .bind(&u.login)
        .bind(&u.full_name)
        .bind(&u.email)
        .bind(&u.password_hash)
        .bind(u.role.code())
        .bind(u.unit_id)
        .bind(u.must_change_password)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let user = fetch_user(&mut tx, id).await?;
        append_audit(&mut tx, actor, &[event::<User, User>("user.create", "user", id, None, Some(&user))]).await?;
        tx.commit().await?;
        Ok(user)
    }

    async fn update_user(&self, actor: &Actor, id: UserId, u: &UserUpdate) -> StoreResult<User> {
        let mut tx = self.begin_write().await?;
        let before = fetch_user(&mut tx, id).await?;
        sqlx::query(
            "UPDATE users SET full_name = $1, email = $2, role = $3, unit_id = $4, active = $5, \
             updated_at = $6 WHERE id = $7",
        )
        .bind(&u.full_name)
        .bind(&u.email)
        .bind(u.role.code())
        .bind(u.unit_id)
        .bind(u.active)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if !u.active || u.role != before.role || u.unit_id != before.unit_id {
            // A changed role, unit or a deactivation takes effect at once on every node.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        }
        let after = fetch_user(&mut tx, id).await?;
        if after != before {
            append_audit(&mut tx, actor, &[event("user.update", "user", id, Some(&before), Some(&after))]).await?;
        }
        tx.commit().await?;
        Ok(after)
    }

    async fn set_password(&self, actor: &Actor, id: UserId, hash: &str, must_change: bool) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let user = fetch_user(&mut tx, id).await?;
        sqlx::query("UPDATE users SET password_hash = $1, must_change_password = $2, updated_at = $3 WHERE id = $4")
            .bind(hash)
            .bind(must_change)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        // Other sessions end; the caller creates a fresh one for the user who changed it.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1").bind(id).execute(&mut *tx).await?;
        let note = serde_json::json!({ "login": user.login, "must_change_password": must_change });
        append_audit(&mut tx, actor, &[event::<(), serde_json::Value>("user.password", "user", id, None, Some(&note))])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn get_user(&self, id: UserId) -> StoreResult<User> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE id = $1");
        let row: Option<UserDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        row.ok_or(StoreError::NotFound("người dùng"))?.try_into()
    }

    async fn user_credentials(&self, login: &str) -> StoreResult<Option<(User, String)>> {
        let sql = format!("SELECT {USER_COLS} FROM users WHERE login = $1");
        let row: Option<UserDb> = sqlx::query_as(&sql).bind(login).fetch_optional(&self.read).await?;
        let Some(row) = row else { return Ok(None) };
        let hash: String = sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
            .bind(row.id)
            .fetch_one(&self.read)
            .await?;
        Ok(Some((row.try_into()?, hash)))
    }

    async fn list_users(&self) -> StoreResult<Vec<User>> {
        let sql = format!("SELECT {USER_COLS} FROM users ORDER BY login");
        let rows: Vec<UserDb> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(User::try_from).collect()
    }

    async fn count_users(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.read).await?)
    }

    async fn login_throttle(&self, key: &str, now: DateTime<Utc>, rule: &ThrottleRule) -> StoreResult<LoginThrottle> {
        let row: Option<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
            sqlx::query_as("SELECT failures, first_at, locked_until FROM login_failures WHERE key = $1")
                .bind(key)
                .fetch_optional(&self.read)
                .await?;
        Ok(match row {
            Some((_, first, locked)) if window_over(first, locked, now, rule) => LoginThrottle::default(),
            Some((failures, _, locked)) => LoginThrottle { failures, locked_until: locked.filter(|l| *l > now) },
            None => LoginThrottle::default(),
        })
    }

    async fn record_login_failure(
        &self,
        key: &str,
        now: DateTime<Utc>,
        rule: &ThrottleRule,
    ) -> StoreResult<LoginThrottle> {
        // Takes the write lock first: a read-then-write transaction on SQLite fails at once
        // ("database is locked") when a checkpoint restarted the log after its read.
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
            sqlx::query_as("SELECT failures, first_at, locked_until FROM login_failures WHERE key = $1")
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
        let (failures, first, locked_until) = counted(row, now, rule);
        sqlx::query(
            "INSERT INTO login_failures (key, failures, first_at, locked_until) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, \
             locked_until = excluded.locked_until",
        )
        .bind(key)
        .bind(failures)
        .bind(first)
        .bind(locked_until)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(LoginThrottle { failures, locked_until })
    }

    async fn clear_login_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE key = $1").bind(key).execute(&self.write).await?;
        Ok(())
    }
}

/// A key's counter row: failures, first failure of the window, locked until.
pub(super) type CountRow = (i64, DateTime<Utc>, Option<DateTime<Utc>>);

/// The row after one more failure at `now`: counted in the window, or the first of a new one.
pub(super) fn counted(row: Option<CountRow>, now: DateTime<Utc>, rule: &ThrottleRule) -> CountRow {
    let (failures, first) = match row {
        Some((f, first, locked)) if !window_over(first, locked, now, rule) => (f + 1, first),
        _ => (1, now),
    };
    (failures, first, rule.delay_after(failures).map(|secs| now + Duration::seconds(secs)))
}

/// A key's count starts again once its window has passed and it is not waiting.
fn window_over(first: DateTime<Utc>, locked: Option<DateTime<Utc>>, now: DateTime<Utc>, rule: &ThrottleRule) -> bool {
    first + Duration::seconds(rule.window_secs) < now && locked.is_none_or(|l| l <= now)
}
