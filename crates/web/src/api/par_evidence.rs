//! A unit's PAR evidence through the API: files uploaded to criteria (multipart, checked by
//! size, extension and content as on the assessment page, [`crate::evidence::accept`]), and
//! evidence by reference — one of the unit's own task files or a document's number and date —
//! through the page's [`link_evidence`]. Adding evidence changes no score, so the version is
//! optional here; when named (`If-Match` or `version`) it must be the current one.
//!
//! [`link_evidence`]: cchc_app::par::link_evidence

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use cchc_app::par::{link_evidence, LinkInput};
use chrono::NaiveDate;

use super::auth::{Api, ParWrite};
use super::json::ApiJson;
use super::par_assessment::{evidence_out, link_out, ParEvidenceOut, ParLinkOut};
use super::par_writes::{refusal, VERSION_REQUIRED, VERSION_STALE};
use super::problem::{ApiResult, FieldProblem, Problem};
use super::version::{seen, Seen};
use crate::auth::policy::UnitStaff;
use crate::error::AppError;
use crate::form::read_multipart_all;
use crate::pages::par::reader;
use crate::state::AppState;

crate::api_type! {
    /// The evidence files stored by one upload.
    out ParEvidenceList { items: Vec<ParEvidenceOut> }
}

crate::api_type! {
    /// A document cited as evidence: number (số, ký hiệu), date and summary (trích yếu).
    in ParDocumentIn { number: String, date: NaiveDate, summary: Option<String> }
}

crate::api_type! {
    /// Evidence by reference for criterion `code`: one of the unit's own task files (`task_file_id`, from the assessment's `task_files`) or a `document`, not both.
    in ParLinkIn { version: Option<i64>, code: String, task_file_id: Option<i64>, document: Option<ParDocumentIn> }
}

pub const NOT_MULTIPART: &str =
    "Tệp kiểm chứng được gửi dạng multipart/form-data: trường codes (mã tiêu chí, có thể lặp lại) và file (tệp, có thể lặp lại).";
pub const CODES_NEEDED: &str = "Cần chọn tiêu chí mà tài liệu kiểm chứng chứng minh (trường codes).";
pub const FILE_NEEDED: &str = "Cần gửi tệp tài liệu kiểm chứng (trường file).";
pub const NOT_A_CRITERION: &str = "Mã này không phải một tiêu chí được chấm điểm trong bộ tiêu chí của bản đánh giá.";
pub const ONE_KIND: &str = "Cần đúng một trong hai: task_file_id (tệp của nhiệm vụ) hoặc document (văn bản).";

/// The version named, if any, checked against the current one.
fn optional_version(headers: &HeaderMap, body: Option<i64>, now: i64) -> ApiResult<Option<Seen>> {
    let seen = seen(headers, body, VERSION_REQUIRED)?;
    match seen {
        Some(s) if s.version != now => Err(s.stale(VERSION_STALE)),
        s => Ok(s),
    }
}

fn field(pointer: String, detail: impl Into<String>) -> FieldProblem {
    FieldProblem { pointer, detail: detail.into() }
}

/// POST `/api/v1/par/assessments/{id}/evidence` (multipart): one or more files for one or
/// more criteria; all are checked before any is stored.
pub async fn upload(
    auth: Api<UnitStaff, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    mp: Result<Multipart, MultipartRejection>,
) -> ApiResult<Json<ParEvidenceList>> {
    let (a, _, _) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let mp = mp.map_err(|_| Problem::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, NOT_MULTIPART))?;
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let version = match f.get("version") {
        v if v.is_empty() => None,
        v => Some(
            v.parse::<i64>()
                .map_err(|_| Problem::invalid(vec![field("/version".into(), "Phiên bản phải là một số nguyên.")]))?,
        ),
    };
    optional_version(&headers, version, a.version)?;
    let codes = f.all("codes");
    let set = state.par_results.criteria_set(state.store.as_ref(), a.set_id).await?;
    let mut errors = Vec::new();
    if codes.is_empty() {
        errors.push(field("/codes".into(), CODES_NEEDED));
    }
    for (i, c) in codes.iter().enumerate() {
        if set.find(c).is_none_or(|n| !n.is_leaf()) {
            errors.push(field(format!("/codes/{i}"), NOT_A_CRITERION));
        }
    }
    if uploads.is_empty() {
        errors.push(field("/file".into(), FILE_NEEDED));
    }
    let mut files = Vec::new();
    for (i, up) in uploads.into_iter().enumerate() {
        match crate::evidence::accept(up, max) {
            Ok(e) => files.push(e),
            Err(AppError::BadRequest(m)) => {
                errors.push(field(format!("/file/{i}"), crate::error::capitalize(&m) + "."))
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !errors.is_empty() {
        return Err(Problem::invalid(errors));
    }
    let mut items = Vec::new();
    for file in &files {
        items.push(evidence_out(&state.store.add_par_evidence(editor.actor(), id, file, &codes).await?));
    }
    Ok(Json(ParEvidenceList { items }))
}

/// The app's link fields as pointers into the body.
fn link_pointer(field: &str) -> String {
    match field {
        "link_code" => "/code",
        "link_number" => "/document/number",
        "link_date" => "/document/date",
        "link_summary" => "/document/summary",
        _ => "/task_file_id",
    }
    .to_string()
}

/// POST `/api/v1/par/assessments/{id}/links`.
pub async fn link(
    auth: Api<UnitStaff, ParWrite>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    ApiJson(b): ApiJson<ParLinkIn>,
) -> ApiResult<Json<ParLinkOut>> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let seen = optional_version(&headers, b.version, a.version)?;
    let input = match (b.task_file_id, b.document) {
        (Some(file), None) => LinkInput::TaskFile(Some(file)),
        (None, Some(d)) => {
            LinkInput::Document { number: d.number, date: Some(d.date), summary: d.summary.unwrap_or_default() }
        }
        _ => return Err(Problem::invalid(vec![field("/task_file_id".into(), ONE_KIND)])),
    };
    let seen = seen.unwrap_or(Seen { version: a.version, by_header: false });
    let l = link_evidence(state.store.as_ref(), editor.actor(), id, vis, &b.code, input)
        .await
        .map_err(|e| refusal(e, seen, link_pointer))?;
    Ok(Json(link_out(&l)))
}

/// The upload's multipart form, for the OpenAPI document.
pub fn evidence_form(defs: &mut super::schema::Defs) -> serde_json::Value {
    defs.insert(
        "ParEvidenceForm".into(),
        serde_json::json!({
            "type": "object",
            "required": ["codes", "file"],
            "properties": {
                "codes": {"type": "array", "items": {"type": "string"}, "description": "mã tiêu chí (lặp lại trường cho nhiều tiêu chí)"},
                "file": {"type": "array", "items": {"type": "string", "contentMediaType": "application/octet-stream"},
                         "description": "tệp PDF, Word, Excel, OpenDocument, JPEG, PNG (lặp lại trường cho nhiều tệp)"},
                "version": {"type": "integer", "description": "phiên bản đã đọc (không bắt buộc)"},
            },
        }),
    );
    serde_json::json!({"$ref": "#/components/schemas/ParEvidenceForm"})
}
