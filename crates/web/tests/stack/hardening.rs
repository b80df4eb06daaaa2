//! Holes found while probing: the evidence download keeps its own sandbox policy; a damaged
//! workbook or a zip bomb named `.docx` is not stored as evidence; a state-changing request
//! from another site is refused even with the right token (same-origin and absent `Origin`
//! still work); the 413 page names the limit, offers the way back and shows the text fields
//! that arrived before the limit.

use reqwest::StatusCode;

use crate::harness::{start, start_with, Browser};
use crate::tasks::{act, stc_instance};

fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
    cchc_table::crafted::zip_of(&parts.iter().map(|(n, c)| (n.to_string(), c.to_string())).collect::<Vec<_>>())
}

#[tokio::test]
async fn evidence_is_opened_before_it_is_kept_and_served_sandboxed() {
    let s = start().await;
    let inst = stc_instance(&s).await;
    let focal = Browser::login(&s, "taichinh").await;
    let report = [("action", "report_done"), ("outputs", "Kế hoạch số 15/KH-STC")];
    let mut damaged = cchc_table::crafted::workbook(&[("Sheet1", "<row r=\"1\"/>", "")], None);
    damaged.truncate(damaged.len() / 2);
    let bomb = zip(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", &"0".repeat(101 * 1024 * 1024))]);
    for (name, bytes) in [("so-lieu.xlsx", damaged.as_slice()), ("bien-ban.docx", bomb.as_slice())] {
        let r = act(&focal, inst.id, &report, &[(name, bytes)]).await;
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        assert!(status.is_client_error(), "{name}: {status}");
        assert!(body.contains(name), "{name}: the refusal names the file");
    }
    let (_, page) = focal.text(&format!("/tasks/{}", inst.id)).await;
    assert!(!page.contains("href=\"/evidence/"), "nothing was stored");

    let r = act(&focal, inst.id, &report, &[("ke-hoach.pdf", b"%PDF-1.7 minh chung")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = focal.text(&format!("/tasks/{}", inst.id)).await;
    let link = page.split("href=\"/evidence/").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
    let file = focal.get(&format!("/evidence/{link}")).await;
    assert_eq!(file.status(), StatusCode::OK);
    let csp = file.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(csp.starts_with("sandbox"), "the download keeps its own policy: {csp}");
    let (_, html) = focal.text("/").await;
    assert!(!html.is_empty());
    let page_csp = focal.get("/").await;
    let page_csp = page_csp.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(page_csp.contains("frame-ancestors 'none'"), "pages keep the site policy: {page_csp}");
}

async fn login_with(b: &Browser, headers: &[(&str, &str)]) -> StatusCode {
    let token = b.csrf("/login").await;
    let form =
        [("_csrf", token.as_str()), ("login", "vanphong"), ("password", crate::harness::PASSWORD), ("next", "/")];
    let mut req = b.client.post(format!("{}/login", b.base)).form(&form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    req.send().await.unwrap_or_else(|e| panic!("{e}")).status()
}

#[tokio::test]
async fn requests_from_another_site_are_refused_even_with_the_token() {
    let s = start().await;
    let b = Browser::new(&s);
    assert_eq!(login_with(&b, &[("origin", "https://evil.example")]).await, StatusCode::FORBIDDEN);
    assert_eq!(login_with(&b, &[("sec-fetch-site", "cross-site")]).await, StatusCode::FORBIDDEN);
    assert_eq!(login_with(&b, &[("origin", "null")]).await, StatusCode::FORBIDDEN);
    assert_eq!(
        login_with(&b, &[("origin", s.base.as_str()), ("sec-fetch-site", "same-origin")]).await,
        StatusCode::SEE_OTHER
    );
    let fresh = Browser::new(&s);
    assert_eq!(login_with(&fresh, &[]).await, StatusCode::SEE_OTHER, "no Origin: the token decides");
}

#[tokio::test]
async fn the_too_large_page_names_the_limit() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_form_bytes = 4096;
    let s = start_with(config).await;
    let b = Browser::new(&s);
    let token = b.csrf("/login").await;
    let long = "x".repeat(10_000);
    let r = b.post("/login", &[("_csrf", token.as_str()), ("login", long.as_str()), ("password", "p")]).await;
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = r.text().await.unwrap_or_default();
    assert!(body.contains("giới hạn 4 KB"), "{body}");
}

#[tokio::test]
async fn the_too_large_page_keeps_what_was_typed() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_upload_bytes = 1024 * 1024;
    let s = start_with(config).await;
    let focal = Browser::login(&s, "taichinh").await;
    let key = format!("{}-plan", cchc_app::tracking::today().format("%Y"));
    let page = format!("/reports/{key}");
    let token = focal.csrf(&page).await;
    let typed = "Kế hoạch số 12/KH-STC: <b>số hóa</b> hồ sơ, 95% trực tuyến";
    let file = reqwest::multipart::Part::bytes(vec![b'a'; 2 * 1024 * 1024]).file_name("ke-hoach.pdf");
    let form = reqwest::multipart::Form::new()
        .text("_csrf", token.clone())
        .text("narrative", typed)
        .text("submit", "0")
        .part("file", file);
    let r = focal
        .client
        .post(format!("{}{page}", focal.base))
        .header("referer", format!("{}{page}", focal.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = r.text().await.unwrap_or_default();
    assert!(body.contains("giới hạn 1 MB"), "{body}");
    assert!(body.contains(&format!("href=\"{page}\"")) && body.contains("Quay lại biểu mẫu"), "{body}");
    assert!(body.contains("Nội dung bạn đã nhập") && body.contains("narrative"), "{body}");
    assert!(body.contains("Kế hoạch số 12/KH-STC: &lt;b&gt;số hóa&lt;/b&gt; hồ sơ, 95% trực tuyến"), "{body}");
    assert!(!body.contains(&format!(">{token}<")), "the token is not shown again");
    let stc = crate::harness::unit_id(&s, "HT-STC").await;
    let stored = s.store.report(stc, &key, cchc_domain::visibility::Visibility::Unit(stc)).await;
    assert!(stored.unwrap_or_default().is_none(), "nothing of the refused post is stored");
}

#[tokio::test]
async fn the_audit_check_page_uses_the_published_anchors() {
    let anchors = std::env::temp_dir().join(format!(
        "cchc-anchors-{}-{:?}.jsonl",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut config = cchc_app::config::Config::default();
    config.backup.anchor_file = anchors.display().to_string();
    let s = start_with(config).await;
    let admin = Browser::login(&s, "admin").await;
    let head = s.store.audit_head().await.unwrap_or_else(|e| panic!("{e}"));
    cchc_app::backup::anchor::publish(&anchors, &head, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    let (_, page) = admin.text("/admin/audit/verify").await;
    assert!(page.contains("nguyên vẹn"), "{page}");
    // An anchor the database no longer reaches: its newest entries were cut.
    let ahead = cchc_domain::audit::ChainHead { seq: head.seq + 1_000_000, hash: "ab".repeat(32) };
    cchc_app::backup::anchor::publish(&anchors, &ahead, chrono::Utc::now()).unwrap_or_else(|e| panic!("{e}"));
    let (_, page) = admin.text("/admin/audit/verify").await;
    assert!(page.contains("Phát hiện can thiệp") && page.contains("mốc đã công bố"), "{page}");
    let _ = std::fs::remove_file(&anchors);
}
