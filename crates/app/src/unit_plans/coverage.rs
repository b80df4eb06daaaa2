//! The coverage check of units' plans: every province task assigned to a unit for a year (as
//! lead, or as a member of a group lead: its own instance), with the unit-plan tasks that
//! implement it; for the office, one line per unit.

use std::collections::{BTreeMap, BTreeSet};

use cchc_domain::plan::{DocumentId, TaskId};
use cchc_domain::unit::UnitId;
use cchc_domain::unit_plan::coverage;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, StoredDocument, TaskFilter, TaskRecord, UnitReport};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;

/// The province's active documents of `year` (plan year, else the document's year).
async fn province_documents(
    store: &dyn Store,
    year: i32,
) -> Result<BTreeMap<DocumentId, StoredDocument>, ServiceError> {
    Ok(store
        .list_documents(false)
        .await?
        .into_iter()
        .filter(|d| d.owner_unit_id.is_none() && d.meta.plan_year.or(d.meta.date.map(|x| x.year())) == Some(year))
        .map(|d| (d.id, d))
        .collect())
}

/// Province task ids per unit leading an instance of them, for `year` (one unit, or all).
async fn assigned_ids(
    store: &dyn Store,
    unit: Option<UnitId>,
    year: i32,
) -> Result<(BTreeMap<UnitId, Vec<TaskId>>, BTreeMap<DocumentId, StoredDocument>), ServiceError> {
    let docs = province_documents(store, year).await?;
    let f = InstanceFilter { unit_id: unit, lead_only: true, active_only: true, ..Default::default() };
    let mut by_unit: BTreeMap<UnitId, Vec<TaskId>> = BTreeMap::new();
    let mut seen = BTreeSet::new();
    for i in store.list_instances(&f).await? {
        let Some(u) = i.lead_unit_id else { continue };
        if docs.contains_key(&i.document_id) && seen.insert((u, i.task_id)) {
            by_unit.entry(u).or_default().push(i.task_id);
        }
    }
    Ok((by_unit, docs))
}

/// The province tasks assigned to `unit` for `year`, in plan order.
pub async fn assigned_tasks(store: &dyn Store, unit: UnitId, year: i32) -> Result<Vec<TaskRecord>, ServiceError> {
    let (by_unit, docs) = assigned_ids(store, Some(unit), year).await?;
    let ids: BTreeSet<TaskId> = by_unit.get(&unit).into_iter().flatten().copied().collect();
    let mut out = Vec::new();
    for d in docs.keys() {
        let tasks = store.list_tasks(&TaskFilter { document_id: Some(*d), ..Default::default() }).await?;
        out.extend(tasks.into_iter().filter(|t| ids.contains(&t.id)));
    }
    Ok(out)
}

/// One province task and the unit-plan tasks implementing it.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageLine {
    pub task: TaskRecord,
    /// The province document's label (`Kế hoạch 3098/QĐ-UBND ngày …`).
    pub document: String,
    pub covered_by: Vec<TaskRecord>,
}

/// One unit-plan task and the province tasks it implements.
#[derive(Debug, Clone, Serialize)]
pub struct PlanTaskLine {
    pub task: TaskRecord,
    pub links: Vec<TaskId>,
}

/// A unit's coverage for a year.
#[derive(Debug, Clone, Serialize)]
pub struct UnitCoverage {
    pub unit: UnitId,
    pub year: i32,
    pub plan: Option<StoredDocument>,
    /// The unit's plan report of the year, as `vis` may see it.
    pub report: Option<UnitReport>,
    pub lines: Vec<CoverageLine>,
    pub plan_tasks: Vec<PlanTaskLine>,
    pub covered: usize,
    pub total: usize,
}

/// The coverage of `unit`'s plan of `year`.
pub async fn of_unit(
    store: &dyn Store,
    unit: UnitId,
    year: i32,
    vis: Visibility,
) -> Result<UnitCoverage, ServiceError> {
    let assigned = assigned_tasks(store, unit, year).await?;
    let docs = province_documents(store, year).await?;
    let plan = super::plan_of(store, unit, year).await?;
    let (plan_tasks, links) = match &plan {
        Some(p) => {
            let tasks = store.list_tasks(&TaskFilter { document_id: Some(p.id), ..Default::default() }).await?;
            (tasks, store.unit_plan_links(p.id).await?)
        }
        None => (Vec::new(), Vec::new()),
    };
    let pairs: Vec<(TaskId, TaskId)> = links.iter().map(|l| (l.task_id, l.province_task_id)).collect();
    let c = coverage(&assigned.iter().map(|a| a.id).collect::<Vec<_>>(), &pairs);
    let lines = c
        .rows
        .iter()
        .zip(&assigned)
        .map(|(row, task)| CoverageLine {
            task: task.clone(),
            document: docs.get(&task.document_id).map(|d| d.meta.label()).unwrap_or_default(),
            covered_by: plan_tasks.iter().filter(|t| row.covered_by.contains(&t.id)).cloned().collect(),
        })
        .collect();
    let plan_tasks = plan_tasks
        .into_iter()
        .map(|t| PlanTaskLine { links: pairs.iter().filter(|p| p.0 == t.id).map(|p| p.1).collect(), task: t })
        .collect();
    let report = store.report(unit, &crate::reports::plan_key(year), vis).await?;
    Ok(UnitCoverage { unit, year, plan, report, lines, plan_tasks, covered: c.covered, total: c.total })
}

/// One unit's line in the office's table.
#[derive(Debug, Clone, Serialize)]
pub struct CoverageSummary {
    pub unit: UnitId,
    pub plan: Option<StoredDocument>,
    /// The day the unit's plan report reached the office.
    pub received_on: Option<NaiveDate>,
    pub covered: usize,
    pub total: usize,
}

/// Every unit that owes a plan for `year` (it leads a province task that year) or sent one.
pub async fn all_units(store: &dyn Store, year: i32, vis: Visibility) -> Result<Vec<CoverageSummary>, ServiceError> {
    let (by_unit, _) = assigned_ids(store, None, year).await?;
    let plans: BTreeMap<UnitId, StoredDocument> =
        store.unit_plans(None, year).await?.into_iter().filter_map(|d| d.owner_unit_id.map(|u| (u, d))).collect();
    let reports: BTreeMap<UnitId, UnitReport> = store
        .reports_of_period(&crate::reports::plan_key(year), vis)
        .await?
        .into_iter()
        .map(|r| (r.unit_id, r))
        .collect();
    let units: BTreeSet<UnitId> = by_unit.keys().chain(plans.keys()).copied().collect();
    let mut out = Vec::new();
    for u in units {
        let assigned = by_unit.get(&u).cloned().unwrap_or_default();
        let links = match plans.get(&u) {
            Some(p) => {
                store.unit_plan_links(p.id).await?.into_iter().map(|l| (l.task_id, l.province_task_id)).collect()
            }
            None => Vec::new(),
        };
        let c = coverage(&assigned, &links);
        out.push(CoverageSummary {
            unit: u,
            plan: plans.get(&u).cloned(),
            received_on: reports.get(&u).and_then(|r| r.submitted_on),
            covered: c.covered,
            total: c.total,
        });
    }
    Ok(out)
}
