//! PostgreSQL backend: the scale-out store. Several stateless app nodes share one database;
//! sessions, throttling and the audit chain live there, so any node can serve any request.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions as _, Connection};

use super::ConnectOptions;
use crate::error::{StoreError, StoreResult};

/// The sqlx database type the shared queries compile against here.
pub type Db = sqlx::Postgres;
pub(crate) const BACKEND: &str = "postgres";

// The same source is compiled once per backend on purpose (see shared/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "shared/mod.rs"]
mod shared;
pub use shared::SqlStore as PgStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connects to `url` and migrates. With `schema`, everything lives in that schema (created if
/// missing) — the test suite uses one schema per test.
pub async fn open(url: &str, opts: &ConnectOptions, schema: Option<&str>) -> StoreResult<PgStore> {
    let mut base = PgConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("địa chỉ PostgreSQL không hợp lệ: {e}")))?
        .application_name("cchc")
        // Bulk statements are long by design; never log their text (it can hold thousands of values).
        .log_slow_statements(log::LevelFilter::Off, std::time::Duration::from_secs(1));
    if let Some(s) = schema {
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Invalid("tên schema không hợp lệ".into()));
        }
        let mut c = sqlx::PgConnection::connect_with(&base).await?;
        sqlx::query(&format!("CREATE SCHEMA IF NOT EXISTS {s}")).execute(&mut c).await?;
        c.close().await?;
        base = base.options([("search_path", s)]);
    }
    let pool = PgPoolOptions::new()
        .max_connections(opts.max_connections.max(2))
        .connect_with(base)
        .await
        .map_err(|e| StoreError::Other(format!("không kết nối được PostgreSQL: {e}")))?;
    MIGRATOR.run(&pool).await?;
    Ok(PgStore::new(pool.clone(), pool))
}
