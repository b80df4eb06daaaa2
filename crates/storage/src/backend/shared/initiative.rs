//! Initiatives: evaluation criteria as versioned JSON (a version an initiative uses is
//! frozen, checked in the same transaction that would replace it), the initiatives units
//! propose, their edits and state changes (each one transaction with its files and its audit
//! entry, refused when the initiative changed meanwhile), and their attachments, read only
//! by those who may read the initiative.

use cchc_domain::initiative::{EvaluationCriteria, InitiativeState};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::NewEvidence;
use crate::model_initiative::{
    Adoption, Initiative, InitiativeChange, InitiativeFile, InitiativeFilter, InitiativeText, ScoreRecord,
    StoredCriteria, UnitCounts,
};
use crate::traits_initiative::InitiativeStore;

const COLS: &str = "i.id, i.unit_id, u.name AS unit_name, i.year, i.title, i.problem, i.solution, i.scope, \
     i.benefit, i.state, i.criteria_id, i.return_reason, i.decision_reason, i.results, i.submitted_on, i.decided_on, \
     i.created_by, i.version";

/// Who reads what (`$n` bound to the reader's unit, 0 for province-wide readers): a unit its
/// own initiatives and every recognised one; the province every initiative once sent.
pub(super) fn visible(n: u8) -> String {
    format!(
        "((${n} = 0 AND i.state <> 'draft') OR i.unit_id = ${n} \
         OR i.state IN ('recognised_province', 'recognised_unit'))"
    )
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    unit_id: i64,
    unit_name: String,
    year: i64,
    title: String,
    problem: String,
    solution: String,
    scope: String,
    benefit: String,
    state: String,
    criteria_id: Option<i64>,
    return_reason: Option<String>,
    decision_reason: Option<String>,
    results: String,
    submitted_on: Option<NaiveDate>,
    decided_on: Option<NaiveDate>,
    created_by: String,
    version: i64,
}

impl TryFrom<Row> for Initiative {
    type Error = StoreError;
    fn try_from(r: Row) -> StoreResult<Initiative> {
        Ok(Initiative {
            id: r.id,
            unit_id: r.unit_id,
            unit_name: r.unit_name,
            year: i32::try_from(r.year).map_err(|_| corrupt("năm", &r.year.to_string()))?,
            text: InitiativeText {
                title: r.title,
                problem: r.problem,
                solution: r.solution,
                scope: r.scope,
                benefit: r.benefit,
            },
            state: InitiativeState::parse(&r.state).ok_or_else(|| corrupt("trạng thái sáng kiến", &r.state))?,
            criteria_id: r.criteria_id,
            return_reason: r.return_reason,
            decision_reason: r.decision_reason,
            results: r.results,
            submitted_on: r.submitted_on,
            decided_on: r.decided_on,
            created_by: r.created_by,
            version: r.version,
        })
    }
}

pub(super) async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<Initiative> {
    let sql = format!("SELECT {COLS} FROM initiatives i JOIN units u ON u.id = i.unit_id WHERE i.id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("sáng kiến"))?.try_into()
}

fn summary(i: &Initiative) -> serde_json::Value {
    serde_json::json!({ "unit_id": i.unit_id, "year": i.year, "title": i.text.title, "state": i.state.code(),
        "criteria_id": i.criteria_id, "return_reason": i.return_reason, "decision_reason": i.decision_reason,
        "version": i.version })
}

fn scope(vis: Visibility) -> i64 {
    vis.root().unwrap_or(0)
}

type CriteriaRow = (i64, String, DateTime<Utc>, String, bool);

fn stored(r: CriteriaRow) -> StoreResult<StoredCriteria> {
    let criteria: EvaluationCriteria =
        serde_json::from_str(&r.1).map_err(|e| corrupt("bộ tiêu chí sáng kiến", &e.to_string()))?;
    Ok(StoredCriteria { id: r.0, criteria, created_at: r.2, created_by: r.3, in_use: r.4 })
}

const CRITERIA_SQL: &str = "SELECT c.id, c.body, c.created_at, c.created_by, \
     EXISTS (SELECT 1 FROM initiatives i WHERE i.criteria_id = c.id) AS in_use FROM initiative_criteria c";

async fn save_criteria(
    store: &SqlStore,
    actor: &Actor,
    c: &EvaluationCriteria,
    replace: Option<i64>,
) -> StoreResult<StoredCriteria> {
    let mut tx = store.begin_write().await?;
    let mut c = c.clone();
    let id = match replace {
        Some(id) => {
            let used: Option<i64> = sqlx::query_scalar("SELECT id FROM initiatives WHERE criteria_id = $1 LIMIT 1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            if used.is_some() {
                return Err(StoreError::Conflict(
                    "phiên bản tiêu chí này đã được dùng để đánh giá, không sửa được".into(),
                ));
            }
            let v: Option<i64> = sqlx::query_scalar("SELECT version FROM initiative_criteria WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
            c.version = v.ok_or(StoreError::NotFound("bộ tiêu chí sáng kiến"))? as u32;
            let body = serde_json::to_string(&c).map_err(|e| StoreError::Other(e.to_string()))?;
            sqlx::query("UPDATE initiative_criteria SET effective_from = $1, body = $2 WHERE id = $3")
                .bind(c.effective_from)
                .bind(&body)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            id
        }
        None => {
            let latest: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM initiative_criteria WHERE code = $1")
                    .bind(&c.code)
                    .fetch_one(&mut *tx)
                    .await?;
            c.version = latest.map_or(c.version.max(1), |v| v as u32 + 1);
            let body = serde_json::to_string(&c).map_err(|e| StoreError::Other(e.to_string()))?;
            sqlx::query_scalar(
                "INSERT INTO initiative_criteria (code, version, effective_from, body, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
            )
            .bind(&c.code)
            .bind(i64::from(c.version))
            .bind(c.effective_from)
            .bind(&body)
            .bind(now())
            .bind(&actor.login)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let after = serde_json::json!({ "code": c.code, "version": c.version, "effective_from": c.effective_from,
        "criteria": c.criteria, "rule": c.rule, "replaced": replace.is_some() });
    append_audit(
        &mut tx,
        actor,
        &[event::<(), _>("initiative.criteria", "initiative_criteria", id, None, Some(&after))],
    )
    .await?;
    tx.commit().await?;
    store.initiative_criteria_by_id(id).await
}

async fn insert_files(tx: &mut Tx, id: i64, files: &[NewEvidence], by: &str) -> StoreResult<()> {
    for f in files {
        super::report_files::insert_file(tx, "initiative_files", "initiative_id", id, f, by).await?;
    }
    Ok(())
}

fn with_files(mut s: serde_json::Value, files: &[NewEvidence]) -> serde_json::Value {
    s["files"] = files.iter().map(|f| f.file_name.clone()).collect::<Vec<_>>().into();
    s
}

async fn create(
    store: &SqlStore,
    actor: &Actor,
    unit: UnitId,
    year: i32,
    t: &InitiativeText,
    files: &[NewEvidence],
) -> StoreResult<Initiative> {
    let mut tx = store.begin_write().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO initiatives (unit_id, year, title, problem, solution, scope, benefit, state, created_by, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9) RETURNING id",
    )
    .bind(unit)
    .bind(i64::from(year))
    .bind(&t.title)
    .bind(&t.problem)
    .bind(&t.solution)
    .bind(&t.scope)
    .bind(&t.benefit)
    .bind(&actor.login)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    insert_files(&mut tx, id, files, &actor.login).await?;
    let after = fetch(&mut tx, id).await?;
    let s = with_files(summary(&after), files);
    append_audit(&mut tx, actor, &[event::<(), _>("initiative.create", "initiative", id, None, Some(&s))]).await?;
    tx.commit().await?;
    Ok(after)
}

async fn edit(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    t: &InitiativeText,
    files: &[NewEvidence],
) -> StoreResult<Initiative> {
    let mut tx = store.begin_write().await?;
    let before = fetch(&mut tx, id).await?;
    if before.version != expected_version {
        return Err(StoreError::Conflict("sáng kiến vừa được người khác thay đổi; hãy tải lại trang".into()));
    }
    if !before.state.is_editable() {
        return Err(StoreError::Conflict("sáng kiến đã gửi, không sửa được nữa".into()));
    }
    sqlx::query(
        "UPDATE initiatives SET title = $1, problem = $2, solution = $3, scope = $4, benefit = $5, \
         version = version + 1 WHERE id = $6",
    )
    .bind(&t.title)
    .bind(&t.problem)
    .bind(&t.solution)
    .bind(&t.scope)
    .bind(&t.benefit)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    insert_files(&mut tx, id, files, &actor.login).await?;
    let after = fetch(&mut tx, id).await?;
    let s = with_files(summary(&after), files);
    append_audit(&mut tx, actor, &[event("initiative.edit", "initiative", id, Some(&summary(&before)), Some(&s))])
        .await?;
    tx.commit().await?;
    Ok(after)
}

async fn change(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    c: &InitiativeChange,
) -> StoreResult<Initiative> {
    let mut tx = store.begin_write().await?;
    let before = fetch(&mut tx, id).await?;
    if before.version != expected_version {
        return Err(StoreError::Conflict("sáng kiến vừa được người khác thay đổi; hãy tải lại trang".into()));
    }
    let submitted = (c.state == InitiativeState::Submitted).then_some(c.on);
    let decided = (c.state.level().is_some() || c.state == InitiativeState::NotRecognised).then_some(c.on);
    sqlx::query(
        "UPDATE initiatives SET state = $1, criteria_id = COALESCE($2, criteria_id), return_reason = $3, \
         decision_reason = COALESCE($4, decision_reason), results = COALESCE($5, results), \
         submitted_on = COALESCE($6, submitted_on), decided_on = COALESCE($7, decided_on), version = version + 1 \
         WHERE id = $8",
    )
    .bind(c.state.code())
    .bind(c.criteria_id)
    .bind(&c.return_reason)
    .bind(&c.decision_reason)
    .bind(&c.results)
    .bind(submitted)
    .bind(decided)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let after = fetch(&mut tx, id).await?;
    append_audit(
        &mut tx,
        actor,
        &[event(&c.action, "initiative", id, Some(&summary(&before)), Some(&summary(&after)))],
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

async fn list(store: &SqlStore, f: &InitiativeFilter, vis: Visibility) -> StoreResult<Vec<Initiative>> {
    let sql = format!(
        "SELECT {COLS} FROM initiatives i JOIN units u ON u.id = i.unit_id WHERE {} \
         AND ($2 = 0 OR i.year = $2) AND ($3 = 0 OR i.unit_id = $3) \
         AND ($4 = 0 OR i.state IN ('recognised_province', 'recognised_unit')) \
         ORDER BY i.year DESC, u.name, i.id",
        visible(1)
    );
    let rows: Vec<Row> = sqlx::query_as(&sql)
        .bind(scope(vis))
        .bind(f.year.map_or(0, i64::from))
        .bind(f.unit_id.unwrap_or(0))
        .bind(i64::from(f.recognised_only))
        .fetch_all(&store.read)
        .await?;
    rows.into_iter().map(Initiative::try_from).collect()
}

async fn get(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Initiative> {
    let sql =
        format!("SELECT {COLS} FROM initiatives i JOIN units u ON u.id = i.unit_id WHERE i.id = $2 AND {}", visible(1));
    let r: Option<Row> = sqlx::query_as(&sql).bind(scope(vis)).bind(id).fetch_optional(&store.read).await?;
    r.ok_or(StoreError::NotFound("sáng kiến"))?.try_into()
}

const FILE_COLS: &str = "id, token, file_name, content_type, size, uploaded_by, uploaded_at";

type FileRow = (i64, String, String, String, i64, String, DateTime<Utc>);

fn file_of(r: FileRow) -> InitiativeFile {
    let (id, token, file_name, content_type, size, uploaded_by, uploaded_at) = r;
    InitiativeFile { id, token, file_name, content_type, size, uploaded_by, uploaded_at }
}

async fn file(store: &SqlStore, token: &str, vis: Visibility) -> StoreResult<Option<(InitiativeFile, Vec<u8>)>> {
    let owner: Option<i64> = sqlx::query_scalar("SELECT initiative_id FROM initiative_files WHERE token = $1")
        .bind(token)
        .fetch_optional(&store.read)
        .await?;
    let Some(owner) = owner else { return Ok(None) };
    match get(store, owner, vis).await {
        Ok(_) => {}
        Err(StoreError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    }
    let sql = format!("SELECT {FILE_COLS} FROM initiative_files WHERE token = $1");
    let r: FileRow = sqlx::query_as(&sql).bind(token).fetch_one(&store.read).await?;
    let bytes: Vec<u8> = sqlx::query_scalar("SELECT content FROM initiative_files WHERE token = $1")
        .bind(token)
        .fetch_one(&store.read)
        .await?;
    Ok(Some((file_of(r), bytes)))
}

#[async_trait::async_trait]
impl InitiativeStore for SqlStore {
    async fn save_initiative_criteria(
        &self,
        actor: &Actor,
        c: &EvaluationCriteria,
        replace: Option<i64>,
    ) -> StoreResult<StoredCriteria> {
        save_criteria(self, actor, c, replace).await
    }

    async fn initiative_criteria(&self) -> StoreResult<Vec<StoredCriteria>> {
        let sql = format!("{CRITERIA_SQL} ORDER BY c.code, c.version DESC");
        let rows: Vec<CriteriaRow> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(stored).collect()
    }

    async fn initiative_criteria_by_id(&self, id: i64) -> StoreResult<StoredCriteria> {
        let sql = format!("{CRITERIA_SQL} WHERE c.id = $1");
        let r: Option<CriteriaRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        stored(r.ok_or(StoreError::NotFound("bộ tiêu chí sáng kiến"))?)
    }

    async fn create_initiative(
        &self,
        actor: &Actor,
        unit: UnitId,
        year: i32,
        text: &InitiativeText,
        files: &[NewEvidence],
    ) -> StoreResult<Initiative> {
        create(self, actor, unit, year, text, files).await
    }

    async fn edit_initiative(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        text: &InitiativeText,
        files: &[NewEvidence],
    ) -> StoreResult<Initiative> {
        edit(self, actor, id, expected_version, text, files).await
    }

    async fn change_initiative(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        change: &InitiativeChange,
    ) -> StoreResult<Initiative> {
        self::change(self, actor, id, expected_version, change).await
    }

    async fn initiatives(&self, filter: &InitiativeFilter, vis: Visibility) -> StoreResult<Vec<Initiative>> {
        list(self, filter, vis).await
    }

    async fn initiative(&self, id: i64, vis: Visibility) -> StoreResult<Initiative> {
        get(self, id, vis).await
    }

    async fn assign_initiative_evaluator(&self, actor: &Actor, id: i64, user_id: i64) -> StoreResult<()> {
        super::initiative_eval::assign(self, actor, id, user_id).await
    }

    async fn initiative_evaluators(&self, id: i64) -> StoreResult<Vec<(i64, String)>> {
        super::initiative_eval::evaluators(self, id).await
    }

    async fn save_initiative_scores(
        &self,
        actor: &Actor,
        id: i64,
        user_id: i64,
        scores: &[(String, u32)],
    ) -> StoreResult<()> {
        super::initiative_eval::save_scores(self, actor, id, user_id, scores).await
    }

    async fn initiative_scores(&self, id: i64) -> StoreResult<Vec<ScoreRecord>> {
        super::initiative_eval::scores(self, id).await
    }

    async fn adopt_initiative(
        &self,
        actor: &Actor,
        id: i64,
        unit: UnitId,
        on: NaiveDate,
        result: &str,
    ) -> StoreResult<Adoption> {
        super::initiative_eval::adopt(self, actor, id, unit, on, result).await
    }

    async fn initiative_adoptions(&self, id: i64) -> StoreResult<Vec<Adoption>> {
        super::initiative_eval::adoptions(self, id).await
    }

    async fn initiative_counts(&self, year: i32) -> StoreResult<Vec<UnitCounts>> {
        super::initiative_eval::counts(self, year).await
    }

    async fn initiative_files(&self, id: i64, vis: Visibility) -> StoreResult<Vec<InitiativeFile>> {
        get(self, id, vis).await?;
        let sql = format!("SELECT {FILE_COLS} FROM initiative_files WHERE initiative_id = $1 ORDER BY id");
        let rows: Vec<FileRow> = sqlx::query_as(&sql).bind(id).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(file_of).collect())
    }

    async fn initiative_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(InitiativeFile, Vec<u8>)>> {
        file(self, token, vis).await
    }
}
