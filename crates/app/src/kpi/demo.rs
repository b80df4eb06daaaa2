//! Demo dossiers: a generated procedure catalogue and a modest set of records over the
//! current units of a province, using the registry's unit codes, so the pages show numbers.

use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::unit::{Unit, UnitKind};
use cchc_domain::user::Actor;
use cchc_kpi::generate::{generate, generate_catalogue, GenOptions};
use cchc_storage::model_kpi::DossierImportNote;
use cchc_storage::DynStore;
use chrono::{Datelike, NaiveDate};

use super::KpiError;

/// The province of the demo accounts (`taichinh` works at HT-STC).
pub const DEMO_PROVINCE: &str = "HT";

/// Seed of the demo data (the same every run).
pub const DEMO_SEED: u64 = 766;

/// Codes of the units below `province` (at any depth) that exist on `on`, ordered by code.
pub fn units_below(units: &[Unit], province: &str, on: NaiveDate) -> Vec<String> {
    let Some(root) = units.iter().find(|u| u.code == province) else { return Vec::new() };
    let mut ids = vec![root.id];
    let mut out = Vec::new();
    while let Some(id) = ids.pop() {
        for u in units.iter().filter(|u| u.parent_id == Some(id)) {
            ids.push(u.id);
            if u.is_active_on(on) && u.kind != UnitKind::Province {
                out.push(u.code.clone());
            }
        }
    }
    out.sort();
    out
}

/// Generated records with the synthetic unit codes `U0001…` replaced by `codes` (cycled).
pub fn records_for(codes: &[String], opts: GenOptions) -> impl Iterator<Item = DossierRecord> + '_ {
    generate(opts).map(move |mut r| {
        if !codes.is_empty() {
            let i = r.unit.trim_start_matches('U').parse::<usize>().unwrap_or(1).saturating_sub(1);
            r.unit = codes[i % codes.len()].clone();
        }
        r
    })
}

/// First day of the quarter before the one containing `today`.
pub fn previous_quarter_start(today: NaiveDate) -> NaiveDate {
    let q0 = (today.month0() / 3) as i32;
    let (y, q) = if q0 == 0 { (today.year() - 1, 3) } else { (today.year(), q0 - 1) };
    NaiveDate::from_ymd_opt(y, (q * 3 + 1) as u32, 1).unwrap_or(today)
}

/// What the demo loaded.
#[derive(Debug, Clone, Default)]
pub struct DemoDossiers {
    pub procedures: usize,
    pub units: usize,
    pub dossiers: u64,
}

/// Loads the demo catalogue and about `per_day` new dossiers a day from the start of the
/// previous quarter to `today` over the current units of [`DEMO_PROVINCE`].
pub async fn seed(store: &DynStore, today: NaiveDate, per_day: usize) -> Result<DemoDossiers, KpiError> {
    let actor = Actor::system();
    let mut list: Vec<_> = generate_catalogue(DEMO_SEED).procedures.into_values().collect();
    list.sort_by(|a, b| a.code.cmp(&b.code));
    store.import_procedures(&actor, &list, "demo").await?;
    let units = store.all_units().await?;
    let codes = units_below(&units, DEMO_PROVINCE, today);
    if codes.is_empty() {
        return Ok(DemoDossiers { procedures: list.len(), ..DemoDossiers::default() });
    }
    let start = previous_quarter_start(today);
    let days = (today - start).num_days().max(1) as usize;
    let opts = GenOptions { units: codes.len(), days, per_day, seed: DEMO_SEED, start };
    let records: Vec<DossierRecord> = records_for(&codes, opts).collect();
    let mut import = store.begin_dossier_import(&actor).await?;
    import.write(&records).await?;
    let note = DossierImportNote { source: "demo".into(), rows: records.len(), dropped: 0, policy: "skip_bad".into() };
    let rep = import.commit(&note).await?;
    Ok(DemoDossiers { procedures: list.len(), units: codes.len(), dossiers: rep.written })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_quarter() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(previous_quarter_start(d(2026, 11, 22)), d(2026, 7, 1));
        assert_eq!(previous_quarter_start(d(2026, 2, 1)), d(2025, 10, 1));
        assert_eq!(previous_quarter_start(d(2026, 4, 1)), d(2026, 1, 1));
    }
}
