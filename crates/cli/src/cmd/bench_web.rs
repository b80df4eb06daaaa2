//! `cchc bench web`: the web application under load on the generated province (see `cchc demo
//! generate`). Starts `cchc serve` (this binary) on the configured database, logs in as the
//! reform office and as a unit's focal point, then runs the load tool (oha, else wrk) against
//! a static page, the dashboard and the task list, one after the other in the same run, with
//! the same connections and duration. Prints requests per second, p50 and p99 and the ratio
//! to the static page. Exits non-zero on errors only (a benchmark, not a test).

pub mod http;
mod tools;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::Duration;

use cchc_app::config::Config;
use cchc_domain::user::Actor;
use clap::Args;

use tools::Measure;

#[derive(Args)]
pub struct WebBenchArgs {
    /// How long to load each page (`20s`, `1m`).
    #[arg(long, default_value = "20s")]
    duration: String,
    /// Concurrent connections.
    #[arg(long, default_value_t = 32)]
    connections: u32,
    /// Load tool: auto (oha, else wrk), oha or wrk.
    #[arg(long, default_value = "auto")]
    tool: String,
    /// Account of the reform office.
    #[arg(long, default_value = "vanphong")]
    office: String,
    /// Account of a unit's focal point.
    #[arg(long, default_value = "taichinh")]
    unit_login: String,
    /// Their password (default: CCHC_DEMO_PASSWORD; without one, both get a new random
    /// password, printed).
    #[arg(long, env = "CCHC_DEMO_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// The phrase of the filtered task search.
    #[arg(long, default_value = "so hoa")]
    search: String,
    /// The share of the static page's throughput each page should reach (reported, not enforced).
    #[arg(long, default_value_t = 0.30)]
    target: f64,
}

pub fn parse_secs(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(m) = s.strip_suffix('m') {
        return m.parse::<u64>().ok().map(|m| m * 60);
    }
    s.trim_end_matches('s').parse().ok().filter(|n| *n > 0)
}

/// The server we started; stopped (by its own pid) when dropped.
pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cchc serve` on a free port of the loopback, with the extra environment `env`;
/// returns it and its address.
pub fn start_server(config: &Config, env: &[(&str, &str)]) -> anyhow::Result<(Server, String)> {
    let exe = std::env::current_exe()?;
    let mut cmd = Command::new(exe);
    cmd.arg("--data-dir").arg(&config.data_dir);
    if !config.database_url.trim().is_empty() {
        cmd.args(["--database-url", &config.database_url]);
    }
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .env("CCHC_LOG_LEVEL", "warn")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = Server(cmd.spawn()?);
    let out = child.0.stdout.take().ok_or_else(|| anyhow::anyhow!("không đọc được đầu ra của máy chủ"))?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(addr) = line.split("http://").nth(1) {
                let _ = tx.send(addr.trim_end_matches('/').to_string());
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .map_err(|_| anyhow::anyhow!("máy chủ không khởi động được trong 120 giây"))?;
    Ok((child, addr))
}

/// Passwords for the two accounts: the given one, or new random ones set through the store.
async fn passwords(config: &Config, a: &WebBenchArgs) -> anyhow::Result<(String, String)> {
    if let Some(p) = &a.password {
        return Ok((p.clone(), p.clone()));
    }
    let store = super::open_store(config).await?;
    let mut out = Vec::new();
    for login in [&a.office, &a.unit_login] {
        let (user, _) = store
            .user_credentials(login)
            .await?
            .ok_or_else(|| anyhow::anyhow!("không có tài khoản «{login}»: hãy chạy cchc demo generate trước"))?;
        let pw = cchc_app::password::random_password_for(login);
        let hash = cchc_app::password::hash_password(&pw).map_err(|e| anyhow::anyhow!(e))?;
        store.set_password(&Actor::cli(), user.id, &hash, false).await?;
        println!("  mật khẩu mới của {login}: {pw}");
        out.push(pw);
    }
    Ok((out[0].clone(), out[1].clone()))
}

/// One page to load.
struct Target {
    label: String,
    path: String,
    cookie: Option<String>,
    /// Text the page must contain (so a lost session never benchmarks the login page).
    expect: &'static str,
}

pub async fn run(config: Config, a: WebBenchArgs) -> anyhow::Result<ExitCode> {
    let secs = parse_secs(&a.duration).ok_or_else(|| anyhow::anyhow!("thời lượng không hợp lệ: {}", a.duration))?;
    let tool = tools::find(&a.tool).ok_or_else(|| {
        anyhow::anyhow!("không tìm thấy công cụ tải: cài oha (cargo install oha) hoặc wrk (apt-get install -y wrk)")
    })?;
    if cfg!(debug_assertions) {
        println!("Cảnh báo: đây là bản build debug; hãy đo bằng bản release (cargo build --release -p cchc).");
    }
    let (office_pw, unit_pw) = passwords(&config, &a).await?;
    // No background jobs, as in the other benches: with no backup yet, the scheduler would
    // start one at once and copy the whole database while the pages are measured.
    let (_server, addr) = start_server(&config, &[("CCHC_JOBS_ENABLED", "false")])?;
    let office = http::login(&addr, &a.office, &office_pw).await?;
    let unit = http::login(&addr, &a.unit_login, &unit_pw).await?;
    let search = format!("/tasks?q={}&state=accepted", http::encode(&a.search));
    let t = |label: &str, path: &str, cookie: Option<&String>, expect| Target {
        label: label.into(),
        path: path.into(),
        cookie: cookie.cloned(),
        expect,
    };
    let targets = [
        t("trang tĩnh /static/app.css", "/static/app.css", None, "{"),
        t("tổng quan / (văn phòng)", "/", Some(&office), "/tasks?overdue=1"),
        t("tổng quan / (đơn vị)", "/", Some(&unit), "/tasks?overdue=1"),
        t("nhiệm vụ /tasks (văn phòng)", "/tasks", Some(&office), "/tasks/"),
        t("nhiệm vụ tìm kiếm (văn phòng)", &search, Some(&office), "name=\"q\""),
        t("nhiệm vụ /tasks (đơn vị)", "/tasks", Some(&unit), "/tasks/"),
        t("nhiệm vụ tìm kiếm (đơn vị)", &search, Some(&unit), "name=\"q\""),
        // The static page again at the end: the reference is the faster of the two runs, so a
        // machine that slows down during the run cannot flatter the ratios.
        t("trang tĩnh (lần 2)", "/static/app.css", None, "{"),
    ];
    println!(
        "Đo tải tại http://{addr} bằng {}: {} kết nối, {secs} s mỗi trang, máy {} nhân.",
        tool.name(),
        a.connections,
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
    );
    let mut results: Vec<(String, Measure)> = Vec::new();
    for target in &targets {
        let r = http::request(&addr, &target.path, target.cookie.as_deref(), None).await?;
        if r.status != 200 || !r.body.contains(target.expect) {
            anyhow::bail!("{} trả về mã {} hoặc nội dung không đúng; không đo được", target.path, r.status);
        }
        let (tool, url, cookie, conns) =
            (tool.clone(), format!("http://{addr}{}", target.path), target.cookie.clone(), a.connections);
        let m = tokio::task::spawn_blocking(move || tools::run(&tool, &url, cookie.as_deref(), conns, secs)).await??;
        println!("  {:<32} {:>9.0} req/s", target.label, m.rps);
        results.push((target.label.clone(), m));
    }
    print_table(&results, a.target);
    let errors: u64 = results.iter().map(|(_, m)| m.errors).sum();
    if errors > 0 {
        eprintln!("Có {errors} yêu cầu lỗi (mã khác 2xx hoặc lỗi kết nối).");
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether a row of the table is a run of the static page (the reference).
fn is_static(label: &str) -> bool {
    label.starts_with("trang tĩnh")
}

fn print_table(results: &[(String, Measure)], target: f64) {
    let base = results.iter().filter(|(l, _)| is_static(l)).map(|(_, m)| m.rps).fold(0.0f64, f64::max).max(1.0);
    println!();
    println!(
        "  {:<32} {:>10} {:>9} {:>9} {:>9} {:>7}  mục tiêu ≥ {:.0}%",
        "trang",
        "req/s",
        "p50 ms",
        "p99 ms",
        "so tĩnh",
        "lỗi",
        target * 100.0
    );
    for (label, m) in results {
        let ratio = m.rps / base;
        let verdict = if is_static(label) {
            "(mốc: lần nhanh hơn)"
        } else if ratio >= target {
            "đạt"
        } else {
            "chưa đạt"
        };
        println!(
            "  {label:<32} {:>10.0} {:>9.2} {:>9.2} {:>8.0}% {:>7}  {verdict}",
            m.rps,
            m.p50_ms,
            m.p99_ms,
            ratio * 100.0,
            m.errors
        );
    }
}
