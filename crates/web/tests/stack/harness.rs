//! A running server and logged-in clients.

use std::net::SocketAddr;

use cchc_app::config::Config;
use cchc_storage::{connect, ConnectOptions, DynStore};
use reqwest::redirect::Policy;
use reqwest::{Client, Response, StatusCode};

pub const PASSWORD: &str = "mat-khau-demo-2025";

pub struct Server {
    pub base: String,
    pub store: DynStore,
    /// The node's index-766 engine (what its pages compute 766 figures with).
    pub kpi: std::sync::Arc<cchc_app::kpi::KpiService>,
    /// The node's page cache: a test that writes through `store` behind the server's back
    /// calls [`Server::written_behind`], as a request through this node would have.
    views: std::sync::Arc<cchc_web::cache::ViewCache>,
    dir: std::path::PathBuf,
}

impl Server {
    /// Tells the node that data changed without a request through it.
    pub fn written_behind(&self) {
        self.views.invalidate();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

pub async fn start() -> Server {
    start_with(Config::default()).await
}

pub async fn start_with(mut config: Config) -> Server {
    use rand::Rng;
    // Errors the server logs (an internal error behind a 500) show in a failing test's output.
    let _ = tracing_subscriber::fmt().with_env_filter("error").with_test_writer().try_init();
    let dir =
        std::env::temp_dir().join(format!("cchc-web-{}-{:08x}", std::process::id(), rand::thread_rng().gen::<u32>()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    config.data_dir = dir.clone();
    let url = config.effective_database_url();
    let store = connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    cchc_app::demo::seed(&store, Some(PASSWORD)).await.unwrap_or_else(|e| panic!("{e}"));
    let state = cchc_web::AppState::new(store.clone(), config).unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr: SocketAddr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    let views = state.views.clone();
    let kpi = state.kpi.clone();
    tokio::spawn(cchc_web::serve(state, listener));
    Server { base: format!("http://{addr}"), store, kpi, views, dir }
}

/// A browser-like client: cookies kept, redirects not followed (tests check them).
pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    pub fn new(server: &Server) -> Browser {
        let client =
            Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap_or_else(|e| panic!("{e}"));
        Browser { client, base: server.base.clone() }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    pub async fn text(&self, path: &str) -> (StatusCode, String) {
        let r = self.get(path).await;
        let s = r.status();
        (s, r.text().await.unwrap_or_default())
    }

    /// The CSRF token of the form on `path`.
    pub async fn csrf(&self, path: &str) -> String {
        let (_, html) = self.text(path).await;
        csrf_in(&html).unwrap_or_else(|| panic!("no CSRF token on {path}"))
    }

    /// Posts a form with the given fields (add `_csrf` yourself, or use `submit`).
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
    }

    /// Posts a form with the CSRF token taken from `form_page`.
    pub async fn submit(&self, form_page: &str, action: &str, fields: &[(&str, &str)]) -> Response {
        let token = self.csrf(form_page).await;
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    pub async fn login(server: &Server, login: &str) -> Browser {
        let b = Browser::new(server);
        let r = b.submit("/login", "/login", &[("login", login), ("password", PASSWORD), ("next", "/")]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "login {login}");
        b
    }
}

pub fn csrf_in(html: &str) -> Option<String> {
    let i = html.find("name=\"_csrf\" value=\"")? + "name=\"_csrf\" value=\"".len();
    let end = html[i..].find('"')?;
    Some(html[i..i + end].to_string())
}

pub fn location(r: &Response) -> String {
    r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

pub async fn unit_id(server: &Server, code: &str) -> i64 {
    server.store.unit_by_code(code).await.unwrap_or_default().unwrap_or_else(|| panic!("unit {code}")).id
}
