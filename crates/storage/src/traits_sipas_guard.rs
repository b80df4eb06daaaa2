//! The storage contract of the SIPAS public form's abuse controls: one-time tokens issued in
//! print batches (stored hashed), and a public response stored together with the use of its
//! token and its dossier link, all in one transaction.

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model_sipas::NewResponse;
use crate::model_sipas_guard::{PublicAttempt, PublicLink, PublicOutcome, PublicVerdict, TokenCount, TokenRecord};

/// SIPAS tokens and public responses.
#[async_trait]
pub trait SipasGuardStore: Send + Sync {
    /// Stores a print batch of token hashes for a unit of a campaign; returns the batch number.
    /// The unit must be one the campaign surveys.
    async fn issue_tokens(
        &self,
        actor: &Actor,
        campaign: i64,
        unit: UnitId,
        hashes: &[String],
        expires_on: NaiveDate,
    ) -> StoreResult<i64>;
    /// The token with this hash, if one was issued.
    async fn token(&self, hash: &str) -> StoreResult<Option<TokenRecord>>;
    /// Tokens issued and used per unit of a campaign.
    async fn token_counts(&self, campaign: i64) -> StoreResult<Vec<TokenCount>>;
    /// Stores one public response; in the same transaction marks its token used (only if it
    /// is unused, of this campaign and unit, and not expired) and links its dossier code (one
    /// response per code and campaign). Anything refused stores nothing.
    async fn add_public_response(&self, r: &NewResponse, link: &PublicLink) -> StoreResult<PublicOutcome>;
    /// Public submissions, each as one unit of work, all in one transaction (a group commit
    /// when several wait): in order, per attempt, the address's limit is checked and its count
    /// raised, then the device's limit, then the app's refusal if any, then the response is
    /// stored with its token's use and dossier link and the device's count raised. Every
    /// refusal is recorded with its reason and audited in the same transaction, every stored
    /// response audited. One verdict per attempt, in order.
    async fn submit_public(&self, attempts: &[PublicAttempt]) -> StoreResult<Vec<PublicVerdict>>;
}
