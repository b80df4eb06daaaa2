//! The province's own index followed by quarter (seed 004): a department reports the status of
//! the criteria it owns — every problem listed, what was typed kept, nothing stored until all
//! is right, never a criterion of another department —; the office and the leaders see every
//! criterion with the ones not met counted; a department sees only its own criteria.

use cchc_domain::par::owner::owned_leaves;
use cchc_domain::par::{criteria_templates, UnitGroup};
use cchc_domain::visibility::Visibility;
use reqwest::StatusCode;

use crate::harness::{location, start, unit_id, Browser};

/// The codes the template gives `owner`.
fn owned_by(owner: &str) -> Vec<String> {
    let sets = criteria_templates().unwrap_or_else(|e| panic!("{e}"));
    let set = sets.into_iter().find(|s| s.group == UnitGroup::new(UnitGroup::PROVINCE_876));
    let set = set.unwrap_or_else(|| panic!("the 876 template"));
    owned_leaves(&set).into_iter().filter(|c| c.owner == owner).map(|c| c.code).collect()
}

#[tokio::test]
async fn departments_report_the_quarter_of_the_criteria_they_own() {
    let s = start().await;
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let q = cchc_app::par::owner::quarter_of(cchc_app::tracking::today()).to_string();
    let page = format!("/par/province-index?year={year}&quarter={q}");
    let finance = owned_by("so-tai-chinh");
    let justice = owned_by("so-tu-phap");
    assert!(finance.len() >= 2 && !justice.is_empty(), "{finance:?} {justice:?}");
    let row = |code: &str| format!("<td>{code}</td>");

    // The office reads every criterion, with its department resolved from the registry.
    let office = Browser::login(&s, "vanphong").await;
    let (st, html) = office.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&row(&finance[0])) && html.contains(&row(&justice[0])), "{html}");
    assert!(html.contains("Sở Tài chính") && html.contains("Sở Tư pháp"));
    assert!(!html.contains("name=\"s_"), "the office does not report for a department");

    // The finance department sees its own criteria, with the form.
    let focal = Browser::login(&s, "taichinh").await;
    let (st, html) = focal.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    assert!(html.contains(&format!("name=\"s_{}\"", finance[0])), "{html}");
    assert!(!html.contains(&row(&justice[0])), "not another department's criteria");

    // A criterion not met without a reason, and another department's criterion: both said,
    // what was typed kept, nothing stored.
    let (a, b) = (finance[0].as_str(), finance[1].as_str());
    let (sa, ra, sb, rb, lb) =
        (format!("s_{a}"), format!("r_{a}"), format!("s_{b}"), format!("r_{b}"), format!("l_{b}"));
    let sj = format!("s_{}", justice[0]);
    let bad = [
        ("year", year.to_string()),
        ("quarter", q.clone()),
        (sa.as_str(), "dat".to_string()),
        (ra.as_str(), "Hoàn thành dự toán đúng hạn".to_string()),
        (sb.as_str(), "chua_dat".to_string()),
        (rb.as_str(), "Đạt 70 % kế hoạch thu".to_string()),
        (lb.as_str(), String::new()),
        (sj.as_str(), "dat".to_string()),
    ];
    let fields: Vec<(&str, &str)> = bad.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = focal.submit(&page, "/par/province-index", &fields).await;
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = r.text().await.unwrap_or_default();
    assert!(html.contains(&format!("Tiêu chí {b}: Tiêu chí chưa đạt cần nêu lý do.")), "{html}");
    assert!(html.contains(&format!("Tiêu chí {} không do đơn vị theo dõi.", justice[0])), "{html}");
    assert!(html.contains("Đạt 70 % kế hoạch thu"), "what was typed is kept");
    assert!(s.store.owner_statuses(year, Visibility::Province).await.unwrap_or_default().is_empty());

    // Right: stored, audited, shown to the office with the criterion not met counted.
    let mut good: Vec<(&str, &str)> =
        fields.iter().copied().filter(|(k, _)| *k != sj.as_str() && *k != lb.as_str()).collect();
    good.push((lb.as_str(), "Nguồn thu từ đất chưa đạt do thị trường trầm lắng"));
    let r = focal.submit(&page, "/par/province-index", &good).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    assert!(location(&r).starts_with("/par/province-index?year="));
    let stored = s.store.owner_statuses(year, Visibility::Province).await.unwrap_or_default();
    let stc = unit_id(&s, "HT-STC").await;
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().all(|r| r.unit_id == stc && r.updated_by == "taichinh"));
    let audit = cchc_storage::model::AuditFilter {
        action: Some("par.owner_status".into()),
        actor: Some("taichinh".into()),
        ..Default::default()
    };
    assert_eq!(s.store.list_audit(&audit).await.unwrap_or_default().len(), 2);
    let (_, html) = office.text(&page).await;
    assert!(html.contains("1 tiêu chí chưa đạt"), "{html}");
    assert!(html.contains("Nguồn thu từ đất chưa đạt do thị trường trầm lắng"));

    // The justice department sees neither the finance rows nor their statuses; only unit
    // staff report.
    let justice_focal = Browser::login(&s, "tuphap").await;
    let (_, html) = justice_focal.text(&page).await;
    assert!(html.contains(&row(&justice[0])) && !html.contains(&row(a)) && !html.contains("trầm lắng"));
    let r = office.submit(&page, "/par/province-index", &good).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let leader = Browser::login(&s, "lanhdao").await;
    assert!(leader.text(&page).await.1.contains("trầm lắng"), "the chairman reads every report");
}
