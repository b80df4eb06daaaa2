//! Sign-off of a task's "done" claim by the lead unit's head: the focal point's claim (with its
//! evidence) waits for the head, who is notified and sees it on the dashboard; the office
//! cannot accept it yet; the head sends it back with a reason or signs it off (then the office
//! sees it reported done on the sign-off day, with the signer, and accepts it); with the
//! setting off the focal point's claim goes straight to the office.

use cchc_domain::tracking::TaskState;
use reqwest::StatusCode;
use serde_json::json;

use crate::harness::{start, unit_id, Browser, Server};
use crate::tasks::{act, stc_instance};

/// Turns the sign-off of tasks' done claims on or off, as the office's settings page does.
pub(crate) async fn task_signoff_required(s: &Server, on: bool) {
    let mut cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    cfg.signoff.tasks = on;
    cchc_app::tracking::save_config(s.store.as_ref(), &cchc_domain::user::Actor::system(), &cfg)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

async fn state_of(s: &Server, id: i64) -> cchc_storage::model::InstanceRecord {
    s.store.get_instance(id).await.unwrap_or_else(|e| panic!("{e}"))
}

fn main_part(page: &str) -> &str {
    page.split("<main").nth(1).unwrap_or(page)
}

#[tokio::test]
async fn the_head_signs_off_a_done_claim_before_the_office_sees_it() {
    let s = start().await;
    let inst = stc_instance(&s).await;
    let task = format!("/tasks/{}", inst.id);
    let focal = Browser::login(&s, "taichinh").await;
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let office = Browser::login(&s, "vanphong").await;
    let pdf: &[u8] = b"%PDF-1.7 quyet dinh";

    // The focal point reports done with evidence: the claim waits for the head.
    let done = [("action", "report_done"), ("outputs", "Quyết định số 15/QĐ-STC")];
    let r = act(&focal, inst.id, &done, &[("quyet-dinh.pdf", pdf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let waiting = state_of(&s, inst.id).await;
    assert_eq!(waiting.progress.state, TaskState::AwaitingSignoff);
    assert_eq!(waiting.progress.reported_done_on, None, "not reported done for the office yet");
    assert_eq!(waiting.completion, None, "not counted as done");
    let files = s.store.instance_evidence(inst.id).await.unwrap_or_default();
    assert_eq!(files.len(), 1, "the evidence is stored with the claim");
    let (_, page) = focal.text(&task).await;
    assert!(page.contains("Chờ lãnh đạo đơn vị ký duyệt"), "{}", main_part(&page));
    assert!(!page.contains("value=\"sign_off\""), "the focal point cannot sign");

    // The office cannot accept it, and is told why; the list filter knows the state.
    let (_, office_page) = office.text(&task).await;
    assert!(!office_page.contains("value=\"accept\""), "no accept form for the office");
    let r = act(&office, inst.id, &[("action", "accept"), ("note", "")], &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = r.text().await.unwrap_or_default();
    assert!(refused.contains("đang chờ lãnh đạo đơn vị ký duyệt"), "{}", main_part(&refused));
    // The office's bulk accept skips it, naming the reason.
    let stc = unit_id(&s, "HT-STC").await;
    let item = format!("{}:{}", inst.id, waiting.version);
    let back = format!("/tasks?unit={stc}");
    let fields = [("action", "accept"), ("item", item.as_str()), ("back", back.as_str())];
    assert_eq!(office.submit("/tasks", "/tasks/bulk", &fields).await.status(), StatusCode::SEE_OTHER);
    let (_, bulk) = office.text(&back).await;
    assert!(bulk.contains("Bỏ qua 1:") && bulk.contains("đang chờ lãnh đạo đơn vị ký duyệt"), "{}", main_part(&bulk));
    assert_eq!(state_of(&s, inst.id).await.progress.state, TaskState::AwaitingSignoff);
    let (_, list) = office.text(&format!("/tasks?state=awaiting_signoff&unit={stc}")).await;
    assert!(list.contains("value=\"awaiting_signoff\""), "the state filter offers it");
    assert!(list.contains(&format!("href=\"/tasks/{}\"", inst.id)), "{}", main_part(&list));
    let (_, counted) = office.text("/tasks?state=reported_done").await;
    assert!(!counted.contains(&format!("href=\"/tasks/{}\"", inst.id)), "not among results to review");

    // The head is told, and the dashboard panel lists the task; the focal point's does not.
    let (_, notes) = head.text("/notifications").await;
    assert!(notes.contains("Chờ ký duyệt:") && notes.contains(&format!("href=\"{task}\"")), "{}", main_part(&notes));
    let (_, board) = head.text("/").await;
    assert!(board.contains("signoff-panel") && board.contains(&format!("href=\"{task}\"")), "{}", main_part(&board));
    let (_, focal_board) = focal.text("/").await;
    assert!(!focal_board.contains("signoff-panel"));

    // Sent back: the reason is required; with one, the focal point sees it and works on.
    let (_, head_page) = head.text(&task).await;
    assert!(head_page.contains("value=\"sign_off\"") && head_page.contains("value=\"send_back\""));
    let r = act(&head, inst.id, &[("action", "send_back"), ("reason", "  ")], &[]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Cần nêu lý do trả lại."));
    let why = "Bổ sung quyết định đã ký số";
    let r = act(&head, inst.id, &[("action", "send_back"), ("reason", why)], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let back = state_of(&s, inst.id).await;
    assert_eq!((back.progress.state, back.progress.return_reason.as_deref()), (TaskState::InProgress, Some(why)));
    let (_, page) = focal.text(&task).await;
    assert!(page.contains("Lãnh đạo đơn vị trả lại, lý do") && page.contains(why), "{}", main_part(&page));
    let (_, focal_notes) = focal.text("/notifications").await;
    assert!(focal_notes.contains("Lãnh đạo đơn vị trả lại báo cáo hoàn thành"), "{}", main_part(&focal_notes));

    // Reported again, then signed off: the office sees it reported done with the signer.
    let again = [("action", "report_done"), ("outputs", "Quyết định số 15/QĐ-STC (bản ký số)")];
    assert_eq!(act(&focal, inst.id, &again, &[("qd-ky-so.pdf", pdf)]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&s, inst.id).await.progress.state, TaskState::AwaitingSignoff);
    let r = act(&head, inst.id, &[("action", "sign_off"), ("note", "Đồng ý")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let signed = state_of(&s, inst.id).await;
    assert_eq!(signed.progress.state, TaskState::ReportedDone);
    assert_eq!(signed.progress.reported_done_on, Some(cchc_app::tracking::today()), "dated the sign-off day");
    assert!(signed.completion.is_some(), "counted as done for the office");
    let (_, office_page) = office.text(&task).await;
    assert!(office_page.contains("Lãnh đạo đơn vị ký duyệt"), "{}", main_part(&office_page));
    assert!(office_page.contains("Giám đốc Sở Tài chính — "), "the signer is named with the time");
    assert!(office_page.contains("value=\"accept\""));
    let r = act(&office, inst.id, &[("action", "accept"), ("note", "Đạt")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(state_of(&s, inst.id).await.progress.state, TaskState::Accepted);
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            action: Some("task.".into()),
            limit: Some(50),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    for a in ["task.sign_off", "task.send_back"] {
        assert!(log.iter().any(|e| e.action == a), "{a} audited: {log:?}");
    }
}

#[tokio::test]
async fn the_api_gives_the_waiting_state_and_the_setting_turns_it_off() {
    let s = start().await;
    let inst = stc_instance(&s).await;
    let api = crate::api::Api::new(&s, &crate::api::token_for(&s, "taichinh", &["tasks:write"]).await).await;
    let body =
        json!({"version": inst.version, "outputs": "Báo cáo số 3/BC-STC", "no_evidence_note": "Đã gửi qua hệ thống"});
    let (st, d) = api.post(&format!("/api/v1/tasks/{}/done", inst.id), &body).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["task"]["state"], "awaiting_signoff");

    // With the setting off, another claim of the focal point goes straight to the office.
    task_signoff_required(&s, false).await;
    let stc = unit_id(&s, "HT-STC").await;
    let f = cchc_storage::model::InstanceFilter {
        unit_id: Some(stc),
        lead_only: true,
        active_only: true,
        states: vec![TaskState::NotStarted],
        ..Default::default()
    };
    let other = s.store.list_instances(&f).await.unwrap_or_default();
    let other = other.into_iter().find(|i| i.id != inst.id).unwrap_or_else(|| panic!("another untouched task"));
    let focal = Browser::login(&s, "taichinh").await;
    let done = [("action", "report_done"), ("outputs", "Đã xong"), ("no_evidence_note", "Hội nghị trực tuyến")];
    assert_eq!(act(&focal, other.id, &done, &[]).await.status(), StatusCode::SEE_OTHER);
    let after = state_of(&s, other.id).await;
    assert_eq!(after.progress.state, TaskState::ReportedDone);
    let office = Browser::login(&s, "vanphong").await;
    let (_, settings) = office.text("/settings/tracking").await;
    assert!(settings.contains("name=\"signoff_tasks\" value=\"1\">"), "unticked on the settings page");
}
