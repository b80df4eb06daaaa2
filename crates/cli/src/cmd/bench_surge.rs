//! `cchc bench surge` (issue 17): the reporting deadline's busiest minute. N units (default
//! 500) each submit their periodic report with two files and report three tasks done, the
//! requests spread over one minute, through `cchc serve` on a fresh database: a SQLite file,
//! or, with a PostgreSQL `--database-url`, a fresh schema served by two app nodes at once
//! (clients alternate between them). Afterwards the rows are counted (a write is lost when a
//! report is not submitted with its two files or a task did not move) and every submission
//! and task action is looked up in the audit log. Prints requests, p50/p99 per kind of
//! request, 5xx, lost writes and audit gaps; exits non-zero on any of those, never on speed.

mod clients;
mod setup;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cchc_app::config::Config;
use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::AuditFilter;
use cchc_storage::DynStore;
use clap::Args;

use super::bench_par::setup::fresh;
use super::bench_web::{parse_secs, start_server};

#[derive(Args)]
pub struct SurgeBenchArgs {
    /// Units submitting within the window.
    #[arg(long, default_value_t = 500)]
    units: usize,
    /// The window the requests are spread over (`60s`, `1m`).
    #[arg(long, default_value = "60s")]
    window: String,
    /// App nodes on the database (PostgreSQL only; SQLite gets one).
    #[arg(long, default_value_t = 2)]
    nodes: usize,
    /// Working directory (the SQLite database).
    #[arg(long, default_value = "/tmp/cchc-bench-surge")]
    dir: PathBuf,
}

/// What the rows and the audit log say after the surge.
#[derive(Debug, Default)]
struct Counted {
    reports: usize,
    files: usize,
    tasks: usize,
    lost: usize,
    unaudited: usize,
}

async fn audited(store: &DynStore, action: &str, entity: &str, id: i64, from_ms: i64) -> anyhow::Result<bool> {
    let f = AuditFilter {
        action: Some(action.into()),
        entity: Some(entity.into()),
        entity_id: Some(id.to_string()),
        from_ms: Some(from_ms),
        limit: Some(5),
        ..Default::default()
    };
    Ok(!store.list_audit(&f).await?.is_empty())
}

/// Counts what was written, unit by unit, and looks each write up in the audit log.
async fn count(store: &DynStore, p: &setup::Province, from_ms: i64) -> anyhow::Result<Counted> {
    let mut c = Counted::default();
    for u in &p.units {
        match store.report(u.unit_id, &p.key, Visibility::Province).await? {
            Some(r) if r.status == ReviewState::Submitted => {
                c.reports += 1;
                let files = store.report_files(r.id, Visibility::Province).await?.len();
                c.files += files;
                c.lost += usize::from(files != 2);
                c.unaudited += usize::from(!audited(store, "report.submit", "report", r.id, from_ms).await?);
            }
            _ => c.lost += 1,
        }
        for (id, version) in &u.tasks {
            if store.get_instance(*id).await?.version > *version {
                c.tasks += 1;
                c.unaudited += usize::from(!audited(store, "task.", "task_instance", *id, from_ms).await?);
            } else {
                c.lost += 1;
            }
        }
    }
    Ok(c)
}

pub async fn run(config: Config, a: SurgeBenchArgs) -> anyhow::Result<ExitCode> {
    let secs = parse_secs(&a.window).ok_or_else(|| anyhow::anyhow!("thời lượng không hợp lệ: {}", a.window))?;
    if cfg!(debug_assertions) {
        println!("Cảnh báo: đây là bản build debug; hãy đo bằng bản release (cargo build --release -p cchc).");
    }
    let db = fresh(&config.database_url, &a.dir, "surge").await?;
    let postgres = config.database_url.trim().starts_with("postgres");
    let nodes = if postgres { a.nodes.max(1) } else { 1 };
    let t = Instant::now();
    let province = setup::prepare(&db.store, a.units.max(1)).await?;
    println!(
        "Hạn nộp báo cáo: {} đơn vị, kỳ {}, trong {secs} s; {}; {nodes} máy chủ ứng dụng; máy {} nhân.",
        province.units.len(),
        province.key,
        db.label,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    println!("  chuẩn bị (không tính giờ): {:.1} s", t.elapsed().as_secs_f64());
    let server_config = Config { data_dir: a.dir.clone(), database_url: db.url.clone(), ..config };
    let mut servers = Vec::new();
    let mut addrs = Vec::new();
    for _ in 0..nodes {
        let (s, addr) = start_server(&server_config, &[("CCHC_JOBS_ENABLED", "false")])?;
        servers.push(s);
        addrs.push(addr);
    }
    let from_ms = chrono::Utc::now().timestamp_millis() - 1_000;
    let m = clients::run(&addrs, &province, Duration::from_secs(secs)).await?;
    drop(servers);
    let c = count(&db.store, &province, from_ms).await?;

    let requests: usize = m.kinds.iter().map(|k| k.figures.requests).sum();
    let server: usize = m.kinds.iter().map(|k| k.figures.server_errors).sum();
    let other: usize = m.kinds.iter().map(|k| k.figures.unexpected).sum();
    println!("  {requests} yêu cầu trong {:.1} s (cửa sổ {secs} s)", m.wall);
    for k in &m.kinds {
        let f = &k.figures;
        println!(
            "  {:<30} {:>5} yêu cầu  p50 {:>8.2} ms  p99 {:>8.2} ms  chậm nhất {:>8.2} ms  5xx {}  khác {}",
            k.label, f.requests, f.p50_ms, f.p99_ms, f.max_ms, f.server_errors, f.unexpected
        );
    }
    let n = province.units.len();
    println!(
        "  sau đó: {}/{n} báo cáo đã nộp, {}/{} tệp, {}/{} nhiệm vụ đã chuyển; mất {}; thiếu nhật ký {}",
        c.reports,
        c.files,
        2 * n,
        c.tasks,
        setup::TASKS_PER_UNIT * n,
        c.lost,
        c.unaudited
    );
    if server + other + c.lost + c.unaudited > 0 {
        eprintln!(
            "Có lỗi: {server} lỗi 5xx, {other} trả lời khác, {} ghi bị mất, {} không có trong nhật ký.",
            c.lost, c.unaudited
        );
        return Ok(ExitCode::FAILURE);
    }
    println!("  đạt: 0 ghi bị mất, 0 lỗi 5xx, mọi lần nộp có trong nhật ký.");
    Ok(ExitCode::SUCCESS)
}
