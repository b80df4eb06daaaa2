//! The target-measurement part of the storage contract: which index-766 indicator measures a
//! plan target. A link names the document by its identity and the target by its code, so a
//! revision of the document keeps it.

use async_trait::async_trait;
use cchc_domain::plan::DocumentId;
use cchc_domain::user::Actor;

use crate::error::StoreResult;

/// A target measured by an index-766 indicator.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TargetIndicator {
    /// `DocumentMeta::identity` of the document (every version shares it).
    pub identity: String,
    pub target_code: String,
    /// An indicator code of the 766 methodology, or `SCORE` for the 766 score.
    pub indicator: String,
}

/// Target → index-766 indicator links.
#[async_trait]
pub trait TargetLinkStore: Send + Sync {
    /// Every link, by identity and target code.
    async fn target_indicators(&self) -> StoreResult<Vec<TargetIndicator>>;
    /// Links (`Some`) or unlinks (`None`) the target with `code` of `document` (already
    /// validated by the caller), with its audit entry, in one transaction. A target code the
    /// document does not have is `NotFound`.
    async fn set_target_indicator(
        &self,
        actor: &Actor,
        document: DocumentId,
        code: &str,
        indicator: Option<&str>,
    ) -> StoreResult<()>;
}
