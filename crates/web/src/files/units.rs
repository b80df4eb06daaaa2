//! Registry downloads: the import layout as CSV, and a formatted XLSX list.

use axum::extract::State;
use axum::response::Response;
use cchc_app::registry::export_csv;
use cchc_export::{xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::model::AuditEvent;
use cchc_storage::DynStore;

use super::{download, CSV, XLSX};
use crate::auth::policy::ProvinceReaders;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::views::{today, Registry};

async fn log_export(store: &DynStore, auth: &Require<ProvinceReaders>, what: &str) -> AppResult<()> {
    let ev = AuditEvent {
        action: format!("export.{what}"),
        entity: "unit".into(),
        entity_id: "*".into(),
        before: None,
        after: None,
    };
    Ok(store.record_event(&auth.actor(), &ev).await?)
}

/// GET `/units/export.csv`: the registry in the import layout (edit in Excel, import back).
pub async fn csv(auth: Require<ProvinceReaders>, State(store): State<DynStore>) -> AppResult<Response> {
    let text = export_csv(store.as_ref()).await?;
    log_export(&store, &auth, "units_csv").await?;
    // `export_csv` already starts with the byte-order mark Excel needs.
    Ok(download(text.into_bytes(), CSV, &format!("danh-muc-don-vi-{}.csv", today().format("%Y%m%d"))))
}

/// GET `/units/export.xlsx`: the registry as a formatted list.
pub async fn xlsx(ctx: Ctx, auth: Require<ProvinceReaders>, State(store): State<DynStore>) -> AppResult<Response> {
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    let reg = Registry::new(&units, &changes, ctx.req.lang, today());
    let mut t = Table::new(
        "Đơn vị",
        "DANH MỤC CƠ QUAN, ĐƠN VỊ",
        vec![
            Column::new("STT", 6.0),
            Column::new("Mã", 16.0),
            Column::new("Tên đơn vị", 48.0),
            Column::new("Loại", 22.0),
            Column::new("Đơn vị cha", 36.0),
            Column::new("Tên viết tắt", 24.0),
            Column::new("Hiệu lực từ", 13.0),
            Column::new("Hiệu lực đến", 13.0),
            Column::new("Đơn vị kế thừa", 36.0),
            Column::new("Ghi chú", 40.0),
        ],
    );
    t.subtitle.push(format!("Ngày xuất: {}", today().format("%d/%m/%Y")));
    for (i, u) in units.iter().enumerate() {
        let v = reg.view(u);
        t.push(vec![
            Cell::Int(i as i64 + 1),
            v.code.into(),
            v.name.into(),
            v.kind_label.into(),
            v.parent_name.unwrap_or_default().into(),
            v.abbreviations.join("; ").into(),
            v.valid_from.into(),
            v.valid_to.into(),
            v.successors.iter().map(|s| s.name.clone()).collect::<Vec<_>>().join("; ").into(),
            v.note.into(),
        ]);
    }
    let bytes = super::build(move || to_xlsx(&[t])).await?;
    log_export(&store, &auth, "units_xlsx").await?;
    Ok(download(bytes, XLSX, &format!("danh-muc-don-vi-{}.xlsx", today().format("%Y%m%d"))))
}

/// GET `/units/{id}/reminder-letter.docx`: the reform office's letter to the unit's head
/// listing its overdue tasks (NĐ 30 layout). Province-wide readers and the unit's own staff
/// (to whom the escalation sends it) may read it.
pub async fn reminder_letter(
    auth: Require<crate::auth::policy::AnyUser>,
    State(store): State<DynStore>,
    State(config): State<std::sync::Arc<cchc_app::config::Config>>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> AppResult<Response> {
    crate::pages::scorecard::check_unit_visible(&auth, id)?;
    let letter = cchc_app::reminder_letter::for_unit(store.as_ref(), &config.org, id, today()).await?;
    let (code, doc) = letter.ok_or(crate::error::AppError::NotFound("nhiệm vụ quá hạn của đơn vị"))?;
    let bytes = super::build(move || cchc_export::docx::to_docx(&doc)).await?;
    let name = format!("cong-van-don-doc-{}.docx", cchc_domain::text::fold(&code).replace(' ', "-"));
    Ok(download(bytes, super::DOCX, &name))
}
