//! Personal access tokens: a user creates them for themself (shown once, stored hashed),
//! lists and revokes their own; an administrator lists and revokes everyone's.

use cchc_domain::api_token::{self, Scopes};
use cchc_domain::role::Role;
use cchc_domain::text::nfc;
use cchc_domain::user::{Actor, User};
use cchc_storage::model_tokens::{ApiToken, NewApiToken};
use cchc_storage::{DynStore, StoreError};
use chrono::{DateTime, Duration, Utc};

use crate::accounts::ServiceError;
use crate::password::{random_token, token_hash};

/// Prefix of every token, so that secret scanners and people recognise one.
pub const PREFIX: &str = "cchc_";

/// What someone types to create a token.
#[derive(Debug, Clone, Default)]
pub struct TokenForm {
    pub name: String,
    /// Scope codes such as `tasks:read`.
    pub scopes: Vec<String>,
    /// Lifetime in days.
    pub days: i64,
}

/// A token just created: its record and the token itself, to show once.
#[derive(Debug, Clone)]
pub struct Created {
    pub token: ApiToken,
    pub secret: String,
}

/// Creates a token for `user` (always for themself).
pub async fn create(
    store: &DynStore,
    user: &User,
    form: &TokenForm,
    now: DateTime<Utc>,
) -> Result<Created, ServiceError> {
    let name = nfc(form.name.trim());
    let scopes: Scopes = api_token::validate(&name, &form.scopes, form.days).map_err(ServiceError::Invalid)?;
    let secret = format!("{PREFIX}{}", random_token());
    let new = NewApiToken {
        user_id: user.id,
        name,
        token_hash: token_hash(&secret),
        scopes,
        created_at: now,
        expires_at: now + Duration::days(form.days),
    };
    let token = store.create_token(&Actor::user(user), &new).await?;
    Ok(Created { token, secret })
}

/// The tokens `user` may see: their own, or everyone's for an administrator.
pub async fn visible(store: &DynStore, user: &User) -> Result<Vec<ApiToken>, ServiceError> {
    let whose = (user.role != Role::Admin).then_some(user.id);
    Ok(store.list_tokens(whose).await?)
}

/// Revokes a token: its owner, or an administrator. Another user's token is "not found" to
/// anyone else, so ids do not reveal which tokens exist.
pub async fn revoke(store: &DynStore, user: &User, id: i64, now: DateTime<Utc>) -> Result<ApiToken, ServiceError> {
    let token = store.get_token(id).await?;
    if token.user_id != user.id && user.role != Role::Admin {
        return Err(StoreError::NotFound("mã truy cập").into());
    }
    Ok(store.revoke_token(&Actor::user(user), id, now).await?)
}
