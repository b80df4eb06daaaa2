//! Units' own annual CCHC plans (seeds 001 and 003: each agency issues its plan by a due date
//! set per unit kind). A unit imports its plan through the same importer as the province's
//! (or types its tasks), each task is led by the unit (or one of its own sub-units), linked to
//! the province tasks it implements (suggested, then chosen by the unit), and confirming the
//! plan submits the unit's plan report of the year. [`coverage`] checks that every province
//! task assigned to the unit appears in its plan.

pub mod coverage;

use cchc_domain::plan::{Assignment, PlanContent, TaskId};
use cchc_domain::role::Role;
use cchc_domain::unit::{Unit, UnitId};
use cchc_domain::unit_plan::{suggest, ProvinceTask};
use cchc_domain::user::{Actor, UserId};
use cchc_storage::model::{StoredDocument, TaskRecord};
use cchc_storage::traits_unit_plans::{PlanReport, UnitPlanSave};
use cchc_storage::{Store, StoreError};
use chrono::{Datelike, NaiveDate};

use crate::accounts::ServiceError;
use crate::plans::{read_upload, Draft, DraftError, Stored};

/// The year a unit plan is for: its plan year, else its date's year, else `today`'s.
pub fn plan_year(content: &PlanContent, today: NaiveDate) -> i32 {
    content.meta.plan_year.or(content.meta.date.map(|d| d.year())).unwrap_or(today.year())
}

/// Makes every task the unit's own: a lead that names the unit or one of its sub-units stays;
/// anything else (a division not in the registry, another agency, a group) becomes the unit
/// itself, so the task is tracked as the unit's and never fans out to other units.
pub fn own_leads(content: &mut PlanContent, unit: &Unit, units: &[Unit]) {
    let inside = |id: UnitId| id == unit.id || units.iter().any(|u| u.id == id && u.parent_id == Some(unit.id));
    for t in &mut content.tasks {
        let ids: Vec<UnitId> = t.lead.unit_ids.iter().copied().filter(|id| inside(*id)).collect();
        if ids.is_empty() {
            t.lead = Assignment {
                text: t.lead.text.clone(),
                unit_ids: vec![unit.id],
                names: vec![unit.name.clone()],
                unresolved: Vec::new(),
                groups: Vec::new(),
                external: Vec::new(),
            };
        } else {
            let names = units.iter().filter(|u| ids.contains(&u.id)).map(|u| u.name.clone()).collect();
            t.lead = Assignment {
                text: t.lead.text.clone(),
                unit_ids: ids,
                names,
                unresolved: Vec::new(),
                groups: Vec::new(),
                external: Vec::new(),
            };
        }
    }
}

/// Suggested links for every task of a unit plan (`[i]` for `content.tasks[i]`).
pub fn suggest_links(content: &PlanContent, assigned: &[TaskRecord]) -> Vec<Vec<TaskId>> {
    let province: Vec<ProvinceTask> = assigned
        .iter()
        .map(|r| ProvinceTask {
            id: r.id,
            code: r.task.code.clone(),
            area: r.task.area.clone(),
            title: r.task.title.clone(),
        })
        .collect();
    content
        .tasks
        .iter()
        .map(|t| {
            let mut text = t.objective.clone().unwrap_or_default();
            for a in &t.activities {
                text.push(' ');
                text.push_str(&a.text);
            }
            text.push(' ');
            text.push_str(&t.outputs.join(" "));
            suggest(&t.title, &text, &province).into_iter().map(|s| s.province_task).collect()
        })
        .collect()
}

/// Reads a unit's upload (a file, or tasks typed as text) into a draft owned by `user` for
/// `unit`: leads made the unit's own, links suggested. Returns the draft's id.
#[allow(clippy::too_many_arguments)]
pub async fn draft_from_upload(
    store: &dyn Store,
    actor: &Actor,
    user: UserId,
    unit: UnitId,
    file_name: &str,
    bytes: Vec<u8>,
    limit: usize,
    today: NaiveDate,
) -> Result<i64, DraftError> {
    let (mut content, summary) = read_upload(store, file_name, bytes, limit).await?;
    if content.tasks.is_empty() {
        return Err(DraftError::Unreadable {
            file: file_name.to_string(),
            message: "không tìm thấy nhiệm vụ nào (cần một bảng nhiệm vụ, mỗi dòng một nhiệm vụ có số thứ tự)".into(),
        });
    }
    let year = plan_year(&content, today);
    content.meta.plan_year = Some(year);
    let units = store.all_units().await.map_err(ServiceError::from)?;
    let owner = units.iter().find(|u| u.id == unit).ok_or(ServiceError::Store(StoreError::NotFound("đơn vị")))?;
    own_leads(&mut content, owner, &units);
    let assigned = coverage::assigned_tasks(store, unit, year).await?;
    let links = suggest_links(&content, &assigned);
    let draft = Draft { content, summary, owner_unit: Some(unit), links };
    Ok(crate::plans::keep_draft(store, actor, user, file_name, &draft).await?)
}

/// Keeps only links to province tasks assigned to the unit for the plan's year (a stale or
/// forged id is dropped rather than stored).
pub fn keep_assigned(links: &[Vec<TaskId>], assigned: &[TaskRecord]) -> Vec<Vec<TaskId>> {
    links.iter().map(|l| l.iter().copied().filter(|id| assigned.iter().any(|a| a.id == *id)).collect()).collect()
}

/// Stores a reviewed unit plan (or its revision) with its links, and submits the unit's plan
/// report of the year (sent to the head first when a focal point confirms and sign-off is
/// required), all in one transaction. The same file again changes nothing.
pub async fn confirm(
    store: &dyn Store,
    actor: &Actor,
    role: Role,
    unit: UnitId,
    draft: &Draft,
    today: NaiveDate,
) -> Result<Stored, ServiceError> {
    let content = &draft.content;
    if let Some(d) = store.document_by_sha(&content.meta.sha256).await? {
        if d.owner_unit_id == Some(unit) {
            return Ok(Stored::Unchanged { document: d });
        }
        return Err(ServiceError::Store(StoreError::Conflict(format!(
            "tệp này đã được nhập là văn bản khác ({}); không dùng làm kế hoạch của đơn vị được",
            d.meta.label()
        ))));
    }
    // One plan per unit and year: whatever its number, a new upload revises the unit's plan.
    let year = plan_year(content, today);
    let current = plan_of(store, unit, year).await?;
    if let Some(c) = &current {
        let stored = store.plan_content(c.id).await?;
        if cchc_domain::plan::diff(&stored, content).is_empty() {
            return Ok(Stored::Unchanged { document: c.clone() });
        }
    }
    let assigned = coverage::assigned_tasks(store, unit, year).await?;
    let links = keep_assigned(&draft.links, &assigned);
    let cfg = crate::tracking::config(store).await?;
    let days = crate::workdays::calendar(store).await?;
    let (units, changes) = (store.all_units().await?, store.list_changes(None).await?);
    let registry = crate::tracking::Registry { units: &units, changes: &changes };
    let instances = crate::tracking::instances_for(content, &cfg, &days, registry, today);
    let covered = cchc_domain::unit_plan::coverage(
        &assigned.iter().map(|a| a.id).collect::<Vec<_>>(),
        &links.iter().flatten().map(|p| (0, *p)).collect::<Vec<_>>(),
    );
    let narrative = format!(
        "Kế hoạch CCHC năm {year} của đơn vị: {} ({} nhiệm vụ; thực hiện {}/{} nhiệm vụ tỉnh giao).",
        content.meta.label(),
        content.tasks.len(),
        covered.covered,
        covered.total
    );
    let mode = crate::reports::submit_mode(&cfg, role, crate::reports::unit_has_head(store, unit).await?);
    let save = UnitPlanSave {
        owner: unit,
        content: content.clone(),
        replaces: current.as_ref().map(|c| c.id),
        instances,
        links,
        report: Some(PlanReport { period_key: crate::reports::plan_key(year), narrative, on: today, mode }),
    };
    let document = store.save_unit_plan(actor, &save).await?;
    Ok(match current {
        Some(old) => Stored::Revised { document, replaced: Box::new(old) },
        None => Stored::Created { document },
    })
}

/// The unit's active plan of `year`, if it sent one.
pub async fn plan_of(store: &dyn Store, unit: UnitId, year: i32) -> Result<Option<StoredDocument>, ServiceError> {
    Ok(store.unit_plans(Some(unit), year).await?.into_iter().next())
}

#[cfg(test)]
mod tests;
