//! Notification queries: exclusive digest claims (unique key, `ON CONFLICT DO NOTHING`),
//! reminders sent, unit recipients, scoped notification lists, and the e-mail outbox with
//! leases and delivery results.

use async_trait::async_trait;
use cchc_domain::role::Role;
use cchc_domain::tracking::{ItemKind, ItemRef, ReminderSlot, SentReminder};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

use super::{append_audit, corrupt, event, join_list, now, split_list, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::traits_notify::{
    ClaimOutcome, ClaimRecord, Delivery, MailRecord, MailStatus, NotificationRecord, NotifyClaim, NotifyScope,
    NotifyStore,
};

const NOTIFICATION_COLS: &str = "id, unit_id, user_id, kind, title, body, link, created_at, read_at, read_by";
const MAIL_COLS: &str =
    "id, claim_key, unit_id, recipients, payload, status, attempts, next_attempt_at, leased_until, \
     last_error, created_at, sent_at";

#[derive(sqlx::FromRow)]
struct NotificationDb {
    id: i64,
    unit_id: Option<i64>,
    user_id: Option<i64>,
    kind: String,
    title: String,
    body: String,
    link: String,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
    read_by: Option<String>,
}

impl From<NotificationDb> for NotificationRecord {
    fn from(r: NotificationDb) -> Self {
        NotificationRecord {
            id: r.id,
            unit_id: r.unit_id,
            user_id: r.user_id,
            kind: r.kind,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.created_at,
            read_at: r.read_at,
            read_by: r.read_by,
        }
    }
}

#[derive(sqlx::FromRow)]
struct MailDb {
    id: i64,
    claim_key: String,
    unit_id: Option<i64>,
    recipients: String,
    payload: String,
    status: String,
    attempts: i64,
    next_attempt_at: Option<DateTime<Utc>>,
    leased_until: Option<DateTime<Utc>>,
    last_error: Option<String>,
    created_at: DateTime<Utc>,
    sent_at: Option<DateTime<Utc>>,
}

impl TryFrom<MailDb> for MailRecord {
    type Error = StoreError;
    fn try_from(r: MailDb) -> Result<Self, StoreError> {
        let status = MailStatus::parse(&r.status).ok_or_else(|| corrupt("trạng thái thư", &r.status))?;
        Ok(MailRecord {
            id: r.id,
            claim_key: r.claim_key,
            unit_id: r.unit_id,
            recipients: split_list(&r.recipients),
            payload: r.payload,
            status,
            attempts: r.attempts,
            next_attempt_at: r.next_attempt_at,
            leased_until: r.leased_until,
            last_error: r.last_error,
            created_at: r.created_at,
            sent_at: r.sent_at,
        })
    }
}

/// Restricts a notification query to what the scope may see: its own (addressed to the
/// user), and for unit staff the unit's notifications addressed to no one in particular.
fn push_scope(q: &mut QueryBuilder<'_, super::Db>, scope: NotifyScope) {
    match scope {
        NotifyScope::User(user) => {
            q.push(" AND user_id = ").push_bind(user);
        }
        NotifyScope::Unit { unit, user } => {
            q.push(" AND (user_id = ")
                .push_bind(user)
                .push(" OR (user_id IS NULL AND unit_id = ")
                .push_bind(unit)
                .push("))");
        }
    }
}

/// `before_3` / `overdue_0` back to a slot.
fn parse_slot(code: &str) -> Option<ReminderSlot> {
    let (kind, n) = code.rsplit_once('_')?;
    let n: i64 = n.parse().ok()?;
    match kind {
        "before" => Some(ReminderSlot::Before { days: n }),
        "overdue" => Some(ReminderSlot::Overdue { round: n }),
        _ => None,
    }
}

fn parse_item_kind(code: &str) -> Option<ItemKind> {
    [ItemKind::TaskInstance, ItemKind::Report, ItemKind::TargetValue, ItemKind::ParAssessment, ItemKind::Remedy]
        .into_iter()
        .find(|k| k.code() == code)
}

async fn fetch_mail(tx: &mut Tx, id: i64) -> StoreResult<MailRecord> {
    let sql = format!("SELECT {MAIL_COLS} FROM mail_outbox WHERE id = $1");
    let r: Option<MailDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("thư"))?.try_into()
}

/// Inserts the rows of a claim that won: notification, reminders, outbox row.
async fn write_claim(tx: &mut Tx, c: &NotifyClaim, at: DateTime<Utc>) -> StoreResult<(i64, Option<i64>)> {
    let n = &c.notification;
    let nid: i64 = sqlx::query_scalar(
        "INSERT INTO notifications (unit_id, user_id, kind, title, body, link, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(n.unit_id)
    .bind(n.user_id)
    .bind(&n.kind)
    .bind(&n.title)
    .bind(&n.body)
    .bind(&n.link)
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    sqlx::query("UPDATE notify_claims SET notification_id = $1 WHERE key = $2")
        .bind(nid)
        .bind(&c.key)
        .execute(&mut **tx)
        .await?;
    for r in &c.reminders {
        sqlx::query(
            "INSERT INTO reminders_sent (key, claim_key, item_kind, item_id, unit_id, due, slot, sent_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (key) DO NOTHING",
        )
        .bind(&r.key)
        .bind(&c.key)
        .bind(r.sent.item.kind.code())
        .bind(r.sent.item.id)
        .bind(r.sent.unit)
        .bind(r.sent.due)
        .bind(r.sent.slot.code())
        .bind(r.sent.sent_on)
        .execute(&mut **tx)
        .await?;
    }
    let mut mail_id = None;
    if let Some(m) = &c.mail {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO mail_outbox (claim_key, unit_id, recipients, payload, status, attempts, next_attempt_at, \
             created_at) VALUES ($1, $2, $3, $4, 'pending', 0, $5, $5) RETURNING id",
        )
        .bind(&c.key)
        .bind(m.unit_id)
        .bind(join_list(&m.recipients))
        .bind(&m.payload)
        .bind(at)
        .fetch_one(&mut **tx)
        .await?;
        mail_id = Some(id);
    }
    Ok((nid, mail_id))
}

#[async_trait]
impl NotifyStore for SqlStore {
    async fn claim_notice(&self, actor: &Actor, c: &NotifyClaim) -> StoreResult<ClaimOutcome> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let inserted = sqlx::query(
            "INSERT INTO notify_claims (key, kind, unit_id, day, claimed_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(&c.key)
        .bind(&c.kind)
        .bind(c.unit_id)
        .bind(c.day)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(ClaimOutcome::AlreadyClaimed);
        }
        let (notification_id, mail_id) = write_claim(&mut tx, c, at).await?;
        let after = serde_json::json!({
            "unit_id": c.unit_id, "day": c.day, "title": c.notification.title,
            "reminders": c.reminders.len(), "notification_id": notification_id, "mail_id": mail_id,
            "recipients": c.mail.as_ref().map(|m| m.recipients.len()).unwrap_or(0),
        });
        append_audit(
            &mut tx,
            actor,
            &[event(&format!("notify.{}", c.kind), "notify_claim", &c.key, None::<&()>, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(ClaimOutcome::Won { notification_id, mail_id })
    }

    async fn notice_claimed(&self, key: &str) -> StoreResult<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notify_claims WHERE key = $1")
            .bind(key)
            .fetch_one(&self.read)
            .await?;
        Ok(n > 0)
    }

    async fn claims_with_prefix(&self, kind: &str, prefix: &str, limit: i64) -> StoreResult<Vec<ClaimRecord>> {
        type Row = (String, String, Option<i64>, NaiveDate, DateTime<Utc>, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT c.key, c.kind, c.unit_id, c.day, c.claimed_at, n.title, u.login FROM notify_claims c \
             LEFT JOIN notifications n ON n.id = c.notification_id LEFT JOIN users u ON u.id = n.user_id \
             WHERE c.kind = $1 AND substr(c.key, 1, length($2)) = $2 ORDER BY c.claimed_at, c.key LIMIT $3",
        )
        .bind(kind)
        .bind(prefix)
        .bind(limit.clamp(1, 100_000))
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(key, kind, unit_id, day, claimed_at, title, user_login)| ClaimRecord {
                key,
                kind,
                unit_id,
                day,
                claimed_at,
                title: title.unwrap_or_default(),
                user_login,
            })
            .collect())
    }

    async fn sent_reminders(&self, since: NaiveDate) -> StoreResult<Vec<SentReminder>> {
        let rows: Vec<(String, i64, i64, NaiveDate, String, NaiveDate)> = sqlx::query_as(
            "SELECT item_kind, item_id, unit_id, due, slot, sent_on FROM reminders_sent WHERE sent_on >= $1 ORDER BY key",
        )
        .bind(since)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(kind, id, unit, due, slot, sent_on)| {
                let kind = parse_item_kind(&kind).ok_or_else(|| corrupt("loại mục nhắc", &kind))?;
                let slot = parse_slot(&slot).ok_or_else(|| corrupt("lượt nhắc", &slot))?;
                Ok(SentReminder { item: ItemRef { kind, id }, unit, due, slot, sent_on })
            })
            .collect()
    }

    async fn unit_recipients(&self, unit: UnitId) -> StoreResult<Vec<String>> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT email FROM users WHERE unit_id = $1 AND active = TRUE AND role IN ($2, $3) AND email <> '' \
             UNION ALL SELECT email FROM units WHERE id = $1 AND email <> ''",
        )
        .bind(unit)
        .bind(Role::UnitFocal.code())
        .bind(Role::UnitHead.code())
        .fetch_all(&self.read)
        .await?;
        let mut out: Vec<String> =
            rows.into_iter().map(|(e,)| e.trim().to_lowercase()).filter(|e| e.contains('@')).collect();
        out.sort();
        out.dedup();
        Ok(out)
    }

    async fn list_notifications(
        &self,
        scope: NotifyScope,
        unread_only: bool,
        limit: i64,
    ) -> StoreResult<Vec<NotificationRecord>> {
        let mut q: QueryBuilder<super::Db> =
            QueryBuilder::new(format!("SELECT {NOTIFICATION_COLS} FROM notifications WHERE 1 = 1"));
        push_scope(&mut q, scope);
        if unread_only {
            q.push(" AND read_at IS NULL");
        }
        q.push(" ORDER BY id DESC LIMIT ").push_bind(limit.clamp(1, 1000));
        let rows: Vec<NotificationDb> = q.build_query_as().fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(NotificationRecord::from).collect())
    }

    async fn unread_notifications(&self, scope: NotifyScope) -> StoreResult<i64> {
        let mut q: QueryBuilder<super::Db> =
            QueryBuilder::new("SELECT COUNT(*) FROM notifications WHERE read_at IS NULL");
        push_scope(&mut q, scope);
        Ok(q.build_query_scalar().fetch_one(&self.read).await?)
    }

    async fn mark_notification_read(&self, actor: &Actor, scope: NotifyScope, id: i64) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("SELECT read_at FROM notifications WHERE id = ");
        q.push_bind(id);
        push_scope(&mut q, scope);
        let found: Option<(Option<DateTime<Utc>>,)> = q.build_query_as().fetch_optional(&mut *tx).await?;
        match found {
            None => return Err(StoreError::NotFound("thông báo")),
            Some((Some(_),)) => return Ok(()),
            Some((None,)) => {}
        }
        let at = now();
        sqlx::query("UPDATE notifications SET read_at = $1, read_by = $2 WHERE id = $3")
            .bind(at)
            .bind(&actor.login)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "read_at": at });
        append_audit(&mut tx, actor, &[event("notification.read", "notification", id, None::<&()>, Some(&after))])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn mark_all_notifications_read(&self, actor: &Actor, scope: NotifyScope) -> StoreResult<u64> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let mut q: QueryBuilder<super::Db> = QueryBuilder::new("UPDATE notifications SET read_at = ");
        q.push_bind(at).push(", read_by = ").push_bind(actor.login.clone()).push(" WHERE read_at IS NULL");
        push_scope(&mut q, scope);
        let n = q.build().execute(&mut *tx).await?.rows_affected();
        if n > 0 {
            let after = serde_json::json!({ "count": n, "read_at": at });
            let who = actor.user_id.map(|u| u.to_string()).unwrap_or_default();
            append_audit(
                &mut tx,
                actor,
                &[event("notification.read_all", "notification", who, None::<&()>, Some(&after))],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    async fn due_mail(&self, now: DateTime<Utc>, limit: i64) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM mail_outbox WHERE (status IN ('pending', 'failed') AND next_attempt_at <= $1) \
             OR (status = 'sending' AND leased_until < $1) ORDER BY id LIMIT $2",
        )
        .bind(now)
        .bind(limit.clamp(1, 10_000))
        .fetch_all(&self.read)
        .await?)
    }

    async fn lease_mail(&self, id: i64, now: DateTime<Utc>, until: DateTime<Utc>) -> StoreResult<Option<MailRecord>> {
        // A lease is bookkeeping, not a change of what the office decided: the attempt's result
        // (finish_mail) is what the audit log records.
        let mut tx = self.begin_write().await?;
        let leased = sqlx::query(
            "UPDATE mail_outbox SET status = 'sending', leased_until = $1, attempts = attempts + 1 WHERE id = $2 \
             AND ((status IN ('pending', 'failed') AND next_attempt_at <= $3) OR (status = 'sending' AND leased_until < $3))",
        )
        .bind(until)
        .bind(id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if leased.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let m = fetch_mail(&mut tx, id).await?;
        tx.commit().await?;
        Ok(Some(m))
    }

    async fn finish_mail(&self, actor: &Actor, id: i64, result: &Delivery) -> StoreResult<MailRecord> {
        let mut tx = self.begin_write().await?;
        let at = now();
        let (status, error, retry_at, sent_at) = match result {
            Delivery::Sent => (MailStatus::Sent, None, None, Some(at)),
            Delivery::Failed { error, retry_at: Some(t) } => (MailStatus::Failed, Some(error.as_str()), Some(*t), None),
            Delivery::Failed { error, retry_at: None } => (MailStatus::Abandoned, Some(error.as_str()), None, None),
            Delivery::Skipped { reason } => (MailStatus::Skipped, Some(reason.as_str()), None, None),
        };
        let changed = sqlx::query(
            "UPDATE mail_outbox SET status = $1, last_error = $2, next_attempt_at = $3, sent_at = $4, \
             leased_until = NULL WHERE id = $5 AND status = 'sending'",
        )
        .bind(status.code())
        .bind(error)
        .bind(retry_at)
        .bind(sent_at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if changed.rows_affected() == 0 {
            return Err(StoreError::Conflict("thư không ở trạng thái đang gửi".into()));
        }
        let m = fetch_mail(&mut tx, id).await?;
        let after = serde_json::json!({
            "claim_key": m.claim_key, "status": status.code(), "attempts": m.attempts,
            "recipients": m.recipients.len(), "error": error, "next_attempt_at": retry_at,
        });
        append_audit(
            &mut tx,
            actor,
            &[event(&format!("mail.{}", status.code()), "mail", id, None::<&()>, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(m)
    }

    async fn get_mail(&self, id: i64) -> StoreResult<MailRecord> {
        let sql = format!("SELECT {MAIL_COLS} FROM mail_outbox WHERE id = $1");
        let r: Option<MailDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        r.ok_or(StoreError::NotFound("thư"))?.try_into()
    }

    async fn list_mail(&self, status: Option<MailStatus>, limit: i64) -> StoreResult<Vec<MailRecord>> {
        let mut q: QueryBuilder<super::Db> =
            QueryBuilder::new(format!("SELECT {MAIL_COLS} FROM mail_outbox WHERE 1 = 1"));
        if let Some(s) = status {
            q.push(" AND status = ").push_bind(s.code());
        }
        q.push(" ORDER BY id DESC LIMIT ").push_bind(limit.clamp(1, 10_000));
        let rows: Vec<MailDb> = q.build_query_as().fetch_all(&self.read).await?;
        rows.into_iter().map(MailRecord::try_from).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_round_trip() {
        for s in
            [ReminderSlot::Before { days: 3 }, ReminderSlot::Before { days: 0 }, ReminderSlot::Overdue { round: 12 }]
        {
            assert_eq!(parse_slot(&s.code()), Some(s));
        }
        assert_eq!(parse_slot("later_1"), None);
        assert_eq!(parse_item_kind("task_instance"), Some(ItemKind::TaskInstance));
        assert_eq!(parse_item_kind("remedy"), Some(ItemKind::Remedy));
    }
}
