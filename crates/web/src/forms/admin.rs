//! Administration form posts: accounts.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::accounts::{
    create_user as svc_create, reset_password, update_user as svc_update, ServiceError, UserEditForm, UserForm,
};
use cchc_domain::role::Role;
use cchc_domain::validation::FieldErrors;
use cchc_storage::DynStore;

use crate::auth::policy::AdminOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::FormData;
use crate::pages::admin::user_form;

/// POST `/admin/users/new`.
pub async fn create_user(
    ctx: Ctx,
    auth: Require<AdminOnly>,
    State(store): State<DynStore>,
    f: FormData,
) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let form = UserForm {
        login: f.get("login"),
        full_name: f.get("full_name"),
        email: f.get("email"),
        role: Role::parse(&f.get("role")),
        unit_id: f.id("unit_id", &mut errs),
        password: f.0.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone()).unwrap_or_default(),
    };
    if !errs.is_empty() {
        return user_form(&ctx, &store, None, f.values(), errs).await;
    }
    match svc_create(store.as_ref(), &auth.actor(), form).await {
        Ok(u) => Ok(redirect_with_flash("/admin/users", &format!("Đã tạo tài khoản «{}».", u.login))),
        Err(ServiceError::Invalid(errs)) => {
            let mut values = f.values();
            values.remove("password");
            user_form(&ctx, &store, None, values, errs).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/admin/users/{id}`.
pub async fn update_user(
    ctx: Ctx,
    auth: Require<AdminOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let user = store.get_user(id).await?;
    let mut errs = FieldErrors::default();
    let form = UserEditForm {
        full_name: f.get("full_name"),
        email: f.get("email"),
        role: Role::parse(&f.get("role")),
        unit_id: f.id("unit_id", &mut errs),
        active: f.checked("active"),
    };
    let mut values = f.values();
    values.insert("login".into(), user.login.clone());
    if !errs.is_empty() {
        return user_form(&ctx, &store, Some(id), values, errs).await;
    }
    match svc_update(store.as_ref(), &auth.actor(), id, form).await {
        Ok(u) => Ok(redirect_with_flash("/admin/users", &format!("Đã lưu tài khoản «{}».", u.login))),
        Err(ServiceError::Invalid(errs)) => user_form(&ctx, &store, Some(id), values, errs).await,
        Err(e) => Err(e.into()),
    }
}

/// POST `/admin/users/{id}/password`: a temporary password the user must change.
pub async fn reset(
    ctx: Ctx,
    auth: Require<AdminOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let user = store.get_user(id).await?;
    let pw = f.0.iter().find(|(k, _)| k == "password").map(|(_, v)| v.clone()).unwrap_or_default();
    match reset_password(store.as_ref(), &auth.actor(), id, &pw).await {
        Ok(()) => Ok(redirect_with_flash(
            "/admin/users",
            &format!("Đã đặt mật khẩu tạm cho «{}»; người dùng phải đổi khi đăng nhập.", user.login),
        )),
        Err(ServiceError::Invalid(errs)) => {
            let mut values = std::collections::BTreeMap::new();
            values.insert("login".to_string(), user.login.clone());
            values.insert("full_name".to_string(), user.full_name.clone());
            values.insert("email".to_string(), user.email.clone());
            values.insert("role".to_string(), user.role.code().to_string());
            values.insert("unit_id".to_string(), user.unit_id.map(|x| x.to_string()).unwrap_or_default());
            if user.active {
                values.insert("active".to_string(), "on".to_string());
            }
            user_form(&ctx, &store, Some(id), values, errs).await
        }
        Err(e) => Err(e.into()),
    }
}
