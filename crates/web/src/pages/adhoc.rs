//! Ad-hoc report pages (báo cáo đột xuất): the office's list of requests with the form to
//! make one, and one request's tracking (who submitted, late, missing; each sent answer
//! linked for review); the template file download.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_app::adhoc::tracking;
use cchc_app::tracking::today;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::UnitFilter;
use cchc_storage::DynStore;
use minijinja::{context, Value};

use crate::auth::policy::{AnyUser, ProvinceReaders};
use crate::auth::{Require, Scope};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::pages::reports::status_label;

/// GET `/adhoc-reports`: the requests and (for the office) the form to make one.
pub async fn list(ctx: Ctx, auth: Require<ProvinceReaders>, State(store): State<DynStore>) -> AppResult<Response> {
    page(&ctx, &store, auth.is_office(), None, FieldErrors::default()).await
}

/// Renders the list with the form showing what was typed and its errors.
pub async fn page(
    ctx: &Ctx,
    store: &DynStore,
    can_create: bool,
    typed: Option<(std::collections::BTreeMap<String, String>, Vec<String>)>,
    errors: FieldErrors,
) -> AppResult<Response> {
    let t = today();
    let mut rows = Vec::new();
    for r in store.adhoc_requests(Scope::Province).await? {
        let c = tracking(store.as_ref(), &r, t).await?;
        rows.push(context! { r, sent => c.on_time + c.late, missing => c.missing, expected => c.expected });
    }
    let units = store.list_units(&UnitFilter { active_on: Some(t), ..Default::default() }).await?;
    let names = crate::unit_names::UnitNames::new(&units, t);
    let units: Vec<Value> = units.iter().map(|u| context! { id => u.id, name => names.label(u.id) }).collect();
    let (values, chosen) = typed.unwrap_or_default();
    Ok(ctx.render("adhoc/list.html", context! { rows, units, can_create, values, chosen, errors => errors.0 }))
}

/// GET `/adhoc-reports/{id}`: who of the units asked submitted, on time or late, and who is
/// missing; each sent answer links to its review page.
pub async fn show(
    ctx: Ctx,
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let req = store.adhoc_request(id, Scope::Province).await?;
    let t = today();
    let c = tracking(store.as_ref(), &req, t).await?;
    let reports = store.reports_of_period(&req.key(), Scope::Province).await?;
    let all = store.all_units().await?;
    let names = crate::unit_names::UnitNames::new(&all, t);
    let rows: Vec<Value> = c
        .units
        .iter()
        .map(|s| {
            let r = reports.iter().find(|r| r.unit_id == s.unit);
            let (code, label) = status_label(&s.status);
            context! {
                unit_id => s.unit, unit => names.label(s.unit), submitted_on => s.submitted_on,
                status => code, status_label => label, report_status => r.map(|r| r.status),
                signed_by => r.and_then(|r| r.signed_by.clone()), signed_on => r.and_then(|r| r.signed_on),
            }
        })
        .collect();
    Ok(ctx.render("adhoc/show.html", context! { req, key => req.key(), c, rows }))
}

/// GET `/adhoc-reports/{id}/template`: the request's template file, for the office and the
/// units asked.
pub async fn template(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let f = store.adhoc_template(id, auth.scope()).await?.ok_or(AppError::NotFound("biểu mẫu"))?;
    Ok(crate::files::stored_file(f.bytes, &f.file_name, &f.content_type))
}
