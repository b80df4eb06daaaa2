//! One unit's PAR assessment through the API, as the assessment page shows it: every
//! criterion with the unit's score and note, the appraiser's mark and reason, the explanation
//! asked and given, the evidence files and the evidence by reference, the running total, and
//! what the reader may do next, loaded as the page loads it ([`load_assessment`]). Who reads
//! it is decided by the page's own `reader` (the
//! unit its own; an appraiser the units assigned, by unit or by area through
//! `cchc_app::par::appraisal_scope`; a leader once the council approved the round).

use axum::extract::{Path, State};
use axum::Json;
use cchc_domain::par::{Mark, NodeRef, Points};
use cchc_domain::review::ReviewState;
use cchc_domain::role::Role;
use cchc_storage::model_par::{ParEvidence, ParLink, TaskFile};
use chrono::{DateTime, NaiveDate, Utc};

use super::auth::{Api, ParRead};
use super::par_writes::{out as assessment_out, AssessmentOut};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::auth::Auth;
use crate::pages::par_view::{load_assessment, AssessmentView};
use crate::state::AppState;

crate::api_type! {
    /// A mark: points, or `not_applicable` (không phát sinh: removed from the maximum); both empty when not marked.
    out ParMarkOut { points: Option<f64>, not_applicable: bool }
}

crate::api_type! {
    /// One criterion the unit is scored on (a leaf of the set), with its scores and evidence.
    out ParCriterionOut {
        code: String, name: String, max: f64, external: bool, evidence_required: bool, may_be_not_applicable: bool,
        self_mark: ParMarkOut, note: String, appraised_mark: ParMarkOut, appraisal_reason: String,
        explain_requested: bool, explanation: String, final_mark: ParMarkOut, evidence_ids: Vec<i64>, link_ids: Vec<i64>,
    }
}

crate::api_type! {
    /// An evidence file (tài liệu kiểm chứng) and the criteria it proves; `url` downloads it with the same rights.
    out ParEvidenceOut {
        id: i64, file_name: String, content_type: String, size: i64, codes: Vec<String>,
        uploaded_by: String, uploaded_at: DateTime<Utc>, url: String,
    }
}

crate::api_type! {
    /// Evidence by reference: one of the unit's own task files (`task_file_id`), or a document's number and date.
    out ParLinkOut {
        id: i64, code: String, description: String, task_file_id: Option<i64>, doc_number: Option<String>,
        doc_date: Option<NaiveDate>, doc_summary: Option<String>, added_by: String, added_at: DateTime<Utc>,
    }
}

crate::api_type! {
    /// One of the unit's own task evidence files, which it may link to a criterion.
    out ParTaskFileOut { id: i64, file_name: String, task_label: String, size: i64 }
}

crate::api_type! {
    /// An assessment as the reader may see it: `actions` lists what the caller may do now (save_self, submit, withdraw, explain, add_evidence, appraise).
    out ParAssessmentDetail {
        assessment: AssessmentOut, round_id: i64, round_name: String, round_approved: bool, unit_name: String,
        set_name: String, max_total: f64, self_total: f64, index: Option<f64>, class: Option<String>,
        rank: Option<u32>, criteria: Vec<ParCriterionOut>, evidence: Vec<ParEvidenceOut>, links: Vec<ParLinkOut>,
        task_files: Vec<ParTaskFileOut>, actions: Vec<String>,
    }
}

fn mark_out(m: Option<Mark>) -> ParMarkOut {
    match m {
        Some(Mark::Points(p)) => ParMarkOut { points: Some(p.as_f64()), not_applicable: false },
        Some(Mark::NotApplicable) => ParMarkOut { points: None, not_applicable: true },
        None => ParMarkOut { points: None, not_applicable: false },
    }
}

/// An evidence file as the API names it.
pub fn evidence_out(e: &ParEvidence) -> ParEvidenceOut {
    ParEvidenceOut {
        id: e.id,
        file_name: e.file_name.clone(),
        content_type: e.content_type.clone(),
        size: e.size,
        codes: e.codes.clone(),
        uploaded_by: e.uploaded_by.clone(),
        uploaded_at: e.uploaded_at,
        url: format!("/par/evidence/{}", e.token),
    }
}

/// A link as the API names it.
pub fn link_out(l: &ParLink) -> ParLinkOut {
    let doc = l.task_file.is_none();
    ParLinkOut {
        id: l.id,
        code: l.code.clone(),
        description: l.describe(),
        task_file_id: l.task_file.as_ref().map(|f| f.evidence_id),
        doc_number: doc.then(|| l.doc_number.clone()),
        doc_date: l.doc_date.filter(|_| doc),
        doc_summary: doc.then(|| l.doc_summary.clone()),
        added_by: l.added_by.clone(),
        added_at: l.added_at,
    }
}

fn task_file_out(f: TaskFile) -> ParTaskFileOut {
    ParTaskFileOut { id: f.evidence_id, file_name: f.file_name, task_label: f.task_label, size: f.size }
}

/// What the caller may do now, as the page offers it.
fn actions(auth: &Auth, v: &AssessmentView) -> Vec<String> {
    let head = auth.user.role == Role::UnitHead && v.own && v.open;
    let status = v.a.status;
    [
        ("save_self", v.may_edit()),
        ("submit", head && matches!(status, ReviewState::Draft | ReviewState::Returned)),
        ("withdraw", head && status == ReviewState::Submitted),
        ("explain", v.may_explain()),
        ("add_evidence", v.may_add_evidence()),
        ("appraise", v.may_appraise()),
    ]
    .into_iter()
    .filter(|(_, may)| *may)
    .map(|(a, _)| a.to_string())
    .collect()
}

/// GET `/api/v1/par/assessments/{id}`.
pub async fn show(
    auth: Api<AnyUser, ParRead>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> ApiResult<Json<ParAssessmentDetail>> {
    Ok(Json(detail(&state, &auth, id).await?))
}

fn criterion_out(r: &NodeRef<'_>, v: &AssessmentView) -> ParCriterionOut {
    let n = r.node;
    let s = v.scores.iter().find(|s| s.score.code == n.code);
    let score = s.map(|s| s.score.clone()).unwrap_or_default();
    ParCriterionOut {
        code: n.code.clone(),
        name: n.name.clone(),
        max: n.max.as_f64(),
        external: r.component.is_external(),
        evidence_required: n.evidence_required,
        may_be_not_applicable: n.may_be_not_applicable,
        self_mark: mark_out(score.self_mark),
        note: score.self_note.clone(),
        appraised_mark: mark_out(score.appraised_mark),
        appraisal_reason: score.appraisal_reason.clone(),
        explain_requested: s.is_some_and(|s| s.explain_requested),
        explanation: score.explanation.clone(),
        final_mark: mark_out(score.final_mark()),
        evidence_ids: v.evidence.iter().filter(|e| e.codes.contains(&n.code)).map(|e| e.id).collect(),
        link_ids: v.links.iter().filter(|l| l.code == n.code).map(|l| l.id).collect(),
    }
}

/// The assessment as `auth` may read it (also the answer of every assessment write).
pub async fn detail(state: &AppState, auth: &Auth, id: i64) -> ApiResult<ParAssessmentDetail> {
    let v = load_assessment(auth, &state.store, &state.par_results, id).await?;
    let criteria = v.set.leaves().iter().map(|r| criterion_out(r, &v)).collect();
    let result = v.line.as_ref().and_then(|l| l.result.as_ref());
    // A rank is a published result: the office sees it forming, others once approved.
    let rank = v.line.as_ref().and_then(|l| l.standing.as_ref()).filter(|_| !v.open || auth.is_office());
    Ok(ParAssessmentDetail {
        round_id: v.round.id,
        round_name: v.round.name.clone(),
        round_approved: !v.open,
        unit_name: v.unit_name.clone(),
        set_name: v.set.name.clone(),
        max_total: v.set.total.as_f64(),
        self_total: v.self_total.as_f64(),
        index: result.and_then(|r| r.index).map(Points::as_f64),
        class: result.and_then(|r| r.class.clone()),
        rank: rank.and_then(|s| s.rank),
        criteria,
        evidence: v.evidence.iter().map(evidence_out).collect(),
        links: v.links.iter().map(link_out).collect(),
        task_files: v.task_files.iter().cloned().map(task_file_out).collect(),
        actions: actions(auth, &v),
        assessment: assessment_out(v.a),
    })
}
