//! Classification bands (xếp loại) as data the office keeps: the built-in template (labelled
//! *mẫu, chưa xác nhận*) and every stored version, the version in force for a unit group on a
//! round's day, saving from the form or a TOML/JSON file, and export.
//!
//! Rules chosen where the domain is silent:
//! - A round is classed on its approval day once approved, else on its planned approval day
//!   ([`round_day`]): the bands are those in force when the council decides.
//! - The built-in template always takes part in the choice (it is version 1 of its code), so
//!   a year before the office's own version keeps the template's classes; a stored version of
//!   the same code is numbered after it.
//! - A version is "in use" when an approved round's classes came from it; the store refuses
//!   any new version taking effect on or before that day, so in-use versions stay frozen.

use std::collections::BTreeSet;

use cchc_domain::par::{band_set_problems, bands_template, effective_bands, BandSet, SetStatus, UnitGroup};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Round, StoredBands};
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use super::rounds::group_of;
use crate::accounts::ServiceError;

/// One version as the office sees it.
#[derive(Debug, Clone, Serialize)]
pub struct BandVersion {
    /// `None` for the built-in template.
    pub id: Option<i64>,
    pub bands: BandSet,
    pub template: bool,
    /// An approved round was classed by it: it is kept as it is.
    pub in_use: bool,
    pub created_by: String,
}

/// The day a round's units are classed on.
pub fn round_day(round: &Round) -> NaiveDate {
    round.approved_on.unwrap_or(round.approval_due)
}

fn builtin() -> Result<BandSet, ServiceError> {
    bands_template().map_err(|e| ServiceError::Internal(format!("mẫu xếp loại hỏng: {e}")))
}

/// Every band set that may apply: the built-in template and every stored version.
pub async fn band_candidates(store: &dyn Store) -> Result<Vec<BandSet>, ServiceError> {
    let mut all = vec![builtin()?];
    all.extend(store.band_sets().await?.into_iter().map(|s| s.bands));
    Ok(all)
}

/// The (code, version) of every band set an approved round was classed by.
async fn used_by_approved(store: &dyn Store, all: &[BandSet]) -> Result<BTreeSet<(String, u32)>, ServiceError> {
    let mut used = BTreeSet::new();
    let rounds: Vec<Round> = store.rounds().await?.into_iter().filter(Round::is_approved).collect();
    if rounds.is_empty() {
        return Ok(used);
    }
    let kinds: std::collections::HashMap<UnitId, _> =
        store.all_units().await?.into_iter().map(|u| (u.id, u.kind)).collect();
    for r in rounds {
        let groups: BTreeSet<String> = store
            .assessments(r.id, Visibility::Province)
            .await?
            .iter()
            .filter_map(|a| kinds.get(&a.unit_id).and_then(|k| group_of(*k)).map(|g| g.0))
            .collect();
        for g in groups {
            if let Some(b) = effective_bands(all, &UnitGroup(g), round_day(&r)) {
                used.insert((b.code.clone(), b.version));
            }
        }
    }
    Ok(used)
}

/// The built-in template then every stored version (newest first within a code).
pub async fn band_versions(store: &dyn Store) -> Result<Vec<BandVersion>, ServiceError> {
    let stored = store.band_sets().await?;
    let template = builtin()?;
    let mut all = vec![template.clone()];
    all.extend(stored.iter().map(|s| s.bands.clone()));
    let used = used_by_approved(store, &all).await?;
    let line = |id: Option<i64>, bands: BandSet, by: String| BandVersion {
        id,
        template: bands.status == SetStatus::Template,
        in_use: used.contains(&(bands.code.clone(), bands.version)),
        bands,
        created_by: by,
    };
    let mut out: Vec<BandVersion> = stored.into_iter().map(|s| line(Some(s.id), s.bands, s.created_by)).collect();
    out.push(line(None, template, "mẫu có sẵn".into()));
    Ok(out)
}

/// The version with `id` (`None` = the built-in template), to edit or export.
pub async fn band_version(store: &dyn Store, id: Option<i64>) -> Result<BandSet, ServiceError> {
    match id {
        Some(id) => Ok(store.band_set(id).await?.bands),
        None => builtin(),
    }
}

/// Validates `bands` and stores it as the next version of its code; every problem comes back
/// as a field error and nothing is stored.
pub async fn save_bands(store: &dyn Store, actor: &Actor, bands: &BandSet) -> Result<StoredBands, ServiceError> {
    let problems = band_set_problems(bands);
    if !problems.is_empty() {
        let mut errs = FieldErrors::default();
        problems.into_iter().for_each(|p| errs.add("bands", p));
        return Err(ServiceError::Invalid(errs));
    }
    let mut bands = bands.clone();
    let template = builtin()?;
    if bands.code == template.code {
        bands.version = bands.version.max(template.version + 1);
    }
    bands.effective_to = None;
    Ok(store.save_band_set(actor, &bands).await?)
}

/// Reads a band set from a TOML or JSON file (by its name, else by its first character);
/// an unreadable file is one message with its line and column.
pub fn read_bands_file(bytes: &[u8], file_name: &str) -> Result<BandSet, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "Tệp không phải văn bản UTF-8.".to_string())?;
    let lower = file_name.to_lowercase();
    let json = lower.ends_with(".json") || (!lower.ends_with(".toml") && text.trim_start().starts_with('{'));
    if json {
        serde_json::from_str(text)
            .map_err(|e| format!("Tệp JSON không đọc được (dòng {}, cột {}): {e}", e.line(), e.column()))
    } else {
        toml::from_str(text).map_err(|e| {
            let at = e.span().map(|s| text[..s.start.min(text.len())].lines().count().max(1)).unwrap_or(1);
            format!("Tệp TOML không đọc được (dòng {at}): {}", e.message())
        })
    }
}

/// A band set as a file: TOML when `toml`, else pretty JSON.
pub fn bands_file(bands: &BandSet, toml: bool) -> Result<String, ServiceError> {
    let mut b = bands.clone();
    b.effective_to = None;
    if toml {
        toml::to_string(&b).map_err(|e| ServiceError::Internal(format!("không xuất được TOML: {e}")))
    } else {
        serde_json::to_string_pretty(&b).map_err(|e| ServiceError::Internal(format!("không xuất được JSON: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_round_trip_in_both_formats() {
        let b = bands_template().unwrap_or_else(|e| panic!("{e}"));
        for toml in [true, false] {
            let text = bands_file(&b, toml).unwrap_or_else(|e| panic!("{e}"));
            let name = if toml { "xep-loai.toml" } else { "xep-loai.json" };
            assert_eq!(read_bands_file(text.as_bytes(), name), Ok(b.clone()), "{name}");
        }
    }

    #[test]
    fn broken_files_say_where() {
        let e = read_bands_file(b"{\n \"code\": \"x\",\n \"bands\": [\n", "a.json").err().unwrap_or_default();
        assert!(e.starts_with("Tệp JSON không đọc được (dòng 4"), "{e}");
        let e = read_bands_file(b"code = \"x\"\nname = \"y\"\nversion = \"mot\"\n", "a.toml").err().unwrap_or_default();
        assert!(e.starts_with("Tệp TOML không đọc được (dòng 3)"), "{e}");
        assert!(read_bands_file(&[0xff, 0xfe], "a.json").is_err());
    }
}
