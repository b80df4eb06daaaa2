//! The page context every template gets: the user, language, CSRF token, flash message,
//! navigation for the user's role.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use cchc_domain::role::Role;
use minijinja::{context, Value};
use serde::Serialize;

use crate::auth::cookies;
use crate::auth::session::RequestCtx;
use crate::auth::Auth;
use crate::i18n::{translate, Lang};
use crate::render::templates;

/// Extracted in every page handler.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub auth: Option<Auth>,
    pub req: RequestCtx,
    /// Unread notifications, for the header (logged-in users only).
    pub unread: Option<i64>,
    /// The deployment's banner (setting `org.notice`, e.g. what the demo data is), shown on
    /// every page to logged-in users.
    pub notice: Option<String>,
}

#[derive(Serialize)]
struct NavItem {
    href: &'static str,
    label: &'static str,
    active: bool,
}

#[derive(Serialize)]
struct UserView<'a> {
    id: i64,
    login: &'a str,
    full_name: &'a str,
    role: &'static str,
    role_label: &'static str,
    unit_id: Option<i64>,
    is_office: bool,
    is_admin: bool,
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx
where
    cchc_storage::DynStore: axum::extract::FromRef<S>,
    std::sync::Arc<crate::cache::ViewCache>: axum::extract::FromRef<S>,
{
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let auth = parts.extensions.get::<Option<Auth>>().cloned().flatten();
        let req = parts.extensions.get::<RequestCtx>().cloned().unwrap_or(RequestCtx {
            lang: Lang::Vi,
            csrf: String::new(),
            flash: None,
            path: parts.uri.path().to_string(),
        });
        let notice = match &auth {
            Some(_) => notice(state).await,
            None => None,
        };
        let unread = match &auth {
            Some(a) => {
                use axum::extract::FromRef;
                let store = cchc_storage::DynStore::from_ref(state);
                let views = std::sync::Arc::<crate::cache::ViewCache>::from_ref(state);
                // The badge may lag a reminder run by the cache's time to live; reading a
                // notification (a POST) refreshes it at once.
                let key = format!("unread:{:?}", crate::pages::notifications::scope_of(a));
                let count = views
                    .get_or_compute(key, || async {
                        Ok(minijinja::Value::from(crate::pages::notifications::unread(&store, a).await))
                    })
                    .await;
                count.ok().and_then(|v| v.as_i64())
            }
            None => None,
        };
        Ok(Ctx { auth, req, unread, notice })
    }
}

/// The `org.notice` setting (cached with the other views; empty means none).
async fn notice<S: Send + Sync>(state: &S) -> Option<String>
where
    cchc_storage::DynStore: axum::extract::FromRef<S>,
    std::sync::Arc<crate::cache::ViewCache>: axum::extract::FromRef<S>,
{
    use axum::extract::FromRef;
    let store = cchc_storage::DynStore::from_ref(state);
    let views = std::sync::Arc::<crate::cache::ViewCache>::from_ref(state);
    let v = views
        .get_or_compute("org.notice".to_string(), || async {
            let text = store.setting("org.notice").await.ok().flatten().unwrap_or_default();
            Ok(minijinja::Value::from(text.trim().to_string()))
        })
        .await
        .ok()?;
    v.as_str().filter(|s| !s.is_empty()).map(str::to_string)
}

impl Ctx {
    /// The phrase in the user's language.
    pub fn t<'a>(&self, vi: &'a str) -> &'a str {
        translate(self.req.lang, vi)
    }

    fn nav(&self) -> Vec<NavItem> {
        let Some(a) = &self.auth else { return Vec::new() };
        let role = a.user.role;
        let mut items = vec![
            ("/", "Tổng quan", true),
            ("/tasks", "Nhiệm vụ", true),
            ("/reports", "Báo cáo", true),
            ("/plans", "Kế hoạch", true),
            ("/unit-plans", "Kế hoạch đơn vị", true),
            ("/units", "Đơn vị", true),
            ("/kpi", "Chỉ số 766", true),
            ("/par", "Chỉ số CCHC", true),
            ("/inspections", "Kiểm tra", true),
            ("/initiatives", "Sáng kiến", true),
        ];
        items.push(("/sipas", "SIPAS", !role.requires_unit()));
        items.push(("/publish", "Công khai", matches!(role, Role::Office | Role::Admin)));
        items.push(("/settings/tracking", "Cấu hình", matches!(role, Role::Office | Role::Admin)));
        items.push(("/admin/users", "Người dùng", role == Role::Admin));
        items.push(("/admin/audit", "Nhật ký", role == Role::Admin));
        items
            .into_iter()
            .filter(|(_, _, show)| *show)
            .map(|(href, label, _)| NavItem {
                href,
                label,
                active: if href == "/" { self.req.path == "/" } else { self.req.path.starts_with(href) },
            })
            .collect()
    }

    /// The base context merged with the page's own values.
    pub fn context(&self, page: Value) -> Value {
        let user = self.auth.as_ref().map(|a| UserView {
            id: a.user.id,
            login: &a.user.login,
            full_name: &a.user.full_name,
            role: a.user.role.code(),
            role_label: match self.req.lang {
                Lang::Vi => a.user.role.label_vi(),
                Lang::En => a.user.role.label_en(),
            },
            unit_id: a.user.unit_id,
            is_office: a.is_office(),
            is_admin: a.user.role == Role::Admin,
        });
        context! {
            lang => self.req.lang.code(),
            csrf => self.req.csrf,
            flash => self.req.flash,
            path => self.req.path,
            user => Value::from_serialize(&user),
            nav => Value::from_serialize(self.nav()),
            unread => self.unread,
            notice => self.notice,
            ..page
        }
    }

    /// A content template rendered for reuse, with the page title (Vietnamese, translated
    /// here): cache the result with the page data, show it with [`Ctx::render_fragment`].
    pub fn fragment(&self, name: &str, title: &str, page: Value) -> crate::error::AppResult<Value> {
        let t = templates().ok_or_else(|| crate::error::AppError::Internal("không nạp được giao diện".into()))?;
        t.render_fragment(name, self.req.lang, title, page).map_err(|e| {
            tracing::error!(template = name, error = %e, "template error");
            crate::error::AppError::Internal(e)
        })
    }

    /// Renders a fragment from [`Ctx::fragment`] inside this request's frame.
    pub fn render_fragment(&self, fragment: Value) -> Response {
        self.render("fragment.html", fragment)
    }

    /// Renders a page template.
    pub fn render(&self, name: &str, page: Value) -> Response {
        match templates() {
            Some(t) => t.render(name, self.context(page)),
            None => crate::render::error_page(axum::http::StatusCode::INTERNAL_SERVER_ERROR, None),
        }
    }
}

/// A 303 redirect after a successful form post, carrying a one-time message.
pub fn redirect_with_flash(to: &str, message: &str) -> Response {
    let mut r = Redirect::to(to).into_response();
    let v = format!("{}={}; Path=/; SameSite=Lax; HttpOnly", cookies::FLASH, cookies::encode_flash(message));
    if let Ok(v) = HeaderValue::from_str(&v) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}
