//! Initiatives through the whole stack: a unit's focal point proposes with an attachment
//! (every missing field named; a wrong-type or oversized file refused with a clear message),
//! the office returns it for completion, the unit completes and resubmits, the office sends
//! it to evaluation, an assigned appraiser scores, the council recognises it at province
//! level (refused without reasons or above what the scores reach); another is not recognised
//! with a reason; a second unit declares it applied the recognised one; the recognised list
//! and the counts (page and XLSX); who sees and does what, per role.

use cchc_app::config::Config;
use cchc_domain::initiative::InitiativeState;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_initiative::InitiativeFilter;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{start, start_with, unit_id, Browser, Server};

const FIELDS: [(&str, &str); 5] = [
    ("title", "Phiếu hẹn điện tử qua Zalo"),
    ("problem", "Người dân phải giữ phiếu hẹn giấy"),
    ("solution", "Gửi phiếu hẹn và nhắc lịch qua Zalo OA"),
    ("scope", "Bộ phận Một cửa Sở Tài chính"),
    ("benefit", "Giảm 100% phiếu hẹn giấy"),
];

async fn multipart(
    b: &Browser,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = Form::new().text("_csrf", b.csrf(page).await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some((name, bytes)) = file {
        form = form.part("file", Part::bytes(bytes).file_name(name.to_string()));
    }
    b.client.post(format!("{}{action}", b.base)).multipart(form).send().await.unwrap_or_else(|e| panic!("{e}"))
}

async fn body(r: reqwest::Response) -> (StatusCode, String) {
    let s = r.status();
    (s, r.text().await.unwrap_or_default())
}

async fn find(s: &Server, title: &str, unit: i64) -> cchc_storage::model_initiative::Initiative {
    let all = s.store.initiatives(&InitiativeFilter::default(), Visibility::Unit(unit)).await.unwrap_or_default();
    all.into_iter().find(|i| i.text.title == title).unwrap_or_else(|| panic!("{title} not stored"))
}

async fn act(b: &Browser, page: &str, action: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
    body(b.submit(page, action, fields).await).await
}

#[tokio::test]
async fn propose_return_evaluate_recognise_adopt_and_count() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let focal = Browser::login(&s, "taichinh").await;
    // Every missing field is named, nothing is stored.
    let (st, html) = body(multipart(&focal, "/initiatives/new", "/initiatives/new", &[], None).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    for m in [
        "Cần nhập tên sáng kiến",
        "Cần nêu vấn đề",
        "Cần nêu nội dung giải pháp",
        "Cần nêu phạm vi",
        "Cần nêu hiệu quả",
    ] {
        assert!(html.contains(m), "{m}");
    }
    // A wrong-type file is refused and what was typed comes back.
    let html_file = Some(("trang.html", b"<html><script>alert(1)</script>".to_vec()));
    let (st, html) = body(multipart(&focal, "/initiatives/new", "/initiatives/new", &FIELDS, html_file).await).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("không thuộc loại được phép") && html.contains("Phiếu hẹn điện tử qua Zalo"), "{html}");
    let pdf = Some(("thuyet-minh.pdf", b"%PDF-1.4 thuyet minh".to_vec()));
    let r = multipart(&focal, "/initiatives/new", "/initiatives/new", &FIELDS, pdf).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let i = find(&s, FIELDS[0].1, stc).await;
    let page = format!("/initiatives/{}", i.id);
    let (_, html) = focal.text(&page).await;
    assert!(html.contains("thuyet-minh.pdf") && html.contains("Bản nháp"));

    // Drafts are the unit's own: not the office's, not another unit's; the head reads it.
    let office = Browser::login(&s, "vanphong").await;
    let other = Browser::login(&s, "tuphap").await;
    let head = Browser::login(&s, "giamdoc.taichinh").await;
    let leader = Browser::login(&s, "lanhdao").await;
    let appraiser = Browser::login(&s, "thamdinh").await;
    assert_eq!(office.get(&page).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(other.get(&page).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(head.get(&page).await.status(), StatusCode::OK);
    assert!(!office.text("/initiatives").await.1.contains(FIELDS[0].1));
    assert_eq!(
        head.get("/initiatives/new").await.status(),
        StatusCode::FORBIDDEN,
        "the head reads, the focal point proposes"
    );

    let v = i.version.to_string();
    assert_eq!(
        focal.submit(&page, &format!("{page}/submit"), &[("version", &v)]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert!(office.text("/initiatives").await.1.contains(FIELDS[0].1));
    assert!(!other.text("/initiatives").await.1.contains(FIELDS[0].1));
    assert!(leader.text(&page).await.1.contains("Đã gửi, chờ xem xét"));

    // Returned for completion (a reason is required), completed, resubmitted.
    let i = find(&s, FIELDS[0].1, stc).await;
    let v = i.version.to_string();
    let (st, html) = act(&office, &page, &format!("{page}/review"), &[("version", &v), ("action", "return")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Cần nêu nội dung cần hoàn thiện"));
    let why = [("version", v.as_str()), ("action", "return"), ("reason", "Bổ sung số liệu trước và sau áp dụng")];
    assert_eq!(office.submit(&page, &format!("{page}/review"), &why).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = focal.text(&page).await;
    assert!(html.contains("Bổ sung số liệu trước và sau áp dụng") && html.contains("Sửa và gửi sáng kiến"));
    let i = find(&s, FIELDS[0].1, stc).await;
    let v = i.version.to_string();
    let mut edited: Vec<(&str, &str)> = FIELDS.to_vec();
    edited[4].1 = "Giảm 100% phiếu hẹn giấy; 1.200 lượt nhắc lịch mỗi tháng";
    edited.push(("version", &v));
    assert_eq!(multipart(&focal, &page, &format!("{page}/edit"), &edited, None).await.status(), StatusCode::SEE_OTHER);
    let v = find(&s, FIELDS[0].1, stc).await.version.to_string();
    assert_eq!(
        focal.submit(&page, &format!("{page}/submit"), &[("version", &v)]).await.status(),
        StatusCode::SEE_OTHER
    );

    // Evaluation: the appraiser scores only once assigned; the council decides within the rule.
    let v = find(&s, FIELDS[0].1, stc).await.version.to_string();
    let go = [("version", v.as_str()), ("action", "evaluate")];
    assert_eq!(office.submit(&page, &format!("{page}/review"), &go).await.status(), StatusCode::SEE_OTHER);
    let scores = [("score-1", "26"), ("score-2", "36"), ("score-3", "28")];
    let (st, html) = act(&appraiser, &page, &format!("{page}/score"), &scores).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("chưa được phân công"));
    let thamdinh = s.store.list_users().await.unwrap_or_default().into_iter().find(|u| u.login == "thamdinh");
    let uid = thamdinh.map(|u| u.id.to_string()).unwrap_or_default();
    assert_eq!(
        office.submit(&page, &format!("{page}/evaluator"), &[("user", &uid)]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (st, html) = act(&appraiser, &page, &format!("{page}/score"), &[("score-1", "31"), ("score-2", "x")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        html.contains("vượt điểm tối đa")
            && html.contains("không phải số điểm")
            && html.contains("Tiêu chí 3: chưa chấm")
    );
    assert_eq!(appraiser.submit(&page, &format!("{page}/score"), &scores).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(leader.submit(&page, &format!("{page}/decide"), &[]).await.status(), StatusCode::FORBIDDEN);
    let v = find(&s, FIELDS[0].1, stc).await.version.to_string();
    let (st, html) = act(&office, &page, &format!("{page}/decide"), &[("version", &v), ("decision", "province")]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Cần ghi lý do"));
    let decide = [
        ("version", v.as_str()),
        ("decision", "province"),
        ("reason", "Giải pháp mới, dễ nhân rộng"),
        ("results", "Không còn phiếu hẹn giấy"),
    ];
    assert_eq!(office.submit(&page, &format!("{page}/decide"), &decide).await.status(), StatusCode::SEE_OTHER);
    let i = find(&s, FIELDS[0].1, stc).await;
    assert_eq!(i.state, InitiativeState::Recognised(cchc_domain::initiative::Level::Province));

    // Another unit reads it, declares it applied it (a result is required), once.
    let (_, html) = other.text("/initiatives/recognised").await;
    assert!(html.contains(FIELDS[0].1) && html.contains("Không còn phiếu hẹn giấy"));
    let (st, html) = act(&other, &page, &format!("{page}/adopt"), &[]).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Cần nêu kết quả áp dụng"));
    let adopt = [("result", "Áp dụng cho lĩnh vực hộ tịch")];
    assert_eq!(other.submit(&page, &format!("{page}/adopt"), &adopt).await.status(), StatusCode::SEE_OTHER);
    let (st, _) = act(&other, &page, &format!("{page}/adopt"), &adopt).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "once per unit");
    let (_, html) = leader.text("/initiatives/recognised").await;
    assert!(html.contains("Sở Tư pháp"), "the adopter is listed");

    // Counts: the page and the XLSX for province readers, not for units.
    let (st, html) = leader.text("/initiatives/counts").await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains("Sở Tài chính") && html.contains("Tổng cộng"));
    let r = leader.get("/initiatives/counts.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.map(|b| b.starts_with(b"PK")).unwrap_or(false));
    assert_eq!(focal.get("/initiatives/counts").await.status(), StatusCode::FORBIDDEN);
    // A unit sees its own figures of the year on its list.
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let counts = s.store.initiative_counts(year).await.unwrap_or_default();
    let own = counts.iter().find(|c| c.unit_id == stc).unwrap_or_else(|| panic!("{counts:?}"));
    assert!(own.recognised_province >= 1);
    let (_, html) = focal.text("/initiatives").await;
    let line = format!("{} sáng kiến đã gửi · {} được công nhận cấp tỉnh", own.proposed, own.recognised_province);
    assert!(html.contains(&line), "{line} in {html}");
    let audit = s.store.list_audit(&Default::default()).await.unwrap_or_default();
    for a in [
        "initiative.create",
        "initiative.return",
        "initiative.edit",
        "initiative.score",
        "initiative.decide",
        "initiative.adopt",
    ] {
        assert!(audit.iter().any(|e| e.action == a && e.entity_id == i.id.to_string()), "{a}");
    }
}

#[tokio::test]
async fn not_recognised_with_reason_and_oversized_attachment() {
    let s = start().await;
    let stc = unit_id(&s, "HT-STC").await;
    let focal = Browser::login(&s, "taichinh").await;
    let office = Browser::login(&s, "vanphong").await;
    let mut fields = FIELDS.to_vec();
    fields[0].1 = "Sổ tay điện tử TTHC";
    assert_eq!(
        multipart(&focal, "/initiatives/new", "/initiatives/new", &fields, None).await.status(),
        StatusCode::SEE_OTHER
    );
    let i = find(&s, fields[0].1, stc).await;
    let page = format!("/initiatives/{}", i.id);
    let v = i.version.to_string();
    assert_eq!(
        focal.submit(&page, &format!("{page}/submit"), &[("version", &v)]).await.status(),
        StatusCode::SEE_OTHER
    );
    let v = find(&s, fields[0].1, stc).await.version.to_string();
    let go = [("version", v.as_str()), ("action", "evaluate")];
    assert_eq!(office.submit(&page, &format!("{page}/review"), &go).await.status(), StatusCode::SEE_OTHER);
    // Without scores, recognition is refused; "not recognised" needs only reasons.
    let v = find(&s, fields[0].1, stc).await.version.to_string();
    let unit = [("version", v.as_str()), ("decision", "unit"), ("reason", "Tốt")];
    let (st, html) = act(&office, &page, &format!("{page}/decide"), &unit).await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("Chưa có thành viên nào chấm điểm"));
    let no = [("version", v.as_str()), ("decision", "not_recognised"), ("reason", "Trùng với giải pháp đã áp dụng")];
    assert_eq!(office.submit(&page, &format!("{page}/decide"), &no).await.status(), StatusCode::SEE_OTHER);
    let (_, html) = focal.text(&page).await;
    assert!(html.contains("Không được công nhận") && html.contains("Trùng với giải pháp đã áp dụng"));
    assert!(!focal.text("/initiatives/recognised").await.1.contains(fields[0].1));

    let mut c = Config::default();
    c.limits.max_upload_bytes = 10_000;
    let small = start_with(c).await;
    let focal = Browser::login(&small, "taichinh").await;
    let big = Some(("thuyet-minh.pdf", [b"%PDF-1.4".to_vec(), vec![b'a'; 20_000]].concat()));
    let (st, html) = body(multipart(&focal, "/initiatives/new", "/initiatives/new", &FIELDS, big).await).await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    // The CSRF check reads the body before routing, so its page answers: it says so plainly.
    assert!(html.contains("quá lớn"), "{html}");
    let stc = unit_id(&small, "HT-STC").await;
    let mine = small.store.initiatives(&InitiativeFilter::default(), Visibility::Unit(stc)).await.unwrap_or_default();
    assert!(!mine.iter().any(|i| i.text.title == FIELDS[0].1), "nothing stored");
}
