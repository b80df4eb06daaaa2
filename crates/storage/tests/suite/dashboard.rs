//! Storage cases for the dashboard's grouped reads: counts by (document, area) equal the
//! per-area counts of the same filter.

use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_storage::model::{InstanceFilter, NewInstance, NewTaskEvent, StateCounts};
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::{content_for_tracking, units_for_tracking};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
}

fn inst(key: &str, unit: i64, due: NaiveDate) -> NewInstance {
    NewInstance {
        key: key.into(),
        label: key.into(),
        period_start: None,
        period_end: Some(due),
        due: Some(due),
        lead_unit_id: Some(unit),
    }
}

pub async fn state_counts_by_area_match_per_area_counts(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "tester".into() };
    let (a, b) = units_for_tracking(h).await;
    let mut c = content_for_tracking("sha-areas", a, b);
    c.tasks[1].area = Some("II".into());
    let first = vec![inst("k1", a, d(2025, 3, 31)), inst("k2", a, d(2025, 9, 30))];
    let second = vec![inst("k3", b, d(2025, 5, 31)), inst("k4", b, d(2025, 12, 31))];
    let doc = s.save_plan(&actor, &c, None, &[first, second]).await.unwrap_or_else(|e| panic!("{e}"));
    let all = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default();
    let k3 = all.iter().find(|i| i.key == "k3").unwrap_or_else(|| panic!("k3"));
    let mut p = TaskProgress::new();
    p.state = TaskState::Accepted;
    p.accepted_on = Some(d(2025, 5, 20));
    let ev = NewTaskEvent { action: "accept".into(), ..Default::default() };
    s.apply_action(&actor, k3.id, k3.version, &p, Some("on_time"), &ev, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let today = d(2025, 7, 1);
    for unit in [None, Some(a), Some(b)] {
        let f = InstanceFilter { unit_id: unit, lead_only: true, active_only: true, ..Default::default() };
        let by_area = s.state_counts_by_area(&f, today).await.unwrap_or_else(|e| panic!("{e}"));
        let mut expected: Vec<(i64, String, StateCounts)> = Vec::new();
        for area in ["I", "II"] {
            let one = InstanceFilter { area: Some(area.into()), document_id: Some(doc.id), ..f.clone() };
            let counts = s.state_counts(&one, today).await.unwrap_or_default();
            if counts.total > 0 {
                expected.push((doc.id, area.to_string(), counts));
            }
        }
        assert_eq!(by_area, expected, "unit {unit:?}");
    }
    let all = s.state_counts_by_area(&InstanceFilter::default(), today).await.unwrap_or_default();
    let summary: Vec<(&str, i64, i64, i64)> =
        all.iter().map(|(_, a, c)| (a.as_str(), c.total, c.overdue, c.accepted)).collect();
    assert_eq!(summary, vec![("I", 2, 1, 0), ("II", 2, 0, 1)]);
}
