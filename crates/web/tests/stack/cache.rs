//! The short-lived page cache never widens what a user sees, and a change made through the
//! node shows at once.

use reqwest::StatusCode;

use crate::harness::{start, Browser};

fn task_links(html: &str) -> Vec<String> {
    let mut out: Vec<String> = html
        .match_indices("href=\"/tasks/")
        .filter_map(|(i, _)| {
            let rest = &html[i + "href=\"/tasks/".len()..];
            let id: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            (!id.is_empty()).then(|| format!("/tasks/{id}"))
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[tokio::test]
async fn cached_pages_stay_within_the_users_scope() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let focal = Browser::login(&s, "tuphap").await;
    // The office fills the cache first.
    let (_, office_home) = office.text("/").await;
    let (_, office_list) = office.text("/tasks").await;
    let (status, focal_list) = focal.text("/tasks").await;
    assert_eq!(status, StatusCode::OK);
    let (office_links, focal_links) = (task_links(&office_list), task_links(&focal_list));
    assert!(!office_links.is_empty() && !focal_links.is_empty());
    assert_ne!(office_links, focal_links, "the unit gets its own list, not the office's cached one");
    for link in &focal_links {
        assert_eq!(focal.get(link).await.status(), StatusCode::OK, "{link} is the unit's own");
    }
    let (_, focal_home) = focal.text("/").await;
    assert_ne!(office_home, focal_home);
    // Another unit's user, after both filled the cache, still gets only its own.
    let other = Browser::login(&s, "taichinh").await;
    let other_links = task_links(&other.text("/tasks").await.1);
    assert!(!other_links.is_empty() && other_links != focal_links);
    for link in other_links.iter().take(20) {
        assert_eq!(other.get(link).await.status(), StatusCode::OK, "{link}");
    }
}
