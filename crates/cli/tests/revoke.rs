//! Sessions end at once on every app node: two `cchc serve` processes on one PostgreSQL
//! database, each caching sessions for 30 seconds; a logout on one node refuses the session
//! on the other at once (the database announces ended sessions), and so do a password change
//! and a deactivated account. The API's per-token rate limit is one limit for all nodes.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

const PASSWORD: &str = "mat-khau-demo-2025";

/// A `cchc serve` process; killed (by its own pid) when dropped.
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

fn serve(dir: &std::path::Path, url: &str, demo: bool) -> Node {
    serve_with(dir, url, demo, &[])
}

fn serve_with(dir: &std::path::Path, url: &str, demo: bool, env: &[(&str, &str)]) -> Node {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cchc"));
    cmd.envs(env.iter().copied())
        .env_remove("CCHC_DATABASE_URL")
        .env("CCHC_LOG_LEVEL", "warn")
        .env("CCHC_SECURITY_SESSION_CACHE_SECONDS", "30")
        .arg("--data-dir")
        .arg(dir)
        .args(["--database-url", url, "serve", "--listen", "127.0.0.1:0"]);
    if demo {
        cmd.arg("--demo").env("CCHC_DEMO_PASSWORD", PASSWORD);
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

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap_or_else(|e| panic!("{e}"))
}

fn csrf_of(html: &str) -> String {
    html.split("name=\"_csrf\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default().to_string()
}

/// Logs in on `base`; returns the `cchc_session=…` cookie.
async fn login(base: &str, login: &str) -> String {
    let c = client();
    let r = c.get(format!("{base}/login")).send().await.unwrap_or_else(|e| panic!("{e}"));
    let anon = cookie(&r, "cchc_csrf");
    let token = anon.split_once('=').map(|(_, v)| v.to_string()).unwrap_or_default();
    let r = c
        .post(format!("{base}/login"))
        .header("cookie", &anon)
        .form(&[("_csrf", token.as_str()), ("login", login), ("password", PASSWORD)])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), 303, "login of {login}");
    cookie(&r, "cchc_session")
}

fn cookie(r: &reqwest::Response, name: &str) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_string()
}

async fn get(base: &str, path: &str, cookie: &str) -> (u16, String) {
    let r =
        client().get(format!("{base}{path}")).header("cookie", cookie).send().await.unwrap_or_else(|e| panic!("{e}"));
    (r.status().as_u16(), r.text().await.unwrap_or_default())
}

async fn post(base: &str, path: &str, cookie: &str, form: &[(&str, &str)]) -> u16 {
    let r = client()
        .post(format!("{base}{path}"))
        .header("cookie", cookie)
        .form(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    r.status().as_u16()
}

/// Node A refuses `cookie` (redirects to the login page). The notification travels from
/// the database to node A's listener while the test's next request is on its way; the few
/// tries cover that hop, and are far shorter than the 30-second cache the test would
/// otherwise wait for.
async fn refused_on(base: &str, cookie: &str) -> bool {
    for _ in 0..20 {
        if get(base, "/tasks", cookie).await.0 == 303 {
            return true;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    false
}

/// A session cached by node A (used there twice), then ended (on node B) by `end`.
async fn check_ended_everywhere(a: &str, who: &str, end: impl AsyncFnOnce(&str)) {
    let session = login(a, who).await;
    assert_eq!(get(a, "/tasks", &session).await.0, 200, "{who}: node A serves the session (and caches it)");
    assert_eq!(get(a, "/tasks", &session).await.0, 200, "{who}: still served from the cache");
    end(&session).await;
    assert!(refused_on(a, &session).await, "{who}: node A still serves a session ended on node B");
}

/// A database of its own on the test server and a data directory, both removed when dropped;
/// `None` (the test is skipped) without `CCHC_TEST_DATABASE_URL`.
struct Scratch {
    rt: tokio::runtime::Runtime,
    admin_url: String,
    db: String,
    url: String,
    dir: std::path::PathBuf,
}

fn scratch(name: &str) -> Option<Scratch> {
    let Some(admin_url) = std::env::var("CCHC_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("CCHC_TEST_DATABASE_URL not set: {name} test skipped");
        return None;
    };
    use rand::Rng;
    let tag = format!("{:08x}", rand::thread_rng().gen::<u32>());
    let db = format!("cchc_{name}_{tag}");
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(admin_sql(&admin_url, &format!("CREATE DATABASE {db}")));
    let (prefix, _) = admin_url.rsplit_once('/').unwrap_or_else(|| panic!("bad url"));
    let url = format!("{prefix}/{db}");
    let dir = std::env::temp_dir().join(format!("cchc-{name}-{tag}"));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    Some(Scratch { rt, admin_url, db, url, dir })
}

impl Drop for Scratch {
    fn drop(&mut self) {
        self.rt.block_on(admin_sql(&self.admin_url, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.db)));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn sessions_end_at_once_on_every_node() {
    let Some(sc) = scratch("revoke") else { return };
    let (rt, url, dir) = (&sc.rt, &sc.url, &sc.dir);
    {
        let a = serve(dir, url, true);
        let b = serve(dir, url, false);
        let (a, b) = (a.base.clone(), b.base.clone());
        rt.block_on(async {
            // Logout on B.
            check_ended_everywhere(&a, "taichinh", async |s: &str| {
                let token = csrf_of(&get(&b, "/", s).await.1);
                assert_eq!(post(&b, "/logout", s, &[("_csrf", &token)]).await, 303, "logout on node B");
            })
            .await;
            // The user's own password change on B ends their other sessions.
            let other = login(&a, "tuphap").await;
            check_ended_everywhere(&a, "tuphap", async |_: &str| {
                let s = login(&b, "tuphap").await;
                let token = csrf_of(&get(&b, "/account/password", &s).await.1);
                let form = [
                    ("_csrf", token.as_str()),
                    ("current", PASSWORD),
                    ("new", "mat-khau-moi-2025-x"),
                    ("confirm", "mat-khau-moi-2025-x"),
                ];
                let status = post(&b, "/account/password", &s, &form).await;
                assert_eq!(status, 303, "password change on node B");
            })
            .await;
            assert!(refused_on(&a, &other).await, "every other session of the user ends");
            // The administrator deactivates an account on B.
            check_ended_everywhere(&a, "giamdoc.taichinh", async |_: &str| {
                let admin = login(&b, "admin").await;
                let (_, users) = get(&b, "/admin/users", &admin).await;
                let id = user_id(&users, "giamdoc.taichinh");
                let (_, form) = get(&b, &format!("/admin/users/{id}"), &admin).await;
                let token = csrf_of(&form);
                let fields = edit_fields(&form, &token);
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                assert_eq!(post(&b, &format!("/admin/users/{id}"), &admin, &pairs).await, 303, "deactivation");
            })
            .await;
        });
    }
}

async fn admin_sql(url: &str, sql: &str) {
    use sqlx::Connection;
    let mut c = sqlx::PgConnection::connect(url).await.unwrap_or_else(|e| panic!("{e}"));
    sqlx::query(sql).execute(&mut c).await.unwrap_or_else(|e| panic!("{e}"));
}

/// The id of `login` in the administrator's user list.
fn user_id(html: &str, login: &str) -> String {
    let end = format!("\">{login}</a>");
    let at = html.find(&end).unwrap_or_else(|| panic!("{login} not listed"));
    html[..at].rsplit("/admin/users/").next().unwrap_or_default().to_string()
}

/// The edit form's fields as they are, with the account unticked as active.
fn edit_fields(html: &str, csrf: &str) -> Vec<(String, String)> {
    let value = |name: &str| {
        html.split(&format!("name=\"{name}\""))
            .nth(1)
            .and_then(|s| s.split("value=\"").nth(1))
            .and_then(|s| s.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    let selected = |name: &str| {
        let select = html
            .split(&format!("name=\"{name}\""))
            .nth(1)
            .and_then(|s| s.split("</select>").next())
            .unwrap_or_default();
        select
            .split("<option value=\"")
            .filter(|o| o.contains("\" selected>"))
            .find_map(|o| o.split('"').next())
            .unwrap_or_default()
            .to_string()
    };
    vec![
        ("_csrf".into(), csrf.into()),
        ("full_name".into(), value("full_name")),
        ("email".into(), value("email")),
        ("role".into(), selected("role")),
        ("unit_id".into(), selected("unit_id")),
    ]
}

/// A personal access token with `units`-reading scope, made through the account page of `base`.
async fn api_token(base: &str, who: &str) -> String {
    let session = login(base, who).await;
    let token = csrf_of(&get(base, "/account/tokens", &session).await.1);
    let r = client()
        .post(format!("{base}/account/tokens"))
        .header("cookie", &session)
        .form(&[("_csrf", token.as_str()), ("name", "Đồng bộ"), ("scopes", "registry:read"), ("days", "30")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let html = if r.status().is_redirection() {
        let to = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("/account/tokens").to_string();
        get(base, &to, &session).await.1
    } else {
        r.text().await.unwrap_or_default()
    };
    let secret = html.split("<code class=\"secret\">").nth(1).and_then(|s| s.split('<').next()).unwrap_or_default();
    assert!(!secret.is_empty(), "the new token is shown once");
    secret.to_string()
}

#[test]
fn the_api_rate_limit_is_one_limit_across_nodes() {
    let Some(sc) = scratch("rate") else { return };
    let (rt, url, dir) = (&sc.rt, &sc.url, &sc.dir);
    {
        let limit = [("CCHC_LIMITS_API_REQUESTS_PER_MINUTE", "4")];
        let a = serve_with(dir, url, true, &limit);
        let b = serve_with(dir, url, false, &limit);
        rt.block_on(async {
            let secret = api_token(&a.base, "vanphong").await;
            // The limit counts per clock minute: start early in one, so all requests share it.
            let second = chrono::Utc::now().timestamp().rem_euclid(60);
            if second > 45 {
                tokio::time::sleep(std::time::Duration::from_secs((61 - second) as u64)).await;
            }
            let call = |base: String| {
                let secret = secret.clone();
                async move {
                    client()
                        .get(format!("{base}/api/v1/units"))
                        .bearer_auth(secret)
                        .send()
                        .await
                        .unwrap_or_else(|e| panic!("{e}"))
                }
            };
            for (i, base) in [&a.base, &b.base, &a.base, &b.base].into_iter().enumerate() {
                assert_eq!(call(base.clone()).await.status().as_u16(), 200, "request {} of 4", i + 1);
            }
            // Each node has seen only two, but the token has used its four.
            for base in [&a.base, &b.base] {
                let r = call(base.clone()).await;
                assert_eq!(r.status().as_u16(), 429, "past the limit on {base}");
                let wait: u64 = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(0);
                assert!((1..=60).contains(&wait), "Retry-After {wait}");
            }
        });
    }
}
