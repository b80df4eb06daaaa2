//! Target attainment through the whole stack: two departments report a target's value for the
//! period the dashboard shows, one meeting it and one not; the leader's dashboard panel and the
//! consolidated DOCX both count one more "met" and one more "not met".

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
    // The period the dashboard shows (the latest with figures: the demo's reports carry some),
    // for two of Hà Tĩnh's departments that have not sent that period's report (a sent
    // report's figures are locked).
    let today = cchc_app::tracking::today();
    let kpi = cchc_app::kpi::KpiService::new(s.store.clone());
    let shown = cchc_app::attainment::latest(s.store.as_ref(), &kpi, today).await.ok().flatten();
    let period = shown.map(|p| p.period_key).unwrap_or_else(|| panic!("the demo's reports give figures"));
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
    let leader = Browser::login(&s, "lanhdao").await;
    let office = Browser::login(&s, "vanphong").await;
    let before = (panel_counts(&leader, &target.target.code).await, docx_counts(&office, &period).await);
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
    s.written_behind();

    let after = (panel_counts(&leader, &target.target.code).await, docx_counts(&office, &period).await);
    let (p0, (s0, t0)) = before;
    let (p1, (s1, t1)) = after;
    assert_eq!(p1, [p0[0] + 1, p0[1] + 1, p0[2]], "the panel row gains one met and one not met");
    assert_eq!(s1, [s0[0] + 1, s0[1] + 1], "the report's attainment sentence");
    // The results by area carry the target under its plan area (target group 1 is task area
    // I in the demo plan): one more met, one more not met.
    assert_eq!(t1, [t0[0] + 1, t0[1] + 1, t0[2]], "the total row of the results by area");
}

/// Met, not met and no figure in the dashboard panel's row of the target `code` (zeros when
/// the target has no row yet).
async fn panel_counts(leader: &Browser, code: &str) -> [usize; 3] {
    let (status, html) = leader.text("/").await;
    assert_eq!(status, StatusCode::OK);
    let panel = html.split("id=\"attainment\"").nth(1).unwrap_or_default();
    let panel = panel.split("</table>").next().unwrap_or_default();
    let Some(row) = panel.split("<tr>").find(|r| r.contains(&format!(">{code}. "))) else { return [0; 3] };
    let cells: Vec<usize> = row.split("<td>").filter_map(|c| c.split("</td>").next()?.trim().parse().ok()).collect();
    match cells[..] {
        [.., a, b, c] => [a, b, c],
        _ => panic!("three counts in {row}"),
    }
}

/// From the consolidated DOCX of `period`: the attainment sentence's met and not-met counts,
/// and the met / not met / no figure columns of the results-by-area total row.
async fn docx_counts(office: &Browser, period: &str) -> ([usize; 2], [usize; 3]) {
    let r = office.get(&format!("/reports/consolidated.docx?period={period}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    let text = crate::nd30::paragraphs(&xml).join("\n");
    let sentence = if text.contains("KẾT QUẢ THỰC HIỆN CHỈ TIÊU") {
        let n = |word: &str| {
            let at = text.find(word).unwrap_or_else(|| panic!("«{word}» in the report"));
            let digits: String =
                text[..at].trim_end().chars().rev().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            digits.chars().rev().filter(char::is_ascii_digit).collect::<String>().parse().unwrap_or(0)
        };
        [n(" lượt đạt,"), n(" lượt không đạt")]
    } else {
        [0, 0]
    };
    let rows = crate::nd30::rows(&xml);
    let total = rows.iter().find(|r| r.get(1).is_some_and(|c| c == "Tổng cộng")).cloned().unwrap_or_default();
    let n = |i: usize| total.get(i).and_then(|c| c.replace('.', "").parse().ok()).unwrap_or(0);
    (sentence, [n(7), n(8), n(9)])
}
