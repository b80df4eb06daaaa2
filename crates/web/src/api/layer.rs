//! What every `/api/` request goes through, in one place: the per-token rate limit
//! (429 with `Retry-After`), `ETag` / `If-None-Match` on successful reads, and errors as
//! problem documents in the client's language (also for what the router itself answers:
//! unknown paths, wrong methods).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::problem::{lang_of, Problem};
use crate::auth::Auth;
use crate::state::AppState;

/// Requests per token in fixed one-minute windows, on this node: the limit of the embedded
/// SQLite setup, where one node serves. With PostgreSQL (several nodes) the count is kept in
/// the database instead (see [`over_limit`]).
pub struct RateLimiter {
    per_minute: u32,
    windows: Mutex<HashMap<i64, (Instant, u32)>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter { per_minute: per_minute.max(1), windows: Mutex::new(HashMap::new()) }
    }

    /// Counts a request of `token`; `Err(seconds)` to wait when past the limit.
    pub fn check(&self, token: i64, now: Instant) -> Result<(), u64> {
        let mut w = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if w.len() > 100_000 {
            w.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let entry = w.entry(token).or_insert((now, 0));
        if now.duration_since(entry.0) >= WINDOW {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let left = WINDOW.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

/// Seconds to wait when `token` is past its requests per minute, counting this request. With
/// PostgreSQL every node counts in the same row of the database, so N nodes do not let a token
/// through N times; should the count fail, the request goes through (logged) rather than
/// failing for want of a counter.
async fn over_limit(state: &AppState, token: i64) -> Option<u64> {
    if state.store.backend() != "postgres" {
        return state.api_limits.check(token, Instant::now()).err();
    }
    let now = chrono::Utc::now().timestamp();
    let start = now - now.rem_euclid(60);
    match state.store.count_api_request(token, start).await {
        Ok(n) if n > i64::from(state.config.limits.api_requests_per_minute.max(1)) => {
            Some(u64::try_from(start + 60 - now).unwrap_or(1).max(1))
        }
        Ok(_) => None,
        Err(e) => {
            tracing::warn!(error = %e, "API rate counter unavailable; request let through");
            None
        }
    }
}

pub const RATE_LIMITED: &str = "Mã truy cập đã gửi quá nhiều yêu cầu trong một phút; hãy chờ rồi gửi lại.";
pub const ROUTE_NOT_FOUND: &str = "Không có địa chỉ này trong giao diện lập trình (xem /api/openapi.json).";
pub const BAD_QUERY: &str = "Tham số của yêu cầu (đường dẫn hoặc truy vấn) không hợp lệ.";
pub const METHOD_NOT_ALLOWED: &str = "Địa chỉ này không nhận phương thức HTTP đã dùng.";

/// The middleware (a no-op outside `/api/`).
pub async fn wrap(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let headers = req.headers().clone();
    let lang = lang_of(&headers);
    let token =
        req.extensions().get::<Option<Auth>>().and_then(|a| a.as_ref()).and_then(|a| a.token.as_ref().map(|t| t.id));
    if let Some(id) = token {
        if let Some(wait) = over_limit(&state, id).await {
            let mut p = Problem::new(StatusCode::TOO_MANY_REQUESTS, RATE_LIMITED).lang_of(&headers);
            p.retry_after = Some(wait);
            return p.into_response();
        }
    }
    let read = req.method() == Method::GET;
    let resp = next.run(req).await;
    let status = resp.status();
    if let Some(p) = resp.extensions().get::<Problem>() {
        if lang != crate::i18n::Lang::Vi {
            let mut again = p.clone().lang_of(&headers).into_response();
            again.headers_mut().extend(
                resp.headers()
                    .iter()
                    .filter(|(k, _)| *k != header::CONTENT_TYPE && *k != header::CONTENT_LENGTH)
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            return again;
        }
        return resp;
    }
    if status.is_client_error() || status.is_server_error() {
        let detail = match status {
            StatusCode::NOT_FOUND => ROUTE_NOT_FOUND.to_string(),
            StatusCode::METHOD_NOT_ALLOWED => METHOD_NOT_ALLOWED.to_string(),
            StatusCode::BAD_REQUEST => BAD_QUERY.to_string(),
            _ => super::problem::INTERNAL.to_string(),
        };
        return Problem::new(status, detail).lang_of(&headers).into_response();
    }
    if read && status == StatusCode::OK && is_json(&resp) {
        return with_etag(resp, headers.get(header::IF_NONE_MATCH)).await;
    }
    resp
}

fn is_json(resp: &Response) -> bool {
    resp.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// A strong ETag over the body; 304 when the client already has it.
async fn with_etag(resp: Response, if_none_match: Option<&HeaderValue>) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, super::problem::INTERNAL).into_response();
    };
    let tag = format!("\"{}\"", &hex::encode(Sha256::digest(&bytes))[..32]);
    let matches = if_none_match
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim().trim_start_matches("W/") == tag || t.trim() == "*"));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
    }
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_waits_once_past_its_limit_and_others_do_not() {
        let l = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(l.check(1, t0).is_ok());
        assert!(l.check(1, t0).is_ok());
        let wait = l.check(1, t0 + Duration::from_secs(10)).err().unwrap_or_else(|| panic!("expected an error"));
        assert_eq!(wait, 50);
        assert!(l.check(2, t0).is_ok(), "per token");
        assert!(l.check(1, t0 + Duration::from_secs(61)).is_ok(), "a new window");
    }
}
