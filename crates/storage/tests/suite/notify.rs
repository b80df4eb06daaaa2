//! Storage cases for notifications: the digest claim is exclusive (two concurrent claims of
//! one key, one wins), notifications are scoped by unit and user, the outbox's lease and
//! retry bookkeeping, a unit's e-mail recipients.

use cchc_domain::role::Role;
use cchc_domain::tracking::{ItemRef, ReminderSlot, SentReminder};
use cchc_domain::user::Actor;
use cchc_storage::model::{AuditFilter, NewUser, UserUpdate};
use cchc_storage::traits_notify::{
    ClaimOutcome, ClaimedReminder, Delivery, MailStatus, NewMail, NewNotification, NotifyClaim, NotifyScope,
};
use cchc_storage::{Store, StoreError};
use chrono::{Duration, NaiveDate, Utc};

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
}

fn actor() -> Actor {
    Actor::system()
}

fn claim(key: &str, unit: i64, day: NaiveDate, items: &[i64], recipients: &[&str]) -> NotifyClaim {
    NotifyClaim {
        key: key.into(),
        kind: "digest".into(),
        unit_id: Some(unit),
        day,
        reminders: items
            .iter()
            .map(|id| {
                let sent = SentReminder {
                    item: ItemRef::task(*id),
                    unit,
                    due: day + Duration::days(3),
                    slot: ReminderSlot::Before { days: 3 },
                    sent_on: day,
                };
                ClaimedReminder { key: format!("reminder:{key}:{id}"), sent }
            })
            .collect(),
        notification: NewNotification {
            unit_id: Some(unit),
            user_id: None,
            kind: "reminder_digest".into(),
            title: format!("Nhắc việc {key}"),
            body: "• Việc 1".into(),
            link: "/tasks".into(),
        },
        mail: (!recipients.is_empty()).then(|| NewMail {
            unit_id: Some(unit),
            recipients: recipients.iter().map(|r| r.to_string()).collect(),
            payload: "{}".into(),
        }),
    }
}

async fn user(s: &dyn Store, login: &str, role: Role, unit: Option<i64>, email: &str) -> i64 {
    let u = NewUser {
        login: login.into(),
        full_name: login.into(),
        email: email.into(),
        password_hash: "x".into(),
        role,
        unit_id: unit,
        must_change_password: false,
    };
    s.create_user(&actor(), &u).await.unwrap_or_else(|e| panic!("{e}")).id
}

pub async fn digest_claim_is_exclusive(h: &Harness) {
    let s = h.store();
    let (a, _) = units_for_tracking(h).await;
    let c = claim("digest:unit:a:2025-03-07", a, d(2025, 3, 7), &[1, 2], &["a@example.vn"]);
    let (ax, ay) = (actor(), actor());
    let (x, y) = tokio::join!(s.claim_notice(&ax, &c), s.claim_notice(&ay, &c));
    let outcomes = [x.unwrap_or_else(|e| panic!("{e}")), y.unwrap_or_else(|e| panic!("{e}"))];
    let won = outcomes.iter().filter(|o| matches!(o, ClaimOutcome::Won { .. })).count();
    assert_eq!(won, 1, "{outcomes:?}");
    assert!(outcomes.contains(&ClaimOutcome::AlreadyClaimed));
    // A later run (another node, the next minute) is refused too, and writes nothing.
    assert_eq!(s.claim_notice(&actor(), &c).await.unwrap_or_else(|e| panic!("{e}")), ClaimOutcome::AlreadyClaimed);
    assert!(s.notice_claimed(&c.key).await.unwrap_or_default());
    assert!(!s.notice_claimed("digest:unit:a:2025-03-08").await.unwrap_or(true));
    let sent = s.sent_reminders(d(2025, 1, 1)).await.unwrap_or_default();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].slot, ReminderSlot::Before { days: 3 });
    assert!(s.sent_reminders(d(2025, 3, 8)).await.unwrap_or_default().is_empty());
    assert_eq!(s.list_mail(None, 10).await.unwrap_or_default().len(), 1);
    let scope = NotifyScope::Unit { unit: a, user: 0 };
    assert_eq!(s.list_notifications(scope, false, 10).await.unwrap_or_default().len(), 1);
    let audit =
        s.list_audit(&AuditFilter { action: Some("notify.".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(audit.len(), 1, "one audit entry per digest, not per reminder");
}

pub async fn notifications_are_scoped_by_unit(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let ua = user(s, "dau.moi.a", Role::UnitFocal, Some(a), "").await;
    let ub = user(s, "dau.moi.b", Role::UnitFocal, Some(b), "").await;
    let office = user(s, "van.phong", Role::Office, None, "").await;
    s.claim_notice(&actor(), &claim("k-a", a, d(2025, 3, 7), &[], &[])).await.unwrap_or_else(|e| panic!("{e}"));
    s.claim_notice(&actor(), &claim("k-b", b, d(2025, 3, 7), &[], &[])).await.unwrap_or_else(|e| panic!("{e}"));
    let mut personal = claim("k-office", a, d(2025, 3, 7), &[], &[]);
    personal.notification.user_id = Some(office);
    s.claim_notice(&actor(), &personal).await.unwrap_or_else(|e| panic!("{e}"));
    let sa = NotifyScope::Unit { unit: a, user: ua };
    let sb = NotifyScope::Unit { unit: b, user: ub };
    let so = NotifyScope::User(office);
    let titles =
        |v: Vec<cchc_storage::traits_notify::NotificationRecord>| v.into_iter().map(|n| n.title).collect::<Vec<_>>();
    assert_eq!(titles(s.list_notifications(sa, false, 10).await.unwrap_or_default()), vec!["Nhắc việc k-a"]);
    assert_eq!(titles(s.list_notifications(sb, false, 10).await.unwrap_or_default()), vec!["Nhắc việc k-b"]);
    assert_eq!(titles(s.list_notifications(so, false, 10).await.unwrap_or_default()), vec!["Nhắc việc k-office"]);
    let of_a = s.list_notifications(sa, false, 10).await.unwrap_or_default().remove(0);
    // Another unit's staff cannot mark it read: not found, nothing changes.
    let r = s.mark_notification_read(&actor(), sb, of_a.id).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    assert_eq!(s.unread_notifications(sa).await.unwrap_or_default(), 1);
    s.mark_notification_read(&actor(), sa, of_a.id).await.unwrap_or_else(|e| panic!("{e}"));
    s.mark_notification_read(&actor(), sa, of_a.id).await.unwrap_or_else(|e| panic!("idempotent: {e}"));
    assert_eq!(s.unread_notifications(sa).await.unwrap_or_default(), 0);
    assert_eq!(s.unread_notifications(sb).await.unwrap_or_default(), 1);
    assert!(s.list_notifications(sa, true, 10).await.unwrap_or_default().is_empty());
    assert_eq!(s.mark_all_notifications_read(&actor(), sb).await.unwrap_or_default(), 1);
    assert_eq!(s.mark_all_notifications_read(&actor(), sb).await.unwrap_or_default(), 0);
    assert_eq!(s.unread_notifications(so).await.unwrap_or_default(), 1, "the office's own is untouched");
    let read = s.list_notifications(sb, false, 10).await.unwrap_or_default().remove(0);
    assert!(read.read_at.is_some());
    assert_eq!(read.read_by.as_deref(), Some("system"));
}

pub async fn mail_retry_bookkeeping(h: &Harness) {
    let s = h.store();
    let (a, _) = units_for_tracking(h).await;
    let won =
        s.claim_notice(&actor(), &claim("k-mail", a, d(2025, 3, 7), &[7], &["a@example.vn", "b@example.vn"])).await;
    let Ok(ClaimOutcome::Won { mail_id: Some(id), .. }) = won else { panic!("{won:?}") };
    let t0 = Utc::now();
    assert_eq!(s.due_mail(t0, 10).await.unwrap_or_default(), vec![id]);
    let m = s.lease_mail(id, t0, t0 + Duration::minutes(5)).await.unwrap_or_else(|e| panic!("{e}"));
    let m = m.unwrap_or_else(|| panic!("lease"));
    assert_eq!((m.status, m.attempts, m.recipients.len()), (MailStatus::Sending, 1, 2));
    // Leased: another node neither sees it due nor leases it.
    assert!(s.due_mail(t0, 10).await.unwrap_or_default().is_empty());
    assert!(s.lease_mail(id, t0, t0 + Duration::minutes(5)).await.unwrap_or_default().is_none());
    let retry_at = t0 + Duration::minutes(5);
    let f = Delivery::Failed { error: "kết nối bị từ chối".into(), retry_at: Some(retry_at) };
    let m = s.finish_mail(&actor(), id, &f).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m.status, m.last_error.as_deref()), (MailStatus::Failed, Some("kết nối bị từ chối")));
    assert!(s.due_mail(t0 + Duration::minutes(4), 10).await.unwrap_or_default().is_empty(), "not before its time");
    let t1 = t0 + Duration::minutes(6);
    assert_eq!(s.due_mail(t1, 10).await.unwrap_or_default(), vec![id]);
    // A node stops mid-send: the lease expires and another node takes it over.
    let m =
        s.lease_mail(id, t1, t1 + Duration::minutes(5)).await.unwrap_or_default().unwrap_or_else(|| panic!("lease 2"));
    assert_eq!(m.attempts, 2);
    let t2 = t1 + Duration::minutes(6);
    assert_eq!(s.due_mail(t2, 10).await.unwrap_or_default(), vec![id]);
    let m =
        s.lease_mail(id, t2, t2 + Duration::minutes(5)).await.unwrap_or_default().unwrap_or_else(|| panic!("lease 3"));
    assert_eq!(m.attempts, 3);
    let m = s.finish_mail(&actor(), id, &Delivery::Sent).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m.status, m.last_error.clone()), (MailStatus::Sent, None));
    assert!(m.sent_at.is_some());
    assert!(s.due_mail(t2 + Duration::days(30), 10).await.unwrap_or_default().is_empty(), "sent is final");
    let again = s.finish_mail(&actor(), id, &Delivery::Sent).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    // Giving up and skipping are final too.
    let won = s.claim_notice(&actor(), &claim("k-mail-2", a, d(2025, 3, 8), &[], &["a@example.vn"])).await;
    let Ok(ClaimOutcome::Won { mail_id: Some(id2), .. }) = won else { panic!("{won:?}") };
    s.lease_mail(id2, t2, t2 + Duration::minutes(5)).await.unwrap_or_default().unwrap_or_else(|| panic!("lease"));
    let gone = Delivery::Failed { error: "hộp thư không tồn tại".into(), retry_at: None };
    assert_eq!(s.finish_mail(&actor(), id2, &gone).await.map(|m| m.status).ok(), Some(MailStatus::Abandoned));
    assert!(s.due_mail(t2 + Duration::days(30), 10).await.unwrap_or_default().is_empty());
    assert_eq!(s.list_mail(Some(MailStatus::Abandoned), 10).await.unwrap_or_default().len(), 1);
    let audit =
        s.list_audit(&AuditFilter { entity: Some("mail".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(audit.len(), 3, "each attempt's result is audited, not the leases");
}

pub async fn unit_recipients_are_its_accounts_and_contact(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    user(s, "focal.a", Role::UnitFocal, Some(a), " Focal.A@Example.vn ").await;
    user(s, "head.a", Role::UnitHead, Some(a), "head.a@example.vn").await;
    user(s, "no.mail.a", Role::UnitFocal, Some(a), "").await;
    user(s, "focal.b", Role::UnitFocal, Some(b), "focal.b@example.vn").await;
    user(s, "office", Role::Office, None, "office@example.vn").await;
    let gone = user(s, "left.a", Role::UnitFocal, Some(a), "left.a@example.vn").await;
    let update = UserUpdate {
        full_name: "left".into(),
        email: "left.a@example.vn".into(),
        role: Role::UnitFocal,
        unit_id: Some(a),
        active: false,
    };
    s.update_user(&actor(), gone, &update).await.unwrap_or_else(|e| panic!("{e}"));
    let mut contact = s.unit_contact(a).await.unwrap_or_default();
    contact.email = "unit.a@example.vn".into();
    s.update_unit_contact(&actor(), a, &contact).await.unwrap_or_else(|e| panic!("{e}"));
    let got = s.unit_recipients(a).await.unwrap_or_default();
    assert_eq!(got, vec!["focal.a@example.vn", "head.a@example.vn", "unit.a@example.vn"]);
    assert_eq!(s.unit_recipients(b).await.unwrap_or_default(), vec!["focal.b@example.vn"]);
}

pub async fn claims_are_listed_by_exact_prefix(h: &Harness) {
    let s = h.store();
    let (a, _) = units_for_tracking(h).await;
    let head = user(s, "thu.truong.a", Role::UnitHead, Some(a), "").await;
    let mut c1 = claim("escalation:task_instance:4:due:2025-03-10:focal:to:unit", a, d(2025, 3, 11), &[], &[]);
    c1.kind = "escalation".into();
    let mut c2 = claim("escalation:task_instance:4:due:2025-03-10:head:to:user", a, d(2025, 3, 17), &[], &[]);
    c2.kind = "escalation".into();
    c2.notification.user_id = Some(head);
    // `_` and `%` are not wildcards: task_instance:40 and a look-alike key are not listed.
    let mut other = claim("escalation:task_instance:40:due:2025-03-10:focal:to:unit", a, d(2025, 3, 11), &[], &[]);
    other.kind = "escalation".into();
    let mut look_alike = claim("escalation:taskXinstance:4:due", a, d(2025, 3, 11), &[], &[]);
    look_alike.kind = "escalation".into();
    let digest = claim("escalation:task_instance:4:digest", a, d(2025, 3, 11), &[], &[]);
    for c in [&c1, &c2, &other, &look_alike, &digest] {
        s.claim_notice(&actor(), c).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let got = s.claims_with_prefix("escalation", "escalation:task_instance:4:", 100).await.unwrap_or_default();
    let keys: Vec<&str> = got.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, vec![c1.key.as_str(), c2.key.as_str()]);
    assert_eq!(got[1].user_login.as_deref(), Some("thu.truong.a"));
    assert_eq!(got[0].user_login, None);
    assert_eq!(got[0].title, format!("Nhắc việc {}", c1.key));
    assert_eq!(got[1].day, d(2025, 3, 17));
    assert_eq!(s.claims_with_prefix("escalation", "escalation:", 100).await.unwrap_or_default().len(), 4);
}
