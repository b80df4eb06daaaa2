//! What an appraiser may look at and mark: the office and the appraiser assigned to the unit
//! every criterion; an appraiser assigned to areas (lĩnh vực) of the round the criteria of
//! those areas, in every assessment of the round once it is submitted. The functions that
//! record an appraisal ask this first, so a mark outside the scope is refused by construction.

use std::collections::BTreeSet;

use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::model_par::Assessment;
use cchc_storage::{Store, StoreError};
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Which criteria of an assessment an appraiser may mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppraisalScope {
    /// Every criterion, and the decision on the whole assessment (accept).
    All,
    /// The criteria of these areas (by area code) only.
    Areas(BTreeSet<String>),
}

/// The area (top level) a criterion code belongs to: "3" for "3.2.1".
pub fn area_of(code: &str) -> &str {
    code.split('.').next().unwrap_or(code)
}

impl AppraisalScope {
    /// Whether criterion `code` is in scope.
    pub fn covers(&self, code: &str) -> bool {
        match self {
            AppraisalScope::All => true,
            AppraisalScope::Areas(areas) => areas.contains(area_of(code)),
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, AppraisalScope::All)
    }
}

/// What `actor` (with `role`) may mark in assessment `a`; `NotFound` when they may not
/// appraise it at all (as if it did not exist, like every read outside one's scope).
pub async fn appraisal_scope(
    store: &dyn Store,
    actor: &Actor,
    role: Role,
    a: &Assessment,
) -> Result<AppraisalScope, ServiceError> {
    let hidden = || ServiceError::Store(StoreError::NotFound("bản đánh giá"));
    match (role, actor.user_id) {
        (Role::Admin | Role::Office, _) => Ok(AppraisalScope::All),
        (Role::Appraiser, Some(me)) if a.appraiser_id == Some(me) => Ok(AppraisalScope::All),
        (Role::Appraiser, Some(me)) => {
            let areas: BTreeSet<String> = store
                .area_appraisers(a.round_id)
                .await?
                .into_iter()
                .filter(|x| x.user_id == me)
                .flat_map(|x| x.areas)
                .collect();
            if areas.is_empty() || !a.status.is_sent() {
                return Err(hidden());
            }
            Ok(AppraisalScope::Areas(areas))
        }
        _ => Err(hidden()),
    }
}

/// Accepts the assessment or returns it for explanation, as `actor` may: an area appraiser
/// returns the criteria they chose but leaves the acceptance of the whole to the unit's
/// appraiser or the office.
#[allow(clippy::too_many_arguments)]
pub async fn decide(
    store: &dyn Store,
    actor: &Actor,
    role: Role,
    id: i64,
    version: i64,
    action: ReviewAction,
    on: NaiveDate,
    reason: Option<&str>,
) -> Result<Assessment, ServiceError> {
    let a = store.assessment(id, cchc_domain::visibility::Visibility::Province).await?;
    let scope = appraisal_scope(store, actor, role, &a).await?;
    let allowed = match action {
        ReviewAction::Accept => scope.is_all(),
        ReviewAction::Return => true,
        _ => false,
    };
    if !allowed {
        let mut e = cchc_domain::validation::FieldErrors::default();
        e.add(
            "decision",
            "Thẩm định viên theo lĩnh vực chỉ chấm và trả lại các tiêu chí của lĩnh vực được phân công; \
             việc hoàn thành thẩm định cả bản do người thẩm định đơn vị hoặc Văn phòng thực hiện.",
        );
        return Err(ServiceError::Invalid(e));
    }
    Ok(store.move_assessment(actor, id, version, action, on, reason).await?)
}
