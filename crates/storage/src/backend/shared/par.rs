//! PAR index queries: criteria sets (a JSON document per version), rounds and their approval.
//! Assessments, scores and evidence are in `par_assess.rs`, `par_round.rs` and `par_evidence.rs`.

use std::collections::{BTreeMap, BTreeSet};

use async_trait::async_trait;
use cchc_domain::par::{BandSet, CriteriaSet, Mark};
use cchc_domain::review::{ReviewAction, ReviewState};
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, UserId};
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::NewEvidence;
use crate::model_par::{
    AppraisalScore, AreaAppraiser, Assessment, MarkRecord, NewParLink, NewRound, OwnerStatusRecord, ParEvidence,
    ParLink, ParSheet, Round, ScoreRecord, SelfScore, StoredBands, StoredSet, TaskFile,
};
use crate::traits_par::ParStore;

const SET_COLS: &str = "id, body, created_at, created_by, frozen";
const ROUND_COLS: &str = "id, year, name, self_due, appraisal_due, explanation_due, approval_due, approved_on, \
     approved_by, version";

type SetRow = (i64, String, DateTime<Utc>, String, bool);
type RoundRow = (i64, i64, String, NaiveDate, NaiveDate, NaiveDate, NaiveDate, Option<NaiveDate>, Option<String>, i64);

fn stored_set((id, body, created_at, created_by, frozen): SetRow) -> StoreResult<StoredSet> {
    let mut set: CriteriaSet = serde_json::from_str(&body).map_err(|_| corrupt("bộ tiêu chí", &id.to_string()))?;
    set.frozen = frozen;
    Ok(StoredSet { id, set, created_at, created_by })
}

fn round_of(r: RoundRow) -> Round {
    let (id, year, name, self_due, appraisal_due, explanation_due, approval_due, approved_on, approved_by, version) = r;
    Round {
        id,
        year: year as i32,
        name,
        self_due,
        appraisal_due,
        explanation_due,
        approval_due,
        approved_on,
        approved_by,
        version,
    }
}

pub(super) async fn fetch_round(tx: &mut Tx, id: i64) -> StoreResult<Round> {
    let sql = format!("SELECT {ROUND_COLS} FROM par_rounds WHERE id = $1");
    let r: Option<RoundRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    Ok(round_of(r.ok_or(StoreError::NotFound("đợt đánh giá"))?))
}

async fn insert_round(tx: &mut Tx, round: &NewRound) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO par_rounds (year, name, self_due, appraisal_due, explanation_due, approval_due, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(i64::from(round.year))
    .bind(&round.name)
    .bind(round.self_due)
    .bind(round.appraisal_due)
    .bind(round.explanation_due)
    .bind(round.approval_due)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

#[async_trait]
impl ParStore for SqlStore {
    async fn save_criteria_set(&self, actor: &Actor, set: &CriteriaSet) -> StoreResult<StoredSet> {
        let mut tx = self.begin_write().await?;
        let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM par_criteria_sets WHERE code = $1")
            .bind(&set.code)
            .fetch_one(&mut *tx)
            .await?;
        let mut set = set.clone();
        set.version = latest.map_or(set.version.max(1), |v| v as u32 + 1);
        set.frozen = false;
        let body = serde_json::to_string(&set).map_err(|e| StoreError::Other(e.to_string()))?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO par_criteria_sets (code, version, group_code, name, effective_from, effective_to, status, \
             frozen, body, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, FALSE, $8, $9, $10) RETURNING id",
        )
        .bind(&set.code)
        .bind(i64::from(set.version))
        .bind(&set.group.0)
        .bind(&set.name)
        .bind(set.effective_from)
        .bind(set.effective_to)
        .bind(serde_json::to_value(set.status).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default())
        .bind(&body)
        .bind(at)
        .bind(&actor.login)
        .fetch_one(&mut *tx)
        .await?;
        let summary = serde_json::json!({ "code": set.code, "version": set.version, "group": set.group.0,
            "criteria": set.leaves().len(), "total": set.total.to_string() });
        append_audit(&mut tx, actor, &[event::<(), _>("par.set.save", "par_set", id, None, Some(&summary))]).await?;
        tx.commit().await?;
        Ok(StoredSet { id, set, created_at: at, created_by: actor.login.clone() })
    }

    async fn criteria_sets(&self) -> StoreResult<Vec<StoredSet>> {
        let sql = format!("SELECT {SET_COLS} FROM par_criteria_sets ORDER BY group_code, code, version DESC");
        let rows: Vec<SetRow> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        rows.into_iter().map(stored_set).collect()
    }

    async fn criteria_set(&self, id: i64) -> StoreResult<StoredSet> {
        let sql = format!("SELECT {SET_COLS} FROM par_criteria_sets WHERE id = $1");
        let r: Option<SetRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        stored_set(r.ok_or(StoreError::NotFound("bộ tiêu chí"))?)
    }

    async fn save_band_set(&self, actor: &Actor, bands: &BandSet) -> StoreResult<StoredBands> {
        super::par_bands::save(self, actor, bands).await
    }

    async fn band_sets(&self) -> StoreResult<Vec<StoredBands>> {
        super::par_bands::list(self).await
    }

    async fn band_set(&self, id: i64) -> StoreResult<StoredBands> {
        super::par_bands::get(self, id).await
    }

    async fn create_round(&self, actor: &Actor, round: &NewRound) -> StoreResult<Round> {
        if round.units.is_empty() {
            return Err(StoreError::Invalid("đợt đánh giá cần ít nhất một đơn vị".into()));
        }
        let mut tx = self.begin_write().await?;
        let id = insert_round(&mut tx, round).await?;
        let at = now();
        let mut sets = BTreeSet::new();
        for (unit, set) in &round.units {
            sqlx::query(
                "INSERT INTO par_assessments (round_id, unit_id, set_id, status, updated_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(*unit)
            .bind(*set)
            .bind(ReviewState::Draft.code())
            .bind(at)
            .execute(&mut *tx)
            .await?;
            sets.insert(*set);
        }
        for set in &sets {
            sqlx::query("UPDATE par_criteria_sets SET frozen = TRUE WHERE id = $1")
                .bind(*set)
                .execute(&mut *tx)
                .await?;
        }
        let r = fetch_round(&mut tx, id).await?;
        let after = serde_json::json!({ "round": r, "units": round.units.len(), "sets": sets });
        append_audit(&mut tx, actor, &[event::<(), _>("par.round.create", "par_round", id, None, Some(&after))])
            .await?;
        tx.commit().await?;
        Ok(r)
    }

    async fn rounds(&self) -> StoreResult<Vec<Round>> {
        let sql = format!("SELECT {ROUND_COLS} FROM par_rounds ORDER BY year DESC, id DESC");
        let rows: Vec<RoundRow> = sqlx::query_as(&sql).fetch_all(&self.read).await?;
        Ok(rows.into_iter().map(round_of).collect())
    }

    async fn round(&self, id: i64) -> StoreResult<Round> {
        let sql = format!("SELECT {ROUND_COLS} FROM par_rounds WHERE id = $1");
        let r: Option<RoundRow> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        Ok(round_of(r.ok_or(StoreError::NotFound("đợt đánh giá"))?))
    }

    async fn approve_round(&self, actor: &Actor, id: i64, expected_version: i64, on: NaiveDate) -> StoreResult<Round> {
        let mut tx = self.begin_write().await?;
        let before = fetch_round(&mut tx, id).await?;
        if before.is_approved() {
            return Err(StoreError::Conflict("đợt đánh giá đã được phê duyệt".into()));
        }
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM par_assessments WHERE round_id = $1 AND status <> $2")
                .bind(id)
                .bind(ReviewState::Accepted.code())
                .fetch_one(&mut *tx)
                .await?;
        if pending > 0 {
            return Err(StoreError::Conflict(format!("còn {pending} đơn vị chưa được thẩm định xong")));
        }
        let r = sqlx::query(
            "UPDATE par_rounds SET approved_on = $1, approved_by = $2, version = version + 1 WHERE id = $3 AND version = $4",
        )
        .bind(on)
        .bind(&actor.login)
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict("đợt đánh giá vừa được thay đổi; vui lòng tải lại trang".into()));
        }
        let after = fetch_round(&mut tx, id).await?;
        append_audit(&mut tx, actor, &[event("par.round.approve", "par_round", id, Some(&before), Some(&after))])
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn assessments(&self, round: i64, vis: Visibility) -> StoreResult<Vec<Assessment>> {
        super::par_assess::list(self, round, vis).await
    }

    async fn assessment(&self, id: i64, vis: Visibility) -> StoreResult<Assessment> {
        super::par_assess::get(self, id, vis).await
    }

    async fn assign_appraiser(&self, actor: &Actor, id: i64, user: Option<UserId>) -> StoreResult<Assessment> {
        super::par_assess::assign(self, actor, id, user).await
    }

    async fn assign_area_appraiser(
        &self,
        actor: &Actor,
        round: i64,
        user: UserId,
        areas: &[String],
    ) -> StoreResult<AreaAppraiser> {
        super::par_areas::assign(self, actor, round, user, areas).await
    }

    async fn area_appraisers(&self, round: i64) -> StoreResult<Vec<AreaAppraiser>> {
        super::par_areas::list(self, round).await
    }

    async fn scores(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ScoreRecord>> {
        super::par_scores::scores(self, id, vis).await
    }

    async fn round_marks(&self, round: i64, vis: Visibility) -> StoreResult<BTreeMap<i64, Vec<MarkRecord>>> {
        super::par_round::round_marks(self, round, vis).await
    }

    async fn save_self_scores(&self, actor: &Actor, id: i64, v: i64, scores: &[SelfScore]) -> StoreResult<Assessment> {
        super::par_assess::save_self(self, actor, id, v, scores).await
    }

    async fn save_explanations(
        &self,
        actor: &Actor,
        id: i64,
        v: i64,
        texts: &[(String, String)],
    ) -> StoreResult<Assessment> {
        super::par_assess::save_explanations(self, actor, id, v, texts).await
    }

    async fn save_appraisal(
        &self,
        actor: &Actor,
        id: i64,
        v: i64,
        scores: &[AppraisalScore],
    ) -> StoreResult<Assessment> {
        super::par_assess::save_appraisal(self, actor, id, v, scores).await
    }

    async fn move_assessment(
        &self,
        actor: &Actor,
        id: i64,
        v: i64,
        action: ReviewAction,
        on: NaiveDate,
        reason: Option<&str>,
    ) -> StoreResult<Assessment> {
        super::par_assess::move_to(self, actor, id, v, action, on, reason).await
    }

    async fn revise_score(&self, actor: &Actor, id: i64, code: &str, mark: Mark, reason: &str) -> StoreResult<()> {
        super::par_assess::revise(self, actor, id, code, mark, reason).await
    }

    async fn add_par_evidence(
        &self,
        actor: &Actor,
        id: i64,
        file: &NewEvidence,
        codes: &[String],
    ) -> StoreResult<ParEvidence> {
        super::par_evidence::add(self, actor, id, file, codes).await
    }

    async fn par_evidence(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ParEvidence>> {
        super::par_evidence::list(self, id, vis).await
    }

    async fn par_evidence_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(ParEvidence, Vec<u8>)>> {
        super::par_evidence::get(self, token, vis).await
    }

    async fn unit_task_files(&self, unit: cchc_domain::unit::UnitId) -> StoreResult<Vec<TaskFile>> {
        super::par_links::unit_files(self, unit).await
    }

    async fn add_par_link(&self, actor: &Actor, id: i64, code: &str, link: &NewParLink) -> StoreResult<ParLink> {
        super::par_links::add(self, actor, id, code, link).await
    }

    async fn par_links(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ParLink>> {
        super::par_links::list(self, id, vis).await
    }

    async fn par_sheet(&self, id: i64, vis: Visibility) -> StoreResult<ParSheet> {
        super::par_scores::sheet(self, id, vis).await
    }

    async fn save_owner_statuses(
        &self,
        actor: &Actor,
        set_id: i64,
        year: i32,
        quarter: u32,
        unit: UnitId,
        statuses: &[cchc_domain::par::owner::CriterionStatus],
    ) -> StoreResult<usize> {
        super::par_owner::save(self, actor, (set_id, year, quarter, unit), statuses).await
    }

    async fn owner_statuses(&self, year: i32, vis: Visibility) -> StoreResult<Vec<OwnerStatusRecord>> {
        super::par_owner::list(self, year, vis).await
    }

    async fn par_link_file(&self, id: i64, link: i64, vis: Visibility) -> StoreResult<Option<(ParLink, Vec<u8>)>> {
        super::par_links::file(self, id, link, vis).await
    }
}
