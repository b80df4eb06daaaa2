//! The leader dashboard's figures: instances by state, overdue, per document, and the on-time
//! ranking of lead units — for the whole province or one unit. Every figure comes with the
//! filter of the list behind it.

use cchc_domain::tracking::{rank_tallies, RankedUnit};
use cchc_domain::unit::UnitId;
use cchc_storage::model::{InstanceFilter, StateCounts};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;

pub mod areas;
pub mod reporting;
pub mod scorecard;

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
    /// The window of the ranking: instances of active plans due in `from..=to` (to = the end
    /// of this year), as of `today`.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub counts: StateCounts,
    pub documents: Vec<DocumentProgress>,
    pub ranking: Vec<RankRow>,
}

/// Computes the dashboard for the whole province (`unit = None`) or one unit's work.
pub async fn dashboard(store: &dyn Store, unit: Option<UnitId>, today: NaiveDate) -> Result<Dashboard, ServiceError> {
    let cfg = crate::tracking::config(store).await?;
    let base = InstanceFilter { unit_id: unit, active_only: true, ..Default::default() };
    let counts = store.state_counts(&base, today).await?;
    let by_doc = store.state_counts_by_document(&base, today).await?;
    let mut documents = Vec::new();
    for d in store.list_documents(false).await? {
        if let Some((_, c)) = by_doc.iter().find(|(id, c)| *id == d.id && c.total > 0) {
            documents.push(DocumentProgress { id: d.id, label: d.meta.label(), counts: c.clone() });
        }
    }
    // The window is every instance of the active plans due by the end of this year. It used
    // to end today and start on 1 January, which hid a unit whose finished task was due later
    // (finished early) or in an earlier year (a plan of last year still tracked): the ranking
    // stayed empty after a task was completed. Open tasks not yet due count as open, outside
    // the rate.
    let from = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(today);
    let to = NaiveDate::from_ymd_opt(today.year(), 12, 31).unwrap_or(today);
    let tallies = store.on_time_tallies(&base, from, to, today, &cfg.timeliness).await?;
    let ranked: Vec<RankedUnit> = rank_tallies(tallies);
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
    Ok(Dashboard { today, from, to, counts, documents, ranking })
}
