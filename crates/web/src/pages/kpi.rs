//! Index 766 pages: the score of a unit (the province by default) for a period with its
//! groups, indicators, ranking and trend; the dossiers behind any value; the dossiers about
//! to be late; reconciliation with the portal; the methodology versions; the import page.
//!
//! Unit roles see their own unit and the units below it: the visible units come from the
//! store's scope query and every computation is refused outside them.

use std::collections::HashSet;

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::kpi::lists::{due_list, explain_value, methodology_versions, reconcile_figures};
use cchc_app::kpi::overview::{overview, OverviewQuery};
use cchc_app::kpi::{now_local, KpiError};
use cchc_domain::period::{Granularity, PeriodKey};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::{Auth, Require, Scope};
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

impl From<KpiError> for AppError {
    fn from(e: KpiError) -> Self {
        match e {
            KpiError::Invalid(m) => AppError::BadRequest(m),
            KpiError::OutOfScope => AppError::Forbidden,
            KpiError::NotFound => AppError::NotFound("đơn vị hoặc chỉ số"),
            KpiError::Store(s) => s.into(),
            KpiError::Internal(m) => AppError::Internal(m),
        }
    }
}

/// The store scope of a user: unit roles their unit and below, others the province.
pub fn kpi_scope(auth: &Auth) -> Scope {
    match auth.scope().root() {
        None => Scope::Province,
        Some(id) => Scope::UnitTree(id),
    }
}

/// Codes of the units the user may see (`None`: every unit), from the store.
pub async fn visible_units(state: &AppState, auth: &Auth) -> AppResult<Option<HashSet<String>>> {
    Ok(state.store.scope_units(kpi_scope(auth)).await?.map(|v| v.into_iter().collect()))
}

/// `?unit=…&g=…&p=…`: a unit, a granularity and a period.
#[derive(Debug, Deserialize, Default)]
pub struct PeriodQuery {
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub g: String,
    #[serde(default)]
    pub p: String,
    #[serde(default)]
    pub i: String,
    #[serde(default)]
    pub show: String,
    /// Page of the dossier list (1-based).
    #[serde(default)]
    pub page: Option<usize>,
}

fn granularity(s: &str) -> Option<Granularity> {
    Some(match s {
        "month" => Granularity::Month,
        "quarter" => Granularity::Quarter,
        "half" => Granularity::Half,
        "year" => Granularity::Year,
        _ => return None,
    })
}

fn granularity_code(g: Granularity) -> &'static str {
    match g {
        Granularity::Month => "month",
        Granularity::Quarter => "quarter",
        Granularity::Half => "half",
        Granularity::Year => "year",
    }
}

impl PeriodQuery {
    /// The period asked for: `p` (moved into granularity `g` when both are given), else the
    /// period of `g` (default: quarter) containing `now`.
    pub fn period(&self, now: chrono::NaiveDateTime) -> AppResult<PeriodKey> {
        let g = granularity(&self.g);
        let asked = if self.p.trim().is_empty() {
            None
        } else {
            Some(PeriodKey::parse(&self.p).ok_or_else(|| AppError::BadRequest("kỳ báo cáo không hợp lệ".into()))?)
        };
        Ok(match (asked, g) {
            (Some(p), Some(g)) if p.granularity != g => PeriodKey::containing(g, p.start()),
            (Some(p), _) => p,
            (None, g) => {
                PeriodKey::containing(g.unwrap_or(Granularity::Quarter), cchc_domain::local_time::to_secs(now))
            }
        })
    }

    /// The unit asked for, if any.
    pub fn unit(&self) -> Option<String> {
        let u = self.unit.trim();
        (!u.is_empty()).then(|| u.to_uppercase())
    }
}

/// `dd/mm/yyyy HH:MM`.
pub fn fmt_time(t: chrono::NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

#[derive(Serialize)]
struct GranularityOption {
    code: &'static str,
    label: &'static str,
}

fn granularity_options() -> Vec<GranularityOption> {
    [("month", "Tháng"), ("quarter", "Quý"), ("half", "6 tháng"), ("year", "Năm")]
        .into_iter()
        .map(|(code, label)| GranularityOption { code, label })
        .collect()
}

/// Trend length per granularity: a year of months, two years of quarters, and so on.
fn trend_len(g: Granularity) -> usize {
    match g {
        Granularity::Month => 12,
        Granularity::Quarter => 8,
        Granularity::Half => 6,
        Granularity::Year => 5,
    }
}

/// GET `/kpi`: the score of a unit for a period.
pub async fn index(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let now = now_local();
    let period = q.period(now)?;
    let visible = visible_units(&state, &auth).await?;
    let oq = OverviewQuery { root: q.unit(), period, visible, trend_len: trend_len(period.granularity) };
    let o = state.kpi.compute(now, move |c| overview(c, &oq)).await??;
    // Only periods with dossiers are drawn; the page says how many had none.
    let with_data: Vec<_> = o.trend.iter().filter(|p| p.value.is_some()).cloned().collect();
    let trend_empty = o.trend.len() - with_data.len();
    let chart =
        if !with_data.is_empty() { super::kpi_chart::trend_svg(&with_data) } else { minijinja::Value::from(()) };
    let mut periods = o.periods.clone();
    if !periods.iter().any(|(c, _)| *c == o.period) {
        periods.insert(0, (o.period.clone(), o.period_label.clone()));
    }
    // The ranking's units link to their scorecards (by id; the 766 figures name units by code).
    let units = state.store.all_units().await?;
    let unit_ids: std::collections::BTreeMap<String, i64> = o
        .ranking
        .iter()
        .filter_map(|r| units.iter().find(|u| u.code == r.code).map(|u| (r.code.clone(), u.id)))
        .collect();
    Ok(ctx.render(
        "kpi/index.html",
        context! {
            unit_ids, o, chart, trend_empty, trend_points => with_data.len(), periods, as_of => fmt_time(now), g => granularity_code(period.granularity),
            granularities => granularity_options(), is_office => auth.is_office(),
        },
    ))
}

/// Rows per page of the dossier list (the XLSX has them all).
const EXPLAIN_ROWS: usize = 100;

#[derive(Serialize)]
struct ExplainRowView {
    code: String,
    procedure: String,
    procedure_name: String,
    unit: String,
    unit_name: String,
    received: String,
    due: String,
    finished: String,
    occurrence: String,
    in_denominator: bool,
    in_numerator: bool,
    reason: String,
}

/// The dossiers behind one value (`unit`, default the user's own; `p`; `i`), within what the
/// user may see: for the page, its XLSX and the API.
pub async fn explanation(state: &AppState, auth: &Auth, q: &PeriodQuery) -> AppResult<cchc_kpi::explain::Explanation> {
    let now = now_local();
    let period = q.period(now)?;
    let visible = visible_units(state, auth).await?;
    let unit = match q.unit() {
        Some(u) => u,
        None => own_unit_code(state, auth).await?.ok_or(AppError::BadRequest("cần chọn đơn vị".into()))?,
    };
    let indicator = q.i.trim().to_string();
    Ok(state.kpi.compute(now, move |c| explain_value(c, &visible, &unit, period, &indicator)).await??)
}

/// GET `/kpi/explain?unit=&p=&i=&show=num|den|out`: the dossiers behind one value.
pub async fn explain(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let now = now_local();
    let show = q.show.clone();
    let e = explanation(&state, &auth, &q).await?;
    let total = e.rows.len();
    // Names, not codes: the units' and procedures' names beside their codes.
    let unit_names: std::collections::HashMap<String, String> =
        state.store.all_units().await?.into_iter().map(|u| (u.code, u.name)).collect();
    let procedure_names: std::collections::HashMap<String, String> =
        state.store.procedures().await?.into_iter().map(|p| (p.code, p.name)).collect();
    let selected: Vec<_> = e
        .rows
        .iter()
        .filter(|r| match show.as_str() {
            "num" => r.in_numerator,
            "den" => r.in_denominator,
            "miss" => r.in_denominator && !r.in_numerator,
            "out" => !r.in_denominator,
            _ => true,
        })
        .collect();
    let shown = selected.len();
    let pages = shown.div_ceil(EXPLAIN_ROWS).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let rows: Vec<ExplainRowView> = selected
        .into_iter()
        .skip((page - 1) * EXPLAIN_ROWS)
        .take(EXPLAIN_ROWS)
        .map(|r| ExplainRowView {
            code: r.code.clone(),
            procedure_name: procedure_names.get(&r.procedure).cloned().unwrap_or_default(),
            procedure: r.procedure.clone(),
            unit_name: unit_names.get(&r.unit).cloned().unwrap_or_default(),
            unit: r.unit.clone(),
            received: fmt_time(r.received),
            due: r.due.map(fmt_time).unwrap_or_default(),
            finished: r.finished.map(fmt_time).unwrap_or_default(),
            occurrence: r.occurrence.clone(),
            in_denominator: r.in_denominator,
            in_numerator: r.in_numerator,
            reason: r.reason.clone(),
        })
        .collect();
    let counts = context! {
        num => e.rows.iter().filter(|r| r.in_numerator).count(),
        den => e.rows.iter().filter(|r| r.in_denominator).count(),
        miss => e.rows.iter().filter(|r| r.in_denominator && !r.in_numerator).count(),
        out => e.rows.iter().filter(|r| !r.in_denominator).count(),
    };
    let procedures: Vec<(String, String, bool)> = e
        .procedures
        .iter()
        .map(|(c, inside)| (c.clone(), procedure_names.get(c).cloned().unwrap_or_default(), *inside))
        .collect();
    Ok(ctx.render(
        "kpi/explain.html",
        context! {
            e => context! {
                unit => e.unit, unit_name => state_unit_name(&state, &e.unit).await, period => e.period.to_string(),
                period_label => e.period.label_vi(), indicator => e.indicator, indicator_name => e.indicator_name,
                numerator => e.numerator, denominator => e.denominator, procedures,
                by_procedures => e.count == cchc_domain::kpi::methodology::CountBy::Procedures,
            },
            rows, total, shown, page, pages, counts, show => q.show, as_of => fmt_time(now),
        },
    ))
}

async fn state_unit_name(state: &AppState, code: &str) -> String {
    state.store.unit_by_code(code).await.ok().flatten().map_or_else(|| code.to_string(), |u| u.name)
}

/// The code of the user's own unit, if they have one.
pub async fn own_unit_code(state: &AppState, auth: &Auth) -> AppResult<Option<String>> {
    match auth.user.unit_id {
        Some(id) => Ok(Some(state.store.get_unit(id).await?.code)),
        None => Ok(None),
    }
}

#[derive(Deserialize, Default)]
pub struct DueQuery {
    #[serde(default)]
    pub hours: Option<i64>,
}

/// GET `/kpi/due`: open dossiers overdue or due within the next hours (default 48).
pub async fn due(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<DueQuery>,
) -> AppResult<Response> {
    let now = now_local();
    let hours = q.hours.unwrap_or(48).clamp(1, 24 * 60);
    let rows = due_list(&state.store, kpi_scope(&auth), now, hours, 2_000).await?;
    let overdue = rows.iter().filter(|r| r.overdue).count();
    let rows: Vec<_> = rows
        .into_iter()
        .map(|r| {
            context! {
                code => r.code, procedure => r.procedure, procedure_name => r.procedure_name, unit => r.unit,
                unit_name => r.unit_name, received => fmt_time(r.received), due => fmt_time(r.due),
                deadline => fmt_time(r.deadline), hours_left => r.hours_left, overdue => r.overdue,
                too_many => r.too_many_supplements, supplements => r.supplements,
            }
        })
        .collect();
    Ok(ctx.render("kpi/due.html", context! { rows, hours, overdue, as_of => fmt_time(now) }))
}

/// GET `/kpi/methodology`: every version, the one in force today first in line.
pub async fn methodology(ctx: Ctx, auth: Require<AnyUser>, State(state): State<AppState>) -> AppResult<Response> {
    state.kpi.sync(now_local()).await?;
    let versions = methodology_versions(&state.store, crate::views::today()).await?;
    Ok(ctx.render(
        "kpi/methodology.html",
        context! { versions, is_office => auth.is_office(), errors => Vec::<String>::new() },
    ))
}

/// GET `/kpi/import`: upload dossier, catalogue or unit-code files.
pub async fn import(ctx: Ctx, _: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    import_page(&ctx, &state, None).await
}

/// Renders the import page, with the outcome of the last upload if any.
pub async fn import_page(ctx: &Ctx, state: &AppState, outcome: Option<minijinja::Value>) -> AppResult<Response> {
    let dossiers = state.store.count_dossiers().await?;
    let procedures = state.store.procedures().await?.len();
    let unit_codes = state.store.unit_codes().await?.len();
    Ok(ctx.render("kpi/import.html", context! { dossiers, procedures, unit_codes, outcome }))
}

/// GET `/kpi/reconcile`: the last portal figures beside cchc's values.
pub async fn reconcile(ctx: Ctx, _: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    reconcile_page(&ctx, &state, Vec::new()).await
}

/// Renders the reconciliation page (with the issues of the last upload, if any).
pub async fn reconcile_page(ctx: &Ctx, state: &AppState, issues: Vec<String>) -> AppResult<Response> {
    let upload = state.store.portal_figures().await?;
    let (rows, meta) = match upload {
        Some(u) => {
            let meta = context! { file_name => u.file_name, actor => u.actor, at => u.created_at.timestamp_millis() };
            let figures = u.figures;
            let rows = state.kpi.compute(now_local(), move |c| reconcile_figures(c, &None, &figures)).await?;
            (rows, Some(meta))
        }
        None => (Vec::new(), None),
    };
    let differ = rows.iter().filter(|r| r.status != cchc_kpi::reconcile::ReconStatus::Match).count();
    let rows: Vec<_> = rows
        .into_iter()
        .map(|r| {
            context! {
                unit => r.unit, period => r.period.to_string(), period_label => r.period.label_vi(),
                indicator => r.indicator, portal_numerator => r.portal_numerator, portal_denominator => r.portal_denominator,
                cchc_numerator => r.cchc_numerator, cchc_denominator => r.cchc_denominator,
                diff_numerator => r.cchc_numerator.map(|n| n - r.portal_numerator),
                diff_denominator => r.cchc_denominator.map(|d| d - r.portal_denominator),
                status => r.status.label_vi(), ok => r.status == cchc_kpi::reconcile::ReconStatus::Match,
            }
        })
        .collect();
    Ok(ctx.render("kpi/reconcile.html", context! { rows, meta, differ, issues }))
}
