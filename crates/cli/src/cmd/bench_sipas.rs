//! `cchc bench sipas`: the anonymous survey form under a crowd, then the public site beside a
//! static page, on SQLite and then on PostgreSQL (`--database-url postgres://…`). Each backend
//! gets a fresh database (a SQLite file, or a fresh schema) with the demo data and its open
//! campaign, and an in-process server on the loopback.
//!
//! The crowd: `--rate` submissions a second for `--secs` seconds, each from its own simulated
//! phone (own device cookie and CSRF cookie, own `X-Forwarded-For` address, which the server is
//! told to trust), two per phone; every 100th repeats the answers of the one before it, so
//! duplicates are refused on purpose. Latency is measured from each submission's scheduled
//! time (a slow server cannot hide behind a slow sender). Reported: sent, stored (from the
//! database), refused by reason (from the database), lost = sent − stored − refused (must be
//! 0), 5xx, p50 / p99. Then the public home page and a published table at `--clients` clients,
//! side by side with a static body of the same size from the same server (ratio, target
//! ≥ 50 %). Exits non-zero on lost submissions or 5xx, never on a missed target.

mod load;

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use clap::Args;

#[derive(Args)]
pub struct SipasBenchArgs {
    /// Public submissions a second.
    #[arg(long, default_value_t = 2000)]
    rate: usize,
    /// Seconds of submissions.
    #[arg(long, default_value_t = 30)]
    secs: u64,
    /// Concurrent senders (each keeps to its share of the schedule).
    #[arg(long, default_value_t = 512)]
    senders: usize,
    /// Clients on the public pages and the static page.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Seconds per page in the page comparison.
    #[arg(long, default_value_t = 10)]
    page_secs: u64,
    /// Working directory (the SQLite databases).
    #[arg(long, default_value = "/tmp/cchc-bench-sipas")]
    dir: PathBuf,
    /// Target: public pages served at least this share of the static page's rate.
    #[arg(long, default_value_t = 0.5)]
    target: f64,
}

pub async fn run(config: Config, a: SipasBenchArgs) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        println!("Cảnh báo: đây là bản build debug; hãy đo bằng bản release (cargo build --release -p cchc).");
    }
    std::fs::create_dir_all(&a.dir)?;
    let mut backends = vec![Config { database_url: String::new(), ..config.clone() }];
    if config.database_url.trim().starts_with("postgres") {
        backends.push(config.clone());
    } else {
        println!("(Không có --database-url postgres://…: chỉ đo trên SQLite.)");
    }
    let mut ok = true;
    for (n, c) in backends.into_iter().enumerate() {
        ok &= load::backend(c, &a, n).await?;
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
