//! The tracking loop end to end: a focal point reports with evidence, the office returns it,
//! the unit reports again, the office accepts, the dashboard changes; units see only their
//! own work and evidence.

use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};

/// A one-off instance led by Sở Tài chính (HT-STC) in the demo's seed plan that nobody has
/// touched yet (the demo's year has started or finished the others).
pub(crate) async fn stc_instance(s: &crate::harness::Server) -> cchc_storage::model::InstanceRecord {
    let stc = unit_id(s, "HT-STC").await;
    let f = cchc_storage::model::InstanceFilter {
        unit_id: Some(stc),
        lead_only: true,
        active_only: true,
        ..Default::default()
    };
    let all = s.store.list_instances(&f).await.unwrap_or_default();
    all.into_iter()
        .find(|i| i.key == "once" && i.progress.state == cchc_domain::tracking::TaskState::NotStarted)
        .unwrap_or_else(|| panic!("the demo gives Sở Tài chính an untouched one-off task"))
}

pub(crate) async fn act(b: &Browser, id: i64, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> reqwest::Response {
    let page = b.text(&format!("/tasks/{id}")).await.1;
    let token = crate::harness::csrf_in(&page).unwrap_or_else(|| panic!("no form on the task page"));
    let version =
        page.split("name=\"version\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or("0").to_string();
    let mut form = reqwest::multipart::Form::new().text("_csrf", token).text("version", version);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, bytes) in files {
        form = form.part("file", reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_string()));
    }
    b.client.post(format!("{}/tasks/{id}/act", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

#[tokio::test]
async fn report_return_resubmit_accept() {
    let s = start().await;
    // The focal point's done claims go straight to the office here (sign-off: `task_signoff.rs`).
    crate::task_signoff::task_signoff_required(&s, false).await;
    let inst = stc_instance(&s).await;
    let focal = Browser::login(&s, "taichinh").await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, before) = office.text("/").await;
    let accepted_before =
        s.store.state_counts(&Default::default(), cchc_app::tracking::today()).await.unwrap_or_default().accepted;

    // The focal point sees the task on its list and reports it done with a PDF.
    let (_, list) = focal.text("/tasks").await;
    assert!(list.contains(&format!("/tasks/{}", inst.id)));
    let r = act(
        &focal,
        inst.id,
        &[("action", "report_done"), ("outputs", "Kế hoạch số 15/KH-STC")],
        &[("ke-hoach.pdf", b"%PDF-1.7 minh chung")],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{:?}", r.text().await);
    let (_, page) = focal.text(&format!("/tasks/{}", inst.id)).await;
    assert!(page.contains("Chờ xem xét") || page.contains("Đã báo cáo"), "state shown");
    let link = page
        .split("href=\"/evidence/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("evidence link"))
        .to_string();
    let file = focal.get(&format!("/evidence/{link}")).await;
    assert_eq!(file.status(), StatusCode::OK);
    assert!(file
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .contains("attachment"));
    assert_eq!(file.bytes().await.unwrap_or_default().as_ref(), b"%PDF-1.7 minh chung");
    // Another unit neither sees the task nor its evidence.
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&format!("/tasks/{}", inst.id)).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/evidence/{link}")).await.status(), StatusCode::NOT_FOUND);
    let (_, their_list) = other.text("/tasks").await;
    assert!(!their_list.contains(&format!("/tasks/{}\"", inst.id)));
    assert_eq!(
        Browser::new(&s).get(&format!("/evidence/{link}")).await.status(),
        StatusCode::SEE_OTHER,
        "anonymous: login"
    );

    // The office returns it with a reason; the unit sees the reason.
    let r = act(&office, inst.id, &[("action", "return"), ("reason", "Thiếu quyết định phê duyệt")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let (_, page) = focal.text(&format!("/tasks/{}", inst.id)).await;
    assert!(page.contains("Thiếu quyết định phê duyệt"));
    // A return without a reason is refused.
    let r = act(&office, inst.id, &[("action", "return"), ("reason", " ")], &[]).await;
    assert!(r.status().is_client_error());

    // The unit resubmits (with a real Word document: evidence containers are opened); the
    // office accepts.
    let docx = cchc_table::crafted::zip_of(&[
        ("[Content_Types].xml".to_string(), "<Types/>".to_string()),
        ("word/document.xml".to_string(), "<w:document/>".to_string()),
    ]);
    let r = act(
        &focal,
        inst.id,
        &[
            ("action", "report_done"),
            ("outputs", "Kế hoạch và quyết định phê duyệt"),
            ("evidence_refs", "Quyết định 120/QĐ-STC ngày 05/3/2026; Công văn 15/STC-VP"),
        ],
        &[("qd.docx", &docx)],
    )
    .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // The evidence documents referenced by number are part of the record: the reviewer sees
    // them on the timeline, under the reporter's name (not their login), and the export has them.
    let (_, page) = office.text(&format!("/tasks/{}", inst.id)).await;
    assert!(page.contains("Quyết định 120/QĐ-STC ngày 05/3/2026") && page.contains("Công văn 15/STC-VP"), "{page}");
    let users = s.store.list_users().await.unwrap_or_default();
    let focal_name = users.iter().find(|u| u.login == "taichinh").map(|u| u.full_name.clone()).unwrap_or_default();
    assert!(!focal_name.is_empty() && page.contains(&format!("· {focal_name}")), "the timeline names people");
    assert!(!page.contains("· taichinh"), "no login names on the timeline");
    let xlsx = office.get("/tasks/export.xlsx").await.bytes().await.unwrap_or_default();
    let rows =
        cchc_table::read_rows(&xlsx, "nv.xlsx", &cchc_table::Limits::default()).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        rows.iter().any(|r| r.cells.iter().any(|c| c.contains("Quyết định 120/QĐ-STC ngày 05/3/2026"))),
        "the export carries the evidence references"
    );
    let r = act(&office, inst.id, &[("action", "accept"), ("note", "Đạt yêu cầu")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let done = s.store.get_instance(inst.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(done.progress.state, cchc_domain::tracking::TaskState::Accepted);
    assert!(done.completion.is_some(), "completion classified");
    assert_eq!(s.store.instance_events(inst.id).await.unwrap_or_default().len(), 4);

    // The dashboard figure changed.
    let after =
        s.store.state_counts(&Default::default(), cchc_app::tracking::today()).await.unwrap_or_default().accepted;
    assert_eq!(after, accepted_before + 1);
    let (_, now) = office.text("/").await;
    assert_ne!(before, now);
    assert!(now.contains("href=\"/tasks?state=accepted\""), "figures link to their lists");
}

#[tokio::test]
async fn forbidden_files_and_actions_are_refused() {
    let s = start().await;
    let inst = stc_instance(&s).await;
    let focal = Browser::login(&s, "taichinh").await;
    for (name, bytes) in [("trang.html", b"<html><script>".as_slice()), ("gia-mao.pdf", b"MZ\x90\x00exe".as_slice())] {
        let outputs = format!("Kế hoạch số 15/KH-STC <b>{name}</b>");
        let r = act(&focal, inst.id, &[("action", "report_done"), ("outputs", &outputs)], &[(name, bytes)]).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{name}");
        // The task page comes back with the message beside the form and the text still typed
        // in it (escaped), inside the user's own frame.
        let page = r.text().await.unwrap_or_default();
        assert!(page.contains("Chưa ghi nhận được, vui lòng sửa"), "{name}: the message");
        assert!(page.contains("Kế hoạch số 15/KH-STC &lt;b&gt;"), "{name}: the input is kept, escaped");
        assert!(page.contains("Đầu mối CCHC Sở Tài chính"), "{name}: the user's header");
    }
    assert!(s.store.instance_events(inst.id).await.unwrap_or_default().is_empty(), "nothing written");
    // A unit cannot accept its own work; a leader cannot act at all.
    let r = act(&focal, inst.id, &[("action", "accept")], &[]).await;
    assert!(r.status().is_client_error());
    let leader = Browser::login(&s, "lanhdao").await;
    let r = act(&leader, inst.id, &[("action", "report_progress"), ("note", "x")], &[]).await;
    assert!(r.status().is_client_error());
    // A stale form (old version) is refused once someone else acted.
    let page = focal.text(&format!("/tasks/{}", inst.id)).await.1;
    let token = crate::harness::csrf_in(&page).unwrap_or_default();
    let r = act(&focal, inst.id, &[("action", "report_progress"), ("note", "Đang làm"), ("percent", "30")], &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let form = reqwest::multipart::Form::new()
        .text("_csrf", token)
        .text("version", inst.version.to_string())
        .text("action", "report_progress")
        .text("note", "cũ");
    let r = focal
        .client
        .post(format!("{}/tasks/{}/act", focal.base, inst.id))
        .multipart(form)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status(), StatusCode::CONFLICT);
    // An error page is drawn in the user's frame, with the way back to the form.
    let page = r.text().await.unwrap_or_default();
    assert!(page.contains("Đầu mối CCHC Sở Tài chính") && page.contains("Đăng xuất"), "logged-in header on errors");
    let _ = location;
}

#[tokio::test]
async fn a_merge_moves_open_work_to_the_successor_and_keeps_history() {
    let s = start().await;
    let stp = unit_id(&s, "HT-STP").await;
    let snv = unit_id(&s, "HT-SNV").await;
    let of = |u| cchc_storage::model::InstanceFilter { unit_id: Some(u), lead_only: true, ..Default::default() };
    let before = s.store.list_instances(&of(stp)).await.unwrap_or_default();
    assert!(!before.is_empty(), "Sở Tư pháp leads tasks in the demo plans");
    // Of a group task both lead, the successor keeps its own instance; the other stays.
    let snv_before = s.store.list_instances(&of(snv)).await.unwrap_or_default();
    let twin =
        |i: &&cchc_storage::model::InstanceRecord| snv_before.iter().any(|o| o.task_id == i.task_id && o.key == i.key);
    assert!(before.iter().any(|i| twin(&i)), "the demo has group tasks both units lead");
    let moving: Vec<i64> = before
        .iter()
        .filter(|i| !twin(i))
        // Open work moves; work the office accepted stays with the unit that did it.
        .filter(|i| i.progress.state != cchc_domain::tracking::TaskState::Accepted)
        .filter(|i| {
            i.period_end.or(i.due).is_none_or(|d| d >= chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default())
        })
        .map(|i| i.id)
        .collect();
    let office = Browser::login(&s, "vanphong").await;
    let page = format!("/units/{stp}/change");
    let r = office
        .submit(
            &page,
            &page,
            &[("kind", "merge"), ("effective", "01/03/2025"), ("target", "existing"), ("target_id", &snv.to_string())],
        )
        .await;
    let status = r.status();
    if status != StatusCode::SEE_OTHER {
        let body = r.text().await.unwrap_or_default();
        panic!(
            "{status}: {}",
            body.lines().filter(|l| l.contains("err") || l.contains("flash")).collect::<Vec<_>>().join("\n")
        );
    }
    let (_, html) = office.text(&location(&r)).await;
    assert!(
        html.contains("đã chuyển sang đơn vị kế thừa"),
        "{}",
        html.lines().find(|l| l.contains("flash")).unwrap_or("")
    );
    let after_stp = s.store.list_instances(&of(stp)).await.unwrap_or_default();
    let after_snv = s.store.list_instances(&of(snv)).await.unwrap_or_default();
    for id in &moving {
        assert!(after_snv.iter().any(|i| i.id == *id), "instance {id} moved to the successor");
    }
    assert_eq!(after_stp.len(), before.len() - moving.len(), "past work stays with the former unit");
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("task.reassign".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(log.len(), moving.len());
}

/// The list's filters are in the form, its columns sort, and the print view holds every row.
#[tokio::test]
async fn the_task_list_filters_sorts_and_prints() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let (_, page) = office.text("/tasks").await;
    for id in ["id=\"unit\"", "id=\"document\"", "id=\"period\"", "id=\"overdue\""] {
        assert!(page.contains(id), "filter {id} in the form");
    }
    assert!(page.contains("sort=-due") && page.contains("sort=unit"), "sortable columns");
    // Latest deadline first: the first row's date is not before the last row's.
    let dates = |html: &str| -> Vec<chrono::NaiveDate> {
        html.split("<tr class=\"status-")
            .skip(1)
            .filter_map(|row| {
                row.split("<td>").nth(4).and_then(|c| chrono::NaiveDate::parse_from_str(c.get(..10)?, "%d/%m/%Y").ok())
            })
            .collect()
    };
    let (_, desc) = office.text("/tasks?sort=-due").await;
    let d = dates(&desc);
    assert!(d.len() > 2 && d.windows(2).all(|w| w[0] >= w[1]), "descending deadlines: {d:?}");
    let (_, asc) = office.text("/tasks?sort=due").await;
    let a = dates(&asc);
    assert!(a.windows(2).all(|w| w[0] <= w[1]), "ascending deadlines");
    // A unit filter from the form narrows to that unit.
    let stc = unit_id(&s, "HT-STC").await;
    let (_, only) = office.text(&format!("/tasks?unit={stc}")).await;
    assert!(only.contains(&format!("<option value=\"{stc}\" selected>")), "the chosen unit stays selected");
    // The print view: every row, no pager.
    let total = s
        .store
        .count_instances(&cchc_storage::model::InstanceFilter { active_only: true, ..Default::default() })
        .await
        .unwrap_or_default();
    let (_, print) = office.text("/tasks?print=1").await;
    assert!(!print.contains("class=\"pager\""));
    assert_eq!(print.matches("<tr class=\"status-").count() as i64, total, "all rows printed");
    // Unit staff get no unit filter: they see their own unit only.
    let focal = Browser::login(&s, "taichinh").await;
    assert!(!focal.text("/tasks").await.1.contains("id=\"unit\""));
}
