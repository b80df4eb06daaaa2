//! Tasks led by bodies outside the province: a central conclusion notice is imported and
//! confirmed, and its task led by `Tập đoàn Điện lực Việt Nam` keeps that lead, marked
//! "ngoài tỉnh", on the task page, in the task list, in the XLSX export and in the API.

use reqwest::StatusCode;

use crate::harness::{location, start, Browser};
use crate::plans::upload;

const NOTICE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../documents/corpus/03_tb-vpcp-cung-ung-dien-2026.txt");

#[tokio::test]
async fn an_external_lead_survives_the_import_and_shows_everywhere() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    let r = upload(&b, "71-TB-VPCP.txt", std::fs::read(NOTICE).unwrap_or_default()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let draft = location(&r);
    let (_, review) = b.text(&draft).await;
    assert!(review.contains("Tập đoàn Điện lực Việt Nam") && review.contains("ngoài tỉnh"), "{review}");
    let r = b.submit(&draft, &format!("{draft}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let doc = s.store.list_documents(true).await.unwrap_or_default();
    let doc = doc.iter().find(|d| d.meta.number.as_deref() == Some("71/TB-VPCP")).unwrap_or_else(|| panic!("stored"));
    let filter = cchc_storage::model::InstanceFilter {
        document_id: Some(doc.id),
        query: Some("500 kV mach 3".into()),
        ..Default::default()
    };
    let rows = s.store.list_instances(&filter).await.unwrap_or_default();
    let inst = rows.first().unwrap_or_else(|| panic!("the task on the 500 kV line is stored"));
    assert_eq!(inst.lead_unit_id, None, "no unit of the province leads it");
    assert_eq!(inst.lead_external.as_deref(), Some("Tập đoàn Điện lực Việt Nam"));
    let task = s.store.get_task(inst.task_id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(task.task.lead.external.first().and_then(|e| e.code.as_deref()), Some("DN-EVN"));

    let (st, page) = b.text(&format!("/tasks/{}", inst.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("Tập đoàn Điện lực Việt Nam") && page.contains("ngoài tỉnh"), "task page: {page}");
    let (_, list) = b.text(&format!("/tasks?document={}&q=500+kV", doc.id)).await;
    assert!(list.contains("Tập đoàn Điện lực Việt Nam") && list.contains("ngoài tỉnh"), "task list: {list}");

    let xlsx = b.get(&format!("/tasks/export.xlsx?document={}", doc.id)).await.bytes().await.unwrap_or_default();
    let rows =
        cchc_table::read_rows(&xlsx, "nv.xlsx", &cchc_table::Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rows.iter().any(|r| r.cells.iter().any(|c| c == "Tập đoàn Điện lực Việt Nam (ngoài tỉnh)")),
        "the export names the external lead"
    );
}
