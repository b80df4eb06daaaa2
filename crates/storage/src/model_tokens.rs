//! Personal access tokens as stored (the token itself is never stored, only its SHA-256).

use cchc_domain::api_token::Scopes;
use cchc_domain::user::UserId;
use chrono::{DateTime, Utc};

/// A personal access token's record.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: UserId,
    /// The owner's login (for the administrator's list).
    pub owner: String,
    pub name: String,
    pub scopes: Scopes,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl ApiToken {
    /// Usable at `now`: neither revoked nor expired.
    pub fn live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// A token to store: its hash, never the token.
#[derive(Debug, Clone)]
pub struct NewApiToken {
    pub user_id: UserId,
    pub name: String,
    pub token_hash: String,
    pub scopes: Scopes,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Why a presented token was refused (the API says which, so a machine's operator knows
/// whether to renew or to ask for a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    Unknown,
    Expired,
    Revoked,
    /// The owner's account is deactivated.
    Inactive,
}
