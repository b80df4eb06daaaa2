//! `cchc remind [--date dd/mm/yyyy] [--dry-run] [--json]`: runs the reminder selection once
//! and the escalation of overdue work (as the daily job does), and prints each unit's digest and
//! the escalation steps reached: what it would send, or what it sent.
//! Safe next to running servers: a digest already claimed today is not sent again.

use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::mail::timing_vi;
use cchc_app::notify::{DigestOutcome, EscalationSent, Notifier, RunReport};
use cchc_domain::tracking::ItemKind;
use chrono::NaiveDate;
use clap::Args;

#[derive(Args)]
pub struct RemindArgs {
    /// The day to run for, dd/mm/yyyy (default: today, Vietnam time).
    #[arg(long)]
    date: Option<String>,
    /// Show what would be sent; send and record nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%d/%m/%Y").or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d")).ok()
}

/// Exit code 1 when an e-mail failed (it stays queued and is retried by the server).
pub async fn run(config: Config, args: RemindArgs) -> anyhow::Result<ExitCode> {
    let date = match args.date.as_deref() {
        None => cchc_app::tracking::today(),
        Some(s) => match parse_day(s) {
            Some(d) => d,
            None => {
                eprintln!("Ngày không hợp lệ: {s:?} (dạng dd/mm/yyyy, ví dụ 07/03/2025).");
                return Ok(ExitCode::from(2));
            }
        },
    };
    let store = super::open_store(&config).await?;
    let notifier = Notifier::from_config(store, &config).map_err(|e| anyhow::anyhow!(e))?;
    if !args.dry_run && !notifier.mailer.enabled() {
        eprintln!("Chưa cấu hình máy chủ thư (smtp.host): chỉ tạo thông báo trong hệ thống, không gửi thư.");
    }
    let report = notifier.run_reminders(date, args.dry_run).await?;
    // The daily job escalates overdue work after the digests: so does a run by hand.
    let escalations = notifier.run_escalations(date, args.dry_run).await?;
    if args.json {
        let out = WithEscalations { report: &report, escalations: &escalations };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print_report(&report);
        print_escalations(&escalations, args.dry_run);
    }
    let failed = report.digests.iter().any(|d| matches!(d.outcome, DigestOutcome::Failed { .. }));
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The JSON output: the digest run's fields and the escalation steps reached.
#[derive(serde::Serialize)]
struct WithEscalations<'a> {
    #[serde(flatten)]
    report: &'a RunReport,
    escalations: &'a [EscalationSent],
}

fn print_escalations(sent: &[EscalationSent], dry_run: bool) {
    let new: Vec<&EscalationSent> = sent.iter().filter(|e| e.won || dry_run).collect();
    let verb = if dry_run { "sẽ chuyển cấp" } else { "đã chuyển cấp" };
    println!("\nChuyển cấp khi quá hạn: {} lượt {verb}, {} lượt đã gửi trước đó.", new.len(), sent.len() - new.len());
    for e in new {
        let what = match e.item.kind {
            ItemKind::TaskInstance => format!("nhiệm vụ /tasks/{}", e.item.id),
            other => format!("{other:?} {}", e.item.id),
        };
        println!("  • {what} → {} ({:?})", e.to, e.audience);
    }
}

fn print_report(r: &RunReport) {
    let mode = if r.dry_run { " (chạy thử: không gửi, không ghi nhận)" } else { "" };
    println!(
        "Nhắc việc ngày {}{mode}: {} mục đang chờ, {} đơn vị có việc cần nhắc.",
        r.date.format("%d/%m/%Y"),
        r.items,
        r.digests.len()
    );
    for d in &r.digests {
        let outcome = match &d.outcome {
            DigestOutcome::WouldSend if d.recipients.is_empty() => {
                "sẽ tạo thông báo (không có địa chỉ thư)".to_string()
            }
            DigestOutcome::WouldSend => "sẽ gửi".to_string(),
            DigestOutcome::AlreadyClaimed => "đã nhắc hôm nay, bỏ qua".to_string(),
            DigestOutcome::NotifiedOnly => "đã tạo thông báo (không gửi thư)".to_string(),
            DigestOutcome::Sent => "đã gửi".to_string(),
            DigestOutcome::Failed { error } => format!("gửi lỗi, sẽ thử lại: {error}"),
        };
        let to = if d.recipients.is_empty() { "—".to_string() } else { d.recipients.join(", ") };
        println!("\n{} → {to}: {outcome}", d.unit_name);
        for l in &d.lines {
            println!("  • [{}] {} — hạn {}  {}", timing_vi(l.days_left), l.title, l.due.format("%d/%m/%Y"), l.link);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_read_as_officials_write_them() {
        assert_eq!(parse_day("07/03/2025"), NaiveDate::from_ymd_opt(2025, 3, 7));
        assert_eq!(parse_day("2025-03-07"), NaiveDate::from_ymd_opt(2025, 3, 7));
        assert_eq!(parse_day("32/01/2025"), None);
    }
}
