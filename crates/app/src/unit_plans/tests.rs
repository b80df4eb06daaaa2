//! Unit plans: leads made the unit's own, link suggestions over a plan's tasks.

use super::*;
use cchc_domain::budget::{parse_budget, AmountUnit};
use cchc_domain::deadline::parse_deadline;
use cchc_domain::plan::{DocumentKind, DocumentMeta, PlanTask, Source};
use cchc_domain::unit::UnitKind;

fn unit(id: UnitId, parent: Option<UnitId>, name: &str) -> Unit {
    Unit {
        id,
        code: format!("U{id}"),
        kind: UnitKind::Department,
        parent_id: parent,
        name: name.into(),
        abbreviations: vec![],
        aliases: vec![],
        valid_from: None,
        valid_to: None,
        note: String::new(),
    }
}

fn task(code: &str, area: Option<&str>, title: &str, lead: Assignment) -> PlanTask {
    PlanTask {
        code: code.into(),
        parent: None,
        after: None,
        area: area.map(str::to_string),
        objective: None,
        title: title.into(),
        activities: vec![],
        outputs: vec![],
        lead,
        coordinating: Assignment::default(),
        deadline: parse_deadline("Quý II/2026", Some(2026)),
        milestones: Vec::new(),
        budget: parse_budget("", AmountUnit::Million),
        source: Source::default(),
    }
}

fn lead(text: &str, ids: &[UnitId]) -> Assignment {
    Assignment {
        text: text.into(),
        unit_ids: ids.to_vec(),
        names: vec![],
        unresolved: vec!["x".into()],
        groups: vec![],
        external: vec![],
    }
}

fn content(tasks: Vec<PlanTask>) -> PlanContent {
    PlanContent {
        meta: DocumentMeta {
            kind: DocumentKind::Plan,
            number: Some("12/KH-STP".into()),
            date: NaiveDate::from_ymd_opt(2026, 1, 10),
            issuer: None,
            title: None,
            plan_year: None,
            province_id: None,
            file_name: "kh.txt".into(),
            format: "text".into(),
            sha256: "s".into(),
        },
        areas: vec![],
        targets: vec![],
        tasks,
        warnings: vec![],
    }
}

#[test]
fn every_lead_becomes_the_unit_or_one_of_its_sub_units() {
    let units = [unit(7, None, "Sở Tư pháp"), unit(8, Some(7), "Phòng Văn bản"), unit(9, None, "Sở Nội vụ")];
    let mut c = content(vec![
        task("1", None, "A", lead("Phòng Xây dựng văn bản", &[])),
        task("2", None, "B", lead("Phòng Văn bản", &[8])),
        task("3", None, "C", lead("Sở Nội vụ; Phòng Văn bản", &[9, 8])),
        task("4", None, "D", lead("Sở Nội vụ", &[9])),
    ]);
    own_leads(&mut c, &units[0], &units);
    let ids: Vec<Vec<UnitId>> = c.tasks.iter().map(|t| t.lead.unit_ids.clone()).collect();
    assert_eq!(ids, [vec![7], vec![8], vec![8], vec![7]]);
    assert!(c.tasks.iter().all(|t| !t.lead.needs_review()), "nothing left to resolve");
    assert_eq!(c.tasks[0].lead.text, "Phòng Xây dựng văn bản", "the document's words are kept");
    assert_eq!(plan_year(&c, NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or_default()), 2026);
}

#[test]
fn links_are_suggested_per_task_and_only_assigned_ones_are_kept() {
    let rec = |id, code: &str, area: &str, title: &str| TaskRecord {
        id,
        document_id: 1,
        task: task(code, Some(area), title, Assignment::default()),
        needs_review: false,
    };
    let assigned = vec![
        rec(100, "2.1", "II", "Rà soát và lập danh mục nội dung giao quy định chi tiết"),
        rec(101, "2.2", "II", "Nâng cao chất lượng công tác xây dựng pháp luật"),
        rec(102, "2.3", "II", "Kiểm tra công tác theo dõi thi hành pháp luật"),
    ];
    let mut t1 = task("1", None, "Tổ chức thực hiện nhiệm vụ được giao", Assignment::default());
    t1.activities.push(cchc_domain::plan::PlanActivity {
        code: None,
        text: "Thực hiện nhiệm vụ 2.1 mục II của Kế hoạch tỉnh".into(),
        outputs: vec![],
        lead_text: None,
        coordinating_text: None,
        deadline: None,
        budget: None,
        source: Source::default(),
    });
    let c = content(vec![
        t1,
        task("2", None, "Nâng cao chất lượng xây dựng pháp luật tại Sở", Assignment::default()),
        task("3", None, "Tổ chức hội nghị tổng kết thi đua khen thưởng", Assignment::default()),
    ]);
    let links = suggest_links(&c, &assigned);
    assert_eq!(links, [vec![100], vec![101], vec![]]);
    let kept = keep_assigned(&[vec![100, 999], vec![], vec![102]], &assigned);
    assert_eq!(kept, [vec![100], vec![], vec![102]]);
}
