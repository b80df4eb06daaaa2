//! `cchc restore`: a backup into an empty data directory (SQLite) or an empty database
//! (PostgreSQL, through `pg_restore`), then the audit chain verified against the head the
//! backup recorded and every published anchor up to it.

use std::path::Path;

use cchc_domain::audit::{ChainBreak, ChainHead};
use cchc_storage::{connect, ConnectOptions};

use super::{anchor, files, io_err, pg, BackupError, Manifest};
use crate::config::Config;

/// What a restore found.
#[derive(Debug)]
pub struct RestoreReport {
    pub manifest: Manifest,
    /// Anchors the restored chain was checked against (the manifest's head included).
    pub anchors: usize,
    /// The chain check: entries verified, or the first break.
    pub verified: Result<i64, ChainBreak>,
}

/// Restores the backup in `backup_dir` into the target configured in `config`.
pub async fn restore(backup_dir: &Path, config: &Config) -> Result<RestoreReport, BackupError> {
    let manifest = files::read_manifest(backup_dir)?;
    let source = backup_dir.join(&manifest.database_file);
    let (bytes, sha) = files::sha256_file(&source).await?;
    if bytes != manifest.database_bytes || sha != manifest.database_sha256 {
        return Err(BackupError::Refused(format!(
            "bản sao {} không khớp manifest.json (kích thước hoặc mã băm khác): bản sao lưu bị hỏng hoặc bị sửa",
            source.display()
        )));
    }
    let url = config.effective_database_url();
    match (manifest.backend.as_str(), url.starts_with("sqlite:")) {
        ("sqlite", true) => copy_sqlite(&source, &config.data_dir)?,
        ("postgres", false) => pg::restore(&url, &source).await?,
        (backend, _) => {
            return Err(BackupError::Refused(format!(
                "bản sao lưu {backend} không khôi phục được vào {}: SQLite cần --data-dir (không đặt database_url), \
                 PostgreSQL cần --database-url tới một cơ sở dữ liệu trống",
                cchc_storage::redact(&url)
            )))
        }
    }
    let store = connect(&url, &ConnectOptions { max_connections: 2 }).await?;
    let anchors = anchors_up_to(backup_dir, &manifest.audit_head)?;
    let verified = store.verify_audit_anchored(&anchors).await?;
    Ok(RestoreReport { manifest, anchors: anchors.len(), verified })
}

/// Copies the database file into `data_dir`, which must be new or empty.
fn copy_sqlite(source: &Path, data_dir: &Path) -> Result<(), BackupError> {
    let empty = match std::fs::read_dir(data_dir) {
        Ok(mut entries) => entries.next().is_none(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => true,
        Err(e) => return Err(io_err("không đọc được thư mục", data_dir, e)),
    };
    if !empty {
        return Err(BackupError::Refused(format!(
            "thư mục dữ liệu {} không trống: chỉ khôi phục vào một thư mục mới hoặc trống (không ghi đè dữ liệu đang có)",
            data_dir.display()
        )));
    }
    std::fs::create_dir_all(data_dir).map_err(|e| io_err("không tạo được thư mục", data_dir, e))?;
    let partial = data_dir.join("cchc.db.partial");
    std::fs::copy(source, &partial).map_err(|e| io_err("không chép được", source, e))?;
    std::fs::rename(&partial, data_dir.join("cchc.db")).map_err(|e| io_err("không đổi tên được", &partial, e))?;
    Ok(())
}

/// The backup's own head and the anchors published up to it (those published after the
/// backup are beyond the restored chain by design).
fn anchors_up_to(backup_dir: &Path, head: &ChainHead) -> Result<Vec<ChainHead>, BackupError> {
    let file = backup_dir.parent().map(|p| p.join(anchor::FILE_NAME));
    let published = match file {
        Some(f) => anchor::heads(&anchor::read(&f)?),
        None => Vec::new(),
    };
    let mut out: Vec<ChainHead> = published.into_iter().filter(|a| a.seq <= head.seq).collect();
    out.push(head.clone());
    Ok(out)
}
