//! Periodic reports and units' own plans: drafts private to their unit, submission once,
//! closed periods refused, the office's overview and consolidated DOCX/XLSX.

use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;

use crate::harness::{csrf_in, location, start, unit_id, Browser};

pub(crate) async fn post_report(b: &Browser, key: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let page = b.text(&format!("/reports/{key}")).await.1;
    let token = csrf_in(&page).unwrap_or_default();
    let mut form = reqwest::multipart::Form::new().text("_csrf", token);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    b.client.post(format!("{}/reports/{key}", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn drafts_are_private_submitted_once_and_reviewed() {
    let s = start().await;
    // The unit's focal point submits straight to the office here (sign-off: `signoff.rs`).
    crate::signoff::signoff_required(&s, false).await;
    let stc = unit_id(&s, "HT-STC").await;
    let focal = Browser::login(&s, "taichinh").await;
    let key = format!("{}-plan", cchc_app::tracking::today().format("%Y"));
    let (st, list) = focal.text("/reports").await;
    assert_eq!(st, StatusCode::OK);
    assert!(list.contains(&format!("/reports/{key}")));
    let r = post_report(
        &focal,
        &key,
        &[("narrative", "Kế hoạch số 10/KH-STC ngày 10/01; trọng tâm số hóa"), ("submit", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The draft is the unit's alone: another unit and the office get "not found".
    let view = format!("/reports/{key}/units/{stc}");
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&view).await.status(), StatusCode::NOT_FOUND);
    let office = Browser::login(&s, "vanphong").await;
    assert_eq!(office.get(&view).await.status(), StatusCode::NOT_FOUND);
    let (_, own) = focal.text(&view).await;
    assert!(own.contains("trọng tâm số hóa"));
    // Office staff have no report of their own to write.
    assert_eq!(office.get(&format!("/reports/{key}")).await.status(), StatusCode::FORBIDDEN);

    // Submit; a second submission is refused.
    let r = post_report(
        &focal,
        &key,
        &[("narrative", "Kế hoạch số 10/KH-STC ngày 10/01; trọng tâm số hóa"), ("submit", "1")],
    )
    .await;
    assert_eq!(location(&r), "/reports");
    let rep =
        s.store.report(stc, &key, Visibility::Unit(stc)).await.unwrap_or_default().unwrap_or_else(|| panic!("report"));
    assert_eq!(rep.status, ReviewState::Submitted);
    let again = s
        .store
        .submit_report(&cchc_domain::user::Actor::system(), rep.id, rep.version, cchc_app::tracking::today())
        .await;
    assert!(matches!(again, Err(cchc_storage::StoreError::Conflict(_))));
    let r = post_report(&focal, &key, &[("narrative", "sửa sau khi nộp"), ("submit", "0")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap_or_default().contains("đã nộp"));

    // Now the office sees it, in the overview and in full, and returns it.
    let (_, overview) = office.text(&format!("/reports?period={key}")).await;
    assert!(overview.contains("Sở Tài chính") && overview.contains(&view));
    let (_, page) = office.text(&view).await;
    assert!(page.contains("trọng tâm số hóa"));
    let token = csrf_in(&page).unwrap_or_default();
    let r = office
        .post(
            &format!("{view}/review"),
            &[
                ("_csrf", &token),
                ("version", &rep.version.to_string()),
                ("decision", "return"),
                ("reason", "Thiếu tệp kế hoạch"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, mine) = focal.text(&format!("/reports/{key}")).await;
    assert!(mine.contains("Thiếu tệp kế hoạch"), "the unit sees why");
}

#[tokio::test]
async fn the_overview_follows_the_year_asked_for() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, page) = office.text("/reports?year=2025").await;
    let h1 = page.split("<h1>").nth(1).and_then(|h| h.split("</h1>").next()).unwrap_or("").to_string();
    assert!(h1.contains("2025") && !h1.contains("2026"), "title of the year asked for: {h1}");
    assert!(
        page.contains("href=\"/reports?year=2024\"") && page.contains("href=\"/reports?year=2026\""),
        "year navigation"
    );
    // A unit's page of an open period lists its tasks of the period next to the narrative.
    let focal = Browser::login(&s, "taichinh").await;
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    if let Some(p) = cfg.calendar.open_periods(cchc_app::tracking::today()).first() {
        let (_, page) = focal.text(&format!("/reports/{}", p.key)).await;
        assert!(page.contains("Nhiệm vụ của đơn vị đến hạn trong kỳ"), "{page}");
        assert!(!page.contains("Báo cáo chỉ còn để xem."), "an open period is editable");
    }
}

/// Bình Định's plan (seed 003, a sample of another province the demo does not hold), imported
/// as its reform office would, its Sở Nội vụ's focal point logged in, and a calendar with
/// monthly periods so that the current month is open: (browser, unit, its targets, month key).
async fn binh_dinh_focal(s: &crate::harness::Server) -> (Browser, i64, Vec<cchc_storage::model::TargetRecord>, String) {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/../../documents/seeds/003_cb22d10497566f9f.txt");
    let bytes = std::fs::read(seed).unwrap_or_else(|e| panic!("{e}"));
    let resolver = cchc_app::plans::resolver(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let doc = cchc_app::plans::parse(&bytes, "003.txt", 10 << 20, &resolver).unwrap_or_else(|e| panic!("{e}"));
    let content = cchc_app::plans::into_content(doc, "003.txt", &cchc_app::plans::sha256(&bytes), &resolver);
    let importer = cchc_domain::user::Actor::system();
    cchc_app::plans::store_plan(s.store.as_ref(), &importer, &content).await.unwrap_or_else(|e| panic!("{e}"));
    let snv = unit_id(s, "BD-SNV").await;
    let targets = s.store.targets_for_unit(snv).await.unwrap_or_default();
    let form = cchc_app::accounts::UserForm {
        login: "snv.binhdinh".into(),
        full_name: "Đầu mối Sở Nội vụ Bình Định".into(),
        email: String::new(),
        role: Some(cchc_domain::role::Role::UnitFocal),
        unit_id: Some(snv),
        password: crate::harness::PASSWORD.into(),
    };
    cchc_app::accounts::create_user(s.store.as_ref(), &cchc_domain::user::Actor::system(), form)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let bd = Browser::login(s, "snv.binhdinh").await;
    // A calendar with monthly periods, so that the current month is open for reports today.
    let cfg = cchc_app::tracking::TrackingConfig {
        calendar: cchc_domain::tracking::ReportingCalendar::standard()
            .with_months(cchc_domain::tracking::DateRule::AfterEnd { days: 5 }),
        ..Default::default()
    };
    let json = serde_json::to_string(&cfg).unwrap_or_default();
    s.store
        .set_setting(&cchc_domain::user::Actor::system(), cchc_app::tracking::CONFIG_KEY, &json)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let key = format!("{}", cchc_app::tracking::today().format("%Y-m%m"));
    assert!(cfg.calendar.is_open(&key, cchc_app::tracking::today()), "{key} is open");
    (bd, snv, targets, key)
}

#[tokio::test]
async fn closed_periods_and_bad_values_are_refused() {
    let s = start().await;
    let focal = Browser::login(&s, "taichinh").await;
    // The closed period's page says so before anything is typed: read-only, no buttons.
    let (status, page) = focal.text("/reports/2025-q1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("đã đóng") && page.contains("Báo cáo chỉ còn để xem."), "{page}");
    assert!(page.contains("readonly") && !page.contains("Nộp báo cáo</button>"), "no submit on a closed period");
    let r = post_report(&focal, "2025-q1", &[("narrative", "Báo cáo quý I"), ("submit", "1")]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap_or_default().contains("đã đóng"));
    let stc = unit_id(&s, "HT-STC").await;
    assert!(
        s.store.report(stc, "2025-q1", Visibility::Unit(stc)).await.unwrap_or_default().is_none(),
        "nothing written"
    );
    // A rate above 100 is refused with a message next to the field; nothing is stored.
    let (bd, snv, targets, key) = binh_dinh_focal(&s).await;
    let t = targets
        .iter()
        .find(|t| t.target.values.iter().any(|v| v.unit == cchc_domain::plan::ValueUnit::Percent))
        .unwrap_or_else(|| panic!("a rate target of Sở Nội vụ Bình Định"));
    let id = t.id.to_string();
    let (rate, value) = (format!("t{id}_rate"), format!("t{id}_value"));
    let r =
        post_report(&bd, &key, &[("narrative", "x"), ("target", &id), (&rate, "1"), (&value, "120"), ("submit", "0")])
            .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("value=\"120\""), "what was typed is kept");
    assert!(html.contains("class=\"err\""), "the field shows its error");
    assert!(s.store.target_values(Some(snv), &key).await.unwrap_or_default().is_empty());
    assert!(
        s.store.report(snv, &key, Visibility::Unit(snv)).await.unwrap_or_default().is_none(),
        "no half-written draft"
    );
    // A valid value with a decimal comma is stored.
    let r =
        post_report(&bd, &key, &[("narrative", "x"), ("target", &id), (&rate, "1"), (&value, "88,5"), ("submit", "0")])
            .await;
    let st = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(
        st,
        StatusCode::SEE_OTHER,
        "{}",
        body.lines().filter(|l| l.contains("err")).collect::<Vec<_>>().join("\n")
    );
    let stored = s.store.target_values(Some(snv), &key).await.unwrap_or_default();
    assert_eq!(stored.first().and_then(|v| v.value), Some(88.5));
    // Its form offers Bình Định's province-wide targets too (no unit named), never Hà Tĩnh's;
    // a figure posted for a Hà Tĩnh target is refused by name, and nothing is stored.
    let own: Vec<i64> = targets.iter().map(|t| t.id).collect();
    let ht = unit_id(&s, "HT").await;
    let mut foreign = None;
    for d in s.store.list_documents(false).await.unwrap_or_default() {
        if foreign.is_none() && d.meta.province_id == Some(ht) {
            foreign = s.store.list_targets(d.id).await.unwrap_or_default().first().map(|t| t.id);
        }
    }
    let other = foreign.unwrap_or_else(|| panic!("a target of Hà Tĩnh's plan"));
    assert!(!own.contains(&other), "another province's target is not offered");
    let other = other.to_string();
    let (orate, ovalue) = (format!("t{other}_rate"), format!("t{other}_value"));
    let r = post_report(
        &bd,
        &key,
        &[("narrative", "x"), ("target", &other), (&orate, "1"), (&ovalue, "90"), ("submit", "0")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap_or_default().contains("Chỉ tiêu này không giao cho đơn vị."));
    let stored = s.store.target_values(Some(snv), &key).await.unwrap_or_default();
    assert!(stored.iter().all(|v| v.target_id.to_string() != other), "nothing stored for it");
}

#[tokio::test]
async fn the_consolidated_report_is_an_official_docx_with_an_xlsx_annex() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let r = office.get("/reports/consolidated.docx?period=2025-6m").await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")), &mut xml)
        .unwrap_or_default();
    for want in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BÁO CÁO", "TÌNH HÌNH GỬI BÁO CÁO", "Nơi nhận"]
    {
        assert!(xml.contains(want), "{want}");
    }
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/styles.xml").unwrap_or_else(|e| panic!("{e}")), &mut styles)
        .unwrap_or_default();
    assert!(styles.contains("Times New Roman"));
    let x = office.get("/reports/consolidated.xlsx?period=2025-6m").await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.bytes().await.unwrap_or_default().starts_with(b"PK"));
    let leader = Browser::login(&s, "lanhdao").await;
    assert_eq!(leader.get("/reports/consolidated.docx?period=2025-6m").await.status(), StatusCode::OK);
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get("/reports/consolidated.docx?period=2025-6m").await.status(), StatusCode::FORBIDDEN);
}
