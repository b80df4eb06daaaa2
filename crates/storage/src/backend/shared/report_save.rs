//! Saving a unit's report, step by step inside a caller's transaction: the draft's text, the
//! target values, the files, the submission. `save_all` runs them in one transaction, so a
//! report post is applied wholly or not at all (a crash between steps used to leave a draft
//! with some of its files, or saved but not submitted).

use cchc_domain::review::{ReviewAction, ReviewState};
use cchc_domain::text::search_key;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use super::reports::{fetch, moved, summary};
use super::{append_audit, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::{AuditEvent, ReportSave, SubmitMode, TargetValueRecord, UnitReport, STALE_REPORT};

/// Creates or edits the draft (refused once submitted or accepted); its audit event.
pub(super) async fn draft(
    tx: &mut Tx,
    unit: UnitId,
    period_key: &str,
    kind: &str,
    narrative: &str,
) -> StoreResult<(UnitReport, AuditEvent)> {
    let existing: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM unit_reports WHERE unit_id = $1 AND period_key = $2")
            .bind(unit)
            .bind(period_key)
            .fetch_optional(&mut **tx)
            .await?;
    let fold = search_key(narrative);
    let (id, before) = match existing {
        Some((id, status)) => {
            moved(ReviewState::parse(&status), ReviewAction::Save)?;
            let before = fetch(tx, id).await?;
            sqlx::query(
                "UPDATE unit_reports SET narrative = $1, search_fold = $2, updated_at = $3, version = version + 1 \
                 WHERE id = $4",
            )
            .bind(narrative)
            .bind(&fold)
            .bind(now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
            (id, Some(before))
        }
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO unit_reports (unit_id, period_key, kind, status, narrative, search_fold, updated_at) \
                 VALUES ($1, $2, $3, 'draft', $4, $5, $6) RETURNING id",
            )
            .bind(unit)
            .bind(period_key)
            .bind(kind)
            .bind(narrative)
            .bind(&fold)
            .bind(now())
            .fetch_one(&mut **tx)
            .await?;
            (id, None)
        }
    };
    let after = fetch(tx, id).await?;
    let b = before.as_ref().map(summary);
    let ev = event("report.save", "report", id, b.as_ref(), Some(&summary(&after)));
    Ok((after, ev))
}

/// Submits a report seen at `expected_version` as `mode` says; its audit event.
pub(super) async fn submit(
    tx: &mut Tx,
    by: &str,
    id: i64,
    expected_version: i64,
    on: NaiveDate,
    mode: SubmitMode,
) -> StoreResult<(UnitReport, AuditEvent)> {
    let before = fetch(tx, id).await?;
    let action = if mode == SubmitMode::ToHead { ReviewAction::SendForSignoff } else { ReviewAction::Submit };
    let status = moved(Some(before.status), action)?;
    // Sent to the head: the office's submission date is the day the head signs it off.
    let submitted_on = (mode != SubmitMode::ToHead).then_some(on);
    let signed = (mode == SubmitMode::ByHead).then_some(by);
    let r = sqlx::query(
        "UPDATE unit_reports SET status = $1, submitted_on = $2, submitted_by = $3, return_reason = NULL, \
         signed_by = $4, signed_on = $5, signoff_note = NULL, updated_at = $6, version = version + 1 \
         WHERE id = $7 AND version = $8",
    )
    .bind(status.code())
    .bind(submitted_on)
    .bind(by)
    .bind(signed)
    .bind(signed.map(|_| on))
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::Conflict(STALE_REPORT.into()));
    }
    let after = fetch(tx, id).await?;
    let name = match mode {
        SubmitMode::ToHead => "report.send_for_signoff",
        SubmitMode::ByHead => "report.signoff",
        SubmitMode::Direct => "report.submit",
    };
    let ev = event(name, "report", id, Some(&summary(&before)), Some(&summary(&after)));
    Ok((after, ev))
}

/// The head signs off a report waiting for it, or sends it back with a reason; its event.
pub(super) async fn signoff(
    tx: &mut Tx,
    by: &str,
    id: i64,
    expected_version: i64,
    on: NaiveDate,
    send_back: Option<&str>,
) -> StoreResult<(UnitReport, AuditEvent)> {
    let before = fetch(tx, id).await?;
    let action = if send_back.is_some() { ReviewAction::SendBack } else { ReviewAction::SignOff };
    let status = moved(Some(before.status), action)?;
    let signing = send_back.is_none();
    let r = sqlx::query(
        "UPDATE unit_reports SET status = $1, submitted_on = $2, signed_by = $3, signed_on = $4, signoff_note = $5, \
         updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
    )
    .bind(status.code())
    .bind(signing.then_some(on))
    .bind(signing.then_some(by))
    .bind(signing.then_some(on))
    .bind(send_back)
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .execute(&mut **tx)
    .await?;
    if r.rows_affected() == 0 {
        return Err(StoreError::Conflict(STALE_REPORT.into()));
    }
    let after = fetch(tx, id).await?;
    let name = if signing { "report.signoff" } else { "report.send_back" };
    let ev = event(name, "report", id, Some(&summary(&before)), Some(&summary(&after)));
    Ok((after, ev))
}

/// Sets target values (only while the unit's report of the period is editable); their events.
pub(super) async fn values(tx: &mut Tx, values: &[TargetValueRecord]) -> StoreResult<Vec<AuditEvent>> {
    let mut audit = Vec::new();
    for v in values {
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM unit_reports WHERE unit_id = $1 AND period_key = $2")
                .bind(v.unit_id)
                .bind(&v.period_key)
                .fetch_optional(&mut **tx)
                .await?;
        if status.as_deref().and_then(ReviewState::parse).is_some_and(|s| !s.is_editable()) {
            return Err(StoreError::Conflict("báo cáo kỳ này đã nộp; không sửa được số liệu chỉ tiêu".into()));
        }
        sqlx::query(
            "INSERT INTO target_values (target_id, unit_id, period_key, value, numerator, denominator, note, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (target_id, unit_id, period_key) DO UPDATE SET \
             value = excluded.value, numerator = excluded.numerator, denominator = excluded.denominator, \
             note = excluded.note, updated_at = excluded.updated_at",
        )
        .bind(v.target_id)
        .bind(v.unit_id)
        .bind(&v.period_key)
        .bind(v.value)
        .bind(v.numerator)
        .bind(v.denominator)
        .bind(&v.note)
        .bind(now())
        .execute(&mut **tx)
        .await?;
        let after = serde_json::json!({ "value": v.value, "numerator": v.numerator, "denominator": v.denominator });
        let id = format!("{}:{}:{}", v.target_id, v.unit_id, v.period_key);
        audit.push(event::<(), _>("target.value", "target", id, None, Some(&after)));
    }
    Ok(audit)
}

/// The whole post in one transaction: draft, values, files, and the submission when asked.
pub(super) async fn save_all(store: &SqlStore, actor: &Actor, s: &ReportSave) -> StoreResult<UnitReport> {
    let mut tx = store.begin_write().await?;
    if let Some(expected) = s.expected_version {
        let seen: Option<i64> =
            sqlx::query_scalar("SELECT version FROM unit_reports WHERE unit_id = $1 AND period_key = $2")
                .bind(s.unit)
                .bind(&s.period_key)
                .fetch_optional(&mut *tx)
                .await?;
        if seen != Some(expected) {
            return Err(StoreError::Conflict(STALE_REPORT.into()));
        }
    }
    let (mut report, ev) = draft(&mut tx, s.unit, &s.period_key, &s.kind, &s.narrative).await?;
    let mut audit = vec![ev];
    audit.extend(values(&mut tx, &s.values).await?);
    for f in &s.files {
        super::report_files::insert_file(&mut tx, "report_files", "report_id", report.id, f, &actor.login).await?;
        let after = serde_json::json!({ "file_name": f.file_name, "sha256": f.sha256, "size": f.bytes.len() });
        audit.push(event::<(), _>("report.file", "report", report.id, None, Some(&after)));
    }
    if let Some(on) = s.submit_on {
        let (after, ev) = submit(&mut tx, &actor.login, report.id, report.version, on, s.submit_mode).await?;
        report = after;
        audit.push(ev);
    }
    append_audit(&mut tx, actor, &audit).await?;
    tx.commit().await?;
    Ok(report)
}
