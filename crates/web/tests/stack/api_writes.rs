//! Writes of reports, PAR self-assessments and SIPAS paper questionnaires through the API:
//! the same app functions as the forms (sign-off as the report page decides it, the sheet
//! import's row checks), the version named on every write, bad input answered with a problem
//! document naming the field and nothing stored, every write audited with the token's name.

use cchc_domain::par::ScoringMethod;
use cchc_domain::review::ReviewState;
use cchc_domain::sipas::QuestionKind;
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::api::{token_for, Api};
use crate::harness::{start, start_with, unit_id, Browser, Server};

/// A calendar with monthly periods (the current month open today), as the report tests use.
async fn monthly_calendar(s: &Server) -> String {
    let cfg = cchc_app::tracking::TrackingConfig {
        calendar: cchc_domain::tracking::ReportingCalendar::standard()
            .with_months(cchc_domain::tracking::DateRule::AfterEnd { days: 5 }),
        ..Default::default()
    };
    cchc_app::tracking::save_config(s.store.as_ref(), &cchc_domain::user::Actor::system(), &cfg)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let key = format!("{}", cchc_app::tracking::today().format("%Y-m%m"));
    assert!(cfg.calendar.is_open(&key, cchc_app::tracking::today()), "{key} is open");
    key
}

async fn audited(s: &Server, prefix: &str) -> Vec<cchc_domain::audit::AuditEntry> {
    let f = cchc_storage::model::AuditFilter { action: Some(prefix.into()), limit: Some(20), ..Default::default() };
    s.store.list_audit(&f).await.unwrap_or_default()
}

/// A body sent as typed, `application/json`, answered as the API client reads answers.
async fn raw(api: &Api, method: &str, path: &str, body: String) -> (StatusCode, Value) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let req = api
        .client
        .request(m, format!("{}{path}", api.base))
        .bearer_auth(&api.token)
        .header("content-type", "application/json")
        .body(body);
    api.read(method, path, req.send().await.unwrap_or_else(|e| panic!("{e}"))).await
}

#[tokio::test]
async fn a_unit_writes_and_submits_its_report_and_the_office_reviews_it() {
    let s = start().await;
    let key = monthly_calendar(&s).await;
    let stc = unit_id(&s, "HT-STC").await;
    let targets = s.store.targets_for_unit(stc).await.unwrap_or_default();
    let rate = targets
        .iter()
        .find(|t| cchc_app::reports::is_rate(t))
        .unwrap_or_else(|| panic!("a rate target of the finance department"))
        .id;
    let focal = Api::new(&s, &token_for(&s, "taichinh", &["reports:write"]).await).await;
    let path = format!("/api/v1/reports/{key}");
    let body = |value: f64, submit: bool| {
        json!({"narrative": "Báo cáo tháng qua API", "submit": submit,
               "targets": [{"target_id": rate, "value": value, "note": "Theo số liệu một cửa"}]})
    };
    // A new report needs no version; the figure is stored as the form stores "88,5".
    let (st, d) = focal.send("PUT", &path, Some(&body(88.5, false)), &[]).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!((d["report"]["status"].as_str(), d["report"]["unit_id"].as_i64()), (Some("draft"), Some(stc)));
    let stored = |d: &Value| d["values"].as_array().and_then(|v| v.iter().find(|x| x["target_id"] == rate).cloned());
    assert_eq!(stored(&d).map(|v| v["value"].clone()), Some(json!(88.5)), "{d}");
    let v = d["report"]["version"].as_i64().unwrap_or_default();
    let vs = v.to_string();

    // Once it exists: no version is 428, a stale one 412 (If-Match) or 409 (body); a rate
    // above 100 is 422 at its field. Nothing of these is stored.
    assert_eq!(focal.send("PUT", &path, Some(&body(90.0, false)), &[]).await.0, StatusCode::PRECONDITION_REQUIRED);
    let stale = (v + 1).to_string();
    assert_eq!(
        focal.send("PUT", &path, Some(&body(90.0, false)), &[("if-match", &stale)]).await.0,
        StatusCode::PRECONDITION_FAILED
    );
    let mut in_body = body(90.0, false);
    in_body["version"] = json!(v + 1);
    assert_eq!(focal.send("PUT", &path, Some(&in_body), &[]).await.0, StatusCode::CONFLICT);
    let (st, p) = focal.send("PUT", &path, Some(&body(120.0, false)), &[("if-match", &vs)]).await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/targets/0/value")));
    let now = s.store.report(stc, &key, Visibility::Unit(stc)).await.ok().flatten().unwrap_or_else(|| panic!("report"));
    assert_eq!(now.version, v, "nothing stored");
    let values = s.store.target_values(Some(stc), &key).await.unwrap_or_default();
    assert_eq!(values.iter().find(|x| x.target_id == rate).and_then(|x| x.value), Some(88.5));

    // Submitted by the focal point of a unit with a head: it goes to the head, as on the form.
    let (st, d) = focal.send("PUT", &path, Some(&body(91.0, true)), &[("if-match", &format!("\"{vs}\""))]).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["report"]["status"], "awaiting_signoff");
    let log = audited(&s, "report.").await;
    assert!(
        log.iter().any(|e| e.action == "report.send_for_signoff" && e.actor == "taichinh [API: Đồng bộ iGate]"),
        "{log:?}"
    );
    // The head signs it off on the page; then the office reviews it through the API.
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let v = d["report"]["version"].as_i64().unwrap_or_default().to_string();
    let r = head
        .submit(
            &format!("/reports/{key}"),
            &format!("/reports/{key}/signoff"),
            &[("version", &v), ("decision", "sign")],
        )
        .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let rep = s.store.report(stc, &key, Visibility::Province).await.ok().flatten().unwrap_or_else(|| panic!("report"));
    assert_eq!(rep.status, ReviewState::Submitted);
    let review = format!("/api/v1/reports/{key}/units/{stc}/review");
    let rv = rep.version.to_string();
    assert_eq!(
        focal.post(&review, &json!({"version": rep.version, "decision": "accept"})).await.0,
        StatusCode::FORBIDDEN,
        "a unit never reviews"
    );
    let office = Api::new(&s, &token_for(&s, "vanphong", &["reports:write"]).await).await;
    let (st, p) = office.post(&review, &json!({"version": rep.version, "decision": "maybe"})).await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/decision")));
    let (st, p) = office.post(&review, &json!({"version": rep.version, "decision": "return", "reason": " "})).await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/reason")));
    let ret = json!({"decision": "return", "reason": "Thiếu số liệu tháng"});
    assert_eq!(office.post(&review, &ret).await.0, StatusCode::PRECONDITION_REQUIRED);
    let (st, _) = office.send("POST", &review, Some(&ret), &[("if-match", &(rep.version + 3).to_string())]).await;
    assert_eq!(st, StatusCode::PRECONDITION_FAILED);
    let (st, d) = office.send("POST", &review, Some(&ret), &[("if-match", &rv)]).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(
        (d["report"]["status"].as_str(), d["report"]["return_reason"].as_str()),
        (Some("returned"), Some("Thiếu số liệu tháng"))
    );
    assert!(audited(&s, "report.").await.iter().any(|e| e.actor == "vanphong [API: Đồng bộ iGate]"));

    // A read-only token writes nothing.
    let reader = Api::new(&s, &token_for(&s, "taichinh", &["reports:read"]).await).await;
    let v = d["report"]["version"].as_i64().unwrap_or_default();
    let mut again = body(50.0, false);
    again["version"] = json!(v);
    assert_eq!(reader.send("PUT", &path, Some(&again), &[]).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_report_bodies_get_a_problem_document_and_nothing_is_stored() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_api_json_bytes = 4096;
    let s = start_with(config).await;
    let stc = unit_id(&s, "HT-STC").await;
    let key = format!("{}-plan", cchc_app::tracking::today().format("%Y"));
    let api = Api::new(&s, &token_for(&s, "taichinh", &["reports:write"]).await).await;
    let path = format!("/api/v1/reports/{key}");
    let raw = |body: &'static str| raw(&api, "PUT", &path, body.to_string());
    let (st, p) = raw("{\"narrative\": ").await;
    assert_eq!(st, StatusCode::BAD_REQUEST, "{p}");
    let (st, p) = raw("{\"narrative\": 12}").await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/narrative")));
    let (st, p) = raw("{\"narrative\": \"x\", \"targets\": [{\"target_id\": 1, \"value\": \"nhiều\"}]}").await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/targets/0/value")));
    let (st, p) = raw("{\"narrative\": \"x\", \"noi_dung\": \"y\"}").await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(p["errors"][0]["detail"].as_str().unwrap_or("").contains("noi_dung"), "{p}");
    let dup = json!({"narrative": "x", "targets": [{"target_id": 5, "value": 1}, {"target_id": 5, "value": 2}]});
    let (st, p) = api.send("PUT", &path, Some(&dup), &[]).await;
    assert_eq!(
        (st, p["errors"][0]["pointer"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("/targets/1/target_id"))
    );
    let big = json!({"narrative": "x".repeat(10_000)});
    assert_eq!(api.send("PUT", &path, Some(&big), &[]).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    let (st, p) = api.send("PUT", &path, Some(&json!({"narrative": "x"})), &[("if-match", "4")]).await;
    assert_eq!(st, StatusCode::PRECONDITION_FAILED, "no report yet to match: {p}");
    assert!(s.store.report(stc, &key, Visibility::Unit(stc)).await.unwrap_or_default().is_none(), "nothing stored");
}

#[tokio::test]
async fn a_unit_saves_and_its_head_submits_the_self_assessment() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let stp = unit_id(&s, "HT-STP").await;
    let set_id = {
        let demo = s.store.rounds().await.unwrap_or_default();
        s.store.assessments(demo[0].id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0).set_id
    };
    let d = |m, day| chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
    let round = cchc_storage::model_par::NewRound {
        year: 2026,
        name: "Đợt qua API".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 10),
        explanation_due: d(12, 15),
        approval_due: d(12, 20),
        units: vec![(stc, set_id), (stp, set_id)],
    };
    let actor = cchc_domain::user::Actor::system();
    let r = s.store.create_round(&actor, &round).await.unwrap_or_else(|e| panic!("{e}"));
    let a = s.store.assessments(r.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let other = s.store.assessments(r.id, Visibility::Unit(stp)).await.unwrap_or_default().remove(0);
    let set = s.store.criteria_set(set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    let leaves: Vec<_> = set.leaves().into_iter().filter(|r| !r.component.is_external()).collect();
    // The criterion that needs evidence gets its best score; the others 0.
    let needs = leaves
        .iter()
        .find(|r| r.node.evidence_required && !matches!(r.node.scoring_method(), ScoringMethod::Deduction { .. }))
        .map(|r| r.node)
        .unwrap_or_else(|| panic!("a criterion requiring evidence"));
    let best = needs.scoring_method().allowed_scores(needs.max).and_then(|l| l.into_iter().max()).unwrap_or(needs.max);
    let scores: Vec<Value> = leaves
        .iter()
        .map(|l| {
            let points = if l.node.code == needs.code { best.as_f64() } else { 0.0 };
            json!({"code": l.node.code, "points": points, "note": format!("Văn bản số {}/STC", l.node.code)})
        })
        .collect();

    // The round's results name each assessment and its version, for writing.
    let focal = Api::new(&s, &token_for(&s, "taichinh", &["par:write"]).await).await;
    let (_, res) = focal.get(&format!("/api/v1/par/rounds/{}", r.id)).await;
    let line = res["lines"].as_array().and_then(|l| l.iter().find(|x| x["unit_id"] == stc).cloned());
    let line = line.unwrap_or_else(|| panic!("{res}"));
    assert_eq!((line["assessment_id"].as_i64(), line["version"].as_i64()), (Some(a.id), Some(a.version)));
    let path = format!("/api/v1/par/assessments/{}/self", a.id);
    let body = json!({"version": a.version, "scores": scores});
    // Another unit's assessment is not found; a focal point may not submit; no version: 428.
    let theirs = format!("/api/v1/par/assessments/{}/self", other.id);
    assert_eq!(focal.post(&theirs, &json!({"version": other.version, "scores": []})).await.0, StatusCode::NOT_FOUND);
    let mut submit = body.clone();
    submit["submit"] = json!(true);
    assert_eq!(focal.post(&path, &submit).await.0, StatusCode::FORBIDDEN);
    assert_eq!(focal.post(&path, &json!({"scores": []})).await.0, StatusCode::PRECONDITION_REQUIRED);
    // A score beyond the criterion's maximum, or an unknown criterion: 422 at the score, nothing stored.
    let bad = json!({"version": a.version, "scores": [
        {"code": leaves[0].node.code, "points": 0},
        {"code": leaves[1].node.code, "points": leaves[1].node.max.as_f64() + 5.0},
        {"code": "Z.99", "points": 0}]});
    let (st, p) = focal.post(&path, &bad).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let pointers: Vec<&str> =
        p["errors"].as_array().map(|e| e.iter().filter_map(|x| x["pointer"].as_str()).collect()).unwrap_or_default();
    assert!(pointers.contains(&"/scores/1/points") && pointers.contains(&"/scores/2/points"), "{p}");
    let scored = s.store.scores(a.id, Visibility::Unit(stc)).await.unwrap_or_default();
    assert!(scored.iter().all(|x| x.score.self_mark.is_none()), "nothing stored");

    // Saved by the focal point, with the notes naming the evidence; audited with the token.
    let (st, saved) = focal
        .send("POST", &path, Some(&json!({"scores": body["scores"]})), &[("if-match", &a.version.to_string())])
        .await;
    assert_eq!((st, saved["status"].as_str()), (StatusCode::OK, Some("draft")), "{saved}");
    let scored = s.store.scores(a.id, Visibility::Unit(stc)).await.unwrap_or_default();
    assert_eq!(scored.iter().filter(|x| x.score.self_mark.is_some()).count(), leaves.len());
    assert!(scored.iter().any(|x| x.score.self_note.contains("/STC")), "{scored:?}");
    assert!(audited(&s, "par.").await.iter().any(|e| e.actor == "taichinh [API: Đồng bộ iGate]"));
    // The old version is refused; the head submits with the new one.
    assert_eq!(focal.post(&path, &body).await.0, StatusCode::CONFLICT);
    let head = Api::new(&s, &token_for(&s, "giamdoc.taichinh", &["par:write"]).await).await;
    let v = saved["version"].as_i64().unwrap_or_default();
    let submit = json!({"version": v, "scores": [], "submit": true});
    // Without the evidence its criterion requires, the submission lists the gap; scores kept.
    let (st, p) = head.post(&path, &submit).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    assert!(
        p["errors"].as_array().is_some_and(|e| e
            .iter()
            .any(|x| x["pointer"] == "/scores" && x["detail"].as_str().is_some_and(|d| d.contains("kiểm chứng")))),
        "{p}"
    );
    let now = s.store.assessment(a.id, Visibility::Unit(stc)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(now.status, ReviewState::Draft);
    // With the evidence uploaded on the page, the head submits with the current version.
    let page = format!("/par/assessments/{}", a.id);
    let browser = Browser::login(&s, "taichinh").await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", browser.csrf(&page).await)
        .text("codes", needs.code.clone())
        .part("file", reqwest::multipart::Part::bytes(b"%PDF-1.4 quyet dinh".to_vec()).file_name("quyet-dinh.pdf"));
    let r = browser.client.post(format!("{}{page}/evidence", browser.base)).multipart(form).send().await;
    assert_eq!(r.map(|r| r.status()).ok(), Some(StatusCode::SEE_OTHER));
    let v = s.store.assessment(a.id, Visibility::Unit(stc)).await.map(|a| a.version).unwrap_or_default();
    let (st, done) = head.post(&path, &json!({"version": v, "scores": [], "submit": true})).await;
    assert_eq!((st, done["status"].as_str()), (StatusCode::OK, Some("submitted")), "{done}");
    assert!(audited(&s, "par.").await.iter().any(|e| e.actor == "giamdoc.taichinh [API: Đồng bộ iGate]"));
}

#[tokio::test]
async fn paper_questionnaires_are_posted_with_the_sheet_imports_checks() {
    let s = start().await;
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let q = s.store.questionnaire(c.questionnaire_id).await.unwrap_or_else(|e| panic!("{e}")).questionnaire;
    let sheet = |code: &str, scale: &str| -> Value {
        let answers: Vec<Value> = q
            .sections
            .iter()
            .flat_map(|s| &s.questions)
            .filter_map(|x| {
                let v = match &x.kind {
                    QuestionKind::Scale5 => scale.to_string(),
                    QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                        options[0].code.clone()
                    }
                    QuestionKind::Number { .. } => "40".to_string(),
                    QuestionKind::Text { .. } => return None,
                };
                Some(json!({"question": x.code, "value": v}))
            })
            .collect();
        json!({"code": code, "unit": "HT-STC", "date": "05/12/2026", "answers": answers})
    };
    let count = || async {
        let n = s.store.response_counts(c.id).await.unwrap_or_default();
        n.accepted.iter().map(|(_, k)| k).sum::<i64>()
    };
    let before = count().await;
    let path = format!("/api/v1/sipas/campaigns/{}/paper", c.id);
    let office = Api::new(&s, &token_for(&s, "vanphong", &["sipas:write"]).await).await;
    let mut unknown = sheet("A-4", "4");
    if let Some(a) = unknown["answers"].as_array_mut() {
        a.push(json!({"question": "KHONG-CO", "value": "1"}));
    }
    let batch = |all: bool| json!({"all_or_nothing": all, "questionnaires": [sheet("A-1", "4"), sheet("A-2", "9"), sheet("A-3", "5"), unknown.clone()]});
    // All or nothing: one bad row refuses the batch, each bad one named.
    let (st, p) = office.post(&path, &batch(true)).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{p}");
    let pointers: Vec<&str> =
        p["errors"].as_array().map(|e| e.iter().filter_map(|x| x["pointer"].as_str()).collect()).unwrap_or_default();
    assert!(pointers.contains(&"/questionnaires/3"), "{p}");
    assert_eq!(count().await, before, "nothing stored");
    // Per row: the good ones stored, each answered; the same rows again are duplicates.
    let (st, d) = office.post(&path, &batch(false)).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(d["stored"], 2);
    let accepted: Vec<bool> =
        d["rows"].as_array().map(|r| r.iter().map(|x| x["accepted"] == true).collect()).unwrap_or_default();
    assert_eq!(accepted, vec![true, false, true, false], "{d}");
    assert!(d["rows"][1]["reason"].is_string());
    assert_eq!(count().await, before + 2);
    let (_, d) = office.post(&path, &json!({"all_or_nothing": false, "questionnaires": [sheet("A-1", "4")]})).await;
    assert_eq!((d["stored"].as_i64(), d["rows"][0]["accepted"].as_bool()), (Some(0), Some(false)), "{d}");
    assert!(audited(&s, "sipas.").await.iter().any(|e| e.actor == "vanphong [API: Đồng bộ iGate]"));
    // Wrong types and unknown fields are refused at their field; a unit's token may not write.
    let (st, p) = office.post(&path, &json!({"all_or_nothing": "có", "questionnaires": []})).await;
    assert_eq!((st, p["errors"][0]["pointer"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("/all_or_nothing")));
    let (st, _) = office.post(&path, &json!({"all_or_nothing": true, "questionnaires": [], "x": 1})).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    let unit = Api::new(&s, &token_for(&s, "taichinh", &["sipas:write"]).await).await;
    assert_eq!(unit.post(&path, &batch(false)).await.0, StatusCode::FORBIDDEN);
    let reader = Api::new(&s, &token_for(&s, "vanphong", &["sipas:read"]).await).await;
    assert_eq!(reader.post(&path, &batch(false)).await.0, StatusCode::FORBIDDEN);
    assert_eq!(count().await, before + 2);
}

#[tokio::test]
async fn bad_par_and_sipas_bodies_get_a_problem_document_and_nothing_is_stored() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_api_json_bytes = 4096;
    let s = start_with(config).await;
    let stc = unit_id(&s, "HT-STC").await;
    let round = s.store.rounds().await.unwrap_or_default().remove(0);
    let a = s.store.assessments(round.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let c = s.store.campaigns().await.unwrap_or_default().remove(0);
    let par = Api::new(&s, &token_for(&s, "taichinh", &["par:write"]).await).await;
    let sipas = Api::new(&s, &token_for(&s, "vanphong", &["sipas:write"]).await).await;
    let responses = || async {
        let n = s.store.response_counts(c.id).await.unwrap_or_default();
        n.accepted.iter().map(|(_, k)| k).sum::<i64>() + n.rejected.iter().map(|(_, k)| k).sum::<i64>()
    };
    let before = responses().await;
    let cases = [
        (
            &par,
            format!("/api/v1/par/assessments/{}/self", a.id),
            "/scores/0/points",
            r#"{"version": 1, "scores": [{"code": "1.1", "points": "nửa"}]}"#,
        ),
        (
            &sipas,
            format!("/api/v1/sipas/campaigns/{}/paper", c.id),
            "/questionnaires/0/answers",
            r#"{"all_or_nothing": true, "questionnaires": [{"code": "P", "unit": "HT-STC", "date": "05/12/2026", "answers": 4}]}"#,
        ),
    ];
    for (api, path, pointer, wrong_type) in cases {
        let raw = |body: String| raw(api, "POST", &path, body);
        let (st, p) = raw("{\"version\": ".into()).await;
        assert_eq!(st, StatusCode::BAD_REQUEST, "{path}: {p}");
        let (st, p) = raw(wrong_type.into()).await;
        assert_eq!(
            (st, p["errors"][0]["pointer"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(pointer)),
            "{path}: {p}"
        );
        let (st, p) = raw("{\"khac\": 1}".into()).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {p}");
        let (st, p) = raw(format!("{{\"x\": \"{}\"}}", "x".repeat(10_000))).await;
        assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE, "{path}: {p}");
    }
    let after = s.store.assessment(a.id, Visibility::Unit(stc)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.version, a.version, "nothing stored");
    assert_eq!(responses().await, before, "nothing stored");
}
