//! `cchc demo generate` end to end with tiny sizes: the province, plans, progress, reports
//! and accounts are created; a non-empty database is refused unless `--force`; the audit log
//! has one entry per generated batch and still verifies.

use std::path::PathBuf;
use std::process::{Command, Output};

use cchc_storage::model::{AuditFilter, InstanceFilter};

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(dir: &Dir, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .env_remove("CCHC_DATABASE_URL")
        .env_remove("CCHC_DEMO_PASSWORD")
        .env("CCHC_LOG_LEVEL", "warn")
        .arg("--data-dir")
        .arg(&dir.0)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

const GENERATE: &[&str] = &[
    "demo",
    "generate",
    "--units",
    "60",
    "--tasks",
    "240",
    "--years",
    "2",
    "--seed",
    "7",
    "--today",
    "15/09/2025",
    "--password",
    "mat-khau-tong-hop-2025",
];

#[test]
fn generates_a_small_province_and_refuses_to_overwrite() {
    use rand::Rng;
    let dir = Dir(std::env::temp_dir().join(format!(
        "cchc-gen-{}-{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    )));
    let o = run(&dir, GENERATE);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(
        t.contains("Xong trong")
            && t.contains("vanphong")
            && t.contains("taichinh")
            && t.contains("mat-khau-tong-hop-2025"),
        "{t}"
    );

    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap_or_else(|e| panic!("{e}"));
    rt.block_on(async {
        let url = format!("sqlite://{}", dir.0.join("cchc.db").display());
        let s = cchc_storage::connect(&url, &Default::default()).await.unwrap_or_else(|e| panic!("{e}"));
        let units = s.all_units().await.unwrap_or_default();
        assert_eq!(units.len(), 60);
        assert!(units.iter().any(|u| u.valid_to == chrono::NaiveDate::from_ymd_opt(2025, 6, 30)), "districts ended");
        assert_eq!(s.list_documents(false).await.unwrap_or_default().len(), 2, "one plan per year");
        let counts = s
            .state_counts(&InstanceFilter::default(), chrono::NaiveDate::from_ymd_opt(2025, 9, 15).unwrap_or_default())
            .await
            .unwrap_or_default();
        assert!(counts.total >= 240 && counts.accepted > 0 && counts.overdue > 0, "{counts:?}");
        let batches = AuditFilter { action: Some("demo.generate".into()), limit: Some(100), ..Default::default() };
        assert_eq!(s.list_audit(&batches).await.unwrap_or_default().len(), 4, "units, two progress batches, reports");
        assert!(
            !s.reports_of_period("2024-q1", cchc_domain::visibility::Visibility::Province)
                .await
                .unwrap_or_default()
                .is_empty(),
            "periodic reports"
        );
        assert_eq!(s.count_users().await.unwrap_or_default(), 9);
    });

    let again = run(&dir, GENERATE);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("--force"));
    let mut forced = GENERATE.to_vec();
    forced.push("--force");
    let o = run(&dir, &forced);
    assert!(o.status.success(), "{}", text(&o));
    let v = run(&dir, &["audit", "verify"]);
    assert!(v.status.success(), "{}", text(&v));
}
