//! The reporting calendar (periods, containing periods, open periods, validation) and the
//! instances of recurring tasks (per cadence, across year ends, leap years).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::deadline::{parse_deadline, Cadence};
use cchc_domain::period::{DateRule, Period, PeriodKind, YearDay};
use cchc_domain::tracking::calendar::{PeriodSpec, ReportingCalendar};
use cchc_domain::tracking::recurring::{recurring_instances, task_instances, ONCE_KEY};
use cchc_domain::tracking::timeliness::{EventOccurrence, TimelinessRules};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn keys(periods: &[Period]) -> Vec<&str> {
    periods.iter().map(|p| p.key.as_str()).collect()
}

#[test]
fn standard_calendar_of_2025() {
    let cal = ReportingCalendar::standard();
    let got: Vec<_> = cal
        .periods_of_year(2025)
        .into_iter()
        .map(|p| (p.key, p.label_vi, p.start, p.end, p.report_due, p.opens, p.closes))
        .collect();
    let want = vec![
        ("2025-q1", "Quý I/2025", d(2024, 12, 15), d(2025, 3, 14), d(2025, 3, 20), d(2025, 3, 1), d(2025, 4, 13)),
        (
            "2025-6m",
            "6 tháng đầu năm 2025",
            d(2024, 12, 15),
            d(2025, 6, 14),
            d(2025, 6, 20),
            d(2025, 6, 1),
            d(2025, 7, 14),
        ),
        ("2025-q3", "Quý III/2025", d(2025, 6, 15), d(2025, 9, 14), d(2025, 9, 20), d(2025, 9, 1), d(2025, 10, 14)),
        ("2025-year", "Năm 2025", d(2024, 12, 15), d(2025, 12, 14), d(2025, 12, 20), d(2025, 12, 1), d(2026, 1, 13)),
    ];
    let want: Vec<_> =
        want.into_iter().map(|(k, l, s, e, due, o, c)| (k.to_string(), l.to_string(), s, e, due, o, Some(c))).collect();
    assert_eq!(got, want);
    assert!(cal.validate().is_ok());
}

#[test]
fn containing_and_open_periods() {
    let cal = ReportingCalendar::standard();
    let cases: Vec<(NaiveDate, Vec<&str>)> = vec![
        (d(2025, 2, 10), vec!["2025-q1", "2025-6m", "2025-year"]),
        (d(2025, 7, 10), vec!["2025-q3", "2025-year"]),
        (d(2025, 12, 14), vec!["2025-year"]),
        // The figures for 2026 start on 15/12/2025.
        (d(2025, 12, 20), vec!["2026-q1", "2026-6m", "2026-year"]),
        (d(2025, 6, 14), vec!["2025-6m", "2025-year"]),
    ];
    for (day, want) in cases {
        assert_eq!(keys(&cal.periods_containing(day)), want, "{day}");
    }
    assert_eq!(cal.period_containing(d(2025, 7, 10)).map(|p| p.key), Some("2025-q3".to_string()));
    let open: Vec<(NaiveDate, Vec<&str>)> = vec![
        (d(2025, 1, 10), vec!["2024-year"]),
        (d(2025, 1, 14), vec![]),
        (d(2025, 3, 5), vec!["2025-q1"]),
        (d(2025, 4, 13), vec!["2025-q1"]),
        (d(2025, 4, 14), vec![]),
        (d(2025, 12, 25), vec!["2025-year"]),
    ];
    for (day, want) in open {
        assert_eq!(keys(&cal.open_periods(day)), want, "open on {day}");
    }
    assert!(cal.is_open("2025-q1", d(2025, 3, 1)));
    assert!(!cal.is_open("2025-q1", d(2025, 2, 28)));
    assert!(!cal.is_open("2025-q2", d(2025, 6, 5)), "the standard calendar has no Quý II");
    assert!(!cal.is_open("năm 2025", d(2025, 12, 5)));
}

#[test]
fn cumulative_calendar_with_months_and_quarters() {
    let cal = ReportingCalendar::cumulative(15);
    let got: Vec<_> = cal.periods_of_year(2025).into_iter().map(|p| (p.key, p.end, p.report_due, p.closes)).collect();
    assert_eq!(
        got,
        vec![
            ("2025-q1".to_string(), d(2025, 3, 31), d(2025, 4, 15), None),
            ("2025-6m".to_string(), d(2025, 6, 30), d(2025, 7, 15), None),
            ("2025-9m".to_string(), d(2025, 9, 30), d(2025, 10, 15), None),
            ("2025-year".to_string(), d(2025, 12, 31), d(2026, 1, 15), None),
        ]
    );
    assert_eq!(cal.find("2025-9m").map(|p| p.label_vi), Some("9 tháng đầu năm 2025".to_string()));
    let monthly = ReportingCalendar::cumulative(15).with_months(DateRule::DayOfLastMonth { day: 31 });
    let feb = |y| monthly.period(y, PeriodKind::Month { month: 2 }).map(|p| (p.end, p.report_due));
    assert_eq!(feb(2024), Some((d(2024, 2, 29), d(2024, 2, 29))), "leap year");
    assert_eq!(feb(2025), Some((d(2025, 2, 28), d(2025, 2, 28))));
    assert_eq!(monthly.periods_of_year(2025).len(), 16);
    assert_eq!(monthly.period_containing(d(2025, 2, 10)).map(|p| p.key), Some("2025-m02".to_string()));
    let quarters = ReportingCalendar::standard().with_quarters(DateRule::AfterEnd { days: 10 });
    assert_eq!(
        keys(&quarters.periods_of_year(2025)),
        vec!["2025-q1", "2025-6m", "2025-q2", "2025-q3", "2025-year", "2025-q4"],
        "Quý I and III keep the standard windows; II and IV are added"
    );
    assert_eq!(quarters.find("2025-q4").map(|p| p.report_due), Some(d(2026, 1, 10)));
    assert!(quarters.validate().is_ok());
}

#[test]
fn calendar_validation() {
    let due = DateRule::AfterEnd { days: 10 };
    let day = |year_offset, month, day| Some(YearDay { year_offset, month, day });
    let with = |specs: Vec<PeriodSpec>| ReportingCalendar { periods: specs, recurring_grace_days: 0 };
    let q1 = PeriodSpec::natural(PeriodKind::Quarter { quarter: 1 }, due);
    let cases: Vec<(ReportingCalendar, &str)> = vec![
        (with(vec![]), "periods"),
        (ReportingCalendar { recurring_grace_days: -1, ..ReportingCalendar::cumulative(10) }, "recurring_grace_days"),
        (with(vec![q1, q1]), "periods[1].kind"),
        (with(vec![PeriodSpec::natural(PeriodKind::Month { month: 13 }, due)]), "periods[0].kind"),
        (with(vec![PeriodSpec { start: day(0, 6, 1), end: day(0, 3, 1), ..q1 }]), "periods[0].end"),
        (with(vec![PeriodSpec { report_due: DateRule::AfterEnd { days: -120 }, ..q1 }]), "periods[0].report_due"),
        (with(vec![PeriodSpec { closes: Some(DateRule::AfterEnd { days: 5 }), ..q1 }]), "periods[0].closes"),
        (with(vec![PeriodSpec { opens: Some(DateRule::AfterEnd { days: 20 }), ..q1 }]), "periods[0].opens"),
        (with(vec![PeriodSpec { start: day(2, 1, 1), ..q1 }]), "periods[0].kind"),
        (with(vec![PeriodSpec { report_due: DateRule::DayOfLastMonth { day: 0 }, ..q1 }]), "periods[0].kind"),
    ];
    for (cal, field) in cases {
        let errs = cal.validate().err().unwrap_or_default();
        assert!(errs.get(field).is_some(), "{field}: {errs:?}");
    }
}

#[test]
fn period_kinds_codes_and_labels() {
    let cases = [
        (PeriodKind::Month { month: 3 }, "m03", "Tháng 3/2025", "March 2025"),
        (PeriodKind::Month { month: 12 }, "m12", "Tháng 12/2025", "December 2025"),
        (PeriodKind::Quarter { quarter: 1 }, "q1", "Quý I/2025", "Q1 2025"),
        (PeriodKind::Quarter { quarter: 4 }, "q4", "Quý IV/2025", "Q4 2025"),
        (PeriodKind::FirstMonths { months: 6 }, "6m", "6 tháng đầu năm 2025", "First 6 months of 2025"),
        (PeriodKind::FirstMonths { months: 9 }, "9m", "9 tháng đầu năm 2025", "First 9 months of 2025"),
        (PeriodKind::SecondHalf, "h2", "6 tháng cuối năm 2025", "Second half of 2025"),
        (PeriodKind::Year, "year", "Năm 2025", "Year 2025"),
    ];
    for (kind, code, vi, en) in cases {
        assert_eq!((kind.code().as_str(), kind.label_vi(2025).as_str(), kind.label_en(2025).as_str()), (code, vi, en));
        assert_eq!(PeriodKind::from_code(code), Some(kind));
    }
    for bad in ["m13", "m00", "q0", "q5", "12m", "0m", "", "m", "q", "x1", "m3", "q+3", "q01", "m+3"] {
        assert_eq!(PeriodKind::from_code(bad), None, "{bad}");
    }
    assert_eq!(PeriodKind::Quarter { quarter: 3 }.name_vi(), "Quý III");
    assert_eq!(Period::parse_key("2025-q1"), Some((2025, PeriodKind::Quarter { quarter: 1 })));
    assert_eq!(Period::parse_key("2025"), None);
    let json = serde_json::to_string(&PeriodKind::Quarter { quarter: 1 }).unwrap();
    assert_eq!(json, r#"{"kind":"quarter","quarter":1}"#);
    let cal = ReportingCalendar::standard();
    let back: ReportingCalendar = serde_json::from_str(&serde_json::to_string(&cal).unwrap()).unwrap();
    assert_eq!(back, cal);
}

type Row = (String, String, Option<NaiveDate>);

fn rows(cadence: Cadence, from: NaiveDate, to: NaiveDate, cal: &ReportingCalendar) -> Vec<Row> {
    recurring_instances(cadence, from, to, cal).into_iter().map(|i| (i.key, i.label_vi, i.due)).collect()
}

fn row(key: &str, label: &str, due: NaiveDate) -> Row {
    (key.to_string(), label.to_string(), Some(due))
}

#[test]
fn recurring_per_cadence() {
    let cal = ReportingCalendar::cumulative(10);
    let (jan1, dec31) = (d(2025, 1, 1), d(2025, 12, 31));
    assert_eq!(
        rows(Cadence::Quarterly, jan1, dec31, &cal),
        vec![
            row("2025-q1", "Quý I/2025", d(2025, 3, 31)),
            row("2025-q2", "Quý II/2025", d(2025, 6, 30)),
            row("2025-q3", "Quý III/2025", d(2025, 9, 30)),
            row("2025-q4", "Quý IV/2025", d(2025, 12, 31)),
        ]
    );
    assert_eq!(
        rows(Cadence::HalfYearly, jan1, dec31, &cal),
        vec![row("2025-6m", "6 tháng đầu năm 2025", d(2025, 6, 30)), row("2025-h2", "6 tháng cuối năm 2025", dec31)]
    );
    assert_eq!(
        rows(Cadence::Yearly, jan1, d(2027, 12, 31), &cal),
        vec![
            row("2025-year", "Năm 2025", dec31),
            row("2026-year", "Năm 2026", d(2026, 12, 31)),
            row("2027-year", "Năm 2027", d(2027, 12, 31)),
        ]
    );
    let months = rows(Cadence::Monthly, d(2024, 1, 1), d(2024, 12, 31), &cal);
    assert_eq!(months.len(), 12);
    assert_eq!(months[1], row("2024-m02", "Tháng 2/2024", d(2024, 2, 29)), "leap year");
    assert_eq!(rows(Cadence::Monthly, jan1, dec31, &cal)[1], row("2025-m02", "Tháng 2/2025", d(2025, 2, 28)));
    // Assigned on 15/8: the first quarter to report is Quý III.
    let late_start = rows(Cadence::Quarterly, d(2025, 8, 15), dec31, &cal);
    assert_eq!(late_start.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), vec!["2025-q3", "2025-q4"]);
    assert!(rows(Cadence::Quarterly, dec31, jan1, &cal).is_empty());
}

#[test]
fn recurring_grace_crosses_the_year_end() {
    let cal = ReportingCalendar { recurring_grace_days: 15, ..ReportingCalendar::cumulative(10) };
    let q = rows(Cadence::Quarterly, d(2025, 1, 1), d(2025, 12, 31), &cal);
    assert_eq!(q[0], row("2025-q1", "Quý I/2025", d(2025, 4, 15)));
    assert_eq!(q[3], row("2025-q4", "Quý IV/2025", d(2026, 1, 15)));
    let m = rows(Cadence::Monthly, d(2028, 1, 1), d(2028, 12, 31), &cal);
    // 29/2/2028 + 15 days = 15/3/2028.
    assert_eq!(m[1], row("2028-m02", "Tháng 2/2028", d(2028, 3, 15)));
}

#[test]
fn continuous_follows_the_calendar() {
    let cal = ReportingCalendar::standard();
    let want = vec![
        row("2025-q1", "Quý I/2025", d(2025, 3, 20)),
        row("2025-6m", "6 tháng đầu năm 2025", d(2025, 6, 20)),
        row("2025-q3", "Quý III/2025", d(2025, 9, 20)),
        row("2025-year", "Năm 2025", d(2025, 12, 20)),
    ];
    for cadence in [Cadence::Continuous, Cadence::Daily, Cadence::Weekly] {
        assert_eq!(rows(cadence, d(2025, 1, 1), d(2025, 12, 31), &cal), want, "{cadence:?}");
    }
    let two_years = rows(Cadence::Continuous, d(2025, 1, 1), d(2026, 12, 31), &cal);
    assert_eq!(two_years.len(), 8);
    assert_eq!(two_years[4], row("2026-q1", "Quý I/2026", d(2026, 3, 20)));
}

#[test]
fn instances_of_any_task() {
    let cal = ReportingCalendar::cumulative(10);
    let rules = TimelinessRules::default();
    let (from, to) = (d(2025, 1, 1), d(2025, 12, 31));
    let keys_of = |text: &str| -> Vec<(String, Option<NaiveDate>)> {
        task_instances(&parse_deadline(text, Some(2025)), None, from, to, &cal, &rules)
            .into_iter()
            .map(|i| (i.key, i.due))
            .collect()
    };
    assert_eq!(keys_of("Hằng quý").len(), 4);
    assert_eq!(keys_of("Hằng năm"), vec![("2025-year".to_string(), Some(d(2025, 12, 31)))]);
    assert_eq!(keys_of("Định kỳ 6 tháng").len(), 2);
    assert_eq!(keys_of("Thường xuyên").len(), 4, "one per period of the calendar");
    assert_eq!(keys_of("Quý II/2025"), vec![(ONCE_KEY.to_string(), Some(d(2025, 6, 30)))]);
    assert_eq!(keys_of("Theo Kế hoạch của Bộ Nội vụ"), vec![(ONCE_KEY.to_string(), None)]);
    let once = task_instances(&parse_deadline("Quý II/2025", Some(2025)), None, from, to, &cal, &rules);
    assert_eq!((once[0].period_start, once[0].label_vi.as_str()), (Some(d(2025, 4, 1)), "Quý II/2025"));
    let papi = parse_deadline("Sau khi công bố chỉ số PAPI", Some(2025));
    let ev = EventOccurrence { occurred_on: d(2025, 4, 20), due: None };
    let with_event = task_instances(&papi, Some(&ev), from, to, &cal, &rules);
    assert_eq!(with_event[0].due, Some(d(2025, 5, 20)));
}
