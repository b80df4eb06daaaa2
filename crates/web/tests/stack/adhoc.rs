//! Ad-hoc reports (báo cáo đột xuất): the office requests a report from chosen units; the
//! units asked see it among their reports and answer it (sign-off applies); the office
//! tracks who submitted, late or missing, and returns one. Units not asked cannot read it.

use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use chrono::Duration;
use reqwest::StatusCode;

use crate::harness::{csrf_in, location, start, unit_id, Browser};
use crate::reports::post_report;

/// Posts the office's request form; the response.
async fn request(office: &Browser, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> reqwest::Response {
    let page = office.text("/adhoc-reports").await.1;
    let mut form = reqwest::multipart::Form::new().text("_csrf", csrf_in(&page).unwrap_or_default());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    let url = format!("{}/adhoc-reports", office.base);
    office.client.post(url).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn the_office_requests_units_answer_and_the_office_tracks() {
    let s = start().await;
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    let office = Browser::login(&s, "vanphong").await;
    let yesterday = (cchc_app::tracking::today() - Duration::days(1)).format("%d/%m/%Y").to_string();
    let (stc_s, stp_s) = (stc.to_string(), stp.to_string());

    // Bad input: every problem named, nothing stored.
    let r = request(&office, &[("title", " "), ("due", "31/02/2025")], None).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = r.text().await.unwrap_or_default();
    assert!(
        body.contains("Cần nhập tên báo cáo") && body.contains("dd/mm/yyyy") && body.contains("ít nhất một đơn vị")
    );
    assert!(s.store.adhoc_requests(Visibility::Province).await.unwrap_or_default().is_empty());

    let fields = [
        ("title", "Tình hình sắp xếp đơn vị sự nghiệp"),
        ("instruction", "Nêu số đơn vị đã sắp xếp và khó khăn."),
        ("due", yesterday.as_str()),
        ("units", stc_s.as_str()),
        ("units", stp_s.as_str()),
    ];
    let mut t = cchc_export::Table::new(
        "Mẫu",
        "MẪU BÁO CÁO",
        vec![cchc_export::Column::new("Nội dung", 30.0), cchc_export::Column::new("Số liệu", 12.0)],
    );
    t.push(vec!["Số đơn vị đã sắp xếp".into(), "".into()]);
    let xlsx = cchc_export::xlsx::to_xlsx(&[t]).unwrap_or_else(|e| panic!("{e}"));
    // Not Word or Excel: refused with the reason, nothing stored.
    let r = request(&office, &fields, Some(("mau.pdf", b"%PDF-1.4 mau"))).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Word (.docx) hoặc Excel (.xlsx)"));
    assert!(s.store.adhoc_requests(Visibility::Province).await.unwrap_or_default().is_empty());
    let r = request(&office, &fields, Some(("mau-bao-cao.xlsx", &xlsx))).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let req = s.store.adhoc_requests(Visibility::Province).await.unwrap_or_default().remove(0);
    assert_eq!(location(&r), format!("/adhoc-reports/{}", req.id));
    let key = req.key();

    // The units asked see it; the focal point answers, the head signs off.
    let focal = Browser::login(&s, "taichinh").await;
    let (_, mine) = focal.text("/reports").await;
    assert!(mine.contains("Tình hình sắp xếp đơn vị sự nghiệp") && mine.contains(&format!("/reports/{key}")));
    let (_, page) = focal.text(&format!("/reports/{key}")).await;
    assert!(page.contains("Nêu số đơn vị đã sắp xếp") && page.contains(&format!("/adhoc-reports/{}/template", req.id)));
    let t = focal.get(&format!("/adhoc-reports/{}/template", req.id)).await;
    assert_eq!(t.status(), StatusCode::OK);
    assert_eq!(t.bytes().await.map(|b| b.to_vec()).unwrap_or_default(), xlsx, "the template as uploaded");
    let r = post_report(&focal, &key, &[("narrative", "Đã sắp xếp 3 đơn vị"), ("submit", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let rep = s.store.report(stc, &key, Visibility::Unit(stc)).await.unwrap_or_default();
    let rep = rep.unwrap_or_else(|| panic!("answer"));
    assert_eq!((rep.status, rep.kind.as_str()), (ReviewState::AwaitingSignoff, "adhoc"));
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let v = rep.version.to_string();
    let r = head
        .submit(
            &format!("/reports/{key}"),
            &format!("/reports/{key}/signoff"),
            &[("version", &v), ("decision", "sign")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The office: one sent (late, signed), one missing.
    let (_, track) = office.text(&format!("/adhoc-reports/{}", req.id)).await;
    assert!(track.contains("id=\"adhoc-missing\">1<"), "{track}");
    assert!(
        track.contains("Trễ 1 ngày") && track.contains("Chưa gửi") && track.contains("giamdoc.taichinh"),
        "{track}"
    );
    let (_, list) = office.text("/adhoc-reports").await;
    assert!(list.contains("1/2"), "{list}");

    // The office returns the answer; the unit sees why.
    let view = format!("/reports/{key}/units/{stc}");
    let (_, page) = office.text(&view).await;
    assert!(page.contains("Đã sắp xếp 3 đơn vị"));
    let rep = s.store.report(stc, &key, Visibility::Province).await.unwrap_or_default();
    let v = rep.map(|r| r.version).unwrap_or_default().to_string();
    let r = office
        .submit(
            &view,
            &format!("{view}/review"),
            &[("version", &v), ("decision", "return"), ("reason", "Thiếu số liệu")],
        )
        .await;
    assert_eq!(location(&r), format!("/adhoc-reports/{}", req.id));
    let (_, page) = focal.text(&format!("/reports/{key}")).await;
    assert!(page.contains("Thiếu số liệu"));

    // A unit not asked reads nothing of a request, nor answers it.
    let only_stp = [("title", "Chỉ Sở Tư pháp"), ("due", yesterday.as_str()), ("units", stp_s.as_str())];
    assert_eq!(request(&office, &only_stp, None).await.status(), StatusCode::SEE_OTHER);
    let other = s.store.adhoc_requests(Visibility::Unit(stp)).await.unwrap_or_default();
    let other_key = other.iter().find(|r| r.title == "Chỉ Sở Tư pháp").map(|r| r.key()).unwrap_or_default();
    assert_eq!(focal.get(&format!("/reports/{other_key}")).await.status(), StatusCode::NOT_FOUND);
    let token = csrf_in(&focal.text("/reports").await.1).unwrap_or_default();
    let form = reqwest::multipart::Form::new().text("_csrf", token).text("narrative", "x").text("submit", "1");
    let url = format!("{}/reports/{other_key}", focal.base);
    let r = focal.client.post(url).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(s.store.report(stc, &other_key, Visibility::Unit(stc)).await.unwrap_or_default().is_none());
    assert_eq!(focal.get(&format!("/adhoc-reports/{}", req.id)).await.status(), StatusCode::FORBIDDEN);
    let (_, mine) = focal.text("/reports").await;
    assert!(!mine.contains("Chỉ Sở Tư pháp"));
}
