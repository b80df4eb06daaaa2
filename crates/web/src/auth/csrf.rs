//! CSRF protection for every state-changing request. A POST (or PUT/PATCH/DELETE) must carry
//! the token of its session — or, before login, the token of its CSRF cookie — in the form
//! field `_csrf` or the `X-CSRF-Token` header. The check runs before routing, so no handler
//! can forget it. As a second layer, a request that says it comes from another site
//! (`Sec-Fetch-Site: cross-site` or `same-site`, or an `Origin` that is neither this host nor
//! the configured public address) is refused even with the right token; requests without
//! these headers (older browsers, scripts, the tests' HTTP client) rely on the token alone.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::session::RequestCtx;
use crate::render::{error_page, error_page_keeping};
use crate::state::AppState;

pub async fn verify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    // A personal access token is sent deliberately by its holder, never added by a browser.
    let auth = req.extensions().get::<Option<super::Auth>>().cloned().flatten();
    if auth.as_ref().is_some_and(|a| a.token.is_some()) {
        return next.run(req).await;
    }
    let api = req.uri().path().starts_with("/api/");
    if api && auth.is_none() {
        // Nothing ambient (no session) authenticates it: the handler answers 401.
        return next.run(req).await;
    }
    if foreign_origin(req.headers(), &state.config.public_url) {
        tracing::warn!(path = %req.uri().path(), "state-changing request from another origin refused");
        let msg = "Yêu cầu được gửi từ một trang web khác nên bị từ chối. Vui lòng thao tác trực tiếp trên trang của hệ thống.";
        return refuse(api, req.headers(), msg);
    }
    let expected = req.extensions().get::<RequestCtx>().map(|c| c.csrf.clone()).unwrap_or_default();
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(t) = &header_token {
        // The header decides; the body need not be read here (API bodies have their own limits).
        if expected.is_empty() || !constant_time_eq(t.as_bytes(), expected.as_bytes()) {
            tracing::warn!(path = %req.uri().path(), "CSRF check failed");
            return refuse(api, req.headers(), CSRF_FAILED);
        }
        return next.run(req).await;
    }
    if api {
        return refuse(api, req.headers(), CSRF_FAILED);
    }
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let multipart = content_type.starts_with("multipart/form-data");
    let limit = if multipart { state.config.limits.max_upload_bytes } else { state.config.limits.max_form_bytes };
    let (parts, body) = req.into_parts();
    let bytes = match super::oversize::read_capped(body, limit).await {
        Ok(b) => b,
        Err(prefix) => {
            let kept = super::oversize::kept_fields(&content_type, prefix).await;
            return error_page_keeping(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(&too_large(multipart, limit, !kept.is_empty())),
                kept,
            );
        }
    };
    let submitted = match header_token {
        Some(t) => Some(t),
        None if multipart => multipart_token(&content_type, bytes.clone()).await,
        None => form_token(&bytes),
    };
    if expected.is_empty() || !submitted.is_some_and(|s| constant_time_eq(s.as_bytes(), expected.as_bytes())) {
        tracing::warn!(path = %parts.uri.path(), "CSRF check failed");
        return error_page(StatusCode::FORBIDDEN, Some(CSRF_FAILED));
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

const CSRF_FAILED: &str =
    "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã chống giả mạo). Vui lòng tải lại trang và gửi lại.";

/// A 403: a problem document on the API, the error page elsewhere.
fn refuse(api: bool, headers: &header::HeaderMap, detail: &'static str) -> Response {
    if api {
        crate::api::problem::Problem::new(StatusCode::FORBIDDEN, detail).lang_of(headers).into_response()
    } else {
        error_page(StatusCode::FORBIDDEN, Some(detail))
    }
}

/// Whether the browser says the request comes from another site. `Sec-Fetch-Site` decides
/// when present (`same-origin`, or `none` for what the user typed); otherwise `Origin` must
/// name this host (the `Host` header) or the configured public address.
fn foreign_origin(headers: &header::HeaderMap, public_url: &str) -> bool {
    let get = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(site) = get("sec-fetch-site") {
        return !matches!(site.to_ascii_lowercase().as_str(), "same-origin" | "none");
    }
    let Some(origin) = get("origin") else { return false };
    let origin = origin.trim_end_matches('/').to_ascii_lowercase();
    let host_of = |o: &str| o.split_once("://").map(|(_, h)| h.to_string());
    let same_host = match (host_of(&origin), get("host")) {
        (Some(h), Some(host)) => h == host.to_ascii_lowercase(),
        _ => false,
    };
    !(same_host || origin == public_url.trim().trim_end_matches('/').to_ascii_lowercase())
}

/// A size limit as people read it: `20 MB`, `1,5 MB`, `64 KB` (the form hints say it too).
pub fn limit_label(limit: usize) -> String {
    let mib = limit as f64 / (1024.0 * 1024.0);
    if mib >= 1.0 {
        format!("{} MB", format!("{mib:.1}").trim_end_matches(".0").replace('.', ","))
    } else {
        format!("{} KB", limit.div_ceil(1024))
    }
}

/// The 413 message: the limit that was passed, and how to get the typed text back (the body
/// was cut off at the limit, so the server has no complete form to re-render; with `kept`,
/// the fields it could read are shown below the message).
fn too_large(multipart: bool, limit: usize, kept: bool) -> String {
    let size = limit_label(limit);
    let what = if multipart { "Tệp và biểu mẫu gửi lên" } else { "Nội dung biểu mẫu" };
    let below = if kept {
        " Các ô đọc được trước giới hạn có ở bên dưới để sao chép lại."
    } else {
        ""
    };
    format!(
        "{what} vượt quá giới hạn {size} cho một lần gửi. Hãy bấm nút Quay lại của trình duyệt \
         (các ô đã nhập thường vẫn còn), chọn tệp nhỏ hơn {size} hoặc chia nhỏ nội dung, rồi gửi lại.{below}"
    )
}

fn form_token(bytes: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes)
        .ok()?
        .into_iter()
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v)
}

async fn multipart_token(content_type: &str, bytes: axum::body::Bytes) -> Option<String> {
    let boundary = multer::parse_boundary(content_type).ok()?;
    let stream = futures_once(bytes);
    let mut mp = multer::Multipart::new(stream, boundary);
    while let Ok(Some(field)) = mp.next_field().await {
        if field.name() == Some("_csrf") {
            return field.text().await.ok();
        }
    }
    None
}

/// A one-item stream of the buffered body, for multer.
pub(super) fn futures_once(
    bytes: axum::body::Bytes,
) -> impl futures_core::Stream<Item = Result<axum::body::Bytes, std::convert::Infallible>> {
    struct Once(Option<axum::body::Bytes>);
    impl futures_core::Stream for Once {
        type Item = Result<axum::body::Bytes, std::convert::Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }
    Once(Some(bytes))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_form_tokens() {
        assert_eq!(form_token(b"a=1&_csrf=abc&b=2").as_deref(), Some("abc"));
        assert_eq!(form_token(b"a=1"), None);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }

    #[test]
    fn the_size_message_names_the_limit() {
        assert!(too_large(true, 20 * 1024 * 1024, false).contains("giới hạn 20 MB"));
        assert!(too_large(false, 1536 * 1024, false).contains("giới hạn 1,5 MB"));
        assert!(too_large(false, 64 * 1024, true).contains("giới hạn 64 KB"));
        assert!(too_large(false, 64 * 1024, true).contains("bên dưới"));
        assert!(!too_large(false, 64 * 1024, false).contains("bên dưới"));
    }

    #[test]
    fn foreign_origins_are_told_apart() {
        let h = |pairs: &[(&'static str, &'static str)]| {
            let mut m = header::HeaderMap::new();
            for (k, v) in pairs {
                m.insert(*k, axum::http::HeaderValue::from_static(v));
            }
            m
        };
        let public = "https://cchc.example.vn";
        assert!(!foreign_origin(&h(&[]), public), "no Origin: the token decides");
        assert!(!foreign_origin(&h(&[("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")]), public));
        assert!(!foreign_origin(&h(&[("host", "internal:8080"), ("origin", "https://cchc.example.vn")]), public));
        assert!(foreign_origin(&h(&[("host", "127.0.0.1:8080"), ("origin", "https://evil.example")]), public));
        assert!(foreign_origin(&h(&[("host", "127.0.0.1:8080"), ("origin", "null")]), public));
        assert!(!foreign_origin(&h(&[("sec-fetch-site", "same-origin"), ("origin", "https://evil.example")]), public));
        assert!(!foreign_origin(&h(&[("sec-fetch-site", "none")]), public));
        assert!(foreign_origin(&h(&[("sec-fetch-site", "cross-site")]), public));
        assert!(foreign_origin(&h(&[("sec-fetch-site", "same-site")]), public));
    }

    #[tokio::test]
    async fn finds_multipart_tokens() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx,y\r\n--XX--\r\n";
        let t = multipart_token("multipart/form-data; boundary=XX", axum::body::Bytes::from(body)).await;
        assert_eq!(t.as_deref(), Some("tok"));
    }
}
