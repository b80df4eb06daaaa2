//! The remedy of a recommendation: the inspected unit reports progress and reports it done
//! (with evidence where the finding requires it), the office accepts (resolved) or returns it
//! with a reason, or waives the recommendation with a reason. The task lifecycle's
//! `transition` decides who may do what in which state.

use cchc_domain::inspection::{waiver_reason, RecommendationState};
use cchc_domain::role::Role;
use cchc_domain::tracking::{transition, ActorRelation, TaskAction};
use cchc_domain::user::{Actor, User};
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_inspection::{Finding, FindingChange};
use cchc_storage::traits_inspection::FileOwner;
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// The message when a remedy that needs evidence is reported done without any.
pub const NEEDS_EVIDENCE: &str =
    "Kiến nghị này yêu cầu tài liệu kiểm chứng kết quả khắc phục: cần đính kèm ít nhất một tệp (biên bản, ảnh, văn bản) trước khi báo cáo hoàn thành.";

/// What someone does to a remedy.
#[derive(Debug, Clone)]
pub enum RemedyAction {
    /// The unit, or the office for it: the lifecycle's actions.
    Task(TaskAction),
    /// The office drops the recommendation, with a reason.
    Waive { reason: String },
}

/// How a user relates to a finding: the office reviews, the inspected unit's staff remedy.
pub fn relation(user: &User, f: &Finding) -> ActorRelation {
    let role = if user.role == Role::Admin { Role::Office } else { user.role };
    ActorRelation::of(role, user.unit_id, f.unit_id, &[])
}

fn invalid(field: &str, message: &str) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    ServiceError::Invalid(e)
}

/// Applies an action to a finding's remedy, stored with its files in one write.
pub async fn act(
    store: &dyn Store,
    user: &User,
    id: i64,
    expected_version: i64,
    action: RemedyAction,
    files: Vec<NewEvidence>,
    today: NaiveDate,
) -> Result<Finding, ServiceError> {
    // A unit's staff reach only their own unit's findings (unit id 0 never exists).
    let vis =
        if user.role.requires_unit() { Visibility::Unit(user.unit_id.unwrap_or(0)) } else { Visibility::Province };
    let f = store.finding(id, vis).await?;
    let rel = relation(user, &f);
    let change = match action {
        RemedyAction::Waive { reason } => {
            if rel != ActorRelation::Office {
                return Err(invalid("_form", "Chỉ cơ quan thường trực CCHC mới được miễn xử lý một kiến nghị."));
            }
            let reason = waiver_reason(&reason).map_err(|m| invalid("reason", m))?;
            FindingChange {
                action: "finding.waive".into(),
                state: RecommendationState::Waived,
                progress: f.progress.clone(),
                waive_reason: Some(reason.clone()),
                note: reason,
            }
        }
        RemedyAction::Task(mut a) => {
            if let TaskAction::ReportDone { evidence, .. } = &mut a {
                let stored = store.inspection_files(FileOwner::Finding(id), vis).await?;
                if f.evidence_required && files.is_empty() && stored.is_empty() && rel.is_lead() {
                    return Err(invalid("evidence", NEEDS_EVIDENCE));
                }
                evidence.extend(stored.iter().map(|s| s.file_name.clone()));
                evidence.extend(files.iter().map(|s| s.file_name.clone()));
            }
            let next =
                transition(&f.progress, &a, rel, today).map_err(|e| ServiceError::Invalid(e.to_field_errors()))?;
            let (action, note) = match &next.action {
                TaskAction::ReportProgress { note, .. } => ("finding.progress", note.clone()),
                TaskAction::ReportDone { outputs, .. } => ("finding.done", outputs.clone()),
                TaskAction::Contribute { note } => ("finding.contribute", note.clone()),
                TaskAction::Accept { note } => ("finding.resolve", note.clone()),
                TaskAction::Return { reason } => ("finding.return", reason.clone()),
                // Remedies need no sign-off: the lifecycle refuses these without a waiting claim.
                TaskAction::SignOff { note } => ("finding.sign_off", note.clone()),
                TaskAction::SendBack { reason } => ("finding.send_back", reason.clone()),
            };
            let state = if matches!(next.action, TaskAction::Accept { .. }) {
                RecommendationState::Resolved
            } else {
                RecommendationState::Open
            };
            FindingChange { action: action.into(), state, progress: next.progress, waive_reason: None, note }
        }
    };
    let after = store.change_finding(&Actor::user(user), id, expected_version, &change, &files).await?;
    if change.action == "finding.return" {
        super::notify_unit(
            store,
            format!("finding:return:{}:v{}", after.id, after.version),
            after.unit_id,
            today,
            "Kết quả khắc phục kiến nghị bị trả lại".into(),
            format!("{} — lý do: {}", after.recommendation, change.note),
            format!("/findings/{}", after.id),
        )
        .await;
    }
    Ok(after)
}

/// The open recommendations `vis` may read, of one unit or all (the remedy the inspected unit
/// owes, as a tracked task of that unit), soonest due first, those without a due date last.
pub async fn open_remedies(
    store: &dyn Store,
    vis: Visibility,
    unit: Option<cchc_domain::unit::UnitId>,
) -> Result<Vec<Finding>, ServiceError> {
    let filter = cchc_storage::model_inspection::FindingFilter { unit_id: unit, ..Default::default() };
    let mut open: Vec<Finding> =
        store.findings(&filter, vis).await?.into_iter().filter(|f| f.state == RecommendationState::Open).collect();
    open.sort_by_key(|f| (f.due.is_none(), f.due, f.id));
    Ok(open)
}

/// Whether an open remedy waits for its unit (not started, in progress or returned), as
/// opposed to waiting for the office's review.
pub fn waits_for_unit(f: &Finding) -> bool {
    f.state == RecommendationState::Open && f.progress.state.is_open()
}
