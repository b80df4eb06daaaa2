//! A reader's `Visibility` through every storage read of reports that takes one: a unit's
//! staff never get another unit's draft (its text, its files, its existence in their lists),
//! and province-wide readers get of a draft only that it exists.

use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{NewEvidence, UnitReport};
use cchc_storage::StoreError;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

const SECRET: &str = "Bí mật chưa gửi của đơn vị A";

fn leaks(r: &UnitReport) -> bool {
    r.narrative.contains("Bí mật")
}

pub async fn no_read_returns_another_units_draft(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let actor = Actor { user_id: None, login: "unit".into() };
    let draft = s.save_report_draft(&actor, a, "2025-q1", "period", SECRET).await.unwrap_or_else(|e| panic!("{e}"));
    let f = NewEvidence {
        file_name: "bi-mat.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4 bi mat".to_vec(),
        sha256: "x".into(),
    };
    let file = s.add_report_file(&actor, draft.id, &f).await.unwrap_or_else(|e| panic!("{e}"));
    s.save_report_draft(&actor, b, "2025-q1", "period", "Báo cáo của B").await.unwrap_or_else(|e| panic!("{e}"));

    for vis in [Visibility::Unit(b), Visibility::UnitTree(b), Visibility::Province] {
        let got = s.report(a, "2025-q1", vis).await.unwrap_or_else(|e| panic!("{e}"));
        assert!(!got.as_ref().is_some_and(leaks), "report {vis:?}");
        match s.report_by_id(draft.id, vis).await {
            Ok(r) => assert!(!leaks(&r), "report_by_id {vis:?}"),
            Err(e) => assert!(matches!(e, StoreError::NotFound(_)), "{e}"),
        }
        let list = s.reports_of_period("2025-q1", vis).await.unwrap_or_default();
        assert!(!list.iter().any(leaks), "reports_of_period {vis:?}");
        assert!(s.search_reports("bi mat", vis).await.unwrap_or_default().is_empty(), "search_reports {vis:?}");
        assert!(
            s.report_files(draft.id, vis).await.unwrap_or_default().is_empty()
                || matches!(s.report_files(draft.id, vis).await, Err(StoreError::NotFound(_))),
            "report_files {vis:?}"
        );
        assert!(s.report_file(&file.token, vis).await.unwrap_or_default().is_none(), "report_file {vis:?}");
        if vis != Visibility::Province {
            assert!(list.iter().all(|r| r.unit_id == b), "a unit lists only its own reports: {vis:?}");
            assert!(got.is_none(), "another unit's report does not exist for {vis:?}");
        }
    }
    // Its own unit reads all of it; the province sees that the draft exists.
    let own = Visibility::Unit(a);
    assert!(s.report(a, "2025-q1", own).await.unwrap_or_default().as_ref().is_some_and(leaks));
    assert_eq!(s.search_reports("bi mat", own).await.unwrap_or_default().len(), 1);
    assert_eq!(s.report_files(draft.id, own).await.unwrap_or_default().len(), 1);
    assert!(s.report_file(&file.token, own).await.unwrap_or_default().is_some());
    let province = s.reports_of_period("2025-q1", Visibility::Province).await.unwrap_or_default();
    assert_eq!(province.len(), 2, "the office sees who has started");
    // Once submitted, the province reads it all; other units still nothing.
    let version = s.report_by_id(draft.id, own).await.map(|r| r.version).unwrap_or_default();
    s.submit_report(&actor, draft.id, version, chrono::NaiveDate::from_ymd_opt(2025, 4, 5).unwrap_or_default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let sent = s.report_by_id(draft.id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(leaks(&sent));
    assert!(s.report_file(&file.token, Visibility::Province).await.unwrap_or_default().is_some());
    assert!(s.report(a, "2025-q1", Visibility::Unit(b)).await.unwrap_or_default().is_none());
}
