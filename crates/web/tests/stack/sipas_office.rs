//! The office side of SIPAS through the whole stack: a questionnaire version downloaded as
//! XLSX and imported back, edited, as a new version (errors by row, nothing stored); a
//! campaign beside the previous one of the same units; open answers searched without
//! diacritics, by unit, by page, and only for province-wide readers; the XLSX and DOCX
//! exports; the unit indices carried into a PAR round from the campaign's page.

use std::io::Read;

use cchc_domain::sipas::{fingerprint, validate_answers, AnswerValue, QuestionKind, Questionnaire, Submission};
use cchc_domain::user::Actor;
use cchc_storage::model_sipas::{Channel, NewCampaign, NewResponse};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

/// Every scale question answered `scale`, every choice its first option, `text` for open ones.
fn submission(q: &Questionnaire, scale: i64, text: &str) -> Submission {
    let mut sub = Submission::new();
    for (_, x) in q.questions() {
        let v = match &x.kind {
            QuestionKind::Scale5 => AnswerValue::Scale(scale),
            QuestionKind::SingleChoice { options } => AnswerValue::Choice(options[0].code.clone()),
            QuestionKind::Text { .. } if !text.is_empty() => AnswerValue::Text(text.to_string()),
            _ => continue,
        };
        sub.insert(x.code.clone(), v);
    }
    sub
}

/// Stores one response per `(scale, text)` for `unit` in `campaign`, on successive days.
async fn answer(s: &Server, campaign: i64, unit: i64, list: &[(i64, &str)]) {
    let c = s.store.campaign(campaign).await.unwrap_or_else(|e| panic!("{e}"));
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    // Free text is not in the fingerprint: equal coded answers are told apart by their day.
    let batch: Vec<NewResponse> = list
        .iter()
        .zip(0..)
        .map(|((scale, text), n)| {
            let day = c.period_from + chrono::Duration::days(n);
            let answers = validate_answers(&q, &submission(&q, *scale, text)).unwrap_or_else(|e| panic!("{e:?}"));
            NewResponse {
                campaign_id: campaign,
                unit_id: unit,
                channel: Channel::Paper,
                fingerprint: fingerprint(&q.code, q.version, unit, day, &answers),
                answers,
            }
        })
        .collect();
    s.store.add_responses(&Actor::system(), &batch).await.unwrap_or_else(|e| panic!("{e}"));
}

async fn upload(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)], file: Vec<u8>) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("_csrf", b.csrf(page).await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    form = form.part("file", reqwest::multipart::Part::bytes(file).file_name("phieu.xlsx"));
    b.client.post(format!("{}{action}", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

/// The first row of `rows` whose first cell is `first` (empty when none).
fn row(rows: &[Vec<String>], first: &str) -> Vec<String> {
    rows.iter().find(|r| r.first().is_some_and(|c| c == first)).cloned().unwrap_or_default()
}

fn sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    let book = cchc_table::read_workbook(bytes, &cchc_table::Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    book.into_iter().map(|s| (s.name, s.rows.into_iter().map(|r| r.cells).collect())).collect()
}

/// The downloaded rows with one cell changed, as an XLSX file (title rows left out).
fn edited(rows: &[Vec<String>], code: &str, column: usize, value: &str) -> Vec<u8> {
    let header = rows.iter().position(|r| r.first().is_some_and(|c| c == "Mã")).unwrap_or(0);
    let cols = rows[header].iter().map(|h| cchc_export::Column::new(h, 12.0)).collect();
    let mut t = cchc_export::Table::new("Phiếu", "PHIẾU", cols);
    for r in &rows[header + 1..] {
        let mut r = r.clone();
        if r.first().is_some_and(|c| c == code) {
            r[column] = value.to_string();
        }
        t.push(r.into_iter().map(cchc_export::Cell::Text).collect());
    }
    cchc_export::xlsx::to_xlsx(&[t]).unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn a_questionnaire_version_goes_out_as_xlsx_and_comes_back_as_a_new_version() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let base = s.store.questionnaires().await.unwrap_or_default().remove(0);
    assert!(base.questionnaire.frozen, "the demo campaign uses it");
    let (st, html) = office.text("/sipas/questionnaires").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("mẫu, chưa xác nhận") && html.contains("đã dùng, bị khóa"), "{html}");
    let r = office.get(&format!("/sipas/questionnaires/{}/export.xlsx", base.id)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let rows = sheets(&r.bytes().await.unwrap_or_default()).remove(0).1;
    let find = |code: &str| row(&rows, code);
    assert_eq!(find("TC1")[3], "Thang 5 mức");
    assert!(find("TC1")[4].contains("Không trả lời") && find("TC1")[5] == "Có", "{:?}", find("TC1"));
    assert_eq!(find("KQ4")[6], "KQ3 = 3", "the condition");
    assert_eq!(find("TC")[3], "Yếu tố");

    // A wrong type on one row and a date not after the base: nothing stored, rows named.
    let page = "/sipas/questionnaires";
    let action = "/sipas/questionnaires/import";
    let id = base.id.to_string();
    let bad = edited(&rows, "TC2", 3, "Thang 7 mức");
    let r = upload(&office, page, action, &[("base", &id), ("effective_from", "01/01/2024")], bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Không rõ loại câu hỏi «Thang 7 mức»") && html.contains("Dòng "), "{html}");
    assert!(html.contains("Ngày hiệu lực của phiên bản mới phải sau 01/01/2024"), "{html}");
    assert_eq!(s.store.questionnaires().await.unwrap_or_default().len(), 1, "nothing stored");

    let good = edited(&rows, "TC2", 2, "Thời gian chờ đến lượt (đã sửa)");
    let fields = [("base", id.as_str()), ("effective_from", "01/01/2027"), ("name", "")];
    let r = upload(&office, page, action, &fields, good).await;
    assert_eq!(location(&r), page);
    let all = s.store.questionnaires().await.unwrap_or_default();
    let new = all.iter().find(|q| q.id != base.id).map(|q| q.questionnaire.clone()).unwrap_or_else(|| panic!("stored"));
    assert_eq!((new.version, new.frozen), (base.questionnaire.version + 1, false));
    assert_eq!(new.effective_from, chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap_or_default());
    assert_eq!(new.question("TC2").map(|x| x.text.as_str()), Some("Thời gian chờ đến lượt (đã sửa)"));
    assert!(new.name.contains("mẫu, chưa xác nhận"), "still a template: {}", new.name);
    let old = s.store.questionnaire(base.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old, base, "the frozen version is untouched");
    let filter =
        cchc_storage::model::AuditFilter { action: Some("sipas.questionnaire.save".into()), ..Default::default() };
    let audited = s.store.list_audit(&filter).await.unwrap_or_default();
    assert!(audited.iter().any(|e| e.actor == "vanphong"), "audited");

    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(page).await.status(), StatusCode::FORBIDDEN);
    let r = focal.client.post(format!("{}{action}", focal.base)).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(r.status().is_client_error());
}

/// A campaign of the finance department a year earlier: two respondents, one all 4, one all
/// 2, so every content, factor and the index are 50 %.
async fn earlier_campaign(s: &Server) -> i64 {
    let stc = unit_id(s, "HT-STC").await;
    let current = s.store.campaigns().await.unwrap_or_default().remove(0);
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2025, m, day).unwrap_or_default();
    let c = NewCampaign {
        name: "Khảo sát năm 2025".into(),
        questionnaire_id: current.questionnaire_id,
        period_from: d(3, 1),
        period_to: d(5, 31),
        units: vec![(stc, 5)],
    };
    let c = s.store.create_campaign(&Actor::system(), &c).await.unwrap_or_else(|e| panic!("{e}"));
    answer(s, c.id, stc, &[(4, ""), (2, "")]).await;
    c.id
}

#[tokio::test]
async fn results_sit_beside_the_previous_period_in_the_page_and_the_exports() {
    let s = start().await;
    let before = earlier_campaign(&s).await;
    let current = s.store.campaigns().await.unwrap_or_default().into_iter().find(|c| c.id != before);
    let current = current.unwrap_or_else(|| panic!("the demo campaign"));
    let stc = unit_id(&s, "HT-STC").await;
    let now = cchc_app::sipas::results(s.store.as_ref(), current.id).await.unwrap_or_else(|e| panic!("{e}"));
    let index = now.units.iter().find(|u| u.unit_id == stc).and_then(|u| u.result.as_ref()?.index.percent);
    let index = index.unwrap_or_else(|| panic!("the demo has answers for the finance department"));
    let change = index - cchc_domain::par::Points::whole(50);
    let shown = if change.0 > 0 { format!("+{change}") } else { change.to_string() };

    let office = Browser::login(&s, "vanphong").await;
    let (st, html) = office.text(&format!("/sipas/campaigns/{}", current.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("So với kỳ trước") && html.contains("Khảo sát năm 2025"), "{html}");
    let line = html.split("<tr>").find(|r| r.contains("Sở Tài chính")).unwrap_or_default();
    assert!(line.contains(">50<") && line.contains(&format!(">{shown}<")), "{line}");
    let other = html.split("<tr>").find(|r| r.contains("Sở Tư pháp")).unwrap_or_default();
    assert!(other.matches(">—<").count() >= 2, "not surveyed before: {other}");

    // The earlier campaign has no previous one; its figures are hand-computed: 50 %.
    let r = office.get(&format!("/sipas/campaigns/{before}/results.xlsx")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let book = sheets(&r.bytes().await.unwrap_or_default());
    let names: Vec<&str> = book.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Toàn tỉnh", "Nhóm đơn vị", "Đơn vị", "Yếu tố theo đơn vị", "Câu hỏi"]);
    let province = &book[0].1;
    let index_row = row(province, "Chỉ số SIPAS");
    assert_eq!(index_row[1].parse::<f64>().ok().map(|v| if v <= 1.0 { v * 100.0 } else { v }), Some(50.0));
    assert_eq!((index_row[2].as_str(), index_row[3].as_str(), index_row[4].as_str()), ("2", "—", "—"));
    assert!(index_row[5].contains("Chưa đủ mẫu (2 người"), "{index_row:?}");
    let unit_row = row(&book[2].1, "Sở Tài chính");
    assert!(unit_row[7].contains("Dưới kế hoạch mẫu (2/5 phiếu)"), "{unit_row:?}");
    let question = row(&book[4].1, "TC1");
    assert_eq!(&question[3..7], ["2", "2", "1", "0"], "asked, valid, satisfied, no answer");

    // The current campaign's workbook carries the change; its report has a chart.
    let r = office.get(&format!("/sipas/campaigns/{}/results.xlsx", current.id)).await;
    let book = sheets(&r.bytes().await.unwrap_or_default());
    let unit_row = row(&book[2].1, "Sở Tài chính");
    assert_eq!(unit_row[6], shown, "{unit_row:?}");
    let r = office.get(&format!("/sipas/campaigns/{}/report.docx", current.id)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let media = (0..zip.len()).filter_map(|i| zip.by_index(i).ok().map(|f| f.name().to_string()));
    assert!(media.into_iter().any(|n| n.starts_with("word/media/") && n.ends_with(".png")), "a chart");
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    assert!(xml.contains("BÁO CÁO") && xml.contains("Biểu đồ 1") && xml.contains("Khảo sát năm 2025"));
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(
        focal.get(&format!("/sipas/campaigns/{}/report.docx", current.id)).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn open_answers_are_searched_without_diacritics_by_unit_and_page() {
    let s = start().await;
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    answer(&s, c.id, stc, &[(4, "Cán bộ hướng dẫn tận tình"), (5, "Thủ tục còn rườm rà")]).await;
    answer(&s, c.id, stp, &[(4, "Ca\u{301}n bo\u{323}\u{302} trực một cửa vắng mặt")]).await;
    let many: Vec<(i64, String)> = (1..=22).map(|i| (3, format!("Góp ý số {i}"))).collect();
    let many: Vec<(i64, &str)> = many.iter().map(|(v, t)| (*v, t.as_str())).collect();
    answer(&s, c.id, stp, &many).await;
    let office = Browser::login(&s, "vanphong").await;
    let page = format!("/sipas/campaigns/{}/answers", c.id);
    let (st, html) = office.text(&format!("{page}?q=can+bo")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Cán bộ hướng dẫn tận tình") && html.contains("trực một cửa"), "{html}");
    assert!(html.contains("2 ý kiến") && !html.contains("rườm rà"), "{html}");
    let (_, html) = office.text(&format!("{page}?q=can+bo&unit={stc}")).await;
    assert!(html.contains("1 ý kiến") && !html.contains("trực một cửa"), "{html}");
    let (_, html) = office.text(&format!("{page}?q=GOP+Y")).await;
    assert!(html.contains("22 ý kiến") && html.contains("Trang 1/2") && html.contains("Góp ý số 22"), "{html}");
    let (_, html) = office.text(&format!("{page}?q=gop+y&page=2")).await;
    assert!(html.contains("Trang 2/2") && html.contains("Góp ý số 1<") && !html.contains("Góp ý số 22"), "{html}");
    let (st, _) = office.text(&format!("{page}?unit=abc&page=-1")).await;
    assert_eq!(st, StatusCode::OK, "odd filters fall back to all, page 1");

    // Unit staff and the public see none of it; the public form never shows answers.
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(&page).await.status(), StatusCode::FORBIDDEN);
    let citizen = Browser::new(&s);
    let r = citizen.get(&page).await;
    assert!(r.status() == StatusCode::SEE_OTHER || r.status().is_client_error(), "{}", r.status());
    let (_, form) = citizen.text(&format!("/khao-sat/{}/{stc}", c.id)).await;
    assert!(form.contains("Sở Tài chính") && !form.contains("rườm rà"), "no answer on the public form");
}

#[tokio::test]
async fn the_campaign_page_carries_unit_indices_into_a_par_round() {
    let s = start().await;
    let (round, x, _) = crate::par::small_round(&s).await;
    let actor = Actor::system();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let vis = cchc_domain::visibility::Visibility::Province;
    let v = s.store.assessment(x.id, vis).await.map(|a| a.version).unwrap_or_default();
    let submit = cchc_domain::review::ReviewAction::Submit;
    s.store.move_assessment(&actor, x.id, v, submit, day, None).await.unwrap_or_else(|e| panic!("{e}"));
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let sipas = cchc_app::sipas::results(s.store.as_ref(), c.id).await.unwrap_or_else(|e| panic!("{e}"));
    let line = sipas.units.iter().find(|u| u.unit_id == x.unit_id);
    let index = line.and_then(|u| u.result.as_ref()?.index.percent).unwrap_or_else(|| panic!("demo answers"));
    let office = Browser::login(&s, "vanphong").await;
    let page = format!("/sipas/campaigns/{}", c.id);
    let (_, html) = office.text(&page).await;
    assert!(html.contains(&format!("action=\"{page}/par\"")) && html.contains("Đợt thử"), "the form lists open rounds");
    let round_id = round.to_string();
    let r = office.submit(&page, &format!("{page}/par"), &[("round", &round_id), ("code", "8.1")]).await;
    assert_eq!(location(&r), format!("/par/rounds/{round}"));
    let scores = s.store.scores(x.id, vis).await.unwrap_or_default();
    let mark = scores.iter().find(|r| r.score.code == "8.1").and_then(|r| r.score.appraised_mark);
    let set = s.store.criteria_set(x.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let max = set.find("8.1").map(|n| n.max).unwrap_or_default();
    let expected = cchc_domain::par::Points((index.0 * max.0 + 5_000) / 10_000);
    assert_eq!(mark, Some(cchc_domain::par::Mark::Points(expected)));
    let r = office.submit(&page, &format!("{page}/par"), &[("round", "abc"), ("code", "8.1")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let focal = Browser::login(&s, "taichinh").await;
    let r = focal.submit("/", &format!("{page}/par"), &[("round", &round_id), ("code", "8.1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}
