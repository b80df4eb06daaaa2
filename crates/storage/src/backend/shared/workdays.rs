//! The working-day calendar and due-date moves.

use async_trait::async_trait;
use cchc_domain::tracking::{CalendarDay, DayKind, TaskState};
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use super::{append_audit, event, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::traits_workdays::{DueMove, WorkdayStore};

/// The settings key marking that the office saved a calendar (even an empty one).
const SAVED_KEY: &str = "workdays.saved";

async fn read_days<'e, E>(ex: E) -> StoreResult<Vec<CalendarDay>>
where
    E: sqlx::Executor<'e, Database = super::Db>,
{
    let rows: Vec<(NaiveDate, String, String)> =
        sqlx::query_as("SELECT day, kind, name FROM work_calendar_days ORDER BY day").fetch_all(ex).await?;
    rows.into_iter()
        .map(|(date, kind, name)| {
            let kind = DayKind::parse(&kind).ok_or_else(|| StoreError::Other(format!("loại ngày lạ: {kind}")))?;
            Ok(CalendarDay { date, kind, name })
        })
        .collect()
}

#[async_trait]
impl WorkdayStore for SqlStore {
    async fn work_calendar(&self) -> StoreResult<Option<Vec<CalendarDay>>> {
        let saved: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(SAVED_KEY)
            .fetch_optional(&self.read)
            .await?;
        if saved.is_none() {
            return Ok(None);
        }
        Ok(Some(read_days(&self.read).await?))
    }

    async fn save_work_calendar(&self, actor: &Actor, days: &[CalendarDay]) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let saved: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
            .bind(SAVED_KEY)
            .fetch_optional(&mut *tx)
            .await?;
        let before = read_days(&mut *tx).await?;
        if saved.is_some() && before == days {
            tx.commit().await?;
            return Ok(());
        }
        sqlx::query("DELETE FROM work_calendar_days").execute(&mut *tx).await?;
        for d in days {
            sqlx::query("INSERT INTO work_calendar_days (day, kind, name) VALUES ($1, $2, $3)")
                .bind(d.date)
                .bind(d.kind.code())
                .bind(&d.name)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(SAVED_KEY)
        .bind(days.len().to_string())
        .execute(&mut *tx)
        .await?;
        let before = saved.map(|_| before);
        let after = days.to_vec();
        append_audit(&mut tx, actor, &[event("workdays.save", "work_calendar", "1", before.as_ref(), Some(&after))])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn move_due_dates(&self, actor: &Actor, moves: &[DueMove]) -> StoreResult<usize> {
        let mut tx = self.begin_write().await?;
        let mut audit = Vec::with_capacity(moves.len());
        for m in moves {
            let state: Option<(String, i64)> =
                sqlx::query_as("SELECT state, version FROM task_instances WHERE id = $1")
                    .bind(m.instance_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            let still = state.is_some_and(|(s, v)| v == m.version && TaskState::parse(&s).is_some_and(|s| s.is_open()));
            if !still {
                return Err(StoreError::Conflict(
                    "một nhiệm vụ trong danh sách vừa thay đổi; vui lòng xem lại danh sách dời hạn".into(),
                ));
            }
            sqlx::query("UPDATE task_instances SET due = $1, version = version + 1 WHERE id = $2")
                .bind(m.to)
                .bind(m.instance_id)
                .execute(&mut *tx)
                .await?;
            let b = serde_json::json!({ "due": m.from });
            let a = serde_json::json!({ "due": m.to });
            audit.push(event("task.due_move", "task_instance", m.instance_id, Some(&b), Some(&a)));
        }
        if !audit.is_empty() {
            append_audit(&mut tx, actor, &audit).await?;
        }
        tx.commit().await?;
        Ok(moves.len())
    }
}
