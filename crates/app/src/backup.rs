//! Backups: `cchc backup` and the scheduled job make a consistent copy of the database while
//! the server runs, in a timestamped directory with a manifest, and prune old ones; `cchc
//! restore` puts one into an empty data directory and verifies its audit chain.
//!
//! SQLite is copied with `VACUUM INTO` (one read transaction: writers go on). PostgreSQL is
//! copied with `pg_dump --format=custom` (its own consistent snapshot), see [`pg`]. Stored
//! files (evidence) live in the database (`evidence_blobs`), so the copy holds them too. Each
//! backup also publishes the audit chain head to the anchor file ([`anchor`]).

pub mod anchor;
mod files;
pub mod pg;
pub mod restore;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use cchc_domain::audit::ChainHead;
use cchc_domain::user::Actor;
use cchc_storage::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// The `[backup]` section.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BackupConfig {
    /// Where backups go; empty means `backups` in the data directory. Better on another disk.
    pub dir: String,
    /// Hours between scheduled backups (0 = none; `cchc backup` still works).
    pub every_hours: u64,
    /// Backups kept; older ones are deleted after each new one (0 = keep all).
    pub keep: usize,
    /// Minutes between publications of the audit chain head to the anchor file (0 = only at
    /// each backup).
    pub anchor_minutes: u64,
    /// The anchor file; empty means `audit-anchors.jsonl` in the backup directory.
    pub anchor_file: String,
}

impl Default for BackupConfig {
    fn default() -> Self {
        Self { dir: String::new(), every_hours: 24, keep: 7, anchor_minutes: 60, anchor_file: String::new() }
    }
}

impl BackupConfig {
    /// The backup directory in effect.
    pub fn dir_in(&self, data_dir: &Path) -> PathBuf {
        match self.dir.trim() {
            "" => data_dir.join("backups"),
            d => PathBuf::from(d),
        }
    }

    /// The anchor file in effect.
    pub fn anchor_in(&self, data_dir: &Path) -> PathBuf {
        match self.anchor_file.trim() {
            "" => self.dir_in(data_dir).join(anchor::FILE_NAME),
            f => PathBuf::from(f),
        }
    }
}

/// Why a backup or restore failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Io(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An outside tool (`pg_dump`, `pg_restore`) is missing or failed; the text says what to do.
    #[error("{0}")]
    Tool(String),
    /// Refused before anything was written (a non-empty target, a damaged backup).
    #[error("{0}")]
    Refused(String),
}

/// Wraps an I/O error with what was being done.
pub(crate) fn io_err(what: &str, path: &Path, e: std::io::Error) -> BackupError {
    BackupError::Io(format!("{what} {}: {e}", path.display()))
}

/// `manifest.json` in every backup directory.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: DateTime<Utc>,
    /// `sqlite` or `postgres`.
    pub backend: String,
    /// The database copy, relative to the backup directory.
    pub database_file: String,
    pub database_bytes: u64,
    pub database_sha256: String,
    /// The audit chain head in the copy (SQLite: read from the copy; PostgreSQL: read just
    /// before the dump started, so the dump holds at least this).
    pub audit_head: ChainHead,
    pub cchc_version: String,
}

/// File name of the manifest.
pub const MANIFEST: &str = "manifest.json";

/// Makes backups of one store as configured.
#[derive(Clone)]
pub struct Backups {
    store: Arc<dyn Store>,
    cfg: BackupConfig,
    data_dir: PathBuf,
    database_url: String,
}

impl Backups {
    pub fn new(store: Arc<dyn Store>, config: &Config) -> Self {
        Self {
            store,
            cfg: config.backup.clone(),
            data_dir: config.data_dir.clone(),
            database_url: config.effective_database_url(),
        }
    }

    pub fn config(&self) -> &BackupConfig {
        &self.cfg
    }

    pub fn dir(&self) -> PathBuf {
        self.cfg.dir_in(&self.data_dir)
    }

    pub fn anchor_file(&self) -> PathBuf {
        self.cfg.anchor_in(&self.data_dir)
    }

    /// Makes one backup now in a new `cchc-YYYYMMDDTHHMMSSZ` directory (written under a
    /// `.partial` name, renamed when complete), publishes the chain head, prunes old backups.
    pub async fn run(&self, now: DateTime<Utc>) -> Result<(PathBuf, Manifest), BackupError> {
        let root = self.dir();
        std::fs::create_dir_all(&root).map_err(|e| io_err("không tạo được thư mục sao lưu", &root, e))?;
        let name = format!("cchc-{}", now.format("%Y%m%dT%H%M%S%.3fZ"));
        let partial = root.join(format!("{name}.partial"));
        std::fs::create_dir(&partial).map_err(|e| io_err("không tạo được thư mục", &partial, e))?;
        let made = self.copy_database(&partial).await;
        let (file, head) = match made {
            Ok(v) => v,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&partial);
                return Err(e);
            }
        };
        let path = partial.join(&file);
        let (database_bytes, database_sha256) = files::sha256_file(&path).await?;
        let manifest = Manifest {
            format: 1,
            created_at: now,
            backend: self.store.backend().to_string(),
            database_file: file,
            database_bytes,
            database_sha256,
            audit_head: head.clone(),
            cchc_version: env!("CARGO_PKG_VERSION").to_string(),
        };
        files::write_json(&partial.join(MANIFEST), &manifest)?;
        let done = root.join(&name);
        std::fs::rename(&partial, &done).map_err(|e| io_err("không đổi tên được", &partial, e))?;
        anchor::publish(&self.anchor_file(), &head, now)?;
        let removed = files::prune(&root, self.cfg.keep)?;
        tracing::info!(dir = %done.display(), audit_seq = head.seq, removed, "backup made");
        Ok((done, manifest))
    }

    /// Copies the database into `dir`; returns the file name and the chain head it holds.
    async fn copy_database(&self, dir: &Path) -> Result<(String, ChainHead), BackupError> {
        if self.store.backend() == "postgres" {
            let head = self.store.audit_head().await?;
            let file = "database.pgdump";
            pg::dump(&self.database_url, &dir.join(file)).await?;
            return Ok((file.to_string(), head));
        }
        let file = "cchc.db";
        self.store.snapshot_into(&dir.join(file)).await?;
        let head = cchc_storage::sqlite::audit_head_of_file(&dir.join(file)).await?;
        Ok((file.to_string(), head))
    }

    /// Writes the current chain head to the anchor file (and the log) if it moved.
    pub async fn publish_anchor(&self, now: DateTime<Utc>) -> Result<ChainHead, BackupError> {
        let head = self.store.audit_head().await?;
        anchor::publish(&self.anchor_file(), &head, now)?;
        Ok(head)
    }

    /// The scheduled run of one time slot: claims the slot (once across every app node),
    /// then backs up. `Ok(None)` when another node (or an earlier run) has it.
    pub async fn run_scheduled(&self, slot: &str, now: DateTime<Utc>) -> Result<Option<PathBuf>, BackupError> {
        let actor = Actor { user_id: None, login: "system".into() };
        if !self.store.claim_job(&actor, &format!("backup:{slot}")).await? {
            return Ok(None);
        }
        Ok(Some(self.run(now).await?.0))
    }

    /// When the newest complete backup in the directory was made, if any.
    pub fn newest(&self) -> Option<DateTime<Utc>> {
        files::list(&self.dir()).ok()?.into_iter().map(|(t, _)| t).max()
    }
}
