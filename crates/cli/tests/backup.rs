//! `cchc backup`, `cchc restore` and `cchc audit verify` with the anchor file, end to end on
//! SQLite, and through `pg_dump` / `pg_restore` on PostgreSQL when `CCHC_TEST_DATABASE_URL`
//! is set (and the client tools are installed).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cchc"));
    c.env_remove("CCHC_DATABASE_URL").env("CCHC_LOG_LEVEL", "warn");
    c
}

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> Dir {
    use rand::Rng;
    let d =
        std::env::temp_dir().join(format!("cchc-bak-{}-{:08x}", std::process::id(), rand::thread_rng().gen::<u32>()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    Dir(d)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// The backup directory `cchc backup` printed.
fn backup_dir(o: &Output) -> String {
    let t = text(o);
    let rest = t.split("Đã sao lưu vào ").nth(1).unwrap_or_else(|| panic!("{t}"));
    rest.split(" (").next().unwrap_or_default().to_string()
}

fn tokio_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"))
}

/// Cuts the newest audit entries and rewrites the head to match, as someone with file access
/// could: the chain in the database still verifies, the published anchor does not.
fn cut_tail(db: &Path, keep: i64) {
    tokio_rt().block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for sql in [
            "DROP TRIGGER audit_log_no_delete".to_string(),
            format!("DELETE FROM audit_log WHERE seq > {keep}"),
            format!("UPDATE audit_head SET seq = {keep}, hash = (SELECT hash FROM audit_log WHERE seq = {keep}) WHERE id = 1"),
        ] {
            sqlx::query(&sql).execute(&mut c).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
    });
}

#[test]
fn backup_restore_and_the_anchor_on_sqlite() {
    let d = tempdir();
    let data = d.0.join("data");
    let data_s = data.display().to_string();
    let o = run(&["--data-dir", &data_s, "unit", "import", "--defaults"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["--data-dir", &data_s, "user", "add", "--login", "quantri", "--name", "Quản trị", "--role", "admin"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["--data-dir", &data_s, "backup"]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = backup_dir(&o);
    assert!(Path::new(&dir).join("manifest.json").exists() && Path::new(&dir).join("cchc.db").exists());
    assert!(data.join("backups").join("audit-anchors.jsonl").exists(), "the backup published the chain head");

    let o = run(&["--data-dir", &data_s, "audit", "verify"]);
    assert!(o.status.success() && text(&o).contains("1 mốc"), "{}", text(&o));

    // Restore into a new directory: everything there, the chain verifying.
    let restored = d.0.join("restored").display().to_string();
    let o = run(&["--data-dir", &restored, "restore", &dir]);
    assert!(o.status.success() && text(&o).contains("Nhật ký nguyên vẹn"), "{}", text(&o));
    let o = run(&["--data-dir", &restored, "user", "list"]);
    assert!(text(&o).contains("quantri"), "{}", text(&o));
    let o = run(&["--data-dir", &restored, "restore", &dir]);
    assert!(!o.status.success() && text(&o).contains("không trống"), "{}", text(&o));

    // Cutting the tail of the live log (head rewritten) is caught by the anchor alone.
    cut_tail(&data.join("cchc.db"), 1);
    let anchor = data.join("backups").join("audit-anchors.jsonl").display().to_string();
    let o = run(&["--data-dir", &data_s, "audit", "verify", "--anchor", &anchor]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(text(&o).contains("mốc đã công bố"), "{}", text(&o));
    let o = run(&["--data-dir", &data_s, "audit", "verify"]);
    assert_eq!(o.status.code(), Some(3), "the configured anchor file is used by default: {}", text(&o));
    let o = run(&["--data-dir", &data_s, "audit", "verify", "--anchor", "/nonexistent/anchors.jsonl"]);
    assert!(!o.status.success());
}

#[test]
fn backup_and_restore_through_pg_dump() {
    let Some(test_url) = std::env::var("CCHC_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("CCHC_TEST_DATABASE_URL not set: PostgreSQL backup test skipped");
        return;
    };
    if Command::new("pg_dump").arg("--version").output().is_err() {
        eprintln!("pg_dump not installed: PostgreSQL backup test skipped");
        return;
    }
    use rand::Rng;
    let tag = rand::thread_rng().gen::<u32>();
    let (src, dst) = (format!("cchc_bak_src_{tag:08x}"), format!("cchc_bak_dst_{tag:08x}"));
    let (prefix, _) = test_url.rsplit_once('/').unwrap_or_else(|| panic!("bad url"));
    let admin = |sql: String| {
        let test_url = test_url.clone();
        tokio_rt().block_on(async move {
            use sqlx::Connection;
            let mut c = sqlx::PgConnection::connect(&test_url).await.unwrap_or_else(|e| panic!("{e}"));
            sqlx::query(&sql).execute(&mut c).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        })
    };
    admin(format!("CREATE DATABASE {src}"));
    admin(format!("CREATE DATABASE {dst}"));
    let (src_url, dst_url) = (format!("{prefix}/{src}"), format!("{prefix}/{dst}"));
    let d = tempdir();
    let dir_s = d.0.join("backups").display().to_string();
    let o = run(&["--database-url", &src_url, "unit", "import", "--defaults"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&["--database-url", &src_url, "backup", "--dir", &dir_s]);
    assert!(o.status.success(), "{}", text(&o));
    let dir = backup_dir(&o);
    assert!(Path::new(&dir).join("database.pgdump").exists());
    let o = run(&["--database-url", &dst_url, "restore", &dir]);
    assert!(o.status.success() && text(&o).contains("Nhật ký nguyên vẹn"), "{}", text(&o));
    let exported =
        |url: &str| String::from_utf8_lossy(&run(&["--database-url", url, "unit", "export"]).stdout).to_string();
    let (before, after) = (exported(&src_url), exported(&dst_url));
    assert!(before.lines().count() > 100 && before == after, "the restored registry is the backed-up one");
    // The source is not empty: pg_restore refuses and nothing changes.
    let o = run(&["--database-url", &src_url, "restore", &dir]);
    assert!(!o.status.success(), "{}", text(&o));
    admin(format!("DROP DATABASE {src} WITH (FORCE)"));
    admin(format!("DROP DATABASE {dst} WITH (FORCE)"));
}
