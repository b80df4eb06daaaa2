//! Periodic reports through the API: a period's reports the reader may see and one unit's
//! report with its target values, read with the same [`Visibility`] as the report pages
//! (a unit's drafts belong to that unit alone).
//!
//! [`Visibility`]: cchc_domain::visibility::Visibility

use axum::extract::{Path, State};
use axum::Json;
use cchc_storage::model::UnitReport;
use cchc_storage::DynStore;
use chrono::{DateTime, NaiveDate, Utc};

use super::auth::{Api, ReportsRead};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::error::AppError;

crate::api_type! {
    /// A unit's report for a period (`status`: draft, awaiting_signoff, submitted, returned, accepted; `signed_by`: the unit head who signed it off).
    out ReportOut {
        id: i64, unit_id: i64, period_key: String, kind: String, status: String, narrative: String,
        submitted_on: Option<NaiveDate>, submitted_by: Option<String>, reviewed_on: Option<NaiveDate>,
        return_reason: Option<String>, signed_by: Option<String>, signed_on: Option<NaiveDate>,
        updated_at: DateTime<Utc>, version: i64,
    }
}

crate::api_type! {
    /// A target's reported value.
    out ReportValueOut { target_id: i64, value: Option<f64>, numerator: Option<f64>, denominator: Option<f64>, note: String }
}

crate::api_type! {
    /// One report with its target values.
    out ReportDetail { report: ReportOut, values: Vec<ReportValueOut> }
}

crate::api_type! {
    /// The reports of a period.
    out ReportList { items: Vec<ReportOut> }
}

fn out(r: UnitReport) -> ReportOut {
    ReportOut {
        id: r.id,
        unit_id: r.unit_id,
        period_key: r.period_key,
        kind: r.kind,
        status: r.status.code().to_string(),
        narrative: r.narrative,
        submitted_on: r.submitted_on,
        submitted_by: r.submitted_by,
        reviewed_on: r.reviewed_on,
        return_reason: r.return_reason,
        signed_by: r.signed_by,
        signed_on: r.signed_on,
        updated_at: r.updated_at,
        version: r.version,
    }
}

/// GET `/api/v1/reports/{key}`: the reports of period `key` (`2025-q1`) the reader may read.
pub async fn period(
    auth: Api<AnyUser, ReportsRead>,
    State(store): State<DynStore>,
    Path(key): Path<String>,
) -> ApiResult<Json<ReportList>> {
    let scope = auth.scope();
    let reports = store.reports_of_period(&key, scope).await?;
    let items = reports.into_iter().filter(|r| scope.sees(r.unit_id, r.status)).map(out).collect();
    Ok(Json(ReportList { items }))
}

/// GET `/api/v1/reports/{key}/units/{unit}`.
pub async fn show(
    auth: Api<AnyUser, ReportsRead>,
    State(store): State<DynStore>,
    Path((key, unit)): Path<(String, i64)>,
) -> ApiResult<Json<ReportDetail>> {
    let scope = auth.scope();
    let report = store.report(unit, &key, scope).await?.ok_or(AppError::NotFound("báo cáo"))?;
    if !scope.sees(report.unit_id, report.status) {
        return Err(AppError::NotFound("báo cáo").into());
    }
    Ok(Json(detail(&store, report).await?))
}

/// A report the reader may see, with its target values.
pub async fn detail(store: &DynStore, report: UnitReport) -> ApiResult<ReportDetail> {
    let values = store
        .target_values(Some(report.unit_id), &report.period_key)
        .await?
        .into_iter()
        .map(|v| ReportValueOut {
            target_id: v.target_id,
            value: v.value,
            numerator: v.numerator,
            denominator: v.denominator,
            note: v.note,
        })
        .collect();
    Ok(ReportDetail { report: out(report), values })
}
