//! Killed in the middle of a request over HTTP: a report save with files, a reorganisation.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use super::{bin, check_passes, count, tempdir, Dir};

const DEMO_PASSWORD: &str = "mat-khau-demo-2025";

/// A `cchc serve` on `dir` (no scheduled jobs); killed with SIGKILL when dropped.
struct Served {
    child: std::process::Child,
    addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &Path, demo: bool) -> Served {
    use std::io::BufRead;
    let mut c = bin(dir);
    c.env("CCHC_JOBS_ENABLED", "false").args(["serve", "--listen", "127.0.0.1:0"]);
    if demo {
        c.arg("--demo").env("CCHC_DEMO_PASSWORD", DEMO_PASSWORD);
    }
    let mut child = c.stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap_or_else(|e| panic!("{e}"));
    let out = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
    let addr = std::io::BufReader::new(out)
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("cchc đang chạy tại http://").map(|a| a.trim_end_matches('/').to_string()))
        .unwrap_or_else(|| panic!("the server did not start"));
    Served { child, addr }
}

/// Sends `head` and then `body` (the first `sent` bytes of it) on a new connection; with
/// `answer`, reads the whole reply.
fn send(addr: &str, head: &str, body: &[u8], sent: usize, answer: bool) -> (String, std::net::TcpStream) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap_or_else(|e| panic!("{e}"));
    s.write_all(head.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    s.write_all(&body[..sent]).unwrap_or_else(|e| panic!("{e}"));
    let mut reply = Vec::new();
    if answer {
        let _ = s.read_to_end(&mut reply);
    }
    (String::from_utf8_lossy(&reply).into_owned(), s)
}

fn request(addr: &str, method: &str, path: &str, cookie: &str, content_type: &str, body: &[u8]) -> String {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nCookie: {cookie}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    send(addr, &head, body, body.len(), true).0
}

fn header_cookie(reply: &str, name: &str) -> String {
    reply
        .lines()
        .filter_map(|l| l.strip_prefix("set-cookie: ").or_else(|| l.strip_prefix("Set-Cookie: ")))
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no cookie {name} in:\n{reply}"))
        .to_string()
}

/// Logs `login` in; the session cookie and the session's CSRF token (read from `page`).
fn login(addr: &str, login: &str, page: &str) -> (String, String) {
    let anon = header_cookie(&request(addr, "GET", "/login", "", "text/plain", b""), "cchc_csrf");
    let token = anon.split_once('=').map(|(_, v)| v).unwrap_or_default();
    let form = format!("_csrf={token}&login={login}&password={DEMO_PASSWORD}");
    let r = request(addr, "POST", "/login", &anon, "application/x-www-form-urlencoded", form.as_bytes());
    let session = header_cookie(&r, "cchc_session");
    let html = request(addr, "GET", page, &session, "text/plain", b"");
    let csrf = html.split("name=\"_csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
    assert!(!csrf.is_empty(), "no form on {page}:\n{html}");
    (session, csrf.to_string())
}

/// Copies the SQLite database of `from` into the fresh directory `to`.
fn copy_db(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for ext in ["", "-wal"] {
        let f = from.join(format!("cchc.db{ext}"));
        if f.exists() {
            std::fs::copy(&f, to.join(format!("cchc.db{ext}"))).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

fn text(dir: &Path, sql: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        use sqlx::Connection;
        let url = format!("sqlite://{}", dir.join("cchc.db").display());
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
        sqlx::query_scalar::<_, Option<String>>(sql).fetch_one(&mut c).await.unwrap_or_else(|e| panic!("{e}"))
    })
    .unwrap_or_default()
}

/// One form post to kill the server in the middle of: who posts, from which page, to where.
struct Post {
    login: &'static str,
    page: String,
    path: String,
    content_type: String,
    /// The body, with `{csrf}` for the session's token.
    body: Vec<u8>,
}

/// Kill points: a part of the body sent (per mille), then milliseconds after the whole body.
const CUT_BODY: [usize; 2] = [300, 900];
const KILL_AFTER_BODY_MS: [u64; 5] = [0, 10, 40, 120, 400];

/// Runs `post` to completion once (the reference state), then from the same starting state
/// kills the server at each kill point; after each kill `cchc check` passes and `state` (the
/// rows the post writes, audit entries included) is either the starting one or the
/// reference one. Returns how many kills cut the write off.
fn kill_during(base: &Path, post: impl Fn(&Path) -> Post, state: impl Fn(&Path) -> String) -> usize {
    let start = state(base);
    let run = |dir: &Path, cut: Option<usize>, wait_ms: u64| -> bool {
        copy_db(base, dir);
        let s = serve(dir, false);
        let p = post(dir);
        let (cookie, csrf) = login(&s.addr, p.login, &p.page);
        let body = String::from_utf8_lossy(&p.body).replace("{csrf}", &csrf).into_bytes();
        let head = format!(
            "POST {} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nCookie: {cookie}\r\nContent-Type: {}\r\n\
             Content-Length: {}\r\n\r\n",
            p.path,
            s.addr,
            p.content_type,
            body.len()
        );
        let sent = cut.map(|c| body.len() * c / 1000).unwrap_or(body.len());
        let answer = cut.is_none() && wait_ms == u64::MAX;
        let (reply, _conn) = send(&s.addr, &head, &body, sent, answer);
        if answer {
            assert!(reply.starts_with("HTTP/1.1 303"), "the post itself works:\n{reply}");
        } else {
            std::thread::sleep(Duration::from_millis(wait_ms));
        }
        drop(s); // SIGKILL
        answer
    };
    let d = tempdir();
    let reference = d.0.join("reference");
    run(&reference, None, u64::MAX);
    check_passes(&reference, "the post run to completion");
    let done = state(&reference);
    assert_ne!(done, start, "the post changes the rows it is checked on");
    let mut cut = 0;
    let points = CUT_BODY.iter().map(|c| (Some(*c), 0)).chain(KILL_AFTER_BODY_MS.iter().map(|ms| (None, *ms)));
    for (i, (part, ms)) in points.enumerate() {
        let dir = d.0.join(format!("kill-{i}"));
        run(&dir, part, ms);
        let at = match part {
            Some(c) => format!("{}‰ of the body sent", c),
            None => format!("{ms} ms after the body"),
        };
        check_passes(&dir, &format!("killed at {at}"));
        let now = state(&dir);
        assert!(now == start || now == done, "killed at {at}: {now}\nneither the start: {start}\nnor the end: {done}");
        cut += usize::from(now == start);
    }
    cut
}

/// The demo province (the Hà Tĩnh plan imported, the year replayed), made once by `serve --demo`.
fn demo_base(d: &Dir) -> PathBuf {
    drop(serve(&d.0, true));
    let base = d.0.join("demo");
    check_passes(&base, "the demo was made");
    base
}

#[test]
fn a_killed_report_save_with_files_leaves_all_or_nothing() {
    let d = tempdir();
    let base = demo_base(&d);
    let key = format!("{}-plan", cchc_app::tracking::today().format("%Y"));
    let b = "----cchc-crash-5c2e";
    let mut body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{{csrf}}\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"narrative\"\r\n\r\nKế hoạch CCHC của Sở Tài chính\r\n--{b}\r\n\
         Content-Disposition: form-data; name=\"submit\"\r\n\r\n0\r\n"
    )
    .into_bytes();
    for (i, fill) in [b'a', b'b'].into_iter().enumerate() {
        body.extend_from_slice(
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ke-hoach-{i}.pdf\"\r\n\
                 Content-Type: application/pdf\r\n\r\n%PDF-1.4\n"
            )
            .as_bytes(),
        );
        body.extend(std::iter::repeat_n(fill, 2 * 1024 * 1024));
        body.extend_from_slice(b"\n%%EOF\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    let post = |_: &Path| Post {
        login: "taichinh",
        page: format!("/reports/{key}"),
        path: format!("/reports/{key}"),
        content_type: format!("multipart/form-data; boundary={b}"),
        body: body.clone(),
    };
    let state = |dir: &Path| {
        let q = |sql: &str| count(dir, sql);
        format!(
            "{} reports of the key, {} report files ({} bytes), {} report audit entries",
            q(&format!("SELECT COUNT(*) FROM unit_reports WHERE period_key = '{key}'")),
            q("SELECT COUNT(*) FROM report_files"),
            q("SELECT COALESCE(SUM(size), 0) FROM report_files"),
            q("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'report.%'")
        )
    };
    let cut = kill_during(&base, post, state);
    eprintln!("report saves cut by SIGKILL before commit: {cut} of {}", CUT_BODY.len() + KILL_AFTER_BODY_MS.len());
    assert!(cut >= CUT_BODY.len(), "a body cut off never reaches the database");
}

#[test]
fn a_killed_reorganisation_leaves_all_or_nothing() {
    let d = tempdir();
    let base = demo_base(&d);
    let id = |code: &str| count(&base, &format!("SELECT id FROM units WHERE code = '{code}'"));
    let (stc, snv) = (id("HT-STC"), id("HT-SNV"));
    let open = format!("SELECT COUNT(*) FROM task_instances WHERE lead_unit_id = {stc} ");
    assert!(count(&base, &open) > 0, "the unit has open work to move");
    let today = cchc_app::tracking::today().format("%d/%m/%Y").to_string();
    let form = format!(
        "_csrf={{csrf}}&kind=merge&effective={}&target=existing&target_id={snv}&note=crash",
        today.replace('/', "%2F")
    );
    let post = |_: &Path| Post {
        login: "vanphong",
        page: format!("/units/{stc}/change"),
        path: format!("/units/{stc}/change"),
        content_type: "application/x-www-form-urlencoded".into(),
        body: form.clone().into_bytes(),
    };
    let state = |dir: &Path| {
        format!(
            "{} changes, {} unit audit entries, instances: {}",
            count(dir, "SELECT COUNT(*) FROM unit_changes"),
            count(dir, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'unit.%' OR action LIKE 'task.%'"),
            text(dir, "SELECT group_concat(id || ':' || COALESCE(lead_unit_id, '-'), ',') FROM (SELECT id, lead_unit_id FROM task_instances ORDER BY id)")
        )
    };
    let cut = kill_during(&base, post, state);
    eprintln!("reorganisations cut by SIGKILL before commit: {cut} of {}", CUT_BODY.len() + KILL_AFTER_BODY_MS.len());
    assert!(cut >= CUT_BODY.len(), "a body cut off never reaches the database");
}
