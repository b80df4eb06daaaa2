//! The user's own account.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use cchc_app::accounts::{change_password, ServiceError};

use crate::auth::policy::AnyUser;
use crate::auth::{cookies, Require};
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::FormData;
use crate::pages::account::password_form;
use crate::state::AppState;

/// POST `/account/password`: changing the password ends every session, so the user logs in
/// again with the new one.
pub async fn password(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let raw = |k: &str| f.0.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone()).unwrap_or_default();
    match change_password(state.store.as_ref(), &auth.user, &raw("current"), &raw("new"), &raw("confirm")).await {
        Ok(()) => {
            let mut r = redirect_with_flash("/login", "Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới.");
            r.headers_mut().append(
                header::SET_COOKIE,
                cookies::set(cookies::SESSION, "", Some(0), true, state.config.security.cookie_secure),
            );
            Ok(r.into_response())
        }
        Err(ServiceError::Invalid(errs)) => Ok(password_form(&ctx, errs)),
        Err(e) => Err(e.into()),
    }
}
