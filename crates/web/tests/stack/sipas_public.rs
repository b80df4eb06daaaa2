//! The SIPAS public form's abuse controls through the whole stack: one-time tokens printed by
//! the office are accepted once, a replayed, forged or foreign token is refused and counted;
//! a device over its limit is refused and counted while another device behind the same address
//! is not; a dossier code is checked against the unit's index-766 records in the period (wrong
//! code: a clear error with the answers kept; reused: refused) and never shown back; posters
//! and token slips are office-only.

use cchc_domain::sipas::QuestionKind;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_kpi::DossierFilter;
use reqwest::StatusCode;

use crate::harness::{location, start, start_with, unit_id, Browser, Server};

/// The demo campaign's id, Sở Tài chính's form and a valid answer set (`trips` varies the
/// answer to the number question, so each set is a different questionnaire).
async fn form(s: &Server, trips: u32) -> (i64, i64, String, Vec<(String, String)>) {
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let stc = unit_id(s, "HT-STC").await;
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    let fields = q
        .sections
        .iter()
        .flat_map(|s| &s.questions)
        .map(|x| {
            let v = match &x.kind {
                QuestionKind::Scale5 => "4".to_string(),
                QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                    options[0].code.clone()
                }
                QuestionKind::Number { .. } => trips.to_string(),
                QuestionKind::Text { .. } => String::new(),
            };
            (format!("q-{}", x.code), v)
        })
        .collect();
    (c.id, stc, format!("/khao-sat/{}/{stc}", c.id), fields)
}

async fn send(
    b: &Browser,
    page: &str,
    action: &str,
    fields: &[(String, String)],
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let token = b.csrf(page).await;
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    all.extend_from_slice(extra);
    b.post(action, &all).await
}

async fn accepted(s: &Server, campaign: i64, unit: i64) -> i64 {
    let n = s.store.response_counts(campaign).await.unwrap_or_default();
    n.accepted.iter().find(|(u, _)| *u == unit).map(|(_, k)| *k).unwrap_or(0)
}

async fn rejected(s: &Server, campaign: i64, reason: &str) -> i64 {
    let n = s.store.response_counts(campaign).await.unwrap_or_default();
    n.rejected.iter().find(|(r, _)| r == reason).map(|(_, k)| *k).unwrap_or(0)
}

/// The codes printed on the slips page.
fn slip_codes(html: &str) -> Vec<String> {
    html.split("class=\"slip-code\">").skip(1).filter_map(|s| s.split('<').next()).map(String::from).collect()
}

#[tokio::test]
async fn a_printed_token_is_accepted_once_and_replays_and_forgeries_are_counted() {
    let s = start().await;
    let (c, stc, page, fields) = form(&s, 2).await;
    let office = Browser::login(&s, "vanphong").await;
    let print = format!("/sipas/campaigns/{c}/in-an");
    let (st, html) = office.text(&print).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Sở Tài chính"), "{html}");
    let r = office
        .submit(&print, &format!("/sipas/campaigns/{c}/tokens"), &[("unit", &stc.to_string()), ("count", "3")])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let slips = r.text().await.unwrap_or_default();
    let codes = slip_codes(&slips);
    assert_eq!(codes.len(), 3, "{slips}");
    assert_eq!(slips.matches("<svg").count(), 3, "one QR code a slip");
    assert!(slips.contains(&format!("/khao-sat/{c}/{stc}?t=")), "the short link carries the token");
    let r = office
        .submit(&print, &format!("/sipas/campaigns/{c}/tokens"), &[("unit", &stc.to_string()), ("count", "0")])
        .await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Số mã mỗi lần in từ 1 đến 500"));

    // The poster: the unit, the campaign, the QR code and the short link; office only.
    let (st, poster) = office.text(&format!("/sipas/campaigns/{c}/units/{stc}/poster")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        poster.contains("Sở Tài chính") && poster.contains("<svg") && poster.contains(&format!("/khao-sat/{c}/{stc}<"))
    );
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(&format!("/sipas/campaigns/{c}/units/{stc}/poster")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(focal.get(&print).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(Browser::new(&s).get(&print).await.status(), StatusCode::SEE_OTHER, "anonymous: to the login page");

    let before = accepted(&s, c, stc).await;
    let citizen = Browser::new(&s);
    let tokened = format!("{page}?t={}", codes[0]);
    let (_, html) = citizen.text(&tokened).await;
    assert!(html.contains(&format!("name=\"t\" value=\"{}\"", codes[0])), "the token rides in the form");
    let r = send(&citizen, &tokened, &page, &fields, &[("t", &codes[0])]).await;
    assert_eq!(location(&r), "/khao-sat/cam-on");
    assert_eq!(accepted(&s, c, stc).await, before + 1);

    // The same slip again, from another phone with other answers: refused and counted.
    let other = Browser::new(&s);
    let (_, _, _, fields3) = form(&s, 3).await;
    let r = send(&other, &tokened, &page, &fields3, &[("t", &codes[0])]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap_or_default().contains("đã được dùng"));
    assert_eq!(rejected(&s, c, "token_used").await, 1);
    // A forged code (wrong check symbol) and a well-formed code never issued.
    let mut forged: Vec<char> = codes[1].chars().collect();
    forged[0] = if forged[0] == 'A' { 'B' } else { 'A' };
    let forged: String = forged.into_iter().collect();
    assert_eq!(send(&other, &page, &page, &fields3, &[("t", &forged)]).await.status(), StatusCode::BAD_REQUEST);
    assert_eq!(rejected(&s, c, "token_forged").await, 1);
    let never = cchc_domain::sipas::Token::from_bytes([9; 10]).to_string();
    let r = send(&other, &page, &page, &fields3, &[("t", &never)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(rejected(&s, c, "token_unknown").await, 1);
    assert_eq!(accepted(&s, c, stc).await, before + 1, "nothing stored for the refused ones");
    // An unused slip still works after the refusals.
    let r = send(&other, &page, &page, &fields3, &[("t", &codes[1])]).await;
    assert_eq!(location(&r), "/khao-sat/cam-on");
    let (_, html) = office.text(&print).await;
    assert!(
        html.contains("<td data-label=\"Mã đã phát\">3</td>") && html.contains("<td data-label=\"Mã đã dùng\">2</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_device_over_its_limit_is_refused_while_its_neighbour_is_not() {
    let mut config = cchc_app::config::Config::default();
    config.sipas.per_device = 2;
    config.sipas.per_address = 10;
    let s = start_with(config).await;
    let (c, stc, page, _) = form(&s, 1).await;
    let phone = Browser::new(&s);
    let r = phone.get(&page).await;
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("cchc_khaosat="));
    let cookie = cookie.unwrap_or_else(|| panic!("the form sets the device cookie")).to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let before = accepted(&s, c, stc).await;
    for trips in [1, 2] {
        let (_, _, _, fields) = form(&s, trips).await;
        assert_eq!(location(&send(&phone, &page, &page, &fields, &[]).await), "/khao-sat/cam-on");
    }
    let (_, _, _, fields) = form(&s, 3).await;
    let r = send(&phone, &page, &page, &fields, &[]).await;
    assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(r.text().await.unwrap_or_default().contains("Thiết bị này đã gửi đủ số phiếu"));
    assert_eq!(rejected(&s, c, "device").await, 1);
    // Another phone on the same counter Wi-Fi (same address) still gets through.
    let neighbour = Browser::new(&s);
    assert_eq!(location(&send(&neighbour, &page, &page, &fields, &[]).await), "/khao-sat/cam-on");
    assert_eq!(accepted(&s, c, stc).await, before + 3);
}

#[tokio::test]
async fn a_dossier_code_is_checked_linked_once_and_never_shown_back() {
    let s = start().await;
    let today = cchc_app::tracking::today();
    cchc_app::kpi::demo::seed(&s.store, today, 20).await.unwrap_or_else(|e| panic!("{e}"));
    let (c, stc, page, fields) = form(&s, 4).await;
    let campaign = s.store.campaign(c).await.unwrap_or_else(|e| panic!("{e}"));
    let all = |v| {
        let store = s.store.clone();
        async move {
            let f = DossierFilter { limit: Some(100_000), ..DossierFilter::default() };
            store.list_dossiers(v, &f).await.unwrap_or_else(|e| panic!("{e}"))
        }
    };
    let mine = all(Visibility::UnitTree(stc)).await;
    let ours = mine
        .iter()
        .find(|d| d.received.date() >= campaign.period_from)
        .unwrap_or_else(|| panic!("a dossier of the unit in the period"));
    let old = mine
        .iter()
        .find(|d| d.returned.or(d.finished).unwrap_or(d.received).date() < campaign.period_from)
        .unwrap_or_else(|| panic!("a dossier handled before the period"));
    let foreign = all(Visibility::Province).await.into_iter().find(|d| !mine.iter().any(|m| m.code == d.code));
    let foreign = foreign.unwrap_or_else(|| panic!("another unit's dossier"));

    let citizen = Browser::new(&s);
    let before = accepted(&s, c, stc).await;
    for (code, message) in [
        ("KHONG-CO-MA-NAY", "Không tìm thấy mã hồ sơ"),
        (foreign.code.as_str(), "Không tìm thấy mã hồ sơ"),
        (old.code.as_str(), "không được giải quyết trong thời gian"),
    ] {
        let r = send(&citizen, &page, &page, &fields, &[("ma_ho_so", code)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        let html = r.text().await.unwrap_or_default();
        assert!(html.contains(message), "{code}: {html}");
        assert!(html.contains(&format!("value=\"{code}\"")), "the typed code is kept");
        assert!(html.contains("value=\"4\" checked"), "the typed answers are kept");
    }
    assert_eq!(rejected(&s, c, "dossier").await, 3);
    assert_eq!(accepted(&s, c, stc).await, before, "nothing stored");

    let r = send(&citizen, &page, &page, &fields, &[("ma_ho_so", &ours.code)]).await;
    assert_eq!(location(&r), "/khao-sat/cam-on");
    assert_eq!(accepted(&s, c, stc).await, before + 1);
    let other = Browser::new(&s);
    let (_, _, _, fields5) = form(&s, 5).await;
    let r = send(&other, &page, &page, &fields5, &[("ma_ho_so", &ours.code)]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "one answer per dossier");
    assert_eq!(rejected(&s, c, "dossier_used").await, 1);

    // The code is nowhere to be read back: the form, the thank-you page, the office's results,
    // the published table and its downloads.
    let office = Browser::login(&s, "vanphong").await;
    let r = office.submit("/publish", "/publish", &[("kind", "sipas"), ("id", &c.to_string())]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let snapshot = s.store.current_snapshots().await.unwrap_or_default().into_iter().find(|x| x.kind == "sipas");
    let snapshot = snapshot.unwrap_or_else(|| panic!("published")).id;
    for path in [
        page.clone(),
        "/khao-sat/cam-on".to_string(),
        format!("/sipas/campaigns/{c}"),
        format!("/cong-khai/{snapshot}"),
        format!("/cong-khai/{snapshot}/csv"),
    ] {
        let (st, body) = office.text(&path).await;
        assert!(st.is_success(), "{path}: {st}");
        assert!(!body.contains(&ours.code), "{path} shows the dossier code");
    }
}
