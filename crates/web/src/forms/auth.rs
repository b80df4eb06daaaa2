//! Logging in and out.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use cchc_app::accounts::{login as do_login, LoginOutcome};
use cchc_domain::throttle::{wait_vi, ThrottleScope};
use chrono::Utc;
use minijinja::context;

use crate::auth::cookies;
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::form::FormData;
use crate::render::vn_offset;
use crate::state::AppState;

/// Only local paths are followed after login (no open redirect).
pub fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && !next.starts_with("/logout") {
        next.to_string()
    } else {
        "/".to_string()
    }
}

/// The client address for throttling: the socket peer, or the first `X-Forwarded-For` hop
/// when configured to trust a proxy.
pub fn client_addr(headers: &HeaderMap, peer: Option<SocketAddr>, trust_forwarded: bool) -> String {
    if trust_forwarded {
        if let Some(f) = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok()) {
            if let Some(first) = f.split(',').next().map(str::trim).filter(|s| !s.is_empty()) {
                return first.to_string();
            }
        }
    }
    peer.map(|p| p.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// The socket peer's address, when the server was started with connect info.
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// POST `/login`.
pub async fn login(
    ctx: Ctx,
    State(state): State<AppState>,
    peer: PeerAddr,
    headers: HeaderMap,
    f: FormData,
) -> AppResult<Response> {
    let login = f.get("login");
    let password = f.0.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone()).unwrap_or_default();
    let next = safe_next(&f.get("next"));
    let agency = crate::pages::account::agency(&state).await;
    let form_again = |ctx: &Ctx, login: &str, next: &str, error: &str, status: StatusCode| {
        let mut r = ctx.render("login.html", context! { login, next, error, agency });
        *r.status_mut() = status;
        r
    };
    let sec = &state.config.security;
    let client = client_addr(&headers, peer.0, sec.trust_forwarded_for);
    if login.is_empty() || password.is_empty() {
        return Ok(form_again(
            &ctx,
            &login,
            &next,
            "Vui lòng nhập tên đăng nhập và mật khẩu.",
            StatusCode::BAD_REQUEST,
        ));
    }
    match do_login(state.store.as_ref(), sec, &login, &password, &client, Utc::now()).await? {
        LoginOutcome::Ok { user, token, .. } => {
            let to = if user.must_change_password { "/account/password".to_string() } else { next };
            let mut r = Redirect::to(&to).into_response();
            let max_age = sec.session_max_hours * 3600;
            r.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(cookies::SESSION, &token, Some(max_age), true, sec.cookie_secure),
            );
            r.headers_mut()
                .append(header::SET_COOKIE, cookies::set(cookies::CSRF, "", Some(0), true, sec.cookie_secure));
            Ok(r)
        }
        LoginOutcome::BadCredentials => {
            Ok(form_again(&ctx, &login, &next, "Tên đăng nhập hoặc mật khẩu không đúng.", StatusCode::UNAUTHORIZED))
        }
        LoginOutcome::Locked { until, by } => {
            let at = until.with_timezone(&vn_offset()).format("%H:%M:%S ngày %d/%m/%Y");
            // Whole seconds, rounded up: a wait of 1.9 s is "2 seconds", never "1".
            let secs = ((until - Utc::now()).num_milliseconds() + 999).div_euclid(1000).max(1);
            let whose = match by {
                ThrottleScope::Account => "Đăng nhập sai quá nhiều lần với tài khoản này",
                ThrottleScope::Address => "Đăng nhập sai quá nhiều lần từ máy của bạn (địa chỉ mạng này)",
            };
            let msg = format!("{whose}. Vui lòng thử lại sau {} (lúc {at}).", wait_vi(secs));
            let mut r = form_again(&ctx, &login, &next, &msg, StatusCode::TOO_MANY_REQUESTS);
            if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
                r.headers_mut().insert(header::RETRY_AFTER, v);
            }
            Ok(r)
        }
    }
}

/// POST `/logout`.
pub async fn logout(auth: Require<AnyUser>, State(state): State<AppState>) -> AppResult<Response> {
    if let Some(session) = &auth.session {
        state.store.delete_session(&auth.actor(), &session.token_hash).await?;
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        cookies::set(cookies::SESSION, "", Some(0), true, state.config.security.cookie_secure),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_local_only() {
        assert_eq!(safe_next("/units/3?x=1"), "/units/3?x=1");
        for bad in ["https://evil.example", "//evil.example", "/\\evil", "", "javascript:alert(1)"] {
            assert_eq!(safe_next(bad), "/", "{bad}");
        }
    }

    #[test]
    fn forwarded_for_only_when_trusted() {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", "203.0.113.9, 10.0.0.1".parse().unwrap_or_else(|_| unreachable!()));
        let peer: SocketAddr = "10.0.0.1:5000".parse().unwrap_or_else(|_| unreachable!());
        assert_eq!(client_addr(&h, Some(peer), true), "203.0.113.9");
        assert_eq!(client_addr(&h, Some(peer), false), "10.0.0.1");
    }
}
