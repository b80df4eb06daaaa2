//! The evaluation of initiatives: the criteria templates installed once (labelled *mẫu, chưa
//! xác nhận*), sending an initiative to evaluation with the criteria in force, evaluators the
//! office assigns (appraisers or office staff), each evaluator's scores checked against the
//! criteria, the tally, and the council's decision bounded by the level rule, with reasons.

use cchc_domain::initiative::{
    check_decision, criteria_templates, evaluate, in_force, Decision, EvaluationCriteria, InitiativeAction, Tally,
};
use cchc_domain::role::Role;
use cchc_domain::text::clean;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_initiative::{Initiative, InitiativeChange, ScoreRecord, StoredCriteria};
use cchc_storage::Store;
use chrono::NaiveDate;

use super::{apply, one};
use crate::accounts::ServiceError;
use cchc_domain::validation::FieldErrors;

/// Stores the shipped criteria template when there is none yet.
pub async fn install_templates(store: &dyn Store, actor: &Actor) -> Result<usize, ServiceError> {
    if !store.initiative_criteria().await?.is_empty() {
        return Ok(0);
    }
    let lists =
        criteria_templates().map_err(|e| ServiceError::Internal(format!("mẫu tiêu chí sáng kiến hỏng: {e}")))?;
    for c in &lists {
        store.save_initiative_criteria(actor, c, None).await?;
    }
    Ok(lists.len())
}

/// The office's edit of a criteria list, stored as the next version of its code: a version
/// already used to evaluate stays as it was. Nothing is stored when anything is wrong; every
/// problem is listed, a criterion's with its row (`rows[i]` is the row the user sees for the
/// `i`-th criterion).
pub async fn save_criteria(
    store: &dyn Store,
    actor: &Actor,
    c: &EvaluationCriteria,
    rows: &[usize],
) -> Result<StoredCriteria, ServiceError> {
    let problems = c.problems();
    if !problems.is_empty() {
        let mut e = FieldErrors::default();
        for (i, m) in problems {
            match i.checked_sub(1) {
                None => e.add("criteria", m),
                Some(k) => e.add("criteria", format!("Dòng {}: {m}", rows.get(k).copied().unwrap_or(i))),
            }
        }
        return Err(ServiceError::Invalid(e));
    }
    Ok(store.save_initiative_criteria(actor, c, None).await?)
}

/// The criteria version in force on `day`.
pub async fn criteria_in_force(store: &dyn Store, day: NaiveDate) -> Result<Option<StoredCriteria>, ServiceError> {
    let all = store.initiative_criteria().await?;
    let lists: Vec<_> = all.iter().map(|s| s.criteria.clone()).collect();
    let Some(c) = in_force(&lists, day) else { return Ok(None) };
    Ok(all.into_iter().find(|s| s.criteria.code == c.code && s.criteria.version == c.version))
}

/// The office sends a submitted initiative to evaluation with the criteria in force.
pub async fn send_to_evaluation(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    today: NaiveDate,
) -> Result<Initiative, ServiceError> {
    let i = store.initiative(id, Visibility::Province).await?;
    let Some(c) = criteria_in_force(store, today).await? else {
        return Err(ServiceError::Invalid(one("criteria", "Chưa có bộ tiêu chí đánh giá sáng kiến có hiệu lực.")));
    };
    let change = InitiativeChange {
        action: "initiative.evaluate".into(),
        state: i.state,
        criteria_id: Some(c.id),
        return_reason: None,
        decision_reason: None,
        results: None,
        on: today,
    };
    apply(store, actor, &i, expected_version, InitiativeAction::Evaluate, change).await
}

/// The office assigns an evaluator: an appraiser or an office user.
pub async fn assign(store: &dyn Store, actor: &Actor, id: i64, user_id: i64) -> Result<(), ServiceError> {
    let user = store.get_user(user_id).await?;
    if !matches!(user.role, Role::Appraiser | Role::Office) || !user.active {
        return Err(ServiceError::Invalid(one(
            "evaluator",
            "Chỉ phân công thành viên thẩm định hoặc cán bộ văn phòng.",
        )));
    }
    Ok(store.assign_initiative_evaluator(actor, id, user_id).await?)
}

/// An evaluator's scores, as typed (criterion code, text). Office users may score without
/// being assigned; appraisers only when assigned.
pub async fn score(
    store: &dyn Store,
    actor: &Actor,
    evaluator: (i64, Role),
    id: i64,
    typed: &[(String, String)],
) -> Result<(), ServiceError> {
    let i = store.initiative(id, Visibility::Province).await?;
    let (user_id, role) = evaluator;
    let assigned = store.initiative_evaluators(id).await?.iter().any(|(u, _)| *u == user_id);
    if role == Role::Appraiser && !assigned {
        return Err(ServiceError::Invalid(one("score", "Bạn chưa được phân công chấm điểm sáng kiến này.")));
    }
    let Some(cid) = i.criteria_id else {
        return Err(ServiceError::Invalid(one("score", "Sáng kiến chưa được đưa ra đánh giá.")));
    };
    let criteria = store.initiative_criteria_by_id(cid).await?.criteria;
    let mut e = cchc_domain::validation::FieldErrors::default();
    let mut scores = Vec::new();
    for (code, text) in typed {
        match text.trim().parse::<u32>() {
            Ok(p) => scores.push((code.clone(), p)),
            Err(_) if text.trim().is_empty() => {}
            Err(_) => {
                e.add(&format!("score-{code}"), format!("Tiêu chí {code}: \"{}\" không phải số điểm.", clean(text)))
            }
        }
    }
    if let Err(p) = criteria.check_scores(&scores) {
        for m in p {
            e.add("score", m);
        }
    }
    if !e.is_empty() {
        return Err(ServiceError::Invalid(e));
    }
    if !assigned {
        store.assign_initiative_evaluator(actor, id, user_id).await?;
    }
    Ok(store.save_initiative_scores(actor, id, user_id, &scores).await?)
}

/// The tally of the scores so far (evaluators with a complete set only).
pub fn tally(criteria: &cchc_domain::initiative::EvaluationCriteria, scores: &[ScoreRecord]) -> Tally {
    let mut totals: std::collections::BTreeMap<i64, (usize, u64)> = Default::default();
    for s in scores {
        let t = totals.entry(s.user_id).or_default();
        t.0 += 1;
        t.1 += u64::from(s.points);
    }
    let complete: Vec<u64> =
        totals.values().filter(|(n, _)| *n == criteria.criteria.len()).map(|(_, total)| *total).collect();
    evaluate(criteria, &complete)
}

/// What the council decides, as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionForm {
    pub decision: Option<Decision>,
    pub reason: String,
    /// The results achieved (for the recognised list).
    pub results: String,
}

/// The council's decision, with reasons and (for a recognition) the results achieved.
pub async fn decide(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    form: &DecisionForm,
    today: NaiveDate,
) -> Result<Initiative, ServiceError> {
    let (reason, results) = (&form.reason, &form.results);
    let Some(decision) = form.decision else {
        return Err(ServiceError::Invalid(one("decision", "Cần chọn quyết định của hội đồng.")));
    };
    let i = store.initiative(id, Visibility::Province).await?;
    let Some(cid) = i.criteria_id else {
        return Err(ServiceError::Invalid(one("decision", "Sáng kiến chưa được đưa ra đánh giá.")));
    };
    let criteria = store.initiative_criteria_by_id(cid).await?.criteria;
    let t = tally(&criteria, &store.initiative_scores(id).await?);
    let reason = check_decision(&t, decision, reason).map_err(|m| ServiceError::Invalid(one("reason", m)))?;
    let results = clean(results);
    let change = InitiativeChange {
        action: "initiative.decide".into(),
        state: i.state,
        criteria_id: None,
        return_reason: None,
        decision_reason: Some(reason),
        results: (!results.is_empty()).then_some(results),
        on: today,
    };
    apply(store, actor, &i, expected_version, InitiativeAction::Decide(decision), change).await
}
