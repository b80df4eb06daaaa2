//! `cchc check`: is the database whole (after a crash, a restore, or any time)? Prints one
//! line per check and every problem; exits 0 when all pass, 4 otherwise.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::backup::anchor;
use cchc_app::config::Config;
use clap::Args;

#[derive(Args)]
pub struct CheckArgs {
    /// Anchor file of published audit heads (default: `backup.anchor_file`, used when it exists).
    #[arg(long)]
    anchor: Option<PathBuf>,
}

pub async fn run(config: Config, a: CheckArgs) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    let explicit = a.anchor.is_some();
    let file = a.anchor.unwrap_or_else(|| config.backup.anchor_in(&config.data_dir));
    if explicit && !file.exists() {
        anyhow::bail!("không có tệp mốc {}", file.display());
    }
    let anchors = anchor::heads(&anchor::read(&file)?);
    let report = cchc_app::check::run(&store, &anchors).await?;
    for f in &report.findings {
        let verdict = if f.problems.is_empty() { "đạt" } else { "LỖI" };
        println!("  {:<28} {verdict:<5} {}", f.check, f.seen);
        for p in &f.problems {
            println!("      - {p}");
        }
    }
    if report.passed() {
        println!("Cơ sở dữ liệu nguyên vẹn.");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("CƠ SỞ DỮ LIỆU CÓ PHẦN GHI DỞ HOẶC HỎNG (xem các dòng trên).");
        Ok(ExitCode::from(4))
    }
}
