//! Units' own plans: stored like the province's documents (with an owner unit) plus the links
//! from their tasks to the province tasks they implement, and the unit's plan report.

use async_trait::async_trait;
use cchc_domain::plan::{DocumentId, TaskId};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::Datelike;

use super::plans::{insert_document, DocDb, DOC_COLS};
use super::{append_audit, event, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{AuditEvent, StoredDocument};
use crate::traits_unit_plans::{PlanReport, UnitPlanLink, UnitPlanSave, UnitPlanStore};

/// Replaces the links of one unit-plan task; refuses province tasks that are not tasks of an
/// active province document. Returns the audit event when something changed.
async fn put_links(tx: &mut Tx, task: TaskId, province_tasks: &[TaskId]) -> StoreResult<Option<AuditEvent>> {
    let mut wanted: Vec<TaskId> = province_tasks.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    for p in &wanted {
        let ok: Option<i64> = sqlx::query_scalar(
            "SELECT t.id FROM tasks t JOIN documents d ON d.id = t.document_id \
             WHERE t.id = $1 AND d.active = TRUE AND d.owner_unit_id IS NULL",
        )
        .bind(p)
        .fetch_optional(&mut **tx)
        .await?;
        if ok.is_none() {
            return Err(StoreError::Invalid(format!(
                "nhiệm vụ {p} không phải nhiệm vụ của kế hoạch đang hiệu lực của tỉnh"
            )));
        }
    }
    let before: Vec<i64> =
        sqlx::query_scalar("SELECT province_task_id FROM unit_plan_links WHERE task_id = $1 ORDER BY province_task_id")
            .bind(task)
            .fetch_all(&mut **tx)
            .await?;
    if before == wanted {
        return Ok(None);
    }
    sqlx::query("DELETE FROM unit_plan_links WHERE task_id = $1").bind(task).execute(&mut **tx).await?;
    for p in &wanted {
        sqlx::query("INSERT INTO unit_plan_links (task_id, province_task_id) VALUES ($1, $2)")
            .bind(task)
            .bind(p)
            .execute(&mut **tx)
            .await?;
    }
    let (b, a) = (serde_json::json!({ "province_tasks": before }), serde_json::json!({ "province_tasks": wanted }));
    Ok(Some(event("unit_plan.link", "task", task, Some(&b), Some(&a))))
}

/// Saves and submits the unit's plan report unless it is already sent (or waiting for its
/// head): a revised plan does not reopen a submitted report.
async fn submit_report(tx: &mut Tx, actor: &Actor, unit: UnitId, r: &PlanReport) -> StoreResult<Vec<AuditEvent>> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM unit_reports WHERE unit_id = $1 AND period_key = $2")
            .bind(unit)
            .bind(&r.period_key)
            .fetch_optional(&mut **tx)
            .await?;
    let editable = status.as_deref().and_then(cchc_domain::review::ReviewState::parse).is_none_or(|s| s.is_editable());
    if !editable {
        return Ok(Vec::new());
    }
    let (report, ev) = super::report_save::draft(tx, unit, &r.period_key, "plan", &r.narrative).await?;
    let (_, sub) = super::report_save::submit(tx, &actor.login, report.id, report.version, r.on, r.mode).await?;
    Ok(vec![ev, sub])
}

#[async_trait]
impl UnitPlanStore for SqlStore {
    async fn save_unit_plan(&self, actor: &Actor, s: &UnitPlanSave) -> StoreResult<StoredDocument> {
        let mut tx = self.begin_write().await?;
        let (doc, mut audit, task_ids) =
            insert_document(&mut tx, actor, &s.content, s.replaces, &s.instances, Some(s.owner)).await?;
        for (i, task) in task_ids.iter().enumerate() {
            if let Some(ev) = put_links(&mut tx, *task, s.links.get(i).map(Vec::as_slice).unwrap_or(&[])).await? {
                audit.push(ev);
            }
        }
        if let Some(r) = &s.report {
            audit.extend(submit_report(&mut tx, actor, s.owner, r).await?);
        }
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(doc)
    }

    async fn unit_plans(&self, unit: Option<UnitId>, year: i32) -> StoreResult<Vec<StoredDocument>> {
        let of_unit = if unit.is_some() { "d.owner_unit_id = $1" } else { "d.owner_unit_id IS NOT NULL" };
        let sql = format!(
            "SELECT {DOC_COLS} FROM documents d WHERE d.active = TRUE AND {of_unit} ORDER BY d.owner_unit_id, d.id"
        );
        let mut q = sqlx::query_as::<_, DocDb>(&sql);
        if let Some(u) = unit {
            q = q.bind(u);
        }
        let rows: Vec<DocDb> = q.fetch_all(&self.read).await?;
        let docs = rows.into_iter().map(StoredDocument::try_from).collect::<StoreResult<Vec<_>>>()?;
        Ok(docs.into_iter().filter(|d| d.meta.plan_year.or(d.meta.date.map(|x| x.year())) == Some(year)).collect())
    }

    async fn unit_plan_links(&self, document: DocumentId) -> StoreResult<Vec<UnitPlanLink>> {
        let rows: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT l.task_id, l.province_task_id FROM unit_plan_links l JOIN tasks t ON t.id = l.task_id \
             WHERE t.document_id = $1 ORDER BY t.position, l.province_task_id",
        )
        .bind(document)
        .fetch_all(&self.read)
        .await?;
        Ok(rows.into_iter().map(|(task_id, province_task_id)| UnitPlanLink { task_id, province_task_id }).collect())
    }

    async fn set_unit_plan_links(&self, actor: &Actor, task: TaskId, province_tasks: &[TaskId]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let owner: Option<Option<i64>> = sqlx::query_scalar(
            "SELECT d.owner_unit_id FROM tasks t JOIN documents d ON d.id = t.document_id \
             WHERE t.id = $1 AND d.active = TRUE",
        )
        .bind(task)
        .fetch_optional(&mut *tx)
        .await?;
        match owner {
            None => return Err(StoreError::NotFound("nhiệm vụ")),
            Some(None) => return Err(StoreError::Invalid("nhiệm vụ này không thuộc kế hoạch của đơn vị".into())),
            Some(Some(_)) => {}
        }
        if let Some(ev) = put_links(&mut tx, task, province_tasks).await? {
            append_audit(&mut tx, actor, &[ev]).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
