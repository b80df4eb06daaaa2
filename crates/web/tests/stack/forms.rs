//! Logins, passwords, accounts and bad input: clear messages, nothing half-written.

use cchc_app::config::Config;
use reqwest::StatusCode;

use crate::harness::{location, start, start_with, Browser, PASSWORD};

#[tokio::test]
async fn wrong_passwords_get_a_message_then_a_lock() {
    let mut c = Config::default();
    c.security.login_max_failures = 3;
    let s = start_with(c).await;
    let b = Browser::new(&s);
    for i in 1..=2 {
        let r = b.submit("/login", "/login", &[("login", "admin"), ("password", "sai-mat-khau-123")]).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED, "attempt {i}");
        let html = r.text().await.unwrap_or_default();
        assert!(html.contains("Tên đăng nhập hoặc mật khẩu không đúng."));
        assert!(html.contains("value=\"admin\""), "the login is kept in the form");
    }
    let r = b.submit("/login", "/login", &[("login", "admin"), ("password", "sai-mat-khau-123")]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap_or_default().contains("Đăng nhập sai quá nhiều lần"));
    // Even the right password is refused while locked.
    let r = b.submit("/login", "/login", &[("login", "admin"), ("password", PASSWORD)]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    // Unknown logins get the same answer as wrong passwords (no account enumeration).
    let other = Browser::new(&s);
    let r = other.submit("/login", "/login", &[("login", "khong-ton-tai"), ("password", "x")]).await;
    assert!(matches!(r.status(), StatusCode::UNAUTHORIZED | StatusCode::TOO_MANY_REQUESTS));
    let failed = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            action: Some("user.login_failed".into()),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert!(failed.len() >= 3, "failed logins are audited");
}

#[tokio::test]
async fn login_logout_and_next() {
    let s = start().await;
    let b = Browser::new(&s);
    let r = b.get("/units").await;
    assert_eq!(location(&r), "/login?next=%2Funits");
    let r = b
        .submit("/login?next=%2Funits", "/login", &[("login", " Admin "), ("password", PASSWORD), ("next", "/units")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/units");
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("cchc_session="))
        .unwrap_or_default()
        .to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    // An outside `next` is ignored.
    let b2 = Browser::new(&s);
    let r = b2
        .submit("/login", "/login", &[("login", "admin"), ("password", PASSWORD), ("next", "https://evil.example/")])
        .await;
    assert_eq!(location(&r), "/");
    let r = b.submit("/", "/logout", &[]).await;
    assert_eq!(location(&r), "/login");
    assert_eq!(b.get("/units").await.status(), StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn changing_the_password() {
    let s = start().await;
    let b = Browser::login(&s, "lanhdao").await;
    let r = b
        .submit("/account/password", "/account/password", &[("current", "sai"), ("new", "ngan"), ("confirm", "khac")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    for m in ["Mật khẩu hiện tại không đúng.", "Mật khẩu phải có ít nhất 10 ký tự.", "Mật khẩu nhập lại không khớp."]
    {
        assert!(html.contains(m), "{m}");
    }
    let r = b
        .submit(
            "/account/password",
            "/account/password",
            &[("current", PASSWORD), ("new", "mat-khau-moi-2026"), ("confirm", "mat-khau-moi-2026")],
        )
        .await;
    assert_eq!(location(&r), "/login");
    assert_eq!(b.get("/").await.status(), StatusCode::OK);
    assert_eq!(b.get("/units").await.status(), StatusCode::SEE_OTHER, "logged out after the change");
    let again = Browser::new(&s);
    let r = again.submit("/login", "/login", &[("login", "lanhdao"), ("password", "mat-khau-moi-2026")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn admins_create_users_with_field_errors() {
    let s = start().await;
    let b = Browser::login(&s, "admin").await;
    let before = s.store.count_users().await.unwrap_or_default();
    let r = b
        .submit(
            "/admin/users/new",
            "/admin/users/new",
            &[("login", "Nguyễn A"), ("full_name", ""), ("role", "unit_focal"), ("unit_id", ""), ("password", "123")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    for m in [
        "Tên đăng nhập chỉ gồm",
        "Cần nhập họ và tên.",
        "Mật khẩu phải có ít nhất 10 ký tự.",
        "Vai trò của đơn vị phải gắn với một đơn vị.",
    ] {
        assert!(html.contains(m), "{m}");
    }
    assert_eq!(s.store.count_users().await.unwrap_or_default(), before, "nothing written");
    let unit = crate::harness::unit_id(&s, "HT-SNV").await.to_string();
    let r = b
        .submit(
            "/admin/users/new",
            "/admin/users/new",
            &[
                ("login", "noivu"),
                ("full_name", "Đầu mối Sở Nội vụ"),
                ("role", "unit_focal"),
                ("unit_id", &unit),
                ("password", "mat-khau-dau-moi"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = b
        .submit(
            "/admin/users/new",
            "/admin/users/new",
            &[("login", "noivu"), ("full_name", "Trùng"), ("role", "leader"), ("password", "mat-khau-dau-moi")],
        )
        .await;
    assert!(r.text().await.unwrap_or_default().contains("tên đăng nhập đã được dùng"));
    let nv = Browser::new(&s);
    let r = nv.submit("/login", "/login", &[("login", "noivu"), ("password", "mat-khau-dau-moi")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Deactivating ends the user's session at once.
    let id = s.store.user_credentials("noivu").await.unwrap_or_default().map(|(u, _)| u.id).unwrap_or_default();
    let r = b
        .submit(
            &format!("/admin/users/{id}"),
            &format!("/admin/users/{id}"),
            &[("full_name", "Đầu mối Sở Nội vụ"), ("role", "unit_focal"), ("unit_id", &unit)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(nv.get("/units").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn malformed_and_oversized_requests_get_clear_pages() {
    let mut c = Config::default();
    c.limits.max_form_bytes = 2_000;
    c.limits.max_upload_bytes = 10_000;
    let s = start_with(c).await;
    let b = Browser::login(&s, "vanphong").await;
    let token = b.csrf("/").await;
    // Oversized form.
    let big = "x".repeat(5_000);
    let r = b.post("/account/password", &[("_csrf", token.as_str()), ("current", &big)]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap_or_default().contains("quá lớn"));
    // Oversized upload.
    let part = reqwest::multipart::Part::bytes(vec![b'a'; 20_000]).file_name("big.csv");
    let form = reqwest::multipart::Form::new().text("_csrf", token.clone()).part("file", part);
    let r = b
        .client
        .post(format!("{}/units/import", b.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    // Malformed urlencoding and wrong content types never panic.
    let r = b
        .client
        .post(format!("{}/account/password", b.base))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("_csrf={token}&current=%ZZ%"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!r.status().is_server_error(), "{}", r.status());
    let r = b
        .client
        .post(format!("{}/account/password", b.base))
        .header("x-csrf-token", &token)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap_or_default().contains("Yêu cầu không hợp lệ"));
    // Unknown pages and ids.
    let (st, html) = b.text("/khong-co").await;
    assert_eq!(st, StatusCode::NOT_FOUND);
    assert!(html.contains("Không tìm thấy trang"));
    assert_eq!(b.get("/units/999999").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(b.get("/units/abc").await.status(), StatusCode::BAD_REQUEST);
    let (st, html) = b.text("/units/abc").await;
    assert!(st.is_client_error() && !html.contains("Invalid URL"), "no framework text: {html}");
    // The server is still up.
    assert_eq!(b.get("/healthz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn english_switch_and_health_and_metrics() {
    let s = start().await;
    let b = Browser::login(&s, "lanhdao").await;
    let r = b.get("/lang/en?next=/units").await;
    assert_eq!(location(&r), "/units");
    let (_, html) = b.text("/units").await;
    assert!(html.contains("Registry of agencies and units") && html.contains("lang=\"en\""));
    b.get("/lang/vi").await;
    let (_, html) = b.text("/units").await;
    assert!(html.contains("Danh mục cơ quan, đơn vị"));
    let health: serde_json::Value = b.get("/healthz").await.json().await.unwrap_or_default();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["backend"], "sqlite");
    let (_, metrics) = b.text("/metrics").await;
    assert!(metrics.contains("cchc_http_requests_total{method=\"GET\",route=\"/units\",status=\"200\"}"), "{metrics}");
    assert!(metrics.contains("cchc_database_up 1"));
}
