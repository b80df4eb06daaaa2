//! The index-766 scores on the public site: the office publishes a period's table (the
//! province, each unit, the trend over the periods before, with rank and band); the public
//! page and its downloads show exactly that table, and keep showing it after the dossier
//! records change; a period without data cannot be published; only the office publishes.

use cchc_domain::period::{Granularity, PeriodKey};
use reqwest::StatusCode;

use crate::harness::{location, start, Browser};

#[tokio::test]
async fn a_766_snapshot_shows_exactly_what_was_published() {
    let s = start().await;
    let today = cchc_app::tracking::today();
    cchc_app::kpi::demo::seed(&s.store, today, 20).await.unwrap_or_else(|e| panic!("{e}"));
    let now = cchc_domain::local_time::to_secs(cchc_app::kpi::now_local());
    let this = PeriodKey::containing(Granularity::Quarter, now);
    let office = Browser::login(&s, "vanphong").await;
    let (_, html) = office.text("/publish").await;
    assert!(html.contains(&format!("value=\"{}\"", this.prev())), "the quarters to choose from");

    // Two years back there are no dossiers: nothing to publish.
    let empty = PeriodKey { ordinal: this.ordinal - 8, ..this }.to_string();
    let r = office.submit("/publish", "/publish", &[("kind", "kpi766"), ("period", &empty)]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap_or_default().contains("chưa có số liệu Chỉ số 766"));
    let focal = Browser::login(&s, "taichinh").await;
    let r = focal.submit("/", "/publish", &[("kind", "kpi766"), ("period", &this.prev().to_string())]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(s.store.current_snapshots().await.unwrap_or_default().is_empty());

    let r = office.submit("/publish", "/publish", &[("kind", "kpi766"), ("period", &this.prev().to_string())]).await;
    assert_eq!(location(&r), "/publish");
    let snap = s.store.current_snapshots().await.unwrap_or_default().into_iter().find(|x| x.kind == "kpi766");
    let snap = snap.unwrap_or_else(|| panic!("published"));
    let t = &snap.table;
    assert_eq!(snap.title, format!("Chỉ số 766 {}", this.prev().label_vi()));
    assert_eq!(t.columns.len(), 2 + 4 + 1, "rank, unit, four periods of trend, band: {:?}", t.columns);
    assert!(
        t.columns[5].ends_with(&this.prev().label_vi())
            && t.columns[2].ends_with(&PeriodKey { ordinal: this.ordinal - 4, ..this }.label_vi())
    );
    assert!(t.rows[0][1].starts_with("Toàn tỉnh: "), "the province first: {:?}", t.rows[0]);
    assert!(t.rows.len() > 5, "the units below the province");
    assert!(t.rows[1..].iter().any(|r| r[0] == "1"), "ranked");
    assert!(t.rows.iter().all(|r| r[5].contains(',') || r[5] == "chưa có số liệu"), "decimal comma");

    let visitor = Browser::new(&s);
    let page = format!("/cong-khai/{}", snap.id);
    let (st, html) = visitor.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    for cell in t.columns.iter().chain(t.rows.iter().flatten()) {
        assert!(html.contains(&cell.replace('&', "&amp;")), "{cell} shown");
    }
    let (_, index) = visitor.text("/cong-khai").await;
    assert!(index.contains(&snap.title));
    let (st, csv) = visitor.text(&format!("{page}/csv")).await;
    assert_eq!(st, StatusCode::OK);
    assert!(t.rows.iter().all(|r| csv.contains(&r[1])));
    assert_eq!(visitor.get(&format!("{page}/xlsx")).await.status(), StatusCode::OK);

    // More dossiers arrive: the live figures change, the published table does not.
    let later = today.succ_opt().unwrap_or(today);
    cchc_app::kpi::demo::seed(&s.store, later, 45).await.unwrap_or_else(|e| panic!("{e}"));
    let (_, csv_after) = visitor.text(&format!("{page}/csv")).await;
    assert_eq!(csv_after, csv, "a snapshot is frozen");
    assert_eq!(s.store.snapshot(snap.id).await.map(|x| x.table).ok().as_ref(), Some(t));
}
