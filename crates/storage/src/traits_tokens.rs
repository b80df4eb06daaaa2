//! Personal access tokens for the JSON API. Creating and revoking are audited in the same
//! transaction as the change.

use async_trait::async_trait;
use cchc_domain::user::{Actor, User, UserId};
use chrono::{DateTime, Utc};

use crate::error::StoreResult;
use crate::model_tokens::{ApiToken, NewApiToken, TokenRefusal};

/// Token storage.
#[async_trait]
pub trait TokenStore: Send + Sync {
    /// Stores a new token (by its hash) and audits its creation.
    async fn create_token(&self, actor: &Actor, token: &NewApiToken) -> StoreResult<ApiToken>;
    /// The token behind `token_hash` and its owner, or why it may not be used at `now`.
    /// A successful look-up records when the token was last used (at most once a minute).
    async fn use_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Result<(ApiToken, User), TokenRefusal>>;
    /// Tokens of one user, or of everyone (`None`, administrators), newest first.
    async fn list_tokens(&self, user: Option<UserId>) -> StoreResult<Vec<ApiToken>>;
    async fn get_token(&self, id: i64) -> StoreResult<ApiToken>;
    /// Revokes a token (at once; a revoked token stays listed) and audits it.
    async fn revoke_token(&self, actor: &Actor, id: i64, now: DateTime<Utc>) -> StoreResult<ApiToken>;
    /// Counts one request of `token` in the one-minute window starting at `window_start` (Unix
    /// seconds) and returns the window's count so far, shared by every node on the database.
    /// The token's earlier windows are removed when a new one starts. An operational counter,
    /// not a change of anyone's data: not audited.
    async fn count_api_request(&self, token: i64, window_start: i64) -> StoreResult<i64>;
}
