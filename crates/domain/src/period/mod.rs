//! Reporting periods, one module for every feature area.
//!
//! - [`PeriodKind`] and [`Period`] (`kind.rs`): what the reporting calendar of tracking and
//!   reports speaks in: a month, a quarter, the first 6 or 9 months, the second half, a year,
//!   with labels, stable keys, natural bounds and the due / opening / closing day rules.
//! - [`PeriodKey`] (`key.rs`): month, quarter, half and year as a compact ordinal with its
//!   bounds in wall-clock seconds; the index-766 engine keys every value by it, and
//!   [`PeriodKind::period_key`] gives the key of a reporting period of the same span.
//!
//! A custom range is a pair of dates (`from..=to`), as the dashboards take it.

pub mod key;
pub mod kind;

use chrono::{Datelike, NaiveDate, TimeDelta};

pub use key::{Granularity, PeriodKey};
pub use kind::{DateRule, Period, PeriodKind, YearDay};

/// `date + days`, or `None` beyond chrono's range.
pub(crate) fn add_days(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_signed(TimeDelta::try_days(days)?)
}

/// Last day of month `m` of year `y`.
pub(crate) fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    let (ny, nm) = if m == 12 { (y.checked_add(1)?, 1) } else { (y, m + 1) };
    NaiveDate::from_ymd_opt(ny, nm, 1)?.pred_opt()
}

/// Day `day` of a month, moved back to the month's last day when the month is shorter
/// (31 → 30/4, 29 → 28/2 outside leap years).
pub(crate) fn clamped_date(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    let last = month_end(y, m)?;
    NaiveDate::from_ymd_opt(y, m, day.min(last.day()))
}
