//! The working-day calendar through the whole stack: the built-in template is labelled; the
//! office adds a holiday on an open task's due date, previews the move and confirms it; bad
//! days and bad files are refused with their line and change nothing; a stale confirmation
//! moves nothing.

use chrono::Datelike;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, Browser};
use crate::tasks::stc_instance;

const PAGE: &str = "/settings/workdays";
const PREVIEW: &str = "/settings/workdays/recompute";

async fn upload(b: &Browser, name: &str, body: &[u8]) -> reqwest::Response {
    let token = b.csrf(PAGE).await;
    let form = Form::new().text("_csrf", token).part("file", Part::bytes(body.to_vec()).file_name(name.to_string()));
    b.client.post(format!("{}{PAGE}/import", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

fn ids_in(html: &str) -> Vec<String> {
    html.split("name=\"id\" value=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

#[tokio::test]
async fn a_holiday_on_a_due_date_moves_open_work_after_a_preview() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (status, html) = office.text("/settings/workdays?year=2025").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("mẫu, chưa xác nhận") && html.contains("Tết Nguyên đán"), "the template is shown");

    // A substitute working day on a Monday, a name missing: both named, input kept, nothing stored.
    let bad = [("date", "03/03/2025"), ("kind", "working_day"), ("name", "")];
    let r = office.submit(PAGE, PAGE, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật") && html.contains("Tên ngày phải có"), "{html}");
    assert!(html.contains("value=\"03/03/2025\""), "the user's input is kept");
    assert_eq!(s.store.work_calendar().await.unwrap_or_default(), None);

    // A bad file: every line named, nothing stored.
    let csv = "Ngày,Loại,Tên\n01/01/2027,nghỉ,Tết Dương lịch\n31/02/2027,nghỉ,x\n04/01/2027,đi chơi,y\n";
    let r = upload(&office, "lich.csv", csv.as_bytes()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Dòng 3: «31/02/2027» không phải ngày") && html.contains("Dòng 4: loại «đi chơi»"), "{html}");
    assert_eq!(s.store.work_calendar().await.unwrap_or_default(), None);
    let r = upload(&office, "lich.pdf", b"%PDF-1.4").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A good file replaces its year only; the template's other years are kept.
    let r = upload(&office, "lich.csv", "Ngày,Loại,Tên\n01/01/2027,nghỉ,Tết Dương lịch\n".as_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let saved = s.store.work_calendar().await.unwrap_or_default().unwrap_or_default();
    assert!(saved.iter().any(|d| d.date.year() == 2027) && saved.iter().any(|d| d.date.year() == 2025));

    // A holiday on an open task's (working) due date: the preview lists it, nothing moves yet.
    let inst = stc_instance(&s).await;
    let due = inst.due.unwrap_or_else(|| panic!("the demo task has a due date"));
    let text = due.format("%d/%m/%Y").to_string();
    let r = office.submit(PAGE, PAGE, &[("date", &text), ("kind", "holiday"), ("name", "Nghỉ đột xuất")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(location(&r).starts_with(PAGE));
    let (_, html) = office.text(PREVIEW).await;
    let ids = ids_in(&html);
    assert!(ids.contains(&inst.id.to_string()), "the task is listed: {html}");
    assert_eq!(s.store.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}")).due, Some(due));

    // A confirmation that does not match the preview moves nothing.
    let token = office.csrf(PREVIEW).await;
    let r = office.post(PREVIEW, &[("_csrf", token.as_str()), ("id", "999999")]).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.store.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}")).due, Some(due));

    // The confirmed preview moves the due date to the next working day, audited.
    let mut fields: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    fields.extend(ids.iter().map(|i| ("id", i.as_str())));
    let r = office.post(PREVIEW, &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{:?}", r.text().await);
    let after = s.store.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}")).due.unwrap_or(due);
    let cal = cchc_app::workdays::calendar(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(after > due && cal.is_working_day(after), "{due} → {after}");
    let (_, html) = office.text(PREVIEW).await;
    assert!(ids_in(&html).is_empty(), "nothing left to move");
    let (_, task) = office.text(&format!("/tasks/{}", inst.id)).await;
    assert!(task.contains(&after.format("%d/%m/%Y").to_string()), "the task page shows the new due date");

    // The calendar exports in the import layout; other roles are refused.
    let r = office.get("/settings/workdays.csv").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.text().await.unwrap_or_default().contains("Nghỉ đột xuất"));
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(PAGE).await.status(), StatusCode::FORBIDDEN);
}
