//! Notifications in the browser: the page shows only the user's own unit's notifications, the
//! header counts the unread ones, a unit user cannot mark another unit's notification read,
//! and returning a task notifies its lead unit at once.

use cchc_domain::user::Actor;
use cchc_storage::traits_notify::{ClaimOutcome, NewNotification, NotifyClaim, NotifyScope};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

/// Writes a notification for `unit` as the reminder job would; returns its id.
async fn notify(s: &Server, unit: i64, title: &str) -> i64 {
    let claim = NotifyClaim {
        key: format!("test:{unit}:{title}"),
        kind: "digest".into(),
        unit_id: Some(unit),
        day: chrono::NaiveDate::from_ymd_opt(2025, 3, 13).unwrap_or_default(),
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: Some(unit),
            user_id: None,
            kind: "reminder_digest".into(),
            title: title.into(),
            body: "• Việc cần làm — hạn 20/03/2025 (còn 7 ngày)".into(),
            link: "/tasks".into(),
        },
        mail: None,
    };
    match s.store.claim_notice(&Actor::system(), &claim).await {
        Ok(ClaimOutcome::Won { notification_id, .. }) => notification_id,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_page_shows_only_the_users_own_unit() {
    let s = start().await;
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    // The demo's year already brought reminders and escalations: the badge counts one more.
    let uid = s.store.user_credentials("taichinh").await.ok().flatten().map(|(u, ..)| u.id).unwrap_or_default();
    let unread_before = s.store.unread_notifications(NotifyScope::Unit { unit: stc, user: uid }).await.unwrap_or(0);
    notify(&s, stc, "Nhắc việc Sở Tài chính").await;
    notify(&s, stp, "Nhắc việc Sở Tư pháp").await;
    let focal = Browser::login(&s, "taichinh").await;
    let (status, html) = focal.text("/notifications").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Nhắc việc Sở Tài chính"), "{html}");
    assert!(!html.contains("Nhắc việc Sở Tư pháp"), "another unit's notification leaked");
    assert!(html.contains("Việc cần làm — hạn 20/03/2025"));
    // The header counts the unread ones, on every page.
    let (_, home) = focal.text("/").await;
    assert!(home.contains("href=\"/notifications\""), "{home}");
    let badge = format!("title=\"thông báo chưa đọc\">{}</span>", unread_before + 1);
    assert!(home.contains(&badge), "{home}");
    let (_, other) = Browser::login(&s, "tuphap").await.text("/notifications").await;
    assert!(other.contains("Nhắc việc Sở Tư pháp") && !other.contains("Nhắc việc Sở Tài chính"));
    // The office sees only what is addressed to it (the demo's escalations), not the units'.
    let (_, office) = Browser::login(&s, "vanphong").await.text("/notifications").await;
    assert!(!office.contains("Nhắc việc Sở Tài chính") && !office.contains("Nhắc việc Sở Tư pháp"), "{office}");
}

#[tokio::test]
async fn a_unit_user_cannot_mark_another_units_notification_read() {
    let s = start().await;
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    let stp_scope = NotifyScope::Unit { unit: stp, user: 0 };
    let stp_before = s.store.unread_notifications(stp_scope).await.unwrap_or_default();
    let stc_before = s.store.unread_notifications(NotifyScope::Unit { unit: stc, user: 0 }).await.unwrap_or_default();
    let own = notify(&s, stc, "Nhắc việc Sở Tài chính").await;
    let theirs = notify(&s, stp, "Nhắc việc Sở Tư pháp").await;
    let focal = Browser::login(&s, "taichinh").await;
    let token = focal.csrf("/notifications").await;
    let r = focal.post(&format!("/notifications/{theirs}/read"), &[("_csrf", token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert_eq!(s.store.unread_notifications(stp_scope).await.unwrap_or_default(), stp_before + 1, "still unread");
    // Without the CSRF token: refused before routing.
    let r = focal.post(&format!("/notifications/{own}/read"), &[]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // Its own: marked, back to the list.
    let r = focal.post(&format!("/notifications/{own}/read"), &[("_csrf", token.as_str())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/notifications");
    let stc_scope = NotifyScope::Unit { unit: stc, user: 0 };
    assert_eq!(s.store.unread_notifications(stc_scope).await.unwrap_or_default(), stc_before);
    let (_, html) = focal.text("/notifications").await;
    assert!(html.contains("Đã đọc"));
    // Mark all: only the user's own scope changes.
    notify(&s, stc, "Nhắc việc thứ hai").await;
    let r = focal.post("/notifications/read-all", &[("_csrf", token.as_str()), ("next", "//evil.example")]).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/notifications".to_string()));
    assert_eq!(s.store.unread_notifications(stc_scope).await.unwrap_or_default(), 0);
    assert_eq!(s.store.unread_notifications(stp_scope).await.unwrap_or_default(), stp_before + 1);
}

#[tokio::test]
async fn returning_a_task_notifies_the_lead_unit() {
    let s = start().await;
    // The focal point's done claims go straight to the office here (sign-off: `task_signoff.rs`).
    crate::task_signoff::task_signoff_required(&s, false).await;
    let stc = unit_id(&s, "HT-STC").await;
    let f = cchc_storage::model::InstanceFilter {
        unit_id: Some(stc),
        lead_only: true,
        active_only: true,
        ..Default::default()
    };
    let inst = s
        .store
        .list_instances(&f)
        .await
        .unwrap_or_default()
        .into_iter()
        .find(|i| i.progress.state == cchc_domain::tracking::TaskState::NotStarted);
    let inst = inst.unwrap_or_else(|| panic!("an untouched task of Sở Tài chính"));
    let (focal, office) = (Browser::login(&s, "taichinh").await, Browser::login(&s, "vanphong").await);
    let act = |b: &Browser, fields: Vec<(&'static str, &'static str)>| {
        let (client, base, id) = (b.client.clone(), b.base.clone(), inst.id);
        async move {
            let page = client.get(format!("{base}/tasks/{id}")).send().await.unwrap_or_else(|e| panic!("{e}"));
            let page = page.text().await.unwrap_or_default();
            let token = crate::harness::csrf_in(&page).unwrap_or_else(|| panic!("no form"));
            let version =
                page.split("name=\"version\" value=\"").nth(1).and_then(|v| v.split('"').next()).unwrap_or("0");
            let mut form = reqwest::multipart::Form::new().text("_csrf", token).text("version", version.to_string());
            for (k, v) in fields {
                form = form.text(k, v);
            }
            client.post(format!("{base}/tasks/{id}/act")).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
        }
    };
    let r =
        act(&focal, vec![("action", "report_done"), ("outputs", "Kế hoạch số 15/KH-STC"), ("evidence_refs", "CV 15")])
            .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = act(&office, vec![("action", "return"), ("reason", "Thiếu quyết định phê duyệt")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = focal.text("/notifications").await;
    assert!(html.contains("Kết quả nhiệm vụ bị trả lại"), "{html}");
    assert!(html.contains("Lý do: Thiếu quyết định phê duyệt"));
    assert!(html.contains(&format!("href=\"/tasks/{}\"", inst.id)));
    let (_, other) = Browser::login(&s, "tuphap").await.text("/notifications").await;
    assert!(!other.contains("Lý do: Thiếu quyết định phê duyệt"), "not to another unit");
}
