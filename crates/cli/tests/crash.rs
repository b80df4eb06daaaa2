//! Crash safety at CI scale: `cchc kpi import` and `cchc import` are killed with SIGKILL at
//! several points while they write to a temporary SQLite database; after each kill the
//! database is opened again and `cchc check` must pass (audit chain, plans whole, files with
//! their contents, index-766 incremental state equal to a full recompute), and the write is
//! either wholly there or wholly absent. The same holds over HTTP: `cchc serve` killed while
//! a unit saves its report with two files, and while the office records a reorganisation that
//! moves open work (mid-body and at several moments after the body), on a copy of the demo
//! province each time.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

#[path = "crash/http.rs"]
mod http;

const SEED_001: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../documents/seeds/001_a5b74ff242722c67.txt");

/// Kill points, in milliseconds after the process starts.
const KILL_AFTER_MS: [u64; 5] = [40, 120, 250, 450, 800];

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> Dir {
    use rand::Rng;
    let d =
        std::env::temp_dir().join(format!("cchc-crash-{}-{:08x}", std::process::id(), rand::thread_rng().gen::<u32>()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    Dir(d)
}

fn bin(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cchc"));
    c.env_remove("CCHC_DATABASE_URL").env("CCHC_LOG_LEVEL", "error").arg("--data-dir").arg(dir);
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin(dir).args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let o = run(dir, args);
    let t = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(o.status.success(), "cchc {args:?}:\n{t}");
    t
}

/// Starts `cchc args`, kills it with SIGKILL after `ms` (if still running); whether it had
/// finished by then.
fn kill_after(dir: &Path, args: &[&str], ms: u64) -> bool {
    let mut child =
        bin(dir).args(args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(ms));
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    finished
}

/// `cchc check` passes on the database as the kill left it.
fn check_passes(dir: &Path, after: &str) {
    let o = run(dir, &["check"]);
    let t = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "cchc check after {after}:\n{t}{}", String::from_utf8_lossy(&o.stderr));
    assert!(t.contains("Cơ sở dữ liệu nguyên vẹn."), "{t}");
}

/// One number from the SQLite file.
fn count(dir: &Path, sql: &str) -> i64 {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.join("cchc.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await.unwrap_or_else(|e| panic!("{e}"))
    })
}

#[test]
fn a_killed_dossier_import_leaves_all_or_nothing() {
    let d = tempdir();
    let dir = d.0.as_path();
    ok(dir, &["unit", "import", "--defaults"]);
    let cat = dir.join("tthc.csv");
    let mut files = Vec::new();
    for (i, start) in ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"].iter().enumerate() {
        let f = dir.join(format!("hs{i}.csv"));
        let (fs, cs) = (f.to_string_lossy().into_owned(), cat.to_string_lossy().into_owned());
        let args = [
            "demo",
            "dossiers",
            "--days",
            "10",
            "--per-day",
            "3000",
            "--start",
            start,
            "--out",
            &fs,
            "--catalogue",
            &cs,
        ];
        ok(dir, &args);
        files.push(fs);
    }
    ok(dir, &["kpi", "catalogue", &cat.to_string_lossy()]);
    let mut cut = 0;
    for (file, ms) in files.iter().zip(KILL_AFTER_MS) {
        let before = count(dir, "SELECT COUNT(*) FROM kpi_dossiers");
        let finished = kill_after(dir, &["kpi", "import", file], ms);
        check_passes(dir, &format!("kpi import killed at {ms} ms"));
        let after = count(dir, "SELECT COUNT(*) FROM kpi_dossiers");
        ok(dir, &["kpi", "import", file]);
        let whole = count(dir, "SELECT COUNT(*) FROM kpi_dossiers");
        assert!(after == before || after == whole, "{ms} ms: {before} before, {after} after the kill, {whole} whole");
        cut += usize::from(!finished && after == before);
        check_passes(dir, "the import run again");
    }
    eprintln!("dossier imports cut by SIGKILL before commit: {cut} of {}", files.len());
}

#[test]
fn a_killed_plan_import_leaves_all_or_nothing() {
    let d = tempdir();
    let dir = d.0.as_path();
    ok(dir, &["unit", "import", "--defaults"]);
    let mut cut = 0;
    for ms in KILL_AFTER_MS {
        let before = count(dir, "SELECT COUNT(*) FROM documents");
        let finished = kill_after(dir, &["import", SEED_001], ms);
        check_passes(dir, &format!("plan import killed at {ms} ms"));
        let after = count(dir, "SELECT COUNT(*) FROM documents");
        assert!(after == before || after == before + 1, "{ms} ms: {before} → {after} documents");
        if after == before + 1 {
            let tasks = count(dir, "SELECT COUNT(*) FROM tasks");
            assert!(tasks > 0, "a stored plan has its tasks");
        } else {
            cut += usize::from(!finished);
        }
        if after > 0 {
            // Start again from an empty registry-only database for the next kill point.
            for ext in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{ext}", dir.join("cchc.db").display()));
            }
            ok(dir, &["unit", "import", "--defaults"]);
        }
    }
    eprintln!("plan imports cut by SIGKILL before commit: {cut} of {}", KILL_AFTER_MS.len());
}
