//! The leader dashboard's figures: instances by state, overdue, per document, and the on-time
//! ranking of lead units — for the whole province or one unit. Every figure comes with the
//! filter of the list behind it.

use cchc_domain::tracking::{on_time_ranking, RankedUnit, TaskTiming};
use cchc_domain::unit::UnitId;
use cchc_storage::model::{InstanceFilter, StateCounts};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;

/// One document's progress.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentProgress {
    pub id: i64,
    pub label: String,
    pub counts: StateCounts,
}

/// A unit's row in the on-time ranking.
#[derive(Debug, Clone, Serialize)]
pub struct RankRow {
    pub unit_id: UnitId,
    pub unit: String,
    pub rank: Option<u32>,
    /// Percent, `None` when the unit had nothing due yet.
    pub rate: Option<f64>,
    pub on_time: u32,
    pub late: u32,
    pub overdue: u32,
    pub open: u32,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    pub today: NaiveDate,
    /// The window of the ranking: from the start of the year to today.
    pub from: NaiveDate,
    pub counts: StateCounts,
    pub documents: Vec<DocumentProgress>,
    pub ranking: Vec<RankRow>,
}

/// Computes the dashboard for the whole province (`unit = None`) or one unit's work.
pub async fn dashboard(store: &dyn Store, unit: Option<UnitId>, today: NaiveDate) -> Result<Dashboard, ServiceError> {
    let cfg = crate::tracking::config(store).await?;
    let base = InstanceFilter { unit_id: unit, active_only: true, ..Default::default() };
    let counts = store.state_counts(&base, today).await?;
    let mut documents = Vec::new();
    for d in store.list_documents(false).await? {
        let f = InstanceFilter { document_id: Some(d.id), ..base.clone() };
        let c = store.state_counts(&f, today).await?;
        if c.total > 0 {
            documents.push(DocumentProgress { id: d.id, label: d.meta.label(), counts: c });
        }
    }
    let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let due = InstanceFilter { due_from: Some(from), due_to: Some(today), ..base.clone() };
    let instances = store.list_instances(&due).await?;
    let timings: Vec<(UnitId, TaskTiming)> = instances
        .iter()
        .filter_map(|i| i.lead_unit_id.map(|u| (u, TaskTiming::new(&i.progress, i.due, i.period_start))))
        .collect();
    let mut leads: Vec<UnitId> = timings.iter().map(|(u, _)| *u).collect();
    leads.sort_unstable();
    leads.dedup();
    let ranked: Vec<RankedUnit> = on_time_ranking(&leads, &timings, from, today, today, &cfg.timeliness);
    let units = store.all_units().await?;
    let name = |id: UnitId| units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_default();
    let ranking = ranked
        .into_iter()
        .map(|r| RankRow {
            unit_id: r.unit,
            unit: name(r.unit),
            rank: r.rank,
            rate: r.rate,
            on_time: r.tally.early + r.tally.on_time,
            late: r.tally.late,
            overdue: r.tally.overdue,
            open: r.tally.open,
        })
        .collect();
    Ok(Dashboard { today, from, counts, documents, ranking })
}
