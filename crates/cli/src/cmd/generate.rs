//! `cchc demo generate`: the synthetic province (about 3,500 units, 60,000 tasks over five
//! years, their progress and history, periodic reports, one account per role) in the
//! configured database, for load and benchmark work.

use std::process::ExitCode;
use std::time::Instant;

use cchc_app::config::Config;
use cchc_app::synthetic::{generate, Options};
use clap::Args;

#[derive(Args)]
pub struct GenerateArgs {
    /// Units in all (departments, central agencies, districts, communes).
    #[arg(long, default_value_t = 3_500)]
    units: usize,
    /// Tasks in all, spread over the years (one plan per year).
    #[arg(long, default_value_t = 60_000)]
    tasks: usize,
    /// Years of plans, ending with the current one.
    #[arg(long, default_value_t = 5)]
    years: u32,
    /// Seed of the generator: the same seed builds the same province.
    #[arg(long, default_value_t = 2_025)]
    seed: u64,
    /// Replace what is there: with SQLite the database file is deleted first. PostgreSQL
    /// databases are never emptied by cchc: create an empty one instead.
    #[arg(long)]
    force: bool,
    /// Password of every demo account (default: random, or CCHC_DEMO_PASSWORD).
    #[arg(long, env = "CCHC_DEMO_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// Generate as of this day (dd/mm/yyyy or yyyy-mm-dd; default: today in Vietnam).
    #[arg(long)]
    today: Option<String>,
}

fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// Deletes the SQLite file behind `url` (and its journal files).
fn remove_sqlite(url: &str) -> anyhow::Result<()> {
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    for ext in ["", "-wal", "-shm"] {
        let p = format!("{path}{ext}");
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => anyhow::bail!("không xóa được {p}: {e}"),
        }
    }
    Ok(())
}

pub async fn run(config: Config, a: GenerateArgs) -> anyhow::Result<ExitCode> {
    let today = match &a.today {
        Some(s) => parse_day(s).ok_or_else(|| anyhow::anyhow!("ngày không hợp lệ: {s}"))?,
        None => cchc_app::tracking::today(),
    };
    let url = config.effective_database_url();
    if a.force && url.starts_with("sqlite:") {
        remove_sqlite(&url)?;
    }
    let store = super::open_store(&config).await?;
    if store.has_data().await? {
        eprintln!(
            "Cơ sở dữ liệu {} đã có dữ liệu. {}",
            cchc_storage::redact(&url),
            if url.starts_with("sqlite:") {
                "Thêm --force để xóa và tạo lại."
            } else {
                "Hãy tạo một cơ sở dữ liệu PostgreSQL trống (createdb …) rồi chạy lại."
            }
        );
        return Ok(ExitCode::from(2));
    }
    let opts = Options { units: a.units, tasks: a.tasks, years: a.years, seed: a.seed, today, password: a.password };
    println!(
        "Sinh tỉnh tổng hợp vào {}: {} đơn vị, {} nhiệm vụ, {} năm (hạt giống {}, ngày {}).",
        cchc_storage::redact(&url),
        opts.units,
        opts.tasks,
        opts.years,
        opts.seed,
        today.format("%d/%m/%Y")
    );
    let started = Instant::now();
    let say = move |line: String| println!("  [{:>6.1} s] {line}", started.elapsed().as_secs_f64());
    let summary = match generate(&store, &opts, &say).await {
        Ok(s) => s,
        Err(cchc_app::accounts::ServiceError::Invalid(e)) => {
            eprintln!(
                "Không sinh được dữ liệu: {}",
                e.0.iter().map(|f| f.message.clone()).collect::<Vec<_>>().join(" ")
            );
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
    };
    let secs = started.elapsed().as_secs_f64();
    println!(
        "Xong trong {secs:.1} s: {} đơn vị ({} thay đổi tổ chức), {} kế hoạch, {} nhiệm vụ, {} lần thực hiện, {} sự kiện lịch sử, {} báo cáo định kỳ.",
        summary.units, summary.changes, summary.documents, summary.tasks, summary.instances, summary.events, summary.reports
    );
    println!();
    println!("Tài khoản đăng nhập:");
    println!("  {:<18} {:<18} {:<28} đơn vị", "tên đăng nhập", "mật khẩu", "vai trò");
    for l in &summary.logins {
        println!("  {:<18} {:<18} {:<28} {}", l.login, l.password, l.role.label_vi(), l.unit.as_deref().unwrap_or("—"));
    }
    Ok(ExitCode::SUCCESS)
}
