//! Storage cases for imported plans and import drafts.

use cchc_domain::budget::{parse_budget, AmountUnit};
use cchc_domain::deadline::parse_deadline;
use cchc_domain::plan::*;
use cchc_domain::role::Role;
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model::{InstanceFilter, NewInstance, NewUser, TaskFilter};
use cchc_storage::StoreError;

use crate::harness::Harness;

pub(crate) fn actor() -> Actor {
    Actor { user_id: None, login: "office".into() }
}

fn assignment(text: &str, ids: &[i64]) -> Assignment {
    Assignment {
        text: text.into(),
        unit_ids: ids.to_vec(),
        names: ids.iter().map(|i| format!("unit {i}")).collect(),
        unresolved: vec![],
        groups: vec![],
        external: vec![],
    }
}

pub(crate) fn task(code: &str, title: &str, lead: &[i64], coord: &[i64]) -> PlanTask {
    PlanTask {
        code: code.into(),
        parent: None,
        after: None,
        area: Some("I".into()),
        objective: None,
        title: title.into(),
        activities: vec![PlanActivity {
            code: Some(format!("{code}.a")),
            text: format!("Hoạt động của {title}"),
            outputs: vec![],
            lead_text: None,
            coordinating_text: None,
            deadline: None,
            budget: None,
            source: Source::default(),
        }],
        outputs: vec!["Báo cáo".into()],
        lead: assignment("Sở A", lead),
        coordinating: assignment("Sở B", coord),
        deadline: parse_deadline("Quý II/2025", Some(2025)),
        milestones: Vec::new(),
        budget: parse_budget("380", AmountUnit::Million),
        source: Source::kept("dòng 10–12"),
    }
}

pub(crate) fn content(sha: &str, tasks: Vec<PlanTask>) -> PlanContent {
    PlanContent {
        meta: DocumentMeta {
            kind: DocumentKind::Plan,
            number: Some("1/KH-UBND".into()),
            date: chrono::NaiveDate::from_ymd_opt(2025, 1, 2),
            issuer: Some("UBND tỉnh Thử".into()),
            title: Some("Kế hoạch CCHC năm 2025".into()),
            plan_year: Some(2025),
            province_id: None,
            file_name: "kh.docx".into(),
            format: "docx".into(),
            sha256: sha.into(),
        },
        areas: vec![PlanArea {
            code: "I".into(),
            title: "Chỉ đạo điều hành".into(),
            parent: None,
            scope: AreaScope::Tasks,
            source: Source::default(),
        }],
        targets: vec![PlanTarget {
            code: "1.1".into(),
            area: Some("1".into()),
            text: "100% cơ quan ban hành kế hoạch".into(),
            target_text: None,
            values: vec![TargetValue {
                level: TargetLevel::All,
                number: 100.0,
                number_max: None,
                unit: ValueUnit::Percent,
                text: "100%".into(),
            }],
            monitoring: assignment("Sở Nội vụ", &[]),
            implementing: assignment("các sở", &[]),
            source: Source::default(),
        }],
        tasks,
        warnings: vec!["Khai báo 3 nhiệm vụ, tìm thấy 2".into()],
    }
}

pub(crate) async fn units(h: &Harness) -> (i64, i64) {
    let s = h.store();
    let mk = |code: &str, name: &str| UnitInput {
        code: code.into(),
        kind: Some(UnitKind::Department),
        name: name.into(),
        ..UnitInput::default()
    };
    let a = s.create_unit(&actor(), &mk("A", "Sở A")).await.unwrap_or_else(|e| panic!("{e}")).id;
    let b = s.create_unit(&actor(), &mk("B", "Sở B")).await.unwrap_or_else(|e| panic!("{e}")).id;
    (a, b)
}

pub async fn plans_are_stored_and_read_back(h: &Harness) {
    let s = h.store();
    let (a, b) = units(h).await;
    let mut unresolved = task("2", "Rà soát thủ tục", &[b], &[]);
    unresolved.coordinating.unresolved = vec!["Tổ công tác".into()];
    unresolved.coordinating.text = "Tổ công tác".into();
    let c = content("sha-1", vec![task("1", "Ban hành kế hoạch số hóa", &[a], &[b]), unresolved]);
    let doc = s.save_plan(&actor(), &c, None, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((doc.version, doc.task_count, doc.target_count, doc.review_count), (1, 2, 1, 1));
    assert!(doc.active);
    assert_eq!(s.plan_content(doc.id).await.unwrap_or_else(|e| panic!("{e}")), c, "round trip");
    assert_eq!(s.document_by_sha("sha-1").await.unwrap_or_default().map(|d| d.id), Some(doc.id));
    assert_eq!(s.active_document(&c.meta.identity()).await.unwrap_or_default().map(|d| d.id), Some(doc.id));
    // The same bytes twice: refused as a conflict, nothing written.
    assert!(matches!(s.save_plan(&actor(), &c, None, &[]).await, Err(StoreError::Conflict(_))));
    assert_eq!(s.list_documents(true).await.unwrap_or_default().len(), 1);

    let by_unit = |unit, lead_only| TaskFilter { unit_id: Some(unit), lead_only, ..Default::default() };
    assert_eq!(s.list_tasks(&by_unit(a, true)).await.unwrap_or_default().len(), 1);
    assert_eq!(s.list_tasks(&by_unit(b, false)).await.unwrap_or_default().len(), 2);
    assert_eq!(s.list_tasks(&by_unit(b, true)).await.unwrap_or_default().len(), 1);
    let found =
        s.list_tasks(&TaskFilter { query: Some("so hoa".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(found.iter().map(|t| t.task.code.as_str()).collect::<Vec<_>>(), vec!["1"]);
    let review = s.list_tasks(&TaskFilter { needs_review: Some(true), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(review.len(), 1);
    assert_eq!(s.count_tasks(&TaskFilter::default()).await.unwrap_or_default(), 2);
    let t = s.get_task(found[0].id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.task.budget.million_vnd, Some(380.0));
    assert_eq!(t.task.deadline.due, chrono::NaiveDate::from_ymd_opt(2025, 6, 30));
}

/// A task led by bodies outside the province keeps them (text as written, national code when
/// matched) and its instance without a unit names the first of them as lead.
pub async fn external_actors_are_kept_with_their_task(h: &Harness) {
    use cchc_domain::resolver::national::ExternalActor;
    let s = h.store();
    let (a, _) = units(h).await;
    let ext = |text: &str, code: Option<&str>| ExternalActor {
        text: text.into(),
        code: code.map(str::to_string),
        name: code.map(|_| text.to_string()),
        kind: code.map(|_| "ministry".to_string()),
    };
    let mut outside = task("1", "Rà soát văn bản", &[], &[a]);
    outside.lead = Assignment {
        text: "Bộ Tư pháp, Tập đoàn Điện lực Việt Nam".into(),
        unresolved: vec!["Bộ Tư pháp".into(), "Tập đoàn Điện lực Việt Nam".into()],
        external: vec![ext("Bộ Tư pháp", Some("TW-BTP")), ext("Tập đoàn Điện lực Việt Nam", Some("DN-EVN"))],
        ..Assignment::default()
    };
    outside.coordinating.external = vec![ext("UBND tỉnh Lạng Sơn", None)];
    let inside = task("2", "Ban hành kế hoạch", &[a], &[]);
    let c = content("sha-ext", vec![outside, inside]);
    let once = |lead| {
        vec![NewInstance {
            key: "once".into(),
            label: "Năm 2025".into(),
            period_start: None,
            period_end: None,
            due: None,
            lead_unit_id: lead,
        }]
    };
    let doc = s.save_plan(&actor(), &c, None, &[once(None), once(Some(a))]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.plan_content(doc.id).await.unwrap_or_else(|e| panic!("{e}")), c, "round trip keeps the actors");
    let rows = s
        .list_instances(&InstanceFilter { document_id: Some(doc.id), ..Default::default() })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let lead_of = |code: &str| rows.iter().find(|r| r.task_code == code).map(|r| r.lead_external.clone());
    assert_eq!(lead_of("1"), Some(Some("Bộ Tư pháp (và 1 cơ quan khác)".to_string())));
    assert_eq!(lead_of("2"), Some(None), "a unit's task names no outside lead");
}

pub async fn a_revision_supersedes_the_old_version(h: &Harness) {
    let s = h.store();
    let (a, _) = units(h).await;
    let v1 = s
        .save_plan(&actor(), &content("sha-1", vec![task("1", "A", &[a], &[])]), None, &[])
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let c2 = content("sha-2", vec![task("1", "A sửa", &[a], &[]), task("2", "B", &[a], &[])]);
    let v2 = s.save_plan(&actor(), &c2, Some(v1.id), &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((v2.version, v2.replaces_id), (2, Some(v1.id)));
    assert!(!s.get_document(v1.id).await.unwrap_or_else(|e| panic!("{e}")).active);
    assert_eq!(s.list_documents(false).await.unwrap_or_default().len(), 1);
    assert_eq!(s.active_document(&c2.meta.identity()).await.unwrap_or_default().map(|d| d.id), Some(v2.id));
    let active = TaskFilter { active_only: true, ..Default::default() };
    assert_eq!(s.count_tasks(&active).await.unwrap_or_default(), 2, "superseded tasks drop out of active lists");
    // Replacing an already superseded version is refused.
    let r = s.save_plan(&actor(), &content("sha-3", vec![]), Some(v1.id), &[]).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    let log = s
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("plan.".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["plan.revise", "plan.supersede", "plan.import"]
    );
}

pub async fn import_drafts_lifecycle(h: &Harness) {
    let s = h.store();
    let owner = s
        .create_user(
            &actor(),
            &NewUser {
                login: "vp".into(),
                full_name: "VP".into(),
                email: String::new(),
                password_hash: "x".into(),
                role: Role::Office,
                unit_id: None,
                must_change_password: false,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .id;
    let id = s.create_draft(&actor(), owner, "kh.docx", "sha", "{\"a\":1}").await.unwrap_or_else(|e| panic!("{e}"));
    s.update_draft(&actor(), id, "{\"a\":2}").await.unwrap_or_else(|e| panic!("{e}"));
    let d = s.get_draft(id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((d.owner_id, d.content.as_str(), d.file_name.as_str()), (owner, "{\"a\":2}", "kh.docx"));
    assert_eq!(s.list_drafts(owner).await.unwrap_or_default().len(), 1);
    s.delete_draft(&actor(), id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(s.get_draft(id).await, Err(StoreError::NotFound(_))));
    assert!(matches!(s.update_draft(&actor(), id, "{}").await, Err(StoreError::NotFound(_))));
}

/// Two units for the tracking cases.
pub async fn units_for_tracking(h: &Harness) -> (i64, i64) {
    units(h).await
}

/// A plan with two tasks: 1 led by `a` (coordinated by `b`, about "số hóa"), 2 led by `b`.
pub fn content_for_tracking(sha: &str, a: i64, b: i64) -> PlanContent {
    content(sha, vec![task("1", "Đẩy mạnh số hóa hồ sơ", &[a], &[b]), task("2", "Tuyên truyền", &[b], &[])])
}
