//! The timed part of `cchc bench surge`: every unit's focal point (logged in beforehand, each
//! on its own node when there are several) starts at its own moment of the window, so the
//! requests are spread over it, and sends what a browser sends: the periodic report with its
//! narrative and two files, submitted at once, then "done" on each of its three tasks. Each
//! request goes to the next node in turn, so a session made on one node is used on the other.

use std::time::{Duration, Instant};

use super::super::bench_par::load::{figures, Figures};
use super::super::bench_par::surge::hidden;
use super::super::bench_web::http;
use super::setup::Province;

/// Two small evidence files (a PDF and a PNG header is all the type check reads for these kinds).
fn files(i: usize) -> [(String, Vec<u8>); 2] {
    let pdf = format!("%PDF-1.4\n% báo cáo định kỳ của đơn vị {i}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
    let png = [b"\x89PNG\r\n\x1a\n".as_slice(), format!("bang-so-lieu-{i}").as_bytes()].concat();
    [(format!("bao-cao-{i}.pdf"), pdf.into_bytes()), (format!("bang-so-lieu-{i}.png"), png)]
}

/// A unit's client, ready to send: its session and CSRF token.
struct Ready {
    cookie: String,
    csrf: String,
}

async fn ready(node: &str, login: &str, password: &str, key: &str) -> anyhow::Result<Ready> {
    let cookie = http::login(node, login, password).await?;
    let page = http::request(node, &format!("/reports/{key}"), Some(&cookie), None).await?;
    let csrf = hidden(&page.body, "_csrf")
        .ok_or_else(|| anyhow::anyhow!("trang báo cáo {key} của {login} không có biểu mẫu (mã {})", page.status))?;
    Ok(Ready { cookie, csrf })
}

/// Timings of one kind of request.
pub struct Kind {
    pub label: &'static str,
    pub figures: Figures,
}

/// What the timed part measured.
pub struct Measured {
    pub kinds: Vec<Kind>,
    /// From the window's start to the last answer, in seconds.
    pub wall: f64,
}

/// Logs every unit in (untimed, a few at a time), then runs the window.
pub async fn run(nodes: &[String], p: &Province, window: Duration) -> anyhow::Result<Measured> {
    let mut clients = Vec::with_capacity(p.units.len());
    for chunk in p.units.chunks(8).enumerate().map(|(c, ch)| (c * 8, ch)) {
        let mut set = tokio::task::JoinSet::new();
        for (j, u) in chunk.1.iter().enumerate() {
            let i = chunk.0 + j;
            let (node, login, pw, key) =
                (nodes[i % nodes.len()].clone(), u.login.clone(), p.password.clone(), p.key.clone());
            set.spawn(async move { ready(&node, &login, &pw, &key).await.map(|r| (i, r)) });
        }
        while let Some(r) = set.join_next().await {
            clients.push(r??);
        }
    }
    clients.sort_by_key(|(i, _)| *i);
    let n = clients.len().max(1);
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for (i, c) in clients {
        let u = &p.units[i];
        let tasks = u.tasks.clone();
        let (nodes, key) = (nodes.to_vec(), p.key.clone());
        let at = start + window.mul_f64(i as f64 / n as f64);
        set.spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let node = |k: usize| nodes[(i + k) % nodes.len()].clone();
            let [(n1, b1), (n2, b2)] = files(i);
            let narrative = format!("Báo cáo định kỳ của đơn vị {}: đã hoàn thành các nhiệm vụ được giao.", i + 1);
            let fields = [("_csrf", c.csrf.as_str()), ("narrative", narrative.as_str()), ("submit", "1")];
            let uploads = [
                ("file", n1.as_str(), "application/pdf", b1.as_slice()),
                ("file", n2.as_str(), "image/png", b2.as_slice()),
            ];
            let t = Instant::now();
            let r = http::post_multipart(&node(0), &format!("/reports/{key}"), &c.cookie, &fields, &uploads).await;
            let mut out = vec![(0usize, t.elapsed().as_secs_f64() * 1_000.0, r.map(|r| r.status).unwrap_or(0))];
            for (k, (id, version)) in tasks.iter().enumerate() {
                let version = version.to_string();
                let fields = [
                    ("_csrf", c.csrf.as_str()),
                    ("action", "report_done"),
                    ("version", version.as_str()),
                    ("outputs", "Báo cáo kết quả thực hiện"),
                    ("no_evidence_note", "Minh chứng đính kèm báo cáo định kỳ"),
                ];
                let t = Instant::now();
                let r = http::post_multipart(&node(k + 1), &format!("/tasks/{id}/act"), &c.cookie, &fields, &[]).await;
                out.push((1, t.elapsed().as_secs_f64() * 1_000.0, r.map(|r| r.status).unwrap_or(0)));
            }
            out
        });
    }
    let mut per: [(Vec<f64>, usize, usize); 2] = Default::default();
    while let Some(r) = set.join_next().await {
        for (kind, ms, status) in r? {
            let e = &mut per[kind];
            e.0.push(ms);
            match status {
                303 => {}
                0 | 500.. => e.1 += 1,
                _ => e.2 += 1,
            }
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let labels = ["nộp báo cáo kèm 2 tệp", "báo cáo hoàn thành nhiệm vụ"];
    let kinds = per
        .into_iter()
        .zip(labels)
        .map(|((ms, server, other), label)| Kind { label, figures: figures(ms, wall, server, other) })
        .collect();
    Ok(Measured { kinds, wall })
}
