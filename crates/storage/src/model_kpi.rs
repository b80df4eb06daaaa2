//! Inputs, filters and records of the index-766 store ([`crate::traits_kpi::KpiStore`]).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The change counters of the index-766 data, compared by app nodes to decide whether to
/// reload: `rev` changes with every dossier import, `setup_rev` with the catalogue and the
/// methodology versions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiHead {
    pub rev: i64,
    pub setup_rev: i64,
}

/// A stored dossier with the change number that last wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredDossier {
    pub rev: i64,
    pub record: cchc_domain::kpi::record::DossierRecord,
}

/// Which dossiers to list (within a reader's `Visibility`).
#[derive(Debug, Clone, Default)]
pub struct DossierFilter {
    /// Only unfinished, not withdrawn dossiers with an appointment before this time (seconds
    /// of local wall-clock time): the "about to be late" list.
    pub open_due_before: Option<i64>,
    /// Only dossiers of these registry unit codes (intersected with the scope).
    pub units: Option<Vec<String>>,
    /// Only these dossier codes.
    pub codes: Option<Vec<String>>,
    pub limit: Option<i64>,
}

/// What the caller tells the store about a dossier import, for the audit entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierImportNote {
    /// File name or `cli`, `demo`, `bench`.
    pub source: String,
    /// Rows read from the source.
    pub rows: usize,
    /// Rows left out by the checks (malformed, finish before receipt, unknown unit or
    /// procedure, superseded duplicates).
    pub dropped: usize,
    /// `skip_bad` or `reject_batch`.
    pub policy: String,
}

/// What a dossier import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DossierImportReport {
    /// The change number of this import.
    pub rev: i64,
    /// Records handed to the store.
    pub received: u64,
    /// Rows inserted or updated.
    pub written: u64,
    /// Records older (by `updated`) than the stored version of the same dossier: ignored.
    pub stale: u64,
}

/// What a catalogue import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogueReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// A methodology version as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredMethodology {
    pub methodology: cchc_domain::kpi::methodology::Methodology,
    pub created_at: DateTime<Utc>,
}

/// The last figures typed in from the national portal.
#[derive(Debug, Clone, PartialEq)]
pub struct PortalUpload {
    pub file_name: String,
    pub actor: String,
    pub created_at: DateTime<Utc>,
    pub figures: Vec<cchc_domain::kpi::PortalFigure>,
}
