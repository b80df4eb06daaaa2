//! The dashboard keeps its promises: the on-time ranking shows a unit once its task is done,
//! results by area, the overdue and due-soon lists apart, report completeness of the current
//! period; and each unit's scorecard, reached from unit names and scoped by role.

use cchc_storage::model::InstanceFilter;
use reqwest::StatusCode;

use crate::harness::{start, unit_id, Browser};
use crate::tasks::act;

/// The rows of the ranking (both tables) as (unit id, rate shown).
fn ranked_rates(page: &str) -> Vec<(i64, String)> {
    let section = page.split("Tỷ lệ hoàn thành đúng hạn theo đơn vị").nth(1).unwrap_or("");
    let section = section.split("Kết quả thực hiện chỉ tiêu").next().unwrap_or("");
    section
        .split("<tr><td>")
        .skip(1)
        .filter_map(|row| {
            let id = row.split("href=\"/units/").nth(1)?.split('/').next()?.parse().ok()?;
            let rate = row.split("</a></td><td>").nth(1)?.split("</td>").next()?.to_string();
            Some((id, rate))
        })
        .collect()
}

fn rate_of(rows: &[(i64, String)], unit: i64) -> Option<f64> {
    let r = rows.iter().find(|(u, _)| *u == unit)?;
    r.1.trim_end_matches('%').replace(',', ".").parse().ok()
}

#[tokio::test]
async fn the_ranking_shows_a_unit_once_its_task_is_completed_and_accepted() {
    let s = start().await;
    // The focal point's done claim goes straight to the office here (sign-off: `task_signoff.rs`).
    crate::task_signoff::task_signoff_required(&s, false).await;
    let today = cchc_app::tracking::today();
    let leader = Browser::login(&s, "lanhdao").await;
    // The unit ranked lowest (the demo's year has work late or overdue), with a task nobody
    // has touched; a focal account for it.
    let before = ranked_rates(&leader.text("/").await.1);
    let mut subject = None;
    for (unit, _) in before.iter().rev() {
        let f = InstanceFilter { unit_id: Some(*unit), lead_only: true, active_only: true, ..Default::default() };
        let open = s.store.list_instances(&f).await.unwrap_or_default();
        if let Some(i) = open.into_iter().find(|i| i.progress.state == cchc_domain::tracking::TaskState::NotStarted) {
            subject = Some((*unit, i));
            break;
        }
    }
    let (unit, inst) = subject.unwrap_or_else(|| panic!("a ranked unit with an untouched task: {before:?}"));
    let rate_before = rate_of(&before, unit).unwrap_or_else(|| panic!("its rate"));
    assert!(rate_before < 100.0, "{before:?}");
    let form = cchc_app::accounts::UserForm {
        login: "daumoi.thap".into(),
        full_name: "Đầu mối CCHC".into(),
        email: String::new(),
        role: Some(cchc_domain::role::Role::UnitFocal),
        unit_id: Some(unit),
        password: crate::harness::PASSWORD.into(),
    };
    cchc_app::accounts::create_user(s.store.as_ref(), &cchc_domain::user::Actor::system(), form)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // A due date ahead (as a recorded event would), so finishing it now is on time.
    let actor = cchc_domain::user::Actor { user_id: None, login: "test".into() };
    let ahead = today + chrono::Duration::days(10);
    s.store.record_event_occurrence(&actor, inst.id, today, Some(ahead)).await.unwrap_or_else(|e| panic!("{e}"));
    let focal = Browser::login(&s, "daumoi.thap").await;
    let office = Browser::login(&s, "vanphong").await;
    let pdf: &[u8] = b"%PDF-1.7 minh chung";
    let fields = [("action", "report_done"), ("outputs", "Kế hoạch số 15/KH")];
    let r = act(&focal, inst.id, &fields, &[("ke-hoach.pdf", pdf)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = act(&office, inst.id, &[("action", "accept"), ("note", "Đạt")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let done = s.store.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(done.completion.as_deref(), Some("late"), "{done:?}");
    let after = ranked_rates(&leader.text("/").await.1);
    let link = format!("/units/{unit}/scorecard");
    match rate_of(&after, unit) {
        Some(rate) => assert!(rate > rate_before, "its rate rose from {rate_before}: {after:?}"),
        // Risen out of the lowest ten into the unshown middle.
        None => assert_eq!(after.len(), 20, "it left the lowest ten only for the unshown middle: {after:?} {link}"),
    }
}

#[tokio::test]
async fn the_dashboard_shows_areas_overdue_due_soon_and_report_completeness() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (status, page) = office.text("/").await;
    assert_eq!(status, StatusCode::OK);
    let today = cchc_app::tracking::today();
    // Results by area: each active plan's areas with the counts of the store's grouped query.
    assert!(page.contains("Kết quả theo lĩnh vực"), "area breakdown shown");
    let f = InstanceFilter { active_only: true, ..Default::default() };
    let by_area = s.store.state_counts_by_area(&f, today).await.unwrap_or_default();
    let (doc, area, c) = by_area.iter().find(|(_, a, _)| !a.is_empty()).unwrap_or_else(|| panic!("demo has areas"));
    let base = format!("/tasks?document={doc}&amp;area={area}");
    assert!(page.contains(&format!("<a href=\"{base}\">{}</a>", c.total)), "area {area} total {}", c.total);
    assert!(page.contains(&format!("<a href=\"{base}&amp;overdue=1\">{}</a>", c.overdue)), "area {area} overdue");
    // The overdue list: its total, most overdue first, days late; no more than a page.
    let overdue = InstanceFilter { overdue_on: Some(today), ..f.clone() };
    let n = s.store.count_instances(&overdue).await.unwrap_or_default();
    assert!(n > 0, "the demo has overdue work");
    let section = page.split("id=\"overdue-title\"").nth(1).unwrap_or("");
    assert!(section.contains(&format!("<small>({n})</small>")), "overdue total {n}");
    let list = section.split("</table>").next().unwrap_or("");
    let rows: Vec<&str> = list.split("<tr><td><a href=\"/tasks/").skip(1).collect();
    assert!((1..=10).contains(&rows.len()), "one short page: {}", rows.len());
    // The last cell of each row is the days late.
    let days: Vec<i64> =
        rows.iter().filter_map(|r| r.split("</td></tr>").next()?.rsplit("<td>").next()?.trim().parse().ok()).collect();
    assert_eq!(days.len(), rows.len(), "every row says how many days late");
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "most overdue first: {days:?}");
    if n > 10 {
        assert!(section.contains("/tasks?overdue=1\">Xem tất cả"), "link to the whole list");
    }
    // Due soon is apart from overdue: nothing in it is past due.
    let soon = page.split("id=\"soon-title\"").nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    assert!(!soon.contains("Quá hạn"), "due soon lists no overdue work");
    let (_, soon_list) = office.text("/tasks?soon=1").await;
    assert!(!soon_list.contains("class=\"status-overdue\""), "the due-soon task list holds no overdue task");
    // Report completeness of the current period, with the link to the reports page.
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let p = cchc_app::dashboard::reporting::current_period(&cfg, today).unwrap_or_else(|| panic!("a period"));
    assert!(page.contains(&format!("Tình hình gửi báo cáo: {}", p.label_vi)), "current period {}", p.label_vi);
    assert!(page.contains(&format!("href=\"/reports?period={}\"", p.key)));
}

#[tokio::test]
async fn the_scorecard_is_reached_from_unit_names_and_scoped_by_role() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let stp = unit_id(&s, "HT-STP").await;
    let office = Browser::login(&s, "vanphong").await;
    // Unit names on the task list, the dashboard and the reports overview link to it.
    for page in ["/tasks", "/", "/reports"] {
        let (_, html) = office.text(page).await;
        assert!(html.contains("class=\"unit-link\" href=\"/units/"), "{page} links unit names");
    }
    let (_, tasks) = office.text(&format!("/tasks?unit={stc}")).await;
    assert!(tasks.contains(&format!("href=\"/units/{stc}/scorecard\"")));
    // What it shows: the unit's tasks by state and its overdue ones.
    let (status, card) = office.text(&format!("/units/{stc}/scorecard")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(card.contains("Kết quả của đơn vị") && card.contains("Sở Tài chính"));
    let today = cchc_app::tracking::today();
    let mine = InstanceFilter { unit_id: Some(stc), lead_only: true, active_only: true, ..Default::default() };
    let c = s.store.state_counts(&mine, today).await.unwrap_or_default();
    assert!(card.contains(&format!("<strong>{}</strong><span>nhiệm vụ đang theo dõi", c.total)));
    assert!(card.contains(&format!("<strong class=\"bad\">{}</strong><span>quá hạn", c.overdue)));
    assert!(card.contains("Báo cáo định kỳ năm") && card.contains("/kpi?unit=HT-STC"));
    // Province-wide readers see every unit's; a unit's staff only their own.
    for login in ["lanhdao", "thamdinh"] {
        let b = Browser::login(&s, login).await;
        assert_eq!(b.get(&format!("/units/{stp}/scorecard")).await.status(), StatusCode::OK, "{login}");
    }
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(&format!("/units/{stc}/scorecard")).await.status(), StatusCode::OK);
    assert_eq!(focal.get(&format!("/units/{stp}/scorecard")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(Browser::new(&s).get(&format!("/units/{stc}/scorecard")).await.status(), StatusCode::SEE_OTHER);
}
