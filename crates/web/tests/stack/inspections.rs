//! Inspections through the whole stack: the office plans an inspection (the unit is told),
//! records it with three findings, the unit remedies one with evidence (refused without),
//! the office waives one with a reason, the third is overdue in the follow-up until remedied;
//! the inspection closes only when all are settled; the minutes open as DOCX; the follow-up
//! page and table; scoping per role; a checklist sheet and an outside sheet with errors are
//! refused with every problem by row.

use cchc_domain::visibility::Visibility;
use cchc_storage::model_inspection::FindingFilter;
use chrono::Datelike;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

async fn multipart(
    b: &Browser,
    page: &str,
    action: &str,
    fields: &[(&str, String)],
    files: &[(&str, &[u8])],
) -> reqwest::Response {
    let mut form = Form::new().text("_csrf", b.csrf(page).await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.clone());
    }
    for (name, bytes) in files {
        form = form.part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    b.client.post(format!("{}{action}", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

async fn ver(s: &Server, id: i64) -> String {
    s.store.finding(id, Visibility::Province).await.map(|x| x.version).unwrap_or(-1).to_string()
}

async fn body(r: reqwest::Response) -> (StatusCode, String) {
    let s = r.status();
    (s, r.text().await.unwrap_or_default())
}

/// Plans and records an inspection of the finance department with three findings; returns the
/// inspection id and the finding ids.
async fn recorded(s: &Server, office: &Browser) -> (i64, Vec<i64>) {
    let today = cchc_app::tracking::today();
    let stc = unit_id(s, "HT-STC").await;
    let r = office
        .submit(
            "/inspections",
            "/inspections/plan",
            &[
                ("year", &today.year().to_string()),
                ("unit", &stc.to_string()),
                ("team", "Đoàn kiểm tra số 2"),
                ("leader", "Nguyễn Thị Lan"),
                ("date_from", &day(today)),
                ("date_to", &day(today)),
                ("prepare", "Báo cáo tự kiểm tra"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let i = s.store.inspections(Some(today.year()), Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let c = s.store.checklist(i.checklist_id).await.unwrap_or_else(|e| panic!("{e}")).checklist;
    let page = format!("/inspections/{}", i.id);
    let mut fields: Vec<(&str, String)> = vec![("version", i.version.to_string()), ("conclusion", "Cơ bản tốt".into())];
    let names: Vec<(String, String)> =
        c.items.iter().map(|it| (format!("answer-{}", it.code), format!("note-{}", it.code))).collect();
    for (a, n) in &names {
        fields.push((a.as_str(), "met".into()));
        fields.push((n.as_str(), String::new()));
    }
    // A not-met answer without a note and a finding without a due date are refused, nothing kept.
    let mut bad = fields.clone();
    bad[2].1 = "not_met".into();
    bad.extend([
        ("f1-text", "Thiếu".to_string()),
        ("f1-recommendation", "Bổ sung".into()),
        ("f1-severity", "high".into()),
    ]);
    let (st, html) = body(multipart(office, &page, &format!("{page}/record"), &bad, &[]).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("cần ghi chú") && html.contains("Phát hiện 1: hạn xử lý"), "{html}");
    let due = day(today + chrono::Duration::days(30));
    for (n, text) in [(1, "Chưa niêm yết TTHC"), (2, "Sổ theo dõi chưa cập nhật"), (3, "Thiếu phiếu xin lỗi")]
    {
        let k = |x: &str| -> &'static str { Box::leak(format!("f{n}-{x}").into_boxed_str()) };
        fields.extend([
            (k("severity"), "medium".to_string()),
            (k("area"), "TTHC".into()),
            (k("text"), text.into()),
            (k("recommendation"), format!("Khắc phục: {text}")),
            (k("due"), due.clone()),
            (k("evidence"), "on".into()),
        ]);
    }
    let r = multipart(office, &page, &format!("{page}/record"), &fields, &[("bien-ban.pdf", b"%PDF-1.7 ky")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{:?}", r.text().await);
    let f = s
        .store
        .findings(&FindingFilter { inspection_id: Some(i.id), ..Default::default() }, Visibility::Province)
        .await;
    (i.id, f.unwrap_or_default().iter().map(|f| f.id).collect())
}

#[tokio::test]
async fn plan_record_remedy_waive_overdue_close() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let unit = Browser::login(&s, "taichinh").await;
    let (id, f) = recorded(&s, &office).await;
    assert_eq!(f.len(), 3);
    let page = format!("/inspections/{id}");

    // The unit was told, sees its inspection, findings and the minutes.
    let (_, html) = unit.text("/notifications").await;
    assert!(html.contains("Kế hoạch kiểm tra công tác CCHC") && html.contains("kiến nghị sau kiểm tra"), "{html}");
    let (st, html) = unit.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Chưa niêm yết TTHC") && !html.contains("record-form"));
    let r = unit.get(&format!("{page}/minutes.docx")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")), &mut doc)
        .unwrap_or_else(|e| panic!("{e}"));
    for part in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BIÊN BẢN", "Khắc phục: Thiếu phiếu xin lỗi", "BB-ĐKT"]
    {
        assert!(doc.contains(part), "{part}");
    }

    // Reported done without evidence: refused with the reason; with a file: accepted.
    let fp = |n: usize| format!("/findings/{}", f[n]);
    let done =
        |ver: String| vec![("version", ver), ("action", "report_done".into()), ("outputs", "Đã niêm yết".into())];
    let (st, html) =
        body(multipart(&unit, &fp(0), &format!("{}/act", fp(0)), &done(ver(&s, f[0]).await), &[]).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("yêu cầu tài liệu kiểm chứng"), "{html}");
    let r =
        multipart(&unit, &fp(0), &format!("{}/act", fp(0)), &done(ver(&s, f[0]).await), &[("anh.pdf", b"%PDF-1.4 a")])
            .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Only the office accepts.
    let accept = |ver: String| vec![("version", ver), ("action", "accept".to_string()), ("reason", String::new())];
    let (st, _) =
        body(multipart(&unit, &fp(0), &format!("{}/act", fp(0)), &accept(ver(&s, f[0]).await), &[]).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let r = multipart(&office, &fp(0), &format!("{}/act", fp(0)), &accept(ver(&s, f[0]).await), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The office waives the second; a waiver needs a reason; the unit may not waive.
    let waive =
        |ver: String, why: &str| vec![("version", ver), ("action", "waive".to_string()), ("reason", why.to_string())];
    let (st, html) =
        body(multipart(&office, &fp(1), &format!("{}/act", fp(1)), &waive(ver(&s, f[1]).await, " "), &[]).await).await;
    assert!(st == StatusCode::UNPROCESSABLE_ENTITY && html.contains("Cần nêu lý do"), "{st}");
    let (st, _) =
        body(multipart(&unit, &fp(1), &format!("{}/act", fp(1)), &waive(ver(&s, f[1]).await, "x"), &[]).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let r = multipart(
        &office,
        &fp(1),
        &format!("{}/act", fp(1)),
        &waive(ver(&s, f[1]).await, "Sổ đã thay bằng phần mềm"),
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Closing is refused while the third is open; the follow-up shows it, overdue after its date.
    let (st, html) = body(office.submit(&page, &format!("{page}/close"), &[("version", "1")]).await).await;
    assert!(st == StatusCode::UNPROCESSABLE_ENTITY && html.contains("còn 1 kiến nghị"), "{st} {html}");
    let today = cchc_app::tracking::today();
    let later = today + chrono::Duration::days(31);
    let (fig, _) = cchc_app::inspection::followup::figures(
        s.store.as_ref(),
        Visibility::Unit(unit_id(&s, "HT-STC").await),
        None,
        None,
        later,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let t = &fig.total;
    assert_eq!((t.raised, t.resolved, t.waived, t.outstanding, t.overdue), (3, 1, 1, 1, 1));
    assert!(t.reasons.contains(&"Sổ đã thay bằng phần mềm".to_string()));
    let (_, html) = unit.text("/inspections/followup").await;
    assert!(html.contains("data-raised=\"3\" data-resolved=\"1\" data-outstanding=\"1\""), "{html}");
    let r = office.get("/inspections/followup.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.unwrap_or_default().starts_with(b"PK"));

    // The third remedied late; then the inspection closes.
    let r = multipart(
        &unit,
        &fp(2),
        &format!("{}/act", fp(2)),
        &done(ver(&s, f[2]).await),
        &[("xin-loi.pdf", b"%PDF-1.4 b")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = multipart(&office, &fp(2), &format!("{}/act", fp(2)), &accept(ver(&s, f[2]).await), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ver = s.store.inspection(id, Visibility::Province).await.map(|i| i.version).unwrap_or(-1).to_string();
    let r = office.submit(&page, &format!("{page}/close"), &[("version", &ver)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", location(&r));
    let (_, html) = office.text(&page).await;
    assert!(html.contains("Đã kết thúc"));
}

#[tokio::test]
async fn each_role_sees_what_it_may() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (id, f) = recorded(&s, &office).await;
    let other = Browser::login(&s, "tuphap").await;
    for path in [format!("/inspections/{id}"), format!("/findings/{}", f[0]), format!("/inspections/{id}/minutes.docx")]
    {
        assert_eq!(other.get(&path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    let (_, html) = other.text("/inspections/followup").await;
    assert!(!html.contains("Chưa niêm yết TTHC"), "another unit's findings");
    let (_, html) = other.text("/inspections").await;
    assert!(!html.contains("Sở Tài chính") && !html.contains("plan-form"));
    let r = multipart(
        &other,
        "/inspections",
        &format!("/findings/{}/act", f[0]),
        &[("version", "0".into()), ("action", "report_progress".into()), ("note", "x".into())],
        &[],
    )
    .await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let leader = Browser::login(&s, "lanhdao").await;
    let (st, html) = leader.text(&format!("/inspections/{id}")).await;
    assert!(st == StatusCode::OK && html.contains("Chưa niêm yết TTHC") && !html.contains("/close"));
    let (_, html) = leader.text("/inspections/followup").await;
    assert!(html.contains("Sở Tài chính") && !html.contains("/findings/outside"));
    let r = leader.submit("/inspections", "/inspections/plan", &[("year", "2026")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sheets_with_errors_are_refused_with_every_problem_by_row() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let before = s.store.checklists().await.unwrap_or_default().len();
    let mut t = cchc_export::Table::new(
        "Danh mục",
        "DANH MỤC",
        ["Mã", "Lĩnh vực", "Nội dung kiểm tra", "Cần tài liệu kiểm chứng"]
            .iter()
            .map(|h| cchc_export::Column::new(h, 12.0))
            .collect(),
    );
    for row in
        [["1.1", "Chỉ đạo", "Kế hoạch", "có"], ["1.1", "Chỉ đạo", "Báo cáo", "có"], ["", "", "Công khai", "thường"]]
    {
        t.push(row.iter().map(|c| (*c).into()).collect());
    }
    let xlsx = cchc_export::xlsx::to_xlsx(&[t]).unwrap_or_else(|e| panic!("{e}"));
    let fields = [
        ("code", "kt-so".to_string()),
        ("name", "Danh mục kiểm tra sở".into()),
        ("group", "department".into()),
        ("effective_from", "01/01/2026".into()),
        ("target_percent", "30".into()),
    ];
    let page = "/inspections/checklists";
    let (st, html) =
        body(multipart(&office, page, "/inspections/checklists/import", &fields, &[("danh-muc.xlsx", &xlsx)]).await)
            .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let lines: Vec<&str> = html.lines().filter(|l| l.contains("Dòng ")).collect();
    assert!(
        html.contains("trùng với một dòng trước") && html.contains("thiếu mã") && html.contains("thường"),
        "{html}"
    );
    assert!(!lines.is_empty());
    assert_eq!(s.store.checklists().await.unwrap_or_default().len(), before, "nothing stored");
    // The exported sheet of a stored checklist imports back.
    let stored = s.store.checklists().await.unwrap_or_default();
    let r = office.get(&format!("/inspections/checklists/{}/export.xlsx", stored[0].id)).await;
    let back = r.bytes().await.unwrap_or_default().to_vec();
    let r = multipart(&office, page, "/inspections/checklists/import", &fields, &[("lai.xlsx", &back)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // Outside recommendations: one bad row refuses the whole file.
    let before = s.store.findings(&FindingFilter::default(), Visibility::Province).await.unwrap_or_default().len();
    let csv =
        "Đơn vị,Nguồn,Số ngày văn bản,Mức độ,Lĩnh vực,Nội dung phát hiện,Kiến nghị,Hạn xử lý,Cần tài liệu kiểm chứng\n\
        HT-STC,Kiểm toán,12/BC-KTNN,Trung bình,Tài chính,Chi sai,Thu hồi,31/12/2099,có\n\
        Sở Không Có,Thanh tra,,Rất nặng,,Thiếu,,hôm nay,có\n";
    let (st, html) = body(
        multipart(
            &office,
            "/inspections/followup",
            "/findings/outside/import",
            &[],
            &[("kien-nghi.csv", csv.as_bytes())],
        )
        .await,
    )
    .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("Dòng 3: không tìm thấy đơn vị")
            && html.contains("Dòng 3: mức độ")
            && html.contains("Dòng 3: hạn xử lý"),
        "{html}"
    );
    assert_eq!(
        s.store.findings(&FindingFilter::default(), Visibility::Province).await.unwrap_or_default().len(),
        before
    );
    let good = csv.lines().take(2).collect::<Vec<_>>().join("\n");
    let r = multipart(
        &office,
        "/inspections/followup",
        "/findings/outside/import",
        &[],
        &[("kien-nghi.csv", good.as_bytes())],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}
