//! Evidence by reference on the self-assessment form, through the whole stack: the unit links
//! one of its own tasks' files and a document by number and date (plain forms, no JavaScript);
//! a bad date and another unit's task file are refused with their message and store nothing;
//! the appraiser sees the links beside the files, downloads the task file, and finds it in the
//! evidence ZIP and the references in the score sheet.

use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, NewEvidence, NewTaskEvent};
use reqwest::StatusCode;

use crate::harness::{start, unit_id, Browser, Server};
use crate::par::small_round;
use crate::par_areas::post;

/// A file `name` reported on an instance `unit` leads, behind the server's back; its id.
pub async fn task_file(s: &Server, unit: i64, name: &str) -> i64 {
    let filter = InstanceFilter { unit_id: Some(unit), lead_only: true, ..Default::default() };
    let inst = s.store.list_instances(&filter).await.unwrap_or_default().remove(0);
    let ev = NewTaskEvent { unit_id: Some(unit), action: "progress".into(), percent: Some(50), ..Default::default() };
    let mut p = inst.progress.clone();
    p.percent = Some(50);
    let file = NewEvidence {
        file_name: name.into(),
        content_type: "application/pdf".into(),
        bytes: format!("%PDF-1.4 {name}").into_bytes(),
        sha256: name.into(),
    };
    s.store
        .apply_action(&Actor::system(), inst.id, inst.version, &p, None, &ev, &[file])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.written_behind();
    let files = s.store.unit_task_files(unit).await.unwrap_or_default();
    files.iter().find(|f| f.file_name == name).map(|f| f.evidence_id).unwrap_or_else(|| panic!("{name}"))
}

#[tokio::test]
async fn a_unit_links_its_task_file_and_a_document() {
    let s = start().await;
    let (_, x, _) = small_round(&s).await;
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    let own = task_file(&s, stc, "bao-cao-stc.pdf").await;
    let foreign = task_file(&s, stp, "bao-cao-stp.pdf").await;
    let set = s.store.criteria_set(x.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let code =
        set.leaves().iter().find(|r| !r.component.is_external()).map(|r| r.node.code.clone()).unwrap_or_default();

    let page = format!("/par/assessments/{}", x.id);
    let links = format!("{page}/links");
    let focal = Browser::login(&s, "taichinh").await;
    let (st, html) = focal.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("bao-cao-stc.pdf") && !html.contains("bao-cao-stp.pdf"), "its own tasks' files only");

    let bad_date =
        [("kind", "document"), ("link_code", code.as_str()), ("link_number", "12/KH-STC"), ("link_date", "31/02/2026")];
    let r = post(&focal, &page, &links, &bad_date).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("dd/mm/yyyy") && html.contains("value=\"12/KH-STC\""), "message, typed kept");
    let foreign_id = foreign.to_string();
    let r = post(&focal, &page, &links, &[("kind", "task"), ("link_code", &code), ("link_file", &foreign_id)]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("không phải tài liệu kiểm chứng nhiệm vụ của chính đơn vị"));
    assert!(s.store.par_links(x.id, Visibility::Unit(stc)).await.unwrap_or_default().is_empty(), "nothing stored");

    let doc = [
        ("kind", "document"),
        ("link_code", code.as_str()),
        ("link_number", "12/KH-STC"),
        ("link_date", "05/03/2026"),
        ("link_summary", "Kế hoạch CCHC năm 2026"),
    ];
    assert_eq!(post(&focal, &page, &links, &doc).await.status(), StatusCode::SEE_OTHER);
    let own_id = own.to_string();
    let r = post(&focal, &page, &links, &[("kind", "task"), ("link_code", &code), ("link_file", &own_id)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = focal.text(&page).await;
    assert!(html.contains("Văn bản số 12/KH-STC ngày 05/03/2026: Kế hoạch CCHC năm 2026"));

    // Submitted: the appraiser sees them, opens the task file, finds it in the ZIP.
    let a = s.store.assessment(x.id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    s.store
        .move_assessment(&Actor::system(), x.id, a.version, cchc_domain::review::ReviewAction::Submit, day, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.written_behind();
    let appraiser = Browser::login(&s, "thamdinh").await;
    let (_, html) = appraiser.text(&page).await;
    assert!(html.contains("Văn bản số 12/KH-STC") && html.contains("bao-cao-stc.pdf"));
    let link = s.store.par_links(x.id, Visibility::Province).await.unwrap_or_default();
    let file_link = link.iter().find(|l| l.task_file.is_some()).map(|l| l.id).unwrap_or_else(|| panic!("task link"));
    let r = appraiser.get(&format!("{page}/links/{file_link}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.map(|b| b.to_vec()).unwrap_or_default(), b"%PDF-1.4 bao-cao-stc.pdf");
    let zip = appraiser.get(&format!("{page}/evidence.zip")).await;
    assert_eq!(zip.status(), StatusCode::OK);
    let bytes = zip.bytes().await.map(|b| b.to_vec()).unwrap_or_default();
    let name = format!("{code}/nhiem-vu-{file_link}-bao-cao-stc.pdf");
    assert!(bytes.windows(name.len()).any(|w| w == name.as_bytes()), "the task file in its criterion's folder");
    assert_eq!(appraiser.get(&format!("{page}/export.xlsx")).await.status(), StatusCode::OK);
    // Another unit reads nothing of it.
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&format!("{page}/links/{file_link}")).await.status(), StatusCode::NOT_FOUND);
}
