//! A remedy is a tracked task of the inspected unit: its staff see it in their task list
//! ("Kiến nghị cần khắc phục"), other units do not; an overdue remedy reaches the daily
//! reminder digest and every escalation step, each sent once however often the runs repeat.

use cchc_app::notify::Notifier;
use cchc_domain::inspection::{FindingSource, Severity};
use cchc_domain::tracking::{Audience, ItemRef};
use cchc_domain::user::Actor;
use cchc_storage::model_inspection::NewFinding;
use chrono::Duration;

use crate::harness::{start, unit_id, Browser};

#[tokio::test]
async fn an_overdue_remedy_is_listed_reminded_and_escalated_once() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let today = cchc_app::tracking::today();
    let due = today - Duration::days(3);
    let finding = NewFinding {
        inspection_id: None,
        unit_id: stc,
        source: FindingSource::Audit,
        source_ref: "Báo cáo kiểm toán số 7/BC-KTNN".into(),
        severity: Severity::High,
        area: "Tài chính công".into(),
        text: "Chưa công khai dự toán đúng hạn".into(),
        recommendation: "Công khai dự toán trên cổng thông tin của Sở".into(),
        due: Some(due),
        evidence_required: true,
        raised_on: today - Duration::days(40),
    };
    let added = s.store.add_findings(&Actor::system(), &[finding]).await.unwrap_or_else(|e| panic!("{e}"));
    let id = added[0].id;

    // The unit sees it where it sees its work; another unit does not.
    let (_, html) = Browser::login(&s, "taichinh").await.text("/tasks").await;
    assert!(html.contains("Kiến nghị cần khắc phục"), "{html}");
    let row = html.split(&format!("href=\"/findings/{id}\"")).nth(1).unwrap_or_else(|| panic!("no row: {html}"));
    let row = row.split("</tr>").next().unwrap_or_default();
    assert!(row.contains("Công khai dự toán") && row.contains("quá hạn"), "{row}");
    let (_, other) = Browser::login(&s, "tuphap").await.text("/tasks").await;
    assert!(!other.contains(&format!("/findings/{id}\"")));

    // The daily digest lists it, once.
    let n =
        Notifier::from_config(s.store.clone(), &cchc_app::config::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let run = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    let digest = run.digests.iter().find(|d| d.unit_id == stc).unwrap_or_else(|| panic!("{run:?}"));
    let line = digest.lines.iter().find(|l| l.link == format!("/findings/{id}"));
    let line = line.unwrap_or_else(|| panic!("{:?}", digest.lines));
    assert_eq!(line.title, "Khắc phục kiến nghị: Công khai dự toán trên cổng thông tin của Sở");
    assert_eq!((line.due, line.days_left), (due, -3));
    let again = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(again
        .digests
        .iter()
        .filter(|d| d.unit_id == stc)
        .all(|d| d.outcome == cchc_app::notify::DigestOutcome::AlreadyClaimed));
    let (_, notes) = Browser::login(&s, "taichinh").await.text("/notifications").await;
    assert!(notes.contains("Khắc phục kiến nghị: Công khai dự toán"), "{notes}");

    // Escalation: late enough for every step, each recipient once.
    let of_it = |v: &[cchc_app::notify::EscalationSent]| {
        v.iter().filter(|e| e.item == ItemRef::remedy(id)).map(|e| (e.audience, e.won)).collect::<Vec<_>>()
    };
    let late = due + Duration::days(60);
    let r = n.run_escalations(late, false).await.unwrap_or_else(|e| panic!("{e}"));
    let got = of_it(&r);
    for a in [Audience::Focal, Audience::Head, Audience::Office] {
        assert!(got.iter().any(|g| g.0 == a && g.1), "{a:?} in {got:?}");
    }
    let again = n.run_escalations(late, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(of_it(&again).is_empty(), "sent once: {:?}", of_it(&again));
    let (_, head) = Browser::login(&s, "giamdoc.taichinh").await.text("/notifications").await;
    assert!(head.contains("Kiến nghị chưa khắc phục quá hạn 60 ngày"), "{head}");
    assert!(head.contains(&format!("/findings/{id}")), "links to the finding");
    let history = cchc_app::notify::item_history(s.store.as_ref(), ItemRef::remedy(id)).await.unwrap_or_default();
    assert!(history.len() >= 3, "{history:?}");
    // The finding's page shows the escalation steps, recipients by their names.
    let (_, page) = Browser::login(&s, "vanphong").await.text(&format!("/findings/{id}")).await;
    assert!(page.contains("Chuyển cấp khi quá hạn"), "{page}");
    assert!(page.contains("Giám đốc Sở Tài chính"), "the head is named: {page}");
}
