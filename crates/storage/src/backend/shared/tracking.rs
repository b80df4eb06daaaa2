//! Task instance queries: lists and counts (scoped by unit), actions with their history and
//! evidence, event occurrences, reassignment after a reorganisation.

use async_trait::async_trait;
use cchc_domain::text::search_key;
use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

use super::audit::like_escape;
use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{
    EvidenceRecord, InstanceFilter, InstanceRecord, InstanceSort, NewEvidence, NewInstance, NewTaskEvent, StateCounts,
    TaskEventRecord,
};
use crate::traits_tracking::TrackingStore;

const INSTANCE_COLS: &str = "i.id, i.task_id, t.document_id, t.code AS task_code, t.title AS task_title, \
     t.area_code AS area, i.key, i.label, i.period_start, i.period_end, i.due, i.lead_unit_id, i.state, i.percent, \
     i.reported_done_on, i.accepted_on, i.return_reason, i.updated_on, i.completion, i.event_on, i.version, \
     (SELECT x.text FROM task_actors x WHERE x.task_id = i.task_id AND x.role = 'lead' ORDER BY x.position LIMIT 1) \
     AS lead_external, \
     (SELECT COUNT(*) FROM task_actors x WHERE x.task_id = i.task_id AND x.role = 'lead') AS lead_external_count";

#[derive(sqlx::FromRow)]
struct InstanceDb {
    id: i64,
    task_id: i64,
    document_id: i64,
    task_code: String,
    task_title: String,
    area: Option<String>,
    key: String,
    label: String,
    period_start: Option<NaiveDate>,
    period_end: Option<NaiveDate>,
    due: Option<NaiveDate>,
    lead_unit_id: Option<i64>,
    state: String,
    percent: Option<i64>,
    reported_done_on: Option<NaiveDate>,
    accepted_on: Option<NaiveDate>,
    return_reason: Option<String>,
    updated_on: Option<NaiveDate>,
    completion: Option<String>,
    event_on: Option<NaiveDate>,
    version: i64,
    lead_external: Option<String>,
    lead_external_count: i64,
}

impl TryFrom<InstanceDb> for InstanceRecord {
    type Error = StoreError;
    fn try_from(r: InstanceDb) -> Result<Self, StoreError> {
        let state = TaskState::parse(&r.state).ok_or_else(|| corrupt("trạng thái", &r.state))?;
        Ok(InstanceRecord {
            id: r.id,
            task_id: r.task_id,
            document_id: r.document_id,
            task_code: r.task_code,
            task_title: r.task_title,
            area: r.area,
            key: r.key,
            label: r.label,
            period_start: r.period_start,
            period_end: r.period_end,
            due: r.due,
            lead_unit_id: r.lead_unit_id,
            progress: TaskProgress {
                state,
                percent: r.percent.and_then(|p| u8::try_from(p).ok()),
                reported_done_on: r.reported_done_on,
                accepted_on: r.accepted_on,
                return_reason: r.return_reason,
                updated_on: r.updated_on,
            },
            completion: r.completion,
            event_on: r.event_on,
            version: r.version,
            lead_external: r.lead_external.map(|first| match r.lead_external_count {
                n if n > 1 => format!("{first} (và {} cơ quan khác)", n - 1),
                _ => first,
            }),
        })
    }
}

/// Open states: not yet accepted and not awaiting review.
pub(super) const OPEN_STATES: &str = "('not_started', 'in_progress', 'awaiting_signoff', 'returned')";

pub(super) fn push_filter(q: &mut QueryBuilder<'_, super::Db>, f: &InstanceFilter) {
    if let Some(u) = f.unit_id {
        q.push(" AND (i.lead_unit_id = ").push_bind(u);
        if !f.lead_only {
            q.push(" OR i.task_id IN (SELECT task_id FROM task_units WHERE role = 'coordinating' AND unit_id = ")
                .push_bind(u)
                .push(")");
        }
        q.push(")");
    }
    if let Some(d) = f.document_id {
        q.push(" AND t.document_id = ").push_bind(d);
    }
    if let Some(t) = f.task_id {
        q.push(" AND i.task_id = ").push_bind(t);
    }
    if f.active_only {
        q.push(" AND t.document_id IN (SELECT id FROM documents WHERE active = TRUE)");
    }
    if !f.states.is_empty() {
        q.push(" AND i.state IN (");
        let mut sep = q.separated(", ");
        for s in &f.states {
            sep.push_bind(s.code());
        }
        q.push(")");
    }
    if let Some(d) = f.due_from {
        q.push(" AND i.due >= ").push_bind(d);
    }
    if let Some(d) = f.due_to {
        q.push(" AND i.due <= ").push_bind(d);
    }
    if let Some(d) = f.overdue_on {
        q.push(" AND i.due < ").push_bind(d).push(format!(" AND i.state IN {OPEN_STATES}"));
    }
    if let Some(a) = &f.area {
        q.push(" AND t.area_code = ").push_bind(a.clone());
    }
    if let Some(p) = f.query.as_deref().map(search_key).filter(|p| !p.is_empty()) {
        q.push(" AND t.search_fold LIKE ").push_bind(format!("%{}%", like_escape(&p))).push(" ESCAPE '\\'");
    }
}

async fn fetch_instance(tx: &mut Tx, id: i64) -> StoreResult<InstanceRecord> {
    let sql = format!("SELECT {INSTANCE_COLS} FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE i.id = $1");
    let r: Option<InstanceDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("nhiệm vụ"))?.try_into()
}

/// Inserts the instances of a new task, taking over the progress of the same instances of the
/// task it replaces (same key and lead unit), so a revision keeps what units reported.
pub(super) async fn insert_instances(
    tx: &mut Tx,
    task_id: i64,
    replaces_task: Option<i64>,
    specs: &[NewInstance],
) -> StoreResult<()> {
    for s in specs {
        if let Some(old) = replaces_task {
            let moved = sqlx::query(
                "UPDATE task_instances SET task_id = $1, label = $2, period_start = $3, period_end = $4, \
                 due = COALESCE(due, $5), version = version + 1 WHERE task_id = $6 AND key = $7 AND \
                 ((lead_unit_id IS NULL AND $8 IS NULL) OR lead_unit_id = $8)",
            )
            .bind(task_id)
            .bind(&s.label)
            .bind(s.period_start)
            .bind(s.period_end)
            .bind(s.due)
            .bind(old)
            .bind(&s.key)
            .bind(s.lead_unit_id)
            .execute(&mut **tx)
            .await?;
            if moved.rows_affected() > 0 {
                continue;
            }
        }
        sqlx::query(
            "INSERT INTO task_instances (task_id, key, label, period_start, period_end, due, lead_unit_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(task_id)
        .bind(&s.key)
        .bind(&s.label)
        .bind(s.period_start)
        .bind(s.period_end)
        .bind(s.due)
        .bind(s.lead_unit_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

const EVIDENCE_COLS: &str =
    "id, token, instance_id, event_id, unit_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

#[derive(sqlx::FromRow)]
struct EvidenceDb {
    id: i64,
    token: String,
    instance_id: i64,
    event_id: Option<i64>,
    unit_id: Option<i64>,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
}

impl From<EvidenceDb> for EvidenceRecord {
    fn from(r: EvidenceDb) -> Self {
        EvidenceRecord {
            id: r.id,
            token: r.token,
            instance_id: r.instance_id,
            event_id: r.event_id,
            unit_id: r.unit_id,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        }
    }
}

/// 32 random bytes as hex from the operating system's generator.
pub(super) fn random_token() -> StoreResult<String> {
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rngs::OsRng
        .try_fill_bytes(&mut b)
        .map_err(|e| StoreError::Other(format!("không tạo được mã ngẫu nhiên: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

#[async_trait]
impl TrackingStore for SqlStore {
    async fn list_instances(&self, f: &InstanceFilter) -> StoreResult<Vec<InstanceRecord>> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new(format!(
            "SELECT {INSTANCE_COLS} FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE 1 = 1"
        ));
        push_filter(&mut q, f);
        q.push(match f.sort {
            InstanceSort::Due => " ORDER BY i.due IS NULL, i.due, t.document_id, t.position, i.key, i.id",
            InstanceSort::DueDesc => " ORDER BY i.due IS NULL, i.due DESC, t.document_id, t.position, i.key, i.id",
            InstanceSort::Plan => " ORDER BY t.document_id, t.position, i.due, i.key, i.id",
            InstanceSort::Unit => {
                " ORDER BY (SELECT u.name FROM units u WHERE u.id = i.lead_unit_id) IS NULL, \
                 (SELECT u.name FROM units u WHERE u.id = i.lead_unit_id), i.due, t.position, i.id"
            }
            InstanceSort::State => {
                " ORDER BY CASE i.state WHEN 'not_started' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'returned' THEN 2 \
                 WHEN 'awaiting_signoff' THEN 3 WHEN 'reported_done' THEN 4 ELSE 5 END, i.due IS NULL, i.due, t.position, i.id"
            }
        });
        if let Some(l) = f.limit {
            q.push(" LIMIT ").push_bind(l);
        }
        if let Some(o) = f.offset {
            q.push(" OFFSET ").push_bind(o);
        }
        let rows: Vec<InstanceDb> = q.build_query_as().fetch_all(&self.read).await?;
        rows.into_iter().map(InstanceRecord::try_from).collect()
    }

    async fn count_instances(&self, f: &InstanceFilter) -> StoreResult<i64> {
        let mut q: QueryBuilder<super::Db> =
            QueryBuilder::new("SELECT COUNT(*) FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE 1 = 1");
        push_filter(&mut q, f);
        Ok(q.build_query_scalar().fetch_one(&self.read).await?)
    }

    async fn state_counts(&self, f: &InstanceFilter, today: NaiveDate) -> StoreResult<StateCounts> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("SELECT i.state, COUNT(*), SUM(CASE WHEN i.due < ");
        q.push_bind(today).push(format!(
            " AND i.state IN {OPEN_STATES} THEN 1 ELSE 0 END) FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE 1 = 1"
        ));
        push_filter(&mut q, f);
        q.push(" GROUP BY i.state");
        let rows: Vec<(String, i64, Option<i64>)> = q.build_query_as().fetch_all(&self.read).await?;
        let mut c = StateCounts::default();
        for (state, n, overdue) in rows {
            c.total += n;
            c.overdue += overdue.unwrap_or(0);
            match TaskState::parse(&state) {
                Some(TaskState::NotStarted) => c.not_started += n,
                // A claim waiting for the unit head's sign-off is still in progress for the office.
                Some(TaskState::InProgress | TaskState::AwaitingSignoff) => c.in_progress += n,
                Some(TaskState::ReportedDone) => c.reported_done += n,
                Some(TaskState::Accepted) => c.accepted += n,
                Some(TaskState::Returned) => c.returned += n,
                None => return Err(corrupt("trạng thái", &state)),
            }
        }
        Ok(c)
    }

    async fn get_instance(&self, id: i64) -> StoreResult<InstanceRecord> {
        let sql =
            format!("SELECT {INSTANCE_COLS} FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE i.id = $1");
        let r: Option<InstanceDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        r.ok_or(StoreError::NotFound("nhiệm vụ"))?.try_into()
    }

    #[allow(clippy::too_many_arguments)] // the parts of one transaction, each named
    async fn apply_action(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        p: &TaskProgress,
        completion: Option<&str>,
        ev: &NewTaskEvent,
        evidence: &[NewEvidence],
    ) -> StoreResult<InstanceRecord> {
        let mut tx = self.begin_write().await?;
        let before = fetch_instance(&mut tx, id).await?;
        let changed = sqlx::query(
            "UPDATE task_instances SET state = $1, percent = $2, reported_done_on = $3, accepted_on = $4, \
             return_reason = $5, updated_on = $6, completion = $7, version = version + 1 WHERE id = $8 AND version = $9",
        )
        .bind(p.state.code())
        .bind(p.percent.map(i64::from))
        .bind(p.reported_done_on)
        .bind(p.accepted_on)
        .bind(&p.return_reason)
        .bind(p.updated_on)
        .bind(completion)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict(
                "nhiệm vụ vừa được người khác cập nhật; vui lòng tải lại trang và thực hiện lại".into(),
            ));
        }
        let at = now();
        let event_id: i64 = sqlx::query_scalar(
            "INSERT INTO task_events (instance_id, at, actor_id, actor, unit_id, action, note, percent, outputs, \
             state_after, evidence_refs) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(id)
        .bind(at)
        .bind(actor.user_id)
        .bind(&actor.login)
        .bind(ev.unit_id)
        .bind(&ev.action)
        .bind(&ev.note)
        .bind(ev.percent.map(i64::from))
        .bind(&ev.outputs)
        .bind(p.state.code())
        .bind(ev.evidence_refs.join("\n"))
        .fetch_one(&mut *tx)
        .await?;
        let mut files = Vec::new();
        for e in evidence {
            let token = random_token()?;
            let eid: i64 = sqlx::query_scalar(
                "INSERT INTO evidence (token, instance_id, event_id, unit_id, file_name, content_type, size, sha256, \
                 uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
            )
            .bind(&token)
            .bind(id)
            .bind(event_id)
            .bind(ev.unit_id)
            .bind(&e.file_name)
            .bind(&e.content_type)
            .bind(e.bytes.len() as i64)
            .bind(&e.sha256)
            .bind(&actor.login)
            .bind(at)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query("INSERT INTO evidence_blobs (evidence_id, content) VALUES ($1, $2)")
                .bind(eid)
                .bind(&e.bytes)
                .execute(&mut *tx)
                .await?;
            files.push(serde_json::json!({ "file_name": e.file_name, "sha256": e.sha256, "size": e.bytes.len() }));
        }
        let after = fetch_instance(&mut tx, id).await?;
        let detail = serde_json::json!({
            "state": after.progress.state.code(), "percent": after.progress.percent, "note": ev.note,
            "outputs": ev.outputs, "return_reason": after.progress.return_reason, "evidence": files,
        });
        let before_json =
            serde_json::json!({ "state": before.progress.state.code(), "percent": before.progress.percent });
        append_audit(
            &mut tx,
            actor,
            &[event(&format!("task.{}", ev.action), "task_instance", id, Some(&before_json), Some(&detail))],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn instance_events(&self, instance: i64) -> StoreResult<Vec<TaskEventRecord>> {
        let rows: Vec<EventRow> = sqlx::query_as(&format!("{EVENT_COLUMNS} WHERE instance_id = $1 ORDER BY id"))
            .bind(instance)
            .fetch_all(&self.read)
            .await?;
        Ok(rows.into_iter().map(event_record).collect())
    }

    async fn latest_done_events(&self, instances: &[i64]) -> StoreResult<Vec<TaskEventRecord>> {
        if instances.is_empty() {
            return Ok(Vec::new());
        }
        let wanted: std::collections::HashSet<i64> = instances.iter().copied().collect();
        let rows: Vec<EventRow> = sqlx::query_as(&format!(
            "{EVENT_COLUMNS} WHERE id IN (SELECT MAX(id) FROM task_events WHERE action = 'report_done' \
             GROUP BY instance_id)"
        ))
        .fetch_all(&self.read)
        .await?;
        Ok(rows.into_iter().filter(|r| wanted.contains(&r.1)).map(event_record).collect())
    }

    async fn instance_evidence(&self, instance: i64) -> StoreResult<Vec<EvidenceRecord>> {
        let sql = format!("SELECT {EVIDENCE_COLS} FROM evidence WHERE instance_id = $1 ORDER BY id");
        let rows: Vec<EvidenceDb> = sqlx::query_as(&sql).bind(instance).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(EvidenceRecord::from).collect())
    }

    async fn evidence_by_token(&self, token: &str) -> StoreResult<Option<(EvidenceRecord, Vec<u8>)>> {
        let sql = format!("SELECT {EVIDENCE_COLS} FROM evidence WHERE token = $1");
        let r: Option<EvidenceDb> = sqlx::query_as(&sql).bind(token).fetch_optional(&self.read).await?;
        let Some(r) = r else { return Ok(None) };
        let bytes: Vec<u8> = sqlx::query_scalar("SELECT content FROM evidence_blobs WHERE evidence_id = $1")
            .bind(r.id)
            .fetch_one(&self.read)
            .await?;
        Ok(Some((r.into(), bytes)))
    }

    async fn record_event_occurrence(
        &self,
        actor: &Actor,
        id: i64,
        occurred_on: NaiveDate,
        due: Option<NaiveDate>,
    ) -> StoreResult<InstanceRecord> {
        let mut tx = self.begin_write().await?;
        let before = fetch_instance(&mut tx, id).await?;
        sqlx::query("UPDATE task_instances SET event_on = $1, due = $2, version = version + 1 WHERE id = $3")
            .bind(occurred_on)
            .bind(due)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = fetch_instance(&mut tx, id).await?;
        let b = serde_json::json!({ "event_on": before.event_on, "due": before.due });
        let a = serde_json::json!({ "event_on": after.event_on, "due": after.due });
        append_audit(&mut tx, actor, &[event("task.event", "task_instance", id, Some(&b), Some(&a))]).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn reassign_instances(&self, actor: &Actor, moves: &[(i64, UnitId)]) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let mut audit = Vec::new();
        for (id, unit) in moves {
            let before = fetch_instance(&mut tx, *id).await?;
            sqlx::query("UPDATE task_instances SET lead_unit_id = $1, version = version + 1 WHERE id = $2")
                .bind(unit)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            let b = serde_json::json!({ "lead_unit_id": before.lead_unit_id });
            let a = serde_json::json!({ "lead_unit_id": unit });
            audit.push(event("task.reassign", "task_instance", id, Some(&b), Some(&a)));
        }
        if !audit.is_empty() {
            append_audit(&mut tx, actor, &audit).await?;
        }
        tx.commit().await?;
        Ok(moves.len())
    }
}

type EventRow = (i64, i64, DateTime<Utc>, String, Option<i64>, String, String, Option<i64>, String, String, String);

const EVENT_COLUMNS: &str = "SELECT id, instance_id, at, actor, unit_id, action, note, percent, outputs, state_after, \
                             evidence_refs FROM task_events";

fn event_record(r: EventRow) -> TaskEventRecord {
    let (id, instance_id, at, actor, unit_id, action, note, percent, outputs, state_after, refs) = r;
    TaskEventRecord {
        id,
        instance_id,
        at,
        actor,
        unit_id,
        action,
        note,
        percent,
        outputs,
        state_after,
        evidence_refs: refs.lines().map(str::to_string).filter(|r| !r.is_empty()).collect(),
    }
}
