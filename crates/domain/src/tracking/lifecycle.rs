//! The words of a task's lifecycle: its states, the actions units and the office take on it,
//! how the acting user relates to the task, and the progress record the storage keeps.
//!
//! The rules that connect them live in [`mod@super::transition`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::role::Role;
use crate::unit::UnitId;

/// Where a task (or one instance of a recurring task) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    /// Nothing reported yet.
    NotStarted,
    /// The lead unit has reported progress.
    InProgress,
    /// The lead unit's focal point says it is done; the unit's head has not signed it off yet
    /// (the office does not see it as reported done).
    AwaitingSignoff,
    /// The lead unit says it is done; the office has not decided yet.
    ReportedDone,
    /// The office accepted the result. Final.
    Accepted,
    /// The office returned the result with a reason; the lead unit works on.
    Returned,
}

impl TaskState {
    /// Every state, in lifecycle order.
    pub const ALL: [TaskState; 6] = [
        TaskState::NotStarted,
        TaskState::InProgress,
        TaskState::AwaitingSignoff,
        TaskState::ReportedDone,
        TaskState::Accepted,
        TaskState::Returned,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            TaskState::NotStarted => "not_started",
            TaskState::InProgress => "in_progress",
            TaskState::AwaitingSignoff => "awaiting_signoff",
            TaskState::ReportedDone => "reported_done",
            TaskState::Accepted => "accepted",
            TaskState::Returned => "returned",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<TaskState> {
        let code = code.trim();
        TaskState::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TaskState::NotStarted => "Chưa triển khai",
            TaskState::InProgress => "Đang thực hiện",
            TaskState::AwaitingSignoff => "Chờ lãnh đạo đơn vị ký duyệt",
            TaskState::ReportedDone => "Đã báo cáo hoàn thành, chờ xem xét",
            TaskState::Accepted => "Đã hoàn thành",
            TaskState::Returned => "Bị trả lại",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            TaskState::NotStarted => "Not started",
            TaskState::InProgress => "In progress",
            TaskState::AwaitingSignoff => "Awaiting the unit head's sign-off",
            TaskState::ReportedDone => "Reported done, awaiting review",
            TaskState::Accepted => "Completed",
            TaskState::Returned => "Returned",
        }
    }

    /// Whether the lead unit still has work to do (everything but reported done and accepted;
    /// a claim waiting for the unit head's sign-off is not done yet).
    pub fn is_open(self) -> bool {
        matches!(self, TaskState::NotStarted | TaskState::InProgress | TaskState::AwaitingSignoff | TaskState::Returned)
    }

    /// Whether nothing can change any more.
    pub fn is_final(self) -> bool {
        self == TaskState::Accepted
    }
}

/// The kind of an action, without its content: stable codes for history rows and buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    /// See [`TaskAction::ReportProgress`].
    ReportProgress,
    /// See [`TaskAction::ReportDone`].
    ReportDone,
    /// See [`TaskAction::Contribute`].
    Contribute,
    /// See [`TaskAction::Accept`].
    Accept,
    /// See [`TaskAction::Return`].
    Return,
    /// See [`TaskAction::SignOff`].
    SignOff,
    /// See [`TaskAction::SendBack`].
    SendBack,
}

impl ActionKind {
    /// Every action kind.
    pub const ALL: [ActionKind; 7] = [
        ActionKind::ReportProgress,
        ActionKind::ReportDone,
        ActionKind::Contribute,
        ActionKind::Accept,
        ActionKind::Return,
        ActionKind::SignOff,
        ActionKind::SendBack,
    ];

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            ActionKind::ReportProgress => "report_progress",
            ActionKind::ReportDone => "report_done",
            ActionKind::Contribute => "contribute",
            ActionKind::Accept => "accept",
            ActionKind::Return => "return",
            ActionKind::SignOff => "sign_off",
            ActionKind::SendBack => "send_back",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<ActionKind> {
        let code = code.trim();
        ActionKind::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Vietnamese label (button and history text).
    pub fn label_vi(self) -> &'static str {
        match self {
            ActionKind::ReportProgress => "Báo cáo tiến độ",
            ActionKind::ReportDone => "Báo cáo hoàn thành",
            ActionKind::Contribute => "Cập nhật kết quả phối hợp",
            ActionKind::Accept => "Công nhận hoàn thành",
            ActionKind::Return => "Trả lại",
            ActionKind::SignOff => "Ký duyệt",
            ActionKind::SendBack => "Trả lại cán bộ đầu mối",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            ActionKind::ReportProgress => "Report progress",
            ActionKind::ReportDone => "Report done",
            ActionKind::Contribute => "Add contribution",
            ActionKind::Accept => "Accept",
            ActionKind::Return => "Return",
            ActionKind::SignOff => "Sign off",
            ActionKind::SendBack => "Send back to the focal point",
        }
    }
}

/// What someone does to a task, with what they typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum TaskAction {
    /// The lead unit reports what has been done so far.
    ReportProgress {
        note: String,
        /// Self-estimated completion, 0–100, if the unit gives one.
        percent: Option<u8>,
    },
    /// The lead unit reports the task done, with its outputs and evidence.
    ReportDone {
        /// The results and products (`Kết quả, sản phẩm`) delivered.
        outputs: String,
        /// References to evidence: stored file ids, document numbers, links.
        evidence: Vec<String>,
        /// Why no evidence is needed, when none is attached.
        no_evidence_note: String,
    },
    /// A coordinating unit records its part; the task's state does not change.
    Contribute { note: String },
    /// The office accepts the reported result.
    Accept { note: String },
    /// The office returns the reported result; the reason is required.
    Return { reason: String },
    /// The lead unit's head signs off the focal point's done claim: it goes to the office.
    SignOff { note: String },
    /// The lead unit's head sends the focal point's done claim back; the reason is required.
    SendBack { reason: String },
}

impl TaskAction {
    /// The kind of this action.
    pub fn kind(&self) -> ActionKind {
        match self {
            TaskAction::ReportProgress { .. } => ActionKind::ReportProgress,
            TaskAction::ReportDone { .. } => ActionKind::ReportDone,
            TaskAction::Contribute { .. } => ActionKind::Contribute,
            TaskAction::Accept { .. } => ActionKind::Accept,
            TaskAction::Return { .. } => ActionKind::Return,
            TaskAction::SignOff { .. } => ActionKind::SignOff,
            TaskAction::SendBack { .. } => ActionKind::SendBack,
        }
    }
}

/// How the acting user relates to the task they act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActorRelation {
    /// A user of the lead unit (chủ trì) other than its head: the focal point.
    Lead,
    /// The head of the lead unit (lãnh đạo đơn vị chủ trì): reports like the lead unit, and
    /// signs off (or sends back) the focal point's done claims.
    LeadHead,
    /// A user of one of the coordinating units (phối hợp).
    Coordinating,
    /// The plan owner: the reform office.
    Office,
    /// Anyone else (other units, leaders, appraisers, administrators).
    None,
}

impl ActorRelation {
    /// The relation of a user with `role` and `unit` to a task led by `lead` with
    /// `coordinating` units. Only unit roles act for a unit; a unit listed both as lead and as
    /// coordinating counts as lead. Leaders, appraisers and administrators relate as `None`:
    /// they read tasks but do not change them. The lead unit's head relates as `LeadHead`.
    pub fn of(role: Role, unit: Option<UnitId>, lead: UnitId, coordinating: &[UnitId]) -> ActorRelation {
        match (role, unit) {
            (Role::Office, _) => ActorRelation::Office,
            (Role::UnitHead, Some(u)) if u == lead => ActorRelation::LeadHead,
            (Role::UnitFocal, Some(u)) if u == lead => ActorRelation::Lead,
            (Role::UnitFocal | Role::UnitHead, Some(u)) if coordinating.contains(&u) => ActorRelation::Coordinating,
            _ => ActorRelation::None,
        }
    }

    /// Whether the user acts for the lead unit (its focal point or its head).
    pub fn is_lead(self) -> bool {
        matches!(self, ActorRelation::Lead | ActorRelation::LeadHead)
    }
}

/// The progress record of a task (instance), as stored next to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskProgress {
    pub state: TaskState,
    /// Last self-estimated completion (100 once reported done).
    pub percent: Option<u8>,
    /// Day the lead unit (last) reported the task done: the completion date once accepted.
    pub reported_done_on: Option<NaiveDate>,
    /// Day the office accepted the result.
    pub accepted_on: Option<NaiveDate>,
    /// The reason of the last return (by the office, or by the unit head when the state is
    /// back to in progress), until the task is reported done again.
    pub return_reason: Option<String>,
    /// Day of the last action that changed anything (progress, done, acceptance, return).
    pub updated_on: Option<NaiveDate>,
}

impl TaskProgress {
    /// A task nobody has touched yet.
    pub fn new() -> TaskProgress {
        TaskProgress {
            state: TaskState::NotStarted,
            percent: None,
            reported_done_on: None,
            accepted_on: None,
            return_reason: None,
            updated_on: None,
        }
    }
}

impl Default for TaskProgress {
    fn default() -> Self {
        TaskProgress::new()
    }
}
