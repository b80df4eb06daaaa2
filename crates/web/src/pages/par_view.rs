//! One assessment with everything its page shows, loaded once for the page and for the API's
//! read of it, so both see the same thing with the same rights ([`super::par::reader`]).

use std::sync::Arc;

use cchc_app::par::{appraisal_scope, AppraisalScope, ResultsCache, UnitLine};
use cchc_domain::par::{CriteriaSet, Mark, Points};
use cchc_domain::review::ReviewState;
use cchc_domain::role::Role;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, ParEvidence, ParLink, ParSheet, Round, ScoreRecord, TaskFile};
use cchc_storage::DynStore;

use super::par::reader;
use crate::auth::Auth;
use crate::error::{AppError, AppResult};

/// An assessment as a reader may see it.
pub struct AssessmentView {
    pub a: Assessment,
    pub round: Round,
    pub vis: Visibility,
    /// The set is frozen (a round uses it) and shared with every reader of the round.
    pub set: Arc<CriteriaSet>,
    pub scores: Vec<ScoreRecord>,
    pub evidence: Vec<ParEvidence>,
    pub links: Vec<ParLink>,
    pub unit_name: String,
    pub line: Option<UnitLine>,
    /// The reader is staff of the assessed unit.
    pub own: bool,
    /// The round is not approved yet.
    pub open: bool,
    /// What the reader may appraise; `None`: they do not appraise it.
    pub scope: Option<AppraisalScope>,
    /// The unit's own points so far (running total).
    pub self_total: Points,
    /// The unit's own task files it may link, while it may still add evidence.
    pub task_files: Vec<TaskFile>,
}

impl AssessmentView {
    /// The unit's staff may still change it (a draft, or returned for explanation).
    pub fn may_add_evidence(&self) -> bool {
        self.own && self.open && self.a.status.is_editable()
    }

    pub fn may_edit(&self) -> bool {
        self.own && self.open && self.a.status == ReviewState::Draft
    }

    pub fn may_explain(&self) -> bool {
        self.own && self.open && self.a.status == ReviewState::Returned
    }

    pub fn may_appraise(&self) -> bool {
        self.scope.is_some() && self.open && self.a.status == ReviewState::Submitted
    }
}

/// Loads assessment `id` as `auth` may read it.
pub async fn load_assessment(
    auth: &Auth,
    store: &DynStore,
    cache: &ResultsCache,
    id: i64,
) -> AppResult<AssessmentView> {
    let (a, round, vis) = reader(auth, store, id).await?;
    // Independent reads, waited for together.
    let (set, sheet, unit, line) = tokio::try_join!(
        async { Ok::<_, AppError>(cache.criteria_set(store.as_ref(), a.set_id).await?) },
        async { Ok(store.par_sheet(id, vis).await?) },
        async { Ok(store.get_unit(a.unit_id).await?) },
        // A draft's line needs nothing more than the unit read beside it.
        async {
            if a.status.is_sent() {
                Ok(cache.unit_line(store.as_ref(), &round, &a).await?)
            } else {
                Ok(None)
            }
        },
    )?;
    let line = line.or_else(|| (!a.status.is_sent()).then(|| cchc_app::par::draft_line_of(&a, Some(&unit))));
    let ParSheet { scores, evidence, links } = sheet;
    let unit_name = unit.name;
    let scope = match auth.user.role {
        Role::Admin | Role::Office | Role::Appraiser => {
            appraisal_scope(store.as_ref(), &auth.actor(), auth.user.role, &a).await.ok()
        }
        _ => None,
    };
    let self_total = scores
        .iter()
        .filter_map(|s| match s.score.self_mark {
            Some(Mark::Points(p)) => Some(p),
            _ => None,
        })
        .sum();
    let mut v = AssessmentView {
        own: vis.own_unit() == Some(a.unit_id),
        open: !round.is_approved(),
        a,
        round,
        vis,
        set,
        scores,
        evidence,
        links,
        unit_name,
        line,
        scope,
        self_total,
        task_files: Vec::new(),
    };
    if v.may_add_evidence() {
        v.task_files = store.unit_task_files(v.a.unit_id).await?;
    }
    Ok(v)
}
