//! Error pages keep the person's frame (header, menu, logout) and, after a failed form post,
//! offer the way back to the form; refused task actions keep what was typed.

use reqwest::StatusCode;

use crate::harness::{csrf_in, start, Browser};

#[tokio::test]
async fn error_pages_are_drawn_in_the_users_frame() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (status, page) = office.text("/khong-co-trang-nay").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Không tìm thấy trang"));
    assert!(page.contains("Đăng xuất") && page.contains("Phòng CCHC, Sở Nội vụ"), "logged-in header");
    assert!(page.contains("href=\"/tasks\""), "the menu is there");

    let stranger = Browser::new(&s);
    let (status, page) = stranger.text("/khong-co-trang-nay").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(!page.contains("Đăng xuất"), "no one is logged in");
}

#[tokio::test]
async fn a_failed_form_post_offers_the_way_back_to_its_own_page_only() {
    let s = start().await;
    let inst = crate::tasks::stc_instance(&s).await;
    let office = Browser::login(&s, "vanphong").await;
    let form_page = format!("/tasks/{}", inst.id);
    let token = csrf_in(&office.text(&form_page).await.1).unwrap_or_default();
    let post = |referer: String| {
        office
            .client
            .post(format!("{}/tasks/{}/event", office.base, inst.id))
            .header(reqwest::header::REFERER, referer)
            .form(&[("_csrf", token.as_str()), ("occurred_on", "31/02/2026")])
    };
    let r = post(format!("{}{form_page}", s.base)).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let page = r.text().await.unwrap_or_default();
    assert!(page.contains("Quay lại biểu mẫu"), "{page}");
    assert!(page.contains(&format!("href=\"{form_page}\"")), "back to the task page");
    assert!(page.contains("Đăng xuất"), "in the user's frame");

    let r = post("https://evil.example/tasks/1".into()).send().await.unwrap_or_else(|e| panic!("{e}"));
    let page = r.text().await.unwrap_or_default();
    assert!(!page.contains("evil.example"), "a foreign page is never offered");
}
