//! Plan queries: documents with their areas, targets and tasks, and import drafts.

use async_trait::async_trait;
use cchc_domain::plan::{AreaScope, DocumentId, PlanArea, PlanContent, Source, TaskId};
use cchc_domain::text::search_key;
use cchc_domain::user::{Actor, UserId};
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::audit::like_escape;
use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{ImportDraft, NewInstance, StoredDocument, TargetRecord, TaskFilter, TaskRecord};
use crate::traits_plans::PlanStore;

mod rows;
mod write;

use rows::{json, to_json, TargetDb, TaskDb, TASK_COLS};
pub(super) use rows::{DocDb, DOC_COLS};
use write::insert_content;

pub(super) async fn fetch_doc(ex: &mut Tx, id: i64) -> StoreResult<StoredDocument> {
    let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE d.id = $1");
    let r: Option<DocDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **ex).await?;
    r.ok_or(StoreError::NotFound("văn bản"))?.try_into()
}

/// What the audit log records of a document (its content is in the plan tables).
pub(super) fn summary(d: &StoredDocument) -> serde_json::Value {
    serde_json::json!({
        "label": d.meta.label(), "sha256": d.meta.sha256, "file_name": d.meta.file_name,
        "version": d.version, "tasks": d.task_count, "targets": d.target_count, "active": d.active,
    })
}

/// Inserts a document (a revision when `replaces` is set) with its content and instances inside
/// the caller's transaction; returns it, its audit events and the new task ids in content order.
/// With `owner`, the document is that unit's own plan (its identity is within the unit).
pub(super) async fn insert_document(
    tx: &mut Tx,
    actor: &Actor,
    c: &PlanContent,
    replaces: Option<DocumentId>,
    instances: &[Vec<NewInstance>],
    owner: Option<cchc_domain::unit::UnitId>,
) -> StoreResult<(StoredDocument, Vec<crate::model::AuditEvent>, Vec<i64>)> {
    let mut audit = Vec::new();
    let mut version = 1;
    if let Some(old) = replaces {
        let before = fetch_doc(tx, old).await?;
        if !before.active {
            return Err(StoreError::Conflict("phiên bản này đã được thay thế trước đó".into()));
        }
        if before.owner_unit_id != owner {
            return Err(StoreError::Conflict("văn bản được thay thế thuộc về đơn vị khác".into()));
        }
        sqlx::query("UPDATE documents SET active = FALSE WHERE id = $1").bind(old).execute(&mut **tx).await?;
        let after = fetch_doc(tx, old).await?;
        audit.push(event("plan.supersede", "document", old, Some(&summary(&before)), Some(&summary(&after))));
        version = before.version + 1;
    }
    let m = &c.meta;
    let identity = match owner {
        Some(u) => cchc_domain::unit_plan::identity(u, m),
        None => m.identity(),
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (kind, number, doc_date, issuer, title, plan_year, province_id, file_name, format, \
         sha256, identity, version, replaces_id, active, warnings, imported_at, imported_by, owner_unit_id) VALUES \
         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, TRUE, $14, $15, $16, $17) RETURNING id",
    )
    .bind(m.kind.code())
    .bind(&m.number)
    .bind(m.date)
    .bind(&m.issuer)
    .bind(&m.title)
    .bind(m.plan_year.map(i64::from))
    .bind(m.province_id)
    .bind(&m.file_name)
    .bind(&m.format)
    .bind(&m.sha256)
    .bind(identity)
    .bind(version)
    .bind(replaces)
    .bind(to_json(&c.warnings))
    .bind(now())
    .bind(&actor.login)
    .bind(owner)
    .fetch_one(&mut **tx)
    .await?;
    let task_ids = insert_content(tx, id, c).await?;
    // Instances; with a revision, tasks keep the progress of the same code in the old version.
    let old_tasks: Vec<(i64, String)> = match replaces {
        Some(old) => {
            sqlx::query_as("SELECT id, code FROM tasks WHERE document_id = $1 ORDER BY position")
                .bind(old)
                .fetch_all(&mut **tx)
                .await?
        }
        None => Vec::new(),
    };
    let mut taken = vec![false; old_tasks.len()];
    for (i, task_id) in task_ids.iter().enumerate() {
        let code = &c.tasks[i].code;
        let prev =
            old_tasks.iter().enumerate().find(|(j, (_, oc))| !taken[*j] && oc == code).map(|(j, (oid, _))| (j, *oid));
        if let Some((j, _)) = prev {
            taken[j] = true;
        }
        let specs = instances.get(i).map(Vec::as_slice).unwrap_or(&[]);
        super::tracking::insert_instances(tx, *task_id, prev.map(|p| p.1), specs).await?;
    }
    let doc = fetch_doc(tx, id).await?;
    let action = if replaces.is_some() { "plan.revise" } else { "plan.import" };
    audit.push(event::<(), _>(action, "document", id, None, Some(&summary(&doc))));
    Ok((doc, audit, task_ids))
}

#[async_trait]
impl PlanStore for SqlStore {
    async fn save_plan(
        &self,
        actor: &Actor,
        c: &PlanContent,
        replaces: Option<DocumentId>,
        instances: &[Vec<NewInstance>],
    ) -> StoreResult<StoredDocument> {
        let mut tx = self.begin_write().await?;
        let (doc, audit, _) = insert_document(&mut tx, actor, c, replaces, instances, None).await?;
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(doc)
    }

    async fn document_by_sha(&self, sha256: &str) -> StoreResult<Option<StoredDocument>> {
        let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE d.sha256 = $1");
        let r: Option<DocDb> = sqlx::query_as(&sql).bind(sha256).fetch_optional(&self.read).await?;
        r.map(StoredDocument::try_from).transpose()
    }

    async fn active_document(&self, identity: &str) -> StoreResult<Option<StoredDocument>> {
        let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE d.identity = $1 AND d.active = TRUE");
        let r: Option<DocDb> = sqlx::query_as(&sql).bind(identity).fetch_optional(&self.read).await?;
        r.map(StoredDocument::try_from).transpose()
    }

    async fn list_documents(&self, include_inactive: bool) -> StoreResult<Vec<StoredDocument>> {
        let filter = if include_inactive { "" } else { " WHERE d.active = TRUE" };
        let sql = format!("SELECT {DOC_COLS} FROM documents d{filter} ORDER BY d.doc_date DESC, d.id DESC");
        let rows: Vec<DocDb> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(StoredDocument::try_from).collect()
    }

    async fn get_document(&self, id: DocumentId) -> StoreResult<StoredDocument> {
        let sql = format!("SELECT {DOC_COLS} FROM documents d WHERE d.id = $1");
        let r: Option<DocDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        r.ok_or(StoreError::NotFound("văn bản"))?.try_into()
    }

    async fn plan_content(&self, id: DocumentId) -> StoreResult<PlanContent> {
        let doc = self.get_document(id).await?;
        let warnings: String =
            sqlx::query_scalar("SELECT warnings FROM documents WHERE id = $1").bind(id).fetch_one(&self.read).await?;
        let areas: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT code, title, parent_code, scope FROM plan_areas WHERE document_id = $1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        let tasks = self.list_tasks(&TaskFilter { document_id: Some(id), ..Default::default() }).await?;
        let targets = self.list_targets(id).await?;
        Ok(PlanContent {
            meta: doc.meta,
            areas: areas
                .into_iter()
                .map(|(code, title, parent, scope)| {
                    let scope = AreaScope::parse(&scope).ok_or_else(|| corrupt("phạm vi lĩnh vực", &scope))?;
                    Ok(PlanArea { code, title, parent, scope, source: Source::default() })
                })
                .collect::<StoreResult<_>>()?,
            targets: targets.into_iter().map(|t| t.target).collect(),
            tasks: tasks.into_iter().map(|t| t.task).collect(),
            warnings: json("cảnh báo", &warnings)?,
        })
    }

    async fn list_tasks(&self, f: &TaskFilter) -> StoreResult<Vec<TaskRecord>> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new(format!("SELECT {TASK_COLS} FROM tasks WHERE 1 = 1"));
        push_task_filter(&mut q, f);
        q.push(" ORDER BY document_id, position");
        if let Some(l) = f.limit {
            q.push(" LIMIT ").push_bind(l);
        }
        if let Some(o) = f.offset {
            q.push(" OFFSET ").push_bind(o);
        }
        let rows: Vec<TaskDb> = q.build_query_as().fetch_all(&self.read).await?;
        rows.into_iter().map(TaskRecord::try_from).collect()
    }

    async fn count_tasks(&self, f: &TaskFilter) -> StoreResult<i64> {
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("SELECT COUNT(*) FROM tasks WHERE 1 = 1");
        push_task_filter(&mut q, f);
        Ok(q.build_query_scalar().fetch_one(&self.read).await?)
    }

    async fn get_task(&self, id: TaskId) -> StoreResult<TaskRecord> {
        let sql = format!("SELECT {TASK_COLS} FROM tasks WHERE id = $1");
        let r: Option<TaskDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        r.ok_or(StoreError::NotFound("nhiệm vụ"))?.try_into()
    }

    async fn list_targets(&self, document: DocumentId) -> StoreResult<Vec<TargetRecord>> {
        let rows: Vec<TargetDb> = sqlx::query_as(
            "SELECT id, document_id, code, area_code, text, target_text, target_values, monitoring, implementing, \
             source FROM targets WHERE document_id = $1 ORDER BY position",
        )
        .bind(document)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(TargetRecord::try_from).collect()
    }

    async fn create_draft(
        &self,
        actor: &Actor,
        owner: UserId,
        file_name: &str,
        sha256: &str,
        content: &str,
    ) -> StoreResult<i64> {
        let mut tx = self.begin_write().await?;
        let t = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO import_drafts (owner_id, file_name, sha256, content, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
        )
        .bind(owner)
        .bind(file_name)
        .bind(sha256)
        .bind(content)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "file_name": file_name, "sha256": sha256 });
        append_audit(&mut tx, actor, &[event::<(), _>("import.draft", "import_draft", id, None, Some(&after))]).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn get_draft(&self, id: i64) -> StoreResult<ImportDraft> {
        let r: Option<(i64, i64, String, String, String, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, owner_id, file_name, sha256, content, created_at, updated_at FROM import_drafts WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        let (id, owner_id, file_name, sha256, content, created_at, updated_at) =
            r.ok_or(StoreError::NotFound("bản nhập đang xem xét"))?;
        Ok(ImportDraft { id, owner_id, file_name, sha256, content, created_at, updated_at })
    }

    async fn update_draft(&self, actor: &Actor, id: i64, content: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let before: Option<String> = sqlx::query_scalar("SELECT content FROM import_drafts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let before = before.ok_or(StoreError::NotFound("bản nhập đang xem xét"))?;
        sqlx::query("UPDATE import_drafts SET content = $1, updated_at = $2 WHERE id = $3")
            .bind(content)
            .bind(now())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let (b, a): (serde_json::Value, serde_json::Value) = (
            serde_json::from_str(&before).unwrap_or(serde_json::Value::Null),
            serde_json::from_str(content).unwrap_or(serde_json::Value::Null),
        );
        append_audit(&mut tx, actor, &[event("import.edit", "import_draft", id, Some(&b), Some(&a))]).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn delete_draft(&self, actor: &Actor, id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let r = sqlx::query("DELETE FROM import_drafts WHERE id = $1").bind(id).execute(&mut *tx).await?;
        if r.rows_affected() > 0 {
            append_audit(&mut tx, actor, &[event::<(), ()>("import.discard", "import_draft", id, None, None)]).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn list_drafts(&self, owner: UserId) -> StoreResult<Vec<ImportDraft>> {
        let rows: Vec<(i64, i64, String, String, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, owner_id, file_name, sha256, created_at, updated_at FROM import_drafts WHERE owner_id = $1 \
             ORDER BY id DESC",
        )
        .bind(owner)
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, owner_id, file_name, sha256, created_at, updated_at)| ImportDraft {
                id,
                owner_id,
                file_name,
                sha256,
                content: String::new(),
                created_at,
                updated_at,
            })
            .collect())
    }
}

fn push_task_filter(q: &mut QueryBuilder<'_, super::Db>, f: &TaskFilter) {
    if let Some(d) = f.document_id {
        q.push(" AND document_id = ").push_bind(d);
    }
    if f.active_only {
        q.push(" AND document_id IN (SELECT id FROM documents WHERE active = TRUE)");
    }
    if let Some(u) = f.unit_id {
        q.push(" AND id IN (SELECT task_id FROM task_units WHERE unit_id = ").push_bind(u);
        if f.lead_only {
            q.push(" AND role = 'lead'");
        }
        q.push(")");
    }
    if let Some(r) = f.needs_review {
        q.push(" AND needs_review = ").push_bind(r);
    }
    // The query is a phrase that must start at a word: `so hoa` finds `số hóa`, not `rà soát … hoạt`.
    if let Some(phrase) = f.query.as_deref().map(search_key).filter(|p| !p.is_empty()) {
        q.push(" AND search_fold LIKE ").push_bind(format!("%{}%", like_escape(&phrase))).push(" ESCAPE '\\'");
    }
}
