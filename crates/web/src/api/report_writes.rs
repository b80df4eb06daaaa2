//! Writing periodic reports through the API, through the report form's own app functions:
//! a unit's token saves (and with `submit`, submits) its own unit's report of a period with
//! [`save_post`], sent as the form would send it ([`submit_mode`]: to the head for sign-off,
//! signed by the head, or straight to the office); the office reviews with [`review`].
//! Every write names the version it saw (`If-Match` or `version`); a report that exists
//! cannot be written without one.
//!
//! [`save_post`]: cchc_app::reports::save_post
//! [`submit_mode`]: cchc_app::reports::submit_mode
//! [`review`]: cchc_app::reports::review

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use cchc_app::accounts::ServiceError;
use cchc_app::reports::{review as review_report, save_post, submit_mode, unit_has_head, ReportForm, TargetInput};
use cchc_app::tracking::{config, today};
use cchc_storage::model::{SubmitMode, STALE_REPORT};
use cchc_storage::StoreError;

use super::auth::{Api, ReportsWrite};
use super::json::{typed_number, ApiJson};
use super::problem::{ApiResult, FieldProblem, Problem};
use super::reports::{detail, ReportDetail};
use super::version::{seen, Seen};
use crate::auth::policy::{OfficeOnly, UnitStaff};
use crate::auth::Scope;
use crate::error::AppError;
use crate::state::AppState;

crate::api_type! {
    /// A figure for one of the unit's targets: a value, or a numerator and denominator (rates).
    in TargetFigureIn { target_id: i64, value: Option<f64>, numerator: Option<f64>, denominator: Option<f64>, note: Option<String> }
}

crate::api_type! {
    /// The unit's report of a period: its text, target figures, and `submit` to send it (to the unit head for sign-off, or to the office, as the report page would); `version` (or If-Match) is the version read, required once the report exists.
    in ReportIn { version: Option<i64>, narrative: String, targets: Option<Vec<TargetFigureIn>>, submit: Option<bool> }
}

crate::api_type! {
    /// The office's review: `decision` accept or return (with `reason`).
    in ReviewIn { version: Option<i64>, decision: String, reason: Option<String> }
}

pub const VERSION_REQUIRED: &str = "Báo cáo đã có; cần cho biết phiên bản đã đọc (tiêu đề If-Match hoặc trường version) để không ghi đè thay đổi của người khác.";
pub const VERSION_STALE: &str = "Báo cáo đã được thay đổi sau khi bạn đọc (hoặc chưa có); hãy đọc lại rồi gửi lại.";
pub const DUPLICATE_TARGET: &str = "Chỉ tiêu này đã có số liệu ở mục trước trong cùng yêu cầu.";
pub const BAD_DECISION: &str = "Quyết định phải là accept (chấp nhận) hoặc return (trả lại).";

/// A form field of the app's checks (`t12_value`, `narrative`) as a pointer into the body.
fn pointer(field: &str, targets: &[TargetFigureIn]) -> String {
    if let Some((id, part)) = field.strip_prefix('t').and_then(|r| r.split_once('_')) {
        if let Some(i) = id.parse::<i64>().ok().and_then(|id| targets.iter().position(|t| t.target_id == id)) {
            return format!("/targets/{i}/{part}");
        }
    }
    format!("/{field}")
}

fn problem(e: ServiceError, seen: Option<Seen>, targets: &[TargetFigureIn]) -> Problem {
    match e {
        ServiceError::Invalid(errs) => Problem::invalid(
            errs.0
                .into_iter()
                .map(|f| FieldProblem { pointer: pointer(&f.field, targets), detail: f.message })
                .collect(),
        ),
        ServiceError::Store(StoreError::Conflict(m)) if m == STALE_REPORT => {
            seen.unwrap_or(Seen { version: 0, by_header: true }).stale(VERSION_STALE)
        }
        other => other.into(),
    }
}

/// PUT `/api/v1/reports/{key}`: the caller's own unit's report of period `key`.
pub async fn save(
    auth: Api<UnitStaff, ReportsWrite>,
    State(state): State<AppState>,
    Path(key): Path<String>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ReportIn>,
) -> ApiResult<Json<ReportDetail>> {
    let Scope::Unit(unit_id) = auth.scope() else { return Err(AppError::Forbidden.into()) };
    let editor = auth.unit_editor(unit_id)?;
    let targets = b.targets.unwrap_or_default();
    let mut dup = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        if targets[..i].iter().any(|x| x.target_id == t.target_id) {
            dup.push(FieldProblem { pointer: format!("/targets/{i}/target_id"), detail: DUPLICATE_TARGET.into() });
        }
    }
    if !dup.is_empty() {
        return Err(Problem::invalid(dup));
    }
    let store = &state.store;
    let seen = seen(&headers, b.version, VERSION_REQUIRED)?;
    let existing = store.report(unit_id, &key, auth.scope()).await?;
    match (&existing, seen) {
        (Some(_), None) => return Err(Problem::new(StatusCode::PRECONDITION_REQUIRED, VERSION_REQUIRED)),
        (Some(r), Some(s)) if r.version != s.version => return Err(s.stale(VERSION_STALE)),
        (None, Some(s)) => return Err(s.stale(VERSION_STALE)),
        _ => {}
    }
    let unit = store.get_unit(editor.unit()).await?;
    let cfg = config(store.as_ref()).await?;
    let form = ReportForm {
        key: key.clone(),
        narrative: b.narrative,
        targets: targets
            .iter()
            .map(|t| TargetInput {
                target_id: t.target_id,
                rate: false, // decided by the target in save_post
                value: typed_number(t.value),
                numerator: typed_number(t.numerator),
                denominator: typed_number(t.denominator),
                note: t.note.clone().unwrap_or_default(),
            })
            .collect(),
        expected_version: seen.map(|s| s.version),
    };
    let mode = match b.submit.unwrap_or(false) {
        true => Some(submit_mode(&cfg, auth.user.role, unit_has_head(store.as_ref(), unit.id).await?)),
        false => None,
    };
    let r = save_post(store.as_ref(), editor.actor(), &cfg, &unit, &form, Vec::new(), mode, today())
        .await
        .map_err(|e| problem(e, seen, &targets))?;
    if mode == Some(SubmitMode::ToHead) {
        crate::forms::reports::tell_head(store.as_ref(), &cfg, &unit, &r).await;
    }
    Ok(Json(detail(store, r).await?))
}

/// POST `/api/v1/reports/{key}/units/{unit}/review`: the office accepts or returns a report.
pub async fn review(
    auth: Api<OfficeOnly, ReportsWrite>,
    State(state): State<AppState>,
    Path((key, unit)): Path<(String, i64)>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ReviewIn>,
) -> ApiResult<Json<ReportDetail>> {
    let returning = match b.decision.as_str() {
        "accept" => false,
        "return" => true,
        _ => {
            return Err(Problem::invalid(vec![FieldProblem {
                pointer: "/decision".into(),
                detail: BAD_DECISION.into(),
            }]))
        }
    };
    let seen = seen(&headers, b.version, VERSION_REQUIRED)?
        .ok_or_else(|| Problem::new(StatusCode::PRECONDITION_REQUIRED, VERSION_REQUIRED))?;
    let store = &state.store;
    let scope = auth.scope();
    let report = store.report(unit, &key, scope).await?.filter(|r| scope.sees(r.unit_id, r.status));
    let report = report.ok_or(AppError::NotFound("báo cáo"))?;
    if report.version != seen.version {
        return Err(seen.stale(VERSION_STALE));
    }
    let reason = b.reason.unwrap_or_default();
    let r = review_report(store.as_ref(), &auth.actor(), &report, seen.version, returning.then_some(&reason), today())
        .await
        .map_err(|e| problem(e, Some(seen), &[]))?;
    Ok(Json(detail(store, r).await?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{translate, Lang};

    #[test]
    fn field_names_point_into_the_body_and_every_sentence_has_english() {
        let t = |id| TargetFigureIn { target_id: id, value: None, numerator: None, denominator: None, note: None };
        let targets = [t(4), t(12)];
        assert_eq!(pointer("t12_value", &targets), "/targets/1/value");
        assert_eq!(pointer("t4_denominator", &targets), "/targets/0/denominator");
        assert_eq!(pointer("narrative", &targets), "/narrative");
        use super::super::{par_writes as p, sipas_paper as s};
        for d in [
            VERSION_REQUIRED,
            VERSION_STALE,
            DUPLICATE_TARGET,
            BAD_DECISION,
            "Cần nêu lý do trả lại báo cáo.",
            p::VERSION_REQUIRED,
            p::VERSION_STALE,
            p::HEAD_SUBMITS,
            p::DUPLICATE_CODE,
            p::SAVED_NOT_SUBMITTED,
            s::REFUSED,
        ] {
            assert_ne!(translate(Lang::En, d), d, "{d}");
        }
    }
}
