//! Matching dossier units to the registry (codes, past units too, and the one-stop-shop code
//! map) and what a batch is checked against.

use std::collections::{HashMap, HashSet};

use cchc_kpi::check::Known;
use cchc_kpi::read::Batch;
use cchc_storage::DynStore;

use super::super::KpiError;

/// Registry codes and the one-stop-shop code map, for matching dossier units.
#[derive(Debug, Clone, Default)]
pub struct UnitMatcher {
    codes: HashSet<String>,
    aliases: HashMap<String, String>,
}

impl UnitMatcher {
    /// Loads every registry code (past units too) and the unit-code map.
    pub async fn load(store: &DynStore) -> Result<UnitMatcher, KpiError> {
        let codes = store.all_units().await?.into_iter().map(|u| u.code).collect();
        let aliases = store.unit_codes().await?.into_iter().map(|(a, u)| (a.trim().to_uppercase(), u)).collect();
        Ok(UnitMatcher { codes, aliases })
    }

    /// The registry code for a unit code from a file, if any.
    pub fn canonical(&self, code: &str) -> Option<String> {
        let up = code.trim().to_uppercase();
        if self.codes.contains(&up) {
            return Some(up);
        }
        self.aliases.get(&up).cloned()
    }

    pub(super) fn remap(&self, batch: &mut Batch) {
        for r in &mut batch.records {
            if let Some(c) = self.canonical(&r.unit) {
                r.unit = c;
            }
        }
    }

    pub(super) fn known(&self, procedures: HashSet<String>) -> Known {
        Known { units: Some(self.codes.clone()), procedures: Some(procedures) }
    }
}

/// The registry's units and the catalogue's procedures dossiers are checked against; an
/// empty catalogue is refused (every dossier would be left out).
pub(crate) async fn load_known(store: &DynStore) -> Result<(UnitMatcher, Known), KpiError> {
    let procedures: HashSet<String> = store.procedures().await?.into_iter().map(|p| p.code).collect();
    if procedures.is_empty() {
        return Err(KpiError::Invalid(
            "chưa có danh mục thủ tục hành chính (TTHC): hãy nhập danh mục trước khi nhập hồ sơ".into(),
        ));
    }
    let matcher = UnitMatcher::load(store).await?;
    let known = matcher.known(procedures);
    Ok((matcher, known))
}
