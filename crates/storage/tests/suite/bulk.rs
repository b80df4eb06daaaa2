//! Storage cases for bulk writes (units with changes, progress with history, reports: one
//! audit entry per batch, all or nothing) and the aggregate reads (the on-time tally equals
//! the domain's ranking; counts by document equal the per-document counts).

use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{
    on_time_ranking, rank_tallies, EarlyRule, TaskProgress, TaskState, TaskTiming, TimelinessRules,
};
use cchc_domain::unit::{ChangeKind, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{AuditFilter, InstanceFilter, NewInstance};
use cchc_storage::traits_bulk::{BulkChange, BulkProgress, BulkReport, BulkTaskEvent, BulkUnit};
use cchc_storage::{Store, StoreError};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

use crate::harness::Harness;
use crate::plans::content_for_tracking;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
}

fn actor() -> Actor {
    Actor { user_id: None, login: "tester".into() }
}

fn bu(code: &str, kind: UnitKind, parent: Option<&str>, name: &str) -> BulkUnit {
    BulkUnit {
        code: code.into(),
        kind,
        parent_code: parent.map(str::to_string),
        name: name.into(),
        abbreviations: vec![],
        aliases: vec![],
        valid_from: None,
        valid_to: None,
        note: String::new(),
    }
}

async fn audit_entries(s: &dyn Store, action: &str) -> usize {
    let f = AuditFilter { action: Some(action.into()), limit: Some(10_000), ..Default::default() };
    s.list_audit(&f).await.unwrap_or_default().len()
}

/// A province, a district ended 30/06/2025 with two communes merged into a new one.
fn small_org() -> (Vec<BulkUnit>, Vec<BulkChange>) {
    let end = Some(d(2025, 6, 30));
    let mut units = vec![
        bu("T", UnitKind::Province, None, "Tỉnh Thử"),
        bu("T-SNV", UnitKind::Department, Some("T"), "Sở Nội vụ"),
        bu("T-H1", UnitKind::District, Some("T"), "Huyện Một"),
        bu("T-X1", UnitKind::Commune, Some("T-H1"), "Xã Tân Phú"),
        bu("T-X2", UnitKind::Commune, Some("T-H1"), "Xã An Hòa"),
        bu("T-XM1", UnitKind::Commune, Some("T"), "Xã Phú Hòa"),
    ];
    for u in &mut units[2..5] {
        u.valid_to = end;
    }
    units[5].valid_from = Some(d(2025, 7, 1));
    let changes = vec![
        BulkChange {
            kind: ChangeKind::Merge,
            effective: d(2025, 7, 1),
            predecessors: vec!["T-X1".into(), "T-X2".into()],
            successors: vec!["T-XM1".into()],
            note: "Sắp xếp xã".into(),
        },
        BulkChange {
            kind: ChangeKind::Dissolve,
            effective: d(2025, 7, 1),
            predecessors: vec!["T-H1".into()],
            successors: vec![],
            note: String::new(),
        },
    ];
    (units, changes)
}

pub async fn bulk_units_store_parents_changes_and_one_audit_entry(h: &Harness) {
    let s = h.store();
    let (units, changes) = small_org();
    let before = s.data_version().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(!s.has_data().await.unwrap_or(true));
    let ids = s.bulk_units(&actor(), "demo.generate", &units, &changes).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids.len(), 6);
    assert!(s.has_data().await.unwrap_or(false));
    assert_eq!(s.data_version().await.unwrap_or_default(), before + 1, "one audit entry for the batch");
    assert_eq!(audit_entries(s, "demo.generate").await, 1);
    let x1 = s.get_unit(ids[3]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((x1.parent_id, x1.valid_to), (Some(ids[2]), Some(d(2025, 6, 30))));
    let found = s
        .list_units(&cchc_storage::model::UnitFilter { query: Some("tan phu".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(found.len(), 1, "search folds were written");
    let merges = s.list_changes(Some(ids[5])).await.unwrap_or_default();
    assert_eq!(merges.len(), 1);
    assert_eq!((merges[0].predecessors.len(), merges[0].successors.clone()), (2, vec![ids[5]]));
    assert_eq!(s.list_changes(None).await.unwrap_or_default().len(), 2);
    // A parent that exists nowhere: refused, nothing written.
    let bad = vec![bu("T-X9", UnitKind::Commune, Some("KHONG-CO"), "Xã Lạ")];
    let r = s.bulk_units(&actor(), "demo.generate", &bad, &[]).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    assert!(s.unit_by_code("T-X9").await.unwrap_or_default().is_none());
    assert_eq!(audit_entries(s, "demo.generate").await, 1);
}

fn event(day: NaiveDate, action: &str, state: &str) -> BulkTaskEvent {
    BulkTaskEvent {
        at: Utc.from_utc_datetime(&day.and_hms_opt(2, 0, 0).unwrap_or_default()),
        actor: "dm.t-snv".into(),
        unit_id: None,
        action: action.into(),
        note: "Ghi chú".into(),
        percent: None,
        outputs: String::new(),
        state_after: state.into(),
    }
}

pub async fn bulk_progress_sets_state_history_and_is_all_or_nothing(h: &Harness) {
    let s = h.store();
    let ids = s.bulk_units(&actor(), "demo.generate", &small_org().0, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (ids[1], ids[5]);
    let once = |u, key: &str| NewInstance {
        key: key.into(),
        label: "Quý II/2025".into(),
        period_start: Some(d(2025, 4, 1)),
        period_end: Some(d(2025, 6, 30)),
        due: Some(d(2025, 6, 30)),
        lead_unit_id: Some(u),
    };
    let c = content_for_tracking("sha-bulk-1", a, b);
    s.save_plan(&actor(), &c, None, &[vec![once(a, "once")], vec![once(b, "once")]])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let all = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default();
    let mut p = TaskProgress::new();
    p.state = TaskState::Accepted;
    p.percent = Some(100);
    p.reported_done_on = Some(d(2025, 6, 20));
    p.accepted_on = Some(d(2025, 6, 25));
    p.updated_on = p.accepted_on;
    let row = BulkProgress {
        instance_id: all[0].id,
        progress: p.clone(),
        completion: Some("on_time".into()),
        event_on: None,
        due: None,
        events: vec![
            event(d(2025, 6, 20), "report_done", "reported_done"),
            event(d(2025, 6, 25), "accept", "accepted"),
        ],
    };
    let counts =
        s.bulk_progress(&actor(), "demo.generate", std::slice::from_ref(&row)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((counts.rows, counts.details), (1, 2));
    let got = s.get_instance(all[0].id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (got.progress, got.completion.as_deref(), got.version, got.due),
        (p, Some("on_time"), 2, Some(d(2025, 6, 30)))
    );
    assert_eq!(s.instance_events(all[0].id).await.unwrap_or_default().len(), 2);
    // An instance that does not exist: nothing of the batch is written.
    let ghost = BulkProgress { instance_id: 999_999, ..row.clone() };
    let other = BulkProgress { instance_id: all[1].id, ..row };
    let r = s.bulk_progress(&actor(), "demo.generate", &[other, ghost]).await;
    assert!(matches!(r, Err(StoreError::NotFound(_))), "{r:?}");
    assert_eq!(s.get_instance(all[1].id).await.map(|i| i.version).unwrap_or(-1), 0);
    assert!(s.instance_events(all[1].id).await.unwrap_or_default().is_empty());
    assert_eq!(audit_entries(s, "demo.generate").await, 2, "units, then one progress batch");
}

pub async fn bulk_reports_are_stored(h: &Harness) {
    let s = h.store();
    let ids = s.bulk_units(&actor(), "demo.generate", &small_org().0, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let r = |unit, status: ReviewState| BulkReport {
        unit_id: unit,
        period_key: "2025-q1".into(),
        kind: "period".into(),
        status,
        narrative: "Báo cáo kết quả cải cách hành chính quý I".into(),
        submitted_on: status.is_sent().then(|| d(2025, 3, 18)),
        submitted_by: status.is_sent().then(|| "dm".to_string()),
        reviewed_on: (status == ReviewState::Accepted).then(|| d(2025, 3, 25)),
        return_reason: None,
    };
    let counts = s
        .bulk_reports(&actor(), "demo.generate", &[r(ids[1], ReviewState::Accepted), r(ids[5], ReviewState::Draft)])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(counts.rows, 2);
    let got =
        s.report(ids[1], "2025-q1", Visibility::Province).await.unwrap_or_default().unwrap_or_else(|| panic!("stored"));
    assert_eq!((got.status, got.submitted_on, got.version), (ReviewState::Accepted, Some(d(2025, 3, 18)), 2));
    assert_eq!(s.reports_of_period("2025-q1", Visibility::Province).await.unwrap_or_default().len(), 2);
    // The search fold is written: the unit finds its own draft, the province the submitted
    // report; a third unit sees neither (drafts stay private, other units' work is not theirs).
    let found = |vis| async move { s.search_reports("cai cach", vis).await.unwrap_or_default().len() };
    assert_eq!(found(Visibility::Unit(ids[5])).await, 1, "search fold written for the draft");
    assert_eq!(found(Visibility::Province).await, 1, "and for the submitted report");
    assert_eq!(found(Visibility::Unit(ids[2])).await, 0, "drafts stay private");
}

/// A small deterministic sequence for varied data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

pub async fn on_time_tallies_match_the_domain_ranking(h: &Harness) {
    let s = h.store();
    let ids = s.bulk_units(&actor(), "demo.generate", &small_org().0, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let leads = [ids[1], ids[2], ids[3], ids[4], ids[5]];
    let mut g = Lcg(7);
    let spec = |g: &mut Lcg, i: usize| {
        let due = d(2025, 1, 1) + Duration::days(g.next(400) as i64 - 20);
        let start = match g.next(3) {
            0 => None,
            1 => Some(due - Duration::days(g.next(90) as i64)),
            _ => Some(due + Duration::days(1 + g.next(10) as i64)),
        };
        NewInstance {
            key: format!("k{i}"),
            label: format!("Lần {i}"),
            period_start: start,
            period_end: Some(due),
            due: (g.next(10) > 0).then_some(due),
            lead_unit_id: (g.next(12) > 0).then(|| leads[g.next(leads.len() as u64) as usize]),
        }
    };
    let first: Vec<NewInstance> = (0..70).map(|i| spec(&mut g, i)).collect();
    let second: Vec<NewInstance> = (70..140).map(|i| spec(&mut g, i)).collect();
    let c = content_for_tracking("sha-bulk-rank", ids[1], ids[5]);
    let doc = s.save_plan(&actor(), &c, None, &[first, second]).await.unwrap_or_else(|e| panic!("{e}"));
    let all = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default();
    let rows: Vec<BulkProgress> = all
        .iter()
        .map(|i| {
            let mut p = TaskProgress::new();
            p.state = TaskState::ALL[g.next(5) as usize];
            let day = i.due.unwrap_or(d(2025, 6, 1)) + Duration::days(g.next(80) as i64 - 50);
            if matches!(p.state, TaskState::ReportedDone | TaskState::Accepted) {
                match g.next(4) {
                    0 => p.accepted_on = Some(day),
                    1 => {}
                    _ => p.reported_done_on = Some(day),
                }
            }
            BulkProgress { instance_id: i.id, progress: p, completion: None, event_on: None, due: None, events: vec![] }
        })
        .collect();
    s.bulk_progress(&actor(), "demo.generate", &rows).await.unwrap_or_else(|e| panic!("{e}"));
    let (from, today) = (d(2025, 1, 1), d(2025, 9, 15));
    for rules in
        [TimelinessRules::default(), TimelinessRules { early: EarlyRule::Days { days: 1 }, ..Default::default() }]
    {
        for unit in [None, Some(ids[5]), Some(ids[1])] {
            let base = InstanceFilter { unit_id: unit, active_only: true, ..Default::default() };
            let due = InstanceFilter { due_from: Some(from), due_to: Some(today), ..base.clone() };
            let listed = s.list_instances(&due).await.unwrap_or_default();
            let timings: Vec<_> = listed
                .iter()
                .filter_map(|i| i.lead_unit_id.map(|u| (u, TaskTiming::new(&i.progress, i.due, i.period_start))))
                .collect();
            let mut units: Vec<i64> = timings.iter().map(|(u, _)| *u).collect();
            units.sort_unstable();
            units.dedup();
            let domain = on_time_ranking(&units, &timings, from, today, today, &rules);
            let tallies = s.on_time_tallies(&due, from, today, today, &rules).await.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(rank_tallies(tallies), domain, "unit {unit:?}, rules {rules:?}");
            assert!(domain.iter().any(|r| r.tally.early + r.tally.late + r.tally.overdue > 0), "varied data");
        }
    }
    let by_doc = s.state_counts_by_document(&InstanceFilter::default(), today).await.unwrap_or_default();
    let one = s
        .state_counts(&InstanceFilter { document_id: Some(doc.id), ..Default::default() }, today)
        .await
        .unwrap_or_default();
    assert_eq!(by_doc, vec![(doc.id, one)]);
}
