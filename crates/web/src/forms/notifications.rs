//! Marking notifications read: one (refused as not found outside the user's scope) or all.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_storage::DynStore;

use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::redirect_with_flash;
use crate::error::AppResult;
use crate::form::FormData;
use crate::pages::notifications::scope_of;

/// Where to go after the post: a path inside the application, else the list.
fn next_of(f: &FormData) -> String {
    let next = f.get("next");
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/notifications".into()
    }
}

/// POST `/notifications/{id}/read`.
pub async fn read(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    store.mark_notification_read(&auth.actor(), scope_of(&auth), id).await?;
    Ok(redirect_with_flash(&next_of(&f), "Đã đánh dấu thông báo là đã đọc."))
}

/// POST `/notifications/read-all`.
pub async fn read_all(auth: Require<AnyUser>, State(store): State<DynStore>, f: FormData) -> AppResult<Response> {
    let n = store.mark_all_notifications_read(&auth.actor(), scope_of(&auth)).await?;
    Ok(redirect_with_flash(&next_of(&f), &format!("Đã đánh dấu {n} thông báo là đã đọc.")))
}
