//! Crafted spreadsheets at every upload that reads a spreadsheet: the 1.5 KB dimension bomb
//! (cells A1 and XFD1048576) and its relatives get a 422 that names the limit they break, and
//! the server keeps answering. Before the one table reader, the bomb aborted the process.

use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{start, Browser};

const BOMB: &[u8] = include_bytes!("../../../table/tests/files/dimension-bomb.xlsx");

/// Form fields sent beside the file.
type Fields = &'static [(&'static str, &'static str)];

/// Every form that takes a spreadsheet: (form page, action, extra fields).
const UPLOADS: [(&str, &str, Fields); 6] = [
    ("/plans/import", "/plans/import", &[]),
    ("/units/import", "/units/import", &[]),
    ("/kpi/import", "/kpi/import", &[("kind", "catalogue")]),
    ("/kpi/import", "/kpi/import", &[("kind", "unit_codes")]),
    ("/kpi/import", "/kpi/import", &[("kind", "dossiers")]),
    ("/kpi/reconcile", "/kpi/reconcile", &[]),
];

async fn upload(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)], bytes: &[u8]) -> (StatusCode, String) {
    upload_named(b, page, action, fields, "bang.xlsx", bytes).await
}

async fn upload_named(
    b: &Browser,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    name: &str,
    bytes: &[u8],
) -> (StatusCode, String) {
    let token = b.csrf(page).await;
    let mut form = Form::new().text("_csrf", token);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    let r = b.client.post(format!("{}{action}", b.base)).multipart(form).send().await;
    let r = r.unwrap_or_else(|e| panic!("POST {action}: the server did not answer: {e}"));
    (r.status(), r.text().await.unwrap_or_default())
}

/// The office, with a procedure catalogue loaded so that dossier files are read, not refused
/// for want of a catalogue.
async fn office(s: &crate::harness::Server) -> Browser {
    let office = Browser::login(s, "vanphong").await;
    let catalogue = "MaTTHC,TenTTHC,CapThucHien,CoPhi\nP1,Cấp giấy phép A,Tỉnh,1\n";
    let fields: &[(&str, &str)] = &[("kind", "catalogue")];
    let (status, _) =
        upload_named(&office, "/kpi/import", "/kpi/import", fields, "tthc.csv", catalogue.as_bytes()).await;
    assert!(status.is_success() || status.is_redirection(), "{status}");
    office
}

#[tokio::test]
async fn the_dimension_bomb_gets_a_422_naming_the_limit_everywhere() {
    let s = start().await;
    let office = office(&s).await;
    for (page, action, fields) in UPLOADS {
        let (status, html) = upload(&office, page, action, fields, BOMB).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{action} {fields:?}");
        assert!(html.contains("vượt giới hạn số cột") && html.contains("XFD1048576"), "{action} {fields:?}: {html}");
    }
    let health = office.get("/healthz").await;
    assert_eq!(health.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_crafted_corpus_is_answered_and_the_server_stays_up() {
    let s = start().await;
    let office = office(&s).await;
    for (name, bytes) in cchc_table::crafted::corpus() {
        for (page, action, fields) in UPLOADS {
            let (status, html) = upload(&office, page, action, fields, &bytes).await;
            assert!(status.is_client_error() || status.is_success(), "{name} at {action}: {status}");
            let limited = ["far corner", "row number", "300 sheets"].iter().any(|p| name.starts_with(p));
            if limited {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{name} at {action} {fields:?}");
                assert!(html.contains("vượt giới hạn"), "{name} at {action}: {html}");
            }
        }
    }
    assert_eq!(office.get("/healthz").await.status(), StatusCode::OK);
}
