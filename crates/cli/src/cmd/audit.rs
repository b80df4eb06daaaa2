//! `cchc audit verify`: walk the hash chain and report the first tampered entry.

use std::process::ExitCode;

use cchc_app::config::Config;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Check that no audit entry was edited, removed or inserted.
    Verify,
}

pub async fn run(config: Config, cmd: AuditCmd) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    match cmd {
        AuditCmd::Verify => match store.verify_audit().await? {
            Ok(n) => {
                println!("Nhật ký nguyên vẹn: {n} mục, chuỗi băm khớp.");
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                println!("PHÁT HIỆN CAN THIỆP: {e}.");
                Ok(ExitCode::from(3))
            }
        },
    }
}
