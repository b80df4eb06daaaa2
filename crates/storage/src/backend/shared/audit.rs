//! Reading and verifying the audit chain (appending lives in the parent module, inside the
//! transaction of each change).

use async_trait::async_trait;
use cchc_domain::audit::{AuditEntry, ChainBreak, ChainVerifier};
use cchc_domain::user::Actor;
use sqlx::QueryBuilder;

use super::{append_audit, SqlStore};
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

    async fn verify_audit(&self) -> StoreResult<Result<i64, ChainBreak>> {
        // Read the head first: entries appended while we walk are beyond it and ignored.
        let (head_seq, head_hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&self.read).await?;
        let mut v = ChainVerifier::default();
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
}
