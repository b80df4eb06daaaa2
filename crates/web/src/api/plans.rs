//! Plans and their targets through the API: the documents the plan list shows (current
//! versions and the superseded ones), one document with its targets and the values each
//! target sets. Plans are province-wide documents every user reads, as on the plan pages.

use axum::extract::{Path, Query, State};
use axum::Json;
use cchc_storage::model::StoredDocument;
use cchc_storage::DynStore;
use chrono::{DateTime, NaiveDate, Utc};

use super::auth::{Api, ReportsRead, TasksRead};
use super::page::{by_key, Page, PageQuery};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;

crate::api_type! {
    /// A plan, conclusion notice or other imported document.
    out PlanOut {
        id: i64, kind: String, label: String, number: Option<String>, date: Option<NaiveDate>, title: Option<String>,
        plan_year: Option<i64>, version: i64, replaces_id: Option<i64>, active: bool, imported_at: DateTime<Utc>,
        task_count: i64, target_count: i64,
    }
}

crate::api_type! {
    /// One value a target sets (`level` e.g. province, district, commune).
    out TargetValueOut { level: String, number: f64, number_max: Option<f64>, unit: String, text: String }
}

crate::api_type! {
    /// A target (chỉ tiêu) with its values and the units monitoring and implementing it.
    out TargetOut {
        id: i64, code: String, area: Option<String>, text: String, target_text: Option<String>,
        values: Vec<TargetValueOut>, monitoring_unit_ids: Vec<i64>, implementing_unit_ids: Vec<i64>,
    }
}

crate::api_type! {
    /// A document with its targets.
    out PlanDetail { plan: PlanOut, targets: Vec<TargetOut> }
}

fn out(d: &StoredDocument) -> PlanOut {
    PlanOut {
        id: d.id,
        kind: d.meta.kind.code().to_string(),
        label: d.meta.label(),
        number: d.meta.number.clone(),
        date: d.meta.date,
        title: d.meta.title.clone(),
        plan_year: d.meta.plan_year.map(i64::from),
        version: d.version,
        replaces_id: d.replaces_id,
        active: d.active,
        imported_at: d.imported_at,
        task_count: d.task_count,
        target_count: d.target_count,
    }
}

/// The serialised code of a unit-like enum (`province`, `percent`).
fn code_of<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

/// GET `/api/v1/plans`.
pub async fn list(
    _: Api<AnyUser, TasksRead>,
    State(store): State<DynStore>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<PlanOut>>> {
    let mut docs: Vec<PlanOut> = store.list_documents(true).await?.iter().map(out).collect();
    docs.sort_by_key(|d| d.id);
    Ok(Json(by_key(docs, &page, |d| d.id)?))
}

/// GET `/api/v1/plans/{id}`: targets need the reports scope (their values are reported there).
pub async fn show(
    _: Api<AnyUser, ReportsRead>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> ApiResult<Json<PlanDetail>> {
    let doc = store.get_document(id).await?;
    let targets = store
        .list_targets(id)
        .await?
        .into_iter()
        .map(|t| TargetOut {
            id: t.id,
            code: t.target.code,
            area: t.target.area,
            text: t.target.text,
            target_text: t.target.target_text,
            values: t
                .target
                .values
                .into_iter()
                .map(|v| TargetValueOut {
                    level: code_of(&v.level),
                    number: v.number,
                    number_max: v.number_max,
                    unit: code_of(&v.unit),
                    text: v.text,
                })
                .collect(),
            monitoring_unit_ids: t.target.monitoring.unit_ids,
            implementing_unit_ids: t.target.implementing.unit_ids,
        })
        .collect();
    Ok(Json(PlanDetail { plan: out(&doc), targets }))
}
