//! The working-day calendar: public holidays and Tết (days off on a weekday), substitute
//! working days (*ngày làm bù*, a Saturday or Sunday worked), offsets in working days
//! (`trong 15 ngày làm việc`) and due dates moved off non-working days.
//!
//! The calendar is data (each day a dated row the office edits or imports); the built-in
//! [`sample_days`] is only a template (*mẫu, chưa xác nhận*): Tết and the days swapped around
//! public holidays are announced each year.
//!
//! Rules chosen where the domain is silent:
//! - Saturdays and Sundays are days off unless listed as substitute working days.
//! - A due date on a day off moves to the next working day (the civil-code rule for a period
//!   whose last day is a day off).
//! - `N ngày làm việc` counts from the day after the start: the due date is the N-th working
//!   day after it (0 means the start itself, moved to a working day).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

/// The longest stretch of days off the calendar accepts in a row; a search for a working day
/// gives up after it, so a calendar marking every day off cannot loop forever.
pub const MAX_DAYS_OFF_IN_A_ROW: i64 = 60;

/// The longest offset accepted, in working days.
pub const MAX_OFFSET: u32 = 1000;

/// What a listed day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    /// A day off on what would be a working day (public holiday, Tết, a swapped day).
    Holiday,
    /// A Saturday or Sunday worked in exchange for a day off (*ngày làm bù*).
    WorkingDay,
}

impl DayKind {
    /// Stable code used in the database and forms.
    pub fn code(self) -> &'static str {
        match self {
            DayKind::Holiday => "holiday",
            DayKind::WorkingDay => "working_day",
        }
    }

    /// Reads a stored code, or a spreadsheet cell (`nghỉ`, `nghỉ lễ`, `làm bù`, `làm việc`).
    pub fn parse(text: &str) -> Option<DayKind> {
        match crate::text::fold(text).as_str() {
            "holiday" | "nghi" | "nghi le" | "ngay nghi" | "nghi tet" | "nghi bu" | "le" => Some(DayKind::Holiday),
            "working_day" | "lam bu" | "ngay lam bu" | "lam viec" | "di lam" => Some(DayKind::WorkingDay),
            _ => None,
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            DayKind::Holiday => "Ngày nghỉ",
            DayKind::WorkingDay => "Ngày làm bù",
        }
    }
}

/// One listed day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// `Tết Nguyên đán (mùng 1)`, `Làm bù cho ngày 02/05/2025`.
    pub name: String,
}

/// The days that differ from the Monday-to-Friday week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkCalendar {
    days: BTreeMap<NaiveDate, DayKind>,
}

impl WorkCalendar {
    /// A calendar from its listed days (a later row for the same date wins).
    pub fn new<'a>(days: impl IntoIterator<Item = &'a CalendarDay>) -> WorkCalendar {
        WorkCalendar { days: days.into_iter().map(|d| (d.date, d.kind)).collect() }
    }

    /// True on a working day: Monday to Friday unless a day off, or a substitute working day.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        match self.days.get(&date) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::WorkingDay) => true,
            None => !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
        }
    }

    /// `date` if it is a working day, else the next one; `None` past
    /// [`MAX_DAYS_OFF_IN_A_ROW`] days off or the end of the calendar's dates.
    pub fn on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        let mut d = date;
        for _ in 0..=MAX_DAYS_OFF_IN_A_ROW {
            if self.is_working_day(d) {
                return Some(d);
            }
            d = d.succ_opt()?;
        }
        None
    }

    /// The `n`-th working day after `start` (`n = 0`: `start` moved to a working day).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut d = self.on_or_after(start)?;
        for _ in 0..n.min(MAX_OFFSET) {
            d = self.on_or_after(d.succ_opt()?)?;
        }
        Some(d)
    }

    /// A due date moved off a day off; unchanged when it is a working day (or no working day
    /// follows within [`MAX_DAYS_OFF_IN_A_ROW`] days, which validation prevents).
    pub fn settle(&self, due: NaiveDate) -> NaiveDate {
        self.on_or_after(due).unwrap_or(due)
    }

    /// Working days in `from..=to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        from.iter_days().take_while(|d| *d <= to).filter(|d| self.is_working_day(*d)).count() as i64
    }
}

/// The due date of a task: an offset in working days counts from `start` (the document's
/// date), any other due date moves off a day off.
pub fn settle_due(
    due: Option<NaiveDate>,
    working_days: Option<u32>,
    start: Option<NaiveDate>,
    calendar: &WorkCalendar,
) -> Option<NaiveDate> {
    match working_days {
        Some(n) => calendar.add_working_days(start?, n),
        None => due.map(|d| calendar.settle(d)),
    }
}

/// Checks a whole calendar: every problem, by row (`row` is the line shown to the user, in
/// the order given): a date listed twice, a substitute working day on a weekday, an empty or
/// overlong name, or a stretch of more than [`MAX_DAYS_OFF_IN_A_ROW`] days off.
pub fn validate_days(days: &[(usize, CalendarDay)]) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    let mut seen: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for (row, d) in days {
        if let Some(first) = seen.insert(d.date, *row) {
            e.add("days", format!("Dòng {row}: ngày {} đã có ở dòng {first}.", d.date.format("%d/%m/%Y")));
        }
        if d.kind == DayKind::WorkingDay && !matches!(d.date.weekday(), Weekday::Sat | Weekday::Sun) {
            e.add(
                "days",
                format!("Dòng {row}: ngày làm bù {} không phải thứ Bảy hay Chủ nhật.", d.date.format("%d/%m/%Y")),
            );
        }
        let len = d.name.trim().chars().count();
        if len == 0 || len > 200 {
            e.add("days", format!("Dòng {row}: tên ngày phải có từ 1 đến 200 ký tự."));
        }
    }
    if e.is_empty() {
        let cal = WorkCalendar::new(days.iter().map(|(_, d)| d));
        for (row, d) in days.iter().filter(|(_, d)| d.kind == DayKind::Holiday) {
            if cal.on_or_after(d.date).is_none() {
                e.add("days", format!("Dòng {row}: quá {MAX_DAYS_OFF_IN_A_ROW} ngày nghỉ liên tiếp."));
            }
        }
    }
    e.into_result(())
}

/// Reads rows `Ngày | Loại | Tên` (a header row naming `Ngày` is skipped), each with the
/// line the user sees; every problem is listed with its line, and nothing is returned unless
/// every row is good.
pub fn parse_rows(rows: &[(usize, Vec<String>)]) -> Result<Vec<CalendarDay>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut out = Vec::new();
    for (line, cells) in rows {
        let cell = |i: usize| cells.get(i).map(|c| crate::text::clean(c)).unwrap_or_default();
        let (date, kind, name) = (cell(0), cell(1), cell(2));
        if date.is_empty() && kind.is_empty() && name.is_empty() {
            continue;
        }
        if out.is_empty() && e.is_empty() && crate::text::fold(&date) == "ngay" {
            continue;
        }
        let parsed_date = crate::registry_file::parse_date(&date);
        let parsed_kind = DayKind::parse(&kind);
        if parsed_date.is_none() {
            e.add("days", format!("Dòng {line}: «{date}» không phải ngày (dd/mm/yyyy)."));
        }
        if parsed_kind.is_none() {
            e.add("days", format!("Dòng {line}: loại «{kind}» không rõ (ghi «nghỉ» hoặc «làm bù»)."));
        }
        if let (Some(date), Some(kind)) = (parsed_date, parsed_kind) {
            out.push((*line, CalendarDay { date, kind, name }));
        }
    }
    if let Err(more) = validate_days(&out) {
        e.0.extend(more.0);
    }
    e.into_result(out.into_iter().map(|(_, d)| d).collect())
}

/// The built-in template (public holidays, Tết and swapped days of 2025 and 2026 as the
/// government announced them): *mẫu, chưa xác nhận* until the office saves its own.
pub fn sample_days() -> Vec<CalendarDay> {
    let text = include_str!("../../data/workdays/mau-viet-nam.csv");
    let rows: Vec<(usize, Vec<String>)> =
        crate::csv::parse(text).map(|recs| recs.into_iter().map(|r| (r.line, r.cells)).collect()).unwrap_or_default();
    parse_rows(&rows).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
    }

    fn sample() -> WorkCalendar {
        WorkCalendar::new(&sample_days())
    }

    #[test]
    fn the_sample_reads_whole() {
        let days = sample_days();
        assert_eq!(days.len(), 24, "every row of the template parses");
        assert!(days.iter().any(|x| x.kind == DayKind::WorkingDay));
    }

    #[test]
    fn working_days_table() {
        let cal = sample();
        // (date, working?)
        let table = [
            (d(2025, 1, 24), true),  // Friday before Tết
            (d(2025, 1, 27), false), // Tết
            (d(2025, 1, 31), false), // mùng 3
            (d(2025, 2, 3), true),   // first day back
            (d(2025, 4, 26), true),  // Saturday worked (làm bù)
            (d(2025, 4, 27), false), // ordinary Sunday
            (d(2025, 5, 2), false),  // swapped day off
            (d(2025, 9, 2), false),  // Quốc khánh
            (d(2026, 2, 17), false), // Tết Bính Ngọ
            (d(2026, 4, 27), false), // compensatory day for a Sunday holiday
            (d(2026, 4, 28), true),
        ];
        for (date, working) in table {
            assert_eq!(cal.is_working_day(date), working, "{date}");
        }
    }

    #[test]
    fn offsets_and_settled_due_dates_table() {
        let cal = sample();
        // (start, working days, expected due)
        let offsets = [
            (d(2025, 1, 13), 5, d(2025, 1, 20)),  // counted from the next day, weekend skipped
            (d(2025, 1, 22), 5, d(2025, 2, 5)),   // Tết week skipped
            (d(2025, 4, 24), 2, d(2025, 4, 26)),  // Thu + 2 lands on the Saturday worked
            (d(2025, 4, 28), 3, d(2025, 5, 6)),   // 29/4, then 30/4–4/5 off, 5/5, 6/5
            (d(2025, 3, 1), 0, d(2025, 3, 3)),    // a Saturday start moves to Monday
            (d(2025, 8, 28), 15, d(2025, 9, 22)), // over Quốc khánh
        ];
        for (start, n, due) in offsets {
            assert_eq!(cal.add_working_days(start, n), Some(due), "{start} + {n}");
        }
        // A deadline landing on a holiday moves to the next working day.
        let settled = [
            (d(2025, 4, 30), d(2025, 5, 5)),
            (d(2025, 1, 29), d(2025, 2, 3)),
            (d(2025, 6, 30), d(2025, 6, 30)),  // a Monday stays
            (d(2025, 11, 30), d(2025, 12, 1)), // a Sunday
            (d(2025, 4, 26), d(2025, 4, 26)),  // the Saturday worked stays
        ];
        for (due, moved) in settled {
            assert_eq!(cal.settle(due), moved, "{due}");
        }
        assert_eq!(settle_due(None, Some(10), Some(d(2025, 1, 20)), &cal), Some(d(2025, 2, 10)));
        assert_eq!(settle_due(None, Some(10), None, &cal), None, "no start, no date");
        assert_eq!(settle_due(Some(d(2025, 9, 1)), None, None, &cal), Some(d(2025, 9, 3)));
    }

    #[test]
    fn import_rows_are_checked_by_line() {
        let rows = |v: &[(usize, [&str; 3])]| -> Vec<(usize, Vec<String>)> {
            v.iter().map(|(l, c)| (*l, c.iter().map(|s| s.to_string()).collect())).collect()
        };
        let good = rows(&[(1, ["Ngày", "Loại", "Tên"]), (2, ["01/01/2027", "Nghỉ lễ", "Tết Dương lịch"])]);
        assert_eq!(parse_rows(&good).map(|d| d.len()), Ok(1));
        let bad = rows(&[
            (2, ["32/01/2027", "nghỉ", "x"]),
            (3, ["04/01/2027", "làm bù", "Thứ Hai"]),
            (4, ["05/01/2027", "du lịch", "x"]),
            (5, ["06/01/2027", "nghỉ", ""]),
            (6, ["06/01/2027", "nghỉ", "lặp"]),
        ]);
        let msgs: Vec<String> = parse_rows(&bad).err().unwrap_or_default().0.into_iter().map(|e| e.message).collect();
        for needle in
            ["Dòng 2:", "Dòng 3: ngày làm bù", "Dòng 4: loại", "Dòng 5: tên", "Dòng 6: ngày 06/01/2027 đã có ở dòng 5"]
        {
            assert!(msgs.iter().any(|m| m.starts_with(needle)), "{needle} in {msgs:?}");
        }
    }

    #[test]
    fn an_endless_holiday_is_refused_and_never_loops() {
        let start = d(2027, 1, 1);
        let days: Vec<(usize, CalendarDay)> = (0..120)
            .map(|i| {
                let date = start + chrono::Duration::days(i);
                (i as usize + 2, CalendarDay { date, kind: DayKind::Holiday, name: "x".into() })
            })
            .collect();
        assert!(validate_days(&days).is_err());
        let cal = WorkCalendar::new(days.iter().map(|(_, d)| d));
        assert_eq!(cal.add_working_days(start, 3), None);
        assert_eq!(cal.settle(start), start, "unchanged rather than looping");
    }
}
