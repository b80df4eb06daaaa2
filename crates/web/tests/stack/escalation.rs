//! Escalation of overdue work: the office sets the steps on the settings form (a step before
//! an earlier audience's is refused with the input kept); the daily run reaches the unit, its
//! head, then the office and the leader, each once however often it runs; the task page
//! shows the history and each recipient finds the notice.

use cchc_app::notify::Notifier;
use cchc_domain::tracking::{Audience, TaskState};
use cchc_storage::model::{AuditFilter, InstanceFilter};
use cchc_storage::traits_notify::NotifyScope;
use chrono::Duration;
use reqwest::StatusCode;

use crate::harness::{start, unit_id, Browser};

const PAGE: &str = "/settings/tracking";

fn fields<'a>(focal: &'a str, head: &'a str, office: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("offsets_days", "7, 3, 1"),
        ("overdue_every_days", "7"),
        ("escalate_focal_days", focal),
        ("escalate_head_days", head),
        ("escalate_office_days", office),
        ("due_soon_days", "10"),
        ("event_allowance_days", "20"),
        ("recurring_grace_days", "0"),
        ("provincial_due", "15/01"),
        ("central_due", "31/01"),
        ("commune_due", "05/02"),
    ]
}

#[tokio::test]
async fn overdue_work_escalates_step_by_step_once() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, page) = office.text(PAGE).await;
    assert!(page.contains("Chuyển cấp khi quá hạn") && page.contains("value=\"7\""), "defaults shown");
    let r = office.submit(PAGE, PAGE, &fields("5", "3", "")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Cấp sau không được nhận sớm hơn cấp trước"), "{html}");
    assert!(html.contains("name=\"escalate_focal_days\" type=\"number\" value=\"5\""), "input kept");
    let r = office.submit(PAGE, PAGE, &fields("2", "10", "20")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let stc = unit_id(&s, "HT-STC").await;
    let f = InstanceFilter {
        unit_id: Some(stc),
        lead_only: true,
        active_only: true,
        states: vec![TaskState::NotStarted, TaskState::InProgress],
        ..Default::default()
    };
    // One due from today on: the demo's year has escalated the overdue ones already.
    let today = cchc_app::tracking::today();
    let inst =
        s.store.list_instances(&f).await.unwrap_or_default().into_iter().find(|i| i.due.is_some_and(|d| d >= today));
    let inst = inst.unwrap_or_else(|| panic!("an open task of Sở Tài chính due from today on"));
    let due = inst.due.unwrap_or_default();
    let n =
        Notifier::from_config(s.store.clone(), &cchc_app::config::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let of_inst = |v: &[cchc_app::notify::EscalationSent]| {
        v.iter()
            .filter(|e| e.item == cchc_domain::tracking::ItemRef::task(inst.id))
            .map(|e| (e.audience, e.to.clone(), e.won))
            .collect::<Vec<_>>()
    };
    // Day 1 overdue: no step yet (the focal step is at day 2).
    let r = n.run_escalations(due + Duration::days(1), false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(of_inst(&r).is_empty());
    // Day 12: the unit and its head; the head is reached in person.
    let r = n.run_escalations(due + Duration::days(12), false).await.unwrap_or_else(|e| panic!("{e}"));
    let got = of_inst(&r);
    assert_eq!(got.iter().filter(|g| g.0 == Audience::Focal).count(), 1, "{got:?}");
    assert!(got.iter().any(|g| g.0 == Audience::Head && g.1.starts_with("to:user:") && g.2), "{got:?}");
    assert!(!got.iter().any(|g| g.0 == Audience::Office));
    // Run again the same day (another node): nothing new.
    let again = n.run_escalations(due + Duration::days(12), false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(of_inst(&again).is_empty(), "{:?}", of_inst(&again));
    // Day 25: the office and the leader, each once; earlier steps are not repeated.
    let r = n.run_escalations(due + Duration::days(25), false).await.unwrap_or_else(|e| panic!("{e}"));
    let got = of_inst(&r);
    assert!(got.iter().all(|g| g.0 == Audience::Office && g.2), "{got:?}");
    assert!(got.len() >= 2, "office and leader: {got:?}");

    let head_b = Browser::login(&s, "giamdoc.taichinh").await;
    let (_, head) = head_b.text("/notifications").await;
    assert!(head.contains("Nhiệm vụ quá hạn 12 ngày"), "{head}");
    // The reminder letter goes with the head's step: named in the notice, linked from the
    // task page, readable by the head.
    assert!(head.contains("Kèm công văn đôn đốc"), "{head}");
    let letter = format!("/units/{stc}/reminder-letter.docx");
    let (_, task) = head_b.text(&format!("/tasks/{}", inst.id)).await;
    assert!(task.contains(&letter), "{task}");
    let r = head_b.get(&letter).await;
    let ok = r.status() == StatusCode::OK || r.status() == StatusCode::NOT_FOUND;
    assert!(ok, "the head reads the letter (404 only if nothing is overdue today): {}", r.status());
    let (_, leader) = Browser::login(&s, "lanhdao").await.text("/notifications").await;
    assert!(leader.contains("Nhiệm vụ quá hạn"), "{leader}");
    // The leader's list holds every overdue task of the demo: find this one among them all.
    let users = s.store.list_users().await.unwrap_or_default();
    let leader_id = users.iter().find(|u| u.login == "lanhdao").map(|u| u.id).unwrap_or_default();
    let mine = s.store.list_notifications(NotifyScope::User(leader_id), false, 1000).await.unwrap_or_default();
    assert!(
        mine.iter().any(|m| m.link == format!("/tasks/{}", inst.id) && m.title.starts_with("Nhiệm vụ quá hạn 25 ngày")),
        "{mine:?}"
    );
    let (_, other) = Browser::login(&s, "tuphap").await.text("/notifications").await;
    assert!(!other.contains(&format!("href=\"/tasks/{}\"", inst.id)));

    let (status, task) = office.text(&format!("/tasks/{}", inst.id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(task.contains("Chuyển cấp khi quá hạn"), "{task}");
    assert!(task.contains("Giám đốc Sở Tài chính") && task.contains("Chủ tịch UBND tỉnh"));
    assert!(task.contains("Thủ trưởng đơn vị") && task.contains("Cán bộ của đơn vị"));

    let audit = s
        .store
        .list_audit(&AuditFilter {
            action: Some("notify.escalation".into()),
            limit: Some(100_000),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert!(audit.iter().any(|a| a.entity_id.contains(&format!("task_instance:{}:", inst.id))), "audited");
}

/// The text of a WordprocessingML part, tags removed (runs joined).
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn the_office_downloads_a_reminder_letter_listing_the_overdue_tasks() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let today = cchc_app::tracking::today();
    let lines = cchc_app::reminder_letter::overdue_lines(s.store.as_ref(), stc, today).await.unwrap_or_default();
    let office = Browser::login(&s, "vanphong").await;
    let path = format!("/units/{stc}/reminder-letter.docx");
    let (_, page) = office.text(&format!("/units/{stc}")).await;
    let r = office.get(&path).await;
    if lines.is_empty() {
        assert!(!page.contains("reminder-letter.docx"));
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        return;
    }
    assert!(page.contains(&path) && page.contains(&format!("{} nhiệm vụ do đơn vị chủ trì đã quá hạn", lines.len())));
    assert_eq!(r.status(), StatusCode::OK);
    let (_, list) = office.text(&format!("/tasks?unit={stc}&overdue=1")).await;
    assert!(list.contains(&path), "the overdue list links the letter");
    let (_, unfiltered) = office.text(&format!("/tasks?unit={stc}")).await;
    assert!(!unfiltered.contains(&path));
    let bytes = r.bytes().await.unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    let mut part = zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}"));
    std::io::Read::read_to_string(&mut part, &mut xml).unwrap_or_else(|e| panic!("{e}"));
    let xml = text_of(&xml);
    assert!(xml.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") && xml.contains("Kính gửi"), "NĐ 30 header: {xml}");
    assert!(xml.contains("Giám đốc Sở Tài chính"), "addressed to the head");
    assert!(xml.contains("V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính quá hạn"));
    assert!(xml.contains(&lines[0].code) && xml.contains(&lines[0].due.format("%d/%m/%Y").to_string()));
    // The unit's own staff read it (the escalation sends it to them); another unit cannot.
    assert_eq!(Browser::login(&s, "taichinh").await.get(&path).await.status(), StatusCode::OK);
    assert_eq!(Browser::login(&s, "tuphap").await.get(&path).await.status(), StatusCode::FORBIDDEN);
}
