//! SQLite backend: the embedded default. One file in the data directory, WAL journal, one
//! writer connection and a few readers.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions as _;

use super::ConnectOptions;
use crate::error::{StoreError, StoreResult};

/// The sqlx database type the shared queries compile against here.
pub type Db = sqlx::Sqlite;
pub(crate) const BACKEND: &str = "sqlite";

// The same source is compiled once per backend on purpose (see shared/mod.rs).
#[allow(clippy::duplicate_mod)]
#[path = "shared/mod.rs"]
mod shared;
pub use shared::SqlStore as SqliteStore;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// Opens (creating if needed) the database file named by a `sqlite://` URL and migrates it.
pub async fn open(url: &str, opts: &ConnectOptions) -> StoreResult<SqliteStore> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Err(StoreError::Invalid(
            "SQLite trong bộ nhớ không được hỗ trợ: hãy dùng một tệp (sqlite://duong/dan/cchc.db)".into(),
        ));
    }
    let base = SqliteConnectOptions::from_str(url)
        .map_err(|e| StoreError::Invalid(format!("địa chỉ SQLite không hợp lệ: {e}")))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Bulk statements are long by design; never log their text (it can hold thousands of values).
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(1));
    // The writer keeps a larger page cache (64 MiB): bulk imports and upserts touch pages all
    // over the big tables, and re-reading them through the OS costs more than the memory.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(base.clone().pragma("cache_size", "-65536"))
        .await
        .map_err(|e| StoreError::Other(format!("không mở được tệp SQLite: {e}")))?;
    MIGRATOR.run(&write).await?;
    let read = SqlitePoolOptions::new().max_connections(opts.max_connections.clamp(1, 16)).connect_with(base).await?;
    Ok(SqliteStore::new(write, read))
}
