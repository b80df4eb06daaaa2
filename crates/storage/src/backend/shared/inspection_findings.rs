//! Findings and the remedy of their recommendation: stored with the task lifecycle's progress
//! columns and the recommendation's own state (open / resolved / waived with a reason); every
//! change one transaction with its files and its audit entry, refused when the finding
//! changed meanwhile. Files of inspections and remedies are read only by those who may read
//! their owner.

use cchc_domain::inspection::{FindingSource, RecommendationState, Severity};
use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

use super::inspection::scope;
use super::{append_audit, corrupt, event, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::AuditEvent;
use crate::model::NewEvidence;
use crate::model_inspection::{Finding, FindingChange, FindingFilter, InspectionFile, NewFinding};
use crate::traits_inspection::{FileOwner, InspectionStore};

const COLS: &str = "f.id, f.inspection_id, f.unit_id, u.name AS unit_name, f.source, f.source_ref, f.severity, \
     f.area, f.text, f.recommendation, f.due, f.evidence_required, f.raised_on, f.state, f.waive_reason, \
     f.task_state, f.percent, f.reported_done_on, f.accepted_on, f.return_reason, f.updated_on, f.last_note, f.version";

#[derive(sqlx::FromRow)]
struct FindingDb {
    id: i64,
    inspection_id: Option<i64>,
    unit_id: i64,
    unit_name: String,
    source: String,
    source_ref: String,
    severity: String,
    area: String,
    text: String,
    recommendation: String,
    due: Option<NaiveDate>,
    evidence_required: bool,
    raised_on: NaiveDate,
    state: String,
    waive_reason: Option<String>,
    task_state: String,
    percent: Option<i64>,
    reported_done_on: Option<NaiveDate>,
    accepted_on: Option<NaiveDate>,
    return_reason: Option<String>,
    updated_on: Option<NaiveDate>,
    last_note: String,
    version: i64,
}

impl TryFrom<FindingDb> for Finding {
    type Error = StoreError;
    fn try_from(r: FindingDb) -> StoreResult<Finding> {
        Ok(Finding {
            id: r.id,
            inspection_id: r.inspection_id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            source: FindingSource::parse(&r.source).ok_or_else(|| corrupt("nguồn kiến nghị", &r.source))?,
            source_ref: r.source_ref,
            severity: Severity::parse(&r.severity).ok_or_else(|| corrupt("mức độ", &r.severity))?,
            area: r.area,
            text: r.text,
            recommendation: r.recommendation,
            due: r.due,
            evidence_required: r.evidence_required,
            raised_on: r.raised_on,
            state: RecommendationState::parse(&r.state).ok_or_else(|| corrupt("trạng thái kiến nghị", &r.state))?,
            waive_reason: r.waive_reason,
            progress: TaskProgress {
                state: TaskState::parse(&r.task_state).ok_or_else(|| corrupt("trạng thái khắc phục", &r.task_state))?,
                percent: r.percent.and_then(|p| u8::try_from(p).ok()),
                reported_done_on: r.reported_done_on,
                accepted_on: r.accepted_on,
                return_reason: r.return_reason,
                updated_on: r.updated_on,
            },
            last_note: r.last_note,
            version: r.version,
        })
    }
}

/// What the audit log records of a finding.
fn summary(f: &Finding) -> serde_json::Value {
    serde_json::json!({ "unit_id": f.unit_id, "state": f.state.code(), "remedy": f.progress.state.code(),
        "waive_reason": f.waive_reason, "note": f.last_note, "version": f.version })
}

/// The audit event of a newly raised finding.
pub(super) fn raised(id: i64, f: &NewFinding) -> AuditEvent {
    let after = serde_json::json!({ "inspection_id": f.inspection_id, "unit_id": f.unit_id,
        "source": f.source.code(), "source_ref": f.source_ref, "severity": f.severity.code(), "area": f.area,
        "text": f.text, "recommendation": f.recommendation, "due": f.due, "evidence_required": f.evidence_required });
    event::<(), _>("finding.raise", "finding", id, None, Some(&after))
}

pub(super) async fn insert(tx: &mut Tx, f: &NewFinding) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO findings (inspection_id, unit_id, source, source_ref, severity, area, text, recommendation, due, \
         evidence_required, raised_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(f.inspection_id)
    .bind(f.unit_id)
    .bind(f.source.code())
    .bind(&f.source_ref)
    .bind(f.severity.code())
    .bind(&f.area)
    .bind(&f.text)
    .bind(&f.recommendation)
    .bind(f.due)
    .bind(f.evidence_required)
    .bind(f.raised_on)
    .fetch_one(&mut **tx)
    .await?)
}

async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<Finding> {
    let sql = format!("SELECT {COLS} FROM findings f JOIN units u ON u.id = f.unit_id WHERE f.id = $1");
    let r: Option<FindingDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("kiến nghị"))?.try_into()
}

pub(super) async fn add(store: &SqlStore, actor: &Actor, findings: &[NewFinding]) -> StoreResult<Vec<Finding>> {
    if findings.is_empty() {
        return Err(StoreError::Invalid("không có kiến nghị nào để ghi".into()));
    }
    let mut tx = store.begin_write().await?;
    let mut out = Vec::with_capacity(findings.len());
    let mut audit = Vec::with_capacity(findings.len());
    for f in findings {
        let id = insert(&mut tx, f).await?;
        audit.push(raised(id, f));
        out.push(fetch(&mut tx, id).await?);
    }
    append_audit(&mut tx, actor, &audit).await?;
    tx.commit().await?;
    Ok(out)
}

pub(super) async fn list(store: &SqlStore, f: &FindingFilter, vis: Visibility) -> StoreResult<Vec<Finding>> {
    let mut q =
        QueryBuilder::new(format!("SELECT {COLS} FROM findings f JOIN units u ON u.id = f.unit_id WHERE 1 = 1"));
    if let Some(u) = vis.root() {
        q.push(" AND f.unit_id = ").push_bind(u);
    }
    if let Some(i) = f.inspection_id {
        q.push(" AND f.inspection_id = ").push_bind(i);
    }
    if let Some(u) = f.unit_id {
        q.push(" AND f.unit_id = ").push_bind(u);
    }
    if let Some(d) = f.raised_from {
        q.push(" AND f.raised_on >= ").push_bind(d);
    }
    if let Some(d) = f.raised_to {
        q.push(" AND f.raised_on <= ").push_bind(d);
    }
    q.push(" ORDER BY f.raised_on, f.id");
    let rows: Vec<FindingDb> = q.build_query_as().fetch_all(&store.read).await?;
    rows.into_iter().map(Finding::try_from).collect()
}

pub(super) async fn get(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Finding> {
    let sql = format!(
        "SELECT {COLS} FROM findings f JOIN units u ON u.id = f.unit_id WHERE f.id = $1 AND ($2 = 0 OR f.unit_id = $2)"
    );
    let r: Option<FindingDb> = sqlx::query_as(&sql).bind(id).bind(scope(vis)).fetch_optional(&store.read).await?;
    r.ok_or(StoreError::NotFound("kiến nghị"))?.try_into()
}

pub(super) async fn change(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    c: &FindingChange,
    files: &[NewEvidence],
) -> StoreResult<Finding> {
    let mut tx = store.begin_write().await?;
    let before = fetch(&mut tx, id).await?;
    if before.state.is_settled() {
        return Err(StoreError::Conflict("kiến nghị đã xử lý xong hoặc đã được miễn, không thay đổi được nữa".into()));
    }
    if before.version != expected_version {
        return Err(StoreError::Conflict("kiến nghị vừa được người khác cập nhật; hãy tải lại trang".into()));
    }
    let p = &c.progress;
    sqlx::query(
        "UPDATE findings SET state = $1, waive_reason = $2, task_state = $3, percent = $4, reported_done_on = $5, \
         accepted_on = $6, return_reason = $7, updated_on = $8, last_note = $9, version = version + 1 WHERE id = $10",
    )
    .bind(c.state.code())
    .bind(&c.waive_reason)
    .bind(p.state.code())
    .bind(p.percent.map(i64::from))
    .bind(p.reported_done_on)
    .bind(p.accepted_on)
    .bind(&p.return_reason)
    .bind(p.updated_on)
    .bind(&c.note)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    for f in files {
        super::report_files::insert_file(&mut tx, "finding_files", "finding_id", id, f, &actor.login).await?;
    }
    let after = fetch(&mut tx, id).await?;
    let mut s = summary(&after);
    s["files"] = files.iter().map(|f| f.file_name.clone()).collect::<Vec<_>>().into();
    append_audit(&mut tx, actor, &[event(&c.action, "finding", id, Some(&summary(&before)), Some(&s))]).await?;
    tx.commit().await?;
    Ok(after)
}

const FILE_COLS: &str = "id, token, file_name, content_type, size, uploaded_by, uploaded_at";

type FileRow = (i64, String, String, String, i64, String, DateTime<Utc>);

fn file_of(r: FileRow) -> InspectionFile {
    let (id, token, file_name, content_type, size, uploaded_by, uploaded_at) = r;
    InspectionFile { id, token, file_name, content_type, size, uploaded_by, uploaded_at }
}

/// The table, owner column and owner id of `owner`, after checking the reader may see it.
async fn readable(
    store: &SqlStore,
    owner: FileOwner,
    vis: Visibility,
) -> StoreResult<(&'static str, &'static str, i64)> {
    match owner {
        FileOwner::Inspection(id) => {
            store.inspection(id, vis).await?;
            Ok(("inspection_files", "inspection_id", id))
        }
        FileOwner::Finding(id) => {
            get(store, id, vis).await?;
            Ok(("finding_files", "finding_id", id))
        }
    }
}

pub(super) async fn files(store: &SqlStore, owner: FileOwner, vis: Visibility) -> StoreResult<Vec<InspectionFile>> {
    let (table, column, id) = readable(store, owner, vis).await?;
    let sql = format!("SELECT {FILE_COLS} FROM {table} WHERE {column} = $1 ORDER BY id");
    let rows: Vec<FileRow> = sqlx::query_as(&sql).bind(id).fetch_all(&store.read).await?;
    Ok(rows.into_iter().map(file_of).collect())
}

pub(super) async fn file(
    store: &SqlStore,
    token: &str,
    vis: Visibility,
) -> StoreResult<Option<(InspectionFile, Vec<u8>)>> {
    for (table, column) in [("inspection_files", "inspection_id"), ("finding_files", "finding_id")] {
        let sql = format!("SELECT {column} FROM {table} WHERE token = $1");
        let owner: Option<i64> = sqlx::query_scalar(&sql).bind(token).fetch_optional(&store.read).await?;
        let Some(owner) = owner else { continue };
        let who = if table == "inspection_files" { FileOwner::Inspection(owner) } else { FileOwner::Finding(owner) };
        match readable(store, who, vis).await {
            Ok(_) => {}
            Err(StoreError::NotFound(_)) => return Ok(None),
            Err(e) => return Err(e),
        }
        let sql = format!("SELECT {FILE_COLS} FROM {table} WHERE token = $1");
        let r: FileRow = sqlx::query_as(&sql).bind(token).fetch_one(&store.read).await?;
        let sql = format!("SELECT content FROM {table} WHERE token = $1");
        let bytes: Vec<u8> = sqlx::query_scalar(&sql).bind(token).fetch_one(&store.read).await?;
        return Ok(Some((file_of(r), bytes)));
    }
    Ok(None)
}
