//! Login throttling that cannot lock an office out: one colleague's typos never stop another
//! account on the same address, a login name waits growing delays (never a hard lock), the
//! address limit is much higher and still lets in the right password of a clean account, the
//! message says when to retry, and refused attempts are audited.

use std::time::Duration;

use cchc_app::config::Config;
use reqwest::StatusCode;

use crate::harness::{start_with, Browser, Server, PASSWORD};

async fn attempt(s: &Server, login: &str, password: &str) -> (StatusCode, Option<String>, String) {
    let b = Browser::new(s);
    let r = b.submit("/login", "/login", &[("login", login), ("password", password)]).await;
    let retry = r.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_string);
    (r.status(), retry, r.text().await.unwrap_or_default())
}

async fn audited(s: &Server, action: &str) -> usize {
    let filter = cchc_storage::model::AuditFilter { action: Some(action.into()), ..Default::default() };
    s.store.list_audit(&filter).await.unwrap_or_default().len()
}

#[tokio::test]
async fn a_colleagues_typos_never_stop_another_account_on_the_same_address() {
    let mut c = Config::default();
    c.security.login_max_failures = 3;
    let s = start_with(c).await;
    for _ in 0..3 {
        attempt(&s, "taichinh", "go-sai-mat-khau").await;
    }
    let (status, retry, html) = attempt(&s, "taichinh", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the typing account waits");
    assert!(html.contains("Đăng nhập sai quá nhiều lần với tài khoản này"), "{html}");
    assert!(html.contains("Vui lòng thử lại sau 30 giây (lúc "), "{html}");
    assert!(retry.is_some_and(|r| r.parse::<i64>().is_ok_and(|n| (1..=30).contains(&n))));
    // Same address (127.0.0.1), other accounts: in at once.
    for login in ["tuphap", "lanhdao", "vanphong"] {
        let (status, _, _) = attempt(&s, login, PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{login}");
    }
    assert!(audited(&s, "user.login_throttled").await >= 1, "a refused attempt during the wait is audited");
}

#[tokio::test]
async fn delays_grow_but_end_so_the_owner_gets_in() {
    let mut c = Config::default();
    c.security.login_max_failures = 2;
    c.security.login_delay_seconds = 1;
    let s = start_with(c).await;
    attempt(&s, "lanhdao", "sai-1").await;
    let (status, _, _) = attempt(&s, "lanhdao", "sai-2").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the second failure starts a 1 s wait");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, retry, _) = attempt(&s, "lanhdao", "sai-3").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(retry.as_deref(), Some("2"), "the next wait is twice as long");
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let (status, _, _) = attempt(&s, "lanhdao", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "no hard lock: after the wait the right password works");
}

#[tokio::test]
async fn the_address_limit_is_separate_and_never_refuses_a_clean_account() {
    let mut c = Config::default();
    c.security.login_max_failures = 50;
    c.security.address_max_failures = 4;
    let s = start_with(c).await;
    for login in ["khong-co-1", "khong-co-2", "khong-co-3"] {
        let (status, _, page) = attempt(&s, login, "x").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{login}: below the address limit: {page}");
    }
    let (status, _, html) = attempt(&s, "tuphap", "sai").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the fourth failure from the address reaches its limit");
    assert!(html.contains("địa chỉ mạng này"), "{html}");
    // The address is over its limit: a wrong password is refused without a verdict ...
    let (status, _, _) = attempt(&s, "lanhdao", "sai").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // ... the right password of a clean account still gets in ...
    let (status, _, _) = attempt(&s, "vanphong", PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // ... but not that of an account that has just failed (a guesser's hit is not let in).
    let (status, _, _) = attempt(&s, "tuphap", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[test]
fn defaults_keep_the_address_limit_far_above_the_login_limit() {
    let sec = Config::default().security;
    assert!(sec.address_max_failures >= 10 * sec.login_max_failures);
    assert!(sec.login_rule().delay_after(sec.login_max_failures).is_some_and(|d| d < 60), "first wait in seconds");
}
