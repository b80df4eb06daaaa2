//! A plan target measured by index 766: the office links a rate target of the demo plan to
//! indicator TD1 (dossiers handled on time) on the plan page; the attainment of the period
//! then counts each department the target is for by its own on-time rate from its dossiers,
//! on the leader's dashboard and in the consolidated DOCX, without anyone typing a figure.
//! Only the office links; an unknown indicator is refused and nothing is stored.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use cchc_domain::plan::{TargetLevel, ValueUnit};
use cchc_domain::tracking::{classify_target, Direction};
use reqwest::StatusCode;

use cchc_storage::model::{StoredDocument, TargetRecord};

use crate::harness::{location, start, Browser, Server};

#[tokio::test]
async fn a_target_linked_to_766_is_counted_from_the_units_dossiers() {
    let s = start().await;
    let today = cchc_app::tracking::today();
    cchc_app::kpi::demo::seed(&s.store, today, 20).await.unwrap_or_else(|e| panic!("{e}"));
    s.written_behind();
    let kpi = cchc_app::kpi::KpiService::new(s.store.clone());
    let shown = cchc_app::attainment::latest(s.store.as_ref(), &kpi, today).await.unwrap_or_else(|e| panic!("{e}"));
    let shown = shown.unwrap_or_else(|| panic!("the demo's reports give figures"));
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let period = cfg.calendar.find(&shown.period_key).unwrap_or_else(|| panic!("period {}", shown.period_key));
    let pk = period.period_key().unwrap_or_else(|| panic!("{} is a quarter, half or year", period.key));

    // A higher-is-better rate target of the province's plan with one value for every level
    // that no unit reported a figure for.
    let reported: HashSet<i64> =
        s.store.target_values(None, &period.key).await.unwrap_or_default().iter().map(|v| v.target_id).collect();
    // The demo links the targets whose wording names a 766 indicator; this one is not linked.
    let linked = cchc_app::attainment::measured::links(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_online_linked(&s, &linked).await;
    let (doc, target, value) = rate_target(&s, &reported, &linked).await;
    let code = target.target.code.clone();
    let action = format!("/plans/{}/targets/{}/indicator", doc.id, code);
    let page = format!("/plans/{}", doc.id);

    // Only the office links, and only to an indicator of the methodology.
    let focal = Browser::login(&s, "taichinh").await;
    let r = focal.submit("/", &action, &[("indicator", "TD1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let office = Browser::login(&s, "vanphong").await;
    let r = office.submit(&page, &action, &[("indicator", "XX9")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap_or_default().contains("XX9"), "the refusal names the indicator");
    let after = cchc_app::attainment::measured::links(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after, linked, "nothing stored");
    let leader = Browser::login(&s, "lanhdao").await;
    assert!(row(&leader, &code).await.is_none(), "not in the panel before: nobody reported on it");

    let r = office.submit(&page, &action, &[("indicator", "TD1")]).await;
    assert_eq!(location(&r), format!("{page}#target-{code}"));
    let (_, html) = office.text(&page).await;
    assert!(html.contains("<option value=\"TD1\" selected>"), "the plan page shows the link");

    // What the departments' dossiers say, from the 766 engine directly.
    let expected = expected_counts(&s, &kpi, pk, &doc, &target, period.end, value).await;
    assert!(expected[0] + expected[1] > 0, "some departments have dossiers in {pk}");

    let cells = row(&leader, &code).await.unwrap_or_else(|| panic!("the linked target in the panel"));
    assert!(cells.contains("Chỉ số 766 TD1"), "the source is named: {cells}");
    assert!(cells.contains(&pk.label_vi()), "with the 766 period: {cells}");
    assert_eq!(counts(&cells), [expected[0], expected[1], 0], "met / not met / no figure from the dossiers");

    let r = office.get(&format!("/reports/consolidated.docx?period={}", period.key)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    let rows = crate::nd30::rows(&xml);
    let line = rows.iter().find(|r| r.first() == Some(&code) && r.iter().any(|c| c.starts_with("Chỉ số 766, TD1")));
    let line = line.unwrap_or_else(|| panic!("the target's row in the report names its source"));
    assert!(line.iter().any(|c| c.contains(&format!("{} đơn vị", expected[0] + expected[1]))), "{line:?}");

    // Unlinked: the target leaves the panel again (nobody reported a figure).
    let r = office.submit(&page, &action, &[("indicator", "")]).await;
    assert_eq!(location(&r), format!("{page}#target-{code}"));
    assert!(row(&leader, &code).await.is_none());
    let log = s
        .store
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("target.indicator".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    let ours = format!("{}#{code}", doc.meta.identity());
    assert_eq!(log.iter().filter(|e| e.entity_id == ours).count(), 2, "linked and unlinked, each audited");
}

type Links = HashMap<(String, String), String>;

/// The demo links its plan's full-online-service target (demo plan target 3.2: "Tỷ lệ TTHC đủ
/// điều kiện được triển khai dịch vụ công trực tuyến toàn trình …") to TT1.
async fn assert_online_linked(s: &Server, linked: &Links) {
    let mut online = None;
    for d in s.store.list_documents(false).await.unwrap_or_default() {
        for t in s.store.list_targets(d.id).await.unwrap_or_default() {
            if t.target.text.contains("dịch vụ công trực tuyến toàn trình") {
                online = linked.get(&(d.meta.identity(), t.target.code.clone())).cloned();
            }
        }
    }
    assert_eq!(online.as_deref(), Some("TT1"), "the demo links its plan's full-online-service target");
}

/// A higher-is-better rate target of the province's plan with one value for every level, that
/// no unit reported a figure for and that is not linked: its document, itself and its value.
async fn rate_target(s: &Server, reported: &HashSet<i64>, linked: &Links) -> (StoredDocument, TargetRecord, f64) {
    let mut chosen = None;
    for d in s.store.list_documents(false).await.unwrap_or_default() {
        if d.owner_unit_id.is_some() || chosen.is_some() {
            continue;
        }
        for t in s.store.list_targets(d.id).await.unwrap_or_default() {
            let v = match &t.target.values[..] {
                [v] if v.unit == ValueUnit::Percent
                    && matches!(v.level, TargetLevel::All | TargetLevel::Unspecified) =>
                {
                    v.number
                }
                _ => continue,
            };
            let wording = t.target.target_text.clone().unwrap_or_else(|| t.target.text.clone());
            let free = !linked.contains_key(&(d.meta.identity(), t.target.code.clone()));
            if classify_target(&wording).1 == Direction::HigherIsBetter && !reported.contains(&t.id) && free {
                chosen = Some((d.clone(), t, v));
                break;
            }
        }
    }
    chosen.unwrap_or_else(|| panic!("a rate target nobody reported on"))
}

/// [met, not met] among the departments the target is for under the document's province, by
/// their own TD1 rate of `pk` from the 766 engine.
async fn expected_counts(
    s: &Server,
    kpi: &cchc_app::kpi::KpiService,
    pk: cchc_domain::period::PeriodKey,
    doc: &StoredDocument,
    target: &TargetRecord,
    end: chrono::NaiveDate,
    value: f64,
) -> [usize; 2] {
    let rates: HashMap<String, f64> = kpi
        .compute(cchc_app::kpi::now_local(), move |c| {
            let Some((_, report)) = c.for_period(pk) else { return HashMap::new() };
            report
                .results
                .iter()
                .filter(|r| r.period == pk)
                .filter_map(|r| {
                    let v = r.indicator("TD1").filter(|v| v.denominator > 0)?;
                    Some((r.unit.clone(), v.ratio? * 100.0))
                })
                .collect()
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let units = s.store.all_units().await.unwrap_or_default();
    let mut meant: HashSet<i64> = target.target.implementing.unit_ids.iter().copied().collect();
    for g in target.target.implementing.groups.iter().filter(|g| g.is_enumerable()) {
        meant.extend(g.members(&units, doc.meta.province_id, end));
    }
    let mut expected = [0usize; 2];
    for u in units.iter().filter(|u| u.kind != cchc_domain::unit::UnitKind::Province) {
        let under = doc.meta.province_id.is_none_or(|p| ancestors(&units, u).contains(&p));
        if let (true, true, Some(r)) = (under, meant.is_empty() || meant.contains(&u.id), rates.get(&u.code)) {
            expected[usize::from(*r < value - 1e-9)] += 1;
        }
    }
    expected
}

/// The ids of a unit's parents, nearest first.
fn ancestors(units: &[cchc_domain::unit::Unit], u: &cchc_domain::unit::Unit) -> Vec<i64> {
    let mut out = Vec::new();
    let mut cur = u.parent_id;
    while let Some(id) = cur.filter(|id| !out.contains(id)) {
        out.push(id);
        cur = units.iter().find(|x| x.id == id).and_then(|x| x.parent_id);
    }
    out
}

/// The dashboard panel's row of target `code`, as HTML, if any.
async fn row(leader: &Browser, code: &str) -> Option<String> {
    let (status, html) = leader.text("/").await;
    assert_eq!(status, StatusCode::OK);
    let panel = html.split("id=\"attainment\"").nth(1)?.split("</table>").next()?.to_string();
    panel.split("<tr>").find(|r| r.contains(&format!(">{code}. "))).map(str::to_string)
}

/// The last three numeric cells of a panel row: met, not met, no figure.
fn counts(row: &str) -> [usize; 3] {
    let cells: Vec<usize> = row.split("<td>").filter_map(|c| c.split("</td>").next()?.trim().parse().ok()).collect();
    match cells[..] {
        [.., a, b, c] => [a, b, c],
        _ => panic!("three counts in {row}"),
    }
}
