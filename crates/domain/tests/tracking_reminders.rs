//! Reminder selection (offsets, catching up, overdue rounds and spacing, already sent,
//! submitted units), idempotency keys and daily digests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::tracking::reminders::{
    daily_digests, reminder_key, select_reminders, ReminderItem, ReminderPolicy, ReminderSlot, SentReminder,
};
use cchc_domain::tracking::ItemRef;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid date")
}

fn item(item: ItemRef, due: NaiveDate, units: &[i64], submitted: &[i64]) -> ReminderItem {
    ReminderItem {
        item, title: format!("Việc {}", item.id), due, units: units.to_vec(), submitted: submitted.to_vec()
    }
}

/// Runs the job on each of `days`, recording what it sends; returns (day, slot) per reminder.
fn run(items: &[ReminderItem], days: &[NaiveDate], policy: &ReminderPolicy) -> Vec<(NaiveDate, i64, ReminderSlot)> {
    let mut sent: Vec<SentReminder> = Vec::new();
    let mut log = Vec::new();
    for day in days {
        for r in select_reminders(items, *day, policy, &sent) {
            log.push((*day, r.unit, r.slot));
            sent.push(SentReminder { item: r.item, unit: r.unit, due: r.due, slot: r.slot, sent_on: *day });
        }
    }
    log
}

fn every_day(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|x| *x <= to).collect()
}

#[test]
fn slot_of_the_day_without_history() {
    let policy = ReminderPolicy::default();
    let it = [item(ItemRef::report(5), d(2025, 3, 20), &[1, 2], &[2])];
    let cases: Vec<(NaiveDate, Option<ReminderSlot>)> = vec![
        (d(2025, 3, 12), None),
        (d(2025, 3, 13), Some(ReminderSlot::Before { days: 7 })),
        (d(2025, 3, 14), Some(ReminderSlot::Before { days: 7 })),
        (d(2025, 3, 17), Some(ReminderSlot::Before { days: 3 })),
        (d(2025, 3, 18), Some(ReminderSlot::Before { days: 3 })),
        (d(2025, 3, 19), Some(ReminderSlot::Before { days: 1 })),
        (d(2025, 3, 20), Some(ReminderSlot::Before { days: 1 })),
        (d(2025, 3, 21), Some(ReminderSlot::Overdue { round: 0 })),
        (d(2025, 3, 27), Some(ReminderSlot::Overdue { round: 0 })),
        (d(2025, 3, 28), Some(ReminderSlot::Overdue { round: 1 })),
    ];
    for (today, want) in cases {
        let got = select_reminders(&it, today, &policy, &[]);
        assert!(got.iter().all(|r| r.unit == 1), "unit 2 has submitted");
        assert_eq!(got.first().map(|r| r.slot), want, "{today}");
        assert!(got.len() <= 1);
    }
}

#[test]
fn daily_job_sends_each_reminder_once() {
    let policy = ReminderPolicy::default();
    let it = [item(ItemRef::report(5), d(2025, 3, 20), &[1, 2], &[2])];
    let log = run(&it, &every_day(d(2025, 3, 1), d(2025, 4, 15)), &policy);
    let want = vec![
        (d(2025, 3, 13), 1, ReminderSlot::Before { days: 7 }),
        (d(2025, 3, 17), 1, ReminderSlot::Before { days: 3 }),
        (d(2025, 3, 19), 1, ReminderSlot::Before { days: 1 }),
        (d(2025, 3, 21), 1, ReminderSlot::Overdue { round: 0 }),
        (d(2025, 3, 28), 1, ReminderSlot::Overdue { round: 1 }),
        (d(2025, 4, 4), 1, ReminderSlot::Overdue { round: 2 }),
        (d(2025, 4, 11), 1, ReminderSlot::Overdue { round: 3 }),
    ];
    assert_eq!(log, want);
}

#[test]
fn missed_days_are_caught_up_without_close_overdue_reminders() {
    let policy = ReminderPolicy::default();
    let it = [item(ItemRef::task(9), d(2025, 3, 20), &[1], &[])];
    let days = [
        d(2025, 3, 10),
        d(2025, 3, 15),
        d(2025, 3, 18),
        d(2025, 3, 20),
        d(2025, 3, 23),
        d(2025, 3, 24),
        d(2025, 3, 29),
        d(2025, 3, 30),
        d(2025, 4, 5),
        d(2025, 4, 6),
    ];
    let want = vec![
        (d(2025, 3, 15), 1, ReminderSlot::Before { days: 7 }),
        (d(2025, 3, 18), 1, ReminderSlot::Before { days: 3 }),
        (d(2025, 3, 20), 1, ReminderSlot::Before { days: 1 }),
        (d(2025, 3, 23), 1, ReminderSlot::Overdue { round: 0 }),
        // 29/3 is round 1 but only 6 days after 23/3; 30/3 is 7 days after.
        (d(2025, 3, 30), 1, ReminderSlot::Overdue { round: 1 }),
        // 5/4 is round 2 but 6 days after 30/3; 6/4 is 7 days after.
        (d(2025, 4, 6), 1, ReminderSlot::Overdue { round: 2 }),
    ];
    assert_eq!(run(&it, &days, &policy), want);
}

#[test]
fn offsets_and_cycles_are_settings() {
    let policy = ReminderPolicy { offsets_days: vec![0, 10, -3, 10], overdue_every_days: 3 };
    let it = [item(ItemRef::task(1), d(2025, 6, 30), &[4], &[])];
    let log = run(&it, &every_day(d(2025, 6, 1), d(2025, 7, 8)), &policy);
    let want = vec![
        (d(2025, 6, 20), 4, ReminderSlot::Before { days: 10 }),
        (d(2025, 6, 30), 4, ReminderSlot::Before { days: 0 }),
        (d(2025, 7, 1), 4, ReminderSlot::Overdue { round: 0 }),
        (d(2025, 7, 4), 4, ReminderSlot::Overdue { round: 1 }),
        (d(2025, 7, 7), 4, ReminderSlot::Overdue { round: 2 }),
    ];
    assert_eq!(log, want);
    assert!(policy.validate().is_err(), "a negative offset is refused by the settings form");
    assert!(ReminderPolicy { offsets_days: vec![], overdue_every_days: 0 }.validate().is_err());
    assert!(ReminderPolicy::default().validate().is_ok());
}

#[test]
fn already_sent_submitted_and_extensions() {
    let policy = ReminderPolicy::default();
    let today = d(2025, 3, 17);
    let it = item(ItemRef::report(5), d(2025, 3, 20), &[1, 2, 3, 3], &[2]);
    let sent = vec![SentReminder {
        item: ItemRef::report(5),
        unit: 1,
        due: d(2025, 3, 20),
        slot: ReminderSlot::Before { days: 3 },
        sent_on: d(2025, 3, 17),
    }];
    let got: Vec<i64> =
        select_reminders(std::slice::from_ref(&it), today, &policy, &sent).into_iter().map(|r| r.unit).collect();
    assert_eq!(got, vec![3], "1 already reminded, 2 submitted, 3 listed twice but reminded once");
    // The due date moved to 27/3: on 24/3 the 3-day reminder goes out again, under a new key.
    let extended = ReminderItem { due: d(2025, 3, 27), ..it };
    let again = select_reminders(&[extended], d(2025, 3, 24), &policy, &sent);
    assert_eq!(
        again.iter().map(|r| (r.unit, r.slot)).collect::<Vec<_>>(),
        vec![(1, ReminderSlot::Before { days: 3 }), (3, ReminderSlot::Before { days: 3 })]
    );
    let nobody = item(ItemRef::report(6), d(2025, 3, 20), &[1], &[1]);
    assert!(select_reminders(&[nobody], today, &policy, &[]).is_empty());
}

#[test]
fn keys_are_stable() {
    let key = reminder_key(ItemRef::task(42), 1, d(2025, 3, 20), ReminderSlot::Before { days: 3 });
    assert_eq!(key, "reminder:task_instance:42:unit:1:due:2025-03-20:before_3");
    let over = reminder_key(ItemRef::report(7), 12, d(2025, 3, 20), ReminderSlot::Overdue { round: 2 });
    assert_eq!(over, "reminder:report:7:unit:12:due:2025-03-20:overdue_2");
    // Two nodes computing the same day from the same data choose the same reminders and keys.
    let items = vec![item(ItemRef::task(42), d(2025, 3, 20), &[1, 5], &[])];
    let a = select_reminders(&items, d(2025, 3, 17), &ReminderPolicy::default(), &[]);
    let b = select_reminders(&items, d(2025, 3, 17), &ReminderPolicy::default(), &[]);
    assert_eq!(a, b);
    assert_eq!(
        a.iter().map(|r| r.key.as_str()).collect::<Vec<_>>(),
        vec![
            "reminder:task_instance:42:unit:1:due:2025-03-20:before_3",
            "reminder:task_instance:42:unit:5:due:2025-03-20:before_3",
        ]
    );
}

#[test]
fn one_digest_per_unit() {
    let today = d(2025, 3, 17);
    let items = vec![
        item(ItemRef::task(1), d(2025, 3, 20), &[1], &[]),
        item(ItemRef::report(5), d(2025, 3, 17), &[1, 2, 3], &[3]),
        item(ItemRef::task(2), d(2025, 3, 10), &[2], &[]),
        item(ItemRef::task(3), d(2025, 5, 1), &[1], &[]),
    ];
    let reminders = select_reminders(&items, today, &ReminderPolicy::default(), &[]);
    let digests = daily_digests(&reminders, today);
    type Line = (ItemRef, i64, ReminderSlot);
    let shape: Vec<(String, i64, Vec<Line>)> = digests
        .iter()
        .map(|g| (g.key.clone(), g.unit, g.reminders.iter().map(|r| (r.item, r.days_left, r.slot)).collect()))
        .collect();
    let want = vec![
        (
            "digest:unit:1:2025-03-17".to_string(),
            1,
            vec![
                (ItemRef::report(5), 0, ReminderSlot::Before { days: 1 }),
                (ItemRef::task(1), 3, ReminderSlot::Before { days: 3 }),
            ],
        ),
        (
            "digest:unit:2:2025-03-17".to_string(),
            2,
            vec![
                (ItemRef::task(2), -7, ReminderSlot::Overdue { round: 0 }),
                (ItemRef::report(5), 0, ReminderSlot::Before { days: 1 }),
            ],
        ),
    ];
    assert_eq!(shape, want);
    assert_eq!((digests[0].overdue_count(), digests[1].overdue_count()), (0, 1));
    assert_eq!(digests[1].reminders[0].title, "Việc 2");
    assert!(daily_digests(&[], today).is_empty());
    let json = serde_json::to_string(&ReminderSlot::Before { days: 7 }).unwrap();
    assert_eq!(json, r#"{"slot":"before","days":7}"#);
}
