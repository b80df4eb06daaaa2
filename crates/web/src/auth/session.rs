//! The session middleware: once per request, find the logged-in user from the session cookie
//! (stored server-side, so any app node can serve any request), and the language, flash
//! message and CSRF token the page needs.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cchc_app::accounts::session_expiry;
use cchc_app::password::{random_token, token_hash};
use chrono::{Duration, Utc};

use super::{cookies, Auth};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::state::AppState;

/// What every page needs besides the user: set by [`load`], read by the `Ctx` extractor.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub lang: Lang,
    /// The token forms must echo back in `_csrf`.
    pub csrf: String,
    /// A message from the previous request (after a redirect).
    pub flash: Option<String>,
    pub path: String,
}

/// Don't write `last_seen_at` more than once a minute per session.
const TOUCH_EVERY_SECS: i64 = 60;

pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = Utc::now();
    let sec = &state.config.security;
    let headers = req.headers().clone();
    let mut auth = None;
    let mut drop_cookie = false;
    if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        match state.store.session(&token_hash(&token), now).await {
            Ok(Some((mut session, user))) => {
                if now - session.last_seen_at > Duration::seconds(TOUCH_EVERY_SECS) {
                    let exp = session_expiry(sec, session.created_at, now);
                    if let Err(e) = state.store.touch_session(&session.token_hash, now, exp).await {
                        return AppError::from(e).into_response();
                    }
                    session.expires_at = exp;
                }
                auth = Some(Auth { user, session });
            }
            Ok(None) => drop_cookie = true,
            Err(e) => return AppError::from(e).into_response(),
        }
    }
    let anon_csrf = cookies::get(&headers, cookies::CSRF).filter(|t| t.len() == 64);
    let new_csrf = (auth.is_none() && anon_csrf.is_none()).then(random_token);
    let csrf = match (&auth, &anon_csrf, &new_csrf) {
        (Some(a), _, _) => a.session.csrf_token.clone(),
        (None, Some(t), _) | (None, None, Some(t)) => t.clone(),
        (None, None, None) => String::new(),
    };
    let flash = cookies::get(&headers, cookies::FLASH).map(|f| cookies::decode_flash(&f));
    let ctx = RequestCtx {
        lang: cookies::get(&headers, cookies::LANG).map(|l| Lang::parse(&l)).unwrap_or_default(),
        csrf,
        flash: flash.clone().filter(|f| !f.is_empty()),
        path: req.uri().path().to_string(),
    };
    req.extensions_mut().insert(auth);
    req.extensions_mut().insert(ctx);
    let mut resp = next.run(req).await;
    let secure = sec.cookie_secure;
    let h = resp.headers_mut();
    if let Some(t) = new_csrf {
        h.append(header::SET_COOKIE, cookies::set(cookies::CSRF, &t, None, true, secure));
    }
    if drop_cookie {
        h.append(header::SET_COOKIE, cookies::set(cookies::SESSION, "", Some(0), true, secure));
    }
    if flash.is_some() && shown_page(h) {
        h.append(header::SET_COOKIE, cookies::set(cookies::FLASH, "", Some(0), true, secure));
    }
    resp
}

/// A page was rendered (not a redirect that carries the flash further).
fn shown_page(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
        && !h.contains_key(header::LOCATION)
}
