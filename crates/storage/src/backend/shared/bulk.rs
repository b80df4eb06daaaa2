//! Bulk writes: multi-row statements in one transaction, one audit entry per batch with the
//! counts the store wrote. Used to build a synthetic province for load and benchmark work.

use std::collections::HashMap;

use async_trait::async_trait;
use cchc_domain::review::ReviewState;
use cchc_domain::text::{fold, search_key};
use cchc_domain::tracking::{TimelinessRules, UnitTally};
use cchc_domain::unit::{UnitId, UnitInput};
use cchc_domain::user::Actor;
use chrono::NaiveDate;
use sqlx::QueryBuilder;

use super::{append_audit, event, join_list, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::{InstanceFilter, StateCounts};
use crate::traits_bulk::{BulkChange, BulkCounts, BulkProgress, BulkReport, BulkStore, BulkUnit};

/// Rows per multi-row statement: well under SQLite's 32,766 and PostgreSQL's 65,535
/// parameters for the widest row written here (12 columns).
const CHUNK: usize = 1_000;

fn unit_input(u: &BulkUnit) -> UnitInput {
    UnitInput {
        code: u.code.clone(),
        kind: Some(u.kind),
        parent_id: None,
        name: u.name.clone(),
        abbreviations: u.abbreviations.clone(),
        aliases: u.aliases.clone(),
        valid_from: u.valid_from,
        valid_to: u.valid_to,
        note: u.note.clone(),
    }
}

/// The one audit entry of a batch.
fn batch_event(action: &str, entity: &str, counts: serde_json::Value) -> crate::model::AuditEvent {
    event::<(), _>(action, entity, "batch", None, Some(&counts))
}

#[async_trait]
impl BulkStore for SqlStore {
    async fn bulk_units(
        &self,
        actor: &Actor,
        action: &str,
        units: &[BulkUnit],
        changes: &[BulkChange],
    ) -> StoreResult<Vec<UnitId>> {
        let mut tx = self.begin_write().await?;
        let at = now();
        for chunk in units.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> = QueryBuilder::new(
                "INSERT INTO units (code, kind, name, name_fold, abbreviations, aliases, search_fold, valid_from, \
                 valid_to, note, updated_at) ",
            );
            q.push_values(chunk, |mut b, u| {
                b.push_bind(u.code.clone())
                    .push_bind(u.kind.code())
                    .push_bind(u.name.clone())
                    .push_bind(fold(&u.name))
                    .push_bind(join_list(&u.abbreviations))
                    .push_bind(join_list(&u.aliases))
                    .push_bind(super::units::search_fold(&unit_input(u)))
                    .push_bind(u.valid_from)
                    .push_bind(u.valid_to)
                    .push_bind(u.note.clone())
                    .push_bind(at);
            });
            q.build().execute(&mut *tx).await?;
        }
        let all: Vec<(i64, String)> = sqlx::query_as("SELECT id, code FROM units").fetch_all(&mut *tx).await?;
        let ids: HashMap<String, i64> = all.into_iter().map(|(id, code)| (code, id)).collect();
        let id_of = |code: &str| {
            ids.get(code).copied().ok_or_else(|| StoreError::Invalid(format!("mã đơn vị «{code}» không tồn tại")))
        };
        let mut parents = Vec::new();
        for u in units {
            if let Some(p) = &u.parent_code {
                parents.push((id_of(&u.code)?, id_of(p)?));
            }
        }
        for chunk in parents.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> = QueryBuilder::new("UPDATE units SET parent_id = v.column2 FROM (");
            q.push_values(chunk, |mut b, (id, parent)| {
                b.push_bind(*id).push_bind(*parent);
            });
            q.push(") AS v WHERE units.id = v.column1");
            q.build().execute(&mut *tx).await?;
        }
        let mut links = Vec::new();
        for c in changes {
            let change: i64 = sqlx::query_scalar(
                "INSERT INTO unit_changes (kind, effective, note, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
            )
            .bind(c.kind.code())
            .bind(c.effective)
            .bind(&c.note)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            for p in &c.predecessors {
                links.push((change, id_of(p)?, "from"));
            }
            for s in &c.successors {
                links.push((change, id_of(s)?, "to"));
            }
        }
        for chunk in links.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> =
                QueryBuilder::new("INSERT INTO unit_change_links (change_id, unit_id, side) ");
            q.push_values(chunk, |mut b, (change, unit, side)| {
                b.push_bind(*change).push_bind(*unit).push_bind(*side);
            });
            q.build().execute(&mut *tx).await?;
        }
        let counts = serde_json::json!({ "units": units.len(), "changes": changes.len(), "links": links.len() });
        append_audit(&mut tx, actor, &[batch_event(action, "unit", counts)]).await?;
        tx.commit().await?;
        units.iter().map(|u| id_of(&u.code)).collect()
    }

    async fn bulk_progress(&self, actor: &Actor, action: &str, rows: &[BulkProgress]) -> StoreResult<BulkCounts> {
        let mut tx = self.begin_write().await?;
        let mut updated = 0;
        for chunk in rows.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> = QueryBuilder::new(
                "UPDATE task_instances SET state = v.column2, percent = v.column3, reported_done_on = v.column4, \
                 accepted_on = v.column5, return_reason = v.column6, updated_on = v.column7, completion = v.column8, \
                 event_on = v.column9, due = COALESCE(v.column10, task_instances.due), version = v.column11 FROM (",
            );
            q.push_values(chunk, |mut b, r| {
                let p = &r.progress;
                b.push_bind(r.instance_id)
                    .push_bind(p.state.code())
                    .push_bind(p.percent.map(i64::from))
                    .push_bind(p.reported_done_on)
                    .push_bind(p.accepted_on)
                    .push_bind(p.return_reason.clone())
                    .push_bind(p.updated_on)
                    .push_bind(r.completion.clone())
                    .push_bind(r.event_on)
                    .push_bind(r.due)
                    .push_bind(r.events.len() as i64);
            });
            q.push(") AS v WHERE task_instances.id = v.column1");
            updated += q.build().execute(&mut *tx).await?.rows_affected();
        }
        if updated != rows.len() as u64 {
            return Err(StoreError::NotFound("nhiệm vụ"));
        }
        let events: Vec<(i64, &crate::traits_bulk::BulkTaskEvent)> =
            rows.iter().flat_map(|r| r.events.iter().map(move |e| (r.instance_id, e))).collect();
        for chunk in events.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> = QueryBuilder::new(
                "INSERT INTO task_events (instance_id, at, actor, unit_id, action, note, percent, outputs, state_after) ",
            );
            q.push_values(chunk, |mut b, (instance, e)| {
                b.push_bind(*instance)
                    .push_bind(e.at)
                    .push_bind(e.actor.clone())
                    .push_bind(e.unit_id)
                    .push_bind(e.action.clone())
                    .push_bind(e.note.clone())
                    .push_bind(e.percent.map(i64::from))
                    .push_bind(e.outputs.clone())
                    .push_bind(e.state_after.clone());
            });
            q.build().execute(&mut *tx).await?;
        }
        let counts = BulkCounts { rows: updated, details: events.len() as u64 };
        let audit = serde_json::json!({ "instances": counts.rows, "events": counts.details });
        append_audit(&mut tx, actor, &[batch_event(action, "task_instance", audit)]).await?;
        tx.commit().await?;
        Ok(counts)
    }

    async fn bulk_reports(&self, actor: &Actor, action: &str, rows: &[BulkReport]) -> StoreResult<BulkCounts> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let mut inserted = 0;
        for chunk in rows.chunks(CHUNK) {
            let mut q: QueryBuilder<super::Db> = QueryBuilder::new(
                "INSERT INTO unit_reports (unit_id, period_key, kind, status, narrative, search_fold, submitted_on, \
                 submitted_by, reviewed_on, return_reason, updated_at, version) ",
            );
            q.push_values(chunk, |mut b, r| {
                // Versions as the report's own actions would leave them: save, submit, review.
                let version = match r.status {
                    ReviewState::Draft => 0,
                    ReviewState::AwaitingSignoff | ReviewState::Submitted => 1,
                    ReviewState::Returned | ReviewState::Accepted => 2,
                };
                b.push_bind(r.unit_id)
                    .push_bind(r.period_key.clone())
                    .push_bind(r.kind.clone())
                    .push_bind(r.status.code())
                    .push_bind(r.narrative.clone())
                    .push_bind(search_key(&r.narrative))
                    .push_bind(r.submitted_on)
                    .push_bind(r.submitted_by.clone())
                    .push_bind(r.reviewed_on)
                    .push_bind(r.return_reason.clone())
                    .push_bind(at)
                    .push_bind(version as i64);
            });
            inserted += q.build().execute(&mut *tx).await?.rows_affected();
        }
        let counts = BulkCounts { rows: inserted, details: 0 };
        append_audit(&mut tx, actor, &[batch_event(action, "report", serde_json::json!({ "reports": inserted }))])
            .await?;
        tx.commit().await?;
        Ok(counts)
    }

    async fn has_data(&self) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM units LIMIT 1) u) + (SELECT COUNT(*) FROM (SELECT 1 FROM users \
             LIMIT 1) s) + (SELECT COUNT(*) FROM (SELECT 1 FROM documents LIMIT 1) d)",
        )
        .fetch_one(&self.read)
        .await?;
        Ok(n > 0)
    }

    async fn data_version(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT seq FROM audit_head WHERE id = 1").fetch_one(&self.read).await?)
    }

    async fn state_counts_by_document(
        &self,
        f: &InstanceFilter,
        today: NaiveDate,
    ) -> StoreResult<Vec<(i64, StateCounts)>> {
        super::aggregate::state_counts_by_document(&self.read, f, today).await
    }

    async fn state_counts_by_area(
        &self,
        f: &InstanceFilter,
        today: NaiveDate,
    ) -> StoreResult<Vec<(i64, String, StateCounts)>> {
        super::aggregate::state_counts_by_area(&self.read, f, today).await
    }

    async fn on_time_tallies(
        &self,
        f: &InstanceFilter,
        from: NaiveDate,
        to: NaiveDate,
        today: NaiveDate,
        rules: &TimelinessRules,
    ) -> StoreResult<Vec<(UnitId, UnitTally)>> {
        super::aggregate::on_time_tallies(&self.read, f, from, to, today, rules).await
    }
}
