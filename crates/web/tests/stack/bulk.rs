//! Bulk accept and return on the task list: each selected task goes through the single
//! action's rules and version check with its own audit entry; skipped ones are named with the
//! reason; only the office may.

use cchc_domain::tracking::TaskState;
use cchc_storage::model::{AuditFilter, InstanceFilter};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};
use crate::tasks::act;

#[tokio::test]
async fn the_office_accepts_several_tasks_and_is_told_which_were_skipped() {
    let s = start().await;
    // The focal point's done claims go straight to the office here (sign-off: `task_signoff.rs`).
    crate::task_signoff::task_signoff_required(&s, false).await;
    let stc = unit_id(&s, "HT-STC").await;
    let f = InstanceFilter { unit_id: Some(stc), lead_only: true, active_only: true, ..Default::default() };
    // Tasks the unit can still report on (the demo's year has finished or started others).
    let mut mine = s.store.list_instances(&f).await.unwrap_or_default();
    mine.retain(|i| i.progress.state == cchc_domain::tracking::TaskState::NotStarted);
    assert!(mine.len() >= 4, "Sở Tài chính leads several tasks in the demo");
    let focal = Browser::login(&s, "taichinh").await;
    let pdf: &[u8] = b"%PDF-1.7 minh chung";
    for i in &mine[..3] {
        let r = act(&focal, i.id, &[("action", "report_done"), ("outputs", "Đã xong")], &[("mc.pdf", pdf)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    let fresh = |id: i64| {
        let store = s.store.clone();
        async move { store.get_instance(id).await.unwrap_or_else(|e| panic!("{e}")) }
    };
    let (a, b, c, d) = (fresh(mine[0].id).await, fresh(mine[1].id).await, fresh(mine[2].id).await, mine[3].clone());
    let items = [
        format!("{}:{}", a.id, a.version),
        format!("{}:{}", b.id, b.version),
        format!("{}:{}", c.id, c.version - 1), // the list was read before the unit's report
        format!("{}:{}", d.id, d.version),     // not reported done: cannot be accepted
    ];
    let before = s
        .store
        .list_audit(&AuditFilter { action: Some("task.accept".into()), limit: Some(100_000), ..Default::default() })
        .await;
    let before = before.unwrap_or_default().len();
    // Only the office may.
    let leader = Browser::login(&s, "lanhdao").await;
    let mut fields: Vec<(&str, &str)> = vec![("action", "accept")];
    fields.extend(items.iter().map(|i| ("item", i.as_str())));
    assert_eq!(leader.submit("/tasks", "/tasks/bulk", &fields).await.status(), StatusCode::FORBIDDEN);
    let office = Browser::login(&s, "vanphong").await;
    let back = format!("/tasks?unit={stc}");
    fields.push(("back", back.as_str()));
    let r = office.submit("/tasks", "/tasks/bulk", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), back);
    let (_, page) = office.text(&back).await;
    assert!(page.contains("Đã chấp nhận 2 nhiệm vụ. Bỏ qua 2:"), "{}", page.split("<main").nth(1).unwrap_or(""));
    assert!(page.contains(&format!("{} ({}): đã có người thay đổi trong lúc chọn", c.task_code, c.label)));
    assert!(page.contains(&format!("{} ({}):", d.task_code, d.label)), "the task not reported done is named");
    for (id, want) in [(a.id, TaskState::Accepted), (b.id, TaskState::Accepted), (c.id, TaskState::ReportedDone)] {
        assert_eq!(fresh(id).await.progress.state, want, "instance {id}");
    }
    assert_eq!(fresh(d.id).await.progress.state, d.progress.state);
    let after = s
        .store
        .list_audit(&AuditFilter { action: Some("task.accept".into()), limit: Some(100_000), ..Default::default() })
        .await;
    assert_eq!(after.unwrap_or_default().len(), before + 2, "one audit entry per accepted task");
    // A return needs its one reason; with it, the rest are returned.
    let item = format!("{}:{}", c.id, c.version);
    let r = office.submit("/tasks", "/tasks/bulk", &[("action", "return"), ("reason", " "), ("item", &item)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let fields = [("action", "return"), ("reason", "Thiếu minh chứng"), ("item", item.as_str())];
    assert_eq!(office.submit("/tasks", "/tasks/bulk", &fields).await.status(), StatusCode::SEE_OTHER);
    let returned = fresh(c.id).await;
    assert_eq!(returned.progress.state, TaskState::Returned);
    assert_eq!(returned.progress.return_reason.as_deref(), Some("Thiếu minh chứng"));
    // The list shows the office a checkbox per row, and nobody else.
    let (_, list) = office.text("/tasks").await;
    assert!(list.contains("form=\"bulk\"") && list.contains("action=\"/tasks/bulk\""));
    let (_, theirs) = leader.text("/tasks").await;
    assert!(!theirs.contains("action=\"/tasks/bulk\""), "the leader's (cached) list has no bulk controls");
}
