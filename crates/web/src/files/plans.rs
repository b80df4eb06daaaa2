//! Plan downloads: the task list and the targets of a document as XLSX.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_export::{xlsx::to_xlsx, Cell, Column, Table};
use cchc_storage::model::TaskFilter;
use cchc_storage::DynStore;

use super::{download, XLSX};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::error::AppResult;

/// GET `/plans/{id}/export.xlsx`: tasks and targets on two sheets, as officials exchange them.
pub async fn xlsx(_: Require<AnyUser>, State(store): State<DynStore>, Path(id): Path<i64>) -> AppResult<Response> {
    let doc = store.get_document(id).await?;
    let tasks = store.list_tasks(&TaskFilter { document_id: Some(id), ..Default::default() }).await?;
    let targets = store.list_targets(id).await?;
    let label = doc.meta.label();
    let mut t = Table::new(
        "Nhiệm vụ",
        "DANH MỤC NHIỆM VỤ",
        vec![
            Column::new("TT", 7.0),
            Column::new("Lĩnh vực", 9.0),
            Column::new("Nhiệm vụ", 50.0),
            Column::new("Hoạt động", 50.0),
            Column::new("Sản phẩm", 30.0),
            Column::new("Chủ trì", 28.0),
            Column::new("Phối hợp", 28.0),
            Column::new("Thời hạn", 20.0),
            Column::new("Hạn hoàn thành", 14.0),
            Column::new("Kinh phí (triệu đồng)", 14.0),
            Column::new("Ghi chú kinh phí", 24.0),
            Column::new("Nguồn trong văn bản", 18.0),
        ],
    );
    t.subtitle.push(format!("(Kèm theo {label})"));
    for r in &tasks {
        let k = &r.task;
        let acts = k.activities.iter().map(|a| a.text.clone()).collect::<Vec<_>>().join("\n");
        t.push(vec![
            k.code.clone().into(),
            k.area.clone().unwrap_or_default().into(),
            k.title.clone().into(),
            acts.into(),
            k.outputs.join("; ").into(),
            k.lead.text.clone().into(),
            k.coordinating.text.clone().into(),
            k.deadline.text.clone().into(),
            k.deadline.due.into(),
            k.budget.million_vnd.map_or(Cell::Empty, |v| Cell::Num(v, 0)),
            k.budget.text.clone().into(),
            k.source.label().into(),
        ]);
    }
    let mut g = Table::new(
        "Chỉ tiêu",
        "CHỈ TIÊU",
        vec![
            Column::new("Mã", 9.0),
            Column::new("Chỉ tiêu", 60.0),
            Column::new("Giá trị", 24.0),
            Column::new("Đơn vị theo dõi", 28.0),
            Column::new("Đơn vị thực hiện", 28.0),
        ],
    );
    g.subtitle.push(format!("(Kèm theo {label})"));
    for r in &targets {
        let x = &r.target;
        let vals = x.values.iter().map(|v| v.text.clone()).collect::<Vec<_>>().join("; ");
        g.push(vec![
            x.code.clone().into(),
            x.text.clone().into(),
            vals.into(),
            x.monitoring.text.clone().into(),
            x.implementing.text.clone().into(),
        ]);
    }
    let bytes = super::build(move || to_xlsx(&[t, g])).await?;
    let name = format!("nhiem-vu-{}.xlsx", doc.meta.number.as_deref().unwrap_or("van-ban").replace('/', "-"));
    Ok(download(bytes, XLSX, &name))
}
