//! The surge of `cchc bench par`: every head logs in and opens the unit's form (untimed), then
//! all of them post the self form with `submit=1` at once, as the browser does (their own
//! session, the CSRF token and version of the page, every criterion as the page shows it).
//! A write is lost when an assessment is not `submitted` afterwards.

use std::sync::Arc;
use std::time::Instant;

use cchc_domain::par::Mark;
use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use cchc_storage::DynStore;
use tokio::sync::Barrier;

use super::super::bench_web::http;
use super::load::{figures, Figures};

/// What the surge measured.
pub struct Surge {
    pub figures: Figures,
    /// From the first request sent to the last answer, in seconds.
    pub wall: f64,
    pub lost: usize,
}

/// The value of the hidden input `name` in `html`.
pub(crate) fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    html[at..].split('"').next().map(str::to_string)
}

/// Logs `login` in and reads the self form of assessment `id`: the cookie and the body to post.
async fn ready(addr: &str, store: &DynStore, login: &str, password: &str, id: i64) -> anyhow::Result<(String, String)> {
    let cookie = http::login(addr, login, password).await?;
    let page = http::request(addr, &format!("/par/assessments/{id}"), Some(&cookie), None).await?;
    let (Some(csrf), Some(version)) = (hidden(&page.body, "_csrf"), hidden(&page.body, "version")) else {
        anyhow::bail!("trang của bản đánh giá {id} không có biểu mẫu (mã {})", page.status);
    };
    let a = store.assessment(id, Visibility::Province).await?;
    let scores = store.scores(id, Visibility::Unit(a.unit_id)).await?;
    let mut body = format!("_csrf={}&version={}&submit=1", http::encode(&csrf), http::encode(&version));
    for s in scores.iter().map(|r| &r.score) {
        let c = http::encode(&s.code);
        match s.self_mark {
            Some(Mark::Points(p)) => body.push_str(&format!("&p-{c}={}", http::encode(&p.to_string()))),
            Some(Mark::NotApplicable) => body.push_str(&format!("&p-{c}=&na-{c}=1")),
            None => body.push_str(&format!("&p-{c}=")),
        }
        body.push_str(&format!("&n-{c}={}", http::encode(&s.self_note)));
    }
    Ok((cookie, body))
}

/// Runs the surge of `heads` (login, assessment id).
pub async fn run(addr: &str, store: &DynStore, heads: &[(String, i64)], password: &str) -> anyhow::Result<Surge> {
    let mut posts = Vec::new();
    for chunk in heads.chunks(4) {
        let mut set = tokio::task::JoinSet::new();
        for (login, id) in chunk {
            let (addr, store, login, password, id) =
                (addr.to_string(), store.clone(), login.clone(), password.to_string(), *id);
            set.spawn(async move { ready(&addr, &store, &login, &password, id).await.map(|r| (id, r)) });
        }
        while let Some(r) = set.join_next().await {
            posts.push(r??);
        }
    }
    let barrier = Arc::new(Barrier::new(posts.len() + 1));
    let mut set = tokio::task::JoinSet::new();
    for (id, (cookie, body)) in posts {
        let (addr, barrier) = (addr.to_string(), barrier.clone());
        set.spawn(async move {
            barrier.wait().await;
            let t = Instant::now();
            let r = http::request(&addr, &format!("/par/assessments/{id}/self"), Some(&cookie), Some(&body)).await;
            (t.elapsed().as_secs_f64() * 1_000.0, r.map(|r| r.status).unwrap_or(0))
        });
    }
    barrier.wait().await;
    let start = Instant::now();
    let (mut ms, mut server, mut other) = (Vec::new(), 0, 0);
    while let Some(r) = set.join_next().await {
        let (t, status) = r?;
        ms.push(t);
        match status {
            303 => {}
            0 | 500.. => server += 1,
            _ => other += 1,
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let mut lost = 0;
    for (_, id) in heads {
        if store.assessment(*id, Visibility::Province).await?.status != ReviewState::Submitted {
            lost += 1;
        }
    }
    Ok(Surge { figures: figures(ms, wall, server, other), wall, lost })
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_hidden_inputs() {
        let html = r#"<input type="hidden" name="_csrf" value="a-b"><input type="hidden" name="version" value="7">"#;
        assert_eq!(super::hidden(html, "_csrf").as_deref(), Some("a-b"));
        assert_eq!(super::hidden(html, "version").as_deref(), Some("7"));
        assert_eq!(super::hidden(html, "x"), None);
    }
}
