//! Storage cases for task instances: scoped lists, counts, actions with version checks,
//! evidence, revisions keeping progress, event occurrences, reassignment.

use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_storage::model::{InstanceFilter, NewEvidence, NewInstance, NewTaskEvent};
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

fn once(unit: Option<i64>, due: NaiveDate) -> Vec<NewInstance> {
    vec![NewInstance {
        key: "once".into(),
        label: "Quý II/2025".into(),
        period_start: Some(d(2025, 4, 1)),
        period_end: Some(due),
        due: Some(due),
        lead_unit_id: unit,
    }]
}

fn quarterly(unit: Option<i64>) -> Vec<NewInstance> {
    (1..=4)
        .map(|q| NewInstance {
            key: format!("2025-q{q}"),
            label: format!("Quý {q}/2025"),
            period_start: Some(d(2025, 3 * q - 2, 1)),
            period_end: Some(d(2025, 3 * q, 28)),
            due: Some(d(2025, 3 * q, 20)),
            lead_unit_id: unit,
        })
        .collect()
}

pub async fn instances_are_listed_by_unit_and_state(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let c = content_for_tracking("sha-t1", a, b);
    let doc = s
        .save_plan(&actor(), &c, None, &[once(Some(a), d(2025, 6, 30)), quarterly(Some(b))])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let all =
        s.list_instances(&InstanceFilter { document_id: Some(doc.id), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].due, Some(d(2025, 3, 20)), "ordered by due date");
    let of_a = |lead_only| InstanceFilter { unit_id: Some(a), lead_only, ..Default::default() };
    assert_eq!(s.count_instances(&of_a(true)).await.unwrap_or_default(), 1);
    // Unit b coordinates task 1 and leads task 2.
    let of_b = InstanceFilter { unit_id: Some(b), ..Default::default() };
    assert_eq!(s.count_instances(&of_b).await.unwrap_or_default(), 5);
    let counts = s.state_counts(&InstanceFilter::default(), d(2025, 7, 1)).await.unwrap_or_default();
    assert_eq!(
        (counts.total, counts.not_started, counts.overdue),
        (5, 5, 3),
        "q1, q2 and the one-off are overdue on 1/7"
    );
    let overdue = InstanceFilter { overdue_on: Some(d(2025, 7, 1)), ..Default::default() };
    assert_eq!(s.count_instances(&overdue).await.unwrap_or_default(), 3);
    let search = InstanceFilter { query: Some("so hoa".into()), ..Default::default() };
    assert_eq!(s.count_instances(&search).await.unwrap_or_default(), 1);
}

pub async fn actions_are_versioned_and_keep_history_and_evidence(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let c = content_for_tracking("sha-t2", a, b);
    s.save_plan(&actor(), &c, None, &[once(Some(a), d(2025, 6, 30)), vec![]]).await.unwrap_or_else(|e| panic!("{e}"));
    let inst = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default().remove(0);
    let mut p = TaskProgress::new();
    p.state = TaskState::ReportedDone;
    p.percent = Some(100);
    p.reported_done_on = Some(d(2025, 6, 20));
    p.updated_on = Some(d(2025, 6, 20));
    let ev = NewTaskEvent {
        unit_id: Some(a),
        action: "report_done".into(),
        note: String::new(),
        percent: Some(100),
        outputs: "Kế hoạch số 12".into(),
        evidence_refs: vec!["Công văn 15/SNV-CCHC ngày 02/3/2026".into(), "https://snv.example/kh12".into()],
    };
    let file = NewEvidence {
        file_name: "ke-hoach.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4 test".to_vec(),
        sha256: "abc".into(),
    };
    let after = s
        .apply_action(&actor(), inst.id, inst.version, &p, Some("on_time"), &ev, &[file])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (after.progress.state, after.completion.as_deref(), after.version),
        (TaskState::ReportedDone, Some("on_time"), inst.version + 1)
    );
    // The same version again (a second tab, another user): refused, nothing written.
    let again = s.apply_action(&actor(), inst.id, inst.version, &p, None, &ev, &[]).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let events = s.instance_events(inst.id).await.unwrap_or_default();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].outputs, "Kế hoạch số 12");
    // Evidence referenced by number and date is part of the record, in the order typed.
    assert_eq!(events[0].evidence_refs, ["Công văn 15/SNV-CCHC ngày 02/3/2026", "https://snv.example/kh12"]);
    let latest = s.latest_done_events(&[inst.id, inst.id + 10_000]).await.unwrap_or_default();
    assert_eq!(latest.iter().map(|e| (e.instance_id, e.evidence_refs.len())).collect::<Vec<_>>(), [(inst.id, 2)]);
    let files = s.instance_evidence(inst.id).await.unwrap_or_default();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].token.len(), 64, "random, unguessable token");
    let (rec, bytes) = s.evidence_by_token(&files[0].token).await.unwrap_or_default().unwrap_or_else(|| panic!("file"));
    assert_eq!((rec.file_name.as_str(), bytes.as_slice()), ("ke-hoach.pdf", b"%PDF-1.4 test".as_slice()));
    assert!(s.evidence_by_token("0000").await.unwrap_or_default().is_none());
    let log = s
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("task.".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(log.len(), 1);
    assert!(log[0].after.as_deref().unwrap_or("").contains("ke-hoach.pdf"));
}

pub async fn a_revision_keeps_instance_progress(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let c1 = content_for_tracking("sha-r1", a, b);
    let v1 = s
        .save_plan(&actor(), &c1, None, &[once(Some(a), d(2025, 6, 30)), quarterly(Some(b))])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let first = s
        .list_instances(&InstanceFilter { unit_id: Some(a), lead_only: true, ..Default::default() })
        .await
        .unwrap_or_default()
        .remove(0);
    let mut p = TaskProgress::new();
    p.state = TaskState::InProgress;
    p.percent = Some(40);
    let ev = NewTaskEvent {
        unit_id: Some(a),
        action: "report_progress".into(),
        note: "Đang dự thảo".into(),
        ..Default::default()
    };
    s.apply_action(&actor(), first.id, first.version, &p, None, &ev, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let mut c2 = content_for_tracking("sha-r2", a, b);
    c2.tasks[0].title = "Tiêu đề đã sửa".into();
    let v2 = s
        .save_plan(&actor(), &c2, Some(v1.id), &[once(Some(a), d(2025, 6, 30)), quarterly(Some(b))])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let now = s
        .list_instances(&InstanceFilter {
            document_id: Some(v2.id),
            unit_id: Some(a),
            lead_only: true,
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert_eq!(now.len(), 1);
    assert_eq!(now[0].id, first.id, "the same instance moved to the new version");
    assert_eq!((now[0].progress.state, now[0].progress.percent), (TaskState::InProgress, Some(40)));
    assert_eq!(now[0].task_title, "Tiêu đề đã sửa");
    assert_eq!(s.instance_events(first.id).await.unwrap_or_default().len(), 1, "history kept");
    assert_eq!(
        s.count_instances(&InstanceFilter { document_id: Some(v1.id), ..Default::default() }).await.unwrap_or_default(),
        0
    );
}

pub async fn events_set_due_dates_and_reorganisations_move_work(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let c = content_for_tracking("sha-e", a, b);
    let spec = vec![NewInstance {
        key: "once".into(),
        label: "Sau khi công bố chỉ số".into(),
        period_start: None,
        period_end: None,
        due: None,
        lead_unit_id: Some(a),
    }];
    s.save_plan(&actor(), &c, None, &[spec, vec![]]).await.unwrap_or_else(|e| panic!("{e}"));
    let inst = s.list_instances(&InstanceFilter::default()).await.unwrap_or_default().remove(0);
    assert_eq!(inst.due, None);
    let after = s
        .record_event_occurrence(&actor(), inst.id, d(2025, 5, 10), Some(d(2025, 6, 9)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((after.event_on, after.due), (Some(d(2025, 5, 10)), Some(d(2025, 6, 9))));
    assert_eq!(s.reassign_instances(&actor(), &[(inst.id, b)]).await.unwrap_or_default(), 1);
    assert_eq!(s.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}")).lead_unit_id, Some(b));
}
