//! Who may do what to a task, in which state, and what the task looks like afterwards.
//!
//! ```text
//! not_started ─► in_progress ─► reported_done ─► accepted
//!      │              ▲               │
//!      └──────────────┼───────────────┘ (done without a progress report first)
//!                     │               ▼
//!                     └────────── returned ─► reported_done
//! ```
//! When the unit head must sign off (the setting is on and the unit has a head account), a
//! focal point's done claim waits first: `awaiting_signoff` ─► (signed off) `reported_done`,
//! or ─► (sent back with a reason) `in_progress`. A head's own claim goes straight on.
//! Checks run in a fixed order — who acts, then the state, then what they typed — so the
//! message a user sees is the most fundamental reason for the refusal.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::lifecycle::{ActionKind, ActorRelation, TaskAction, TaskProgress, TaskState};
use super::vn_date;
use crate::text::clean;
use crate::validation::FieldErrors;

/// Why an action is refused. The message is a plain Vietnamese sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("Chỉ đơn vị chủ trì nhiệm vụ mới được báo cáo tiến độ và báo cáo hoàn thành.")]
    OnlyLead,
    #[error("Chỉ đơn vị phối hợp mới cập nhật kết quả phối hợp; đơn vị chủ trì báo cáo tiến độ.")]
    OnlyCoordinating,
    #[error("Chỉ cơ quan thường trực cải cách hành chính mới được công nhận hoặc trả lại kết quả nhiệm vụ.")]
    OnlyOffice,
    #[error("Nhiệm vụ đã được công nhận hoàn thành, không thể thay đổi nữa.")]
    AlreadyAccepted,
    #[error("Nhiệm vụ đã báo cáo hoàn thành và đang chờ cơ quan thường trực xem xét; chỉ báo cáo lại khi bị trả lại.")]
    AwaitingReview,
    #[error("Nhiệm vụ chưa được báo cáo hoàn thành nên chưa thể công nhận hoặc trả lại.")]
    NotReportedDone,
    #[error("Chỉ lãnh đạo đơn vị chủ trì mới được ký duyệt hoặc trả lại báo cáo hoàn thành của cán bộ đầu mối.")]
    OnlyHead,
    #[error("Báo cáo hoàn thành đang chờ lãnh đạo đơn vị ký duyệt; chỉ báo cáo lại khi lãnh đạo đơn vị trả lại.")]
    AwaitingSignoff,
    #[error(
        "Báo cáo hoàn thành của đơn vị đang chờ lãnh đạo đơn vị ký duyệt; cơ quan thường trực chỉ công nhận \
         hoặc trả lại sau khi lãnh đạo đơn vị ký duyệt."
    )]
    NotSignedOff,
    #[error("Không có báo cáo hoàn thành nào đang chờ ký duyệt.")]
    NothingToSignOff,
    #[error("Cần nhập nội dung.")]
    EmptyNote,
    #[error("Tỷ lệ hoàn thành phải từ 0 đến 100%.")]
    PercentOutOfRange,
    #[error("Cần nêu kết quả, sản phẩm đã hoàn thành.")]
    EmptyOutputs,
    #[error("Cần có ít nhất một tài liệu kiểm chứng, hoặc ghi rõ lý do không cần tài liệu kiểm chứng.")]
    NoEvidence,
    #[error("Cần nêu lý do trả lại.")]
    EmptyReason,
    #[error("Ngày xử lý không thể trước ngày báo cáo hoàn thành ({0}).")]
    BeforeReport(String),
}

impl TransitionError {
    /// The form field the message belongs to, for errors about what the user typed.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            TransitionError::EmptyNote => Some("note"),
            TransitionError::PercentOutOfRange => Some("percent"),
            TransitionError::EmptyOutputs => Some("outputs"),
            TransitionError::NoEvidence => Some("evidence"),
            TransitionError::EmptyReason => Some("reason"),
            _ => None,
        }
    }

    /// The error as form errors (field `_form` when it is not about one field).
    pub fn to_field_errors(&self) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(self.field().unwrap_or("_form"), self.to_string());
        e
    }
}

/// The outcome of an accepted action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Next {
    /// The progress record to store.
    pub progress: TaskProgress,
    /// Whether the state differs from before (a contribution or a second progress report
    /// keeps it).
    pub state_changed: bool,
    /// The action with its text cleaned (NFC, trimmed, blank evidence dropped): the history
    /// entry to store.
    pub action: TaskAction,
}

/// Applies `action`, taken by someone with `relation` to the task on `today`, to `current`,
/// with no sign-off by the unit head (inspection remedies, the demo's replayed history).
pub fn transition(
    current: &TaskProgress,
    action: &TaskAction,
    relation: ActorRelation,
    today: NaiveDate,
) -> Result<Next, TransitionError> {
    transition_with_signoff(current, action, relation, today, false)
}

/// [`transition`] where `signoff` says whether the lead unit's head must sign off what its
/// focal point reports done: the claim then waits in [`TaskState::AwaitingSignoff`]. A head's
/// own claim never waits.
pub fn transition_with_signoff(
    current: &TaskProgress,
    action: &TaskAction,
    relation: ActorRelation,
    today: NaiveDate,
    signoff: bool,
) -> Result<Next, TransitionError> {
    check(current.state, action.kind(), relation)?;
    let action = cleaned(action)?;
    let mut p = current.clone();
    match &action {
        TaskAction::ReportProgress { percent, .. } => {
            p.state = TaskState::InProgress;
            p.percent = percent.or(p.percent);
            p.updated_on = Some(today);
        }
        TaskAction::ReportDone { .. } if signoff && relation == ActorRelation::Lead => {
            p.state = TaskState::AwaitingSignoff;
            p.percent = Some(100);
            p.reported_done_on = None;
            p.return_reason = None;
            p.updated_on = Some(today);
        }
        TaskAction::ReportDone { .. } | TaskAction::SignOff { .. } => {
            // A signed-off claim counts as reported on the day of the sign-off.
            p.state = TaskState::ReportedDone;
            p.percent = Some(100);
            p.reported_done_on = Some(today);
            p.return_reason = None;
            p.updated_on = Some(today);
        }
        TaskAction::SendBack { reason } => {
            p.state = TaskState::InProgress;
            p.reported_done_on = None;
            p.return_reason = Some(reason.clone());
            p.updated_on = Some(today);
        }
        TaskAction::Contribute { .. } => {}
        TaskAction::Accept { .. } | TaskAction::Return { .. } => {
            if let Some(reported) = p.reported_done_on.filter(|r| *r > today) {
                return Err(TransitionError::BeforeReport(vn_date(reported)));
            }
            p.updated_on = Some(today);
            if let TaskAction::Return { reason } = &action {
                p.state = TaskState::Returned;
                p.reported_done_on = None;
                p.return_reason = Some(reason.clone());
            } else {
                p.state = TaskState::Accepted;
                p.accepted_on = Some(today);
            }
        }
    }
    Ok(Next { state_changed: p.state != current.state, progress: p, action })
}

/// The actions someone with `relation` may start on a task in `state` (for showing buttons).
pub fn allowed_actions(state: TaskState, relation: ActorRelation) -> Vec<ActionKind> {
    ActionKind::ALL.into_iter().filter(|k| check(state, *k, relation).is_ok()).collect()
}

/// Whether `relation` may take an action of `kind` in `state`, whatever its content.
fn check(state: TaskState, kind: ActionKind, relation: ActorRelation) -> Result<(), TransitionError> {
    let (allowed, refusal) = match kind {
        ActionKind::ReportProgress | ActionKind::ReportDone => (relation.is_lead(), TransitionError::OnlyLead),
        ActionKind::Contribute => (relation == ActorRelation::Coordinating, TransitionError::OnlyCoordinating),
        ActionKind::Accept | ActionKind::Return => (relation == ActorRelation::Office, TransitionError::OnlyOffice),
        ActionKind::SignOff | ActionKind::SendBack => (relation == ActorRelation::LeadHead, TransitionError::OnlyHead),
    };
    if !allowed {
        return Err(refusal);
    }
    if state == TaskState::Accepted {
        return Err(TransitionError::AlreadyAccepted);
    }
    match kind {
        ActionKind::ReportProgress | ActionKind::ReportDone if state == TaskState::ReportedDone => {
            Err(TransitionError::AwaitingReview)
        }
        ActionKind::ReportProgress | ActionKind::ReportDone if state == TaskState::AwaitingSignoff => {
            Err(TransitionError::AwaitingSignoff)
        }
        ActionKind::Accept | ActionKind::Return if state == TaskState::AwaitingSignoff => {
            Err(TransitionError::NotSignedOff)
        }
        ActionKind::Accept | ActionKind::Return if state != TaskState::ReportedDone => {
            Err(TransitionError::NotReportedDone)
        }
        ActionKind::SignOff | ActionKind::SendBack if state != TaskState::AwaitingSignoff => {
            Err(TransitionError::NothingToSignOff)
        }
        _ => Ok(()),
    }
}

/// The action with its text normalised, or the first problem with its content.
fn cleaned(action: &TaskAction) -> Result<TaskAction, TransitionError> {
    let required = |s: &str, err: TransitionError| {
        let c = clean(s);
        if c.is_empty() {
            Err(err)
        } else {
            Ok(c)
        }
    };
    Ok(match action {
        TaskAction::ReportProgress { note, percent } => {
            let note = required(note, TransitionError::EmptyNote)?;
            if percent.is_some_and(|p| p > 100) {
                return Err(TransitionError::PercentOutOfRange);
            }
            TaskAction::ReportProgress { note, percent: *percent }
        }
        TaskAction::ReportDone { outputs, evidence, no_evidence_note } => {
            let outputs = required(outputs, TransitionError::EmptyOutputs)?;
            let evidence: Vec<String> = evidence.iter().map(|e| clean(e)).filter(|e| !e.is_empty()).collect();
            let no_evidence_note = clean(no_evidence_note);
            if evidence.is_empty() && no_evidence_note.is_empty() {
                return Err(TransitionError::NoEvidence);
            }
            TaskAction::ReportDone { outputs, evidence, no_evidence_note }
        }
        TaskAction::Contribute { note } => TaskAction::Contribute { note: required(note, TransitionError::EmptyNote)? },
        TaskAction::Accept { note } => TaskAction::Accept { note: clean(note) },
        TaskAction::Return { reason } => TaskAction::Return { reason: required(reason, TransitionError::EmptyReason)? },
        TaskAction::SignOff { note } => TaskAction::SignOff { note: clean(note) },
        TaskAction::SendBack { reason } => {
            TaskAction::SendBack { reason: required(reason, TransitionError::EmptyReason)? }
        }
    })
}
