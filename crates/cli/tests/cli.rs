//! The `cchc` binary end to end: configuration, accounts, registry files, the audit check,
//! and two server processes sharing sessions through one PostgreSQL database.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

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
        std::env::temp_dir().join(format!("cchc-cli-{}-{:08x}", std::process::id(), rand::thread_rng().gen::<u32>()));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    Dir(d)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    bin().arg("--data-dir").arg(dir).args(args).output().unwrap_or_else(|e| panic!("{e}"))
}

fn run_stdin(dir: &Path, args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{e}"));
    child.stdin.take().map(|mut s| s.write_all(input.as_bytes()));
    child.wait_with_output().unwrap_or_else(|e| panic!("{e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn config_example_and_show() {
    let d = tempdir();
    let o = run(&d.0, &["config", "example"]);
    assert!(o.status.success());
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(t.contains("[security]") && t.contains("database_url = \"\""));
    let o = bin()
        .args(["--database-url", "postgres://cchc:hunter2@db/cchc", "config", "show"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let t = text(&o);
    assert!(t.contains("postgres://cchc:***@db/cchc") && !t.contains("hunter2"), "{t}");
    let o = bin().env("CCHC_LISTN", "x").args(["config", "show"]).output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("CCHC_LISTN"));
}

#[test]
fn registry_files_users_and_the_audit_check() {
    let d = tempdir();
    let reg = d.0.join("units.csv");
    std::fs::write(&reg, "code,kind,parent_code,name,abbreviations\nX,province,,Tỉnh X,\nX-SNV,department,X,Sở Nội vụ,SNV\nX-STC,department,X,Sở Tài chính,STC\n").unwrap_or_default();
    let o = run(&d.0, &["unit", "import", reg.to_str().unwrap_or_default()]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("thêm 3 đơn vị"));
    // Unknown units in an import file: every bad line reported, nothing written.
    let bad = d.0.join("bad.csv");
    std::fs::write(&bad, "code,kind,parent_code,name\nX-SYT,department,X,Sở Y tế\nX-SGD,department,KHONG-CO,Sở Giáo dục\nX-SXD,department,X,Sở Xây dựng,thừa\n").unwrap_or_default();
    let o = run(&d.0, &["unit", "import", bad.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(2));
    let t = text(&o);
    assert!(t.contains("dòng 3") && t.contains("KHONG-CO"), "{t}");
    let o = run(&d.0, &["unit", "export"]);
    let exported = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(exported.contains("X-STC") && !exported.contains("X-SYT"), "the bad file wrote nothing");

    let o = run_stdin(
        &d.0,
        &[
            "user",
            "add",
            "--login",
            "dau.moi",
            "--name",
            "Đầu mối",
            "--role",
            "unit_focal",
            "--unit",
            "X-STC",
            "--stdin",
        ],
        "mat-khau-dau-moi\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(&d.0, &["user", "add", "--login", "lanh.dao", "--name", "Lãnh đạo", "--role", "leader"]);
    assert!(o.status.success());
    assert!(text(&o).contains("Mật khẩu: "), "a generated password is printed");
    let o = run(&d.0, &["user", "add", "--login", "x1", "--name", "X", "--role", "root"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&d.0, &["user", "add", "--login", "x2", "--name", "X", "--role", "unit_head"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("phải gắn với một đơn vị"));
    let o = run(&d.0, &["user", "list"]);
    assert!(text(&o).contains("dau.moi") && text(&o).contains("lanh.dao"));

    let o = run(&d.0, &["audit", "verify"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Nhật ký nguyên vẹn"));
    tamper(&d.0.join("cchc.db"), "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2");
    let o = run(&d.0, &["audit", "verify"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(text(&o).contains("PHÁT HIỆN CAN THIỆP") && text(&o).contains("số 2"), "{}", text(&o));
}

/// Edits the SQLite file directly, as someone with file access could.
fn tamper(db: &Path, sql: &str) {
    let rt = tokio_rt();
    rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", db.display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query("DROP TRIGGER audit_log_no_update").execute(&mut c).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query(sql).execute(&mut c).await.unwrap_or_else(|e| panic!("{e}"));
    });
}

fn tokio_rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"))
}

/// A `cchc serve` process; killed when dropped.
struct Node {
    child: Child,
    base: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, url: &str, demo: bool) -> Node {
    let mut cmd = bin();
    cmd.arg("--data-dir").arg(dir).args(["--database-url", url, "serve", "--listen", "127.0.0.1:0"]);
    if demo {
        cmd.arg("--demo").env("CCHC_DEMO_PASSWORD", "mat-khau-demo-2025");
    }
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap_or_else(|e| panic!("{e}"));
    let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let mut base = String::new();
    for line in BufReader::new(stdout).lines().map_while(Result::ok) {
        if let Some(rest) = line.strip_prefix("cchc đang chạy tại ") {
            base = rest.trim_end_matches('/').to_string();
            break;
        }
    }
    assert!(!base.is_empty(), "server did not start");
    Node { child, base }
}

#[test]
fn two_nodes_on_one_postgres_share_sessions() {
    let Some(test_url) = std::env::var("CCHC_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("CCHC_TEST_DATABASE_URL not set: two-node PostgreSQL test skipped");
        return;
    };
    use rand::Rng;
    let db = format!("cchc_nodes_{:08x}", rand::thread_rng().gen::<u32>());
    let admin = tokio_rt();
    admin.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&test_url).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query(&format!("CREATE DATABASE {db}")).execute(&mut c).await.unwrap_or_else(|e| panic!("{e}"));
    });
    let (prefix, _) = test_url.rsplit_once('/').unwrap_or_else(|| panic!("bad url"));
    let url = format!("{prefix}/{db}");
    let d = tempdir();
    {
        let a = serve(&d.0, &url, true);
        let b = serve(&d.0, &url, false);
        let rt = tokio_rt();
        rt.block_on(async {
            let client = reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let page = client
                .get(format!("{}/login", a.base))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
                .text()
                .await
                .unwrap_or_default();
            let token = page
                .split("name=\"_csrf\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_string();
            let r = client
                .post(format!("{}/login", a.base))
                .form(&[("_csrf", token.as_str()), ("login", "admin"), ("password", "mat-khau-demo-2025")])
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.status(), 303, "login on node A");
            // The cookie from node A is a valid session on node B (same host, other port).
            let cookie = r
                .headers()
                .get_all("set-cookie")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find(|c| c.starts_with("cchc_session="))
                .and_then(|c| c.split(';').next())
                .unwrap_or_default()
                .to_string();
            let plain = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let r = plain
                .get(format!("{}/admin/users", b.base))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.status(), 200, "node B accepts node A's session");
            let html = r.text().await.unwrap_or_default();
            assert!(html.contains("taichinh"), "node B reads the same database");
            // Logging out on B ends the session on A too.
            let token = html
                .split("name=\"_csrf\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or_default()
                .to_string();
            let r = plain
                .post(format!("{}/logout", b.base))
                .header("cookie", &cookie)
                .form(&[("_csrf", token.as_str())])
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.status(), 303);
            let r = plain
                .get(format!("{}/admin/users", a.base))
                .header("cookie", &cookie)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(r.status(), 303, "node A no longer knows the session");
        });
    }
    admin.block_on(async {
        use sqlx::Connection;
        if let Ok(mut c) = sqlx::PgConnection::connect(&test_url).await {
            let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).execute(&mut c).await;
        }
    });
}

const SEED_004: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../documents/seeds/004_52ac1802baa48ef1.txt");

#[test]
fn importing_documents_dry_run_idempotent_and_revised() {
    let d = tempdir();
    // Dry run: JSON on stdout, summary on stderr, nothing stored (no database created).
    let o = run(&d.0, &["import", SEED_004, "--dry-run", "--format", "json"]);
    assert!(o.status.success(), "{}", text(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(v["document"]["number"], "5016/TB-VPUBND");
    let tasks = v["tasks"].as_array().cloned().unwrap_or_default();
    assert_eq!(tasks.len(), 19);
    for key in
        ["code", "title", "lead", "lead_text", "coordinating", "coordinating_text", "deadline", "budget", "source"]
    {
        assert!(tasks[0].get(key).is_some(), "task JSON has {key}");
    }
    let tc = tasks
        .iter()
        .find(|t| t["lead_text"].as_str().is_some_and(|l| l.starts_with("Sở Tài chính")))
        .unwrap_or_else(|| panic!("Sở Tài chính"));
    assert_eq!(tc["deadline"]["due"], "2025-06-30");
    assert!(String::from_utf8_lossy(&o.stderr).contains("nhiệm vụ: 19"));
    assert!(!d.0.join("cchc.db").exists(), "a dry run stores nothing");
    let tc_lead = tc["lead"].as_array().cloned().unwrap_or_default();
    assert_eq!(tc_lead, vec![serde_json::json!("Sở Tài chính")], "resolved with the default registry");

    // Storing needs a registry to assign tasks to.
    let o = run(&d.0, &["import", SEED_004]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("danh mục đơn vị đang trống"), "{}", text(&o));
    let o = run(&d.0, &["unit", "import", "--defaults"]);
    assert!(o.status.success() && text(&o).contains("Đã nhập danh mục mặc định"), "{}", text(&o));
    // Real import, then the same file again: nothing changes.
    let o = run(&d.0, &["import", SEED_004]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Đã nhập Thông báo kết luận 5016/TB-VPUBND"), "{}", text(&o));
    let o = run(&d.0, &["import", SEED_004]);
    assert!(text(&o).contains("không có thay đổi"), "{}", text(&o));

    // A revised copy: the diff is shown and nothing is applied without --yes.
    let revised = d.0.join("004-sua.txt");
    let original = std::fs::read_to_string(SEED_004).unwrap_or_default();
    std::fs::write(&revised, original.replacen("trước ngày 30/6/2025", "trước ngày 31/7/2025", 1)).unwrap_or_default();
    let o = run(&d.0, &["import", revised.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let t = text(&o);
    assert!(t.contains("bản sửa đổi") && t.contains("deadline") && t.contains("31/7/2025"), "{t}");
    let o = run(&d.0, &["import", revised.to_str().unwrap_or_default(), "--yes"]);
    assert!(text(&o).contains("lên phiên bản 2"), "{}", text(&o));

    // Bad input: a clear message, exit code 2.
    let pdf = d.0.join("x.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 binary").unwrap_or_default();
    let o = run(&d.0, &["import", pdf.to_str().unwrap_or_default(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("PDF"));
}
