//! The PAR index through the whole stack: a unit fills its self-assessment with evidence, its
//! head submits; the assigned appraiser adjusts one score (a reason is required) and returns
//! another for explanation; the unit explains and resubmits; the appraiser accepts; the council
//! approves; the ranking is published and locked. Scoping on the way: another unit, an
//! unassigned appraiser and the leader (before approval) read nothing of it.

use cchc_domain::par::{Points, ScoringMethod};
use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, NewRound};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser, Server};

/// A two-unit round (finance and justice) on the demo's departments set.
pub async fn small_round(s: &Server) -> (i64, Assessment, Assessment) {
    let stc = unit_id(s, "HT-STC").await;
    let stp = unit_id(s, "HT-STP").await;
    let demo = s.store.rounds().await.unwrap_or_default();
    let a = s.store.assessments(demo[0].id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
    let round = NewRound {
        year: 2026,
        name: "Đợt thử".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 10),
        explanation_due: d(12, 15),
        approval_due: d(12, 20),
        units: vec![(stc, a.set_id), (stp, a.set_id)],
    };
    let actor = cchc_domain::user::Actor::system();
    let r = s.store.create_round(&actor, &round).await.unwrap_or_else(|e| panic!("{e}"));
    let x = s.store.assessments(r.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let y = s.store.assessments(r.id, Visibility::Unit(stp)).await.unwrap_or_default().remove(0);
    let users = s.store.list_users().await.unwrap_or_default();
    let appraiser = users.iter().find(|u| u.login == "thamdinh").map(|u| u.id);
    s.store.assign_appraiser(&actor, x.id, appraiser).await.unwrap_or_else(|e| panic!("{e}"));
    (r.id, x, y)
}

/// Every self-scored criterion with 0, and `full` with its best allowed score.
async fn self_fields(s: &Server, set_id: i64, full: &str) -> Vec<(String, String)> {
    let set = s.store.criteria_set(set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let mut out = Vec::new();
    for r in set.leaves().into_iter().filter(|r| !r.component.is_external()) {
        let n = r.node;
        let best = n.scoring_method().allowed_scores(n.max).and_then(|l| l.into_iter().max()).unwrap_or(n.max);
        let value = if n.code == full { best.to_string() } else { "0".to_string() };
        out.push((format!("p-{}", n.code), value));
        out.push((format!("n-{}", n.code), format!("Thuyết minh {}", n.code)));
    }
    out
}

/// A criterion that requires evidence and may score above 0, and another self-scored one.
pub async fn pick(s: &Server, set_id: i64) -> (String, String) {
    let set = s.store.criteria_set(set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let leaves: Vec<_> = set.leaves().into_iter().filter(|r| !r.component.is_external()).collect();
    let needs = leaves
        .iter()
        .find(|r| r.node.evidence_required && !matches!(r.node.scoring_method(), ScoringMethod::Deduction { .. }));
    let c1 = needs.map(|r| r.node.code.clone()).unwrap_or_else(|| panic!("a criterion requiring evidence"));
    let c2 = leaves.iter().map(|r| r.node.code.clone()).find(|c| *c != c1).unwrap_or_default();
    (c1, c2)
}

async fn post(b: &Browser, page: &str, action: &str, fields: &[(String, String)]) -> reqwest::Response {
    let token = b.csrf(page).await;
    let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
    all.extend(fields.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    b.post(action, &all).await
}

async fn version(s: &Server, id: i64) -> String {
    s.store.assessment(id, Visibility::Province).await.map(|a| a.version.to_string()).unwrap_or_default()
}

#[tokio::test]
async fn self_assessment_appraisal_explanation_approval_and_ranking() {
    let s = start().await;
    let (round, x, y) = small_round(&s).await;
    let (c1, c2) = pick(&s, x.set_id).await;
    let page = format!("/par/assessments/{}", x.id);
    let focal = Browser::login(&s, "taichinh").await;
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let (st, html) = focal.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("mẫu, chưa xác nhận"), "the template set is labelled as such");

    // A score above the maximum: 422, every problem by criterion, what was typed kept.
    let mut fields = self_fields(&s, x.set_id, &c1).await;
    fields.push(("version".into(), version(&s, x.id).await));
    let mut bad = fields.clone();
    bad.retain(|(k, _)| *k != format!("p-{c2}"));
    bad.push((format!("p-{c2}"), "99".into()));
    let r = post(&focal, &page, &format!("{page}/self"), &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("vượt điểm tối đa") && html.contains("value=\"99\""), "{html}");

    // Saved by the focal point; the head's submission needs the evidence.
    let r = post(&focal, &page, &format!("{page}/self"), &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let mut submit = fields.clone();
    submit.retain(|(k, _)| k != "version");
    submit.push(("version".into(), version(&s, x.id).await));
    submit.push(("submit".into(), "1".into()));
    let r = post(&head, &page, &format!("{page}/self"), &submit).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("yêu cầu tài liệu kiểm chứng"));
    let token = focal.csrf(&page).await;
    let form = Form::new()
        .text("_csrf", token)
        .text("codes", c1.clone())
        .part("file", Part::bytes(b"%PDF-1.4 quyet dinh".to_vec()).file_name("quyet-dinh.pdf"));
    let r = focal
        .client
        .post(format!("{}{page}/evidence", focal.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(&head, &page, &format!("{page}/submit"), &[("version".into(), version(&s, x.id).await)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());

    // Scoping before approval.
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&page).await.status(), StatusCode::NOT_FOUND, "another unit");
    let leader = Browser::login(&s, "lanhdao").await;
    assert_eq!(leader.get(&page).await.status(), StatusCode::NOT_FOUND, "not published yet");
    let appraiser = Browser::login(&s, "thamdinh").await;
    assert_eq!(
        appraiser.get(&format!("/par/assessments/{}", y.id)).await.status(),
        StatusCode::NOT_FOUND,
        "not assigned"
    );
    let (_, seen) = appraiser.text(&page).await;
    let link = seen.split("/par/evidence/").nth(1).and_then(|t| t.get(..64)).unwrap_or_default().to_string();
    assert_eq!(appraiser.get(&format!("/par/evidence/{link}")).await.status(), StatusCode::OK);
    assert_eq!(other.get(&format!("/par/evidence/{link}")).await.status(), StatusCode::NOT_FOUND);

    // The appraiser adjusts c2 (a reason is required) and returns c1 for explanation.
    let look = |reason: &str| {
        vec![
            (format!("ap-{c2}"), String::new()),
            (format!("ar-{c2}"), reason.to_string()),
            (format!("ax-{c1}"), "1".to_string()),
            ("decision".into(), "return".into()),
            ("reason".into(), "Giải trình trước 15/12/2026".into()),
        ]
    };
    let set = s.store.criteria_set(x.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let n2 = set.find(&c2).cloned().unwrap_or_else(|| panic!("c2"));
    let adjusted = n2
        .scoring_method()
        .allowed_scores(n2.max)
        .and_then(|l| l.into_iter().filter(|p| *p > Points::ZERO).min())
        .unwrap_or(n2.max);
    let mut fields = look("");
    fields[0].1 = adjusted.to_string();
    fields.push(("version".into(), version(&s, x.id).await));
    let r = post(&appraiser, &page, &format!("{page}/appraise"), &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.text().await.unwrap_or_default().contains("Cần nêu lý do"));
    let mut fields = look("Có văn bản triển khai");
    fields[0].1 = adjusted.to_string();
    fields.push(("version".into(), version(&s, x.id).await));
    let r = post(&appraiser, &page, &format!("{page}/appraise"), &fields).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        s.store.assessment(x.id, Visibility::Province).await.map(|a| a.status).ok(),
        Some(ReviewState::Returned)
    );

    // The unit explains; the head resubmits; the appraiser accepts.
    let r = post(
        &focal,
        &page,
        &format!("{page}/explain"),
        &[(format!("e-{c1}"), "Quyết định số 12 ngày 10/3".into()), ("version".into(), version(&s, x.id).await)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(&head, &page, &format!("{page}/submit"), &[("version".into(), version(&s, x.id).await)]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = post(
        &appraiser,
        &page,
        &format!("{page}/appraise"),
        &[("decision".into(), "accept".into()), ("version".into(), version(&s, x.id).await)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The council cannot approve while the justice department is not appraised.
    let office = Browser::login(&s, "vanphong").await;
    let rpage = format!("/par/rounds/{round}");
    let rv = s.store.round(round).await.map(|r| r.version.to_string()).unwrap_or_default();
    let r = post(&office, &rpage, &format!("{rpage}/approve"), &[("version".into(), rv.clone())]).await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let actor = cchc_domain::user::Actor::system();
    let y = s
        .store
        .move_assessment(
            &actor,
            y.id,
            y.version,
            cchc_domain::review::ReviewAction::Submit,
            chrono::NaiveDate::MIN.max(chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default()),
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.store
        .move_assessment(
            &actor,
            y.id,
            y.version,
            cchc_domain::review::ReviewAction::Accept,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            None,
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let r = post(&office, &rpage, &format!("{rpage}/approve"), &[("version".into(), rv)]).await;
    assert_eq!(location(&r), rpage);

    // Published: the leader reads the ranking; the scores are locked.
    let (st, html) = leader.text(&rpage).await;
    assert_eq!(st, StatusCode::OK);
    assert!(
        html.contains("Kết quả xếp hạng") && html.contains("Sở Tài chính") && html.contains("Sở Tư pháp"),
        "{html}"
    );
    assert!(html.contains("Tốt ≥ 80 · Khá ≥ 70 · Trung bình ≥ 50 · Yếu ≥ 0"), "the bands in force are named: {html}");
    let finance = html.find("Sở Tài chính").unwrap_or(0);
    let justice = html.rfind("Sở Tư pháp").unwrap_or(0);
    assert!(finance < justice, "finance (points) ranks above justice (all zero)");
    assert_eq!(leader.get(&page).await.status(), StatusCode::OK);
    let x = leader.get(&format!("{rpage}/ranking.xlsx")).await;
    assert_eq!(x.status(), StatusCode::OK);
    let r = post(
        &appraiser,
        &page,
        &format!("{page}/appraise"),
        &[("decision".into(), "save".into()), ("version".into(), version(&s, x_id(&page)).await)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::CONFLICT, "locked after approval");

    // The appraisal report, the evidence bundle, and a reasoned correction after approval.
    let docx = leader.get(&format!("{rpage}/report.docx")).await;
    assert_eq!(docx.status(), StatusCode::OK);
    assert!(docx.bytes().await.unwrap_or_default().starts_with(b"PK"));
    let zip = office.get(&format!("{page}/evidence.zip")).await;
    assert_eq!(zip.status(), StatusCode::OK);
    assert_eq!(other.get(&format!("{page}/evidence.zip")).await.status(), StatusCode::NOT_FOUND);
    let revise = |reason: &str| {
        vec![("code".to_string(), c2.clone()), ("points".into(), "0".into()), ("reason".into(), reason.to_string())]
    };
    let r = post(&office, &page, &format!("{page}/revise"), &revise(" ")).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "a revision needs its reason");
    let r = post(&office, &page, &format!("{page}/revise"), &revise("Quyết định 15/QĐ-UBND ngày 20/12/2026")).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let filter = cchc_storage::model::AuditFilter { action: Some("par.revise".into()), ..Default::default() };
    assert_eq!(s.store.list_audit(&filter).await.unwrap_or_default().len(), 1);
}

async fn upload_set(office: &Browser, name: &str, body: Vec<u8>) -> reqwest::Response {
    let token = office.csrf("/par/sets").await;
    let form = Form::new()
        .text("_csrf", token)
        .text("code", "ht-sbn-2027")
        .text("name", "Bộ tiêu chí sở, ban, ngành 2027")
        .text("group", "so_ban_nganh")
        .text("effective_from", "01/01/2027")
        .text("total", "100")
        .part("file", Part::bytes(body).file_name(name.to_string()));
    office
        .client
        .post(format!("{}/par/sets/import", office.base))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
}

/// A criteria set in the published layout: a broken file gets every problem by row and
/// changes nothing; a good one becomes a new version; the export re-imports as is.
#[tokio::test]
async fn criteria_sets_import_with_every_problem_by_row() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let before = s.store.criteria_sets().await.unwrap_or_default().len();
    let broken =
        "STT,Lĩnh vực / Tiêu chí / Tiêu chí thành phần,Điểm tối đa,Phương pháp / hướng dẫn chấm,Tài liệu kiểm chứng\n\
        I,Chỉ đạo điều hành,10,,\n\
        1,Kế hoạch CCHC,4,\"Đạt: 1; Không đạt: 0\",Kế hoạch\n\
        2,Báo cáo định kỳ,abc,,\n\
        2,Báo cáo trùng mã,3,,\n";
    let r = upload_set(&office, "bo-tieu-chi.csv", broken.as_bytes().to_vec()).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    let rows = ["Dòng 3", "Dòng 4", "Dòng 5"].iter().filter(|d| html.contains(*d)).count();
    assert!(rows >= 2, "problems by row: {html}");
    assert_eq!(s.store.criteria_sets().await.unwrap_or_default().len(), before, "nothing stored");
    // The demo's departments set, exported and imported back: a new, adopted version.
    let sets = s.store.criteria_sets().await.unwrap_or_default();
    let id = sets.iter().find(|x| x.set.code == "mau-so-ban-nganh").map(|x| x.id).unwrap_or_default();
    let xlsx = office.get(&format!("/par/sets/{id}/export.xlsx")).await.bytes().await.unwrap_or_default().to_vec();
    let r = upload_set(&office, "bo-tieu-chi.xlsx", xlsx).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let sets = s.store.criteria_sets().await.unwrap_or_default();
    let new = sets.iter().find(|x| x.set.code == "ht-sbn-2027").unwrap_or_else(|| panic!("imported"));
    let template = sets.iter().find(|x| x.id == id).unwrap_or_else(|| panic!("template"));
    assert_eq!(new.set.leaves().len(), template.set.leaves().len());
    assert_eq!(new.set.total, template.set.total);
    assert_eq!(new.set.status, cchc_domain::par::SetStatus::Adopted);
}

fn x_id(page: &str) -> i64 {
    page.rsplit('/').next().and_then(|s| s.parse().ok()).unwrap_or_default()
}

/// During the year the unit sees its projected score: the plan-task criterion scored from its
/// on-time share (the demo's finance department has overdue tasks), listed among the criteria
/// losing points, with the overdue tasks behind it. Another unit does not see it.
#[tokio::test]
async fn the_projected_score_shows_the_criteria_at_risk() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let round = s.store.rounds().await.unwrap_or_default().remove(0);
    let a = s.store.assessments(round.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let focal = Browser::login(&s, "taichinh").await;
    let (st, html) = focal.text(&format!("/par/assessments/{}", a.id)).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Điểm dự kiến") && html.contains("Tiêu chí đang mất điểm"), "{html}");
    let risk = html.split("Tiêu chí đang mất điểm").nth(1).unwrap_or_default();
    assert!(
        risk.contains("1.1.2.") && risk.contains("theo số liệu theo dõi"),
        "the plan-task criterion, from live data"
    );
    assert!(
        risk.contains("Nhiệm vụ quá hạn của đơn vị") && risk.contains("href=\"/tasks/"),
        "the overdue tasks behind it"
    );
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&format!("/par/assessments/{}", a.id)).await.status(), StatusCode::NOT_FOUND);
}

/// The satisfaction criterion takes the unit's SIPAS index through its own method; units that
/// have not submitted are skipped.
#[tokio::test]
async fn survey_points_come_from_the_sipas_campaign() {
    let s = start().await;
    let (round, x, _) = small_round(&s).await;
    let actor = cchc_domain::user::Actor::system();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default();
    let v = s.store.assessment(x.id, Visibility::Province).await.map(|a| a.version).unwrap_or_default();
    s.store
        .move_assessment(&actor, x.id, v, cchc_domain::review::ReviewAction::Submit, day, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let campaign = s.store.campaigns().await.unwrap_or_default().remove(0);
    let sipas = cchc_app::sipas::results(s.store.as_ref(), campaign.id).await.unwrap_or_else(|e| panic!("{e}"));
    let index = sipas
        .units
        .iter()
        .find(|u| u.unit_id == x.unit_id)
        .and_then(|u| u.result.as_ref())
        .and_then(|r| r.index.percent);
    let index = index.unwrap_or_else(|| panic!("the demo has questionnaires for the finance department"));
    let office = Browser::login(&s, "vanphong").await;
    let page = format!("/par/rounds/{round}");
    let campaign_id = campaign.id.to_string();
    let r = post(
        &office,
        &page,
        &format!("{page}/sipas"),
        &[("campaign".into(), campaign_id), ("code".into(), "8.1".into())],
    )
    .await;
    assert_eq!(location(&r), page);
    let scores = s.store.scores(x.id, Visibility::Province).await.unwrap_or_default();
    let mark = scores.iter().find(|r| r.score.code == "8.1").and_then(|r| r.score.appraised_mark);
    let set = s.store.criteria_set(x.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let max = set.find("8.1").map(|n| n.max).unwrap_or_default();
    // 8.1 is proportional on a 100 scale: points = index % × max / 100, in hundredths.
    let expected = Points((index.0 * max.0 + 5_000) / 10_000);
    assert_eq!(mark, Some(cchc_domain::par::Mark::Points(expected)), "index {index}, max {max}");
}
