//! The demo's plan year so far, replayed through the same services a user's clicks reach: the
//! lead units report progress and results (with evidence), the office accepts or returns
//! them, some results come late and some tasks stay overdue; the escalation and reminder jobs
//! run every Monday in between as the scheduler would; units submit their periodic reports
//! (some late, one returned). Deterministic: every choice follows from an instance's place in
//! the list, never from chance.

use std::collections::HashMap;

use cchc_domain::role::Role;
use cchc_domain::tracking::TaskAction;
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, User};
use cchc_storage::model::{InstanceFilter, InstanceRecord, NewEvidence};
use cchc_storage::DynStore;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::accounts::ServiceError;

/// One thing someone does on a day.
#[derive(Debug, Clone)]
enum Step {
    Progress { inst: i64, percent: u8 },
    Done { inst: i64, file: bool },
    Accept { inst: i64 },
    Return { inst: i64 },
}

/// What the replay did, for the tests and the start-up message.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Replayed {
    pub actions: usize,
    pub reports: usize,
    pub job_runs: usize,
}

const RETURN_REASON: &str = "Hồ sơ minh chứng chưa thể hiện kết quả; đề nghị bổ sung văn bản triển khai và số liệu.";

/// The steps of one instance (`i`: its place in the list), each on a day no later than `today`.
fn plan_instance(i: usize, inst: &InstanceRecord, year_start: NaiveDate, today: NaiveDate) -> Vec<(NaiveDate, Step)> {
    let id = inst.id;
    let at = |d: NaiveDate| d.max(year_start).min(today);
    let mut out = Vec::new();
    match inst.due {
        Some(due) if due < today => {
            let started = at(due - Duration::days(12 + (i % 9) as i64));
            out.push((started, Step::Progress { inst: id, percent: 40 + (i % 4) as u8 * 10 }));
            match i % 10 {
                // Done on time with evidence, accepted by the office a few days later.
                0..=5 => {
                    let done = at(due - Duration::days((i % 3) as i64)).max(started);
                    out.push((done, Step::Done { inst: id, file: i.is_multiple_of(2) }));
                    out.push((at(done + Duration::days(2 + (i % 4) as i64)), Step::Accept { inst: id }));
                }
                // Done late, then accepted.
                6 => {
                    let done = at(due + Duration::days(6 + (i % 11) as i64));
                    out.push((done, Step::Done { inst: id, file: true }));
                    out.push((at(done + Duration::days(3)), Step::Accept { inst: id }));
                }
                // Returned by the office: half stay returned, half are reported again.
                7 => {
                    let done = at(due - Duration::days(1)).max(started);
                    out.push((done, Step::Done { inst: id, file: false }));
                    let back = at(done + Duration::days(3));
                    out.push((back, Step::Return { inst: id }));
                    if i % 20 == 7 {
                        out.push((at(back + Duration::days(8)), Step::Done { inst: id, file: true }));
                    }
                }
                // Reported done, waiting for the office's review.
                8 => out.push((at(due), Step::Done { inst: id, file: true })),
                // Still overdue: work started, nothing delivered.
                _ => {}
            }
        }
        _ => match i % 4 {
            0 => {}
            3 => {
                let started = at(today - Duration::days(20 + (i % 7) as i64));
                out.push((started, Step::Progress { inst: id, percent: 60 }));
                out.push((at(today - Duration::days((i % 5) as i64)), Step::Done { inst: id, file: true }));
            }
            _ => {
                let started = at(today - Duration::days(3 + (i % 25) as i64));
                out.push((started, Step::Progress { inst: id, percent: 20 + (i % 6) as u8 * 10 }));
            }
        },
    }
    out
}

/// Someone acting for a unit: its demo account, or (for units without one) a focal point the
/// audit log records as the system, which writes the demo data.
fn unit_user(unit: UnitId, accounts: &HashMap<UnitId, User>) -> (User, Actor) {
    match accounts.get(&unit) {
        Some(u) => (u.clone(), Actor::user(u)),
        None => {
            let u = User {
                id: 0,
                login: "system".into(),
                full_name: "Đầu mối CCHC của đơn vị".into(),
                email: String::new(),
                role: Role::UnitFocal,
                unit_id: Some(unit),
                active: true,
                must_change_password: false,
            };
            (u, Actor::system())
        }
    }
}

fn evidence_file(inst: &InstanceRecord) -> NewEvidence {
    let bytes = format!("%PDF-1.4\n% Bao cao ket qua nhiem vu {} (du lieu mau)\n", inst.task_code).into_bytes();
    let sha256 = crate::plans::sha256(&bytes);
    NewEvidence {
        file_name: format!("bao-cao-ket-qua-{}.pdf", inst.id),
        content_type: "application/pdf".into(),
        bytes,
        sha256,
    }
}

/// Replays the plan year from 1 January to `today` on the demo's imported documents.
pub async fn replay(store: &DynStore, today: NaiveDate) -> Result<Replayed, ServiceError> {
    let s = store.as_ref();
    let users = s.list_users().await?;
    let office = users.iter().find(|u| u.role == Role::Office).cloned();
    let Some(office) = office else { return Ok(Replayed::default()) };
    let mut accounts: HashMap<UnitId, User> = HashMap::new();
    for u in users.iter().filter(|u| u.role == Role::UnitFocal) {
        if let Some(unit) = u.unit_id {
            accounts.entry(unit).or_insert_with(|| u.clone());
        }
    }
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let mut instances = s.list_instances(&InstanceFilter { active_only: true, ..Default::default() }).await?;
    instances.retain(|i| i.lead_unit_id.is_some());
    instances.sort_by_key(|i| i.id);
    let mut steps: Vec<(NaiveDate, usize, Step)> = Vec::new();
    for (i, inst) in instances.iter().enumerate() {
        for (day, step) in plan_instance(i, inst, year_start, today) {
            steps.push((day, steps.len(), step));
        }
    }
    steps.sort_by_key(|(day, seq, _)| (*day, *seq));
    let by_id: HashMap<i64, &InstanceRecord> = instances.iter().map(|i| (i.id, i)).collect();
    let notifier = crate::notify::Notifier {
        store: store.clone(),
        mailer: std::sync::Arc::new(crate::mail::DisabledMailer),
        public_url: String::new(),
    };
    let office_actor = Actor::user(&office);
    let mut done = Replayed::default();
    // The scheduler's weekly runs: every Monday of the year before today.
    let mut monday = year_start + Duration::days((7 - year_start.weekday().num_days_from_monday() as i64) % 7);
    debug_assert_eq!(monday.weekday(), Weekday::Mon);
    for (day, _, step) in steps {
        while monday <= day && monday < today {
            run_jobs(&notifier, monday).await?;
            done.job_runs += 1;
            monday += Duration::days(7);
        }
        let inst_id = match &step {
            Step::Progress { inst, .. } | Step::Done { inst, .. } | Step::Accept { inst } | Step::Return { inst } => {
                *inst
            }
        };
        let Some(inst) = by_id.get(&inst_id) else { continue };
        let Some(lead) = inst.lead_unit_id else { continue };
        let (unit_user, unit_actor) = unit_user(lead, &accounts);
        let office_who = (&office, &office_actor);
        let (who, action, files) = match step {
            Step::Progress { percent, .. } => {
                let note = format!(
                    "Đã ban hành văn bản triển khai, phân công bộ phận chủ trì; đang tổ chức thực hiện (ước đạt {percent}%)."
                );
                ((&unit_user, &unit_actor), TaskAction::ReportProgress { note, percent: Some(percent) }, Vec::new())
            }
            Step::Done { file, .. } => {
                let action = TaskAction::ReportDone {
                    outputs: "Đã hoàn thành nhiệm vụ; báo cáo kết quả gửi Sở Nội vụ.".into(),
                    evidence: vec![format!("Báo cáo số {}/BC ngày {}", 100 + inst.id, day.format("%d/%m/%Y"))],
                    no_evidence_note: String::new(),
                };
                let files = if file { vec![evidence_file(inst)] } else { Vec::new() };
                ((&unit_user, &unit_actor), action, files)
            }
            Step::Accept { .. } => (office_who, TaskAction::Accept { note: "Kết quả đạt yêu cầu.".into() }, Vec::new()),
            Step::Return { .. } => (office_who, TaskAction::Return { reason: RETURN_REASON.into() }, Vec::new()),
        };
        let version = s.get_instance(inst_id).await?.version;
        // The year's history predates sign-off: done claims went straight to the office.
        crate::tracking::act_without_signoff(s, who, inst_id, version, action, files, day).await?;
        done.actions += 1;
    }
    while monday < today {
        run_jobs(&notifier, monday).await?;
        done.job_runs += 1;
        monday += Duration::days(7);
    }
    done.reports = super::reports::replay_reports(s, &accounts, &office, today).await?;
    Ok(done)
}

/// What the scheduler does on `day`: reminders, then escalation of what is overdue.
async fn run_jobs(n: &crate::notify::Notifier, day: NaiveDate) -> Result<(), ServiceError> {
    n.run_reminders(day, false).await?;
    n.run_escalations(day, false).await?;
    Ok(())
}
