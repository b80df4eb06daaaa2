//! One module per command group.

pub mod audit;
pub mod backup;
pub mod bench;
pub mod bench_api;
pub mod bench_par;
pub mod bench_sipas;
pub mod bench_surge;
pub mod bench_web;
pub mod check;
pub mod config;
pub mod demo;
pub mod generate;
pub mod import;
pub mod kpi;
pub mod remind;
pub mod serve;
pub mod unit;
pub mod user;

use std::path::{Path, PathBuf};

use cchc_app::config::Config;
use cchc_storage::{connect, ConnectOptions, DynStore};

/// Defaults → TOML → environment → command-line flags.
pub fn load_config(
    file: Option<&Path>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
) -> Result<Config, String> {
    let mut c = Config::load(file, std::env::vars())?;
    if let Some(d) = data_dir {
        c.data_dir = d;
    }
    if let Some(u) = database_url {
        c.database_url = u;
    }
    Ok(c)
}

/// Opens the configured database (creating the data directory for SQLite).
pub async fn open_store(config: &Config) -> anyhow::Result<DynStore> {
    let url = config.effective_database_url();
    if url.starts_with("sqlite:") {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| anyhow::anyhow!("không tạo được thư mục dữ liệu {}: {e}", config.data_dir.display()))?;
    }
    let store = connect(&url, &ConnectOptions { max_connections: config.max_connections }).await?;
    tracing::info!(backend = store.backend(), url = %cchc_storage::redact(&url), "database ready");
    Ok(store)
}
