//! RFC 9457 problem details: every API error is one `application/problem+json` document with
//! a Vietnamese `title` and `detail` (English when the client asks with `Accept-Language`),
//! and `errors[]` naming each bad field by its JSON pointer.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cchc_app::accounts::ServiceError;
use cchc_storage::StoreError;
use serde::Serialize;

use crate::error::AppError;
use crate::i18n::{translate, Lang};

/// One bad field: where (a JSON pointer into the request, `/records/3/code`) and why.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldProblem {
    pub pointer: String,
    pub detail: String,
}

/// A problem document.
#[derive(Debug, Clone)]
pub struct Problem {
    pub status: StatusCode,
    pub detail: String,
    pub errors: Vec<FieldProblem>,
    /// Seconds to wait (429).
    pub retry_after: Option<u64>,
    lang: Lang,
}

impl Problem {
    /// A problem with a Vietnamese detail sentence.
    pub fn new(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem { status, detail: detail.into(), errors: Vec::new(), retry_after: None, lang: Lang::Vi }
    }

    /// 422 with one message per field.
    pub fn invalid(errors: Vec<FieldProblem>) -> Problem {
        let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, INVALID_FIELDS);
        p.errors = errors;
        p
    }

    /// In the language the client asked for (`Accept-Language: en…` for English).
    pub fn lang_of(mut self, headers: &HeaderMap) -> Problem {
        self.lang = lang_of(headers);
        self
    }

    /// The document as JSON.
    pub fn body(&self) -> serde_json::Value {
        let t = |s: &str| translate(self.lang, s).to_string();
        let errors: Vec<FieldProblem> =
            self.errors.iter().map(|e| FieldProblem { pointer: e.pointer.clone(), detail: t(&e.detail) }).collect();
        let mut doc = serde_json::json!({
            "type": "about:blank",
            "title": t(title(self.status)),
            "status": self.status.as_u16(),
            "detail": t(&self.detail),
        });
        if !errors.is_empty() {
            doc["errors"] = serde_json::json!(errors);
        }
        doc
    }
}

/// The client's language: the first `Accept-Language` tag.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let first = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let tag = first.split(',').next().unwrap_or("").trim().to_ascii_lowercase();
    if tag.starts_with("en") {
        Lang::En
    } else {
        Lang::Vi
    }
}

/// The Vietnamese title of a status.
fn title(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "Yêu cầu không hợp lệ",
        401 => "Chưa xác thực",
        403 => "Không có quyền",
        404 => "Không tìm thấy",
        409 => "Xung đột dữ liệu",
        412 => "Dữ liệu đã thay đổi",
        413 => "Nội dung quá lớn",
        415 => "Kiểu nội dung không được hỗ trợ",
        422 => "Dữ liệu không hợp lệ",
        428 => "Thiếu phiên bản",
        429 => "Quá nhiều yêu cầu",
        _ => "Lỗi hệ thống",
    }
}

pub const INVALID_FIELDS: &str = "Một số trường dữ liệu không hợp lệ; xem danh sách lỗi.";
pub const INTERNAL: &str = "Hệ thống gặp lỗi khi xử lý yêu cầu. Vui lòng thử lại sau.";
pub const UNAUTHENTICATED: &str =
    "Cần mã truy cập (Authorization: Bearer …) hoặc phiên đăng nhập để dùng giao diện lập trình.";
pub const FORBIDDEN: &str = "Vai trò của bạn không được phép thực hiện thao tác này.";

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        if self.status.is_server_error() {
            tracing::error!(detail = %self.detail, "API internal error");
        }
        let shown = if self.status.is_server_error() {
            Problem { detail: INTERNAL.into(), ..self.clone() }
        } else {
            self.clone()
        };
        let mut resp = (self.status, shown.body().to_string()).into_response();
        let h = resp.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(s) = self.retry_after {
            h.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        // Kept so the API layer can answer in the client's language.
        resp.extensions_mut().insert(shown);
        resp
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Problem {
        let status = e.status();
        let detail = match e {
            AppError::Unauthenticated { .. } => UNAUTHENTICATED.to_string(),
            AppError::Forbidden => FORBIDDEN.to_string(),
            AppError::NotFound(what) => format!("Không tìm thấy {what}."),
            AppError::BadRequest(m) | AppError::Conflict(m) => crate::error::capitalize(&m),
            AppError::TooLarge => "Nội dung gửi lên vượt quá giới hạn.".to_string(),
            AppError::Internal(m) => m,
        };
        Problem::new(status, detail)
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Problem {
        AppError::from(e).into()
    }
}

impl From<cchc_app::kpi::KpiError> for Problem {
    fn from(e: cchc_app::kpi::KpiError) -> Problem {
        AppError::from(e).into()
    }
}

impl From<ServiceError> for Problem {
    fn from(e: ServiceError) -> Problem {
        match e {
            ServiceError::Invalid(errs) => Problem::invalid(
                errs.0
                    .into_iter()
                    .map(|f| FieldProblem { pointer: format!("/{}", f.field), detail: f.message })
                    .collect(),
            ),
            other => AppError::from(other).into(),
        }
    }
}

/// Result alias for API handlers.
pub type ApiResult<T> = Result<T, Problem>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_carry_status_title_and_field_pointers() {
        let mut p = Problem::invalid(vec![FieldProblem { pointer: "/percent".into(), detail: "Sai.".into() }]);
        let b = p.body();
        assert_eq!(b["status"], 422);
        assert_eq!(b["title"], "Dữ liệu không hợp lệ");
        assert_eq!(b["errors"][0]["pointer"], "/percent");
        p.lang = Lang::En;
        assert_eq!(p.body()["title"], "Invalid data");
    }

    #[test]
    fn every_title_and_fixed_detail_is_translated() {
        for code in [400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 500] {
            let t = title(StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
            assert_ne!(translate(Lang::En, t), t, "{code}");
        }
        for d in [INVALID_FIELDS, INTERNAL, UNAUTHENTICATED, FORBIDDEN] {
            assert_ne!(translate(Lang::En, d), d);
        }
    }

    #[test]
    fn the_first_accept_language_tag_decides() {
        let mut h = HeaderMap::new();
        assert_eq!(lang_of(&h), Lang::Vi);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("en-US,en;q=0.9"));
        assert_eq!(lang_of(&h), Lang::En);
        h.insert(header::ACCEPT_LANGUAGE, HeaderValue::from_static("vi-VN, en;q=0.5"));
        assert_eq!(lang_of(&h), Lang::Vi);
    }
}
