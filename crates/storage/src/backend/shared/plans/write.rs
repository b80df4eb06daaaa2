//! Writing a plan's content: areas, targets and tasks with their units and outside actors.

use cchc_domain::plan::{Assignment, PlanContent, PlanTask};
use cchc_domain::text::{fold, search_key};

use super::super::Tx;
use super::rows::to_json;
use crate::error::StoreResult;

pub(super) fn task_search(t: &PlanTask) -> String {
    let mut s = format!("{} {} {} {}", t.code, t.title, t.lead.text, t.coordinating.text);
    for a in &t.activities {
        s.push(' ');
        s.push_str(&a.text);
    }
    s.push(' ');
    s.push_str(&t.outputs.join(" "));
    search_key(&s)
}

pub(super) async fn link_units(
    tx: &mut Tx,
    table: &str,
    key: &str,
    id: i64,
    a: &Assignment,
    role: &str,
) -> StoreResult<()> {
    let sql = format!("INSERT INTO {table} ({key}, unit_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING");
    for u in &a.unit_ids {
        sqlx::query(&sql).bind(id).bind(u).bind(role).execute(&mut **tx).await?;
    }
    Ok(())
}

/// Keeps the actors outside the province a task cell names, in the cell's order.
pub(super) async fn link_actors(tx: &mut Tx, task: i64, a: &Assignment, role: &str) -> StoreResult<()> {
    for (i, e) in a.external.iter().enumerate() {
        sqlx::query(
            "INSERT INTO task_actors (task_id, role, position, text, code, name, kind) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(task)
        .bind(role)
        .bind(i as i64)
        .bind(&e.text)
        .bind(&e.code)
        .bind(&e.name)
        .bind(&e.kind)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Inserts areas, targets and tasks; returns the task ids in content order.
pub(super) async fn insert_content(tx: &mut Tx, doc: i64, c: &PlanContent) -> StoreResult<Vec<i64>> {
    let mut task_ids = Vec::with_capacity(c.tasks.len());
    for (i, a) in c.areas.iter().enumerate() {
        sqlx::query(
            "INSERT INTO plan_areas (document_id, position, code, title, parent_code, scope) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(doc)
        .bind(i as i64)
        .bind(&a.code)
        .bind(&a.title)
        .bind(&a.parent)
        .bind(a.scope.code())
        .execute(&mut **tx)
        .await?;
    }
    for (i, t) in c.targets.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO targets (document_id, position, code, area_code, text, target_text, target_values, \
             monitoring, implementing, source, search_fold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(doc)
        .bind(i as i64)
        .bind(&t.code)
        .bind(&t.area)
        .bind(&t.text)
        .bind(&t.target_text)
        .bind(to_json(&t.values))
        .bind(to_json(&t.monitoring))
        .bind(to_json(&t.implementing))
        .bind(t.source.label())
        .bind(fold(&format!("{} {}", t.code, t.text)))
        .fetch_one(&mut **tx)
        .await?;
        link_units(tx, "target_units", "target_id", id, &t.monitoring, "monitoring").await?;
        link_units(tx, "target_units", "target_id", id, &t.implementing, "implementing").await?;
    }
    for (i, t) in c.tasks.iter().enumerate() {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO tasks (document_id, position, code, parent_code, area_code, objective, title, activities, \
             outputs, lead, coordinating, deadline, deadline_kind, due_date, budget, budget_million, source, \
             needs_review, search_fold) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
             $16, $17, $18, $19) RETURNING id",
        )
        .bind(doc)
        .bind(i as i64)
        .bind(&t.code)
        .bind(&t.parent)
        .bind(&t.area)
        .bind(&t.objective)
        .bind(&t.title)
        .bind(to_json(&t.activities))
        .bind(to_json(&t.outputs))
        .bind(to_json(&t.lead))
        .bind(to_json(&t.coordinating))
        .bind(to_json(&t.deadline))
        .bind(t.deadline.kind.code())
        .bind(t.deadline.due)
        .bind(to_json(&t.budget))
        .bind(t.budget.million_vnd)
        .bind(t.source.label())
        .bind(t.lead.needs_review() || t.coordinating.needs_review())
        .bind(task_search(t))
        .fetch_one(&mut **tx)
        .await?;
        link_units(tx, "task_units", "task_id", id, &t.lead, "lead").await?;
        link_units(tx, "task_units", "task_id", id, &t.coordinating, "coordinating").await?;
        link_actors(tx, id, &t.lead, "lead").await?;
        link_actors(tx, id, &t.coordinating, "coordinating").await?;
        task_ids.push(id);
    }
    Ok(task_ids)
}
