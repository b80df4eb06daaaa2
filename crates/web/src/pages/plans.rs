//! Plan pages: the imported documents, one document's tasks and targets, the upload form, and
//! the review of an upload before it is stored.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::plans::{compare, Draft};
use cchc_domain::plan::DocumentKind;
use cchc_storage::model::TaskFilter;
use cchc_storage::DynStore;
use minijinja::context;
use serde::Deserialize;

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::{Auth, Require};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;

fn kind_label(k: DocumentKind, lang: Lang) -> &'static str {
    if lang == Lang::En {
        k.label_en()
    } else {
        k.label_vi()
    }
}

/// GET `/plans`: documents, newest first; the office also sees its drafts under review.
pub async fn list(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    let docs = store.list_documents(true).await?;
    let rows: Vec<_> = docs
        .iter()
        .map(|d| context! { doc => d, kind_label => kind_label(d.meta.kind, ctx.req.lang), label => d.meta.label() })
        .collect();
    let drafts = if auth.is_office() { store.list_drafts(auth.user.id).await? } else { Vec::new() };
    let drafts: Vec<_> = drafts
        .iter()
        .map(|d| context! { id => d.id, file_name => d.file_name, created_ms => d.created_at.timestamp_millis() })
        .collect();
    Ok(ctx.render("plans/list.html", context! { docs => rows, drafts }))
}

#[derive(Debug, Deserialize, Default)]
pub struct ShowQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub review: Option<String>,
}

/// GET `/plans/{id}`: one document with its targets and tasks.
pub async fn show(
    ctx: Ctx,
    _: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> AppResult<Response> {
    let doc = store.get_document(id).await?;
    let query = cchc_domain::text::clean(&q.q);
    let review = q.review.as_deref().is_some_and(|v| !v.is_empty());
    let filter = TaskFilter {
        document_id: Some(id),
        query: (!query.is_empty()).then(|| query.clone()),
        needs_review: review.then_some(true),
        ..Default::default()
    };
    let tasks = store.list_tasks(&filter).await?;
    let content = store.plan_content(id).await?;
    let targets = store.list_targets(id).await?;
    // The index-766 indicator measuring each target, and the choices the office has.
    let links = cchc_app::attainment::measured::links(store.as_ref()).await?;
    let identity = doc.meta.identity();
    let measured_by: std::collections::HashMap<String, String> = targets
        .iter()
        .filter_map(|t| {
            links.get(&(identity.clone(), t.target.code.clone())).map(|i| (t.target.code.clone(), i.clone()))
        })
        .collect();
    let indicators = cchc_app::attainment::measured::choices(store.as_ref()).await?;
    // What the wording of each unlinked target suggests, among the indicators that exist.
    let suggested: std::collections::HashMap<String, &str> = targets
        .iter()
        .filter(|t| !measured_by.contains_key(&t.target.code))
        .filter_map(|t| {
            let wording = format!("{} {}", t.target.text, t.target.target_text.as_deref().unwrap_or_default());
            let s = cchc_app::attainment::measured::suggest(&wording)?;
            indicators.iter().any(|i| i.code == s).then(|| (t.target.code.clone(), s))
        })
        .collect();
    let versions: Vec<_> = store
        .list_documents(true)
        .await?
        .into_iter()
        .filter(|d| d.meta.identity() == doc.meta.identity() && d.id != doc.id)
        .collect();
    Ok(ctx.render(
        "plans/show.html",
        context! {
            doc, label => doc.meta.label(), kind_label => kind_label(doc.meta.kind, ctx.req.lang),
            tasks, targets, measured_by, indicators, suggested, areas => content.areas, warnings => content.warnings, q => query, review, versions,
        },
    ))
}

/// GET `/plans/import`.
pub async fn import(ctx: Ctx, _: Require<OfficeOnly>) -> Response {
    ctx.render("plans/import.html", context! { error => minijinja::Value::from(()) })
}

/// Loads a province draft its owner may see; anyone else gets 404 (drafts are private), and a
/// unit's own plan under review is not a province draft (see `unit_plans`).
pub async fn owned_draft(store: &DynStore, auth: &Auth, id: i64) -> AppResult<Draft> {
    let d = store.get_draft(id).await?;
    if d.owner_id != auth.user.id {
        return Err(AppError::NotFound("bản nhập đang xem xét"));
    }
    let draft: Draft = serde_json::from_str(&d.content).map_err(|e| AppError::Internal(format!("draft {id}: {e}")))?;
    if draft.owner_unit.is_some() {
        return Err(AppError::NotFound("bản nhập đang xem xét"));
    }
    Ok(draft)
}

/// GET `/plans/drafts/{id}`: the parsed document, with warnings and unresolved agencies
/// highlighted, and how it relates to what is stored.
pub async fn draft(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let draft = owned_draft(&store, &auth, id).await?;
    let existing = compare(store.as_ref(), &draft.content).await?;
    let c = &draft.content;
    let review = c.tasks.iter().filter(|t| t.lead.needs_review() || t.coordinating.needs_review()).count()
        + c.targets.iter().filter(|t| t.monitoring.needs_review() || t.implementing.needs_review()).count();
    Ok(ctx.render(
        "plans/draft.html",
        context! {
            id, draft, existing, review, label => c.meta.label(),
            kind_label => kind_label(c.meta.kind, ctx.req.lang),
            activities => c.tasks.iter().map(|t| t.activities.len()).sum::<usize>(),
        },
    ))
}

/// GET `/plans/drafts/{id}/tasks/{index}`: correct one task's cells.
pub async fn draft_task(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path((id, index)): Path<(i64, usize)>,
) -> AppResult<Response> {
    let draft = owned_draft(&store, &auth, id).await?;
    let task = draft.content.tasks.get(index).ok_or(AppError::NotFound("nhiệm vụ"))?;
    let values = [
        ("title", task.title.clone()),
        ("lead", task.lead.text.clone()),
        ("coordinating", task.coordinating.text.clone()),
        ("deadline", task.deadline.text.clone()),
        ("budget", task.budget.text.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect::<std::collections::BTreeMap<_, _>>();
    Ok(task_form(&ctx, id, index, task, values, Default::default()))
}

pub fn task_form(
    ctx: &Ctx,
    id: i64,
    index: usize,
    task: &cchc_domain::plan::PlanTask,
    values: std::collections::BTreeMap<String, String>,
    errors: cchc_domain::validation::FieldErrors,
) -> Response {
    ctx.render("plans/task_edit.html", context! { id, index, task, values, errors => errors.0 })
}
