//! The SIPAS part of the storage contract: questionnaires (versioned, frozen once a campaign
//! uses them), campaigns, anonymous responses (a duplicate fingerprint is a conflict) and the
//! count of rejected submissions by reason.

use async_trait::async_trait;
use cchc_domain::sipas::Questionnaire;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;

use crate::error::StoreResult;
use crate::model_sipas::{Campaign, NewCampaign, NewResponse, ResponseCounts, StoredQuestionnaire, StoredResponse};

/// SIPAS storage.
#[async_trait]
pub trait SipasStore: Send + Sync {
    /// Stores a questionnaire as a new version of its code.
    async fn save_questionnaire(&self, actor: &Actor, q: &Questionnaire) -> StoreResult<StoredQuestionnaire>;
    async fn questionnaires(&self) -> StoreResult<Vec<StoredQuestionnaire>>;
    async fn questionnaire(&self, id: i64) -> StoreResult<StoredQuestionnaire>;
    /// Opens a campaign; its questionnaire becomes frozen.
    async fn create_campaign(&self, actor: &Actor, c: &NewCampaign) -> StoreResult<Campaign>;
    async fn campaigns(&self) -> StoreResult<Vec<Campaign>>;
    async fn campaign(&self, id: i64) -> StoreResult<Campaign>;
    /// Stores responses in one transaction (all or none); a repeated fingerprint is a
    /// `Conflict` naming the first repeated one.
    async fn add_responses(&self, actor: &Actor, responses: &[NewResponse]) -> StoreResult<Vec<i64>>;
    /// Counts a refused submission (no personal data: the reason only).
    async fn record_rejection(&self, campaign: i64, unit: Option<UnitId>, reason: &str) -> StoreResult<()>;
    /// The responses of a campaign, of one unit or all.
    async fn responses(&self, campaign: i64, unit: Option<UnitId>) -> StoreResult<Vec<StoredResponse>>;
    async fn response_counts(&self, campaign: i64) -> StoreResult<ResponseCounts>;
}
