//! Index 766 after a crash: the state a node builds step by step (one import at a time, as a
//! running server follows the change head) must equal the state computed from scratch from
//! every stored dossier. A difference means an import left its dossiers and its change
//! record out of step.

use cchc_domain::kpi::record::DossierRecord;
use cchc_kpi::aggregate::KpiState;
use cchc_kpi::catalogue::Catalogue;
use chrono::NaiveDateTime;

use super::KpiError;
use cchc_storage::DynStore;

/// Rows read per query.
const PAGE: i64 = 50_000;

/// What the comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiVerdict {
    /// The change head the comparison ran up to.
    pub rev: i64,
    /// Stored dossiers.
    pub dossiers: i64,
    /// Methodology versions compared.
    pub versions: usize,
    /// Versions whose incremental cells differ from the full recompute.
    pub differing: Vec<String>,
    /// Dossiers read by the full recompute (must equal `dossiers`).
    pub loaded: usize,
}

/// Builds each version's state both ways and compares every cell.
pub async fn verify_incremental(store: &DynStore, as_of: NaiveDateTime) -> Result<KpiVerdict, KpiError> {
    let head = store.kpi_head().await?;
    let methods = store.methodologies().await?;
    let catalogue = Catalogue::from_procedures(store.procedures().await?);
    let dossiers = store.count_dossiers().await?;
    let mut full = Vec::new();
    let mut steps = Vec::new();
    for m in &methods {
        full.push(KpiState::new(m.methodology.clone(), catalogue.clone(), as_of).map_err(KpiError::Internal)?);
        steps.push(KpiState::new(m.methodology.clone(), catalogue.clone(), as_of).map_err(KpiError::Internal)?);
    }
    let all = read_range(store, 0, head.rev).await?;
    let loaded = all.len();
    for s in &mut full {
        s.apply(&all);
    }
    drop(all);
    for rev in 1..=head.rev {
        let rows = read_range(store, rev - 1, rev).await?;
        for s in &mut steps {
            s.apply(&rows);
        }
    }
    let differing = full
        .iter()
        .zip(&steps)
        .filter(|(f, s)| f.cells() != s.cells() || f.len() != s.len())
        .map(|(f, _)| f.methodology().id.clone())
        .collect();
    Ok(KpiVerdict { rev: head.rev, dossiers, versions: methods.len(), differing, loaded })
}

/// Dossiers last written by a change in `(from, to]`, every page.
async fn read_range(store: &DynStore, from: i64, to: i64) -> Result<Vec<DossierRecord>, KpiError> {
    let mut out = Vec::new();
    let mut after = String::new();
    loop {
        let page = store.changed_dossiers(from, to, &after, PAGE).await?;
        let Some(last) = page.last() else { break };
        after = last.record.code.clone();
        let full = page.len() as i64 == PAGE;
        out.extend(page.into_iter().map(|d| d.record));
        if !full {
            break;
        }
    }
    Ok(out)
}
