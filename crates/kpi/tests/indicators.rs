//! Table-driven checks of every default indicator and timeliness rule, with hand-computed
//! numerators, denominators, points and scores.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::period::PeriodKey;
use cchc_domain::unit_tree::UnitTree;
use cchc_kpi::report::compute_report;
use common::{rec, state, with};

fn p(s: &str) -> PeriodKey {
    PeriodKey::parse(s).unwrap()
}

/// Ten dossiers received and finished in March 2025: 1 early, 7 on time, 2 late (D9 after
/// the appointment, D10 with two supplement requests although finished early).
fn ten() -> Vec<DossierRecord> {
    let due = "10/03/2025 17:00:00";
    let mut v = vec![rec("D1", "01/03/2025 08:00", due, Some("05/03/2025 10:00"))];
    for (i, fin) in [
        "10/03/2025 08:00",
        "10/03/2025 09:00",
        "10/03/2025 10:00",
        "10/03/2025 11:00",
        "10/03/2025 16:00",
        "10/03/2025 17:00",
    ]
    .iter()
    .enumerate()
    {
        v.push(rec(&format!("D{}", i + 2), "01/03/2025 08:00", due, Some(fin)));
    }
    // on time only because 48 h of supplement waiting are excluded
    v.push(with(rec("D8", "01/03/2025 08:00", due, Some("12/03/2025 15:00")), |r| {
        r.supplements = 1;
        r.supplement_secs = 48 * 3600;
    }));
    v.push(rec("D9", "01/03/2025 08:00", due, Some("11/03/2025 08:00")));
    v.push(with(rec("D10", "01/03/2025 08:00", due, Some("04/03/2025 08:00")), |r| {
        r.supplements = 2;
        r.supplement_secs = 24 * 3600;
        r.apology = true;
    }));
    v
}

#[test]
fn timeliness_indicators_on_ten_dossiers() {
    let s = state("30/06/2025", &ten());
    let rep = compute_report(&s, &UnitTree::default());
    let cases = [
        // (period, indicator, numerator, denominator)
        ("2025-03", "TD1", 8, 10),
        ("2025-03", "TH", 1, 10),
        ("2025-03", "DH", 7, 10),
        ("2025-03", "QH", 2, 10),
        ("2025-03", "DXLQH", 0, 10),
        ("2025-03", "CK2", 1, 2),
        ("2025-Q1", "TD1", 8, 10),
        ("2025-H1", "QH", 2, 10),
        ("2025", "DH", 7, 10),
    ];
    for (period, code, num, den) in cases {
        let v = rep.get("U1", p(period)).and_then(|r| r.indicator(code)).unwrap();
        assert_eq!((v.numerator, v.denominator), (num, den), "{code} {period}");
    }
    let td1 = rep.get("U1", p("2025-03")).and_then(|r| r.indicator("TD1")).unwrap();
    assert!((td1.points.unwrap() - 16.0).abs() < 1e-9, "0.8 × 20 / 1.0");
    assert!(rep.get("U1", p("2025-02")).is_none(), "no data in February");
}

#[test]
fn open_dossiers_judged_at_period_end() {
    let recs = vec![
        // overdue since 20/01, finished 10/03: open-overdue at end of Jan and Feb, late in March
        rec("A", "10/01/2025 08:00", "20/01/2025 17:00", Some("10/03/2025 09:00")),
        // still open at the cut-off, overdue since 25/02
        rec("B", "15/02/2025 08:00", "25/02/2025 17:00", None),
        // open, not yet due at the cut-off: nowhere in the timeliness indicators
        rec("C", "14/03/2025 08:00", "30/03/2025 17:00", None),
        // finished on time in February
        rec("E", "03/02/2025 08:00", "10/02/2025 17:00", Some("07/02/2025 08:00")),
    ];
    let s = state("15/03/2025 00:00", &recs);
    let rep = compute_report(&s, &UnitTree::default());
    let cases = [
        ("2025-01", "TD1", 0, 1),
        ("2025-01", "DXLQH", 1, 1),
        ("2025-02", "TD1", 1, 3), // E on time; A and B open and overdue
        ("2025-02", "DXLQH", 2, 3),
        ("2025-03", "TD1", 0, 2), // A finished late; B still overdue at the cut-off
        ("2025-03", "QH", 1, 1),
        ("2025-Q1", "TD1", 1, 3), // A late (finished), B open-overdue, E on time
        ("2025-Q1", "DXLQH", 1, 3),
        ("2025-Q1", "CK1", 4, 4),
    ];
    for (period, code, num, den) in cases {
        let v = rep.get("U1", p(period)).and_then(|r| r.indicator(code)).unwrap();
        assert_eq!((v.numerator, v.denominator), (num, den), "{code} {period}");
    }
}

#[test]
fn service_indicators_table() {
    let base = |code: &str| rec(code, "03/04/2025 08:00", "10/04/2025 17:00", Some("08/04/2025 10:00"));
    let recs = vec![
        with(base("F1"), |r| {
            r.channel = Channel::Online;
            r.online_level = OnlineLevel::Full;
            r.has_fee = true;
            r.paid_online = PaidOnline::NationalPortal;
            r.digitised = true;
            r.electronic_result = true;
            r.rating = Some(Rating::Score(5));
        }),
        with(base("F2"), |r| {
            r.has_fee = true;
            r.paid_online = PaidOnline::No;
            r.reused_data = true;
            r.rating = Some(Rating::Score(3));
            r.feedback = Feedback::Resolved;
        }),
        with(base("F3"), |r| {
            r.procedure = "P-FREE".into();
            r.channel = Channel::Online;
            r.online_level = OnlineLevel::Partial;
            r.digitised = true;
            r.from_data_store = true;
            r.rating = Some(Rating::Satisfied(true));
            r.feedback = Feedback::Pending;
        }),
        with(base("F4"), |r| {
            r.procedure = "P-OFF".into();
            r.finished = None;
            r.due = None;
        }),
        with(base("F5"), |r| {
            r.status = Status::Withdrawn;
            r.has_fee = true;
        }),
    ];
    let s = state("30/04/2025", &recs);
    let rep = compute_report(&s, &UnitTree::default());
    let r = rep.get("U1", p("2025-04")).unwrap();
    // (indicator, numerator, denominator, points)
    let cases: [(&str, i64, i64, Option<f64>); 12] = [
        ("CK1", 3, 4, Some(9.0 * 0.75)), // F4 has no appointment; F5 withdrawn
        ("CK2", 0, 0, None),             // nothing late: missing, not zero
        ("TD1", 3, 3, Some(20.0)),
        ("TT1", 1, 1, Some(6.0)),                   // P-FEE is the only eligible procedure
        ("TT2", 2, 3, Some(2.0 / 3.0 * 6.0 / 0.8)), // P-OFF offers no online service
        ("TTTT1", 1, 1, Some(5.0)),
        ("TTTT2", 1, 2, Some(5.0)), // 0.5 reaches the 0.5 threshold
        ("SH1", 1, 3, Some(8.0 / 3.0)),
        ("SH2", 2, 4, Some(4.0)),
        ("SH3", 2, 4, Some(6.0)), // reused or from the data store, T = 0.5
        ("HL1", 1, 2, Some(3.0)),
        ("HL2", 2, 3, Some(8.0)), // score 5 and the satisfied flag
    ];
    for (code, num, den, pts) in cases {
        let v = r.indicator(code).unwrap();
        assert_eq!((v.numerator, v.denominator), (num, den), "{code}");
        match (v.points, pts) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{code}: {a} vs {b}"),
            (a, b) => assert_eq!(a, b, "{code}"),
        }
        assert_eq!(v.ratio.is_none(), den == 0, "{code}");
    }
    // CK2 (9 points) has no data: the score is rescaled over the other 91 points.
    let earned: f64 = cases.iter().filter_map(|c| c.3).sum();
    assert!((r.points.unwrap() - earned).abs() < 1e-9);
    assert!((r.score.unwrap() - earned / 91.0 * 100.0).abs() < 1e-9);
    let ck = r.groups.iter().find(|g| g.code == "CK").unwrap();
    assert_eq!((ck.available_max, ck.max_points), (9.0, 18.0));
}

#[test]
fn roll_up_sums_dossiers_and_unites_procedures() {
    let a = with(rec("A", "03/04/2025 08:00", "10/04/2025 17:00", Some("04/04/2025 08:00")), |r| {
        r.has_fee = true;
        r.paid_online = PaidOnline::ProvincialGateway;
    });
    let b = with(rec("B", "03/04/2025 08:00", "10/04/2025 17:00", Some("11/04/2025 08:00")), |r| {
        r.unit = "U2".into();
        r.has_fee = true;
    });
    let tree = UnitTree::from_links([("U1", "H1"), ("U2", "H1"), ("H1", "TINH")]);
    let rep = compute_report(&state("30/04/2025", &[a, b]), &tree);
    let cases = [
        ("U1", "TD1", 1, 1),
        ("U2", "TD1", 0, 1),
        ("H1", "TD1", 1, 2),
        ("TINH", "TD1", 1, 2),
        ("U2", "TTTT1", 0, 1),
        ("H1", "TTTT1", 1, 1), // one procedure, paid online at U1: counted once
        ("H1", "TTTT2", 1, 2),
    ];
    for (unit, code, num, den) in cases {
        let v = rep.get(unit, p("2025-04")).and_then(|r| r.indicator(code)).unwrap();
        assert_eq!((v.numerator, v.denominator), (num, den), "{unit} {code}");
    }
    let bands = [rep.get("U1", p("2025-04")).unwrap().band.clone(), rep.get("U2", p("2025-04")).unwrap().band.clone()];
    assert!(bands.iter().all(Option::is_some));
}
