//! `POST /api/v1/dossiers`: index-766 dossier records pushed by the one-stop-shop system in
//! batches (up to tens of thousands), read straight into records and checked as file imports
//! are, then written by group commit with the batches other clients push meanwhile (one
//! transaction for the group, one audit entry per batch: see [`cchc_app::kpi::push`]). Idempotent by dossier
//! code and change time: a record older than the stored version of its dossier is ignored,
//! the same record pushed twice leaves the same state. The answer counts the records and
//! lists those not accepted (or noted), each by its index in the batch.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cchc_app::kpi::push::push_dossiers;
use cchc_app::kpi::KpiError;
use cchc_kpi::read::push::{PushedRecords, ShapeProblem};
use cchc_kpi::read::{ErrorPolicy, Issue, IssueKind};

use super::auth::{Api, KpiWrite};
use super::json::{decode_direct, ApiJsonBytes};
use super::problem::{ApiResult, FieldProblem, Problem};
use crate::auth::policy::OfficeOnly;
use crate::state::AppState;

/// Most records one request may carry.
pub const MAX_RECORDS: usize = 50_000;

crate::api_type! {
    /// A batch of dossier records, keys as in dossier files (either vocabulary: `MaHoSo` or
    /// `code`, …) with `updated` (change time) deciding which version of a dossier wins.
    /// `policy`: `skip_bad` (default: keep the good records) or `reject_batch` (all or none).
    in DossierPushIn { records: PushedRecords, policy: Option<String> }
}

crate::api_type! {
    /// What happened to one record: `accepted`, `rejected` (with the reason), `superseded`
    /// (a newer version of the same dossier in this batch) or `stale`.
    out RecordResult { index: usize, code: Option<String>, status: String, message: Option<String> }
}

crate::api_type! {
    /// The batch's outcome: counts, the change number, and the results of the records that
    /// were not accepted or carry a note (no appointment time), in order; a record not listed
    /// was accepted. (Listing all thousands of accepted records cost more than writing them.)
    out DossierPushOut {
        received: usize, accepted: usize, dropped: usize, written: u32, stale: u32, rev: Option<i64>,
        results: Vec<RecordResult>,
    }
}

pub const TOO_MANY: &str = "Một lần gửi có tối đa 50.000 hồ sơ; hãy chia thành nhiều lần gửi.";
pub const BAD_POLICY: &str = "Chính sách xử lý lỗi phải là skip_bad hoặc reject_batch.";
pub const REJECTED: &str =
    "Lô hồ sơ bị từ chối vì có hồ sơ không hợp lệ (chính sách reject_batch); không hồ sơ nào được ghi.";

/// Elements that are not objects and keys that name no field, as field problems.
fn shape_problems(records: &PushedRecords) -> Vec<FieldProblem> {
    let problem = |p: &ShapeProblem| match &p.key {
        None => FieldProblem {
            pointer: format!("/records/{}", p.index),
            detail: "Mỗi hồ sơ phải là một đối tượng JSON.".into(),
        },
        Some(k) => FieldProblem {
            pointer: format!("/records/{}/{}", p.index, k.replace('~', "~0").replace('/', "~1")),
            detail: format!("Trường «{k}» không có trong mẫu dữ liệu hồ sơ 766."),
        },
    };
    records.shape.iter().map(problem).collect()
}

fn status_of(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::Duplicate => "superseded",
        IssueKind::Stale => "stale",
        _ => "rejected",
    }
}

/// The results of the records with issues (sorted by line), one per record: a record is
/// accepted unless an issue leaves it out; the message is the first issue that leaves it out,
/// else its first note.
fn noted_results(issues: &[Issue]) -> Vec<RecordResult> {
    let mut results: Vec<RecordResult> = Vec::new();
    for i in issues {
        let index = i.line.saturating_sub(1) as usize;
        if results.last().is_none_or(|r| r.index != index) {
            results.push(RecordResult { index, code: i.code.clone(), status: "accepted".into(), message: None });
        }
        let Some(r) = results.last_mut() else { continue };
        let drops = i.kind.drops_row() && r.status == "accepted";
        if drops {
            r.status = status_of(i.kind).into();
        }
        if drops || r.message.is_none() {
            r.message = Some(i.message.clone());
        }
        if r.code.is_none() {
            r.code.clone_from(&i.code);
        }
    }
    results
}

/// POST `/api/v1/dossiers`.
pub async fn push(
    auth: Api<OfficeOnly, KpiWrite>,
    State(state): State<AppState>,
    ApiJsonBytes(bytes): ApiJsonBytes,
) -> ApiResult<Json<DossierPushOut>> {
    // Thousands of records: read off the async executor, in turn with the other batches.
    let queue = &state.dossier_push;
    let turn = queue.read_turn().await.map_err(Problem::from)?;
    let b: DossierPushIn = tokio::task::spawn_blocking(move || decode_direct(&bytes))
        .await
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))??;
    let policy = match b.policy.as_deref().unwrap_or("skip_bad") {
        "skip_bad" => ErrorPolicy::SkipBad,
        "reject_batch" => ErrorPolicy::RejectBatch,
        _ => return Err(Problem::invalid(vec![FieldProblem { pointer: "/policy".into(), detail: BAD_POLICY.into() }])),
    };
    if b.records.count > MAX_RECORDS {
        return Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, TOO_MANY));
    }
    let shape = shape_problems(&b.records);
    if !shape.is_empty() {
        return Err(Problem::invalid(shape));
    }
    let received = b.records.count;
    let name = format!("API: {}", auth.token.as_ref().map(|t| t.name.as_str()).unwrap_or("phiên đăng nhập"));
    let o = match push_dossiers(&state.store, queue, turn, &auth.actor(), name, b.records.batch, policy).await {
        Ok(o) => o,
        Err(KpiError::Invalid(m)) => return Err(Problem::new(StatusCode::UNPROCESSABLE_ENTITY, m)),
        Err(e) => return Err(crate::error::AppError::from(e).into()),
    };
    if o.refused {
        let mut p = Problem::invalid(
            o.issues
                .iter()
                .filter(|i| i.kind.is_error())
                .map(|i| FieldProblem {
                    pointer: format!("/records/{}", i.line.saturating_sub(1)),
                    detail: i.message.clone(),
                })
                .collect(),
        );
        p.detail = REJECTED.into();
        return Err(p);
    }
    let results = noted_results(&o.issues);
    let w = o.written.clone().unwrap_or_default();
    Ok(Json(DossierPushOut {
        received,
        accepted: o.accepted,
        dropped: o.dropped,
        written: u32::try_from(w.written).unwrap_or(u32::MAX),
        stale: u32::try_from(w.stale).unwrap_or(u32::MAX),
        rev: o.written.map(|w| w.rev),
        results,
    }))
}
