//! Integrity reads for `cchc check` (see [`crate::traits_check`]).

use async_trait::async_trait;

use super::SqlStore;
use crate::error::StoreResult;
use crate::traits_check::{BlobTable, CheckStore, DocumentFacts, StoredBlob};

#[derive(sqlx::FromRow)]
struct DocRow {
    id: i64,
    active: bool,
    identity: String,
    tasks: i64,
    targets: i64,
    instances: i64,
    audit_after: Option<String>,
}

#[async_trait]
impl CheckStore for SqlStore {
    async fn document_facts(&self) -> StoreResult<Vec<DocumentFacts>> {
        let rows: Vec<DocRow> = sqlx::query_as(
            "SELECT d.id, d.active, d.identity, \
             (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS tasks, \
             (SELECT COUNT(*) FROM targets g WHERE g.document_id = d.id) AS targets, \
             (SELECT COUNT(*) FROM task_instances i JOIN tasks t ON t.id = i.task_id WHERE t.document_id = d.id) \
               AS instances, \
             (SELECT a.after FROM audit_log a WHERE a.entity = 'document' AND a.entity_id = CAST(d.id AS TEXT) \
               AND a.action IN ('plan.import', 'plan.revise') ORDER BY a.seq LIMIT 1) AS audit_after \
             FROM documents d ORDER BY d.id",
        )
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|r| DocumentFacts {
                id: r.id,
                active: r.active,
                identity: r.identity,
                tasks: r.tasks,
                targets: r.targets,
                instances: r.instances,
                audit_after: r.audit_after,
            })
            .collect())
    }

    async fn stored_blobs(&self, table: BlobTable, after_id: i64, limit: i64) -> StoreResult<Vec<StoredBlob>> {
        let sql = match table {
            BlobTable::Evidence => {
                "SELECT e.id, e.size, e.sha256, b.content FROM evidence e \
                 LEFT JOIN evidence_blobs b ON b.evidence_id = e.id WHERE e.id > $1 ORDER BY e.id LIMIT $2"
            }
            BlobTable::ReportFiles => {
                "SELECT id, size, sha256, content FROM report_files WHERE id > $1 ORDER BY id LIMIT $2"
            }
            BlobTable::ParEvidence => {
                "SELECT id, size, sha256, content FROM par_evidence WHERE id > $1 ORDER BY id LIMIT $2"
            }
        };
        let rows: Vec<(i64, i64, String, Option<Vec<u8>>)> =
            sqlx::query_as(sql).bind(after_id).bind(limit).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(|(id, size, sha256, content)| StoredBlob { id, size, sha256, content }).collect())
    }

    async fn dossiers_beyond_head(&self) -> StoreResult<i64> {
        let n: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM kpi_dossiers WHERE rev > (SELECT rev FROM kpi_head WHERE id = 1)")
                .fetch_one(&self.read)
                .await?;
        Ok(n)
    }
}
