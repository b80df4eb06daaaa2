//! The plan part of the storage contract: imported documents, their tasks and targets, and
//! import drafts under review.

use async_trait::async_trait;
use cchc_domain::plan::{DocumentId, PlanContent, TaskId};
use cchc_domain::user::{Actor, UserId};

use crate::error::StoreResult;
use crate::model::{ImportDraft, NewInstance, StoredDocument, TargetRecord, TaskFilter, TaskRecord};

/// Plans and conclusion notices.
#[async_trait]
pub trait PlanStore: Send + Sync {
    /// Stores a document with its areas, targets, tasks and their instances (`instances[i]`
    /// for `content.tasks[i]`) in one transaction. With `replaces`, that version becomes
    /// inactive, this one gets the next version number, and instances of tasks with the same
    /// code keep their progress and history.
    async fn save_plan(
        &self,
        actor: &Actor,
        content: &PlanContent,
        replaces: Option<DocumentId>,
        instances: &[Vec<NewInstance>],
    ) -> StoreResult<StoredDocument>;
    /// The document imported from exactly these bytes, if any.
    async fn document_by_sha(&self, sha256: &str) -> StoreResult<Option<StoredDocument>>;
    /// The active version of the document with this identity (see `DocumentMeta::identity`).
    async fn active_document(&self, identity: &str) -> StoreResult<Option<StoredDocument>>;
    async fn list_documents(&self, include_inactive: bool) -> StoreResult<Vec<StoredDocument>>;
    async fn get_document(&self, id: DocumentId) -> StoreResult<StoredDocument>;
    /// The stored content of a document, as it was imported (and corrected).
    async fn plan_content(&self, id: DocumentId) -> StoreResult<PlanContent>;
    async fn list_tasks(&self, filter: &TaskFilter) -> StoreResult<Vec<TaskRecord>>;
    async fn count_tasks(&self, filter: &TaskFilter) -> StoreResult<i64>;
    async fn get_task(&self, id: TaskId) -> StoreResult<TaskRecord>;
    async fn list_targets(&self, document: DocumentId) -> StoreResult<Vec<TargetRecord>>;

    async fn create_draft(
        &self,
        actor: &Actor,
        owner: UserId,
        file_name: &str,
        sha256: &str,
        content: &str,
    ) -> StoreResult<i64>;
    async fn get_draft(&self, id: i64) -> StoreResult<ImportDraft>;
    async fn update_draft(&self, actor: &Actor, id: i64, content: &str) -> StoreResult<()>;
    async fn delete_draft(&self, actor: &Actor, id: i64) -> StoreResult<()>;
    /// Drafts of one owner, newest first (content left empty).
    async fn list_drafts(&self, owner: UserId) -> StoreResult<Vec<ImportDraft>>;
}
