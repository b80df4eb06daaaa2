//! Inputs, filters and records the store exchanges with its callers (beyond domain types).

use cchc_domain::role::Role;
use cchc_domain::unit::{ChangeKind, UnitId, UnitInput, UnitKind};
use cchc_domain::user::UserId;
use chrono::{DateTime, NaiveDate, Utc};

pub use crate::model_reports::{ReportFile, ReportSave, SubmitMode, TargetValueRecord, UnitReport, STALE_REPORT};

/// Which units to list.
#[derive(Debug, Clone, Default)]
pub struct UnitFilter {
    /// Words matched against names, abbreviations and aliases, ignoring diacritics.
    pub query: Option<String>,
    pub kind: Option<UnitKind>,
    /// Direct children of this unit.
    pub parent_id: Option<UnitId>,
    /// Only units that exist on this date (the "current view").
    pub active_on: Option<NaiveDate>,
    pub limit: Option<i64>,
}

/// A successor named when recording a change: an existing unit or one created by the change.
#[derive(Debug, Clone)]
pub enum SuccessorSpec {
    Existing(UnitId),
    New(UnitInput),
}

/// A reorganisation to record.
#[derive(Debug, Clone)]
pub struct NewChange {
    pub kind: ChangeKind,
    /// First day of the new organisation; predecessors end the day before.
    pub effective: NaiveDate,
    pub predecessors: Vec<UnitId>,
    pub successors: Vec<SuccessorSpec>,
    pub note: String,
}

/// What a registry import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub changes: usize,
}

/// A new account; the password is already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub password_hash: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub must_change_password: bool,
}

/// Editable account fields.
#[derive(Debug, Clone)]
pub struct UserUpdate {
    pub full_name: String,
    pub email: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
    pub active: bool,
}

/// A server-side session; the cookie holds a random token, the store only its hash.
#[derive(Debug, Clone)]
pub struct Session {
    pub token_hash: String,
    pub user_id: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// What an app node hears about sessions ended elsewhere (see `Store::session_signals`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionSignal {
    /// The session with this token hash ended (logout, password change, deactivation…).
    Ended(String),
    /// The listening connection was (re)opened: notifications may have been missed meanwhile.
    Resumed,
}

/// State of the failed-login counter for one key (a login name or a client address).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoginThrottle {
    pub failures: i64,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Which audit entries to list, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// Prefix of the action, e.g. `unit.` or `user.login`.
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    /// Only entries with a sequence number below this (for paging).
    pub before_seq: Option<i64>,
    /// Leave out what scheduled jobs did (actor `system`), which floods the log.
    pub people_only: bool,
    pub limit: Option<i64>,
}

/// One audited change described by the caller; the store adds time, sequence and hashes.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

/// A stored document with its counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct StoredDocument {
    pub id: cchc_domain::plan::DocumentId,
    pub meta: cchc_domain::plan::DocumentMeta,
    /// 1 for the first import; each revision of the same document adds one.
    pub version: i64,
    /// The version this one replaced.
    pub replaces_id: Option<cchc_domain::plan::DocumentId>,
    /// Superseded versions are kept but inactive.
    pub active: bool,
    pub imported_at: DateTime<Utc>,
    pub imported_by: String,
    pub task_count: i64,
    pub target_count: i64,
    /// Tasks and targets with agency phrases that matched no unit.
    pub review_count: i64,
    /// The unit whose own annual plan this is; `None` for the province's documents.
    pub owner_unit_id: Option<UnitId>,
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaskRecord {
    pub id: cchc_domain::plan::TaskId,
    pub document_id: cchc_domain::plan::DocumentId,
    pub task: cchc_domain::plan::PlanTask,
    pub needs_review: bool,
}

/// A stored target.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TargetRecord {
    pub id: i64,
    pub document_id: cchc_domain::plan::DocumentId,
    pub target: cchc_domain::plan::PlanTarget,
}

/// Which tasks to list.
#[derive(Debug, Clone, Default)]
pub struct TaskFilter {
    pub document_id: Option<cchc_domain::plan::DocumentId>,
    /// Tasks naming this unit (as lead, or also as coordinating unless `lead_only`).
    pub unit_id: Option<UnitId>,
    pub lead_only: bool,
    /// Words matched against code, title, activities and agencies, ignoring diacritics.
    pub query: Option<String>,
    pub needs_review: Option<bool>,
    /// Only tasks of active (not superseded) documents.
    pub active_only: bool,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// A parsed upload waiting for review.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDraft {
    pub id: i64,
    pub owner_id: UserId,
    pub file_name: String,
    pub sha256: String,
    /// The draft as JSON (`PlanContent` plus review state, owned by the app layer).
    pub content: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An instance to create for a task: one per period for recurring tasks, else one.
#[derive(Debug, Clone, PartialEq)]
pub struct NewInstance {
    /// `once` or a period key (`2025-q1`).
    pub key: String,
    /// `Quý I/2025`, or the deadline as written.
    pub label: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    /// The unit that reports it; `None` when the plan names no registry unit as lead.
    pub lead_unit_id: Option<UnitId>,
}

/// A stored task instance with its progress.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InstanceRecord {
    pub id: i64,
    pub task_id: cchc_domain::plan::TaskId,
    pub document_id: cchc_domain::plan::DocumentId,
    pub task_code: String,
    pub task_title: String,
    pub area: Option<String>,
    pub key: String,
    pub label: String,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub lead_unit_id: Option<UnitId>,
    pub progress: cchc_domain::tracking::TaskProgress,
    /// `early`, `on_time`, `late` or `undated` once reported done.
    pub completion: Option<String>,
    /// Day the triggering event was recorded, for event-triggered tasks.
    pub event_on: Option<NaiveDate>,
    /// Incremented on every change; actions name the version they saw.
    pub version: i64,
    /// The task's first lead outside the province, as written (`Bộ Tư pháp`), with how many
    /// more there are; `None` when every lead is a unit of the registry.
    pub lead_external: Option<String>,
}

/// Which task instances to list.
#[derive(Debug, Clone, Default)]
pub struct InstanceFilter {
    /// Instances this unit leads (and, unless `lead_only`, tasks it coordinates).
    pub unit_id: Option<UnitId>,
    pub lead_only: bool,
    pub document_id: Option<cchc_domain::plan::DocumentId>,
    pub task_id: Option<cchc_domain::plan::TaskId>,
    /// Any of these states (empty: all).
    pub states: Vec<cchc_domain::tracking::TaskState>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Open instances whose due date is before this day.
    pub overdue_on: Option<NaiveDate>,
    /// A phrase matched against the task (diacritics ignored).
    pub query: Option<String>,
    pub area: Option<String>,
    /// Only instances of active (not superseded) documents.
    pub active_only: bool,
    pub sort: InstanceSort,
    pub limit: Option<i64>,
    pub offset: Option<i64>,
}

/// The order of an instance list (the list's sortable columns).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum InstanceSort {
    /// Soonest deadline first, undated last (the default).
    #[default]
    Due,
    /// Latest deadline first.
    DueDesc,
    /// As the plan lists them: document, then position.
    Plan,
    /// By the lead unit's name.
    Unit,
    /// By state, in the order of the lifecycle.
    State,
}

impl InstanceSort {
    /// From the list's `sort` parameter; anything else is the default.
    pub fn parse(s: &str) -> InstanceSort {
        match s {
            "-due" => InstanceSort::DueDesc,
            "plan" => InstanceSort::Plan,
            "unit" => InstanceSort::Unit,
            "state" => InstanceSort::State,
            _ => InstanceSort::Due,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            InstanceSort::Due => "due",
            InstanceSort::DueDesc => "-due",
            InstanceSort::Plan => "plan",
            InstanceSort::Unit => "unit",
            InstanceSort::State => "state",
        }
    }
}

/// A history entry to record with an action.
#[derive(Debug, Clone, Default)]
pub struct NewTaskEvent {
    /// The unit the actor acted for.
    pub unit_id: Option<UnitId>,
    pub action: String,
    pub note: String,
    pub percent: Option<u8>,
    pub outputs: String,
    /// Evidence referenced without a file: document numbers and dates, links.
    pub evidence_refs: Vec<String>,
}

/// A stored history entry.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TaskEventRecord {
    pub id: i64,
    pub instance_id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub unit_id: Option<UnitId>,
    pub action: String,
    pub note: String,
    pub percent: Option<i64>,
    pub outputs: String,
    pub state_after: String,
    /// Evidence referenced without a file (document numbers and dates, links).
    pub evidence_refs: Vec<String>,
}

/// A file to store as evidence (already checked for size and type by the caller).
#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub sha256: String,
}

/// A stored evidence file (without its content).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EvidenceRecord {
    pub id: i64,
    /// Random: the only way to address the file, and only with permission.
    pub token: String,
    pub instance_id: i64,
    pub event_id: Option<i64>,
    pub unit_id: Option<UnitId>,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// Counts of instances by state (and overdue) for dashboards.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct StateCounts {
    pub not_started: i64,
    pub in_progress: i64,
    pub reported_done: i64,
    pub accepted: i64,
    pub returned: i64,
    /// Open instances past their due date.
    pub overdue: i64,
    pub total: i64,
}
