//! Storage cases for periodic reports: drafts, submission once, review, target values locked
//! after submission, files, search.

use cchc_domain::review::ReviewState;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{NewEvidence, ReportSave, TargetValueRecord};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::{content_for_tracking, units_for_tracking};

fn actor() -> Actor {
    Actor { user_id: None, login: "unit".into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_else(|| panic!("date"))
}

pub async fn reports_are_drafted_submitted_once_and_reviewed(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let r = s
        .save_report_draft(&actor(), a, "2025-q1", "period", "Đã triển khai số hóa hồ sơ")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status, ReviewState::Draft);
    let r = s
        .save_report_draft(&actor(), a, "2025-q1", "period", "Đã triển khai số hóa hồ sơ, đạt 95%")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // Another unit's draft is not readable through the period list.
    s.save_report_draft(&actor(), b, "2025-q1", "period", "Bí mật của đơn vị B")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let list = s.reports_of_period("2025-q1", Visibility::Province).await.unwrap_or_default();
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|x| x.narrative.is_empty()), "drafts' text stays with their unit");
    assert!(
        s.search_reports("so hoa", Visibility::Province).await.unwrap_or_default().is_empty(),
        "drafts are not searchable by others"
    );
    assert_eq!(
        s.search_reports("so hoa", Visibility::Unit(a)).await.unwrap_or_default().len(),
        1,
        "but by their own unit"
    );

    let sub = s.submit_report(&actor(), r.id, r.version, d(3, 18)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((sub.status, sub.submitted_on), (ReviewState::Submitted, Some(d(3, 18))));
    assert!(
        matches!(s.submit_report(&actor(), r.id, sub.version, d(3, 19)).await, Err(StoreError::Conflict(_))),
        "twice"
    );
    assert!(matches!(s.save_report_draft(&actor(), a, "2025-q1", "period", "sửa").await, Err(StoreError::Conflict(_))));
    assert_eq!(
        s.search_reports("SỐ HÓA", Visibility::Province).await.unwrap_or_default().len(),
        1,
        "submitted reports are searchable"
    );

    let back = s
        .review_report(&actor(), r.id, sub.version, d(3, 20), Some("Thiếu số liệu"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((back.status, back.return_reason.as_deref()), (ReviewState::Returned, Some("Thiếu số liệu")));
    let again = s
        .save_report_draft(&actor(), a, "2025-q1", "period", "Bổ sung số liệu")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sub = s.submit_report(&actor(), again.id, again.version, d(3, 22)).await.unwrap_or_else(|e| panic!("{e}"));
    let ok = s.review_report(&actor(), r.id, sub.version, d(3, 23), None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ok.status, ReviewState::Accepted);
    assert!(matches!(s.review_report(&actor(), r.id, ok.version, d(3, 24), None).await, Err(StoreError::Conflict(_))));
}

pub async fn target_values_lock_with_the_report(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let doc =
        s.save_plan(&actor(), &content_for_tracking("sha-tv", a, b), None, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    let target = s.list_targets(doc.id).await.unwrap_or_default().remove(0).id;
    let v = |value: f64| TargetValueRecord {
        target_id: target,
        unit_id: a,
        period_key: "2025-q1".into(),
        value: Some(value),
        numerator: Some(value),
        denominator: Some(100.0),
        note: String::new(),
    };
    s.set_target_values(&actor(), &[v(80.0)]).await.unwrap_or_else(|e| panic!("{e}"));
    s.set_target_values(&actor(), &[v(85.0)]).await.unwrap_or_else(|e| panic!("{e}"));
    let got = s.target_values(Some(a), "2025-q1").await.unwrap_or_default();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].value, Some(85.0));
    let r = s.save_report_draft(&actor(), a, "2025-q1", "period", "x").await.unwrap_or_else(|e| panic!("{e}"));
    s.submit_report(&actor(), r.id, r.version, d(3, 18)).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(s.set_target_values(&actor(), &[v(99.0)]).await, Err(StoreError::Conflict(_))));
    assert_eq!(s.target_values(None, "2025-q1").await.unwrap_or_default()[0].value, Some(85.0), "nothing half-written");
    let f = NewEvidence {
        file_name: "bc.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-".to_vec(),
        sha256: "x".into(),
    };
    assert!(
        matches!(s.add_report_file(&actor(), r.id, &f).await, Err(StoreError::Conflict(_))),
        "no files after submission"
    );
    let r2 = s.save_report_draft(&actor(), b, "2025-q1", "period", "y").await.unwrap_or_else(|e| panic!("{e}"));
    let rec = s.add_report_file(&actor(), r2.id, &f).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.report_files(r2.id, Visibility::Unit(b)).await.unwrap_or_default().len(), 1);
    let (got, bytes) =
        s.report_file(&rec.token, Visibility::Unit(b)).await.unwrap_or_default().unwrap_or_else(|| panic!("file"));
    assert_eq!((got.file_name.as_str(), bytes.as_slice()), ("bc.pdf", b"%PDF-".as_slice()));
}

/// A report post in one transaction: text, target values, files and submission together; a
/// post that fails at its last step (the report is already submitted) leaves nothing behind.
pub async fn a_report_post_is_one_write(h: &Harness) {
    let s = h.store();
    let (a, _) = units_for_tracking(h).await;
    let f = |name: &str| NewEvidence {
        file_name: name.into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4".to_vec(),
        sha256: "x".into(),
    };
    let save = ReportSave {
        unit: a,
        period_key: "2025-q2".into(),
        kind: "period".into(),
        narrative: "Kết quả quý II".into(),
        values: Vec::new(),
        files: vec![f("a.pdf"), f("b.pdf")],
        submit_on: Some(d(6, 20)),
        submit_mode: cchc_storage::model::SubmitMode::Direct,
        expected_version: None,
    };
    let r = s.save_report(&actor(), &save).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.status, r.submitted_on), (ReviewState::Submitted, Some(d(6, 20))));
    assert_eq!(s.report_files(r.id, Visibility::Unit(a)).await.unwrap_or_default().len(), 2);
    // Again on the submitted report: refused, and neither its text nor its files change.
    let again = ReportSave { narrative: "Sửa sau khi nộp".into(), files: vec![f("c.pdf")], ..save };
    assert!(matches!(s.save_report(&actor(), &again).await, Err(StoreError::Conflict(_))));
    let after = s.report_by_id(r.id, Visibility::Unit(a)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.narrative, "Kết quả quý II");
    assert_eq!(s.report_files(r.id, Visibility::Unit(a)).await.unwrap_or_default().len(), 2);
}

/// A unit's targets: those named for it, and the province-wide ones (no unit named) of its own
/// province's documents or of documents of no province; never another province's.
pub async fn a_units_targets_are_its_own_and_its_provinces(h: &Harness) {
    use cchc_domain::plan::Assignment;
    use cchc_domain::unit::{UnitInput, UnitKind};
    let s = h.store();
    let mk = |code: &str, kind: UnitKind, parent: Option<i64>, name: &str| UnitInput {
        code: code.into(),
        kind: Some(kind),
        parent_id: parent,
        name: name.into(),
        ..UnitInput::default()
    };
    let p1 = new_unit(s, mk("P1", UnitKind::Province, None, "Tỉnh Một")).await;
    let p2 = new_unit(s, mk("P2", UnitKind::Province, None, "Tỉnh Hai")).await;
    let a = new_unit(s, mk("P1-A", UnitKind::Department, Some(p1), "Sở A")).await;
    let c = new_unit(s, mk("P2-C", UnitKind::Department, Some(p2), "Sở C")).await;
    // Province one's plan: 1.1 for every unit of the province, 1.2 named for C.
    let mut one = content_for_tracking("sha-p1", a, c);
    one.meta.province_id = Some(p1);
    let mut named = one.targets[0].clone();
    named.code = "1.2".into();
    named.implementing =
        Assignment { text: "Sở C".into(), unit_ids: vec![c], names: vec!["Sở C".into()], ..Default::default() };
    one.targets.push(named);
    let mut two = content_for_tracking("sha-p2", c, c);
    two.meta.province_id = Some(p2);
    two.meta.number = Some("2/KH-UBND".into());
    two.meta.issuer = Some("UBND tỉnh Hai".into());
    let mut national = content_for_tracking("sha-none", a, c);
    national.meta.number = Some("3/KH-BNV".into());
    national.meta.issuer = Some("Bộ Nội vụ".into());
    let mut docs = Vec::new();
    for c in [&one, &two, &national] {
        docs.push(s.save_plan(&actor(), c, None, &[]).await.unwrap_or_else(|e| panic!("{e}")).id);
    }
    assert_eq!(targets_of(s, a).await, vec![(docs[0], "1.1".to_string()), (docs[2], "1.1".to_string())]);
    assert_eq!(
        targets_of(s, c).await,
        vec![(docs[0], "1.2".to_string()), (docs[1], "1.1".to_string()), (docs[2], "1.1".to_string())]
    );
}

async fn new_unit(s: &dyn cchc_storage::Store, u: cchc_domain::unit::UnitInput) -> i64 {
    s.create_unit(&actor(), &u).await.unwrap_or_else(|e| panic!("{e}")).id
}

/// (document, code) of each target the unit's report asks for.
async fn targets_of(s: &dyn cchc_storage::Store, unit: i64) -> Vec<(i64, String)> {
    let t = s.targets_for_unit(unit).await.unwrap_or_else(|e| panic!("{e}"));
    t.into_iter().map(|t| (t.document_id, t.target.code)).collect()
}

/// A post naming the version it saw (an API client's `If-Match`) is refused, whole, when the
/// report moved on since, or does not exist yet; with the current version it is applied.
pub async fn a_report_post_names_the_version_it_saw(h: &Harness) {
    let s = h.store();
    let (a, _) = units_for_tracking(h).await;
    let save = ReportSave {
        unit: a,
        period_key: "2025-q3".into(),
        kind: "period".into(),
        narrative: "Bản đầu".into(),
        values: Vec::new(),
        files: Vec::new(),
        submit_on: None,
        submit_mode: cchc_storage::model::SubmitMode::Direct,
        expected_version: Some(1),
    };
    let stale =
        |r: Result<_, StoreError>| matches!(r, Err(StoreError::Conflict(m)) if m == cchc_storage::model::STALE_REPORT);
    assert!(stale(s.save_report(&actor(), &save).await), "no report yet: nothing to match");
    assert!(s.report(a, "2025-q3", Visibility::Unit(a)).await.unwrap_or_default().is_none());
    let first = ReportSave { expected_version: None, ..save.clone() };
    let r = s.save_report(&actor(), &first).await.unwrap_or_else(|e| panic!("{e}"));
    let old = ReportSave { narrative: "Ghi đè".into(), expected_version: Some(r.version + 1), ..save.clone() };
    assert!(stale(s.save_report(&actor(), &old).await));
    let ok = ReportSave { narrative: "Bản hai".into(), expected_version: Some(r.version), ..save };
    let after = s.save_report(&actor(), &ok).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((after.narrative.as_str(), after.version), ("Bản hai", r.version + 1));
}
