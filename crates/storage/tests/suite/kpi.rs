//! Storage cases for index 766: dossier upserts by code with change numbers, stale versions,
//! rollback, bulk chunks, scoped lists, catalogue, methodology versions, unit codes and
//! portal figures.

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::kpi::PortalFigure;
use cchc_domain::kpi::Procedure;
use cchc_domain::period::PeriodKey;
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::AuditFilter;
use cchc_storage::model_kpi::{DossierFilter, DossierImportNote};
use cchc_storage::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};

use crate::harness::{Backend, Harness};

fn actor() -> Actor {
    Actor { user_id: None, login: "office".into() }
}

fn t(d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2025, 3, d).and_then(|x| x.and_hms_opt(h, 0, 0)).unwrap_or_else(|| panic!("date"))
}

fn rec(code: &str, unit: &str, updated_day: u32) -> DossierRecord {
    DossierRecord {
        code: code.into(),
        procedure: "1.001".into(),
        unit: unit.into(),
        received: t(1, 8),
        due: Some(t(5, 17)),
        updated: Some(t(updated_day, 9)),
        ..DossierRecord::default()
    }
}

fn note(source: &str) -> DossierImportNote {
    DossierImportNote { source: source.into(), rows: 0, dropped: 0, policy: "skip_bad".into() }
}

async fn import(s: &dyn Store, records: &[DossierRecord]) -> cchc_storage::model_kpi::DossierImportReport {
    let mut imp = s.begin_dossier_import(&actor()).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(records).await.unwrap_or_else(|e| panic!("{e}"));
    imp.commit(&note("test")).await.unwrap_or_else(|e| panic!("{e}"))
}

async fn all(s: &dyn Store) -> Vec<DossierRecord> {
    let head = s.kpi_head().await.unwrap_or_else(|e| panic!("{e}"));
    let rows = s.changed_dossiers(0, head.rev, "", 1_000_000).await.unwrap_or_else(|e| panic!("{e}"));
    rows.into_iter().map(|d| d.record).collect()
}

pub async fn kpi_dossiers_upsert_by_code_with_change_numbers(h: &Harness) {
    let s = h.store();
    // Every field, including the rarer encodings, survives the round trip.
    let full = DossierRecord {
        finished: Some(t(4, 10)),
        returned: Some(t(4, 15)),
        channel: Channel::Online,
        online_level: OnlineLevel::Full,
        has_fee: true,
        fee_amount: Some(50_000),
        paid_online: PaidOnline::ProvincialGateway,
        digitised: true,
        electronic_result: true,
        reused_data: true,
        from_data_store: true,
        supplements: 2,
        supplement_secs: 36 * 3600,
        status: Status::Returned,
        feedback: Feedback::Resolved,
        rating: Some(Rating::Satisfied(false)),
        apology: true,
        ..rec("HS-1", "U1", 4)
    };
    let mut b = rec("HS-2", "U1", 1);
    b.rating = Some(Rating::Score(4));
    b.due = None;
    b.updated = None;
    let r1 = import(s, &[full.clone(), b.clone(), rec("HS-3", "U2", 1)]).await;
    assert_eq!((r1.rev, r1.received, r1.written, r1.stale), (1, 3, 3, 0));
    assert_eq!(all(s).await, vec![full.clone(), b.clone(), rec("HS-3", "U2", 1)]);

    // A newer version replaces; an older one is ignored; a dossier without `updated` is
    // always replaced.
    let mut newer = rec("HS-3", "U2", 6);
    newer.finished = Some(t(6, 8));
    let older = rec("HS-1", "U1", 2);
    let mut b2 = b.clone();
    b2.digitised = true;
    let r2 = import(s, &[newer.clone(), older, b2.clone()]).await;
    assert_eq!((r2.rev, r2.written, r2.stale), (2, 2, 1));
    let changed = s.changed_dossiers(1, 2, "", 100).await.unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<(i64, &str)> = changed.iter().map(|d| (d.rev, d.record.code.as_str())).collect();
    assert_eq!(got, vec![(2, "HS-2"), (2, "HS-3")]);
    assert_eq!(changed[1].record, newer);
    assert_eq!(all(s).await[0], full, "the stale version did not overwrite");
    // Paging by code.
    let page = s.changed_dossiers(0, 2, "HS-1", 1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(page.iter().map(|d| d.record.code.as_str()).collect::<Vec<_>>(), vec!["HS-2"]);
    // A dossier rewritten by a later import belongs to that import's range only; pages stay
    // full while changed rows remain.
    let mut b3 = b2.clone();
    b3.reused_data = false;
    let r3 = import(s, &[b3.clone()]).await;
    assert_eq!((r3.rev, r3.written), (3, 1));
    let codes = |v: Vec<cchc_storage::model_kpi::StoredDossier>| -> Vec<(i64, String)> {
        v.into_iter().map(|d| (d.rev, d.record.code)).collect()
    };
    let since = |a, b, after: &'static str, n| async move {
        codes(s.changed_dossiers(a, b, after, n).await.unwrap_or_else(|e| panic!("{e}")))
    };
    assert_eq!(since(1, 2, "", 100).await, vec![(2, "HS-3".to_string())]);
    assert_eq!(since(2, 3, "", 100).await, vec![(3, "HS-2".to_string())]);
    assert_eq!(since(1, 3, "", 1).await, vec![(3, "HS-2".to_string())]);
    assert_eq!(since(1, 3, "HS-2", 1).await, vec![(2, "HS-3".to_string())]);
    assert_eq!(since(3, 3, "", 100).await, vec![]);
    assert_eq!(since(0, 3, "", 100).await.len(), 3);
    assert_eq!(all(s).await[1], b3);
    assert_eq!(s.count_dossiers().await.unwrap_or_default(), 3);
    // One audit entry per import.
    let audit = s
        .list_audit(&AuditFilter { action: Some("kpi.dossiers".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(audit.len(), 3);
    let stale: Vec<bool> = audit.iter().map(|a| a.after.as_deref().unwrap_or("").contains("\"stale\":1")).collect();
    assert_eq!(stale, [false, true, false], "newest first; the second import had the stale record");
    assert!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")).is_ok());
}

/// Commits never checkpoint on SQLite (a background task does): after `settle`, the main
/// database file alone holds the import. PostgreSQL has nothing to settle.
pub async fn kpi_settle_copies_the_log_into_the_database_file(h: &Harness) {
    let s = h.store();
    let records: Vec<DossierRecord> = (0..3_000).map(|i| rec(&format!("HS-{i:05}"), "U1", 1)).collect();
    import(s, &records).await;
    s.settle().await.unwrap_or_else(|e| panic!("{e}"));
    let Backend::Sqlite(_, dir) = &h.backend else { return };
    let copy = dir.join("copy.db");
    std::fs::copy(dir.join("cchc.db"), &copy).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}?mode=ro", copy.display());
    let mut c = <sqlx::SqliteConnection as sqlx::Connection>::connect(&url).await.unwrap_or_else(|e| panic!("{e}"));
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM kpi_dossiers")
        .fetch_one(&mut c)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 3_000, "the database file holds every committed row without its log");
}

pub async fn kpi_import_dropped_without_commit_writes_nothing(h: &Harness) {
    let s = h.store();
    let mut imp = s.begin_dossier_import(&actor()).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(&[rec("HS-1", "U1", 1)]).await.unwrap_or_else(|e| panic!("{e}"));
    drop(imp);
    assert_eq!(s.count_dossiers().await.unwrap_or(-1), 0);
    assert_eq!(s.kpi_head().await.unwrap_or_default().rev, 0);
    // The write lock was released: the next import works.
    assert_eq!(import(s, &[rec("HS-1", "U1", 1)]).await.rev, 1);
}

pub async fn kpi_bulk_import_crosses_chunks_and_dedupes(h: &Harness) {
    let s = h.store();
    let mut many: Vec<DossierRecord> = (0..2_345).map(|i| rec(&format!("HS-{i:05}"), "U1", 1)).collect();
    // The same dossier again in a later write replaces it; twice within one write, the newer
    // version wins and the older is not written at all.
    let mut dup = rec("HS-00007", "U1", 3);
    dup.digitised = true;
    many.push(dup.clone());
    many.push(rec("HS-00007", "U1", 2));
    let mut imp = s.begin_dossier_import(&actor()).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(&many[..1_200]).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(&many[1_200..]).await.unwrap_or_else(|e| panic!("{e}"));
    let r = imp.commit(&note("bulk")).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((r.received, r.written, r.stale), (2_347, 2_346, 0));
    assert_eq!(s.count_dossiers().await.unwrap_or_default(), 2_345);
    let got = s
        .list_dossiers(
            Visibility::Province,
            &DossierFilter { codes: Some(vec!["HS-00007".into()]), ..Default::default() },
        )
        .await
        .unwrap_or_default();
    assert_eq!(got, vec![dup]);
}

/// Concurrent pushes grouped into one transaction: each batch's share has its own report and
/// its own audit entry by its own actor, all under one change number, committed together.
pub async fn kpi_grouped_import_reports_and_audits_each_share(h: &Harness) {
    let s = h.store();
    let other = Actor { user_id: None, login: "igate".into() };
    let mut imp = s.begin_dossier_import(&actor()).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(&[rec("HS-1", "U1", 3), rec("HS-2", "U1", 1)]).await.unwrap_or_else(|e| panic!("{e}"));
    let a = imp.close_part(&actor(), &note("a")).await.unwrap_or_else(|e| panic!("{e}"));
    // The next share sees the first's rows: an older HS-1 is stale, a newer HS-2 replaces it.
    imp.write(&[rec("HS-1", "U1", 2), rec("HS-2", "U1", 4)]).await.unwrap_or_else(|e| panic!("{e}"));
    let b = imp.close_part(&other, &note("b")).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((a.received, a.written, a.stale), (2, 2, 0));
    assert_eq!((b.received, b.written, b.stale), (2, 1, 1));
    assert_eq!((a.rev, b.rev), (1, 1));
    assert_eq!(s.count_dossiers().await.unwrap_or(-1), 0, "nothing visible before the commit");
    imp.commit_parts().await.unwrap_or_else(|e| panic!("{e}"));
    let got: Vec<Option<NaiveDateTime>> = all(s).await.into_iter().map(|r| r.updated).collect();
    assert_eq!(got, [Some(t(3, 9)), Some(t(4, 9))]);
    let audit = s
        .list_audit(&AuditFilter { action: Some("kpi.dossiers".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    let who: Vec<&str> = audit.iter().map(|e| e.actor.as_str()).collect();
    assert_eq!(who, ["igate", "office"], "newest first, one entry per share");
    assert!(audit[0].after.as_deref().unwrap_or("").contains("\"source\":\"b\""));
    assert!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")).is_ok());
    // A grouped import dropped before its commit writes nothing.
    let mut imp = s.begin_dossier_import(&actor()).await.unwrap_or_else(|e| panic!("{e}"));
    imp.write(&[rec("HS-3", "U1", 1)]).await.unwrap_or_else(|e| panic!("{e}"));
    imp.close_part(&actor(), &note("c")).await.unwrap_or_else(|e| panic!("{e}"));
    drop(imp);
    assert_eq!(s.count_dossiers().await.unwrap_or(-1), 2);
}

async fn unit(s: &dyn Store, code: &str, parent: Option<i64>) -> i64 {
    let input = UnitInput {
        code: code.into(),
        kind: Some(if parent.is_none() { UnitKind::Province } else { UnitKind::Department }),
        parent_id: parent,
        name: format!("Đơn vị {code}"),
        ..UnitInput::default()
    };
    s.create_unit(&actor(), &input).await.unwrap_or_else(|e| panic!("{e}")).id
}

pub async fn kpi_scope_limits_dossier_lists(h: &Harness) {
    let s = h.store();
    let p = unit(s, "P", None).await;
    let a = unit(s, "P-A", Some(p)).await;
    unit(s, "P-A1", Some(a)).await;
    unit(s, "P-B", Some(p)).await;
    let mut open = rec("HS-A1", "P-A1", 1);
    open.due = Some(t(3, 17));
    let mut done = rec("HS-A", "P-A", 1);
    done.finished = Some(t(2, 9));
    let mut withdrawn = rec("HS-A2", "P-A", 1);
    withdrawn.status = Status::Withdrawn;
    import(s, &[open.clone(), done.clone(), withdrawn, rec("HS-B", "P-B", 1)]).await;

    let mut units = s.scope_units(Visibility::UnitTree(a)).await.unwrap_or_default().unwrap_or_default();
    units.sort();
    assert_eq!(units, vec!["P-A", "P-A1"]);
    assert_eq!(s.scope_units(Visibility::Province).await.unwrap_or_default(), None);
    assert_eq!(s.scope_units(Visibility::UnitTree(0)).await.unwrap_or_default(), Some(vec![]));

    let codes = |v: Vec<DossierRecord>| v.into_iter().map(|d| d.code).collect::<Vec<_>>();
    let every = DossierFilter::default();
    let mine = s.list_dossiers(Visibility::UnitTree(a), &every).await.unwrap_or_default();
    assert_eq!(codes(mine), vec!["HS-A1", "HS-A", "HS-A2"]);
    let province = s.list_dossiers(Visibility::Province, &every).await.unwrap_or_default();
    assert_eq!(province.len(), 4);
    // Asking for another unit's dossiers inside a unit scope returns nothing.
    let other = DossierFilter { units: Some(vec!["P-B".into()]), ..Default::default() };
    assert!(s.list_dossiers(Visibility::UnitTree(a), &other).await.unwrap_or_default().is_empty());
    assert!(s.list_dossiers(Visibility::UnitTree(0), &every).await.unwrap_or_default().is_empty());
    // Open, not withdrawn, due before a time.
    let due = DossierFilter { open_due_before: Some(cchc_domain::local_time::to_secs(t(4, 0))), ..Default::default() };
    assert_eq!(codes(s.list_dossiers(Visibility::UnitTree(a), &due).await.unwrap_or_default()), vec!["HS-A1"]);
}

fn proc_(code: &str, fee: bool) -> Procedure {
    Procedure {
        code: code.into(),
        name: format!("Thủ tục {code}"),
        level: "Tỉnh".into(),
        fee,
        full_online_eligible: !fee,
        online_levels: if fee { vec![OnlineLevel::Partial] } else { vec![OnlineLevel::Full, OnlineLevel::Partial] },
    }
}

pub async fn kpi_catalogue_methodologies_unit_codes_and_portal_figures(h: &Harness) {
    let s = h.store();
    let r = s.import_procedures(&actor(), &[proc_("1.001", true), proc_("1.002", false)], "tthc.csv").await;
    assert_eq!(r.map(|r| (r.created, r.updated, r.unchanged)).ok(), Some((2, 0, 0)));
    let setup = s.kpi_head().await.unwrap_or_default().setup_rev;
    let r = s.import_procedures(&actor(), &[proc_("1.001", false), proc_("1.002", false)], "tthc.csv").await;
    assert_eq!(r.map(|r| (r.created, r.updated, r.unchanged)).ok(), Some((0, 1, 1)));
    assert_eq!(s.kpi_head().await.unwrap_or_default().setup_rev, setup + 1);
    assert_eq!(s.procedures().await.unwrap_or_default(), vec![proc_("1.001", false), proc_("1.002", false)]);

    let m = Methodology::default_766().unwrap_or_else(|e| panic!("{e}"));
    assert!(s.ensure_methodology(&actor(), &m).await.unwrap_or_else(|e| panic!("{e}")));
    assert!(!s.ensure_methodology(&actor(), &m).await.unwrap_or(true), "only once");
    let mut later = m.clone();
    later.id = "766-2026".into();
    later.effective_from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    assert!(!s.save_methodology(&actor(), &later).await.unwrap_or(true));
    later.name = "Sửa".into();
    assert!(s.save_methodology(&actor(), &later).await.unwrap_or(false), "same id replaces");
    let stored = s.methodologies().await.unwrap_or_default();
    assert_eq!(stored.iter().map(|v| v.methodology.id.as_str()).collect::<Vec<_>>(), vec![m.id.as_str(), "766-2026"]);
    assert_eq!(stored[0].methodology, m);
    assert_eq!(stored[1].methodology.name, "Sửa");

    unit(s, "HT", None).await;
    let refused = s.import_unit_codes(&actor(), &[("000.00.01.H42".into(), "KHONG-CO".into())], "x.csv").await;
    assert!(matches!(refused, Err(StoreError::Invalid(_))), "{refused:?}");
    let pairs = vec![("000.00.01.H42".to_string(), "HT".to_string())];
    assert_eq!(s.import_unit_codes(&actor(), &pairs, "x.csv").await.unwrap_or_default(), 1);
    assert_eq!(s.unit_codes().await.unwrap_or_default(), pairs);

    assert!(s.portal_figures().await.unwrap_or_default().is_none());
    let fig = |line: u64, n: i64| PortalFigure {
        line,
        unit: "HT".into(),
        period: PeriodKey::parse("2025-Q1").unwrap_or_else(|| panic!("period")),
        indicator: "TD1".into(),
        numerator: n,
        denominator: 100,
    };
    s.save_portal_figures(&actor(), "cong.csv", &[fig(2, 90), fig(3, 80)]).await.unwrap_or_else(|e| panic!("{e}"));
    s.save_portal_figures(&actor(), "cong2.csv", &[fig(2, 95)]).await.unwrap_or_else(|e| panic!("{e}"));
    let up = s.portal_figures().await.unwrap_or_default().unwrap_or_else(|| panic!("upload"));
    assert_eq!((up.file_name.as_str(), up.actor.as_str()), ("cong2.csv", "office"));
    assert_eq!(up.figures, vec![fig(2, 95)]);
    assert!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")).is_ok());
}
