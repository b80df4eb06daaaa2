//! The planning page lists each unit's latest PAR index and class and filters by them
//! ("xếp loại", "chỉ số dưới …"); a malformed index is refused with a message, the list kept.

use chrono::Datelike;

use crate::harness::{start, Browser};

#[tokio::test]
async fn the_plan_filters_by_par_class_and_index() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let today = cchc_app::tracking::today();
    let par = cchc_app::inspection::plan_par::latest(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let f = cchc_app::inspection::plan::PlanFilter::default();
    let all = cchc_app::inspection::plan::planning(s.store.as_ref(), today.year(), &f, today)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let scored: Vec<_> = all.candidates.iter().filter(|c| c.par.as_ref().is_some_and(|p| p.index.is_some())).collect();
    assert!(!par.round.is_empty() && !scored.is_empty(), "the demo round has results: {par:?}");
    let (_, page) = office.text("/inspections").await;
    assert!(page.contains(&par.round), "the column names its round");
    let rows = |html: &str| html.matches("name=\"unit\" value=").count() + html.matches(">đã có<").count();
    let total = rows(&page);

    // By class: exactly the units of that class.
    let class = scored[0].par.as_ref().and_then(|p| p.class.clone()).unwrap_or_default();
    let of_class = all.candidates.iter().filter(|c| c.par.as_ref().and_then(|p| p.class.as_ref()) == Some(&class));
    let want = of_class.count();
    let url = format!("/inspections?par_class={}", urlencoding(&class));
    let (_, page) = office.text(&url).await;
    assert_eq!(rows(&page), want, "{class}");
    assert!(want < total || par.classes.len() == 1);

    // Below an index: strictly below; "80,5" and "80.5" both read.
    let top = scored.iter().filter_map(|c| c.par.as_ref().and_then(|p| p.index)).max().unwrap_or_default();
    let below_top = scored.iter().filter(|c| c.par.as_ref().and_then(|p| p.index).is_some_and(|i| i < top)).count();
    let (_, page) = office.text(&format!("/inspections?par_below={}", top.to_string().replace(',', "%2C"))).await;
    assert_eq!(rows(&page), below_top, "below {top}");

    // A malformed index: a message, and the list unfiltered.
    let (_, page) = office.text("/inspections?par_below=abc").await;
    assert!(page.contains("Chỉ số CCHC dưới:"), "{page}");
    assert_eq!(rows(&page), total);
}

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}
