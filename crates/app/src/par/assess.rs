//! A unit's assessment: self-scores checked against each criterion's method (all or nothing,
//! every problem by criterion), submission only when every criterion is scored and required
//! evidence is there, the appraiser's marks with their reasons, the unit's explanations.

use std::collections::BTreeMap;

use cchc_domain::par::{check_mark, validate_appraisal, validate_self_assessment, CriteriaSet, Mark, NodeRef, Points};
use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{AppraisalScore, Assessment, SelfScore};
use cchc_storage::Store;
use chrono::NaiveDate;

use super::scope::{appraisal_scope, area_of};
use crate::accounts::ServiceError;

/// What a unit types for one criterion.
#[derive(Debug, Clone, Default)]
pub struct SelfInput {
    pub code: String,
    /// Points as typed ("0,5"); empty = not scored yet.
    pub points: String,
    pub not_applicable: bool,
    pub note: String,
}

/// What an appraiser types for one criterion.
#[derive(Debug, Clone, Default)]
pub struct AppraisalInput {
    pub code: String,
    /// Points as typed; empty = the self-score stands.
    pub points: String,
    pub not_applicable: bool,
    pub reason: String,
    /// Ask the unit to explain this criterion (giải trình).
    pub explain: bool,
}

/// The field a criterion's message goes to in the form.
pub fn field(code: &str) -> String {
    format!("c-{code}")
}

fn parse_mark(points: &str, not_applicable: bool) -> Result<Option<Mark>, String> {
    if not_applicable {
        return Ok(Some(Mark::NotApplicable));
    }
    if points.trim().is_empty() {
        return Ok(None);
    }
    Points::parse(points).map(|p| Some(Mark::Points(p))).map_err(|e| e.to_string())
}

/// Leaves by code, with their component.
fn leaves(set: &CriteriaSet) -> BTreeMap<String, NodeRef<'_>> {
    set.leaves().into_iter().map(|r| (r.node.code.clone(), r)).collect()
}

async fn load(store: &dyn Store, id: i64, vis: Visibility) -> Result<(Assessment, CriteriaSet), ServiceError> {
    let a = store.assessment(id, vis).await?;
    let set = store.criteria_set(a.set_id).await?.set;
    Ok((a, set))
}

/// Saves the unit's self-scores and notes (all or nothing).
pub async fn save_self(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    version: i64,
    vis: Visibility,
    inputs: &[SelfInput],
) -> Result<Assessment, ServiceError> {
    let (_, set) = load(store, id, vis).await?;
    let nodes = leaves(&set);
    let mut errors = FieldErrors::default();
    let mut scores = Vec::new();
    for i in inputs {
        let Some(r) = nodes.get(&i.code).filter(|r| !r.component.is_external()) else {
            errors.add(&field(&i.code), format!("Tiêu chí {} không do đơn vị tự chấm.", i.code));
            continue;
        };
        match parse_mark(&i.points, i.not_applicable) {
            Err(m) => errors.add(&field(&i.code), format!("Tiêu chí {}: {m}", i.code)),
            Ok(mark) => {
                if let Some(Err(e)) = mark.map(|m| check_mark(r.node, m)) {
                    errors.add(&field(&i.code), e.to_string());
                }
                scores.push(SelfScore { code: i.code.clone(), mark, note: i.note.trim().to_string() });
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    Ok(store.save_self_scores(actor, id, version, &scores).await?)
}

/// Submits the self-assessment (the unit head): every criterion the unit scores has a score,
/// and evidence where the criterion requires it; otherwise every gap is listed.
pub async fn submit(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    version: i64,
    vis: Visibility,
    on: NaiveDate,
) -> Result<Assessment, ServiceError> {
    let (a, set) = load(store, id, vis).await?;
    let scores = store.scores(id, vis).await?;
    let mut errors = FieldErrors::default();
    if a.status == cchc_domain::review::ReviewState::Draft {
        for (code, r) in leaves(&set).into_iter().filter(|(_, r)| !r.component.is_external()) {
            let score = scores.iter().find(|s| s.score.code == code).map(|s| s.score.clone()).unwrap_or_default();
            if score.self_mark.is_none() {
                errors.add(&field(&code), format!("Tiêu chí {code} chưa được chấm điểm."));
            } else if let Err(e) = validate_self_assessment(r.node, &score) {
                errors.add(&field(&code), e.to_string());
            }
        }
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    Ok(store.move_assessment(actor, id, version, ReviewAction::Submit, on, None).await?)
}

/// Saves the appraiser's marks: a reason wherever a mark differs from the unit's; only the
/// criteria within what `actor` (with `role`) may appraise ([`appraisal_scope`]): any other is
/// refused and nothing is stored.
pub async fn appraise(
    store: &dyn Store,
    actor: &Actor,
    role: Role,
    id: i64,
    version: i64,
    inputs: &[AppraisalInput],
) -> Result<Assessment, ServiceError> {
    let (a, set) = load(store, id, Visibility::Province).await?;
    let scope = appraisal_scope(store, actor, role, &a).await?;
    let nodes = leaves(&set);
    let scores = store.scores(id, Visibility::Province).await?;
    let mut errors = FieldErrors::default();
    let mut out = Vec::new();
    for i in inputs {
        let Some(r) = nodes.get(&i.code) else {
            errors.add(&field(&i.code), format!("Mã tiêu chí {} không có trong bộ tiêu chí.", i.code));
            continue;
        };
        if !scope.covers(&i.code) {
            let area = area_of(&i.code);
            let name = set.areas.iter().find(|n| n.code == area).map(|n| n.name.as_str()).unwrap_or(area);
            errors.add(
                &field(&i.code),
                format!(
                    "Tiêu chí {} thuộc lĩnh vực {area} «{name}», không thuộc lĩnh vực bạn được phân công thẩm định.",
                    i.code
                ),
            );
            continue;
        }
        let own = scores.iter().find(|s| s.score.code == i.code).and_then(|s| s.score.self_mark);
        let mark = match parse_mark(&i.points, i.not_applicable) {
            Ok(m) => m,
            Err(m) => {
                errors.add(&field(&i.code), format!("Tiêu chí {}: {m}", i.code));
                continue;
            }
        };
        let checked = match mark {
            None => Ok(()),
            Some(m) if r.component.is_external() => check_mark(r.node, m),
            Some(m) => validate_appraisal(r.node, own, m, &i.reason),
        };
        if let Err(e) = checked {
            errors.add(&field(&i.code), e.to_string());
        }
        out.push(AppraisalScore {
            code: i.code.clone(),
            mark,
            reason: i.reason.trim().to_string(),
            explain: i.explain,
        });
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    Ok(store.save_appraisal(actor, id, version, &out).await?)
}

/// Saves the unit's explanations of the criteria returned to it.
pub async fn explain(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    version: i64,
    vis: Visibility,
    texts: &[(String, String)],
) -> Result<Assessment, ServiceError> {
    store.assessment(id, vis).await?;
    let texts: Vec<(String, String)> = texts.iter().map(|(c, t)| (c.clone(), t.trim().to_string())).collect();
    Ok(store.save_explanations(actor, id, version, &texts).await?)
}

/// Corrects one criterion of an approved round: checked against its method, with a reason,
/// audited as a revision.
pub async fn revise(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    code: &str,
    points: &str,
    not_applicable: bool,
    reason: &str,
) -> Result<(), ServiceError> {
    let (_, set) = load(store, id, Visibility::Province).await?;
    let nodes = leaves(&set);
    let mut errors = FieldErrors::default();
    let node = nodes.get(code);
    let mark = parse_mark(points, not_applicable);
    match (node, mark) {
        (None, _) => errors.add("code", format!("Mã tiêu chí {code} không có trong bộ tiêu chí.")),
        (Some(_), Err(m)) => errors.add("points", m),
        (Some(_), Ok(None)) => errors.add("points", "Cần nhập điểm điều chỉnh."),
        (Some(r), Ok(Some(m))) => {
            if let Err(e) = check_mark(r.node, m) {
                errors.add("points", e.to_string());
            }
            if reason.trim().is_empty() {
                errors.add("reason", "Điều chỉnh sau phê duyệt cần nêu lý do (số, ngày văn bản).");
            }
            if errors.is_empty() {
                store.revise_score(actor, id, code, m, reason.trim()).await?;
                return Ok(());
            }
        }
    }
    Err(ServiceError::Invalid(errors))
}
