//! `cchc demo dossiers`: realistic one-stop-shop dossier records as CSV, with the registry's
//! unit codes when a database is configured (or the default one exists), else synthetic
//! codes `U0001…`; optionally the matching procedure catalogue.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::kpi::demo::{records_for, units_below, DEMO_PROVINCE, DEMO_SEED};
use cchc_kpi::generate::{generate_catalogue, unit_code, write_csv, DateStyle, GenOptions};
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum DemoCmd {
    /// Write generated dossier records as CSV (the import format).
    Dossiers(DossierArgs),
    /// Build a large synthetic province in the configured database (load and benchmark work).
    Generate(super::generate::GenerateArgs),
}

#[derive(Args)]
pub struct DossierArgs {
    /// Number of receiving units (registry units are cycled if there are fewer).
    #[arg(long, default_value_t = 20)]
    units: usize,
    /// Number of days, ending yesterday unless --start is given.
    #[arg(long, default_value_t = 90)]
    days: usize,
    /// New dossiers per day.
    #[arg(long, default_value_t = 200)]
    per_day: usize,
    /// First day (dd/mm/yyyy or yyyy-mm-dd).
    #[arg(long)]
    start: Option<String>,
    /// Output file (default: standard output).
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// Also write the matching procedure catalogue (CSV) here.
    #[arg(long)]
    catalogue: Option<PathBuf>,
    /// Registry province whose units receive the dossiers.
    #[arg(long, default_value = DEMO_PROVINCE)]
    province: String,
    #[arg(long, default_value_t = DEMO_SEED)]
    seed: u64,
}

fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// Registry codes when a database is configured or the default one exists.
async fn registry_codes(
    config: &Config,
    a: &DossierArgs,
    today: chrono::NaiveDate,
) -> anyhow::Result<Option<Vec<String>>> {
    let configured = !config.database_url.trim().is_empty() || config.data_dir.join("cchc.db").exists();
    if !configured {
        return Ok(None);
    }
    let store = super::open_store(config).await?;
    let units = store.all_units().await?;
    let codes = units_below(&units, &a.province.trim().to_uppercase(), today);
    if codes.is_empty() {
        anyhow::bail!("không có đơn vị nào thuộc «{}» trong danh mục", a.province);
    }
    Ok(Some(codes.into_iter().take(a.units.max(1)).collect()))
}

pub async fn run(config: Config, cmd: DemoCmd) -> anyhow::Result<ExitCode> {
    let a = match cmd {
        DemoCmd::Dossiers(a) => a,
        DemoCmd::Generate(g) => return super::generate::run(config, g).await,
    };
    let today = cchc_app::kpi::now_local().date();
    let start = match &a.start {
        Some(s) => parse_day(s).ok_or_else(|| anyhow::anyhow!("ngày không hợp lệ: {s}"))?,
        None => today - chrono::Duration::days(a.days as i64),
    };
    let codes = registry_codes(&config, &a, today).await?;
    let units = codes.as_ref().map_or(a.units.max(1), Vec::len);
    let opts = GenOptions { units, days: a.days.max(1), per_day: a.per_day, seed: a.seed, start };
    if let Some(p) = &a.catalogue {
        std::fs::write(p, generate_catalogue(a.seed).to_csv())
            .map_err(|e| anyhow::anyhow!("không ghi được {}: {e}", p.display()))?;
    }
    let codes = codes.unwrap_or_else(|| (0..units).map(unit_code).collect());
    let rows = records_for(&codes, opts);
    let n = match &a.out {
        Some(p) => {
            let f = std::fs::File::create(p).map_err(|e| anyhow::anyhow!("không tạo được {}: {e}", p.display()))?;
            write_csv(std::io::BufWriter::with_capacity(1 << 20, f), rows, DateStyle::Vietnamese)?
        }
        None => {
            let out = std::io::stdout().lock();
            let n = write_csv(std::io::BufWriter::new(out), rows, DateStyle::Vietnamese)?;
            std::io::stdout().flush()?;
            n
        }
    };
    eprintln!(
        "Đã sinh {n} bản ghi hồ sơ ({} đơn vị: {}, {} ngày từ {}).",
        codes.len(),
        codes.iter().take(3).cloned().collect::<Vec<_>>().join(", ") + if codes.len() > 3 { ", …" } else { "" },
        a.days,
        start.format("%d/%m/%Y")
    );
    Ok(ExitCode::SUCCESS)
}
