//! The session middleware: once per request, find the logged-in user from the session cookie
//! (stored server-side, so any app node can serve any request), and the language, flash
//! message and CSRF token the page needs.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use cchc_app::accounts::session_expiry;
use cchc_app::password::{random_token, token_hash};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

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

/// Sessions kept at most by one node's cache.
const SESSION_CAPACITY: usize = 20_000;

/// Sessions this node has looked up recently, so that a page does not read the session and
/// its user from the database on every request.
///
/// An entry is reused while it is younger than the time to live, its session has not
/// expired, and no state-changing request has completed on this node since it was read
/// (every POST bumps the generation: logout, password change, account edits). Sessions ended
/// on another node drop the cache as soon as the database announces it (PostgreSQL, see
/// [`follow_signals`]); changes made from the command line apply within the time to live.
pub struct SessionCache {
    ttl: std::time::Duration,
    generation: AtomicU64,
    entries: Mutex<HashMap<String, (u64, Instant, Auth)>>,
}

impl SessionCache {
    /// A cache whose entries live at most `ttl` (zero turns it off).
    pub fn new(ttl: std::time::Duration) -> SessionCache {
        SessionCache { ttl, generation: AtomicU64::new(0), entries: Mutex::new(HashMap::new()) }
    }

    /// Forgets every session read so far.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    /// The generation to pass to [`SessionCache::put`] for a read that starts now.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// A fresh cached session for `token_hash`.
    pub fn get(&self, token_hash: &str, now: DateTime<Utc>) -> Option<Auth> {
        if self.ttl.is_zero() {
            return None;
        }
        let generation = self.generation();
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        let (g, born, auth) = entries.get(token_hash)?;
        let live = auth.session.as_ref().is_some_and(|s| s.expires_at > now);
        (*g == generation && born.elapsed() < self.ttl && live).then(|| auth.clone())
    }

    /// Remembers a session read at `generation` (dropped if a change happened meanwhile).
    pub fn put(&self, generation: u64, auth: &Auth) {
        let Some(session) = &auth.session else { return };
        if self.ttl.is_zero() || generation != self.generation() {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= SESSION_CAPACITY {
            let ttl = self.ttl;
            entries.retain(|_, (g, born, _)| *g == generation && born.elapsed() < ttl);
            if entries.len() >= SESSION_CAPACITY {
                entries.clear();
            }
        }
        entries.insert(session.token_hash.clone(), (generation, Instant::now(), auth.clone()));
    }
}

/// Drops the whole cache whenever a session ends on any node, or when the listening
/// connection was reopened (what it missed is unknown). The whole cache rather than the one
/// entry: bumping the generation is what keeps a read racing the notification from putting
/// the ended session back. Stops when the cache is gone or the listener stops.
pub async fn follow_signals(
    mut signals: tokio::sync::mpsc::Receiver<cchc_storage::model::SessionSignal>,
    cache: std::sync::Weak<SessionCache>,
) {
    while let Some(signal) = signals.recv().await {
        let Some(cache) = cache.upgrade() else { return };
        tracing::debug!(?signal, "session signal");
        cache.invalidate();
    }
}

/// The user behind a session token: from this node's cache, or read (and the session's
/// last-seen time written at most once a minute).
async fn find(state: &AppState, token: &str, now: DateTime<Utc>) -> Result<Option<Auth>, AppError> {
    let hash = token_hash(token);
    if let Some(auth) = state.sessions.get(&hash, now) {
        if auth.session.as_ref().is_some_and(|s| now - s.last_seen_at <= Duration::seconds(TOUCH_EVERY_SECS)) {
            return Ok(Some(auth));
        }
    }
    let generation = state.sessions.generation();
    let Some((mut session, user)) = state.store.session(&hash, now).await? else { return Ok(None) };
    if now - session.last_seen_at > Duration::seconds(TOUCH_EVERY_SECS) {
        let exp = session_expiry(&state.config.security, session.created_at, now);
        state.store.touch_session(&session.token_hash, now, exp).await?;
        session.expires_at = exp;
        session.last_seen_at = now;
    }
    let auth = Auth { user, session: Some(session), token: None };
    state.sessions.put(generation, &auth);
    Ok(Some(auth))
}

pub async fn load(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let now = Utc::now();
    let sec = &state.config.security;
    let headers = req.headers().clone();
    let mut auth = None;
    let mut drop_cookie = false;
    if req.uri().path().starts_with("/api/") && headers.contains_key(header::AUTHORIZATION) {
        match crate::api::token::authenticate(&state, &headers, now).await {
            Ok(a) => auth = Some(a),
            Err(refused) => return refused,
        }
    } else if let Some(token) = cookies::get(&headers, cookies::SESSION) {
        match find(&state, &token, now).await {
            Ok(Some(a)) => auth = Some(a),
            Ok(None) => drop_cookie = true,
            Err(e) => return e.into_response(),
        }
    }
    let anon_csrf = cookies::get(&headers, cookies::CSRF).filter(|t| t.len() == 64);
    // The public site's pages hold no form: they set no cookie, so that any cache may keep them.
    let new_csrf = (auth.is_none() && anon_csrf.is_none() && !is_public_site(req.uri().path())).then(random_token);
    let csrf = match (&auth, &anon_csrf, &new_csrf) {
        (Some(Auth { session: Some(s), .. }), _, _) => s.csrf_token.clone(),
        // A token request needs no CSRF token: nothing ambient (no cookie) authenticated it.
        (Some(_), _, _) => String::new(),
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

/// A page of the public transparency site (read-only, no login).
fn is_public_site(path: &str) -> bool {
    path == "/cong-khai" || path.starts_with("/cong-khai/")
}

/// A page was rendered (not a redirect that carries the flash further).
fn shown_page(h: &HeaderMap) -> bool {
    h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"))
        && !h.contains_key(header::LOCATION)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::role::Role;
    use cchc_domain::user::User;
    use cchc_storage::model::Session;

    fn auth(token: &str, expires_in_secs: i64) -> Auth {
        let now = Utc::now();
        Auth {
            user: User {
                id: 7,
                login: "dv.a".into(),
                full_name: "A".into(),
                email: String::new(),
                role: Role::Office,
                unit_id: None,
                active: true,
                must_change_password: false,
            },
            session: Some(Session {
                token_hash: token.into(),
                user_id: 7,
                csrf_token: "c".into(),
                created_at: now,
                last_seen_at: now,
                expires_at: now + Duration::seconds(expires_in_secs),
            }),
            token: None,
        }
    }

    #[test]
    fn sessions_are_reused_until_a_change_or_expiry() {
        let c = SessionCache::new(std::time::Duration::from_secs(60));
        let now = Utc::now();
        assert!(c.get("t", now).is_none());
        c.put(c.generation(), &auth("t", 600));
        assert_eq!(c.get("t", now).map(|a| a.user.login), Some("dv.a".into()));
        assert!(c.get("other", now).is_none(), "keyed by the token");
        assert!(c.get("t", now + Duration::seconds(601)).is_none(), "an expired session is never served");
        c.invalidate();
        assert!(c.get("t", now).is_none(), "a change on this node drops every cached session");
    }

    #[test]
    fn a_read_that_raced_a_change_is_not_kept() {
        let c = SessionCache::new(std::time::Duration::from_secs(60));
        let before = c.generation();
        c.invalidate(); // e.g. a logout completed while the session was being read
        c.put(before, &auth("t", 600));
        assert!(c.get("t", Utc::now()).is_none());
    }

    #[test]
    fn zero_time_to_live_and_age_limit() {
        let off = SessionCache::new(std::time::Duration::ZERO);
        off.put(off.generation(), &auth("t", 600));
        assert!(off.get("t", Utc::now()).is_none());
        let short = SessionCache::new(std::time::Duration::from_millis(10));
        short.put(short.generation(), &auth("t", 600));
        std::thread::sleep(std::time::Duration::from_millis(30));
        assert!(short.get("t", Utc::now()).is_none(), "aged out");
    }
}
