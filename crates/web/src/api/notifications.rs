//! Notifications through the API: the same scope as the page (unit staff see their unit's
//! and their own; everyone else their own), and marking one read.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use super::auth::{Api, TasksRead, TasksWrite};
use super::page::{by_key, Page, PageQuery};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::pages::notifications::scope_of;
use crate::state::AppState;

crate::api_type! {
    /// A notification.
    out NotificationOut {
        id: i64, unit_id: Option<i64>, kind: String, title: String, body: String, link: String,
        created_at: DateTime<Utc>, read_at: Option<DateTime<Utc>>,
    }
}

/// `?unread=1`.
#[derive(Debug, Deserialize, Default)]
pub struct UnreadQuery {
    #[serde(default)]
    pub unread: String,
}

/// How many notifications a list reads at most (the page shows 200).
const MAX: i64 = 5000;

/// GET `/api/v1/notifications`: oldest first so that cursors stay stable.
pub async fn list(
    auth: Api<AnyUser, TasksRead>,
    State(state): State<AppState>,
    Query(q): Query<UnreadQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<NotificationOut>>> {
    let rows = state.store.list_notifications(scope_of(&auth), !q.unread.is_empty(), MAX).await?;
    let mut items: Vec<NotificationOut> = rows
        .into_iter()
        .map(|n| NotificationOut {
            id: n.id,
            unit_id: n.unit_id,
            kind: n.kind,
            title: n.title,
            body: n.body,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        })
        .collect();
    items.sort_by_key(|n| n.id);
    Ok(Json(by_key(items, &page, |n| n.id)?))
}

/// POST `/api/v1/notifications/{id}/read` (idempotent).
pub async fn read(
    auth: Api<AnyUser, TasksWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    state.store.mark_notification_read(&auth.actor(), scope_of(&auth), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
