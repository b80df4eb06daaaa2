//! Explanations list exactly the dossiers behind each number; reconciliation flags the
//! differences with portal figures; both export to XLSX.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cchc_domain::period::{Granularity, PeriodKey};
use cchc_domain::unit_tree::UnitTree;
use cchc_export::kpi766::{explanation_xlsx, reconciliation_xlsx};
use cchc_kpi::explain::explain;
use cchc_kpi::reconcile::{read_portal_csv, reconcile, ReconStatus};
use cchc_kpi::report::compute_report;
use common::{rec, state, with};

#[test]
fn explanation_matches_every_reported_number() {
    let recs = vec![
        rec("A", "03/04/2025 08:00", "10/04/2025 17:00", Some("04/04/2025 08:00")),
        rec("B", "03/04/2025 08:00", "10/04/2025 17:00", Some("12/04/2025 08:00")),
        with(rec("C", "05/04/2025 08:00", "08/04/2025 17:00", None), |r| r.unit = "U2".into()),
        with(rec("D", "05/04/2025 08:00", "08/04/2025 17:00", Some("06/04/2025 08:00")), |r| r.has_fee = true),
        with(rec("E", "05/03/2025 08:00", "08/03/2025 17:00", Some("06/04/2025 08:00")), |r| r.digitised = true),
    ];
    let tree = UnitTree::from_links([("U1", "H"), ("U2", "H")]);
    let s = state("30/06/2025", &recs);
    let rep = compute_report(&s, &tree);
    let mut checked = 0;
    for r in &rep.results {
        for v in &r.indicators {
            let e = explain(&s, &tree, &r.unit, r.period, &v.code).unwrap();
            assert_eq!(
                (e.numerator, e.denominator),
                (v.numerator, v.denominator),
                "{} {} {}",
                r.unit,
                r.period,
                v.code
            );
            assert!(e.rows.iter().all(|x| !x.reason.is_empty()));
            checked += 1;
        }
    }
    assert!(checked > 50);
    let e = explain(&s, &tree, "H", PeriodKey::parse("2025-04").unwrap(), "TD1").unwrap();
    let row = |c: &str| e.rows.iter().find(|r| r.code == c).unwrap();
    assert!(row("A").in_numerator);
    assert!(row("B").in_denominator && !row("B").in_numerator);
    assert!(row("B").reason.contains("giải quyết trước hạn"), "{}", row("B").reason);
    assert_eq!(row("C").occurrence, "đang xử lý quá hạn tại cuối kỳ");
    assert!(row("E").in_denominator && !row("E").in_numerator, "finished late in April");
    let sh2 = explain(&s, &tree, "U1", PeriodKey::parse("2025-04").unwrap(), "SH2").unwrap();
    let b = sh2.rows.iter().find(|r| r.code == "B").unwrap();
    assert!(b.reason.starts_with("thuộc mẫu số, ngoài tử số"), "{}", b.reason);
    assert!(explain(&s, &tree, "U1", PeriodKey::parse("2025-04").unwrap(), "NOPE").is_none());
    let bytes = explanation_xlsx(&e).unwrap();
    assert!(bytes.starts_with(b"PK"));
    let _ = Granularity::Month;
}

#[test]
fn reconciliation_flags_differences() {
    let recs = vec![
        rec("A", "03/04/2025 08:00", "10/04/2025 17:00", Some("04/04/2025 08:00")),
        rec("B", "03/04/2025 08:00", "10/04/2025 17:00", Some("12/04/2025 08:00")),
    ];
    let s = state("30/06/2025", &recs);
    let rep = compute_report(&s, &UnitTree::default());
    let csv = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/portal_figures.csv")).unwrap();
    let (figs, issues) = read_portal_csv(&csv).unwrap();
    assert_eq!(issues.iter().map(|i| i.line).collect::<Vec<_>>(), [6]);
    let rows = reconcile(&rep, &figs);
    let got: Vec<(String, ReconStatus)> = rows.iter().map(|r| (r.indicator.clone(), r.status)).collect();
    assert_eq!(
        got,
        [
            ("TD1".to_string(), ReconStatus::Match),
            ("QH".to_string(), ReconStatus::Differs),
            ("TD1".to_string(), ReconStatus::MissingInCchc),
            ("TD1".to_string(), ReconStatus::Match),
        ]
    );
    assert_eq!(rows[1].cchc_numerator, Some(1));
    assert!(reconciliation_xlsx(&rows).unwrap().starts_with(b"PK"));
}
