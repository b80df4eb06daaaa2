//! The notifications page: what was sent to the user (and, for unit staff, to their unit),
//! newest first, with buttons to mark them read; and the unread count of the header.

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_storage::traits_notify::{NotificationRecord, NotifyScope};
use cchc_storage::DynStore;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require, Scope};
use crate::ctx::Ctx;
use crate::error::AppResult;

/// Whose notifications the user sees: unit staff their unit's and their own, everyone else
/// their own. Every notification query and action goes through this.
pub fn scope_of(auth: &Auth) -> NotifyScope {
    match auth.scope() {
        Scope::Unit(unit) if unit > 0 => NotifyScope::Unit { unit, user: auth.user.id },
        _ => NotifyScope::User(auth.user.id),
    }
}

/// The header's unread count; `None` (no badge) when it cannot be read, so pages still render.
pub async fn unread(store: &DynStore, auth: &Auth) -> Option<i64> {
    match store.unread_notifications(scope_of(auth)).await {
        Ok(n) => Some(n),
        Err(e) => {
            tracing::warn!(error = %e, "unread notifications not counted");
            None
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub unread: String,
}

#[derive(Serialize)]
struct NotificationView<'a> {
    id: i64,
    kind: &'a str,
    title: &'a str,
    lines: Vec<&'a str>,
    link: &'a str,
    created: String,
    read: bool,
}

fn view(n: &NotificationRecord) -> NotificationView<'_> {
    // Only links inside the application are followed.
    let link = if n.link.starts_with('/') && !n.link.starts_with("//") { n.link.as_str() } else { "" };
    NotificationView {
        id: n.id,
        kind: &n.kind,
        title: &n.title,
        lines: n.body.lines().collect(),
        link,
        created: cchc_domain::vn_time::local(n.created_at).format("%d/%m/%Y %H:%M").to_string(),
        read: n.read_at.is_some(),
    }
}

/// GET `/notifications` (`?unread=1`: unread only).
pub async fn list(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let unread_only = q.unread == "1";
    let items = store.list_notifications(scope_of(&auth), unread_only, 200).await?;
    let views: Vec<NotificationView> = items.iter().map(view).collect();
    let any_unread = views.iter().any(|v| !v.read);
    Ok(ctx.render("notifications/list.html", context! { items => views, unread_only, any_unread }))
}
