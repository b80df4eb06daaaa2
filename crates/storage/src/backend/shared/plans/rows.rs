//! Plan rows as read from the database and their conversion into the store's records.

use cchc_domain::plan::{DocumentKind, DocumentMeta, PlanTarget, PlanTask, Source};
use chrono::{DateTime, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::super::corrupt;
use crate::error::{StoreError, StoreResult};
use crate::model::{StoredDocument, TargetRecord, TaskRecord};

pub(in crate::backend) const DOC_COLS: &str =
    "d.id, d.kind, d.number, d.doc_date, d.issuer, d.title, d.plan_year, d.province_id, \
     d.file_name, d.format, d.sha256, d.version, d.replaces_id, d.active, d.imported_at, d.imported_by, \
     (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id) AS task_count, \
     (SELECT COUNT(*) FROM targets g WHERE g.document_id = d.id) AS target_count, \
     (SELECT COUNT(*) FROM tasks t WHERE t.document_id = d.id AND t.needs_review = TRUE) AS review_count, \
     d.owner_unit_id";

#[derive(sqlx::FromRow)]
pub(in crate::backend) struct DocDb {
    id: i64,
    kind: String,
    number: Option<String>,
    doc_date: Option<NaiveDate>,
    issuer: Option<String>,
    title: Option<String>,
    plan_year: Option<i64>,
    province_id: Option<i64>,
    file_name: String,
    format: String,
    sha256: String,
    version: i64,
    replaces_id: Option<i64>,
    active: bool,
    imported_at: DateTime<Utc>,
    imported_by: String,
    task_count: i64,
    target_count: i64,
    review_count: i64,
    owner_unit_id: Option<i64>,
}

impl TryFrom<DocDb> for StoredDocument {
    type Error = StoreError;
    fn try_from(r: DocDb) -> Result<Self, StoreError> {
        Ok(StoredDocument {
            id: r.id,
            meta: DocumentMeta {
                kind: DocumentKind::parse(&r.kind).ok_or_else(|| corrupt("loại văn bản", &r.kind))?,
                number: r.number,
                date: r.doc_date,
                issuer: r.issuer,
                title: r.title,
                plan_year: r.plan_year.and_then(|y| i32::try_from(y).ok()),
                province_id: r.province_id,
                file_name: r.file_name,
                format: r.format,
                sha256: r.sha256,
            },
            version: r.version,
            replaces_id: r.replaces_id,
            active: r.active,
            imported_at: r.imported_at,
            imported_by: r.imported_by,
            task_count: r.task_count,
            target_count: r.target_count,
            review_count: r.review_count,
            owner_unit_id: r.owner_unit_id,
        })
    }
}

pub(super) const TASK_COLS: &str =
    "id, document_id, code, parent_code, area_code, objective, title, activities, outputs, \
     lead, coordinating, deadline, budget, source, needs_review";

#[derive(sqlx::FromRow)]
pub(super) struct TaskDb {
    id: i64,
    document_id: i64,
    code: String,
    parent_code: Option<String>,
    area_code: Option<String>,
    objective: Option<String>,
    title: String,
    activities: String,
    outputs: String,
    lead: String,
    coordinating: String,
    deadline: String,
    budget: String,
    source: String,
    needs_review: bool,
}

pub(super) fn json<T: DeserializeOwned>(what: &str, s: &str) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|_| corrupt(what, s))
}

pub(super) fn to_json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "null".into())
}

impl TryFrom<TaskDb> for TaskRecord {
    type Error = StoreError;
    fn try_from(r: TaskDb) -> Result<Self, StoreError> {
        Ok(TaskRecord {
            id: r.id,
            document_id: r.document_id,
            needs_review: r.needs_review,
            task: PlanTask {
                code: r.code,
                parent: r.parent_code,
                after: None,
                area: r.area_code,
                objective: r.objective,
                title: r.title,
                activities: json("hoạt động", &r.activities)?,
                outputs: json("sản phẩm", &r.outputs)?,
                lead: json("chủ trì", &r.lead)?,
                coordinating: json("phối hợp", &r.coordinating)?,
                deadline: json("thời hạn", &r.deadline)?,
                milestones: Vec::new(),
                budget: json("kinh phí", &r.budget)?,
                source: Source::kept(r.source),
            },
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct TargetDb {
    id: i64,
    document_id: i64,
    code: String,
    area_code: Option<String>,
    text: String,
    target_text: Option<String>,
    target_values: String,
    monitoring: String,
    implementing: String,
    source: String,
}

impl TryFrom<TargetDb> for TargetRecord {
    type Error = StoreError;
    fn try_from(r: TargetDb) -> Result<Self, StoreError> {
        Ok(TargetRecord {
            id: r.id,
            document_id: r.document_id,
            target: PlanTarget {
                code: r.code,
                area: r.area_code,
                text: r.text,
                target_text: r.target_text,
                values: json("giá trị chỉ tiêu", &r.target_values)?,
                monitoring: json("đơn vị theo dõi", &r.monitoring)?,
                implementing: json("đơn vị thực hiện", &r.implementing)?,
                source: Source::kept(r.source),
            },
        })
    }
}
