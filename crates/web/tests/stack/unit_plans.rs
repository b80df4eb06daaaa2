//! A unit's own annual plan through the web: Sở Tư pháp imports its plan (a TXT in the style
//! of the seeds, one task citing a province task code), the review suggests links, confirming
//! stores it as the unit's and submits its plan report; the coverage page flags the province
//! tasks the plan leaves out; another unit never sees the draft; the office sees every unit.

use cchc_app::plans::Draft;
use cchc_app::unit_plans::coverage::assigned_tasks;
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/stack/fixtures/ke_hoach_cchc_stp_2025.txt");

async fn upload(b: &Browser, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = b.csrf("/unit-plans/import").await;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
    b.client
        .post(format!("{}/unit-plans/import", b.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn draft_id(url: &str) -> i64 {
    url.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("draft url {url}"))
}

#[tokio::test]
async fn a_unit_imports_its_plan_links_it_and_the_office_sees_the_coverage() {
    let s = start().await;
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let stp = unit_id(&s, "HT-STP").await;
    let assigned = assigned_tasks(s.store.as_ref(), stp, year).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(assigned.len() >= 2, "the demo assigns Sở Tư pháp province tasks: {}", assigned.len());
    let cited = assigned
        .iter()
        .find(|t| t.task.code == "2.1" && t.task.area.as_deref() == Some("II"))
        .unwrap_or_else(|| panic!("task 2.1 of area II is Sở Tư pháp's"));

    // The demo gives two departments a plan, so the coverage page has content on first start.
    let demo = s.store.unit_plans(None, year).await.unwrap_or_default();
    assert_eq!(demo.len(), 2, "demo unit plans");
    let b = Browser::login(&s, "tuphap").await;
    let fixture = cchc_app::demo::year::shifted_document(&std::fs::read(FIXTURE).unwrap_or_default(), year);
    let r = upload(&b, "ke_hoach_stp.txt", fixture.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let url = location(&r);
    assert!(url.starts_with("/unit-plans/drafts/"), "{url}");
    let (st, html) = b.text(&url).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính lĩnh vực hộ tịch"), "tasks read");
    assert!(html.contains(&format!("value=\"{}\" checked", cited.id)), "the cited province task is suggested");

    // The draft is the unit's: another unit and the office cannot open it.
    let other = Browser::login(&s, "taichinh").await;
    assert_eq!(other.get(&url).await.status(), StatusCode::NOT_FOUND);
    let office = Browser::login(&s, "vanphong").await;
    assert_eq!(office.get(&url).await.status(), StatusCode::FORBIDDEN);
    let (_, list) = office.text("/unit-plans").await;
    assert!(!list.contains("15/KH-STP"), "an unconfirmed plan is nobody else's business");

    // Confirm with the suggested links (as ticked on the page).
    let id = draft_id(&url);
    let stored = s.store.get_draft(id).await.unwrap_or_else(|e| panic!("{e}"));
    let draft: Draft = serde_json::from_str(&stored.content).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(draft.content.tasks.len(), 5);
    assert!(draft.content.tasks.iter().all(|t| t.lead.unit_ids == [stp]), "every task is the unit's own");
    assert_eq!(draft.links[0], [cited.id]);
    let fields: Vec<(String, String)> = draft
        .links
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.iter().map(move |p| (format!("link_{i}"), p.to_string())))
        .collect();
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let r = b.submit(&url, &format!("{url}/confirm"), &borrowed).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = location(&r);
    assert!(page.starts_with(&format!("/unit-plans/units/{stp}")), "{page}");

    // Stored as the unit's plan, its tasks tracked as the unit's, its report of the year sent.
    let plans = s.store.unit_plans(Some(stp), year).await.unwrap_or_default();
    assert_eq!(plans.len(), 1);
    let doc = &plans[0];
    assert_eq!(doc.task_count, 5);
    let f = cchc_storage::model::InstanceFilter { document_id: Some(doc.id), ..Default::default() };
    let instances = s.store.list_instances(&f).await.unwrap_or_default();
    assert!(!instances.is_empty() && instances.iter().all(|i| i.lead_unit_id == Some(stp)), "tracked as the unit's");
    let report = s.store.report(stp, &format!("{year}-plan"), Visibility::Province).await.unwrap_or_default();
    assert!(report.is_some_and(|r| r.submitted_on.is_some()), "the plan report is submitted");
    assert!(s.store.list_drafts(stored.owner_id).await.unwrap_or_default().is_empty(), "draft dropped");

    // The coverage page: the cited task covered, the rest flagged.
    let (st, html) = b.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    let covered = assigned.iter().filter(|a| draft.links.iter().flatten().any(|p| *p == a.id)).count();
    assert!(covered >= 1 && covered < assigned.len(), "{covered}/{}", assigned.len());
    assert!(html.contains(&format!("{covered}/{}", assigned.len())), "x/y shown");
    assert!(html.contains("Chưa có trong kế hoạch"), "an uncovered province task is flagged");
    assert!(html.contains("class=\"uncovered\""));
    // Another unit cannot read it.
    assert_eq!(other.get(&page).await.status(), StatusCode::FORBIDDEN);

    // A link edited afterwards: the unit's task 2 now implements an uncovered province task.
    let uncovered = assigned.iter().find(|a| !draft.links.iter().flatten().any(|p| *p == a.id));
    if let Some(u) = uncovered {
        let tasks = s
            .store
            .list_tasks(&cchc_storage::model::TaskFilter { document_id: Some(doc.id), ..Default::default() })
            .await
            .unwrap_or_default();
        let pid = u.id.to_string();
        let r = b.submit(&page, &format!("/unit-plans/tasks/{}/links", tasks[1].id), &[("link", pid.as_str())]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let links = s.store.unit_plan_links(doc.id).await.unwrap_or_default();
        assert!(links.iter().any(|l| l.task_id == tasks[1].id && l.province_task_id == u.id));
        // Another unit cannot edit it.
        let token = other.csrf("/").await;
        let r =
            other.post(&format!("/unit-plans/tasks/{}/links", tasks[1].id), &[("_csrf", &token), ("link", &pid)]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
    }

    // The office's table: the unit's plan, the day it was received, its coverage; others missing.
    let (st, html) = office.text(&format!("/unit-plans?year={year}")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("15/KH-STP") && html.contains("25/KH-SNV"), "the units' plans are listed");
    assert!(html.contains("Chưa có kế hoạch"), "units without a plan are flagged");
    let today = cchc_app::tracking::today().format("%d/%m/%Y").to_string();
    assert!(html.contains(&today), "received today");
    let (_, html) = office.text(&format!("/reports?period={year}-plan")).await;
    assert!(html.contains("unit-plan-coverage") && html.contains("15/KH-STP"), "the plan report page shows coverage");
    // The unit's own report page of the plan says so too.
    let (_, html) = b.text(&format!("/reports/{year}-plan")).await;
    assert!(html.contains("id=\"unit-plan\"") && html.contains("15/KH-STP"));

    // Every write is audited.
    let log = s.store.list_audit(&cchc_storage::model::AuditFilter::default()).await.unwrap_or_default();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in ["import.draft", "plan.import", "report.submit", "import.discard"] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }
}

#[tokio::test]
async fn a_file_without_tasks_is_refused_with_a_reason() {
    let s = start().await;
    let b = Browser::login(&s, "tuphap").await;
    let r = upload(&b, "trong.txt", "Kế hoạch\nkhông có bảng nào".as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Không đọc được «trong.txt»"), "{html}");
    // The office imports the province's plans, not a unit's.
    let office = Browser::login(&s, "vanphong").await;
    assert_eq!(office.get("/unit-plans/import").await.status(), StatusCode::FORBIDDEN);
}
