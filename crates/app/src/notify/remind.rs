//! A reminder the office sends by hand about one task instance to its lead unit (the task
//! list's bulk action "Nhắc nhở"): an in-app notification to the unit's staff and, when the
//! unit has addresses, an e-mail, claimed under one key per instance and day, so a second
//! click the same day sends nothing. The claim writes the notification, the e-mail and its
//! audit entry (by the office user) in one transaction.

use cchc_domain::tracking::TaskState;
use cchc_domain::user::Actor;
use cchc_storage::model::InstanceRecord;
use cchc_storage::traits_notify::{ClaimOutcome, NewNotification, NotifyClaim};
use cchc_storage::Store;
use chrono::NaiveDate;

use super::{instance_title, mail_for};
use crate::accounts::ServiceError;
use crate::mail::{DigestLine, MailPayload};

/// The claim kind (and the audit action `notify.task_reminder`).
pub const KIND: &str = "task_reminder";

/// What became of one reminder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reminded {
    /// Sent to this unit (its id and name).
    Sent { unit_id: i64, unit_name: String },
    /// Not sent, with the reason a person reads.
    Skipped(String),
}

/// The key of the reminder of `inst` on `on`: one per instance and day.
pub fn key(inst: &InstanceRecord, on: NaiveDate) -> String {
    format!("remind:task_instance:{}:{on}", inst.id)
}

/// Sends the office's reminder about `inst` to its lead unit, on `on`, with an optional note.
pub async fn remind_task(
    store: &dyn Store,
    actor: &Actor,
    inst: &InstanceRecord,
    note: &str,
    on: NaiveDate,
) -> Result<Reminded, ServiceError> {
    let skip = |s: &str| Ok(Reminded::Skipped(s.to_string()));
    match inst.progress.state {
        TaskState::Accepted => return skip("đã hoàn thành"),
        TaskState::ReportedDone => return skip("đơn vị đã báo cáo hoàn thành, đang chờ xem xét"),
        _ => {}
    }
    let Some(unit) = inst.lead_unit_id else { return skip("không có đơn vị chủ trì trong danh mục") };
    let unit_name = store.get_unit(unit).await?.name;
    let recipients = store.unit_recipients(unit).await?;
    let task = instance_title(inst);
    let link = format!("/tasks/{}", inst.id);
    let mut body = match inst.due {
        Some(d) => format!("Hạn: {}.", d.format("%d/%m/%Y")),
        None => "Nhiệm vụ chưa có hạn cụ thể.".to_string(),
    };
    if !note.trim().is_empty() {
        body.push_str(&format!(" Lời nhắn: {}", note.trim()));
    }
    // The e-mail is the digest's, with this one line: a unit reads one shape of reminder.
    let mail = match inst.due {
        Some(due) => {
            let line = DigestLine { title: task.clone(), due, days_left: (due - on).num_days(), link: link.clone() };
            let payload = MailPayload::Digest { unit_name: unit_name.clone(), date: on, lines: vec![line] };
            mail_for(Some(unit), recipients, &payload)?
        }
        None => None,
    };
    let claim = NotifyClaim {
        key: key(inst, on),
        kind: KIND.into(),
        unit_id: Some(unit),
        day: on,
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: Some(unit),
            user_id: None,
            kind: KIND.into(),
            title: format!("Nhắc nhở thực hiện nhiệm vụ: {task}"),
            body,
            link,
        },
        mail,
    };
    match store.claim_notice(actor, &claim).await? {
        ClaimOutcome::AlreadyClaimed => skip("đã được nhắc hôm nay"),
        ClaimOutcome::Won { mail_id, .. } => {
            if mail_id.is_some() {
                crate::jobs::wake();
            }
            Ok(Reminded::Sent { unit_id: unit, unit_name })
        }
    }
}
