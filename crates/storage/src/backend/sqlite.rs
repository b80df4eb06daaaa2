//! SQLite backend: the embedded default. One file in the data directory, WAL journal, one
//! writer connection and a few readers.

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions as _;

use super::{ConnectOptions, Upkeep};
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

/// One app node per SQLite file: no other node ends sessions behind this one's back.
fn session_signals(_pool: &sqlx::Pool<Db>) -> Option<tokio::sync::mpsc::Receiver<crate::model::SessionSignal>> {
    None
}

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
        // Once checkpointed, a log grown by a bulk import (1 GB for ten million dossiers) is
        // cut back to 64 MiB when it restarts instead of staying on disk at its largest.
        .pragma("journal_size_limit", "67108864")
        // Bulk statements are long by design; never log their text (it can hold thousands of values).
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(1));
    // The writer keeps a larger page cache (64 MiB): bulk imports and upserts touch pages all
    // over the big tables, and re-reading them through the OS costs more than the memory.
    // Its statement journals (a multi-row upsert keeps one while it runs) stay in memory
    // instead of spilling to a temporary file. It never checkpoints: see below.
    let write = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            base.clone()
                .pragma("cache_size", "-65536")
                .pragma("temp_store", "memory")
                .pragma("wal_autocheckpoint", "0"),
        )
        .await
        .map_err(|e| StoreError::Other(format!("không mở được tệp SQLite: {e}")))?;
    MIGRATOR.run(&write).await?;
    let read =
        SqlitePoolOptions::new().max_connections(opts.max_connections.clamp(1, 16)).connect_with(base.clone()).await?;
    // SQLite's automatic checkpoint runs inside the commit that takes the log past 1,000
    // pages, so every few imports one of them waited for the pages of several to be copied
    // back into the database file (and synced). A connection of its own does it here in the
    // background instead; writers go on appending to the log meanwhile.
    let ckpt = SqlitePoolOptions::new().max_connections(1).min_connections(0).connect_lazy_with(base);
    let job = Arc::new(move || {
        let ckpt = ckpt.clone();
        Box::pin(async move {
            let (busy, log, done): (i64, i64, i64) =
                sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)").fetch_one(&ckpt).await?;
            // A long log wholly copied (after a bulk import): empty the file now, while no
            // import waits, rather than in the next import's first write.
            if busy == 0 && log >= TRUNCATE_FRAMES && done == log {
                sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&ckpt).await?;
            }
            Ok(())
        }) as Pin<Box<dyn Future<Output = StoreResult<()>> + Send>>
    });
    Ok(SqliteStore::new(write, read).with_upkeep(Upkeep::spawn("wal checkpoint", CHECKPOINT_EVERY, job)))
}

/// How often the WAL is copied back into the database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Log frames (pages) from which a wholly copied log is truncated: 64 MiB of 4 KiB pages.
const TRUNCATE_FRAMES: i64 = 16_384;

/// The audit chain head recorded in a database file, read without changing it (read-only,
/// immutable: no log or lock files are created beside a backup copy).
pub async fn audit_head_of_file(path: &std::path::Path) -> StoreResult<cchc_domain::audit::ChainHead> {
    use sqlx::Connection as _;
    let opts = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let mut conn =
        opts.connect().await.map_err(|e| StoreError::Other(format!("không mở được {}: {e}", path.display())))?;
    let (seq, hash): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut conn).await?;
    conn.close().await?;
    Ok(cchc_domain::audit::ChainHead { seq, hash })
}
