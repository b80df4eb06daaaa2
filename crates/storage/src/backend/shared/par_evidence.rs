//! Evidence files of PAR assessments (tài liệu kiểm chứng): stored once with their hash and
//! linked to any number of criteria; added while the unit may still change its assessment,
//! read by whoever may read the assessment's scores.

use cchc_domain::review::ReviewState;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, Utc};

use super::{append_audit, event, json_rows, parse_json_rows, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model::NewEvidence;
use crate::model_par::ParEvidence;
use crate::traits_par::ParStore;

const COLS: &str = "id, token, assessment_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at";

type Row = (i64, String, i64, String, String, i64, String, String, DateTime<Utc>);

/// A [`Row`] with its criteria codes as a JSON array ([`json_rows`]).
type RowWithCodes = (i64, String, i64, String, String, i64, String, String, DateTime<Utc>, String);

fn of(r: Row, codes: Vec<String>) -> ParEvidence {
    let (id, token, assessment_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at) = r;
    ParEvidence { id, token, assessment_id, file_name, content_type, size, sha256, uploaded_by, uploaded_at, codes }
}

/// Whether `vis` may read the evidence of the assessment (a draft's belongs to its unit).
pub(super) async fn may_read(store: &SqlStore, assessment: i64, vis: Visibility) -> StoreResult<bool> {
    match store.assessment(assessment, vis).await {
        Ok(a) => Ok(super::par_scores::evidence_readable(&a, vis)),
        Err(StoreError::NotFound(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

pub(super) async fn add(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    f: &NewEvidence,
    codes: &[String],
) -> StoreResult<ParEvidence> {
    let mut tx = store.begin_write().await?;
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM par_assessments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let status = status.and_then(|s| ReviewState::parse(&s)).ok_or(StoreError::NotFound("bản đánh giá"))?;
    if !status.is_editable() {
        return Err(StoreError::Conflict("bản đánh giá đã nộp: không thêm tài liệu kiểm chứng được".into()));
    }
    if codes.is_empty() {
        return Err(StoreError::Invalid("tài liệu kiểm chứng cần gắn với ít nhất một tiêu chí".into()));
    }
    let (eid, _) =
        super::report_files::insert_file(&mut tx, "par_evidence", "assessment_id", id, f, &actor.login).await?;
    for code in codes {
        sqlx::query("INSERT INTO par_evidence_links (evidence_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(eid)
            .bind(code)
            .execute(&mut *tx)
            .await?;
    }
    let after =
        serde_json::json!({ "file_name": f.file_name, "sha256": f.sha256, "size": f.bytes.len(), "codes": codes });
    append_audit(&mut tx, actor, &[event::<(), _>("par.evidence", "par_assessment", id, None, Some(&after))]).await?;
    let sql = format!("SELECT {COLS} FROM par_evidence WHERE id = $1");
    let row: Row = sqlx::query_as(&sql).bind(eid).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(of(row, codes.to_vec()))
}

async fn codes_of(store: &SqlStore, evidence: i64) -> StoreResult<Vec<String>> {
    Ok(sqlx::query_scalar("SELECT code FROM par_evidence_links WHERE evidence_id = $1 ORDER BY code")
        .bind(evidence)
        .fetch_all(&store.read)
        .await?)
}

pub(super) async fn list(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Vec<ParEvidence>> {
    if !may_read(store, id, vis).await? {
        return Ok(Vec::new());
    }
    rows(store, id).await
}

/// The evidence files of assessment `id`, whoever reads them.
pub(super) async fn rows(store: &SqlStore, id: i64) -> StoreResult<Vec<ParEvidence>> {
    // Each file with its criteria in the same row (not one more statement per file).
    let sql = format!(
        "SELECT {COLS}, {} FROM par_evidence WHERE assessment_id = $1 ORDER BY id",
        json_rows("l.code", "FROM par_evidence_links l WHERE l.evidence_id = par_evidence.id")
    );
    let rows: Vec<RowWithCodes> = sqlx::query_as(&sql).bind(id).fetch_all(&store.read).await?;
    rows.into_iter()
        .map(|(id, token, assessment, name, kind, size, sha, by, at, codes)| {
            let mut codes: Vec<(String,)> = parse_json_rows("tiêu chí của tài liệu kiểm chứng", &codes)?;
            codes.sort();
            Ok(of((id, token, assessment, name, kind, size, sha, by, at), codes.into_iter().map(|(c,)| c).collect()))
        })
        .collect()
}

pub(super) async fn get(store: &SqlStore, token: &str, vis: Visibility) -> StoreResult<Option<(ParEvidence, Vec<u8>)>> {
    let sql = format!("SELECT {COLS} FROM par_evidence WHERE token = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(token).fetch_optional(&store.read).await?;
    let Some(r) = r else { return Ok(None) };
    if !may_read(store, r.2, vis).await? {
        return Ok(None);
    }
    let bytes: Vec<u8> =
        sqlx::query_scalar("SELECT content FROM par_evidence WHERE id = $1").bind(r.0).fetch_one(&store.read).await?;
    let codes = codes_of(store, r.0).await?;
    Ok(Some((of(r, codes), bytes)))
}
