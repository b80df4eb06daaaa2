//! A unit's assessment in a PAR round: its review state (the shared workflow: draft →
//! submitted → returned for explanation → submitted → accepted), its per-criterion scores and
//! who may read them. The office and the web check roles; this checks states and versions.

use cchc_domain::par::Mark;
use cchc_domain::review::{transition, ReviewAction, ReviewState};
use cchc_domain::user::{Actor, UserId};
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::par::fetch_round;
use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_par::{AppraisalScore, Assessment, SelfScore};

pub(super) const COLS: &str =
    "id, round_id, unit_id, set_id, status, appraiser_id, submitted_on, submitted_by, reviewed_on, \
     return_reason, updated_at, version";

#[derive(sqlx::FromRow)]
pub(super) struct Row {
    id: i64,
    round_id: i64,
    unit_id: i64,
    set_id: i64,
    status: String,
    appraiser_id: Option<i64>,
    submitted_on: Option<NaiveDate>,
    submitted_by: Option<String>,
    reviewed_on: Option<NaiveDate>,
    return_reason: Option<String>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl TryFrom<Row> for Assessment {
    type Error = StoreError;

    fn try_from(r: Row) -> StoreResult<Self> {
        Ok(Assessment {
            id: r.id,
            round_id: r.round_id,
            unit_id: r.unit_id,
            set_id: r.set_id,
            status: ReviewState::parse(&r.status).ok_or_else(|| corrupt("trạng thái đánh giá", &r.status))?,
            appraiser_id: r.appraiser_id,
            submitted_on: r.submitted_on,
            submitted_by: r.submitted_by,
            reviewed_on: r.reviewed_on,
            return_reason: r.return_reason,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

/// A unit's staff read their own assessment only; province-wide readers every one (its
/// state, never a draft's scores).
pub(super) fn readable(a: &Assessment, vis: Visibility) -> bool {
    vis.root().is_none_or(|u| u == a.unit_id)
}

async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<Assessment> {
    let sql = format!("SELECT {COLS} FROM par_assessments WHERE id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("bản đánh giá"))?.try_into()
}

/// Reads the assessment for a change seen at `version`, refusing once its round is approved.
async fn for_change(tx: &mut Tx, id: i64, version: i64) -> StoreResult<Assessment> {
    let a = fetch(tx, id).await?;
    if a.version != version {
        return Err(StoreError::Conflict(crate::model_par::STALE_ASSESSMENT.into()));
    }
    if fetch_round(tx, a.round_id).await?.is_approved() {
        return Err(StoreError::Conflict("đợt đánh giá đã được phê duyệt: điểm đã khóa".into()));
    }
    Ok(a)
}

/// Bumps the version, audits `action` and commits; returns the assessment after.
async fn finish(
    mut tx: Tx,
    actor: &Actor,
    action: &str,
    before: &Assessment,
    detail: serde_json::Value,
) -> StoreResult<Assessment> {
    sqlx::query("UPDATE par_assessments SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(before.id)
        .execute(&mut *tx)
        .await?;
    let after = fetch(&mut tx, before.id).await?;
    let after_json = serde_json::json!({ "status": after.status, "unit_id": after.unit_id, "detail": detail });
    let before_json = serde_json::json!({ "status": before.status });
    append_audit(&mut tx, actor, &[event(action, "par_assessment", before.id, Some(&before_json), Some(&after_json))])
        .await?;
    tx.commit().await?;
    Ok(after)
}

fn mark_json(m: Option<Mark>) -> Option<String> {
    m.and_then(|m| serde_json::to_string(&m).ok())
}

pub(super) fn parse_mark(s: Option<String>) -> StoreResult<Option<Mark>> {
    s.map(|s| serde_json::from_str(&s).map_err(|_| corrupt("điểm", &s))).transpose()
}

pub(super) async fn list(store: &SqlStore, round: i64, vis: Visibility) -> StoreResult<Vec<Assessment>> {
    let sql =
        format!("SELECT {COLS} FROM par_assessments WHERE round_id = $1 AND ($2 = 0 OR unit_id = $2) ORDER BY unit_id");
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(round).bind(vis.root().unwrap_or(0)).fetch_all(&store.read).await?;
    rows.into_iter().map(Assessment::try_from).collect()
}

pub(super) async fn get(store: &SqlStore, id: i64, vis: Visibility) -> StoreResult<Assessment> {
    let sql = format!("SELECT {COLS} FROM par_assessments WHERE id = $1");
    let r: Option<Row> = sqlx::query_as(&sql).bind(id).fetch_optional(&store.read).await?;
    let a = Assessment::try_from(r.ok_or(StoreError::NotFound("bản đánh giá"))?)?;
    if !readable(&a, vis) {
        return Err(StoreError::NotFound("bản đánh giá"));
    }
    Ok(a)
}

pub(super) async fn assign(store: &SqlStore, actor: &Actor, id: i64, user: Option<UserId>) -> StoreResult<Assessment> {
    let mut tx = store.begin_write().await?;
    let before = fetch(&mut tx, id).await?;
    sqlx::query("UPDATE par_assessments SET appraiser_id = $1 WHERE id = $2")
        .bind(user)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    finish(tx, actor, "par.assign", &before, serde_json::json!({ "appraiser_id": user })).await
}

pub(super) async fn save_self(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    v: i64,
    scores: &[SelfScore],
) -> StoreResult<Assessment> {
    let mut tx = store.begin_write().await?;
    let before = for_change(&mut tx, id, v).await?;
    if before.status != ReviewState::Draft {
        return Err(StoreError::Conflict(
            "điểm tự đánh giá chỉ sửa được khi còn là bản nháp; khi bị trả lại, hãy giải trình các tiêu chí được yêu cầu"
                .into(),
        ));
    }
    for s in scores {
        sqlx::query(
            "INSERT INTO par_scores (assessment_id, code, self_mark, self_note) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (assessment_id, code) DO UPDATE SET self_mark = excluded.self_mark, self_note = excluded.self_note",
        )
        .bind(id)
        .bind(&s.code)
        .bind(mark_json(s.mark))
        .bind(&s.note)
        .execute(&mut *tx)
        .await?;
    }
    finish(tx, actor, "par.self_score", &before, serde_json::json!({ "criteria": scores.len() })).await
}

pub(super) async fn save_explanations(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    v: i64,
    texts: &[(String, String)],
) -> StoreResult<Assessment> {
    let mut tx = store.begin_write().await?;
    let before = for_change(&mut tx, id, v).await?;
    if before.status != ReviewState::Returned {
        return Err(StoreError::Conflict("chỉ giải trình được khi bản đánh giá bị trả lại để giải trình".into()));
    }
    for (code, text) in texts {
        let r = sqlx::query(
            "UPDATE par_scores SET explanation = $1 WHERE assessment_id = $2 AND code = $3 AND explain_requested = TRUE",
        )
        .bind(text)
        .bind(id)
        .bind(code)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Invalid(format!("tiêu chí {code} không được yêu cầu giải trình")));
        }
    }
    finish(tx, actor, "par.explain", &before, serde_json::json!({ "criteria": texts.len() })).await
}

pub(super) async fn save_appraisal(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    v: i64,
    scores: &[AppraisalScore],
) -> StoreResult<Assessment> {
    let mut tx = store.begin_write().await?;
    let before = for_change(&mut tx, id, v).await?;
    if before.status != ReviewState::Submitted {
        return Err(StoreError::Conflict("chỉ thẩm định được bản đánh giá đã nộp, đang chờ thẩm định".into()));
    }
    for s in scores {
        sqlx::query(
            "INSERT INTO par_scores (assessment_id, code, appraised_mark, appraisal_reason, explain_requested) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (assessment_id, code) DO UPDATE SET \
             appraised_mark = excluded.appraised_mark, appraisal_reason = excluded.appraisal_reason, \
             explain_requested = excluded.explain_requested",
        )
        .bind(id)
        .bind(&s.code)
        .bind(mark_json(s.mark))
        .bind(&s.reason)
        .bind(s.explain)
        .execute(&mut *tx)
        .await?;
    }
    let adjusted: Vec<&str> = scores.iter().filter(|s| s.mark.is_some()).map(|s| s.code.as_str()).collect();
    finish(tx, actor, "par.appraise", &before, serde_json::json!({ "criteria": scores.len(), "marked": adjusted }))
        .await
}

/// Checks what a move needs beyond the state table: a withdrawal before any appraisal, a
/// return with a reason and criteria to explain, a resubmission with every explanation.
async fn check_move(tx: &mut Tx, a: &Assessment, action: ReviewAction, reason: Option<&str>) -> StoreResult<()> {
    let count = |sql: &'static str| sqlx::query_scalar::<_, i64>(sql).bind(a.id);
    match action {
        ReviewAction::Withdraw => {
            let n = count("SELECT COUNT(*) FROM par_scores WHERE assessment_id = $1 AND (appraised_mark IS NOT NULL OR explain_requested = TRUE)")
                .fetch_one(&mut **tx)
                .await?;
            if n > 0 {
                return Err(StoreError::Conflict("việc thẩm định đã bắt đầu: không rút lại được nữa".into()));
            }
        }
        ReviewAction::Return => {
            if reason.is_none_or(|r| r.trim().is_empty()) {
                return Err(StoreError::Invalid("cần nêu lý do và thời hạn giải trình".into()));
            }
            let n = count("SELECT COUNT(*) FROM par_scores WHERE assessment_id = $1 AND explain_requested = TRUE")
                .fetch_one(&mut **tx)
                .await?;
            if n == 0 {
                return Err(StoreError::Invalid("cần chọn ít nhất một tiêu chí để đơn vị giải trình".into()));
            }
        }
        ReviewAction::Submit if a.status == ReviewState::Returned => {
            let n = count("SELECT COUNT(*) FROM par_scores WHERE assessment_id = $1 AND explain_requested = TRUE AND explanation = ''")
                .fetch_one(&mut **tx)
                .await?;
            if n > 0 {
                return Err(StoreError::Invalid(format!(
                    "còn {n} tiêu chí được yêu cầu giải trình chưa có nội dung giải trình"
                )));
            }
        }
        _ => {}
    }
    Ok(())
}

pub(super) async fn move_to(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    v: i64,
    action: ReviewAction,
    on: NaiveDate,
    reason: Option<&str>,
) -> StoreResult<Assessment> {
    if matches!(action, ReviewAction::SendForSignoff | ReviewAction::SignOff | ReviewAction::SendBack) {
        // The unit head submits a self-assessment directly: there is no separate sign-off.
        return Err(StoreError::Conflict(
            "bản đánh giá do thủ trưởng đơn vị nộp trực tiếp, không qua bước ký duyệt".into(),
        ));
    }
    let mut tx = store.begin_write().await?;
    let before = for_change(&mut tx, id, v).await?;
    let to = transition(Some(before.status), action).map_err(|e| StoreError::Conflict(format!("bản đánh giá {e}")))?;
    check_move(&mut tx, &before, action, reason).await?;
    let q = match action {
        ReviewAction::Submit => sqlx::query(
            "UPDATE par_assessments SET status = $1, submitted_on = $2, submitted_by = $3, return_reason = NULL \
             WHERE id = $4",
        )
        .bind(to.code())
        .bind(on)
        .bind(&actor.login),
        ReviewAction::Accept | ReviewAction::Return => {
            sqlx::query("UPDATE par_assessments SET status = $1, reviewed_on = $2, return_reason = $3 WHERE id = $4")
                .bind(to.code())
                .bind(on)
                .bind(reason)
        }
        ReviewAction::Withdraw
        | ReviewAction::Save
        | ReviewAction::SendForSignoff
        | ReviewAction::SignOff
        | ReviewAction::SendBack => sqlx::query(
            "UPDATE par_assessments SET status = $1, submitted_on = NULL, submitted_by = NULL, return_reason = $2 \
             WHERE id = $3",
        )
        .bind(to.code())
        .bind(None::<String>),
    };
    q.bind(id).execute(&mut *tx).await?;
    let code = serde_json::to_value(action).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    finish(tx, actor, &format!("par.{code}"), &before, serde_json::json!({ "reason": reason })).await
}

pub(super) async fn revise(
    store: &SqlStore,
    actor: &Actor,
    id: i64,
    code: &str,
    mark: Mark,
    reason: &str,
) -> StoreResult<()> {
    if reason.trim().is_empty() {
        return Err(StoreError::Invalid("điều chỉnh sau phê duyệt cần nêu lý do".into()));
    }
    let mut tx = store.begin_write().await?;
    let a = fetch(&mut tx, id).await?;
    if !fetch_round(&mut tx, a.round_id).await?.is_approved() {
        return Err(StoreError::Conflict("chỉ điều chỉnh bằng văn bản sau khi đợt đánh giá đã được phê duyệt".into()));
    }
    let before: Option<(Option<String>,)> =
        sqlx::query_as("SELECT appraised_mark FROM par_scores WHERE assessment_id = $1 AND code = $2")
            .bind(id)
            .bind(code)
            .fetch_optional(&mut *tx)
            .await?;
    sqlx::query(
        "INSERT INTO par_scores (assessment_id, code, appraised_mark, appraisal_reason) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (assessment_id, code) DO UPDATE SET appraised_mark = excluded.appraised_mark, \
         appraisal_reason = excluded.appraisal_reason",
    )
    .bind(id)
    .bind(code)
    .bind(mark_json(Some(mark)))
    .bind(reason)
    .execute(&mut *tx)
    .await?;
    let b = serde_json::json!({ "code": code, "mark": before.and_then(|b| b.0) });
    let after = serde_json::json!({ "code": code, "mark": mark, "reason": reason });
    sqlx::query("UPDATE par_assessments SET version = version + 1 WHERE id = $1").bind(id).execute(&mut *tx).await?;
    append_audit(&mut tx, actor, &[event("par.revise", "par_assessment", id, Some(&b), Some(&after))]).await?;
    tx.commit().await?;
    Ok(())
}
