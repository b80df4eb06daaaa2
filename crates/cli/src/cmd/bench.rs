//! `cchc bench kpi`: the index-766 benchmark with the records persisted in a database store
//! (a fresh SQLite file in the working directory, or a fresh schema when the configured
//! database is PostgreSQL), compared with DuckDB and SQLite on the same CSV.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::kpi::StoreSink;
use cchc_domain::user::Actor;
use cchc_kpi::bench::{run_with, BenchOptions};
use cchc_kpi::sink::RecordSink;
use cchc_storage::{ConnectOptions, DynStore};
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum BenchCmd {
    /// Index 766: ingest + every indicator for every unit and period (records persisted in
    /// the database), a one-day incremental batch, and DuckDB / SQLite on the same data.
    Kpi(KpiBenchArgs),
    /// The web application under load (oha or wrk) on the generated province: dashboard and
    /// task list against a static page, side by side in one run.
    Web(super::bench_web::WebBenchArgs),
    /// The PAR index at a province's size: a full recompute of results and rankings, the
    /// unit's scoring form under load, and many unit heads submitting at once.
    Par(super::bench_par::ParBenchArgs),
    /// Index-766 dossiers pushed through the JSON API by concurrent clients, beside the file
    /// import of as many records, in one run: records per second, p99, the ratio.
    Api(super::bench_api::ApiBenchArgs),
    /// The anonymous survey form under a crowd (submissions a second for some seconds: sent,
    /// stored, refused by reason, lost, 5xx, p99), then the public site's pages beside a static
    /// page of the same size; on SQLite, then PostgreSQL when `--database-url` names one.
    Sipas(super::bench_sipas::SipasBenchArgs),
    /// The reporting deadline: many units submitting their report with files and reporting
    /// tasks done within one minute (two app nodes on PostgreSQL): lost writes, 5xx, p50/p99.
    Surge(super::bench_surge::SurgeBenchArgs),
}

#[derive(Args)]
pub struct KpiBenchArgs {
    /// Records in the generated CSV; repeat for several runs (e.g. --records 1000000 --records 10000000).
    #[arg(long = "records", default_values_t = [1_000_000usize])]
    records: Vec<usize>,
    /// Working directory (CSV, database, reference results).
    #[arg(long, default_value = "/tmp/cchc-bench-kpi")]
    dir: PathBuf,
    /// Reference engines: duckdb, sqlite (comma-separated), or none.
    #[arg(long, default_value = "duckdb,sqlite")]
    engines: String,
    /// Records per day (also the size of the incremental batch).
    #[arg(long, default_value_t = 5_000)]
    per_day: usize,
    #[arg(long, default_value_t = 100)]
    units: usize,
    /// Incremental one-day batches timed after the ingest, one per following day.
    #[arg(long, default_value_t = 5)]
    incremental_days: usize,
    /// Python interpreter for the reference engines.
    #[arg(long, default_value = "python3")]
    python: String,
    /// Directory with duckdb/run.py and the SQL scripts (default: the repository's bench/).
    #[arg(long)]
    scripts: Option<PathBuf>,
}

/// A fresh store for one run, and how to describe it.
pub(crate) async fn fresh_store(
    config: &Config,
    dir: &std::path::Path,
    n: usize,
) -> anyhow::Result<(DynStore, String)> {
    fresh_named_store(config, dir, &n.to_string()).await
}

/// [`fresh_store`] named by `tag` (the file `bench-{tag}.db`, the schema `cchc_bench_{pid}_{tag}`).
pub(crate) async fn fresh_named_store(
    config: &Config,
    dir: &std::path::Path,
    tag: &str,
) -> anyhow::Result<(DynStore, String)> {
    let url = config.database_url.trim();
    if url.starts_with("postgres") {
        let schema = format!("cchc_bench_{}_{tag}", std::process::id());
        let s = cchc_storage::postgres::open(url, &ConnectOptions { max_connections: 4 }, Some(&schema)).await?;
        return Ok((std::sync::Arc::new(s), format!("PostgreSQL, schema {schema}")));
    }
    let path = dir.join(format!("bench-{tag}.db"));
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    let store = cchc_storage::connect(&format!("sqlite://{}", path.display()), &ConnectOptions::default()).await?;
    Ok((store, format!("SQLite {}", path.display())))
}

pub async fn run(config: Config, cmd: BenchCmd) -> anyhow::Result<ExitCode> {
    let a = match cmd {
        BenchCmd::Kpi(a) => a,
        BenchCmd::Web(w) => return super::bench_web::run(config, w).await,
        BenchCmd::Par(p) => return super::bench_par::run(config, p).await,
        BenchCmd::Api(p) => return super::bench_api::run(config, p).await,
        BenchCmd::Sipas(p) => return super::bench_sipas::run(config, p).await,
        BenchCmd::Surge(s) => return super::bench_surge::run(config, s).await,
    };
    std::fs::create_dir_all(&a.dir)?;
    let mut ok = true;
    for &n in &a.records {
        let (store, label) = fresh_store(&config, &a.dir, n).await?;
        let mut opts = BenchOptions::new(n, a.dir.clone());
        opts.per_day = a.per_day.max(1);
        opts.units = a.units.max(1);
        opts.incremental_days = a.incremental_days.max(1);
        opts.python = a.python.clone();
        opts.engines =
            a.engines.split(',').map(str::trim).filter(|e| !e.is_empty() && *e != "none").map(String::from).collect();
        if let Some(s) = &a.scripts {
            opts.scripts = s.clone();
        }
        let handle = tokio::runtime::Handle::current();
        let (s2, sink_label) = (store.clone(), format!("cơ sở dữ liệu: {label}"));
        let rep = tokio::task::spawn_blocking(move || {
            let h2 = handle.clone();
            let s3 = s2.clone();
            let mut open = |_: &str| -> std::io::Result<Box<dyn RecordSink>> {
                Ok(Box::new(StoreSink::begin(s2.clone(), Actor::cli(), handle.clone())))
            };
            let mut settle = || h2.block_on(s3.settle()).map_err(std::io::Error::other);
            run_with(&opts, &sink_label, &mut open, &mut settle)
        })
        .await??;
        print!("{rep}");
        let stored = store.count_dossiers().await?;
        let same = stored as usize == rep.dossiers;
        println!(
            "  lưu trữ: {stored} hồ sơ trong cơ sở dữ liệu, {} trong bộ nhớ — {}",
            rep.dossiers,
            if same { "khớp" } else { "KHÔNG KHỚP" }
        );
        ok &= same;
        for e in &rep.engines {
            if e.error.as_deref().is_some_and(|m| m.contains("pip install")) {
                println!("  (DuckDB chưa có: cài bằng `pip install duckdb`, rồi chạy lại.)");
            }
            ok &= e.error.is_some() || e.mismatches == Some(0);
        }
        println!(
            "  mục tiêu: tổng ≤ 2 × DuckDB, lô tăng thêm < 50 ms (đo: trung vị {:.1} ms, chậm nhất {:.1} ms){}",
            rep.incremental_median_ms(),
            rep.incremental_max_ms(),
            rep.engines
                .iter()
                .find(|e| e.engine == "duckdb")
                .and_then(|e| e.seconds)
                .map(|d| format!("; cchc/DuckDB = {:.2}", rep.total_seconds() / d))
                .unwrap_or_default()
        );
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
