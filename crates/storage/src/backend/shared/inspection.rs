//! Inspections: checklists as versioned JSON, the year's plan, the record of an inspection
//! (answers, conclusion, findings and files in one transaction) and its closing, which the
//! same transaction refuses while a recommendation is still open.

use cchc_domain::inspection::{closable, Answer, Checklist, InspectionState, RecommendationState};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::NewEvidence;
use crate::model_inspection::{
    AnswerRecord, Finding, FindingChange, FindingFilter, Inspection, InspectionFile, InspectionRecord, NewFinding,
    NewInspection, StoredChecklist,
};
use crate::traits_inspection::{FileOwner, InspectionStore};

const INSPECTION_COLS: &str = "i.id, i.year, i.unit_id, u.name AS unit_name, i.checklist_id, i.team, i.leader, \
     i.date_from, i.date_to, i.prepare, i.state, i.conclusion, i.recorded_on, i.closed_on, i.version";

#[derive(sqlx::FromRow)]
struct InspectionDb {
    id: i64,
    year: i64,
    unit_id: i64,
    unit_name: String,
    checklist_id: i64,
    team: String,
    leader: String,
    date_from: NaiveDate,
    date_to: NaiveDate,
    prepare: String,
    state: String,
    conclusion: String,
    recorded_on: Option<NaiveDate>,
    closed_on: Option<NaiveDate>,
    version: i64,
}

impl TryFrom<InspectionDb> for Inspection {
    type Error = StoreError;
    fn try_from(r: InspectionDb) -> StoreResult<Inspection> {
        Ok(Inspection {
            id: r.id,
            year: i32::try_from(r.year).map_err(|_| corrupt("năm", &r.year.to_string()))?,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            checklist_id: r.checklist_id,
            team: r.team,
            leader: r.leader,
            date_from: r.date_from,
            date_to: r.date_to,
            prepare: r.prepare,
            state: InspectionState::parse(&r.state).ok_or_else(|| corrupt("trạng thái kiểm tra", &r.state))?,
            conclusion: r.conclusion,
            recorded_on: r.recorded_on,
            closed_on: r.closed_on,
            version: r.version,
        })
    }
}

/// The reader's unit, or 0 for province-wide readers (bound as `$n` in `($n = 0 OR …)`).
pub(super) fn scope(vis: Visibility) -> i64 {
    vis.root().unwrap_or(0)
}

async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<Inspection> {
    let sql = format!("SELECT {INSPECTION_COLS} FROM inspections i JOIN units u ON u.id = i.unit_id WHERE i.id = $1");
    let r: Option<InspectionDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("cuộc kiểm tra"))?.try_into()
}

fn summary(i: &Inspection) -> serde_json::Value {
    serde_json::json!({ "year": i.year, "unit_id": i.unit_id, "team": i.team, "leader": i.leader, "from": i.date_from,
        "to": i.date_to, "state": i.state.code(), "version": i.version })
}

type ChecklistRow = (i64, String, DateTime<Utc>, String);

fn stored(r: ChecklistRow) -> StoreResult<StoredChecklist> {
    let checklist: Checklist = serde_json::from_str(&r.1).map_err(|e| corrupt("danh mục kiểm tra", &e.to_string()))?;
    Ok(StoredChecklist { id: r.0, checklist, created_at: r.2, created_by: r.3 })
}

async fn insert_answers(tx: &mut Tx, id: i64, answers: &[AnswerRecord]) -> StoreResult<()> {
    sqlx::query("DELETE FROM inspection_answers WHERE inspection_id = $1").bind(id).execute(&mut **tx).await?;
    for a in answers {
        sqlx::query("INSERT INTO inspection_answers (inspection_id, item_code, answer, note) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(&a.item_code)
            .bind(a.answer.code())
            .bind(&a.note)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl InspectionStore for SqlStore {
    async fn save_checklist(&self, actor: &Actor, c: &Checklist) -> StoreResult<StoredChecklist> {
        let mut tx = self.begin_write().await?;
        let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM inspection_checklists WHERE code = $1")
            .bind(&c.code)
            .fetch_one(&mut *tx)
            .await?;
        let mut c = c.clone();
        c.version = latest.map_or(c.version.max(1), |v| v as u32 + 1);
        let body = serde_json::to_string(&c).map_err(|e| StoreError::Other(e.to_string()))?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO inspection_checklists (code, version, group_code, effective_from, body, created_at, \
             created_by) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&c.code)
        .bind(i64::from(c.version))
        .bind(&c.group)
        .bind(c.effective_from)
        .bind(&body)
        .bind(at)
        .bind(&actor.login)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "code": c.code, "version": c.version, "group": c.group,
            "items": c.items.len(), "target_percent": c.target_percent });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("inspection.checklist", "inspection_checklist", id, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(StoredChecklist { id, checklist: c, created_at: at, created_by: actor.login.clone() })
    }

    async fn checklists(&self) -> StoreResult<Vec<StoredChecklist>> {
        let rows: Vec<ChecklistRow> = sqlx::query_as(
            "SELECT id, body, created_at, created_by FROM inspection_checklists ORDER BY group_code, code, version DESC",
        )
        .fetch_all(&self.read)
        .await?;
        rows.into_iter().map(stored).collect()
    }

    async fn checklist(&self, id: i64) -> StoreResult<StoredChecklist> {
        let r: Option<ChecklistRow> =
            sqlx::query_as("SELECT id, body, created_at, created_by FROM inspection_checklists WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        stored(r.ok_or(StoreError::NotFound("danh mục kiểm tra"))?)
    }

    async fn plan_inspections(&self, actor: &Actor, items: &[NewInspection]) -> StoreResult<Vec<Inspection>> {
        if items.is_empty() {
            return Err(StoreError::Invalid("chưa chọn đơn vị nào để kiểm tra".into()));
        }
        let mut tx = self.begin_write().await?;
        let mut out = Vec::with_capacity(items.len());
        let mut audit = Vec::with_capacity(items.len());
        for n in items {
            let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM inspections WHERE year = $1 AND unit_id = $2")
                .bind(i64::from(n.year))
                .bind(n.unit_id)
                .fetch_optional(&mut *tx)
                .await?;
            if taken.is_some() {
                let name: String = sqlx::query_scalar("SELECT name FROM units WHERE id = $1")
                    .bind(n.unit_id)
                    .fetch_optional(&mut *tx)
                    .await?
                    .unwrap_or_default();
                return Err(StoreError::Conflict(format!("{name} đã có trong kế hoạch kiểm tra năm {}", n.year)));
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO inspections (year, unit_id, checklist_id, team, leader, date_from, date_to, prepare, \
                 state, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'planned', $9) RETURNING id",
            )
            .bind(i64::from(n.year))
            .bind(n.unit_id)
            .bind(n.checklist_id)
            .bind(&n.team)
            .bind(&n.leader)
            .bind(n.date_from)
            .bind(n.date_to)
            .bind(&n.prepare)
            .bind(now())
            .fetch_one(&mut *tx)
            .await?;
            let i = fetch(&mut tx, id).await?;
            audit.push(event::<(), _>("inspection.plan", "inspection", id, None, Some(&summary(&i))));
            out.push(i);
        }
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn inspections(&self, year: Option<i32>, vis: Visibility) -> StoreResult<Vec<Inspection>> {
        let sql = format!(
            "SELECT {INSPECTION_COLS} FROM inspections i JOIN units u ON u.id = i.unit_id \
             WHERE ($1 = 0 OR i.year = $1) AND ($2 = 0 OR i.unit_id = $2) ORDER BY i.date_from, u.name, i.id"
        );
        let rows: Vec<InspectionDb> =
            sqlx::query_as(&sql).bind(year.map_or(0, i64::from)).bind(scope(vis)).fetch_all(&self.read).await?;
        rows.into_iter().map(Inspection::try_from).collect()
    }

    async fn inspection(&self, id: i64, vis: Visibility) -> StoreResult<Inspection> {
        let sql = format!(
            "SELECT {INSPECTION_COLS} FROM inspections i JOIN units u ON u.id = i.unit_id \
             WHERE i.id = $1 AND ($2 = 0 OR i.unit_id = $2)"
        );
        let r: Option<InspectionDb> = sqlx::query_as(&sql).bind(id).bind(scope(vis)).fetch_optional(&self.read).await?;
        r.ok_or(StoreError::NotFound("cuộc kiểm tra"))?.try_into()
    }

    async fn last_inspected(&self) -> StoreResult<Vec<(UnitId, NaiveDate)>> {
        Ok(sqlx::query_as("SELECT unit_id, MAX(date_from) FROM inspections GROUP BY unit_id ORDER BY unit_id")
            .fetch_all(&self.read)
            .await?)
    }

    async fn answers(&self, id: i64, vis: Visibility) -> StoreResult<Vec<AnswerRecord>> {
        self.inspection(id, vis).await?;
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT item_code, answer, note FROM inspection_answers WHERE inspection_id = $1 ORDER BY item_code",
        )
        .bind(id)
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(item_code, a, note)| {
                let answer = Answer::parse(&a).ok_or_else(|| corrupt("câu trả lời", &a))?;
                Ok(AnswerRecord { item_code, answer, note })
            })
            .collect()
    }

    async fn record_inspection(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        record: &InspectionRecord,
        findings: &[NewFinding],
        files: &[NewEvidence],
    ) -> StoreResult<Inspection> {
        let mut tx = self.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        if before.state != InspectionState::Planned {
            return Err(StoreError::Conflict("cuộc kiểm tra đã được ghi nhận trước đó".into()));
        }
        if before.version != expected_version {
            return Err(StoreError::Conflict("cuộc kiểm tra vừa được người khác thay đổi; hãy tải lại trang".into()));
        }
        insert_answers(&mut tx, id, &record.answers).await?;
        sqlx::query(
            "UPDATE inspections SET state = 'recorded', conclusion = $1, recorded_on = $2, version = version + 1 \
             WHERE id = $3",
        )
        .bind(&record.conclusion)
        .bind(record.recorded_on)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let mut audit = Vec::new();
        for f in findings {
            let fid = super::inspection_findings::insert(&mut tx, f).await?;
            audit.push(super::inspection_findings::raised(fid, f));
        }
        for f in files {
            super::report_files::insert_file(&mut tx, "inspection_files", "inspection_id", id, f, &actor.login).await?;
        }
        let after = fetch(&mut tx, id).await?;
        let mut s = summary(&after);
        s["answers"] = record.answers.len().into();
        s["findings"] = findings.len().into();
        s["files"] = files.iter().map(|f| f.file_name.clone()).collect::<Vec<_>>().into();
        audit.insert(0, event("inspection.record", "inspection", id, Some(&summary(&before)), Some(&s)));
        append_audit(&mut tx, actor, &audit).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn close_inspection(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
    ) -> StoreResult<Inspection> {
        let mut tx = self.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        if before.state != InspectionState::Recorded {
            return Err(StoreError::Conflict("chỉ kết thúc được cuộc kiểm tra đã ghi nhận và chưa kết thúc".into()));
        }
        if before.version != expected_version {
            return Err(StoreError::Conflict("cuộc kiểm tra vừa được người khác thay đổi; hãy tải lại trang".into()));
        }
        let states: Vec<String> = sqlx::query_scalar("SELECT state FROM findings WHERE inspection_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
        let states: Vec<RecommendationState> = states
            .iter()
            .map(|s| RecommendationState::parse(s).ok_or_else(|| corrupt("trạng thái kiến nghị", s)))
            .collect::<StoreResult<_>>()?;
        if let Err(n) = closable(&states) {
            return Err(StoreError::Conflict(format!(
                "còn {n} kiến nghị chưa xử lý xong hoặc chưa được miễn có lý do: chưa kết thúc được cuộc kiểm tra"
            )));
        }
        sqlx::query("UPDATE inspections SET state = 'closed', closed_on = $1, version = version + 1 WHERE id = $2")
            .bind(on)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let after = fetch(&mut tx, id).await?;
        append_audit(
            &mut tx,
            actor,
            &[event("inspection.close", "inspection", id, Some(&summary(&before)), Some(&summary(&after)))],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn add_findings(&self, actor: &Actor, findings: &[NewFinding]) -> StoreResult<Vec<Finding>> {
        super::inspection_findings::add(self, actor, findings).await
    }

    async fn findings(&self, filter: &FindingFilter, vis: Visibility) -> StoreResult<Vec<Finding>> {
        super::inspection_findings::list(self, filter, vis).await
    }

    async fn finding(&self, id: i64, vis: Visibility) -> StoreResult<Finding> {
        super::inspection_findings::get(self, id, vis).await
    }

    async fn change_finding(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        change: &FindingChange,
        files: &[NewEvidence],
    ) -> StoreResult<Finding> {
        super::inspection_findings::change(self, actor, id, expected_version, change, files).await
    }

    async fn inspection_files(&self, owner: FileOwner, vis: Visibility) -> StoreResult<Vec<InspectionFile>> {
        super::inspection_findings::files(self, owner, vis).await
    }

    async fn inspection_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(InspectionFile, Vec<u8>)>> {
        super::inspection_findings::file(self, token, vis).await
    }
}
