//! Authentication by personal access token (`Authorization: Bearer cchc_…`), on `/api/`
//! only: a refused token is a 401 problem document saying why (unknown, expired, revoked,
//! owner deactivated), never a fallback to the session cookie.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use cchc_app::password::token_hash;
use cchc_storage::model_tokens::TokenRefusal;
use chrono::{DateTime, Utc};

use super::problem::Problem;
use crate::auth::{Auth, TokenGrant};
use crate::state::AppState;

pub const MALFORMED: &str = "Tiêu đề Authorization phải có dạng «Bearer <mã truy cập>».";
pub const UNKNOWN: &str = "Mã truy cập không đúng.";
pub const EXPIRED: &str = "Mã truy cập đã hết hạn. Hãy tạo mã mới trong trang Tài khoản → Mã truy cập API.";
pub const REVOKED: &str = "Mã truy cập đã bị thu hồi.";
pub const INACTIVE: &str = "Tài khoản sở hữu mã truy cập này đã bị khóa.";

/// The user and grant behind the request's bearer token, or the 401 to answer.
pub async fn authenticate(state: &AppState, headers: &HeaderMap, now: DateTime<Utc>) -> Result<Auth, Response> {
    let refuse = |detail: &str| {
        let mut r = Problem::new(StatusCode::UNAUTHORIZED, detail).lang_of(headers).into_response();
        r.headers_mut().insert(header::WWW_AUTHENTICATE, header::HeaderValue::from_static("Bearer realm=\"cchc\""));
        r
    };
    let value = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    let Some(secret) = value.strip_prefix("Bearer ").map(str::trim).filter(|s| !s.is_empty()) else {
        return Err(refuse(MALFORMED));
    };
    match state.store.use_token(&token_hash(secret), now).await {
        Ok(Ok((token, user))) => Ok(Auth {
            user,
            session: None,
            token: Some(TokenGrant { id: token.id, name: token.name, scopes: token.scopes }),
        }),
        Ok(Err(why)) => Err(refuse(match why {
            TokenRefusal::Unknown => UNKNOWN,
            TokenRefusal::Expired => EXPIRED,
            TokenRefusal::Revoked => REVOKED,
            TokenRefusal::Inactive => INACTIVE,
        })),
        Err(e) => Err(Problem::from(e).into_response()),
    }
}
