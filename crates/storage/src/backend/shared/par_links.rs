//! PAR evidence by reference: a criterion linked to an existing evidence file of one of the
//! unit's own tasks (the file stays where it is, never copied) or to a document's number and
//! date. Added while the unit may change its assessment; read as its evidence files are.

use cchc_domain::review::ReviewState;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::par_evidence::may_read;
use super::{append_audit, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_par::{NewParLink, ParLink, TaskFile};

/// A task file is the unit's own when it uploaded it, or, with no uploader unit recorded,
/// when it leads the task's instance.
const OWN_FILE: &str = "COALESCE(e.unit_id, i.lead_unit_id) = $1";

const FILE_COLS: &str = "e.id, e.file_name, e.content_type, e.size, t.title, i.label";

type FileRow = (i64, String, String, i64, String, String);

fn task_file((evidence_id, file_name, content_type, size, title, label): FileRow) -> TaskFile {
    let task_label = if label.is_empty() { title } else { format!("{title} · {label}") };
    TaskFile { evidence_id, file_name, content_type, size, task_label }
}

fn file_sql(filter: &str) -> String {
    format!(
        "SELECT {FILE_COLS} FROM evidence e JOIN task_instances i ON i.id = e.instance_id \
         JOIN tasks t ON t.id = i.task_id WHERE {filter}"
    )
}

pub(super) async fn unit_files(store: &SqlStore, unit: UnitId) -> StoreResult<Vec<TaskFile>> {
    let sql = format!("{} ORDER BY e.uploaded_at DESC, e.id DESC", file_sql(OWN_FILE));
    let rows: Vec<FileRow> = sqlx::query_as(&sql).bind(unit).fetch_all(&store.read).await?;
    Ok(rows.into_iter().map(task_file).collect())
}

const LINK_COLS: &str =
    "id, assessment_id, code, task_evidence_id, doc_number, doc_date, doc_summary, added_by, added_at";

/// References with their task files ([`JoinedRow`]) matching `filter` (on `r`), in order.
fn joined_sql(filter: &str) -> String {
    let cols = LINK_COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {cols}, {FILE_COLS} FROM par_evidence_refs r LEFT JOIN evidence e ON e.id = r.task_evidence_id \
         LEFT JOIN task_instances i ON i.id = e.instance_id LEFT JOIN tasks t ON t.id = i.task_id \
         WHERE {filter} ORDER BY r.code, r.id"
    )
}

/// The assessed unit, when the assessment may still take evidence.
async fn editable_unit(tx: &mut Tx, id: i64) -> StoreResult<UnitId> {
    let row: Option<(String, i64)> = sqlx::query_as("SELECT status, unit_id FROM par_assessments WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let (status, unit) = row.ok_or(StoreError::NotFound("bản đánh giá"))?;
    let status = ReviewState::parse(&status).ok_or(StoreError::NotFound("bản đánh giá"))?;
    if !status.is_editable() {
        return Err(StoreError::Conflict("bản đánh giá đã nộp: không thêm tài liệu kiểm chứng được".into()));
    }
    Ok(unit)
}

pub(super) async fn add(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    code: &str,
    link: &NewParLink,
) -> StoreResult<ParLink> {
    let mut tx = store.begin_write().await?;
    let unit = editable_unit(&mut tx, id).await?;
    let (task, number, date, summary) = match link {
        NewParLink::TaskFile(e) => {
            let sql = format!("{} AND e.id = $2", file_sql(OWN_FILE));
            let own: Option<FileRow> = sqlx::query_as(&sql).bind(unit).bind(e).fetch_optional(&mut *tx).await?;
            if own.is_none() {
                return Err(StoreError::Invalid(
                    "tệp đã chọn không phải tài liệu kiểm chứng nhiệm vụ của chính đơn vị".into(),
                ));
            }
            (Some(*e), String::new(), None, String::new())
        }
        NewParLink::Document { number, date, summary } => {
            if number.trim().is_empty() {
                return Err(StoreError::Invalid("cần số, ký hiệu văn bản".into()));
            }
            (None, number.trim().to_string(), Some(*date), summary.trim().to_string())
        }
    };
    let lid: i64 = sqlx::query_scalar(
        "INSERT INTO par_evidence_refs (assessment_id, code, task_evidence_id, doc_number, doc_date, doc_summary, \
         added_by, added_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(id)
    .bind(code)
    .bind(task)
    .bind(&number)
    .bind(date)
    .bind(&summary)
    .bind(&actor.login)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let after = serde_json::json!({ "code": code, "task_evidence_id": task, "doc_number": number, "doc_date": date,
        "doc_summary": summary });
    append_audit(&mut tx, actor, &[event::<(), _>("par.evidence_link", "par_assessment", id, None, Some(&after))])
        .await?;
    tx.commit().await?;
    let row: JoinedRow = sqlx::query_as(&joined_sql("r.id = $1")).bind(lid).fetch_one(&store.read).await?;
    Ok(joined_link(row))
}

pub(super) async fn list(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Vec<ParLink>> {
    if !may_read(store, id, vis).await? {
        return Ok(Vec::new());
    }
    rows(store, id).await
}

/// The evidence by reference of assessment `id`, whoever reads it.
pub(super) async fn rows(store: &SqlStore, id: i64) -> StoreResult<Vec<ParLink>> {
    // Each reference with its task file in the same row (not one more statement per file).
    let sql = joined_sql("r.assessment_id = $1");
    let rows: Vec<JoinedRow> = sqlx::query_as(&sql).bind(id).fetch_all(&store.read).await?;
    Ok(rows.into_iter().map(joined_link).collect())
}

/// A reference ([`LINK_COLS`]) with the columns of its task file ([`FileRow`]'s),
/// null when it names a document (or when the file, its task instance or its task is gone).
type JoinedRow = (
    i64,
    i64,
    String,
    Option<i64>,
    String,
    Option<NaiveDate>,
    String,
    String,
    DateTime<Utc>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
);

fn joined_link(r: JoinedRow) -> ParLink {
    let task_file = match (r.3, r.9, r.10, r.11, r.12, r.13, r.14) {
        (Some(_), Some(e), Some(name), Some(kind), Some(size), Some(title), Some(label)) => {
            Some(task_file((e, name, kind, size, title, label)))
        }
        _ => None,
    };
    ParLink {
        id: r.0,
        assessment_id: r.1,
        code: r.2,
        task_file,
        doc_number: r.4,
        doc_date: r.5,
        doc_summary: r.6,
        added_by: r.7,
        added_at: r.8,
    }
}

pub(super) async fn file(
    store: &SqlStore,
    id: i64,
    link: i64,
    vis: Visibility,
) -> StoreResult<Option<(ParLink, Vec<u8>)>> {
    let Some(l) = list(store, id, vis).await?.into_iter().find(|l| l.id == link) else { return Ok(None) };
    let Some(f) = &l.task_file else { return Ok(None) };
    let bytes: Option<Vec<u8>> = sqlx::query_scalar("SELECT content FROM evidence_blobs WHERE evidence_id = $1")
        .bind(f.evidence_id)
        .fetch_optional(&store.read)
        .await?;
    Ok(bytes.map(|b| (l, b)))
}
