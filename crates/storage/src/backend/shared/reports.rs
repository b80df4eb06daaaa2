//! Report queries: units' periodic reports and annual plans, their target values and files.

use async_trait::async_trait;
use cchc_domain::review::{transition, ReviewAction, ReviewState};
use cchc_domain::text::search_key;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::{DateTime, NaiveDate, Utc};

use super::audit::like_escape;
use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{NewEvidence, ReportFile, TargetValueRecord, UnitReport};
use crate::traits_reports::ReportStore;

const REPORT_COLS: &str = "id, unit_id, period_key, kind, status, narrative, submitted_on, submitted_by, reviewed_on, \
     return_reason, signed_by, signed_on, signoff_note, updated_at, version";

#[derive(sqlx::FromRow)]
struct ReportDb {
    id: i64,
    unit_id: i64,
    period_key: String,
    kind: String,
    status: String,
    narrative: String,
    submitted_on: Option<NaiveDate>,
    submitted_by: Option<String>,
    reviewed_on: Option<NaiveDate>,
    return_reason: Option<String>,
    signed_by: Option<String>,
    signed_on: Option<NaiveDate>,
    signoff_note: Option<String>,
    updated_at: DateTime<Utc>,
    version: i64,
}

impl TryFrom<ReportDb> for UnitReport {
    type Error = StoreError;

    fn try_from(r: ReportDb) -> StoreResult<Self> {
        Ok(UnitReport {
            id: r.id,
            unit_id: r.unit_id,
            period_key: r.period_key,
            kind: r.kind,
            status: ReviewState::parse(&r.status).ok_or_else(|| corrupt("trạng thái báo cáo", &r.status))?,
            narrative: r.narrative,
            submitted_on: r.submitted_on,
            submitted_by: r.submitted_by,
            reviewed_on: r.reviewed_on,
            return_reason: r.return_reason,
            signed_by: r.signed_by,
            signed_on: r.signed_on,
            signoff_note: r.signoff_note,
            updated_at: r.updated_at,
            version: r.version,
        })
    }
}

/// What `vis` may read of a report: all of it, the fact that a draft exists, or nothing.
pub(super) fn visible(mut r: UnitReport, vis: Visibility) -> Option<UnitReport> {
    if vis.sees(r.unit_id, r.status) {
        return Some(r);
    }
    if vis == Visibility::Province {
        r.narrative.clear(); // a draft belongs to its unit until submitted
        return Some(r);
    }
    None
}

fn visible_all(rows: Vec<ReportDb>, vis: Visibility) -> StoreResult<Vec<UnitReport>> {
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        out.extend(visible(UnitReport::try_from(r)?, vis));
    }
    Ok(out)
}

/// Moves a report by `action`, or says in the user's words why it cannot move.
pub(super) fn moved(from: Option<ReviewState>, action: ReviewAction) -> StoreResult<ReviewState> {
    transition(from, action).map_err(|e| StoreError::Conflict(format!("báo cáo {e}")))
}

pub(super) async fn fetch(tx: &mut Tx, id: i64) -> StoreResult<UnitReport> {
    let sql = format!("SELECT {REPORT_COLS} FROM unit_reports WHERE id = $1");
    let r: Option<ReportDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&mut **tx).await?;
    r.ok_or(StoreError::NotFound("báo cáo"))?.try_into()
}

pub(super) fn summary(r: &UnitReport) -> serde_json::Value {
    serde_json::json!({
        "unit_id": r.unit_id, "period": r.period_key, "kind": r.kind, "status": r.status,
        "narrative_chars": r.narrative.chars().count(), "return_reason": r.return_reason,
        "signed_by": r.signed_by, "signed_on": r.signed_on, "signoff_note": r.signoff_note,
    })
}

#[async_trait]
impl ReportStore for SqlStore {
    async fn report(&self, unit: UnitId, period_key: &str, vis: Visibility) -> StoreResult<Option<UnitReport>> {
        if vis.root().is_some_and(|u| u != unit) {
            return Ok(None);
        }
        let sql = format!("SELECT {REPORT_COLS} FROM unit_reports WHERE unit_id = $1 AND period_key = $2");
        let r: Option<ReportDb> = sqlx::query_as(&sql).bind(unit).bind(period_key).fetch_optional(&self.read).await?;
        Ok(r.map(UnitReport::try_from).transpose()?.and_then(|r| visible(r, vis)))
    }

    async fn report_by_id(&self, id: i64, vis: Visibility) -> StoreResult<UnitReport> {
        let sql = format!("SELECT {REPORT_COLS} FROM unit_reports WHERE id = $1");
        let r: Option<ReportDb> = sqlx::query_as(&sql).bind(id).fetch_optional(&self.read).await?;
        let r = UnitReport::try_from(r.ok_or(StoreError::NotFound("báo cáo"))?)?;
        visible(r, vis).ok_or(StoreError::NotFound("báo cáo"))
    }

    async fn reports_of_period(&self, period_key: &str, vis: Visibility) -> StoreResult<Vec<UnitReport>> {
        let sql = format!(
            "SELECT {REPORT_COLS} FROM unit_reports WHERE period_key = $1 AND ($2 = 0 OR unit_id = $2) ORDER BY unit_id"
        );
        let rows: Vec<ReportDb> =
            sqlx::query_as(&sql).bind(period_key).bind(vis.root().unwrap_or(0)).fetch_all(&self.read).await?;
        visible_all(rows, vis)
    }

    async fn search_reports(&self, phrase: &str, vis: Visibility) -> StoreResult<Vec<UnitReport>> {
        let key = search_key(phrase);
        if key.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT {REPORT_COLS} FROM unit_reports WHERE search_fold LIKE $1 ESCAPE '\\' AND \
             (($2 = 0 AND status NOT IN ('draft', 'awaiting_signoff')) OR unit_id = $2) ORDER BY updated_at DESC LIMIT 200"
        );
        let rows: Vec<ReportDb> = sqlx::query_as(&sql)
            .bind(format!("%{}%", like_escape(&key)))
            .bind(vis.root().unwrap_or(0))
            .fetch_all(&self.read)
            .await?;
        visible_all(rows, vis)
    }

    async fn review_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
        return_reason: Option<&str>,
    ) -> StoreResult<UnitReport> {
        let mut tx = self.begin_write().await?;
        let before = fetch(&mut tx, id).await?;
        let action = if return_reason.is_some() { ReviewAction::Return } else { ReviewAction::Accept };
        let status = moved(Some(before.status), action)?.code();
        let r = sqlx::query(
            "UPDATE unit_reports SET status = $1, reviewed_on = $2, return_reason = $3, updated_at = $4, \
             version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(status)
        .bind(on)
        .bind(return_reason)
        .bind(now())
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::Conflict(crate::model::STALE_REPORT.into()));
        }
        let after = fetch(&mut tx, id).await?;
        let action = if return_reason.is_some() { "report.return" } else { "report.accept" };
        append_audit(&mut tx, actor, &[event(action, "report", id, Some(&summary(&before)), Some(&summary(&after)))])
            .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn save_report_draft(
        &self,
        actor: &Actor,
        unit: UnitId,
        period_key: &str,
        kind: &str,
        narrative: &str,
    ) -> StoreResult<UnitReport> {
        let mut tx = self.begin_write().await?;
        let (report, audit) = super::report_save::draft(&mut tx, unit, period_key, kind, narrative).await?;
        append_audit(&mut tx, actor, &[audit]).await?;
        tx.commit().await?;
        Ok(report)
    }

    async fn submit_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
    ) -> StoreResult<UnitReport> {
        let mut tx = self.begin_write().await?;
        let (report, audit) = super::report_save::submit(
            &mut tx,
            &actor.login,
            id,
            expected_version,
            on,
            crate::model::SubmitMode::Direct,
        )
        .await?;
        append_audit(&mut tx, actor, &[audit]).await?;
        tx.commit().await?;
        Ok(report)
    }

    async fn signoff_report(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        on: NaiveDate,
        send_back: Option<&str>,
    ) -> StoreResult<UnitReport> {
        let mut tx = self.begin_write().await?;
        let (report, audit) =
            super::report_save::signoff(&mut tx, &actor.login, id, expected_version, on, send_back).await?;
        append_audit(&mut tx, actor, &[audit]).await?;
        tx.commit().await?;
        Ok(report)
    }

    async fn reports_awaiting_signoff(&self, unit: UnitId, vis: Visibility) -> StoreResult<Vec<UnitReport>> {
        if vis.root() != Some(unit) {
            return Ok(Vec::new()); // waiting for the head is the unit's own business
        }
        let sql =
            format!("SELECT {REPORT_COLS} FROM unit_reports WHERE unit_id = $1 AND status = $2 ORDER BY period_key");
        let rows: Vec<ReportDb> =
            sqlx::query_as(&sql).bind(unit).bind(ReviewState::AwaitingSignoff.code()).fetch_all(&self.read).await?;
        visible_all(rows, vis)
    }

    async fn set_target_values(&self, actor: &Actor, values: &[TargetValueRecord]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let audit = super::report_save::values(&mut tx, values).await?;
        if !audit.is_empty() {
            append_audit(&mut tx, actor, &audit).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn save_report(&self, actor: &Actor, save: &crate::model::ReportSave) -> StoreResult<UnitReport> {
        super::report_save::save_all(self, actor, save).await
    }

    async fn target_values(&self, unit: Option<UnitId>, period_key: &str) -> StoreResult<Vec<TargetValueRecord>> {
        let rows: Vec<(i64, i64, String, Option<f64>, Option<f64>, Option<f64>, String)> = sqlx::query_as(
            "SELECT target_id, unit_id, period_key, value, numerator, denominator, note FROM target_values \
             WHERE period_key = $1 AND ($2 = 0 OR unit_id = $2) ORDER BY target_id, unit_id",
        )
        .bind(period_key)
        .bind(unit.unwrap_or(0))
        .fetch_all(&self.read)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(target_id, unit_id, period_key, value, numerator, denominator, note)| TargetValueRecord {
                target_id,
                unit_id,
                period_key,
                value,
                numerator,
                denominator,
                note,
            })
            .collect())
    }

    async fn targets_for_unit(&self, unit: UnitId) -> StoreResult<Vec<crate::model::TargetRecord>> {
        // The targets named for the unit, and the province-wide ones (no unit named: "100% các
        // sở, ban, ngành…") of its province's documents (or of documents of no province).
        let ids: Vec<(i64, i64)> = sqlx::query_as(
            "WITH RECURSIVE up(id, parent_id, kind) AS ( \
               SELECT id, parent_id, kind FROM units WHERE id = $1 \
               UNION ALL SELECT u.id, u.parent_id, u.kind FROM units u JOIN up ON u.id = up.parent_id) \
             SELECT g.id, g.document_id FROM targets g JOIN documents d ON d.id = g.document_id WHERE d.active = TRUE \
             AND (g.id IN (SELECT target_id FROM target_units WHERE unit_id = $2) \
               OR (NOT EXISTS (SELECT 1 FROM target_units t WHERE t.target_id = g.id) \
                 AND (d.province_id IS NULL OR d.province_id IN (SELECT id FROM up WHERE kind = 'province')))) \
             ORDER BY g.document_id, g.position",
        )
        .bind(unit)
        .bind(unit)
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::new();
        let mut docs: Vec<i64> = ids.iter().map(|(_, d)| *d).collect();
        docs.dedup();
        for d in docs {
            let all = crate::traits_plans::PlanStore::list_targets(self, d).await?;
            out.extend(all.into_iter().filter(|t| ids.iter().any(|(id, _)| *id == t.id)));
        }
        Ok(out)
    }

    async fn add_report_file(&self, actor: &Actor, report: i64, f: &NewEvidence) -> StoreResult<ReportFile> {
        super::report_files::add(self, actor, report, f).await
    }

    async fn report_files(&self, report: i64, vis: Visibility) -> StoreResult<Vec<ReportFile>> {
        super::report_files::list(self, report, vis).await
    }

    async fn report_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(ReportFile, Vec<u8>)>> {
        super::report_files::get(self, token, vis).await
    }
}
