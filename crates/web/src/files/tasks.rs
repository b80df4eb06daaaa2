//! Task downloads: the filtered list as XLSX, and evidence files (only to those who may see
//! the task, by an unguessable token).

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::tracking::{config, today};
use cchc_export::{xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::pages::tasks::TaskQuery;
use crate::views_tasks::{check_visible, Shaper};

/// GET `/tasks/export.xlsx`: every instance the filters select (scoped like the page).
pub async fn xlsx(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<TaskQuery>,
) -> AppResult<Response> {
    let cfg = config(store.as_ref()).await?;
    let units = store.all_units().await?;
    let filter = q.filter(&auth, &cfg);
    let rows = store.list_instances(&filter).await?;
    let shaper = Shaper::new(&units, &cfg, today(), ctx.req.lang);
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let done: std::collections::HashMap<i64, String> = store
        .latest_done_events(&ids)
        .await?
        .into_iter()
        .map(|e| {
            let parts: Vec<String> =
                std::iter::once(e.outputs).chain(e.evidence_refs).filter(|s| !s.is_empty()).collect();
            (e.instance_id, parts.join("; "))
        })
        .collect();
    let mut t = Table::new(
        "Nhiệm vụ",
        "DANH SÁCH NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        vec![
            Column::new("STT", 6.0),
            Column::new("Mã", 8.0),
            Column::new("Nhiệm vụ", 60.0),
            Column::new("Kỳ", 18.0),
            Column::new("Đơn vị chủ trì", 30.0),
            Column::new("Hạn hoàn thành", 14.0),
            Column::new("Trạng thái", 20.0),
            Column::new("Tình hình", 18.0),
            Column::new("Kết quả", 14.0),
            Column::new("Tỷ lệ hoàn thành (%)", 12.0),
            Column::new("Sản phẩm, minh chứng", 40.0),
        ],
    );
    let mut sub = format!("Ngày xuất: {}", today().format("%d/%m/%Y"));
    if let Some(u) = filter.unit_id {
        sub = format!("Đơn vị: {} — {sub}", shaper.unit_name(Some(u)));
    }
    t.subtitle.push(sub);
    for (n, r) in rows.iter().enumerate() {
        let v = shaper.view(r);
        t.push(vec![
            Cell::Int(n as i64 + 1),
            format!("{} {}", v.area.clone().unwrap_or_default(), v.code).trim().to_string().into(),
            v.title.into(),
            v.label.into(),
            if v.lead_external { format!("{} (ngoài tỉnh)", v.lead_unit) } else { v.lead_unit }.into(),
            v.due.into(),
            v.state_label.into(),
            v.status_label.into(),
            v.completion_label.unwrap_or("").into(),
            v.percent.map_or(Cell::Empty, |p| Cell::Int(i64::from(p))),
            done.get(&r.id).cloned().unwrap_or_default().into(),
        ]);
    }
    let bytes = super::build(move || to_xlsx(&[t])).await?;
    Ok(download(bytes, XLSX, &format!("nhiem-vu-{}.xlsx", today().format("%Y%m%d"))))
}

/// GET `/evidence/{token}`: the file, as an attachment, if the user may see its task.
pub async fn evidence(
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    super::check_token(&token, "tệp minh chứng")?;
    let (rec, bytes) = store.evidence_by_token(&token).await?.ok_or(AppError::NotFound("tệp minh chứng"))?;
    let inst = store.get_instance(rec.instance_id).await?;
    let task = store.get_task(inst.task_id).await?;
    check_visible(&auth, &inst, &task.task.coordinating.unit_ids)?;
    Ok(super::stored_file(bytes, &rec.file_name, &rec.content_type))
}
