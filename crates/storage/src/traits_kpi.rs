//! The index-766 storage contract: dossier records (upserted by code), the procedure
//! catalogue, methodology versions, the unit-code map and the portal figures. Part of
//! [`crate::Store`]; every backend implements it and the shared suite runs it on each.

use async_trait::async_trait;
use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::kpi::PortalFigure;
use cchc_domain::kpi::Procedure;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;

use crate::error::StoreResult;
use crate::model_kpi::*;

/// An open dossier import: one write transaction from [`KpiStore::begin_dossier_import`] to
/// [`DossierImport::commit`], however many batches are written, and one audit entry. Dropped
/// without commit, it writes nothing.
#[async_trait]
pub trait DossierImport: Send {
    /// Upserts records by dossier code. A record older (by `updated`) than the stored
    /// version is ignored; within one call, of several records with the same code the
    /// newest wins (ties: the later one).
    async fn write(&mut self, records: &[DossierRecord]) -> StoreResult<()>;
    /// Writes the audit entry and commits.
    async fn commit(self: Box<Self>, note: &DossierImportNote) -> StoreResult<DossierImportReport>;
    /// Closes one source's share of a grouped import (several pushed batches applied in one
    /// transaction): writes that source's audit entry, by `actor`, with what the writes since
    /// the previous share did, and returns it. The import stays open for the next source.
    async fn close_part(&mut self, actor: &Actor, note: &DossierImportNote) -> StoreResult<DossierImportReport>;
    /// Commits an import whose every write was closed by [`DossierImport::close_part`] (no
    /// further audit entry).
    async fn commit_parts(self: Box<Self>) -> StoreResult<()>;
}

/// Index 766 data.
#[async_trait]
pub trait KpiStore: Send + Sync {
    /// The change counters.
    async fn kpi_head(&self) -> StoreResult<KpiHead>;
    /// Starts a dossier import (takes the write lock until commit or drop).
    async fn begin_dossier_import(&self, actor: &Actor) -> StoreResult<Box<dyn DossierImport>>;
    /// Dossiers last written by a change number in `(after_rev, up_to_rev]`, ordered by code,
    /// starting after `after_code`, at most `limit`: how app nodes load and refresh.
    async fn changed_dossiers(
        &self,
        after_rev: i64,
        up_to_rev: i64,
        after_code: &str,
        limit: i64,
    ) -> StoreResult<Vec<StoredDossier>>;
    /// Dossiers within `scope` matching the filter, ordered by appointment then code.
    async fn list_dossiers(&self, vis: Visibility, filter: &DossierFilter) -> StoreResult<Vec<DossierRecord>>;
    /// Codes of the registry units within `scope` (`None`: every unit).
    async fn scope_units(&self, vis: Visibility) -> StoreResult<Option<Vec<String>>>;
    /// Number of stored dossiers.
    async fn count_dossiers(&self) -> StoreResult<i64>;

    /// The procedure catalogue, ordered by code.
    async fn procedures(&self) -> StoreResult<Vec<Procedure>>;
    /// Upserts procedures by code in one transaction with one audit entry.
    async fn import_procedures(&self, actor: &Actor, list: &[Procedure], source: &str) -> StoreResult<CatalogueReport>;

    /// Every methodology version, by effective date.
    async fn methodologies(&self) -> StoreResult<Vec<StoredMethodology>>;
    /// Stores a version (replacing one with the same id); returns whether it replaced one.
    async fn save_methodology(&self, actor: &Actor, m: &Methodology) -> StoreResult<bool>;
    /// Stores `m` only if no version is stored yet (the shipped default on first start);
    /// returns whether it did. Safe when several nodes start together.
    async fn ensure_methodology(&self, actor: &Actor, m: &Methodology) -> StoreResult<bool>;

    /// One-stop-shop unit code → registry unit code, ordered by code.
    async fn unit_codes(&self) -> StoreResult<Vec<(String, String)>>;
    /// Upserts unit-code pairs in one transaction; a registry code that does not exist is
    /// refused (nothing written).
    async fn import_unit_codes(&self, actor: &Actor, pairs: &[(String, String)], source: &str) -> StoreResult<usize>;

    /// Replaces the portal figures with a new upload.
    async fn save_portal_figures(&self, actor: &Actor, file_name: &str, figures: &[PortalFigure]) -> StoreResult<()>;
    /// The last upload, if any.
    async fn portal_figures(&self) -> StoreResult<Option<PortalUpload>>;
}
