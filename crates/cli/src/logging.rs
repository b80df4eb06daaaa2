//! Structured logs: human-readable text or JSON lines, filtered by `log.level`.

use cchc_app::config::LogConfig;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber (logs go to stderr so command output stays clean).
pub fn init(cfg: &LogConfig) {
    let filter = EnvFilter::try_from_env("RUST_LOG")
        .or_else(|_| EnvFilter::try_new(&cfg.level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if cfg.format == "json" { builder.json().try_init() } else { builder.try_init() };
}
