//! `cchc backup` and `cchc restore`: a consistent copy of the database made while the server
//! runs, and its restoration into an empty data directory (or database) with the audit chain
//! verified.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::backup::{restore, Backups};
use cchc_app::config::Config;
use clap::Args;

#[derive(Args)]
pub struct BackupArgs {
    /// Backup directory (default: `backup.dir` of the configuration, or DATA_DIR/backups).
    #[arg(long)]
    dir: Option<PathBuf>,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A backup directory made by `cchc backup` (the one holding manifest.json).
    backup: PathBuf,
}

pub async fn backup(mut config: Config, args: BackupArgs) -> anyhow::Result<ExitCode> {
    if let Some(d) = args.dir {
        config.backup.dir = d.display().to_string();
    }
    let store = super::open_store(&config).await?;
    let (dir, m) = Backups::new(store, &config).run(chrono::Utc::now()).await?;
    println!(
        "Đã sao lưu vào {} ({}, {} byte, nhật ký đến mục {}).",
        dir.display(),
        m.backend,
        m.database_bytes,
        m.audit_head.seq
    );
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(config: Config, args: RestoreArgs) -> anyhow::Result<ExitCode> {
    let r = restore::restore(&args.backup, &config).await?;
    println!(
        "Đã khôi phục bản sao lưu lúc {} ({}) vào {}.",
        r.manifest.created_at.format("%d/%m/%Y %H:%M:%S UTC"),
        r.manifest.backend,
        cchc_storage::redact(&config.effective_database_url())
    );
    match r.verified {
        Ok(n) => {
            println!("Nhật ký nguyên vẹn: {n} mục, chuỗi băm khớp {} mốc đã công bố.", r.anchors);
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            println!("PHÁT HIỆN CAN THIỆP trong bản khôi phục: {e}.");
            Ok(ExitCode::from(3))
        }
    }
}
