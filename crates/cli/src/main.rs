//! `cchc`: one binary for the server and every operator task. Commands talk to the domain
//! and the store directly, never through HTTP.

mod cmd;
mod logging;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// cchc — plan, track and score administrative reform (cải cách hành chính).
#[derive(Parser)]
#[command(name = "cchc", version, about, long_about = None)]
struct Cli {
    /// TOML configuration file (see `cchc config example`).
    #[arg(long, global = true, env = "CCHC_CONFIG")]
    config: Option<PathBuf>,
    /// Data directory for the embedded SQLite database and stored files.
    #[arg(long, global = true)]
    data_dir: Option<PathBuf>,
    /// Database URL: `sqlite://FILE` or `postgres://USER@HOST/DB` (default: SQLite in the data directory).
    #[arg(long, global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application.
    Serve(cmd::serve::ServeArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(cmd::user::UserCmd),
    /// Import or export the organisation registry.
    #[command(subcommand)]
    Unit(cmd::unit::UnitCmd),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(cmd::audit::AuditCmd),
    /// Show configuration.
    #[command(subcommand)]
    Config(cmd::config::ConfigCmd),
    /// Index 766: import dossier records, the procedure catalogue, methodology versions.
    #[command(subcommand)]
    Kpi(cmd::kpi::KpiCmd),
    /// Generate demo data files.
    #[command(subcommand)]
    Demo(cmd::demo::DemoCmd),
    /// Run benchmarks.
    #[command(subcommand)]
    Bench(cmd::bench::BenchCmd),
    /// Read a plan or conclusion notice (text, DOCX, XLSX) into tasks and targets.
    Import(cmd::import::ImportArgs),
    /// Back up the database (while the server runs) into a new timestamped directory.
    Backup(cmd::backup::BackupArgs),
    /// Restore a backup into an empty data directory (or empty PostgreSQL database) and verify it.
    Restore(cmd::backup::RestoreArgs),
    /// Check that the database is whole: audit chain, plans, stored files, reorganisations,
    /// index 766 (incremental state against a full recompute).
    Check(cmd::check::CheckArgs),
    /// Run the reminder selection once: send (or with --dry-run show) each unit's daily digest.
    Remind(cmd::remind::RemindArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = match cmd::load_config(cli.config.as_deref(), cli.data_dir, cli.database_url) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Lỗi cấu hình: {e}");
            return ExitCode::from(2);
        }
    };
    logging::init(&config.log);
    let rt = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("Không khởi động được: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = rt.block_on(async move {
        match cli.command {
            Command::Serve(a) => cmd::serve::run(config, a).await,
            Command::User(c) => cmd::user::run(config, c).await,
            Command::Unit(c) => cmd::unit::run(config, c).await,
            Command::Audit(c) => cmd::audit::run(config, c).await,
            Command::Config(c) => cmd::config::run(config, c),
            Command::Kpi(c) => cmd::kpi::run(config, c).await,
            Command::Demo(c) => cmd::demo::run(config, c).await,
            Command::Bench(c) => cmd::bench::run(config, c).await,
            Command::Import(a) => cmd::import::run(config, a).await,
            Command::Remind(a) => cmd::remind::run(config, a).await,
            Command::Check(a) => cmd::check::run(config, a).await,
            Command::Backup(a) => cmd::backup::backup(config, a).await,
            Command::Restore(a) => cmd::backup::restore(config, a).await,
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("Lỗi: {e:#}");
            ExitCode::FAILURE
        }
    }
}
