//! The account's personal access tokens for the API: list, create (the token is shown once,
//! on the page that answers the creation), revoke. An administrator sees and may revoke
//! everyone's.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cchc_app::tokens::{self, Created, TokenForm};
use cchc_domain::api_token::{Area, MAX_DAYS};
use cchc_domain::validation::FieldErrors;
use chrono::Utc;
use minijinja::context;

use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::FormData;
use crate::i18n::Lang;
use crate::state::AppState;

/// GET `/account/tokens`.
pub async fn list(ctx: Ctx, auth: Require<AnyUser>, State(state): State<AppState>) -> AppResult<Response> {
    page(&ctx, &auth, &state, &TokenForm { days: 90, ..Default::default() }, FieldErrors::default(), None).await
}

async fn page(
    ctx: &Ctx,
    auth: &Require<AnyUser>,
    state: &AppState,
    form: &TokenForm,
    errors: FieldErrors,
    created: Option<Created>,
) -> AppResult<Response> {
    let now = Utc::now();
    let rows: Vec<_> = tokens::visible(&state.store, &auth.user)
        .await?
        .into_iter()
        .map(|t| {
            let live = t.live(now);
            context! {
                id => t.id, name => t.name, owner => t.owner, scopes => t.scopes.code(),
                created => t.created_at.date_naive(), expires => t.expires_at.date_naive(),
                last_used => t.last_used_at.map(|d| d.date_naive()), revoked => t.revoked_at.is_some(),
                expired => !live && t.revoked_at.is_none(),
            }
        })
        .collect();
    let areas: Vec<_> = Area::ALL
        .into_iter()
        .map(|a| {
            let label = if ctx.req.lang == Lang::En { crate::i18n::translate(Lang::En, a.label_vi()) } else { a.label_vi() };
            let read = format!("{}:read", a.code());
            let write = format!("{}:write", a.code());
            context! {
                code => a.code(), label, read_checked => form.scopes.contains(&read), write_checked => form.scopes.contains(&write),
                read, write,
            }
        })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let created =
        created.map(|c| context! { name => c.token.name, secret => c.secret, scopes => c.token.scopes.code() });
    let body = ctx.render(
        "account/tokens.html",
        context! {
            rows, areas, name => form.name, days => form.days, max_days => MAX_DAYS, errors => errors.0, created,
            is_admin => auth.user.role == cchc_domain::role::Role::Admin,
        },
    );
    Ok((status, body).into_response())
}

/// POST `/account/tokens`: creates a token for the user themself and shows it once.
pub async fn create(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let days = f.get("days").parse::<i64>().unwrap_or(0);
    let form = TokenForm { name: f.get("name"), scopes: f.all("scopes"), days };
    match tokens::create(&state.store, &auth.user, &form, Utc::now()).await {
        Ok(created) => {
            page(
                &ctx,
                &auth,
                &state,
                &TokenForm { days: 90, ..Default::default() },
                FieldErrors::default(),
                Some(created),
            )
            .await
        }
        Err(cchc_app::accounts::ServiceError::Invalid(errs)) => page(&ctx, &auth, &state, &form, errs, None).await,
        Err(e) => Err(e.into()),
    }
}

/// POST `/account/tokens/{id}/revoke`.
pub async fn revoke(auth: Require<AnyUser>, State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let t = tokens::revoke(&state.store, &auth.user, id, Utc::now()).await?;
    Ok(redirect_with_flash("/account/tokens", &format!("Đã thu hồi mã truy cập «{}».", t.name)))
}
