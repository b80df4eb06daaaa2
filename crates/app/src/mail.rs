//! Outgoing e-mail: what a notice says ([`MailPayload`], stored in the outbox as JSON and
//! composed into Vietnamese plain text and HTML when sent, with absolute links from
//! `public_url`), and how it leaves ([`Mailer`]: SMTP through `lettre`, or disabled while
//! `smtp.host` is empty).

use std::time::Duration;

use async_trait::async_trait;
use chrono::NaiveDate;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::config::SmtpConfig;

/// One line of a daily digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestLine {
    pub title: String,
    pub due: NaiveDate,
    /// Negative when overdue.
    pub days_left: i64,
    /// A path inside the application (`/tasks/42`).
    pub link: String,
}

/// What an outbox e-mail says, independent of the address the application is reached at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MailPayload {
    /// A unit's reminders of one day.
    Digest { unit_name: String, date: NaiveDate, lines: Vec<DigestLine> },
    /// The office returned a reported result.
    TaskReturned { unit_name: String, task: String, reason: String, link: String, on: NaiveDate },
    /// An overdue task escalated to `to` (the unit, its head, the office or a leader).
    Escalation {
        to: String,
        unit_name: String,
        task: String,
        due: NaiveDate,
        days_overdue: i64,
        link: String,
        on: NaiveDate,
        /// The reminder letter (công văn đôn đốc) sent with the steps to the head and the
        /// office; absent in messages queued before it existed.
        #[serde(default)]
        letter: Option<String>,
    },
}

/// A composed message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `public_url` + `path`, without a doubled slash.
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{}{}", public_url.trim_end_matches('/'), path)
}

/// How a digest line states its timing.
pub fn timing_vi(days_left: i64) -> String {
    match days_left {
        d if d < 0 => format!("quá hạn {} ngày", -d),
        0 => "hạn là hôm nay".to_string(),
        d => format!("còn {d} ngày"),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Composes the message a payload describes.
pub fn compose(payload: &MailPayload, public_url: &str, to: &[String]) -> MailMessage {
    let footer = "Thư này do hệ thống theo dõi cải cách hành chính gửi tự động (mỗi đơn vị nhận nhiều nhất \
                  một thư nhắc việc mỗi ngày); vui lòng không trả lời thư này.";
    match payload {
        MailPayload::Digest { unit_name, date, lines } => {
            let overdue = lines.iter().filter(|l| l.days_left < 0).count();
            let soon = lines.len() - overdue;
            let subject = format!(
                "[CCHC] Nhắc việc ngày {}: {overdue} việc quá hạn, {soon} việc sắp đến hạn — {unit_name}",
                vn_date(*date)
            );
            let mut text = format!(
                "Kính gửi: {unit_name}\n\nHệ thống theo dõi cải cách hành chính xin nhắc đơn vị các việc sau \
                 (tính đến ngày {}):\n",
                vn_date(*date)
            );
            let mut html = format!(
                "<p>Kính gửi: <strong>{}</strong></p><p>Hệ thống theo dõi cải cách hành chính xin nhắc đơn vị các \
                 việc sau (tính đến ngày {}):</p>",
                escape(unit_name),
                vn_date(*date)
            );
            for (heading, group) in [
                ("QUÁ HẠN", lines.iter().filter(|l| l.days_left < 0).collect::<Vec<_>>()),
                ("SẮP ĐẾN HẠN", lines.iter().filter(|l| l.days_left >= 0).collect::<Vec<_>>()),
            ] {
                if group.is_empty() {
                    continue;
                }
                text.push_str(&format!("\n{heading}\n"));
                html.push_str(&format!("<h3>{heading}</h3><ol>"));
                for (i, l) in group.iter().enumerate() {
                    let url = absolute(public_url, &l.link);
                    let when = format!("hạn {} ({})", vn_date(l.due), timing_vi(l.days_left));
                    text.push_str(&format!("{}. {} — {when}\n   {url}\n", i + 1, l.title));
                    html.push_str(&format!("<li><a href=\"{}\">{}</a> — {when}</li>", escape(&url), escape(&l.title)));
                }
                html.push_str("</ol>");
            }
            let all = absolute(public_url, "/tasks");
            text.push_str(&format!(
                "\nĐề nghị đơn vị cập nhật tiến độ, báo cáo kết quả trên hệ thống: {all}\n\n{footer}\n"
            ));
            html.push_str(&format!(
                "<p>Đề nghị đơn vị cập nhật tiến độ, báo cáo kết quả trên hệ thống: <a href=\"{0}\">{0}</a></p>\
                 <p><small>{footer}</small></p>",
                escape(&all)
            ));
            MailMessage { to: to.to_vec(), subject, text, html }
        }
        MailPayload::Escalation { to: whom, unit_name, task, due, days_overdue, link, on, letter } => {
            let url = absolute(public_url, link);
            let letter = letter.as_deref().map(|l| absolute(public_url, l));
            let letter_text = letter.as_ref().map(|l| format!("\nCông văn đôn đốc (DOCX): {l}")).unwrap_or_default();
            let letter_html = letter
                .as_ref()
                .map(|l| format!("<p>Công văn đôn đốc (DOCX): <a href=\"{l}\">{l}</a></p>", l = escape(l)))
                .unwrap_or_default();
            let subject = format!("[CCHC] Nhiệm vụ quá hạn {days_overdue} ngày — {unit_name}");
            let said = format!(
                "Tính đến ngày {}, nhiệm vụ do {unit_name} chủ trì đã quá hạn {days_overdue} ngày (hạn {}):",
                vn_date(*on),
                vn_date(*due)
            );
            let text =
                format!("Kính gửi: {whom}\n\n{said}\n{task}\n\nXem và đôn đốc tại: {url}{letter_text}\n\n{footer}\n");
            let html = format!(
                "<p>Kính gửi: <strong>{}</strong></p><p>{}<br><strong>{}</strong></p>\
                 <p>Xem và đôn đốc tại: <a href=\"{url}\">{url}</a></p>{letter_html}<p><small>{footer}</small></p>",
                escape(whom),
                escape(&said),
                escape(task),
                url = escape(&url),
            );
            MailMessage { to: to.to_vec(), subject, text, html }
        }
        MailPayload::TaskReturned { unit_name, task, reason, link, on } => {
            let url = absolute(public_url, link);
            let subject = format!("[CCHC] Kết quả nhiệm vụ bị trả lại — {task}");
            let text = format!(
                "Kính gửi: {unit_name}\n\nNgày {}, cơ quan thường trực CCHC đã trả lại kết quả nhiệm vụ:\n{task}\n\n\
                 Lý do: {reason}\n\nĐề nghị đơn vị hoàn thiện và báo cáo lại tại: {url}\n\n{footer}\n",
                vn_date(*on)
            );
            let html = format!(
                "<p>Kính gửi: <strong>{unit}</strong></p><p>Ngày {day}, cơ quan thường trực CCHC đã trả lại kết \
                 quả nhiệm vụ:<br><strong>{task}</strong></p><p>Lý do: {reason}</p><p>Đề nghị đơn vị hoàn thiện và \
                 báo cáo lại tại: <a href=\"{url}\">{url}</a></p><p><small>{footer}</small></p>",
                unit = escape(unit_name),
                day = vn_date(*on),
                task = escape(task),
                reason = escape(reason),
                url = escape(&url),
            );
            MailMessage { to: to.to_vec(), subject, text, html }
        }
    }
}

/// Sends composed messages.
#[async_trait]
pub trait Mailer: Send + Sync {
    /// False when e-mail is not configured: outbox rows are then marked skipped.
    fn enabled(&self) -> bool;
    /// Sends one message to all its recipients; the error is a sentence for the outbox.
    async fn send(&self, msg: &MailMessage) -> Result<(), String>;
}

/// No e-mail (no `smtp.host`).
pub struct DisabledMailer;

#[async_trait]
impl Mailer for DisabledMailer {
    fn enabled(&self) -> bool {
        false
    }

    async fn send(&self, _: &MailMessage) -> Result<(), String> {
        Err("chưa cấu hình máy chủ thư (smtp.host)".into())
    }
}

/// SMTP delivery through `lettre` (STARTTLS required unless turned off).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpMailer {
    /// Checks the settings and prepares the transport (no connection is made yet).
    pub fn new(cfg: &SmtpConfig) -> Result<SmtpMailer, String> {
        let from: Mailbox =
            cfg.from.trim().parse().map_err(|e| format!("địa chỉ gửi thư (smtp.from) không hợp lệ: {e}"))?;
        let builder = if cfg.starttls {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(cfg.host.trim())
                .map_err(|e| format!("máy chủ thư (smtp.host) không hợp lệ: {e}"))?
        } else {
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(cfg.host.trim())
        };
        let mut builder = builder.port(cfg.port).timeout(Some(Duration::from_secs(cfg.timeout_seconds.clamp(1, 600))));
        if !cfg.username.is_empty() {
            builder = builder.credentials(Credentials::new(cfg.username.clone(), cfg.password.clone()));
        }
        Ok(SmtpMailer { transport: builder.build(), from })
    }
}

/// The mailer the configuration asks for.
pub fn mailer_from(cfg: &SmtpConfig) -> Result<std::sync::Arc<dyn Mailer>, String> {
    if cfg.host.trim().is_empty() {
        Ok(std::sync::Arc::new(DisabledMailer))
    } else {
        Ok(std::sync::Arc::new(SmtpMailer::new(cfg)?))
    }
}

fn part(content_type: ContentType, body: &str) -> SinglePart {
    // Base64 is safe through any relay, whatever it says about 8-bit support.
    SinglePart::builder().header(content_type).header(ContentTransferEncoding::Base64).body(body.to_string())
}

#[async_trait]
impl Mailer for SmtpMailer {
    fn enabled(&self) -> bool {
        true
    }

    async fn send(&self, msg: &MailMessage) -> Result<(), String> {
        let mut b = Message::builder().from(self.from.clone()).subject(msg.subject.clone());
        let mut any = false;
        for to in &msg.to {
            match to.parse::<Mailbox>() {
                Ok(m) => {
                    b = b.to(m);
                    any = true;
                }
                Err(e) => tracing::warn!(address = %to, error = %e, "skipping an invalid recipient address"),
            }
        }
        if !any {
            return Err("không có địa chỉ người nhận hợp lệ".into());
        }
        let body = MultiPart::alternative()
            .singlepart(part(ContentType::TEXT_PLAIN, &msg.text))
            .singlepart(part(ContentType::TEXT_HTML, &msg.html));
        let message = b.multipart(body).map_err(|e| format!("không tạo được thư: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| format!("máy chủ thư từ chối hoặc không trả lời: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, m, d).unwrap_or_default()
    }

    #[test]
    fn a_digest_lists_overdue_work_first_with_absolute_links() {
        let lines = vec![
            DigestLine {
                title: "Kế hoạch số hóa".into(), due: day(3, 10), days_left: 3, link: "/tasks/7".into()
            },
            DigestLine {
                title: "Báo cáo <Quý I>".into(),
                due: day(3, 1),
                days_left: -6,
                link: "/reports/2025-q1".into(),
            },
        ];
        let p = MailPayload::Digest { unit_name: "Sở Tài chính".into(), date: day(3, 7), lines };
        let m = compose(&p, "https://cchc.example.vn/", &["a@example.vn".into()]);
        assert_eq!(m.subject, "[CCHC] Nhắc việc ngày 07/03/2025: 1 việc quá hạn, 1 việc sắp đến hạn — Sở Tài chính");
        let overdue = m.text.find("QUÁ HẠN").unwrap_or(usize::MAX);
        let soon = m.text.find("SẮP ĐẾN HẠN").unwrap_or(0);
        assert!(overdue < soon, "{}", m.text);
        assert!(m.text.contains(
            "1. Báo cáo <Quý I> — hạn 01/03/2025 (quá hạn 6 ngày)\n   https://cchc.example.vn/reports/2025-q1\n"
        ));
        assert!(m.text.contains("(còn 3 ngày)\n   https://cchc.example.vn/tasks/7\n"));
        assert!(m.html.contains("Báo cáo &lt;Quý I&gt;") && !m.html.contains("<Quý I>"), "{}", m.html);
    }

    #[test]
    fn a_return_notice_gives_the_reason_and_the_task_page() {
        let p = MailPayload::TaskReturned {
            unit_name: "Sở Tư pháp".into(),
            task: "Rà soát thủ tục".into(),
            reason: "Thiếu \"quyết định\"".into(),
            link: "/tasks/9".into(),
            on: day(4, 2),
        };
        let m = compose(&p, "http://127.0.0.1:8080", &[]);
        assert_eq!(m.subject, "[CCHC] Kết quả nhiệm vụ bị trả lại — Rà soát thủ tục");
        assert!(m.text.contains("Lý do: Thiếu \"quyết định\""));
        assert!(m.text.contains("http://127.0.0.1:8080/tasks/9"));
        assert!(m.html.contains("Lý do: Thiếu &quot;quyết định&quot;"));
        assert_eq!(timing_vi(0), "hạn là hôm nay");
    }

    #[test]
    fn an_escalation_to_the_head_carries_the_reminder_letter() {
        let p = |letter: Option<&str>| MailPayload::Escalation {
            to: "Giám đốc Sở Tài chính".into(),
            unit_name: "Sở Tài chính".into(),
            task: "Rà soát thủ tục".into(),
            due: day(3, 1),
            days_overdue: 12,
            link: "/tasks/9".into(),
            on: day(3, 13),
            letter: letter.map(str::to_string),
        };
        let m = compose(&p(Some("/units/4/reminder-letter.docx")), "http://127.0.0.1:8080", &[]);
        assert!(m.text.contains("Công văn đôn đốc (DOCX): http://127.0.0.1:8080/units/4/reminder-letter.docx"));
        assert!(m.html.contains("href=\"http://127.0.0.1:8080/units/4/reminder-letter.docx\""));
        let m = compose(&p(None), "http://127.0.0.1:8080", &[]);
        assert!(!m.text.contains("Công văn đôn đốc"), "the focal point's step has none");
        // A message queued before the letter existed still reads.
        let old = r#"{"kind":"escalation","to":"A","unit_name":"B","task":"C","due":"2026-03-01","days_overdue":3,"link":"/tasks/1","on":"2026-03-04"}"#;
        let parsed: MailPayload = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
        assert!(matches!(parsed, MailPayload::Escalation { letter: None, .. }));
    }

    #[test]
    fn settings_are_checked_before_any_connection() {
        let bad =
            SmtpConfig {
                host: "mail.example.vn".into(), from: "không phải địa chỉ".into(), ..SmtpConfig::default()
            };
        assert!(SmtpMailer::new(&bad).is_err());
        let ok = SmtpConfig {
            host: "mail.example.vn".into(),
            from: "CCHC <cchc@example.vn>".into(),
            ..SmtpConfig::default()
        };
        assert!(SmtpMailer::new(&ok).is_ok());
        assert!(!mailer_from(&SmtpConfig::default()).map(|m| m.enabled()).unwrap_or(true));
    }
}
