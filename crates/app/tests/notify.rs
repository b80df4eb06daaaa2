//! Reminders and notices end to end on the demo data, with e-mail going to a local SMTP sink:
//! one digest per unit with every due item once, nothing for a unit that reported, nothing
//! twice a day (also with two nodes at once), overdue reminders only every N days, a return
//! notified at once, an SMTP outage recorded and retried later, a dry run that does nothing.

#[path = "support/smtp_sink.rs"]
mod smtp_sink;

use cchc_app::config::{Config, JobsConfig};
use cchc_app::notify::{DigestOutcome, Notifier, RunReport};
use cchc_domain::tracking::{TaskAction, TaskState};
use cchc_domain::user::{Actor, User};
use cchc_storage::model::{InstanceFilter, InstanceRecord, UserUpdate};
use cchc_storage::traits_notify::{MailStatus, NotifyScope};
use cchc_storage::{connect, ConnectOptions, DynStore};
use chrono::{Duration, NaiveDate, Utc};
use smtp_sink::{closed_port, Sink};

const STC_MAIL: &str = "vanthu.stc@hatinh.gov.vn";
const FOCAL_MAIL: &str = "taichinh@hatinh.gov.vn";

struct Fx {
    store: DynStore,
    url: String,
    dir: std::path::PathBuf,
    stc: i64,
}

impl Drop for Fx {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The demo database before its year is replayed (no reminder sent yet), with e-mail addresses for Sở Tài chính (its contact and its focal point).
async fn fixture() -> Fx {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("cchc-notify-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    let store = connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    cchc_app::demo::seed_without_history(store.as_ref(), Some("mat-khau-demo-2025"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let stc = store.unit_by_code("HT-STC").await.unwrap_or_default().unwrap_or_else(|| panic!("HT-STC")).id;
    let mut contact = store.unit_contact(stc).await.unwrap_or_default();
    contact.email = STC_MAIL.into();
    store.update_unit_contact(&Actor::cli(), stc, &contact).await.unwrap_or_else(|e| panic!("{e}"));
    let focal = user(&store, "taichinh").await;
    let up = UserUpdate {
        full_name: focal.full_name.clone(),
        email: FOCAL_MAIL.into(),
        role: focal.role,
        unit_id: focal.unit_id,
        active: true,
    };
    store.update_user(&Actor::cli(), focal.id, &up).await.unwrap_or_else(|e| panic!("{e}"));
    Fx { store, url, dir, stc }
}

async fn user(store: &DynStore, login: &str) -> User {
    store.user_credentials(login).await.unwrap_or_default().unwrap_or_else(|| panic!("user {login}")).0
}

fn notifier(store: &DynStore, smtp_port: Option<u16>) -> Notifier {
    let mut c = Config { public_url: "https://cchc.hatinh.gov.vn/".into(), ..Config::default() };
    if let Some(port) = smtp_port {
        c.smtp.host = "127.0.0.1".into();
        c.smtp.port = port;
        c.smtp.from = "CCHC Hà Tĩnh <cchc@hatinh.gov.vn>".into();
        c.smtp.starttls = false;
        c.smtp.timeout_seconds = 5;
    }
    Notifier::from_config(store.clone(), &c).unwrap_or_else(|e| panic!("{e}"))
}

/// Sở Tài chính's open instances with a due date, soonest first.
async fn stc_open(fx: &Fx) -> Vec<InstanceRecord> {
    let f = InstanceFilter {
        unit_id: Some(fx.stc),
        lead_only: true,
        active_only: true,
        states: vec![TaskState::NotStarted, TaskState::InProgress, TaskState::Returned],
        ..Default::default()
    };
    let v: Vec<InstanceRecord> =
        fx.store.list_instances(&f).await.unwrap_or_default().into_iter().filter(|i| i.due.is_some()).collect();
    assert!(!v.is_empty(), "the demo gives Sở Tài chính dated tasks");
    v
}

/// The day before Sở Tài chính's first due date, and the instances due within 7 days of it.
async fn first_window(fx: &Fx) -> (NaiveDate, Vec<InstanceRecord>) {
    let open = stc_open(fx).await;
    let first = open.iter().filter_map(|i| i.due).min().unwrap_or_default();
    let today = first - Duration::days(1);
    let due: Vec<InstanceRecord> =
        open.into_iter().filter(|i| i.due.is_some_and(|d| d >= today && d <= today + Duration::days(7))).collect();
    (today, due)
}

fn outcome_of(r: &RunReport, unit: i64) -> Option<DigestOutcome> {
    r.digests.iter().find(|d| d.unit_id == unit).map(|d| d.outcome.clone())
}

fn links_of(r: &RunReport, unit: i64) -> Vec<String> {
    r.digests.iter().filter(|d| d.unit_id == unit).flat_map(|d| d.lines.iter().map(|l| l.link.clone())).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_digest_reaches_the_unit_once_with_every_due_item() {
    let fx = fixture().await;
    let sink = Sink::start().await;
    let n = notifier(&fx.store, Some(sink.port));
    let (today, due) = first_window(&fx).await;
    let r = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome_of(&r, fx.stc), Some(DigestOutcome::Sent), "{r:?}");
    let mails = sink.drain().await;
    let to_stc: Vec<_> = mails.iter().filter(|m| m.to.contains(&STC_MAIL.to_string())).collect();
    assert_eq!(to_stc.len(), 1, "one digest, never one message per item");
    let m = to_stc[0];
    assert_eq!(m.to, vec![FOCAL_MAIL.to_string(), STC_MAIL.to_string()], "the unit's accounts and its contact");
    assert_eq!(m.from, "cchc@hatinh.gov.vn", "envelope sender from the configured From");
    let text = m.text();
    assert!(text.starts_with("Kính gửi: Sở Tài chính"), "{text}");
    for i in &due {
        let link = format!("https://cchc.hatinh.gov.vn/tasks/{}\n", i.id);
        assert_eq!(text.matches(&link).count(), 1, "{link} listed once in:\n{text}");
    }
    assert_eq!(text.matches("https://cchc.hatinh.gov.vn/tasks/").count(), due.len(), "{text}");
    assert!(m.subject().starts_with("[CCHC] Nhắc việc ngày"), "{}", m.subject());
    assert!(m.html().contains("<a href=\"https://cchc.hatinh.gov.vn/tasks/"), "{}", m.html());
    // The unit also sees it in the application.
    let scope = NotifyScope::Unit { unit: fx.stc, user: 0 };
    let notes = fx.store.list_notifications(scope, false, 10).await.unwrap_or_default();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].body.lines().count(), links_of(&r, fx.stc).len(), "tasks and reports alike");
    // The same day again: nothing new, for anyone.
    let again = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(again.digests.iter().all(|d| d.outcome == DigestOutcome::AlreadyClaimed), "{again:?}");
    assert!(sink.drain().await.is_empty(), "no second e-mail the same day");
    assert_eq!(fx.store.list_notifications(scope, false, 10).await.unwrap_or_default().len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_running_at_once_send_one_email() {
    let fx = fixture().await;
    let sink = Sink::start().await;
    // A second "node": its own connection pool on the same database.
    let other = connect(&fx.url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    let (n1, n2) = (notifier(&fx.store, Some(sink.port)), notifier(&other, Some(sink.port)));
    let (today, _) = first_window(&fx).await;
    let (a, b) = tokio::join!(n1.run_reminders(today, false), n2.run_reminders(today, false));
    let (a, b) = (a.unwrap_or_else(|e| panic!("{e}")), b.unwrap_or_else(|e| panic!("{e}")));
    let outcomes = [outcome_of(&a, fx.stc), outcome_of(&b, fx.stc)];
    // One node sends. The other either lost the claim, or ran after the sender had finished
    // and found the unit already served today (no digest for it at all): never a second send.
    assert_eq!(outcomes.iter().filter(|o| **o == Some(DigestOutcome::Sent)).count(), 1, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(o, None | Some(DigestOutcome::Sent | DigestOutcome::AlreadyClaimed))));
    let mails = sink.drain().await;
    assert_eq!(mails.iter().filter(|m| m.to.contains(&STC_MAIL.to_string())).count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_that_reported_gets_nothing() {
    let fx = fixture().await;
    let sink = Sink::start().await;
    let n = notifier(&fx.store, Some(sink.port));
    let (today, due) = first_window(&fx).await;
    let focal = user(&fx.store, "taichinh").await;
    // The periodic report due in the same window is submitted too.
    let pre = n.run_reminders(today, true).await.unwrap_or_else(|e| panic!("{e}"));
    for key in links_of(&pre, fx.stc).iter().filter_map(|l| l.strip_prefix("/reports/")) {
        let actor = Actor::user(&focal);
        let draft = fx
            .store
            .save_report_draft(&actor, fx.stc, key, "period", "Báo cáo")
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        fx.store.submit_report(&actor, draft.id, draft.version, today).await.unwrap_or_else(|e| panic!("{e}"));
    }
    for i in &due {
        let done = TaskAction::ReportDone {
            outputs: "Đã ban hành kế hoạch".into(),
            evidence: vec!["Kế hoạch số 15/KH-STC".into()],
            no_evidence_note: String::new(),
        };
        cchc_app::tracking::act(
            fx.store.as_ref(),
            (&focal, &cchc_domain::user::Actor::user(&focal)),
            i.id,
            i.version,
            done,
            Vec::new(),
            today,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    let r = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome_of(&r, fx.stc), None, "{r:?}");
    assert!(sink.drain().await.iter().all(|m| !m.to.contains(&STC_MAIL.to_string())));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overdue_reminders_repeat_only_after_the_interval() {
    let fx = fixture().await;
    let n = notifier(&fx.store, None);
    let inst = stc_open(&fx).await.remove(0);
    let due = inst.due.unwrap_or_default();
    let link = format!("/tasks/{}", inst.id);
    let mut reminded = Vec::new();
    for day in 1..=15 {
        let r = n.run_reminders(due + Duration::days(day), false).await.unwrap_or_else(|e| panic!("{e}"));
        if links_of(&r, fx.stc).contains(&link) {
            reminded.push(day);
        }
    }
    assert_eq!(reminded, vec![1, 8, 15], "default policy: an overdue reminder every 7 days");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returned_task_notifies_the_unit_at_once() {
    let fx = fixture().await;
    let sink = Sink::start().await;
    let n = notifier(&fx.store, Some(sink.port));
    let cfg = JobsConfig { poll_seconds: 3600, reminder_hour: 23, ..JobsConfig::default() };
    let jobs = cchc_app::jobs::Jobs::start(n, &cfg);
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // The focal point's done claim goes straight to the office here (no head's sign-off).
    let mut tcfg = cchc_app::tracking::config(fx.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    tcfg.signoff.tasks = false;
    cchc_app::tracking::save_config(fx.store.as_ref(), &cchc_domain::user::Actor::system(), &tcfg)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let inst = stc_open(&fx).await.remove(0);
    let today = inst.due.unwrap_or_default();
    let (focal, office) = (user(&fx.store, "taichinh").await, user(&fx.store, "vanphong").await);
    let done = TaskAction::ReportDone {
        outputs: "Báo cáo".into(),
        evidence: vec!["CV 1".into()],
        no_evidence_note: String::new(),
    };
    let after = cchc_app::tracking::act(
        fx.store.as_ref(),
        (&focal, &cchc_domain::user::Actor::user(&focal)),
        inst.id,
        inst.version,
        done,
        Vec::new(),
        today,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let back = TaskAction::Return { reason: "Thiếu quyết định phê duyệt kèm theo".into() };
    cchc_app::tracking::act(
        fx.store.as_ref(),
        (&office, &cchc_domain::user::Actor::user(&office)),
        inst.id,
        after.version,
        back,
        Vec::new(),
        today,
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    // In the application at once ...
    let scope = NotifyScope::Unit { unit: fx.stc, user: focal.id };
    let notes = fx.store.list_notifications(scope, true, 10).await.unwrap_or_default();
    // Between 23:00 and 24:00 Vietnam time the daily run (reminder hour 23) starts with the
    // jobs and may add its own notices: only the return's are counted.
    let returned: Vec<_> = notes.iter().filter(|n| n.kind == "task_returned").collect();
    assert_eq!(returned.len(), 1, "{notes:?}");
    assert_eq!(returned[0].link, format!("/tasks/{}", inst.id));
    // ... and by e-mail, without waiting for the hourly poll.
    let mut got = None;
    while let Some(m) = sink.next(10).await {
        if m.subject().contains("bị trả lại") {
            got = Some(m);
            break;
        }
    }
    let m = got.unwrap_or_else(|| panic!("no e-mail about the return"));
    assert!(m.to.contains(&FOCAL_MAIL.to_string()));
    assert!(m.text().contains("Lý do: Thiếu quyết định phê duyệt kèm theo"), "{}", m.text());
    assert!(m.text().contains(&format!("https://cchc.hatinh.gov.vn/tasks/{}", inst.id)));
    jobs.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn smtp_down_is_recorded_and_retried_later() {
    let fx = fixture().await;
    let down = notifier(&fx.store, Some(closed_port().await));
    let (today, due) = first_window(&fx).await;
    let r = down.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(outcome_of(&r, fx.stc), Some(DigestOutcome::Failed { .. })), "{r:?}");
    let failed = fx.store.list_mail(Some(MailStatus::Failed), 10).await.unwrap_or_default();
    assert_eq!(failed.len(), 1);
    let retry_at = failed[0].next_attempt_at.unwrap_or_else(|| panic!("a retry time"));
    assert!(retry_at > Utc::now() + Duration::minutes(4), "backoff: {retry_at}");
    // Never lost: the unit has its notification, and the digest stays claimed.
    let scope = NotifyScope::Unit { unit: fx.stc, user: 0 };
    assert_eq!(fx.store.list_notifications(scope, false, 10).await.unwrap_or_default().len(), 1);
    // The server is back. Not retried before its time; retried after it, once.
    let sink = Sink::start().await;
    let up = Notifier { mailer: notifier(&fx.store, Some(sink.port)).mailer, ..down.clone() };
    assert_eq!(up.deliver_due(Utc::now()).await.unwrap_or_else(|e| panic!("{e}")), (0, 0));
    let later = Utc::now() + Duration::minutes(6);
    assert_eq!(up.deliver_due(later).await.unwrap_or_else(|e| panic!("{e}")), (1, 0));
    assert_eq!(up.deliver_due(later).await.unwrap_or_else(|e| panic!("{e}")), (0, 0));
    let mails = sink.drain().await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].text().matches("https://cchc.hatinh.gov.vn/tasks/").count(), due.len());
    let m = fx.store.get_mail(failed[0].id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((m.status, m.attempts), (MailStatus::Sent, 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_sends_and_records_nothing() {
    let fx = fixture().await;
    let sink = Sink::start().await;
    let n = notifier(&fx.store, Some(sink.port));
    let (today, due) = first_window(&fx).await;
    let r = n.run_reminders(today, true).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome_of(&r, fx.stc), Some(DigestOutcome::WouldSend));
    assert_eq!(links_of(&r, fx.stc).iter().filter(|l| l.starts_with("/tasks/")).count(), due.len());
    assert!(sink.drain().await.is_empty());
    assert!(fx.store.list_mail(None, 10).await.unwrap_or_default().is_empty());
    let scope = NotifyScope::Unit { unit: fx.stc, user: 0 };
    assert!(fx.store.list_notifications(scope, false, 10).await.unwrap_or_default().is_empty());
    // The real run afterwards still sends.
    let r = n.run_reminders(today, false).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome_of(&r, fx.stc), Some(DigestOutcome::Sent));
}

/// The PAR self-assessment reaches the reminder digest of the unit that has not submitted it,
/// three days before the round's date, with a link to its assessment; units already appraised
/// get no PAR line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_par_self_assessment_not_submitted_is_reminded() {
    let fx = fixture().await;
    let n = notifier(&fx.store, None);
    let round = fx.store.rounds().await.unwrap_or_default().remove(0);
    let r = n.run_reminders(round.self_due - Duration::days(3), true).await.unwrap_or_else(|e| panic!("{e}"));
    let stc = links_of(&r, fx.stc);
    assert_eq!(stc.iter().filter(|l| l.starts_with("/par/assessments/")).count(), 1, "{stc:?}");
    let snv = fx.store.unit_by_code("HT-SNV").await.unwrap_or_default().unwrap_or_else(|| panic!("HT-SNV")).id;
    assert!(links_of(&r, snv).iter().all(|l| !l.starts_with("/par/")), "already appraised");
}
