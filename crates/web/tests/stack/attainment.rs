//! Target attainment through the whole stack: two departments report a target's value for a
//! period, one meeting it and one not; the leader's dashboard panel and the consolidated DOCX
//! both show the target with one "met" and one "not met".

use std::io::Read;

use cchc_domain::tracking::{classify_target, Direction};
use cchc_domain::visibility::Visibility;
use cchc_storage::model::TargetValueRecord;
use reqwest::StatusCode;

use crate::harness::{start, Browser};

#[tokio::test]
async fn reported_target_values_show_as_attainment_on_the_dashboard_and_in_the_report() {
    let s = start().await;
    let mut chosen = None;
    for d in s.store.list_documents(false).await.unwrap_or_default() {
        for t in s.store.list_targets(d.id).await.unwrap_or_default() {
            let all = t.target.values.iter().find(|v| {
                matches!(v.level, cchc_domain::plan::TargetLevel::All | cchc_domain::plan::TargetLevel::Unspecified)
            });
            if let (Some(v), None) = (all, &chosen) {
                chosen = Some((t.clone(), v.number));
            }
        }
    }
    let (target, value) = chosen.unwrap_or_else(|| panic!("a demo target with a value for every level"));
    let wording = target.target.target_text.clone().unwrap_or_else(|| target.target.text.clone());
    let miss = match classify_target(&wording).1 {
        Direction::HigherIsBetter => value - 1.0,
        Direction::LowerIsBetter => value + 1.0,
    };
    // The demo's plan year (this year: the demo moves the plan into it), for two of Hà Tĩnh's
    // departments whose annual report the replayed year left unsent (a sent report's figures
    // are locked).
    let period = format!("{}-year", chrono::Datelike::year(&cchc_app::tracking::today()));
    let mut open = Vec::new();
    for u in s.store.all_units().await.unwrap_or_default() {
        if !u.code.starts_with("HT-S") || u.valid_to.is_some() {
            continue;
        }
        let r = s.store.report(u.id, &period, Visibility::Unit(u.id)).await.ok().flatten();
        if r.and_then(|r| r.submitted_on).is_none() {
            open.push(u.id);
        }
    }
    let (stc, stp) = match open[..] {
        [a, b, ..] => (a, b),
        _ => panic!("two departments without a sent report of {period}"),
    };
    let record = |unit, v: f64| TargetValueRecord {
        target_id: target.id,
        unit_id: unit,
        period_key: period.clone(),
        value: Some(v),
        numerator: None,
        denominator: None,
        note: String::new(),
    };
    let actor = cchc_domain::user::Actor::system();
    s.store.set_target_values(&actor, &[record(stc, value), record(stp, miss)]).await.unwrap_or_else(|e| panic!("{e}"));

    let leader = Browser::login(&s, "lanhdao").await;
    let (status, html) = leader.text("/").await;
    assert_eq!(status, StatusCode::OK);
    let panel = html.split("id=\"attainment\"").nth(1).unwrap_or_else(|| panic!("no attainment panel"));
    let row = panel.split("<tr>").find(|r| r.contains(&format!(">{}. ", target.target.code))).unwrap_or("");
    assert!(row.contains("<td>1</td><td>1</td><td>0</td>"), "one met, one not met: {row}");

    let office = Browser::login(&s, "vanphong").await;
    let r = office.get(&format!("/reports/consolidated.docx?period={period}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    assert!(xml.contains("KẾT QUẢ THỰC HIỆN CHỈ TIÊU") && xml.contains("1 lượt đạt, 1 lượt không đạt"), "report");
    // The results by area carry the target under its plan area (target group 1 is task area I
    // in the demo plan): one met, one not met.
    let rows = crate::nd30::rows(&xml);
    let total = rows.iter().find(|r| r.get(1).is_some_and(|c| c == "Tổng cộng")).cloned().unwrap_or_default();
    assert_eq!(total.get(7..10), Some(&["1".to_string(), "1".to_string(), "0".to_string()][..]), "{total:?}");
}
