//! Administration pages: accounts and the audit log.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_domain::role::Role;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{AuditFilter, UnitFilter};
use cchc_storage::DynStore;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::policy::AdminOnly;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::form::parse_date;
use crate::i18n::Lang;
use crate::render::vn_offset;
use crate::views::{today, unit_options};

#[derive(Serialize)]
struct UserRow {
    id: i64,
    login: String,
    full_name: String,
    email: String,
    role_label: &'static str,
    unit: Option<String>,
    active: bool,
}

fn role_label(r: Role, lang: Lang) -> &'static str {
    if lang == Lang::En {
        r.label_en()
    } else {
        r.label_vi()
    }
}

/// GET `/admin/users`.
pub async fn users(ctx: Ctx, _: Require<AdminOnly>, State(store): State<DynStore>) -> AppResult<Response> {
    let units = store.all_units().await?;
    let rows: Vec<UserRow> = store
        .list_users()
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            unit: u.unit_id.and_then(|id| units.iter().find(|x| x.id == id)).map(|x| x.name.clone()),
            role_label: role_label(u.role, ctx.req.lang),
            login: u.login,
            full_name: u.full_name,
            email: u.email,
            active: u.active,
        })
        .collect();
    Ok(ctx.render("admin/users.html", context! { users => rows }))
}

/// Role options and current units for the user form.
pub async fn user_form(
    ctx: &Ctx,
    store: &DynStore,
    id: Option<i64>,
    values: std::collections::BTreeMap<String, String>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let roles: Vec<(&str, &str)> = Role::ALL.iter().map(|r| (r.code(), role_label(*r, ctx.req.lang))).collect();
    let units = unit_options(&store.list_units(&UnitFilter { active_on: Some(today()), ..Default::default() }).await?);
    Ok(ctx.render("admin/user_form.html", context! { id, values, errors => errors.0, roles, units }))
}

/// GET `/admin/users/new`.
pub async fn new_user(ctx: Ctx, _: Require<AdminOnly>, State(store): State<DynStore>) -> AppResult<Response> {
    let mut values = std::collections::BTreeMap::new();
    values.insert("active".to_string(), "on".to_string());
    user_form(&ctx, &store, None, values, FieldErrors::default()).await
}

/// GET `/admin/users/{id}`.
pub async fn edit_user(
    ctx: Ctx,
    _: Require<AdminOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let u = store.get_user(id).await?;
    let mut values = std::collections::BTreeMap::new();
    values.insert("login".to_string(), u.login);
    values.insert("full_name".to_string(), u.full_name);
    values.insert("email".to_string(), u.email);
    values.insert("role".to_string(), u.role.code().to_string());
    values.insert("unit_id".to_string(), u.unit_id.map(|x| x.to_string()).unwrap_or_default());
    if u.active {
        values.insert("active".to_string(), "on".to_string());
    }
    user_form(&ctx, &store, Some(id), values, FieldErrors::default()).await
}

/// The audit filter as typed in the page (also used by the exports).
#[derive(Debug, Deserialize, Default, Serialize, Clone)]
pub struct AuditQuery {
    #[serde(default)]
    pub actor: String,
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub entity: String,
    #[serde(default)]
    pub entity_id: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// `1`: include what scheduled jobs did (left out by default).
    #[serde(default)]
    pub system: String,
    pub before: Option<i64>,
}

impl AuditQuery {
    /// The store filter; dates are whole days in Vietnam's time.
    pub fn filter(&self, limit: i64) -> AuditFilter {
        let day_ms = |s: &str, plus_days: i64| {
            parse_date(s)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .and_then(|t| t.and_local_timezone(vn_offset()).single())
                .map(|t| t.timestamp_millis() + plus_days * 86_400_000)
        };
        let opt = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        AuditFilter {
            actor: opt(&self.actor),
            action: opt(&self.action),
            entity: opt(&self.entity),
            entity_id: opt(&self.entity_id),
            from_ms: day_ms(&self.from, 0),
            to_ms: day_ms(&self.to, 1),
            before_seq: self.before,
            people_only: self.system != "1",
            limit: Some(limit),
        }
    }
}

/// Audit entries with the name of their action, and the actor's full name where known.
fn labelled(entries: Vec<cchc_domain::audit::AuditEntry>) -> Vec<minijinja::Value> {
    entries
        .into_iter()
        .map(|e| context! { label => crate::audit_labels::label(&e.action), ..minijinja::Value::from_serialize(&e) })
        .collect()
}

/// GET `/admin/audit`: filterable, newest first, 50 per page.
pub async fn audit(
    ctx: Ctx,
    _: Require<AdminOnly>,
    State(store): State<DynStore>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    const PAGE: i64 = 50;
    let entries = store.list_audit(&q.filter(PAGE + 1)).await?;
    let more = entries.len() as i64 > PAGE;
    let entries: Vec<_> = entries.into_iter().take(PAGE as usize).collect();
    let next_before = if more { entries.last().map(|e| e.seq) } else { None };
    let qs = serde_urlencoded::to_string(AuditQuery { before: None, ..q.clone() }).unwrap_or_default();
    let entries = labelled(entries);
    Ok(ctx.render(
        "admin/audit.html",
        context! { entries, q, next_before, qs, areas => crate::audit_labels::AREAS, verify => minijinja::Value::from(()) },
    ))
}

/// GET `/admin/audit/verify`: walks the chain, checks it against the heads published in the
/// anchor file (when there is one), and shows the result on the audit page.
pub async fn verify(
    ctx: Ctx,
    _: Require<AdminOnly>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
) -> AppResult<Response> {
    use cchc_app::backup::anchor;
    let verify = match anchor::read(&config.backup.anchor_in(&config.data_dir)) {
        Err(e) => context! { ok => false, message => format!("Không kiểm tra được theo mốc đã công bố: {e}.") },
        Ok(anchors) => match store.verify_audit_anchored(&anchor::heads(&anchors)).await? {
            Ok(n) => context! { ok => true, message => format!("Chuỗi nhật ký nguyên vẹn: {n} mục đã được kiểm tra.") },
            Err(e) => context! { ok => false, message => format!("Phát hiện can thiệp: {e}.") },
        },
    };
    let entries = store.list_audit(&AuditFilter { limit: Some(50), people_only: true, ..Default::default() }).await?;
    let entries = labelled(entries);
    Ok(ctx.render(
        "admin/audit.html",
        context! {
            entries, q => AuditQuery::default(), next_before => minijinja::Value::from(()), qs => "",
            areas => crate::audit_labels::AREAS, verify,
        },
    ))
}
