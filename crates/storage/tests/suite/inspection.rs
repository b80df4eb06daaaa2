//! Storage cases for inspections: checklists stored as versions; a plan all or nothing; a
//! record with answers, findings and files in one write; remedies changed by version; the
//! close refused while a recommendation is open; outside findings; who reads what.

use cchc_domain::inspection::{
    checklist_templates, Answer, FindingSource, InspectionState, RecommendationState, Severity,
};
use cchc_domain::tracking::{TaskProgress, TaskState};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_inspection::{
    AnswerRecord, FindingChange, FindingFilter, InspectionRecord, NewFinding, NewInspection,
};
use cchc_storage::traits_inspection::FileOwner;
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn actor() -> Actor {
    Actor { user_id: None, login: "kiemtra".into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_else(|| panic!("date"))
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn finding(inspection: Option<i64>, unit: i64, text: &str) -> NewFinding {
    NewFinding {
        inspection_id: inspection,
        unit_id: unit,
        source: if inspection.is_some() { FindingSource::Inspection } else { FindingSource::Audit },
        source_ref: String::new(),
        severity: Severity::Medium,
        area: "Cải cách thủ tục hành chính".into(),
        text: text.into(),
        recommendation: format!("Khắc phục: {text}"),
        due: Some(d(9, 30)),
        evidence_required: true,
        raised_on: d(6, 15),
    }
}

fn file(name: &str) -> NewEvidence {
    NewEvidence {
        file_name: name.into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4".to_vec(),
        sha256: "ab".into(),
    }
}

fn settled(state: RecommendationState, note: &str) -> FindingChange {
    let mut progress = TaskProgress::new();
    progress.state = if state == RecommendationState::Resolved { TaskState::Accepted } else { TaskState::NotStarted };
    FindingChange {
        action: "finding.change".into(),
        state,
        progress,
        waive_reason: (state == RecommendationState::Waived).then(|| note.to_string()),
        note: note.into(),
    }
}

pub async fn inspections_plan_record_remedy_close(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let template = ok(checklist_templates()).remove(0);
    let c1 = ok(s.save_checklist(&actor(), &template).await);
    let c2 = ok(s.save_checklist(&actor(), &template).await);
    assert_eq!(c2.checklist.version, c1.checklist.version + 1, "a new version, never an edit");
    assert_eq!(ok(s.checklists().await).len(), 2);

    let plan = |unit| NewInspection {
        year: 2026,
        unit_id: unit,
        checklist_id: c2.id,
        team: "Đoàn kiểm tra số 1".into(),
        leader: "Nguyễn Thị Lan".into(),
        date_from: d(6, 15),
        date_to: d(6, 16),
        prepare: "Báo cáo tự kiểm tra".into(),
    };
    let planned = ok(s.plan_inspections(&actor(), &[plan(a)]).await);
    // A second plan naming `a` again is refused whole: `b` is not added either.
    let again = s.plan_inspections(&actor(), &[plan(b), plan(a)]).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    assert_eq!(ok(s.inspections(Some(2026), Visibility::Province).await).len(), 1);
    ok(s.plan_inspections(&actor(), &[plan(b)]).await);
    let i = &planned[0];
    assert_eq!(i.state, InspectionState::Planned);
    assert_eq!(ok(s.last_inspected().await), vec![(a, d(6, 15)), (b, d(6, 15))]);

    // Scoping: a unit sees its own only.
    assert_eq!(ok(s.inspections(None, Visibility::Unit(a)).await).len(), 1);
    assert!(matches!(s.inspection(i.id, Visibility::Unit(b)).await, Err(StoreError::NotFound(_))));

    let record = InspectionRecord {
        answers: vec![
            AnswerRecord { item_code: "1.1".into(), answer: Answer::Met, note: String::new() },
            AnswerRecord { item_code: "3.1".into(), answer: Answer::NotMet, note: "Chưa niêm yết".into() },
        ],
        conclusion: "Cơ bản thực hiện tốt".into(),
        recorded_on: d(6, 16),
    };
    let stale = s.record_inspection(&actor(), i.id, i.version + 1, &record, &[], &[]).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    let findings = [finding(Some(i.id), a, "Chưa công khai TTHC"), finding(Some(i.id), a, "Thiếu phiếu xin lỗi")];
    let rec = ok(s.record_inspection(&actor(), i.id, i.version, &record, &findings, &[file("bien-ban.pdf")]).await);
    assert_eq!((rec.state, rec.recorded_on), (InspectionState::Recorded, Some(d(6, 16))));
    assert_eq!(ok(s.answers(i.id, Visibility::Unit(a)).await).len(), 2);
    assert!(s.answers(i.id, Visibility::Unit(b)).await.is_err());
    let files = ok(s.inspection_files(FileOwner::Inspection(i.id), Visibility::Province).await);
    assert_eq!(files.len(), 1);
    assert!(ok(s.inspection_file(&files[0].token, Visibility::Unit(b)).await).is_none(), "not another unit's");
    assert!(ok(s.inspection_file(&files[0].token, Visibility::Unit(a)).await).is_some());

    let list =
        ok(s.findings(&FindingFilter { inspection_id: Some(i.id), ..Default::default() }, Visibility::Province).await);
    assert_eq!(list.len(), 2);
    assert!(ok(s.findings(&FindingFilter::default(), Visibility::Unit(b)).await).is_empty());

    // Closing is refused while a recommendation is open.
    let refused = s.close_inspection(&actor(), i.id, rec.version, d(10, 1)).await;
    assert!(matches!(refused, Err(StoreError::Conflict(ref m)) if m.contains("còn 2")), "{refused:?}");

    let f1 = ok(s
        .change_finding(
            &actor(),
            list[0].id,
            list[0].version,
            &settled(RecommendationState::Resolved, "Đã niêm yết"),
            &[file("anh.pdf")],
        )
        .await);
    assert_eq!((f1.state, f1.progress.state), (RecommendationState::Resolved, TaskState::Accepted));
    assert_eq!(ok(s.inspection_files(FileOwner::Finding(f1.id), Visibility::Unit(a)).await).len(), 1);
    let again = s.change_finding(&actor(), f1.id, f1.version, &settled(RecommendationState::Open, "x"), &[]).await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "a settled recommendation stays settled");
    let stale = s
        .change_finding(&actor(), list[1].id, list[1].version + 3, &settled(RecommendationState::Waived, "y"), &[])
        .await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    let f2 = ok(s
        .change_finding(
            &actor(),
            list[1].id,
            list[1].version,
            &settled(RecommendationState::Waived, "Đã sáp nhập bộ phận"),
            &[],
        )
        .await);
    assert_eq!(f2.waive_reason.as_deref(), Some("Đã sáp nhập bộ phận"));

    let closed = ok(s.close_inspection(&actor(), i.id, rec.version, d(10, 1)).await);
    assert_eq!((closed.state, closed.closed_on), (InspectionState::Closed, Some(d(10, 1))));

    // Outside recommendations, all or none.
    let outside = ok(s.add_findings(&actor(), &[finding(None, b, "Kiểm toán: chi sai mục")]).await);
    assert_eq!((outside[0].source, outside[0].inspection_id), (FindingSource::Audit, None));
    assert!(s.add_findings(&actor(), &[finding(None, b, "ok"), finding(None, 999_999, "bad unit")]).await.is_err());
    assert_eq!(ok(s.findings(&FindingFilter::default(), Visibility::Unit(b)).await).len(), 1);
    assert_eq!(ok(s.findings(&FindingFilter::default(), Visibility::Province).await).len(), 3);
    let audit = ok(s.list_audit(&Default::default()).await);
    for action in ["inspection.plan", "inspection.record", "finding.raise", "finding.change", "inspection.close"] {
        assert!(audit.iter().any(|e| e.action == action), "{action} audited");
    }
}
