//! Storage cases for the working-day calendar: saved whole with its audit entry, read back in
//! date order, and due-date moves that only touch open instances at the version previewed.

use cchc_domain::tracking::{CalendarDay, DayKind, TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_storage::model::{AuditFilter, InstanceFilter, NewInstance, NewTaskEvent};
use cchc_storage::traits_workdays::DueMove;
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::{content_for_tracking, units_for_tracking};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
}

fn actor() -> Actor {
    Actor { user_id: None, login: "tester".into() }
}

fn day(date: NaiveDate, kind: DayKind, name: &str) -> CalendarDay {
    CalendarDay { date, kind, name: name.into() }
}

pub async fn work_calendar_is_saved_whole_and_due_moves_touch_open_work_only(h: &Harness) {
    let s = h.store();
    assert_eq!(s.work_calendar().await.unwrap_or_else(|e| panic!("{e}")), None, "nothing saved yet");
    let days = vec![
        day(d(2025, 4, 26), DayKind::WorkingDay, "Làm bù"),
        day(d(2025, 1, 1), DayKind::Holiday, "Tết Dương lịch"),
    ];
    s.save_work_calendar(&actor(), &days).await.unwrap_or_else(|e| panic!("{e}"));
    let back = s.work_calendar().await.unwrap_or_else(|e| panic!("{e}")).unwrap_or_default();
    assert_eq!(back.iter().map(|x| x.date).collect::<Vec<_>>(), vec![d(2025, 1, 1), d(2025, 4, 26)]);
    assert_eq!(back[1].kind, DayKind::WorkingDay);
    // Saving the same calendar again writes nothing; an empty one is kept as saved.
    s.save_work_calendar(&actor(), &back).await.unwrap_or_else(|e| panic!("{e}"));
    s.save_work_calendar(&actor(), &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.work_calendar().await.unwrap_or_default(), Some(vec![]));
    let log = s.list_audit(&AuditFilter { action: Some("workdays.".into()), ..Default::default() }).await;
    assert_eq!(log.unwrap_or_default().len(), 2, "one entry per real change");

    let (a, b) = units_for_tracking(h).await;
    let c = content_for_tracking("sha-wd", a, b);
    let inst = |unit| NewInstance {
        key: "once".into(),
        label: "30/4/2025".into(),
        period_start: None,
        period_end: Some(d(2025, 4, 30)),
        due: Some(d(2025, 4, 30)),
        lead_unit_id: Some(unit),
    };
    s.save_plan(&actor(), &c, None, &[vec![inst(a), inst(b)], vec![]]).await.unwrap_or_else(|e| panic!("{e}"));
    let all = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default();
    let (open, done) = (&all[0], &all[1]);
    let mut p = TaskProgress::new();
    p.state = TaskState::ReportedDone;
    p.reported_done_on = Some(d(2025, 4, 20));
    let ev = NewTaskEvent { action: "report_done".into(), ..Default::default() };
    let done =
        s.apply_action(&actor(), done.id, done.version, &p, None, &ev, &[]).await.unwrap_or_else(|e| panic!("{e}"));

    let mv = |i: &cchc_storage::model::InstanceRecord| DueMove {
        instance_id: i.id,
        version: i.version,
        from: i.due,
        to: d(2025, 5, 5),
    };
    // A reported-done instance in the list refuses the whole move.
    let refused = s.move_due_dates(&actor(), &[mv(open), mv(&done)]).await;
    assert!(matches!(refused, Err(StoreError::Conflict(_))), "{refused:?}");
    assert_eq!(s.get_instance(open.id).await.unwrap_or_else(|e| panic!("{e}")).due, Some(d(2025, 4, 30)));
    // A stale version too.
    let stale = DueMove { version: open.version + 7, ..mv(open) };
    assert!(matches!(s.move_due_dates(&actor(), &[stale]).await, Err(StoreError::Conflict(_))));
    assert_eq!(s.move_due_dates(&actor(), &[mv(open)]).await.unwrap_or_default(), 1);
    let after = s.get_instance(open.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((after.due, after.version), (Some(d(2025, 5, 5)), open.version + 1));
    let log = s.list_audit(&AuditFilter { action: Some("task.due_move".into()), ..Default::default() }).await;
    assert_eq!(log.unwrap_or_default().len(), 1);
}
