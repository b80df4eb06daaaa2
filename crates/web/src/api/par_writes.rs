//! A unit's PAR self-assessment through the API, through the assessment form's own app
//! functions ([`save_self`], then [`submit`] when asked): scores and notes (where the unit
//! names its evidence) of the criteria the unit scores itself, checked against each
//! criterion's method all or nothing; the submission is the unit head's, as on the form.
//! Every write names the assessment version it saw (`If-Match` or `version`).
//!
//! [`save_self`]: cchc_app::par::save_self
//! [`submit`]: cchc_app::par::submit

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use cchc_app::accounts::ServiceError;
use cchc_app::par::{save_self, submit, SelfInput};
use cchc_app::tracking::today;
use cchc_domain::role::Role;
use cchc_storage::model_par::{Assessment, STALE_ASSESSMENT};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use super::auth::{Api, ParWrite};
use super::json::{typed_number, ApiJson};
use super::problem::{ApiResult, FieldProblem, Problem};
use super::version::{seen, Seen};
use crate::auth::policy::UnitStaff;
use crate::pages::par::reader;
use crate::state::AppState;

crate::api_type! {
    /// The unit's score of one criterion: points (or `not_applicable`) and a note naming its evidence.
    in ParScoreIn { code: String, points: Option<f64>, not_applicable: Option<bool>, note: Option<String> }
}

crate::api_type! {
    /// Self-assessment scores to save; `submit` (the unit head only) sends them for appraisal.
    in SelfAssessmentIn { version: Option<i64>, scores: Vec<ParScoreIn>, submit: Option<bool> }
}

crate::api_type! {
    /// An assessment's state after the write.
    out AssessmentOut {
        id: i64, round_id: i64, unit_id: i64, status: String, submitted_on: Option<NaiveDate>,
        submitted_by: Option<String>, return_reason: Option<String>, version: i64,
    }
}

pub const VERSION_REQUIRED: &str =
    "Cần cho biết phiên bản đã đọc của bản đánh giá (tiêu đề If-Match hoặc trường version) để không ghi đè thay đổi của người khác.";
pub const VERSION_STALE: &str = "Bản đánh giá đã được thay đổi sau khi bạn đọc; hãy đọc lại rồi gửi lại.";
pub const HEAD_SUBMITS: &str = "Chỉ thủ trưởng đơn vị nộp bản tự đánh giá; hãy lưu mà không nộp (submit: false).";
pub const DUPLICATE_CODE: &str = "Tiêu chí này đã có điểm ở mục trước trong cùng yêu cầu.";
pub const SAVED_NOT_SUBMITTED: &str =
    "Đã lưu điểm nhưng chưa nộp được: còn tiêu chí chưa đủ điều kiện (xem danh sách lỗi).";

/// An assessment as the API names it.
pub fn out(a: Assessment) -> AssessmentOut {
    AssessmentOut {
        id: a.id,
        round_id: a.round_id,
        unit_id: a.unit_id,
        status: a.status.code().to_string(),
        submitted_on: a.submitted_on,
        submitted_by: a.submitted_by,
        return_reason: a.return_reason,
        version: a.version,
    }
}

/// The app's field (`c-1.2`) as a pointer into the body (`/scores/3/points`); a criterion
/// the body does not name (a gap found on submission) points at `/scores`, the detail naming it.
fn pointer(field: &str, scores: &[ParScoreIn]) -> String {
    let code = field.strip_prefix("c-").unwrap_or(field);
    match scores.iter().position(|s| s.code == code) {
        Some(i) => format!("/scores/{i}/points"),
        None => "/scores".to_string(),
    }
}

fn problem(e: ServiceError, seen: Seen, scores: &[ParScoreIn]) -> Problem {
    refusal(e, seen, |field| pointer(field, scores))
}

/// An app function's refusal of an assessment write: each field problem at its place in the
/// body (`at` maps the app's field name, or the store's sentence, to a pointer), a stale
/// version as [`Seen::stale`], what the store refuses as invalid input 422.
pub fn refusal(e: ServiceError, seen: Seen, at: impl Fn(&str) -> String) -> Problem {
    match e {
        ServiceError::Invalid(errs) => Problem::invalid(
            errs.0.into_iter().map(|f| FieldProblem { pointer: at(&f.field), detail: f.message }).collect(),
        ),
        ServiceError::Store(StoreError::Conflict(m)) if m == STALE_ASSESSMENT => seen.stale(VERSION_STALE),
        ServiceError::Store(StoreError::Invalid(m)) => {
            let detail = crate::error::capitalize(&m);
            let detail = if detail.ends_with('.') { detail } else { format!("{detail}.") };
            Problem::invalid(vec![FieldProblem { pointer: at(&m), detail }])
        }
        other => other.into(),
    }
}

/// Refuses a list naming a criterion twice (`/{list}/3/code`), as one form has one field per
/// criterion.
pub fn once_each<T>(items: &[T], code: impl Fn(&T) -> &str, list: &str) -> ApiResult<()> {
    let dup: Vec<FieldProblem> = (0..items.len())
        .filter(|&i| items[..i].iter().any(|x| code(x) == code(&items[i])))
        .map(|i| FieldProblem { pointer: format!("/{list}/{i}/code"), detail: DUPLICATE_CODE.into() })
        .collect();
    if dup.is_empty() {
        Ok(())
    } else {
        Err(Problem::invalid(dup))
    }
}

/// The version an assessment write names (required), and the refusal when it is not the
/// current one `now`.
pub fn expected(headers: &HeaderMap, body: Option<i64>, now: i64) -> ApiResult<Seen> {
    let seen = seen(headers, body, VERSION_REQUIRED)?
        .ok_or_else(|| Problem::new(StatusCode::PRECONDITION_REQUIRED, VERSION_REQUIRED))?;
    if seen.version != now {
        return Err(seen.stale(VERSION_STALE));
    }
    Ok(seen)
}

/// POST `/api/v1/par/assessments/{id}/self`.
pub async fn save(
    auth: Api<UnitStaff, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<SelfAssessmentIn>,
) -> ApiResult<Json<AssessmentOut>> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let submitting = b.submit.unwrap_or(false);
    if submitting && auth.user.role != Role::UnitHead {
        return Err(Problem::new(StatusCode::FORBIDDEN, HEAD_SUBMITS));
    }
    let seen = expected(&headers, b.version, a.version)?;
    once_each(&b.scores, |s| &s.code, "scores")?;
    let inputs: Vec<SelfInput> = b
        .scores
        .iter()
        .map(|s| SelfInput {
            code: s.code.clone(),
            points: typed_number(s.points),
            not_applicable: s.not_applicable.unwrap_or(false),
            note: s.note.clone().unwrap_or_default(),
        })
        .collect();
    let store = state.store.as_ref();
    let actor = editor.actor();
    let saved =
        save_self(store, actor, id, seen.version, vis, &inputs).await.map_err(|e| problem(e, seen, &b.scores))?;
    if !submitting {
        return Ok(Json(out(saved)));
    }
    let after = Seen { version: saved.version, ..seen };
    match submit(store, actor, id, saved.version, vis, today()).await {
        Ok(a) => Ok(Json(out(a))),
        Err(ServiceError::Invalid(errs)) => {
            let mut p = Problem::new(StatusCode::UNPROCESSABLE_ENTITY, SAVED_NOT_SUBMITTED);
            p.errors = errs
                .0
                .into_iter()
                .map(|f| FieldProblem { pointer: pointer(&f.field, &b.scores), detail: f.message })
                .collect();
            Err(p)
        }
        Err(e) => Err(problem(e, after, &b.scores)),
    }
}
