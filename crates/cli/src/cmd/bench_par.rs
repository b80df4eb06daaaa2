//! `cchc bench par`: the PAR index at a province's size (issue 11). Builds a synthetic round
//! (the synthetic province's units, a criteria set of N leaf criteria with every kind of
//! scoring method, every unit's self-scores) in a fresh database, starts `cchc serve` on it,
//! then times: the heads of many units submitting at once (lost writes and 5xx counted), the
//! unit's scoring form under load (and a submitted unit's page, which shows its rank), and a
//! full recompute of the round's results and rankings. Prints each figure beside its target.
//! Exits non-zero on errors (lost writes, 5xx, wrong pages, wrong results), never on a
//! missed target: a benchmark, not a test.

pub(crate) mod load;
pub(crate) mod setup;
pub(crate) mod surge;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use cchc_app::config::Config;
use cchc_app::synthetic::par::ParOptions;
use cchc_domain::review::ReviewAction;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::DynStore;
use chrono::Datelike;
use clap::Args;

use super::bench_web::{http, parse_secs, start_server};
use load::Figures;

#[derive(Args)]
pub struct ParBenchArgs {
    /// Units assessed in the round.
    #[arg(long, default_value_t = 700)]
    units: usize,
    /// Leaf criteria of the criteria set.
    #[arg(long, default_value_t = 100)]
    criteria: usize,
    /// Areas (lĩnh vực) of the criteria set.
    #[arg(long, default_value_t = 8)]
    areas: usize,
    /// Unit heads submitting at once.
    #[arg(long, default_value_t = 300)]
    surge: usize,
    /// How long to load each page (`5s`, `1m`).
    #[arg(long, default_value = "5s")]
    duration: String,
    /// Concurrent clients loading a page one request after another (its capacity).
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// How long the surge's heads take to open their own forms, evenly spread (`10s`, `1m`):
    /// each opening leaves at its time whatever the others do (an open load).
    #[arg(long, default_value = "10s")]
    open_over: String,
    /// Timed full recomputes (the median and the slowest are reported).
    #[arg(long, default_value_t = 7)]
    runs: usize,
    /// Working directory (the SQLite database).
    #[arg(long, default_value = "/tmp/cchc-bench-par")]
    dir: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2_025)]
    seed: u64,
}

/// Targets of issue 11.
const RECOMPUTE_TARGET_MS: f64 = 100.0;
const FORM_P50_TARGET_MS: f64 = 20.0;
const SURGE_WINDOW_S: f64 = 60.0;

fn verdict(ok: bool) -> &'static str {
    if ok {
        "đạt"
    } else {
        "chưa đạt"
    }
}

fn page_line(label: &str, f: &Figures, target: &str) {
    println!(
        "  {label:<36} p50 {:>7.2} ms  p99 {:>7.2} ms  {:>7.0} req/s  lỗi {}  {target}",
        f.p50_ms,
        f.p99_ms,
        f.rps,
        f.server_errors + f.unexpected
    );
}

pub async fn run(config: Config, a: ParBenchArgs) -> anyhow::Result<ExitCode> {
    let secs = parse_secs(&a.duration).ok_or_else(|| anyhow::anyhow!("thời lượng không hợp lệ: {}", a.duration))?;
    let open_over =
        parse_secs(&a.open_over).ok_or_else(|| anyhow::anyhow!("thời lượng không hợp lệ: {}", a.open_over))?;
    if cfg!(debug_assertions) {
        println!("Cảnh báo: đây là bản build debug; hãy đo bằng bản release (cargo build --release -p cchc).");
    }
    let db = setup::fresh(&config.database_url, &a.dir, "par").await?;
    let opts = ParOptions {
        units: a.units,
        criteria: a.criteria,
        areas: a.areas,
        year: cchc_app::tracking::today().year(),
        seed: a.seed,
    };
    println!(
        "Chỉ số CCHC: {} đơn vị × {} tiêu chí ({} lĩnh vực), {} đơn vị nộp cùng lúc; {}; máy {} nhân.",
        a.units,
        a.criteria,
        a.areas,
        a.surge,
        db.label,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let t = Instant::now();
    let (round, accounts) = setup::prepare(&db.store, &opts, a.surge).await?;
    println!("  chuẩn bị (không tính giờ): {:.1} s", t.elapsed().as_secs_f64());
    let server_config = Config { data_dir: a.dir.clone(), database_url: db.url.clone(), ..config };
    let (server, addr) = start_server(&server_config, &[("CCHC_JOBS_ENABLED", "false")])?;

    let surge =
        surge::run(&addr, &db.store, &accounts.heads, &accounts.password, std::time::Duration::from_secs(open_over))
            .await?;
    page_line(&open_label(accounts.heads.len(), open_over), &surge.forms, "(mỗi đơn vị biểu mẫu của mình, một lần)");
    let s = &surge.figures;
    println!(
        "  {:<36} {:>5.1} s     p50 {:>7.2} ms  p99 {:>7.2} ms  mất {}  lỗi 5xx {}  khác {}",
        format!("{} đơn vị nộp cùng lúc", accounts.heads.len()),
        surge.wall,
        s.p50_ms,
        s.p99_ms,
        surge.lost,
        s.server_errors,
        s.unexpected
    );

    let draft = round.assessments[0].id;
    let sent = round.assessments[round.assessments.len() - 1].id;
    let mut pages = Vec::new();
    for (label, login, id, expect) in [
        ("biểu mẫu chấm điểm (bản nháp)", &accounts.draft_focal, draft, "name=\"p-"),
        ("bản đã nộp (có xếp hạng)", &accounts.sent_focal, sent, "/par/assessments/"),
    ] {
        let cookie = http::login(&addr, login, &accounts.password).await?;
        let path = format!("/par/assessments/{id}");
        let f = load::load(&addr, &path, &cookie, a.connections, secs as f64, expect).await;
        page_line(label, &f, &format!("({} kết nối, {secs} s)", a.connections));
        pages.push((label, f));
    }
    drop(server);

    // Every unit sent: the recompute scores and ranks all of them.
    let first = db.store.assessment(draft, Visibility::Province).await?;
    let day = round.round.self_due;
    db.store.move_assessment(&Actor::cli(), draft, first.version, ReviewAction::Submit, day, None).await?;
    let (recompute, complete) = recompute(&db.store, round.round.id, a.units, a.runs.max(1)).await?;
    print_targets(&recompute, &pages, a.connections, &surge, &open_label(accounts.heads.len(), open_over));
    let errors = surge.lost
        + surge.forms.server_errors
        + surge.forms.unexpected
        + s.server_errors
        + s.unexpected
        + pages.iter().map(|(_, f)| f.server_errors + f.unexpected).sum::<usize>();
    if errors > 0 || !complete {
        eprintln!("Có lỗi: {errors} yêu cầu hoặc bản ghi không đúng{}.", if complete { "" } else { ", kết quả thiếu" });
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Times `runs` full recomputes of the round; also says whether every unit got its result.
async fn recompute(store: &DynStore, round: i64, units: usize, runs: usize) -> anyhow::Result<(Figures, bool)> {
    let mut ms = Vec::new();
    let mut complete = true;
    for _ in 0..runs {
        let t = Instant::now();
        let r = cchc_app::par::results(store.as_ref(), round).await?;
        ms.push(t.elapsed().as_secs_f64() * 1_000.0);
        complete &= r.lines.len() == units && r.lines.iter().all(|l| l.result.is_some() && l.standing.is_some());
    }
    let f = load::figures(ms, 0.0, 0, 0);
    println!(
        "  {:<36} trung vị {:>7.1} ms, chậm nhất {:>7.1} ms ({runs} lần){}",
        "tính lại kết quả và xếp hạng",
        f.p50_ms,
        f.max_ms,
        if complete { "" } else { " — THIẾU KẾT QUẢ" }
    );
    Ok((f, complete))
}

/// The line of the heads' own forms opened over `secs` seconds.
fn open_label(heads: usize, secs: u64) -> String {
    format!("biểu mẫu: {heads} đơn vị mở trong {secs} s")
}

fn print_targets(recompute: &Figures, pages: &[(&str, Figures)], connections: u32, surge: &surge::Surge, open: &str) {
    println!();
    println!("  {:<46} {:>10}  {:<24} kết luận", "phép đo", "đo được", "mục tiêu");
    println!(
        "  {:<46} {:>7.1} ms  {:<24} {}",
        "tính lại toàn bộ (trung vị)",
        recompute.p50_ms,
        format!("< {RECOMPUTE_TARGET_MS:.0} ms"),
        verdict(recompute.p50_ms < RECOMPUTE_TARGET_MS)
    );
    println!(
        "  {:<46} {:>7.1} ms  {:<24} {}",
        "tính lại toàn bộ (chậm nhất)",
        recompute.max_ms,
        format!("< {RECOMPUTE_TARGET_MS:.0} ms"),
        verdict(recompute.max_ms < RECOMPUTE_TARGET_MS)
    );
    // The form as the units open it on a deadline day, then under as many clients as keep
    // the two cores busy (there its p50 is the clients' number over the requests a second).
    let open = (open.to_string(), surge.forms.clone());
    for (label, f) in
        std::iter::once(open).chain(pages.iter().map(|(l, f)| (format!("{l}, {connections} kết nối"), f.clone())))
    {
        println!(
            "  {:<46} {:>7.2} ms  {:<24} {}",
            format!("{label} p50"),
            f.p50_ms,
            format!("p50 < {FORM_P50_TARGET_MS:.0} ms"),
            verdict(f.p50_ms < FORM_P50_TARGET_MS)
        );
    }
    let s = &surge.figures;
    let ok = surge.wall < SURGE_WINDOW_S && surge.lost == 0 && s.server_errors == 0;
    println!(
        "  {:<46} {:>8.1} s  {:<24} {}",
        "nộp cùng lúc: thời gian, mất, 5xx",
        surge.wall,
        format!("< {SURGE_WINDOW_S:.0} s, mất 0, 5xx 0"),
        verdict(ok)
    );
}
