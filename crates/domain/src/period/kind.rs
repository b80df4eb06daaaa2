//! Reporting periods: their kinds (`Quý I`, `6 tháng đầu năm`, `Tháng 3`, `Năm`), labels,
//! stable keys, natural calendar bounds, and the date rules calendars use for due, opening and
//! closing days.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{add_days, clamped_date, month_end, Granularity, PeriodKey};

/// What span of a year a period covers; labels and keys derive from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PeriodKind {
    /// One month (`Tháng 3/2025`), 1–12.
    Month { month: u32 },
    /// One quarter (`Quý I/2025`), 1–4.
    Quarter { quarter: u32 },
    /// The first `months` months (`6 tháng đầu năm 2025`, `9 tháng đầu năm 2025`), 1–11.
    FirstMonths { months: u32 },
    /// July to December (`6 tháng cuối năm 2025`).
    SecondHalf,
    /// The whole year (`Năm 2025`).
    Year,
}

const ROMAN: [&str; 4] = ["I", "II", "III", "IV"];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The `n`-th (1-based) name, or `?` out of range.
fn nth(names: &[&'static str], n: u32) -> &'static str {
    (n as usize).checked_sub(1).and_then(|i| names.get(i)).copied().unwrap_or("?")
}

impl PeriodKind {
    /// Whether the numbers are in range (month 1–12, quarter 1–4, first months 1–11).
    pub fn is_valid(self) -> bool {
        match self {
            PeriodKind::Month { month } => (1..=12).contains(&month),
            PeriodKind::Quarter { quarter } => (1..=4).contains(&quarter),
            PeriodKind::FirstMonths { months } => (1..=11).contains(&months),
            PeriodKind::SecondHalf | PeriodKind::Year => true,
        }
    }

    /// Stable code within a year: `m03`, `q1`, `6m`, `h2`, `year`.
    pub fn code(self) -> String {
        match self {
            PeriodKind::Month { month } => format!("m{month:02}"),
            PeriodKind::Quarter { quarter } => format!("q{quarter}"),
            PeriodKind::FirstMonths { months } => format!("{months}m"),
            PeriodKind::SecondHalf => "h2".into(),
            PeriodKind::Year => "year".into(),
        }
    }

    /// Parses a code made by [`PeriodKind::code`].
    pub fn from_code(code: &str) -> Option<PeriodKind> {
        let num = |s: &str| s.parse::<u32>().ok();
        let kind = match code.trim() {
            "h2" => PeriodKind::SecondHalf,
            "year" => PeriodKind::Year,
            c if c.starts_with('m') && c.len() == 3 => PeriodKind::Month { month: num(&c[1..])? },
            c if c.starts_with('q') => PeriodKind::Quarter { quarter: num(&c[1..])? },
            c if c.ends_with('m') => PeriodKind::FirstMonths { months: num(&c[..c.len() - 1])? },
            _ => return None,
        };
        (kind.is_valid() && kind.code() == code.trim()).then_some(kind)
    }

    /// Vietnamese name without a year (`Quý I`, `6 tháng đầu năm`), for settings pages.
    pub fn name_vi(self) -> String {
        match self {
            PeriodKind::Month { month } => format!("Tháng {month}"),
            PeriodKind::Quarter { quarter } => format!("Quý {}", nth(&ROMAN, quarter)),
            PeriodKind::FirstMonths { months } => format!("{months} tháng đầu năm"),
            PeriodKind::SecondHalf => "6 tháng cuối năm".into(),
            PeriodKind::Year => "Năm".into(),
        }
    }

    /// Vietnamese label for `year`: `Quý I/2025`, `6 tháng đầu năm 2025`, `Tháng 3/2025`.
    pub fn label_vi(self, year: i32) -> String {
        let sep = if matches!(self, PeriodKind::Month { .. } | PeriodKind::Quarter { .. }) { '/' } else { ' ' };
        format!("{}{sep}{year}", self.name_vi())
    }

    /// English label for `year`: `Q1 2025`, `First 6 months of 2025`, `March 2025`.
    pub fn label_en(self, year: i32) -> String {
        match self {
            PeriodKind::Month { month } => {
                format!("{} {year}", nth(&MONTHS_EN, month))
            }
            PeriodKind::Quarter { quarter } => format!("Q{quarter} {year}"),
            PeriodKind::FirstMonths { months } => format!("First {months} months of {year}"),
            PeriodKind::SecondHalf => format!("Second half of {year}"),
            PeriodKind::Year => format!("Year {year}"),
        }
    }

    /// First and last calendar day of the period in `year`.
    pub fn natural_bounds(self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        if !self.is_valid() {
            return None;
        }
        let (first, last) = match self {
            PeriodKind::Month { month } => (month, month),
            PeriodKind::Quarter { quarter } => (3 * quarter - 2, 3 * quarter),
            PeriodKind::FirstMonths { months } => (1, months),
            PeriodKind::SecondHalf => (7, 12),
            PeriodKind::Year => (1, 12),
        };
        Some((NaiveDate::from_ymd_opt(year, first, 1)?, month_end(year, last)?))
    }

    /// The index-766 period of the same span in `year` (a reporting period's figures may run
    /// to a cut-off day; index 766 counts calendar months): the same month, quarter, half or
    /// year; `None` for any other span (e.g. the first nine months) or numbers out of range.
    pub fn period_key(self, year: i32) -> Option<PeriodKey> {
        let (g, month) = match self {
            PeriodKind::Month { month } => (Granularity::Month, month),
            PeriodKind::Quarter { quarter } => (Granularity::Quarter, quarter * 3 - 2),
            PeriodKind::FirstMonths { months: 1 } => (Granularity::Month, 1),
            PeriodKind::FirstMonths { months: 3 } => (Granularity::Quarter, 1),
            PeriodKind::FirstMonths { months: 6 } => (Granularity::Half, 1),
            PeriodKind::SecondHalf => (Granularity::Half, 7),
            PeriodKind::Year => (Granularity::Year, 1),
            PeriodKind::FirstMonths { .. } => return None,
        };
        self.is_valid().then(|| PeriodKey::from_year_month(g, year, month))
    }
}

/// A day of the year relative to a period's year (`year_offset` −1 for a window that starts
/// in December of the year before). A day past the month's end means its last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearDay {
    pub year_offset: i32,
    pub month: u32,
    pub day: u32,
}

impl YearDay {
    /// The date in the period of `year`.
    pub fn resolve(self, year: i32) -> Option<NaiveDate> {
        clamped_date(year.checked_add(self.year_offset)?, self.month, self.day)
    }

    /// Whether the numbers are in range (offset −1…1, month 1–12, day 1–31).
    pub fn is_valid(self) -> bool {
        (-1..=1).contains(&self.year_offset) && (1..=12).contains(&self.month) && (1..=31).contains(&self.day)
    }
}

/// How a calendar computes a day from a period (report due, opening, closing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum DateRule {
    /// A fixed day relative to the period's year.
    Fixed { on: YearDay },
    /// `days` days after the period's last day (negative: before it; 0: the last day).
    AfterEnd { days: i64 },
    /// Day `day` of the month the period ends in (`ngày 20 của tháng cuối kỳ`), clamped.
    DayOfLastMonth { day: u32 },
}

impl DateRule {
    /// The day for the period of `year` ending on `end`.
    pub fn resolve(self, year: i32, end: NaiveDate) -> Option<NaiveDate> {
        match self {
            DateRule::Fixed { on } => on.resolve(year),
            DateRule::AfterEnd { days } => add_days(end, days),
            DateRule::DayOfLastMonth { day } => clamped_date(end.year(), end.month(), day),
        }
    }

    /// Whether the numbers are in range.
    pub fn is_valid(self) -> bool {
        match self {
            DateRule::Fixed { on } => on.is_valid(),
            DateRule::AfterEnd { days } => (-366..=366).contains(&days),
            DateRule::DayOfLastMonth { day } => (1..=31).contains(&day),
        }
    }
}

/// A reporting period of one year, resolved from a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub kind: PeriodKind,
    pub year: i32,
    /// Stable key, `2025-q1`, `2025-6m`, `2025-m03`, `2025-year`.
    pub key: String,
    pub label_vi: String,
    pub label_en: String,
    /// First and last day the period's figures cover.
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Last day to submit on time.
    pub report_due: NaiveDate,
    /// First day submissions are accepted.
    pub opens: NaiveDate,
    /// Last day submissions are accepted at all (late ones included); `None` = never closes.
    pub closes: Option<NaiveDate>,
}

impl Period {
    /// The key of `kind` in `year`.
    pub fn key_of(kind: PeriodKind, year: i32) -> String {
        format!("{year}-{}", kind.code())
    }

    /// Splits a key made by [`Period::key_of`].
    pub fn parse_key(key: &str) -> Option<(i32, PeriodKind)> {
        let (year, code) = key.trim().split_once('-')?;
        Some((year.parse().ok()?, PeriodKind::from_code(code)?))
    }

    /// The index-766 period of the same span (see [`PeriodKind::period_key`]).
    pub fn period_key(&self) -> Option<PeriodKey> {
        self.kind.period_key(self.year)
    }

    /// Whether `date` falls inside the period's figures.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }

    /// Whether a report for the period can be submitted on `date`.
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.opens <= date && self.closes.is_none_or(|c| date <= c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reporting_periods_map_to_766_periods_of_the_same_kind() {
        let key = |k: PeriodKind| k.period_key(2026).map(|p| p.to_string());
        assert_eq!(key(PeriodKind::Quarter { quarter: 2 }), Some("2026-Q2".into()));
        assert_eq!(key(PeriodKind::FirstMonths { months: 6 }), Some("2026-H1".into()));
        assert_eq!(key(PeriodKind::SecondHalf), Some("2026-H2".into()));
        assert_eq!(key(PeriodKind::Year), Some("2026".into()));
        assert_eq!(key(PeriodKind::Month { month: 3 }), Some("2026-03".into()));
        assert_eq!(key(PeriodKind::FirstMonths { months: 9 }), None, "nine months");
        assert_eq!(key(PeriodKind::Quarter { quarter: 5 }), None);
    }

    #[test]
    fn every_766_period_is_a_reporting_period_with_the_same_bounds() {
        for g in Granularity::ALL {
            let mut p = PeriodKey::from_year_month(g, 2025, 1);
            while p.year() == 2025 {
                let (year, kind) = p.kind();
                assert_eq!((year, kind.period_key(year)), (2025, Some(p)), "{p}");
                let (first, last) = kind.natural_bounds(year).unwrap();
                let day = |secs: i64| crate::local_time::from_secs(secs).date();
                assert_eq!((first, last.succ_opt().unwrap()), (day(p.start()), day(p.end())), "{p}");
                p = p.next();
            }
        }
    }
}
