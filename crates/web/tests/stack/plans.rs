//! Importing a plan through the web: upload, review with warnings and unresolved agencies,
//! correct a cell, confirm; the same file again changes nothing; a revision shows its diff.

use reqwest::StatusCode;

use crate::harness::{location, start, Browser};

const SEED_001: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../documents/seeds/001_a5b74ff242722c67.txt");

pub(crate) async fn upload(b: &Browser, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    let token = b.csrf("/plans/import").await;
    let part = reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let form = reqwest::multipart::Form::new().text("_csrf", token).part("file", part);
    b.client.post(format!("{}/plans/import", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn the_demo_plans_are_listed_and_searchable() {
    let s = start().await;
    let b = Browser::login(&s, "taichinh").await;
    let (st, html) = b.text("/plans").await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("3098/QĐ-UBND") && html.contains("09/CT-UBND"),
        "Hà Tĩnh's documents are imported by the demo"
    );
    assert!(!html.contains("5016/TB-VPUBND"), "another province's document is not");
    let docs = s.store.list_documents(false).await.unwrap_or_default();
    let ht = docs.iter().find(|d| d.meta.number.as_deref() == Some("3098/QĐ-UBND")).unwrap_or_else(|| panic!("001"));
    assert_eq!(ht.task_count, 71);
    let (_, page) = b.text(&format!("/plans/{}?q=so+hoa", ht.id)).await;
    assert!(page.contains("số hóa") || page.contains("Số hóa"), "diacritic-insensitive task search");
    assert!(!page.contains("Không có nhiệm vụ nào phù hợp."));
    let x = b.get(&format!("/plans/{}/export.xlsx", ht.id)).await;
    assert_eq!(x.status(), StatusCode::OK);
    assert!(x.bytes().await.unwrap_or_default().starts_with(b"PK"));
    // Unit staff cannot import or see drafts.
    assert_eq!(b.get("/plans/import").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn upload_review_correct_confirm_and_reimport() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let original = cchc_app::demo::year::shifted_document(&std::fs::read(SEED_001).unwrap_or_default(), year);
    // The demo already holds this file (moved into this year): the review says so and saving changes nothing.
    let r = upload(&b, "001.txt", original.clone()).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let draft = location(&r);
    let (_, html) = b.text(&draft).await;
    assert!(html.contains("Tệp này đã được nhập trước đây"), "same file detected");
    let before = s.store.list_documents(true).await.unwrap_or_default().len();
    let r = b.submit(&draft, &format!("{draft}/confirm"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(s.store.list_documents(true).await.unwrap_or_default().len(), before, "nothing new stored");

    // A revised version: one task's lead changed in the text.
    let text = String::from_utf8(original).unwrap_or_default();
    let revised = text.replacen(&format!("Sở Thông tin và Truyền thông |\nCác Sở, ban ngành cấp tỉnh, UBND các huyện, thành phố, thị xã |\nTháng 01/{year}"), &format!("Sở Tư pháp |\nCác Sở, ban ngành cấp tỉnh, UBND các huyện, thành phố, thị xã |\nTháng 01/{year}"), 1);
    assert_ne!(revised, text, "the fixture changed");
    let r = upload(&b, "001-sua.txt", revised.into_bytes()).await;
    let draft = location(&r);
    let (st, html) = b.text(&draft).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Đây là bản sửa đổi của văn bản đã nhập"), "revision detected");
    assert!(html.contains("lead: «Sở Thông tin và Truyền thông» → «Sở Tư pháp»"), "diff shown");
    assert!(html.contains("class=\"unresolved\""), "unresolved agencies highlighted");
    assert!(html.contains("Cảnh báo khi đọc tệp"), "warnings shown");

    // Correct a cell: the first task's coordinating agency.
    let edit = format!("{draft}/tasks/0");
    let r = b
        .submit(
            &edit,
            &edit,
            &[
                ("title", "Ban hành Kế hoạch CCHC năm 2025 của tỉnh"),
                ("lead", "Sở Nội vụ"),
                ("coordinating", "Sở TT&TT; Tổ công tác đặc biệt"),
                ("deadline", "Tháng 12/2024"),
                ("budget", "15"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = b.text(&draft).await;
    assert!(html.contains("Tổ công tác đặc biệt</mark>"), "the unmatched phrase stays visible");
    assert!(html.contains("15 triệu đồng"));
    // An empty title is refused with a message, nothing lost.
    let r = b
        .submit(&edit, &edit, &[("title", " "), ("lead", "X"), ("coordinating", ""), ("deadline", ""), ("budget", "")])
        .await;
    assert!(r.text().await.unwrap_or_default().contains("Cần nhập tên nhiệm vụ."));

    let r = b.submit(&draft, &format!("{draft}/confirm"), &[]).await;
    let to = location(&r);
    let (_, page) = b.text(&to).await;
    assert!(page.contains("lên phiên bản 2"), "{}", page.lines().find(|l| l.contains("flash")).unwrap_or(""));
    let docs = s.store.list_documents(true).await.unwrap_or_default();
    let v: Vec<_> = docs
        .iter()
        .filter(|d| d.meta.number.as_deref() == Some("3098/QĐ-UBND"))
        .map(|d| (d.version, d.active))
        .collect();
    assert_eq!(v.len(), 2);
    assert!(v.contains(&(2, true)) && v.contains(&(1, false)));
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("plan.".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(log[0].action, "plan.revise");
}

#[tokio::test]
async fn bad_uploads_get_clear_messages_and_drafts_are_private() {
    let s = start().await;
    let b = Browser::login(&s, "vanphong").await;
    for (name, bytes, want) in [
        ("tai-lieu.pdf", b"%PDF-1.7\n...".to_vec(), "PDF"),
        ("rong.txt", Vec::new(), "Cần chọn một tệp"),
        ("anh.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(), "ảnh"),
        ("nhi-phan.bin", vec![0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254, 0, 0], "nhị phân"),
    ] {
        let r = upload(&b, name, bytes).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        let html = r.text().await.unwrap_or_default();
        assert!(html.contains(want), "{name}: {want}");
    }
    assert!(s.store.list_drafts(1).await.unwrap_or_default().is_empty());
    // Another office user cannot open someone else's draft.
    let r = upload(
        &b,
        "004.txt",
        std::fs::read(SEED_001.replace("001_a5b74ff242722c67", "004_52ac1802baa48ef1")).unwrap_or_default(),
    )
    .await;
    let draft = location(&r);
    let admin = Browser::login(&s, "admin").await;
    assert_eq!(admin.get(&draft).await.status(), StatusCode::NOT_FOUND);
    let leader = Browser::login(&s, "lanhdao").await;
    assert_eq!(leader.get(&draft).await.status(), StatusCode::FORBIDDEN);
}
