//! Target attainment of a reporting period: for every target of the active plans, how many
//! units that reported a value met it, missed it or gave no figure, compared with the value
//! for the unit's level (`domain::tracking::attainment`). Rank targets (`nhóm 25 dẫn đầu`)
//! count lower as better; the scale and direction come from the target's wording.

use std::collections::HashMap;

use cchc_domain::tracking::{attainment_for, classify_target, AttainmentStatus, LevelValue, Period, TargetLevel};
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;

/// One target's attainment across the units that reported on it.
#[derive(Debug, Clone, Serialize)]
pub struct TargetRow {
    pub target_id: i64,
    pub document_id: i64,
    pub code: String,
    /// The plan area the target belongs to (empty for none).
    pub area: String,
    pub text: String,
    pub scale: &'static str,
    pub met: usize,
    pub not_met: usize,
    pub no_data: usize,
}

/// The period's attainment, target by target, with totals.
#[derive(Debug, Clone, Serialize)]
pub struct Panel {
    pub period_key: String,
    pub period_label: String,
    pub rows: Vec<TargetRow>,
    pub met: usize,
    pub not_met: usize,
    pub no_data: usize,
}

/// The tracking level of a plan value's level (a value without a level applies to all).
fn level(l: cchc_domain::plan::TargetLevel) -> TargetLevel {
    use cchc_domain::plan::TargetLevel as P;
    match l {
        P::Province => TargetLevel::Province,
        P::District => TargetLevel::District,
        P::Commune => TargetLevel::Commune,
        P::All | P::Unspecified => TargetLevel::All,
    }
}

/// The attainment of `period` (only targets someone reported on are listed).
pub async fn panel(store: &dyn Store, period: &Period) -> Result<Panel, ServiceError> {
    let values = store.target_values(None, &period.key).await?;
    let kinds: HashMap<i64, cchc_domain::unit::UnitKind> =
        store.all_units().await?.into_iter().map(|u| (u.id, u.kind)).collect();
    let mut rows = Vec::new();
    for doc in store.list_documents(false).await? {
        for t in store.list_targets(doc.id).await? {
            let reported: Vec<_> = values.iter().filter(|v| v.target_id == t.id).collect();
            if reported.is_empty() {
                continue;
            }
            let wording = t.target.target_text.clone().unwrap_or_else(|| t.target.text.clone());
            let (scale, direction) = classify_target(&wording);
            let levels: Vec<LevelValue> =
                t.target.values.iter().map(|v| LevelValue { level: level(v.level), value: v.number }).collect();
            let mut row = TargetRow {
                target_id: t.id,
                document_id: doc.id,
                code: t.target.code.clone(),
                area: t.target.area.clone().unwrap_or_default(),
                text: crate::consolidate::short_title(&t.target.text, 120),
                scale: scale.label_vi(),
                met: 0,
                not_met: 0,
                no_data: 0,
            };
            for v in reported {
                let Some(kind) = kinds.get(&v.unit_id) else { continue };
                match attainment_for(&levels, *kind, v.value, direction).status {
                    AttainmentStatus::Met => row.met += 1,
                    AttainmentStatus::NotMet => row.not_met += 1,
                    AttainmentStatus::NoData | AttainmentStatus::NoTarget => row.no_data += 1,
                }
            }
            rows.push(row);
        }
    }
    rows.sort_by(|a, b| b.not_met.cmp(&a.not_met).then_with(|| a.code.cmp(&b.code)));
    let sum = |f: fn(&TargetRow) -> usize| rows.iter().map(f).sum();
    Ok(Panel {
        period_key: period.key.clone(),
        period_label: period.label_vi.clone(),
        met: sum(|r| r.met),
        not_met: sum(|r| r.not_met),
        no_data: sum(|r| r.no_data),
        rows,
    })
}

/// The latest reporting period (of this year or last, already open on `today`) with target
/// values, and its attainment; `None` when no unit reported any.
pub async fn latest(store: &dyn Store, today: NaiveDate) -> Result<Option<Panel>, ServiceError> {
    use chrono::Datelike;
    let cfg = crate::tracking::config(store).await?;
    let mut periods: Vec<Period> = [today.year() - 1, today.year()]
        .into_iter()
        .flat_map(|y| cfg.calendar.periods_of_year(y))
        .filter(|p| p.opens <= today)
        .collect();
    periods.sort_by_key(|p| std::cmp::Reverse((p.end, p.start)));
    for p in periods {
        if !store.target_values(None, &p.key).await?.is_empty() {
            return Ok(Some(panel(store, &p).await?));
        }
    }
    Ok(None)
}
