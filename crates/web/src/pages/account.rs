//! The user's own account pages and the login form.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use cchc_domain::validation::FieldErrors;
use minijinja::context;
use serde::Deserialize;

use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::forms::auth::safe_next;
use crate::state::AppState;

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    pub next: String,
}

/// GET `/login` (public). A logged-in user goes straight on.
pub async fn login(ctx: Ctx, State(state): State<AppState>, Query(q): Query<LoginQuery>) -> Response {
    let next = safe_next(&q.next);
    if ctx.auth.is_some() {
        return Redirect::to(&next).into_response();
    }
    let agency = agency(&state).await;
    ctx.render("login.html", context! { login => "", next, error => minijinja::Value::from(()), agency })
}

/// The deployment's agency for the login page (`[org]` or the `org.*` settings): its parent
/// and its own name, e.g. "UBND TỈNH HÀ TĨNH" / "SỞ NỘI VỤ". Empty when not configured. Kept in
/// the page cache (any write drops it), so the public login page does not read the settings
/// on every request.
pub async fn agency(state: &AppState) -> minijinja::Value {
    let load = || async {
        Ok(match cchc_app::consolidate::Issuer::load(state.store.as_ref(), &state.config.org).await {
            Ok(i) => context! { parent => i.parent, name => i.name },
            Err(_) => minijinja::Value::from(()),
        })
    };
    state.views.get_or_compute("login:agency".into(), load).await.unwrap_or_else(|_| minijinja::Value::from(()))
}

/// GET `/account/password`.
pub async fn password(ctx: Ctx, _: Require<AnyUser>) -> Response {
    password_form(&ctx, FieldErrors::default())
}

pub fn password_form(ctx: &Ctx, errors: FieldErrors) -> Response {
    let must = ctx.auth.as_ref().is_some_and(|a| a.user.must_change_password);
    ctx.render("account/password.html", context! { errors => errors.0, must_change => must })
}
