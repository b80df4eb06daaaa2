//! The PAR review steps through the API, by the assessment page's own app functions: the unit
//! head submits ([`submit`]) or withdraws before the appraisal starts; the appraiser marks
//! criteria (accept, or adjust with a reason) and returns chosen ones for explanation with a
//! due date, or accepts ([`appraise`], [`decide`]); the unit answers ([`explain`]); the
//! office records the council's approval of the round. Every write names the version it saw
//! (`If-Match` or `version`) and answers the assessment (or round) as it is now.
//!
//! [`submit`]: cchc_app::par::submit
//! [`appraise`]: cchc_app::par::appraise
//! [`decide`]: cchc_app::par::decide
//! [`explain`]: cchc_app::par::explain

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use cchc_app::accounts::ServiceError;
use cchc_app::par::{appraisal_scope, appraise, decide, explain, submit, AppraisalInput};
use cchc_app::tracking::today;
use cchc_domain::review::ReviewAction;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::Assessment;
use chrono::NaiveDate;

use super::auth::{Api, ParWrite};
use super::json::{typed_number, ApiJson};
use super::par::{round_out, ParRoundOut};
use super::par_assessment::{detail, ParAssessmentDetail};
use super::par_writes::{expected, once_each, refusal};
use super::problem::{ApiResult, FieldProblem, Problem};
use super::version::{seen, Seen};
use crate::auth::policy::{Appraisers, OfficeOnly, UnitEditor, UnitHeads, UnitStaff};
use crate::auth::Auth;
use crate::pages::par::reader;
use crate::state::AppState;

crate::api_type! {
    /// The version read, for a step that carries nothing else (submit, withdraw, approve).
    in ParStepIn { version: Option<i64> }
}

crate::api_type! {
    /// The appraiser's mark of one criterion: `points` (or `not_applicable`) adjusts the unit's score and needs a `reason`; none keeps the unit's score; `explain` asks the unit to explain it.
    in ParMarkIn { code: String, points: Option<f64>, not_applicable: Option<bool>, reason: Option<String>, explain: Option<bool> }
}

crate::api_type! {
    /// Appraisal marks, then `decision`: accept (the whole assessment), return (the criteria marked `explain`, with `reason` and the explanation's `due` date, the round's by default), or none (marks saved only).
    in ParAppraisalIn { version: Option<i64>, marks: Option<Vec<ParMarkIn>>, decision: Option<String>, reason: Option<String>, due: Option<NaiveDate> }
}

crate::api_type! {
    /// The unit's explanation (giải trình) of one criterion returned to it.
    in ParExplanationIn { code: String, text: String }
}

crate::api_type! {
    /// The unit's explanations; the unit head then submits again.
    in ParExplanationsIn { version: Option<i64>, explanations: Vec<ParExplanationIn> }
}

pub const BAD_DECISION: &str = "Quyết định phải là accept (thẩm định xong) hoặc return (trả lại để giải trình).";
pub const REASON_NEEDED: &str = "Cần nêu nội dung cần đơn vị giải trình.";
pub const DUE_ONLY_ON_RETURN: &str = "Hạn giải trình chỉ dùng khi trả lại để giải trình (decision: return).";
pub const DUE_PAST: &str = "Hạn giải trình không được trước ngày hôm nay.";
pub const SAVED_NOT_DECIDED: &str =
    "Đã lưu kết quả thẩm định nhưng chưa thực hiện được quyết định (xem danh sách lỗi).";
pub const ROUND_VERSION_REQUIRED: &str =
    "Cần cho biết phiên bản đã đọc của đợt đánh giá (tiêu đề If-Match hoặc trường version).";
pub const ROUND_VERSION_STALE: &str = "Đợt đánh giá đã được thay đổi sau khi bạn đọc; hãy đọc lại rồi gửi lại.";

/// The assessment a unit's write is for (as the unit reads it), the unit's editor, and the
/// version the write names, checked.
async fn unit_write(
    auth: &Auth,
    state: &AppState,
    id: i64,
    headers: &HeaderMap,
    version: Option<i64>,
) -> ApiResult<(Assessment, Visibility, UnitEditor, Seen)> {
    let (a, _, vis) = reader(auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let seen = expected(headers, version, a.version)?;
    Ok((a, vis, editor, seen))
}

/// POST `/api/v1/par/assessments/{id}/submit`: the unit head submits (again, after explaining).
pub async fn submit_assessment(
    auth: Api<UnitHeads, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParStepIn>,
) -> ApiResult<Json<ParAssessmentDetail>> {
    let (_, vis, editor, seen) = unit_write(&auth, &state, id, &headers, b.version).await?;
    submit(state.store.as_ref(), editor.actor(), id, seen.version, vis, today())
        .await
        .map_err(|e| refusal(e, seen, |_| String::new()))?;
    Ok(Json(detail(&state, &auth, id).await?))
}

/// POST `/api/v1/par/assessments/{id}/withdraw`: the unit head takes a submission back while
/// no appraisal has started (the store refuses it after).
pub async fn withdraw(
    auth: Api<UnitHeads, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParStepIn>,
) -> ApiResult<Json<ParAssessmentDetail>> {
    let (_, _, editor, seen) = unit_write(&auth, &state, id, &headers, b.version).await?;
    state
        .store
        .move_assessment(editor.actor(), id, seen.version, ReviewAction::Withdraw, today(), None)
        .await
        .map_err(|e| refusal(e.into(), seen, |_| String::new()))?;
    Ok(Json(detail(&state, &auth, id).await?))
}

/// The marks' field problems (`c-1.2`) at their place in the body.
fn mark_pointer(field: &str, marks: &[ParMarkIn]) -> String {
    match field {
        "decision" => "/decision".into(),
        f if f.starts_with("c-") => {
            let code = &f[2..];
            marks.iter().position(|m| m.code == code).map(|i| format!("/marks/{i}")).unwrap_or("/marks".into())
        }
        // The store's sentences: a return without reason, or without criteria to explain.
        m if m.contains("lý do") => "/reason".into(),
        _ => "/marks".into(),
    }
}

/// What an appraisal body asks beyond the marks, checked before anything is stored.
fn decision_of(b: &ParAppraisalIn, round_due: NaiveDate) -> ApiResult<Option<(ReviewAction, Option<String>)>> {
    let bad = |pointer: &str, detail: &str| {
        Err(Problem::invalid(vec![FieldProblem { pointer: pointer.into(), detail: detail.into() }]))
    };
    let returning = match b.decision.as_deref() {
        None => None,
        Some("accept") => Some(false),
        Some("return") => Some(true),
        Some(_) => return bad("/decision", BAD_DECISION),
    };
    if b.due.is_some() && returning != Some(true) {
        return bad("/due", DUE_ONLY_ON_RETURN);
    }
    match returning {
        None => Ok(None),
        Some(false) => Ok(Some((ReviewAction::Accept, None))),
        Some(true) => {
            let reason = b.reason.as_deref().unwrap_or("").trim();
            if reason.is_empty() {
                return bad("/reason", REASON_NEEDED);
            }
            let due = b.due.unwrap_or(round_due);
            if due < today() {
                return bad("/due", DUE_PAST);
            }
            Ok(Some((ReviewAction::Return, Some(format!("{reason} (hạn giải trình {})", due.format("%d/%m/%Y"))))))
        }
    }
}

/// POST `/api/v1/par/assessments/{id}/appraisal`.
pub async fn appraisal(
    auth: Api<Appraisers, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParAppraisalIn>,
) -> ApiResult<Json<ParAssessmentDetail>> {
    let (a, round, _) = reader(&auth, &state.store, id).await?;
    let store = state.store.as_ref();
    let (actor, role) = (auth.actor(), auth.user.role);
    appraisal_scope(store, &actor, role, &a).await?;
    let seen = expected(&headers, b.version, a.version)?;
    let marks = b.marks.clone().unwrap_or_default();
    once_each(&marks, |m| &m.code, "marks")?;
    let decision = decision_of(&b, round.explanation_due)?;
    let inputs: Vec<AppraisalInput> = marks
        .iter()
        .map(|m| AppraisalInput {
            code: m.code.clone(),
            points: typed_number(m.points),
            not_applicable: m.not_applicable.unwrap_or(false),
            reason: m.reason.clone().unwrap_or_default(),
            explain: m.explain.unwrap_or(false),
        })
        .collect();
    let at = |f: &str| mark_pointer(f, &marks);
    let saved = appraise(store, &actor, role, id, seen.version, &inputs).await.map_err(|e| refusal(e, seen, at))?;
    if let Some((action, reason)) = decision {
        match decide(store, &actor, role, id, saved.version, action, today(), reason.as_deref()).await {
            Ok(_) => {}
            Err(e @ (ServiceError::Invalid(_) | ServiceError::Store(cchc_storage::StoreError::Invalid(_)))) => {
                let mut p = refusal(e, seen, at);
                p.detail = SAVED_NOT_DECIDED.into();
                return Err(p);
            }
            Err(e) => return Err(refusal(e, seen, at)),
        }
    }
    Ok(Json(detail(&state, &auth, id).await?))
}

/// POST `/api/v1/par/assessments/{id}/explanations`: the unit's answers to the criteria
/// returned to it (new evidence goes with the evidence routes).
pub async fn explanations(
    auth: Api<UnitStaff, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParExplanationsIn>,
) -> ApiResult<Json<ParAssessmentDetail>> {
    let (_, vis, editor, seen) = unit_write(&auth, &state, id, &headers, b.version).await?;
    let list = &b.explanations;
    once_each(list, |x| &x.code, "explanations")?;
    let texts: Vec<(String, String)> = list.iter().map(|x| (x.code.clone(), x.text.clone())).collect();
    // The store names the criterion it refuses ("tiêu chí 1.2 không được yêu cầu giải trình").
    let at = |m: &str| match list.iter().position(|x| m.contains(&format!("tiêu chí {} ", x.code))) {
        Some(i) => format!("/explanations/{i}/code"),
        None => "/explanations".into(),
    };
    explain(state.store.as_ref(), editor.actor(), id, seen.version, vis, &texts)
        .await
        .map_err(|e| refusal(e, seen, at))?;
    Ok(Json(detail(&state, &auth, id).await?))
}

/// POST `/api/v1/par/rounds/{id}/approve`: the council's approval, recorded by the office;
/// every assessment must be appraised; the scores lock.
pub async fn approve(
    auth: Api<OfficeOnly, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParStepIn>,
) -> ApiResult<Json<ParRoundOut>> {
    let round = state.store.round(id).await?;
    let seen = seen(&headers, b.version, ROUND_VERSION_REQUIRED)?
        .ok_or_else(|| Problem::new(StatusCode::PRECONDITION_REQUIRED, ROUND_VERSION_REQUIRED))?;
    if seen.version != round.version {
        return Err(seen.stale(ROUND_VERSION_STALE));
    }
    let r = state.store.approve_round(&auth.actor(), id, seen.version, today()).await?;
    Ok(Json(round_out(&r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{translate, Lang};

    fn body(decision: Option<&str>, reason: Option<&str>, due: Option<NaiveDate>) -> ParAppraisalIn {
        ParAppraisalIn {
            version: Some(1),
            marks: None,
            decision: decision.map(String::from),
            reason: reason.map(String::from),
            due,
        }
    }

    #[test]
    fn a_decision_is_checked_before_anything_is_stored() {
        let later = today() + chrono::Duration::days(10);
        let pointer = |r: ApiResult<_>| r.err().and_then(|p: Problem| p.errors.first().map(|e| e.pointer.clone()));
        assert_eq!(pointer(decision_of(&body(Some("maybe"), None, None), later)).as_deref(), Some("/decision"));
        assert_eq!(pointer(decision_of(&body(Some("return"), Some(" "), None), later)).as_deref(), Some("/reason"));
        assert_eq!(pointer(decision_of(&body(Some("accept"), None, Some(later)), later)).as_deref(), Some("/due"));
        let past = today() - chrono::Duration::days(1);
        assert_eq!(
            pointer(decision_of(&body(Some("return"), Some("Bổ sung"), Some(past)), later)).as_deref(),
            Some("/due")
        );
        let r = decision_of(&body(Some("return"), Some("Bổ sung quyết định"), None), later).ok().flatten();
        let (action, reason) = r.unwrap_or_else(|| panic!("a return"));
        assert_eq!(action, ReviewAction::Return);
        assert_eq!(reason, Some(format!("Bổ sung quyết định (hạn giải trình {})", later.format("%d/%m/%Y"))));
        assert!(matches!(decision_of(&body(None, None, None), later), Ok(None)));
    }

    #[test]
    fn marks_point_into_the_body_and_every_sentence_has_english() {
        let m = |code: &str| ParMarkIn {
            code: code.into(),
            points: None,
            not_applicable: None,
            reason: None,
            explain: None,
        };
        let marks = [m("1.1"), m("2.3")];
        assert_eq!(mark_pointer("c-2.3", &marks), "/marks/1");
        assert_eq!(mark_pointer("c-9.9", &marks), "/marks");
        assert_eq!(mark_pointer("decision", &marks), "/decision");
        assert_eq!(mark_pointer("cần nêu lý do và thời hạn giải trình", &marks), "/reason");
        use super::super::par_evidence as e;
        for d in [
            BAD_DECISION,
            REASON_NEEDED,
            DUE_ONLY_ON_RETURN,
            DUE_PAST,
            SAVED_NOT_DECIDED,
            ROUND_VERSION_REQUIRED,
            ROUND_VERSION_STALE,
            e::NOT_MULTIPART,
            e::CODES_NEEDED,
            e::FILE_NEEDED,
            e::NOT_A_CRITERION,
            e::ONE_KIND,
        ] {
            assert_ne!(translate(Lang::En, d), d, "{d}");
        }
    }
}
