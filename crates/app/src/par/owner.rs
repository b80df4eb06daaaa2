//! The province's own index (QĐ 876) followed every quarter by the departments that own its
//! criteria (seed 004): each department reports, for the criteria it owns in the province's
//! criteria set in force, what it achieved so far and why a criterion is not achieved; the
//! office and the leaders see every criterion by quarter, with the ones not achieved and not
//! reported counted.
//!
//! Which department owns a criterion is data of the criteria set (the `owner` of a node, or
//! of its nearest ancestor: [`cchc_domain::par::owner::owned_leaves`]), matched to the registry
//! by code or name ([`names_unit`]); a criterion whose owner names no current unit is shown
//! as such, so the office can fix the set.

use cchc_domain::par::owner::{names_unit, owned_leaves, CriterionStatus, OwnedCriterion};
use cchc_domain::par::{effective_set, UnitGroup};
use cchc_domain::unit::{Unit, UnitId};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{OwnerStatusRecord, StoredSet};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;

/// One owned criterion with its department and its status of each quarter.
#[derive(Debug, Clone, Serialize)]
pub struct OwnedRow {
    pub criterion: OwnedCriterion,
    /// The department the owner names, if any current unit.
    pub unit: Option<(UnitId, String)>,
    /// Quarters 1–4.
    pub quarters: [Option<OwnerStatusRecord>; 4],
}

/// The province's set in force for a year and its owned criteria.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerOverview {
    pub set_id: i64,
    pub set_name: String,
    pub set_template: bool,
    pub year: i32,
    pub rows: Vec<OwnedRow>,
}

/// The day a year's province set is chosen on: today in the current year, else the year's
/// last day.
fn set_day(year: i32, today: NaiveDate) -> NaiveDate {
    if year == today.year() {
        today
    } else {
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today)
    }
}

/// The province's own criteria set (group [`UnitGroup::PROVINCE_876`]) in force for `year`.
pub async fn province_set(store: &dyn Store, year: i32, today: NaiveDate) -> Result<Option<StoredSet>, ServiceError> {
    let stored = store.criteria_sets().await?;
    let sets: Vec<_> = stored.iter().map(|s| s.set.clone()).collect();
    let group = UnitGroup::new(UnitGroup::PROVINCE_876);
    let Some(set) = effective_set(&sets, &group, set_day(year, today)) else { return Ok(None) };
    Ok(stored.into_iter().find(|s| s.set.code == set.code && s.set.version == set.version))
}

/// The current units named by the owners of `set`'s criteria.
fn owner_unit<'a>(units: &'a [Unit], owner: &str, day: NaiveDate) -> Option<&'a Unit> {
    units.iter().filter(|u| u.is_active_on(day)).find(|u| names_unit(owner, u))
}

/// Every owned criterion of the year's province set with its statuses the reader may see
/// (`vis`: a department's staff see the criteria it owns only). `None`: no province set.
pub async fn overview(
    store: &dyn Store,
    year: i32,
    vis: Visibility,
    today: NaiveDate,
) -> Result<Option<OwnerOverview>, ServiceError> {
    let Some(stored) = province_set(store, year, today).await? else { return Ok(None) };
    let units = store.all_units().await?;
    let day = set_day(year, today);
    let statuses = store.owner_statuses(year, vis).await?;
    let rows = owned_leaves(&stored.set)
        .into_iter()
        .map(|c| {
            let unit = owner_unit(&units, &c.owner, day).map(|u| (u.id, u.name.clone()));
            let mut quarters: [Option<OwnerStatusRecord>; 4] = Default::default();
            for r in statuses.iter().filter(|r| r.status.code == c.code) {
                if let Some(slot) = quarters.get_mut(r.quarter as usize - 1) {
                    *slot = Some(r.clone());
                }
            }
            OwnedRow { criterion: c, unit, quarters }
        })
        .filter(|r| match vis.own_unit() {
            Some(own) => r.unit.as_ref().is_some_and(|(id, _)| *id == own),
            None => true,
        })
        .collect();
    Ok(Some(OwnerOverview {
        set_id: stored.id,
        set_name: stored.set.name.clone(),
        set_template: stored.set.status == cchc_domain::par::SetStatus::Template,
        year,
        rows,
    }))
}

/// Whether `quarter` (1–4) of `year` has begun on `today`.
pub fn quarter_started(year: i32, quarter: u32, today: NaiveDate) -> bool {
    (1..=4).contains(&quarter) && NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1).is_some_and(|d| d <= today)
}

/// The quarter (1–4) `day` falls in.
pub fn quarter_of(day: NaiveDate) -> u32 {
    day.month0() / 3 + 1
}

/// Department `unit` reports `entries` for `quarter` of `year`: every entry must be a
/// criterion it owns in the year's province set and say what it must (a result; a reason when
/// not achieved); a quarter not yet begun is refused. Every problem is reported by field
/// (`{code}.result`, `{code}.reason`, `quarter`, `code`) and nothing is stored unless all are
/// right; then all are stored in one transaction. Returns how many statuses changed.
pub async fn report(
    store: &dyn Store,
    actor: &Actor,
    unit: UnitId,
    year: i32,
    quarter: u32,
    entries: Vec<CriterionStatus>,
    today: NaiveDate,
) -> Result<usize, ServiceError> {
    let mut errors = FieldErrors::default();
    if !quarter_started(year, quarter, today) {
        errors.add("quarter", "Chỉ báo cáo được quý đã bắt đầu.");
    }
    let Some(stored) = province_set(store, year, today).await? else {
        errors.add("quarter", format!("Năm {year} chưa có bộ tiêu chí Chỉ số CCHC cấp tỉnh."));
        return Err(ServiceError::Invalid(errors));
    };
    let me = store.get_unit(unit).await?;
    let owned: Vec<OwnedCriterion> =
        owned_leaves(&stored.set).into_iter().filter(|c| names_unit(&c.owner, &me)).collect();
    if entries.is_empty() {
        errors.add("code", "Chưa có tiêu chí nào được báo cáo.");
    }
    let mut seen = std::collections::BTreeSet::new();
    for e in &entries {
        if !owned.iter().any(|c| c.code == e.code) {
            errors.add("code", format!("Tiêu chí {} không do đơn vị theo dõi.", e.code));
        }
        if !seen.insert(e.code.clone()) {
            errors.add("code", format!("Tiêu chí {} được báo cáo hai lần.", e.code));
        }
        for (field, message) in e.problems() {
            errors.add(&format!("{}.{field}", e.code), message);
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let entries: Vec<CriterionStatus> = entries.into_iter().map(CriterionStatus::normalised).collect();
    Ok(store.save_owner_statuses(actor, stored.id, year, quarter, unit, &entries).await?)
}
