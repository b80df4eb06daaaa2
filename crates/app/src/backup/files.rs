//! The backup directory on disk: hashing copies, writing manifests, listing and pruning.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{io_err, BackupError, Manifest, MANIFEST};

/// Size and SHA-256 of a file, read off the async executor.
pub async fn sha256_file(path: &Path) -> Result<(u64, String), BackupError> {
    let p = path.to_path_buf();
    let run = move || -> Result<(u64, String), BackupError> {
        let mut f = std::fs::File::open(&p).map_err(|e| io_err("không đọc được", &p, e))?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 1 << 20];
        let mut total = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(|e| io_err("không đọc được", &p, e))?;
            if n == 0 {
                break;
            }
            total += n as u64;
            h.update(&buf[..n]);
        }
        Ok((total, hex::encode(h.finalize())))
    };
    tokio::task::spawn_blocking(run).await.map_err(|e| BackupError::Io(e.to_string()))?
}

/// Writes pretty JSON and syncs it to disk.
pub fn write_json<T: serde::Serialize>(path: &Path, v: &T) -> Result<(), BackupError> {
    let text = serde_json::to_string_pretty(v).map_err(|e| BackupError::Io(e.to_string()))?;
    std::fs::write(path, text).map_err(|e| io_err("không ghi được", path, e))
}

/// Reads a backup's manifest.
pub fn read_manifest(dir: &Path) -> Result<Manifest, BackupError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| BackupError::Refused(format!("{} không phải một bản sao lưu của cchc: {e}", dir.display())))?;
    serde_json::from_str(&text).map_err(|e| BackupError::Refused(format!("tệp {} hỏng: {e}", path.display())))
}

/// The complete backups under `root` (those with a readable manifest), with their time.
pub fn list(root: &Path) -> Result<Vec<(DateTime<Utc>, PathBuf)>, BackupError> {
    let entries = match std::fs::read_dir(root) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err("không đọc được thư mục", root, e)),
    };
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if !path.is_dir() || !name.starts_with("cchc-") || name.ends_with(".partial") {
            continue;
        }
        if let Ok(m) = read_manifest(&path) {
            out.push((m.created_at, path));
        }
    }
    out.sort();
    Ok(out)
}

/// Deletes all but the newest `keep` backups (0 keeps all); returns how many went.
pub fn prune(root: &Path, keep: usize) -> Result<usize, BackupError> {
    if keep == 0 {
        return Ok(0);
    }
    let all = list(root)?;
    let excess = all.len().saturating_sub(keep);
    for (_, path) in all.iter().take(excess) {
        std::fs::remove_dir_all(path).map_err(|e| io_err("không xóa được bản sao lưu cũ", path, e))?;
    }
    Ok(excess)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest(at: DateTime<Utc>) -> Manifest {
        Manifest {
            format: 1,
            created_at: at,
            backend: "sqlite".into(),
            database_file: "cchc.db".into(),
            database_bytes: 0,
            database_sha256: String::new(),
            audit_head: cchc_domain::audit::ChainHead { seq: 0, hash: String::new() },
            cchc_version: String::new(),
        }
    }

    #[test]
    fn prune_keeps_the_newest_and_ignores_partial_ones() {
        let root = std::env::temp_dir().join(format!("cchc-prune-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for day in 1..=5 {
            let at = DateTime::from_timestamp(1_700_000_000 + day * 86_400, 0).unwrap_or_default();
            let dir = root.join(format!("cchc-{day}"));
            std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
            write_json(&dir.join(MANIFEST), &manifest(at)).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::create_dir_all(root.join("cchc-9.partial")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(prune(&root, 2).ok(), Some(3));
        let left: Vec<PathBuf> = list(&root).unwrap_or_default().into_iter().map(|(_, p)| p).collect();
        assert_eq!(left, vec![root.join("cchc-4"), root.join("cchc-5")]);
        assert!(root.join("cchc-9.partial").exists(), "an unfinished backup is not counted or removed");
        assert_eq!(prune(&root, 0).ok(), Some(0));
        let _ = std::fs::remove_dir_all(&root);
    }
}
