//! Tracking services: the configuration in force (calendar, timeliness and reminder rules,
//! stored as settings data with defaults), the instances of a plan's tasks, and actions on an
//! instance checked by the domain's lifecycle rules.

use cchc_domain::plan::PlanContent;
use cchc_domain::role::Role;
use cchc_domain::tracking::{
    classify_completion, group_leads, settle_due, task_instances, transition_with_signoff, ActionKind, ActorRelation,
    ReminderPolicy, ReportingCalendar, TaskAction, TaskState, TimelinessRules, WorkCalendar,
};
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, User};
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{InstanceRecord, NewEvidence, NewInstance, NewTaskEvent};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::accounts::ServiceError;

/// The settings key holding [`TrackingConfig`] as JSON.
pub const CONFIG_KEY: &str = "tracking.config";

/// Tracking rules as data: editable, stored in settings, defaults from the domain.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TrackingConfig {
    pub calendar: ReportingCalendar,
    pub timeliness: TimelinessRules,
    pub reminders: ReminderPolicy,
    pub escalation: cchc_domain::tracking::EscalationPolicy,
    pub unit_plans: UnitPlanRules,
    pub signoff: SignoffRules,
}

/// Whether a unit's head must sign off what its focal point sends (on by default; a small
/// unit whose focal point is its head turns it off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignoffRules {
    /// Periodic reports, annual plans and ad-hoc reports.
    pub reports: bool,
    /// A focal point's "done" claim on a task the unit leads.
    pub tasks: bool,
}

impl Default for SignoffRules {
    fn default() -> Self {
        SignoffRules { reports: true, tasks: true }
    }
}

/// When units must send their own annual CCHC plan (seed 001: provincial agencies and
/// district People's Committees by 15/01 to the province, communes by 05/02 to their
/// district; central agencies in the province by 31/01).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitPlanRules {
    pub provincial_due: cchc_domain::tracking::YearDay,
    pub central_due: cchc_domain::tracking::YearDay,
    pub commune_due: cchc_domain::tracking::YearDay,
}

impl Default for UnitPlanRules {
    fn default() -> Self {
        let day = |month, day| cchc_domain::tracking::YearDay { year_offset: 0, month, day };
        UnitPlanRules { provincial_due: day(1, 15), central_due: day(1, 31), commune_due: day(2, 5) }
    }
}

impl UnitPlanRules {
    /// The due date of a unit's own plan for `year`, by the unit's kind.
    pub fn due(&self, kind: cchc_domain::unit::UnitKind, year: i32) -> Option<NaiveDate> {
        use cchc_domain::unit::UnitKind::*;
        match kind {
            Commune => self.commune_due.resolve(year),
            Central => self.central_due.resolve(year),
            _ => self.provincial_due.resolve(year),
        }
    }
}

impl UnitPlanRules {
    /// Checks the three dates (day and month in range, the same year as the plan).
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        for (field, d) in [
            ("provincial_due", self.provincial_due),
            ("central_due", self.central_due),
            ("commune_due", self.commune_due),
        ] {
            // 2024 is a leap year, so 29/02 is accepted (and falls on 28/02 in other years).
            if d.year_offset != 0 || NaiveDate::from_ymd_opt(2024, d.month, d.day).is_none() {
                e.add(field, "Hạn gửi kế hoạch phải là một ngày có thật trong năm của kế hoạch (dd/mm).");
            }
        }
        e.into_result(())
    }
}

impl TrackingConfig {
    /// Checks every part; messages name the field.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut all = FieldErrors::default();
        for r in [
            self.calendar.validate(),
            self.timeliness.validate(),
            self.reminders.validate(),
            self.escalation.validate(),
            self.unit_plans.validate(),
        ] {
            if let Err(e) = r {
                all.0.extend(e.0);
            }
        }
        all.into_result(())
    }
}

/// The configuration in force (defaults when none is stored).
pub async fn config(store: &dyn Store) -> Result<TrackingConfig, ServiceError> {
    Ok(config_in_force(store).await?.0)
}

/// The configuration in force and whether it is the built-in default (a template to confirm
/// against the province's own rules) rather than one the office saved.
pub async fn config_in_force(store: &dyn Store) -> Result<(TrackingConfig, bool), ServiceError> {
    match store.setting(CONFIG_KEY).await? {
        Some(json) => serde_json::from_str(&json)
            .map(|c| (c, false))
            .map_err(|e| ServiceError::Internal(format!("cấu hình theo dõi trong cơ sở dữ liệu bị hỏng: {e}"))),
        None => Ok((TrackingConfig::default(), true)),
    }
}

/// Checks and stores a configuration; the change is written to the audit log. It applies to
/// documents imported and reminders selected from now on; stored task instances keep their
/// due dates.
pub async fn save_config(store: &dyn Store, actor: &Actor, cfg: &TrackingConfig) -> Result<(), ServiceError> {
    cfg.validate().map_err(ServiceError::Invalid)?;
    let json = serde_json::to_string_pretty(cfg).map_err(|e| ServiceError::Internal(e.to_string()))?;
    store.set_setting(actor, CONFIG_KEY, &json).await?;
    Ok(())
}

/// Reads a configuration file as exported (JSON; parts left out keep their defaults). Errors
/// name the line and column.
pub fn parse_config(bytes: &[u8]) -> Result<TrackingConfig, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "Tệp cấu hình phải là văn bản UTF-8 (JSON).".to_string())?;
    let text = cchc_domain::text::nfc(text.trim_start_matches('\u{feff}'));
    serde_json::from_str(&text)
        .map_err(|e| format!("Tệp cấu hình không đúng định dạng ở dòng {}, cột {}: {e}", e.line(), e.column()))
}

/// Today in Vietnam (UTC+7, no daylight saving).
pub fn today() -> NaiveDate {
    cchc_domain::vn_time::day(chrono::Utc::now())
}

/// The span of a document's recurring tasks: its plan year, or from its date to the year's end.
pub fn plan_span(content: &PlanContent, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    meta_span(&content.meta, today)
}

/// [`plan_span`] from a document's header alone.
pub fn meta_span(meta: &cchc_domain::plan::DocumentMeta, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let year = meta.plan_year.or(meta.date.map(|d| d.year())).unwrap_or(today.year());
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let end = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today);
    let from = match (meta.plan_year, meta.date) {
        (None, Some(d)) if d.year() == year => d,
        _ => start,
    };
    (from, end)
}

/// The registry as task instances need it: units (past and present) and their changes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Registry<'a> {
    pub units: &'a [cchc_domain::unit::Unit],
    pub changes: &'a [cchc_domain::unit::UnitChange],
}

/// The instances of every task of a document: per period for recurring tasks, otherwise one;
/// one per lead unit of the registry, a group lead ("Các sở, ban, ngành") counting as every
/// member of the group on the document's date, followed through merges (see
/// `domain::tracking::groups`); one without a unit when the lead is not a unit.
/// Due dates are settled on the working-day calendar `days` (offsets in working days count
/// from the document's date; a due date on a day off moves to the next working day).
pub fn instances_for(
    content: &PlanContent,
    cfg: &TrackingConfig,
    days: &WorkCalendar,
    registry: Registry<'_>,
    today: NaiveDate,
) -> Vec<Vec<NewInstance>> {
    let (from, to) = plan_span(content, today);
    content
        .tasks
        .iter()
        .map(|t| {
            let (units, changes, province) = (registry.units, registry.changes, content.meta.province_id);
            let all = group_leads(&t.lead.unit_ids, &t.lead.groups, units, changes, province, from, today);
            let leads: Vec<Option<UnitId>> =
                if all.is_empty() { vec![None] } else { all.into_iter().map(Some).collect() };
            let periods = task_instances(&t.deadline, None, from, to, &cfg.calendar, &cfg.timeliness);
            let settle = |due| settle_due(due, t.deadline.working_days, content.meta.date, days);
            leads
                .iter()
                .flat_map(|lead| {
                    periods.iter().map(move |p| NewInstance {
                        key: p.key.clone(),
                        label: p.label_vi.clone(),
                        period_start: p.period_start,
                        period_end: p.period_end,
                        due: settle(p.due),
                        lead_unit_id: *lead,
                    })
                })
                .collect()
        })
        .collect()
}

/// How a user relates to an instance: the office (and administrators) review, the lead unit
/// reports, coordinating units contribute.
pub fn relation(user: &User, instance: &InstanceRecord, coordinating: &[UnitId]) -> ActorRelation {
    let role = if user.role == Role::Admin { Role::Office } else { user.role };
    match instance.lead_unit_id {
        Some(lead) => ActorRelation::of(role, user.unit_id, lead, coordinating),
        None if role == Role::Office => ActorRelation::Office,
        None => match user.unit_id {
            Some(u) if user.role.requires_unit() && coordinating.contains(&u) => ActorRelation::Coordinating,
            _ => ActorRelation::None,
        },
    }
}

/// Applies an action to an instance: checked by the lifecycle rules, stored with its history
/// and evidence in one transaction, refused if someone changed the instance meanwhile. `who`
/// is the user acting and how the audit log names them (with the token, through the API).
/// A focal point's done claim waits for the lead unit's head when the settings ask for the
/// sign-off and the unit has an active head account (else nobody could sign).
pub async fn act(
    store: &dyn Store,
    who: (&User, &Actor),
    instance_id: i64,
    expected_version: i64,
    action: TaskAction,
    evidence: Vec<NewEvidence>,
    today: NaiveDate,
) -> Result<InstanceRecord, ServiceError> {
    act_as(store, who, instance_id, expected_version, (action, evidence), today, true).await
}

/// [`act`] for history recorded as it happened before sign-off existed (the demo's replayed
/// year): a focal point's done claim goes straight to the office.
pub async fn act_without_signoff(
    store: &dyn Store,
    who: (&User, &Actor),
    instance_id: i64,
    expected_version: i64,
    action: TaskAction,
    evidence: Vec<NewEvidence>,
    today: NaiveDate,
) -> Result<InstanceRecord, ServiceError> {
    act_as(store, who, instance_id, expected_version, (action, evidence), today, false).await
}

async fn act_as(
    store: &dyn Store,
    who: (&User, &Actor),
    instance_id: i64,
    expected_version: i64,
    (action, evidence): (TaskAction, Vec<NewEvidence>),
    today: NaiveDate,
    signoff_applies: bool,
) -> Result<InstanceRecord, ServiceError> {
    let (user, actor) = who;
    let cfg = config(store).await?;
    let inst = store.get_instance(instance_id).await?;
    let task = store.get_task(inst.task_id).await?;
    let rel = relation(user, &inst, &task.task.coordinating.unit_ids);
    let mut action = action;
    if let TaskAction::ReportDone { evidence: refs, .. } = &mut action {
        refs.extend(evidence.iter().map(|e| e.file_name.clone()));
    }
    let signoff = match inst.lead_unit_id {
        Some(unit)
            if signoff_applies
                && cfg.signoff.tasks
                && rel == ActorRelation::Lead
                && action.kind() == ActionKind::ReportDone =>
        {
            crate::reports::unit_has_head(store, unit).await?
        }
        _ => false,
    };
    let next = transition_with_signoff(&inst.progress, &action, rel, today, signoff)
        .map_err(|e| ServiceError::Invalid(e.to_field_errors()))?;
    let done_states = [TaskState::ReportedDone, TaskState::Accepted];
    let completion = match next.progress.reported_done_on {
        Some(done) if done_states.contains(&next.progress.state) => {
            Some(classify_completion(Some(done), inst.due, inst.period_start, &cfg.timeliness).code())
        }
        _ => None,
    };
    let (note, percent, outputs, evidence_refs) = match &next.action {
        TaskAction::ReportProgress { note, percent } => (note.clone(), *percent, String::new(), Vec::new()),
        TaskAction::ReportDone { outputs, no_evidence_note, evidence } => {
            (no_evidence_note.clone(), Some(100), outputs.clone(), evidence.clone())
        }
        TaskAction::Contribute { note } | TaskAction::Accept { note } | TaskAction::SignOff { note } => {
            (note.clone(), None, String::new(), Vec::new())
        }
        TaskAction::Return { reason } | TaskAction::SendBack { reason } => {
            (reason.clone(), None, String::new(), Vec::new())
        }
    };
    let ev = NewTaskEvent {
        unit_id: user.unit_id,
        action: next.action.kind().code().to_string(),
        note,
        percent,
        outputs,
        evidence_refs,
    };
    let after =
        store.apply_action(actor, instance_id, expected_version, &next.progress, completion, &ev, &evidence).await?;
    // The one who must act next learns at once; a failed notice never undoes the action.
    match &next.action {
        TaskAction::Return { reason } => crate::notify::task_returned(store, &after, reason, today).await,
        TaskAction::SendBack { reason } => crate::notify::signoff::task_sent_back(store, &after, reason, today).await,
        TaskAction::ReportDone { .. } if after.progress.state == TaskState::AwaitingSignoff => {
            crate::notify::signoff::task_awaiting_signoff(store, &after, &user.full_name, today).await
        }
        _ => {}
    }
    Ok(after)
}
