//! The JSON API end to end: tokens made on the account page and used by a machine, scopes,
//! the same visibility as the pages, version checks on writes, bad input answered with a
//! problem document and nothing stored, and every response checked against the OpenAPI
//! document the server publishes.

use cchc_storage::model::InstanceFilter;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};

use crate::harness::{start, start_with, unit_id, Browser, Server};

/// A machine client with a bearer token; every answer is checked against the document.
pub struct Api {
    pub client: reqwest::Client,
    pub base: String,
    pub token: String,
    doc: Value,
}

/// The document's operation for a concrete path (`/api/v1/tasks/7` → `/api/v1/tasks/{id}`).
fn operation<'a>(doc: &'a Value, method: &str, path: &str) -> Option<&'a Value> {
    let path = path.split('?').next().unwrap_or(path);
    let segs: Vec<&str> = path.split('/').collect();
    doc["paths"].as_object()?.iter().find_map(|(template, item)| {
        let t: Vec<&str> = template.split('/').collect();
        let fits = t.len() == segs.len() && t.iter().zip(&segs).all(|(a, b)| a.starts_with('{') || a == b);
        fits.then(|| item.get(method.to_ascii_lowercase())).flatten()
    })
}

/// Checks a response body against the document: the operation's schema for 2xx, the problem
/// schema for errors.
pub fn conforms(doc: &Value, method: &str, path: &str, status: StatusCode, body: &Value) {
    let defs = cchc_web::api::openapi::schemas(doc);
    let schema = if status.is_success() {
        let op = operation(doc, method, path).unwrap_or_else(|| panic!("{method} {path} is not documented"));
        op["responses"][status.as_str()]["content"]["application/json"]["schema"].clone()
    } else {
        json!({"$ref": "#/components/schemas/Problem"})
    };
    if status == StatusCode::NO_CONTENT || status == StatusCode::NOT_MODIFIED {
        return;
    }
    cchc_web::api::schema::validate(body, &schema, &defs)
        .unwrap_or_else(|e| panic!("{method} {path} {status}: {e}\n{body}"));
}

impl Api {
    pub async fn new(server: &Server, token: &str) -> Api {
        let client = reqwest::Client::new();
        let doc: Value = client
            .get(format!("{}/api/openapi.json", server.base))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        Api { client, base: server.base.clone(), token: token.to_string(), doc }
    }

    pub async fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut req = self.client.request(m, format!("{}{path}", self.base)).bearer_auth(&self.token);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        let r = req.send().await.unwrap_or_else(|e| panic!("{method} {path}: {e}"));
        self.read(method, path, r).await
    }

    pub async fn read(&self, method: &str, path: &str, r: Response) -> (StatusCode, Value) {
        let status = r.status();
        let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let text = r.text().await.unwrap_or_default();
        let body: Value = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {text}"))
        };
        if !status.is_success() && status != StatusCode::NOT_MODIFIED {
            assert_eq!(ct, "application/problem+json", "{method} {path} {status}");
        }
        conforms(&self.doc, method, path, status, &body);
        (status, body)
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send("GET", path, None, &[]).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        self.send("POST", path, Some(body), &[]).await
    }
}

/// Creates a token on the account page of `login` and returns it as shown (once).
pub async fn token_for(server: &Server, login: &str, scopes: &[&str]) -> String {
    let b = Browser::login(server, login).await;
    let mut fields = vec![("name", "Đồng bộ iGate"), ("days", "30")];
    fields.extend(scopes.iter().map(|s| ("scopes", *s)));
    let r = b.submit("/account/tokens", "/account/tokens", &fields).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    let i = html.find("cchc_").unwrap_or_else(|| panic!("token shown: {html}"));
    html[i..i + 5 + 64].to_string()
}

async fn lead_instance(s: &Server, unit: &str) -> cchc_storage::model::InstanceRecord {
    let u = unit_id(s, unit).await;
    let f = InstanceFilter { unit_id: Some(u), lead_only: true, active_only: true, ..Default::default() };
    let all = s.store.list_instances(&f).await.unwrap_or_default();
    all.into_iter()
        .find(|i| i.progress.state.code() == "not_started")
        .unwrap_or_else(|| panic!("an untouched task of {unit}"))
}

#[tokio::test]
async fn a_token_is_shown_once_stored_hashed_used_and_revoked() {
    let s = start().await;
    let secret = token_for(&s, "taichinh", &["tasks:read", "tasks:write"]).await;
    let b = Browser::login(&s, "taichinh").await;
    let (_, page) = b.text("/account/tokens").await;
    assert!(page.contains("Đồng bộ iGate") && !page.contains(&secret), "listed, never shown again");
    let api = Api::new(&s, &secret).await;
    let (st, tasks) = api.get("/api/v1/tasks").await;
    assert_eq!(st, StatusCode::OK);
    let own = unit_id(&s, "HT-STC").await;
    assert!(!tasks["items"].as_array().unwrap_or(&vec![]).is_empty());
    // Revoked on the page: refused at once, saying why.
    let tokens = s.store.list_tokens(None).await.unwrap_or_default();
    assert_eq!(tokens.len(), 1);
    let id = tokens[0].id;
    let r = b.submit("/account/tokens", &format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (st, p) = api.get("/api/v1/tasks").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(p["detail"].as_str().unwrap_or("").contains("thu hồi"), "{p}");
    let (st, p) = api.send("GET", "/api/v1/tasks", None, &[("accept-language", "en")]).await;
    assert_eq!((st, p["detail"].as_str()), (StatusCode::UNAUTHORIZED, Some("The access token has been revoked.")));
    // Someone else cannot revoke (or see) it.
    let other = Browser::login(&s, "vanphong").await;
    let r = other.submit("/account/tokens", &format!("/account/tokens/{id}/revoke"), &[]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let _ = own;
}

#[tokio::test]
async fn expired_unknown_and_malformed_tokens_are_refused() {
    let s = start().await;
    let user = s
        .store
        .user_credentials("taichinh")
        .await
        .unwrap_or_default()
        .map(|(u, _)| u)
        .unwrap_or_else(|| panic!("user"));
    let past = chrono::Utc::now() - chrono::Duration::days(40);
    let secret = "cchc_expired_token_for_the_test";
    let new = cchc_storage::model_tokens::NewApiToken {
        user_id: user.id,
        name: "Cũ".into(),
        token_hash: cchc_app::password::token_hash(secret),
        scopes: cchc_domain::api_token::Scopes::parse("tasks:read"),
        created_at: past,
        expires_at: past + chrono::Duration::days(30),
    };
    s.store.create_token(&cchc_domain::user::Actor::user(&user), &new).await.unwrap_or_else(|e| panic!("{e}"));
    let (st, p) = Api::new(&s, secret).await.get("/api/v1/tasks").await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(p["detail"].as_str().unwrap_or("").contains("hết hạn"), "{p}");
    let (st, p) = Api::new(&s, "cchc_nothing").await.get("/api/v1/units").await;
    assert_eq!((st, p["detail"].as_str()), (StatusCode::UNAUTHORIZED, Some("Mã truy cập không đúng.")));
    let api = Api::new(&s, "x").await;
    let r = api
        .client
        .get(format!("{}/api/v1/units", s.base))
        .header("authorization", "Basic eDp5")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (st, p) = api.read("GET", "/api/v1/units", r).await;
    assert_eq!(st, StatusCode::UNAUTHORIZED);
    assert!(p["detail"].as_str().unwrap_or("").contains("Bearer"));
    // No credentials at all: 401 as a problem document, not a redirect to the login page.
    let r = api.client.get(format!("{}/api/v1/units", s.base)).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.read("GET", "/api/v1/units", r).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn scopes_narrow_what_a_token_may_do() {
    let s = start().await;
    let read_only = Api::new(&s, &token_for(&s, "taichinh", &["tasks:read"]).await).await;
    let inst = lead_instance(&s, "HT-STC").await;
    let (st, _) = read_only.get(&format!("/api/v1/tasks/{}", inst.id)).await;
    assert_eq!(st, StatusCode::OK);
    let (st, p) = read_only
        .post(&format!("/api/v1/tasks/{}/progress", inst.id), &json!({"version": inst.version, "note": "x"}))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    assert!(p["detail"].as_str().unwrap_or("").contains("tasks:write"), "{p}");
    let (st, _) = read_only.get("/api/v1/units").await;
    assert_eq!(st, StatusCode::FORBIDDEN, "no registry scope");
    // A scope never widens the role: a unit's token cannot read the audit log.
    let audit = Api::new(&s, &token_for(&s, "taichinh", &["audit:read"]).await).await;
    assert_eq!(audit.get("/api/v1/audit").await.0, StatusCode::FORBIDDEN);
    let admin = Api::new(&s, &token_for(&s, "admin", &["audit:read"]).await).await;
    let (st, log) = admin.get("/api/v1/audit?action=token.&limit=2").await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(log["items"].as_array().map(Vec::len), Some(2));
    assert!(log["next_cursor"].is_string(), "four tokens were created: more pages");
}

#[tokio::test]
async fn a_unit_token_sees_only_its_units_tasks() {
    let s = start().await;
    let own = unit_id(&s, "HT-STC").await;
    let api = Api::new(&s, &token_for(&s, "taichinh", &["tasks:read"]).await).await;
    let mut cursor = String::new();
    let mut seen = 0;
    loop {
        let (st, page) = api.get(&format!("/api/v1/tasks?limit=7{cursor}")).await;
        assert_eq!(st, StatusCode::OK);
        for t in page["items"].as_array().unwrap_or(&vec![]) {
            let id = t["id"].as_i64().unwrap_or_default();
            let inst = s.store.get_instance(id).await.unwrap_or_else(|e| panic!("{e}"));
            let task = s.store.get_task(inst.task_id).await.unwrap_or_else(|e| panic!("{e}"));
            assert!(inst.lead_unit_id == Some(own) || task.task.coordinating.unit_ids.contains(&own), "task {id}");
            seen += 1;
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = format!("&cursor={c}"),
            None => break,
        }
    }
    let expected = s
        .store
        .count_instances(&InstanceFilter { unit_id: Some(own), active_only: true, ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(seen as i64, expected, "the pages add up to the list, without gaps or repeats");
    // Another unit's task is "not found", and asking for another unit's list gives its own.
    let other = lead_instance(&s, "HT-STP").await;
    assert_eq!(api.get(&format!("/api/v1/tasks/{}", other.id)).await.0, StatusCode::NOT_FOUND);
    let stp = unit_id(&s, "HT-STP").await;
    let (_, page) = api.get(&format!("/api/v1/tasks?unit={stp}&limit=1000")).await;
    assert_eq!(page["items"].as_array().map(Vec::len).unwrap_or(0) as i64, expected);
}

#[tokio::test]
async fn task_actions_check_the_version_and_are_audited_with_the_token_name() {
    let s = start().await;
    // The focal point's done claims go straight to the office here (sign-off: `task_signoff.rs`).
    crate::task_signoff::task_signoff_required(&s, false).await;
    let api = Api::new(&s, &token_for(&s, "taichinh", &["tasks:write"]).await).await;
    let inst = lead_instance(&s, "HT-STC").await;
    let path = format!("/api/v1/tasks/{}/progress", inst.id);
    let v = inst.version.to_string();
    let body = json!({"note": "Đã trình dự thảo", "percent": 40});
    let (st, _) = api.post(&path, &body).await;
    assert_eq!(st, StatusCode::PRECONDITION_REQUIRED, "no version: refused");
    let (st, after) = api.send("POST", &path, Some(&body), &[("if-match", &format!("\"{v}\""))]).await;
    assert_eq!(st, StatusCode::OK, "{after}");
    assert_eq!(after["task"]["version"].as_i64(), Some(inst.version + 1));
    assert_eq!(after["task"]["percent"].as_i64(), Some(40));
    // A second client that read the same version is refused, with 412 (If-Match) or 409 (body).
    let (st, p) = api.send("POST", &path, Some(&body), &[("if-match", &v)]).await;
    assert_eq!(st, StatusCode::PRECONDITION_FAILED, "{p}");
    let stale = json!({"version": inst.version, "note": "ghi đè"});
    assert_eq!(api.post(&path, &stale).await.0, StatusCode::CONFLICT);
    let events = s.store.instance_events(inst.id).await.unwrap_or_default();
    assert_eq!(events.len(), 1, "only the first report was stored");
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            action: Some("task.".into()),
            limit: Some(5),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert!(log.iter().any(|e| e.actor == "taichinh [API: Đồng bộ iGate]"), "{log:?}");
    // Done with evidence (base64), then the office accepts it with the current version.
    use base64::Engine;
    let pdf =
        base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
    let done = json!({"version": inst.version + 1, "outputs": "Quyết định ban hành",
        "evidence": [{"file_name": "quyet-dinh.pdf", "content_base64": pdf}]});
    let (st, d) = api.post(&format!("/api/v1/tasks/{}/done", inst.id), &done).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["task"]["state"], "reported_done");
    assert_eq!(s.store.instance_evidence(inst.id).await.unwrap_or_default().len(), 1);
    let focal_accept = json!({"version": inst.version + 2});
    assert_eq!(api.post(&format!("/api/v1/tasks/{}/accept", inst.id), &focal_accept).await.0, StatusCode::FORBIDDEN);
    let office = Api::new(&s, &token_for(&s, "vanphong", &["tasks:write"]).await).await;
    let (st, a) = office
        .post(
            &format!("/api/v1/tasks/{}/return", inst.id),
            &json!({"version": inst.version + 2, "reason": "Thiếu chữ ký"}),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{a}");
    assert_eq!(a["task"]["state"], "returned");
    let (st, p) =
        office.post(&format!("/api/v1/tasks/{}/accept", inst.id), &json!({"version": inst.version + 3})).await;
    assert_eq!(st, StatusCode::CONFLICT, "a returned task cannot be accepted: {p}");
}

#[tokio::test]
async fn bad_input_gets_a_problem_document_and_nothing_is_stored() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_api_json_bytes = 4096;
    let s = start_with(config).await;
    let api = Api::new(&s, &token_for(&s, "taichinh", &["tasks:write"]).await).await;
    let inst = lead_instance(&s, "HT-STC").await;
    let path = format!("/api/v1/tasks/{}/progress", inst.id);
    let raw = |body: &'static str, ct: &'static str| {
        let req =
            api.client.post(format!("{}{path}", s.base)).bearer_auth(&api.token).header("content-type", ct).body(body);
        async { api.read("POST", &path, req.send().await.unwrap_or_else(|e| panic!("{e}"))).await }
    };
    let (st, p) = raw("{\"version\": 1, \"note\": ", "application/json").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    assert!(p["errors"][0]["detail"].as_str().unwrap_or("").contains("dòng 1"), "{p}");
    let (st, p) = raw("{\"version\": \"một\", \"note\": \"x\"}", "application/json").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["pointer"], "/version");
    let (st, p) = raw("{\"version\": 1, \"note\": \"x\", \"ghi_chu\": 1}", "application/json").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p["errors"][0]["detail"].as_str().unwrap_or("").contains("ghi_chu"), "{p}");
    let (st, p) = raw("version=1&note=x", "application/x-www-form-urlencoded").await;
    assert_eq!(st, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{p}");
    let big = json!({"version": inst.version, "note": "x".repeat(10_000)});
    let (st, p) = api.post(&path, &big).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{p}");
    let (st, p) = api.post(&path, &json!({"version": inst.version, "note": "x", "percent": 140})).await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/percent")));
    let (st, p) = api.post(&path, &json!({"version": inst.version, "note": " "})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "an empty note: {p}");
    let (st, _) = api.get("/api/v1/tasks?cursor=nonsense").await;
    assert_eq!(st, StatusCode::BAD_REQUEST);
    let (st, p) = api.get("/api/v1/nothing-here").await;
    assert_eq!(st, StatusCode::NOT_FOUND, "{p}");
    assert!(s.store.instance_events(inst.id).await.unwrap_or_default().is_empty(), "nothing stored");
    assert_eq!(s.store.get_instance(inst.id).await.map(|i| i.version).ok(), Some(inst.version));
}

#[tokio::test]
async fn reads_carry_etags_and_tokens_are_rate_limited() {
    let mut config = cchc_app::config::Config::default();
    config.limits.api_requests_per_minute = 3;
    let s = start_with(config).await;
    let api = Api::new(&s, &token_for(&s, "vanphong", &["registry:read"]).await).await;
    let r = api
        .client
        .get(format!("{}/api/v1/units?q=tai%20chinh", s.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let etag = r.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let (st, units) = api.read("GET", "/api/v1/units", r).await;
    assert_eq!(st, StatusCode::OK);
    let empty = vec![];
    let names: Vec<&str> =
        units["items"].as_array().unwrap_or(&empty).iter().filter_map(|u| u["name"].as_str()).collect();
    assert!(names.iter().any(|n| n.contains("Tài chính")), "diacritic-insensitive q: {names:?}");
    assert!(!etag.is_empty());
    let (st, _) = api.send("GET", "/api/v1/units?q=tai%20chinh", None, &[("if-none-match", &etag)]).await;
    assert_eq!(st, StatusCode::NOT_MODIFIED);
    let id = unit_id(&s, "HT-STC").await;
    let (st, one) = api.get(&format!("/api/v1/units/{id}")).await;
    assert_eq!((st, one["unit"]["code"].as_str()), (StatusCode::OK, Some("HT-STC")));
    let r = api
        .client
        .get(format!("{}/api/v1/units", s.base))
        .bearer_auth(&api.token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 =
        r.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok()).unwrap_or(0);
    assert!((1..=60).contains(&wait), "{wait}");
    let (_, p) = api.read("GET", "/api/v1/units", r).await;
    assert_eq!(p["status"], 429);
}

#[tokio::test]
async fn a_browser_session_reads_and_writes_with_its_csrf_header() {
    let s = start().await;
    let b = Browser::login(&s, "taichinh").await;
    let token = b.csrf("/").await;
    let api = Api::new(&s, "").await;
    let r = b.get("/api/v1/notifications").await;
    assert_eq!(api.read("GET", "/api/v1/notifications", r).await.0, StatusCode::OK);
    let inst = lead_instance(&s, "HT-STC").await;
    let path = format!("/api/v1/tasks/{}/progress", inst.id);
    let body = json!({"version": inst.version, "note": "Từ trình duyệt"});
    let r = b.client.post(format!("{}{path}", s.base)).json(&body).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.read("POST", &path, r).await.0, StatusCode::FORBIDDEN, "no CSRF header");
    let r = b
        .client
        .post(format!("{}{path}", s.base))
        .header("x-csrf-token", &token)
        .json(&body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(api.read("POST", &path, r).await.0, StatusCode::OK);
    // The documentation page and the document are public.
    let (st, html) = Browser::new(&s).text("/api/docs").await;
    assert!(st.is_success() && html.contains("/api/v1/tasks/{id}/progress"));
}

/// Q1 2025 dossiers, with bad rows and an older duplicate of STC-1 (as in the file import test).
const DOSSIERS: &str = "code,procedure,unit,received,due,finished,channel,online_level,fee,paid_online,digitised,electronic_result,rating,status,updated\n\
    STC-1,P1,HT-STC,03/01/2025 08:00,10/01/2025 17:00,08/01/2025 10:00,2,full,1,1,1,1,5,3,08/01/2025 10:00\n\
    STC-2,P1,ht-stc,05/01/2025 08:00,06/01/2025 17:00,09/01/2025 10:00,1,,0,0,0,0,,2,09/01/2025 10:00\n\
    STC-3,P2,HT-STC,20/03/2025 08:00,25/03/2025 17:00,,1,,0,0,1,0,,0,20/03/2025 08:00\n\
    STP-1,P2,HT-STP,04/02/2025 09:00,07/02/2025 17:00,,1,,0,0,1,0,,0,04/02/2025 09:00\n\
    BAD-1,P1,HT-STC,05/01/2025 08:00,06/01/2025 17:00,01/01/2025 10:00,1,,0,0,0,0,,2,\n\
    BAD-2,P1,XX-KHONG-CO,05/01/2025 08:00,06/01/2025 17:00,,1,,0,0,0,0,,0,\n\
    STC-1,P1,HT-STC,03/01/2025 08:00,10/01/2025 17:00,,2,full,1,1,1,0,,0,03/01/2025 08:00\n";

/// The CSV's rows as JSON objects, keys from its header.
fn as_json(csv: &str) -> Vec<Value> {
    let mut lines = csv.lines();
    let head: Vec<&str> = lines.next().unwrap_or("").split(',').collect();
    lines
        .map(|l| Value::Object(head.iter().zip(l.trim().split(',')).map(|(k, v)| (k.to_string(), json!(v))).collect()))
        .collect()
}

async fn with_catalogue() -> Server {
    let s = start().await;
    let actor = cchc_domain::user::Actor::cli();
    cchc_app::kpi::files::import_catalogue(
        &s.store,
        &actor,
        "tthc.csv",
        crate::kpi::CATALOGUE.as_bytes().to_vec(),
        cchc_kpi::read::ErrorPolicy::SkipBad,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    s
}

#[tokio::test]
async fn dossier_push_is_applied_like_a_file_import_and_is_idempotent() {
    let pushed = with_catalogue().await;
    let api = Api::new(&pushed, &token_for(&pushed, "vanphong", &["kpi:write"]).await).await;
    let records = as_json(DOSSIERS);
    let (st, out) = api.post("/api/v1/dossiers", &json!({"records": records})).await;
    assert_eq!(st, StatusCode::OK, "{out}");
    // Only the records not accepted are listed, by their index in the batch.
    let status: Vec<(u64, String)> = out["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| Some((r["index"].as_u64()?, r["status"].as_str()?.to_string())))
        .collect();
    let want = [(4, "rejected"), (5, "rejected"), (6, "superseded")].map(|(i, s)| (i, s.to_string()));
    assert_eq!(status, want);
    assert!(out["results"][1]["message"].as_str().unwrap_or("").contains("XX-KHONG-CO"), "{out}");
    assert_eq!(out["results"][2]["code"], "STC-1");
    assert_eq!((out["accepted"].as_u64(), out["written"].as_u64()), (Some(4), Some(4)));
    // The same records imported as a file on another installation give the same result.
    let filed = with_catalogue().await;
    let source =
        cchc_app::kpi::files::DossierSource::Bytes { file_name: "hs.csv".into(), bytes: DOSSIERS.as_bytes().to_vec() };
    let o = cchc_app::kpi::files::import_dossiers(
        &filed.store,
        &cchc_domain::user::Actor::cli(),
        source,
        cchc_kpi::read::ErrorPolicy::SkipBad,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.accepted, 4);
    let q = "/api/v1/kpi?unit=HT-STC&g=quarter&p=2025-Q1";
    let reader = Api::new(&pushed, &token_for(&pushed, "vanphong", &["kpi:read"]).await).await;
    let (st, by_push) = reader.get(q).await;
    assert_eq!(st, StatusCode::OK, "{by_push}");
    let (_, by_file) = Api::new(&filed, &token_for(&filed, "vanphong", &["kpi:read"]).await).await.get(q).await;
    assert_eq!(by_push["indicators"], by_file["indicators"]);
    assert_eq!(by_push["score"], by_file["score"]);
    assert!(by_push["indicators"].as_array().is_some_and(|i| i.iter().any(|x| x["denominator"].as_i64() > Some(0))));
    // Pushed again: nothing changes; an older version of STC-1 is stale and ignored.
    let (st, again) = api.post("/api/v1/dossiers", &json!({"records": as_json(DOSSIERS)})).await;
    assert_eq!(st, StatusCode::OK);
    assert_eq!(again["accepted"], out["accepted"]);
    let older = json!({"records": [as_json(DOSSIERS)[6].clone()]});
    let (_, stale) = api.post("/api/v1/dossiers", &older).await;
    assert_eq!((stale["written"].as_u64(), stale["stale"].as_u64()), (Some(0), Some(1)), "{stale}");
    let (_, after) = reader.get(q).await;
    assert_eq!(after["indicators"], by_push["indicators"]);
    // The dossiers behind an indicator, paged.
    let code = by_push["indicators"][0]["code"].as_str().unwrap_or("").to_string();
    let (st, ex) = reader.get(&format!("/api/v1/kpi/explain?unit=HT-STC&p=2025-Q1&i={code}&limit=2")).await;
    assert_eq!(st, StatusCode::OK, "{ex}");
    assert!(ex["items"].as_array().is_some_and(|i| !i.is_empty() && i.len() <= 2));
    // The push is audited with the token's name.
    let log = pushed
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            actor: Some("vanphong [API: Đồng bộ iGate]".into()),
            limit: Some(50),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert!(
        log.iter().any(|e| e.action.starts_with("kpi.")),
        "{:?}",
        log.iter().map(|e| &e.action).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_bad_dossier_batch_is_refused_whole() {
    let s = with_catalogue().await;
    let api = Api::new(&s, &token_for(&s, "vanphong", &["kpi:write", "kpi:read"]).await).await;
    let q = "/api/v1/kpi?unit=HT-STC&g=quarter&p=2025-Q1";
    let (_, before) = api.get(q).await;
    let (st, p) = api.post("/api/v1/dossiers", &json!({"records": as_json(DOSSIERS), "policy": "reject_batch"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert_eq!(p["errors"][0]["pointer"], "/records/4");
    let mut odd = as_json(DOSSIERS);
    odd[1]["ghi_chu"] = json!("x");
    let (st, p) = api.post("/api/v1/dossiers", &json!({"records": odd})).await;
    assert_eq!(
        (st, p["errors"][0]["pointer"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/records/1/ghi_chu"))
    );
    let (st, _) = api.post("/api/v1/dossiers", &json!({"records": [], "policy": "all"})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, after) = api.get(q).await;
    assert_eq!(before["indicators"], after["indicators"], "nothing stored");
    // Dossier push is the office's: a unit's token with the scope is still refused.
    let unit = Api::new(&s, &token_for(&s, "taichinh", &["kpi:write"]).await).await;
    assert_eq!(unit.post("/api/v1/dossiers", &json!({"records": []})).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn plans_and_their_targets_are_read_with_the_right_scopes() {
    let s = start().await;
    let api = Api::new(&s, &token_for(&s, "lanhdao", &["tasks:read", "reports:read"]).await).await;
    let (st, plans) = api.get("/api/v1/plans?limit=1").await;
    assert_eq!(st, StatusCode::OK, "{plans}");
    let first = plans["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("the demo has plans: {plans}"));
    let (st, plan) = api.get(&format!("/api/v1/plans/{first}")).await;
    assert_eq!(st, StatusCode::OK, "{plan}");
    assert_eq!(plan["plan"]["id"].as_i64(), Some(first));
    let tasks_only = Api::new(&s, &token_for(&s, "lanhdao", &["tasks:read"]).await).await;
    assert_eq!(tasks_only.get(&format!("/api/v1/plans/{first}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(tasks_only.get("/api/v1/plans/999999").await.0, StatusCode::FORBIDDEN, "scope first, then existence");
}

#[tokio::test]
async fn a_units_draft_report_is_read_by_that_unit_alone() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let focal = Browser::login(&s, "taichinh").await;
    let key = format!("{}-plan", cchc_app::tracking::today().format("%Y"));
    let r = crate::reports::post_report(&focal, &key, &[("narrative", "Bản nháp quý I")]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let path = format!("/api/v1/reports/{key}/units/{stc}");
    let own = Api::new(&s, &token_for(&s, "taichinh", &["reports:read"]).await).await;
    let (st, d) = own.get(&path).await;
    assert_eq!((st, d["report"]["status"].as_str()), (StatusCode::OK, Some("draft")), "{d}");
    assert_eq!(d["report"]["narrative"], "Bản nháp quý I");
    let (_, list) = own.get(&format!("/api/v1/reports/{key}")).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    for login in ["tuphap", "vanphong", "lanhdao", "admin"] {
        let other = Api::new(&s, &token_for(&s, login, &["reports:read"]).await).await;
        let (st, p) = other.get(&path).await;
        assert_eq!(st, StatusCode::NOT_FOUND, "{login}: {p}");
        let (_, list) = other.get(&format!("/api/v1/reports/{key}")).await;
        assert!(!list.to_string().contains("Bản nháp quý I"), "{login}: {list}");
    }
}

#[tokio::test]
async fn par_results_show_each_reader_what_the_round_page_shows() {
    let s = start().await;
    let office = Api::new(&s, &token_for(&s, "vanphong", &["par:read", "sipas:read"]).await).await;
    let (st, rounds) = office.get("/api/v1/par/rounds").await;
    assert_eq!(st, StatusCode::OK, "{rounds}");
    let id = rounds["items"][0]["id"].as_i64().unwrap_or_else(|| panic!("the demo has a round: {rounds}"));
    let (_, all) = office.get(&format!("/api/v1/par/rounds/{id}")).await;
    let n = all["lines"].as_array().map(Vec::len).unwrap_or(0);
    assert!(n > 1, "{all}");
    assert_eq!(all["published"], true, "the office sees results as they form");
    // A unit's staff: their own unit's line only, and no scores before approval.
    let own = unit_id(&s, "HT-STC").await;
    let unit = Api::new(&s, &token_for(&s, "taichinh", &["par:read"]).await).await;
    let (_, mine) = unit.get(&format!("/api/v1/par/rounds/{id}")).await;
    let lines = mine["lines"].as_array().cloned().unwrap_or_default();
    assert!(lines.iter().all(|l| l["unit_id"].as_i64() == Some(own)) && lines.len() <= 1, "{mine}");
    assert_eq!(mine["published"], false);
    assert!(lines.iter().all(|l| l["index"].is_null() && l["rank"].is_null()));
    // SIPAS results are for province-wide readers.
    let (st, campaigns) = office.get("/api/v1/sipas/campaigns").await;
    assert_eq!(st, StatusCode::OK, "{campaigns}");
    let sipas_unit = Api::new(&s, &token_for(&s, "taichinh", &["sipas:read"]).await).await;
    assert_eq!(sipas_unit.get("/api/v1/sipas/campaigns").await.0, StatusCode::FORBIDDEN);
}
