//! One backend's run of `cchc bench sipas`: the crowd of public submissions, then the public
//! pages beside a static body of the same size.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use cchc_app::config::Config;
use cchc_domain::sipas::{QuestionKind, Questionnaire};
use cchc_domain::user::Actor;

use super::SipasBenchArgs;
use crate::cmd::bench_api::percentile;
use crate::cmd::bench_web::http;

/// What one submission came back with.
#[derive(Default)]
struct Tally {
    sent: usize,
    by_status: BTreeMap<u16, usize>,
    errors: usize,
    latency_ms: Vec<f64>,
}

/// The answers of submission `i`: scale answers from the base-5 digits of `i` (so every
/// submission differs), the first option of each choice, a number from 1 to 50, no text.
fn answers(q: &Questionnaire, i: usize) -> String {
    let mut digits = i;
    let mut out = String::new();
    for x in q.sections.iter().flat_map(|s| &s.questions) {
        let v = match &x.kind {
            QuestionKind::Scale5 => {
                let d = digits % 5 + 1;
                digits /= 5;
                d.to_string()
            }
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options.first().map(|o| o.code.clone()).unwrap_or_default()
            }
            QuestionKind::Number { .. } => ((i / 7) % 50 + 1).to_string(),
            QuestionKind::Text { .. } => continue,
        };
        out.push_str(&format!("&q-{}={}", http::encode(&x.code), http::encode(&v)));
    }
    out
}

/// Runs the whole benchmark on one backend; false when submissions were lost or a 5xx came.
pub async fn backend(mut config: Config, a: &SipasBenchArgs, n: usize) -> anyhow::Result<bool> {
    let (store, label) = crate::cmd::bench::fresh_store(&config, &a.dir, 1_000 + n).await?;
    cchc_app::demo::seed(&store, None).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let campaign =
        store.campaigns().await?.into_iter().next().ok_or_else(|| anyhow::anyhow!("không có đợt khảo sát"))?;
    let q = Arc::new(store.questionnaire(campaign.questionnaire_id).await?.questionnaire);
    let units: Arc<Vec<i64>> = Arc::new(campaign.units.iter().map(|(u, _)| *u).collect());
    let before = store.response_counts(campaign.id).await?;
    let stored_before: i64 = before.accepted.iter().map(|(_, k)| k).sum();
    // Every simulated phone has its own address: the per-address limit is not what is measured.
    config.security.trust_forwarded_for = true;
    config.log.level = "error".into();
    let state = cchc_web::AppState::new(store.clone(), config).map_err(|e| anyhow::anyhow!(e))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?.to_string();
    // The static body comes from the same server (listener, HTTP stack, runtime), without the
    // application's middleware: the page's cost is what the comparison shows.
    let app = cchc_web::app(state).route(
        "/bench/tinh/{size}",
        axum::routing::get(|axum::extract::Path(size): axum::extract::Path<usize>| async move {
            axum::response::Html("x".repeat(size.min(10 * 1024 * 1024)))
        }),
    );
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    println!("\n== {label}: {} lượt gửi/s trong {} s, {} đơn vị", a.rate, a.secs, units.len());

    let total = a.rate * a.secs as usize;
    let t0 = Instant::now() + Duration::from_millis(200);
    let mut senders = Vec::new();
    for s in 0..a.senders.max(1) {
        let (q, units, addr, campaign) = (q.clone(), units.clone(), addr.clone(), campaign.id);
        let (rate, step) = (a.rate.max(1) as f64, a.senders.max(1));
        senders.push(tokio::spawn(async move {
            let mut t = Tally::default();
            let mut i = s;
            while i < total {
                let at = t0 + Duration::from_secs_f64(i as f64 / rate);
                tokio::time::sleep_until(at.into()).await;
                // Two submissions a phone; every 100th repeats the answers before it.
                let phone = i / 2;
                let same = if i % 100 == 99 { i - 1 } else { i };
                let unit = units[same % units.len()];
                let csrf = format!("{:064x}", phone as u128 * 7_919 + 1);
                let device = format!("{:032x}", phone as u128 * 104_729 + 3);
                let extra = format!(
                    "Cookie: cchc_csrf={csrf}; cchc_khaosat={device}\r\nX-Forwarded-For: 198.18.{}.{}\r\n",
                    (phone / 250) % 250,
                    phone % 250 + 1
                );
                let form = format!("_csrf={csrf}{}", answers(&q, same));
                t.sent += 1;
                match http::request_with(&addr, &format!("/khao-sat/{campaign}/{unit}"), &extra, Some(&form)).await {
                    Ok(r) => *t.by_status.entry(r.status).or_default() += 1,
                    Err(_) => t.errors += 1,
                }
                t.latency_ms.push(at.elapsed().as_secs_f64() * 1000.0);
                i += step;
            }
            t
        }));
    }
    let mut all = Tally::default();
    for h in senders {
        let t = h.await?;
        all.sent += t.sent;
        all.errors += t.errors;
        all.latency_ms.extend(t.latency_ms);
        for (k, v) in t.by_status {
            *all.by_status.entry(k).or_default() += v;
        }
    }
    let elapsed = t0.elapsed().as_secs_f64();
    all.latency_ms.sort_by(f64::total_cmp);
    store.settle().await?;
    let after = store.response_counts(campaign.id).await?;
    let stored = after.accepted.iter().map(|(_, k)| k).sum::<i64>() - stored_before;
    let refused: Vec<(String, i64)> = after
        .rejected
        .iter()
        .map(|(r, k)| (r.clone(), k - before.rejected.iter().find(|(b, _)| b == r).map_or(0, |x| x.1)))
        .filter(|(_, k)| *k > 0)
        .collect();
    let refused_total: i64 = refused.iter().map(|(_, k)| k).sum();
    let lost = all.sent as i64 - stored - refused_total;
    let five = all.by_status.iter().filter(|(k, _)| **k >= 500).map(|(_, v)| v).sum::<usize>();
    println!("  gửi {} trong {elapsed:.1} s ({:.0}/s)", all.sent, all.sent as f64 / elapsed.max(1e-9));
    println!(
        "  lưu {stored}; từ chối {refused_total} {refused:?}; mất {lost}; lỗi 5xx {five}; lỗi kết nối {}",
        all.errors
    );
    println!("  mã trả lời {:?}", all.by_status);
    println!(
        "  độ trễ từ thời điểm hẹn gửi: p50 {:.1} ms, p99 {:.1} ms",
        percentile(&all.latency_ms, 0.5),
        percentile(&all.latency_ms, 0.99)
    );
    let pages_ok = pages(&store, &addr, a, campaign.id).await?;
    Ok(lost == 0 && five == 0 && all.errors == 0 && pages_ok)
}

/// The public home page and a published table at `clients` clients, each beside the static
/// body of the same size.
async fn pages(store: &cchc_storage::DynStore, addr: &str, a: &SipasBenchArgs, campaign: i64) -> anyhow::Result<bool> {
    let table = cchc_app::publish::sipas(store.as_ref(), campaign).await.map_err(|e| anyhow::anyhow!("{e}"))?;
    let snap = cchc_app::publish::publish(store.as_ref(), &Actor::cli(), "sipas", table)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ok = true;
    for (label, path) in [
        ("trang chủ công khai /cong-khai", "/cong-khai".to_string()),
        ("bảng công khai", format!("/cong-khai/{}", snap.id)),
    ] {
        let page = http::request(addr, &path, None, None).await?;
        if page.status != 200 {
            anyhow::bail!("{path} trả về mã {}", page.status);
        }
        let size = page.body.len();
        let dynamic = hammer(addr, &path, a.clients, a.page_secs).await;
        let still = hammer(addr, &format!("/bench/tinh/{size}"), a.clients, a.page_secs).await;
        let ratio = dynamic.0 / still.0.max(1e-9);
        println!(
            "  {label} ({size} byte): {:.0}/s, p99 {:.1} ms; trang tĩnh cùng cỡ {:.0}/s — tỷ lệ {:.0}% (mục tiêu ≥ {:.0}%: {})",
            dynamic.0,
            dynamic.1,
            still.0,
            ratio * 100.0,
            a.target * 100.0,
            if ratio >= a.target { "đạt" } else { "chưa đạt" }
        );
        ok &= dynamic.2 == 0 && still.2 == 0;
    }
    Ok(ok)
}

/// `clients` loops on `path` for `secs` seconds: requests a second, p99 ms, failures.
async fn hammer(addr: &str, path: &str, clients: usize, secs: u64) -> (f64, f64, usize) {
    let end = Instant::now() + Duration::from_secs(secs);
    let mut tasks = Vec::new();
    for _ in 0..clients.max(1) {
        let (addr, path) = (addr.to_string(), path.to_string());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut failed) = (Vec::new(), 0usize);
            while Instant::now() < end {
                let t = Instant::now();
                match http::request(&addr, &path, None, None).await {
                    Ok(r) if r.status == 200 => lat.push(t.elapsed().as_secs_f64() * 1000.0),
                    _ => failed += 1,
                }
            }
            (lat, failed)
        }));
    }
    let (mut lat, mut failed) = (Vec::new(), 0);
    for t in tasks {
        if let Ok((l, f)) = t.await {
            lat.extend(l);
            failed += f;
        }
    }
    lat.sort_by(f64::total_cmp);
    (lat.len() as f64 / secs.max(1) as f64, percentile(&lat, 0.99), failed)
}
