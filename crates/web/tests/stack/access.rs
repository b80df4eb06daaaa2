//! Every route refuses those it should; unit staff act only for their own unit; every
//! state-changing request needs its CSRF token.

use cchc_web::routes::ROUTES;
use reqwest::StatusCode;

use crate::harness::{csrf_in, location, start, unit_id, Browser};

fn concrete(path: &str, id: i64) -> String {
    path.replace("{id}", &id.to_string())
        .replace("{code}", "vi")
        .replace("{index}", "0")
        .replace("{key}", "2025-q1")
        .replace("{unit}", &id.to_string())
        .replace("{token}", &"0".repeat(64))
}

#[tokio::test]
async fn anonymous_visitors_reach_only_public_routes() {
    let s = start().await;
    let b = Browser::new(&s);
    let id = unit_id(&s, "HT-STC").await;
    let token = b.csrf("/login").await;
    for (method, path, access) in ROUTES {
        let p = concrete(path, id);
        let r = match *method {
            "GET" => b.get(&p).await,
            "POST" => b.post(&p, &[("_csrf", token.as_str())]).await,
            m => b
                .client
                .request(
                    reqwest::Method::from_bytes(m.as_bytes()).unwrap_or(reqwest::Method::POST),
                    format!("{}{p}", b.base),
                )
                .header("x-csrf-token", &token)
                .json(&serde_json::json!({}))
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}")),
        };
        if path.starts_with("/api/v1/") {
            assert_eq!(
                r.status(),
                StatusCode::UNAUTHORIZED,
                "{method} {p}: the API answers 401, never a login redirect"
            );
            let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
            assert_eq!(ct, "application/problem+json", "{method} {p}");
        } else if *access == "public" {
            assert!(
                // A public page about something that does not exist (a survey, a snapshot) answers 404.
                r.status().is_success()
                    || r.status().is_redirection()
                    || r.status() == StatusCode::BAD_REQUEST
                    || ((path.starts_with("/khao-sat/{") || path.starts_with("/cong-khai/{"))
                        && r.status() == StatusCode::NOT_FOUND),
                "{method} {p}: {}",
                r.status()
            );
        } else {
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{method} {p} must send visitors to the login");
            assert!(location(&r).starts_with("/login?next="), "{method} {p}: {}", location(&r));
        }
    }
}

#[tokio::test]
async fn roles_are_refused_where_the_route_table_says() {
    let s = start().await;
    let id = unit_id(&s, "HT-STP").await; // not the focal point's own unit
    let cases = [("taichinh", "unit_focal"), ("lanhdao", "leader"), ("thamdinh", "appraiser"), ("vanphong", "office")];
    for (login, role) in cases {
        let b = Browser::login(&s, login).await;
        let token = b.csrf("/").await;
        for (method, path, access) in ROUTES {
            if *path == "/logout" {
                continue;
            }
            let allowed = match *access {
                "public" | "any_user" => true,
                "admin" => false,
                "office" => role == "office",
                "province_readers" => matches!(role, "office" | "leader" | "appraiser"),
                "unit_editor" => role == "office",
                "unit_reader" => role != "unit_focal",
                "unit_staff" => role == "unit_focal",
                "unit_head" => false,
                "unit_focal" => role == "unit_focal",
                "appraisers" => matches!(role, "office" | "appraiser"),
                "unit_actors" => matches!(role, "office" | "unit_focal"),
                other => panic!("unknown access {other}"),
            };
            let p = concrete(path, id);
            let api = path.starts_with("/api/");
            let r = match (*method, api) {
                ("GET", _) => b.get(&p).await,
                (m, true) => b
                    .client
                    .request(
                        reqwest::Method::from_bytes(m.as_bytes()).unwrap_or(reqwest::Method::POST),
                        format!("{}{p}", b.base),
                    )
                    .header("x-csrf-token", &token)
                    .json(&serde_json::json!({}))
                    .send()
                    .await
                    .unwrap_or_else(|e| panic!("{e}")),
                _ => b.post(&p, &[("_csrf", token.as_str())]).await,
            };
            if allowed {
                assert_ne!(r.status(), StatusCode::FORBIDDEN, "{login} {method} {p}");
            } else {
                assert_eq!(r.status(), StatusCode::FORBIDDEN, "{login} {method} {p}");
                let body = r.text().await.unwrap_or_default();
                let said = if api { "\"title\":\"Không có quyền\"" } else { "Không có quyền truy cập" };
                assert!(body.contains(said), "{body}");
            }
        }
    }
}

#[tokio::test]
async fn a_focal_point_edits_only_its_own_unit() {
    let s = start().await;
    let own = unit_id(&s, "HT-STC").await;
    let other = unit_id(&s, "HT-STP").await;
    let b = Browser::login(&s, "taichinh").await;
    let token = b.csrf("/").await;
    // Every edit route of another unit: 403, and nothing changes.
    for path in [
        format!("/units/{other}/contact"),
        format!("/units/{other}/edit"),
        format!("/units/{other}/change"),
        "/units/new".to_string(),
        "/units/import".to_string(),
    ] {
        assert_eq!(b.get(&path).await.status(), StatusCode::FORBIDDEN, "GET {path}");
        let r = b
            .post(
                &path,
                &[
                    ("_csrf", &token),
                    ("contact_person", "X"),
                    ("name", "X"),
                    ("code", "X"),
                    ("kind", "merge"),
                    ("effective", "01/01/2026"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "POST {path}");
    }
    let other_contact = s.store.unit_contact(other).await.unwrap_or_default();
    assert_eq!(other_contact.contact_person, "");
    // Its own unit: allowed.
    let r = b
        .submit(
            &format!("/units/{own}/contact"),
            &format!("/units/{own}/contact"),
            &[
                ("contact_person", "Trần Thị Bình"),
                ("phone", "0239 3856 000"),
                ("email", "stc@hatinh.gov.vn"),
                ("address", ""),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.store.unit_contact(own).await.unwrap_or_default().contact_person, "Trần Thị Bình");
    let (_, page) = b.text(&format!("/units/{own}")).await;
    assert!(page.contains("Trần Thị Bình") && page.contains("Đã cập nhật thông tin liên hệ"), "flash and data shown");
    let (_, other_page) = b.text(&format!("/units/{other}")).await;
    assert!(!other_page.contains(&format!("/units/{other}/contact\"")), "no edit link for another unit");
}

#[tokio::test]
async fn state_changes_without_the_csrf_token_are_refused() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    let own = unit_id(&s, "HT-STC").await;
    let path = format!("/units/{own}/contact");
    let fields = [("contact_person", "Kẻ giả mạo"), ("phone", ""), ("email", ""), ("address", "")];
    let no_token = b.post(&path, &fields).await;
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert!(no_token.text().await.unwrap_or_default().contains("mã chống giả mạo"));
    let mut wrong = vec![("_csrf", "0".repeat(64))];
    wrong.extend(fields.iter().map(|(k, v)| (*k, v.to_string())));
    let wrong: Vec<(&str, &str)> = wrong.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(b.post(&path, &wrong).await.status(), StatusCode::FORBIDDEN);
    // A token from another session does not work either.
    let other = Browser::login(&s, "admin").await;
    let foreign = other.csrf("/").await;
    let mut f2 = vec![("_csrf", foreign.as_str())];
    f2.extend_from_slice(&fields);
    assert_eq!(b.post(&path, &f2).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.store.unit_contact(own).await.unwrap_or_default().contact_person, "");
    // Logging in without the token is refused too (login CSRF).
    let anon = Browser::new(&s);
    let r = anon.post("/login", &[("login", "admin"), ("password", crate::harness::PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Logout needs it as well.
    assert_eq!(b.post("/logout", &[]).await.status(), StatusCode::FORBIDDEN);
    let (_, html) = b.text("/").await;
    assert!(csrf_in(&html).is_some(), "still logged in");
}

/// A token for `login` with `scopes`, made through the app as the account page does.
async fn token(s: &crate::harness::Server, login: &str, scopes: &[String]) -> String {
    let user =
        s.store.user_credentials(login).await.ok().flatten().map(|(u, _)| u).unwrap_or_else(|| panic!("{login}"));
    let form = cchc_app::tokens::TokenForm { name: format!("ma trận {login}"), scopes: scopes.to_vec(), days: 1 };
    cchc_app::tokens::create(&s.store, &user, &form, chrono::Utc::now()).await.unwrap_or_else(|e| panic!("{e}")).secret
}

#[tokio::test]
async fn every_api_route_answers_each_role_and_scope_as_the_tables_say() {
    use cchc_domain::api_token::Access;
    let s = start().await;
    let id = unit_id(&s, "HT-STP").await;
    let client = reqwest::Client::new();
    let ops = cchc_web::api::operations();
    let roles = [
        ("admin", "admin"),
        ("vanphong", "office"),
        ("taichinh", "unit_focal"),
        ("giamdoc.taichinh", "unit_head"),
        ("thamdinh", "appraiser"),
        ("lanhdao", "leader"),
    ];
    for (login, role) in roles {
        for op in &ops {
            let access = ROUTES.iter().find(|(m, p, _)| *m == op.method && *p == op.path).map(|r| r.2).unwrap_or("?");
            let role_may = match access {
                "any_user" => true,
                "admin" => role == "admin",
                "office" => matches!(role, "admin" | "office"),
                "province_readers" => matches!(role, "admin" | "office" | "leader" | "appraiser"),
                "unit_staff" => matches!(role, "unit_focal" | "unit_head"),
                "unit_head" => role == "unit_head",
                "appraisers" => matches!(role, "admin" | "office" | "appraiser"),
                other => panic!("{} {}: access {other} not covered", op.method, op.path),
            };
            let a = if op.access == Access::Read { "read" } else { "write" };
            let exact = format!("{}:{a}", op.area.code());
            // The route's own scope; the other access of the same area; another area entirely.
            let other_area = if op.area.code() == "sipas" { "par:write" } else { "sipas:write" }.to_string();
            let cases: Vec<(Vec<String>, bool)> = vec![
                (vec![exact.clone()], role_may),
                (vec![format!("{}:write", op.area.code())], role_may),
                (vec![format!("{}:read", op.area.code())], role_may && op.access == Access::Read),
                (vec![other_area], false),
            ];
            for (scopes, allowed) in cases {
                let secret = token(&s, login, &scopes).await;
                let url = format!("{}{}", s.base, concrete(op.path, id));
                let req = match op.method {
                    "GET" => client.get(&url),
                    m => client
                        .request(reqwest::Method::from_bytes(m.as_bytes()).unwrap_or(reqwest::Method::POST), &url)
                        .json(&serde_json::json!({})),
                };
                let r = req.bearer_auth(&secret).send().await.unwrap_or_else(|e| panic!("{e}"));
                let status = r.status();
                let ct = r.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
                let what = format!("{login} {scopes:?} {} {}: {status}", op.method, op.path);
                if allowed {
                    assert_ne!(status, StatusCode::FORBIDDEN, "{what}");
                    assert_ne!(status, StatusCode::UNAUTHORIZED, "{what}");
                } else {
                    assert_eq!(status, StatusCode::FORBIDDEN, "{what}");
                    assert_eq!(ct, "application/problem+json", "{what}");
                }
                assert!(!status.is_server_error(), "{what}");
            }
        }
    }
}
