//! GET handlers that return files (XLSX, CSV) and the static assets.

pub mod audit;
pub mod initiatives;
pub mod inspections;
pub mod kpi;
pub mod par;
pub mod plans;
pub mod reports;
pub mod settings;
pub mod sipas;
pub mod tasks;
pub mod units;
pub mod workdays;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// A download with a Vietnamese file name (RFC 6266 `filename*`) and an ASCII fallback.
pub fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let ascii: String = cchc_domain::text::fold(file_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '_' })
        .collect();
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        crate::error::urlencode(file_name).replace('+', "%20")
    );
    let mut r = bytes.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// Builds a file (XLSX, DOCX, ZIP) off the async executor; a failure is an internal error.
pub async fn build<E: std::fmt::Display + Send + 'static>(
    f: impl FnOnce() -> Result<Vec<u8>, E> + Send + 'static,
) -> Result<Vec<u8>, crate::error::AppError> {
    use crate::error::AppError;
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// A file's download token, as the store issues them (64 hex digits); anything else is "not
/// found" before the store is asked.
pub fn check_token(token: &str, what: &'static str) -> Result<(), crate::error::AppError> {
    if token.len() != 64 || !token.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(crate::error::AppError::NotFound(what));
    }
    Ok(())
}

/// An uploaded file given back: its stored content type, as an attachment, sandboxed so that
/// a browser never runs what a user uploaded.
pub fn stored_file(bytes: Vec<u8>, file_name: &str, content_type: &str) -> Response {
    let mut r = download(bytes, "application/octet-stream", file_name);
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("sandbox; default-src 'none'"));
    r
}

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

/// The site icon, embedded (a yellow star on the reform office's red).
pub async fn favicon() -> Response {
    let mut r = include_str!("../../static/favicon.svg").into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    r
}

/// The stylesheet, embedded.
pub async fn css() -> Response {
    let mut r = include_str!("../../static/app.css").into_response();
    r.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css; charset=utf-8"));
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
    r
}
