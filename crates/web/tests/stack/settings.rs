//! Tracking settings through the whole stack: the default is labelled a template; the office
//! saves reminder offsets and due dates (audited, used by the next reminder selection); bad
//! values and bad files are refused with messages and change nothing; other roles get 403.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, Browser};

const PAGE: &str = "/settings/tracking";

async fn upload(b: &Browser, name: &str, body: &[u8]) -> reqwest::Response {
    let token = b.csrf(PAGE).await;
    let form = Form::new().text("_csrf", token).part("file", Part::bytes(body.to_vec()).file_name(name.to_string()));
    b.client
        .post(format!("{}/settings/tracking/import", b.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

fn fields<'a>(offsets: &'a str, commune: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("offsets_days", offsets),
        ("overdue_every_days", "5"),
        ("due_soon_days", "10"),
        ("event_allowance_days", "20"),
        ("recurring_grace_days", "0"),
        ("provincial_due", "20/01"),
        ("central_due", "31/01"),
        ("commune_due", commune),
    ]
}

#[tokio::test]
async fn the_office_edits_exports_and_imports_the_tracking_settings() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (status, html) = office.text(PAGE).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("mẫu, chưa xác nhận"), "the default is labelled a template");
    assert!(html.contains("value=\"7, 3, 1\""), "current offsets shown");
    assert!(html.contains("Quý I") && html.contains("Hạn gửi báo cáo"), "the calendar is shown");

    // Bad values: every problem named, nothing stored.
    let r = office.submit(PAGE, PAGE, &fields("7, ba, 1", "31/02")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("«ba» không phải là số ngày"), "{html}");
    assert!(html.contains("value=\"7, ba, 1\""), "the user's input is kept");
    let r = office.submit(PAGE, PAGE, &fields("400", "05/02")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("từ 0 đến 365"));
    let r = office.submit(PAGE, PAGE, &fields("1", "31/02")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Hạn gửi kế hoạch phải là một ngày có thật"));
    assert_eq!(s.store.setting("tracking.config").await.unwrap_or_default(), None, "nothing stored");

    // A good form: stored, audited, shown, and no longer a template.
    let r = office.submit(PAGE, PAGE, &fields("1, 14, 3", "10/02")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), PAGE);
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cfg.reminders.offsets_days, vec![14, 3, 1]);
    assert_eq!(cfg.reminders.overdue_every_days, 5);
    assert_eq!(cfg.timeliness.due_soon_days, 10);
    assert_eq!((cfg.unit_plans.commune_due.day, cfg.unit_plans.commune_due.month), (10, 2));
    let (_, html) = office.text(PAGE).await;
    assert!(html.contains("value=\"14, 3, 1\"") && !html.contains("mẫu, chưa xác nhận"), "{html}");
    let audit = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            action: Some("setting.update".into()),
            entity_id: Some("tracking.config".into()),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 1);

    // Export, then import a changed calendar; a broken file names its line and changes nothing.
    let r = office.get("/settings/tracking.json").await;
    assert_eq!(r.status(), StatusCode::OK);
    let exported = r.text().await.unwrap_or_default();
    let mut v: serde_json::Value = serde_json::from_str(&exported).unwrap_or_else(|e| panic!("{e}"));
    v["calendar"]["recurring_grace_days"] = serde_json::json!(5);
    let r = upload(&office, "cau-hinh.json", &serde_json::to_vec_pretty(&v).unwrap_or_default()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((cfg.calendar.recurring_grace_days, cfg.reminders.offsets_days.clone()), (5, vec![14, 3, 1]));
    let r = upload(&office, "cau-hinh.json", b"{\n  \"reminders\": {\n    \"offsets_days\": [7, \"x\"]\n  }\n}").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("dòng 3"));
    let r = upload(&office, "cau-hinh.xlsx", b"PK\x03\x04").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("không phải tệp JSON"));
    let after = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after, cfg, "refused files change nothing");

    // Only the office (and the administrator).
    for login in ["taichinh", "giamdoc.taichinh", "lanhdao", "thamdinh"] {
        let b = Browser::login(&s, login).await;
        assert_eq!(b.get(PAGE).await.status(), StatusCode::FORBIDDEN, "{login}");
        assert_eq!(b.get("/settings/tracking.json").await.status(), StatusCode::FORBIDDEN, "{login}");
    }
}
