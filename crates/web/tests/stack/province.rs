//! The demo is one living province: Hà Tĩnh's plan moved into this year and said so on every
//! page, its year so far replayed (results accepted and returned, late and overdue work,
//! reports submitted, escalations sent), and no list showing two units under one name.

use std::collections::{BTreeMap, BTreeSet};

use cchc_domain::tracking::TaskState;
use cchc_storage::model::InstanceFilter;
use chrono::Datelike;
use reqwest::StatusCode;

use crate::harness::{start, Browser};

/// Every unit link of a page as (displayed name, unit id).
fn unit_links(page: &str) -> Vec<(String, i64)> {
    page.split("class=\"unit-link\" href=\"/units/")
        .skip(1)
        .filter_map(|rest| {
            let id = rest.split('/').next()?.parse().ok()?;
            let name = rest.split('>').nth(1)?.split("</a").next()?.to_string();
            Some((name, id))
        })
        .collect()
}

fn assert_unambiguous(seen: &BTreeMap<String, BTreeSet<i64>>) {
    let shared: Vec<_> = seen.iter().filter(|(_, ids)| ids.len() > 1).collect();
    assert!(shared.is_empty(), "names shown for more than one unit: {shared:?}");
}

/// The number in the dashboard card linking to `href`.
fn card(page: &str, href: &str) -> i64 {
    let at = format!("class=\"card\" href=\"{href}\"><strong");
    page.split(&at)
        .nth(1)
        .and_then(|r| r.split('>').nth(1))
        .and_then(|r| r.split('<').next())
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no card {href}"))
}

#[tokio::test]
async fn the_demo_is_one_province_in_the_middle_of_its_year() {
    let s = start().await;
    let today = cchc_app::tracking::today();
    let office = Browser::login(&s, "vanphong").await;

    // The banner says what the data is, on every page.
    let banner = cchc_app::demo::year::notice(today.year());
    for path in ["/", "/tasks", "/reports", "/plans", "/notifications"] {
        let (status, page) = office.text(path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains("class=\"org-notice\""), "banner on {path}");
        assert!(page.contains(&banner), "banner text on {path}");
    }
    assert!(banner.contains("kế hoạch năm 2025 của tỉnh Hà Tĩnh"));
    let (_, login_page) = Browser::new(&s).text("/login").await;
    assert!(!login_page.contains("org-notice"), "not before logging in");

    // Only Hà Tĩnh's documents, moved into this year.
    let all = s.store.list_instances(&InstanceFilter { active_only: true, ..Default::default() }).await;
    let all = all.unwrap_or_else(|e| panic!("{e}"));
    assert!(!all.is_empty());
    let units = s.store.all_units().await.unwrap_or_else(|e| panic!("{e}"));
    for i in &all {
        if let Some(lead) = i.lead_unit_id {
            let code = units.iter().find(|u| u.id == lead).map(|u| u.code.clone()).unwrap_or_default();
            assert!(code.starts_with("HT"), "a lead of another province: {code} on {}", i.task_code);
        }
        // The plan is issued on 31/12 of the year before; nothing is due earlier.
        let issued = chrono::NaiveDate::from_ymd_opt(today.year() - 1, 12, 31).unwrap_or(today);
        if let Some(due) = i.due {
            assert!(due >= issued, "a date left in another year: {due} ({})", i.task_code);
        }
    }
    let (_, plans) = office.text("/plans").await;
    assert!(!plans.contains("Bình Định") && !plans.contains("Hòa Bình"), "no other province's plan");

    // The year so far: results accepted, late, returned, waiting; overdue work with its days late.
    let count = |st: TaskState| all.iter().filter(|i| i.progress.state == st).count();
    let past = all.iter().filter(|i| i.lead_unit_id.is_some() && i.due.is_some_and(|d| d < today)).count();
    if past >= 10 {
        assert!(count(TaskState::Accepted) > 0, "accepted tasks");
        assert!(count(TaskState::Returned) > 0, "returned tasks");
        assert!(count(TaskState::ReportedDone) > 0, "results waiting for review");
        assert!(all.iter().any(|i| i.completion.as_deref() == Some("late")), "a result delivered late");
        let returned = all.iter().find(|i| i.progress.state == TaskState::Returned).map(|i| i.id).unwrap_or_default();
        let (_, page) = office.text(&format!("/tasks/{returned}")).await;
        assert!(page.contains("đề nghị bổ sung văn bản triển khai"), "the return's reason on the task");
        let accepted = all
            .iter()
            .find(|i| i.progress.state == TaskState::Accepted && i.lead_unit_id.is_some())
            .map(|i| i.id)
            .unwrap_or_default();
        let (_, page) = office.text(&format!("/tasks/{accepted}")).await;
        assert!(page.contains("Kết quả đạt yêu cầu"), "the acceptance on the task");
        assert!(page.contains("Đã ban hành văn bản triển khai"), "a progress note on the task");
    }
    let (_, board) = office.text("/").await;
    let done = card(&board, "/tasks?state=accepted") + card(&board, "/tasks?state=reported_done");
    assert!(done > 0, "done tasks on the dashboard");
    assert!(card(&board, "/tasks?state=accepted") > 0, "accepted tasks on the dashboard");
    assert!(card(&board, "/tasks?overdue=1") > 0, "overdue tasks on the dashboard");
    let overdue = board.split("id=\"overdue-list\"").nth(1).unwrap_or("").split("</table>").next().unwrap_or("");
    let late_days: Vec<i64> = overdue
        .split("</tr>")
        .filter_map(|row| row.rsplit("<td>").next()?.split("</td>").next()?.trim().parse().ok())
        .collect();
    assert!(!late_days.is_empty() && late_days.iter().all(|d| *d > 0), "days late: {late_days:?}");
    let reporting = board.split("id=\"reporting-title\"").nth(1).unwrap_or("");
    let submitted: i64 = ["gửi đúng hạn", "gửi trễ hạn"]
        .iter()
        .filter_map(|label| {
            let before = reporting.split(&format!("<span>{label}</span>")).next()?;
            before.rsplit("<strong>").next()?.split('<').next()?.trim().parse::<i64>().ok()
        })
        .sum();
    assert!(submitted > 0, "submitted reports on the dashboard");

    // Past periods: reports on time, late, accepted and one returned; escalations were sent.
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let periods = cfg.calendar.periods_of_year(today.year());
    let mut seen: BTreeMap<String, BTreeSet<i64>> = BTreeMap::new();
    let mut statuses = String::new();
    for p in &periods {
        let (status, page) = office.text(&format!("/reports?period={}", p.key)).await;
        assert_eq!(status, StatusCode::OK);
        for (name, id) in unit_links(&page) {
            seen.entry(name).or_default().insert(id);
        }
        if p.report_due < today {
            statuses.push_str(&page);
        }
    }
    if periods.iter().any(|p| p.report_due < today) {
        for shown in ["Đã chấp nhận", "Đã trả lại", "Chờ xem xét"] {
            assert!(statuses.contains(shown), "a past period's report {shown}");
        }
        let reports = s.store.reports_of_period(&periods[0].key, cchc_domain::visibility::Visibility::Province).await;
        assert!(!reports.unwrap_or_default().is_empty(), "reports of {}", periods[0].key);
    }
    if all.iter().any(|i| i.due.is_some_and(|d| d + chrono::Duration::days(20) < today)) {
        let claims = s.store.claims_with_prefix("escalation", "escalation:", 10_000).await.unwrap_or_default();
        assert!(!claims.is_empty(), "escalations sent during the year");
    }

    // No two units under one name in the task list (every page) and report tracking.
    let mut page_no = 1;
    loop {
        let (status, page) = office.text(&format!("/tasks?page={page_no}")).await;
        assert_eq!(status, StatusCode::OK);
        let links = unit_links(&page);
        if links.is_empty() || page_no > 20 {
            break;
        }
        for (name, id) in links {
            seen.entry(name).or_default().insert(id);
        }
        page_no += 1;
    }
    assert!(seen.len() > 5, "units shown: {}", seen.len());
    assert_unambiguous(&seen);
}
