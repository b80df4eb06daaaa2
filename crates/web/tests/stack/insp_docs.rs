//! The inspection figures in the consolidated report and on the dashboard, traceable to the
//! pages they come from, and the inspection minutes checked against Nghị định 30/2020 point by
//! point (national motto, issuer, number line, place and date, document kind and title, the
//! body's sections, the signature block and the recipients).

use std::io::Read;

use cchc_domain::visibility::Visibility;
use chrono::Datelike;
use reqwest::StatusCode;

use crate::harness::{start, unit_id, Browser};
use crate::nd30::{paragraphs, rows};

async fn document_xml(b: &Browser, path: &str) -> String {
    let r = b.get(path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    xml
}

#[tokio::test]
async fn the_report_and_the_dashboard_show_the_inspection_figures_with_their_source() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let today = cchc_app::tracking::today();
    let year = today.year();
    let day = |d: chrono::NaiveDate| d.format("%d/%m/%Y").to_string();
    // The demo: two inspections planned, one recorded with two findings (one resolved), and
    // a state audit recommendation, all this year.
    // The year's reporting period that holds today (its figures run to a cut-off day).
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let period = [year, year + 1]
        .into_iter()
        .flat_map(|y| cfg.calendar.periods_of_year(y))
        .find(|p| p.key.ends_with("-year") && p.start <= today && today <= p.end)
        .unwrap_or_else(|| panic!("no year period holds today"));
    let (from, to) = (period.start, period.end);
    let year = to.year();
    let sum = cchc_app::inspection::summary::summary(s.store.as_ref(), from, to, today)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let t = &sum.followup.total;
    assert_eq!((sum.planned_year, sum.done_year, t.raised, t.resolved, t.outstanding), (2, 1, 3, 1, 2));

    let xml = document_xml(&office, &format!("/reports/consolidated.docx?period={}", period.key)).await;
    let paras = paragraphs(&xml);
    let heading = "KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH, THEO DÕI XỬ LÝ KIẾN NGHỊ";
    assert!(paras.iter().any(|p| p.ends_with(&format!(". {heading}"))), "{paras:?}");
    let plan = paras.iter().find(|p| p.starts_with("Kế hoạch kiểm tra công tác CCHC năm")).cloned().unwrap_or_default();
    assert!(plan.contains(&format!("năm {year} có 2 cơ quan, đơn vị, đã kiểm tra 1")), "{plan}");
    assert!(plan.contains(&format!("(nguồn: /inspections?year={year})")), "{plan}");
    let rec = paras.iter().find(|p| p.contains("kiến nghị sau kiểm tra, thanh tra, kiểm toán")).cloned();
    let rec = rec.unwrap_or_else(|| panic!("{paras:?}"));
    assert!(
        rec.contains("có 3 kiến nghị") && rec.contains("đã xử lý xong 1") && rec.contains("chưa xử lý xong 2"),
        "{rec}"
    );
    let link = format!("/inspections/followup?from={}&amp;to={}", day(from), day(to));
    assert!(rec.contains(&link.replace("&amp;", "&")), "{rec}");
    // The follow-up page at the named address shows the same figures.
    let (_, page) = office.text(&link.replace("&amp;", "&")).await;
    assert!(page.contains("data-raised=\"3\" data-resolved=\"1\" data-outstanding=\"2\""));
    // The per-unit table, with the coverage table before it.
    let table = rows(&xml);
    assert!(table.iter().any(|r| r.first().map(String::as_str) == Some("Tổng cộng") && r[1] == "3"), "{table:?}");
    assert!(table.iter().any(|r| r.iter().any(|c| c == "Sở, ban, ngành" || c.starts_with("Sở"))), "{table:?}");

    // The XLSX annex has the section's sheets.
    let r = office.get(&format!("/reports/consolidated.xlsx?period={}", period.key)).await;
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    assert!(zip.len() > 3);

    // The dashboard's panel for the office links to both pages; a unit's staff do not get it.
    let (_, home) = office.text("/").await;
    assert!(home.contains("Kiểm tra CCHC và xử lý kiến nghị"), "{home}");
    assert!(home.contains("data-raised=\"3\" data-resolved=\"1\" data-outstanding=\"2\""), "{home}");
    let this_year = format!("/inspections/followup?from=01/01/{0}&amp;to=31/12/{0}", today.year());
    assert!(home.contains(&this_year), "the panel counts the calendar year: {home}");
    assert!(home.contains(&format!("href=\"/inspections?year={}\"", today.year())), "{home}");
    let (_, unit_home) = Browser::login(&s, "taichinh").await.text("/").await;
    assert!(!unit_home.contains("inspection-panel"));
}

#[tokio::test]
async fn the_inspection_minutes_follow_decree_30_point_by_point() {
    let s = start().await;
    let sct = unit_id(&s, "HT-SCT").await;
    let year = cchc_app::tracking::today().year();
    let i = s.store.inspections(Some(year), Visibility::Unit(sct)).await.unwrap_or_default().remove(0);
    let office = Browser::login(&s, "vanphong").await;
    let xml = document_xml(&office, &format!("/inspections/{}/minutes.docx", i.id)).await;
    let paras = paragraphs(&xml);

    // 1. National motto and issuing body.
    assert!(paras.iter().any(|p| p == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "{paras:?}");
    assert!(paras.iter().any(|p| p.starts_with("Độc lập - Tự do - Hạnh phúc")));
    assert!(paras.iter().any(|p| p == "UBND TỈNH HÀ TĨNH"));
    // 2. Number line with the minutes' abbreviation.
    assert!(paras.iter().any(|p| p.starts_with("Số:") && p.contains("BB-ĐKT")), "{paras:?}");
    // 3. Place and date: "Hà Tĩnh, ngày dd tháng mm năm yyyy".
    let line = paras.iter().find(|p| p.contains(", ngày ")).unwrap_or_else(|| panic!("{paras:?}"));
    assert!(line.starts_with("Hà Tĩnh, ngày ") && line.contains(" tháng ") && line.contains(" năm "), "{line}");
    // 4. Kind and title: "BIÊN BẢN", then what it records.
    let kind = paras.iter().position(|p| p == "BIÊN BẢN").unwrap_or_else(|| panic!("{paras:?}"));
    assert_eq!(
        paras.get(kind + 1).map(String::as_str),
        Some("Kiểm tra công tác cải cách hành chính tại Sở Công Thương")
    );
    // 5. Body: the opening names the team and the dates, then the sections in order.
    let opening = &paras[kind + 2];
    assert!(opening.starts_with("Thực hiện Kế hoạch kiểm tra") && opening.contains("Đoàn kiểm tra"), "{opening}");
    let at = |h: &str| paras.iter().position(|p| p.ends_with(&format!(". {h}"))).unwrap_or_else(|| panic!("{h}"));
    let order = [at("KẾT QUẢ KIỂM TRA"), at("TỒN TẠI, HẠN CHẾ"), at("KIẾN NGHỊ"), at("KẾT LUẬN")];
    assert_eq!(paras[order[0]].split('.').next(), Some("I"), "sections numbered I, II, …");
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(paras
        .iter()
        .any(|p| p.contains("Niêm yết đầy đủ, đúng quy định các TTHC") && p.contains("hạn hoàn thành")));
    // No placeholder left in a recorded inspection's minutes.
    assert!(!paras.iter().any(|p| p.contains("(chưa ghi kết luận)") || p.contains("TODO")));
    // 6. The checklist results as a table with every item answered.
    let table = rows(&xml);
    let answered = table.iter().filter(|r| r.len() == 4 && (r[2] == "Đạt" || r[2] == "Không đạt")).count();
    assert!(answered >= 5, "{table:?}");
    // 7. Recipients, then the signature: on behalf of the team, its head.
    let recipients = paras.iter().position(|p| p == "Nơi nhận:").unwrap_or_else(|| panic!("{paras:?}"));
    assert!(paras[recipients..].iter().any(|p| p.contains("Sở Công Thương")));
    let sign = paras.iter().position(|p| p == "TM. ĐOÀN KIỂM TRA").unwrap_or_else(|| panic!("{paras:?}"));
    assert_eq!(paras.get(sign + 1).map(|p| p.to_uppercase()), Some("TRƯỞNG ĐOÀN".to_string()));
    // 8. The name line under the signature: the team head's full name, as planned.
    assert_eq!(paras.last().map(String::as_str), Some("Trần Văn Hùng"), "{paras:?}");
}
