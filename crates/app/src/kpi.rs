//! Index 766 as a part of the product: dossier files imported into the store, the engine's
//! state kept in step with the database on every app node, and the views the pages and the
//! command line need (scores, rankings, trends, explanations, reconciliation, late lists).
//!
//! Persistence: the store keeps the records (upserted by dossier code, each row stamped with
//! the change number of the import that wrote it); the aggregate is **not** stored. Each node
//! rebuilds its [`cchc_kpi::aggregate::KpiState`] from the records on first use and then, before
//! answering, reads only the rows whose change number is newer than the one it has applied.
//! Every node therefore computes from the same rows with the same methodology versions and
//! the same data cut-off (the current minute), and shows the same numbers.

pub mod demo;
pub mod files;
pub mod lists;
pub mod overview;
pub mod publish;
pub mod push;
pub mod service;
pub mod sink;
pub mod verify;

pub use files::{FileKind, ImportOutcome};
pub use service::KpiService;
pub use sink::StoreSink;

/// Why an index-766 operation failed, in a sentence for the user.
#[derive(Debug, thiserror::Error)]
pub enum KpiError {
    /// The file or the request cannot be used as it is (said why).
    #[error("{0}")]
    Invalid(String),
    /// The unit is outside what the user may see.
    #[error("đơn vị này nằm ngoài phạm vi được xem")]
    OutOfScope,
    #[error("không tìm thấy đơn vị hoặc chỉ số")]
    NotFound,
    #[error(transparent)]
    Store(#[from] cchc_storage::StoreError),
    /// Anything else (a worker thread failed).
    #[error("lỗi hệ thống: {0}")]
    Internal(String),
}

/// The current local time in Vietnam (UTC+7, no daylight saving), to the minute: the data
/// cut-off of the pages, the same on every node within a minute.
pub fn now_local() -> chrono::NaiveDateTime {
    let t = cchc_domain::vn_time::local(chrono::Utc::now());
    let secs = t.and_utc().timestamp();
    cchc_domain::local_time::from_secs(secs - secs.rem_euclid(60))
}

/// Runs CPU-heavy work (parsing, computing, XLSX) off the async executor.
pub async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, KpiError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| KpiError::Internal(e.to_string()))
}
