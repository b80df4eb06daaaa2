//! Registry pages end to end: search, record a merge, import and export, audit.

use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};

#[tokio::test]
async fn search_ignores_diacritics_and_case() {
    let s = start().await;
    let b = Browser::login(&s, "lanhdao").await;
    for q in ["so noi vu", "SỞ NỘI VỤ", "Sở TT&TT"] {
        let (st, html) = b.text(&format!("/units?q={}", urlenc(q))).await;
        assert_eq!(st, StatusCode::OK);
        let expect = if q.contains("TT&amp;TT") || q.contains("TT&TT") {
            "Sở Thông tin và Truyền thông"
        } else {
            "Sở Nội vụ"
        };
        assert!(html.contains(expect), "{q}: {expect}");
    }
    // The tree shows current units; ended ones only on request.
    let (_, tree) = b.text("/units").await;
    assert!(tree.contains("Sở Khoa học và Công nghệ"));
    assert!(!tree.contains(">Sở Thông tin và Truyền thông<"), "merged units are hidden from the current view");
    let (_, all) = b.text("/units?ended=1").await;
    assert!(all.contains("Sở Thông tin và Truyền thông"));
    // An ended unit's page points to its successor.
    let ttt = unit_id(&s, "HT-STTTT").await;
    let (_, page) = b.text(&format!("/units/{ttt}")).await;
    assert!(page.contains("Đơn vị này đã kết thúc hoạt động sau ngày") && page.contains("28/02/2025"), "dd/mm/yyyy");
    assert!(page.contains("Sở Khoa học và Công nghệ"), "successor shown");
}

fn urlenc(s: &str) -> String {
    cchc_web::error::urlencode(s)
}

#[tokio::test]
async fn the_office_records_a_merge() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    let ct = unit_id(&s, "HT-SCT").await;
    let xd = unit_id(&s, "HT-SXD").await;
    let page = format!("/units/{ct}/change");
    // Missing date → the form again, with the message and the user's choices kept.
    let r = b
        .submit(
            &page,
            &page,
            &[
                ("kind", "merge"),
                ("effective", ""),
                ("with", &xd.to_string()),
                ("target", "new"),
                ("new_code_1", "HT-SCTXD"),
                ("new_name_1", "Sở Công Thương và Xây dựng"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Cần nhập ngày hiệu lực"));
    assert!(html.contains("value=\"HT-SCTXD\""));
    let r = b
        .submit(
            &page,
            &page,
            &[
                ("kind", "merge"),
                ("effective", "01/01/2027"),
                ("with", &xd.to_string()),
                ("target", "new"),
                ("new_code_1", "HT-SCTXD"),
                ("new_name_1", "Sở Công Thương và Xây dựng"),
                ("note", "Nghị quyết thử"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let new = unit_id(&s, "HT-SCTXD").await;
    assert_eq!(location(&r), format!("/units/{new}"));
    let (_, html) = b.text(&format!("/units/{new}")).await;
    for want in ["Đã ghi nhận thay đổi tổ chức", "01/01/2027", "Nghị quyết thử"] {
        assert!(html.contains(want), "{want} in {html}");
    }
    let old = s.store.get_unit(ct).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old.valid_to.map(|d| d.to_string()).as_deref(), Some("2026-12-31"));
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter {
            action: Some("unit.".into()),
            actor: Some("vanphong".into()),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["unit.change", "unit.end", "unit.end", "unit.create"]);
}

#[tokio::test]
async fn imports_refuse_bad_files_whole_and_accept_good_ones() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    let before = s.store.all_units().await.unwrap_or_default().len();
    let bad = "code,kind,parent_code,name\nHT-MOI,department,HT,Sở Mới\nHT-MOI2,department,KHONG-CO,Sở Mới 2\nHT-MOI,department,HT,Sở Mới trùng mã\n";
    let r = upload(&b, "don-vi.csv", bad.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("dòng 3") && html.contains("KHONG-CO"), "{html}");
    assert!(html.contains("dòng 4"), "every bad row is reported: {html}");
    assert!(html.contains("chưa có thay đổi nào được ghi"));
    assert_eq!(s.store.all_units().await.unwrap_or_default().len(), before, "nothing half-written");
    let r = upload(&b, "tai-lieu.pdf", b"%PDF-1.7 ...".to_vec()).await;
    assert!(r.text().await.unwrap_or_default().contains("PDF"));
    let good = "code,kind,parent_code,name,abbreviations\nHT-MOI,department,HT,Sở Mới,SM\n";
    let r = upload(&b, "don-vi.csv", good.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.store.all_units().await.unwrap_or_default().len(), before + 1);
    // Round trip: the export imports back unchanged.
    let csv = b.get("/units/export.csv").await.bytes().await.unwrap_or_default().to_vec();
    let r = upload(&b, "export.csv", csv).await;
    let st = r.status();
    let body = r.text().await.unwrap_or_default();
    assert_eq!(
        st,
        StatusCode::SEE_OTHER,
        "{}",
        body.lines().filter(|l| l.contains("<li>")).collect::<Vec<_>>().join("\n")
    );
    let (_, html) = b.text("/units").await;
    assert!(html.contains("thêm 0 đơn vị, cập nhật 0"), "{}", html.lines().find(|l| l.contains("flash")).unwrap_or(""));
    let x = b.get("/units/export.xlsx").await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or("").contains(".xlsx"));
    assert!(x.bytes().await.unwrap_or_default().starts_with(b"PK"));
}

async fn upload(b: &Browser, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = b.csrf("/units/import").await;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
    b.client.post(format!("{}/units/import", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn the_audit_page_lists_filters_verifies_and_exports() {
    let s = start().await;
    let b = Browser::login(&s, "admin").await;
    let (st, html) = b.text("/admin/audit?action=user.login").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("user.login") && !html.contains("unit.create"));
    assert!(html.contains("Đăng nhập</td>") || html.contains("Đăng nhập<br>"), "actions read as words");
    // What scheduled jobs did is left out unless asked for.
    s.store
        .claim_job(&cchc_domain::user::Actor::system(), "test-reminders-2026-12-06")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (_, html) = b.text("/admin/audit").await;
    assert!(!html.contains("Tác vụ định kỳ chạy"), "system entries hidden by default");
    let (_, html) = b.text("/admin/audit?system=1").await;
    assert!(html.contains("Tác vụ định kỳ chạy"), "and shown when asked for");
    let (_, html) = b.text("/admin/audit/verify").await;
    assert!(html.contains("Chuỗi nhật ký nguyên vẹn"), "verify shown");
    let x = b.get("/admin/audit/export.xlsx").await;
    assert_eq!(x.status(), StatusCode::OK);
    let c = b.get("/admin/audit/export.csv?action=user.").await;
    let text = c.text().await.unwrap_or_default();
    assert!(text.starts_with('\u{feff}') && text.contains("user.login"));
}

/// The login page names the agency that runs the deployment (configurable: `[org]`, `org.*`).
#[tokio::test]
async fn the_login_page_names_the_agency() {
    let s = start().await;
    let (_, page) = Browser::new(&s).text("/login").await;
    assert!(page.contains("UBND TỈNH HÀ TĨNH"), "{page}");
    assert!(page.contains("class=\"agency\""));
}
