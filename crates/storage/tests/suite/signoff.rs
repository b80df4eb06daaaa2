//! Storage cases for a unit head's sign-off: a report sent to the head stays the unit's own
//! until signed off; sent back with a reason it is a draft again; signed off it is submitted
//! on the day of signing with the signer; every move is versioned and audited.

use cchc_domain::review::ReviewState;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{AuditFilter, ReportSave, SubmitMode};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn who(login: &str) -> Actor {
    Actor { user_id: None, login: login.into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_else(|| panic!("date"))
}

pub async fn a_report_waits_for_its_heads_signoff(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let save = ReportSave {
        unit: a,
        period_key: "2025-q1".into(),
        kind: "period".into(),
        narrative: "Kết quả ký duyệt quý I".into(),
        values: Vec::new(),
        files: Vec::new(),
        submit_on: Some(d(3, 17)),
        submit_mode: SubmitMode::ToHead,
        expected_version: None,
    };
    let r = s.save_report(&who("daumoi"), &save).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (r.status, r.submitted_on, r.submitted_by.as_deref()),
        (ReviewState::AwaitingSignoff, None, Some("daumoi"))
    );

    // Waiting for the head, it is still the unit's own: others read no text and find nothing.
    let seen = s.report(a, "2025-q1", Visibility::Province).await.unwrap_or_default();
    assert!(seen.as_ref().is_some_and(|x| x.narrative.is_empty() && x.status == ReviewState::AwaitingSignoff));
    assert!(s.report(a, "2025-q1", Visibility::Unit(b)).await.unwrap_or_default().is_none());
    assert!(s.search_reports("ky duyet", Visibility::Province).await.unwrap_or_default().is_empty());
    assert_eq!(s.reports_awaiting_signoff(a, Visibility::Unit(a)).await.unwrap_or_default().len(), 1);
    assert!(s.reports_awaiting_signoff(a, Visibility::Province).await.unwrap_or_default().is_empty());
    assert!(s.reports_awaiting_signoff(a, Visibility::Unit(b)).await.unwrap_or_default().is_empty());
    // Neither edited nor reviewed meanwhile.
    assert!(matches!(
        s.save_report_draft(&who("daumoi"), a, "2025-q1", "period", "x").await,
        Err(StoreError::Conflict(_))
    ));
    assert!(matches!(
        s.review_report(&who("office"), r.id, r.version, d(3, 18), None).await,
        Err(StoreError::Conflict(_))
    ));
    // A stale version is refused.
    let stale = s.signoff_report(&who("head"), r.id, r.version - 1, d(3, 18), None).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))), "{stale:?}");

    // Sent back with a reason: a draft again, with the reason for the focal point.
    let back = s.signoff_report(&who("head"), r.id, r.version, d(3, 18), Some("Bổ sung số liệu")).await;
    let back = back.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((back.status, back.signoff_note.as_deref()), (ReviewState::Draft, Some("Bổ sung số liệu")));
    assert!(back.signed_by.is_none());
    let again =
        ReportSave {
            narrative: "Kết quả ký duyệt quý I, đã bổ sung".into(), submit_on: Some(d(3, 19)), ..save
        };
    let r = s.save_report(&who("daumoi"), &again).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.status, r.signoff_note.clone()), (ReviewState::AwaitingSignoff, None));

    // Signed off: submitted on the day of signing, with the signer, readable by the office.
    let signed =
        s.signoff_report(&who("head"), r.id, r.version, d(3, 20), None).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (signed.status, signed.submitted_on, signed.signed_by.as_deref(), signed.signed_on),
        (ReviewState::Submitted, Some(d(3, 20)), Some("head"), Some(d(3, 20)))
    );
    let office = s.report(a, "2025-q1", Visibility::Province).await.unwrap_or_default();
    assert!(office.is_some_and(|x| x.narrative.contains("đã bổ sung") && x.signed_by.as_deref() == Some("head")));
    assert!(matches!(
        s.signoff_report(&who("head"), r.id, signed.version, d(3, 21), None).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(s.reports_awaiting_signoff(a, Visibility::Unit(a)).await.unwrap_or_default().is_empty());

    // The head's own submission is signed at once.
    let own = ReportSave {
        unit: b,
        period_key: "2025-q1".into(),
        kind: "period".into(),
        narrative: "Thủ trưởng tự nộp".into(),
        values: Vec::new(),
        files: Vec::new(),
        submit_on: Some(d(3, 16)),
        submit_mode: SubmitMode::ByHead,
        expected_version: None,
    };
    let own = s.save_report(&who("head.b"), &own).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (own.status, own.signed_by.as_deref(), own.signed_on),
        (ReviewState::Submitted, Some("head.b"), Some(d(3, 16)))
    );

    let actions: Vec<String> = s
        .list_audit(&AuditFilter { action: Some("report.".into()), ..Default::default() })
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for want in ["report.send_for_signoff", "report.send_back", "report.signoff"] {
        assert!(actions.iter().any(|a| a == want), "{want} in {actions:?}");
    }
}

/// Ad-hoc requests: stored with their units and template in one write (an unknown unit
/// writes nothing), read only by the units asked; the answers are reports keyed by request.
pub async fn adhoc_requests_reach_only_the_units_asked(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let template = cchc_storage::model::NewEvidence {
        file_name: "mau-bao-cao.docx".into(),
        content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document".into(),
        bytes: b"PK\x03\x04 mau".to_vec(),
        sha256: "x".into(),
    };
    let new = cchc_storage::traits_adhoc::NewAdhocRequest {
        title: "Báo cáo tình hình sắp xếp bộ máy".into(),
        instruction: "Nêu số đầu mối giảm".into(),
        due: d(7, 15),
        units: vec![a],
        template: Some(template),
    };
    let bad = cchc_storage::traits_adhoc::NewAdhocRequest { units: vec![a, 999_999], template: None, ..new.clone() };
    assert!(matches!(s.create_adhoc_request(&who("office"), &bad, d(7, 1)).await, Err(StoreError::NotFound(_))));
    assert!(s.adhoc_requests(Visibility::Province).await.unwrap_or_default().is_empty(), "nothing written");
    let none = cchc_storage::traits_adhoc::NewAdhocRequest { units: vec![], template: None, ..new.clone() };
    assert!(matches!(s.create_adhoc_request(&who("office"), &none, d(7, 1)).await, Err(StoreError::Invalid(_))));

    let r = s.create_adhoc_request(&who("office"), &new, d(7, 1)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (r.units.clone(), r.key(), r.template_name.as_deref()),
        (vec![a], format!("adhoc-{}", r.id), Some("mau-bao-cao.docx"))
    );
    assert_eq!(s.adhoc_requests(Visibility::Unit(a)).await.unwrap_or_default().len(), 1);
    assert!(s.adhoc_requests(Visibility::Unit(b)).await.unwrap_or_default().is_empty());
    assert!(matches!(s.adhoc_request(r.id, Visibility::Unit(b)).await, Err(StoreError::NotFound(_))));
    assert!(matches!(s.adhoc_template(r.id, Visibility::Unit(b)).await, Err(StoreError::NotFound(_))));
    let t = s.adhoc_template(r.id, Visibility::Unit(a)).await.unwrap_or_default().unwrap_or_else(|| panic!("template"));
    assert_eq!((t.file_name.as_str(), t.bytes.as_slice()), ("mau-bao-cao.docx", b"PK\x03\x04 mau".as_slice()));
    let got = s.adhoc_request(r.id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got, r);
    let audit =
        s.list_audit(&AuditFilter { action: Some("adhoc.".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(audit.len(), 1);
}
