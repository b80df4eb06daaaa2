//! The anchor file: the audit chain head (sequence number, hash, time) published outside the
//! database, one JSON line per publication, appended at every backup and every
//! `backup.anchor_minutes`, and also written to the log. Someone who can rewrite the audit
//! table and its head cannot rewrite what was published here (keep a copy elsewhere too: the
//! log collector, the backup disk), so `cchc audit verify` finds a cut or rewritten chain.

use std::io::Write;
use std::path::Path;

use cchc_domain::audit::ChainHead;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{io_err, BackupError};

/// Default name of the anchor file, in the backup directory.
pub const FILE_NAME: &str = "audit-anchors.jsonl";

/// One line of the anchor file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    pub seq: i64,
    pub hash: String,
    pub at: DateTime<Utc>,
}

/// Every anchor in the file (none when it does not exist). A line that cannot be read is an
/// error: the file itself may have been tampered with.
pub fn read(path: &Path) -> Result<Vec<Anchor>, BackupError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_err("không đọc được tệp mốc", path, e)),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| BackupError::Refused(format!("tệp mốc {} hỏng ở dòng {}: {e}", path.display(), i + 1)))
        })
        .collect()
}

/// The anchors as chain heads, for verification.
pub fn heads(anchors: &[Anchor]) -> Vec<ChainHead> {
    anchors.iter().map(|a| ChainHead { seq: a.seq, hash: a.hash.clone() }).collect()
}

/// Appends `head` unless the file already ends with it; logs it either way.
pub fn publish(path: &Path, head: &ChainHead, now: DateTime<Utc>) -> Result<(), BackupError> {
    tracing::info!(audit_seq = head.seq, audit_hash = %head.hash, "audit chain head");
    if head.seq == 0 {
        return Ok(());
    }
    if read(path)?.last().is_some_and(|a| a.seq == head.seq && a.hash == head.hash) {
        return Ok(());
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| io_err("không tạo được thư mục", parent, e))?;
    }
    let line = serde_json::to_string(&Anchor { seq: head.seq, hash: head.hash.clone(), at: now })
        .map_err(|e| BackupError::Io(e.to_string()))?;
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| io_err("không mở được tệp mốc", path, e))?;
    writeln!(f, "{line}").and_then(|_| f.sync_data()).map_err(|e| io_err("không ghi được tệp mốc", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishes_each_new_head_once_and_reads_them_back() {
        let path = std::env::temp_dir().join(format!("cchc-anchor-{}/a.jsonl", std::process::id()));
        let _ = std::fs::remove_file(&path);
        let now = Utc::now();
        let h = |seq: i64| ChainHead { seq, hash: format!("{seq:064x}") };
        for head in [h(0), h(3), h(3), h(7)] {
            publish(&path, &head, now).unwrap_or_else(|e| panic!("{e}"));
        }
        let read_back = read(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(heads(&read_back), vec![h(3), h(7)]);
        std::fs::write(&path, "{\"seq\":1}\n").unwrap_or_else(|e| panic!("{e}"));
        assert!(read(&path).is_err(), "a damaged anchor file is reported, not ignored");
        assert_eq!(read(&path.with_extension("none")).ok(), Some(Vec::new()));
    }
}
