//! CSRF protection for every state-changing request. A POST (or PUT/PATCH/DELETE) must carry
//! the token of its session — or, before login, the token of its CSRF cookie — in the form
//! field `_csrf` or the `X-CSRF-Token` header. The check runs before routing, so no handler
//! can forget it.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use super::session::RequestCtx;
use crate::render::error_page;
use crate::state::AppState;

pub async fn verify(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let expected = req.extensions().get::<RequestCtx>().map(|c| c.csrf.clone()).unwrap_or_default();
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_string);
    let content_type = req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    let multipart = content_type.starts_with("multipart/form-data");
    let limit = if multipart { state.config.limits.max_upload_bytes } else { state.config.limits.max_form_bytes };
    let (parts, body) = req.into_parts();
    let bytes = match to_bytes(body, limit).await {
        Ok(b) => b,
        Err(_) => return error_page(StatusCode::PAYLOAD_TOO_LARGE, None),
    };
    let submitted = match header_token {
        Some(t) => Some(t),
        None if multipart => multipart_token(&content_type, bytes.clone()).await,
        None => form_token(&bytes),
    };
    if expected.is_empty() || !submitted.is_some_and(|s| constant_time_eq(s.as_bytes(), expected.as_bytes())) {
        tracing::warn!(path = %parts.uri.path(), "CSRF check failed");
        return error_page(
            StatusCode::FORBIDDEN,
            Some("Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã chống giả mạo). Vui lòng tải lại trang và gửi lại."),
        );
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
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
fn futures_once(
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

    #[tokio::test]
    async fn finds_multipart_tokens() {
        let body = "--XX\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\ntok\r\n--XX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nx,y\r\n--XX--\r\n";
        let t = multipart_token("multipart/form-data; boundary=XX", axum::body::Bytes::from(body)).await;
        assert_eq!(t.as_deref(), Some("tok"));
    }
}
