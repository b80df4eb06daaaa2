//! PostgreSQL backend: the scale-out store. Several stateless app nodes share one database;
//! sessions, throttling and the audit chain live there, so any node can serve any request.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{ConnectOptions as _, Connection};
use tokio::sync::mpsc::Sender;

use super::ConnectOptions;
use crate::error::{StoreError, StoreResult};
use crate::model::SessionSignal;

/// The sqlx database type the shared queries compile against here.
pub type Db = sqlx::Postgres;
pub(crate) const BACKEND: &str = "postgres";

// The same source is compiled once per backend on purpose (see shared/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "shared/mod.rs"]
mod shared;
pub use shared::SqlStore as PgStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The channel the `sessions_ended` trigger (migration 0012) notifies on.
const SESSION_CHANNEL: &str = "cchc_sessions";

/// Listens for sessions ended by any node. A connection that was lost (or not yet open) is
/// reported as [`SessionSignal::Resumed`] once listening again, so the node drops what it
/// cached: notifications sent meanwhile are gone.
fn session_signals(pool: &sqlx::Pool<Db>) -> Option<tokio::sync::mpsc::Receiver<SessionSignal>> {
    let (tx, rx) = tokio::sync::mpsc::channel(64);
    let pool = pool.clone();
    tokio::spawn(async move {
        while !tx.is_closed() {
            if let Err(e) = listen_sessions(&pool, &tx).await {
                tracing::warn!(error = %e, "session notifications interrupted; reconnecting");
            }
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        }
    });
    Some(rx)
}

/// One listening connection, until it fails or the receiver is dropped.
async fn listen_sessions(pool: &sqlx::Pool<Db>, tx: &Sender<SessionSignal>) -> StoreResult<()> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(SESSION_CHANNEL).await?;
    offer(tx, SessionSignal::Resumed);
    loop {
        // `try_recv` (not `recv`) so a lost connection is seen instead of silently reopened.
        let signal = match listener.try_recv().await? {
            Some(n) => SessionSignal::Ended(n.payload().to_string()),
            None => return Err(StoreError::Other("kết nối nhận thông báo phiên bị mất".into())),
        };
        if tx.is_closed() {
            return Ok(());
        }
        offer(tx, signal);
    }
}

/// Hands a signal over without waiting: when the queue is full, the signals already queued
/// make the node drop its cache anyway.
fn offer(tx: &Sender<SessionSignal>, s: SessionSignal) {
    let _ = tx.try_send(s);
}

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
