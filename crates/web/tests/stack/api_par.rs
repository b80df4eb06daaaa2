//! The PAR workflow through the API end to end, by the pages' own app functions: the unit reads
//! its assessment, scores it, uploads evidence (multipart, checked as on the page) and links a
//! document; the head submits, withdraws and submits again; the assigned appraiser adjusts a
//! score (a reason required) and returns another for explanation with a due date; the unit
//! explains; the head resubmits; the appraiser accepts; the office records the council's
//! approval; the ranking is published. Scoping as on the pages; bad input answered with a
//! problem document at its field and nothing stored; every write audited with the token's name;
//! every answer checked against the OpenAPI document.

use cchc_domain::review::ReviewState;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, NewRound};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::api::{token_for, Api};
use crate::harness::{start, start_with, unit_id, Server};
use crate::par::pick;

const PDF: &[u8] = b"%PDF-1.4 quyet dinh";

/// A round of the finance department alone, dated from today, appraised by `thamdinh`.
async fn finance_round(s: &Server) -> (i64, Assessment) {
    let stc = unit_id(s, "HT-STC").await;
    let demo = s.store.rounds().await.unwrap_or_default();
    let set_id = s.store.assessments(demo[0].id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0).set_id;
    let day = |n| cchc_app::tracking::today() + chrono::Duration::days(n);
    let round = NewRound {
        year: 2026,
        name: "Đợt qua API".into(),
        self_due: day(10),
        appraisal_due: day(20),
        explanation_due: day(30),
        approval_due: day(40),
        units: vec![(stc, set_id)],
    };
    let actor = cchc_domain::user::Actor::system();
    let r = s.store.create_round(&actor, &round).await.unwrap_or_else(|e| panic!("{e}"));
    let a = s.store.assessments(r.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0);
    let users = s.store.list_users().await.unwrap_or_default();
    let appraiser = users.iter().find(|u| u.login == "thamdinh").map(|u| u.id);
    let a = s.store.assign_appraiser(&actor, a.id, appraiser).await.unwrap_or_else(|e| panic!("{e}"));
    (r.id, a)
}

/// A multipart upload as the API client sends it, read (and checked) as every answer is.
async fn upload(api: &Api, path: &str, form: Form, headers: &[(&str, &str)]) -> (StatusCode, Value) {
    let mut req = api.client.post(format!("{}{path}", api.base)).bearer_auth(&api.token).multipart(form);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    api.read("POST", path, req.send().await.unwrap_or_else(|e| panic!("{e}"))).await
}

fn file_form(codes: &[&str], name: &str, bytes: &[u8]) -> Form {
    let mut f = Form::new();
    for c in codes {
        f = f.text("codes", c.to_string());
    }
    f.part("file", Part::bytes(bytes.to_vec()).file_name(name.to_string()))
}

fn pointers(p: &Value) -> Vec<String> {
    p["errors"]
        .as_array()
        .map(|e| e.iter().filter_map(|x| x["pointer"].as_str().map(String::from)).collect())
        .unwrap_or_default()
}

async fn now(s: &Server, id: i64) -> Assessment {
    s.store.assessment(id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"))
}

async fn par_audit(s: &Server) -> Vec<cchc_domain::audit::AuditEntry> {
    let f = cchc_storage::model::AuditFilter { action: Some("par.".into()), limit: Some(100), ..Default::default() };
    s.store.list_audit(&f).await.unwrap_or_default()
}

#[tokio::test]
async fn the_whole_par_workflow_runs_through_the_api() {
    let s = start().await;
    let (round, a) = finance_round(&s).await;
    let (c1, c2) = pick(&s, a.set_id).await;
    let scopes = ["par:read", "par:write"];
    let focal = Api::new(&s, &token_for(&s, "taichinh", &scopes).await).await;
    let head = Api::new(&s, &token_for(&s, "giamdoc.taichinh", &scopes).await).await;
    let appraiser = Api::new(&s, &token_for(&s, "thamdinh", &scopes).await).await;
    let office = Api::new(&s, &token_for(&s, "vanphong", &scopes).await).await;
    let leader = Api::new(&s, &token_for(&s, "lanhdao", &scopes).await).await;
    let path = format!("/api/v1/par/assessments/{}", a.id);

    // The unit reads its form: every criterion, nothing scored yet, what it may do.
    let (st, d) = focal.get(&path).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    let set = s.store.criteria_set(a.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    assert_eq!(d["criteria"].as_array().map(Vec::len), Some(set.leaves().len()));
    assert_eq!((d["self_total"].as_f64(), d["assessment"]["status"].as_str()), (Some(0.0), Some("draft")));
    assert_eq!(d["actions"], json!(["save_self", "add_evidence"]));
    // Before approval the leader reads nothing of it.
    assert_eq!(leader.get(&path).await.0, StatusCode::NOT_FOUND);

    // Scores: c1 its best, the others 0.
    let best = |code: &str| {
        let n = set.find(code).unwrap_or_else(|| panic!("{code}"));
        n.scoring_method().allowed_scores(n.max).and_then(|l| l.into_iter().max()).unwrap_or(n.max).as_f64()
    };
    let scores: Vec<Value> = set
        .leaves()
        .iter()
        .filter(|r| !r.component.is_external())
        .map(|r| json!({"code": r.node.code, "points": if r.node.code == c1 { best(&c1) } else { 0.0 }}))
        .collect();
    let (st, saved) = focal.post(&format!("{path}/self"), &json!({"version": a.version, "scores": scores})).await;
    assert_eq!(st, StatusCode::OK, "{saved}");

    // Evidence: a file for c1 (multipart), a document by number and date for c2.
    let (st, up) = upload(&focal, &format!("{path}/evidence"), file_form(&[&c1], "quyet-dinh.pdf", PDF), &[]).await;
    assert_eq!(st, StatusCode::OK, "{up}");
    assert_eq!(up["items"][0]["codes"], json!([c1]));
    let doc =
        json!({"code": c2, "document": {"number": "12/KH-STC", "date": "2026-03-05", "summary": "Kế hoạch CCHC"}});
    let (st, link) = focal.post(&format!("{path}/links"), &doc).await;
    assert_eq!(st, StatusCode::OK, "{link}");
    assert!(
        link["description"].as_str().is_some_and(|t| t.contains("12/KH-STC") && t.contains("05/03/2026")),
        "{link}"
    );
    let (_, d) = focal.get(&path).await;
    let crit = |d: &Value, code: &str| {
        d["criteria"].as_array().and_then(|c| c.iter().find(|x| x["code"] == code).cloned()).unwrap_or_default()
    };
    assert_eq!(crit(&d, &c1)["evidence_ids"], json!([up["items"][0]["id"]]));
    assert_eq!(crit(&d, &c2)["link_ids"], json!([link["id"]]));
    assert_eq!(d["self_total"].as_f64(), Some(best(&c1)), "the running total");

    // The head submits (a focal point may not), withdraws before any appraisal, submits again.
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    assert_eq!(focal.post(&format!("{path}/submit"), &json!({"version": v})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(head.post(&format!("{path}/submit"), &json!({})).await.0, StatusCode::PRECONDITION_REQUIRED);
    let (st, d) = head.post(&format!("{path}/submit"), &json!({"version": v})).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("submitted")), "{d}");
    assert_eq!(d["actions"], json!(["withdraw"]));
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    let (st, d) =
        head.send("POST", &format!("{path}/withdraw"), Some(&json!({})), &[("if-match", &v.to_string())]).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("draft")), "{d}");
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    let (_, d) = head.post(&format!("{path}/submit"), &json!({"version": v})).await;
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();

    // The appraiser: an adjustment needs a reason; a bad decision stores nothing.
    let (_, seen) = appraiser.get(&path).await;
    assert_eq!(seen["actions"], json!(["appraise"]), "{seen}");
    let ap = format!("{path}/appraisal");
    let (st, p) = appraiser.post(&ap, &json!({"version": v, "marks": [{"code": c1, "points": 0}]})).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/marks/0".to_string()]), "{p}");
    let marks =
        json!([{"code": c1, "points": 0, "reason": "Thiếu quyết định ban hành"}, {"code": c2, "explain": true}]);
    let (st, p) = appraiser.post(&ap, &json!({"version": v, "marks": marks, "decision": "maybe"})).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/decision".to_string()]), "{p}");
    let (st, p) = appraiser.post(&ap, &json!({"version": v, "marks": marks, "decision": "return"})).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/reason".to_string()]), "{p}");
    assert_eq!(now(&s, a.id).await.version, v, "nothing stored");
    let due = (cchc_app::tracking::today() + chrono::Duration::days(5)).format("%Y-%m-%d").to_string();
    let ret = json!({"version": v, "marks": marks, "decision": "return", "reason": "Bổ sung văn bản", "due": due});
    let (st, d) = appraiser.post(&ap, &ret).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("returned")), "{d}");
    let dd = (cchc_app::tracking::today() + chrono::Duration::days(5)).format("%d/%m/%Y").to_string();
    assert!(d["assessment"]["return_reason"].as_str().is_some_and(|r| r.contains(&dd)), "{d}");
    assert_eq!(
        (crit(&d, &c1)["appraised_mark"]["points"].as_f64(), crit(&d, &c2)["explain_requested"].as_bool()),
        (Some(0.0), Some(true))
    );
    // Withdrawing once the appraisal has started is refused.
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    assert_eq!(head.post(&format!("{path}/withdraw"), &json!({"version": v})).await.0, StatusCode::CONFLICT);

    // The unit explains c2 (c1 was not asked), its head submits again, the appraiser accepts.
    let (_, d) = focal.get(&path).await;
    assert!(d["actions"].as_array().is_some_and(|a| a.contains(&json!("explain"))), "{d}");
    let ex = format!("{path}/explanations");
    let wrong = json!({"version": v, "explanations": [{"code": c1, "text": "x"}]});
    let (st, p) = focal.post(&ex, &wrong).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/explanations/0/code".to_string()]), "{p}");
    let answer = json!({"version": v, "explanations": [{"code": c2, "text": "Đã có Kế hoạch số 12/KH-STC"}]});
    let (st, d) = focal.post(&ex, &answer).await;
    assert_eq!(st, StatusCode::OK, "{d}");
    assert_eq!(crit(&d, &c2)["explanation"], "Đã có Kế hoạch số 12/KH-STC");
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    let (st, d) = head.post(&format!("{path}/submit"), &json!({"version": v})).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("submitted")), "{d}");
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    let (st, d) = appraiser.post(&ap, &json!({"version": v, "decision": "accept"})).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("accepted")), "{d}");

    // The council's approval, recorded by the office with the round's version.
    let approve = format!("/api/v1/par/rounds/{round}/approve");
    let (_, r) = office.get(&format!("/api/v1/par/rounds/{round}")).await;
    let rv = r["round"]["version"].as_i64().unwrap_or_default();
    assert_eq!(focal.post(&approve, &json!({"version": rv})).await.0, StatusCode::FORBIDDEN);
    assert_eq!(office.post(&approve, &json!({})).await.0, StatusCode::PRECONDITION_REQUIRED);
    let stale = (rv + 1).to_string();
    assert_eq!(
        office.send("POST", &approve, Some(&json!({})), &[("if-match", &stale)]).await.0,
        StatusCode::PRECONDITION_FAILED
    );
    let (_, ranking) = leader.get(&format!("/api/v1/par/rounds/{round}/ranking")).await;
    assert_eq!((ranking["published"].as_bool(), ranking["groups"].as_array().map(Vec::len)), (Some(false), Some(0)));
    let (st, r) = office.post(&approve, &json!({"version": rv})).await;
    assert_eq!(st, StatusCode::OK, "{r}");
    assert!(r["approved_on"].is_string(), "{r}");

    // Published: the leader reads the ranking (the unit first in its group) and the assessment.
    let (st, ranking) = leader.get(&format!("/api/v1/par/rounds/{round}/ranking")).await;
    assert_eq!((st, ranking["published"].as_bool()), (StatusCode::OK, Some(true)), "{ranking}");
    let stc = unit_id(&s, "HT-STC").await;
    let unit = ranking["groups"]
        .as_array()
        .and_then(|g| {
            g.iter().flat_map(|g| g["units"].as_array().cloned().unwrap_or_default()).find(|u| u["unit_id"] == stc)
        })
        .unwrap_or_else(|| panic!("{ranking}"));
    assert_eq!((unit["rank"].as_u64(), unit["tied"].as_bool()), (Some(1), Some(false)), "{unit}");
    let areas: Vec<&str> =
        unit["areas"].as_array().map(|a| a.iter().filter_map(|x| x["code"].as_str()).collect()).unwrap_or_default();
    assert_eq!(areas, set.areas.iter().map(|n| n.code.as_str()).collect::<Vec<_>>(), "{unit}");
    let (st, d) = leader.get(&path).await;
    assert_eq!((st, d["rank"].as_u64(), d["round_approved"].as_bool()), (StatusCode::OK, Some(1), Some(true)), "{d}");
    assert_eq!(d["actions"], json!([]));

    // Each step audited with the token's name.
    let log = par_audit(&s).await;
    for (login, action) in [
        ("taichinh", "par.self_score"),
        ("taichinh", "par.explain"),
        ("giamdoc.taichinh", "par.submit"),
        ("thamdinh", "par.appraise"),
        ("vanphong", "par.round.approve"),
    ] {
        let actor = format!("{login} [API: Đồng bộ iGate]");
        assert!(
            log.iter().any(|e| e.actor == actor && e.action.starts_with(action)),
            "{actor} {action}: {:?}",
            log.iter().map(|e| (&e.actor, &e.action)).collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn each_reader_sees_the_assessments_the_pages_show_them() {
    let s = start().await;
    let (_, x, y) = crate::par::small_round(&s).await;
    let read = ["par:read"];
    let path = |a: &Assessment| format!("/api/v1/par/assessments/{}", a.id);
    // A unit: its own only, with ETag and 304.
    let focal = Api::new(&s, &token_for(&s, "taichinh", &read).await).await;
    let r = focal.client.get(format!("{}{}", s.base, path(&x))).bearer_auth(&focal.token).send().await;
    let r = r.unwrap_or_else(|e| panic!("{e}"));
    let etag = r.headers().get("etag").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert_eq!(focal.read("GET", &path(&x), r).await.0, StatusCode::OK);
    assert!(!etag.is_empty());
    assert_eq!(focal.send("GET", &path(&x), None, &[("if-none-match", &etag)]).await.0, StatusCode::NOT_MODIFIED);
    assert_eq!(focal.get(&path(&y)).await.0, StatusCode::NOT_FOUND, "another unit's draft");
    let justice = Api::new(&s, &token_for(&s, "tuphap", &read).await).await;
    assert_eq!(justice.get(&path(&x)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(justice.get(&path(&y)).await.0, StatusCode::OK);
    // The appraiser: the unit assigned to them only; the office every one; the leader none before approval.
    let appraiser = Api::new(&s, &token_for(&s, "thamdinh", &read).await).await;
    assert_eq!(appraiser.get(&path(&x)).await.0, StatusCode::OK);
    assert_eq!(appraiser.get(&path(&y)).await.0, StatusCode::NOT_FOUND);
    let office = Api::new(&s, &token_for(&s, "vanphong", &read).await).await;
    assert_eq!(office.get(&path(&y)).await.0, StatusCode::OK);
    let leader = Api::new(&s, &token_for(&s, "lanhdao", &read).await).await;
    assert_eq!(leader.get(&path(&x)).await.0, StatusCode::NOT_FOUND);
    // A token without the PAR scope reads nothing.
    let tasks = Api::new(&s, &token_for(&s, "taichinh", &["tasks:read"]).await).await;
    assert_eq!(tasks.get(&path(&x)).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn bad_evidence_and_bodies_get_a_problem_document_and_nothing_is_stored() {
    let mut config = cchc_app::config::Config::default();
    config.limits.max_upload_bytes = 64 * 1024;
    let s = start_with(config).await;
    let (_, a) = finance_round(&s).await;
    let (c1, _) = pick(&s, a.set_id).await;
    let stp = unit_id(&s, "HT-STP").await;
    let theirs = crate::par_links::task_file(&s, stp, "ke-hoach-tu-phap.pdf").await;
    let focal = Api::new(&s, &token_for(&s, "taichinh", &["par:write"]).await).await;
    let path = format!("/api/v1/par/assessments/{}", a.id);
    let ev = format!("{path}/evidence");
    // Files: wrong type, content not matching its name, oversized, no criterion, unknown criterion, stale version.
    let cases: Vec<(Form, StatusCode, Vec<&str>)> = vec![
        (file_form(&[&c1], "chay.exe", b"MZ\x90\x00"), StatusCode::UNPROCESSABLE_ENTITY, vec!["/file/0"]),
        (file_form(&[&c1], "gia.pdf", b"khong phai pdf"), StatusCode::UNPROCESSABLE_ENTITY, vec!["/file/0"]),
        (
            file_form(&[&c1], "lon.pdf", &[b"%PDF-1.4 ".as_slice(), &vec![b'x'; 70 * 1024]].concat()),
            StatusCode::PAYLOAD_TOO_LARGE,
            vec![],
        ),
        (file_form(&[], "quyet-dinh.pdf", PDF), StatusCode::UNPROCESSABLE_ENTITY, vec!["/codes"]),
        (file_form(&["Z.99"], "quyet-dinh.pdf", PDF), StatusCode::UNPROCESSABLE_ENTITY, vec!["/codes/0"]),
        (Form::new().text("codes", c1.clone()), StatusCode::UNPROCESSABLE_ENTITY, vec!["/file"]),
    ];
    for (form, status, want) in cases {
        let (st, p) = upload(&focal, &ev, form, &[]).await;
        assert_eq!(st, status, "{p}");
        assert_eq!(pointers(&p), want.iter().map(|x| x.to_string()).collect::<Vec<_>>(), "{p}");
    }
    let stale = (a.version + 1).to_string();
    let (st, _) = upload(&focal, &ev, file_form(&[&c1], "quyet-dinh.pdf", PDF), &[("if-match", &stale)]).await;
    assert_eq!(st, StatusCode::PRECONDITION_FAILED);
    let (st, p) = focal.post(&ev, &json!({"codes": [c1], "file": "x"})).await;
    assert_eq!(st, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{p}");
    // Links: another unit's task file, a date not ISO, neither kind, an unknown field, a wrong type.
    let links = format!("{path}/links");
    for (body, pointer) in [
        (json!({"code": c1, "task_file_id": theirs}), "/task_file_id"),
        (json!({"code": c1, "document": {"number": "12/KH", "date": "05/03/2026"}}), "/document/date"),
        (json!({"code": c1}), "/task_file_id"),
        (json!({"code": "Z.99", "document": {"number": "12/KH", "date": "2026-03-05"}}), "/code"),
        (json!({"code": c1, "document": {"number": 12, "date": "2026-03-05"}}), "/document/number"),
        (json!({"code": c1, "tep": 1}), ""),
    ] {
        let (st, p) = focal.post(&links, &body).await;
        assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {p}");
        if !pointer.is_empty() {
            assert!(pointers(&p).contains(&pointer.to_string()), "{body}: {p}");
        }
    }
    // Review steps: wrong types, unknown fields, stale versions.
    let v = a.version;
    let head = Api::new(&s, &token_for(&s, "giamdoc.taichinh", &["par:write"]).await).await;
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    for (api, route, body, status) in [
        (&head, "submit", json!({"version": "một"}), unprocessable),
        (&head, "withdraw", json!({"version": v + 1}), StatusCode::CONFLICT),
        (&focal, "explanations", json!({"version": v, "explanations": [{"code": c1}]}), unprocessable),
        (&focal, "explanations", json!({"version": v, "explanations": [], "x": 1}), unprocessable),
        (&focal, "explanations", json!({"version": v + 1, "explanations": []}), StatusCode::CONFLICT),
    ] {
        let (st, p) = api.post(&format!("{path}/{route}"), &body).await;
        assert_eq!(st, status, "{route} {body}: {p}");
    }
    let after = now(&s, a.id).await;
    assert_eq!((after.version, after.status), (a.version, ReviewState::Draft), "nothing stored");
    assert!(s.store.par_evidence(a.id, Visibility::Province).await.unwrap_or_default().is_empty());
    assert!(s.store.par_links(a.id, Visibility::Province).await.unwrap_or_default().is_empty());
    // In English on request.
    let (_, p) = focal.send("POST", &links, Some(&json!({"code": c1})), &[("accept-language", "en")]).await;
    assert_eq!(p["errors"][0]["detail"], "Give exactly one of task_file_id (a task's file) or document.");
}

#[tokio::test]
async fn an_area_appraiser_marks_and_returns_their_areas_criteria_only() {
    let s = start().await;
    let demo = s.store.rounds().await.unwrap_or_default().remove(0);
    let (round, x, y) = crate::par::small_round(&s).await;
    let (mine, theirs) =
        (crate::par_areas::leaf_in(&s, y.set_id, "1").await, crate::par_areas::leaf_in(&s, y.set_id, "2").await);
    crate::par_areas::submitted(&s, y.id, &[mine.clone(), theirs.clone()]).await;
    let actor = cchc_domain::user::Actor::system();
    let user = crate::par_areas::area_appraiser(&s).await;
    s.store.assign_area_appraiser(&actor, round, user.id, &["1".to_string()]).await.unwrap_or_else(|e| panic!("{e}"));
    let me = Api::new(&s, &token_for(&s, "td.linhvuc", &["par:read", "par:write"]).await).await;
    // Every submitted unit of the round, not a draft, nothing of another round.
    let path = format!("/api/v1/par/assessments/{}", y.id);
    let (st, d) = me.get(&path).await;
    assert_eq!((st, d["actions"].clone()), (StatusCode::OK, json!(["appraise"])), "{d}");
    assert_eq!(me.get(&format!("/api/v1/par/assessments/{}", x.id)).await.0, StatusCode::NOT_FOUND, "a draft");
    let foreign = s.store.assessments(demo.id, Visibility::Province).await.unwrap_or_default().remove(0);
    assert_eq!(me.get(&format!("/api/v1/par/assessments/{}", foreign.id)).await.0, StatusCode::NOT_FOUND);
    // A criterion of another area is refused by name; nothing stored.
    let v = d["assessment"]["version"].as_i64().unwrap_or_default();
    let ap = format!("{path}/appraisal");
    let (st, p) = me.post(&ap, &json!({"version": v, "marks": [{"code": theirs, "explain": true}]})).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/marks/0".to_string()]), "{p}");
    assert!(p["errors"][0]["detail"].as_str().is_some_and(|d| d.contains("không thuộc lĩnh vực")), "{p}");
    assert_eq!(now(&s, y.id).await.version, v, "nothing stored");
    // Accepting the whole assessment is the unit's appraiser's or the office's.
    let (st, p) = me.post(&ap, &json!({"version": v, "decision": "accept"})).await;
    assert_eq!((st, pointers(&p)), (StatusCode::UNPROCESSABLE_ENTITY, vec!["/decision".to_string()]), "{p}");
    assert_eq!(now(&s, y.id).await.status, ReviewState::Submitted);
    // Their own area's criterion returned for explanation.
    let v = now(&s, y.id).await.version;
    let ret = json!({"version": v, "marks": [{"code": mine, "explain": true}], "decision": "return", "reason": "Bổ sung kế hoạch"});
    let (st, d) = me.post(&ap, &ret).await;
    assert_eq!((st, d["assessment"]["status"].as_str()), (StatusCode::OK, Some("returned")), "{d}");
    let log = par_audit(&s).await;
    assert!(log.iter().any(|e| e.actor == "td.linhvuc [API: Đồng bộ iGate]" && e.action == "par.return"), "{log:?}");
}
