//! The benchmark harness on 10,000 records: cchc and the SQLite reference (Python's sqlite3)
//! must produce the same numerator and denominator for every unit × period × indicator.
//! Timings are printed, never asserted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_kpi::bench::{run, BenchOptions};

#[test]
fn ten_thousand_records_match_sqlite() {
    let dir = std::env::temp_dir().join(format!("cchc-kpi-bench-test-{}", std::process::id()));
    let mut opts = BenchOptions::new(10_000, dir.clone());
    opts.per_day = 500;
    opts.units = 12;
    opts.engines = vec!["sqlite".into()];
    let rep = run(&opts).unwrap();
    println!("{rep}");
    assert!(rep.cells > 500, "{} cells", rep.cells);
    assert_eq!(rep.incremental_records, 500);
    assert_eq!(rep.incremental.len(), opts.incremental_days);
    // Every batch's dossiers are new (codes follow the CSV's) or newer versions of earlier ones.
    assert!(rep.dossiers > 10_000 - rep.issues, "{} dossiers", rep.dossiers);
    let sqlite = &rep.engines[0];
    assert_eq!(sqlite.error, None);
    assert_eq!(sqlite.mismatches, Some(0), "{:?}", sqlite.examples);
    let _ = std::fs::remove_dir_all(dir);
}
