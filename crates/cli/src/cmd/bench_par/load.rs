//! The load `cchc bench par` applies itself (no load tool needed, so it runs anywhere): a page
//! loaded by N clients one request after another for a while, each request on its own
//! connection, and the figures of a set of timed requests.

use std::time::{Duration, Instant};

use super::super::bench_web::http;

/// Figures of a set of requests.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub requests: usize,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// Answers 500 and above, and requests that got no answer.
    pub server_errors: usize,
    /// Other answers than the expected one.
    pub unexpected: usize,
}

/// The `p`-th percentile (nearest rank) of sorted `ms`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = (p / 100.0 * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Figures of requests that took `ms` within `wall` seconds.
pub fn figures(mut ms: Vec<f64>, wall: f64, server_errors: usize, unexpected: usize) -> Figures {
    ms.sort_by(f64::total_cmp);
    Figures {
        requests: ms.len(),
        rps: if wall > 0.0 { ms.len() as f64 / wall } else { 0.0 },
        p50_ms: percentile(&ms, 50.0),
        p99_ms: percentile(&ms, 99.0),
        max_ms: ms.last().copied().unwrap_or(0.0),
        server_errors,
        unexpected,
    }
}

/// Loads `path` as `cookie` with `clients` clients for `secs` seconds; an answer counts as
/// expected when it is 200 and holds `expect`.
pub async fn load(addr: &str, path: &str, cookie: &str, clients: u32, secs: f64, expect: &str) -> Figures {
    let start = Instant::now();
    let until = start + Duration::from_secs_f64(secs);
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..clients.max(1) {
        let (addr, path, cookie, expect) = (addr.to_string(), path.to_string(), cookie.to_string(), expect.to_string());
        set.spawn(async move {
            let (mut ms, mut server, mut other) = (Vec::new(), 0usize, 0usize);
            while Instant::now() < until {
                let t = Instant::now();
                let r = http::request(&addr, &path, Some(&cookie), None).await;
                ms.push(t.elapsed().as_secs_f64() * 1_000.0);
                match r {
                    Ok(r) if r.status == 200 && r.body.contains(&expect) => {}
                    Ok(r) if r.status < 500 => other += 1,
                    _ => server += 1,
                }
            }
            (ms, server, other)
        });
    }
    let (mut all, mut server, mut other) = (Vec::new(), 0, 0);
    while let Some(Ok((ms, s, o))) = set.join_next().await {
        all.extend(ms);
        server += s;
        other += o;
    }
    figures(all, start.elapsed().as_secs_f64(), server, other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let ms: Vec<f64> = (1..=200).map(f64::from).collect();
        let f = figures(ms.into_iter().rev().collect(), 4.0, 1, 2);
        assert_eq!((f.requests, f.rps, f.p50_ms, f.p99_ms, f.max_ms), (200, 50.0, 100.0, 198.0, 200.0));
        assert_eq!((f.server_errors, f.unexpected), (1, 2));
        assert_eq!(percentile(&[], 50.0), 0.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }
}
