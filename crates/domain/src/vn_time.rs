//! Vietnam time: one zone, UTC+7, no daylight saving. Every "today", deadline day and local
//! timestamp of cchc is derived from a UTC instant here, so no crate adds seven hours by hand.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};

/// Seconds east of UTC.
const OFFSET_SECS: i32 = 7 * 3600;

/// The UTC+7 offset.
pub fn offset() -> FixedOffset {
    // 7 h is always within chrono's ±24 h range; the fallback is never taken.
    FixedOffset::east_opt(OFFSET_SECS).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap_or_else(|| unreachable!()))
}

/// The instant as Vietnamese wall-clock time.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    at.with_timezone(&offset()).naive_local()
}

/// The calendar day in Vietnam at the instant.
pub fn day(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// Vietnamese wall-clock time as a UTC instant.
pub fn to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    local.and_utc() - chrono::Duration::seconds(i64::from(OFFSET_SECS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_day_turns_at_17_utc() {
        let before = Utc.with_ymd_and_hms(2026, 12, 31, 16, 59, 59).single().unwrap_or_default();
        let after = Utc.with_ymd_and_hms(2026, 12, 31, 17, 0, 0).single().unwrap_or_default();
        assert_eq!(day(before), NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default());
        assert_eq!(day(after), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default());
        assert_eq!(to_utc(local(after)), after);
        assert_eq!(local(after).format("%d/%m/%Y %H:%M").to_string(), "01/01/2027 00:00");
    }
}
