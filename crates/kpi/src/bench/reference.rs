//! The reference engines of the benchmark: `bench/duckdb/run.py` computes the same cells with
//! DuckDB or SQLite from the same CSV; every numerator and denominator is compared.

use std::collections::HashMap;
use std::process::Command;

use chrono::NaiveDateTime;

use super::{BenchOptions, EngineRun};

/// Runs one reference engine and compares its cells with `ours`.
pub(super) fn reference(
    opts: &BenchOptions,
    engine: &str,
    csv: &std::path::Path,
    cat: &std::path::Path,
    as_of: NaiveDateTime,
    ours: &HashMap<(String, String, String), (i64, i64)>,
) -> EngineRun {
    let mut run = EngineRun { engine: engine.to_string(), ..EngineRun::default() };
    let out = opts.dir.join(format!("result-{engine}.csv"));
    let res = Command::new(&opts.python)
        .arg(opts.scripts.join("duckdb").join("run.py"))
        .args(["--engine", engine, "--as-of"])
        .arg(as_of.format("%Y-%m-%d %H:%M:%S").to_string())
        .arg("--csv")
        .arg(csv)
        .arg("--catalogue")
        .arg(cat)
        .arg("--out")
        .arg(&out)
        .output();
    let output = match res {
        Ok(o) => o,
        Err(e) => {
            run.error = Some(format!("không chạy được {}: {e}", opts.python));
            return run;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = match stdout.lines().last().and_then(|l| serde_json::from_str(l).ok()) {
        Some(v) => v,
        None => {
            run.error = Some(format!(
                "{engine}: {}",
                String::from_utf8_lossy(&output.stderr).lines().last().unwrap_or("không có kết quả")
            ));
            return run;
        }
    };
    if let Some(e) = json.get("error").and_then(|e| e.as_str()) {
        run.error = Some(e.to_string());
        return run;
    }
    run.seconds = json.get("seconds").and_then(|v| v.as_f64());
    run.load_seconds = json.get("load_seconds").and_then(|v| v.as_f64());
    run.peak_rss_kb = json.get("peak_rss_kb").and_then(|v| v.as_u64());
    match std::fs::read_to_string(&out) {
        Ok(text) => {
            let (n, examples) = compare(ours, &text);
            run.mismatches = Some(n);
            run.examples = examples;
        }
        Err(e) => run.error = Some(e.to_string()),
    }
    run
}

/// Counts cells that differ between cchc and a reference result CSV.
pub fn compare(ours: &HashMap<(String, String, String), (i64, i64)>, reference_csv: &str) -> (usize, Vec<String>) {
    let mut theirs: HashMap<(String, String, String), (i64, i64)> = HashMap::new();
    for line in reference_csv.lines().skip(1) {
        let f: Vec<&str> = line.trim_end_matches('\r').split(',').collect();
        if let [u, p, i, n, d] = f[..] {
            theirs.insert((u.into(), p.into(), i.into()), (n.parse().unwrap_or(-1), d.parse().unwrap_or(-1)));
        }
    }
    let mut bad = Vec::new();
    for (k, v) in ours {
        if theirs.get(k) != Some(v) {
            bad.push(format!("{} {} {}: cchc {}/{} ≠ {:?}", k.0, k.1, k.2, v.0, v.1, theirs.get(k)));
        }
    }
    for (k, v) in &theirs {
        if !ours.contains_key(k) {
            bad.push(format!("{} {} {}: cchc — ≠ {}/{}", k.0, k.1, k.2, v.0, v.1));
        }
    }
    bad.sort();
    let n = bad.len();
    bad.truncate(5);
    (n, bad)
}
