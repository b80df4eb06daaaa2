//! Index 766 downloads: the overview of a unit and period (indicators and ranking), the
//! dossiers behind one value, and the reconciliation with the portal. Built on a blocking
//! thread; each export is audited.

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::kpi::lists::reconcile_figures;
use cchc_app::kpi::overview::{overview, Overview, OverviewQuery};
use cchc_app::kpi::{blocking, now_local};
use cchc_export::kpi766::{explanation_xlsx, reconciliation_xlsx};
use cchc_export::{xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::model::AuditEvent;

use super::{download, XLSX};
use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::{Auth, Require};
use crate::error::{AppError, AppResult};
use crate::pages::kpi::{visible_units, PeriodQuery};
use crate::state::AppState;

async fn log_export(state: &AppState, auth: &Auth, what: &str, id: String) -> AppResult<()> {
    let ev =
        AuditEvent { action: format!("export.{what}"), entity: "kpi".into(), entity_id: id, before: None, after: None };
    Ok(state.store.record_event(&auth.actor(), &ev).await?)
}

fn xlsx_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(e.to_string())
}

fn opt_num(v: Option<f64>, decimals: u8) -> Cell {
    v.map_or(Cell::Empty, |x| Cell::Num(x, decimals))
}

fn overview_tables(o: &Overview) -> Vec<Table> {
    let title = format!("CHỈ SỐ 766 — {} — {}", o.root.name.to_uppercase(), o.period_label.to_uppercase());
    let mut t = Table::new(
        "Chỉ số",
        &title,
        vec![
            Column::new("Mã", 8.0),
            Column::new("Chỉ số", 60.0),
            Column::new("Nhóm", 8.0),
            Column::new("Tử số", 12.0),
            Column::new("Mẫu số", 12.0),
            Column::new("Tỷ lệ", 10.0),
            Column::new("Ngưỡng", 10.0),
            Column::new("Điểm", 10.0),
            Column::new("Điểm tối đa", 10.0),
            Column::new("Ghi chú", 24.0),
        ],
    );
    t.subtitle.push(format!(
        "Điểm: {} · Xếp loại: {} · Dữ liệu tính đến {}",
        o.score.map_or("chưa có số liệu".into(), |s| cchc_export::table::vn_number(s, 2)),
        o.band.clone().unwrap_or_default(),
        o.as_of.format("%d/%m/%Y %H:%M")
    ));
    for i in &o.indicators {
        t.push(vec![
            i.code.clone().into(),
            i.name.clone().into(),
            i.group.clone().unwrap_or_default().into(),
            Cell::Int(i.numerator),
            Cell::Int(i.denominator),
            i.percent.map_or(Cell::Empty, |p| Cell::Percent(p, 2)),
            Cell::Percent(i.threshold_percent, 0),
            opt_num(i.points, 2),
            Cell::Num(i.max_points, 2),
            if i.template { "mẫu, chưa xác nhận" } else { "" }.into(),
        ]);
    }
    let mut r = Table::new(
        "Xếp hạng",
        &format!("XẾP HẠNG ĐƠN VỊ TRỰC THUỘC — {}", o.period_label.to_uppercase()),
        vec![
            Column::new("Hạng", 8.0),
            Column::new("Mã", 16.0),
            Column::new("Đơn vị", 50.0),
            Column::new("Điểm", 10.0),
            Column::new("Xếp loại", 16.0),
        ],
    );
    for x in &o.ranking {
        r.push(vec![
            x.rank.map_or(Cell::Empty, |v| Cell::Int(i64::from(v))),
            x.code.clone().into(),
            x.name.clone().into(),
            opt_num(x.score, 2),
            x.band.clone().unwrap_or_else(|| "chưa có số liệu".into()).into(),
        ]);
    }
    vec![t, r]
}

/// GET `/kpi/export.xlsx?unit=&g=&p=`: the overview's indicators and ranking.
pub async fn overview_xlsx(
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let now = now_local();
    let period = q.period(now)?;
    let visible = visible_units(&state, &auth).await?;
    let oq = OverviewQuery { root: q.unit(), period, visible, trend_len: 1 };
    let o = state.kpi.compute(now, move |c| overview(c, &oq)).await??;
    let name = format!("chi-so-766-{}-{}.xlsx", o.root.code, o.period);
    let id = format!("{} {}", o.root.code, o.period);
    let bytes = blocking(move || to_xlsx(&overview_tables(&o))).await?.map_err(xlsx_error)?;
    log_export(&state, &auth, "kpi_overview_xlsx", id).await?;
    Ok(download(bytes, XLSX, &name))
}

/// GET `/kpi/explain.xlsx?unit=&p=&i=`: every dossier behind one value, with the reason.
pub async fn explain_xlsx(
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Response> {
    let e = crate::pages::kpi::explanation(&state, &auth, &q).await?;
    let name = format!("giai-trinh-{}-{}-{}.xlsx", e.indicator, e.unit, e.period);
    let id = format!("{} {} {}", e.unit, e.period, e.indicator);
    let bytes = blocking(move || explanation_xlsx(&e)).await?.map_err(xlsx_error)?;
    log_export(&state, &auth, "kpi_explain_xlsx", id).await?;
    Ok(download(bytes, XLSX, &name))
}

/// GET `/kpi/reconcile.xlsx`: the last portal figures beside cchc's values.
pub async fn reconcile_xlsx(auth: Require<OfficeOnly>, State(state): State<AppState>) -> AppResult<Response> {
    let Some(up) = state.store.portal_figures().await? else {
        return Err(AppError::BadRequest("chưa có số liệu nào từ Cổng để đối chiếu".into()));
    };
    let figures = up.figures;
    let rows = state.kpi.compute(now_local(), move |c| reconcile_figures(c, &None, &figures)).await?;
    let bytes = blocking(move || reconciliation_xlsx(&rows)).await?.map_err(xlsx_error)?;
    log_export(&state, &auth, "kpi_reconcile_xlsx", up.file_name).await?;
    Ok(download(bytes, XLSX, "doi-chieu-766.xlsx"))
}
