//! Appraisers assigned per area (lĩnh vực) through the whole stack: the office assigns one on
//! the round page; the appraiser sees every submitted unit of that round (and nothing of other
//! rounds), adjusts a criterion of their area, is refused on another area and may not complete
//! the appraisal of the whole assessment.

use cchc_domain::review::ReviewAction;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::SelfScore;
use reqwest::StatusCode;

use crate::harness::{start, Browser, Server, PASSWORD};
use crate::par::small_round;

/// The first self-scored leaf of area `area` of set `set_id`.
pub async fn leaf_in(s: &Server, set_id: i64, area: &str) -> String {
    let set = s.store.criteria_set(set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    set.leaves()
        .into_iter()
        .find(|r| cchc_app::par::area_of(&r.node.code) == area && !r.component.is_external())
        .map(|r| r.node.code.clone())
        .unwrap_or_else(|| panic!("a leaf in area {area}"))
}

/// Scores `codes` 0 and submits assessment `id`, behind the server's back.
pub async fn submitted(s: &Server, id: i64, codes: &[String]) {
    let actor = Actor::system();
    let a = s.store.assessment(id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    let scores: Vec<SelfScore> = codes
        .iter()
        .map(|c| SelfScore {
            code: c.clone(),
            mark: Some(cchc_domain::par::Mark::Points(cchc_domain::par::Points::ZERO)),
            note: "x".into(),
        })
        .collect();
    let a = s.store.save_self_scores(&actor, id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    s.store
        .move_assessment(&actor, id, a.version, ReviewAction::Submit, day, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.written_behind();
}

async fn version(s: &Server, id: i64) -> String {
    s.store.assessment(id, Visibility::Province).await.map(|a| a.version.to_string()).unwrap_or_default()
}

/// A second appraiser, `td.linhvuc`, to be assigned to areas.
pub async fn area_appraiser(s: &Server) -> cchc_domain::user::User {
    let form = cchc_app::accounts::UserForm {
        login: "td.linhvuc".into(),
        full_name: "Thẩm định lĩnh vực 1".into(),
        email: String::new(),
        role: Some(cchc_domain::role::Role::Appraiser),
        unit_id: None,
        password: PASSWORD.into(),
    };
    cchc_app::accounts::create_user(s.store.as_ref(), &Actor::system(), form).await.unwrap_or_else(|e| panic!("{e}"))
}

/// Posts `fields` to `action` with the CSRF token of `page`.
pub async fn post(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    let token = b.csrf(page).await;
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend_from_slice(fields);
    b.post(action, &all).await
}

#[tokio::test]
async fn an_area_appraiser_marks_their_area_only() {
    let s = start().await;
    let demo = s.store.rounds().await.unwrap_or_default().remove(0);
    let (round, x, y) = small_round(&s).await;
    let (mine, theirs) = (leaf_in(&s, y.set_id, "1").await, leaf_in(&s, y.set_id, "2").await);
    submitted(&s, x.id, &[mine.clone(), theirs.clone()]).await;
    submitted(&s, y.id, &[mine.clone(), theirs.clone()]).await;
    let user = area_appraiser(&s).await;

    // The office assigns area 1 on the round page; an unknown area is refused.
    let office = Browser::login(&s, "vanphong").await;
    let round_page = format!("/par/rounds/{round}");
    let (st, html) = office.text(&round_page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("action=\"/par/rounds/{round}/areas\"")), "the assignment form");
    let uid = user.id.to_string();
    let areas = format!("{round_page}/areas");
    let r = post(&office, &round_page, &areas, &[("appraiser", &uid), ("areas", "99")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = post(&office, &round_page, &areas, &[("appraiser", &uid), ("areas", "1")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, html) = office.text(&round_page).await;
    assert!(html.contains("Thẩm định lĩnh vực 1: 1."), "listed with the area");
    let no_csrf = office.post(&areas, &[("appraiser", &uid), ("areas", "2")]).await;
    assert_ne!(no_csrf.status(), StatusCode::SEE_OTHER, "CSRF checked");

    // The area appraiser's queue: both submitted units of the round, nothing of another round.
    let me = Browser::login(&s, "td.linhvuc").await;
    let (_, queue) = me.text(&round_page).await;
    for a in [&x, &y] {
        assert!(queue.contains(&format!("/par/assessments/{}\"", a.id)), "unit {} in the queue", a.unit_id);
    }
    let (_, other) = me.text(&format!("/par/rounds/{}", demo.id)).await;
    assert!(!other.contains("/par/assessments/"), "no unit of another round");
    let foreign = s.store.assessments(demo.id, Visibility::Province).await.unwrap_or_default();
    assert!(!foreign.is_empty());
    assert_eq!(me.get(&format!("/par/assessments/{}", foreign[0].id)).await.status(), StatusCode::NOT_FOUND);

    // The form offers the area's criteria only.
    let page = format!("/par/assessments/{}", y.id);
    let (st, html) = me.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("name=\"ap-{mine}\"")) && !html.contains(&format!("name=\"ap-{theirs}\"")));
    assert!(!html.contains("value=\"accept\""), "completing the whole is not theirs");

    // Another area: refused by name, nothing stored.
    let (ap_t, ar_t) = (format!("ap-{theirs}"), format!("ar-{theirs}"));
    let (ap_m, ar_m) = (format!("ap-{mine}"), format!("ar-{mine}"));
    let ver = version(&s, y.id).await;
    let bad = [("version", ver.as_str()), (ap_t.as_str(), "0"), (ar_t.as_str(), "Sai"), ("decision", "save")];
    let r = post(&me, &page, &format!("{page}/appraise"), &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("không thuộc lĩnh vực bạn được phân công thẩm định"));
    let scores = s.store.scores(y.id, Visibility::Province).await.unwrap_or_default();
    assert!(scores.iter().all(|r| r.score.appraised_mark.is_none()), "nothing stored");

    // Their own area: adjusted with a reason.
    let ok =
        [("version", ver.as_str()), (ap_m.as_str(), "0"), (ar_m.as_str(), "Đối chiếu văn bản"), ("decision", "save")];
    let r = post(&me, &page, &format!("{page}/appraise"), &ok).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let scores = s.store.scores(y.id, Visibility::Province).await.unwrap_or_default();
    let marked: Vec<&str> =
        scores.iter().filter(|r| r.score.appraised_mark.is_some()).map(|r| r.score.code.as_str()).collect();
    assert_eq!(marked, vec![mine.as_str()]);

    // Accepting the whole assessment is refused.
    let ver = version(&s, y.id).await;
    let accept =
        [("version", ver.as_str()), (ap_m.as_str(), "0"), (ar_m.as_str(), "Đối chiếu văn bản"), ("decision", "accept")];
    let r = post(&me, &page, &format!("{page}/appraise"), &accept).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let after = s.store.assessment(y.id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.status, cchc_domain::review::ReviewState::Submitted);
}
