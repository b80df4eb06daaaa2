//! SIPAS through the whole stack: the anonymous public form (no login) is accepted and counted;
//! a repeated submission, a filled honeypot and answers out of range are refused with a clear
//! 4xx, counted, and store nothing; the office's results show the unit's figures.

use cchc_domain::sipas::QuestionKind;
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

/// The demo campaign and Sở Tài chính's form, with a valid answer to every shown question.
async fn valid_fields(s: &Server) -> (String, Vec<(String, String)>) {
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let stc = unit_id(s, "HT-STC").await;
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    let mut fields = Vec::new();
    // Every question answered: those that skip logic hides are dropped by the domain.
    for x in q.sections.iter().flat_map(|s| &s.questions) {
        let v = match &x.kind {
            QuestionKind::Scale5 => "4".to_string(),
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                options[0].code.clone()
            }
            QuestionKind::Number { .. } => "1".to_string(),
            QuestionKind::Text { .. } => "Cán bộ hướng dẫn tận tình".to_string(),
        };
        fields.push((format!("q-{}", x.code), v));
    }
    (format!("/khao-sat/{}/{stc}", c.id), fields)
}

async fn send(b: &Browser, page: &str, fields: &[(String, String)]) -> reqwest::Response {
    let token = b.csrf(page).await;
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post(page, &all).await
}

async fn counts(s: &Server) -> (i64, Vec<(String, i64)>) {
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let stc = unit_id(s, "HT-STC").await;
    let n = s.store.response_counts(c.id).await.unwrap_or_default();
    (n.accepted.iter().find(|(u, _)| *u == stc).map(|(_, k)| *k).unwrap_or(0), n.rejected)
}

#[tokio::test]
async fn the_public_form_accepts_counts_and_refuses_with_reasons() {
    let s = start().await;
    let (page, fields) = valid_fields(&s).await;
    let citizen = Browser::new(&s);
    let (st, html) = citizen.text(&page).await;
    assert_eq!(st, StatusCode::OK, "no login needed");
    assert!(html.contains("Sở Tài chính") && html.contains("Rất hài lòng") && html.contains("mẫu, chưa xác nhận"));
    assert!(!html.contains("Đăng xuất"));
    let (before, _) = counts(&s).await;

    let r = send(&citizen, &page, &fields).await;
    assert_eq!(location(&r), "/khao-sat/cam-on");
    assert_eq!(counts(&s).await.0, before + 1, "accepted and counted");

    let r = send(&citizen, &page, &fields).await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "the same answers again the same day");
    assert!(r.text().await.unwrap_or_default().contains("đã được gửi"));

    let mut bot = fields.clone();
    bot[0].1 = "5".into();
    bot.push(("website".into(), "http://spam.example".into()));
    assert_eq!(send(&citizen, &page, &bot).await.status(), StatusCode::BAD_REQUEST);

    let mut wrong = fields.clone();
    wrong[0].1 = "9".into();
    let r = send(&citizen, &page, &wrong).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("ngoài thang 1–5"));

    let mut unknown = fields.clone();
    unknown.push(("q-KHONGCO".into(), "3".into()));
    unknown[0].1 = "3".into();
    let r = send(&citizen, &page, &unknown).await;
    assert_eq!(location(&r), "/khao-sat/cam-on", "fields that are not questions are ignored");

    let (after, rejected) = counts(&s).await;
    assert_eq!(after, before + 2, "nothing stored for the refused ones");
    for reason in ["duplicate", "honeypot", "invalid"] {
        assert!(rejected.iter().any(|(r, n)| r == reason && *n >= 1), "{reason} counted: {rejected:?}");
    }
    assert_eq!(citizen.get("/khao-sat/999999/1").await.status(), StatusCode::NOT_FOUND);

    // The office reads the results; unit staff do not.
    let office = Browser::login(&s, "vanphong").await;
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let (st, html) = office.text(&format!("/sipas/campaigns/{}", c.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Chỉ số hài lòng chung") && html.contains("Sở Tài chính"), "{html}");
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(&format!("/sipas/campaigns/{}", c.id)).await.status(), StatusCode::FORBIDDEN);
}

/// Paper questionnaires typed into a sheet: the good rows go in and every bad row is listed by
/// its number; with "refuse the whole file" nothing is stored.
#[tokio::test]
async fn paper_questionnaires_import_by_row() {
    let s = start().await;
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    let header = cchc_domain::sipas::sheet_header(&q);
    let row = |code: &str, scale: &str| -> String {
        let mut cells = vec![code.to_string(), "HT-STC".to_string(), "05/12/2026".to_string()];
        for x in q.sections.iter().flat_map(|s| &s.questions) {
            cells.push(match &x.kind {
                QuestionKind::Scale5 => scale.to_string(),
                QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                    options[0].code.clone()
                }
                QuestionKind::Number { .. } => "40".to_string(),
                QuestionKind::Text { .. } => String::new(),
            });
        }
        cells.join(",")
    };
    let csv = format!("{}\n{}\n{}\n{}\n", header.join(","), row("P-1", "4"), row("P-2", "5"), row("P-3", "9"));
    let (_, before) = counts_all(&s, c.id).await;
    let office = Browser::login(&s, "vanphong").await;
    let page = format!("/sipas/campaigns/{}", c.id);
    let send = |policy: &'static str| {
        let (office, page, csv) = (&office, page.clone(), csv.clone());
        async move {
            let token = office.csrf(&page).await;
            let form = reqwest::multipart::Form::new()
                .text("_csrf", token)
                .text("policy", policy)
                .part("file", reqwest::multipart::Part::bytes(csv.into_bytes()).file_name("phieu.csv"));
            office
                .client
                .post(format!("{}{page}/import", office.base))
                .multipart(form)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };
    let r = send("reject_batch").await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Dòng 4") && html.contains("Không nhập phiếu nào"), "{html}");
    assert_eq!(counts_all(&s, c.id).await.1, before, "nothing stored");
    let r = send("skip_bad").await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Đã nhập 2 phiếu") && html.contains("Dòng 4"), "{html}");
    assert_eq!(counts_all(&s, c.id).await.1, before + 2);
    assert_eq!(office.get(&format!("{page}/sheet.xlsx")).await.status(), StatusCode::OK);
}

async fn counts_all(s: &Server, campaign: i64) -> (i64, i64) {
    let n = s.store.response_counts(campaign).await.unwrap_or_default();
    (n.rejected.iter().map(|(_, k)| k).sum(), n.accepted.iter().map(|(_, k)| k).sum())
}
