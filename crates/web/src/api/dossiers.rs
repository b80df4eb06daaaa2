//! `POST /api/v1/dossiers`: index-766 dossier records pushed by the one-stop-shop system in
//! batches (up to tens of thousands), applied by the same ingest as file imports (checks,
//! incremental write, one transaction and one audit entry per batch). Idempotent by dossier
//! code and change time: a record older than the stored version of its dossier is ignored,
//! the same record pushed twice leaves the same state. Each record gets its result.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cchc_app::kpi::files::{import_dossiers, DossierSource};
use cchc_app::kpi::KpiError;
use cchc_kpi::read::fields::ColumnCache;
use cchc_kpi::read::{ErrorPolicy, IssueKind};

use super::auth::{Api, KpiWrite};
use super::json::ApiJson;
use super::problem::{ApiResult, FieldProblem, Problem};
use crate::auth::policy::OfficeOnly;
use crate::state::AppState;

/// Most records one request may carry.
pub const MAX_RECORDS: usize = 50_000;

crate::api_type! {
    /// A batch of dossier records, keys as in dossier files (either vocabulary: `MaHoSo` or
    /// `code`, …) with `updated` (change time) deciding which version of a dossier wins.
    /// `policy`: `skip_bad` (default: keep the good records) or `reject_batch` (all or none).
    in DossierPushIn { records: Vec<serde_json::Value>, policy: Option<String> }
}

crate::api_type! {
    /// What happened to one record: `accepted`, `rejected` (with the reason), `superseded`
    /// (a newer version of the same dossier in this batch) or `stale`.
    out RecordResult { index: usize, code: Option<String>, status: String, message: Option<String> }
}

crate::api_type! {
    /// The batch's outcome: counts, the change number, and every record's result.
    out DossierPushOut {
        received: usize, accepted: usize, dropped: usize, written: u32, stale: u32, rev: Option<i64>,
        results: Vec<RecordResult>,
    }
}

pub const TOO_MANY: &str = "Một lần gửi có tối đa 50.000 hồ sơ; hãy chia thành nhiều lần gửi.";
pub const BAD_POLICY: &str = "Chính sách xử lý lỗi phải là skip_bad hoặc reject_batch.";
pub const REJECTED: &str =
    "Lô hồ sơ bị từ chối vì có hồ sơ không hợp lệ (chính sách reject_batch); không hồ sơ nào được ghi.";

/// The shape of every record, before any is read: objects with known keys only.
fn check_shape(records: &[serde_json::Value]) -> Vec<FieldProblem> {
    let mut errs = Vec::new();
    let mut keys = ColumnCache::default();
    for (i, r) in records.iter().enumerate() {
        match r.as_object() {
            None => errs.push(FieldProblem {
                pointer: format!("/records/{i}"),
                detail: "Mỗi hồ sơ phải là một đối tượng JSON.".into(),
            }),
            Some(o) => errs.extend(o.keys().filter(|k| keys.get(k).is_none()).map(|k| FieldProblem {
                pointer: format!("/records/{i}/{k}"),
                detail: format!("Trường «{k}» không có trong mẫu dữ liệu hồ sơ 766."),
            })),
        }
        if errs.len() >= 1000 {
            break;
        }
    }
    errs
}

fn status_of(kind: IssueKind) -> &'static str {
    match kind {
        IssueKind::Duplicate => "superseded",
        IssueKind::Stale => "stale",
        _ => "rejected",
    }
}

/// POST `/api/v1/dossiers`.
pub async fn push(
    auth: Api<OfficeOnly, KpiWrite>,
    State(state): State<AppState>,
    ApiJson(b): ApiJson<DossierPushIn>,
) -> ApiResult<Json<DossierPushOut>> {
    let policy = match b.policy.as_deref().unwrap_or("skip_bad") {
        "skip_bad" => ErrorPolicy::SkipBad,
        "reject_batch" => ErrorPolicy::RejectBatch,
        _ => return Err(Problem::invalid(vec![FieldProblem { pointer: "/policy".into(), detail: BAD_POLICY.into() }])),
    };
    if b.records.len() > MAX_RECORDS {
        return Err(Problem::new(StatusCode::PAYLOAD_TOO_LARGE, TOO_MANY));
    }
    let shape = check_shape(&b.records);
    if !shape.is_empty() {
        return Err(Problem::invalid(shape));
    }
    let received = b.records.len();
    let name = format!("API: {}", auth.token.as_ref().map(|t| t.name.as_str()).unwrap_or("phiên đăng nhập"));
    let source = DossierSource::Records { name, values: b.records };
    let o = match import_dossiers(&state.store, &auth.actor(), source, policy).await {
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
    let mut by_line: BTreeMap<u64, (&'static str, Option<String>, Option<String>)> = BTreeMap::new();
    for i in &o.issues {
        let e = by_line.entry(i.line).or_insert(("accepted", None, i.code.clone()));
        if i.kind.drops_row() || e.1.is_none() {
            if i.kind.drops_row() {
                e.0 = status_of(i.kind);
            }
            e.1 = Some(i.message.clone());
        }
    }
    let results = (1..=received as u64)
        .map(|line| {
            let (status, message, code) = by_line.remove(&line).unwrap_or(("accepted", None, None));
            RecordResult { index: line as usize - 1, code, status: status.to_string(), message }
        })
        .collect();
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
