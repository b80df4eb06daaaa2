//! The task list's other views and controls: the timeline and the calendar of deadlines (the
//! list's filters and scope), the office's bulk reminder (one notification and one audit entry
//! per task, once a day), the print view's heading, the scorecard's 766 line, and the upload
//! limit stated beside the evidence input.

use cchc_domain::tracking::TaskState;
use cchc_storage::model::{AuditFilter, InstanceFilter, InstanceRecord};
use chrono::Datelike;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

async fn led_by(s: &Server, code: &str) -> Vec<InstanceRecord> {
    let f = InstanceFilter {
        unit_id: Some(unit_id(s, code).await),
        lead_only: true,
        active_only: true,
        ..Default::default()
    };
    s.store.list_instances(&f).await.unwrap_or_default()
}

/// Instances a unit's staff may see: those it leads or coordinates.
async fn visible_to(s: &Server, code: &str) -> Vec<InstanceRecord> {
    let f = InstanceFilter { unit_id: Some(unit_id(s, code).await), active_only: true, ..Default::default() };
    s.store.list_instances(&f).await.unwrap_or_default()
}

fn main_of(html: &str) -> &str {
    html.split("<main").nth(1).unwrap_or(html)
}

#[tokio::test]
async fn the_timeline_draws_a_plans_tasks_and_a_unit_sees_only_its_own() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let stc = led_by(&s, "HT-STC").await;
    let doc = stc.iter().find(|i| i.due.is_some()).map(|i| i.document_id).unwrap_or_else(|| panic!("a dated task"));
    // Reachable from the plan page and the task list.
    let (_, plan) = office.text(&format!("/plans/{doc}")).await;
    assert!(plan.contains(&format!("href=\"/tasks/timeline?document={doc}\"")), "plan page links the timeline");
    let (_, list) = office.text(&format!("/tasks?document={doc}")).await;
    assert!(list.contains(&format!("href=\"/tasks/timeline?document={doc}\"")), "the list links it, filters kept");
    let (status, html) = office.text(&format!("/tasks/timeline?document={doc}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    let all = s
        .store
        .list_instances(&InstanceFilter { document_id: Some(doc), active_only: true, ..Default::default() })
        .await
        .unwrap_or_default();
    assert!(html.contains(&format!("<p id=\"tl-total\">{} nhiệm vụ", all.len())), "{}", main_of(&html));
    let rows = html.matches("<li class=\"tl-row").count();
    assert_eq!(rows, all.len().min(50), "one row per task, a page at a time");
    assert!(html.contains("class=\"tl-axis\"") && html.contains("Hôm nay"), "the axis with today's line");
    assert!(html.contains("class=\"tl-today\""));
    assert!(html.contains("<li class=\"tl-area\"><h2>"), "rows grouped by area");
    // A dated task's row: linked, with its deadline and a bar coloured by its status.
    let t = &stc[0];
    assert!(html.contains(&format!("<a href=\"/tasks/{}\">{}.", t.id, t.task_code)) || all.len() > 50);
    assert!(html.contains("<rect class=\"st-") || html.contains("<rect class=\"tl-due st-"), "bars drawn");
    if all.len() > 50 {
        let (_, p2) = office.text(&format!("/tasks/timeline?document={doc}&page=2")).await;
        assert!(p2.contains("Trang 2/"), "paged");
    }
    // A unit's staff: only tasks their unit leads or coordinates.
    let focal = Browser::login(&s, "taichinh").await;
    let (_, theirs) = focal.text(&format!("/tasks/timeline?document={doc}")).await;
    let mine: Vec<i64> =
        visible_to(&s, "HT-STC").await.into_iter().filter(|i| i.document_id == doc).map(|i| i.id).collect();
    assert!(theirs.contains(&format!("<p id=\"tl-total\">{} nhiệm vụ", mine.len())), "{}", main_of(&theirs));
    let foreign = all.iter().find(|i| !mine.contains(&i.id)).unwrap_or_else(|| panic!("another unit's task"));
    assert!(!theirs.contains(&format!("href=\"/tasks/{}\"", foreign.id)), "another unit's task is not shown");
    // Bad input: a clear error, not a crash.
    assert_eq!(office.get("/tasks/timeline?unit=abc").await.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_calendar_lists_each_days_deadlines_within_the_users_scope() {
    let s = start().await;
    let stc = led_by(&s, "HT-STC").await;
    let t = stc.iter().find(|i| i.due.is_some()).cloned().unwrap_or_else(|| panic!("a dated task"));
    let due = t.due.unwrap_or_default();
    let month = format!("{:04}-{:02}", due.year(), due.month());
    let office = Browser::login(&s, "vanphong").await;
    let (status, html) = office.text(&format!("/tasks/calendar?month={month}&day={due}")).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains(&format!("tháng {}/{}", due.month(), due.year())), "{}", main_of(&html));
    // The day's list names the task with its link; the grid counts it on its day.
    assert!(html.contains(&format!("Nhiệm vụ có hạn ngày {}", due.format("%d/%m/%Y"))));
    assert!(html.contains(&format!("<a href=\"/tasks/{}\">{}.", t.id, t.task_code)), "{}", main_of(&html));
    assert!(html.contains(&format!("day={due}#day")), "the day's count links to its list");
    // Previous and next months keep the filters.
    let prev = (due.with_day(1).unwrap_or(due) - chrono::Duration::days(1)).format("%Y-%m").to_string();
    assert!(html.contains(&format!("month={prev}\" rel=\"prev\"")), "previous month link");
    // The month's count is the list's query narrowed to the month.
    let first = due.with_day(1).unwrap_or(due);
    let last = first + chrono::Months::new(1) - chrono::Duration::days(1);
    let f = InstanceFilter { due_from: Some(first), due_to: Some(last), active_only: true, ..Default::default() };
    let n = s.store.count_instances(&f).await.unwrap_or_default();
    assert!(html.contains(&format!("<p id=\"cal-total\">{n} nhiệm vụ có hạn trong tháng")), "{}", main_of(&html));
    // A unit's staff see only their own unit's tasks.
    let focal = Browser::login(&s, "tuphap").await;
    let stp_visible: Vec<i64> = visible_to(&s, "HT-STP").await.into_iter().map(|i| i.id).collect();
    let (_, theirs) = focal.text(&format!("/tasks/calendar?month={month}&day={due}")).await;
    if !stp_visible.contains(&t.id) {
        assert!(!theirs.contains(&format!("href=\"/tasks/{}\"", t.id)), "another unit's task is hidden");
    }
    let f = InstanceFilter { unit_id: Some(unit_id(&s, "HT-STP").await), ..f };
    let n = s.store.count_instances(&f).await.unwrap_or_default();
    assert!(theirs.contains(&format!("<p id=\"cal-total\">{n} nhiệm vụ có hạn trong tháng")));
    // The filters narrow it too (overdue only), and bad months are refused with the reason.
    let (status, _) = office.text(&format!("/tasks/calendar?month={month}&overdue=1")).await;
    assert_eq!(status, StatusCode::OK);
    let (status, html) = office.text("/tasks/calendar?month=2026-13").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(html.contains("Tháng «2026-13» không hợp lệ"), "{html}");
    assert_eq!(Browser::new(&s).get("/tasks/calendar").await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_office_reminds_the_units_of_chosen_tasks_once_a_day() {
    let s = start().await;
    let a = led_by(&s, "HT-STC").await.into_iter().find(|i| i.progress.state == TaskState::NotStarted);
    let b = led_by(&s, "HT-STP").await.into_iter().find(|i| i.progress.state == TaskState::NotStarted);
    let (a, b) = (a.unwrap_or_else(|| panic!("an STC task")), b.unwrap_or_else(|| panic!("an STP task")));
    let items = [format!("{}:{}", a.id, a.version), format!("{}:{}", b.id, b.version)];
    let mut fields: Vec<(&str, &str)> = vec![("action", "remind"), ("reason", "Đề nghị khẩn trương")];
    fields.extend(items.iter().map(|i| ("item", i.as_str())));
    let audits = || async {
        let f = AuditFilter { action: Some("notify.task_reminder".into()), ..Default::default() };
        s.store.list_audit(&f).await.unwrap_or_default().len()
    };
    let before = audits().await;
    // Only the office may.
    let leader = Browser::login(&s, "lanhdao").await;
    assert_eq!(leader.submit("/tasks", "/tasks/bulk", &fields).await.status(), StatusCode::FORBIDDEN);
    let office = Browser::login(&s, "vanphong").await;
    let (_, list) = office.text("/tasks").await;
    assert!(list.contains("<option value=\"remind\">Nhắc nhở</option>"), "the bulk form offers it");
    let r = office.submit("/tasks", "/tasks/bulk", &fields).await;
    assert_eq!((r.status(), location(&r)), (StatusCode::SEE_OTHER, "/tasks".to_string()));
    let (_, page) = office.text("/tasks").await;
    assert!(
        page.contains(
            "Đã gửi nhắc nhở 2 nhiệm vụ tới: Sở Tài chính (Tỉnh Hà Tĩnh) — 1; Sở Tư pháp (Tỉnh Hà Tĩnh) — 1."
        ) || page.contains(
            "Đã gửi nhắc nhở 2 nhiệm vụ tới: Sở Tư pháp (Tỉnh Hà Tĩnh) — 1; Sở Tài chính (Tỉnh Hà Tĩnh) — 1."
        ),
        "{}",
        main_of(&page)
    );
    assert_eq!(audits().await, before + 2, "one audit entry per reminder");
    // Each unit sees its own reminder, with the note and the link; not the other's.
    let focal = Browser::login(&s, "taichinh").await;
    let (_, n) = focal.text("/notifications").await;
    assert!(n.contains("Nhắc nhở thực hiện nhiệm vụ") && n.contains("Đề nghị khẩn trương"), "{}", main_of(&n));
    assert!(n.contains(&format!("/tasks/{}", a.id)) && !n.contains(&format!("/tasks/{}\"", b.id)));
    // The same day again: nothing sent, and the message says why.
    let r = office.submit("/tasks", "/tasks/bulk", &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = office.text("/tasks").await;
    assert!(page.contains("Đã gửi nhắc nhở 0 nhiệm vụ. Bỏ qua 2:") && page.contains("đã được nhắc hôm nay"));
    assert_eq!(audits().await, before + 2);
    // Nothing chosen: a clear error.
    let r = office.submit("/tasks", "/tasks/bulk", &[("action", "remind")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_print_view_states_its_filters_and_the_day() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let office = Browser::login(&s, "vanphong").await;
    let (status, html) = office.text(&format!("/tasks?unit={stc}&overdue=1&print=1")).await;
    assert_eq!(status, StatusCode::OK);
    let today = cchc_app::tracking::today().format("%d/%m/%Y").to_string();
    assert!(html.contains(&format!("Ngày in: {today}")), "{}", main_of(&html));
    let stated = "Điều kiện lọc: Đơn vị: <strong>Sở Tài chính (Tỉnh Hà Tĩnh)</strong>; Chỉ nhiệm vụ quá hạn</p>";
    assert!(html.contains(stated), "{}", main_of(&html));
    let (_, plain) = office.text("/tasks?print=1").await;
    assert!(plain.contains("Điều kiện lọc: tất cả nhiệm vụ"));
    let (_, screen) = office.text("/tasks").await;
    assert!(!screen.contains("Ngày in:"), "only the print view carries it");
}

/// Q1 2025 dossiers of the finance department, all finished on time.
const DOSSIERS: &str = "code,procedure,unit,received,due,finished,channel,online_level,fee,paid_online,digitised,electronic_result,rating,status,updated\n\
    SC-1,P1,HT-STC,03/01/2025 08:00,10/01/2025 17:00,08/01/2025 10:00,2,full,1,1,1,1,5,3,08/01/2025 10:00\n\
    SC-2,P2,HT-STC,05/02/2025 08:00,12/02/2025 17:00,06/02/2025 10:00,1,,0,0,1,1,4,3,06/02/2025 10:00\n";

async fn upload(b: &Browser, kind: &str, name: &str, body: &str) -> StatusCode {
    let token = b.csrf("/kpi/import").await;
    let form = Form::new()
        .text("_csrf", token)
        .text("kind", kind.to_string())
        .part("file", Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()));
    let r = b.client.post(format!("{}/kpi/import", b.base)).multipart(form).send().await;
    r.unwrap_or_else(|e| panic!("{e}")).status()
}

#[tokio::test]
async fn the_scorecard_shows_the_units_latest_766_score_with_its_explanation() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, before) = office.text(&format!("/units/{stc}/scorecard")).await;
    assert!(before.contains("Chưa có hồ sơ nào của đơn vị được ghi nhận để tính điểm 766."), "{}", main_of(&before));
    assert_eq!(upload(&office, "catalogue", "tthc.csv", crate::kpi::CATALOGUE).await, StatusCode::SEE_OTHER);
    assert_eq!(upload(&office, "dossiers", "hs.csv", DOSSIERS).await, StatusCode::SEE_OTHER);
    let (_, card) = office.text(&format!("/units/{stc}/scorecard")).await;
    let line = card.split("<p id=\"sc-766\">").nth(1).and_then(|x| x.split("</p>").next()).unwrap_or("");
    assert!(line.starts_with("Quý I/2025: điểm <strong>"), "{line}");
    assert!(line.contains("href=\"/kpi?unit=HT-STC&amp;g=quarter&amp;p=2025-Q1\""), "{line}");
    // The same line as the 766 page shows for the unit and quarter.
    let score = line.split("<strong>").nth(1).and_then(|x| x.split("</strong>").next()).unwrap_or("?").to_string();
    let (_, kpi) = office.text("/kpi?unit=HT-STC&g=quarter&p=2025-Q1").await;
    assert!(kpi.contains(&score), "the 766 page shows {score}");
    // The unit's own staff see it on their own scorecard.
    let focal = Browser::login(&s, "taichinh").await;
    let (_, theirs) = focal.text(&format!("/units/{stc}/scorecard")).await;
    assert!(theirs.contains(&format!("Quý I/2025: điểm <strong>{score}</strong>")));
}

#[tokio::test]
async fn the_evidence_input_states_its_limit_and_types_before_upload() {
    let s = start().await;
    // A task the unit can still report done on (one reported done shows no form).
    let t = led_by(&s, "HT-STC").await.into_iter().find(|i| i.progress.state.is_open());
    let t = t.unwrap_or_else(|| panic!("an open task"));
    let focal = Browser::login(&s, "taichinh").await;
    let (_, html) = focal.text(&format!("/tasks/{}", t.id)).await;
    let limit = cchc_app::config::Config::default().limits.max_upload_bytes / (1024 * 1024);
    assert!(html.contains(&format!("Tối đa {limit} MB cho một lần gửi")), "{}", main_of(&html));
    assert!(html.contains("accept=\".pdf,.docx,.xlsx,") && html.contains(".png\""), "the accept list");
}
