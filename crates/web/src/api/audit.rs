//! The audit log through the API (administrators): the filters of the audit page, newest
//! first, paged by sequence number.

use axum::extract::{Query, State};
use axum::Json;
use cchc_storage::DynStore;

use super::auth::{Api, AuditRead};
use super::page::{encode, Page, PageQuery};
use super::problem::ApiResult;
use crate::auth::policy::AdminOnly;
use crate::pages::admin::AuditQuery;

crate::api_type! {
    /// One audit entry: who did what, when, before → after (JSON text).
    out AuditOut {
        seq: i64, at_ms: i64, actor_id: Option<i64>, actor: String, action: String, entity: String,
        entity_id: String, before: Option<String>, after: Option<String>, hash: String,
    }
}

/// GET `/api/v1/audit`: the cursor is the sequence number to continue below.
pub async fn list(
    _: Api<AdminOnly, AuditRead>,
    State(store): State<DynStore>,
    Query(q): Query<AuditQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<AuditOut>>> {
    let limit = page.limit()?;
    let before = page.after()?;
    let query = AuditQuery { before: (before > 0).then_some(before), ..q };
    let mut entries = store.list_audit(&query.filter(limit as i64 + 1)).await?;
    let more = entries.len() > limit;
    entries.truncate(limit);
    let next_cursor = if more { entries.last().map(|e| encode(e.seq)) } else { None };
    let items = entries
        .into_iter()
        .map(|e| AuditOut {
            seq: e.seq,
            at_ms: e.at_ms,
            actor_id: e.actor_id,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            entity_id: e.entity_id,
            before: e.before,
            after: e.after,
            hash: e.hash,
        })
        .collect();
    Ok(Json(Page { items, next_cursor }))
}
