//! SIPAS office pages beside a campaign's results: the questionnaire versions (download as
//! XLSX, import an edited file as a new version) and the open answers of a campaign, searched
//! without diacritics, by unit, a page at a time. Both are for province-wide readers only;
//! the public site never shows open answers.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::sipas::open_answers;
use cchc_storage::DynStore;
use minijinja::{context, Value};
use serde::Deserialize;

use crate::auth::policy::ProvinceReaders;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;

/// GET `/sipas/questionnaires`: every stored version.
pub async fn questionnaires(
    ctx: Ctx,
    auth: Require<ProvinceReaders>,
    State(store): State<DynStore>,
) -> AppResult<Response> {
    render_questionnaires(&ctx, &store, auth.is_office(), Vec::new()).await
}

/// The versions page, with the problems of a refused import.
pub async fn render_questionnaires(
    ctx: &Ctx,
    store: &DynStore,
    is_office: bool,
    report: Vec<String>,
) -> AppResult<Response> {
    let list: Vec<Value> = store
        .questionnaires()
        .await?
        .into_iter()
        .map(|s| {
            let q = &s.questionnaire;
            context! {
                id => s.id, code => q.code, name => q.name, version => q.version,
                from => q.effective_from, to => q.effective_to, frozen => q.frozen,
                template => q.status == cchc_domain::par::SetStatus::Template,
                questions => q.questions().count(),
            }
        })
        .collect();
    let today = cchc_app::tracking::today();
    Ok(ctx.render("sipas/questionnaires.html", context! { list, is_office, report, today }))
}

/// `?q=…&unit=…&page=…` of the open answers.
#[derive(Debug, Default, Deserialize)]
pub struct AnswersQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub page: String,
}

/// GET `/sipas/campaigns/{id}/answers`: the open answers.
pub async fn answers(
    ctx: Ctx,
    _: Require<ProvinceReaders>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    Query(f): Query<AnswersQuery>,
) -> AppResult<Response> {
    let c = store.campaign(id).await?;
    let unit = f.unit.trim().parse::<i64>().ok().filter(|u| c.units.iter().any(|(x, _)| x == u));
    let page = f.page.trim().parse::<usize>().unwrap_or(1);
    let query = cchc_domain::text::clean(&f.q);
    let found = open_answers(store.as_ref(), id, unit, &query, page).await?;
    let all = store.all_units().await?;
    let units: Vec<Value> = c
        .units
        .iter()
        .map(|(u, _)| context! { id => u, name => all.iter().find(|x| x.id == *u).map(|x| x.name.clone()) })
        .collect();
    let qs = format!("q={}&unit={}", crate::error::urlencode(&query), unit.map(|u| u.to_string()).unwrap_or_default());
    Ok(ctx.render("sipas/answers.html", context! { c, found, units, query, unit, qs }))
}
