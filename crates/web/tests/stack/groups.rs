//! Group assignments through the whole stack: a demo task led by "Các sở, ban, ngành" has one
//! instance per department of the province on the plan's date; the office's task page shows
//! every member with its state and the counts; a member unit does not see the others.

use cchc_domain::resolver::UnitGroup;
use cchc_storage::model::{InstanceFilter, TaskFilter};
use reqwest::StatusCode;

use crate::harness::{start, Browser};

#[tokio::test]
async fn a_group_task_fans_out_to_every_member_and_shows_their_progress() {
    let s = start().await;
    let tasks = s.store.list_tasks(&TaskFilter { active_only: true, ..Default::default() }).await.unwrap_or_default();
    let task = tasks
        .iter()
        .find(|t| t.task.lead.groups.contains(&UnitGroup::Departments))
        .unwrap_or_else(|| panic!("a demo task is led by the departments"));
    let doc = s.store.get_document(task.document_id).await.unwrap_or_else(|e| panic!("{e}"));
    let units = s.store.all_units().await.unwrap_or_default();
    let on = cchc_app::tracking::meta_span(&doc.meta, cchc_app::tracking::today()).0;
    let departments = UnitGroup::Departments.members(&units, doc.meta.province_id, on);
    assert!(departments.len() > 5, "the province has departments: {}", departments.len());
    let members: Vec<i64> =
        task.task.lead.groups.iter().flat_map(|g| g.members(&units, doc.meta.province_id, on)).collect();
    let inst = s
        .store
        .list_instances(&InstanceFilter { task_id: Some(task.id), ..Default::default() })
        .await
        .unwrap_or_default();
    let key = inst.first().map(|i| i.key.clone()).unwrap_or_default();
    let of_key: Vec<_> = inst.iter().filter(|i| i.key == key).collect();
    let leads: std::collections::BTreeSet<i64> = of_key.iter().filter_map(|i| i.lead_unit_id).collect();
    assert_eq!(leads.len(), of_key.len(), "each member once");
    // Every member still current on its own, every ended one through its successor.
    let changes = s.store.list_changes(None).await.unwrap_or_default();
    let today = cchc_app::tracking::today();
    for m in &members {
        let carried = cchc_domain::tracking::successor(*m, &units, &changes, today);
        assert!(leads.contains(&carried), "member {m} (carried by {carried}) has an instance");
    }
    assert!(leads.len() >= members.len() / 2, "{} instances for {} members", leads.len(), members.len());
    let direct: std::collections::BTreeSet<i64> = task.task.lead.unit_ids.iter().copied().collect();
    for l in &leads {
        let member = members.iter().any(|m| cchc_domain::tracking::successor(*m, &units, &changes, today) == *l);
        assert!(member || direct.contains(l), "lead {l} is a member or named directly");
    }

    let office = Browser::login(&s, "vanphong").await;
    let (status, page) = office.text(&format!("/tasks/{}", of_key[0].id)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Các đơn vị thực hiện"), "the group's progress is shown");
    for i in &of_key {
        assert!(page.contains(&format!("href=\"/tasks/{}\"", i.id)), "member instance {} listed", i.id);
    }
    let leader = Browser::login(&s, "lanhdao").await;
    assert!(leader.text(&format!("/tasks/{}", of_key[0].id)).await.1.contains("Các đơn vị thực hiện"));
    // A member unit sees its own instance, not the others' list.
    let stc = crate::harness::unit_id(&s, "HT-STC").await;
    if let Some(own) = of_key.iter().find(|i| i.lead_unit_id == Some(stc)) {
        let focal = Browser::login(&s, "taichinh").await;
        let (status, page) = focal.text(&format!("/tasks/{}", own.id)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!page.contains("Các đơn vị thực hiện"));
    }
}
