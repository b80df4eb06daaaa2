//! The load tools the benchmark drives: `oha` (preferred; `cargo install oha`) or `wrk`
//! (Debian: `apt-get install -y wrk`), and the parsing of what they print.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A load tool found on this machine.
#[derive(Debug, Clone)]
pub enum Tool {
    Oha(PathBuf),
    Wrk(PathBuf),
}

impl Tool {
    pub fn name(&self) -> String {
        let (name, path) = match self {
            Tool::Oha(p) => ("oha", p),
            Tool::Wrk(p) => ("wrk", p),
        };
        let version = Command::new(path)
            .arg("--version")
            .output()
            .ok()
            .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
            .and_then(|s| s.lines().next().map(|l| l.trim().to_string()))
            .filter(|l| !l.is_empty())
            .unwrap_or_default();
        if version.is_empty() || !version.contains(name) {
            format!("{name} {version}").trim().to_string()
        } else {
            version
        }
    }
}

/// What one load run measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measure {
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub requests: u64,
    /// Non-2xx answers and connection errors.
    pub errors: u64,
}

fn find_in_path(name: &str) -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect()).unwrap_or_default();
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".cargo/bin"));
    }
    dirs.into_iter().map(|d| d.join(name)).find(|p| p.is_file())
}

/// The tool to use: `auto` prefers oha, then wrk.
pub fn find(choice: &str) -> Option<Tool> {
    let oha = || find_in_path("oha").map(Tool::Oha);
    let wrk = || find_in_path("wrk").map(Tool::Wrk);
    match choice {
        "oha" => oha(),
        "wrk" => wrk(),
        _ => oha().or_else(wrk),
    }
}

/// Loads `url` with `connections` connections for `secs` seconds; `cookie` is sent with each
/// request. Blocking: run it off the async threads.
pub fn run(tool: &Tool, url: &str, cookie: Option<&str>, connections: u32, secs: u64) -> anyhow::Result<Measure> {
    let header = cookie.map(|c| format!("Cookie: {c}"));
    let out = match tool {
        Tool::Oha(p) => {
            let help = Command::new(p).arg("--help").output().map(|o| String::from_utf8_lossy(&o.stdout).into_owned());
            let json: &[&str] = if help.unwrap_or_default().contains("--output-format") {
                &["--output-format", "json"]
            } else {
                &["-j"]
            };
            let mut c = Command::new(p);
            c.args(["--no-tui", "-z", &format!("{secs}s"), "-c", &connections.to_string()]).args(json);
            if let Some(h) = &header {
                c.args(["-H", h]);
            }
            c.arg(url).output()?
        }
        Tool::Wrk(p) => {
            let threads = connections.clamp(1, 2);
            let mut c = Command::new(p);
            c.args([
                "-t",
                &threads.to_string(),
                "-c",
                &connections.to_string(),
                "-d",
                &format!("{secs}s"),
                "--latency",
            ]);
            if let Some(h) = &header {
                c.args(["-H", h]);
            }
            c.arg(url).output()?
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        anyhow::bail!("công cụ tải thất bại: {}", String::from_utf8_lossy(&out.stderr).trim());
    }
    let m = match tool {
        Tool::Oha(_) => parse_oha(&text),
        Tool::Wrk(_) => parse_wrk(&text),
    };
    m.ok_or_else(|| anyhow::anyhow!("không đọc được kết quả của công cụ tải:\n{text}"))
}

/// oha's JSON summary (`--output-format json`); latencies are in seconds.
pub fn parse_oha(text: &str) -> Option<Measure> {
    let v: serde_json::Value = serde_json::from_str(text.trim()).ok()?;
    let rps = v["summary"]["requestsPerSec"].as_f64()?;
    let p = &v["latencyPercentiles"];
    let codes = v["statusCodeDistribution"].as_object()?;
    let requests: u64 = codes.values().filter_map(|n| n.as_u64()).sum();
    let bad: u64 = codes.iter().filter(|(k, _)| !k.starts_with('2')).filter_map(|(_, n)| n.as_u64()).sum();
    // Requests cut off by the end of the run are not errors of the server.
    let failed: u64 = v["errorDistribution"]
        .as_object()
        .map(|e| e.iter().filter(|(k, _)| !k.contains("deadline")).filter_map(|(_, n)| n.as_u64()).sum())
        .unwrap_or(0);
    Some(Measure {
        rps,
        p50_ms: p["p50"].as_f64().unwrap_or(0.0) * 1_000.0,
        p99_ms: p["p99"].as_f64().unwrap_or(0.0) * 1_000.0,
        requests,
        errors: bad + failed,
    })
}

/// A wrk duration (`812.00us`, `1.23ms`, `2.01s`) in milliseconds.
fn wrk_ms(s: &str) -> Option<f64> {
    let s = s.trim();
    let split = s.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = s.split_at(split);
    let n: f64 = n.parse().ok()?;
    Some(match unit {
        "us" => n / 1_000.0,
        "ms" => n,
        "s" => n * 1_000.0,
        "m" => n * 60_000.0,
        _ => return None,
    })
}

/// wrk's text output with `--latency`.
pub fn parse_wrk(text: &str) -> Option<Measure> {
    let mut m = Measure::default();
    let mut found_rps = false;
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["Requests/sec:", n] => {
                m.rps = n.parse().ok()?;
                found_rps = true;
            }
            ["50%", t] => m.p50_ms = wrk_ms(t)?,
            ["99%", t] => m.p99_ms = wrk_ms(t)?,
            [n, "requests", "in", ..] => m.requests = n.parse().ok()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => m.errors += n.parse::<u64>().ok()?,
            ["Socket", "errors:", rest @ ..] => {
                m.errors += rest.iter().filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok()).sum::<u64>();
            }
            _ => {}
        }
    }
    found_rps.then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_output() {
        let text = "Running 2s test @ http://127.0.0.1:1/\n  2 threads and 32 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency     1.02ms  300.00us   9.00ms   90.00%\n  Latency Distribution\n     50%  812.00us\n     75%    1.10ms\n     90%    1.50ms\n     99%    2.01s\n  61234 requests in 2.00s, 10.00MB read\n  Socket errors: connect 0, read 1, write 0, timeout 2\n  Non-2xx or 3xx responses: 4\nRequests/sec:  30617.00\nTransfer/sec:      5.00MB\n";
        let m = parse_wrk(text).unwrap_or_default();
        assert_eq!((m.rps, m.requests, m.errors), (30617.0, 61234, 7));
        assert!((m.p50_ms - 0.812).abs() < 1e-9 && (m.p99_ms - 2010.0).abs() < 1e-9, "{m:?}");
    }

    #[test]
    fn reads_oha_json() {
        let text = r#"{"summary":{"successRate":1.0,"requestsPerSec":1500.5},"latencyPercentiles":{"p50":0.002,"p99":0.0105},"statusCodeDistribution":{"200":3000,"500":2},"errorDistribution":{"aborted due to deadline":31}}"#;
        let m = parse_oha(text).unwrap_or_default();
        assert_eq!((m.rps, m.p50_ms, m.p99_ms, m.requests, m.errors), (1500.5, 2.0, 10.5, 3002, 2));
    }
}
