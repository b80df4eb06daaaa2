//! Task lifecycle: every action by every relation in every state, the content rules of each
//! action, what the progress record looks like afterwards, and the codes and labels.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::role::Role;
use cchc_domain::tracking::lifecycle::{ActionKind, ActorRelation, TaskAction, TaskProgress, TaskState};
use cchc_domain::tracking::transition::{allowed_actions, transition, transition_with_signoff, TransitionError};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn progress(state: TaskState) -> TaskProgress {
    let reported = matches!(state, TaskState::ReportedDone | TaskState::Accepted).then(|| d(2025, 3, 10));
    TaskProgress { state, reported_done_on: reported, ..TaskProgress::new() }
}

fn sample(kind: ActionKind) -> TaskAction {
    match kind {
        ActionKind::ReportProgress => TaskAction::ReportProgress { note: "Đã dự thảo".into(), percent: Some(40) },
        ActionKind::ReportDone => TaskAction::ReportDone {
            outputs: "Quyết định số 12/QĐ-UBND".into(),
            evidence: vec!["file:81".into()],
            no_evidence_note: String::new(),
        },
        ActionKind::Contribute => TaskAction::Contribute { note: "Đã góp ý dự thảo".into() },
        ActionKind::Accept => TaskAction::Accept { note: String::new() },
        ActionKind::Return => TaskAction::Return { reason: "Thiếu tài liệu kiểm chứng".into() },
        ActionKind::SignOff => TaskAction::SignOff { note: String::new() },
        ActionKind::SendBack => TaskAction::SendBack { reason: "Bổ sung tài liệu kiểm chứng".into() },
    }
}

type Outcome = Result<TaskState, TransitionError>;

/// States in the order of the outcome columns below.
const STATES: [TaskState; 6] = [
    TaskState::NotStarted,
    TaskState::InProgress,
    TaskState::AwaitingSignoff,
    TaskState::ReportedDone,
    TaskState::Accepted,
    TaskState::Returned,
];

/// Every action by every relation in every state, when the unit head must sign off the focal
/// point's done claims.
#[test]
fn every_action_relation_and_state() {
    use ActionKind::*;
    use ActorRelation as R;
    use TaskState::*;
    use TransitionError as E;
    let only = |e: E| -> [Outcome; 6] { std::array::from_fn(|_| Err(e.clone())) };
    let report = |done: TaskState| -> [Outcome; 6] {
        [Ok(done), Ok(done), Err(E::AwaitingSignoff), Err(E::AwaitingReview), Err(E::AlreadyAccepted), Ok(done)]
    };
    let decide = |to: TaskState| -> [Outcome; 6] {
        [
            Err(E::NotReportedDone),
            Err(E::NotReportedDone),
            Err(E::NotSignedOff),
            Ok(to),
            Err(E::AlreadyAccepted),
            Err(E::NotReportedDone),
        ]
    };
    let sign = |to: TaskState| -> [Outcome; 6] {
        [
            Err(E::NothingToSignOff),
            Err(E::NothingToSignOff),
            Ok(to),
            Err(E::NothingToSignOff),
            Err(E::AlreadyAccepted),
            Err(E::NothingToSignOff),
        ]
    };
    let table: Vec<(ActionKind, ActorRelation, [Outcome; 6])> = vec![
        (ReportProgress, R::Lead, report(InProgress)),
        (ReportProgress, R::LeadHead, report(InProgress)),
        (ReportProgress, R::Coordinating, only(E::OnlyLead)),
        (ReportProgress, R::Office, only(E::OnlyLead)),
        (ReportProgress, R::None, only(E::OnlyLead)),
        // The focal point's claim waits for the head; the head's own goes to the office.
        (ReportDone, R::Lead, report(AwaitingSignoff)),
        (ReportDone, R::LeadHead, report(ReportedDone)),
        (ReportDone, R::Coordinating, only(E::OnlyLead)),
        (ReportDone, R::Office, only(E::OnlyLead)),
        (ReportDone, R::None, only(E::OnlyLead)),
        (Contribute, R::Lead, only(E::OnlyCoordinating)),
        (Contribute, R::LeadHead, only(E::OnlyCoordinating)),
        (
            Contribute,
            R::Coordinating,
            [
                Ok(NotStarted),
                Ok(InProgress),
                Ok(AwaitingSignoff),
                Ok(ReportedDone),
                Err(E::AlreadyAccepted),
                Ok(Returned),
            ],
        ),
        (Contribute, R::Office, only(E::OnlyCoordinating)),
        (Contribute, R::None, only(E::OnlyCoordinating)),
        (Accept, R::Lead, only(E::OnlyOffice)),
        (Accept, R::LeadHead, only(E::OnlyOffice)),
        (Accept, R::Coordinating, only(E::OnlyOffice)),
        (Accept, R::Office, decide(Accepted)),
        (Accept, R::None, only(E::OnlyOffice)),
        (Return, R::Lead, only(E::OnlyOffice)),
        (Return, R::LeadHead, only(E::OnlyOffice)),
        (Return, R::Coordinating, only(E::OnlyOffice)),
        (Return, R::Office, decide(Returned)),
        (Return, R::None, only(E::OnlyOffice)),
        (SignOff, R::Lead, only(E::OnlyHead)),
        (SignOff, R::LeadHead, sign(ReportedDone)),
        (SignOff, R::Coordinating, only(E::OnlyHead)),
        (SignOff, R::Office, only(E::OnlyHead)),
        (SignOff, R::None, only(E::OnlyHead)),
        (SendBack, R::Lead, only(E::OnlyHead)),
        (SendBack, R::LeadHead, sign(InProgress)),
        (SendBack, R::Coordinating, only(E::OnlyHead)),
        (SendBack, R::Office, only(E::OnlyHead)),
        (SendBack, R::None, only(E::OnlyHead)),
    ];
    assert_eq!(table.len(), ActionKind::ALL.len() * 5, "every action and relation is listed");
    for (kind, relation, outcomes) in table {
        for (state, want) in STATES.iter().zip(outcomes) {
            let got = transition_with_signoff(&progress(*state), &sample(kind), relation, d(2025, 3, 20), true)
                .map(|n| n.progress.state);
            assert_eq!(got, want, "{kind:?} by {relation:?} in {state:?}");
            let allowed = allowed_actions(*state, relation).contains(&kind);
            assert_eq!(allowed, want.is_ok(), "allowed_actions {kind:?} by {relation:?} in {state:?}");
            // Without sign-off only the focal point's done claim differs: it goes straight on.
            let plain =
                transition(&progress(*state), &sample(kind), relation, d(2025, 3, 20)).map(|n| n.progress.state);
            let want_plain = match want {
                Ok(AwaitingSignoff) if kind == ReportDone => Ok(ReportedDone),
                w => w,
            };
            assert_eq!(plain, want_plain, "without sign-off: {kind:?} by {relation:?} in {state:?}");
        }
    }
}

#[test]
fn a_signed_off_claim_counts_from_the_sign_off_day() {
    let (focal, head, office) = (ActorRelation::Lead, ActorRelation::LeadHead, ActorRelation::Office);
    let started = transition(&TaskProgress::new(), &sample(ActionKind::ReportProgress), focal, d(2025, 3, 1)).unwrap();
    let waiting =
        transition_with_signoff(&started.progress, &sample(ActionKind::ReportDone), focal, d(2025, 3, 10), true)
            .unwrap();
    assert_eq!(waiting.progress.state, TaskState::AwaitingSignoff);
    assert_eq!((waiting.progress.reported_done_on, waiting.progress.percent), (None, Some(100)));
    // The head sends it back: a reason is required, and the focal point sees it.
    let blank = TaskAction::SendBack { reason: "  ".into() };
    let err = transition_with_signoff(&waiting.progress, &blank, head, d(2025, 3, 11), true).err();
    assert_eq!(err, Some(TransitionError::EmptyReason));
    let why = TaskAction::SendBack { reason: " Bổ sung  quyết định ".into() };
    let back = transition_with_signoff(&waiting.progress, &why, head, d(2025, 3, 11), true).unwrap();
    assert_eq!(back.progress.state, TaskState::InProgress);
    assert_eq!(back.progress.return_reason.as_deref(), Some("Bổ sung quyết định"));
    assert_eq!(back.action, TaskAction::SendBack { reason: "Bổ sung quyết định".into() });
    let again =
        transition_with_signoff(&back.progress, &sample(ActionKind::ReportDone), focal, d(2025, 3, 12), true).unwrap();
    assert_eq!((again.progress.state, again.progress.return_reason.clone()), (TaskState::AwaitingSignoff, None));
    let signed = transition_with_signoff(
        &again.progress,
        &TaskAction::SignOff { note: " Đồng ý ".into() },
        head,
        d(2025, 3, 14),
        true,
    )
    .unwrap();
    assert_eq!(signed.progress.state, TaskState::ReportedDone);
    assert_eq!(signed.progress.reported_done_on, Some(d(2025, 3, 14)), "reported on the sign-off day");
    assert_eq!(signed.action, TaskAction::SignOff { note: "Đồng ý".into() });
    let early = transition(&signed.progress, &sample(ActionKind::Accept), office, d(2025, 3, 13));
    assert_eq!(early.err(), Some(TransitionError::BeforeReport("14/03/2025".into())));
    let accepted = transition(&signed.progress, &sample(ActionKind::Accept), office, d(2025, 3, 20)).unwrap();
    assert_eq!(accepted.progress.state, TaskState::Accepted);
    // A head's own claim goes straight to the office, dated that day.
    let own = transition_with_signoff(&TaskProgress::new(), &sample(ActionKind::ReportDone), head, d(2025, 4, 1), true)
        .unwrap();
    assert_eq!((own.progress.state, own.progress.reported_done_on), (TaskState::ReportedDone, Some(d(2025, 4, 1))));
}

#[test]
fn content_rules() {
    use TransitionError as E;
    let lead = ActorRelation::Lead;
    let office = ActorRelation::Office;
    let today = d(2025, 3, 20);
    let cases: Vec<(TaskState, ActorRelation, TaskAction, Option<TransitionError>)> = vec![
        (
            TaskState::NotStarted,
            lead,
            TaskAction::ReportProgress { note: "  \n ".into(), percent: None },
            Some(E::EmptyNote),
        ),
        (
            TaskState::NotStarted,
            lead,
            TaskAction::ReportProgress { note: "x".into(), percent: Some(101) },
            Some(E::PercentOutOfRange),
        ),
        (TaskState::NotStarted, lead, TaskAction::ReportProgress { note: "x".into(), percent: Some(100) }, None),
        (
            TaskState::InProgress,
            lead,
            TaskAction::ReportDone {
                outputs: " ".into(),
                evidence: vec!["file:1".into()],
                no_evidence_note: String::new(),
            },
            Some(E::EmptyOutputs),
        ),
        (
            TaskState::InProgress,
            lead,
            TaskAction::ReportDone {
                outputs: "Báo cáo".into(),
                evidence: vec![" ".into(), String::new()],
                no_evidence_note: " ".into(),
            },
            Some(E::NoEvidence),
        ),
        (
            TaskState::InProgress,
            lead,
            TaskAction::ReportDone {
                outputs: "Tổ chức hội nghị".into(),
                evidence: vec![],
                no_evidence_note: "Hội nghị trực tuyến, đã đưa tin trên cổng".into(),
            },
            None,
        ),
        (TaskState::ReportedDone, office, TaskAction::Return { reason: "\t".into() }, Some(E::EmptyReason)),
        (TaskState::ReportedDone, office, TaskAction::Accept { note: String::new() }, None),
        (
            TaskState::ReportedDone,
            ActorRelation::Coordinating,
            TaskAction::Contribute { note: String::new() },
            Some(E::EmptyNote),
        ),
    ];
    for (state, relation, action, want) in cases {
        let got = transition(&progress(state), &action, relation, today).err();
        assert_eq!(got, want, "{action:?}");
    }
    // Deciding before the report date is refused (the report is dated 10/3/2025).
    let early = transition(&progress(TaskState::ReportedDone), &sample(ActionKind::Accept), office, d(2025, 3, 9));
    assert_eq!(early.err(), Some(E::BeforeReport("10/03/2025".into())));
}

#[test]
fn a_full_journey_keeps_the_right_dates() {
    let (lead, office, coord) = (ActorRelation::Lead, ActorRelation::Office, ActorRelation::Coordinating);
    let p0 = TaskProgress::new();
    let p1 = transition(&p0, &sample(ActionKind::ReportProgress), lead, d(2025, 2, 1)).unwrap();
    assert!(p1.state_changed);
    assert_eq!((p1.progress.state, p1.progress.percent), (TaskState::InProgress, Some(40)));
    let same = transition(
        &p1.progress,
        &TaskAction::ReportProgress { note: "Tiếp tục".into(), percent: None },
        lead,
        d(2025, 2, 15),
    )
    .unwrap();
    assert!(!same.state_changed);
    assert_eq!(same.progress.percent, Some(40), "a report without a percentage keeps the last one");
    let done = transition(&same.progress, &sample(ActionKind::ReportDone), lead, d(2025, 3, 1)).unwrap();
    assert_eq!((done.progress.reported_done_on, done.progress.percent), (Some(d(2025, 3, 1)), Some(100)));
    let contrib = transition(&done.progress, &sample(ActionKind::Contribute), coord, d(2025, 3, 2)).unwrap();
    assert_eq!(contrib.progress, done.progress, "a contribution changes nothing in the record");
    assert!(!contrib.state_changed);
    let back = transition(
        &done.progress,
        &TaskAction::Return { reason: "  Thiếu   quyết định ban hành ".into() },
        office,
        d(2025, 3, 5),
    )
    .unwrap();
    assert_eq!(back.progress.state, TaskState::Returned);
    assert_eq!(back.progress.reported_done_on, None, "a returned report does not count as completion");
    assert_eq!(back.progress.return_reason.as_deref(), Some("Thiếu quyết định ban hành"));
    assert_eq!(back.action, TaskAction::Return { reason: "Thiếu quyết định ban hành".into() });
    let working = transition(&back.progress, &sample(ActionKind::ReportProgress), lead, d(2025, 3, 8)).unwrap();
    assert_eq!(working.progress.return_reason.as_deref(), Some("Thiếu quyết định ban hành"), "reason stays visible");
    let again = transition(&working.progress, &sample(ActionKind::ReportDone), lead, d(2025, 3, 12)).unwrap();
    assert_eq!(again.progress.return_reason, None);
    let accepted = transition(&again.progress, &sample(ActionKind::Accept), office, d(2025, 4, 2)).unwrap();
    assert_eq!(accepted.progress.state, TaskState::Accepted);
    assert_eq!(accepted.progress.reported_done_on, Some(d(2025, 3, 12)), "completion date = last report date");
    assert_eq!(accepted.progress.accepted_on, Some(d(2025, 4, 2)));
    assert_eq!(accepted.progress.updated_on, Some(d(2025, 4, 2)));
}

#[test]
fn report_done_cleans_evidence() {
    let action = TaskAction::ReportDone {
        outputs: " Kế hoạch  số 5 ".into(),
        evidence: vec!["  file:7 ".into(), "   ".into(), "https://example.invalid/vb".into()],
        no_evidence_note: String::new(),
    };
    let next = transition(&TaskProgress::new(), &action, ActorRelation::Lead, d(2025, 5, 1)).unwrap();
    assert_eq!(
        next.action,
        TaskAction::ReportDone {
            outputs: "Kế hoạch số 5".into(),
            evidence: vec!["file:7".into(), "https://example.invalid/vb".into()],
            no_evidence_note: String::new(),
        }
    );
}

#[test]
fn relation_of_users() {
    let coordinating = [5, 6];
    let cases = [
        (Role::Office, None, ActorRelation::Office),
        (Role::UnitFocal, Some(4), ActorRelation::Lead),
        (Role::UnitHead, Some(4), ActorRelation::LeadHead),
        (Role::UnitHead, Some(5), ActorRelation::Coordinating),
        (Role::UnitFocal, Some(6), ActorRelation::Coordinating),
        (Role::UnitFocal, Some(9), ActorRelation::None),
        (Role::UnitFocal, None, ActorRelation::None),
        (Role::Leader, Some(4), ActorRelation::None),
        (Role::Admin, None, ActorRelation::None),
        (Role::Appraiser, Some(5), ActorRelation::None),
    ];
    for (role, unit, want) in cases {
        assert_eq!(ActorRelation::of(role, unit, 4, &coordinating), want, "{role:?} {unit:?}");
    }
    assert_eq!(ActorRelation::of(Role::UnitFocal, Some(4), 4, &[4]), ActorRelation::Lead, "lead wins");
    assert!(ActorRelation::Lead.is_lead() && ActorRelation::LeadHead.is_lead() && !ActorRelation::Office.is_lead());
}

#[test]
fn codes_labels_and_messages() {
    for s in TaskState::ALL {
        assert_eq!(TaskState::parse(s.code()), Some(s));
        assert!(!s.label_vi().is_empty() && !s.label_en().is_empty());
    }
    for a in ActionKind::ALL {
        assert_eq!(ActionKind::parse(a.code()), Some(a));
    }
    assert_eq!(TaskState::parse("done"), None);
    assert_eq!(TaskState::ReportedDone.code(), "reported_done");
    assert_eq!(ActionKind::Return.label_vi(), "Trả lại");
    let open: Vec<TaskState> = TaskState::ALL.into_iter().filter(|s| s.is_open()).collect();
    let want = [TaskState::NotStarted, TaskState::InProgress, TaskState::AwaitingSignoff, TaskState::Returned];
    assert_eq!(open, want, "a claim waiting for sign-off is not done yet");
    assert_eq!(TaskState::AwaitingSignoff.code(), "awaiting_signoff");
    assert_eq!(TaskState::AwaitingSignoff.label_vi(), "Chờ lãnh đạo đơn vị ký duyệt");
    assert_eq!(TransitionError::EmptyReason.to_string(), "Cần nêu lý do trả lại.");
    assert_eq!(TransitionError::NoEvidence.field(), Some("evidence"));
    let fe = TransitionError::OnlyOffice.to_field_errors();
    assert!(fe.get("_form").is_some_and(|m| m.starts_with("Chỉ cơ quan thường trực")));
    let json = serde_json::to_string(&sample(ActionKind::Return)).unwrap();
    assert_eq!(json, r#"{"action":"return","reason":"Thiếu tài liệu kiểm chứng"}"#);
    assert_eq!(serde_json::to_string(&TaskState::NotStarted).unwrap(), r#""not_started""#);
}
