//! Index 766 through the API: a unit's score for a period (groups, indicators, ranking) and
//! the dossiers behind one indicator value, computed by the same service and visibility as
//! the index-766 pages.

use axum::extract::{Query, State};
use axum::Json;
use cchc_app::kpi::now_local;
use cchc_app::kpi::overview::{overview, OverviewQuery};
use chrono::NaiveDateTime;

use super::auth::{Api, KpiRead};
use super::page::{by_position, Page, PageQuery};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::pages::kpi::{explanation, visible_units, PeriodQuery};
use crate::state::AppState;

crate::api_type! {
    /// One group's points.
    out KpiGroupOut { code: String, name: String, points: Option<f64>, available_max: f64, max_points: f64, template: bool }
}

crate::api_type! {
    /// One indicator's value (`percent` absent when there is no data: missing is not zero).
    out KpiIndicatorOut {
        code: String, name: String, group: Option<String>, numerator: i64, denominator: i64,
        percent: Option<f64>, points: Option<f64>, max_points: f64, threshold_percent: f64, template: bool,
    }
}

crate::api_type! {
    /// A unit's place among its peers.
    out KpiRankOut { rank: Option<u32>, code: String, name: String, score: Option<f64>, band: Option<String> }
}

crate::api_type! {
    /// A unit's index-766 result for a period.
    out KpiResultOut {
        unit: String, unit_name: String, period: String, period_label: String, as_of: NaiveDateTime,
        methodology: Option<String>, score: Option<f64>, band: Option<String>,
        groups: Vec<KpiGroupOut>, indicators: Vec<KpiIndicatorOut>, ranking: Vec<KpiRankOut>,
    }
}

crate::api_type! {
    /// A dossier and whether (and why) it counts in an indicator.
    out KpiExplainRowOut {
        code: String, procedure: String, unit: String, received: NaiveDateTime, due: Option<NaiveDateTime>,
        finished: Option<NaiveDateTime>, occurrence: String, in_denominator: bool, in_numerator: bool, reason: String,
    }
}

/// GET `/api/v1/kpi`: `unit` (code), `g` (month, quarter, half, year), `p` (period).
pub async fn result(
    auth: Api<AnyUser, KpiRead>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> ApiResult<Json<KpiResultOut>> {
    let now = now_local();
    let period = q.period(now)?;
    let visible = visible_units(&state, &auth).await?;
    let oq = OverviewQuery { root: q.unit(), period, visible, trend_len: 1 };
    let o = state.kpi.compute(now, move |c| overview(c, &oq)).await??;
    Ok(Json(KpiResultOut {
        unit: o.root.code,
        unit_name: o.root.name,
        period: o.period,
        period_label: o.period_label,
        as_of: o.as_of,
        methodology: o.methodology.map(|m| m.id),
        score: o.score,
        band: o.band,
        groups: o
            .groups
            .into_iter()
            .map(|g| KpiGroupOut {
                code: g.code,
                name: g.name,
                points: g.points,
                available_max: g.available_max,
                max_points: g.max_points,
                template: g.template,
            })
            .collect(),
        indicators: o
            .indicators
            .into_iter()
            .map(|i| KpiIndicatorOut {
                code: i.code,
                name: i.name,
                group: i.group,
                numerator: i.numerator,
                denominator: i.denominator,
                percent: i.percent,
                points: i.points,
                max_points: i.max_points,
                threshold_percent: i.threshold_percent,
                template: i.template,
            })
            .collect(),
        ranking: o
            .ranking
            .into_iter()
            .map(|r| KpiRankOut { rank: r.rank, code: r.code, name: r.name, score: r.score, band: r.band })
            .collect(),
    }))
}

/// GET `/api/v1/kpi/explain`: `unit`, `p`, `i` (indicator code); the dossiers, paged.
pub async fn explain(
    auth: Api<AnyUser, KpiRead>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<KpiExplainRowOut>>> {
    let e = explanation(&state, &auth, &q).await?;
    let rows = e.rows;
    let page = by_position(&page, |offset, limit| {
        let rows = &rows;
        async move {
            let from = usize::try_from(offset).unwrap_or(usize::MAX).min(rows.len());
            let to = from.saturating_add(usize::try_from(limit).unwrap_or(0)).min(rows.len());
            Ok(rows[from..to].to_vec())
        }
    })
    .await?;
    let items = page
        .items
        .into_iter()
        .map(|r| KpiExplainRowOut {
            code: r.code,
            procedure: r.procedure,
            unit: r.unit,
            received: r.received,
            due: r.due,
            finished: r.finished,
            occurrence: r.occurrence,
            in_denominator: r.in_denominator,
            in_numerator: r.in_numerator,
            reason: r.reason,
        })
        .collect();
    Ok(Json(Page { items, next_cursor: page.next_cursor }))
}
