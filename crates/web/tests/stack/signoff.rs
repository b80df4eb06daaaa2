//! Sign-off by a unit's head: the focal point sends the unit's report to the head, who signs
//! it off (then the office sees it as submitted, with the signer) or sends it back with a
//! reason; the head is notified and sees it on the dashboard; the setting turns it off.

use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};
use crate::reports::post_report;

/// Turns the sign-off requirement on or off, as the office's settings page does.
pub(crate) async fn signoff_required(s: &Server, on: bool) {
    let mut cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    cfg.signoff.reports = on;
    cchc_app::tracking::save_config(s.store.as_ref(), &cchc_domain::user::Actor::system(), &cfg)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

fn plan_key() -> String {
    format!("{}-plan", cchc_app::tracking::today().format("%Y"))
}

#[tokio::test]
async fn the_head_signs_off_before_the_office_sees_it() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let key = plan_key();
    let focal = Browser::login(&s, "taichinh").await;
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, page) = focal.text(&format!("/reports/{key}")).await;
    assert!(page.contains("Trình lãnh đạo đơn vị</button>"), "the focal point sends to the head");

    let r = post_report(&focal, &key, &[("narrative", "Kế hoạch số 12/KH-STC, trình ký"), ("submit", "1")]).await;
    assert_eq!(location(&r), "/reports");
    let rep = s.store.report(stc, &key, Visibility::Unit(stc)).await.unwrap_or_default();
    let rep = rep.unwrap_or_else(|| panic!("report"));
    assert_eq!((rep.status, rep.submitted_on), (ReviewState::AwaitingSignoff, None));
    let (_, mine) = focal.text("/reports").await;
    assert!(mine.contains("Chờ ký duyệt"), "the unit's list says it waits");

    // The office does not see it yet.
    let view = format!("/reports/{key}/units/{stc}");
    assert_eq!(office.get(&view).await.status(), StatusCode::NOT_FOUND);
    // The head is told, and the dashboard lists it; the focal point cannot sign.
    let (_, notes) = head.text("/notifications").await;
    assert!(notes.contains("Chờ ký duyệt:"), "{notes}");
    let (_, board) = head.text("/").await;
    assert!(board.contains("Chờ ký duyệt") && board.contains(&format!("href=\"/reports/{key}\"")), "{board}");
    let (_, focal_board) = focal.text("/").await;
    assert!(!focal_board.contains("signoff-panel"), "only the head's dashboard lists what waits for them");
    let signoff = format!("/reports/{key}/signoff");
    let v = rep.version.to_string();
    let r = focal.submit(&format!("/reports/{key}"), &signoff, &[("version", &v), ("decision", "sign")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    // Sent back: a reason is required; with one, the focal point sees it and edits again.
    let (_, head_page) = head.text(&format!("/reports/{key}")).await;
    assert!(head_page.contains("Ký duyệt báo cáo") && head_page.contains("Kế hoạch số 12/KH-STC"));
    let r = head.submit(&format!("/reports/{key}"), &signoff, &[("version", &v), ("decision", "back")]).await;
    assert!(r.text().await.unwrap_or_default().contains("Cần nêu lý do trả lại"));
    let r = head
        .submit(
            &format!("/reports/{key}"),
            &signoff,
            &[("version", &v), ("decision", "back"), ("reason", "Ghi rõ số ký hiệu")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = focal.text(&format!("/reports/{key}")).await;
    assert!(page.contains("Lãnh đạo đơn vị trả lại") && page.contains("Ghi rõ số ký hiệu"), "{page}");

    // Sent again and signed off: submitted, with the signer, in the office's view.
    let r = post_report(&focal, &key, &[("narrative", "Kế hoạch số 12/KH-STC ngày 10/01"), ("submit", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let rep = s.store.report(stc, &key, Visibility::Unit(stc)).await.unwrap_or_default();
    let v = rep.map(|r| r.version).unwrap_or_default().to_string();
    let r = head.submit(&format!("/reports/{key}"), &signoff, &[("version", &v), ("decision", "sign")]).await;
    assert_eq!(location(&r), "/reports");
    let rep = s.store.report(stc, &key, Visibility::Province).await.unwrap_or_default();
    let rep = rep.unwrap_or_else(|| panic!("report"));
    assert_eq!(rep.status, ReviewState::Submitted);
    assert_eq!(rep.signed_by.as_deref(), Some("giamdoc.taichinh"));
    assert_eq!(rep.submitted_on, Some(cchc_app::tracking::today()));
    let (st, page) = office.text(&view).await;
    assert_eq!(st, StatusCode::OK);
    assert!(page.contains("Lãnh đạo đơn vị ký duyệt: giamdoc.taichinh"), "{page}");
    let (_, board) = head.text("/").await;
    assert!(!board.contains("signoff-panel"), "nothing waits any more");
}

#[tokio::test]
async fn without_signoff_the_focal_point_submits_directly() {
    let s = start().await;
    signoff_required(&s, false).await;
    let stc = unit_id(&s, "HT-STC").await;
    let key = plan_key();
    let focal = Browser::login(&s, "taichinh").await;
    let (_, page) = focal.text(&format!("/reports/{key}")).await;
    assert!(page.contains("Nộp báo cáo</button>") && !page.contains("Trình lãnh đạo đơn vị"));
    let r = post_report(&focal, &key, &[("narrative", "Kế hoạch số 13/KH-STC"), ("submit", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let rep = s.store.report(stc, &key, Visibility::Province).await.unwrap_or_default();
    assert!(rep.is_some_and(|r| r.status == ReviewState::Submitted && r.signed_by.is_none()));
    // The settings page shows the requirement off, and the office turns it back on there.
    let office = Browser::login(&s, "vanphong").await;
    let (_, settings) = office.text("/settings/tracking").await;
    assert!(settings.contains("name=\"signoff_reports\" value=\"1\">"), "unticked");
}
