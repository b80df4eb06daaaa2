//! Reading and verifying the audit chain (appending lives in the parent module, inside the
//! transaction of each change).

use async_trait::async_trait;
use cchc_domain::audit::{AuditEntry, ChainBreak, ChainHead, ChainVerifier};
use cchc_domain::user::Actor;
use sqlx::QueryBuilder;

use super::{append_audit, event, SqlStore};
use crate::error::StoreResult;
use crate::model::{AuditEvent, AuditFilter};
use crate::traits::AuditStore;

const AUDIT_COLS: &str = "seq, at_ms, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash";

#[derive(sqlx::FromRow)]
struct AuditDb {
    seq: i64,
    at_ms: i64,
    actor_id: Option<i64>,
    actor: String,
    action: String,
    entity: String,
    entity_id: String,
    before: Option<String>,
    after: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<AuditDb> for AuditEntry {
    fn from(r: AuditDb) -> Self {
        AuditEntry {
            seq: r.seq,
            at_ms: r.at_ms,
            actor_id: r.actor_id,
            actor: r.actor,
            action: r.action,
            entity: r.entity,
            entity_id: r.entity_id,
            before: r.before,
            after: r.after,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Escapes `%`, `_` and the escape character itself for a `LIKE … ESCAPE '\'` pattern.
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// How many entries `verify_audit` reads per query.
const VERIFY_PAGE: i64 = 5_000;

#[async_trait]
impl AuditStore for SqlStore {
    async fn record_event(&self, actor: &Actor, ev: &AuditEvent) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        append_audit(&mut tx, actor, std::slice::from_ref(ev)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn list_audit(&self, f: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let mut q: QueryBuilder<super::Db> =
            QueryBuilder::new(format!("SELECT {AUDIT_COLS} FROM audit_log WHERE 1 = 1"));
        if f.people_only {
            q.push(" AND actor <> 'system'");
        }
        if let Some(a) = &f.actor {
            q.push(" AND actor = ").push_bind(a.clone());
        }
        if let Some(a) = &f.action {
            q.push(" AND action LIKE ").push_bind(format!("{}%", like_escape(a))).push(" ESCAPE '\\'");
        }
        if let Some(e) = &f.entity {
            q.push(" AND entity = ").push_bind(e.clone());
        }
        if let Some(e) = &f.entity_id {
            q.push(" AND entity_id = ").push_bind(e.clone());
        }
        if let Some(t) = f.from_ms {
            q.push(" AND at_ms >= ").push_bind(t);
        }
        if let Some(t) = f.to_ms {
            q.push(" AND at_ms < ").push_bind(t);
        }
        if let Some(s) = f.before_seq {
            q.push(" AND seq < ").push_bind(s);
        }
        q.push(" ORDER BY seq DESC LIMIT ").push_bind(f.limit.unwrap_or(100).clamp(1, 100_000));
        let rows: Vec<AuditDb> = q.build_query_as().fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(AuditEntry::from).collect())
    }

    async fn verify_audit_anchored(&self, anchors: &[ChainHead]) -> StoreResult<Result<i64, ChainBreak>> {
        // The head and the extent of the log in one statement (one snapshot on both backends):
        // entries appended while we walk are beyond this head and ignored, but a row beyond
        // it now, or one numbered below 1, was put there by hand.
        let (head_seq, head_hash, max_seq, min_seq): (i64, String, Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT h.seq, h.hash, (SELECT MAX(seq) FROM audit_log), (SELECT MIN(seq) FROM audit_log) \
             FROM audit_head h WHERE h.id = 1",
        )
        .fetch_one(&self.read)
        .await?;
        if let Some(min) = min_seq.filter(|m| *m < 1) {
            return Ok(Err(ChainBreak::Broken { seq: min }));
        }
        if max_seq.is_some_and(|m| m > head_seq) {
            return Ok(Err(ChainBreak::Broken { seq: head_seq + 1 }));
        }
        let mut v = ChainVerifier::with_anchors(anchors);
        let mut after = 0i64;
        let sql = format!("SELECT {AUDIT_COLS} FROM audit_log WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3");
        loop {
            let rows: Vec<AuditDb> =
                sqlx::query_as(&sql).bind(after).bind(head_seq).bind(VERIFY_PAGE).fetch_all(&self.read).await?;
            let Some(last) = rows.last().map(|r| r.seq) else { break };
            for r in rows {
                if let Err(e) = v.push(&r.into()) {
                    return Ok(Err(e));
                }
            }
            after = last;
        }
        let head = (head_seq > 0).then_some((head_seq, head_hash.as_str()));
        Ok(v.finish(head))
    }

    async fn audit_head(&self) -> StoreResult<ChainHead> {
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.read).await?;
        Ok(ChainHead { seq, hash })
    }

    async fn claim_job(&self, actor: &Actor, key: &str) -> StoreResult<bool> {
        let mut tx = self.begin_write().await?;
        let taken: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'job' AND entity_id = $1 AND action = 'job.claim'",
        )
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
        if taken > 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        let after = serde_json::json!({ "key": key });
        append_audit(&mut tx, actor, &[event("job.claim", "job", key, None::<&()>, Some(&after))]).await?;
        tx.commit().await?;
        Ok(true)
    }
}
