//! `cchc bench api`: index-766 dossiers pushed through the JSON API (`POST /api/v1/dossiers`,
//! batches of N records from many concurrent clients) beside the file import of the same
//! records, in one run: each way into a fresh database of its own with the same starting
//! state (two SQLite files, or two fresh schemas when the configured database is
//! PostgreSQL), so that neither writes into a table the other has filled. Both go through the
//! same ingest; the push adds HTTP, JSON and per-record results; the server is started (its
//! index-766 state loaded) before the push is timed. The two record sets differ only in the
//! first letter of their dossier codes (`F…` for the file, `P…` for the push).
//! Prints records per second, the push's p50 / p99 per request, and the ratio per record.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cchc_app::config::Config;
use cchc_app::kpi::demo::{records_for, units_below, DEMO_PROVINCE, DEMO_SEED};
use cchc_app::kpi::files::{import_dossiers, DossierSource};
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::user::Actor;
use cchc_kpi::generate::{csv_line, generate_catalogue, DateStyle, GenOptions, CSV_HEADER};
use cchc_kpi::read::ErrorPolicy;
use cchc_storage::DynStore;
use clap::Args;

use super::bench_web::http;

#[derive(Args)]
pub struct ApiBenchArgs {
    /// Records per request.
    #[arg(long, default_value_t = 5_000)]
    records_per_request: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Requests in all (records pushed = requests × records per request; the file import gets
    /// as many).
    #[arg(long, default_value_t = 64)]
    requests: usize,
    /// Working directory (database, CSV).
    #[arg(long, default_value = "/tmp/cchc-bench-api")]
    dir: PathBuf,
    /// Target: push time per record at most this many times the file import's.
    #[arg(long, default_value_t = 1.5)]
    target: f64,
}

/// The records with a prefix on their dossier codes.
fn prefixed(records: &[DossierRecord], prefix: &str) -> Vec<DossierRecord> {
    records.iter().map(|r| DossierRecord { code: format!("{prefix}{}", r.code), ..r.clone() }).collect()
}

/// One request body: the records as JSON objects with the dossier file's column names.
fn body(records: &[DossierRecord]) -> Vec<u8> {
    let keys: Vec<&str> = CSV_HEADER.trim_end().split(',').collect();
    let mut line = Vec::new();
    let objects: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            line.clear();
            csv_line(&mut line, r, DateStyle::Iso);
            let text = String::from_utf8_lossy(&line);
            let map = keys
                .iter()
                .zip(text.trim_end().split(','))
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), serde_json::Value::String(v.to_string())))
                .collect();
            serde_json::Value::Object(map)
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({ "records": objects })).unwrap_or_default()
}

/// The same starting state in each database: the demo registry and accounts, and the
/// procedure catalogue of the generator; returns the codes of the units dossiers go to.
async fn prepare(store: &DynStore) -> anyhow::Result<Vec<String>> {
    cchc_app::demo::seed(store, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut list: Vec<_> = generate_catalogue(DEMO_SEED).procedures.into_values().collect();
    list.sort_by(|x, y| x.code.cmp(&y.code));
    store.import_procedures(&Actor::cli(), &list, "bench").await?;
    let today = chrono::Utc::now().date_naive();
    Ok(units_below(&store.all_units().await?, DEMO_PROVINCE, today))
}

pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

pub async fn run(mut config: Config, a: ApiBenchArgs) -> anyhow::Result<ExitCode> {
    if cfg!(debug_assertions) {
        println!("Cảnh báo: đây là bản build debug; hãy đo bằng bản release (cargo build --release -p cchc).");
    }
    std::fs::create_dir_all(&a.dir)?;
    let total = a.requests * a.records_per_request;
    // Each way starts from the same state in a database of its own: written one after the
    // other into one database, the second would insert into a table already holding the
    // first's records (a file import into such a table is itself about a fifth slower).
    let (store, label) = super::bench::fresh_named_store(&config, &a.dir, &format!("file_{total}")).await?;
    let (push_store, push_label) = super::bench::fresh_named_store(&config, &a.dir, &format!("api_{total}")).await?;
    let codes = prepare(&store).await?;
    prepare(&push_store).await?;
    let today = chrono::Utc::now().date_naive();
    let start = today - chrono::Duration::days(90);
    let per_day = total.div_ceil(90).max(1);
    let opts = GenOptions { units: codes.len(), days: 90, per_day, seed: DEMO_SEED, start };
    let records: Vec<DossierRecord> = records_for(&codes, opts).take(total).collect();
    println!(
        "Cơ sở dữ liệu: {label} (tệp), {push_label} (API); {} hồ sơ mỗi cách, {} đơn vị.",
        records.len(),
        codes.len()
    );

    // The file import.
    let csv = a.dir.join("dossiers.csv");
    {
        let mut out = Vec::with_capacity(records.len() * 200);
        out.extend_from_slice(CSV_HEADER.as_bytes());
        for r in prefixed(&records, "F") {
            csv_line(&mut out, &r, DateStyle::Iso);
        }
        std::fs::write(&csv, out)?;
    }
    let t0 = Instant::now();
    let filed = import_dossiers(&store, &Actor::cli(), DossierSource::Path(csv), ErrorPolicy::SkipBad).await?;
    let file_secs = t0.elapsed().as_secs_f64();
    store.settle().await?;
    let after_file = store.count_dossiers().await?;

    // The push, through a server on the loopback.
    let pushed_records = prefixed(&records, "P");
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(pushed_records.chunks(a.records_per_request).map(body).collect());
    config.limits.api_requests_per_minute = u32::MAX / 2;
    let office = push_store
        .user_credentials("vanphong")
        .await?
        .map(|(u, _)| u)
        .ok_or_else(|| anyhow::anyhow!("không có tài khoản vanphong"))?;
    let form = cchc_app::tokens::TokenForm { name: "cchc bench api".into(), scopes: vec!["kpi:write".into()], days: 1 };
    let token = cchc_app::tokens::create(&push_store, &office, &form, chrono::Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let state = cchc_web::AppState::new(push_store.clone(), config).map_err(|e| anyhow::anyhow!(e))?;
    // The server loads the index-766 state at start; that is the server starting, not the
    // push, and the file import is timed without it: the clock starts once it is done.
    state.kpi.sync(cchc_app::kpi::now_local()).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    tokio::spawn(cchc_web::serve(state, listener));
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let mut clients = Vec::new();
    for _ in 0..a.clients {
        let (bodies, next, addr, secret) = (bodies.clone(), next.clone(), addr.clone(), token.secret.clone());
        clients.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut accepted = 0usize;
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(b) = bodies.get(i) else { break };
                let t = Instant::now();
                let r = http::post_json(&addr, "/api/v1/dossiers", &secret, b).await?;
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                if r.status != 200 {
                    anyhow::bail!("yêu cầu {i}: mã {} — {}", r.status, r.body.chars().take(300).collect::<String>());
                }
                let v: serde_json::Value = serde_json::from_str(&r.body)?;
                accepted += v["accepted"].as_u64().unwrap_or(0) as usize;
            }
            Ok::<_, anyhow::Error>((lat, accepted))
        }));
    }
    let mut lat = Vec::new();
    let mut accepted = 0;
    for c in clients {
        let (l, n) = c.await??;
        lat.extend(l);
        accepted += n;
    }
    let push_secs = t0.elapsed().as_secs_f64();
    lat.sort_by(f64::total_cmp);
    tokio::time::sleep(Duration::from_millis(100)).await;

    let n = records.len() as f64;
    let (file_rps, push_rps) = (n / file_secs.max(1e-9), n / push_secs.max(1e-9));
    let ratio = push_secs / file_secs.max(1e-9);
    println!();
    println!("  {:<44} {:>12} {:>10} {:>10} {:>10}", "", "hồ sơ/s", "giây", "p50 ms", "p99 ms");
    println!("  {:<44} {:>12.0} {:>10.2} {:>10} {:>10}", "nhập tệp CSV (một lần)", file_rps, file_secs, "", "");
    println!(
        "  {:<44} {:>12.0} {:>10.2} {:>10.1} {:>10.1}",
        format!("API: {} hồ sơ/yêu cầu, {} máy khách", a.records_per_request, a.clients),
        push_rps,
        push_secs,
        percentile(&lat, 0.5),
        percentile(&lat, 0.99)
    );
    println!(
        "  thời gian mỗi hồ sơ qua API / qua tệp: {ratio:.2}× (mục tiêu ≤ {:.1}×: {})",
        a.target,
        if ratio <= a.target { "đạt" } else { "chưa đạt" }
    );
    // A dossier's status updates in one file are one batch (the newest wins inside it); pushed,
    // they may fall in different requests, so the records accepted differ while the dossiers
    // stored must not.
    let stored_by_push = push_store.count_dossiers().await?;
    println!(
        "  hồ sơ lưu: tệp {after_file} (nhận {} bản ghi), API {stored_by_push} (nhận {accepted} bản ghi)",
        filed.accepted
    );
    if stored_by_push != after_file {
        eprintln!("Số hồ sơ lưu qua tệp và qua API khác nhau.");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}
