//! Files attached to reports: stored in the database with their hash, added only while the
//! report is editable, read only by those who may read the report.

use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, Utc};

use super::reports::fetch;
use super::{append_audit, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{NewEvidence, ReportFile, UnitReport};
use crate::traits_reports::ReportStore;

const FILE_COLS: &str = "id, token, report_id, file_name, content_type, size, uploaded_by, uploaded_at";

#[derive(sqlx::FromRow)]
struct FileDb {
    id: i64,
    token: String,
    report_id: i64,
    file_name: String,
    content_type: String,
    size: i64,
    uploaded_by: String,
    uploaded_at: DateTime<Utc>,
}

impl From<FileDb> for ReportFile {
    fn from(r: FileDb) -> Self {
        ReportFile {
            id: r.id,
            token: r.token,
            report_id: r.report_id,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            uploaded_by: r.uploaded_by,
            uploaded_at: r.uploaded_at,
        }
    }
}

/// Whether `vis` may read the files of `report` (a draft's files are its unit's own).
fn files_visible(report: &UnitReport, vis: Visibility) -> bool {
    vis.sees(report.unit_id, report.status)
}

/// Stores an uploaded file in `table` (a file table with the usual columns and the owner's id
/// in `owner_column`) under a fresh download token; returns its id and token.
pub(super) async fn insert_file(
    tx: &mut Tx,
    table: &'static str,
    owner_column: &'static str,
    owner: i64,
    f: &NewEvidence,
    by: &str,
) -> StoreResult<(i64, String)> {
    let token = super::tracking::random_token()?;
    let sql = format!(
        "INSERT INTO {table} (token, {owner_column}, file_name, content_type, size, sha256, content, uploaded_by, \
         uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id"
    );
    let id: i64 = sqlx::query_scalar(&sql)
        .bind(&token)
        .bind(owner)
        .bind(&f.file_name)
        .bind(&f.content_type)
        .bind(f.bytes.len() as i64)
        .bind(&f.sha256)
        .bind(&f.bytes)
        .bind(by)
        .bind(now())
        .fetch_one(&mut **tx)
        .await?;
    Ok((id, token))
}

pub(super) async fn add(store: &SqlStore, actor: &Actor, report: i64, f: &NewEvidence) -> StoreResult<ReportFile> {
    let mut tx = store.begin_write().await?;
    let r = fetch(&mut tx, report).await?;
    if !r.status.is_editable() {
        return Err(StoreError::Conflict("báo cáo đã nộp, không thêm tệp được".into()));
    }
    let (id, _) = insert_file(&mut tx, "report_files", "report_id", report, f, &actor.login).await?;
    let after = serde_json::json!({ "file_name": f.file_name, "sha256": f.sha256, "size": f.bytes.len() });
    append_audit(&mut tx, actor, &[event::<(), _>("report.file", "report", report, None, Some(&after))]).await?;
    let sql = format!("SELECT {FILE_COLS} FROM report_files WHERE id = $1");
    let rec: FileDb = sqlx::query_as(&sql).bind(id).fetch_one(&mut *tx).await?;
    tx.commit().await?;
    Ok(rec.into())
}

pub(super) async fn list(store: &SqlStore, report: i64, vis: Visibility) -> StoreResult<Vec<ReportFile>> {
    let r = store.report_by_id(report, vis).await?;
    if !files_visible(&r, vis) {
        return Ok(Vec::new());
    }
    let sql = format!("SELECT {FILE_COLS} FROM report_files WHERE report_id = $1 ORDER BY id");
    let rows: Vec<FileDb> = sqlx::query_as(&sql).bind(report).fetch_all(&store.read).await?;
    Ok(rows.into_iter().map(ReportFile::from).collect())
}

pub(super) async fn get(store: &SqlStore, token: &str, vis: Visibility) -> StoreResult<Option<(ReportFile, Vec<u8>)>> {
    let sql = format!("SELECT {FILE_COLS} FROM report_files WHERE token = $1");
    let r: Option<FileDb> = sqlx::query_as(&sql).bind(token).fetch_optional(&store.read).await?;
    let Some(r) = r else { return Ok(None) };
    let report = match store.report_by_id(r.report_id, vis).await {
        Ok(rep) => rep,
        Err(StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    if !files_visible(&report, vis) {
        return Ok(None);
    }
    let bytes: Vec<u8> =
        sqlx::query_scalar("SELECT content FROM report_files WHERE id = $1").bind(r.id).fetch_one(&store.read).await?;
    Ok(Some((r.into(), bytes)))
}
