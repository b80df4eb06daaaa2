//! Due dates from parsed deadlines, status on a day, and early / on time / late.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::deadline::{parse_deadline, Deadline};
use cchc_domain::tracking::lifecycle::{TaskProgress, TaskState};
use cchc_domain::tracking::timeliness::{
    classify_completion, due_date, status_on, Completion, EarlyRule, EventOccurrence, TaskStatus, TaskTiming,
    TimelinessRules,
};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn due_dates_by_kind() {
    let rules = TimelinessRules::default();
    let event = EventOccurrence { occurred_on: d(2025, 3, 10), due: None };
    let event_with_due = EventOccurrence { occurred_on: d(2025, 3, 10), due: Some(d(2025, 5, 31)) };
    let papi = "Sau khi các cơ quan TW công bố chỉ số PAPI năm 2024";
    let cases: Vec<(&str, Option<&EventOccurrence>, Option<NaiveDate>)> = vec![
        ("trước ngày 15/8/2025", None, Some(d(2025, 8, 15))),
        ("Quý II, III/2025", None, Some(d(2025, 9, 30))),
        ("Tháng 2", None, Some(d(2025, 2, 28))),
        ("Năm 2025", None, Some(d(2025, 12, 31))),
        ("Thường xuyên", None, None),
        ("Hằng quý", None, None),
        ("Theo lộ trình đề án được phê duyệt", None, None),
        (papi, None, None),
        // 10/3 + 30 days = 9/4.
        (papi, Some(&event), Some(d(2025, 4, 9))),
        (papi, Some(&event_with_due), Some(d(2025, 5, 31))),
        // An event recorded for a task that does not wait for one changes nothing.
        ("Quý I/2025", Some(&event), Some(d(2025, 3, 31))),
        ("", None, None),
    ];
    for (text, ev, want) in cases {
        assert_eq!(due_date(&parse_deadline(text, Some(2025)), ev, &rules), want, "{text}");
    }
    let short = TimelinessRules { event_allowance_days: 15, ..rules };
    assert_eq!(due_date(&parse_deadline(papi, Some(2025)), Some(&event), &short), Some(d(2025, 3, 25)));
    assert_eq!(due_date(&Deadline::unspecified("?"), Some(&event), &rules), None);
}

#[test]
fn status_on_a_day() {
    let rules = TimelinessRules::default();
    let due = Some(d(2025, 9, 30));
    let open = |state| TaskTiming { state, completed_on: None, due, period_start: None };
    let done = |state, on| TaskTiming { state, completed_on: Some(on), due, period_start: Some(d(2025, 7, 1)) };
    let cases: Vec<(TaskTiming, NaiveDate, TaskStatus)> = vec![
        (open(TaskState::NotStarted), d(2025, 9, 1), TaskStatus::OnTrack { days_left: 29 }),
        (open(TaskState::InProgress), d(2025, 9, 22), TaskStatus::OnTrack { days_left: 8 }),
        (open(TaskState::InProgress), d(2025, 9, 23), TaskStatus::DueSoon { days_left: 7 }),
        (open(TaskState::NotStarted), d(2025, 9, 30), TaskStatus::DueSoon { days_left: 0 }),
        (open(TaskState::NotStarted), d(2025, 10, 1), TaskStatus::Overdue { days_late: 1 }),
        (open(TaskState::Returned), d(2025, 10, 5), TaskStatus::Overdue { days_late: 5 }),
        (
            TaskTiming { state: TaskState::NotStarted, completed_on: None, due: None, period_start: None },
            d(2025, 10, 5),
            TaskStatus::NoDueDate,
        ),
        (
            done(TaskState::ReportedDone, d(2025, 9, 28)),
            d(2025, 10, 5),
            TaskStatus::AwaitingReview { completion: Completion::OnTime },
        ),
        (
            done(TaskState::Accepted, d(2025, 10, 2)),
            d(2025, 10, 9),
            TaskStatus::Completed { completion: Completion::Late },
        ),
        (
            done(TaskState::Accepted, d(2025, 6, 30)),
            d(2025, 10, 9),
            TaskStatus::Completed { completion: Completion::Early },
        ),
    ];
    for (task, today, want) in cases {
        assert_eq!(status_on(&task, today, &rules), want, "{task:?} on {today}");
    }
    let three = TimelinessRules { due_soon_days: 3, ..rules };
    assert_eq!(status_on(&open(TaskState::NotStarted), d(2025, 9, 26), &three), TaskStatus::OnTrack { days_left: 4 });
    assert_eq!(status_on(&open(TaskState::NotStarted), d(2025, 9, 27), &three), TaskStatus::DueSoon { days_left: 3 });
}

#[test]
fn early_on_time_late() {
    let by_period = TimelinessRules::default();
    let by_days = TimelinessRules { early: EarlyRule::Days { days: 30 }, ..by_period };
    let one_stop = TimelinessRules { early: EarlyRule::Days { days: 1 }, ..by_period };
    let q3 = (Some(d(2025, 9, 30)), Some(d(2025, 7, 1)));
    let fixed = (Some(d(2025, 8, 15)), None);
    // (due date, first day of the named period)
    type Due = (Option<NaiveDate>, Option<NaiveDate>);
    let cases: Vec<(&TimelinessRules, Due, Option<NaiveDate>, Completion)> = vec![
        // `Quý III/2025`: done before the quarter begins is early, inside it on time.
        (&by_period, q3, Some(d(2025, 6, 30)), Completion::Early),
        (&by_period, q3, Some(d(2025, 7, 1)), Completion::OnTime),
        (&by_period, q3, Some(d(2025, 8, 1)), Completion::OnTime),
        (&by_period, q3, Some(d(2025, 9, 30)), Completion::OnTime),
        (&by_period, q3, Some(d(2025, 10, 1)), Completion::Late),
        // `trước ngày 15/8/2025`: no period, so 30 days ahead is early.
        (&by_period, fixed, Some(d(2025, 7, 16)), Completion::Early),
        (&by_period, fixed, Some(d(2025, 7, 17)), Completion::OnTime),
        (&by_period, fixed, Some(d(2025, 8, 16)), Completion::Late),
        // Days only: 31/8 is 30 days before 30/9 although inside Quý III.
        (&by_days, q3, Some(d(2025, 8, 31)), Completion::Early),
        (&by_days, q3, Some(d(2025, 9, 1)), Completion::OnTime),
        // The one-stop-shop convention: any day before the due day.
        (&one_stop, fixed, Some(d(2025, 8, 14)), Completion::Early),
        (&one_stop, fixed, Some(d(2025, 8, 15)), Completion::OnTime),
        (&by_period, fixed, None, Completion::Undated),
        (&by_period, (None, None), Some(d(2025, 8, 1)), Completion::Undated),
    ];
    for (rules, (due, start), done, want) in cases {
        assert_eq!(classify_completion(done, due, start, rules), want, "{done:?} vs {due:?} from {start:?}");
    }
    assert!(Completion::Early.is_in_time() && Completion::OnTime.is_in_time() && !Completion::Late.is_in_time());
}

#[test]
fn timing_from_progress() {
    let due = Some(d(2025, 6, 30));
    let reported = TaskProgress {
        state: TaskState::Accepted,
        reported_done_on: Some(d(2025, 6, 28)),
        accepted_on: Some(d(2025, 7, 10)),
        ..TaskProgress::new()
    };
    let t = TaskTiming::new(&reported, due, None);
    assert_eq!(t.completed_on, Some(d(2025, 6, 28)), "the report date, not the review date");
    let legacy = TaskProgress { state: TaskState::Accepted, accepted_on: Some(d(2025, 7, 10)), ..TaskProgress::new() };
    assert_eq!(TaskTiming::new(&legacy, due, None).completed_on, Some(d(2025, 7, 10)));
    let returned = TaskProgress { state: TaskState::Returned, ..reported };
    assert_eq!(TaskTiming::new(&returned, due, None).completed_on, None);
}

#[test]
fn settings_validation() {
    assert!(TimelinessRules::default().validate().is_ok());
    let bad = TimelinessRules { due_soon_days: -1, event_allowance_days: 4000, early: EarlyRule::Days { days: 0 } };
    let errs = bad.validate().err().unwrap();
    assert!(errs.get("due_soon_days").is_some());
    assert!(errs.get("event_allowance_days").is_some());
    assert!(errs.get("early_days").is_some());
    let ev = EventOccurrence { occurred_on: d(2025, 3, 10), due: Some(d(2025, 3, 9)) };
    assert!(ev.validate().err().is_some_and(|e| e.get("due").is_some()));
    assert!(EventOccurrence { occurred_on: d(2025, 3, 10), due: Some(d(2025, 3, 10)) }.validate().is_ok());
}

#[test]
fn status_json() {
    let s = serde_json::to_string(&TaskStatus::DueSoon { days_left: 3 }).unwrap();
    assert_eq!(s, r#"{"status":"due_soon","days_left":3}"#);
    let c = serde_json::to_string(&TaskStatus::Completed { completion: Completion::OnTime }).unwrap();
    assert_eq!(c, r#"{"status":"completed","completion":"on_time"}"#);
    let rules = serde_json::to_string(&TimelinessRules::default()).unwrap();
    assert_eq!(rules, r#"{"due_soon_days":7,"event_allowance_days":30,"early":{"rule":"period_or_days","days":30}}"#);
    assert_eq!(TaskStatus::Overdue { days_late: 2 }.label_vi(), "Quá hạn");
}
