//! Operational endpoints: health, metrics, the language switch, and response headers that
//! every page gets.

use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::auth::cookies;
use crate::forms::auth::safe_next;
use crate::i18n::Lang;
use crate::render::error_page;
use crate::state::AppState;

/// GET `/healthz` (public): 200 when the database answers, 503 otherwise.
pub async fn healthz(State(state): State<AppState>) -> Response {
    let db = state.store.ping().await;
    let body = serde_json::json!({
        "status": if db.is_ok() { "ok" } else { "degraded" },
        "database": if db.is_ok() { "ok" } else { "unreachable" },
        "backend": state.store.backend(),
        "version": env!("CARGO_PKG_VERSION"),
    });
    let status = if db.is_ok() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, axum::Json(body)).into_response()
}

/// GET `/metrics` (public, counters only): Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let up = state.store.ping().await.is_ok();
    let mut r = state.metrics.render(up).into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    r
}

#[derive(Debug, Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    pub next: String,
}

/// GET `/lang/{code}` (public): remembers the interface language and goes back.
pub async fn lang(State(state): State<AppState>, Path(code): Path<String>, Query(q): Query<NextQuery>) -> Response {
    let lang = Lang::parse(&code);
    let mut r = Redirect::to(&safe_next(&q.next)).into_response();
    let c = cookies::set(cookies::LANG, lang.code(), Some(365 * 86_400), false, state.config.security.cookie_secure);
    r.headers_mut().append(header::SET_COOKIE, c);
    r
}

/// Fallback for unknown paths.
pub async fn not_found() -> Response {
    error_page(StatusCode::NOT_FOUND, None)
}

/// Security headers on every response, no caching of personal pages, and a plain
/// Vietnamese page for bare error statuses produced below the handlers (405, 413…).
pub async fn headers(req: Request, next: Next) -> Response {
    let mut r = next.run(req).await;
    let status = r.status();
    let is_html =
        r.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if (status.is_client_error() || status.is_server_error())
        && !is_html
        && r.headers().get(header::CONTENT_TYPE).is_none_or(|v| v.as_bytes().starts_with(b"text/plain"))
    {
        r = error_page(status, None);
    }
    let h = r.headers_mut();
    // A response with its own, stricter policy (the evidence download's sandbox) keeps it.
    h.entry(header::CONTENT_SECURITY_POLICY).or_insert(
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if is_html && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    r
}
