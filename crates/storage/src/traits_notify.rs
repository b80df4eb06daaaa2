//! The notifications part of the storage contract: in-app notifications (for a unit or a
//! user), the exclusive claim of a daily digest or an immediate notice, the reminders already
//! sent, and the e-mail outbox with its delivery bookkeeping (lease, result, retry time).
//!
//! Exactly once across app nodes: [`NotifyStore::claim_notice`] inserts the claim key into a
//! table with a unique key (`ON CONFLICT DO NOTHING`) in the same transaction as the reminder
//! rows, the notification and the outbox row; only the caller whose insert won gets
//! [`ClaimOutcome::Won`] and sends. A delivery is leased before sending
//! ([`NotifyStore::lease_mail`]), so two nodes never send the same outbox row at once.

use async_trait::async_trait;
use cchc_domain::tracking::SentReminder;
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, UserId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::error::StoreResult;

/// Whose notifications a query may see. Unit staff see their unit's and their own; everyone
/// else only those addressed to them. Every notification query takes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotifyScope {
    /// Notifications addressed to this user.
    User(UserId),
    /// Notifications of this unit, and those addressed to this user.
    Unit { unit: UnitId, user: UserId },
}

/// A notification to create.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewNotification {
    pub unit_id: Option<UnitId>,
    pub user_id: Option<UserId>,
    /// `reminder_digest`, `task_returned`.
    pub kind: String,
    pub title: String,
    pub body: String,
    /// A path inside the application (`/tasks/42`).
    pub link: String,
}

/// A stored notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotificationRecord {
    pub id: i64,
    pub unit_id: Option<UnitId>,
    pub user_id: Option<UserId>,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub link: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    /// Login of who marked it read.
    pub read_by: Option<String>,
}

/// An e-mail to queue with a claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub unit_id: Option<UnitId>,
    pub recipients: Vec<String>,
    /// What to say, as JSON composed into a message when it is sent (opaque to the store).
    pub payload: String,
}

/// A reminder carried by a claimed digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimedReminder {
    /// The domain's reminder key (unique).
    pub key: String,
    pub sent: SentReminder,
}

/// A digest or immediate notice to claim, with everything it writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyClaim {
    /// Unique: `digest:unit:7:2025-03-07`, `returned:task_instance:42:v3`.
    pub key: String,
    /// `digest`, `task_returned`.
    pub kind: String,
    pub unit_id: Option<UnitId>,
    pub day: NaiveDate,
    pub reminders: Vec<ClaimedReminder>,
    pub notification: NewNotification,
    /// `None` when there is no one to e-mail.
    pub mail: Option<NewMail>,
}

/// A claimed notice as listed (the escalation history of a task).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRecord {
    pub key: String,
    pub kind: String,
    pub unit_id: Option<UnitId>,
    pub day: NaiveDate,
    pub claimed_at: DateTime<Utc>,
    /// The title of the notification it wrote.
    pub title: String,
    /// Who the notification went to: a user (login), or the unit's staff when `None`.
    pub user_login: Option<String>,
}

/// What a claim did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// This caller's insert won: it wrote the rows and should send the mail, if any.
    Won { notification_id: i64, mail_id: Option<i64> },
    /// The key was already claimed (by another node, or an earlier run): nothing written.
    AlreadyClaimed,
}

/// Where an e-mail stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    /// Waiting for its first attempt.
    Pending,
    /// Leased by a node that is sending it now.
    Sending,
    Sent,
    /// The last attempt failed; retried at `next_attempt_at`.
    Failed,
    /// Failed too often; no more attempts.
    Abandoned,
    /// Not sent on purpose (e-mail is not configured).
    Skipped,
}

impl MailStatus {
    /// Every status.
    pub const ALL: [MailStatus; 6] = [
        MailStatus::Pending,
        MailStatus::Sending,
        MailStatus::Sent,
        MailStatus::Failed,
        MailStatus::Abandoned,
        MailStatus::Skipped,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
            MailStatus::Abandoned => "abandoned",
            MailStatus::Skipped => "skipped",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<MailStatus> {
        MailStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            MailStatus::Pending => "Chờ gửi",
            MailStatus::Sending => "Đang gửi",
            MailStatus::Sent => "Đã gửi",
            MailStatus::Failed => "Gửi lỗi, sẽ thử lại",
            MailStatus::Abandoned => "Gửi lỗi, đã dừng thử lại",
            MailStatus::Skipped => "Không gửi (chưa cấu hình thư điện tử)",
        }
    }
}

/// A stored outbox e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailRecord {
    pub id: i64,
    pub claim_key: String,
    pub unit_id: Option<UnitId>,
    pub recipients: Vec<String>,
    pub payload: String,
    pub status: MailStatus,
    pub attempts: i64,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub leased_until: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The result of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    Sent,
    /// Failed; tried again at `retry_at`, or never again when `None`.
    Failed {
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
    /// Not sent on purpose, with the reason.
    Skipped {
        reason: String,
    },
}

/// Notifications, digest claims and the e-mail outbox.
#[async_trait]
pub trait NotifyStore: Send + Sync {
    /// Claims `claim.key` and, only if this call's insert won, writes the reminder rows, the
    /// notification, the outbox row and one audit entry in the same transaction.
    async fn claim_notice(&self, actor: &Actor, claim: &NotifyClaim) -> StoreResult<ClaimOutcome>;
    /// Whether a key was already claimed (dry runs).
    async fn notice_claimed(&self, key: &str) -> StoreResult<bool>;
    /// Claims of `kind` whose key starts with `prefix` (exactly, not a pattern), oldest
    /// first, at most `limit`.
    async fn claims_with_prefix(&self, kind: &str, prefix: &str, limit: i64) -> StoreResult<Vec<ClaimRecord>>;
    /// Reminders sent on or after `since`, for the domain's selection.
    async fn sent_reminders(&self, since: NaiveDate) -> StoreResult<Vec<SentReminder>>;
    /// The e-mail addresses of a unit: its active unit accounts' and its contact address,
    /// lower-cased, without duplicates, in a stable order.
    async fn unit_recipients(&self, unit: UnitId) -> StoreResult<Vec<String>>;
    /// Newest first.
    async fn list_notifications(
        &self,
        scope: NotifyScope,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<NotificationRecord>>;
    /// How many unread notifications the scope has (the header badge).
    async fn unread_notifications(&self, scope: NotifyScope) -> StoreResult<i64>;
    /// Marks one notification read; `NotFound` when it is outside the scope. Idempotent.
    async fn mark_notification_read(&self, actor: &Actor, scope: NotifyScope, id: i64) -> StoreResult<()>;
    /// Marks every unread notification of the scope read; returns how many.
    async fn mark_all_notifications_read(&self, actor: &Actor, scope: NotifyScope) -> StoreResult<u64>;
    /// Outbox ids due for an attempt at `now`: pending, failed with a retry time passed, or
    /// sending with an expired lease (a node stopped mid-send). Oldest first, at most `limit`.
    async fn due_mail(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<i64>>;
    /// Leases a due outbox row until `until` and counts the attempt; `None` when it is not
    /// due (sent, or leased by another node). Only the lease holder sends.
    async fn lease_mail(&self, id: i64, now: DateTime<Utc>, until: DateTime<Utc>) -> StoreResult<Option<MailRecord>>;
    /// Records an attempt's result (audited).
    async fn finish_mail(&self, actor: &Actor, id: i64, result: &Delivery) -> StoreResult<MailRecord>;
    async fn get_mail(&self, id: i64) -> StoreResult<MailRecord>;
    /// Outbox rows, newest first, optionally of one status.
    async fn list_mail(&self, status: Option<MailStatus>, limit: i64) -> StoreResult<Vec<MailRecord>>;
}
