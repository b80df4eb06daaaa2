//! `cchc audit verify`: walk the hash chain and report the first tampered entry, checking it
//! against the chain heads published in the anchor file; `cchc audit anchor` publishes now.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::backup::{anchor, Backups};
use cchc_app::config::Config;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Check that no audit entry was edited, removed, inserted or reordered, and that the
    /// chain still holds every published head (the newest entries were not cut).
    Verify {
        /// Anchor file (default: `backup.anchor_file`, used when it exists).
        #[arg(long)]
        anchor: Option<PathBuf>,
    },
    /// Publish the current chain head to the anchor file and the log now.
    Anchor,
}

pub async fn run(config: Config, cmd: AuditCmd) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    match cmd {
        AuditCmd::Verify { anchor: file } => {
            let explicit = file.is_some();
            let file = file.unwrap_or_else(|| config.backup.anchor_in(&config.data_dir));
            if explicit && !file.exists() {
                anyhow::bail!("không có tệp mốc {}", file.display());
            }
            let anchors = anchor::heads(&anchor::read(&file)?);
            match store.verify_audit_anchored(&anchors).await? {
                Ok(n) => {
                    match anchors.len() {
                        0 => println!("Nhật ký nguyên vẹn: {n} mục, chuỗi băm khớp (chưa có mốc nào được công bố)."),
                        k => println!("Nhật ký nguyên vẹn: {n} mục, chuỗi băm khớp {k} mốc trong {}.", file.display()),
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("PHÁT HIỆN CAN THIỆP: {e}.");
                    Ok(ExitCode::from(3))
                }
            }
        }
        AuditCmd::Anchor => {
            let b = Backups::new(store, &config);
            let head = b.publish_anchor(chrono::Utc::now()).await?;
            println!("Đã công bố đầu chuỗi (mục {}, {}) vào {}.", head.seq, head.hash, b.anchor_file().display());
            Ok(ExitCode::SUCCESS)
        }
    }
}
