//! Target attainment of a reporting period: for every target of the active plans, how many
//! units that reported a value met it, missed it or gave no figure, compared with the value
//! for the unit's level (`domain::tracking::attainment`). Rank targets (`nhóm 25 dẫn đầu`)
//! count lower as better; the scale and direction come from the target's wording. A target
//! linked to an index-766 indicator (`measured`) takes each unit's figure from its dossiers of
//! the matching period; a figure the unit reported counts where 766 has none for it.

pub mod measured;

use std::collections::HashMap;

use cchc_domain::tracking::{attainment_for, classify_target, AttainmentStatus, LevelValue, Period, TargetLevel};
use cchc_domain::unit_tree::UnitTree;
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::kpi::service::KpiService;
pub use measured::Measured;

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
    /// The index-766 indicator measuring the target, when linked.
    pub measured_by: Option<MeasuredBy>,
}

/// Where a linked target's figures come from.
#[derive(Debug, Clone, Serialize)]
pub struct MeasuredBy {
    /// Indicator code (or `SCORE`) and name.
    pub indicator: String,
    pub name: String,
    /// The index-766 period (`2026-Q3`) and its label.
    pub period: String,
    pub period_label: String,
    /// Units whose figure came from their dossiers.
    pub units: usize,
    /// The province's own figure, for reference (not counted).
    pub province: Option<f64>,
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

/// The attainment of `period`, with the 766 figures of linked targets when the period matches
/// an index-766 period (see [`measured::for_period`]).
pub async fn panel_live(store: &dyn Store, kpi: &KpiService, period: &Period) -> Result<Panel, ServiceError> {
    let links = measured::links(store).await?;
    let m = measured::for_period(kpi, &links, period).await;
    panel(store, period, &links, m.as_ref()).await
}

/// The attainment of `period`: targets someone reported on, and linked targets with 766
/// figures in `measured`.
pub async fn panel(
    store: &dyn Store,
    period: &Period,
    links: &HashMap<(String, String), String>,
    measured: Option<&Measured>,
) -> Result<Panel, ServiceError> {
    let values = store.target_values(None, &period.key).await?;
    let units = store.all_units().await?;
    let by_id: HashMap<i64, &cchc_domain::unit::Unit> = units.iter().map(|u| (u.id, u)).collect();
    let tree = UnitTree::from_units(&units);
    let mut rows = Vec::new();
    for doc in store.list_documents(false).await? {
        let identity = doc.meta.identity();
        for t in store.list_targets(doc.id).await? {
            let link = links.get(&(identity.clone(), t.target.code.clone()));
            let from_766 = link.zip(measured).and_then(|(ind, m)| m.values.get(ind).map(|v| (ind, m, v)));
            // Each unit's figure (`None`: reported without a number), and whether 766 gave it:
            // 766 first, for the units the target is for; else what the unit reported.
            let (mut figures, province): (Figures, _) = match from_766 {
                Some((_, _, by_code)) => {
                    let meant = meant_units(&units, &t.target.implementing, doc.meta.province_id, period.end);
                    figures_766(&units, by_code, meant.as_ref(), doc.meta.province_id, &tree, &by_id)
                }
                None => (HashMap::new(), None),
            };
            let counted_766 = figures.len();
            for v in values.iter().filter(|v| v.target_id == t.id) {
                figures.entry(v.unit_id).or_insert((v.value, false));
            }
            if figures.is_empty() && from_766.is_none() {
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
                measured_by: from_766.map(|(ind, m, _)| MeasuredBy {
                    indicator: ind.clone(),
                    name: m.names.get(ind).cloned().unwrap_or_else(|| ind.clone()),
                    period: m.period.clone(),
                    period_label: m.period_label.clone(),
                    units: counted_766,
                    province,
                }),
            };
            count(&mut row, &figures, &by_id, &levels, direction);
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

/// Each unit's figure for a target by unit id (`None`: reported without a number) and whether
/// index 766 gave it.
type Figures = HashMap<i64, (Option<f64>, bool)>;

/// Each unit's 766 figure for a target measured by 766 (`figures` of [`panel`]), for the units
/// the target is for within the document's province, and the province's own figure.
fn figures_766(
    units: &[cchc_domain::unit::Unit],
    by_code: &HashMap<String, f64>,
    meant: Option<&std::collections::HashSet<i64>>,
    province_id: Option<i64>,
    tree: &UnitTree,
    by_id: &HashMap<i64, &cchc_domain::unit::Unit>,
) -> (Figures, Option<f64>) {
    let mut figures = HashMap::new();
    let mut province = None;
    for u in units {
        let Some(v) = by_code.get(&u.code) else { continue };
        if !in_province(tree, by_id, u, province_id) {
            continue;
        }
        if u.kind == cchc_domain::unit::UnitKind::Province {
            // The province's own figure, for reference: only the document's province (a
            // document naming none may span several).
            if province_id == Some(u.id) {
                province = Some(*v);
            }
        } else if meant.is_none_or(|m| m.contains(&u.id)) {
            figures.insert(u.id, (Some(*v), true));
        }
    }
    (figures, province)
}

/// Counts each unit's figure into the row as met, not met or without data, by unit id.
fn count(
    row: &mut TargetRow,
    figures: &Figures,
    by_id: &HashMap<i64, &cchc_domain::unit::Unit>,
    levels: &[LevelValue],
    direction: cchc_domain::tracking::Direction,
) {
    let mut ids: Vec<_> = figures.keys().copied().collect();
    ids.sort_unstable();
    for id in ids {
        let (Some(unit), Some(&(achieved, from_766))) = (by_id.get(&id), figures.get(&id)) else { continue };
        match attainment_for(levels, unit.kind, achieved, direction).status {
            AttainmentStatus::Met => row.met += 1,
            AttainmentStatus::NotMet => row.not_met += 1,
            AttainmentStatus::NoData => row.no_data += 1,
            // A unit reported a figure the target sets no value for: counted as no data; a
            // unit merely measured by 766 is not one the target speaks of.
            AttainmentStatus::NoTarget if !from_766 => row.no_data += 1,
            AttainmentStatus::NoTarget => {}
        }
    }
}

/// The units a target is for, from its implementing agencies (named units and the members of
/// named groups on `on`); `None` when it names none (then every unit with a value for its
/// level).
fn meant_units(
    units: &[cchc_domain::unit::Unit],
    implementing: &cchc_domain::plan::Assignment,
    province: Option<i64>,
    on: NaiveDate,
) -> Option<std::collections::HashSet<i64>> {
    let mut ids: std::collections::HashSet<i64> = implementing.unit_ids.iter().copied().collect();
    for g in implementing.groups.iter().filter(|g| g.is_enumerable()) {
        ids.extend(g.members(units, province, on));
    }
    (!ids.is_empty()).then_some(ids)
}

/// Whether `u` lies under the document's province in the unit tree (every unit when the
/// document names none).
fn in_province(
    tree: &UnitTree,
    by_id: &HashMap<i64, &cchc_domain::unit::Unit>,
    u: &cchc_domain::unit::Unit,
    province: Option<i64>,
) -> bool {
    match province {
        None => true,
        Some(p) => by_id.get(&p).is_some_and(|p| tree.is_within(&u.code, &p.code)),
    }
}

/// The latest reporting period (of this year or last, already open on `today`) with target
/// values, or with 766 figures of a linked target, and its attainment; `None` when there is
/// none.
pub async fn latest(store: &dyn Store, kpi: &KpiService, today: NaiveDate) -> Result<Option<Panel>, ServiceError> {
    use chrono::Datelike;
    let cfg = crate::tracking::config(store).await?;
    let mut periods: Vec<Period> = [today.year() - 1, today.year()]
        .into_iter()
        .flat_map(|y| cfg.calendar.periods_of_year(y))
        .filter(|p| p.opens <= today)
        .collect();
    periods.sort_by_key(|p| std::cmp::Reverse((p.end, p.start)));
    let links = measured::links(store).await?;
    for p in periods {
        let reported = !store.target_values(None, &p.key).await?.is_empty();
        let m = if reported || !links.is_empty() { measured::for_period(kpi, &links, &p).await } else { None };
        if reported || m.as_ref().is_some_and(|m| !m.values.is_empty()) {
            return Ok(Some(panel(store, &p, &links, m.as_ref()).await?));
        }
    }
    Ok(None)
}
