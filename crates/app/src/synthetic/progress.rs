//! Realistic progress for the synthetic instances: most past instances accepted (a few after a
//! return, some late), some awaiting review, returned or overdue; current ones under way.
//! Every history is replayed through the domain's lifecycle rules, so states, dates and
//! completion classes are exactly what the real actions would have stored.

use cchc_domain::deadline::DeadlineKind;
use cchc_domain::tracking::{
    classify_completion, transition, ActorRelation, TaskAction, TaskProgress, TaskState, TimelinessRules,
};
use cchc_storage::model::InstanceRecord;
use cchc_storage::traits_bulk::{BulkProgress, BulkTaskEvent};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

use super::names::{Rng, OUTPUTS, RETURN_REASONS};
use super::org::OrgIndex;

/// One step of a history: what was done, on which day.
enum Step {
    Progress(u8),
    Done,
    Return,
    Accept,
}

/// The progress and history of `inst` as of `today`. `issued` is the plan's date; `kind` the
/// task's deadline kind (event-triggered tasks may get their event recorded).
pub fn simulate(
    inst: &InstanceRecord,
    kind: DeadlineKind,
    issued: NaiveDate,
    today: NaiveDate,
    rules: &TimelinessRules,
    org: &OrgIndex,
    rng: &mut Rng,
) -> BulkProgress {
    let mut due = inst.due;
    let mut event_on = None;
    if kind == DeadlineKind::EventTriggered && due.is_none() && rng.chance(0.7) {
        let day = issued + Duration::days(rng.range(40, 330));
        if day < today {
            event_on = Some(day);
            due = Some(day + Duration::days(rules.event_allowance_days));
        }
    }
    let start = inst.period_start.unwrap_or(issued).max(issued);
    let steps = match due {
        Some(d) if d < today => past(d, start, today, rng),
        Some(_) => current(start, today, rng),
        None if start < today => undated(start, today, rng),
        None => Vec::new(),
    };
    let unit = inst.lead_unit_id.and_then(|u| org.unit(u));
    let lead_login = unit.map(|u| format!("dm.{}", u.code.to_lowercase())).unwrap_or_else(|| "vanphong".into());
    let mut p = TaskProgress::new();
    let mut events = Vec::new();
    for (day, step) in steps {
        let (action, rel) = match step {
            Step::Progress(pct) => (
                TaskAction::ReportProgress {
                    note: format!("Đã triển khai khoảng {pct}% khối lượng công việc."),
                    percent: Some(pct),
                },
                ActorRelation::Lead,
            ),
            Step::Done => (
                TaskAction::ReportDone {
                    outputs: format!("{} số {}/{}", rng.pick(OUTPUTS), rng.range(10, 999), day.format("%Y")),
                    evidence: Vec::new(),
                    no_evidence_note: "Kết quả thể hiện tại văn bản đã gửi qua hệ thống quản lý văn bản.".into(),
                },
                ActorRelation::Lead,
            ),
            Step::Return => {
                (TaskAction::Return { reason: rng.pick(RETURN_REASONS).to_string() }, ActorRelation::Office)
            }
            Step::Accept => (TaskAction::Accept { note: "Đạt yêu cầu.".into() }, ActorRelation::Office),
        };
        // No lead unit: only the office records anything.
        let rel = if inst.lead_unit_id.is_none() && rel == ActorRelation::Lead { ActorRelation::Office } else { rel };
        let Ok(next) = transition(&p, &action, rel, day) else { continue };
        let (note, percent, outputs) = match &next.action {
            TaskAction::ReportProgress { note, percent } => (note.clone(), *percent, String::new()),
            TaskAction::ReportDone { outputs, no_evidence_note, .. } => {
                (no_evidence_note.clone(), Some(100), outputs.clone())
            }
            TaskAction::Contribute { note } | TaskAction::Accept { note } | TaskAction::SignOff { note } => {
                (note.clone(), None, String::new())
            }
            TaskAction::Return { reason } | TaskAction::SendBack { reason } => (reason.clone(), None, String::new()),
        };
        let office = rel == ActorRelation::Office;
        let at =
            Utc.from_utc_datetime(&day.and_hms_opt(1, 0, 0).unwrap_or_default()) + Duration::minutes(rng.range(0, 540));
        events.push(BulkTaskEvent {
            at,
            actor: if office { "vanphong".into() } else { lead_login.clone() },
            unit_id: if office { None } else { inst.lead_unit_id },
            action: next.action.kind().code().to_string(),
            note,
            percent,
            outputs,
            state_after: next.progress.state.code().to_string(),
        });
        p = next.progress;
    }
    let completion = match p.reported_done_on {
        Some(done) if matches!(p.state, TaskState::ReportedDone | TaskState::Accepted) => {
            Some(classify_completion(Some(done), due, inst.period_start, rules).code().to_string())
        }
        _ => None,
    };
    BulkProgress { instance_id: inst.id, progress: p, completion, event_on, due: event_on.and(due), events }
}

fn days(d: NaiveDate, n: i64) -> NaiveDate {
    d + Duration::days(n)
}

/// A day in `lo..=hi` (clamped to `lo` when the range is empty).
fn between(lo: NaiveDate, hi: NaiveDate, rng: &mut Rng) -> NaiveDate {
    days(lo, rng.range(0, (hi - lo).num_days()))
}

/// A few progress reports from `from` to `to`.
fn progress_steps(from: NaiveDate, to: NaiveDate, rng: &mut Rng) -> Vec<(NaiveDate, Step)> {
    if to < from {
        return Vec::new();
    }
    let n = rng.range(1, 2);
    let mut out: Vec<(NaiveDate, Step)> =
        (0..n).map(|_| between(from, to, rng)).map(|d| (d, Step::Progress(0))).collect();
    out.sort_by_key(|(d, _)| *d);
    let k = out.len() as i64;
    for (i, (_, s)) in out.iter_mut().enumerate() {
        *s = Step::Progress(u8::try_from(((i as i64 + 1) * 80 / k).clamp(10, 90)).unwrap_or(50));
    }
    out
}

/// An instance due before today.
fn past(due: NaiveDate, start: NaiveDate, today: NaiveDate, rng: &mut Rng) -> Vec<(NaiveDate, Step)> {
    let last = days(today, -1);
    let r = rng.unit();
    let done = if rng.chance(0.15) {
        days(start, rng.range(5, 40)).min(days(due, -31)).max(start)
    } else if rng.chance(0.82) {
        between(days(due, -25).max(start), due, rng)
    } else {
        days(due, rng.range(1, 45))
    }
    .min(last);
    let mut steps = progress_steps(start, days(done, -1), rng);
    if r < 0.74 {
        if rng.chance(0.08) {
            let back = days(done, rng.range(1, 4)).min(last);
            let again = days(back, rng.range(3, 15)).min(last);
            steps.extend([(done, Step::Done), (back, Step::Return), (again, Step::Done)]);
            steps.push((days(again, rng.range(1, 10)).min(last), Step::Accept));
        } else {
            steps.extend([(done, Step::Done), (days(done, rng.range(1, 12)).min(last), Step::Accept)]);
        }
    } else if r < 0.80 {
        let reported = between(days(due, -20).max(start), days(due, 30).min(last), rng);
        steps = progress_steps(start, days(reported, -1), rng);
        steps.push((reported, Step::Done));
    } else if r < 0.85 {
        steps.extend([(done, Step::Done), (days(done, rng.range(1, 5)).min(last), Step::Return)]);
    } else if r < 0.93 {
        steps = progress_steps(start, last, rng);
    } else {
        steps.clear();
    }
    steps
}

/// An instance due today or later.
fn current(start: NaiveDate, today: NaiveDate, rng: &mut Rng) -> Vec<(NaiveDate, Step)> {
    let last = days(today, -1);
    if start > last {
        return Vec::new();
    }
    let r = rng.unit();
    if r < 0.35 {
        Vec::new()
    } else if r < 0.80 {
        progress_steps(start, last, rng)
    } else {
        let done = between(start, last, rng);
        let mut steps = progress_steps(start, days(done, -1), rng);
        steps.push((done, Step::Done));
        if r < 0.87 {
            steps.push((days(done, rng.range(1, 10)).min(last), Step::Accept));
        } else if r < 0.90 {
            steps.push((days(done, rng.range(1, 5)).min(last), Step::Return));
        }
        steps
    }
}

/// An instance without a due date (its event not recorded yet).
fn undated(start: NaiveDate, today: NaiveDate, rng: &mut Rng) -> Vec<(NaiveDate, Step)> {
    if rng.chance(0.6) {
        Vec::new()
    } else {
        progress_steps(start, days(today, -1), rng)
    }
}
