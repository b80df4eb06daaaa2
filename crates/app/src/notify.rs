//! Reminders and notices: the daily reminder run (open task instances and unsubmitted
//! reports → the domain's selection → one digest per unit → an in-app notification and one
//! e-mail), the immediate notice when the office returns a task, and the delivery of outbox
//! e-mails with retries.
//!
//! Exactly once with several app nodes: every node computes the same digest key
//! (`digest:unit:<id>:<date>`) and reminder keys; [`cchc_storage::NotifyStore::claim_notice`]
//! inserts them in one transaction under a unique key, and only the node whose insert won
//! writes the notification and the outbox row and sends. An SMTP failure leaves the row
//! `failed` with a retry time (backoff), so a digest is never lost; a lease keeps two nodes
//! from sending the same row at once.

use std::sync::Arc;

use cchc_domain::tracking::{daily_digests, select_reminders, Digest, ReminderItem};
use cchc_domain::user::Actor;
use cchc_storage::model::InstanceRecord;
use cchc_storage::traits_notify::{
    ClaimOutcome, ClaimedReminder, Delivery, MailStatus, NewMail, NewNotification, NotifyClaim,
};
use cchc_storage::{DynStore, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::config::Config;
use crate::mail::{compose, mailer_from, timing_vi, DigestLine, MailPayload, Mailer};

mod escalate;
mod items;
pub mod remind;
pub mod signoff;

pub use escalate::{history as escalation_history, item_history, EscalationEntry, EscalationSent};

pub use items::{instance_title, period_item_id, remedy_title, reminder_items, LinkedItem};

/// How long a node holds an e-mail it is sending before another node may retry it.
const LEASE_MINUTES: i64 = 5;

/// Waits before the next attempt after `attempts` failed ones; `None`: give up.
pub fn retry_delay(attempts: i64) -> Option<Duration> {
    const MINUTES: [i64; 8] = [5, 15, 60, 180, 360, 720, 1440, 1440];
    let i = usize::try_from(attempts.max(1) - 1).ok()?;
    MINUTES.get(i).map(|m| Duration::minutes(*m))
}

/// What happened to one unit's digest in a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestOutcome {
    /// Dry run: would be claimed and sent.
    WouldSend,
    /// Claimed earlier today (by another node or an earlier run): nothing done.
    AlreadyClaimed,
    /// Claimed; in-app notification only (no e-mail address, or e-mail not configured).
    NotifiedOnly,
    Sent,
    /// Claimed; the e-mail failed and will be retried.
    Failed {
        error: String,
    },
}

/// One unit's digest in a run.
#[derive(Debug, Clone, Serialize)]
pub struct DigestReport {
    pub key: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub recipients: Vec<String>,
    pub lines: Vec<DigestLine>,
    pub outcome: DigestOutcome,
}

/// What a reminder run did (or would do).
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub date: NaiveDate,
    pub dry_run: bool,
    pub items: usize,
    pub digests: Vec<DigestReport>,
}

/// The store, the mailer and the public address: everything reminders and notices need.
#[derive(Clone)]
pub struct Notifier {
    pub store: DynStore,
    pub mailer: Arc<dyn Mailer>,
    pub public_url: String,
}

impl Notifier {
    /// The notifier the configuration describes (e-mail disabled without `smtp.host`).
    pub fn from_config(store: DynStore, config: &Config) -> Result<Notifier, String> {
        Ok(Notifier { store, mailer: mailer_from(&config.smtp)?, public_url: config.public_url.clone() })
    }

    /// Runs the reminder selection for `today`: claims and sends each unit's digest, or with
    /// `dry_run` only reports what it would send.
    pub async fn run_reminders(&self, today: NaiveDate, dry_run: bool) -> Result<RunReport, ServiceError> {
        let store = self.store.as_ref();
        let cfg = crate::tracking::config(store).await?;
        let linked = reminder_items(store, &cfg, today).await?;
        let items: Vec<ReminderItem> = linked.iter().map(|l| l.item.clone()).collect();
        // Older sent reminders cannot matter: offsets and overdue cycles are at most 365 days.
        let sent = store.sent_reminders(today - Duration::days(400)).await?;
        let reminders = select_reminders(&items, today, &cfg.reminders, &sent);
        let mut report = RunReport { date: today, dry_run, items: items.len(), digests: Vec::new() };
        for digest in daily_digests(&reminders, today) {
            report.digests.push(self.handle_digest(&linked, &digest, dry_run).await?);
        }
        Ok(report)
    }

    async fn handle_digest(
        &self,
        items: &[LinkedItem],
        d: &Digest,
        dry_run: bool,
    ) -> Result<DigestReport, ServiceError> {
        let store = self.store.as_ref();
        let unit_name = store.get_unit(d.unit).await.map(|u| u.name).unwrap_or_else(|_| format!("Đơn vị {}", d.unit));
        let lines: Vec<DigestLine> = d
            .reminders
            .iter()
            .map(|r| DigestLine {
                title: r.title.clone(),
                due: r.due,
                days_left: r.days_left,
                link: items.iter().find(|i| i.item.item == r.item).map(|i| i.link.clone()).unwrap_or_default(),
            })
            .collect();
        let recipients = if self.mailer.enabled() { store.unit_recipients(d.unit).await? } else { Vec::new() };
        let mut rep = DigestReport {
            key: d.key.clone(),
            unit_id: d.unit,
            unit_name: unit_name.clone(),
            recipients: recipients.clone(),
            lines: lines.clone(),
            outcome: DigestOutcome::WouldSend,
        };
        if dry_run {
            if store.notice_claimed(&d.key).await? {
                rep.outcome = DigestOutcome::AlreadyClaimed;
            }
            return Ok(rep);
        }
        let claim = digest_claim(d, &unit_name, lines, recipients)?;
        rep.outcome = match store.claim_notice(&Actor::system(), &claim).await? {
            ClaimOutcome::AlreadyClaimed => DigestOutcome::AlreadyClaimed,
            ClaimOutcome::Won { mail_id: None, .. } => DigestOutcome::NotifiedOnly,
            ClaimOutcome::Won { mail_id: Some(id), .. } => match self.deliver(id, Utc::now()).await? {
                Some(MailStatus::Sent) => DigestOutcome::Sent,
                Some(MailStatus::Failed | MailStatus::Abandoned) => {
                    let m = store.get_mail(id).await?;
                    DigestOutcome::Failed { error: m.last_error.unwrap_or_default() }
                }
                _ => DigestOutcome::NotifiedOnly,
            },
        };
        tracing::info!(key = %d.key, unit = d.unit, items = d.reminders.len(), outcome = ?rep.outcome, "reminder digest");
        Ok(rep)
    }

    /// Leases outbox row `id` and tries to send it at `now`; records the result (with the
    /// next attempt's time on failure). `None` when the row was not due or another node holds
    /// it.
    pub async fn deliver(&self, id: i64, now: DateTime<Utc>) -> Result<Option<MailStatus>, ServiceError> {
        let store = self.store.as_ref();
        let Some(m) = store.lease_mail(id, now, now + Duration::minutes(LEASE_MINUTES)).await? else {
            return Ok(None);
        };
        let result = if !self.mailer.enabled() {
            Delivery::Skipped { reason: "chưa cấu hình máy chủ thư (smtp.host)".into() }
        } else {
            match serde_json::from_str::<MailPayload>(&m.payload) {
                Err(e) => Delivery::Failed { error: format!("nội dung thư hỏng: {e}"), retry_at: None },
                Ok(p) => match self.mailer.send(&compose(&p, &self.public_url, &m.recipients)).await {
                    Ok(()) => Delivery::Sent,
                    Err(error) => Delivery::Failed { error, retry_at: retry_delay(m.attempts).map(|d| now + d) },
                },
            }
        };
        if let Delivery::Failed { error, retry_at } = &result {
            tracing::warn!(mail = id, attempts = m.attempts, %error, retry_at = ?retry_at, "e-mail not sent");
        }
        let after = store.finish_mail(&Actor::system(), id, &result).await?;
        Ok(Some(after.status))
    }

    /// Sends every outbox e-mail due at `now` (first attempts and retries); returns how many
    /// were sent and how many failed.
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> Result<(usize, usize), ServiceError> {
        let (mut sent, mut failed) = (0, 0);
        for id in self.store.due_mail(now, 200).await? {
            match self.deliver(id, now).await? {
                Some(MailStatus::Sent) => sent += 1,
                Some(MailStatus::Failed | MailStatus::Abandoned) => failed += 1,
                _ => {}
            }
        }
        Ok((sent, failed))
    }
}

/// The claim of a digest: its reminders, the unit's notification and the e-mail.
fn digest_claim(
    d: &Digest,
    unit_name: &str,
    lines: Vec<DigestLine>,
    recipients: Vec<String>,
) -> Result<NotifyClaim, ServiceError> {
    let overdue = d.overdue_count();
    let title = format!("Nhắc việc: {overdue} việc quá hạn, {} việc sắp đến hạn", d.reminders.len() - overdue);
    let body = lines
        .iter()
        .map(|l| format!("• {} — hạn {} ({})", l.title, l.due.format("%d/%m/%Y"), timing_vi(l.days_left)))
        .collect::<Vec<_>>()
        .join("\n");
    let only = |k| d.reminders.iter().all(|r| r.item.kind == k);
    let link = if only(cchc_domain::tracking::ItemKind::Report) {
        "/reports"
    } else if only(cchc_domain::tracking::ItemKind::ParAssessment) {
        "/par"
    } else {
        "/tasks"
    };
    let payload = MailPayload::Digest { unit_name: unit_name.to_string(), date: d.date, lines };
    let mail = mail_for(Some(d.unit), recipients, &payload)?;
    Ok(NotifyClaim {
        key: d.key.clone(),
        kind: "digest".into(),
        unit_id: Some(d.unit),
        day: d.date,
        reminders: d
            .reminders
            .iter()
            .map(|r| ClaimedReminder {
                key: r.key.clone(),
                sent: cchc_domain::tracking::SentReminder {
                    item: r.item,
                    unit: r.unit,
                    due: r.due,
                    slot: r.slot,
                    sent_on: d.date,
                },
            })
            .collect(),
        notification: NewNotification {
            unit_id: Some(d.unit),
            user_id: None,
            kind: "reminder_digest".into(),
            title,
            body,
            link: link.into(),
        },
        mail,
    })
}

fn mail_for(
    unit: Option<i64>,
    recipients: Vec<String>,
    payload: &MailPayload,
) -> Result<Option<NewMail>, ServiceError> {
    if recipients.is_empty() {
        return Ok(None);
    }
    let payload = serde_json::to_string(payload).map_err(|e| ServiceError::Internal(format!("nội dung thư: {e}")))?;
    Ok(Some(NewMail { unit_id: unit, recipients, payload }))
}

/// The immediate notice to the lead unit when the office returns a task: an in-app
/// notification and an e-mail queued for the workers (woken at once). Keyed by the
/// instance's version, so it is written once. Failures are logged, never undo the return.
pub async fn task_returned(store: &dyn Store, inst: &InstanceRecord, reason: &str, on: NaiveDate) {
    let Some(unit) = inst.lead_unit_id else { return };
    match returned_claim(store, inst, unit, reason, on).await {
        Ok(claim) => match store.claim_notice(&Actor::system(), &claim).await {
            Ok(ClaimOutcome::Won { mail_id: Some(_), .. }) => crate::jobs::wake(),
            Ok(_) => {}
            Err(e) => tracing::error!(instance = inst.id, error = %e, "return notice not stored"),
        },
        Err(e) => tracing::error!(instance = inst.id, error = %e, "return notice not prepared"),
    }
}

async fn returned_claim(
    store: &dyn Store,
    inst: &InstanceRecord,
    unit: i64,
    reason: &str,
    on: NaiveDate,
) -> Result<NotifyClaim, ServiceError> {
    let unit_name = store.get_unit(unit).await?.name;
    let recipients = store.unit_recipients(unit).await?;
    let task = instance_title(inst);
    let link = format!("/tasks/{}", inst.id);
    let payload =
        MailPayload::TaskReturned { unit_name, task: task.clone(), reason: reason.to_string(), link: link.clone(), on };
    Ok(NotifyClaim {
        key: format!("returned:task_instance:{}:v{}", inst.id, inst.version),
        kind: "task_returned".into(),
        unit_id: Some(unit),
        day: on,
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: Some(unit),
            user_id: None,
            kind: "task_returned".into(),
            title: format!("Kết quả nhiệm vụ bị trả lại: {task}"),
            body: format!("Lý do: {reason}"),
            link,
        },
        mail: mail_for(Some(unit), recipients, &payload)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_then_stop() {
        assert_eq!(retry_delay(1), Some(Duration::minutes(5)));
        assert_eq!(retry_delay(2), Some(Duration::minutes(15)));
        assert!(retry_delay(3) < retry_delay(4));
        assert_eq!(retry_delay(8), Some(Duration::days(1)));
        assert_eq!(retry_delay(9), None);
        assert_eq!(retry_delay(0), Some(Duration::minutes(5)));
    }
}
