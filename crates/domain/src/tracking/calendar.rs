//! The reporting calendar: which periods units report for, what each covers, when its report
//! is due, and when submission opens and closes. It is data (stored as versioned settings);
//! [`ReportingCalendar::standard`] is only the default.

use std::cmp::Reverse;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::days_between;
use crate::period::{DateRule, Period, PeriodKind, YearDay};
use crate::validation::FieldErrors;

/// One period of the calendar, as a rule for every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodSpec {
    pub kind: PeriodKind,
    /// First day of the figures; `None` = the natural first day of `kind`.
    pub start: Option<YearDay>,
    /// Last day of the figures; `None` = the natural last day of `kind`.
    pub end: Option<YearDay>,
    /// Last day to submit on time.
    pub report_due: DateRule,
    /// First day submissions are accepted; `None` = the period's first day.
    pub opens: Option<DateRule>,
    /// Last day submissions are accepted; `None` = never closes.
    pub closes: Option<DateRule>,
}

impl PeriodSpec {
    /// A period over the natural bounds of `kind`, due by `report_due`, open from its first
    /// day and never closing.
    pub fn natural(kind: PeriodKind, report_due: DateRule) -> PeriodSpec {
        PeriodSpec { kind, start: None, end: None, report_due, opens: None, closes: None }
    }

    /// The period of `year`, or `None` when a rule gives no date there.
    pub fn resolve(&self, year: i32) -> Option<Period> {
        let natural = self.kind.natural_bounds(year)?;
        let start = match self.start {
            Some(d) => d.resolve(year)?,
            None => natural.0,
        };
        let end = match self.end {
            Some(d) => d.resolve(year)?,
            None => natural.1,
        };
        let report_due = self.report_due.resolve(year, end)?;
        let opens = match self.opens {
            Some(r) => r.resolve(year, end)?,
            None => start,
        };
        let closes = match self.closes {
            Some(r) => Some(r.resolve(year, end)?),
            None => None,
        };
        Some(Period {
            kind: self.kind,
            year,
            key: Period::key_of(self.kind, year),
            label_vi: self.kind.label_vi(year),
            label_en: self.kind.label_en(year),
            start,
            end,
            report_due,
            opens,
            closes,
        })
    }
}

/// The periods units report for, and the grace recurring task instances get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportingCalendar {
    pub periods: Vec<PeriodSpec>,
    /// Days after a period's last day that a recurring task instance of that period is due
    /// (0 = due on the last day).
    pub recurring_grace_days: i64,
}

impl Default for ReportingCalendar {
    fn default() -> Self {
        ReportingCalendar::standard()
    }
}

impl ReportingCalendar {
    /// The Ministry of Home Affairs' periodic CCHC reports (Văn bản 581/BNV-CCHC, as published
    /// by Sở Nội vụ Nam Định; secondary source): Quý I (figures 15/12 of the year before – 14/3),
    /// 6 tháng đầu năm (15/12 – 14/6), Quý III (15/6 – 14/9), Năm (15/12 – 14/12), each due on
    /// the 20th of the period's last month. Submission opens on the 1st of that month and
    /// closes 30 days after the figures end. A province asking its agencies to report earlier
    /// than it reports to the Ministry changes `report_due`.
    pub fn standard() -> ReportingCalendar {
        let day = |year_offset, month, day| Some(YearDay { year_offset, month, day });
        let spec = |kind, start, end| PeriodSpec {
            kind,
            start,
            end,
            report_due: DateRule::DayOfLastMonth { day: 20 },
            opens: Some(DateRule::DayOfLastMonth { day: 1 }),
            closes: Some(DateRule::AfterEnd { days: 30 }),
        };
        ReportingCalendar {
            periods: vec![
                spec(PeriodKind::Quarter { quarter: 1 }, day(-1, 12, 15), day(0, 3, 14)),
                spec(PeriodKind::FirstMonths { months: 6 }, day(-1, 12, 15), day(0, 6, 14)),
                spec(PeriodKind::Quarter { quarter: 3 }, day(0, 6, 15), day(0, 9, 14)),
                spec(PeriodKind::Year, day(-1, 12, 15), day(0, 12, 14)),
            ],
            recurring_grace_days: 0,
        }
    }

    /// Calendar periods Quý I, 6 tháng, 9 tháng and Năm (all from 1 January), each due
    /// `due_after_end` days after its last day and never closing.
    pub fn cumulative(due_after_end: i64) -> ReportingCalendar {
        let due = DateRule::AfterEnd { days: due_after_end };
        ReportingCalendar {
            periods: vec![
                PeriodSpec::natural(PeriodKind::Quarter { quarter: 1 }, due),
                PeriodSpec::natural(PeriodKind::FirstMonths { months: 6 }, due),
                PeriodSpec::natural(PeriodKind::FirstMonths { months: 9 }, due),
                PeriodSpec::natural(PeriodKind::Year, due),
            ],
            recurring_grace_days: 0,
        }
    }

    /// Adds the twelve months (natural bounds) with `report_due`, for monthly reporting.
    pub fn with_months(mut self, report_due: DateRule) -> ReportingCalendar {
        for month in 1..=12 {
            self.periods.push(PeriodSpec::natural(PeriodKind::Month { month }, report_due));
        }
        self
    }

    /// Adds the quarters the calendar lacks (natural bounds) with `report_due`.
    pub fn with_quarters(mut self, report_due: DateRule) -> ReportingCalendar {
        for quarter in 1..=4 {
            let kind = PeriodKind::Quarter { quarter };
            if !self.periods.iter().any(|p| p.kind == kind) {
                self.periods.push(PeriodSpec::natural(kind, report_due));
            }
        }
        self
    }

    /// The periods of `year`, by last day (then longest first).
    pub fn periods_of_year(&self, year: i32) -> Vec<Period> {
        let mut out: Vec<Period> = self.periods.iter().filter_map(|s| s.resolve(year)).collect();
        out.sort_by_key(|p| (p.end, p.start, p.kind));
        out
    }

    /// The period of `kind` in `year`, if the calendar has one.
    pub fn period(&self, year: i32, kind: PeriodKind) -> Option<Period> {
        self.periods.iter().find(|s| s.kind == kind).and_then(|s| s.resolve(year))
    }

    /// The period with `key` (`2025-q1`), if the calendar has one.
    pub fn find(&self, key: &str) -> Option<Period> {
        let (year, kind) = Period::parse_key(key)?;
        self.period(year, kind)
    }

    /// Every period whose figures include `date`, shortest first (`Quý I` before `Năm`).
    /// Windows may start in the year before, so 20/12/2025 is in `Năm 2026` of the standard
    /// calendar.
    pub fn periods_containing(&self, date: NaiveDate) -> Vec<Period> {
        let mut out: Vec<Period> = self.around(date).into_iter().filter(|p| p.contains(date)).collect();
        out.sort_by_key(|p| (days_between(p.start, p.end), p.end, p.kind));
        out
    }

    /// The shortest period whose figures include `date`.
    pub fn period_containing(&self, date: NaiveDate) -> Option<Period> {
        self.periods_containing(date).into_iter().next()
    }

    /// The periods a report can be submitted for on `date`, soonest due first.
    pub fn open_periods(&self, date: NaiveDate) -> Vec<Period> {
        let mut out: Vec<Period> = self.around(date).into_iter().filter(|p| p.is_open_on(date)).collect();
        out.sort_by_key(|p| (p.report_due, Reverse(p.end), p.kind));
        out
    }

    /// Whether the period with `key` accepts submissions on `date` (unknown keys do not).
    pub fn is_open(&self, key: &str, date: NaiveDate) -> bool {
        self.find(key).is_some_and(|p| p.is_open_on(date))
    }

    /// Periods of the year of `date` and the years either side.
    fn around(&self, date: NaiveDate) -> Vec<Period> {
        let y = date.year();
        [y - 1, y, y + 1].into_iter().flat_map(|year| self.periods_of_year(year)).collect()
    }

    /// Checks the calendar settings. Fields are named `periods[i].start` etc.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        if self.periods.is_empty() {
            e.add("periods", "Lịch báo cáo cần ít nhất một kỳ.");
        }
        if !(0..=366).contains(&self.recurring_grace_days) {
            e.add("recurring_grace_days", "Số ngày gia hạn phải từ 0 đến 366.");
        }
        for (i, s) in self.periods.iter().enumerate() {
            let f = |name: &str| format!("periods[{i}].{name}");
            if !s.kind.is_valid() {
                e.add(&f("kind"), "Loại kỳ báo cáo không hợp lệ.");
                continue;
            }
            if self.periods[..i].iter().any(|o| o.kind == s.kind) {
                e.add(&f("kind"), format!("Kỳ {} bị khai báo hai lần.", s.kind.name_vi()));
            }
            let days_ok = [s.start, s.end].into_iter().flatten().all(|d| d.is_valid());
            let rules_ok = [Some(s.report_due), s.opens, s.closes].into_iter().flatten().all(|r| r.is_valid());
            if !days_ok || !rules_ok {
                e.add(&f("kind"), "Ngày, tháng hoặc số ngày của kỳ báo cáo không hợp lệ.");
                continue;
            }
            // A leap year and a common year cover every clamping case.
            for year in [2024, 2025] {
                let Some(p) = s.resolve(year) else { continue };
                if p.start > p.end {
                    e.add(&f("end"), "Ngày kết thúc kỳ phải sau ngày bắt đầu.");
                } else if p.report_due < p.start {
                    e.add(&f("report_due"), "Hạn báo cáo không thể trước ngày bắt đầu kỳ.");
                } else if p.closes.is_some_and(|c| c < p.report_due || c < p.opens) {
                    e.add(&f("closes"), "Ngày khóa sổ phải sau hạn báo cáo và ngày mở nhận báo cáo.");
                } else if p.opens > p.report_due {
                    e.add(&f("opens"), "Ngày mở nhận báo cáo phải trước hạn báo cáo.");
                } else {
                    continue;
                }
                break;
            }
        }
        e.into_result(())
    }
}
