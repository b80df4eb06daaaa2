//! The initiative criteria as data the office edits: a version is changed through a form into
//! the next version (every problem named by the row the user sees, what was typed kept,
//! nothing stored), the version shown stays as it was, the new one is in force for the next
//! evaluation; only the office may edit. And the PAR template's criterion on initiatives is
//! projected from the recognised initiatives of the year.

use cchc_domain::initiative::CriteriaStatus;
use cchc_domain::par::{Points, ProjectionSource};
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};

#[tokio::test]
async fn the_office_edits_criteria_into_a_new_version() {
    let s = start().await;
    let before = s.store.initiative_criteria().await.unwrap_or_default();
    let first = before.last().unwrap_or_else(|| panic!("the demo installs the template")).clone();
    assert_eq!(first.criteria.status, CriteriaStatus::Template);
    let edit = format!("/initiatives/criteria/{}/edit", first.id);

    // Only the office edits; everyone reads.
    let focal = Browser::login(&s, "taichinh").await;
    assert_eq!(focal.get(&edit).await.status(), StatusCode::FORBIDDEN);
    assert!(!focal.text("/initiatives/criteria").await.1.contains("Sửa thành phiên bản mới"));
    let office = Browser::login(&s, "vanphong").await;
    let (st, list) = office.text("/initiatives/criteria").await;
    assert_eq!(st, StatusCode::OK);
    assert!(list.contains(&edit), "{list}");
    let (_, form) = office.text(&edit).await;
    assert!(form.contains(&first.criteria.criteria[0].name), "the form shows the current criteria");

    // Every problem, by the row the user sees; what was typed comes back; nothing stored.
    let bad = [
        ("name", "Tiêu chí sáng kiến 2027"),
        ("effective_from", "01/01/2027"),
        ("province_min", "60"),
        ("unit_min", "80"),
        ("c_code", "1"),
        ("c_name", "Tính mới"),
        ("c_max", "40"),
        ("c_code", ""),
        ("c_name", ""),
        ("c_max", ""),
        ("c_code", "1"),
        ("c_name", "Tính hiệu quả"),
        ("c_max", "nhiều"),
    ];
    let r = office.submit(&edit, &edit, &bad).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Dòng 3: điểm tối đa phải là số nguyên dương."), "{html}");
    assert!(html.contains("Tính hiệu quả") && html.contains("value=\"nhiều\""), "typed values kept: {html}");
    let r = office.submit(&edit, &edit, &[&bad[..12], &[("c_max", "30")]].concat()).await;
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains("Dòng 3: Mã &quot;1&quot; trùng với một dòng trước."), "{html}");
    assert!(html.contains("Ngưỡng cấp cơ sở (80%) cao hơn ngưỡng cấp tỉnh (60%)."), "{html}");
    assert_eq!(s.store.initiative_criteria().await.unwrap_or_default().len(), before.len());

    // A good edit becomes the next version, confirmed; the shown version is unchanged.
    let from = first.criteria.effective_from.format("%d/%m/%Y").to_string();
    let good = [
        ("name", "Tiêu chí đánh giá sáng kiến CCHC tỉnh Hà Tĩnh"),
        ("effective_from", from.as_str()),
        ("province_min", "80"),
        ("unit_min", "60"),
        ("confirmed", "1"),
        ("c_code", "1"),
        ("c_name", "Tính mới, sáng tạo"),
        ("c_max", "40"),
        ("c_code", "2"),
        ("c_name", "Hiệu quả, lợi ích"),
        ("c_max", "40"),
        ("c_code", "3"),
        ("c_name", "Khả năng nhân rộng"),
        ("c_max", "20"),
    ];
    let r = office.submit(&edit, &edit, &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&r), "/initiatives/criteria");
    let after = s.store.initiative_criteria().await.unwrap_or_default();
    assert_eq!(after.len(), before.len() + 1);
    let new = &after[0];
    assert_eq!(
        (new.criteria.code.as_str(), new.criteria.version),
        (first.criteria.code.as_str(), first.criteria.version + 1)
    );
    assert_eq!(new.criteria.status, CriteriaStatus::Confirmed);
    assert_eq!(new.criteria.criteria.len(), 3);
    assert_eq!(new.criteria.rule.unit_min_percent, 60);
    let old = s.store.initiative_criteria_by_id(first.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(old.criteria, first.criteria, "the version shown stays as it was");
    let today = cchc_app::tracking::today();
    let in_force = cchc_app::initiative::evaluate::criteria_in_force(s.store.as_ref(), today).await;
    assert_eq!(in_force.ok().flatten().map(|c| c.id), Some(new.id), "the new version is used from now on");
    let (_, list) = office.text("/initiatives/criteria").await;
    assert!(list.contains("Khả năng nhân rộng") && list.contains("Đã lưu bộ tiêu chí thành phiên bản"), "{list}");
    let filter = cchc_storage::model::AuditFilter {
        action: Some("initiative.criteria".into()),
        actor: Some("vanphong".into()),
        ..Default::default()
    };
    assert_eq!(s.store.list_audit(&filter).await.unwrap_or_default().len(), 1, "the edit is audited");
}

#[tokio::test]
async fn the_par_criterion_on_initiatives_is_projected_from_recognised_ones() {
    let s = start().await;
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let round = s.store.rounds().await.unwrap_or_default().into_iter().find(|r| r.year == year);
    let round = round.unwrap_or_else(|| panic!("the demo opens this year's PAR round"));
    let point = |unit: i64| {
        let s = &s;
        async move {
            let a = s.store.assessments(round.id, Visibility::Unit(unit)).await.unwrap_or_default();
            let a = a.first().unwrap_or_else(|| panic!("assessment of {unit}")).clone();
            let p = cchc_app::par::projection(s.store.as_ref(), &s.kpi, &a, year, cchc_app::tracking::today()).await;
            let p = p.unwrap_or_else(|e| panic!("{e}")).projection;
            let c = p.criteria.into_iter().find(|c| c.name.contains("Sáng kiến"));
            let c = c.unwrap_or_else(|| panic!("the template has a criterion on initiatives"));
            (c.source, c.points, c.max)
        }
    };
    // The industry department's initiative was recognised at province level in the demo.
    let (source, points, max) = point(unit_id(&s, "HT-SCT").await).await;
    assert_eq!(source, ProjectionSource::Live);
    assert_eq!(points, Some(max));
    // The justice department has none recognised: the lowest level.
    let (source, points, _) = point(unit_id(&s, "HT-STP").await).await;
    assert_eq!((source, points), (ProjectionSource::Live, Some(Points::ZERO)));
}
