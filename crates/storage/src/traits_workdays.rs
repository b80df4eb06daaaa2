//! The working-day calendar part of the storage contract: the listed days (holidays, Tết,
//! substitute working days) and moving open task instances to recomputed due dates.

use async_trait::async_trait;
use cchc_domain::tracking::CalendarDay;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use crate::error::StoreResult;

/// A due date to move: the instance, the version the preview saw, and the dates.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DueMove {
    pub instance_id: i64,
    pub version: i64,
    pub from: Option<NaiveDate>,
    pub to: NaiveDate,
}

/// The working-day calendar and due-date moves.
#[async_trait]
pub trait WorkdayStore: Send + Sync {
    /// The stored days in date order; `None` when the office never saved a calendar (the
    /// built-in template is then in force).
    async fn work_calendar(&self) -> StoreResult<Option<Vec<CalendarDay>>>;
    /// Replaces the whole calendar with `days` (already validated) in one transaction with
    /// its audit entry (before and after).
    async fn save_work_calendar(&self, actor: &Actor, days: &[CalendarDay]) -> StoreResult<()>;
    /// Moves each instance to its new due date in one transaction, each with its audit entry;
    /// refused as a whole (conflict) if any instance changed since the preview or is no longer
    /// open. Returns how many moved.
    async fn move_due_dates(&self, actor: &Actor, moves: &[DueMove]) -> StoreResult<usize>;
}
