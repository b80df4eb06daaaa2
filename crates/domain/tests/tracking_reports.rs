//! Periodic report completeness, on-time ranking of lead units, and the handover of work when
//! units reorganise.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use cchc_domain::tracking::completeness::{report_completeness, SubmissionStatus};
use cchc_domain::tracking::lifecycle::TaskState;
use cchc_domain::tracking::ranking::{on_time_ranking, UnitTally};
use cchc_domain::tracking::reorg::{plan_handover, AssignedItem, AssignmentRole, Handover, KeepReason};
use cchc_domain::tracking::timeliness::{TaskTiming, TimelinessRules};
use cchc_domain::tracking::ItemRef;
use cchc_domain::unit::{ChangeKind, UnitChange};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

#[test]
fn completeness_after_the_due_date() {
    let due = d(2025, 3, 20);
    let submissions =
        [(1, d(2025, 3, 18)), (2, d(2025, 3, 20)), (3, d(2025, 3, 28)), (3, d(2025, 3, 25)), (6, d(2025, 3, 19))];
    let c = report_completeness(&[5, 4, 3, 2, 1, 1], &submissions, due, d(2025, 3, 30));
    let lines: Vec<(i64, Option<NaiveDate>, SubmissionStatus)> =
        c.units.iter().map(|u| (u.unit, u.submitted_on, u.status)).collect();
    assert_eq!(
        lines,
        vec![
            (1, Some(d(2025, 3, 18)), SubmissionStatus::OnTime),
            (2, Some(d(2025, 3, 20)), SubmissionStatus::OnTime),
            (3, Some(d(2025, 3, 25)), SubmissionStatus::Late { days_late: 5 }),
            (4, None, SubmissionStatus::Missing),
            (5, None, SubmissionStatus::Missing),
        ]
    );
    assert_eq!((c.expected, c.on_time, c.late, c.missing, c.pending), (5, 2, 1, 2, 0));
    assert_eq!((c.completeness_rate, c.timeliness_rate), (Some(60.0), Some(40.0)));
    assert_eq!(c.unexpected, vec![6]);
    assert!(c.is_final);
}

#[test]
fn completeness_before_the_due_date_and_without_units() {
    let due = d(2025, 3, 20);
    let c = report_completeness(&[1, 2, 3, 4], &[(1, d(2025, 3, 14))], due, d(2025, 3, 15));
    assert_eq!((c.on_time, c.pending, c.missing), (1, 3, 0));
    assert_eq!((c.completeness_rate, c.timeliness_rate), (Some(25.0), Some(25.0)));
    assert!(!c.is_final);
    let on_due_day = report_completeness(&[1], &[], due, due);
    assert_eq!(on_due_day.units[0].status, SubmissionStatus::Pending, "still pending on the due day");
    let none = report_completeness(&[], &[(1, d(2025, 3, 14))], due, d(2025, 4, 1));
    assert_eq!((none.completeness_rate, none.timeliness_rate, none.unexpected), (None, None, vec![1]));
    assert_eq!(SubmissionStatus::Missing.label_vi(), "Chưa gửi (quá hạn)");
}

fn timing(state: TaskState, due: Option<NaiveDate>, done: Option<NaiveDate>) -> TaskTiming {
    TaskTiming { state, completed_on: done, due, period_start: None }
}

#[test]
fn on_time_ranking_of_units() {
    use TaskState::*;
    let end_q1 = Some(d(2025, 3, 31));
    let instances = vec![
        // Unit 1: on time (11 days ahead) and early (58 days ahead): 2/2.
        (1, timing(Accepted, end_q1, Some(d(2025, 3, 20)))),
        (1, timing(ReportedDone, end_q1, Some(d(2025, 2, 1)))),
        // Unit 2: one on time, one late: 1/2.
        (2, timing(Accepted, end_q1, Some(d(2025, 3, 31)))),
        (2, timing(Accepted, Some(d(2025, 2, 28)), Some(d(2025, 3, 3)))),
        // Unit 3: two on time, two overdue (one returned): 2/4, same rate as unit 2, more data.
        (3, timing(Accepted, end_q1, Some(d(2025, 3, 30)))),
        (3, timing(Accepted, end_q1, Some(d(2025, 3, 29)))),
        (3, timing(InProgress, Some(d(2025, 3, 15)), None)),
        (3, timing(Returned, end_q1, None)),
        // Unit 4: due outside the window, or no due date: no data.
        (4, timing(Accepted, Some(d(2025, 4, 30)), Some(d(2025, 4, 2)))),
        (4, timing(NotStarted, None, None)),
        // Unit 6 is not in the list but has a late instance: 0/1.
        (6, timing(ReportedDone, end_q1, Some(d(2025, 4, 3)))),
    ];
    let rows = on_time_ranking(
        &[5, 4, 3, 2, 1],
        &instances,
        d(2025, 1, 1),
        d(2025, 3, 31),
        d(2025, 4, 15),
        &TimelinessRules::default(),
    );
    let got: Vec<(i64, Option<f64>, Option<u32>)> = rows.iter().map(|r| (r.unit, r.rate, r.rank)).collect();
    assert_eq!(
        got,
        vec![
            (1, Some(100.0), Some(1)),
            (3, Some(50.0), Some(2)),
            (2, Some(50.0), Some(2)),
            (6, Some(0.0), Some(4)),
            (4, None, None),
            (5, None, None),
        ]
    );
    let t3 = rows[1].tally;
    assert_eq!(t3, UnitTally { early: 0, on_time: 2, late: 0, overdue: 2, open: 0, undated: 0 });
    assert_eq!(rows[0].tally, UnitTally { early: 1, on_time: 1, ..UnitTally::default() });
}

#[test]
fn open_instances_do_not_count_yet() {
    use TaskState::*;
    let instances = vec![
        (1, timing(InProgress, Some(d(2025, 4, 15)), None)),
        (1, timing(NotStarted, Some(d(2025, 4, 14)), None)),
        (1, timing(Accepted, Some(d(2025, 4, 10)), None)),
        (2, timing(NotStarted, Some(d(2025, 4, 20)), None)),
    ];
    let rows = on_time_ranking(
        &[1, 2],
        &instances,
        d(2025, 4, 1),
        d(2025, 4, 30),
        d(2025, 4, 15),
        &TimelinessRules::default(),
    );
    assert_eq!(rows[0].tally, UnitTally { overdue: 1, open: 1, undated: 1, ..UnitTally::default() });
    assert_eq!((rows[0].unit, rows[0].rate, rows[0].tally.total()), (1, Some(0.0), 3));
    assert_eq!((rows[1].unit, rows[1].rate, rows[1].rank), (2, None, None), "only open work: no data, not 100%");
}

fn change(kind: ChangeKind, predecessors: &[i64], successors: &[i64]) -> UnitChange {
    UnitChange {
        id: 1,
        kind,
        effective: d(2025, 3, 1),
        predecessors: predecessors.to_vec(),
        successors: successors.to_vec(),
        note: String::new(),
    }
}

fn assigned(item: ItemRef, unit: i64, role: AssignmentRole, open: bool, period_end: Option<NaiveDate>) -> AssignedItem {
    AssignedItem { item, unit, role, open, period_end }
}

#[test]
fn handover_on_merge() {
    use AssignmentRole::*;
    let items = vec![
        assigned(ItemRef::task(1), 10, Lead, true, None),
        assigned(ItemRef::task(2), 10, Lead, false, None),
        assigned(ItemRef::report(3), 11, Reporter, true, Some(d(2024, 12, 14))),
        assigned(ItemRef::report(4), 11, Reporter, true, Some(d(2025, 3, 14))),
        assigned(ItemRef::task(5), 99, Lead, true, None),
        assigned(ItemRef::task(6), 11, Coordinating, true, None),
        assigned(ItemRef::task(7), 10, Lead, true, Some(d(2025, 2, 28))),
        assigned(ItemRef::task(7), 11, Coordinating, true, Some(d(2025, 2, 28))),
        // A period ending on the first day of the new organisation is not past.
        assigned(ItemRef::report(8), 10, Reporter, true, Some(d(2025, 3, 1))),
    ];
    let plan = plan_handover(&change(ChangeKind::Merge, &[10, 11], &[20]), &items, &BTreeMap::new());
    let got: Vec<(ItemRef, AssignmentRole, Handover)> =
        plan.into_iter().map(|p| (p.item, p.role, p.handover)).collect();
    assert_eq!(
        got,
        vec![
            (ItemRef::task(1), Lead, Handover::Move { to: 20 }),
            (ItemRef::task(2), Lead, Handover::Keep { reason: KeepReason::Closed }),
            (ItemRef::task(6), Coordinating, Handover::Move { to: 20 }),
            (ItemRef::task(7), Lead, Handover::Keep { reason: KeepReason::PastPeriod }),
            (ItemRef::task(7), Coordinating, Handover::Keep { reason: KeepReason::PastPeriod }),
            (ItemRef::report(3), Reporter, Handover::Keep { reason: KeepReason::PastPeriod }),
            (ItemRef::report(4), Reporter, Handover::Move { to: 20 }),
            (ItemRef::report(8), Reporter, Handover::Move { to: 20 }),
        ]
    );
    // One unit absorbing another keeps its own work.
    let absorb = plan_handover(
        &change(ChangeKind::Merge, &[10, 20], &[20]),
        &[assigned(ItemRef::task(1), 20, Lead, true, None), assigned(ItemRef::task(2), 10, Lead, true, None)],
        &BTreeMap::new(),
    );
    let got: Vec<Handover> = absorb.into_iter().map(|p| p.handover).collect();
    assert_eq!(got, vec![Handover::Keep { reason: KeepReason::SameUnit }, Handover::Move { to: 20 }]);
}

#[test]
fn handover_on_split_rename_and_dissolution() {
    let open = |id| assigned(ItemRef::task(id), 10, AssignmentRole::Lead, true, None);
    let items = [open(1), open(2), open(3)];
    let mapping: BTreeMap<ItemRef, i64> = [(ItemRef::task(2), 22), (ItemRef::task(3), 10)].into_iter().collect();
    let split = plan_handover(&change(ChangeKind::Split, &[10], &[21, 22]), &items, &mapping);
    let got: Vec<Handover> = split.into_iter().map(|p| p.handover).collect();
    let choose = Handover::Choose { proposed: Some(21), candidates: vec![21, 22] };
    assert_eq!(got, vec![choose.clone(), Handover::Move { to: 22 }, choose], "mapping to the ending unit is ignored");
    let rename = plan_handover(&change(ChangeKind::Rename, &[10], &[30]), &items[..1], &BTreeMap::new());
    assert_eq!(rename[0].handover, Handover::Move { to: 30 });
    assert_eq!(rename[0].from, 10);
    let to_other: BTreeMap<ItemRef, i64> = [(ItemRef::task(2), 40)].into_iter().collect();
    let dissolve = plan_handover(&change(ChangeKind::Dissolve, &[10], &[]), &items[..2], &to_other);
    let got: Vec<Handover> = dissolve.into_iter().map(|p| p.handover).collect();
    assert_eq!(got, vec![Handover::Choose { proposed: None, candidates: vec![] }, Handover::Move { to: 40 }]);
    let json = serde_json::to_string(&Handover::Keep { reason: KeepReason::PastPeriod }).unwrap();
    assert_eq!(json, r#"{"handover":"keep","reason":"past_period"}"#);
}
