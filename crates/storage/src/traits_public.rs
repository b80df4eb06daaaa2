//! The public site's part of the storage contract: snapshots published, superseded and
//! unpublished by the office, each change audited.

use async_trait::async_trait;
use cchc_domain::user::Actor;

use crate::error::StoreResult;
use crate::model_public::{PublishedTable, Snapshot};

/// Published snapshots.
#[async_trait]
pub trait PublicStore: Send + Sync {
    /// Publishes a snapshot of `kind`; the current one of that kind is superseded.
    async fn publish_snapshot(
        &self,
        actor: &Actor,
        kind: &str,
        title: &str,
        table: &PublishedTable,
    ) -> StoreResult<Snapshot>;
    /// Takes a snapshot off the public site (kept for the record).
    async fn unpublish_snapshot(&self, actor: &Actor, id: i64) -> StoreResult<Snapshot>;
    /// The current snapshots, newest first.
    async fn current_snapshots(&self) -> StoreResult<Vec<Snapshot>>;
    /// Every snapshot ever published, newest first (for the office).
    async fn all_snapshots(&self) -> StoreResult<Vec<Snapshot>>;
    async fn snapshot(&self, id: i64) -> StoreResult<Snapshot>;
    /// A short text that changes whenever the public site's content does (a snapshot
    /// published, superseded or unpublished), on whichever node: it keys the rendered pages.
    async fn snapshots_version(&self) -> StoreResult<String>;
}
