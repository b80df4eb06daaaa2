//! Storage cases for units' own plans: the owner unit, links to province tasks, the plan
//! report submitted with the plan, revisions within the unit.

use cchc_domain::plan::TaskId;
use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{AuditFilter, SubmitMode, TaskFilter};
use cchc_storage::traits_unit_plans::{PlanReport, UnitPlanSave};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::{actor, content, task, units};

fn report(on: NaiveDate) -> Option<PlanReport> {
    Some(PlanReport {
        period_key: "2025-plan".into(),
        narrative: "Kế hoạch 12/KH".into(),
        on,
        mode: SubmitMode::Direct,
    })
}

async fn task_ids(h: &Harness, doc: i64) -> Vec<TaskId> {
    let f = TaskFilter { document_id: Some(doc), ..Default::default() };
    h.store().list_tasks(&f).await.unwrap_or_default().into_iter().map(|t| t.id).collect()
}

pub async fn unit_plans_are_owned_linked_and_submit_the_plan_report(h: &Harness) {
    let s = h.store();
    let (a, b) = units(h).await;
    let province = s
        .save_plan(
            &actor(),
            &content("sha-p", vec![task("2.1", "Rà soát", &[a], &[]), task("2.2", "Số hóa", &[a], &[])]),
            None,
            &[],
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let p = task_ids(h, province.id).await;
    // The unit's plan has the same number and issuer as the province's: its identity is the unit's own.
    let unit_content =
        content("sha-u", vec![task("1", "Rà soát văn bản", &[a], &[]), task("2", "Tập huấn", &[a], &[])]);
    let day = NaiveDate::from_ymd_opt(2025, 1, 10).unwrap_or_default();
    let save = UnitPlanSave {
        owner: a,
        content: unit_content.clone(),
        replaces: None,
        instances: vec![],
        links: vec![vec![p[0], p[0]], vec![]],
        report: report(day),
    };
    let doc = s.save_unit_plan(&actor(), &save).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((doc.owner_unit_id, doc.version, doc.task_count), (Some(a), 1, 2));
    assert!(s.get_document(province.id).await.unwrap_or_else(|e| panic!("{e}")).active, "the province's plan stays");
    assert_eq!(
        s.active_document(&unit_content.meta.identity()).await.unwrap_or_default().map(|d| d.id),
        Some(province.id)
    );
    let identity = cchc_domain::unit_plan::identity(a, &unit_content.meta);
    assert_eq!(s.active_document(&identity).await.unwrap_or_default().map(|d| d.id), Some(doc.id));
    assert_eq!(s.get_document(province.id).await.map(|d| d.owner_unit_id).ok(), Some(None));
    // Listed for its unit and year only.
    assert_eq!(s.unit_plans(Some(a), 2025).await.unwrap_or_default().len(), 1);
    assert!(s.unit_plans(Some(b), 2025).await.unwrap_or_default().is_empty());
    assert!(s.unit_plans(None, 2024).await.unwrap_or_default().is_empty());
    assert_eq!(s.unit_plans(None, 2025).await.unwrap_or_default().len(), 1);
    let u = task_ids(h, doc.id).await;
    let links = s.unit_plan_links(doc.id).await.unwrap_or_default();
    assert_eq!(
        links.iter().map(|l| (l.task_id, l.province_task_id)).collect::<Vec<_>>(),
        [(u[0], p[0])],
        "duplicates are one"
    );
    // The plan report of the year is submitted with the plan.
    let r = s.report(a, "2025-plan", Visibility::Unit(a)).await.unwrap_or_default().unwrap_or_else(|| panic!("report"));
    assert_eq!((r.status, r.submitted_on), (ReviewState::Submitted, Some(day)));

    // Links edited afterwards; only province tasks of active documents may be named.
    s.set_unit_plan_links(&actor(), u[1], &[p[1]]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.unit_plan_links(doc.id).await.unwrap_or_default().len(), 2);
    let r1 = s.set_unit_plan_links(&actor(), u[0], &[u[1]]).await;
    assert!(matches!(r1, Err(StoreError::Invalid(_))), "a unit task is no province task: {r1:?}");
    let r2 = s.set_unit_plan_links(&actor(), p[0], &[p[1]]).await;
    assert!(matches!(r2, Err(StoreError::Invalid(_))), "a province task has no links: {r2:?}");
    assert!(matches!(s.set_unit_plan_links(&actor(), 999_999, &[]).await, Err(StoreError::NotFound(_))));
    assert_eq!(s.unit_plan_links(doc.id).await.unwrap_or_default().len(), 2, "refused edits change nothing");

    // A bad link refuses the whole plan: nothing is stored.
    let before = s.list_documents(true).await.unwrap_or_default().len();
    let bad = UnitPlanSave {
        content: content("sha-bad", vec![task("1", "X", &[b], &[])]),
        owner: b,
        links: vec![vec![u[0]]],
        ..save.clone()
    };
    assert!(matches!(s.save_unit_plan(&actor(), &bad).await, Err(StoreError::Invalid(_))));
    assert_eq!(s.list_documents(true).await.unwrap_or_default().len(), before);
    assert!(s.report(b, "2025-plan", Visibility::Unit(b)).await.unwrap_or_default().is_none());

    // A revision replaces the unit's version; the submitted report is not reopened.
    let later = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
    let rev = UnitPlanSave {
        content: content("sha-u2", vec![task("1", "Rà soát văn bản", &[a], &[])]),
        replaces: Some(doc.id),
        links: vec![vec![p[1]]],
        report: report(later),
        ..save.clone()
    };
    let v2 = s.save_unit_plan(&actor(), &rev).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((v2.version, v2.owner_unit_id), (2, Some(a)));
    assert!(!s.get_document(doc.id).await.unwrap_or_else(|e| panic!("{e}")).active);
    assert_eq!(s.unit_plans(Some(a), 2025).await.unwrap_or_default().iter().map(|d| d.id).collect::<Vec<_>>(), [v2.id]);
    let r = s.report(a, "2025-plan", Visibility::Unit(a)).await.unwrap_or_default().unwrap_or_else(|| panic!("report"));
    assert_eq!(r.submitted_on, Some(day), "submitted once, on the first day");
    // A unit plan never replaces the province's document.
    let steal = UnitPlanSave { content: content("sha-u3", vec![]), replaces: Some(province.id), links: vec![], ..save };
    assert!(matches!(s.save_unit_plan(&actor(), &steal).await, Err(StoreError::Conflict(_))));

    let log = s.list_audit(&AuditFilter::default()).await.unwrap_or_default();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    for a in ["unit_plan.link", "report.submit", "plan.import", "plan.revise"] {
        assert!(actions.contains(&a), "{a} audited: {actions:?}");
    }
}
