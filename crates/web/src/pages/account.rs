//! The user's own account pages and the login form.

use axum::extract::Query;
use axum::response::{IntoResponse, Redirect, Response};
use cchc_domain::validation::FieldErrors;
use minijinja::context;
use serde::Deserialize;

use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::forms::auth::safe_next;

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    pub next: String,
}

/// GET `/login` (public). A logged-in user goes straight on.
pub async fn login(ctx: Ctx, Query(q): Query<LoginQuery>) -> Response {
    let next = safe_next(&q.next);
    if ctx.auth.is_some() {
        return Redirect::to(&next).into_response();
    }
    ctx.render("login.html", context! { login => "", next, error => minijinja::Value::from(()) })
}

/// GET `/account/password`.
pub async fn password(ctx: Ctx, _: Require<AnyUser>) -> Response {
    password_form(&ctx, FieldErrors::default())
}

pub fn password_form(ctx: &Ctx, errors: FieldErrors) -> Response {
    let must = ctx.auth.as_ref().is_some_and(|a| a.user.must_change_password);
    ctx.render("account/password.html", context! { errors => errors.0, must_change => must })
}
