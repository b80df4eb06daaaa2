//! The surge of `cchc bench par`: every head logs in (untimed), opens the unit's own form, the
//! openings spread evenly over a while (timed: the form as the units see it on a deadline
//! day), then all of them post the self form with `submit=1` at once, as the browser does
//! (their own session, the CSRF token and version of the page, every criterion as the page
//! shows it). A write is lost when an assessment is not `submitted` afterwards.

use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// The heads' own forms, each opened once before the posts (an open load over a while).
    pub forms: Figures,
}

/// The value of the hidden input `name` in `html`.
pub(crate) fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    html[at..].split('"').next().map(str::to_string)
}

/// The body a head posts to submit the self form of assessment `id` read in `page`.
async fn post_body(store: &DynStore, page: &http::Reply, id: i64) -> anyhow::Result<String> {
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
    Ok(body)
}

/// Every head logged in (untimed, four at a time): (assessment id, cookie).
async fn log_in(addr: &str, heads: &[(String, i64)], password: &str) -> anyhow::Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for chunk in heads.chunks(4) {
        let mut set = tokio::task::JoinSet::new();
        for (login, id) in chunk {
            let (addr, login, password, id) = (addr.to_string(), login.clone(), password.to_string(), *id);
            set.spawn(async move { http::login(&addr, &login, &password).await.map(|c| (id, c)) });
        }
        while let Some(r) = set.join_next().await {
            out.push(r??);
        }
    }
    Ok(out)
}

/// Each head opens the unit's own form once, the openings spread evenly over `over` (an
/// open load: each request leaves at its time whatever the others do, and its time is counted
/// from then). Returns the figures and each head's (id, cookie, page).
async fn open_forms(
    addr: &str,
    sessions: Vec<(i64, String)>,
    over: Duration,
) -> anyhow::Result<(Figures, Vec<(i64, String, http::Reply)>)> {
    let gap = over.div_f64(sessions.len().max(1) as f64);
    let start = tokio::time::Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (i, (id, cookie)) in sessions.into_iter().enumerate() {
        let (addr, at) = (addr.to_string(), start + gap * u32::try_from(i).unwrap_or(u32::MAX));
        set.spawn(async move {
            tokio::time::sleep_until(at).await;
            let r = http::request(&addr, &format!("/par/assessments/{id}"), Some(&cookie), None).await;
            (at.elapsed().as_secs_f64() * 1_000.0, id, cookie, r)
        });
    }
    let (mut ms, mut server, mut other, mut pages) = (Vec::new(), 0, 0, Vec::new());
    while let Some(r) = set.join_next().await {
        let (t, id, cookie, r) = r?;
        ms.push(t);
        match r {
            Ok(page) if page.status == 200 && page.body.contains("name=\"p-") => pages.push((id, cookie, page)),
            Ok(page) if page.status < 500 => other += 1,
            _ => server += 1,
        }
    }
    let wall = start.elapsed().as_secs_f64();
    Ok((figures(ms, wall, server, other), pages))
}

/// Runs the surge of `heads` (login, assessment id): they log in, open their forms over
/// `open_over`, then all post at once.
pub async fn run(
    addr: &str,
    store: &DynStore,
    heads: &[(String, i64)],
    password: &str,
    open_over: Duration,
) -> anyhow::Result<Surge> {
    let sessions = log_in(addr, heads, password).await?;
    let (forms, pages) = open_forms(addr, sessions, open_over).await?;
    // A head whose form did not open posts nothing: counted as an error and a lost write.
    let mut posts = Vec::new();
    for (id, cookie, page) in &pages {
        posts.push((*id, (cookie.clone(), post_body(store, page, *id).await?)));
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
    Ok(Surge { figures: figures(ms, wall, server, other), wall, lost, forms })
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
