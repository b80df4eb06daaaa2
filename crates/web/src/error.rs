//! The one application error type, mapped to an HTTP status and a plain Vietnamese page in
//! one place. Internal errors are logged with their context and never shown as driver text.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cchc_app::accounts::ServiceError;
use cchc_storage::StoreError;

use crate::render::error_page;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not logged in: pages redirect to the login form.
    #[error("cần đăng nhập")]
    Unauthenticated { next: String },
    /// Logged in, but this role or unit may not do this.
    #[error("không có quyền")]
    Forbidden,
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// A request the user can fix (malformed form, wrong file type), with the sentence to show.
    #[error("{0}")]
    BadRequest(String),
    /// The change conflicts with the current state (duplicate code, already closed…).
    #[error("{0}")]
    Conflict(String),
    #[error("tệp hoặc biểu mẫu quá lớn")]
    TooLarge,
    /// Anything else; logged, shown as a generic sentence.
    #[error("lỗi hệ thống: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::NotFound(what),
            StoreError::Conflict(m) => AppError::Conflict(m),
            StoreError::Invalid(m) => AppError::BadRequest(m),
            StoreError::Other(m) => AppError::Internal(m),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(errs) => AppError::BadRequest(errs.sentence()),
            ServiceError::Store(s) => s.into(),
            ServiceError::Internal(m) => AppError::Internal(m),
        }
    }
}

impl AppError {
    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated { .. } => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let detail = match &self {
            AppError::Unauthenticated { next } => {
                let to = format!("/login?next={}", urlencode(next));
                return Redirect::to(&to).into_response();
            }
            AppError::Internal(m) => {
                tracing::error!(error = %m, "internal error");
                None
            }
            AppError::NotFound(what) => Some(format!("Không tìm thấy {what}.")),
            AppError::BadRequest(m) | AppError::Conflict(m) => Some(capitalize(m)),
            AppError::Forbidden | AppError::TooLarge => None,
        };
        error_page(status, detail.as_deref())
    }
}

/// Upper-cases the first letter and ends with a full stop.
pub(crate) fn capitalize(m: &str) -> String {
    let mut c = m.chars();
    let mut s = match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    };
    if !s.ends_with(['.', '!', '?']) {
        s.push('.');
    }
    s
}

/// Percent-encodes a path for a query parameter.
pub fn urlencode(s: &str) -> String {
    serde_urlencoded::to_string([("x", s)]).map(|e| e[2..].to_string()).unwrap_or_default()
}

/// Result alias for handlers.
pub type AppResult<T> = Result<T, AppError>;
