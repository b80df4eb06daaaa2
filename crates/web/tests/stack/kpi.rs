//! Index 766 through the whole stack: uploads with bad rows, the score page, drill-down to
//! the dossiers and its XLSX, reconciliation, methodology versions, the late list, role
//! scoping (a unit focal point never sees another unit's dossiers) and two app nodes on one
//! database showing the same numbers.

use std::net::SocketAddr;

use reqwest::multipart::{Form, Part};
use reqwest::{Response, StatusCode};

use crate::harness::{location, start, Browser, Server, PASSWORD};

pub(crate) const CATALOGUE: &str = "MaTTHC,TenTTHC,CapThucHien,CoPhi,DuDieuKienToanTrinh,MucDoDVC\n\
    P1,Cấp giấy phép A,Tỉnh,1,1,toàn trình\n\
    P2,Đăng ký B,Tỉnh,0,0,một phần\n";

/// Q1 2025: three dossiers at the finance department (one early, one late, one still open),
/// one at the justice department, one through a one-stop-shop code; then bad rows.
const DOSSIERS: &str = "code,procedure,unit,received,due,finished,channel,online_level,fee,paid_online,digitised,electronic_result,rating,status,updated\n\
    STC-1,P1,HT-STC,03/01/2025 08:00,10/01/2025 17:00,08/01/2025 10:00,2,full,1,1,1,1,5,3,08/01/2025 10:00\n\
    STC-2,P1,ht-stc,05/01/2025 08:00,06/01/2025 17:00,09/01/2025 10:00,1,,0,0,0,0,,2,09/01/2025 10:00\n\
    STC-3,P2,HT-STC,20/03/2025 08:00,25/03/2025 17:00,,1,,0,0,1,0,,0,20/03/2025 08:00\n\
    STP-1,P2,HT-STP,04/02/2025 09:00,07/02/2025 17:00,,1,,0,0,1,0,,0,04/02/2025 09:00\n\
    MOT-1,P2,000.00.01.H42,05/02/2025 09:00,07/02/2025 17:00,06/02/2025 09:00,1,,0,0,1,1,4,3,06/02/2025 09:00\n\
    BAD-1,P1,HT-STC,05/01/2025 08:00,06/01/2025 17:00,01/01/2025 10:00,1,,0,0,0,0,,2,\n\
    BAD-2,P1,XX-KHONG-CO,05/01/2025 08:00,06/01/2025 17:00,,1,,0,0,0,0,,0,\n\
    BAD-3,P9,HT-STC,05/01/2025 08:00,06/01/2025 17:00,,1,,0,0,0,0,,0,\n\
    STC-1,P1,HT-STC,03/01/2025 08:00,10/01/2025 17:00,,2,full,1,1,1,0,,0,03/01/2025 08:00\n\
    BAD-4,P1,HT-STC,không phải ngày,06/01/2025 17:00,,1,,0,0,0,0,,0,\n";

async fn upload(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)], name: &str, body: &str) -> Response {
    let token = b.csrf(page).await;
    let mut form = Form::new().text("_csrf", token);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("file", Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()));
    b.client
        .post(format!("{}{action}", b.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {action}: {e}"))
}

/// Catalogue, unit-code map and the dossier file (good rows kept), as the office.
async fn load(s: &Server) -> Browser {
    let office = Browser::login(s, "vanphong").await;
    let r = upload(&office, "/kpi/import", "/kpi/import", &[("kind", "catalogue")], "tthc.csv", CATALOGUE).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let map = "ma_don_vi_766,ma_don_vi\n000.00.01.H42,HT-STP\n";
    let r = upload(&office, "/kpi/import", "/kpi/import", &[("kind", "unit_codes")], "ma.csv", map).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = upload(&office, "/kpi/import", "/kpi/import", &[("kind", "dossiers")], "hs.csv", DOSSIERS).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    for needle in [
        "hs.csv",
        "ngày kết thúc xử lý trước ngày tiếp nhận",
        "XX-KHONG-CO",
        "TTHC «P9» không có trong danh mục",
        "mã hồ sơ trùng trong lô",
        "không phải ngày",
    ] {
        assert!(html.contains(needle), "{needle} missing from the import report:\n{html}");
    }
    // Lines are reported as in the file (header = line 1).
    assert!(html.contains("<td>7</td>") && html.contains("<td>11</td>"), "{html}");
    assert_eq!(s.store.count_dossiers().await.unwrap_or_default(), 5);
    office
}

#[tokio::test]
async fn office_imports_and_reads_the_score_down_to_the_dossiers() {
    let s = start().await;
    let office = load(&s).await;

    let (status, html) = office.text("/kpi?unit=HT&p=2025-Q1").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for needle in
        ["Chỉ số 766", "Tỉnh Hà Tĩnh", "Quý I/2025", "Tiến độ giải quyết", "Sở Tài chính", "mẫu, chưa xác nhận"]
    {
        assert!(html.contains(needle), "{needle} missing:\n{html}");
    }
    assert!(html.contains("/kpi/explain?unit=HT&amp;p=2025-Q1&amp;i=TD1"), "drill-down links");
    assert!(html.contains("<svg"), "trend chart");

    // TD1 at the finance department: STC-1 early (numerator), STC-2 late, STC-3 open and
    // overdue at the end of the quarter.
    let (status, html) = office.text("/kpi/explain?unit=HT-STC&p=2025-Q1&i=TD1").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    for needle in ["STC-1", "STC-2", "STC-3", "đang xử lý quá hạn tại cuối kỳ", "thuộc tử số"] {
        assert!(html.contains(needle), "{needle} missing:\n{html}");
    }
    assert!(!html.contains("STP-1") && !html.contains("BAD-"), "only the unit's counted dossiers");
    let (_, num) = office.text("/kpi/explain?unit=HT-STC&p=2025-Q1&i=TD1&show=num").await;
    assert!(num.contains("STC-1") && !num.contains("STC-2"), "{num}");
    // A denominator opens the dossiers in the denominator, named (not coded) by unit.
    let (_, overview) = office.text("/kpi?unit=HT&p=2025-Q1").await;
    assert!(overview.contains("i=TD1&amp;show=den"), "the denominator links to its own list");
    let (_, den) = office.text("/kpi/explain?unit=HT-STC&p=2025-Q1&i=TD1&show=den").await;
    assert!(den.contains("STC-1") && den.contains("STC-2") && den.contains("STC-3"), "{den}");
    assert!(den.contains("<td>Sở Tài chính</td>"), "unit names in the rows");

    let x = office.get("/kpi/explain.xlsx?unit=HT-STC&p=2025-Q1&i=TD1").await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.headers()["content-type"].to_str().unwrap_or("").contains("spreadsheetml"));
    assert!(x.bytes().await.unwrap_or_default().starts_with(b"PK"));
    let x = office.get("/kpi/export.xlsx?unit=HT&p=2025-Q1").await;
    assert_eq!(x.status(), StatusCode::OK);

    // Reconciliation: one figure matches, one differs, one unknown.
    let figures =
        "Đơn vị,Kỳ,Chỉ số,Tử số,Mẫu số\nHT-STC,Quý I/2025,TD1,1,3\nHT-STC,2025-Q1,CK1,0,3\nHT-STP,2025-Q1,TD1,0,1\n";
    let r = upload(&office, "/kpi/reconcile", "/kpi/reconcile", &[], "cong.csv", figures).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = office.text("/kpi/reconcile").await;
    assert!(html.contains("Khớp") && html.contains("Lệch"), "{html}");
    assert_eq!(office.get("/kpi/reconcile.xlsx").await.status(), StatusCode::OK);

    // A new methodology version from 1 April 2025: Q2 uses it, Q1 keeps the old one.
    let m = cchc_domain::kpi::methodology::DEFAULT_766_TOML
        .replace("id = \"766-2022-template\"", "id = \"766-2025-tinh\"")
        .replace("effective_from = \"2022-06-23\"", "effective_from = \"2025-04-01\"");
    let r = upload(&office, "/kpi/methodology", "/kpi/methodology", &[], "766.toml", &m).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/kpi/methodology");
    let (_, html) = office.text("/kpi/methodology").await;
    assert!(html.contains("766-2025-tinh") && html.contains("766-2022-template"), "{html}");
    let (_, q2) = office.text("/kpi?unit=HT&p=2025-Q2").await;
    assert!(q2.contains("766-2025-tinh"), "Q2 uses the new version");
    let (_, q1) = office.text("/kpi?unit=HT&p=2025-Q1").await;
    assert!(q1.contains("766-2022-template"), "Q1 keeps the version in force when it began");
    let bad = upload(&office, "/kpi/methodology", "/kpi/methodology", &[], "x.toml", "id = 1").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_file_with_bad_rows_can_be_refused_whole() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let r = upload(&office, "/kpi/import", "/kpi/import", &[("kind", "dossiers")], "hs.csv", DOSSIERS).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "no catalogue yet");
    assert!(r.text().await.unwrap_or_default().contains("chưa có danh mục thủ tục"));
    upload(&office, "/kpi/import", "/kpi/import", &[("kind", "catalogue")], "tthc.csv", CATALOGUE).await;
    let fields = [("kind", "dossiers"), ("policy", "reject_batch")];
    let r = upload(&office, "/kpi/import", "/kpi/import", &fields, "hs.csv", DOSSIERS).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("từ chối toàn bộ") && html.contains("XX-KHONG-CO"), "{html}");
    assert_eq!(s.store.count_dossiers().await.unwrap_or(-1), 0, "nothing written");
}

#[tokio::test]
async fn a_focal_point_never_sees_another_units_dossiers() {
    let s = start().await;
    load(&s).await;
    let b = Browser::login(&s, "taichinh").await; // HT-STC
    let (status, html) = b.text("/kpi?p=2025-Q1").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("Sở Tài chính") && !html.contains("Tỉnh Hà Tĩnh</a>"), "own unit by default:\n{html}");
    for path in [
        "/kpi?unit=HT&p=2025-Q1",
        "/kpi?unit=HT-STP&p=2025-Q1",
        "/kpi/explain?unit=HT&p=2025-Q1&i=TD1",
        "/kpi/explain?unit=HT-STP&p=2025-Q1&i=TD1",
        "/kpi/explain.xlsx?unit=HT-STP&p=2025-Q1&i=TD1",
        "/kpi/export.xlsx?unit=HT&p=2025-Q1",
        "/kpi/import",
        "/kpi/reconcile",
    ] {
        assert_eq!(b.get(path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    let (_, own) = b.text("/kpi/explain?unit=HT-STC&p=2025-Q1&i=SH2").await;
    assert!(own.contains("STC-1") && !own.contains("STP-1") && !own.contains("MOT-1"), "{own}");
    let (_, due) = b.text("/kpi/due").await;
    assert!(due.contains("STC-3") && !due.contains("STP-1"), "{due}");
    // The leader sees both.
    let leader = Browser::login(&s, "lanhdao").await;
    let (_, due) = leader.text("/kpi/due").await;
    assert!(due.contains("STC-3") && due.contains("STP-1"), "{due}");
}

async fn second_node(s: &Server) -> Browser {
    let state =
        cchc_web::AppState::new(s.store.clone(), cchc_app::config::Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("{e}"));
    let addr: SocketAddr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(cchc_web::serve(state, listener));
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    let b = Browser { client, base: format!("http://{addr}") };
    let r = b.submit("/login", "/login", &[("login", "lanhdao"), ("password", PASSWORD), ("next", "/")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    b
}

#[tokio::test]
async fn two_nodes_show_the_same_numbers() {
    let s = start().await;
    let office = load(&s).await;
    let b = second_node(&s).await;
    let score = |html: &str| {
        html.split("<div class=\"card\"><strong>").nth(1).map(|x| x.split('<').next().unwrap_or("").to_string())
    };
    let (_, one) = office.text("/kpi?unit=HT&p=2025-Q1").await;
    let (_, two) = b.text("/kpi?unit=HT&p=2025-Q1").await;
    assert_eq!(score(&one), score(&two));
    // A correction imported on node one (STC-2 finished on time after all) shows on node two.
    let fix = "code,procedure,unit,received,due,finished,updated\nSTC-2,P1,HT-STC,05/01/2025 08:00,06/01/2025 17:00,06/01/2025 10:00,10/01/2025 10:00\n";
    let r = upload(&office, "/kpi/import", "/kpi/import", &[("kind", "dossiers")], "sua.csv", fix).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, two) = b.text("/kpi/explain?unit=HT-STC&p=2025-Q1&i=TD1&show=num").await;
    assert!(two.contains("STC-2"), "the other node picked up the change:\n{two}");
    let (_, one) = office.text("/kpi?unit=HT&p=2025-Q1").await;
    let (_, two) = b.text("/kpi?unit=HT&p=2025-Q1").await;
    assert_eq!(score(&one), score(&two));
}
