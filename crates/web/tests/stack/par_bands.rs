//! The PAR classification bands as data the office edits: the built-in template is listed and
//! labelled; the form saves the next version (every problem by the row the user sees, what
//! was typed kept, nothing stored on error); a version exports as TOML and imports back; a
//! broken or wrong-typed file is refused with nothing stored; only the office edits.

use cchc_domain::par::{Points, SetStatus, UnitGroup};
use cchc_storage::model::AuditFilter;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, Browser};

async fn upload(b: &Browser, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = b.csrf("/par/bands").await;
    let form = Form::new().text("_csrf", token).part("file", Part::bytes(bytes).file_name(name.to_string()));
    b.client.post(format!("{}/par/bands/import", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn the_office_edits_imports_and_exports_the_bands() {
    let s = start().await;
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get("/par/bands/new").await.status(), StatusCode::FORBIDDEN);
    let (st, list) = focal.text("/par/bands").await;
    assert_eq!(st, StatusCode::OK);
    assert!(list.contains("mẫu, chưa xác nhận") && list.contains("Tốt ≥ 80 · Khá ≥ 70"), "{list}");
    assert!(!list.contains("Sửa thành phiên bản mới"));
    let office = Browser::login(&s, "vanphong").await;
    assert!(office.text("/par/bands").await.1.contains("/par/bands/new"));

    // Every problem by row; typed values kept; nothing stored.
    let bad = [
        ("from", ""),
        ("name", "Xếp loại CCHC tỉnh Hà Tĩnh"),
        ("effective_from", "01/01/2027"),
        ("b_label", "Tốt"),
        ("b_min", "80"),
        ("b_label", ""),
        ("b_min", "70"),
        ("b_label", "Khá"),
        ("b_min", "bảy mươi"),
        ("b_label", "tốt"),
        ("b_min", "0"),
    ];
    let r = office.submit("/par/bands/new", "/par/bands", &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Dòng 2: chưa có tên mức xếp loại."), "{html}");
    assert!(html.contains("Dòng 3: ngưỡng «bảy mươi» không phải là số"), "{html}");
    assert!(html.contains("Dòng 4: trùng tên mức «tốt» với dòng 1."), "{html}");
    assert!(html.contains("value=\"bảy mươi\"") && html.contains("value=\"Xếp loại CCHC tỉnh Hà Tĩnh\""), "{html}");
    let mut lowest = bad.to_vec();
    lowest.truncate(5);
    lowest[2] = ("effective_from", "31/02/2027");
    let html = office.submit("/par/bands/new", "/par/bands", &lowest).await.text().await.unwrap_or_default();
    assert!(html.contains("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."), "a bad date is named: {html}");
    lowest[2] = ("effective_from", "01/01/2027");
    let html = office.submit("/par/bands/new", "/par/bands", &lowest).await.text().await.unwrap_or_default();
    assert!(html.contains("Chỉ số dưới 80% sẽ không được xếp loại."), "{html}");
    assert!(s.store.band_sets().await.unwrap_or_default().is_empty(), "nothing stored");

    // A good form becomes the next version of the template's code, confirmed, for one group.
    let good = [
        ("from", ""),
        ("name", "Xếp loại CCHC tỉnh Hà Tĩnh"),
        ("effective_from", "01/01/2027"),
        ("confirmed", "1"),
        ("group", UnitGroup::DEPARTMENTS),
        ("b_label", "Xuất sắc"),
        ("b_min", "90"),
        ("b_label", "Tốt"),
        ("b_min", "77,5"),
        ("b_label", ""),
        ("b_min", ""),
        ("b_label", "Chưa đạt"),
        ("b_min", "0"),
    ];
    let r = office.submit("/par/bands/new", "/par/bands", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/par/bands");
    let stored = s.store.band_sets().await.unwrap_or_default();
    assert_eq!(stored.len(), 1);
    let b = &stored[0].bands;
    assert_eq!(
        (b.version, b.status, b.groups.clone()),
        (2, SetStatus::Adopted, vec![UnitGroup::new(UnitGroup::DEPARTMENTS)])
    );
    assert_eq!(b.bands.iter().map(|x| x.min).collect::<Vec<_>>(), vec![Points::whole(90), Points(7_750), Points::ZERO]);
    let list = office.text("/par/bands").await.1;
    assert!(list.contains("Xuất sắc ≥ 90 · Tốt ≥ 77,5 · Chưa đạt ≥ 0"), "{list}");
    let edit = format!("/par/bands/{}/edit", stored[0].id);
    assert!(office.text(&edit).await.1.contains("value=\"77,5\""));

    // Export as TOML, import it back: the next version.
    let (st, toml) = office.text(&format!("/par/bands/export?id={}&format=toml", stored[0].id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(toml.contains("label = \"Xuất sắc\""), "{toml}");
    let r = upload(&office, "xep-loai.toml", toml.into_bytes()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let versions: Vec<u32> = s.store.band_sets().await.unwrap_or_default().iter().map(|x| x.bands.version).collect();
    assert_eq!(versions, vec![3, 2]);

    // Broken and wrong-typed files: refused, with where; nothing stored.
    let r = upload(&office, "xep-loai.json", b"{\n  \"code\": \"x\",\n  \"bands\": [\n".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Tệp JSON không đọc được (dòng 4"));
    let r = upload(&office, "xep-loai.xlsx", b"PK\x03\x04".to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("không phải .toml hoặc .json"));
    let focal_import = upload(&focal, "a.toml", b"code = \"x\"".to_vec()).await;
    assert_eq!(focal_import.status(), StatusCode::FORBIDDEN);
    assert_eq!(s.store.band_sets().await.unwrap_or_default().len(), 2);
    let audit = s
        .store
        .list_audit(&AuditFilter { action: Some("par.bands.save".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 2, "each saved version is audited");
}
