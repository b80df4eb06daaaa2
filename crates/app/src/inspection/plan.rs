//! The year's inspection plan: the units to choose from (filtered by group, last inspection
//! and overdue tasks), the coverage of each group against its checklist's target share, and
//! planning itself, after which each inspected unit is told the dates and what to prepare.

use std::collections::BTreeMap;

use cchc_domain::inspection::{coverage, GroupCoverage};
use cchc_domain::text::clean;
use cchc_domain::unit::{Unit, UnitId, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, UnitFilter};
use cchc_storage::model_inspection::{Inspection, NewInspection};
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;

/// Which units the planning page lists.
#[derive(Debug, Clone, Default)]
pub struct PlanFilter {
    pub group: Option<UnitKind>,
    /// Only units not inspected since this day (or never).
    pub not_since: Option<NaiveDate>,
    /// Only units with at least this many overdue tasks.
    pub min_overdue: Option<i64>,
    /// Only units whose latest PAR class (xếp loại) is this one.
    pub par_class: Option<String>,
    /// Only units whose latest PAR index is below this.
    pub par_below: Option<cchc_domain::par::Points>,
}

/// A unit to choose from.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub unit: Unit,
    pub last_inspected: Option<NaiveDate>,
    pub overdue_tasks: i64,
    /// Already on this year's plan.
    pub planned: bool,
    /// The latest PAR result (see `plan_par`).
    pub par: Option<super::plan_par::ParMark>,
}

/// A group's coverage with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    pub label: String,
    pub has_checklist: bool,
    #[serde(flatten)]
    pub figures: GroupCoverage,
}

/// What the planning page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Planning {
    pub year: i32,
    pub candidates: Vec<Candidate>,
    pub coverage: Vec<Coverage>,
    /// The PAR round whose results the candidates show.
    pub par: super::plan_par::LatestPar,
}

/// The coverage of each unit group that has a checklist in force in `year`: its active units
/// (as of `today`), those on the year's plan, against the checklist's target share.
pub async fn year_coverage(store: &dyn Store, year: i32, today: NaiveDate) -> Result<Vec<Coverage>, ServiceError> {
    let units = store.list_units(&UnitFilter { active_on: Some(today), ..Default::default() }).await?;
    let planned = planned_units(store, year).await?;
    coverage_of(store, year, &units, &planned, today).await
}

async fn planned_units(store: &dyn Store, year: i32) -> Result<Vec<UnitId>, ServiceError> {
    Ok(store.inspections(Some(year), Visibility::Province).await?.iter().map(|i| i.unit_id).collect())
}

async fn coverage_of(
    store: &dyn Store,
    year: i32,
    units: &[Unit],
    planned: &[UnitId],
    today: NaiveDate,
) -> Result<Vec<Coverage>, ServiceError> {
    let day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let mut rows = Vec::new();
    for kind in UnitKind::ALL {
        if let Some(c) = super::checklists::for_group(store, kind.code(), day).await? {
            let of_kind: Vec<&Unit> = units.iter().filter(|u| u.kind == kind).collect();
            let covered = of_kind.iter().filter(|u| planned.contains(&u.id)).count();
            rows.push((kind.code().to_string(), of_kind.len(), covered, c.checklist.target_percent));
        }
    }
    rows.sort();
    Ok(coverage(&rows)
        .into_iter()
        .map(|figures| Coverage {
            label: UnitKind::parse(&figures.group).map(|k| k.label_vi().to_string()).unwrap_or_default(),
            has_checklist: true,
            figures,
        })
        .collect())
}

/// The units of the groups that have a checklist, filtered, and the coverage of each group.
pub async fn planning(
    store: &dyn Store,
    year: i32,
    f: &PlanFilter,
    today: NaiveDate,
) -> Result<Planning, ServiceError> {
    let units = store.list_units(&UnitFilter { active_on: Some(today), ..Default::default() }).await?;
    let last: BTreeMap<UnitId, NaiveDate> = store.last_inspected().await?.into_iter().collect();
    let planned = planned_units(store, year).await?;
    let coverage = coverage_of(store, year, &units, &planned, today).await?;
    let groups: Vec<&str> = coverage.iter().map(|c| c.figures.group.as_str()).collect();
    let par = super::plan_par::latest(store).await?;
    let mut candidates = Vec::new();
    for u in units {
        if !groups.contains(&u.kind.code()) || f.group.is_some_and(|k| k != u.kind) {
            continue;
        }
        let mark = par.by_unit.get(&u.id);
        if !super::plan_par::passes(mark, f.par_class.as_deref(), f.par_below) {
            continue;
        }
        let last_inspected = last.get(&u.id).copied();
        if f.not_since.is_some_and(|d| last_inspected.is_some_and(|l| l >= d)) {
            continue;
        }
        let q = InstanceFilter {
            unit_id: Some(u.id),
            lead_only: true,
            active_only: true,
            overdue_on: Some(today),
            ..Default::default()
        };
        let overdue_tasks = store.count_instances(&q).await?;
        if f.min_overdue.is_some_and(|m| overdue_tasks < m) {
            continue;
        }
        let is_planned = planned.contains(&u.id);
        let par_mark = mark.cloned();
        candidates.push(Candidate { unit: u, last_inspected, overdue_tasks, planned: is_planned, par: par_mark });
    }
    Ok(Planning { year, candidates, coverage, par })
}

/// What the office types to plan inspections.
#[derive(Debug, Clone, Default)]
pub struct PlanForm {
    pub year: i32,
    pub unit_ids: Vec<UnitId>,
    pub team: String,
    /// The head of the team (trưởng đoàn), who signs the minutes.
    pub leader: String,
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    pub prepare: String,
}

/// Puts the chosen units on the plan (each with the checklist in force for its group), all or
/// none, then tells each unit.
pub async fn plan(
    store: &dyn Store,
    actor: &Actor,
    f: &PlanForm,
    today: NaiveDate,
) -> Result<Vec<Inspection>, ServiceError> {
    let mut e = FieldErrors::default();
    let team = clean(&f.team);
    if team.is_empty() {
        e.add("team", "Cần ghi thành phần đoàn kiểm tra.");
    }
    let leader = clean(&f.leader);
    if leader.is_empty() {
        e.add("leader", "Cần ghi họ tên trưởng đoàn (người ký biên bản).");
    }
    if f.unit_ids.is_empty() {
        e.add("units", "Cần chọn ít nhất một đơn vị để kiểm tra.");
    }
    let (from, to) = match (f.date_from, f.date_to) {
        (Some(a), Some(b)) if a <= b => (a, b),
        (Some(_), Some(_)) => {
            e.add("date_to", "Ngày kết thúc kiểm tra không được trước ngày bắt đầu.");
            (today, today)
        }
        _ => {
            e.add("date_from", "Cần ghi ngày kiểm tra (dd/mm/yyyy).");
            (today, today)
        }
    };
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let mut items = Vec::with_capacity(f.unit_ids.len());
    for id in &f.unit_ids {
        let unit = store.get_unit(*id).await?;
        match super::checklists::for_group(store, unit.kind.code(), from).await? {
            Some(c) => items.push(NewInspection {
                year: f.year,
                unit_id: unit.id,
                checklist_id: c.id,
                team: team.clone(),
                leader: leader.clone(),
                date_from: from,
                date_to: to,
                prepare: clean(&f.prepare),
            }),
            None => e.add("units", format!("Chưa có danh mục kiểm tra cho nhóm đơn vị của {}.", unit.name)),
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    let planned = store.plan_inspections(actor, &items).await?;
    for i in &planned {
        let prepare =
            if i.prepare.is_empty() { String::new() } else { format!(" Đề nghị chuẩn bị: {}", i.prepare) };
        let body = format!(
            "Đoàn {} kiểm tra công tác CCHC của đơn vị từ {} đến {}.{prepare}",
            i.team,
            i.date_from.format("%d/%m/%Y"),
            i.date_to.format("%d/%m/%Y")
        );
        super::notify_unit(
            store,
            format!("inspection:plan:{}", i.id),
            i.unit_id,
            today,
            format!("Kế hoạch kiểm tra công tác CCHC năm {}", i.year),
            body,
            format!("/inspections/{}", i.id),
        )
        .await;
    }
    Ok(planned)
}
