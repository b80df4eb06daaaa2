//! Request metrics in the Prometheus text format (`/metrics`): request counts by method,
//! route pattern and status, and a latency histogram per route.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

const BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    sum: f64,
    count: u64,
}

/// Counters kept in memory per app node (each node is scraped separately).
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, secs: f64) {
        if let Ok(mut m) = self.requests.lock() {
            *m.entry((method.to_string(), route.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let h = l.entry(route.to_string()).or_default();
            for (i, b) in BUCKETS.iter().enumerate() {
                if secs <= *b {
                    h.counts[i] += 1;
                }
            }
            h.sum += secs;
            h.count += 1;
        }
    }

    /// The Prometheus exposition text.
    pub fn render(&self, db_up: bool) -> String {
        let mut out = String::new();
        out.push_str("# HELP cchc_build_info Build information.\n# TYPE cchc_build_info gauge\n");
        out.push_str(&format!("cchc_build_info{{version=\"{}\"}} 1\n", env!("CARGO_PKG_VERSION")));
        out.push_str("# HELP cchc_database_up Whether the database answered.\n# TYPE cchc_database_up gauge\n");
        out.push_str(&format!("cchc_database_up {}\n", u8::from(db_up)));
        out.push_str(
            "# HELP cchc_http_requests_total HTTP requests handled.\n# TYPE cchc_http_requests_total counter\n",
        );
        if let Ok(m) = self.requests.lock() {
            for ((method, route, status), n) in m.iter() {
                out.push_str(&format!(
                    "cchc_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}\n",
                    escape(route)
                ));
            }
        }
        out.push_str("# HELP cchc_http_request_duration_seconds Request latency.\n# TYPE cchc_http_request_duration_seconds histogram\n");
        if let Ok(l) = self.latency.lock() {
            for (route, h) in l.iter() {
                let r = escape(route);
                for (i, b) in BUCKETS.iter().enumerate() {
                    out.push_str(&format!(
                        "cchc_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"{b}\"}} {}\n",
                        h.counts[i]
                    ));
                }
                out.push_str(&format!(
                    "cchc_http_request_duration_seconds_bucket{{route=\"{r}\",le=\"+Inf\"}} {}\n",
                    h.count
                ));
                out.push_str(&format!("cchc_http_request_duration_seconds_sum{{route=\"{r}\"}} {}\n", h.sum));
                out.push_str(&format!("cchc_http_request_duration_seconds_count{{route=\"{r}\"}} {}\n", h.count));
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Middleware recording every request under its route pattern (not the raw path, so ids do
/// not explode the number of series).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().to_string();
    let route =
        req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string()).unwrap_or_else(|| "unmatched".into());
    let resp = next.run(req).await;
    state.metrics.observe(&method, &route, resp.status().as_u16(), start.elapsed().as_secs_f64());
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_prometheus_text() {
        let m = Metrics::default();
        m.observe("GET", "/units/{id}", 200, 0.02);
        m.observe("GET", "/units/{id}", 200, 0.2);
        let t = m.render(true);
        assert!(t.contains("cchc_http_requests_total{method=\"GET\",route=\"/units/{id}\",status=\"200\"} 2"), "{t}");
        assert!(t.contains("cchc_http_request_duration_seconds_bucket{route=\"/units/{id}\",le=\"0.025\"} 1"));
        assert!(t.contains("cchc_database_up 1"));
    }
}
