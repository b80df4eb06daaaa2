//! What `cchc check` reads to decide that the database is whole after a crash: the plan
//! documents with their audit entries and counts, files with their contents, and dossiers
//! beyond the index-766 change head. Part of [`crate::Store`].

use async_trait::async_trait;

use crate::error::StoreResult;

/// A stored plan document as its rows stand, with what its import's audit entry recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentFacts {
    pub id: i64,
    pub active: bool,
    pub identity: String,
    pub tasks: i64,
    pub targets: i64,
    /// Task instances of the document's tasks.
    pub instances: i64,
    /// The `after` JSON of the `plan.import` / `plan.revise` entry of this document.
    pub audit_after: Option<String>,
}

/// The tables that hold file contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlobTable {
    /// Task evidence (`evidence` rows, contents in `evidence_blobs`).
    Evidence,
    /// Files attached to periodic reports.
    ReportFiles,
    /// PAR self-assessment evidence.
    ParEvidence,
}

impl BlobTable {
    pub const ALL: [BlobTable; 3] = [BlobTable::Evidence, BlobTable::ReportFiles, BlobTable::ParEvidence];

    /// The table name shown in findings.
    pub fn name(self) -> &'static str {
        match self {
            BlobTable::Evidence => "evidence",
            BlobTable::ReportFiles => "report_files",
            BlobTable::ParEvidence => "par_evidence",
        }
    }
}

/// One file row and its content (`None`: the row has no content row).
#[derive(Debug, Clone)]
pub struct StoredBlob {
    pub id: i64,
    pub size: i64,
    pub sha256: String,
    pub content: Option<Vec<u8>>,
}

/// Integrity reads.
#[async_trait]
pub trait CheckStore: Send + Sync {
    /// Every plan document with its counts and import audit entry.
    async fn document_facts(&self) -> StoreResult<Vec<DocumentFacts>>;
    /// File rows of `table` with id above `after_id`, by id, at most `limit`.
    async fn stored_blobs(&self, table: BlobTable, after_id: i64, limit: i64) -> StoreResult<Vec<StoredBlob>>;
    /// Dossiers written by a change number above the index-766 head (never visible to a node).
    async fn dossiers_beyond_head(&self) -> StoreResult<i64>;
}
