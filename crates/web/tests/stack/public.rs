//! The public site shows exactly what the office published: a snapshot keeps its figures after
//! the live data change, a new publication supersedes it, withdrawing it removes it; nothing
//! unapproved can be published; pages are public, cacheable (ETag, 304) and downloadable;
//! every publication is audited.

use reqwest::StatusCode;

use crate::harness::{location, start, Browser, Server};

async fn publish(office: &Browser, fields: &[(&str, &str)]) -> reqwest::Response {
    office.submit("/publish", "/publish", fields).await
}

async fn current(s: &Server) -> Vec<cchc_storage::model_public::Snapshot> {
    s.store.current_snapshots().await.unwrap_or_default()
}

#[tokio::test]
async fn the_public_site_shows_what_was_published_and_nothing_else() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let visitor = Browser::new(&s);
    let (st, html) = visitor.text("/cong-khai").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Chưa có nội dung nào được công khai."));

    // The demo round is not approved: its ranking cannot be published.
    let round = s.store.rounds().await.unwrap_or_default().remove(0);
    let id = round.id.to_string();
    let r = publish(&office, &[("kind", "par_ranking"), ("id", &id)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(current(&s).await.is_empty(), "nothing unapproved is published");

    // The SIPAS results and the plan progress are.
    let campaign = s.store.campaigns().await.unwrap_or_default().remove(0).id.to_string();
    let r = publish(&office, &[("kind", "sipas"), ("id", &campaign)]).await;
    assert_eq!(location(&r), "/publish");
    let snap = current(&s).await.remove(0);
    let page = format!("/cong-khai/{}", snap.id);
    let r = visitor.get(&page).await;
    assert_eq!(r.status(), StatusCode::OK);
    let tag = r.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Sở Tài chính") && html.contains("Chỉ số hài lòng (%)"), "{html}");
    let again = visitor.client.get(format!("{}{page}", visitor.base)).header("if-none-match", &tag).send().await;
    assert_eq!(again.map(|r| r.status()).ok(), Some(StatusCode::NOT_MODIFIED));
    // The index too; neither sets a cookie (nothing to keep per visitor, any cache may keep it).
    let fresh = reqwest::Client::new();
    for path in ["/cong-khai".to_string(), page.clone()] {
        let r = fresh.get(format!("{}{path}", visitor.base)).send().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers().get("set-cookie").is_none(), "{path} sets no cookie");
        let tag = r.headers().get("etag").cloned().unwrap_or_else(|| panic!("{path} has an ETag"));
        let again = fresh.get(format!("{}{path}", visitor.base)).header("if-none-match", tag).send().await;
        assert_eq!(again.map(|r| r.status()).ok(), Some(StatusCode::NOT_MODIFIED), "{path}");
    }
    assert_eq!(visitor.get(&format!("{page}/csv")).await.status(), StatusCode::OK);
    assert!(visitor.get(&format!("{page}/xlsx")).await.bytes().await.unwrap_or_default().starts_with(b"PK"));

    // Live data change; the published table does not.
    let before = s.store.snapshot(snap.id).await.map(|x| x.table).unwrap_or_default();
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let unit = c.units.last().map(|(u, _)| *u).unwrap_or_default();
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    let answers = cchc_domain::sipas::NormalisedAnswers::default();
    let fp = cchc_domain::sipas::fingerprint(&q.code, q.version, unit, chrono::NaiveDate::MIN, &answers);
    let response = cchc_storage::model_sipas::NewResponse {
        campaign_id: c.id,
        unit_id: unit,
        channel: cchc_storage::model_sipas::Channel::Paper,
        answers,
        fingerprint: fp,
    };
    s.store.add_responses(&cchc_domain::user::Actor::system(), &[response]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.store.snapshot(snap.id).await.map(|x| x.table).unwrap_or_default(), before);

    // A new publication supersedes the old one; withdrawing removes it.
    publish(&office, &[("kind", "sipas"), ("id", &campaign)]).await;
    assert_eq!(visitor.get(&page).await.status(), StatusCode::NOT_FOUND, "superseded");
    let newer = current(&s).await.remove(0);
    let token = office.csrf("/publish").await;
    let r = office.post(&format!("/publish/{}/unpublish", newer.id), &[("_csrf", token.as_str())]).await;
    assert_eq!(location(&r), "/publish");
    assert_eq!(visitor.get(&format!("/cong-khai/{}", newer.id)).await.status(), StatusCode::NOT_FOUND);
    publish(&office, &[("kind", "plan_progress")]).await;
    let (_, html) = visitor.text("/cong-khai").await;
    assert!(html.contains("Tiến độ thực hiện kế hoạch") && !html.contains("Kết quả Khảo sát"), "{html}");

    for action in ["public.publish", "public.supersede", "public.unpublish"] {
        let f = cchc_storage::model::AuditFilter { action: Some(action.into()), ..Default::default() };
        assert!(!s.store.list_audit(&f).await.unwrap_or_default().is_empty(), "{action} audited");
    }
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get("/publish").await.status(), StatusCode::FORBIDDEN);
}
