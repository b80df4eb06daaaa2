//! Audit log downloads (filtered like the page).

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_domain::audit::AuditEntry;
use cchc_export::{csv::to_csv, xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::DynStore;
use chrono::TimeZone;

use super::{download, CSV, XLSX};
use crate::auth::policy::AdminOnly;
use crate::auth::Require;
use crate::error::AppResult;
use crate::pages::admin::AuditQuery;
use crate::render::vn_offset;
use crate::views::today;

/// At most this many entries per download.
const MAX_ROWS: i64 = 100_000;

fn table(entries: &[AuditEntry]) -> Table {
    let mut t = Table::new(
        "Nhật ký",
        "NHẬT KÝ THAY ĐỔI DỮ LIỆU",
        vec![
            Column::new("Số", 8.0),
            Column::new("Thời điểm", 20.0),
            Column::new("Người thực hiện", 18.0),
            Column::new("Thao tác", 20.0),
            Column::new("Đối tượng", 14.0),
            Column::new("Mã đối tượng", 14.0),
            Column::new("Trước", 50.0),
            Column::new("Sau", 50.0),
            Column::new("Mã băm", 66.0),
        ],
    );
    t.subtitle.push(format!("Ngày xuất: {}", today().format("%d/%m/%Y")));
    for e in entries {
        let at = vn_offset().timestamp_millis_opt(e.at_ms).single().map(|t| t.naive_local());
        t.push(vec![
            Cell::Int(e.seq),
            at.map_or(Cell::Empty, Cell::DateTime),
            e.actor.clone().into(),
            e.action.clone().into(),
            e.entity.clone().into(),
            e.entity_id.clone().into(),
            e.before.clone().unwrap_or_default().into(),
            e.after.clone().unwrap_or_default().into(),
            e.hash.clone().into(),
        ]);
    }
    t
}

/// GET `/admin/audit/export.csv`.
pub async fn csv(
    _: Require<AdminOnly>,
    State(store): State<DynStore>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let entries = store.list_audit(&q.filter(MAX_ROWS)).await?;
    Ok(download(to_csv(&table(&entries)), CSV, &format!("nhat-ky-{}.csv", today().format("%Y%m%d"))))
}

/// GET `/admin/audit/export.xlsx`.
pub async fn xlsx(
    _: Require<AdminOnly>,
    State(store): State<DynStore>,
    Query(q): Query<AuditQuery>,
) -> AppResult<Response> {
    let entries = store.list_audit(&q.filter(MAX_ROWS)).await?;
    let bytes = super::build(move || to_xlsx(&[table(&entries)])).await?;
    Ok(download(bytes, XLSX, &format!("nhat-ky-{}.xlsx", today().format("%Y%m%d"))))
}
